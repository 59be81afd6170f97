//! Orders made from every page of a site, made when first asked for and kept with it.
//! A build asks once; `watch` keeps its site between rebuilds and patches pages in
//! place ([`super::patch`]), which forgets what a patched page can change here.

use super::PageId;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Default)]
pub struct Memo {
    /// Each language's feed entries (`render::feeds::entries`).
    feeds: OnceLock<BTreeMap<String, Vec<PageId>>>,
}

impl Memo {
    /// The feed entries of every language, made by `make` the first time.
    pub fn feeds(
        &self,
        make: impl FnOnce() -> BTreeMap<String, Vec<PageId>>,
    ) -> &BTreeMap<String, Vec<PageId>> {
        self.feeds.get_or_init(make)
    }

    /// Forgets the feed entries: a page's dates changed.
    pub fn forget_feeds(&mut self) {
        self.feeds = OnceLock::new();
    }
}
