//! Reading documents into numbers: for a run of consecutive documents (a [`Chunk`]), each
//! folded word's entries (document, weighted frequency, spellings seen) and each pair of
//! words found side by side, grouped by word. Chunks are read in parallel and know
//! nothing of each other; [`super::terms`] takes each one into its per-word lists as
//! soon as it is read, so only a few are ever alive at once.
//!
//! Each document gets one position space: the title from 0, tags, places, headings and
//! the summary from [`Rules::label_start`], the body from [`Rules::body_start`], with a
//! skipped position between segments and at clause punctuation, so that a phrase never
//! runs from one heading into the next. A position decides an occurrence's weight, and
//! whether two words stand side by side; positions themselves are not kept.
//!
//! The cost is per occurrence (millions on a large site): one hash lookup of the
//! spelling, then array updates. Folding happens once per distinct spelling in a chunk.

use super::tokenize::{fold_and_exact, word_spans, Span};
use super::{Rules, SearchDoc};
use rustc_hash::FxHashMap as FastMap;

pub(super) const NONE: u32 = u32::MAX;

/// The words of a run of documents, in numbers local to the run, grouped by word:
/// [`super::terms`] appends each word's entries and pairs to its lists in one go.
pub(super) struct Chunk {
    /// Local word number → folded form.
    pub words: Vec<String>,
    /// Local word number → its spellings (exact keys) seen in the run.
    pub spellings: Vec<Vec<String>>,
    /// Per document: how many words it holds.
    pub lengths: Vec<u32>,
    /// Entries of word `w`: `word_start[w]..word_start[w + 1]`, in document order, into
    /// `docs`, `wtfs` and `spelling_start`.
    pub word_start: Vec<u32>,
    pub docs: Vec<u32>,
    pub wtfs: Vec<u32>,
    /// Spellings in entry `e`: `entry_spellings[spelling_start[e]..spelling_start[e + 1]]`,
    /// each an index into `spellings[w]`.
    pub spelling_start: Vec<u32>,
    pub entry_spellings: Vec<u32>,
    /// Pairs that begin with word `w`: `pair_start[w]..pair_start[w + 1]`, in document
    /// order, into `pair_right` (the second word) and `pair_docs`. A pair seen twice in a
    /// document is listed twice.
    pub pair_start: Vec<u32>,
    pub pair_right: Vec<u32>,
    pub pair_docs: Vec<u32>,
}

impl Chunk {
    pub fn entries(&self, w: u32) -> std::ops::Range<usize> {
        self.word_start[w as usize] as usize..self.word_start[w as usize + 1] as usize
    }

    pub fn entry_spellings(&self, e: usize) -> &[u32] {
        &self.entry_spellings[self.spelling_start[e] as usize..self.spelling_start[e + 1] as usize]
    }

    pub fn pairs(&self, w: u32) -> std::ops::Range<usize> {
        self.pair_start[w as usize] as usize..self.pair_start[w as usize + 1] as usize
    }
}

/// What one distinct spelling stands for: where its text is in [`Spellings::bytes`],
/// its word and its place in that word's spellings (`NONE` when it folds to nothing),
/// and the last document (numbered from 1 within the run) it was seen in.
#[derive(Clone, Copy)]
struct Spelling {
    at: u32,
    len: u32,
    word: u32,
    index: u32,
    seen: u32,
}

/// A word in the document being read: when last seen (as [`Spelling::seen`]), its
/// weighted frequency so far, and the head of its list of spellings in `nodes`. Kept
/// together: one cache line per occurrence instead of three.
#[derive(Clone, Copy)]
struct WordState {
    seen: u32,
    wtf: u32,
    head: u32,
}

/// Where the current document is: next position, word count, and the previous word
/// with its position.
struct Cursor {
    pos: u32,
    len: u32,
    prev: Option<(u32, u32)>,
}

struct Reader<'a> {
    rules: &'a Rules,
    known: Spellings,
    word_ids: FastMap<String, u32>,
    words: Vec<String>,
    spellings: Vec<Vec<String>>,
    state: Vec<WordState>,
    touched: Vec<u32>,
    /// (spelling index, next node) lists, one per touched word.
    nodes: Vec<(u32, u32)>,
    spans: Vec<Span>,
    // Entries and pairs in document order, grouped by word at the end.
    e_word: Vec<u32>,
    e_doc: Vec<u32>,
    e_wtf: Vec<u32>,
    e_spelling_start: Vec<u32>,
    e_spellings: Vec<u32>,
    /// (first word, second word): one push per pair.
    pairs: Vec<[u32; 2]>,
    /// Where each document's pairs start in `pairs` (a document number per pair would
    /// be a third of what a run holds while it is read).
    p_doc_start: Vec<u32>,
    first_doc: u32,
    lengths: Vec<u32>,
}

/// Reads `docs`, numbered from `first_doc`.
pub(super) fn read(docs: &[SearchDoc], first_doc: u32, rules: &Rules) -> Chunk {
    let mut r = Reader {
        rules,
        known: Spellings::default(),
        word_ids: FastMap::default(),
        words: Vec::new(),
        spellings: Vec::new(),
        state: Vec::new(),
        touched: Vec::new(),
        nodes: Vec::new(),
        spans: Vec::new(),
        e_word: Vec::new(),
        e_doc: Vec::new(),
        e_wtf: Vec::new(),
        e_spelling_start: Vec::new(),
        e_spellings: Vec::new(),
        pairs: Vec::new(),
        p_doc_start: Vec::with_capacity(docs.len() + 1),
        first_doc,
        lengths: Vec::with_capacity(docs.len()),
    };
    for (i, d) in docs.iter().enumerate() {
        r.document(first_doc + i as u32, d);
    }
    r.finish()
}

impl<'a> Reader<'a> {
    fn document(&mut self, doc: u32, d: &'a SearchDoc) {
        self.p_doc_start.push(self.pairs.len() as u32);
        let mark = self.lengths.len() as u32 + 1;
        let mut at = Cursor {
            pos: 0,
            len: 0,
            prev: None,
        };
        self.segment(&d.title, mark, &mut at);
        at.pos = at.pos.max(self.rules.label_start);
        for label in d.tags.iter().chain(&d.places).chain(&d.headings) {
            self.segment(label, mark, &mut at);
        }
        self.segment(&d.summary, mark, &mut at);
        at.pos = at.pos.max(self.rules.body_start);
        self.segment(&d.body, mark, &mut at);
        self.lengths.push(at.len);

        for &w in &self.touched {
            self.e_word.push(w);
            self.e_doc.push(doc);
            self.e_wtf.push(self.state[w as usize].wtf);
            self.e_spelling_start.push(self.e_spellings.len() as u32);
            let mut node = self.state[w as usize].head;
            while node != NONE {
                let (s, next) = self.nodes[node as usize];
                self.e_spellings.push(s);
                node = next;
            }
        }
        self.touched.clear();
        self.nodes.clear();
    }

    fn segment(&mut self, text: &'a str, mark: u32, at: &mut Cursor) {
        let mut spans = std::mem::take(&mut self.spans);
        word_spans(text, &mut spans);
        for w in &spans {
            if w.after_break {
                // A clause ends between them: the two words are not a phrase.
                at.pos += 1;
            }
            self.occurrence(text, w.start as usize..w.end as usize, mark, at);
            at.pos += 1;
        }
        if !spans.is_empty() {
            // The skipped position keeps phrases inside their segment.
            at.pos += 1;
        }
        self.spans = spans;
    }

    /// The word at `span` of `text`. Compared and hashed as bytes: the span is on
    /// character boundaries, and only a new spelling needs it as text.
    #[inline]
    fn occurrence(
        &mut self,
        text: &'a str,
        span: std::ops::Range<usize>,
        mark: u32,
        at: &mut Cursor,
    ) {
        at.len += 1;
        let raw = &text.as_bytes()[span.clone()];
        let hash = hash_bytes(raw);
        let id = match self.known.get(hash, raw) {
            Some(id) => id,
            None => self.learn(&text[span], hash),
        } as usize;
        let Spelling {
            word, index, seen, ..
        } = self.known.entries[id];
        if word == NONE {
            at.prev = None;
            return;
        }
        let st = &mut self.state[word as usize];
        if st.seen != mark {
            *st = WordState {
                seen: mark,
                wtf: 0,
                head: NONE,
            };
            self.touched.push(word);
        }
        st.wtf += self.rules.weight_at(at.pos);
        if seen != mark {
            self.known.entries[id].seen = mark;
            // Two spellings may share an exact key (`Hòa`, `hoà`): list it once.
            let mut node = st.head;
            while node != NONE && self.nodes[node as usize].0 != index {
                node = self.nodes[node as usize].1;
            }
            if node == NONE {
                self.nodes.push((index, st.head));
                st.head = self.nodes.len() as u32 - 1;
            }
        }
        if let Some((p, left)) = at.prev {
            if p + 1 == at.pos {
                self.pairs.push([left, word]);
            }
        }
        at.prev = Some((at.pos, word));
    }

    /// A spelling met for the first time in this run: fold it once.
    #[cold]
    fn learn(&mut self, raw: &'a str, hash: u64) -> u32 {
        let (folded, exact) = fold_and_exact(raw);
        let (word, index) = if folded.is_empty() {
            (NONE, NONE)
        } else {
            let word = match self.word_ids.get(folded.as_str()) {
                Some(&w) => w,
                None => {
                    let w = self.words.len() as u32;
                    self.word_ids.insert(folded.clone(), w);
                    self.words.push(folded);
                    self.spellings.push(Vec::new());
                    self.state.push(WordState {
                        seen: 0,
                        wtf: 0,
                        head: NONE,
                    });
                    w
                }
            };
            let list = &mut self.spellings[word as usize];
            let index = match list.iter().position(|s| *s == exact) {
                Some(i) => i,
                None => {
                    list.push(exact);
                    list.len() - 1
                }
            } as u32;
            (word, index)
        };
        self.known.insert(hash, raw.as_bytes(), word, index)
    }

    /// Groups entries and pairs by word, keeping document order within each word.
    /// Each ungrouped list is dropped as soon as it is grouped, so that the two copies
    /// of the run are never alive together.
    fn finish(self) -> Chunk {
        let n = self.words.len();
        let word_start = starts(self.e_word.iter().copied(), n);
        let entries = self.e_word.len();
        let mut order = vec![0u32; entries];
        let mut cursor = word_start.clone();
        for (e, &w) in self.e_word.iter().enumerate() {
            order[cursor[w as usize] as usize] = e as u32;
            cursor[w as usize] += 1;
        }
        drop(cursor);
        drop(self.e_word);
        let docs = gather(&order, self.e_doc);
        let wtfs = gather(&order, self.e_wtf);
        let mut spelling_start = Vec::with_capacity(entries + 1);
        let mut entry_spellings = Vec::with_capacity(self.e_spellings.len());
        for &e in &order {
            let lo = self.e_spelling_start[e as usize] as usize;
            let hi = self
                .e_spelling_start
                .get(e as usize + 1)
                .map_or(self.e_spellings.len(), |&h| h as usize);
            spelling_start.push(entry_spellings.len() as u32);
            entry_spellings.extend_from_slice(&self.e_spellings[lo..hi]);
        }
        spelling_start.push(entry_spellings.len() as u32);
        drop(order);
        drop(self.e_spelling_start);
        drop(self.e_spellings);

        let pair_start = starts(self.pairs.iter().map(|p| p[0]), n);
        let pairs = self.pairs.len();
        let mut cursor = pair_start.clone();
        let mut pair_right = vec![0u32; pairs];
        let mut pair_docs = vec![0u32; pairs];
        for (d, &from) in self.p_doc_start.iter().enumerate() {
            let to = self.p_doc_start.get(d + 1).map_or(pairs, |&t| t as usize);
            let doc = self.first_doc + d as u32;
            for &[left, right] in &self.pairs[from as usize..to] {
                let at = cursor[left as usize] as usize;
                cursor[left as usize] += 1;
                pair_right[at] = right;
                pair_docs[at] = doc;
            }
        }
        Chunk {
            words: self.words,
            spellings: self.spellings,
            lengths: self.lengths,
            word_start,
            docs,
            wtfs,
            spelling_start,
            entry_spellings,
            pair_start,
            pair_right,
            pair_docs,
        }
    }
}

/// `from` in the order `order` gives, `from` dropped.
fn gather(order: &[u32], from: Vec<u32>) -> Vec<u32> {
    order.iter().map(|&i| from[i as usize]).collect()
}

/// The spellings met in a run, by their text: open addressing with the full hash kept in
/// each slot, so a probe almost always settles on one comparison of two numbers. This
/// lookup runs once per word of every document: a general map's hashing, probing and
/// key comparison through `memcmp` cost several times more.
///
/// The texts are copied together into `bytes`: the comparison that confirms a lookup
/// then reads a few kilobytes that stay in cache, not the page where the spelling was
/// first met (a cache miss on most words, and the largest single cost of the lookup).
#[derive(Default)]
struct Spellings {
    /// `(hash, id + 1)`; 0 marks a free slot. A power of two long, at most half full.
    slots: Vec<(u64, u32)>,
    entries: Vec<Spelling>,
    bytes: Vec<u8>,
}

/// FxHash of a word's bytes (rustc-hash's `FxHasher`), then one more multiplication so
/// that the high bits, which pick the slot, depend on every byte.
#[inline]
fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(b);
    h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1
}

impl Spellings {
    #[inline]
    fn slot(&self, hash: u64) -> usize {
        // The high bits: the table has 2^k slots.
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    #[inline]
    fn get(&self, hash: u64, text: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(hash);
        loop {
            let (h, id) = self.slots[i];
            if id == 0 {
                return None;
            }
            if h == hash && same(self.text(id - 1), text) {
                return Some(id - 1);
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn text(&self, id: u32) -> &[u8] {
        let e = &self.entries[id as usize];
        &self.bytes[e.at as usize..(e.at + e.len) as usize]
    }

    /// Adds `text`, not yet present, standing for `word` and its spelling `index`;
    /// returns its id (the next one).
    fn insert(&mut self, hash: u64, text: &[u8], word: u32, index: u32) -> u32 {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            for (h, id) in old.into_iter().filter(|&(_, id)| id != 0) {
                self.place(h, id);
            }
        }
        let id = self.entries.len() as u32;
        self.entries.push(Spelling {
            at: self.bytes.len() as u32,
            len: text.len() as u32,
            word,
            index,
            seen: 0,
        });
        self.bytes.extend_from_slice(text);
        self.place(hash, id + 1);
        id
    }

    fn place(&mut self, hash: u64, id: u32) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(hash);
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (hash, id);
    }
}

/// Byte equality without a call to `memcmp` and without a loop over bytes: words are a
/// few bytes long, so they are compared as one to three machine words (reads that
/// overlap for lengths that are no multiple of 8, which together cover every byte).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let u64_at = |s: &[u8], i: usize| {
        let c = &s[i..i + 8];
        u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
    };
    let u32_at = |s: &[u8], i: usize| {
        let c = &s[i..i + 4];
        u32::from_le_bytes([c[0], c[1], c[2], c[3]])
    };
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if u64_at(a, i) != u64_at(b, i) {
                return false;
            }
            i += 8;
        }
        u64_at(a, n - 8) == u64_at(b, n - 8)
    } else if n >= 4 {
        u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4)
    } else {
        // 0–3 bytes: the first, middle and last are all of them.
        n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1])
    }
}

/// For keys in `0..n`, where each key's items start once grouped: `n + 1` offsets.
fn starts(keys: impl Iterator<Item = u32>, n: usize) -> Vec<u32> {
    let mut starts = vec![0u32; n + 1];
    for k in keys {
        starts[k as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_differ_in_their_last_bytes_or_length_hash_apart() {
        // The spelling table picks a slot from the hash's high bits: words that share
        // a long start must still land apart.
        assert_ne!(hash_bytes(b"cong"), hash_bytes(b"cong\0"));
        assert_ne!(hash_bytes(b"cong"), hash_bytes(b"conh"));
        assert_ne!(hash_bytes(b"abcdefgh1"), hash_bytes(b"abcdefgh2"));
        assert_ne!(hash_bytes("đầu".as_bytes()), hash_bytes(b"dau"));
    }

    #[test]
    fn spellings_are_found_again_after_the_table_grows() {
        let words: Vec<String> = (0..5000).map(|i| format!("từ{i}")).collect();
        let mut table = Spellings::default();
        for (id, w) in words.iter().enumerate() {
            let h = hash_bytes(w.as_bytes());
            assert_eq!(table.get(h, w.as_bytes()), None);
            assert_eq!(table.insert(h, w.as_bytes(), 0, 0), id as u32);
        }
        for (id, w) in words.iter().enumerate() {
            assert_eq!(
                table.get(hash_bytes(w.as_bytes()), w.as_bytes()),
                Some(id as u32)
            );
        }
        // Same hash, other text: compared, not trusted.
        let h = hash_bytes("từ1".as_bytes());
        assert_eq!(table.get(h, "từ2".as_bytes()), None);
        assert!(table.slots.len() >= 2 * words.len());
    }

    #[test]
    fn words_compare_equal_only_when_every_byte_is_equal() {
        // Each length the comparison treats apart, with a difference at each byte.
        for n in 0..26 {
            let a: Vec<u8> = (0..n as u8).map(|i| b'a' + i).collect();
            assert!(same(&a, &a.clone()), "{n}");
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 0x20;
                assert!(!same(&a, &b), "length {n}, byte {i}");
            }
            assert!(!same(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }
}
