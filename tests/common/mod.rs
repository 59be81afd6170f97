//! Helpers shared by the integration tests: copy a fixture site into a temporary folder
//! with the repository's themes, run the real binary, read output trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod years_site;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_congkhai"))
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        let rel = entry.path().strip_prefix(src).expect("inside src");
        let to = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// A fresh copy of a fixture site (from tests/fixtures/NAME, or the bundled site when
/// NAME is "bundled"), with the repository's themes.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    if name == "bundled" {
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        std::fs::copy(repo().join("config.yaml"), dir.path().join("config.yaml")).expect("config");
    } else {
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    }
    dir
}

/// Runs congkhai with `args` in `dir`, with a fixed "now" so output is reproducible.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .env("CONGKHAI_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1605257460")
        .env("NO_COLOR", "1")
        .output()
        .expect("run congkhai")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Values of `attr="..."` in an HTML text (our own output: attributes are double-quoted).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        match after.find('"') {
            Some(end) => {
                out.push(after[..end].replace("&amp;", "&"));
                rest = &after[end..];
            }
            None => break,
        }
    }
    out
}

/// The notices test site: the bundled site plus ten notices (test data), written by
/// tests/fixtures/notices/make_site.py into a temporary folder (not built).
pub fn notices_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = Command::new("python3")
        .arg(repo().join("tests/fixtures/notices/make_site.py"))
        .arg(dir.path())
        .output()
        .expect("python3 runs");
    assert!(made.status.success(), "{}", stderr(&made));
    dir
}
