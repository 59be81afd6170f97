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
//!    - `phrase`: the longest run of consecutive query words of which each neighbouring
//!      two stand side by side somewhere in the document (the index keeps adjacent
//!      pairs, not positions), so "dau tu cong" puts "đầu tư công" before pages with
//!      the three words apart;
//!    - `exact`: how many of the words typed with diacritics occur spelled exactly so
//!      (tone placement aside), so "hòa" puts "hòa"/"hoà" before "hóa";
//!    - `score`: BM25 over the weighted term frequency (title ×5, tags, places,
//!      headings and summary ×2, body ×1), rounded to 6 decimals so both sides compare
//!      equal numbers; a match through an expansion counts half;
//!    - the document's place in the index.

use std::collections::BTreeMap;

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
    /// Longest run of consecutive query words whose neighbouring pairs stand side by
    /// side in the document (1 when none do).
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
    /// For each two neighbouring query words, the `(left, right)` terms whose pairing
    /// counts as the two side by side.
    pub pairs: Vec<Vec<(String, String)>>,
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
    let pairs: Vec<Vec<(String, String)>> = words
        .windows(2)
        .map(|w| {
            let mut v = Vec::new();
            for (l, _) in &w[0].terms {
                for (r, _) in &w[1].terms {
                    v.push((l.clone(), r.clone()));
                }
            }
            v
        })
        .collect();
    let keys = words
        .iter()
        .flat_map(|w| w.terms.iter().map(|(t, _)| t.clone()))
        .chain(pairs.iter().flatten().map(|(l, r)| format!("{l} {r}")));
    for key in keys {
        if let Some(n) = file_for(&index.shard_firsts, &key) {
            push_unique(&mut files, file_key("t", n));
        }
    }
    // Exact spellings are only read for words typed with diacritics.
    for w in words.iter().filter(|w| w.word.diacritics) {
        if let Some(n) = file_for(&index.shard_firsts, &w.word.folded) {
            push_unique(&mut files, file_key("v", n));
        }
    }
    Plan {
        words,
        pairs,
        files,
    }
}

/// Per document, what each query word found.
struct Acc {
    matched: Vec<bool>,
    best: Vec<f64>,
    exact: Vec<bool>,
    /// `adjacent[i]`: query words `i` and `i + 1` stand side by side.
    adjacent: Vec<bool>,
}

/// 1 + the longest run of `true`: the number of words in the longest chain.
fn longest_run(adjacent: &[bool]) -> usize {
    let (mut best, mut run) = (0, 0);
    for &a in adjacent {
        run = if a { run + 1 } else { 0 };
        best = best.max(run);
    }
    best + 1
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
                let wtf = p.wtf as f64;
                let dl = index.lengths.get(p.doc as usize).copied().unwrap_or(0) as f64;
                let norm = rules.k1 * (1.0 - rules.b + rules.b * dl / avgdl);
                let s = idf * (wtf * (rules.k1 + 1.0)) / (wtf + norm) * factor;
                let a = acc.entry(p.doc).or_insert_with(|| Acc {
                    matched: vec![false; n_words],
                    best: vec![0.0; n_words],
                    exact: vec![false; n_words],
                    adjacent: vec![false; n_words - 1],
                });
                a.matched[i] = true;
                if s > a.best[i] {
                    a.best[i] = s;
                }
                if exact_bit.is_some_and(|bit| p.mask & bit != 0) {
                    a.exact[i] = true;
                }
            }
        }
    }
    for (i, candidates) in plan.pairs.iter().enumerate() {
        for (l, r) in candidates {
            for doc in index.pair(l, r) {
                if let Some(a) = acc.get_mut(doc) {
                    a.adjacent[i] = true;
                }
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
        .filter_map(|(doc, a)| {
            let matched = a.matched.iter().filter(|m| **m).count();
            if matched < most || most == 0 {
                return None;
            }
            let view = index.doc(doc as usize)?;
            Some(Hit {
                doc: doc as usize,
                url: view.url.clone(),
                title: view.title.clone(),
                section: view.section.clone(),
                matched,
                phrase: longest_run(&a.adjacent),
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

#[cfg(test)]
mod tests {
    use super::super::{build_index, SearchDoc};
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            section: "Tin tức".into(),
            body: body.into(),
            ..SearchDoc::default()
        }
    }

    fn index(docs: &[SearchDoc]) -> LoadedIndex {
        match LoadedIndex::from_files(&build_index("vi", docs)) {
            Ok(i) => i,
            Err(e) => panic!("{e}"),
        }
    }

    fn urls(idx: &LoadedIndex, q: &str) -> Vec<String> {
        search(idx, q).into_iter().map(|h| h.url).collect()
    }

    #[test]
    fn d_with_stroke_is_found_by_plain_d() {
        let idx = index(&[
            doc("a/", "Chỉnh trang đường phố", "Lát lại vỉa hè."),
            doc("b/", "Văn hóa", "Không liên quan."),
        ]);
        assert_eq!(urls(&idx, "duong"), ["a/"]);
        assert_eq!(urls(&idx, "DUONG PHO"), ["a/"]);
        assert_eq!(urls(&idx, "đường"), ["a/"]);
    }

    #[test]
    fn both_tone_placements_find_each_other_and_rank_as_exact() {
        let idx = index(&[
            doc("hoa-hoc/", "Hóa học", "hóa học hóa học"),
            doc("old/", "Điều hoà", "vốn"),
            doc("new/", "Điều hòa", "vốn"),
        ]);
        for q in ["hoà", "hòa"] {
            let hits = search(&idx, q);
            let order: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
            assert_eq!(order.len(), 3, "{q}");
            // Both spellings of hòa are exact; hóa only folds to the same letters.
            assert_eq!(&order[2..], ["hoa-hoc/"], "{q}");
            assert_eq!(hits[0].exact, 1);
            assert_eq!(hits[2].exact, 0);
        }
        // Typed bare, no spelling is preferred.
        let bare = search(&idx, "hoa");
        assert_eq!(bare.len(), 3);
        assert!(bare.iter().all(|h| h.exact == 0));
    }

    #[test]
    fn nfd_documents_and_nfd_queries_match_nfc_ones() {
        let nfd = |s: &str| s.nfd().collect::<String>();
        let idx = index(&[
            doc("nfd/", &nfd("Phường Tứ Liên"), &nfd("Hội chợ việc làm")),
            doc("nfc/", "Phường Thụy Khuê", "Hội chợ OCOP"),
        ]);
        assert_eq!(urls(&idx, "tu lien"), ["nfd/"]);
        assert_eq!(urls(&idx, "Tứ Liên"), ["nfd/"]);
        assert_eq!(urls(&idx, &nfd("Thụy Khuê")), ["nfc/"]);
        let exact = search(&idx, &nfd("Tứ Liên"));
        assert_eq!(exact.first().map(|h| h.exact), Some(2));
    }

    #[test]
    fn phrase_matches_rank_above_scattered_words() {
        let idx = index(&[
            doc(
                "scattered/",
                "Công tác đầu năm",
                "Tư vấn công khai, đầu mối công việc, tư liệu công bố.",
            ),
            doc(
                "phrase/",
                "Giải ngân",
                "Tăng tỷ lệ giải ngân vốn đầu tư công.",
            ),
        ]);
        let hits = search(&idx, "dau tu cong");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].url, "phrase/");
        assert_eq!(hits[0].phrase, 3);
        assert!(hits[1].phrase < 3);
        // The scattered page has the words in its title and more often: without the
        // phrase tier it would win on score.
        assert!(hits[1].score > hits[0].score);
    }

    #[test]
    fn phrases_do_not_run_across_fields_or_headings() {
        let idx = index(&[SearchDoc {
            url: "a/".into(),
            title: "Kế hoạch đầu".into(),
            headings: vec!["tư".into(), "công".into()],
            ..SearchDoc::default()
        }]);
        assert_eq!(
            search(&idx, "dau tu cong").first().map(|h| h.phrase),
            Some(1)
        );
    }

    #[test]
    fn title_matches_outrank_body_matches() {
        let idx = index(&[
            doc(
                "body/",
                "Tin tổng hợp",
                "Tổ chức hội chợ OCOP tại phố đi bộ.",
            ),
            doc(
                "title/",
                "Hội chợ OCOP",
                "Tổ chức tại phố đi bộ Trịnh Công Sơn.",
            ),
        ]);
        assert_eq!(urls(&idx, "ocop"), ["title/", "body/"]);
    }

    #[test]
    fn last_word_is_a_prefix_while_typed() {
        let idx = index(&[
            doc("a/", "Đầu tư công", "Giải ngân."),
            doc("b/", "Đầu tư", "Cống thoát nước."),
            doc("c/", "Khác", "Không có."),
        ]);
        let hits = search(&idx, "dau tu con");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].url, "a/");
        // Finished words are not prefixes: "con" alone is no word of any page.
        assert_eq!(urls(&idx, "con "), Vec::<String>::new());
        // A match through an expansion counts half of a whole-word match.
        let whole = search(&idx, "cong ");
        let part = search(&idx, "con");
        assert_eq!(whole[0].url, part[0].url);
        assert!((part[0].score - whole[0].score * 0.5).abs() < 1e-9);
    }

    #[test]
    fn english_is_folded_and_ranked_too() {
        let idx = index(&[
            doc(
                "a/",
                "Public investment",
                "Disbursement of public investment capital.",
            ),
            doc("b/", "Job fair", "Public employment services."),
        ]);
        assert_eq!(urls(&idx, "Public Investment"), ["a/"]);
        assert_eq!(urls(&idx, "public"), ["a/", "b/"]);
        assert_eq!(urls(&idx, "employ"), ["b/"]);
    }

    #[test]
    fn a_word_no_page_has_narrows_instead_of_emptying() {
        let idx = index(&[
            doc("a/", "Hội chợ OCOP", "phố đi bộ"),
            doc("b/", "Hội chợ việc làm", "phường Tứ Liên"),
        ]);
        let hits = search(&idx, "hoi cho ocopp ");
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.matched == 2));
        assert_eq!(urls(&idx, "hoi cho ocop"), ["a/"]);
        assert!(search(&idx, "zzz").is_empty());
        assert!(search(&idx, "  ,.; ").is_empty());
    }

    #[test]
    fn ties_keep_document_order() {
        let idx = index(&[doc("a/", "x", "chung"), doc("b/", "x", "chung")]);
        assert_eq!(urls(&idx, "chung"), ["a/", "b/"]);
    }

    #[test]
    fn longest_run_counts_words_in_the_longest_chain() {
        assert_eq!(longest_run(&[true, true]), 3);
        assert_eq!(longest_run(&[false, true, true, false, true]), 3);
        assert_eq!(longest_run(&[false]), 1);
        assert_eq!(longest_run(&[]), 1);
    }

    #[test]
    fn first_query_files_name_what_the_browser_loads() {
        let idx = index(&[doc("a/", "Đầu tư công", "x"), doc("b/", "y", "z")]);
        let files = first_query_files(&idx, "dau tu cong");
        assert_eq!(files[0], "manifest");
        assert!(files.iter().any(|f| f.starts_with("d/")));
        assert!(files.iter().any(|f| f.starts_with("t/")));
        assert_eq!(files.last().map(String::as_str), Some("x/0"));
    }
}
