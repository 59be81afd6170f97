//! Snapshots of the error messages editors see, one small invalid site per kind of
//! mistake (tests/fixtures/diagnostics/<case>/), rendered plain (piped, or NO_COLOR)
//! and in colour (a terminal; forced here with CLICOLOR_FORCE). Escape bytes are shown
//! as `␛` so the colour snapshots stay readable.

use std::path::Path;
use std::process::Command;

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

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The fixture in a fresh folder with the repository's default theme beside it.
fn site(case: &str) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo.join("tests/fixtures/diagnostics").join(case),
        dir.path(),
    );
    copy_dir(
        &repo.join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

/// Runs `congkhai check` on the case; returns (exit code, stderr).
fn check(case: &str, colour: bool) -> (i32, String) {
    let dir = site(case);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_congkhai"));
    cmd.env("CONGKHAI_LANG", "en");
    cmd.arg("check").arg("--root").arg(dir.path());
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    if colour {
        cmd.env("CLICOLOR_FORCE", "1");
    }
    let out = cmd.output().unwrap();
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
    let dir = site("unknown-key");
    let out = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .env("CONGKHAI_LANG", "en")
        .args(["check", "--root"])
        .arg(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\x1b'));
}
