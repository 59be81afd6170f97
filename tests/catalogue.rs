//! The message catalogue (src/diagnostic/messages/) is complete: every code used in src/
//! has its messages, a title, an explanation and an example in Vietnamese and English;
//! every message id src/ asks for exists with the same `{arguments}` in both; each
//! example's wrong version fails `congkhai check` with exactly its code, and its right
//! version builds. The wrong versions' messages are snapshotted in both languages, plain
//! and in colour (tests/snapshots/catalogue/).

mod common;

use common::{congkhai, repo, SiteBuilder};
use congkhai::diagnostic::catalogue::{files, parse_errors, placeholders};
use congkhai::diagnostic::explain::{example, explain, is_code};
use congkhai::diagnostic::lang::Lang;
use std::collections::BTreeSet;
use std::path::Path;

/// Codes whose call sites still write their English text in the code. The list only
/// shrinks: converting a code means removing it here.
const UNCONVERTED: &[&str] = &[];

/// Literals that look like codes but are not: `pipeline::sort` compares codes with
/// `E0300`, the first of the stage after loading.
const NOT_CODES: &[&str] = &["E0300"];

/// Examples shown by `explain` but not built here, each with the reason.
const SHOWN_ONLY: &[(&str, &str)] = &[
    (
        "E0100",
        "the mistake is a missing folder, not a file's text",
    ),
    (
        "E0104",
        "a file over the 10 MB limit does not belong in the repository",
    ),
    (
        "E0105",
        "the mistake is the file's bytes (another encoding), not text",
    ),
    (
        "E0106",
        "unreadable files need permissions the tests' root user ignores",
    ),
    (
        "E0107",
        "the mistake is the file's name, in bytes that are not UTF-8",
    ),
    ("E0108", "the mistake is a symbolic link, not a file's text"),
    ("E0306", "the mistake is a missing file"),
    (
        "E0310",
        "a name over 255 bytes cannot be written on the test machine's file system",
    ),
    (
        "E0704",
        "needs a snapshot in archive/, made by `congkhai snapshot`",
    ),
    (
        "E0402",
        "an unreadable template needs permissions the tests' root user ignores",
    ),
    (
        "E0501",
        "needs a full disk or a folder the tests' root user cannot write",
    ),
    (
        "E0601",
        "the mistake is the --output given on the command line",
    ),
    (
        "E0602",
        "needs a full disk or a folder the tests' root user cannot write",
    ),
    ("E0603", "needs a second congkhai run holding the lock"),
    ("E0604", "needs a disk that fills up during a rebuild"),
    ("E0701", "the mistake is the folder given to init"),
    (
        "E0702",
        "the mistakes are a command's arguments or a snapshot's files",
    ),
    ("E0703", "needs a snapshot whose payload holds a tag file"),
    ("E0710", "the mistake is the period given to snapshot"),
    ("E0711", "needs an existing snapshot"),
    (
        "E0712",
        "the mistake is --revision without a first snapshot",
    ),
    ("E0713", "needs a snapshot of a site with such a file"),
    ("E0714", "shown by snapshot, not check"),
    (
        "E0715",
        "needs an archive/ the tests' root user cannot write",
    ),
    ("E0716", "no known input gives it"),
    ("E0717", "shown by snapshot, not check"),
    ("E0720", "shown by verify on an edited snapshot"),
    (
        "E0001",
        "the mistake is running congkhai outside a site: there is no file to write",
    ),
];

fn rust_files() -> Vec<(String, String)> {
    walkdir::WalkDir::new(repo().join("src"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let shown = e
                .path()
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string();
            (shown, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// Every string literal of a Rust file (plain `"..."` only; enough for ids and codes).
fn literals(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
        } else if b[i] == b'"' {
            let start = i + 1;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            let line = text[..start].matches('\n').count() + 1;
            out.push((line, text[start..i.min(b.len())].to_string()));
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `E0118`, `E0118.help`, `console.errors`: literals that name a catalogue entry.
fn is_id(s: &str, stems: &BTreeSet<String>) -> bool {
    let stem = s.split('.').next().unwrap_or("");
    (is_code(stem) || stems.contains(stem))
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

#[test]
fn every_catalogue_file_parses() {
    assert_eq!(parse_errors(), Vec::<(String, String)>::new());
}

#[test]
fn every_code_in_src_has_both_languages_a_title_an_explanation_and_an_example() {
    let stems: BTreeSet<String> = files().keys().map(|k| k.to_string()).collect();
    let mut missing = Vec::new();
    let mut used_codes = BTreeSet::new();
    for (file, text) in rust_files() {
        for (line, lit) in literals(&text) {
            if is_code(&lit) && !NOT_CODES.contains(&lit.as_str()) {
                used_codes.insert(lit.clone());
                if !UNCONVERTED.contains(&lit.as_str()) {
                    match files().get(lit.as_str()) {
                        None => missing.push(format!(
                            "{file}:{line}: {lit} has no src/diagnostic/messages/{lit}.yaml"
                        )),
                        Some(f) => {
                            if f.title.is_none() || f.explain.is_none() || f.example.is_none() {
                                missing.push(format!(
                                    "{file}:{line}: {lit}.yaml needs title, explain and example"
                                ));
                            }
                            if !f
                                .messages
                                .keys()
                                .any(|k| k == &lit || k.starts_with(&format!("{lit}.")))
                            {
                                missing.push(format!("{file}:{line}: {lit}.yaml has no message"));
                            }
                        }
                    }
                }
            } else if is_id(&lit, &stems) && lit.contains('.') {
                let stem = lit.split('.').next().unwrap();
                let known = files()
                    .get(stem)
                    .is_some_and(|f| f.messages.contains_key(&lit));
                if !known {
                    missing.push(format!(
                        "{file}:{line}: message `{lit}` is not in the catalogue"
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The allow-list only shrinks.
    let stale: Vec<&&str> = UNCONVERTED
        .iter()
        .filter(|c| !used_codes.contains(**c) || files().contains_key(**c))
        .collect();
    assert!(
        stale.is_empty(),
        "remove from UNCONVERTED (converted, or no longer used): {stale:?}"
    );
}

#[test]
fn both_languages_take_the_same_arguments() {
    let mut wrong = Vec::new();
    for (name, file) in files() {
        for (id, both) in &file.messages {
            let vi: BTreeSet<Vec<String>> =
                both.vi.forms().iter().map(|t| placeholders(t)).collect();
            let en: BTreeSet<Vec<String>> =
                both.en.forms().iter().map(|t| placeholders(t)).collect();
            let flat =
                |s: &BTreeSet<Vec<String>>| s.iter().flatten().cloned().collect::<BTreeSet<_>>();
            if flat(&vi) != flat(&en) {
                wrong.push(format!("{name}.yaml {id}: vi {vi:?} en {en:?}"));
            }
            if both
                .vi
                .forms()
                .iter()
                .chain(both.en.forms().iter())
                .any(|t| t.trim().is_empty())
            {
                wrong.push(format!("{name}.yaml {id}: empty text"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn vietnamese_texts_are_vietnamese() {
    // A Vietnamese sentence without a single letter with a diacritic is almost surely
    // English pasted in the wrong place (or Vietnamese typed without its accents).
    let vietnamese = |t: &str| {
        t.chars().any(|c| {
            "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
                .contains(c.to_lowercase().next().unwrap_or(c))
        })
    };
    let mut wrong = Vec::new();
    for (name, file) in files() {
        let mut texts: Vec<(String, &str)> = Vec::new();
        if let Some(t) = &file.title {
            texts.push(("title".into(), &t.vi));
        }
        if let Some(t) = &file.explain {
            texts.push(("explain".into(), &t.vi));
        }
        for (id, both) in &file.messages {
            for form in both.vi.forms() {
                texts.push((id.clone(), form));
            }
        }
        for (what, text) in texts {
            let words: String = text.split('`').step_by(2).collect();
            let words = placeholders(&words)
                .iter()
                .fold(words.clone(), |w, p| w.replace(&format!("{{{p}}}"), " "));
            let count = words
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            if count >= 2 && !vietnamese(&words) {
                wrong.push(format!("{name}.yaml {what}: {text}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn explain_prints_each_code_in_both_languages_and_refuses_an_unknown_one() {
    for code in congkhai::diagnostic::explain::codes() {
        let vi = explain(code, Lang::Vi).unwrap();
        let en = explain(code, Lang::En).unwrap();
        assert!(vi.starts_with(&format!("{code}: ")) && en.starts_with(&format!("{code}: ")));
        assert!(vi.contains("Sai (") && vi.contains("Đúng:"), "{vi}");
        assert!(en.contains("Wrong (") && en.contains("Right:"), "{en}");
        assert_ne!(vi, en);
    }
    let out = congkhai(&["explain", "E0118X", "--lang", "en"]).output();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`E0118X` is not one of congkhai's error or warning codes"),
        "{err}"
    );
    let out = congkhai(&["explain", "e0007", "--lang", "vi"]).output();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("E0007: Khóa lạ trong config.yaml\n"),
        "{text}"
    );
}

/// The minimal fixture with `file` written as `text` (and the example's other files).
fn site_with(
    file: &str,
    text: &str,
    also: &std::collections::BTreeMap<String, String>,
) -> tempfile::TempDir {
    let mut site = SiteBuilder::fixture("minimal").theme("default");
    for (path, content) in also.iter().chain([(&file.to_string(), &text.to_string())]) {
        // Binary files (an image) are written `base64:...`.
        site = match content.strip_prefix("base64:") {
            Some(b64) => site.file(
                path,
                data_encoding::BASE64.decode(b64.trim().as_bytes()).unwrap(),
            ),
            None => site.file(path, content),
        };
    }
    site.done()
}

fn check(dir: &Path, lang: &str, colour: bool, deny_warnings: bool) -> (i32, String) {
    let mut cmd = congkhai(&["check", "--lang", lang, "--root"]).arg(dir);
    if deny_warnings {
        cmd = cmd.arg("--deny-warnings");
    }
    // A fixed "today" (2026-12-06 12:00 in Hà Nội): W0107's help names the date, and
    // its snapshots were written that day; the real clock made them fail the next.
    let out = cmd
        .without("CONGKHAI_LANG")
        .env("SOURCE_DATE_EPOCH", "1796533200")
        .colour(colour)
        .output();
    let text = String::from_utf8(out.stderr).unwrap();
    let shown = dir.display().to_string();
    (
        out.status.code().unwrap_or(-1),
        text.replace(&shown, "[site]"),
    )
}

#[test]
fn each_wrong_example_fails_with_its_code_alone_and_each_right_one_builds() {
    let mut problems = Vec::new();
    for code in congkhai::diagnostic::explain::codes() {
        if SHOWN_ONLY.iter().any(|(c, _)| *c == code) {
            continue;
        }
        let Some(ex) = example(code) else {
            problems.push(format!("{code}: no example"));
            continue;
        };
        let Some(file) = &ex.file else {
            problems.push(format!(
                "{code}: the example names no file; add it to SHOWN_ONLY with a reason"
            ));
            continue;
        };
        let wrong = site_with(file, &ex.wrong, &ex.also);
        // A warning fails a check only with --deny-warnings.
        let warning = code.starts_with('W');
        for lang in ["vi", "en"] {
            let (status, coloured) = check(wrong.path(), lang, true, warning);
            let plain = coloured
                .replace("\x1b[1;33m", "")
                .replace("\x1b[1;31m", "")
                .replace("\x1b[1;34m", "")
                .replace("\x1b[1m", "")
                .replace("\x1b[0m", "");
            assert!(
                !plain.contains('\x1b'),
                "{code}: an escape left in\n{plain}"
            );
            let label = match (lang, warning) {
                ("vi", false) => "lỗi[",
                ("vi", true) => "cảnh báo[",
                (_, false) => "error[",
                (_, true) => "warning[",
            };
            let codes: Vec<&str> = plain
                .lines()
                .filter_map(|l| l.strip_prefix(label))
                .map(|l| l.split(']').next().unwrap_or(""))
                .collect();
            if status != 1 || codes != [code] {
                problems.push(format!(
                    "{code} ({lang}): wrong example gave {status} and {codes:?}\n{plain}"
                ));
                continue;
            }
            insta::with_settings!({snapshot_path => "snapshots/catalogue", prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(format!("{code}-{lang}-plain"), plain);
                insta::assert_snapshot!(format!("{code}-{lang}-colour"), coloured.replace('\x1b', "␛"));
            });
        }
        let right = site_with(file, &ex.right, &ex.also);
        let (status, text) = check(right.path(), "en", false, warning);
        if status != 0 {
            problems.push(format!("{code}: right example fails\n{text}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// `congkhai check` on a site whose config.yaml lacks `title` (E0003), with the language
/// settings given; returns the first line of stderr.
fn first_line_with(first_language: &str, flag: Option<&str>, envs: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.yaml"),
        format!("base_url: \"https://x.example/\"\nlanguages:\n  - code: {first_language}\n    name: X\n"),
    )
    .unwrap();
    let mut cmd = congkhai(&["check", "--root"]).arg(dir.path());
    if let Some(l) = flag {
        cmd = cmd.args(&["--lang", l]);
    }
    for k in [
        "CONGKHAI_LANG",
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "SOURCE_DATE_EPOCH",
    ] {
        cmd = cmd.without(k);
    }
    for (k, v) in envs {
        cmd = cmd.env(k, v);
    }
    let out = cmd.output();
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_language_is_the_flag_then_congkhai_lang_then_the_site_then_lang() {
    let vi = "lỗi[E0003]: trang chưa có `title`";
    let en = "error[E0003]: the site has no `title`";
    assert_eq!(first_line_with("vi", None, &[("LANG", "en_US.UTF-8")]), vi);
    assert_eq!(first_line_with("en", None, &[("LANG", "vi_VN.UTF-8")]), en);
    assert_eq!(first_line_with("vi", None, &[("CONGKHAI_LANG", "en")]), en);
    assert_eq!(
        first_line_with("en", Some("vi"), &[("CONGKHAI_LANG", "en")]),
        vi
    );
    // A site language congkhai has no messages in: the locale decides, else Vietnamese.
    assert_eq!(first_line_with("fr", None, &[("LANG", "en_GB.UTF-8")]), en);
    assert_eq!(first_line_with("fr", None, &[("LANG", "C.UTF-8")]), vi);
}
