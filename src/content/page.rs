//! A loaded page: where it came from, where it goes, what it says.

use super::front_matter::FrontMatter;
use crate::markdown::Rendered;

#[derive(Debug)]
pub struct Page {
    /// Path under `content/`, `/`-separated: `su-kien/ngay-phap-luat.en.md`.
    pub source_path: String,
    /// As shown in messages: `content/su-kien/ngay-phap-luat.en.md`.
    pub file: String,
    pub lang: String,
    /// Shared by a page and its translations: `su-kien/ngay-phap-luat`.
    pub key: String,
    /// `_index.md`: the page of a section (its folder).
    pub is_section: bool,
    /// The folder of the source file under `content/` (`su-kien`, or `` at the top).
    pub dir: String,
    /// Output folder relative to the output root, `/`-terminated; `` is the home page.
    pub url: String,
    pub front: FrontMatter,
    pub body: Rendered,
    /// The title as a reader sorts it (`text::fold`): made once at load, as sections are
    /// ordered again on every rebuild of `watch`.
    pub title_key: String,
    /// In a site loaded to be rendered once: this page's body as Markdown made it and
    /// its whole plain text, moved out of memory as soon as it was loaded (`body.html`
    /// is then empty, and `body.plain_text` holds only what a summary reads).
    pub waiting: Option<Waiting>,
}

impl Page {
    /// Takes the whole plain text out, leaving what a summary reads
    /// ([`super::summary_source`]).
    pub fn take_plain_text(&mut self) -> String {
        let whole = std::mem::take(&mut self.body.plain_text);
        self.body.plain_text = super::summary_source(&whole).to_string();
        whole
    }
}

#[derive(Debug)]
pub struct Waiting {
    pub html: super::bodies::Held,
    pub plain_text: super::bodies::Held,
}

/// A non-Markdown file under `content/` (an image, a PDF), copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under `content/`, `/`-separated.
    pub source_path: String,
    /// Path in the output, `/`-separated, made of safe segments.
    pub output_path: String,
    pub abs_path: std::path::PathBuf,
}
