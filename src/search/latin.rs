//! The common case made fast: text in Latin script (Vietnamese, English) is split into
//! words and folded by table, with the same results as the general Unicode algorithms
//! of [`super::tokenize`] (UAX #29 word boundaries, NFD folding, NFC exact keys), which
//! run for anything else. Indexing 10,000 pages reads tens of megabytes of text: the
//! general segmenter and normaliser alone would take seconds.
//!
//! The tests hold both paths to each other, character by character over every character
//! this module accepts and on random text.

use std::sync::OnceLock;

use super::tokenize::Span;

/// The UAX #29 `Word_Break` classes that Latin text uses. `Other` stands for every class
/// that only ever ends a word here (spaces, line breaks, most punctuation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    /// `MidNumLet` and `Single_Quote`: joins letters to letters and digits to digits.
    MidNumLetQ,
    Other,
}

/// A character's class, and whether it ends a clause ([`super::tokenize::is_break`]).
#[derive(Debug, Clone, Copy)]
struct Kind {
    class: Wb,
    brk: bool,
}

const fn ascii_kind(b: u8) -> Kind {
    let class = match b {
        b'A'..=b'Z' | b'a'..=b'z' => Wb::Letter,
        b'0'..=b'9' => Wb::Numeric,
        b'_' => Wb::ExtendNumLet,
        b':' => Wb::MidLetter,
        b',' | b';' => Wb::MidNum,
        b'.' | b'\'' => Wb::MidNumLetQ,
        _ => Wb::Other,
    };
    let brk = matches!(
        b,
        b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'[' | b']' | b'"'
    );
    Kind { class, brk }
}

static ASCII: [Kind; 128] = {
    let mut t = [k(Wb::Other, false); 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_kind(b as u8);
        b += 1;
    }
    t
};

const fn k(class: Wb, brk: bool) -> Kind {
    Kind { class, brk }
}

/// The kind and length in bytes of the character at byte `i` (not ASCII) of `s`, or
/// `None` for a character this module leaves to the general path (marks, format
/// characters, other scripts, symbols whose class it does not pin). `s` is valid UTF-8
/// and `i` a character boundary.
#[inline]
fn wide(s: &[u8], i: usize) -> Option<(Kind, usize)> {
    let b1 = s.get(i + 1).copied().unwrap_or(0);
    match s[i] {
        0xC2 => match b1 {
            0xAA | 0xB5 | 0xBA => Some((k(Wb::Letter, false), 2)),
            0xB7 => Some((k(Wb::MidLetter, false), 2)),
            0xA0 | 0xA7 | 0xA9 | 0xB0 => Some((k(Wb::Other, false), 2)),
            0xAB | 0xBB => Some((k(Wb::Other, true), 2)),
            _ => None,
        },
        // × and ÷ among the Latin-1 letters.
        0xC3 if b1 == 0x97 || b1 == 0xB7 => Some((k(Wb::Other, false), 2)),
        // U+00C0–U+024F: Latin-1 letters, Latin Extended-A and -B.
        0xC3..=0xC8 => Some((k(Wb::Letter, false), 2)),
        0xC9 if b1 < 0x90 => Some((k(Wb::Letter, false), 2)),
        // U+1E00–U+1EFF: Latin Extended Additional (most Vietnamese letters).
        0xE1 if (0xB8..=0xBB).contains(&b1) => Some((k(Wb::Letter, false), 3)),
        // General punctuation: dashes, quotation marks, bullet, ellipsis.
        0xE2 if b1 == 0x80 => match s.get(i + 2).copied().unwrap_or(0) {
            0x93 | 0x94 | 0xA2 => Some((k(Wb::Other, false), 3)),
            0x98 | 0x99 => Some((k(Wb::MidNumLetQ, false), 3)),
            0x9C | 0x9D | 0xA6 => Some((k(Wb::Other, true), 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The kind and length of the character at byte `i` of `s`.
#[inline]
fn at(s: &[u8], i: usize) -> Option<(Kind, usize)> {
    match s[i] {
        b if b < 0x80 => Some((ASCII[b as usize], 1)),
        _ => wide(s, i),
    }
}

/// What the inner loop of [`word_spans`] needs to know of a byte: an ASCII letter, digit
/// or `_` (one byte of word), the lead byte of a two-byte letter (U+0100–U+023F), the
/// lead byte of U+00C0–U+00FF (letters but × and ÷) or of U+1E00–U+1FFF (letters from
/// U+1E00 to U+1EFF), or anything else, which goes through [`at`].
const STEP_ONE: u8 = 1;
const STEP_TWO: u8 = 2;
const LEAD_C3: u8 = 3;
const LEAD_E1: u8 = 4;
const SLOW: u8 = 0;

static STEP: [u8; 256] = {
    let mut t = [SLOW; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = STEP_ONE;
        } else if c >= 0xC4 && c <= 0xC8 {
            t[b] = STEP_TWO;
        } else if c == 0xC3 {
            t[b] = LEAD_C3;
        } else if c == 0xE1 {
            t[b] = LEAD_E1;
        }
        b += 1;
    }
    t
};

#[inline]
fn c3_letter(s: &[u8], i: usize) -> bool {
    !matches!(s.get(i + 1), Some(0x97 | 0xB7))
}

#[inline]
fn e1_letter(s: &[u8], i: usize) -> bool {
    matches!(s.get(i + 1), Some(0xB8..=0xBB))
}

/// Whether byte `i` starts a letter, a digit or `_` that [`STEP`] alone recognises.
#[inline]
fn letter_at(s: &[u8], i: usize) -> bool {
    match STEP[s[i] as usize] {
        STEP_ONE | STEP_TWO => true,
        LEAD_C3 => c3_letter(s, i),
        LEAD_E1 => e1_letter(s, i),
        _ => false,
    }
}

/// The class of the character that ends just before byte `i` (inside a word: a letter,
/// a digit or `_`; every character of more than one byte there is a letter).
#[inline]
fn class_before(s: &[u8], i: usize) -> Wb {
    match s[i - 1] {
        b if b < 0x80 => ASCII[b as usize].class,
        _ => Wb::Letter,
    }
}

/// Appends the words of `text` to `out` (segments holding a letter or a digit, at most
/// `max_chars` long), as `unicode_word_indices` finds them. Returns false, with `out` in
/// an unspecified state, if `text` holds a character this module does not classify.
pub(super) fn word_spans(text: &str, max_chars: usize, out: &mut Vec<Span>) -> bool {
    let first = out.len();
    let s = text.as_bytes();
    let n = s.len();
    let mut i = 0;
    // Clause punctuation seen since the last word.
    let mut brk = false;
    while i < n {
        if s[i] == b' ' {
            i += 1;
            continue;
        }
        if !letter_at(s, i) {
            let Some((k, len)) = at(s, i) else {
                return false;
            };
            if !matches!(k.class, Wb::Letter | Wb::Numeric | Wb::ExtendNumLet) {
                brk |= k.brk;
                i += len;
                continue;
            }
        }
        let start = i;
        // The word's characters: letters, digits and `_` (WB5, WB8–WB10, WB13a/b), and
        // a mid character between two letters (WB6/WB7) or two digits (WB11/WB12).
        while i < n {
            match STEP[s[i] as usize] {
                STEP_ONE => {
                    i += 1;
                    while i < n && STEP[s[i] as usize] == STEP_ONE {
                        i += 1;
                    }
                }
                STEP_TWO => i += 2,
                LEAD_C3 if c3_letter(s, i) => i += 2,
                LEAD_E1 if e1_letter(s, i) => i += 3,
                _ if s[i] == b' ' => break,
                _ => {
                    let Some((k, len)) = at(s, i) else {
                        return false;
                    };
                    match k.class {
                        Wb::Letter | Wb::Numeric | Wb::ExtendNumLet => i += len,
                        Wb::MidLetter | Wb::MidNum | Wb::MidNumLetQ if i + len < n && i > start => {
                            let Some((next, len2)) = at(s, i + len) else {
                                return false;
                            };
                            let last = class_before(s, i);
                            let joins = (last == Wb::Letter
                                && next.class == Wb::Letter
                                && matches!(k.class, Wb::MidLetter | Wb::MidNumLetQ))
                                || (last == Wb::Numeric
                                    && next.class == Wb::Numeric
                                    && matches!(k.class, Wb::MidNum | Wb::MidNumLetQ));
                            if !joins {
                                break;
                            }
                            i += len + len2;
                        }
                        _ => break,
                    }
                }
            }
        }
        // As bytes: slicing the text would check both ends for character boundaries.
        let word = &s[start..i];
        // `_` alone is no word; a word is never longer in characters than in bytes
        // (which count as bytes that do not continue a character).
        let alnum = s[start] != b'_' || word.iter().any(|&b| b != b'_');
        let fits = word.len() <= max_chars
            || word.iter().filter(|&&b| b & 0xC0 != 0x80).count() <= max_chars;
        if alnum && fits {
            out.push(Span {
                start: start as u32,
                end: i as u32,
                after_break: brk && out.len() > first,
            });
            brk = false;
        } else {
            // A segment that is no word is part of the gap between two words.
            brk |= text[start..i].contains(super::tokenize::is_break);
        }
    }
    true
}

/// What one character contributes to a word's folded form and exact key: up to two
/// characters each (none for a lone mark), and its tones' digits (`\0` for none). Kept as
/// characters, not strings, so that building a key copies no memory block per letter.
#[derive(Clone, Copy)]
struct Parts {
    fold: [char; 2],
    rest: [char; 2],
    tones: [char; 2],
}

/// Characters with an entry: all of U+0001–U+024F and U+1E00–U+1EFF, and the two
/// quotation marks that can sit inside a word. (U+0000 stands for "none" in [`Parts`];
/// it is never part of a word.)
fn slot(c: char) -> Option<usize> {
    match c as u32 {
        u @ 1..=0x24F => Some(u as usize),
        u @ 0x1E00..=0x1EFF => Some(0x250 + (u - 0x1E00) as usize),
        0x2018 => Some(0x350),
        0x2019 => Some(0x351),
        _ => None,
    }
}

/// Up to two characters of `s`, `\0` for the missing ones; `None` if it has more.
fn two(s: &str) -> Option<[char; 2]> {
    let mut it = s.chars();
    let out = [it.next().unwrap_or('\0'), it.next().unwrap_or('\0')];
    it.next().is_none().then_some(out)
}

/// The table; a character whose folded form or exact key would not fit (none in these
/// ranges today) has no entry, and its words take the general path.
fn table() -> &'static [Option<Parts>] {
    static TABLE: OnceLock<Vec<Option<Parts>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=0x24F)
            .chain(0x1E00..=0x1EFF)
            .chain([0x2018, 0x2019])
            .map(|u| {
                let one = char::from_u32(u)?.to_string();
                let (rest, tones) = super::tokenize::exact_parts(&one);
                Some(Parts {
                    fold: two(&crate::text::fold(&one))?,
                    rest: two(&rest)?,
                    tones: two(&tones)?,
                })
            })
            .collect()
    })
}

/// The folded form and the exact key of `word`, or `None` when it holds a character
/// outside the table. Folding and exact keys work character by character for these
/// characters: each decomposes on its own, marks are dropped or recomposed onto their
/// own letter, and no two of them compose with each other.
pub(super) fn fold_and_exact(word: &str) -> Option<(String, String)> {
    let table = table();
    let mut fold = String::with_capacity(word.len());
    let mut exact = String::with_capacity(word.len() + 4);
    let mut tones = [0u8; 8];
    let mut n_tones = 0;
    for c in word.chars() {
        let p = table[slot(c)?]?;
        for &f in p.fold.iter().filter(|&&c| c != '\0') {
            fold.push(f);
        }
        for &r in p.rest.iter().filter(|&&c| c != '\0') {
            exact.push(r);
        }
        for &t in p.tones.iter().filter(|&&c| c != '\0') {
            // A word with this many tones is no Latin word: the general path.
            *tones.get_mut(n_tones)? = t as u8;
            n_tones += 1;
        }
    }
    if n_tones > 0 {
        exact.push('~');
        exact.extend(tones[..n_tones].iter().map(|&t| t as char));
    }
    Some((fold, exact))
}

#[cfg(test)]
mod tests {
    use super::super::tokenize::{exact_key, general_spans, MAX_WORD_CHARS};
    use super::*;
    use proptest::prelude::*;

    fn general(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        general_spans(text, &mut out);
        out
    }

    fn fast(text: &str) -> Option<Vec<Span>> {
        let mut out = Vec::new();
        word_spans(text, MAX_WORD_CHARS, &mut out).then_some(out)
    }

    fn classified() -> Vec<char> {
        (0u32..0x3000)
            .filter_map(char::from_u32)
            .filter(|&c| at(c.to_string().as_bytes(), 0).is_some())
            .collect()
    }

    #[test]
    fn every_classified_character_splits_as_uax29_says() {
        // Each character between letters, between digits, alone, and at both ends of a
        // word: every rule it could take part in, and whether it ends a clause.
        let chars = classified();
        assert!(chars.len() > 780, "{}", chars.len());
        for c in chars {
            for probe in [
                format!("a{c}b"),
                format!("1{c}2"),
                format!("a{c}1"),
                format!("1{c}a"),
                format!("{c}"),
                format!("{c}{c}"),
                format!("a{c}"),
                format!("{c}a"),
                format!("_{c}_"),
                format!("a{c}{c}b"),
                format!("a.{c}"),
                format!("x {c}y z"),
                format!("x {c} z"),
            ] {
                assert_eq!(
                    fast(&probe),
                    Some(general(&probe)),
                    "U+{:04X} in {probe:?}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn unclassified_text_is_left_to_the_general_path() {
        assert_eq!(fast("cafe\u{301}"), None);
        assert_eq!(fast("số\u{AD}liệu"), None);
        assert_eq!(fast("漢字"), None);
        assert_eq!(fast("ɐ"), None);
    }

    #[test]
    fn a_long_non_word_between_two_words_can_still_end_a_clause() {
        let long = format!("x {}.{} y", "a".repeat(30), "b".repeat(30));
        let spans = fast(&long);
        assert_eq!(spans, Some(general(&long)));
        assert!(spans.is_some_and(|s| s.len() == 2 && s[1].after_break));
    }

    #[test]
    fn every_table_character_folds_as_the_general_path_does() {
        for c in (0u32..0x3000)
            .filter_map(char::from_u32)
            .filter(|&c| slot(c).is_some())
        {
            let one = c.to_string();
            assert_eq!(
                fold_and_exact(&one),
                Some((crate::text::fold(&one), exact_key(&one))),
                "U+{:04X}",
                c as u32
            );
        }
    }

    const PIECES: &[&str] = &[
        "a",
        "B",
        "đ",
        "Đ",
        "ệ",
        "Ệ",
        "ư",
        "ơ",
        "à",
        "ầ",
        "hoà",
        "hòa",
        "Thuỵ",
        "İ",
        "ǅ",
        "ß",
        "µ",
        "ª",
        "1",
        "0",
        "9",
        " ",
        "  ",
        "\n",
        "\t",
        ".",
        ",",
        ";",
        ":",
        "'",
        "’",
        "‘",
        "_",
        "-",
        "/",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "…",
        "–",
        "—",
        "(",
        "!",
        "\u{a0}",
        "·",
        "×",
        "°",
        "©",
        "aaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn random_latin_text_splits_as_uax29_says(t in text()) {
            prop_assert_eq!(fast(&t), Some(general(&t)));
        }

        #[test]
        fn random_words_fold_as_the_general_path_does(t in text()) {
            for w in general(&t) {
                let w = &t[w.start as usize..w.end as usize];
                prop_assert_eq!(fold_and_exact(w), Some((crate::text::fold(w), exact_key(w))));
            }
        }
    }
}
