//! Times the search index build of a bilingual 10,000-page site (5,000 pages in each
//! language, 500 words a page, the corpus of `tests/search_size.rs`), both languages at
//! once as `congkhai build` makes them. Figures for BENCHMARKS.md:
//!
//! ```text
//! cargo run --release --example search_bench [-- PAGES RUNS]
//! ```

#[path = "../tests/search_corpus/mod.rs"]
mod search_corpus;

use congkhai::search::{build_index, SearchDoc};
use rayon::prelude::*;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let pages: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
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
    for _ in 0..runs {
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
        "index build: best {:.1?}, median {:.1?} over {runs} runs; {files} files, {:.1} MB",
        times[0],
        times[times.len() / 2],
        bytes as f64 / 1e6
    );
}
