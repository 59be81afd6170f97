//! Building the index files: documents are read in parallel runs ([`super::analyse`]:
//! which words each holds, with what weight, and which stand side by side), then each
//! word's entries are joined across runs and encoded, in parallel, word by word.
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
//! companion `v/<n>.js` (also [`pack_shard`]) holds, for each word, the exact keys seen for
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

use rayon::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::analyse::{self, Chunk, NONE};
use super::codec;
use super::fxhash::FastMap;
use super::{IndexFile, Rules, SearchDoc};
use crate::text::{nfc, slugify};

/// A term shard is closed once it reaches this size; a single term larger than this gets
/// a shard to itself. Smaller shards mean a rare query word drags in fewer neighbours.
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;
/// Dictionary files are read for prefix expansion only.
pub const DICT_TARGET_BYTES: usize = 8 * 1024;
/// Documents per excerpt file: a first page of results touches up to `page_size` of them.
/// Eight (about 5 KB a file) rather than four: at 10,000 pages that is 1,260 files
/// fewer to create and upload, for at most 27 KB more on a first query.
pub const EXCERPT_CHUNK_DOCS: usize = 8;
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

/// Documents per run read by one task: each run folds its own vocabulary and is joined
/// word by word, so runs are long; eight of them keep a few cores busy. Fixed by the
/// document count alone, though the bytes never depend on it (every list in the files
/// is ordered by key or by document).
fn run_length(docs: usize) -> usize {
    docs.div_ceil(8).max(256)
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

/// Appends `s` as a JSON string, as `serde_json` writes it.
fn push_json_str(out: &mut String, s: &str) {
    // Checked in blocks without an early exit, which the compiler vectorises: the
    // strings are shards of several kilobytes, and almost never need escaping.
    let escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    if s.as_bytes()
        .chunks(32)
        .any(|c| c.iter().fold(false, |a, &b| a | escape(b)))
    {
        out.push_str(&Value::String(s.to_string()).to_string());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// A file whose data is one string or an array of strings, written directly: term
/// shards and their variants are most of an index's bytes.
fn wrap_strings(key: &str, data: &[&str]) -> Vec<u8> {
    let mut s = String::with_capacity(40 + data.iter().map(|d| d.len() + 3).sum::<usize>());
    s.push_str("congkhaiSearch.add([");
    push_json_str(&mut s, key);
    s.push(',');
    match data {
        [one] => push_json_str(&mut s, one),
        _ => {
            s.push('[');
            for (i, d) in data.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                push_json_str(&mut s, d);
            }
            s.push(']');
        }
    }
    s.push_str("]);\n");
    s.into_bytes()
}

/// A word's records, encoded: the word itself, then the pairs it begins, in key order.
struct Group {
    word: u32,
    postings: String,
    /// One mask per posting, when there are 2+ variants.
    masks: String,
    /// Exact keys; empty when the only one is the folded key itself.
    variants: Vec<String>,
    /// `(second word, end of its postings in pair_postings)`, in key order.
    pairs: Vec<(u32, u32)>,
    pair_postings: String,
}

impl Group {
    fn pair(&self, i: usize) -> (u32, &str) {
        let start = if i == 0 {
            0
        } else {
            self.pairs[i - 1].1 as usize
        };
        let (right, end) = self.pairs[i];
        (right, &self.pair_postings[start..end as usize])
    }
}

/// The runs joined by word. Words are numbered by their place in key order, so the
/// encoding, which goes through them in that order, reads every table front to back.
struct Joined<'a> {
    chunks: &'a [Chunk],
    /// Word → folded form, in key order.
    names: Vec<&'a str>,
    /// Per run: local word → word.
    to_global: Vec<Vec<u32>>,
    /// Per word: its local number in each run, or `NONE` (`runs` numbers per word).
    to_local: Vec<u32>,
    runs: usize,
}

/// Per-task scratch, reused from word to word.
#[derive(Default)]
struct Scratch {
    /// The word's spellings, by exact key, and how many documents hold each.
    names: Vec<(u32, u32)>,
    counts: Vec<u32>,
    /// Per run, its spellings' places in `names`: `slots[slot_start[c]..]`.
    slot_start: Vec<usize>,
    slots: Vec<u32>,
    /// Pairs: a count (then a cursor) per second word, the second words met, documents.
    count: Vec<u32>,
    touched: Vec<u32>,
    docs: Vec<u32>,
}

impl Joined<'_> {
    /// The word's local number in each run.
    fn locals(&self, w: u32) -> &[u32] {
        &self.to_local[w as usize * self.runs..(w as usize + 1) * self.runs]
    }

    /// Encodes word `w`'s postings, variants and masks, and the pairs it begins.
    fn encode(&self, w: u32, x: &mut Scratch) -> Group {
        let locals = self.locals(w);
        // The word's spellings across runs, by exact key (a spelling is `(run, index)`
        // into that run's list), with their document counts.
        x.names.clear();
        x.counts.clear();
        x.slot_start.clear();
        x.slots.clear();
        let spelling = |(c, i): (u32, u32)| -> &str {
            &self.chunks[c as usize].spellings[locals[c as usize] as usize][i as usize]
        };
        for (c, chunk) in self.chunks.iter().enumerate() {
            x.slot_start.push(x.slots.len());
            let local = locals[c];
            if local == NONE {
                continue;
            }
            let base = x.slots.len();
            for (i, s) in chunk.spellings[local as usize].iter().enumerate() {
                let slot = match x.names.iter().position(|&n| spelling(n) == s) {
                    Some(k) => k,
                    None => {
                        x.names.push((c as u32, i as u32));
                        x.counts.push(0);
                        x.names.len() - 1
                    }
                };
                x.slots.push(slot as u32);
            }
            for e in chunk.entries(local) {
                for &s in chunk.entry_spellings(e) {
                    x.counts[x.slots[base + s as usize] as usize] += 1;
                }
            }
        }
        // Most widespread first, then by spelling: the same order whatever the runs.
        let mut order: Vec<usize> = (0..x.names.len()).collect();
        order.sort_by(|&a, &b| {
            x.counts[b]
                .cmp(&x.counts[a])
                .then_with(|| spelling(x.names[a]).cmp(spelling(x.names[b])))
        });
        // Reuse `counts` as each spelling's rank.
        for (r, &i) in order.iter().enumerate() {
            x.counts[i] = r as u32;
        }
        let masked = x.names.len() > 1;

        let mut postings = String::new();
        let mut masks = String::new();
        let mut prev: Option<u32> = None;
        for (c, chunk) in self.chunks.iter().enumerate() {
            let local = locals[c];
            if local == NONE {
                continue;
            }
            for e in chunk.entries(local) {
                let doc = chunk.docs[e];
                let gap = prev.map_or(doc, |p| doc - p - 1);
                prev = Some(doc);
                let extra = chunk.wtfs[e].saturating_sub(1) as u64;
                codec::put(&mut postings, (gap as u64) * 8 + extra.min(7));
                if extra >= 7 {
                    codec::put(&mut postings, extra - 7);
                }
                if masked {
                    let mut mask: u64 = 0;
                    for &s in chunk.entry_spellings(e) {
                        let r = x.counts[x.slots[x.slot_start[c] + s as usize] as usize];
                        if (r as usize) < MAX_VARIANTS {
                            mask |= 1 << r;
                        }
                    }
                    codec::put(&mut masks, mask);
                }
            }
        }
        let folded = self.names[w as usize];
        let variants: Vec<String> = if x.names.len() == 1 && spelling(x.names[0]) == folded {
            Vec::new()
        } else {
            order
                .iter()
                .take(MAX_VARIANTS)
                .map(|&i| spelling(x.names[i]).to_string())
                .collect()
        };

        // Pairs: count by second word, then lay each one's documents out in key order
        // (word numbers are key order).
        x.touched.clear();
        let mut total = 0;
        for (c, chunk) in self.chunks.iter().enumerate() {
            if locals[c] == NONE {
                continue;
            }
            let to_global = &self.to_global[c];
            for i in chunk.pairs(locals[c]) {
                let right = to_global[chunk.pair_right[i] as usize] as usize;
                if x.count[right] == 0 {
                    x.touched.push(right as u32);
                }
                x.count[right] += 1;
                total += 1;
            }
        }
        x.touched.sort_unstable();
        // `count` becomes each second word's next free place in `docs`.
        let mut at = 0;
        for &r in &x.touched {
            let n = x.count[r as usize];
            x.count[r as usize] = at;
            at += n;
        }
        x.docs.clear();
        x.docs.resize(total, 0);
        for (c, chunk) in self.chunks.iter().enumerate() {
            if locals[c] == NONE {
                continue;
            }
            let to_global = &self.to_global[c];
            for i in chunk.pairs(locals[c]) {
                let right = to_global[chunk.pair_right[i] as usize] as usize;
                x.docs[x.count[right] as usize] = chunk.pair_docs[i];
                x.count[right] += 1;
            }
        }
        let mut pairs = Vec::with_capacity(x.touched.len());
        let mut pair_postings = String::new();
        let mut start = 0;
        for &r in &x.touched {
            let end = x.count[r as usize] as usize;
            let mut prev: Option<u32> = None;
            for &doc in &x.docs[start..end] {
                // A pair seen twice in a document is listed once.
                if prev == Some(doc) {
                    continue;
                }
                codec::put(&mut pair_postings, prev.map_or(doc, |p| doc - p - 1) as u64);
                prev = Some(doc);
            }
            pairs.push((r, pair_postings.len() as u32));
            x.count[r as usize] = 0;
            start = end;
        }
        Group {
            word: w,
            postings,
            masks,
            variants,
            pairs,
            pair_postings,
        }
    }
}

/// A record of a term shard: the word of group `group`, or its pair number `pair`.
#[derive(Clone, Copy)]
struct RecordRef {
    group: u32,
    pair: u32,
}

/// A shard's two files. `t`: `[keys, postings]`, two strings. Sorted keys share long
/// prefixes (`dau`, `dau tu`, `dau tuan`…), so each is written front-coded: the length
/// of the prefix it shares with the previous key, the rest of it, and `|`, which cannot
/// occur in a word; `postings` holds each record's postings after their length.
/// Compared with a JSON array per record this halves a shard of pairs, where keys are
/// most of the bytes. `v`: the exact-spelling side, read only for query words typed with
/// diacritics (most are typed without, and a common syllable's masks are a third of its
/// postings): for each word of the shard, in order, `!` and each variant, `|`, then the
/// length of its masks and the masks.
fn pack_shard(
    joined: &Joined<'_>,
    groups: &[Group],
    records: &[RecordRef],
) -> (String, String, String) {
    let mut keys = String::new();
    let mut postings = String::new();
    let mut variants = String::new();
    let mut prev = String::new();
    let mut key = String::new();
    for r in records {
        let g = &groups[r.group as usize];
        key.clear();
        key.push_str(joined.names[g.word as usize]);
        let p = if r.pair == NONE {
            for v in &g.variants {
                variants.push('!');
                variants.push_str(v);
            }
            variants.push('|');
            codec::put(&mut variants, g.masks.len() as u64);
            variants.push_str(&g.masks);
            g.postings.as_str()
        } else {
            let (right, p) = g.pair(r.pair as usize);
            key.push(' ');
            key.push_str(joined.names[right as usize]);
            p
        };
        let (units, bytes) = shared_prefix(&prev, &key);
        codec::put(&mut keys, units as u64);
        keys.push_str(&key[bytes..]);
        keys.push('|');
        codec::put(&mut postings, p.len() as u64);
        postings.push_str(p);
        std::mem::swap(&mut prev, &mut key);
    }
    (keys, postings, variants)
}

/// A dictionary file's data: one string of front-coded words, each followed by `|` and
/// its document frequency.
fn pack_dict(entries: &[(&str, usize)]) -> String {
    let mut out = String::new();
    let mut prev = "";
    for &(word, df) in entries {
        let (units, bytes) = shared_prefix(prev, word);
        codec::put(&mut out, units as u64);
        out.push_str(&word[bytes..]);
        out.push('|');
        codec::put(&mut out, df as u64);
        prev = word;
    }
    out
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

/// The summary and the body, each with its runs of white space made one space, joined
/// by a line break and cut to [`EXCERPT_SOURCE_BYTES`]. Only as much is joined as the
/// cut can keep: a body can be long.
fn excerpt_source(doc: &SearchDoc) -> String {
    let max = EXCERPT_SOURCE_BYTES;
    let mut joined = String::with_capacity(max + 64);
    for w in doc.summary.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(w);
        if joined.len() > max {
            break;
        }
    }
    if joined.len() <= max {
        let after_summary = !joined.is_empty();
        for (i, w) in doc.body.split_whitespace().enumerate() {
            if i > 0 {
                joined.push(' ');
            } else if after_summary {
                joined.push('\n');
            }
            joined.push_str(w);
            if joined.len() > max {
                break;
            }
        }
    }
    nfc(cut(&joined, max)).into_owned()
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

/// The folder of a language's index, relative to the output root, `/`-terminated:
/// `search/vi/`. The language code is slugified, so no code can lead out of `search/`.
pub fn index_dir(lang: &str) -> String {
    match slugify(lang) {
        s if s.is_empty() => "search/und/".to_string(),
        s => format!("search/{s}/"),
    }
}

pub(crate) fn build_index_with(lang: &str, docs: &[SearchDoc], rules: &Rules) -> Vec<IndexFile> {
    let run = run_length(docs.len());
    let chunks: Vec<Chunk> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(i, d)| analyse::read(d, (i * run) as u32, rules))
        .collect();
    join_runs(lang, docs, &chunks, rules)
}

/// The documents and analysed runs of a language's last index, kept by `watch`: after
/// an edit only the runs whose documents changed are read again (reading every word
/// is most of the cost of an index), and the index is the same as [`build_index`]'s.
#[derive(Default)]
pub struct IndexCache {
    docs: Vec<SearchDoc>,
    chunks: Vec<Chunk>,
}

/// [`build_index`], reusing the runs of `cache` whose documents did not change (the
/// same documents at the same place), and keeping this build's in it.
pub fn build_index_cached(
    lang: &str,
    docs: Vec<SearchDoc>,
    cache: &mut IndexCache,
) -> Vec<IndexFile> {
    let rules = Rules::default();
    let run = run_length(docs.len());
    let old_run = run_length(cache.docs.len());
    let mut old: Vec<Option<Chunk>> = std::mem::take(&mut cache.chunks)
        .into_iter()
        .map(Some)
        .collect();
    let fresh: Vec<bool> = docs
        .chunks(run)
        .enumerate()
        .map(|(i, d)| {
            // The old run must have held exactly these documents, no more.
            let from = i * run;
            let to = (from + run).min(cache.docs.len());
            run != old_run
                || cache.docs.get(from..to) != Some(d)
                || old.get(i).is_none_or(|c| c.is_none())
        })
        .collect();
    let read: Vec<Option<Chunk>> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(i, d)| fresh[i].then(|| analyse::read(d, (i * run) as u32, &rules)))
        .collect();
    let chunks: Vec<Chunk> = read
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| c.or_else(|| old.get_mut(i).and_then(Option::take)))
        .collect();
    let files = join_runs(lang, &docs, &chunks, &rules);
    cache.docs = docs;
    cache.chunks = chunks;
    files
}

/// Joins the analysed runs of `docs` into the index files.
fn join_runs(lang: &str, docs: &[SearchDoc], chunks: &[Chunk], rules: &Rules) -> Vec<IndexFile> {
    let dir = index_dir(lang);
    let mut lengths = String::new();
    for l in chunks.iter().flat_map(|c| &c.lengths) {
        codec::put(&mut lengths, *l as u64);
    }

    // Join the runs by word: numbers in order of first appearance first, then in key
    // order.
    let mut ids: FastMap<&str, u32> = FastMap::default();
    let mut first_seen: Vec<&str> = Vec::new();
    let mut to_global: Vec<Vec<u32>> = chunks
        .iter()
        .map(|c| {
            c.words
                .iter()
                .map(|w| {
                    *ids.entry(w.as_str()).or_insert_with(|| {
                        first_seen.push(w);
                        first_seen.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    drop(ids);
    // JavaScript compares strings by UTF-16 unit; that is byte order unless a word holds
    // a character beyond the Basic Multilingual Plane (four bytes in UTF-8).
    let mut order: Vec<u32> = (0..first_seen.len() as u32).collect();
    if first_seen.iter().any(|n| n.bytes().any(|b| b >= 0xF0)) {
        order.par_sort_unstable_by(|&a, &b| {
            super::js_cmp(first_seen[a as usize], first_seen[b as usize])
        });
    } else {
        order.par_sort_unstable_by(|&a, &b| first_seen[a as usize].cmp(first_seen[b as usize]));
    }
    let mut rank = vec![0; first_seen.len()];
    for (r, &w) in order.iter().enumerate() {
        rank[w as usize] = r as u32;
    }
    let names: Vec<&str> = order.iter().map(|&w| first_seen[w as usize]).collect();
    let word_count = names.len();
    let runs = chunks.len();
    to_global.par_iter_mut().for_each(|m| {
        for g in m.iter_mut() {
            *g = rank[*g as usize];
        }
    });
    let mut to_local = vec![NONE; word_count * runs];
    for (c, m) in to_global.iter().enumerate() {
        for (l, &g) in m.iter().enumerate() {
            to_local[g as usize * runs + c] = l as u32;
        }
    }
    let joined = Joined {
        chunks,
        names,
        to_global,
        to_local,
        runs,
    };

    // A word's pairs ("dau tu", "dau tuan"…) sort right after it and before any longer
    // word it begins ("daua"): a space is below every character a word can hold. So the
    // records in key order are each word, in order, followed by its pairs.
    let groups: Vec<Group> = (0..word_count as u32)
        .into_par_iter()
        .with_min_len(256)
        .map_init(
            || Scratch {
                count: vec![0; word_count],
                ..Scratch::default()
            },
            |scratch, w| joined.encode(w, scratch),
        )
        .collect();

    let mut shards: Vec<Vec<RecordRef>> = Vec::new();
    let mut current: Vec<RecordRef> = Vec::new();
    let mut bytes = 0;
    let mut add = |r: RecordRef, size: usize| {
        bytes += size;
        current.push(r);
        if bytes >= SHARD_TARGET_BYTES {
            shards.push(std::mem::take(&mut current));
            bytes = 0;
        }
    };
    for (gi, g) in groups.iter().enumerate() {
        let word_len = joined.names[g.word as usize].len();
        add(
            RecordRef {
                group: gi as u32,
                pair: NONE,
            },
            word_len + g.postings.len() + 3,
        );
        for i in 0..g.pairs.len() {
            let (right, p) = g.pair(i);
            add(
                RecordRef {
                    group: gi as u32,
                    pair: i as u32,
                },
                word_len + 1 + joined.names[right as usize].len() + p.len() + 3,
            );
        }
    }
    if !current.is_empty() {
        shards.push(current);
    }
    let shard_firsts: Vec<String> = shards
        .iter()
        .filter_map(|s| s.first())
        .map(|r| {
            let g = &groups[r.group as usize];
            let word = joined.names[g.word as usize];
            if r.pair == NONE {
                word.to_string()
            } else {
                let (right, _) = g.pair(r.pair as usize);
                format!("{word} {}", joined.names[right as usize])
            }
        })
        .collect();
    let packed: Vec<[(String, Vec<u8>); 2]> = shards
        .par_iter()
        .enumerate()
        .map(|(n, records)| {
            let (keys, postings, variants) = pack_shard(&joined, &groups, records);
            let (t, v) = (file_key("t", n), file_key("v", n));
            [
                (t.clone(), wrap_strings(&t, &[&keys, &postings])),
                (v.clone(), wrap_strings(&v, &[&variants])),
            ]
        })
        .collect();

    let dict_entries: Vec<(&str, usize)> = (0..word_count)
        .map(|w| {
            let df = joined
                .locals(w as u32)
                .iter()
                .zip(chunks)
                .map(|(&l, c)| if l == NONE { 0 } else { c.entries(l).len() })
                .sum();
            (joined.names[w], df)
        })
        .collect();
    let dicts = partition(dict_entries, |(w, _)| w.len() + 3, DICT_TARGET_BYTES);
    let dict_firsts: Vec<&str> = dicts
        .iter()
        .filter_map(|d| d.first().map(|&(w, _)| w))
        .collect();
    let excerpts: Vec<(String, Vec<u8>)> = docs
        .par_chunks(EXCERPT_CHUNK_DOCS)
        .enumerate()
        .map(|(n, chunk)| {
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
            let bytes = wrap(&key, Value::Array(data));
            (key, bytes)
        })
        .collect();

    let mut files: Vec<(String, Vec<u8>)> = packed.into_iter().flatten().collect();
    for (n, dict) in dicts.iter().enumerate() {
        let key = file_key("d", n);
        let bytes = wrap_strings(&key, &[&pack_dict(dict)]);
        files.push((key, bytes));
    }
    files.extend(excerpts);

    // Identifies this build's files, so a browser never mixes a cached shard of an older
    // build with a newer manifest.
    // Each file hashed on its own, in parallel, then the list of their digests: the
    // index of a large site is megabytes, too many to hash on one core.
    let digests: Vec<[u8; 32]> = files
        .par_iter()
        .map(|(key, bytes)| {
            let mut h = Sha256::new();
            h.update(key.as_bytes());
            h.update(bytes);
            h.finalize().into()
        })
        .collect();
    let mut hasher = Sha256::new();
    for d in &digests {
        hasher.update(d);
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
        path: format!("{dir}manifest.js"),
        bytes: wrap("manifest", manifest),
    }];
    out.extend(files.into_iter().map(|(key, bytes)| IndexFile {
        path: format!("{dir}{key}.js"),
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
    fn a_cached_build_is_the_same_as_a_clean_one_after_each_edit() {
        // Three runs of documents (a run is at least 256), so that edits hit one run,
        // shift the runs after a removed document, or change the run length.
        let words = ["kế hoạch", "dự án", "phường", "chỉ tiêu", "sự kiện", "quận"];
        let mut docs: Vec<SearchDoc> = (0..700)
            .map(|i| {
                let body = format!("{} số {i} {}", words[i % 6], words[(i * 5) % 6]);
                doc(&format!("p{i}/"), &format!("Trang {i}"), &body)
            })
            .collect();
        let mut cache = IndexCache::default();
        let same = |docs: &[SearchDoc], cache: &mut IndexCache, step: &str| {
            let cached = build_index_cached("vi", docs.to_vec(), cache);
            assert!(cached == build_index("vi", docs), "after {step}");
        };
        same(&docs, &mut cache, "the first build");
        docs[300].body.push_str(" đường mới");
        same(&docs, &mut cache, "a body edit in the second run");
        docs[5].title = "Tiêu đề khác".into();
        same(&docs, &mut cache, "a title edit in the first run");
        docs.remove(10);
        same(
            &docs,
            &mut cache,
            "a document removed (the runs after it shift)",
        );
        docs.push(doc("moi/", "Mới", "chỉ tiêu mới"));
        same(&docs, &mut cache, "a document added");
        docs.truncate(200);
        same(&docs, &mut cache, "fewer documents than a run");
        same(&[], &mut cache, "no documents");
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
        let index = match super::super::LoadedIndex::from_files(&build_index("vi", &[d])) {
            Ok(i) => i,
            Err(e) => panic!("{e}"),
        };
        let cho = index.term("cho").map(|t| t.postings[0].wtf);
        let (t, l, b) = (rules.title_weight, rules.label_weight, rules.body_weight);
        assert_eq!(cho, Some(t + l + b));
        assert_eq!(index.lengths, [6]);
        // "OCOP" and "chợ" are two tags, "chợ" (title) and "chợ" (body) two fields.
        assert_eq!(index.pair("hoi", "cho"), [0]);
        assert_eq!(index.pair("cho", "phien"), [0]);
        assert!(index.pair("ocop", "cho").is_empty());
        assert!(index.pair("cho", "ocop").is_empty());
        assert_eq!(index.pair_count(), 2);
    }

    #[test]
    fn clause_punctuation_and_overlong_words_between_two_words_break_a_phrase() {
        let long = "x".repeat(crate::search::tokenize::MAX_WORD_CHARS + 1);
        let docs = [
            doc("a/", "t", "đầu tư, công"),
            doc("b/", "t", &format!("đầu tư {long} công")),
            doc("c/", "t", &format!("đầu {long}.{long} tư")),
        ];
        let index = match super::super::LoadedIndex::from_files(&build_index("vi", &docs)) {
            Ok(i) => i,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(index.pair("dau", "tu"), [0, 1]);
        // A word too long to index is skipped, so its neighbours count as side by side,
        // unless it holds clause punctuation.
        assert_eq!(index.pair("tu", "cong"), [1]);
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
