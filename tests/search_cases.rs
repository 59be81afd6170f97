//! Runs the shared cases of `tests/search_cases.json` against the Rust ranking, and keeps
//! what `tests/search_js.test.mjs` reads in step with the builder: the index files of
//! each fixture and the full Rust ranking of each case, in `tests/fixtures/search/`.
//! After a deliberate change to the index or the ranking, rewrite them with
//! `CONGKHAI_BLESS=1 cargo test --test search_cases`.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use congkhai::search::rank::first_query_files;
use congkhai::search::{build_index, search, Hit, LoadedIndex, SearchDoc};
use serde_json::{json, Value};

fn blessing() -> bool {
    std::env::var_os("CONGKHAI_BLESS").is_some_and(|v| v == "1")
}

/// Writes `bytes` to `path` when blessing; otherwise notes `path` if it differs.
fn keep(path: &Path, bytes: &[u8], stale: &mut Vec<String>) {
    if blessing() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    } else if std::fs::read(path).ok().as_deref() != Some(bytes) {
        stale.push(path.display().to_string());
    }
}

/// Checks one case's expectations; returns what failed.
fn check(expect: &Value, hits: &[Hit]) -> Vec<String> {
    let urls = hit_urls(hits);
    let rank = |u: &str| urls.iter().position(|x| *x == u);
    let mut errors = Vec::new();
    if let Some(first) = expect["first"].as_str() {
        if urls.first() != Some(&first) {
            errors.push(format!("first should be {first}"));
        }
    }
    for (i, u) in expect["top"].as_array().into_iter().flatten().enumerate() {
        if urls.get(i).copied() != u.as_str() {
            errors.push(format!("result {} should be {u}", i + 1));
        }
    }
    for pair in expect["before"].as_array().into_iter().flatten() {
        let (a, b) = (
            pair[0].as_str().unwrap_or(""),
            pair[1].as_str().unwrap_or(""),
        );
        match (rank(a), rank(b)) {
            (Some(x), Some(y)) if x < y => {}
            _ => errors.push(format!("{a} should rank above {b}")),
        }
    }
    for u in expect["absent"].as_array().into_iter().flatten() {
        if rank(u.as_str().unwrap_or("")).is_some() {
            errors.push(format!("{u} should not be found"));
        }
    }
    if let Some(n) = expect["count"].as_u64() {
        if hits.len() as u64 != n {
            errors.push(format!("expected {n} results"));
        }
    }
    errors
}

#[test]
fn shared_search_cases_hold_and_fixtures_are_current() {
    let table_path = repo().join("tests").join("search_cases.json");
    let table: Value = serde_json::from_slice(
        &std::fs::read(&table_path).unwrap_or_else(|e| panic!("{}: {e}", table_path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", table_path.display()));
    let out_dir = repo().join("tests").join("fixtures/search");
    let mut stale = Vec::new();
    let mut indexes: BTreeMap<String, LoadedIndex> = BTreeMap::new();

    for (name, fx) in table["fixtures"].as_object().into_iter().flatten() {
        let docs: Vec<SearchDoc> = serde_json::from_value(fx["docs"].clone())
            .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
        let lang = fx["lang"].as_str().unwrap_or("vi");
        let files = build_index(lang, &docs);
        let dir = out_dir.join(name);
        for f in &files {
            keep(&dir.join(&f.path), &f.bytes, &mut stale);
        }
        let wanted: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
        for leftover in paths(&dir)
            .into_iter()
            .map(|rel| dir.join(rel))
            .filter(|p| !wanted.contains(p))
        {
            if blessing() {
                std::fs::remove_file(&leftover).unwrap_or_else(|e| panic!("{e}"));
            } else {
                stale.push(format!("{} (no longer built)", leftover.display()));
            }
        }
        let idx = LoadedIndex::from_files(&files).unwrap_or_else(|e| panic!("{name}: {e}"));
        indexes.insert(name.clone(), idx);
    }

    let mut failures = Vec::new();
    let mut rankings = Vec::new();
    for case in table["cases"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or("?");
        let fixture = case["fixture"].as_str().unwrap_or("");
        let query = case["query"].as_str().unwrap_or("");
        let Some(idx) = indexes.get(fixture) else {
            failures.push(format!("{name}: no fixture {fixture}"));
            continue;
        };
        let hits = search(idx, query);
        for e in check(&case["expect"], &hits) {
            failures.push(format!(
                "{name} ({query:?}): {e}; got {:?}",
                hit_urls(&hits)
            ));
        }
        rankings.push(json!({
            "name": name,
            "files": first_query_files(idx, query),
            "hits": hits
                .iter()
                .map(|h| json!([h.url, h.matched, h.phrase, h.exact, h.score_key()]))
                .collect::<Vec<_>>(),
        }));
    }
    let mut text = serde_json::to_string_pretty(&json!({
        "about": "Written by tests/search_cases.rs: for every shared case, the files a first query loads and the Rust ranking as [url, matched, phrase, exact, round(score * 1e6)]. search.js must load and produce exactly this.",
        "cases": rankings,
    }))
    .unwrap_or_default();
    text.push('\n');
    keep(&out_dir.join("rankings.json"), text.as_bytes(), &mut stale);

    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
    assert!(
        stale.is_empty(),
        "out of date (rewrite with CONGKHAI_BLESS=1 cargo test --test search_cases):\n{}",
        stale.join("\n")
    );
}

fn hit_urls(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.url.as_str()).collect()
}
