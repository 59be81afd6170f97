//! Building the index files.
//!
//! Each document gets one position space: the title from 0, tags, places, headings and
//! the summary from [`Rules::label_start`], the body from [`Rules::body_start`], with a
//! skipped position between segments so that a phrase never runs from one heading into
//! the next. A position therefore tells both adjacency (for phrases) and which field it
//! is in (for the title boost), and no per-document field table is needed.
//!
//! A term shard is a JSON array of `[folded, variants, postings]`. `variants` lists the
//! exact keys seen for that folded term, most widespread first; `[]` means the only
//! variant is the folded form itself. `postings` is a string of [`codec`] numbers, one
//! entry per document in ascending order:
//!
//! ```text
//! header   = gap·4 + min(count−1, 3)    gap = doc − previous doc − 1 (first: doc)
//! [count−4]                            only when count−1 ≥ 3
//! [mask]                               only with 2+ variants: bit i = variants[i] occurs
//! first position, then each next position − previous − 1
//! ```

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::codec;
use super::tokenize::{exact_key, words};
use super::{js_cmp, IndexFile, Rules, SearchDoc};
use crate::text::{fold, nfc, slugify};

/// A term shard is closed once it reaches this size; a single term larger than this gets
/// a shard to itself. Smaller shards mean a rare query word drags in fewer neighbours.
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;
/// Dictionary files are read for prefix expansion only.
pub const DICT_TARGET_BYTES: usize = 8 * 1024;
/// Documents per excerpt file: a first page of results touches up to `page_size` of them.
pub const EXCERPT_CHUNK_DOCS: usize = 4;
/// Excerpts are cut from the summary and the start of the body, up to this many bytes:
/// storing whole bodies would make the index as large as the site.
pub const EXCERPT_SOURCE_BYTES: usize = 480;
/// Variants past this many (by spread) are not tracked for exact matching: the mask is a
/// 31-bit integer in JavaScript. Vietnamese needs at most a dozen per folded syllable.
pub const MAX_VARIANTS: usize = 30;

/// The key a file registers under, and its path below `search/<lang>/`.
pub(crate) fn file_key(kind: &str, n: usize) -> String {
    format!("{kind}/{n}")
}

fn wrap(key: &str, data: Value) -> Vec<u8> {
    let mut s = String::from("congkhaiSearch.add(");
    s.push_str(&json!([key, data]).to_string());
    s.push_str(");\n");
    s.into_bytes()
}

/// The occurrences of one folded term in one document, per exact variant.
struct DocTerm {
    folded: String,
    variants: Vec<(String, Vec<u32>)>,
}

struct DocTerms {
    len: u32,
    terms: Vec<DocTerm>,
}

/// Lays out one document's fields in its position space and groups occurrences by term.
fn analyse(doc: &SearchDoc, rules: &Rules) -> DocTerms {
    fn segment<'a>(text: &'a str, pos: &mut u32, occ: &mut Vec<(u32, &'a str)>) {
        let before = occ.len();
        for w in words(text) {
            occ.push((*pos, w.text));
            *pos += 1;
        }
        if occ.len() > before {
            // The skipped position keeps phrases inside their segment.
            *pos += 1;
        }
    }
    let mut occurrences: Vec<(u32, &str)> = Vec::new();
    let mut pos: u32 = 0;
    segment(&doc.title, &mut pos, &mut occurrences);
    pos = pos.max(rules.label_start);
    for label in doc.tags.iter().chain(&doc.places).chain(&doc.headings) {
        segment(label, &mut pos, &mut occurrences);
    }
    segment(&doc.summary, &mut pos, &mut occurrences);
    pos = pos.max(rules.body_start);
    segment(&doc.body, &mut pos, &mut occurrences);

    let mut forms: HashMap<&str, (String, String)> = HashMap::new();
    let mut by_term: HashMap<String, HashMap<String, Vec<u32>>> = HashMap::new();
    for &(p, raw) in &occurrences {
        let (folded, exact) = forms
            .entry(raw)
            .or_insert_with(|| (fold(raw), exact_key(raw)));
        if folded.is_empty() {
            continue;
        }
        by_term
            .entry(folded.clone())
            .or_default()
            .entry(exact.clone())
            .or_default()
            .push(p);
    }
    let mut terms: Vec<DocTerm> = by_term
        .into_iter()
        .map(|(folded, vars)| {
            let mut variants: Vec<(String, Vec<u32>)> = vars.into_iter().collect();
            variants.sort_by(|a, b| a.0.cmp(&b.0));
            DocTerm { folded, variants }
        })
        .collect();
    terms.sort_by(|a, b| a.folded.cmp(&b.folded));
    DocTerms {
        len: occurrences.len() as u32,
        terms,
    }
}

/// Everything known about one folded term across the corpus, in document order.
#[derive(Default)]
struct TermBuild {
    variant_ids: HashMap<String, usize>,
    variant_names: Vec<String>,
    variant_docs: Vec<u32>,
    docs: Vec<u32>,
    /// Variant ids present in each document: `entry_variants[entry_starts[i]..entry_starts[i+1]]`.
    entry_variants: Vec<u32>,
    entry_starts: Vec<u32>,
    positions: Vec<u32>,
    pos_starts: Vec<u32>,
}

impl TermBuild {
    fn add(&mut self, doc: u32, t: DocTerm) {
        self.docs.push(doc);
        self.entry_starts.push(self.entry_variants.len() as u32);
        self.pos_starts.push(self.positions.len() as u32);
        let mut merged: Vec<u32> = Vec::new();
        for (exact, ps) in t.variants {
            let next_id = self.variant_names.len();
            let id = *self.variant_ids.entry(exact.clone()).or_insert(next_id);
            if id == next_id {
                self.variant_names.push(exact);
                self.variant_docs.push(0);
            }
            self.variant_docs[id] += 1;
            self.entry_variants.push(id as u32);
            merged.extend(ps);
        }
        merged.sort_unstable();
        self.positions.extend(merged);
    }

    /// The variants by spread, then spelling; and the old id → new rank map.
    fn ordered_variants(&self) -> (Vec<String>, Vec<usize>) {
        let mut order: Vec<usize> = (0..self.variant_names.len()).collect();
        order.sort_by(|&a, &b| {
            self.variant_docs[b]
                .cmp(&self.variant_docs[a])
                .then_with(|| self.variant_names[a].cmp(&self.variant_names[b]))
        });
        let mut rank = vec![0; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id] = r;
        }
        let names = order
            .iter()
            .map(|&id| self.variant_names[id].clone())
            .collect();
        (names, rank)
    }

    fn encode(&self, folded: &str) -> Value {
        let (variants, rank) = self.ordered_variants();
        let masked = variants.len() > 1;
        let mut out = String::new();
        let mut prev: Option<u32> = None;
        for i in 0..self.docs.len() {
            let doc = self.docs[i];
            let gap = match prev {
                Some(p) => doc - p - 1,
                None => doc,
            };
            prev = Some(doc);
            let p_lo = self.pos_starts[i] as usize;
            let p_hi = self
                .pos_starts
                .get(i + 1)
                .map_or(self.positions.len(), |&v| v as usize);
            let count = (p_hi - p_lo) as u64;
            let extra = count.saturating_sub(1);
            codec::put(&mut out, (gap as u64) * 4 + extra.min(3));
            if extra >= 3 {
                codec::put(&mut out, extra - 3);
            }
            if masked {
                let v_lo = self.entry_starts[i] as usize;
                let v_hi = self
                    .entry_starts
                    .get(i + 1)
                    .map_or(self.entry_variants.len(), |&v| v as usize);
                let mut mask: u64 = 0;
                for &id in &self.entry_variants[v_lo..v_hi] {
                    let r = rank[id as usize];
                    if r < MAX_VARIANTS {
                        mask |= 1 << r;
                    }
                }
                codec::put(&mut out, mask);
            }
            let mut last: Option<u32> = None;
            for &p in &self.positions[p_lo..p_hi] {
                codec::put(
                    &mut out,
                    match last {
                        Some(l) => (p - l - 1) as u64,
                        None => p as u64,
                    },
                );
                last = Some(p);
            }
        }
        let listed: Vec<String> = if variants.len() == 1 && variants[0] == folded {
            Vec::new()
        } else {
            variants.into_iter().take(MAX_VARIANTS).collect()
        };
        json!([folded, listed, out])
    }
}

/// Cuts `text` to at most `max` bytes, at a word end when there is one.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.rfind(char::is_whitespace) {
        Some(ws) if ws > 0 => head[..ws].trim_end(),
        _ => head,
    }
}

fn excerpt_source(doc: &SearchDoc) -> String {
    let summary = doc.summary.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = doc.body.split_whitespace().collect::<Vec<_>>().join(" ");
    let joined = match (summary.is_empty(), body.is_empty()) {
        (true, _) => body,
        (false, true) => summary,
        (false, false) => format!("{summary}\n{body}"),
    };
    nfc(cut(&joined, EXCERPT_SOURCE_BYTES)).into_owned()
}

/// Splits `records` into files of about `target` bytes each; returns the files' data and
/// the first term of each.
fn partition(records: Vec<(String, Value)>, target: usize) -> (Vec<Value>, Vec<String>) {
    let mut files = Vec::new();
    let mut firsts = Vec::new();
    let mut current: Vec<Value> = Vec::new();
    let mut size = 0;
    for (term, record) in records {
        if current.is_empty() {
            firsts.push(term);
        }
        size += record.to_string().len() + 1;
        current.push(record);
        if size >= target {
            files.push(Value::Array(std::mem::take(&mut current)));
            size = 0;
        }
    }
    if !current.is_empty() {
        files.push(Value::Array(current));
    }
    (files, firsts)
}

/// Builds the index of one language. Documents keep the order given (a document's
/// number is its place in `docs`, which also breaks ties in ranking); the bytes depend
/// only on the input.
pub fn build_index(lang: &str, docs: &[SearchDoc]) -> Vec<IndexFile> {
    build_index_with(lang, docs, &Rules::default())
}

pub(crate) fn build_index_with(lang: &str, docs: &[SearchDoc], rules: &Rules) -> Vec<IndexFile> {
    let lang_dir = match slugify(lang) {
        s if s.is_empty() => "und".to_string(),
        s => s,
    };
    let analysed: Vec<DocTerms> = docs.par_iter().map(|d| analyse(d, rules)).collect();

    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut terms: Vec<TermBuild> = Vec::new();
    let mut lengths = String::new();
    for (doc, a) in analysed.into_iter().enumerate() {
        codec::put(&mut lengths, a.len as u64);
        for t in a.terms {
            let id = match ids.get(&t.folded) {
                Some(&id) => id,
                None => {
                    ids.insert(t.folded.clone(), names.len());
                    names.push(t.folded.clone());
                    terms.push(TermBuild::default());
                    names.len() - 1
                }
            };
            terms[id].add(doc as u32, t);
        }
    }

    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| js_cmp(&names[a], &names[b]));

    let encoded: Vec<Value> = order
        .par_iter()
        .map(|&id| terms[id].encode(&names[id]))
        .collect();
    let shard_records = order
        .iter()
        .zip(encoded)
        .map(|(&id, rec)| (names[id].clone(), rec))
        .collect();
    let dict_records = order
        .iter()
        .map(|&id| (names[id].clone(), json!([names[id], terms[id].docs.len()])))
        .collect();
    let (shards, shard_firsts) = partition(shard_records, SHARD_TARGET_BYTES);
    let (dicts, dict_firsts) = partition(dict_records, DICT_TARGET_BYTES);

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, data) in shards.into_iter().enumerate() {
        let key = file_key("t", n);
        files.push((key.clone(), wrap(&key, data)));
    }
    for (n, data) in dicts.into_iter().enumerate() {
        // A dictionary file is a flat [term, df, term, df, …]: half the brackets.
        let flat: Vec<Value> = match data {
            Value::Array(recs) => recs
                .into_iter()
                .flat_map(|r| match r {
                    Value::Array(pair) => pair,
                    other => vec![other],
                })
                .collect(),
            other => vec![other],
        };
        let key = file_key("d", n);
        files.push((key.clone(), wrap(&key, Value::Array(flat))));
    }
    for (n, chunk) in docs.chunks(EXCERPT_CHUNK_DOCS).enumerate() {
        let data: Vec<Value> = chunk
            .iter()
            .map(|d| {
                json!([
                    d.url,
                    nfc(&d.title).trim(),
                    nfc(&d.section).trim(),
                    excerpt_source(d)
                ])
            })
            .collect();
        let key = file_key("x", n);
        files.push((key.clone(), wrap(&key, Value::Array(data))));
    }

    // Identifies this build's files, so a browser never mixes a cached shard of an older
    // build with a newer manifest.
    let mut hasher = Sha256::new();
    for (key, bytes) in &files {
        hasher.update(key.as_bytes());
        hasher.update(bytes);
    }
    let build: String = hasher
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();

    let manifest = json!({
        "format": 1,
        "lang": lang,
        "build": build,
        "docs": docs.len(),
        "lengths": lengths,
        "shards": shard_firsts,
        "dict": dict_firsts,
        "chunk": EXCERPT_CHUNK_DOCS,
        "rules": rules,
    });
    let mut out = vec![IndexFile {
        path: format!("search/{lang_dir}/manifest.js"),
        bytes: wrap("manifest", manifest),
    }];
    out.extend(files.into_iter().map(|(key, bytes)| IndexFile {
        path: format!("search/{lang_dir}/{key}.js"),
        bytes,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            body: body.into(),
            ..SearchDoc::default()
        }
    }

    #[test]
    fn layout_puts_fields_in_their_zones_with_gaps_between_segments() {
        let rules = Rules::default();
        let d = SearchDoc {
            title: "Hội chợ".into(),
            tags: vec!["OCOP".into(), "chợ".into()],
            body: "chợ phiên".into(),
            ..SearchDoc::default()
        };
        let a = analyse(&d, &rules);
        let cho = a.terms.iter().find(|t| t.folded == "cho");
        let positions: Vec<u32> = cho.map(|t| t.variants[0].1.clone()).unwrap_or_default();
        let l = rules.label_start;
        // title "Hội chợ" → 1; tags "OCOP" at l, gap, "chợ" at l+2; body from body_start.
        assert_eq!(positions, [1, l + 2, rules.body_start]);
        assert_eq!(a.len, 6);
    }

    #[test]
    fn a_variant_list_and_mask_are_written_only_when_needed() {
        let files = build_index(
            "vi",
            &[
                doc("a/", "Hòa bình", "hoà hợp, hóa học"),
                doc("b/", "plan", "plan"),
            ],
        );
        let shard = files
            .iter()
            .find(|f| f.path == "search/vi/t/0.js")
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap_or_default();
        // hòa and hoà share one exact key; hóa is the second variant.
        assert!(shard.contains(r#"["hoa",["hoa~1","hoa~2"],"#), "{shard}");
        assert!(shard.contains(r#"["plan",[],"#), "{shard}");
    }

    #[test]
    fn output_is_deterministic_and_independent_of_thread_count() {
        let docs: Vec<SearchDoc> = (0..50)
            .map(|i| {
                doc(
                    &format!("p{i}/"),
                    &format!("Trang {i}"),
                    "đầu tư công năm 2020",
                )
            })
            .collect();
        let a = build_index("vi", &docs);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
        let b = match pool {
            Ok(p) => p.install(|| build_index("vi", &docs)),
            Err(e) => panic!("no thread pool: {e}"),
        };
        assert_eq!(a, b);
    }

    #[test]
    fn paths_stay_inside_the_language_folder() {
        let files = build_index("../../etc", &[doc("a/", "x", "y")]);
        assert!(files.iter().all(|f| f.path.starts_with("search/etc/")));
        let files = build_index("", &[]);
        assert!(files.iter().any(|f| f.path == "search/und/manifest.js"));
    }

    #[test]
    fn excerpt_source_is_cut_at_a_word_end() {
        let body = "từ ".repeat(EXCERPT_SOURCE_BYTES);
        let d = doc("a/", "t", &body);
        let s = excerpt_source(&d);
        assert!(s.len() <= EXCERPT_SOURCE_BYTES);
        assert!(s.ends_with("từ"));
    }
}
