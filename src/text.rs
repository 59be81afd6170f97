//! Text helpers shared by slugs, heading ids and search: Vietnamese-aware folding and NFC.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Folds text for matching and slugs: decompose, drop combining marks (tones and
/// vowel hats), map `đ`/`Đ` to `d`, lowercase. `đ` has no decomposition in Unicode,
/// which is why a plain "strip accents" misses it.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A URL- and id-safe slug: folded, ASCII letters and digits, runs of anything else
/// become one `-`, no leading or trailing `-`. Never contains `/`, `.` or `%`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Returns the text in NFC, borrowing when it already is (the common case).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(s.nfc().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_handles_d_with_stroke_which_has_no_decomposition() {
        assert_eq!(fold("Đường đi"), "duong di");
    }

    #[test]
    fn fold_is_the_same_for_both_tone_placements() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("hoà"), "hoa");
    }

    #[test]
    fn fold_of_nfd_input_equals_fold_of_nfc_input() {
        let nfd: String = "Tây Hồ".nfd().collect();
        assert_eq!(fold(&nfd), fold("Tây Hồ"));
    }

    #[test]
    fn slugify_vietnamese_heading() {
        assert_eq!(slugify("Mục tiêu"), "muc-tieu");
        assert_eq!(slugify("  Đơn vị thực hiện! "), "don-vi-thuc-hien");
        assert_eq!(slugify("../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Kinh tế - chính trị"), "kinh-te-chinh-tri");
    }

    #[test]
    fn nfc_composes_decomposed_text() {
        let nfd: String = "Hồ".nfd().collect();
        assert_ne!(nfd, "Hồ");
        assert_eq!(nfc(&nfd), "Hồ");
    }
}
