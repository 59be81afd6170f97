//! Snapshots of the error messages editors see, one small invalid site per kind of
//! mistake (tests/fixtures/diagnostics/<case>/), rendered plain (piped, or NO_COLOR)
//! and in colour (a terminal; forced here with CLICOLOR_FORCE). Escape bytes are shown
//! as `␛` so the colour snapshots stay readable.

mod common;

use common::{congkhai, SiteBuilder};

const CASES: &[&str] = &[
    "album-broken-image",
    "album-no-alt",
    "album-photos",
    "bad-dates",
    "broken-links",
    "config-errors",
    "config-unknown-key",
    "several-files",
    "task-group-ref",
    "unknown-key",
    "unknown-kind",
    "yaml-syntax",
];

/// The fixture in a fresh folder with the repository's default theme beside it.
fn case_site(case: &str) -> tempfile::TempDir {
    SiteBuilder::fixture(&format!("diagnostics/{case}"))
        .theme("default")
        .done()
}

/// Runs `congkhai check` on the case; returns (exit code, stderr).
fn check(case: &str, colour: bool) -> (i32, String) {
    let dir = case_site(case);
    let out = congkhai(&["check", "--root"])
        .arg(dir.path())
        .without("SOURCE_DATE_EPOCH")
        .colour(colour)
        .output();
    let stderr = String::from_utf8(out.stderr).unwrap().replace('\x1b', "␛");
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn every_invalid_site_fails_with_located_errors_and_a_summary() {
    for case in CASES {
        let (code, text) = check(case, false);
        assert_eq!(code, 1, "{case}: exit status for input errors\n{text}");
        assert!(!text.contains('␛'), "{case}: colour through a pipe");
        assert!(
            text.lines()
                .last()
                .is_some_and(|l| l.starts_with("error: ") && l.ends_with("; nothing was written")),
            "{case}: summary line\n{text}"
        );
        // Every error says where it is and how to fix it.
        let errors = text.matches("\nerror[").count() + usize::from(text.starts_with("error["));
        assert_eq!(
            text.matches(" = help: ").count(),
            errors,
            "{case}: a help line per error\n{text}"
        );
        insta::assert_snapshot!(format!("plain-{case}"), text);
    }
}

#[test]
fn colour_marks_the_code_the_location_and_the_caret() {
    for case in CASES {
        let (code, text) = check(case, true);
        assert_eq!(code, 1, "{case}");
        assert!(
            text.contains("␛[1;31merror["),
            "{case}: red error code\n{text}"
        );
        insta::assert_snapshot!(format!("colour-{case}"), text);
    }
}

#[test]
fn no_color_wins_over_forced_colour() {
    let dir = case_site("unknown-key");
    let out = congkhai(&["check", "--root"])
        .arg(dir.path())
        .without("SOURCE_DATE_EPOCH")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\x1b'));
}
