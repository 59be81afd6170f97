//! A page's summary: the one its editor wrote, else the first words of its text. It
//! belongs to the loaded page, so that a site loaded to be rendered once keeps only
//! the start of each text ([`crate::content::Page::take_plain_text`]).

use super::Page;

/// The start of a plain text that [`summary_text`] reads: one character more than a
/// summary shows, so that it still knows the text goes on.
pub fn summary_source(text: &str) -> &str {
    let end = text
        .char_indices()
        .nth(SUMMARY_CHARS + 1)
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// How many characters of a page's text make its summary, at most.
pub const SUMMARY_CHARS: usize = 200;

/// The summary an editor wrote, else the first words of the text.
pub fn summary_text(p: &Page) -> String {
    if let Some(s) = &p.front.summary {
        return s.clone();
    }
    let text = &p.body.plain_text;
    if text.chars().count() <= SUMMARY_CHARS {
        return text.clone();
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}
