//! The reference ranking. `search.js` implements the same steps in the same order; the
//! shared cases in `tests/search_cases.json` check that the two agree to the last digit
//! of the rounded score.
//!
//! 1. The query is split and folded ([`parse_query`]). The last word, if still being
//!    typed, also matches up to `max_expansions` longer words it begins, the most
//!    widespread first.
//! 2. A document matches a query word if it holds the word (or one of its expansions).
//!    Results are the documents that match the most query words: all of them when any
//!    document does, so a typo in one word narrows instead of emptying the list.
//! 3. Results are ordered by, in turn:
//!    - `phrase`: the longest run of consecutive query words found side by side, so
//!      "dau tu cong" puts "đầu tư công" before pages with the three words apart;
//!    - `exact`: how many of the words typed with diacritics occur spelled exactly so
//!      (tone placement aside), so "hòa" puts "hòa"/"hoà" before "hóa";
//!    - `score`: BM25 over the weighted term frequency (title ×5, tags, places,
//!      headings and summary ×2, body ×1), rounded to 6 decimals so both sides compare
//!      equal numbers; a match through an expansion counts half;
//!    - the document's place in the index.

use std::collections::{BTreeMap, BTreeSet};

use super::index::file_key;
use super::js_cmp;
use super::load::LoadedIndex;
use super::tokenize::QueryWord;
use super::Rules;

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub url: String,
    pub title: String,
    pub section: String,
    /// Query words this document holds.
    pub matched: usize,
    /// Longest run of consecutive query words found side by side.
    pub phrase: usize,
    /// Words typed with diacritics that occur spelled exactly so.
    pub exact: usize,
    pub score: f64,
}

impl Hit {
    /// The score as compared: an integer, identical in Rust and JavaScript.
    pub fn score_key(&self) -> i64 {
        (self.score * 1e6).round() as i64
    }
}

/// Splits a query with the limits from the index's rules (the same numbers `search.js`
/// reads from the manifest).
pub fn parse_query(query: &str, rules: &Rules) -> Vec<QueryWord> {
    let mut words = super::tokenize::parse_query(query);
    words.truncate(rules.max_query_words);
    if let Some(last) = words.last_mut() {
        last.prefix = last.prefix && last.folded.chars().count() >= rules.min_prefix_chars;
    }
    words
}

/// A query word and the index terms it matches (`true`: an expansion of a prefix).
#[derive(Debug, Clone)]
pub struct ResolvedWord {
    pub word: QueryWord,
    pub terms: Vec<(String, bool)>,
}

/// What a query needs, in the order `search.js` loads it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub words: Vec<ResolvedWord>,
    /// File keys (`manifest`, `d/0`, `t/12`…).
    pub files: Vec<String>,
}

/// The index of the last entry of `firsts` that is ≤ `term`: the file whose range holds it.
fn file_for(firsts: &[String], term: &str) -> Option<usize> {
    let after = firsts.partition_point(|f| js_cmp(f, term) != std::cmp::Ordering::Greater);
    after.checked_sub(1)
}

fn push_unique(files: &mut Vec<String>, key: String) {
    if !files.contains(&key) {
        files.push(key);
    }
}

pub fn plan(index: &LoadedIndex, query: &str) -> Plan {
    let mut files = vec!["manifest".to_string()];
    let mut words = Vec::new();
    for word in parse_query(query, &index.rules) {
        let mut terms = vec![(word.folded.clone(), false)];
        if word.prefix {
            let p = word.folded.as_str();
            let mut candidates: Vec<(&str, u32)> = Vec::new();
            // The file holding `p`, then every following file whose first term still
            // begins with `p`: terms that begin with `p` sort right after it.
            let (mut n, mut check) = match file_for(&index.dict_firsts, p) {
                Some(i) => (i, false),
                None => (0, true),
            };
            while n < index.dict_firsts.len() {
                if check && !index.dict_firsts[n].starts_with(p) {
                    break;
                }
                push_unique(&mut files, file_key("d", n));
                if let Some(entries) = index.dict.get(n) {
                    candidates.extend(
                        entries
                            .iter()
                            .filter(|(t, _)| t.starts_with(p) && t != p)
                            .map(|(t, df)| (t.as_str(), *df)),
                    );
                }
                n += 1;
                check = true;
            }
            candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| js_cmp(a.0, b.0)));
            terms.extend(
                candidates
                    .into_iter()
                    .take(index.rules.max_expansions)
                    .map(|(t, _)| (t.to_string(), true)),
            );
        }
        words.push(ResolvedWord { word, terms });
    }
    for w in &words {
        for (t, _) in &w.terms {
            if let Some(n) = file_for(&index.shard_firsts, t) {
                push_unique(&mut files, file_key("t", n));
            }
        }
    }
    Plan { words, files }
}

/// Per document, what each query word found.
struct Acc {
    matched: Vec<bool>,
    best: Vec<f64>,
    exact: Vec<bool>,
    positions: Vec<Vec<u32>>,
}

/// The longest run of consecutive query words at consecutive positions.
fn longest_run(positions: &[Vec<u32>]) -> usize {
    let mut best = 0;
    let mut prev: Vec<(u32, usize)> = Vec::new();
    for ps in positions {
        let mut cur = Vec::with_capacity(ps.len());
        for &p in ps {
            let run = match p.checked_sub(1) {
                Some(q) => match prev.binary_search_by_key(&q, |&(pos, _)| pos) {
                    Ok(i) => prev[i].1 + 1,
                    Err(_) => 1,
                },
                None => 1,
            };
            best = best.max(run);
            cur.push((p, run));
        }
        prev = cur;
    }
    best
}

/// All results for `query`, best first.
pub fn search(index: &LoadedIndex, query: &str) -> Vec<Hit> {
    let plan = plan(index, query);
    let n_words = plan.words.len();
    let n_docs = index.doc_count();
    if n_words == 0 || n_docs == 0 {
        return Vec::new();
    }
    let rules = &index.rules;
    let total: f64 = index.lengths.iter().map(|&l| l as f64).sum();
    let avgdl = total / n_docs as f64;
    let mut acc: BTreeMap<u32, Acc> = BTreeMap::new();
    for (i, rw) in plan.words.iter().enumerate() {
        for (term, expansion) in &rw.terms {
            let Some(t) = index.term(term) else { continue };
            let df = t.postings.len() as f64;
            let idf = (1.0 + (n_docs as f64 - df + 0.5) / (df + 0.5)).ln();
            let exact_bit = if rw.word.diacritics && !expansion {
                t.variants
                    .iter()
                    .position(|v| *v == rw.word.exact)
                    .filter(|&j| j < 31)
                    .map(|j| 1u32 << j)
            } else {
                None
            };
            let factor = if *expansion { rules.prefix_weight } else { 1.0 };
            for p in &t.postings {
                let wtf: f64 = p.positions.iter().map(|&x| rules.weight_at(x) as f64).sum();
                let dl = index.lengths.get(p.doc as usize).copied().unwrap_or(0) as f64;
                let norm = rules.k1 * (1.0 - rules.b + rules.b * dl / avgdl);
                let s = idf * (wtf * (rules.k1 + 1.0)) / (wtf + norm) * factor;
                let a = acc.entry(p.doc).or_insert_with(|| Acc {
                    matched: vec![false; n_words],
                    best: vec![0.0; n_words],
                    exact: vec![false; n_words],
                    positions: vec![Vec::new(); n_words],
                });
                a.matched[i] = true;
                if s > a.best[i] {
                    a.best[i] = s;
                }
                if exact_bit.is_some_and(|bit| p.mask & bit != 0) {
                    a.exact[i] = true;
                }
                a.positions[i].extend(&p.positions);
            }
        }
    }
    let most = acc
        .values()
        .map(|a| a.matched.iter().filter(|m| **m).count())
        .max()
        .unwrap_or(0);
    let mut hits: Vec<Hit> = acc
        .into_iter()
        .filter_map(|(doc, mut a)| {
            let matched = a.matched.iter().filter(|m| **m).count();
            if matched < most || most == 0 {
                return None;
            }
            for ps in &mut a.positions {
                let set: BTreeSet<u32> = ps.iter().copied().collect();
                *ps = set.into_iter().collect();
            }
            let view = index.doc(doc as usize)?;
            Some(Hit {
                doc: doc as usize,
                url: view.url.clone(),
                title: view.title.clone(),
                section: view.section.clone(),
                matched,
                phrase: longest_run(&a.positions),
                exact: a.exact.iter().filter(|e| **e).count(),
                score: a.best.iter().sum(),
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.phrase
            .cmp(&a.phrase)
            .then(b.exact.cmp(&a.exact))
            .then(b.score_key().cmp(&a.score_key()))
            .then(a.doc.cmp(&b.doc))
    });
    hits
}

/// Every file a first query downloads, in load order: the manifest, the dictionary files
/// for a prefix, the term shards, then the excerpt files of the first page of results.
pub fn first_query_files(index: &LoadedIndex, query: &str) -> Vec<String> {
    let mut files = plan(index, query).files;
    for hit in search(index, query).iter().take(index.rules.page_size) {
        push_unique(&mut files, file_key("x", hit.doc / index.chunk));
    }
    files
}
