//! Embeds the files `congkhai init` writes: every bundled theme (from themes/, the one
//! copy in the repository, so the binary can never ship a stale theme) and the site
//! skeleton. Generates `$OUT_DIR/embedded.rs` with sorted `(path, bytes)` lists and
//! `THEMES`, the themes by folder name; and `$OUT_DIR/messages.rs`, the message
//! catalogue's files. Also sets CONGKHAI_COMMIT, the commit `congkhai --version` names.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Editors' swap and backup files never belong in a new site.
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
            continue;
        }
        if path.is_dir() {
            files(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push((rel.to_string_lossy().replace('\\', "/"), path.clone()));
        }
    }
}

fn list(name: &str, dir: &Path, code: &mut String) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut found = Vec::new();
    files(dir, dir, &mut found);
    found.sort();
    let _ = writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[");
    for (rel, path) in found {
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    let _ = writeln!(code, "];");
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut code = String::new();
    let themes = manifest.join("themes");
    println!("cargo:rerun-if-changed={}", themes.display());
    let mut names: Vec<String> = std::fs::read_dir(&themes)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        list(&format!("THEME_{i}"), &themes.join(name), &mut code);
    }
    let _ = writeln!(
        code,
        "/// A folder's files: `(path, bytes)`, sorted by path."
    );
    let _ = writeln!(
        code,
        "pub type Files = &'static [(&'static str, &'static [u8])];"
    );
    let _ = writeln!(code, "pub static THEMES: &[(&str, Files)] = &[");
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(code, "    ({name:?}, THEME_{i}),");
    }
    let _ = writeln!(code, "];");
    list(
        "SKELETON",
        &manifest.join("src/cmd/init/skeleton"),
        &mut code,
    );
    // `congkhai --version` names the commit it was built from; a tarball has no git.
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(args)
            .current_dir(&manifest)
            .output();
        o.ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_else(|| "commit unknown".into());
    println!("cargo:rustc-env=CONGKHAI_COMMIT={commit}");
    if let Some(head) = git(&[
        "rev-parse",
        "--path-format=absolute",
        "--git-path",
        "logs/HEAD",
    ]) {
        println!("cargo:rerun-if-changed={head}");
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let out = out_dir.join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
    // The message catalogue (src/diagnostic/messages/*.yaml, one file per code): listed
    // here so that adding a code is adding a file.
    let mut messages = String::new();
    list(
        "MESSAGE_FILES",
        &manifest.join("src/diagnostic/messages"),
        &mut messages,
    );
    let out = out_dir.join("messages.rs");
    if let Err(e) = std::fs::write(&out, messages) {
        panic!("cannot write {}: {e}", out.display());
    }
}
