//! From a request's path to a file inside the preview folder, and nothing else. A path
//! that tries to climb out (`..`, also percent-encoded), hides a separator in an escape
//! (`%2f`, `%5c`), or is not clean UTF-8 is refused outright; what is left is a list of
//! plain names, joined under the preview folder (symbolic links are checked at open).

/// A request path, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    /// Decoded names, none empty, `.` or `..`.
    pub segments: Vec<String>,
    /// The path ended with `/` (a folder was asked for as a folder).
    pub trailing_slash: bool,
    /// The path as received, without query: for redirects.
    pub raw: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Malformed or an attempt to leave the folder: 400.
    BadRequest,
    /// A hidden name (`.congkhai-output`, a file being written): 404.
    Hidden,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(s: &str) -> Result<String, Refused> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) else {
                return Err(Refused::BadRequest);
            };
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refused::BadRequest)
}

pub fn parse(target: &str) -> Result<RequestPath, Refused> {
    let raw = target
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string();
    if !raw.starts_with('/') {
        return Err(Refused::BadRequest);
    }
    let lower = raw.to_ascii_lowercase();
    // An escaped separator or NUL inside a name has no business in a static site.
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return Err(Refused::BadRequest);
    }
    let decoded = percent_decode(&raw)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(Refused::BadRequest);
    }
    let mut segments = Vec::new();
    let mut hidden = false;
    for s in decoded.split('/') {
        match s {
            "" => {}
            "." | ".." => return Err(Refused::BadRequest),
            s => {
                hidden |= s.starts_with('.');
                segments.push(s.to_string());
            }
        }
    }
    if hidden {
        return Err(Refused::Hidden);
    }
    Ok(RequestPath {
        trailing_slash: decoded.ends_with('/'),
        segments,
        raw,
    })
}

/// A decoded name as it goes back into a URL: everything but the characters a path
/// segment may hold as they are (RFC 3986 `pchar`) is percent-encoded, `/` included.
pub fn encode_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_encoded_names_are_decoded() {
        let p = parse("/su-kien/s%E1%BB%B1.html?x=1#top").unwrap();
        assert_eq!(p.segments, vec!["su-kien", "sự.html"]);
        assert!(!p.trailing_slash);
        assert_eq!(p.raw, "/su-kien/s%E1%BB%B1.html");
        let p = parse("/en//ke-hoach/").unwrap();
        assert_eq!(p.segments, vec!["en", "ke-hoach"]);
        assert!(p.trailing_slash);
        assert!(parse("/").unwrap().segments.is_empty());
    }

    #[test]
    fn names_go_back_into_urls_encoded() {
        assert_eq!(encode_segment("sự kiện"), "s%E1%BB%B1%20ki%E1%BB%87n");
        assert_eq!(encode_segment("a/b?c#d%"), "a%2Fb%3Fc%23d%25");
        assert_eq!(encode_segment("ke-hoach_2020.q4~"), "ke-hoach_2020.q4~");
        let p = parse("/s%E1%BB%B1").unwrap();
        assert_eq!(encode_segment(&p.segments[0]), "s%E1%BB%B1");
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/.%2e/x",
            "/a/%2f..%2fetc",
            "/a%2F..%2F..%2Fetc%2Fpasswd",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/a/./b",
            "/%00",
            "/%zz",
            "/%e1",
            "etc/passwd",
            "http://example.org/x",
        ] {
            assert_eq!(parse(bad), Err(Refused::BadRequest), "{bad}");
        }
        assert_eq!(parse("/.congkhai-output"), Err(Refused::Hidden));
        assert_eq!(parse("/a/.index.html.congkhai-new"), Err(Refused::Hidden));
    }
}
