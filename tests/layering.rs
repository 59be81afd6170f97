//! Stages only look down: a module may import from the modules of the stages below it,
//! never from its own stage or one above. The order is ARCHITECTURE.md's, written here
//! once; every module `src/lib.rs` declares must be placed in it.
//!
//! The imports that break the rule today are listed in [`KNOWN_UPWARD`], each with its
//! reason. The list only shrinks: a new upward import fails, and so does an entry whose
//! import is gone (delete the entry with the fix).
//!
//! What counts as an import: `use crate::m::…` (each leaf of a `{…}` tree) and a
//! `crate::m::…` path anywhere in the code of `src/m/` or `src/m.rs`, outside comments,
//! strings and `#[cfg(test)]` items (tests may set a lower stage up with a higher one).

mod common;

use common::repo;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Bottom first. A module may import only from the layers before its own.
const LAYERS: &[&[&str]] = &[
    // Plain helpers: no knowledge of sites.
    &["text", "dates", "diagnostic"],
    // Formats and tools that know no stage: YAML, Markdown, the search index, BagIt and
    // WARC, the locks, HTTP, the console, where rendered files go.
    &[
        "yaml", "markdown", "search", "snapshot", "lock", "serve", "console", "sink", "pdf_text",
        "cli_help",
    ],
    // config.yaml.
    &["config"],
    // Load: content/ and archive/.
    &["content"],
    &["archive"],
    // Assemble.
    &["site"],
    // Render, then write.
    &["render"],
    &["output"],
    // Runs the stages.
    &["progress"],
    &["pipeline"],
    &["watch"],
    // The commands, then the command line that names them.
    &["cmd"],
    &["cli"],
];

/// Upward imports that exist today: (file, import, why it is still there). None is
/// left; an entry needs a reason good enough to break the order.
const KNOWN_UPWARD: &[(&str, &str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn src() -> PathBuf {
    repo().join("src")
}

/// Comments, string and character literals become spaces (lines kept), so that a path
/// in a doc link or a message is not taken for an import.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let blank = |out: &mut Vec<u8>, s: &[u8]| {
        out.extend(s.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }))
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut j = 0;
            while j < rest.len() {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &rest[..j]);
            i += j;
        } else if (rest.starts_with(b"r#") || rest.starts_with(b"r\"") || rest.starts_with(b"br"))
            && (i == 0 || !ident(b[i - 1]))
            && raw_string_len(rest).is_some()
        {
            let n = raw_string_len(rest).unwrap();
            blank(&mut out, &rest[..n]);
            i += n;
        } else if rest[0] == b'"' || (rest.starts_with(b"b\"") && (i == 0 || !ident(b[i - 1]))) {
            let mut j = if rest[0] == b'b' { 2 } else { 1 };
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let n = (j + 1).min(rest.len());
            blank(&mut out, &rest[..n]);
            i += n;
        } else if rest[0] == b'\'' {
            // A character literal ('x', '\n', 'ư'), else a lifetime ('a).
            let n = if rest.get(1) == Some(&b'\\') {
                rest[2..].iter().position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                let ch = std::str::from_utf8(&rest[1..rest.len().min(5)])
                    .ok()
                    .or_else(|| {
                        (2..5)
                            .rev()
                            .find_map(|k| std::str::from_utf8(&rest[1..rest.len().min(k)]).ok())
                    })
                    .and_then(|s| s.chars().next());
                ch.and_then(|c| {
                    let after = 1 + c.len_utf8();
                    (rest.get(after) == Some(&b'\'')).then_some(after + 1)
                })
            };
            let n = n.unwrap_or(1);
            blank(&mut out, &rest[..n]);
            i += n;
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8: only whole literals are replaced")
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) at the start of `s`.
fn raw_string_len(s: &[u8]) -> Option<usize> {
    let start = if s.starts_with(b"br") { 2 } else { 1 };
    let hashes = s[start..].iter().take_while(|&&c| c == b'#').count();
    if s.get(start + hashes) != Some(&b'"') {
        return None;
    }
    let body = start + hashes + 1;
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    s[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map(|p| body + p + close.len())
}

/// Removes each item marked `#[cfg(test)]` (a test module, a test-only function):
/// up to its `;`, or its whole `{…}` block.
fn without_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let semi = item.find(';');
        let brace = item.find('{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (i, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => item.len(),
        };
        // Keep the line count, so that line numbers in messages stay right.
        out.extend(item[..end].chars().filter(|&c| c == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The leaves of a use tree: `a::{b, c::{d, self}}` → `a::b`, `a::c::d`, `a::c`.
fn leaves(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let prefix = join(prefix, head);
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    leaves(&prefix, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        leaves(&prefix, &inner[start..], out);
    } else if !tree.is_empty() {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        if path == "self" {
            out.push(prefix.to_string());
        } else {
            out.push(join(prefix, path));
        }
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    file: String,
    line: usize,
    path: String,
}

/// Every `crate::…` import of one file, as full paths (`crate::site::Site`).
fn imports_of(file: &str, text: &str) -> Vec<Import> {
    let code = without_test_items(&code_only(text));
    let line_at = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut seen_use = vec![false; code.len()];
    let bytes = code.as_bytes();
    let word_start =
        |at: usize| at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
    for (at, _) in code.match_indices("use ") {
        if !word_start(at) {
            continue;
        }
        let stmt_end = code[at..].find(';').map_or(code.len(), |e| at + e);
        let tree = code[at + 4..stmt_end].trim();
        let Some(tree) = tree.strip_prefix("crate::") else {
            continue;
        };
        let mut paths = Vec::new();
        leaves(
            "crate",
            &tree.split_whitespace().collect::<Vec<_>>().join(" "),
            &mut paths,
        );
        for path in paths {
            found.push(Import {
                file: file.to_string(),
                line: line_at(at),
                path,
            });
        }
        seen_use[at..stmt_end].iter_mut().for_each(|s| *s = true);
    }
    for (at, _) in code.match_indices("crate::") {
        if !word_start(at) || seen_use[at] {
            continue;
        }
        let len = code[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(code.len() - at);
        let path = code[at..at + len].trim_end_matches(':').to_string();
        found.push(Import {
            file: file.to_string(),
            line: line_at(at),
            path,
        });
    }
    // `super::` in a module's top file reaches the crate root: name the module instead.
    let depth = file["src/".len()..].matches('/').count();
    let top_file = depth == 0 || (depth == 1 && file.ends_with("/mod.rs"));
    if top_file {
        for (at, _) in code.match_indices("super::") {
            if word_start(at) {
                found.push(Import {
                    file: file.to_string(),
                    line: line_at(at),
                    path: "super (write crate::… in a module's top file)".to_string(),
                });
            }
        }
    }
    found
}

fn module_of(file: &str) -> &str {
    let rest = &file["src/".len()..];
    let first = rest.split('/').next().unwrap_or(rest);
    first.strip_suffix(".rs").unwrap_or(first)
}

fn target_of(path: &str) -> Option<&str> {
    path.strip_prefix("crate::")
        .map(|p| p.split("::").next().unwrap_or(p))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every import between two different top modules, from the files of `src/`.
fn cross_module_imports() -> Vec<Import> {
    let root = repo();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut all = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(&root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        // The crate root and the binary are above every stage.
        if file == "src/lib.rs" || file == "src/main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let test_file = is_test_only_file(&path);
        if test_file {
            continue;
        }
        for import in imports_of(&file, &text) {
            if target_of(&import.path) != Some(module_of(&file)) {
                all.push(import);
            }
        }
    }
    all.sort();
    all
}

/// A file its parent declares only for tests (`#[cfg(test)] mod tests;`).
fn is_test_only_file(path: &Path) -> bool {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return false;
    };
    let Some(dir) = path.parent() else {
        return false;
    };
    let parent = dir.join("mod.rs");
    let Ok(text) = std::fs::read_to_string(&parent) else {
        return false;
    };
    let code = code_only(&text);
    let declared = format!("mod {stem};");
    code.match_indices(&declared).any(|(at, _)| {
        code[..at]
            .trim_end()
            .trim_end_matches("pub")
            .trim_end()
            .ends_with("#[cfg(test)]")
    })
}

fn declared_modules() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    code_only(&lib)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').trim().to_string())
        .collect()
}

/// The imports that go sideways or up, as messages.
fn violations(imports: &[Import]) -> Vec<(Import, String)> {
    let mut out = Vec::new();
    for import in imports {
        let from = module_of(&import.file);
        let Some(to) = target_of(&import.path) else {
            out.push((import.clone(), import.path.clone()));
            continue;
        };
        let (Some(a), Some(b)) = (layer_of(from), layer_of(to)) else {
            // Reported by every_module_has_a_stage.
            continue;
        };
        if b >= a {
            let how = if a == b {
                "the same stage"
            } else {
                "a later stage"
            };
            out.push((import.clone(), format!("{from} imports {to}, {how}")));
        }
    }
    out
}

fn known(import: &Import) -> bool {
    KNOWN_UPWARD
        .iter()
        .any(|(file, path, _)| *file == import.file && *path == import.path)
}

#[test]
fn every_module_has_a_stage() {
    let unplaced: Vec<String> = declared_modules()
        .into_iter()
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules of src/lib.rs missing from LAYERS in tests/layering.rs (place them, \
         and in ARCHITECTURE.md): {unplaced:?}"
    );
    let declared = declared_modules();
    let stale: Vec<&str> = LAYERS
        .iter()
        .flat_map(|l| l.iter().copied())
        .filter(|m| !declared.iter().any(|d| d == m))
        .collect();
    assert!(
        stale.is_empty(),
        "LAYERS names modules that are gone: {stale:?}"
    );
}

#[test]
fn stages_only_import_from_stages_below() {
    let imports = cross_module_imports();
    assert!(
        imports.len() > 100,
        "the scan found only {} imports: is it reading src/?",
        imports.len()
    );
    let new: Vec<String> = violations(&imports)
        .into_iter()
        .filter(|(i, _)| !known(i))
        .map(|(i, why)| format!("{}:{}: `{}`: {why}", i.file, i.line, i.path))
        .collect();
    assert!(
        new.is_empty(),
        "imports from a later stage (see ARCHITECTURE.md; move the item down, or pass it \
         in from above):\n  {}",
        new.join("\n  ")
    );
}

#[test]
fn every_known_upward_import_still_exists() {
    let imports = cross_module_imports();
    let upward: BTreeSet<(String, String)> = violations(&imports)
        .into_iter()
        .map(|(i, _)| (i.file, i.path))
        .collect();
    let gone: Vec<String> = KNOWN_UPWARD
        .iter()
        .filter(|(f, p, _)| !upward.contains(&(f.to_string(), p.to_string())))
        .map(|(f, p, _)| format!("{f}: {p}"))
        .collect();
    assert!(
        gone.is_empty(),
        "fixed (or moved): delete these from KNOWN_UPWARD in tests/layering.rs:\n  {}",
        gone.join("\n  ")
    );
}

#[test]
fn the_scan_reads_use_trees_paths_and_skips_comments_strings_and_tests() {
    let text = r##"
//! See [`crate::watch`].
use crate::site::{self, links::page_file, PageId as Id};
use crate::{config::Config, dates};
fn f() -> &'static str {
    let _ = crate::render::context::summary_text(p);
    let c = '"'; let l: &'a str = "crate::cli::info";
    r#"crate::cmd"#
}
/* crate::serve */
#[cfg(test)]
mod tests {
    use crate::pipeline::prepare;
}
"##;
    let paths: Vec<String> = imports_of("src/content/x.rs", text)
        .into_iter()
        .map(|i| i.path)
        .collect();
    assert_eq!(
        paths,
        [
            "crate::site",
            "crate::site::links::page_file",
            "crate::site::PageId",
            "crate::config::Config",
            "crate::dates",
            "crate::render::context::summary_text",
        ]
    );
    let upward = violations(
        &imports_of("src/content/x.rs", text)
            .into_iter()
            .filter(|i| target_of(&i.path) != Some("content"))
            .collect::<Vec<_>>(),
    );
    let flagged: Vec<&str> = upward.iter().map(|(i, _)| i.path.as_str()).collect();
    assert_eq!(
        flagged,
        [
            "crate::site",
            "crate::site::links::page_file",
            "crate::site::PageId",
            "crate::render::context::summary_text",
        ]
    );
}

#[test]
fn architecture_md_shows_the_same_layers() {
    let doc = std::fs::read_to_string(repo().join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md at the repository root");
    // Rows of the layer table: `| 3 | `config` | … |`.
    let rows: Vec<Vec<String>> = doc
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let is_row = cells.len() > 3 && cells[1].parse::<usize>().is_ok();
            is_row.then(|| {
                cells[2]
                    .split(',')
                    .map(|m| m.trim().trim_matches('`').to_string())
                    .collect()
            })
        })
        .collect();
    let layers: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|l| l.iter().map(|m| m.to_string()).collect())
        .collect();
    assert_eq!(
        rows, layers,
        "the layer table of ARCHITECTURE.md and LAYERS in tests/layering.rs differ"
    );
}
