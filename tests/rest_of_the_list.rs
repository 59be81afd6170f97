//! Issue 20, cases 10 and 12, through the real binary on sites made by `congkhai init`:
//! heading ids and suggestions on many headings and broken links (the timing is in
//! BENCHMARKS.md; here, what they give), and the smaller holes of case 12.

mod common;

use common::{assert_exit, assert_ok, init_site, write};
use std::fs;
use std::path::Path;
use std::process::Output;

/// `congkhai ARGS --root ROOT` on two threads, "now" at the end of 2020.
fn on_two_threads(root: &Path, args: &[&str]) -> Output {
    common::congkhai(args)
        .root(root)
        .at("1609372800")
        .env("RAYON_NUM_THREADS", "2")
        .output()
}

#[track_caller]
fn succeeds(root: &Path, args: &[&str]) -> String {
    assert_ok(&on_two_threads(root, args))
}

#[track_caller]
fn fails(root: &Path, args: &[&str]) -> String {
    assert_exit(&on_two_threads(root, args), 1)
}

/// Case 10: many identical headings. The ids are those counting from 1 gave (a
/// heading that already took a numbered id is skipped), and links to them resolve.
#[test]
fn case_10_identical_headings_get_the_same_numbered_ids() {
    let (_dir, root) = init_site();
    let root = &root;
    let body = format!(
        "---\ntitle: Nhiều mục\n---\n[giữa](#a-150) [cuối](#a-300)\n\n## a-2\n\n{}",
        "## a\n\n".repeat(300)
    );
    write(root, "content/nhieu-muc.md", &body);
    succeeds(root, &["build"]);
    let html = fs::read_to_string(root.join("output/nhieu-muc/index.html")).unwrap();
    let ids: Vec<&str> = html
        .split("<h2 id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .filter(|id| *id != "toc-title")
        .collect();
    let mut want = vec!["a-2".to_string(), "a".to_string(), "a-1".to_string()];
    want.extend((3..=300).map(|n| format!("a-{n}")));
    assert_eq!(ids, want);
    assert!(html.contains("href=\"#a-150\"") && html.contains("href=\"#a-300\""));
    // One anchor too far: the suggestion is the nearest id, and the list is not 301 long.
    write(
        root,
        "content/lien-ket.md",
        "---\ntitle: Liên kết\n---\n[x](nhieu-muc.md#a-3000)\n",
    );
    let err = fails(root, &["check"]);
    assert!(
        err.contains("`content/nhieu-muc.md` has no heading `#a-3000`"),
        "{err}"
    );
    assert!(err.contains("did you mean `#a-300`?"), "{err}");
}

/// Case 10: a broken link on each of many pages. Each gets its own page suggested,
/// as the scan over every page did.
#[test]
fn case_10_each_broken_link_gets_its_nearest_page_suggested() {
    let (_dir, root) = init_site();
    let root = &root;
    let n = 200;
    for i in 0..n {
        write(
            root,
            &format!("content/p/trang-{i:03}.md"),
            format!("---\ntitle: Trang {i}\n---\nXem [bản cũ](trang-{i:03}-cu.md) và [mục](Trang-{i:03}.md).\n"),
        );
    }
    let err = fails(root, &["check"]);
    for i in 0..n {
        for written in [format!("trang-{i:03}-cu.md"), format!("Trang-{i:03}.md")] {
            let block = err
                .split("\n\n")
                .find(|b| b.contains(&format!("content/p/{written}")))
                .unwrap_or_else(|| panic!("no error for {written}:\n{err}"));
            assert!(
                block.contains(&format!(
                    "did you mean `trang-{i:03}.md`? (content/p/trang-{i:03}.md)"
                )),
                "{block}"
            );
        }
    }
    assert!(err.contains(&format!("{} errors", 2 * n)), "{err}");
}

/// Case 12: a name the source file system takes, but whose `.ics` it would not.
#[test]
fn case_12_a_name_too_long_for_the_output_fails_check_as_it_fails_build() {
    let (_dir, root) = init_site();
    let root = &root;
    // 252 + `.md` = 255 bytes: a legal file name; its calendar would be 252 + `.ics`.
    let stem = "hoi-cho-".to_string() + &"a".repeat(244);
    assert_eq!(stem.len() + 3, 255);
    write(
        root,
        &format!("content/su-kien/{stem}.md"),
        "---\ntitle: Hội chợ\nkind: event\nstart: 2020-11-18\n---\nHội chợ.\n",
    );
    for command in ["check", "build"] {
        let err = fails(root, &[command]);
        assert!(
            err.contains(&format!("--> content/su-kien/{stem}.md"))
                && err.contains(&format!(
                    "its output `su-kien/{stem}/{stem}.ics` would have a name of 256 bytes; file systems take at most 255"
                )),
            "{command}:\n{err}"
        );
        assert!(
            err.contains("error: 1 error"),
            "{command}: one mistake, one error\n{err}"
        );
        assert!(!err.contains("File name too long"), "{command}:\n{err}");
    }
    assert!(!root.join("output").exists());
}

/// Case 12: CR LF in `base_url` wrote its own lines into robots.txt.
#[test]
fn case_12_a_line_break_in_a_config_value_is_refused_with_its_place() {
    let (_dir, root) = init_site();
    let root = &root;
    let config = fs::read_to_string(root.join("config.yaml")).unwrap();
    let bad = config.replace(
        "base_url: \"https://example.org/\"",
        "base_url: \"https://example.org/\\r\\nDisallow: /\"",
    );
    assert_ne!(config, bad);
    let line = bad
        .lines()
        .position(|l| l.starts_with("base_url:"))
        .unwrap()
        + 1;
    fs::write(root.join("config.yaml"), bad).unwrap();
    let err = fails(root, &["build"]);
    assert!(
        err.contains(&format!("--> config.yaml:{line}:32"))
            && err.contains("`base_url` contains a control character (U+000D)"),
        "{err}"
    );
    assert!(!root.join("output").exists());
}

/// Case 12: `new page lien-ket/x.md` wrote outside the site through a symlink.
#[cfg(unix)]
#[test]
fn case_12_new_refuses_to_write_through_a_link_out_of_the_site() {
    let (dir, root) = init_site();
    let root = &root;
    let outside = dir.path().join("ngoai");
    fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("content/lien-ket")).unwrap();
    let err = fails(root, &["new", "page", "lien-ket/x.md"]);
    assert!(err.contains("outside the site"), "{err}");
    assert!(!outside.join("x.md").exists());
    let err = fails(root, &["new", "page", "lien-ket/moi/x.md"]);
    assert!(err.contains("outside the site"), "{err}");
    assert!(!outside.join("moi").exists());
    // A link that stays inside content/ is a folder like any other.
    std::os::unix::fs::symlink(root.join("content/su-kien"), root.join("content/sk")).unwrap();
    succeeds(root, &["new", "page", "sk/y.md"]);
    assert!(root.join("content/su-kien/y.md").is_file());
}

/// Case 12: the text `congkhai:link:0` was replaced by another link's address.
#[test]
fn case_12_placeholder_text_in_a_page_is_published_as_written() {
    let (_dir, root) = init_site();
    let root = &root;
    write(
        root,
        "content/ma.md",
        "---\ntitle: Mã\n---\n[Sự kiện](su-kien/_index.md) congkhai:link:0 `congkhai:link:0`\n",
    );
    succeeds(root, &["build"]);
    let html = fs::read_to_string(root.join("output/ma/index.html")).unwrap();
    assert!(
        html.contains("</a> congkhai:link:0 <code>congkhai:link:0</code>"),
        "{html}"
    );
    assert!(html.contains("href=\"../su-kien/index.html\""), "{html}");
}

/// Case 12: a fold in the `.ics` fell between `\` and `,`.
#[test]
fn case_12_calendar_folds_never_split_an_escape() {
    let (_dir, root) = init_site();
    let root = &root;
    // Titles of commas, shifted by 0-3 letters: some fold lands on each escape's side.
    for k in 0..4 {
        let title = "x".repeat(k) + &"Hội chợ, ".repeat(12);
        write(
            root,
            &format!("content/su-kien/hoi-cho-{k}.md"),
            format!("---\ntitle: \"{title}\"\nkind: event\nstart: 2020-11-18\n---\nHội chợ.\n"),
        );
    }
    succeeds(root, &["build"]);
    let ics = fs::read_to_string(root.join("output/events.ics")).unwrap();
    assert!(ics.matches("Hội chợ\\, Hội chợ").count() >= 4, "{ics}");
    for physical in ics.split("\r\n") {
        assert!(physical.len() <= 75, "{physical:?}");
        let trailing = physical.len() - physical.trim_end_matches('\\').len();
        assert!(trailing % 2 == 0, "a fold inside an escape: {physical:?}");
    }
}
