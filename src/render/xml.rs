//! Escaping for the XML and SVG this crate writes by hand (feeds, sitemap, inline SVG).
//! Hand-written because each of those documents is small and fixed in shape; a writer
//! crate would add a dependency for a few dozen lines.

/// Escapes text for an XML element or a double-quoted attribute. Characters XML 1.0
/// forbids (C0 controls other than tab, newline, carriage return) are dropped: one stray
/// control character from a pasted document would make a feed unreadable.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{0008}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("Quý IV/2020"), "Quý IV/2020");
    }
}
