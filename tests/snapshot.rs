//! `congkhai snapshot`, `congkhai verify` and the archive a build publishes,
//! driven through the real binary on temporary copies of the bundled site.

mod common;

use common::{assert_same_tree, bundled_site, copy_dir, names, sha256_hex, stdout, text, tree};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// 2020-12-31T00:00:00Z
const EPOCH: &str = "1609372800";
const PLAN_TITLE: &str = "Nhiệm vụ và giải pháp trọng tâm phát triển kinh tế 3 tháng cuối năm 2020";

/// Runs `congkhai ARGS --root ROOT` at [`EPOCH`].
fn at_root(root: &Path, args: &[&str]) -> Output {
    common::congkhai(args).root(root).at(EPOCH).output()
}

/// Runs a command that must succeed; returns its stdout.
fn ok_at_root(root: &Path, args: &[&str]) -> String {
    stdout(&common::congkhai(args).root(root).at(EPOCH).ok())
}

#[test]
fn snapshot_makes_a_bag_of_the_plan_that_verify_accepts() {
    let site = bundled_site();
    let root = site.path();
    let stdout = ok_at_root(root, &["snapshot", "2020-Q4"]);
    let bag = root.join("archive/2020-q4");
    let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    for line in [
        "Source-Organization: UBND quận Tây Hồ\n".to_string(),
        format!("External-Description: {PLAN_TITLE}\n"),
        "External-Identifier: 2020-q4\n".into(),
        "Bag-Group-Identifier: 2020-Q4\n".into(),
        "Bagging-Date: 2020-12-31\n".into(),
    ] {
        assert!(info.contains(&line), "{line:?} not in\n{info}");
    }
    // The printed fingerprint is the hash of the tag manifest on disk.
    let fingerprint = sha256_hex(&fs::read(bag.join("tagmanifest-sha256.txt")).unwrap());
    assert!(stdout.contains(&fingerprint), "{stdout}");
    assert!(stdout.contains("archive/2020-q4"), "{stdout}");
    // The payload is the whole site, both languages, and its WARC.
    for f in [
        "index.html",
        "en/index.html",
        "ke-hoach/2020-q4/index.html",
        "css/style.css",
        "2020-q4.warc.gz",
    ] {
        assert!(bag.join("data").join(f).is_file(), "{f}");
    }
    let verified = ok_at_root(root, &["verify"]);
    assert!(
        verified.contains("archive/2020-q4") && verified.contains(&fingerprint),
        "{verified}"
    );
}

#[test]
fn a_period_is_case_insensitive_and_one_without_a_plan_is_an_error() {
    let site = bundled_site();
    let root = site.path();
    let out = at_root(root, &["snapshot", "2021-Q1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no plan for 2021-Q1"), "{err}");
    assert!(
        err.contains("2020-Q4 (content/ke-hoach/2020-q4/_index.md)"),
        "names the plans that exist: {err}"
    );
    assert!(!root.join("archive").exists());
    // Not a period at all: a usage error.
    assert_eq!(
        at_root(root, &["snapshot", "Q4-2020"]).status.code(),
        Some(2)
    );
    assert_eq!(
        at_root(root, &["snapshot", "2020-Q4", "--revision", "1"])
            .status
            .code(),
        Some(2)
    );
    ok_at_root(root, &["snapshot", "2020-q4"]);
    assert_eq!(names(&root.join("archive")), ["2020-q4"]);
}

#[test]
fn a_second_snapshot_is_refused_and_the_first_stays_byte_for_byte() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    let before = tree(&root.join("archive"));
    // Even after the content changed: a snapshot is never replaced.
    let plan = root.join("content/ke-hoach/2020-q4/_index.md");
    let edited = fs::read_to_string(&plan).unwrap() + "\nĐính chính.\n";
    fs::write(&plan, edited).unwrap();
    let out = at_root(root, &["snapshot", "2020-Q4"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("already exists"), "{err}");
    assert!(
        err.contains("congkhai snapshot 2020-Q4 --revision 2"),
        "says how to record a correction: {err}"
    );
    assert_same_tree(&tree(&root.join("archive")), &before);
}

#[test]
fn a_revision_is_a_new_bag_beside_the_original() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    // Built once with the archive: the next snapshot must not take it in.
    ok_at_root(root, &["build"]);
    let original = tree(&root.join("archive/2020-q4"));
    let stdout = ok_at_root(root, &["snapshot", "2020-Q4", "--revision", "2"]);
    assert!(stdout.contains("archive/2020-q4-r2"), "{stdout}");
    assert_eq!(names(&root.join("archive")), ["2020-q4", "2020-q4-r2"]);
    assert_same_tree(&tree(&root.join("archive/2020-q4")), &original);
    let r2 = root.join("archive/2020-q4-r2");
    let info = fs::read_to_string(r2.join("bag-info.txt")).unwrap();
    assert!(info.contains("External-Identifier: 2020-q4-r2\n"), "{info}");
    // Same site, so the same pages, but for the address each names as its own
    // (its canonical link and banner); no trace of the archive in them.
    let site_files = |bag: &Path| {
        let mut t = tree(&bag.join("data"));
        t.retain(|k, _| !k.ends_with(".warc.gz"));
        for bytes in t.values_mut() {
            *bytes = String::from_utf8_lossy(bytes)
                .replace("archive/2020-q4-r2/", "archive/2020-q4/")
                .into_bytes();
        }
        t
    };
    let revised = fs::read_to_string(r2.join("data/index.html")).unwrap();
    assert!(
        revised.contains(
            r#"<link rel="canonical" href="https://congkhai.example/archive/2020-q4-r2/">"#
        ),
        "{revised}"
    );
    assert_same_tree(&site_files(&r2), &site_files(&root.join("archive/2020-q4")));
    assert!(!r2.join("data/archive").exists());
    let verified = ok_at_root(root, &["verify"]);
    assert!(verified.contains("archive/2020-q4 ") && verified.contains("archive/2020-q4-r2 "));
    let again = at_root(root, &["snapshot", "2020-Q4", "--revision", "2"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("--revision 3"));
}

#[test]
fn the_same_input_and_epoch_give_a_byte_identical_snapshot() {
    let (a, b) = (bundled_site(), bundled_site());
    ok_at_root(a.path(), &["snapshot", "2020-Q4"]);
    ok_at_root(b.path(), &["snapshot", "2020-Q4"]);
    let (ta, tb) = (
        tree(&a.path().join("archive")),
        tree(&b.path().join("archive")),
    );
    assert!(ta.len() > 100, "{} files", ta.len());
    assert_same_tree(&ta, &tb);
}

#[test]
fn verify_names_each_tampered_file() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    let good = root.join("archive/2020-q4");
    type Tamper = fn(&Path);
    let cases: [(&str, Tamper, &str); 4] = [
        (
            "changed byte",
            |bag| {
                let page = bag.join("data/index.html");
                let mut bytes = fs::read(&page).unwrap();
                bytes[100] ^= 1;
                fs::write(page, bytes).unwrap();
            },
            "data/index.html",
        ),
        (
            "removed file",
            |bag| fs::remove_file(bag.join("data/css/style.css")).unwrap(),
            "data/css/style.css",
        ),
        (
            "added file",
            |bag| fs::write(bag.join("data/ghi-chu.txt"), "thêm sau").unwrap(),
            "data/ghi-chu.txt",
        ),
        (
            "edited bag-info.txt",
            |bag| {
                let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
                let edited = info.replace("Bagging-Date: 2020-12-31", "Bagging-Date: 2020-12-30");
                assert_ne!(info, edited);
                fs::write(bag.join("bag-info.txt"), edited).unwrap();
            },
            "bag-info.txt",
        ),
    ];
    for (what, tamper, file) in cases {
        let scratch = tempfile::tempdir().unwrap();
        let bag = scratch.path().join("2020-q4");
        copy_dir(&good, &bag);
        let bag_arg = bag.to_str().unwrap();
        ok_at_root(root, &["verify", bag_arg]);
        tamper(&bag);
        let out = at_root(root, &["verify", bag_arg]);
        assert_eq!(out.status.code(), Some(1), "{what}");
        let err = text(&out.stderr);
        let named = format!("--> {}", bag.join(file).display());
        assert!(err.contains(&named), "{what}: {named} not in\n{err}");
    }
    // The archive itself was never touched.
    ok_at_root(root, &["verify"]);
}

#[test]
fn verify_without_snapshots_fails() {
    let site = bundled_site();
    let out = at_root(site.path(), &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no snapshot"));
}

#[test]
fn a_refused_file_name_leaves_nothing_written() {
    let site = bundled_site();
    let root = site.path();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/bao-cao-100%.txt"), "x").unwrap();
    let out = at_root(root, &["snapshot", "2020-Q4"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("bao-cao-100%.txt"), "{err}");
    assert!(err.contains("contains `%`"), "{err}");
    assert!(!root.join("archive").exists());
    // The reason in the editor's language, not only the frame around it.
    let vi = common::congkhai(&["snapshot", "2020-Q4"])
        .root(root)
        .at(EPOCH)
        .env("CONGKHAI_LANG", "vi")
        .output();
    assert_eq!(vi.status.code(), Some(1));
    let err = text(&vi.stderr);
    assert!(
        err.contains("có dấu `%`; tên tệp trong bản lưu trữ"),
        "{err}"
    );
    assert!(!err.contains("contains"), "{err}");
}

#[test]
fn build_publishes_each_snapshot_byte_for_byte_with_an_index() {
    let site = bundled_site();
    let root = site.path();
    // No snapshot yet: no archive, and no link to one.
    ok_at_root(root, &["build"]);
    let out = root.join("output");
    assert!(!out.join("archive").exists());
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("archive/index.html"), "{home}");

    ok_at_root(root, &["snapshot", "2020-Q4"]);
    ok_at_root(root, &["build"]);
    let bag = root.join("archive/2020-q4");
    let mut expected = tree(&bag.join("data"));
    for tag in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
    ] {
        expected.insert(tag.into(), fs::read(bag.join(tag)).unwrap());
    }
    assert_same_tree(&tree(&out.join("archive/2020-q4")), &expected);

    let fingerprint = sha256_hex(&fs::read(bag.join("tagmanifest-sha256.txt")).unwrap());
    let vi = fs::read_to_string(out.join("archive/index.html")).unwrap();
    assert!(vi.contains(&format!("<code class=\"fingerprint\">{fingerprint}</code>")));
    assert!(
        vi.contains("<a href=\"../archive/2020-q4/index.html\">Quý IV/2020</a>"),
        "{vi}"
    );
    assert!(vi.contains("<caption"));
    assert!(vi.contains("href=\"../archive/2020-q4/manifest-sha256.txt\""));
    let en = fs::read_to_string(out.join("en/archive/index.html")).unwrap();
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains("<a href=\"../../archive/2020-q4/en/index.html\">Q4 2020</a>"),
        "{en}"
    );
    // Each language switches to the other's archive index.
    assert!(
        en.contains("href=\"../../archive/index.html\" hreflang=\"vi\""),
        "{en}"
    );

    // The footer leads there, relatively, from any depth.
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"archive/index.html\">"), "{home}");
    let plan = fs::read_to_string(out.join("ke-hoach/2020-q4/index.html")).unwrap();
    assert!(
        plan.contains("<a href=\"../../archive/index.html\">"),
        "{plan}"
    );
    // The live plan page links to its frozen copy.
    assert!(
        plan.contains("href=\"../../archive/2020-q4/ke-hoach/2020-q4/index.html\""),
        "{plan}"
    );
    assert!(out
        .join("archive/2020-q4/ke-hoach/2020-q4/index.html")
        .is_file());
}

#[test]
fn build_refuses_to_publish_a_tampered_snapshot() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    ok_at_root(root, &["build"]);
    let before = tree(&root.join("output"));
    let page: PathBuf = root.join("archive/2020-q4/data/gioi-thieu/index.html");
    let edited = fs::read_to_string(&page)
        .unwrap()
        .replace("</main>", "<p>thêm</p></main>");
    fs::write(&page, edited).unwrap();
    let out = at_root(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("archive/2020-q4/data/gioi-thieu/index.html"),
        "{err}"
    );
    assert!(err.contains("congkhai verify archive/2020-q4"), "{err}");
    // The output stays as it was.
    assert_same_tree(&tree(&root.join("output")), &before);
}

#[test]
fn a_page_at_archive_is_refused_once_there_are_snapshots() {
    let site = bundled_site();
    let root = site.path();
    fs::write(
        root.join("content/archive.md"),
        "---\ntitle: \"Lưu trữ\"\n---\nTrang của biên tập viên.\n",
    )
    .unwrap();
    ok_at_root(root, &["build"]);
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    let out = at_root(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("--> content/archive.md") && err.contains("inside the archive"),
        "{err}"
    );
}

/// Issue 20, case 11: a bag renamed to another period, or copied as a revision, used
/// to pass `verify` and be published under a name that contradicts it.
#[test]
fn case_11_a_renamed_or_copied_bag_fails_verify_and_is_not_published() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    let good = root.join("archive/2020-q4");
    let info = fs::read_to_string(good.join("bag-info.txt")).unwrap();
    assert!(
        info.contains("Snapshot-Period: 2020-Q4\nSnapshot-Revision: 1\n"),
        "{info}"
    );
    for name in ["2019-q1", "2020-q4-r2"] {
        let scratch = tempfile::tempdir().unwrap();
        let bag = scratch.path().join(name);
        copy_dir(&good, &bag);
        let out = at_root(root, &["verify", bag.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("--> {}", bag.join("bag-info.txt").display()))
                && err.contains(&format!(
                    "this is the snapshot `2020-q4` (Snapshot-Period and Snapshot-Revision in bag-info.txt), but its folder is named `{name}`"
                )),
            "{name}:\n{err}"
        );
        assert!(
            err.contains(": 1 problem(s)"),
            "{name}: one mistake, one error\n{err}"
        );
    }
    // Renamed inside the site's archive: the build refuses to publish it.
    fs::rename(&good, root.join("archive/2019-q1")).unwrap();
    let out = at_root(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("its folder is named `2019-q1`"));
}

/// Issue 20, case 11: bags made before `Snapshot-Period`/`Snapshot-Revision` existed
/// still verify as they are (a bag is never rewritten), and their
/// `External-Identifier` still pins their folder's name.
#[test]
fn case_11_a_bag_without_the_period_fields_still_verifies_in_its_own_folder() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    let bag = root.join("archive/2020-q4");
    // The bag as the previous version wrote it: no Snapshot-* lines, tag manifest to match.
    let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    let old_info = info.replace("Snapshot-Period: 2020-Q4\nSnapshot-Revision: 1\n", "");
    assert_ne!(info, old_info);
    fs::write(bag.join("bag-info.txt"), &old_info).unwrap();
    let tags = fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    let tags = tags.replace(
        &sha256_hex(info.as_bytes()),
        &sha256_hex(old_info.as_bytes()),
    );
    fs::write(bag.join("tagmanifest-sha256.txt"), tags).unwrap();
    let before = tree(&bag);
    assert!(ok_at_root(root, &["verify"]).contains("archive/2020-q4 is intact"));
    ok_at_root(root, &["build"]);
    assert_same_tree(&tree(&bag), &before);

    let renamed = root.join("archive/2019-q1");
    fs::rename(&bag, &renamed).unwrap();
    let out = at_root(root, &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "this is the snapshot `2020-q4` (External-Identifier in bag-info.txt), but its folder is named `2019-q1`"
        ),
        "{}",
        text(&out.stderr)
    );
}

/// Issue 20, case 11: `verify` on the copy a build publishes (`output/archive/<dir>/`,
/// payload at the top) reported every payload file "missing" and never named the
/// changed one.
#[test]
fn case_11_verify_on_a_published_copy_names_the_changed_file() {
    let site = bundled_site();
    let root = site.path();
    ok_at_root(root, &["snapshot", "2020-Q4"]);
    ok_at_root(root, &["build"]);
    let published = root.join("output/archive/2020-q4");
    let arg = published.to_str().unwrap();
    assert!(ok_at_root(root, &["verify", arg]).contains("is intact"));

    let page = published.join("ke-hoach/2020-q4/index.html");
    let mut bytes = fs::read(&page).unwrap();
    bytes[100] ^= 1;
    fs::write(&page, bytes).unwrap();
    let out = at_root(root, &["verify", arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("--> {}", page.display()))
            && err.contains("changed since the snapshot"),
        "{err}"
    );
    assert!(err.contains(": 1 problem(s)"), "{err}");
    assert!(!err.contains("missing"), "{err}");
}
