//! The mistakes editors make, one per case: each is the site `congkhai init` makes with
//! one edit, and must give exactly one diagnostic (an error, or a warning) at the right
//! file, line and column, and nothing else: no knock-on errors in the files that link to
//! the broken one (issue 18, "one mistake, one error").

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const EVENT: &str = "content/su-kien/su-kien-vi-du.md";
const EVENT_EN: &str = "content/su-kien/su-kien-vi-du.en.md";
const GROUP: &str = "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md";
const PLAN: &str = "content/ke-hoach/vi-du/_index.md";
const ALBUM: &str = "content/album-anh/vi-du/_index.md";
const HOME: &str = "content/_index.md";

/// A site made by `congkhai init`, in a fresh temporary folder.
fn init_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = Command::new(bin())
        .args(["init", "site"])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run congkhai init");
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

/// Replaces the first `find` in `file` with `replace` (the file must hold `find`).
fn edit(site: &Path, file: &str, find: &str, replace: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).expect("read the file to edit");
    assert!(text.contains(find), "{file} does not contain {find:?}");
    std::fs::write(&path, text.replacen(find, replace, 1)).expect("write");
}

/// The headers of every diagnostic printed: `error[E0111]` or `warning[W0101]`, each
/// with the location on the line after it.
fn diagnostics(err: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = err.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let head = l.split(':').next().unwrap_or("");
        if (head.starts_with("error[") || head.starts_with("warning[")) && head.ends_with(']') {
            let at = lines
                .get(i + 1)
                .and_then(|n| n.trim_start().strip_prefix("--> "))
                .unwrap_or("")
                .to_string();
            out.push((head.to_string(), at));
        }
    }
    out
}

/// Runs `check` on the init site after `change`, and asserts exactly one diagnostic:
/// `expected` (`error[E0111]`), at `at` (`content/x.md:7:1`).
fn one(change: impl Fn(&Path), expected: &str, at: &str) -> String {
    let tmp = init_site();
    let site = tmp.path().join("site");
    change(&site);
    let o = run(&site, &["check"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    let found = diagnostics(&err);
    assert_eq!(
        found,
        vec![(expected.to_string(), at.to_string())],
        "expected only {expected} at {at}:\n{err}"
    );
    let want_status = if expected.starts_with("error") { 1 } else { 0 };
    assert_eq!(o.status.code(), Some(want_status), "{err}");
    err
}

macro_rules! mistake {
    ($(#[$doc:meta])* $name:ident: $file:expr, $find:expr => $replace:expr; $code:literal at $at:literal $(, help: $help:literal)?) => {
        $(#[$doc])*
        #[test]
        fn $name() {
            let err = one(|s| edit(s, $file, $find, $replace), $code, $at);
            $(assert!(err.contains($help), "help should contain {:?}:\n{err}", $help);)?
            let _ = err;
        }
    };
}

#[test]
fn the_init_site_checks_clean() {
    let tmp = init_site();
    let o = run(&tmp.path().join("site"), &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(diagnostics(&err).is_empty(), "{err}");
}

// One mistake in a page others link to: its own error, and nothing from the pages
// that link to it (they used to say "link to a missing page", suggesting the English
// translation).
mistake!(misspelt_key_in_a_linked_event: EVENT, "location:" => "locaton:";
    "error[E0111]" at "content/su-kien/su-kien-vi-du.md:7:1", help: "did you mean `location`?");
mistake!(task_group_written_with_a_dash: GROUP, "kind: task_group" => "kind: task-group";
    "error[E0113]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:5:7", help: "did you mean `task_group`?");
mistake!(unknown_status_in_a_linked_event: EVENT, "status: planned" => "status: done";
    "error[E0125]" at "content/su-kien/su-kien-vi-du.md:10:9");
mistake!(plan_without_period: PLAN, "period: 2024-Q4\n" => "";
    "error[E0119]" at "content/ke-hoach/vi-du/_index.md:6:1");
mistake!(home_page_with_a_misspelt_key: HOME, "summary:" => "sumary:";
    "error[E0111]" at "content/_index.md:6:1", help: "did you mean `summary`?");
mistake!(task_group_path_with_a_typo: EVENT, "01-nhom-nhiem-vu-vi-du.md\n" => "01-nhom-nhiem-vu-vi-duu.md\n";
    "error[E0304]" at "content/su-kien/su-kien-vi-du.md:9:13", help: "did you mean `../ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md`?");
mistake!(
    /// The link is to a page that is there in English only: the suggestion must not
    /// be the English page (another language).
    link_to_a_page_that_is_missing_in_this_language: GROUP, "(../../su-kien/su-kien-vi-du.md)" => "(../../su-kien/su-kien-vi-du-2.md)";
    "error[E0301]" at "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:23:60", help: "did you mean `../../su-kien/su-kien-vi-du.md`?");
mistake!(link_with_a_misspelt_folder: HOME, "(su-kien/_index.md)" => "(su-kein/_index.md)";
    "error[E0301]" at "content/_index.md:14:13", help: "did you mean `su-kien/_index.md`?");

#[test]
fn a_link_suggests_no_page_of_another_language() {
    // The Vietnamese event is gone: its English translation is no answer.
    let err = one(
        |s| std::fs::remove_file(s.join(EVENT)).expect("remove"),
        "error[E0301]",
        "content/ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md:23:60",
    );
    assert!(!err.contains(".en.md"), "{err}");
    let _ = EVENT_EN;
}

#[test]
fn a_task_group_suggests_no_far_name() {
    // Another task group beside the right one: a typo in the path suggests the near one,
    // a path to nothing like either suggests neither.
    let err = one(
        |s| {
            let group = std::fs::read_to_string(s.join(GROUP)).expect("read");
            std::fs::write(
                s.join("content/ke-hoach/vi-du/02-nhom-khac.md"),
                group
                    .replace("number: 1", "number: 2")
                    .replace("chi-tieu-vi-du", "khac"),
            )
            .expect("write");
            edit(
                s,
                EVENT,
                "01-nhom-nhiem-vu-vi-du.md\n",
                "03-bao-cao-tong-ket-nam.md\n",
            );
        },
        "error[E0304]",
        "content/su-kien/su-kien-vi-du.md:9:13",
    );
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn album_photo_of_a_missing_file_is_one_error() {
    one(
        |s| edit(s, ALBUM, "file: minh-hoa.png", "file: minh-hoa.jpg"),
        "error[E0128]",
        "content/album-anh/vi-du/_index.md:7:11",
    );
}
