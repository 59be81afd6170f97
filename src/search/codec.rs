//! Numbers written as printable ASCII, so postings travel inside ordinary JavaScript
//! string literals with no escaping and no base64 (the index is loaded with `<script>`
//! tags, not `fetch`, to work from `file://`).
//!
//! A digit is one of 91 characters, `#` (0x23) to `~` (0x7E) without the backslash. Digits
//! below [`TERMINAL`] end a number; the others continue it. A number is read
//! least-significant digit first: `n = d0 + C·d1 + C²·d2 + …` with `C` = [`CONTINUATION`].
//! One character holds 0–63, two hold up to 1,791: most position gaps and
//! document gaps in a posting list fit in one or two.

pub const TERMINAL: u64 = 64;
pub const CONTINUATION: u64 = 27;
const FIRST: u8 = b'#';

fn digit_char(d: u64) -> char {
    // `d` < 91 by construction; the backslash (0x5C) is skipped.
    let c = FIRST as u64 + d;
    let c = if c >= b'\\' as u64 { c + 1 } else { c };
    char::from(c as u8)
}

fn char_digit(c: u8) -> Option<u64> {
    match c {
        b'\\' => None,
        b'#'..=b'[' => Some((c - FIRST) as u64),
        b']'..=b'~' => Some((c - FIRST - 1) as u64),
        _ => None,
    }
}

/// Appends `n` to `out`.
pub fn put(out: &mut String, mut n: u64) {
    while n >= TERMINAL {
        let r = (n - TERMINAL) % CONTINUATION;
        out.push(digit_char(TERMINAL + r));
        n = (n - TERMINAL) / CONTINUATION;
    }
    out.push(digit_char(n));
}

/// Reads numbers back from a string written by [`put`].
pub struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError {
    pub at: usize,
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad number at byte {} of a posting string", self.at)
    }
}

impl<'a> Reader<'a> {
    pub fn new(s: &'a str) -> Self {
        Reader {
            text: s,
            bytes: s.as_bytes(),
            at: 0,
        }
    }

    /// The text up to the first of the ASCII `stops`, and that stop; reading resumes after it.
    pub fn until(&mut self, stops: &[u8]) -> Result<(&'a str, u8), CodecError> {
        let from = self.at;
        let rest = self.bytes.get(from..).unwrap_or_default();
        let i = rest
            .iter()
            .position(|b| stops.contains(b))
            .ok_or(CodecError { at: from })?;
        self.at = from + i + 1;
        // An ASCII stop byte is always a character boundary.
        let text = self
            .text
            .get(from..from + i)
            .ok_or(CodecError { at: from })?;
        Ok((text, rest[i]))
    }

    /// The next `n` bytes as text.
    pub fn take(&mut self, n: usize) -> Result<&'a str, CodecError> {
        let from = self.at;
        let text = self
            .text
            .get(from..from.saturating_add(n))
            .ok_or(CodecError { at: from })?;
        self.at = from + n;
        Ok(text)
    }

    /// Where the next read starts, in bytes.
    pub fn pos(&self) -> usize {
        self.at
    }

    /// Moves the next read to byte `at`.
    pub fn seek(&mut self, at: usize) {
        self.at = at;
    }

    pub fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub fn next(&mut self) -> Result<u64, CodecError> {
        let mut n: u64 = 0;
        let mut mult: u64 = 1;
        loop {
            let err = CodecError { at: self.at };
            let c = *self.bytes.get(self.at).ok_or(err.clone())?;
            self.at += 1;
            let d = char_digit(c).ok_or(err.clone())?;
            // 2^53 is the largest integer the JavaScript reader keeps exact.
            n = d
                .checked_mul(mult)
                .and_then(|v| v.checked_add(n))
                .filter(|v| *v < 1 << 53)
                .ok_or(err)?;
            if d < TERMINAL {
                return Ok(n);
            }
            mult = mult.saturating_mul(CONTINUATION);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(n: u64) -> String {
        let mut s = String::new();
        put(&mut s, n);
        s
    }

    #[test]
    fn round_trips_across_digit_count_boundaries() {
        let mut s = String::new();
        let nums = [
            0,
            1,
            TERMINAL - 1,
            TERMINAL,
            TERMINAL + 1,
            1791,
            1792,
            10_000,
            (1 << 40) + 7,
        ];
        for n in nums {
            put(&mut s, n);
        }
        let mut r = Reader::new(&s);
        for n in nums {
            assert_eq!(r.next(), Ok(n));
        }
        assert!(r.at_end());
    }

    #[test]
    fn pinned_encoding_shared_with_the_javascript_test() {
        let mut s = String::new();
        for n in [0, 63, 64, 1791, 1792] {
            put(&mut s, n);
        }
        assert_eq!(s, "#cd#~cdd#");
    }

    #[test]
    fn digit_counts_are_as_documented() {
        assert_eq!(enc(63).len(), 1);
        assert_eq!(enc(64).len(), 2);
        assert_eq!(enc(1791).len(), 2);
        assert_eq!(enc(1792).len(), 3);
    }

    #[test]
    fn output_needs_no_escaping_in_a_js_or_json_string() {
        let mut s = String::new();
        for n in 0..5000 {
            put(&mut s, n * 37);
        }
        assert!(s
            .bytes()
            .all(|b| (b'#'..=b'~').contains(&b) && b != b'\\' && b != b'"'));
        // All 91 digits are used, so the alphabet has no accidental hole.
        let distinct: std::collections::BTreeSet<u8> = s.bytes().collect();
        assert_eq!(distinct.len(), 91);
    }

    #[test]
    fn truncated_or_foreign_input_is_an_error_not_a_panic() {
        let mut s = enc(5000);
        s.pop();
        assert!(Reader::new(&s).next().is_err());
        assert!(Reader::new("\\").next().is_err());
        assert!(Reader::new(" ").next().is_err());
        assert!(Reader::new(&"~".repeat(40)).next().is_err());
    }
}
