//! Reading and asserting what a run printed and what a build wrote.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::process::Output;

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

pub fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

/// Asserts exit status 0; gives what the run printed on stderr.
#[track_caller]
pub fn assert_ok(out: &Output) -> String {
    assert_exit(out, 0)
}

/// Asserts exit status `code`; gives what the run printed on stderr.
#[track_caller]
pub fn assert_exit(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr:\n{err}");
    err
}

/// The paths whose bytes differ between two trees (present in one only, or changed).
pub fn differing<'a>(
    a: &'a BTreeMap<String, Vec<u8>>,
    b: &'a BTreeMap<String, Vec<u8>>,
) -> Vec<&'a String> {
    a.keys()
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .filter(|k| a.get(*k) != b.get(*k))
        .collect()
}

/// Equal trees, or a failure naming the paths that differ (not megabytes of bytes).
#[track_caller]
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let differ = differing(a, b);
    assert!(differ.is_empty(), "files that differ: {differ:?}");
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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

/// The JSON-LD block of an HTML page, parsed.
pub fn json_ld(html: &str) -> serde_json::Value {
    let ld = html
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    serde_json::from_str(ld).expect("JSON-LD parses")
}
