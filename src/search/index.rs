//! Building the index files.
//!
//! Each document gets one position space: the title from 0, tags, places, headings and
//! the summary from [`Rules::label_start`], the body from [`Rules::body_start`], with a
//! skipped position between segments so that a phrase never runs from one heading into
//! the next. Positions decide two things at build time and are then dropped: each
//! occurrence's weight (title, labels or body), summed into the term's weighted frequency
//! in that document, and which words stand side by side.
//!
//! Why no positions in the files: a common syllable (`công`, `tư`, `đầu`) occurs on
//! nearly every page, a dozen times each; its positions over 10,000 pages are 100 KB or
//! more, and a three-word query would blow any download budget. Side-by-side words are
//! kept instead as *pairs*, one document list per adjacent pair of folded words
//! (`"dau tu"`), which is what phrase ranking asks: a pair's list is no longer than
//! either word's.
//!
//! A term shard (`t/<n>.js`) holds a range of keys in JavaScript string order: words
//! (`dau`) and pairs (`dau tu`, two words and a space), packed by [`pack_shard`]. Its
//! companion `v/<n>.js` ([`pack_variants`]) holds, for each word, the exact keys seen for
//! it (most widespread first; none listed when the only one is the folded form) and a
//! mask per posting: bit `i` says `variants[i]` occurs in that document.
//!
//! Postings are [`codec`] numbers, one entry per document, ascending:
//!
//! ```text
//! word:  gap·8 + min(wtf−1, 7)   [wtf−8 when wtf−1 ≥ 7]
//! pair:  gap
//! ```
//! where `gap` = document − previous document − 1 (the first: the document) and `wtf`
//! is the weighted term frequency.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::codec;
use super::tokenize::{exact_key, words};
use super::{IndexFile, Rules, SearchDoc};
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

/// Punctuation that ends a clause. `/` and `-` are not here: `15/10` and `2020-Q4` are
/// read as one phrase.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '“'
            | '”'
            | '«'
            | '»'
    )
}

/// One folded word of one document.
struct LocalTerm {
    folded: String,
    /// Exact keys, each once, in order of first occurrence.
    variants: Vec<String>,
    wtf: u32,
}

struct Analysis {
    len: u32,
    terms: Vec<LocalTerm>,
    /// Indices into `terms` of words found side by side, each pair once, sorted.
    pairs: Vec<(u32, u32)>,
}

/// Lays out one document's fields in its position space; returns its words with their
/// weighted frequencies and the pairs of words that stand side by side.
fn analyse(doc: &SearchDoc, rules: &Rules) -> Analysis {
    fn segment<'a>(text: &'a str, pos: &mut u32, occ: &mut Vec<(u32, &'a str)>) {
        let before = occ.len();
        let mut end = 0;
        for w in words(text) {
            if occ.len() > before && text[end..w.start].contains(is_break) {
                // A clause ends between them: the two words are not a phrase.
                *pos += 1;
            }
            occ.push((*pos, w.text));
            *pos += 1;
            end = w.start + w.text.len();
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

    let mut terms: Vec<LocalTerm> = Vec::new();
    let mut by_folded: HashMap<String, u32> = HashMap::new();
    // Each distinct spelling is folded once; it maps to its term and its variant there.
    let mut by_raw: HashMap<&str, Option<(u32, u32)>> = HashMap::new();
    let mut pairs: HashSet<(u32, u32)> = HashSet::new();
    let mut prev: Option<(u32, u32)> = None;
    for &(p, raw) in &occurrences {
        let known = by_raw.entry(raw).or_insert_with(|| {
            let folded = fold(raw);
            if folded.is_empty() {
                return None;
            }
            let next = terms.len() as u32;
            let id = *by_folded.entry(folded.clone()).or_insert(next);
            if id == next {
                terms.push(LocalTerm {
                    folded,
                    variants: Vec::new(),
                    wtf: 0,
                });
            }
            let exact = exact_key(raw);
            let t = &mut terms[id as usize];
            let v = match t.variants.iter().position(|v| *v == exact) {
                Some(v) => v,
                None => {
                    t.variants.push(exact);
                    t.variants.len() - 1
                }
            };
            Some((id, v as u32))
        });
        let Some((id, _)) = *known else {
            prev = None;
            continue;
        };
        terms[id as usize].wtf += rules.weight_at(p);
        if let Some((pp, pid)) = prev {
            if pp + 1 == p {
                pairs.insert((pid, id));
            }
        }
        prev = Some((p, id));
    }
    let mut pairs: Vec<(u32, u32)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    Analysis {
        len: occurrences.len() as u32,
        terms,
        pairs,
    }
}

/// Everything known about one folded word across the corpus, in document order.
#[derive(Default)]
struct WordBuild {
    variant_ids: HashMap<String, usize>,
    variant_names: Vec<String>,
    variant_docs: Vec<u32>,
    docs: Vec<u32>,
    wtfs: Vec<u32>,
    /// Variant ids present in each document: `entry_variants[entry_starts[i]..entry_starts[i+1]]`.
    entry_variants: Vec<u32>,
    entry_starts: Vec<u32>,
}

impl WordBuild {
    fn add(&mut self, doc: u32, t: LocalTerm) {
        self.docs.push(doc);
        self.wtfs.push(t.wtf);
        self.entry_starts.push(self.entry_variants.len() as u32);
        for exact in t.variants {
            let id = match self.variant_ids.get(&exact) {
                Some(&id) => id,
                None => {
                    let id = self.variant_names.len();
                    self.variant_ids.insert(exact.clone(), id);
                    self.variant_names.push(exact);
                    self.variant_docs.push(0);
                    id
                }
            };
            self.variant_docs[id] += 1;
            self.entry_variants.push(id as u32);
        }
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

    fn encode(&self, folded: &str) -> Record {
        let (variants, rank) = self.ordered_variants();
        let masked = variants.len() > 1;
        let mut out = String::new();
        let mut masks = String::new();
        let mut prev: Option<u32> = None;
        for i in 0..self.docs.len() {
            let doc = self.docs[i];
            let gap = prev.map_or(doc, |p| doc - p - 1);
            prev = Some(doc);
            let extra = self.wtfs[i].saturating_sub(1) as u64;
            codec::put(&mut out, (gap as u64) * 8 + extra.min(7));
            if extra >= 7 {
                codec::put(&mut out, extra - 7);
            }
            if masked {
                let lo = self.entry_starts[i] as usize;
                let hi = self
                    .entry_starts
                    .get(i + 1)
                    .map_or(self.entry_variants.len(), |&v| v as usize);
                let mut mask: u64 = 0;
                for &id in &self.entry_variants[lo..hi] {
                    let r = rank[id as usize];
                    if r < MAX_VARIANTS {
                        mask |= 1 << r;
                    }
                }
                codec::put(&mut masks, mask);
            }
        }
        let listed: Vec<String> = if variants.len() == 1 && variants[0] == folded {
            Vec::new()
        } else {
            variants.into_iter().take(MAX_VARIANTS).collect()
        };
        Record {
            key: folded.to_string(),
            variants: listed,
            postings: out,
            masks,
        }
    }
}

#[derive(Clone, Copy)]
enum Rec {
    Word(usize),
    Pair(usize),
}

fn encode_pair(key: String, docs: &[u32]) -> Record {
    let mut out = String::new();
    let mut prev: Option<u32> = None;
    for &doc in docs {
        codec::put(&mut out, prev.map_or(doc, |p| doc - p - 1) as u64);
        prev = Some(doc);
    }
    Record {
        key,
        variants: Vec::new(),
        postings: out,
        masks: String::new(),
    }
}

/// One record of a term shard before packing: a word (no space in its key) or a pair.
struct Record {
    key: String,
    /// Exact keys; empty when the only one is the folded key itself (and for pairs).
    variants: Vec<String>,
    postings: String,
    /// One mask per posting, when there are 2+ variants.
    masks: String,
}

impl Record {
    fn size(&self) -> usize {
        self.key.len() + self.postings.len() + 3
    }
}

/// How much of `b` repeats the start of `a`: in UTF-16 units (what JavaScript's
/// `slice` counts) and in bytes of `b`. Whole characters only.
fn shared_prefix(a: &str, b: &str) -> (usize, usize) {
    let (mut units, mut bytes) = (0, 0);
    for (ca, cb) in a.chars().zip(b.chars()) {
        if ca != cb {
            break;
        }
        units += cb.len_utf16();
        bytes += cb.len_utf8();
    }
    (units, bytes)
}

/// A shard's data: `[keys, postings]`, two strings. Sorted keys share long prefixes
/// (`dau`, `dau tu`, `dau tuan`…), so each is written front-coded: the length of the
/// prefix it shares with the previous key, the rest of it, and `|`, which cannot occur
/// in a word. `postings` holds each record's postings after their length. Compared with
/// a JSON array per record this halves a shard of pairs, where keys are most of the bytes.
fn pack_shard(records: &[Record]) -> Value {
    let mut keys = String::new();
    let mut postings = String::new();
    let mut prev = "";
    for r in records {
        let (units, bytes) = shared_prefix(prev, &r.key);
        codec::put(&mut keys, units as u64);
        keys.push_str(&r.key[bytes..]);
        keys.push('|');
        codec::put(&mut postings, r.postings.len() as u64);
        postings.push_str(&r.postings);
        prev = &r.key;
    }
    json!([keys, postings])
}

/// The exact-spelling side of a shard, `v/<n>.js`, read only for query words typed with
/// diacritics (most are typed without, and a common syllable's masks are a third of its
/// postings): for each word of the shard, in order, `!` and each variant, `|`, then the
/// length of its masks and the masks.
fn pack_variants(records: &[Record]) -> Value {
    let mut out = String::new();
    for r in records.iter().filter(|r| !r.key.contains(' ')) {
        for v in &r.variants {
            out.push('!');
            out.push_str(v);
        }
        out.push('|');
        codec::put(&mut out, r.masks.len() as u64);
        out.push_str(&r.masks);
    }
    Value::String(out)
}

/// A dictionary file's data: one string of front-coded words, each followed by `|` and
/// its document frequency.
fn pack_dict(entries: &[(String, usize)]) -> Value {
    let mut out = String::new();
    let mut prev = "";
    for (word, df) in entries {
        let (units, bytes) = shared_prefix(prev, word);
        codec::put(&mut out, units as u64);
        out.push_str(&word[bytes..]);
        out.push('|');
        codec::put(&mut out, *df as u64);
        prev = word;
    }
    Value::String(out)
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

/// Splits sorted items into files of about `target` bytes each.
fn partition<T>(items: Vec<T>, size: impl Fn(&T) -> usize, target: usize) -> Vec<Vec<T>> {
    let mut files = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for item in items {
        bytes += size(&item);
        current.push(item);
        if bytes >= target {
            files.push(std::mem::take(&mut current));
            bytes = 0;
        }
    }
    if !current.is_empty() {
        files.push(current);
    }
    files
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
    let analysed: Vec<Analysis> = docs.par_iter().map(|d| analyse(d, rules)).collect();

    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut words: Vec<WordBuild> = Vec::new();
    let mut pair_ids: HashMap<(u32, u32), u32> = HashMap::new();
    let mut pair_docs: Vec<(u32, u32, Vec<u32>)> = Vec::new();
    let mut lengths = String::new();
    for (doc, a) in analysed.into_iter().enumerate() {
        let doc = doc as u32;
        codec::put(&mut lengths, a.len as u64);
        let mut global = Vec::with_capacity(a.terms.len());
        for t in a.terms {
            let id = match ids.get(&t.folded) {
                Some(&id) => id,
                None => {
                    let id = names.len() as u32;
                    ids.insert(t.folded.clone(), id);
                    names.push(t.folded.clone());
                    words.push(WordBuild::default());
                    id
                }
            };
            global.push(id);
            words[id as usize].add(doc, t);
        }
        for (l, r) in a.pairs {
            let key = (global[l as usize], global[r as usize]);
            let next = pair_docs.len() as u32;
            let id = *pair_ids.entry(key).or_insert(next);
            if id == next {
                pair_docs.push((key.0, key.1, Vec::new()));
            }
            pair_docs[id as usize].2.push(doc);
        }
    }
    drop(pair_ids);

    // Sort keys once into UTF-16, the order JavaScript compares strings in.
    let mut records: Vec<(Vec<u16>, String, Rec)> = names
        .iter()
        .enumerate()
        .map(|(id, n)| (n.encode_utf16().collect(), n.clone(), Rec::Word(id)))
        .chain(pair_docs.iter().enumerate().map(|(i, (l, r, _))| {
            let key = format!("{} {}", names[*l as usize], names[*r as usize]);
            (key.encode_utf16().collect(), key, Rec::Pair(i))
        }))
        .collect();
    records.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let dict_entries: Vec<(String, usize)> = records
        .iter()
        .filter_map(|(_, key, rec)| match *rec {
            Rec::Word(id) => Some((key.clone(), words[id].docs.len())),
            Rec::Pair(_) => None,
        })
        .collect();
    let encoded: Vec<Record> = records
        .into_par_iter()
        .map(|(_, key, rec)| match rec {
            Rec::Word(id) => words[id].encode(&key),
            Rec::Pair(i) => encode_pair(key, &pair_docs[i].2),
        })
        .collect();
    let shards = partition(encoded, Record::size, SHARD_TARGET_BYTES);
    let dicts = partition(dict_entries, |(w, _)| w.len() + 3, DICT_TARGET_BYTES);
    let shard_firsts: Vec<&str> = shards
        .iter()
        .filter_map(|s| s.first().map(|r| r.key.as_str()))
        .collect();
    let dict_firsts: Vec<&str> = dicts
        .iter()
        .filter_map(|d| d.first().map(|(w, _)| w.as_str()))
        .collect();

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, shard) in shards.iter().enumerate() {
        let key = file_key("t", n);
        files.push((key.clone(), wrap(&key, pack_shard(shard))));
        let key = file_key("v", n);
        files.push((key.clone(), wrap(&key, pack_variants(shard))));
    }
    for (n, dict) in dicts.iter().enumerate() {
        let key = file_key("d", n);
        files.push((key.clone(), wrap(&key, pack_dict(dict))));
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
    fn weights_follow_fields_and_pairs_stay_inside_segments() {
        let rules = Rules::default();
        let d = SearchDoc {
            title: "Hội chợ".into(),
            tags: vec!["OCOP".into(), "chợ".into()],
            body: "chợ phiên".into(),
            ..SearchDoc::default()
        };
        let a = analyse(&d, &rules);
        let cho = a.terms.iter().find(|t| t.folded == "cho").map(|t| t.wtf);
        let (t, l, b) = (rules.title_weight, rules.label_weight, rules.body_weight);
        assert_eq!(cho, Some(t + l + b));
        assert_eq!(a.len, 6);
        let names: Vec<(&str, &str)> = a
            .pairs
            .iter()
            .map(|&(x, y)| {
                (
                    a.terms[x as usize].folded.as_str(),
                    a.terms[y as usize].folded.as_str(),
                )
            })
            .collect();
        // "OCOP" and "chợ" are two tags, "chợ" (title) and "chợ" (body) two fields.
        assert!(names.contains(&("hoi", "cho")));
        assert!(names.contains(&("cho", "phien")));
        assert!(!names.contains(&("ocop", "cho")));
        assert!(!names.contains(&("cho", "ocop")));
        assert_eq!(names.len(), 2);
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
        // hòa and hoà share one exact key; hóa is the second variant. "plan" has one
        // variant, itself, so none is listed.
        let variants = files
            .iter()
            .find(|f| f.path == "search/vi/v/0.js")
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap_or_default();
        assert!(shard.contains("plan|"), "{shard}");
        assert!(!shard.contains('!'), "{shard}");
        assert!(variants.contains("!hoa~1!hoa~2|"), "{variants}");
        assert!(!variants.contains("!plan"), "{variants}");
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
