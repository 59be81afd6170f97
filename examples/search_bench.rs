//! Search index figures for BENCHMARKS.md.
//!
//! ```text
//! cargo run --release --example search_bench [-- PAGES RUNS]
//! cargo run --release --example search_bench -- --site OUTPUT_DIR [QUERY...]
//! ```
//!
//! The first form times the index build of a bilingual site of PAGES synthetic pages
//! (default 10,000: 5,000 in each language, 500 words a page, the corpus of
//! `tests/search_size.rs`), both languages at once as `congkhai build` makes them, best
//! and median of RUNS (default 7).
//!
//! The second reads the indexes of a site already built (`search/<lang>/` under
//! OUTPUT_DIR): their size beside the site's HTML, and what a first query downloads.

#[path = "../tests/common/rng.rs"]
mod rng;
#[path = "../tests/common/search_corpus.rs"]
mod search_corpus;

use congkhai::search::rank::first_query_files;
use congkhai::search::{build_index, search, IndexFile, LoadedIndex, SearchDoc};
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--site") => match args.get(1) {
            Some(dir) => site(Path::new(dir), &args[2..]),
            None => eprintln!("usage: search_bench --site OUTPUT_DIR [QUERY...]"),
        },
        _ => build_time(
            args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000),
            args.get(1).and_then(|a| a.parse().ok()).unwrap_or(7),
        ),
    }
}

fn build_time(pages: usize, runs: usize) {
    let docs = search_corpus::corpus(pages, 50, 0x00C0_46C4_A1A1);
    let (vi, en): (Vec<SearchDoc>, Vec<SearchDoc>) =
        docs.into_iter().partition(|d| !d.url.starts_with("en/"));
    let text: usize = vi
        .iter()
        .chain(&en)
        .map(|d| d.title.len() + d.summary.len() + d.body.len())
        .sum();
    println!(
        "{pages} pages ({} vi, {} en), {:.1} MB of text, {} threads",
        vi.len(),
        en.len(),
        text as f64 / 1e6,
        rayon::current_num_threads()
    );
    let mut times: Vec<Duration> = Vec::new();
    let mut bytes = 0;
    let mut files = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let built: Vec<_> = [("vi", &vi), ("en", &en)]
            .into_par_iter()
            .map(|(lang, docs)| build_index(lang, docs))
            .collect();
        times.push(started.elapsed());
        bytes = built.iter().flatten().map(|f| f.bytes.len()).sum();
        files = built.iter().map(Vec::len).sum();
    }
    times.sort();
    println!(
        "index build: best {:.1?}, median {:.1?} over {} runs; {files} files, {:.1} MB",
        times[0],
        times[times.len() / 2],
        times.len(),
        bytes as f64 / 1e6
    );
}

fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, std::fs::read(e.path()).ok()?))
        })
        .collect()
}

fn kb(b: usize) -> String {
    format!("{:.1} KB", b as f64 / 1024.0)
}

fn site(out: &Path, queries: &[String]) {
    let all = files_under(out);
    let html: usize = all
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("search/"))
        .map(|(_, b)| b.len())
        .sum();
    let pages = all.iter().filter(|(p, _)| p.ends_with(".html")).count();
    println!(
        "{}: {pages} HTML files, {} of HTML",
        out.display(),
        kb(html)
    );
    let mut total = 0;
    let langs = files_under(&out.join("search"))
        .into_iter()
        .filter_map(|(p, _)| p.strip_suffix("/manifest.js").map(str::to_string))
        .collect::<Vec<_>>();
    for lang in langs {
        let files: Vec<IndexFile> = files_under(&out.join("search").join(&lang))
            .into_iter()
            .map(|(rel, bytes)| IndexFile {
                path: format!("search/{lang}/{rel}"),
                bytes,
            })
            .collect();
        let index = match LoadedIndex::from_files(&files) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let size = index.total_size();
        total += size;
        println!(
            "  {lang}: {} documents, {} files, {} ({} words, {} pairs)",
            index.doc_count(),
            files.len(),
            kb(size),
            index.word_count(),
            index.pair_count()
        );
        for q in queries {
            let needed = first_query_files(&index, q);
            let bytes: usize = needed.iter().filter_map(|f| index.file_size(f)).sum();
            let hits = search(&index, q).len();
            if hits > 0 {
                println!(
                    "    first query {q:?}: {} in {} files, {hits} results",
                    kb(bytes),
                    needed.len()
                );
            }
        }
    }
    println!(
        "  all indexes: {} = {:.1} % of the HTML",
        kb(total),
        100.0 * total as f64 / html.max(1) as f64
    );
}
