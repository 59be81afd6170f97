//! What `watch` pays for the search index after a one-page edit.
//!
//! ```text
//! cargo run --release --example search_edit_bench [-- PAGES EDITS]
//! ```
//!
//! Takes the Vietnamese half of a site of PAGES synthetic pages (default 10,000, so
//! 5,000 documents: one language's index, as `watch` rebuilds it), fills an
//! [`IndexCache`] with a first build, then times `build_index_cached` after EDITS
//! (default 20) one-page edits of three kinds: a word of a body replaced by another
//! word already in the index, a word never seen before added (the vocabulary grows),
//! and that word taken out again. Each result is checked against a clean build once.

#[path = "../tests/common/rng.rs"]
mod rng;
#[path = "../tests/common/search_corpus.rs"]
mod search_corpus;

use congkhai::search::{build_index, build_index_cached, IndexCache, SearchDoc};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let edits: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut docs: Vec<SearchDoc> = search_corpus::corpus(pages, 50, 0x00C0_46C4_A1A1)
        .into_iter()
        .filter(|d| !d.url.starts_with("en/"))
        .collect();
    let n = docs.len();
    println!("{n} documents");

    let started = Instant::now();
    let clean = build_index("vi", &docs);
    println!("clean build: {:.1?}", started.elapsed());

    let mut cache = IndexCache::default();
    let started = Instant::now();
    let first = build_index_cached("vi", docs.clone(), &mut cache);
    println!("first cached build: {:.1?}", started.elapsed());
    assert!(
        first == clean,
        "the first cached build differs from a clean one"
    );

    let kinds = ["word replaced", "new word added", "new word removed"];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
    for e in 0..edits.max(1) {
        let at = (e * 7919 + 13) % n;
        for (k, times) in times.iter_mut().enumerate() {
            let body = &mut docs[at].body;
            match k {
                0 => {
                    // Swap the first two words that differ: the vocabulary stays the same.
                    let words: Vec<&str> = body.split(' ').collect();
                    let i = (1..words.len())
                        .find(|&i| words[i] != words[0])
                        .unwrap_or(0);
                    let mut swapped: Vec<&str> = words.clone();
                    swapped.swap(0, i);
                    *body = swapped.join(" ");
                }
                1 => body.push_str(&format!(" chữmới{e}")),
                _ => {
                    let cut = body.rfind(' ').unwrap_or(0);
                    body.truncate(cut);
                }
            }
            let input = docs.clone();
            let started = Instant::now();
            let files = build_index_cached("vi", input, &mut cache);
            times.push(started.elapsed());
            if e == 0 {
                assert!(
                    files == build_index("vi", &docs),
                    "after \"{}\" the cached build differs from a clean one",
                    kinds[k]
                );
            }
        }
    }
    for (kind, mut t) in kinds.iter().zip(times) {
        t.sort();
        println!(
            "{kind}: best {:.1?}, median {:.1?}, worst {:.1?} over {} edits",
            t[0],
            t[t.len() / 2],
            t[t.len() - 1],
            t.len()
        );
    }
}
