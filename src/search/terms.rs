//! The terms of an index, word by word, as the files need them: each word's postings
//! already encoded, the spellings it was seen in, and the pairs it begins with their
//! postings. [`Terms::take`] takes in the runs of [`super::analyse`] in document order,
//! one at a time, so a run is dropped as soon as it is read and the working set is
//! about the size of the index itself; [`Terms::finish`] then lays the pairs out.
//!
//! `watch` keeps the terms and patches them one document at a time
//! ([`Terms::replace_doc`]): a word's postings are gaps between documents, so changing
//! one document rewrites a few bytes of each word it holds, not the list.
//!
//! Words are numbered in order of first appearance and keep their number for the life
//! of the terms (one that leaves every document keeps it, with no postings, and leaves
//! [`Terms::order`]); key order is [`Terms::order`].

use rayon::prelude::*;

use super::analyse::Chunk;
use super::codec;
use rustc_hash::FxHashMap as FastMap;

pub(super) struct Word {
    /// The folded form.
    pub name: String,
    /// One entry per document, ascending: `gap·8 + min(wtf−1, 7)` and, when
    /// `wtf−1 ≥ 7`, `wtf−8`, where gap = document − previous document − 1.
    pub postings: String,
    /// How many documents hold it: entries in `postings`.
    pub df: u32,
    /// The last document in `postings` (while taking runs in).
    last: u32,
    /// Spellings (exact keys) in order of first appearance, with how many documents
    /// hold each. A count may fall to 0 in `watch`; such a spelling is not written.
    pub spellings: Vec<(String, u32)>,
    /// Per entry, which spellings it holds: their count, then each (an index into
    /// `spellings`). Kept only once a second spelling is seen (`spelled`): until then
    /// every entry holds the first one, and nothing is stored.
    spell: String,
    spelled: bool,
    /// Pairs as taken in: `(second word, document − previous document)` as LEB128,
    /// in document order. Laid out into `pairs` by [`Terms::finish`].
    raw: Vec<u8>,
    raw_last: u32,
    /// `(second word, end of its postings in pair_postings)`, second words in key
    /// order. Pair postings are document gaps (gap = document − previous − 1).
    pub pairs: Vec<(u32, u32)>,
    pub pair_postings: String,
}

impl Word {
    fn new(name: String) -> Word {
        Word {
            name,
            postings: String::new(),
            df: 0,
            last: 0,
            spellings: Vec::new(),
            spell: String::new(),
            spelled: false,
            raw: Vec::new(),
            raw_last: 0,
            pairs: Vec::new(),
            pair_postings: String::new(),
        }
    }

    /// The postings of pair `i`.
    pub fn pair(&self, i: usize) -> (u32, &str) {
        let start = if i == 0 {
            0
        } else {
            self.pairs[i - 1].1 as usize
        };
        let (right, end) = self.pairs[i];
        (right, &self.pair_postings[start..end as usize])
    }

    /// A word seen in a second spelling: from now on each entry lists its spellings,
    /// and every entry so far held the first one.
    fn spell_out(&mut self) {
        if !self.spelled {
            self.spelled = true;
            self.spell = "$#".repeat(self.df as usize);
        }
    }

    /// The spelling's index, added (with no documents yet) when new.
    fn spelling(&mut self, exact: &str) -> u32 {
        let i = match self.spellings.iter().position(|(s, _)| s == exact) {
            Some(i) => i,
            None => {
                self.spellings.push((exact.to_string(), 0));
                self.spellings.len() - 1
            }
        };
        if self.spellings.len() > 1 {
            self.spell_out();
        }
        i as u32
    }

    /// Appends an entry for `doc`, after every document so far.
    fn push_entry(&mut self, doc: u32, wtf: u32, spellings: impl Iterator<Item = u32> + Clone) {
        let gap = if self.df == 0 {
            doc
        } else {
            doc - self.last - 1
        };
        put_entry(&mut self.postings, gap, wtf);
        self.last = doc;
        self.df += 1;
        if self.spelled {
            codec::put(&mut self.spell, spellings.clone().count() as u64);
        }
        for s in spellings {
            if self.spelled {
                codec::put(&mut self.spell, s as u64);
            }
            self.spellings[s as usize].1 += 1;
        }
    }

    fn push_raw_pair(&mut self, right: u32, doc: u32) {
        put_leb(&mut self.raw, right);
        put_leb(&mut self.raw, doc - self.raw_last);
        self.raw_last = doc;
    }

    /// The live spellings (held by some document), most widespread first, then by
    /// spelling: the same order however the documents came in.
    pub fn spelling_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.spellings.len() as u32)
            .filter(|&i| self.spellings[i as usize].1 > 0)
            .collect();
        order.sort_by(|&a, &b| {
            let (sa, ca) = &self.spellings[a as usize];
            let (sb, cb) = &self.spellings[b as usize];
            cb.cmp(ca).then_with(|| sa.cmp(sb))
        });
        order
    }

    /// Calls `f` with the spellings of each entry, in document order.
    pub fn each_entry_spellings(&self, mut f: impl FnMut(&[u32])) {
        let mut set = Vec::new();
        let mut r = codec::Reader::new(&self.spell);
        for _ in 0..self.df {
            set.clear();
            if self.spelled {
                let n = r.next().unwrap_or(0);
                for _ in 0..n {
                    set.push(r.next().unwrap_or(0) as u32);
                }
            } else {
                set.push(0);
            }
            f(&set);
        }
    }

    /// Sets (`Some`) or removes (`None`) the entry of `doc`; returns the old one.
    fn set_entry(&mut self, doc: u32, new: Option<(u32, &[u32])>) -> Option<u32> {
        // Find the first entry at or after `doc`, and the document before it.
        let mut r = codec::Reader::new(&self.postings);
        let (mut at, mut k, mut prev): (usize, usize, Option<u32>) = (0, 0, None);
        let mut found: Option<(u32, u32, usize)> = None;
        while !r.at_end() {
            let (d, wtf) = read_entry(&mut r, prev);
            if d >= doc {
                found = Some((d, wtf, r.pos()));
                break;
            }
            prev = Some(d);
            at = r.pos();
            k += 1;
        }
        let (old, mut end) = match found {
            Some((d, wtf, end)) if d == doc => (Some(wtf), end),
            _ => (None, at),
        };
        // The entry after it is written again: its gap changes.
        let mut r = codec::Reader::new(&self.postings);
        r.seek(end);
        let before = if old.is_some() { Some(doc) } else { prev };
        let next = (!r.at_end()).then(|| {
            let e = read_entry(&mut r, before);
            end = r.pos();
            e
        });
        let mut s = String::new();
        let mut p = prev;
        if let Some((wtf, _)) = new {
            put_entry(&mut s, p.map_or(doc, |p| doc - p - 1), wtf);
            p = Some(doc);
        }
        if let Some((d, wtf)) = next {
            put_entry(&mut s, p.map_or(d, |p| d - p - 1), wtf);
        }
        self.postings.replace_range(at..end, &s);

        // The spellings of entry `k`.
        let mut old_set = vec![0];
        if self.spelled {
            let mut r = codec::Reader::new(&self.spell);
            for _ in 0..k {
                let n = r.next().unwrap_or(0);
                for _ in 0..n {
                    let _ = r.next();
                }
            }
            let from = r.pos();
            let mut to = from;
            if old.is_some() {
                old_set.clear();
                let n = r.next().unwrap_or(0);
                for _ in 0..n {
                    old_set.push(r.next().unwrap_or(0) as u32);
                }
                to = r.pos();
            }
            let mut s = String::new();
            if let Some((_, set)) = new {
                codec::put(&mut s, set.len() as u64);
                for &i in set {
                    codec::put(&mut s, i as u64);
                }
            }
            self.spell.replace_range(from..to, &s);
        }
        if old.is_some() {
            self.df -= 1;
            for &i in &old_set {
                self.spellings[i as usize].1 -= 1;
            }
        }
        if let Some((_, set)) = new {
            self.df += 1;
            for &i in set {
                self.spellings[i as usize].1 += 1;
            }
        }
        old
    }

    /// Adds `doc` to, or takes it from, the postings of pair `i`; a pair left with no
    /// document goes.
    fn set_pair_doc(&mut self, i: usize, doc: u32, present: bool) {
        let start = if i == 0 {
            0
        } else {
            self.pairs[i - 1].1 as usize
        };
        let end = self.pairs[i].1 as usize;
        let mut docs = decode_docs(&self.pair_postings[start..end]);
        match (docs.binary_search(&doc), present) {
            (Err(at), true) => docs.insert(at, doc),
            (Ok(at), false) => {
                docs.remove(at);
            }
            _ => return,
        }
        let mut s = String::new();
        encode_docs(&mut s, &docs);
        self.pair_postings.replace_range(start..end, &s);
        let delta = s.len() as i64 - (end - start) as i64;
        for p in &mut self.pairs[i..] {
            p.1 = (p.1 as i64 + delta) as u32;
        }
        if docs.is_empty() {
            self.pairs.remove(i);
        }
    }
}

/// Every word of an index. Word `g` lives in `buckets[g % n][g / n]`, so that the
/// words of a run are taken in by several threads at once, each writing only to its
/// own bucket; `n` is a power of two (`mask` = n − 1, `shift` = log2 n).
pub(super) struct Terms {
    buckets: Vec<Vec<Word>>,
    mask: usize,
    shift: u32,
    ids: FastMap<String, u32>,
    count: u32,
    /// Words held by some document, in key order (JavaScript string order).
    pub order: Vec<u32>,
    /// Per document: how many words it holds.
    pub lengths: Vec<u32>,
}

impl Terms {
    pub fn new() -> Terms {
        // The bytes never depend on the count: it only spreads the work.
        let n = rayon::current_num_threads().clamp(1, 8).next_power_of_two();
        Terms {
            buckets: (0..n).map(|_| Vec::new()).collect(),
            mask: n - 1,
            shift: n.trailing_zeros(),
            ids: FastMap::default(),
            count: 0,
            order: Vec::new(),
            lengths: Vec::new(),
        }
    }

    pub fn word(&self, g: u32) -> &Word {
        let g = g as usize;
        &self.buckets[g & self.mask][g >> self.shift]
    }

    fn word_mut(&mut self, g: u32) -> &mut Word {
        let g = g as usize;
        &mut self.buckets[g & self.mask][g >> self.shift]
    }

    /// How many words have a number (including words no document holds any more).
    pub fn numbered(&self) -> usize {
        self.count as usize
    }

    fn id(&mut self, name: &str) -> u32 {
        if let Some(&g) = self.ids.get(name) {
            return g;
        }
        let g = self.count;
        self.count += 1;
        self.ids.insert(name.to_string(), g);
        self.buckets[g as usize & self.mask].push(Word::new(name.to_string()));
        g
    }

    /// Takes in the next run of documents (runs must come in document order).
    pub fn take(&mut self, chunk: &Chunk) {
        self.lengths.extend_from_slice(&chunk.lengths);
        // Local word → word, and local spelling → the word's spelling.
        let mut to_global = Vec::with_capacity(chunk.words.len());
        let mut spell_start = Vec::with_capacity(chunk.words.len() + 1);
        let mut spell_map = Vec::new();
        for (l, name) in chunk.words.iter().enumerate() {
            let g = self.id(name);
            let w = self.word_mut(g);
            spell_start.push(spell_map.len());
            for s in &chunk.spellings[l] {
                spell_map.push(w.spelling(s));
            }
            to_global.push(g);
        }
        let (mask, shift) = (self.mask, self.shift);
        self.buckets
            .par_iter_mut()
            .enumerate()
            .for_each(|(b, words)| {
                for (l, &g) in to_global.iter().enumerate() {
                    let g = g as usize;
                    if g & mask != b {
                        continue;
                    }
                    let w = &mut words[g >> shift];
                    let map = &spell_map[spell_start[l]..];
                    for e in chunk.entries(l as u32) {
                        w.push_entry(
                            chunk.docs[e],
                            chunk.wtfs[e],
                            chunk.entry_spellings(e).iter().map(|&s| map[s as usize]),
                        );
                    }
                    for i in chunk.pairs(l as u32) {
                        w.push_raw_pair(
                            to_global[chunk.pair_right[i] as usize],
                            chunk.pair_docs[i],
                        );
                    }
                }
            });
    }

    /// After the last run: key order, and each word's pairs laid out by second word.
    pub fn finish(&mut self) {
        let mut order: Vec<u32> = (0..self.count).filter(|&g| self.word(g).df > 0).collect();
        {
            let names: Vec<&str> = (0..self.count)
                .map(|g| self.word(g).name.as_str())
                .collect();
            let name = |g: u32| names[g as usize];
            // JavaScript compares strings by UTF-16 unit; that is byte order unless a
            // word holds a character beyond the Basic Multilingual Plane.
            if order.iter().any(|&g| name(g).bytes().any(|b| b >= 0xF0)) {
                order.par_sort_unstable_by(|&a, &b| super::js_cmp(name(a), name(b)));
            } else {
                order.par_sort_unstable_by(|&a, &b| name(a).cmp(name(b)));
            }
        }
        let mut rank = vec![u32::MAX; self.count as usize];
        for (r, &g) in order.iter().enumerate() {
            rank[g as usize] = r as u32;
        }
        let words = self.count as usize;
        self.buckets.par_iter_mut().for_each(|bucket| {
            let mut x = PairScratch {
                count: vec![0; words],
                ..PairScratch::default()
            };
            for w in bucket.iter_mut() {
                lay_out_pairs(w, &rank, &order, &mut x);
            }
        });
        self.order = order;
    }

    /// The entries and pairs of one document as read alone (`chunk` holds that one
    /// document, numbered `doc`), by word name: the state of the index is the same as
    /// if every document had been read with this one's new text.
    pub fn replace_doc(&mut self, doc: u32, old: &Chunk, new: &Chunk, dirty: &mut Vec<bool>) {
        if let Some(l) = self.lengths.get_mut(doc as usize) {
            *l = new.lengths.first().copied().unwrap_or(0);
        }
        let old_entries = doc_entries(old);
        let new_entries = doc_entries(new);
        let mut born: Vec<u32> = Vec::new();
        let mut died: Vec<u32> = Vec::new();
        let mark = |dirty: &mut Vec<bool>, g: u32| {
            if dirty.len() <= g as usize {
                dirty.resize(g as usize + 1, false);
            }
            dirty[g as usize] = true;
        };
        // Words whose entry changed, in name order (both lists are sorted by name).
        let (mut i, mut j) = (0, 0);
        while i < old_entries.len() || j < new_entries.len() {
            let o = old_entries.get(i);
            let n = new_entries.get(j);
            let (name, before, after) = match (o, n) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    i += 1;
                    j += 1;
                    if a.1 == b.1 && a.2 == b.2 {
                        continue;
                    }
                    (a.0, Some(a), Some(b))
                }
                (Some(a), Some(b)) if a.0 < b.0 => {
                    i += 1;
                    (a.0, Some(a), None)
                }
                (Some(a), None) => {
                    i += 1;
                    (a.0, Some(a), None)
                }
                (_, Some(b)) => {
                    j += 1;
                    (b.0, None, Some(b))
                }
                (None, None) => break,
            };
            let _ = before;
            let g = self.id(name);
            mark(dirty, g);
            let w = self.word_mut(g);
            let was = w.df;
            let set: Option<(u32, Vec<u32>)> = after.map(|(_, wtf, spellings)| {
                let mut set: Vec<u32> = spellings.iter().map(|s| w.spelling(s)).collect();
                set.sort_unstable();
                (*wtf, set)
            });
            w.set_entry(doc, set.as_ref().map(|(wtf, s)| (*wtf, s.as_slice())));
            match (was, w.df) {
                (0, 1..) => born.push(g),
                (1.., 0) => died.push(g),
                _ => {}
            }
        }
        self.update_order(&born, &died);

        // Pairs: the document is added to each pair it now holds and not before, and
        // taken from each one it held and no longer does.
        let old_pairs = doc_pairs(old);
        let new_pairs = doc_pairs(new);
        let (mut i, mut j) = (0, 0);
        while i < old_pairs.len() || j < new_pairs.len() {
            let (pair, present) = match (old_pairs.get(i), new_pairs.get(j)) {
                (Some(a), Some(b)) if a == b => {
                    i += 1;
                    j += 1;
                    continue;
                }
                (Some(a), Some(b)) if a < b => {
                    i += 1;
                    (*a, false)
                }
                (Some(a), None) => {
                    i += 1;
                    (*a, false)
                }
                (_, Some(b)) => {
                    j += 1;
                    (*b, true)
                }
                (None, None) => break,
            };
            let (left, right) = (self.id(pair.0), self.id(pair.1));
            mark(dirty, left);
            let w = self.word(left);
            let name = self.word(right).name.as_str();
            let at = w
                .pairs
                .binary_search_by(|&(r, _)| super::js_cmp(&self.word(r).name, name));
            let w = self.word_mut(left);
            match at {
                Ok(k) => w.set_pair_doc(k, doc, present),
                Err(k) if present => {
                    let end = w.pairs.get(k.wrapping_sub(1)).map_or(0, |p| p.1);
                    let mut s = String::new();
                    encode_docs(&mut s, &[doc]);
                    w.pair_postings.insert_str(end as usize, &s);
                    w.pairs.insert(k, (right, end));
                    for p in &mut w.pairs[k..] {
                        p.1 += s.len() as u32;
                    }
                }
                Err(_) => {}
            }
        }
    }

    /// Words that came to be held by a document, or no longer are, enter or leave the
    /// key order.
    fn update_order(&mut self, born: &[u32], died: &[u32]) {
        for &g in died {
            let name = self.word(g).name.as_str();
            if let Ok(at) = self
                .order
                .binary_search_by(|&o| super::js_cmp(&self.word(o).name, name))
            {
                self.order.remove(at);
            }
        }
        for &g in born {
            let name = self.word(g).name.as_str();
            if let Err(at) = self
                .order
                .binary_search_by(|&o| super::js_cmp(&self.word(o).name, name))
            {
                self.order.insert(at, g);
            }
        }
    }
}

/// A document's entries, by word name: `(name, wtf, spellings)`, spellings sorted.
fn doc_entries(c: &Chunk) -> Vec<(&str, u32, Vec<&str>)> {
    let mut out: Vec<(&str, u32, Vec<&str>)> = Vec::new();
    for (w, name) in c.words.iter().enumerate() {
        for e in c.entries(w as u32) {
            let mut s: Vec<&str> = c
                .entry_spellings(e)
                .iter()
                .map(|&i| c.spellings[w][i as usize].as_str())
                .collect();
            s.sort_unstable();
            out.push((name.as_str(), c.wtfs[e], s));
        }
    }
    out.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out
}

/// A document's pairs, by word names, each once, sorted.
fn doc_pairs(c: &Chunk) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for (w, name) in c.words.iter().enumerate() {
        for i in c.pairs(w as u32) {
            out.push((name.as_str(), c.words[c.pair_right[i] as usize].as_str()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[derive(Default)]
struct PairScratch {
    /// A count (then a cursor) per second word's rank, the ranks met, documents.
    count: Vec<u32>,
    touched: Vec<u32>,
    docs: Vec<u32>,
    decoded: Vec<(u32, u32)>,
}

/// Lays the raw pairs of `w` out by second word, in key order (`rank`).
fn lay_out_pairs(w: &mut Word, rank: &[u32], order: &[u32], x: &mut PairScratch) {
    let raw = std::mem::take(&mut w.raw);
    x.decoded.clear();
    let mut at = 0;
    let mut doc = 0;
    while at < raw.len() {
        let right = get_leb(&raw, &mut at);
        doc += get_leb(&raw, &mut at);
        x.decoded.push((rank[right as usize], doc));
    }
    drop(raw);
    x.touched.clear();
    for &(r, _) in &x.decoded {
        if x.count[r as usize] == 0 {
            x.touched.push(r);
        }
        x.count[r as usize] += 1;
    }
    x.touched.sort_unstable();
    // `count` becomes each second word's next free place in `docs`.
    let mut start = 0;
    for &r in &x.touched {
        let n = x.count[r as usize];
        x.count[r as usize] = start;
        start += n;
    }
    x.docs.clear();
    x.docs.resize(x.decoded.len(), 0);
    for &(r, doc) in &x.decoded {
        x.docs[x.count[r as usize] as usize] = doc;
        x.count[r as usize] += 1;
    }
    let mut pairs = Vec::with_capacity(x.touched.len());
    let mut postings = String::new();
    let mut start = 0;
    for &r in &x.touched {
        let end = x.count[r as usize] as usize;
        let mut prev: Option<u32> = None;
        for &doc in &x.docs[start..end] {
            // A pair seen twice in a document is listed once.
            if prev == Some(doc) {
                continue;
            }
            codec::put(&mut postings, prev.map_or(doc, |p| doc - p - 1) as u64);
            prev = Some(doc);
        }
        pairs.push((order[r as usize], postings.len() as u32));
        x.count[r as usize] = 0;
        start = end;
    }
    w.pairs = pairs;
    w.pair_postings = postings;
    w.raw_last = 0;
}

fn put_entry(out: &mut String, gap: u32, wtf: u32) {
    let extra = wtf.saturating_sub(1) as u64;
    codec::put(out, (gap as u64) * 8 + extra.min(7));
    if extra >= 7 {
        codec::put(out, extra - 7);
    }
}

/// The next entry: its document and weighted frequency (as `wtf − 1` is written: a
/// frequency of 0 reads back as 1, which writes the same bytes).
fn read_entry(r: &mut codec::Reader<'_>, prev: Option<u32>) -> (u32, u32) {
    let n = r.next().unwrap_or(0);
    let mut extra = n % 8;
    if extra == 7 {
        extra += r.next().unwrap_or(0);
    }
    let gap = (n / 8) as u32;
    (prev.map_or(gap, |p| p + 1 + gap), extra as u32 + 1)
}

fn decode_docs(s: &str) -> Vec<u32> {
    let mut r = codec::Reader::new(s);
    let mut docs = Vec::new();
    let mut prev: Option<u32> = None;
    while !r.at_end() {
        let gap = r.next().unwrap_or(0) as u32;
        let d = prev.map_or(gap, |p| p + 1 + gap);
        docs.push(d);
        prev = Some(d);
    }
    docs
}

fn encode_docs(out: &mut String, docs: &[u32]) {
    let mut prev: Option<u32> = None;
    for &d in docs {
        codec::put(out, prev.map_or(d, |p| d - p - 1) as u64);
        prev = Some(d);
    }
}

fn put_leb(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get_leb(b: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    loop {
        let byte = b[*at];
        *at += 1;
        n |= ((byte & 0x7F) as u32) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
}
