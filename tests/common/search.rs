//! A built site's search index, read back from output/ the way search.js reads it.

use congkhai::search::{search, IndexFile, LoadedIndex};
use std::path::Path;

/// The index of language `lang` under `out/search/<lang>/`.
pub fn index(out: &Path, lang: &str) -> LoadedIndex {
    let files: Vec<IndexFile> = crate::common::tree(&out.join("search").join(lang))
        .into_iter()
        .map(|(rel, bytes)| IndexFile {
            path: format!("search/{lang}/{rel}"),
            bytes,
        })
        .collect();
    LoadedIndex::from_files(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// The addresses `query` finds, best first.
pub fn urls(index: &LoadedIndex, query: &str) -> Vec<String> {
    search(index, query).into_iter().map(|h| h.url).collect()
}
