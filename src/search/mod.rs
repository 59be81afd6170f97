//! Client-side search that understands Vietnamese typed without diacritics.
//!
//! At build time [`build_index`] turns one language's pages into a folder of small
//! JavaScript files (`search/<lang>/…`); in the browser `search.js` loads only the files a
//! query needs by inserting `<script>` tags, which unlike `fetch()` also works from
//! `file://`. Matching and ranking are defined here and reproduced in `search.js`; the Rust
//! side ([`LoadedIndex`], [`search`]) reads the very files it wrote, so the tests exercise
//! the same bytes the browser gets.
//!
//! Files of one index, all relative to `search/<lang>/`:
//! - `manifest.js`: document count and lengths, the first term of every term shard and
//!   dictionary file, the ranking rules.
//! - `t/<n>.js`: term shards, contiguous ranges of keys (folded words, and pairs of
//!   words found side by side) with their postings (see [`index`] for the encoding).
//! - `d/<n>.js`: the dictionary (term, document frequency), read only to expand the last,
//!   half-typed word of a query.
//! - `x/<n>.js`: what a result shows (URL, title, section, excerpt text), a few documents
//!   per file.
//! - `v/<n>.js`: exact spellings for the words of term shard `n`, read only for query
//!   words typed with diacritics.
//!
//! Every file is `congkhaiSearch.add([key, data]);` where `key` is the file's path
//! without `.js`.
//!
//! The page side is `search.js` in this folder, which the generator publishes at
//! `search/search.js` (see `render::search_index`), not a theme: it must read the files
//! this very binary writes. On the search page it expects an `<input id="search-input">`
//! in a `<form role="search">`, a `#search-status` live region, an
//! `<ol id="search-results">`, and
//! `<script src="…/search/search.js" data-index="…/search/<lang>/" data-root="…/"
//! data-lang="<lang>" defer>` with all paths relative to the page. On other pages the
//! same script only warms the cache when the header box (`form.site-search
//! input[name=q]`) is first focused.

mod analyse;
mod codec;
pub mod index;
mod latin;
pub mod load;
pub mod rank;
mod terms;
pub mod tokenize;

pub use index::{build_index, build_index_cached, build_index_from, index_dir, IndexCache};
pub use load::{IndexError, LoadedIndex};
pub use rank::{search, Hit};

use serde::{Deserialize, Serialize};

/// One page as the generator hands it to the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchDoc {
    /// Site-relative, e.g. `su-kien/hoi-cho-ocop/` or `en/su-kien/hoi-cho-ocop/`.
    pub url: String,
    pub title: String,
    pub section: String,
    pub headings: Vec<String>,
    pub summary: String,
    /// Plain text, markup already stripped.
    pub body: String,
    pub tags: Vec<String>,
    pub places: Vec<String>,
}

/// One file of the index, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// Relative to the output root, e.g. `search/vi/manifest.js`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The numbers that decide matching and ranking. They are written into the manifest, and
/// `search.js` takes them from there, so the two rankers cannot drift apart on a
/// constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// Positions below `label_start` are the title.
    pub title_weight: u32,
    /// Positions from `label_start` to `body_start`: tags, places, headings, summary.
    pub label_weight: u32,
    pub body_weight: u32,
    pub label_start: u32,
    pub body_start: u32,
    /// BM25 term-frequency saturation and length normalisation.
    pub k1: f64,
    pub b: f64,
    /// A document that only has a longer word begun by the half-typed last word scores
    /// this fraction of a whole-word match.
    pub prefix_weight: f64,
    /// How many longer words the last word may expand to (most frequent first); each one
    /// may cost a shard download.
    pub max_expansions: usize,
    pub min_prefix_chars: usize,
    pub max_query_words: usize,
    pub max_word_chars: usize,
    /// Results rendered at once; the first page decides which excerpt files load.
    pub page_size: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            title_weight: 5,
            label_weight: 2,
            body_weight: 1,
            label_start: 64,
            body_start: 256,
            k1: 1.2,
            b: 0.75,
            prefix_weight: 0.5,
            max_expansions: 4,
            min_prefix_chars: tokenize::MIN_PREFIX_CHARS,
            max_query_words: tokenize::MAX_QUERY_WORDS,
            max_word_chars: tokenize::MAX_WORD_CHARS,
            page_size: 10,
        }
    }
}

impl Rules {
    /// The weight of one occurrence, from where it sits in the document's position space.
    pub fn weight_at(&self, pos: u32) -> u32 {
        if pos < self.label_start {
            self.title_weight
        } else if pos < self.body_start {
            self.label_weight
        } else {
            self.body_weight
        }
    }
}

/// Orders strings as JavaScript's `<` does (by UTF-16 code unit), so that both sides
/// binary-search the same sorted lists. It differs from Rust's byte order only for
/// characters outside the Basic Multilingual Plane.
pub(crate) fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_order_differs_from_byte_order_above_the_bmp() {
        // U+FF21 (fullwidth A) is above the surrogates in UTF-16, below U+1D400 in UTF-8.
        let (bmp, astral) = ("\u{FF21}", "\u{1D400}");
        assert!(bmp < astral);
        assert_eq!(js_cmp(bmp, astral), std::cmp::Ordering::Greater);
        assert_eq!(js_cmp("cong", "co"), std::cmp::Ordering::Greater);
    }

    #[test]
    fn query_words_fit_the_bit_masks_of_search_js() {
        // search.js keeps one byte per document for "which query words matched".
        assert!(Rules::default().max_query_words <= 8);
    }

    #[test]
    fn weights_follow_the_position_zones() {
        let r = Rules::default();
        assert_eq!(r.weight_at(0), r.title_weight);
        assert_eq!(r.weight_at(r.label_start), r.label_weight);
        assert_eq!(r.weight_at(r.body_start), r.body_weight);
    }
}
