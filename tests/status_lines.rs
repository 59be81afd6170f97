//! What commands say when they work, in the editor's language (issue 18): the summary
//! lines of `build` and `check`, the translation coverage, the error summary and the
//! operating system's reasons read in Vietnamese on a Vietnamese site, with no English
//! word of the English lines left; and `--quiet` says nothing on success.

mod common;

use common::{congkhai, site, stderr, stdout};
use std::path::Path;
use std::process::Output;

/// congkhai in `dir`, messages in `lang` (`None`: no variable, the site decides).
fn run_in(dir: &Path, lang: Option<&str>, args: &[&str]) -> Output {
    let mut run = congkhai(args).dir(dir);
    for k in ["CONGKHAI_LANG", "LANG", "LC_ALL", "LC_MESSAGES"] {
        run = run.without(k);
    }
    if let Some(lang) = lang {
        run = run.env("CONGKHAI_LANG", lang);
    }
    run.output()
}

/// The English words of the summary lines, any of which in a Vietnamese line means a
/// sentence that was not moved into the catalogue.
const ENGLISH: &[&str] = &[
    "built",
    "pages",
    "files",
    "changed",
    "into",
    "checked",
    "no errors",
    "ok:",
    "translations",
    "missing in",
    "error",
    "nothing was written",
    "written",
];

fn no_english(line: &str) {
    // Paths and names are the editor's own; only the sentence around them is checked.
    let words = line.replace("output", "").replace("English", "");
    for w in ENGLISH {
        assert!(
            !words.contains(w),
            "`{w}` left in a Vietnamese line: {line}"
        );
    }
}

#[test]
fn build_and_check_sum_up_in_vietnamese_on_a_vietnamese_site() {
    let site = site("bundled");
    // No variable: the bundled site's first language, Vietnamese, decides.
    let build = run_in(site.path(), None, &["build"]);
    let err = stderr(&build);
    assert!(build.status.success(), "{err}");
    let line = err.lines().last().unwrap_or_default();
    assert!(
        line.starts_with("đã dựng ") && line.contains(" trang, ") && line.contains(" ms"),
        "{err}"
    );
    no_english(line);

    let check = run_in(site.path(), None, &["check"]);
    let err = stderr(&check);
    assert!(check.status.success(), "{err}");
    let mut lines = err.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("ổn: đã kiểm tra ") && first.ends_with(" trang, không có lỗi"),
        "{err}"
    );
    no_english(first);
    // The bundled site is translated into English in part: its coverage is reported.
    let coverage: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("bản dịch: "))
        .collect();
    assert!(
        coverage
            .iter()
            .any(|l| l.starts_with("bản dịch: English (en): ")),
        "{err}"
    );
    for line in err.lines() {
        no_english(line);
    }

    // The same run in English says what it said before the catalogue.
    let check = run_in(site.path(), Some("en"), &["check"]);
    let err = stderr(&check);
    assert!(
        err.starts_with("ok: ") && err.contains(" pages checked, no errors"),
        "{err}"
    );
}

#[test]
fn an_error_summary_and_the_reason_of_the_system_are_in_vietnamese() {
    let site = site("bundled");
    let config = site.path().join("config.yaml");
    std::fs::remove_file(&config).expect("remove config.yaml");
    let out = run_in(site.path(), Some("vi"), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // The system's English stays, after the Vietnamese reason and in brackets.
    assert!(
        err.contains("không có tệp hay thư mục này (hệ thống báo: No such file or directory"),
        "{err}"
    );
    assert!(
        err.ends_with("lỗi: 1 lỗi trong 1 tệp; không ghi tệp nào\n"),
        "{err}"
    );
    let english = run_in(site.path(), Some("en"), &["check"]);
    let err = stderr(&english);
    assert!(
        err.contains("there is no such file or folder (the system says: No such file or directory"),
        "{err}"
    );
}

#[test]
fn quiet_commands_print_nothing_when_they_succeed() {
    let site = site("bundled");
    let root = site.path();
    let quiet = |args: &[&str]| {
        let out = run_in(root, Some("vi"), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(
            (stdout(&out), stderr(&out)),
            (String::new(), String::new()),
            "{args:?}"
        );
    };
    quiet(&["check", "--quiet"]);
    quiet(&["build", "--quiet"]);
    quiet(&["snapshot", "2020-Q4", "--quiet"]);
    quiet(&["verify", "--quiet"]);
    quiet(&["new", "page", "thu-nghiem.md", "--quiet"]);
    let fresh = tempfile::tempdir().expect("tempdir");
    let dir = fresh.path().join("trang-moi");
    let out = run_in(
        fresh.path(),
        Some("vi"),
        &["init", dir.to_str().expect("utf-8 path"), "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));

    // Without --quiet, snapshot's result is on standard output, in Vietnamese.
    let out = run_in(
        root,
        Some("vi"),
        &["snapshot", "2020-Q4", "--revision", "2"],
    );
    let said = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(said.starts_with("đã đóng băng 2020-Q4 ("), "{said}");
    assert!(said.contains("\ndấu vân tay (SHA-256 của "), "{said}");
}

#[test]
fn a_period_that_is_none_is_refused_in_the_chosen_language() {
    let site = site("bundled");
    let out = run_in(site.path(), Some("vi"), &["snapshot", "2020-Q5"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("lỗi: `2020-Q5` không phải một kỳ\n  = gợi ý: viết một năm như `2021`"),
        "{err}"
    );
}

#[test]
fn a_mistyped_command_line_is_refused_in_the_sites_language_with_clap_s_words_after() {
    let site = site("bundled");
    // No language variable: the Vietnamese site decides, although clap could not parse.
    let out = run_in(site.path(), None, &["buidl"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("lỗi: không có lệnh `buidl`\n"), "{err}");
    assert!(err.contains("có phải ý bạn là `build`?"), "{err}");
    assert!(
        err.contains("  error: unrecognized subcommand 'buidl'"),
        "{err}"
    );
    let out = run_in(site.path(), None, &["build", "--lang", "fr"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("lỗi: `fr` không phải giá trị dùng được cho `--lang"),
        "{err}"
    );
    // `--lang en` in the words themselves, or the variable, gives clap's text alone.
    let out = run_in(site.path(), None, &["--lang", "en", "buidl"]);
    assert!(stderr(&out).starts_with("error: unrecognized subcommand 'buidl'"));
    let out = run_in(site.path(), Some("en"), &["buidl"]);
    assert!(stderr(&out).starts_with("error: unrecognized subcommand 'buidl'"));
}

/// `--help` in the language the words, the variable or the site choose: on the Vietnamese
/// bundled site every command and flag is described in Vietnamese, under Vietnamese
/// headings; `--lang en` gives clap's English, as before.
#[test]
fn help_is_in_the_sites_language_and_english_on_request() {
    let site = site("bundled");
    let out = run_in(site.path(), None, &["--help"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("Công khai kế hoạch"), "{text}");
    assert!(text.contains("\nCách dùng: congkhai"), "{text}");
    assert!(
        text.contains("\nLệnh:\n") && text.contains("\nTùy chọn:\n"),
        "{text}"
    );
    for english in [
        "Usage:",
        "Commands:",
        "Options:",
        "Print help",
        "Build the site",
    ] {
        assert!(!text.contains(english), "`{english}` left in: {text}");
    }
    let out = run_in(site.path(), None, &["snapshot", "--help"]);
    let text = stdout(&out);
    assert!(text.contains("\nĐối số:\n"), "{text}");
    assert!(text.contains("Kỳ của kế hoạch: một năm (2020)"), "{text}");
    assert!(text.contains("Ghi một bản đính chính"), "{text}");
    let out = run_in(site.path(), None, &["--lang", "en", "build", "--help"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("Build the site into the output folder"),
        "{text}"
    );
    assert!(
        text.contains("\nUsage: congkhai build") && text.contains("--no-wait"),
        "{text}"
    );
}
