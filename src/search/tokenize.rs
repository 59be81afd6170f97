//! Words and their two matching forms.
//!
//! Every word is kept in two forms: the *folded* form (`fold`: no marks at all, `đ` → `d`,
//! lowercase), which is what matches, and the *exact* key, which keeps the diacritics so
//! that a query typed with them can rank exact spellings first. `search.js` carries a
//! line-for-line copy of these rules; `tests/search_cases.json` holds them to each other.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::text::fold;

/// Longer "words" are URLs, hashes or run-together garbage: nobody types them, and
/// indexing them only grows the dictionary.
pub const MAX_WORD_CHARS: usize = 48;

/// One word of a text, with its byte offset in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub text: &'a str,
}

/// The words of `text` on Unicode (UAX #29) word boundaries, keeping only segments that
/// hold a letter or a digit, the same filter `search.js` applies to `Intl.Segmenter`.
/// Marks stay attached to their letter, so NFD text splits like NFC text.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut spans = Vec::new();
    word_spans(text, &mut spans);
    spans.into_iter().map(move |w| Word {
        start: w.start as usize,
        text: &text[w.start as usize..w.end as usize],
    })
}

/// A word of a text as a byte range, and whether clause punctuation ([`is_break`])
/// stands between it and the word before (always false for the first word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u32,
    pub end: u32,
    pub after_break: bool,
}

/// Punctuation that ends a clause: words on either side are not a phrase. `/` and `-`
/// are not here: `15/10` and `2020-Q4` are read as one phrase.
pub(crate) fn is_break(c: char) -> bool {
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

/// [`words`] as [`Span`]s, into a buffer the caller reuses. Texts longer than 4 GiB are
/// not split (offsets are 32-bit).
pub(crate) fn word_spans(text: &str, out: &mut Vec<Span>) {
    out.clear();
    if u32::try_from(text.len()).is_err() {
        return;
    }
    if super::latin::word_spans(text, MAX_WORD_CHARS, out) {
        return;
    }
    out.clear();
    general_spans(text, out);
}

/// The general path of [`word_spans`], for any script.
pub(crate) fn general_spans(text: &str, out: &mut Vec<Span>) {
    let mut end = 0;
    for (start, w) in text.unicode_word_indices() {
        if w.chars().count() > MAX_WORD_CHARS {
            continue;
        }
        out.push(Span {
            start: start as u32,
            end: (start + w.len()) as u32,
            after_break: !out.is_empty() && text[end..start].contains(is_break),
        });
        end = start + w.len();
    }
}

/// The five Vietnamese tone marks, as the digit that stands for each in an exact key.
/// Circumflex, breve and horn are not tones: they make different letters (â, ă, ơ) and
/// stay in place.
fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{300}' => Some('1'), // huyền
        '\u{301}' => Some('2'), // sắc
        '\u{303}' => Some('3'), // ngã
        '\u{309}' => Some('4'), // hỏi
        '\u{323}' => Some('5'), // nặng
        _ => None,
    }
}

/// The exact form of one word: lowercase and NFC, but with the tone marks lifted off the
/// letters and written after a `~`. Vietnamese has two accepted places for the tone in
/// some syllables (old style `hoà`, new style `hòa`); both give `hoa~1`, so either
/// spelling counts as exact for the other. `~` never occurs inside a word, so a key
/// cannot collide with another word's plain form.
pub fn exact_key(word: &str) -> String {
    let (mut key, tones) = exact_parts(word);
    if !tones.is_empty() {
        key.push('~');
        key.push_str(&tones);
    }
    key
}

/// The exact key's two halves: the word without tone marks (lowercase, NFC), and the
/// tones' digits in order.
pub(crate) fn exact_parts(word: &str) -> (String, String) {
    let mut rest = String::with_capacity(word.len());
    let mut tones = String::new();
    for c in word.nfd() {
        match tone_digit(c) {
            Some(d) => tones.push(d),
            None => rest.extend(c.to_lowercase()),
        }
    }
    (rest.nfc().collect(), tones)
}

/// The folded form and the exact key of one word, by table when it is Latin script.
pub(crate) fn fold_and_exact(word: &str) -> (String, String) {
    super::latin::fold_and_exact(word).unwrap_or_else(|| (fold(word), exact_key(word)))
}

/// A query word after folding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub folded: String,
    pub exact: String,
    /// The person typed at least one diacritic (or `đ`) in this word, so its exact
    /// spelling is meaningful. A word typed bare says nothing about which of `hoa`,
    /// `hòa`, `hóa`... was meant, so it prefers none.
    pub diacritics: bool,
    /// The last word, still being typed: it also matches longer words it begins.
    pub prefix: bool,
}

/// A query longer than this is a pasted paragraph; its extra words would only make the
/// first search load more of the index.
pub const MAX_QUERY_WORDS: usize = 8;

/// Shorter prefixes would pull in a large share of the index for one keystroke.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Splits a query the way documents are split. The last word is a prefix when the query
/// ends right after it: `"dau tu co"` is still being typed, `"dau tu co "` is not.
pub fn parse_query(query: &str) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    let mut last_end = 0;
    for w in words(query) {
        let folded = fold(w.text);
        if folded.is_empty() {
            continue;
        }
        let exact = exact_key(w.text);
        let diacritics = exact != folded;
        last_end = w.start + w.text.len();
        out.push(QueryWord {
            folded,
            exact,
            diacritics,
            prefix: false,
        });
        if out.len() == MAX_QUERY_WORDS {
            break;
        }
    }
    if let Some(last) = out.last_mut() {
        last.prefix = last_end == query.len() && last.folded.chars().count() >= MIN_PREFIX_CHARS;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        words(s).map(|w| w.text).collect()
    }

    #[test]
    fn words_split_vietnamese_on_spaces_and_punctuation() {
        assert_eq!(
            texts("Hội chợ OCOP tại phố đi bộ Trịnh Công Sơn."),
            ["Hội", "chợ", "OCOP", "tại", "phố", "đi", "bộ", "Trịnh", "Công", "Sơn"]
        );
    }

    #[test]
    fn words_keep_decimal_comma_numbers_whole_but_split_dates_and_periods() {
        assert_eq!(texts("đạt 40,2 %"), ["đạt", "40,2"]);
        assert_eq!(texts("15/10–15/11"), ["15", "10", "15", "11"]);
        assert_eq!(texts("2020-Q4"), ["2020", "Q4"]);
    }

    #[test]
    fn words_of_nfd_text_are_the_words_of_nfc_text() {
        let nfc = "Quận Tây Hồ, phường Tứ Liên";
        let nfd: String = nfc.nfd().collect();
        let a: Vec<String> = texts(nfc).iter().map(|w| w.nfc().collect()).collect();
        let b: Vec<String> = texts(&nfd).iter().map(|w| w.nfc().collect()).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 6);
    }

    #[test]
    fn words_report_byte_offsets() {
        let s = "Đẩy mạnh  đầu tư";
        let starts: Vec<usize> = words(s).map(|w| w.start).collect();
        for (w, start) in words(s).zip(starts) {
            assert_eq!(&s[start..start + w.text.len()], w.text);
        }
    }

    #[test]
    fn words_drop_overlong_tokens() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(texts(&format!("x {long} y")), ["x", "y"]);
    }

    #[test]
    fn english_words_keep_apostrophes() {
        assert_eq!(texts("the district's plan"), ["the", "district's", "plan"]);
    }

    #[test]
    fn exact_key_is_the_same_for_both_tone_placements() {
        assert_eq!(exact_key("hoà"), exact_key("hòa"));
        assert_eq!(exact_key("hoà"), "hoa~1");
        assert_eq!(exact_key("Thuỵ"), exact_key("thụy"));
    }

    #[test]
    fn exact_key_keeps_letters_that_differ_from_their_base() {
        // đầu (head) and dầu (oil) fold alike but are different words.
        assert_ne!(exact_key("đầu"), exact_key("dầu"));
        assert_eq!(fold("đầu"), fold("dầu"));
        assert_eq!(exact_key("Đầu"), "đâu~1");
        // hòa and hóa differ only in tone, which is exactly what must be kept.
        assert_ne!(exact_key("hòa"), exact_key("hóa"));
    }

    #[test]
    fn exact_key_of_nfd_input_equals_that_of_nfc_input() {
        let nfd: String = "Nghiệp".nfd().collect();
        assert_eq!(exact_key(&nfd), exact_key("nghiệp"));
        assert_eq!(exact_key(&nfd), "nghiêp~5");
    }

    #[test]
    fn exact_key_of_a_bare_word_is_its_folded_form() {
        assert_eq!(exact_key("Planning"), fold("Planning"));
        assert_eq!(exact_key("OCOP"), "ocop");
    }

    #[test]
    fn query_marks_last_word_as_prefix_only_while_it_is_being_typed() {
        let q = parse_query("dau tu co");
        assert_eq!(q.len(), 3);
        assert!(!q[0].prefix && !q[1].prefix);
        assert!(q[2].prefix);
        assert!(!parse_query("dau tu co ").last().is_some_and(|w| w.prefix));
        // One letter would match a large part of the dictionary.
        assert!(!parse_query("dau tu c").last().is_some_and(|w| w.prefix));
    }

    #[test]
    fn query_notes_which_words_were_typed_with_diacritics() {
        let q = parse_query("đầu tu hoà");
        let flags: Vec<bool> = q.iter().map(|w| w.diacritics).collect();
        assert_eq!(flags, [true, false, true]);
        assert_eq!(q[0].folded, "dau");
        assert_eq!(q[2].exact, "hoa~1");
    }

    #[test]
    fn query_is_capped() {
        let q = parse_query(&"từ ".repeat(MAX_QUERY_WORDS + 5));
        assert_eq!(q.len(), MAX_QUERY_WORDS);
    }
}
