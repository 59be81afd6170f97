//! Text helpers shared by slugs, heading ids and search: Vietnamese-aware folding and NFC.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Folds text for matching and slugs: decompose, drop combining marks (tones and
/// vowel hats), map `đ`/`Đ` to `d`, lowercase. `đ` has no decomposition in Unicode,
/// which is why a plain "strip accents" misses it.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match folded_char(c) {
            Folded::To(f) => out.push(f),
            Folded::Nothing => {}
            Folded::Several => fold_char_into(c, &mut out),
        }
    }
    out
}

/// Folding one character, the general way. Folding a text is folding each of its
/// characters in turn: decomposition is per character, and canonical reordering only
/// moves combining marks, which folding drops; lowercasing is per character in Rust.
fn fold_char_into(c: char, out: &mut String) {
    for d in std::iter::once(c).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        match d {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(d.to_lowercase()),
        }
    }
}

enum Folded {
    To(char),
    Nothing,
    Several,
}

/// What a character folds to, remembered per character of the Basic Multilingual
/// Plane as it is first asked: slugs, heading ids and title keys fold every heading
/// and name, and the general path costs thousands of instructions per character.
fn folded_char(c: char) -> Folded {
    use std::sync::atomic::{AtomicU32, Ordering};
    const UNKNOWN: u32 = 0;
    const NOTHING: u32 = 1;
    const SEVERAL: u32 = 2;
    const CHAR: u32 = 3;
    static KNOWN: [AtomicU32; 0x10000] = [const { AtomicU32::new(UNKNOWN) }; 0x10000];
    let Some(slot) = KNOWN.get(c as usize) else {
        return Folded::Several;
    };
    let code = match slot.load(Ordering::Relaxed) {
        UNKNOWN => {
            let mut one = String::new();
            fold_char_into(c, &mut one);
            let mut chars = one.chars();
            let code = match (chars.next(), chars.next()) {
                (None, _) => NOTHING,
                (Some(f), None) => f as u32 + CHAR,
                _ => SEVERAL,
            };
            slot.store(code, Ordering::Relaxed);
            code
        }
        known => known,
    };
    match code {
        NOTHING => Folded::Nothing,
        SEVERAL => Folded::Several,
        // Stored from a char just above, so it converts back.
        _ => char::from_u32(code - CHAR).map_or(Folded::Several, Folded::To),
    }
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

/// True when a character is NFC whatever surrounds it (canonical combining class 0
/// and NFC quick check Yes). A text made only of such characters is NFC, and telling
/// so is one cached answer per character instead of the general tables' lookups:
/// every page, and every rendered file, goes through [`nfc`]. Answers for the Basic
/// Multilingual Plane are remembered as they are first asked (a site uses a few
/// hundred characters); others take the general path.
fn always_composed(c: char) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = 0;
    const YES: u8 = 1;
    const NO: u8 = 2;
    static KNOWN: [AtomicU8; 0x10000] = [const { AtomicU8::new(UNKNOWN) }; 0x10000];
    let Some(slot) = KNOWN.get(c as usize) else {
        return false;
    };
    match slot.load(Ordering::Relaxed) {
        YES => true,
        NO => false,
        _ => {
            let yes = unicode_normalization::char::canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
            slot.store(if yes { YES } else { NO }, Ordering::Relaxed);
            yes
        }
    }
}

/// The first byte at or after `from` that starts a character from U+0300 up (lead
/// bytes 0xCC and above: combining marks begin at U+0300, and continuation bytes are
/// below 0xC0), eight bytes at a time. In Vietnamese text such a character comes
/// every few bytes, so the search must be cheap to start as well as to run: one word,
/// tested for all its bytes at once, says where the first one is.
fn next_from_u0300(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW_7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte's low seven bits plus 0x34 reach 0x80 when they are 0x4C or more; with
    // the byte's high bit that is 0xCC or more. No sum passes 0xB3: nothing carries
    // into the next byte.
    const TO_0X80: u64 = 0x3434_3434_3434_3434;
    let mut i = from;
    while let Some(word) = bytes
        .get(i..i + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let w = u64::from_le_bytes(word);
        let found = ((w & LOW_7) + TO_0X80) & w & HIGH;
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b >= 0xCC)
        .map(|k| i + k)
}

/// The length of the start of `s` made only of characters that are NFC whatever
/// surrounds them. Everything below U+0300 is (ASCII markup, and `ă â đ ê ô ơ ư` with
/// the Latin-1 accented letters), so only characters from U+0300 up are looked at; of
/// those, U+1E80–U+1EFF (`ạ ả ấ … ỹ`, the bytes 0xE1 0xBA/0xBB) are recognised from
/// their first two bytes. The test `byte_ranges_taken_as_composed_are` checks every
/// character both shortcuts pass against the general answer, [`always_composed`].
fn composed_prefix(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(j) = next_from_u0300(bytes, i) {
        i = j;
        if bytes[i] == 0xE1 && matches!(bytes.get(i + 1), Some(0xBA | 0xBB)) {
            i += 3;
            continue;
        }
        // `i` is a character boundary: only whole characters were stepped over.
        match s[i..].chars().next() {
            Some(c) if always_composed(c) => i += c.len_utf8(),
            _ => return i,
        }
    }
    s.len()
}

/// Returns the text in NFC, borrowing when it already is (the common case).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    // The general check goes on where the fast one stopped: every character before
    // has combining class 0, the state the general check starts in, so its verdict on
    // the rest is its verdict on the whole.
    let rest = &s[composed_prefix(s)..];
    if rest.is_empty() {
        return std::borrow::Cow::Borrowed(s);
    }
    match is_nfc_quick(rest.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(s.nfc().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_knows_vietnamese_and_combining_marks() {
        for c in "aăâbcdđeêghiklmnoôơpqrstuưvxyĐƯàảãáạằẳẵắặầẩẫấậệỹ–“”…₫".chars()
        {
            assert!(always_composed(c), "{c:?}");
        }
        // Combining marks, and characters NFC replaces (U+2000 EN QUAD → U+2002).
        for c in ['\u{300}', '\u{323}', '\u{302}', '\u{2000}', '\u{212B}'] {
            assert!(!always_composed(c), "{c:?}");
        }
        assert_eq!(nfc("e\u{302}\u{323}"), "ệ");
        assert_eq!(nfc("\u{212B}"), "Å");
        // Past a character the fast path leaves to the general check (outside the
        // Basic Multilingual Plane), the rest is still judged and composed.
        assert!(matches!(
            nfc("Hội chợ 😀 OCOP"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(nfc("Hội chợ 😀 Ho\u{300}a"), "Hội chợ 😀 Hòa");
        assert!(matches!(
            nfc("Hoà Bình – 40,2 %"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn byte_ranges_taken_as_composed_are() {
        for c in (0..0x300u32)
            .chain(0x1E80..0x1F00)
            .filter_map(char::from_u32)
        {
            let general = unicode_normalization::char::canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
            assert!(general, "{c:?} is not always composed");
            // The fast path takes it whole, with what follows.
            let s = format!("{c}a{c}");
            assert_eq!(composed_prefix(&s), s.len(), "{c:?}");
        }
        // Just outside both: a combining mark stops the fast path where it stands.
        assert_eq!(composed_prefix("ơ\u{300}"), "ơ".len());
        assert_eq!(composed_prefix("ỹ12345678\u{323}"), "ỹ12345678".len());
        // Past a block of sixteen, and in the bytes after the last whole block.
        let long = "Kế hoạch số 01/KH-UBND của quận Tây Hồ";
        for cut in 0..12 {
            let s = format!("{}\u{301}{long}", &"abcdefghijkl"[..cut]);
            assert_eq!(composed_prefix(&s), cut, "{s:?}");
        }
        assert_eq!(composed_prefix(&format!("{long}a\u{301}")), long.len() + 1);
        assert_eq!(composed_prefix(&format!("{long}{long}")), 2 * long.len());
    }

    #[test]
    fn fold_by_character_is_fold_of_the_whole_text() {
        // Every character of the Basic Multilingual Plane, alone and after a base letter
        // (where a combining mark would attach), through the remembered path twice.
        let whole = |s: &str| -> String {
            let mut out = String::new();
            for d in s.nfd() {
                if is_combining_mark(d) {
                    continue;
                }
                match d {
                    'đ' | 'Đ' => out.push('d'),
                    _ => out.extend(d.to_lowercase()),
                }
            }
            out
        };
        for round in 0..2 {
            for c in (0..0x10000u32).filter_map(char::from_u32) {
                let s = format!("A{c}e\u{302}\u{323}{c}");
                assert_eq!(fold(&s), whole(&s), "round {round}, {:?}", c);
            }
        }
        assert_eq!(fold("ĐƯỜNG Âu Cơ İ 😀"), whole("ĐƯỜNG Âu Cơ İ 😀"));
    }

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
