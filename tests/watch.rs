//! `congkhai watch`, driven through the real binary on a copy of
//! tests/fixtures/watch-site: after every kind of save an editor makes, output/ must
//! become byte-identical to a clean `congkhai build` of the same files; a broken save
//! leaves output/ as it was and the process running. Every wait is bounded.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Waits until output/ holds exactly what a clean build of the site makes now.
fn settles(watch: &Running, root: &Path, clean_out: &Path, step: &str) {
    let clean = clean_build(root, clean_out, WATCH_EPOCH, &[]);
    let output = root.join("output");
    if !eventually(|| tree_while_written(&output) == clean) {
        let now = tree_while_written(&output);
        let differ = differing(&clean, &now);
        panic!(
            "after {step}, output/ never matched a clean build; differing: {differ:?}\n{}",
            watch.log()
        );
    }
}

fn start(root: &Path, poll: bool) -> Running {
    let mut args = vec!["watch", "--root", root.to_str().unwrap()];
    if poll {
        args.push("--poll");
    }
    let watch = Running::start(&args, &[]);
    watch.wait_built();
    watch
}

/// Proves: every editor's way of saving, and new, renamed and deleted pages, bring
/// output/ to exactly what `build` makes; a broken save changes nothing and is
/// recovered from; a template edit rebuilds everything.
#[test]
fn output_follows_every_save_and_matches_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let clean_out = dir.path().join("clean");
    let mut watch = start(&root, false);
    settles(&watch, &root, &clean_out, "the first build");
    let tin = root.join("content/tin");
    let mot = tin.join("mot.md");

    // Atomic save: a temporary file renamed over the page.
    let text = fs::read_to_string(&mot).unwrap();
    fs::write(
        tin.join(".mot.md.tmp"),
        text.replace("Nội dung gốc", "Lưu kiểu đổi tên"),
    )
    .unwrap();
    fs::rename(tin.join(".mot.md.tmp"), &mot).unwrap();
    settles(&watch, &root, &clean_out, "an atomic save");

    // Vim: probe file 4913, swap file, original renamed to a backup, new file written.
    fs::write(tin.join(".mot.md.swp"), "swap").unwrap();
    fs::write(tin.join("4913"), "").unwrap();
    fs::remove_file(tin.join("4913")).unwrap();
    let text = fs::read_to_string(&mot).unwrap();
    fs::rename(&mot, tin.join("mot.md~")).unwrap();
    fs::write(&mot, text.replace("Lưu kiểu đổi tên", "Lưu kiểu vim")).unwrap();
    fs::remove_file(tin.join("mot.md~")).unwrap();
    settles(&watch, &root, &clean_out, "a vim save");
    fs::remove_file(tin.join(".mot.md.swp")).unwrap();

    // Emacs: a lock link, an autosave file and a backup stay out of the site.
    std::os::unix::fs::symlink("user@host.1234:1", tin.join(".#hai.md")).unwrap();
    fs::write(tin.join("#hai.md#"), "autosave").unwrap();
    let text = fs::read_to_string(tin.join("hai.md")).unwrap();
    fs::write(tin.join("hai.md~"), &text).unwrap();
    fs::write(tin.join("hai.md"), text.replace("nhắc đến", "vẫn nhắc đến")).unwrap();
    settles(&watch, &root, &clean_out, "an emacs save");

    // A new page, the same page renamed, then deleted.
    fs::write(
        tin.join("ba.md"),
        "---\ntitle: \"Tin ba\"\ntags: [\"mới\"]\n---\n\nBa.\n",
    )
    .unwrap();
    settles(&watch, &root, &clean_out, "a new page");
    fs::rename(tin.join("ba.md"), tin.join("bon.md")).unwrap();
    settles(&watch, &root, &clean_out, "a renamed page");
    assert!(
        !root.join("output/tin/ba/index.html").exists(),
        "the old address is gone"
    );
    fs::remove_file(tin.join("bon.md")).unwrap();
    settles(&watch, &root, &clean_out, "a deleted page");
    assert!(!root.join("output/tin/bon").exists());
    assert!(
        !root.join("output/tags/moi").exists(),
        "a term with no pages left is gone"
    );

    // A broken save: an error, output/ untouched, still running; then the fix.
    let before = tree_while_written(&root.join("output"));
    let errors = |l: &str| l.contains("output/ keeps the last good build");
    let good = fs::read_to_string(&mot).unwrap();
    fs::write(&mot, good.replacen("title:", "titel:", 1)).unwrap();
    watch.wait_lines(1, errors);
    assert!(
        watch.log().contains("--> content/tin/mot.md:2:1"),
        "{}",
        watch.log()
    );
    assert!(watch.is_running(), "bad input never stops watch");
    assert_eq!(
        tree_while_written(&root.join("output")),
        before,
        "a broken save writes nothing"
    );
    fs::write(&mot, good.replace("Lưu kiểu vim", "Đã sửa lỗi")).unwrap();
    settles(&watch, &root, &clean_out, "the fix");

    // A template edit rebuilds everything.
    let page = root.join("themes/default/templates/page.html");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        text.replace("</article>", "<p>mẫu mới</p></article>"),
    )
    .unwrap();
    settles(&watch, &root, &clean_out, "a template edit");
    watch.wait_lines(1, |l| {
        l.starts_with("rebuilt everything after themes/default/templates/page.html changed")
    });

    let status = watch.interrupt();
    assert!(status.success(), "{status:?}\n{}", watch.log());
    let leftovers: Vec<String> = tree_while_written(&root.join("output"))
        .into_keys()
        .filter(|k| k.contains("congkhai-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(!root.join(".output.congkhai-staging").exists());
}

/// Proves: `--poll` sees changes where file-system events are not delivered.
#[test]
fn polling_sees_changes_too() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let clean_out = dir.path().join("clean");
    let mut watch = start(&root, true);
    assert!(watch.log().contains("watching for changes by polling"));
    let mot = root.join("content/tin/mot.md");
    let text = fs::read_to_string(&mot).unwrap();
    fs::write(&mot, text.replace("Nội dung gốc", "Thấy nhờ thăm dò")).unwrap();
    settles(&watch, &root, &clean_out, "an edit seen by polling");
    assert!(watch.interrupt().success());
}
