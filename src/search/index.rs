//! Building the index files: documents are read in parallel runs ([`super::analyse`]:
//! which words each holds, with what weight, and which stand side by side), a few at a
//! time, and each run is taken into the index's terms ([`super::terms`]: every word's
//! postings, spellings and pairs) as soon as it is read; the files are then cut from the
//! terms. `watch` keeps the terms and files ([`IndexCache`]): after an edit it patches
//! the words of the documents that changed and makes again only the files they are in.
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

use std::borrow::Cow;

use super::analyse::{self, Chunk, NONE};
use super::codec;
use super::terms::Terms;
use super::{IndexFile, Rules, SearchDoc};
use crate::text::{nfc, slugify};
use rustc_hash::FxHashMap as FastMap;

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
    if !s
        .as_bytes()
        .chunks(32)
        .any(|c| c.iter().fold(false, |a, &b| a | escape(b)))
    {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    // Escaped here rather than through a `Value` (a copy and a second string per
    // call): every excerpt holds a line break. serde_json's rules: the two-character
    // escapes it has, `\u00xx` (lower-case hex) for the other control characters.
    out.reserve(s.len() + 8);
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if !escape(b) {
            continue;
        }
        // `i` is at an ASCII byte: a character boundary.
        out.push_str(&s[run..i]);
        run = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(b >> 4) as usize]));
                out.push(char::from(HEX[(b & 0xF) as usize]));
            }
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
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

/// One file of the index and the digest of its key and bytes, which the build hash is
/// made from.
struct Stored {
    key: String,
    bytes: Vec<u8>,
    digest: [u8; 32],
}

impl Stored {
    fn new(key: String, bytes: Vec<u8>) -> Stored {
        let mut h = Sha256::new();
        h.update(key.as_bytes());
        h.update(&bytes);
        Stored {
            key,
            bytes,
            digest: h.finalize().into(),
        }
    }

    /// The same data under another key: a file that only moved to another number.
    fn rekeyed(self, key: String) -> Stored {
        let old = key_prefix(&self.key);
        let mut bytes = key_prefix(&key).into_bytes();
        bytes.extend_from_slice(self.bytes.get(old.len()..).unwrap_or_default());
        Stored::new(key, bytes)
    }
}

/// What every file starts with, up to its data: see [`wrap_strings`].
fn key_prefix(key: &str) -> String {
    let mut s = String::from("congkhaiSearch.add([");
    push_json_str(&mut s, key);
    s.push(',');
    s
}

/// A record of a term shard: a word's own (`(word, NONE)`), or its pair number `i`
/// (`(word, i)`).
type Record = (u32, u32);

/// The files of an index but the manifest, with what each was made from, so that after
/// an edit only the files whose content changed are made again.
#[derive(Default)]
struct Made {
    /// Every shard's records, shard after shard: shard `n` holds
    /// `records[bounds[n]..bounds[n + 1]]`.
    records: Vec<Record>,
    bounds: Vec<usize>,
    /// Per shard, its `t` and `v` files.
    shards: Vec<[Stored; 2]>,
    /// The words in key order, as the dictionary files were cut from them: file `n`
    /// holds `dict_words[dict_bounds[n]..dict_bounds[n + 1]]`.
    dict_words: Vec<u32>,
    dict_bounds: Vec<usize>,
    dicts: Vec<Stored>,
    excerpts: Vec<Stored>,
}

/// What to do for one file: keep it, give it a new number, or make it.
enum Plan<T> {
    Keep(T),
    Rekey(T),
    Make,
}

/// For each new part `n` (a range of `new`), whether the old part that began with the
/// same item held the very same items, none of them `dirty`: then its file is kept
/// (or only renumbered).
fn plans<T, R: Copy + Eq + std::hash::Hash>(
    new: (&[R], &[usize]),
    old: (&[R], &[usize]),
    mut old_files: Vec<Option<T>>,
    dirty: impl Fn(R) -> bool,
) -> Vec<Plan<T>> {
    let old_starts: FastMap<R, usize> = old
        .1
        .windows(2)
        .enumerate()
        .map(|(m, b)| (old.0[b[0]], m))
        .collect();
    new.1
        .windows(2)
        .enumerate()
        .map(|(n, b)| {
            let items = &new.0[b[0]..b[1]];
            let same = old_starts.get(&items[0]).copied().filter(|&m| {
                old.0[old.1[m]..old.1[m + 1]] == *items && !items.iter().any(|&r| dirty(r))
            });
            match same.and_then(|m| old_files.get_mut(m).and_then(Option::take).map(|f| (m, f))) {
                Some((m, f)) if m == n => Plan::Keep(f),
                Some((_, f)) => Plan::Rekey(f),
                None => Plan::Make,
            }
        })
        .collect()
}

/// Cuts items of the given sizes into parts of about `target` bytes: the `n + 1`
/// bounds of `n` parts.
fn cut_bounds(sizes: impl Iterator<Item = usize>, target: usize) -> Vec<usize> {
    let mut bounds = vec![0];
    let (mut bytes, mut count) = (0, 0);
    for size in sizes {
        bytes += size;
        count += 1;
        if bytes >= target {
            bounds.push(count);
            bytes = 0;
        }
    }
    if bounds.last() != Some(&count) {
        bounds.push(count);
    }
    bounds
}

/// Makes the term shards and dictionary files of `terms`, keeping from `old` every file
/// whose records are the same and hold no word marked in `dirty`.
fn make_files(terms: &Terms, excerpts: Vec<Stored>, old: Option<(Made, &[bool])>) -> Made {
    // A word's pairs ("dau tu", "dau tuan"…) sort right after it and before any longer
    // word it begins ("daua"): a space is below every character a word can hold. So the
    // records in key order are each word, in order, followed by its pairs.
    let name_len: Vec<u32> = (0..terms.numbered() as u32)
        .map(|g| terms.word(g).name.len() as u32)
        .collect();
    let mut records: Vec<Record> =
        Vec::with_capacity(old.as_ref().map_or(0, |(m, _)| m.records.len() + 64));
    let mut bounds = vec![0];
    let mut bytes = 0;
    for &g in &terms.order {
        let w = terms.word(g);
        let len = name_len[g as usize] as usize;
        records.push((g, NONE));
        bytes += len + w.postings.len() + 3;
        if bytes >= SHARD_TARGET_BYTES {
            bounds.push(records.len());
            bytes = 0;
        }
        let mut start = 0;
        for (i, &(right, end)) in w.pairs.iter().enumerate() {
            records.push((g, i as u32));
            bytes += len + 1 + name_len[right as usize] as usize + (end - start) as usize + 3;
            start = end;
            if bytes >= SHARD_TARGET_BYTES {
                bounds.push(records.len());
                bytes = 0;
            }
        }
    }
    if bounds.last() != Some(&records.len()) {
        bounds.push(records.len());
    }
    let dict_words = terms.order.clone();
    let dict_bounds = cut_bounds(
        dict_words
            .iter()
            .map(|&g| name_len[g as usize] as usize + 3),
        DICT_TARGET_BYTES,
    );

    let (shard_plans, dict_plans) = match old {
        Some((old, dirty)) => {
            let is_dirty = |g: u32| dirty.get(g as usize).copied().unwrap_or(false);
            let shards = plans(
                (&records, &bounds),
                (&old.records, &old.bounds),
                old.shards.into_iter().map(Some).collect(),
                |(g, _)| is_dirty(g),
            );
            let dicts = plans(
                (&dict_words, &dict_bounds),
                (&old.dict_words, &old.dict_bounds),
                old.dicts.into_iter().map(Some).collect(),
                is_dirty,
            );
            (shards, dicts)
        }
        None => (
            bounds.windows(2).map(|_| Plan::Make).collect(),
            dict_bounds.windows(2).map(|_| Plan::Make).collect(),
        ),
    };
    let shards: Vec<[Stored; 2]> = shard_plans
        .into_par_iter()
        .enumerate()
        .map(|(n, plan)| {
            let (t, v) = (file_key("t", n), file_key("v", n));
            match plan {
                Plan::Keep(f) => f,
                Plan::Rekey([ft, fv]) => [ft.rekeyed(t), fv.rekeyed(v)],
                Plan::Make => {
                    let (keys, postings, variants) =
                        pack_shard(terms, &records[bounds[n]..bounds[n + 1]]);
                    let tb = wrap_strings(&t, &[&keys, &postings]);
                    let vb = wrap_strings(&v, &[&variants]);
                    [Stored::new(t, tb), Stored::new(v, vb)]
                }
            }
        })
        .collect();
    let dicts: Vec<Stored> = dict_plans
        .into_par_iter()
        .enumerate()
        .map(|(n, plan)| {
            let key = file_key("d", n);
            match plan {
                Plan::Keep(f) => f,
                Plan::Rekey(f) => f.rekeyed(key),
                Plan::Make => {
                    let words = &dict_words[dict_bounds[n]..dict_bounds[n + 1]];
                    let entries: Vec<(&str, usize)> = words
                        .iter()
                        .map(|&g| (terms.word(g).name.as_str(), terms.word(g).df as usize))
                        .collect();
                    let bytes = wrap_strings(&key, &[&pack_dict(&entries)]);
                    Stored::new(key, bytes)
                }
            }
        })
        .collect();
    Made {
        records,
        bounds,
        shards,
        dict_words,
        dict_bounds,
        dicts,
        excerpts,
    }
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
fn pack_shard(terms: &Terms, records: &[Record]) -> (String, String, String) {
    let mut keys = String::new();
    let mut postings = String::new();
    let mut variants = String::new();
    let mut masks = String::new();
    let mut rank: Vec<u32> = Vec::new();
    let mut prev = String::new();
    let mut key = String::new();
    for &(g, pair) in records {
        let w = terms.word(g);
        key.clear();
        key.push_str(&w.name);
        let p = if pair == NONE {
            let order = w.spelling_order();
            let only = order.len() == 1 && w.spellings[order[0] as usize].0 == w.name;
            if !only {
                for &i in order.iter().take(MAX_VARIANTS) {
                    variants.push('!');
                    variants.push_str(&w.spellings[i as usize].0);
                }
            }
            variants.push('|');
            masks.clear();
            if order.len() > 1 {
                rank.clear();
                rank.resize(w.spellings.len(), NONE);
                for (r, &i) in order.iter().enumerate() {
                    rank[i as usize] = r as u32;
                }
                w.each_entry_spellings(|set| {
                    let mut mask: u64 = 0;
                    for &s in set {
                        let r = rank[s as usize] as usize;
                        if r < MAX_VARIANTS {
                            mask |= 1 << r;
                        }
                    }
                    codec::put(&mut masks, mask);
                });
            }
            codec::put(&mut variants, masks.len() as u64);
            variants.push_str(&masks);
            w.postings.as_str()
        } else {
            let (right, p) = w.pair(pair as usize);
            key.push(' ');
            key.push_str(&terms.word(right).name);
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

/// Builds the index of one language. Documents keep the order given (a document's
/// number is its place in `docs`, which also breaks ties in ranking); the bytes depend
/// only on the input.
pub fn build_index(lang: &str, docs: &[SearchDoc]) -> Vec<IndexFile> {
    build_index_with(lang, docs, &Rules::default())
}

/// [`build_index`] for `count` documents made on demand by `doc(i)`: only the runs
/// being read are alive at once, not a copy of every page's text.
pub fn build_index_from(
    lang: &str,
    count: usize,
    doc: impl Fn(usize) -> SearchDoc + Sync,
) -> Vec<IndexFile> {
    let rules = Rules::default();
    let (terms, excerpts) = read_all(count, |r| Cow::Owned(r.map(&doc).collect()), &rules);
    let made = make_files(&terms, excerpts, None);
    into_files(lang, &terms, made, &rules)
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
    let (terms, excerpts) = read_all(docs.len(), |r| Cow::Borrowed(&docs[r]), rules);
    let made = make_files(&terms, excerpts, None);
    into_files(lang, &terms, made, rules)
}

/// Documents per run read by one task. Runs are read a few at a time (one per thread)
/// and taken into the terms as soon as they are read, so this bounds the working set
/// besides the terms; a multiple of [`EXCERPT_CHUNK_DOCS`], so that a run makes whole
/// excerpt files. The bytes never depend on it.
const RUN_DOCS: usize = 256;

/// Reads `count` documents, got run by run from `get`, into their terms and excerpt
/// files.
fn read_all<'a>(
    count: usize,
    get: impl Fn(std::ops::Range<usize>) -> Cow<'a, [SearchDoc]> + Sync,
    rules: &Rules,
) -> (Terms, Vec<Stored>) {
    let mut terms = Terms::new();
    let mut excerpts = Vec::with_capacity(count.div_ceil(EXCERPT_CHUNK_DOCS));
    let batch = rayon::current_num_threads().max(1) * RUN_DOCS;
    for from in (0..count).step_by(batch) {
        let runs: Vec<(Chunk, Vec<Stored>)> = (from..(from + batch).min(count))
            .step_by(RUN_DOCS)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| {
                let docs = get(start..(start + RUN_DOCS).min(count));
                let chunk = analyse::read(&docs, start as u32, rules);
                let first = start / EXCERPT_CHUNK_DOCS;
                let files = docs
                    .chunks(EXCERPT_CHUNK_DOCS)
                    .enumerate()
                    .map(|(i, d)| excerpt_file(first + i, d))
                    .collect();
                (chunk, files)
            })
            .collect();
        for (chunk, files) in runs {
            terms.take(&chunk);
            excerpts.extend(files);
        }
    }
    terms.finish();
    (terms, excerpts)
}

/// The excerpt file `x/<n>`: what a result shows of each of `docs`, `[url, title,
/// section, excerpt]`. Written directly, as [`wrap`] would write it: one such file per
/// eight documents, each with a few hundred bytes of text.
fn excerpt_file(n: usize, docs: &[SearchDoc]) -> Stored {
    let key = file_key("x", n);
    let mut s = key_prefix(&key);
    s.push('[');
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        push_json_str(&mut s, &d.url);
        s.push(',');
        push_json_str(&mut s, nfc(&d.title).trim());
        s.push(',');
        push_json_str(&mut s, nfc(&d.section).trim());
        s.push(',');
        push_json_str(&mut s, &excerpt_source(d));
        s.push(']');
    }
    s.push_str("]]);\n");
    Stored::new(key, s.into_bytes())
}

/// The manifest and the other files, in the order they are hashed.
fn manifest(lang: &str, terms: &Terms, made: &Made, rules: &Rules) -> IndexFile {
    let mut lengths = String::new();
    for &l in &terms.lengths {
        codec::put(&mut lengths, l as u64);
    }
    let shard_firsts: Vec<String> = made
        .bounds
        .windows(2)
        .map(|b| {
            let (g, pair) = made.records[b[0]];
            let w = terms.word(g);
            if pair == NONE {
                w.name.clone()
            } else {
                let (right, _) = w.pair(pair as usize);
                format!("{} {}", w.name, terms.word(right).name)
            }
        })
        .collect();
    let dict_firsts: Vec<&str> = made
        .dict_bounds
        .windows(2)
        .map(|b| terms.word(made.dict_words[b[0]]).name.as_str())
        .collect();
    // Identifies this build's files, so a browser never mixes a cached shard of an older
    // build with a newer manifest: each file's digest, in file order, hashed again.
    let mut hasher = Sha256::new();
    for f in all_files(made) {
        hasher.update(f.digest);
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
        "docs": terms.lengths.len(),
        "lengths": lengths,
        "shards": shard_firsts,
        "dict": dict_firsts,
        "chunk": EXCERPT_CHUNK_DOCS,
        "rules": rules,
    });
    IndexFile {
        path: format!("{}manifest.js", index_dir(lang)),
        bytes: wrap("manifest", manifest),
    }
}

/// The files but the manifest, in the order they are hashed and listed.
fn all_files(made: &Made) -> impl Iterator<Item = &Stored> {
    made.shards
        .iter()
        .flatten()
        .chain(&made.dicts)
        .chain(&made.excerpts)
}

fn into_files(lang: &str, terms: &Terms, made: Made, rules: &Rules) -> Vec<IndexFile> {
    let dir = index_dir(lang);
    let mut out = vec![manifest(lang, terms, &made, rules)];
    let Made {
        shards,
        dicts,
        excerpts,
        ..
    } = made;
    out.extend(
        shards
            .into_iter()
            .flatten()
            .chain(dicts)
            .chain(excerpts)
            .map(|f| IndexFile {
                path: format!("{dir}{}.js", f.key),
                bytes: f.bytes,
            }),
    );
    out
}

/// A language's last index as `watch` keeps it: the documents it was made from, their
/// terms and its files. After an edit only the documents that changed are read again
/// (reading every word is most of the cost of an index), their words patched into the
/// terms, and only the files those words are in made again; the index is the same as
/// [`build_index`]'s.
#[derive(Default)]
pub struct IndexCache {
    last: Option<Cached>,
}

struct Cached {
    lang: String,
    docs: Vec<SearchDoc>,
    terms: Terms,
    made: Made,
}

/// Past this many changed documents an index is made afresh: patching costs a few
/// documents' reading each, plus a walk over every record.
fn max_patched(docs: usize) -> usize {
    (docs / 16).max(16)
}

/// [`build_index`], reusing what `cache` holds of the last index of `lang` when the
/// documents are as many as then and few of them changed, and keeping this one in it.
pub fn build_index_cached(
    lang: &str,
    docs: Vec<SearchDoc>,
    cache: &mut IndexCache,
) -> Vec<IndexFile> {
    let rules = Rules::default();
    let last = cache.last.take();
    let changed = last.as_ref().and_then(|c| {
        if c.lang != lang || c.docs.len() != docs.len() {
            return None;
        }
        let changed: Vec<usize> = (0..docs.len())
            .into_par_iter()
            .filter(|&i| c.docs[i] != docs[i])
            .collect();
        (changed.len() <= max_patched(docs.len())).then_some(changed)
    });
    let c = match (last, changed) {
        (Some(mut c), Some(changed)) => {
            let mut dirty = vec![false; c.terms.numbered()];
            for &d in &changed {
                let old = analyse::read(&c.docs[d..d + 1], d as u32, &rules);
                let new = analyse::read(&docs[d..d + 1], d as u32, &rules);
                c.terms.replace_doc(d as u32, &old, &new, &mut dirty);
            }
            let mut excerpts = std::mem::take(&mut c.made.excerpts);
            let mut files: Vec<usize> = changed.iter().map(|d| d / EXCERPT_CHUNK_DOCS).collect();
            files.dedup();
            for n in files {
                let from = n * EXCERPT_CHUNK_DOCS;
                let to = (from + EXCERPT_CHUNK_DOCS).min(docs.len());
                excerpts[n] = excerpt_file(n, &docs[from..to]);
            }
            let old = std::mem::take(&mut c.made);
            c.made = make_files(&c.terms, excerpts, Some((old, &dirty)));
            c.docs = docs;
            c
        }
        _ => {
            let (terms, excerpts) = read_all(docs.len(), |r| Cow::Borrowed(&docs[r]), &rules);
            let made = make_files(&terms, excerpts, None);
            Cached {
                lang: lang.to_string(),
                docs,
                terms,
                made,
            }
        }
    };
    let dir = index_dir(lang);
    let mut out = vec![manifest(lang, &c.terms, &c.made, &rules)];
    out.extend(all_files(&c.made).map(|f| IndexFile {
        path: format!("{dir}{}.js", f.key),
        bytes: f.bytes.clone(),
    }));
    cache.last = Some(c);
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

    /// Names the first file that differs, and where.
    fn assert_same(cached: &[IndexFile], clean: &[IndexFile], step: &str) {
        let paths = |f: &[IndexFile]| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(cached), paths(clean), "after {step}");
        // The manifest last: its build hash differs whenever another file does.
        for (a, b) in cached.iter().zip(clean).rev() {
            if a.bytes != b.bytes {
                let (a, b) = (
                    String::from_utf8_lossy(&a.bytes),
                    String::from_utf8_lossy(&b.bytes),
                );
                let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                let from = at.saturating_sub(80);
                panic!(
                    "after {step}: {} differs at byte {at}:\ncached …{}\nclean  …{}",
                    &a[..a.len().min(30)],
                    a.get(from..(at + 80).min(a.len())).unwrap_or("?"),
                    b.get(from..(at + 80).min(b.len())).unwrap_or("?"),
                );
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = (0u8..0x80)
            .map(|b| format!("a{}b", char::from(b)))
            .collect();
        cases.push("Tóm tắt\nNội dung \"trích\" \\ hết\u{1}\u{1f}\u{7f}\u{2028}".into());
        cases.push(String::new());
        cases.push("\n".into());
        for c in cases {
            let mut out = String::new();
            push_json_str(&mut out, &c);
            assert_eq!(out, Value::String(c.clone()).to_string(), "{c:?}");
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
            let clean = build_index("vi", docs);
            assert_same(&cached, &clean, step);
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

    /// xorshift64*, as `tests/common/rng.rs` (which a unit test cannot reach: an
    /// inline module's `#[path]` starts from a folder that does not exist).
    mod rng {
        pub struct Rng(pub u64);

        impl Rng {
            pub fn below(&mut self, n: usize) -> usize {
                self.0 ^= self.0 >> 12;
                self.0 ^= self.0 << 25;
                self.0 ^= self.0 >> 27;
                (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
            }

            pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
                &xs[self.below(xs.len())]
            }
        }
    }

    /// A document of `n` words drawn from a small vocabulary in several spellings (so
    /// that spelling counts and their order change), with now and then a word seen
    /// nowhere else (so that words enter and leave the vocabulary).
    fn random_doc(r: &mut rng::Rng, id: usize, n: usize) -> SearchDoc {
        const WORDS: &[&str] = &[
            "hòa",
            "hoà",
            "Hoà",
            "hóa",
            "hoa",
            "HOA",
            "đầu",
            "tư",
            "Đầu",
            "công",
            "cộng",
            "năm",
            "2020",
            "quận",
            "Tây",
            "Hồ",
            "tây",
            "hồ",
            "kế",
            "hoạch",
            "và",
            "the",
            "plan",
            "𝐀b",
            "ｆｕｌｌ",
        ];
        let mut words = Vec::with_capacity(n);
        for _ in 0..n {
            let w = if r.below(40) == 0 {
                format!("hiếm{}", r.below(60))
            } else {
                r.pick(WORDS).to_string()
            };
            words.push(w);
            if r.below(12) == 0 {
                words.push(",".into());
            }
        }
        SearchDoc {
            url: format!("p{id}/"),
            title: words.iter().take(3).cloned().collect::<Vec<_>>().join(" "),
            tags: (0..r.below(3)).map(|_| r.pick(WORDS).to_string()).collect(),
            body: words.join(" "),
            ..SearchDoc::default()
        }
    }

    #[test]
    fn a_cached_build_stays_the_same_as_a_clean_one_through_random_edits() {
        let mut r = rng::Rng(0x5EED_1DE5);
        // More than a run (256 documents), and enough text for several shards.
        let mut docs: Vec<SearchDoc> = (0..300).map(|i| random_doc(&mut r, i, 30)).collect();
        let mut cache = IndexCache::default();
        let mut next_id = docs.len();
        for step in 0..80 {
            let at = r.below(docs.len());
            let what = match r.below(12) {
                0 => {
                    docs.insert(at, random_doc(&mut r, next_id, 20));
                    next_id += 1;
                    "a document inserted"
                }
                1 if docs.len() > 1 => {
                    docs.remove(at);
                    "a document removed"
                }
                2 => {
                    // Long enough to move the shard bounds after it.
                    let d = random_doc(&mut r, 0, 600);
                    docs[at].body = d.body;
                    "a document grown a lot"
                }
                3 => {
                    docs[at].body.clear();
                    docs[at].title.clear();
                    "a document emptied"
                }
                4 => {
                    for _ in 0..3 {
                        let i = r.below(docs.len());
                        docs[i] = random_doc(&mut r, i, 25);
                    }
                    "three documents rewritten"
                }
                5 => {
                    for i in 0..docs.len() / 10 {
                        docs[i * 10].title.push_str(" mới");
                    }
                    "a tenth of the documents edited"
                }
                6 => {
                    docs[at].tags = vec![format!("nhãn{}", r.below(5))];
                    "tags edited"
                }
                _ => {
                    let d = random_doc(&mut r, at, 30);
                    docs[at].body = d.body;
                    "a body rewritten"
                }
            };
            let cached = build_index_cached("vi", docs.clone(), &mut cache);
            assert_same(
                &cached,
                &build_index("vi", &docs),
                &format!("step {step}: {what}"),
            );
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
