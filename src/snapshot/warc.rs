//! A WARC 1.1 writer for the snapshot's own pages.
//!
//! Only what a snapshot needs: one `warcinfo` record, then one `response`
//! record per file, and per folder a `revisit` at its public address (`…/`)
//! and a `301` at the address without the slash, so that a replay answers
//! every address a static host would. Each record is its own gzip member so
//! that a reader can seek to any record and a damaged member spoils one
//! record, not the rest.

use std::io::{self, Write};

use data_encoding::BASE32;
use flate2::{Compression, GzBuilder};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Where warcio looks for the digest: `sha256:` then padded RFC 4648 base32,
/// the exact form `warcio check` recomputes and compares as a string.
pub(crate) fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", BASE32.encode(&Sha256::digest(bytes)))
}

/// A record id that depends only on what the record is, so that the same
/// site snapshotted twice gives byte-identical files. The WARC file name is
/// part of the name hashed because the same URL appears again in a revision
/// (`2020-q4-r2.warc.gz`) with other content, and record ids must stay unique
/// across an archive.
pub(crate) fn record_id(warc_type: &str, warc_filename: &str, uri: &str) -> String {
    let name = format!("{warc_type} {warc_filename} {uri}");
    format!(
        "<urn:uuid:{}>",
        Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()).hyphenated()
    )
}

/// `base_url` + path, with every byte outside RFC 3986's unreserved set and
/// `/` percent-encoded, so that a Vietnamese or spaced file name still gives
/// a valid `WARC-Target-URI`.
pub(crate) fn target_uri(base_url: &str, path: &str) -> String {
    let mut uri = String::with_capacity(base_url.len() + path.len());
    uri.push_str(base_url);
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The media type a static host would send, chosen by extension; the
/// replayed page must render as it did on the day.
pub(crate) fn content_type_for(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or(path);
    let ext = match file.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    };
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The HTTP head a static host would have sent. No `Date` or `Server`
/// header: those would differ from run to run or claim what we cannot know.
pub(crate) fn http_response_head(content_type: &str, body_len: usize) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {body_len}\r\n\r\n")
        .into_bytes()
}

/// The redirect a static host makes from a folder's address without its
/// slash to the folder (`…/2020-q4` → `…/2020-q4/`), with no body.
fn http_redirect_head(location: &str) -> Vec<u8> {
    format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
        .into_bytes()
}

/// What a record at [`Page::uri`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The file itself: a `response` record.
    File,
    /// The same bytes as the file recorded at this other URI, as a static host
    /// answers a folder's address (`…/2020-q4/`) with its `index.html`: a
    /// `revisit` record (WARC 1.1 §6.7.2, identical payload digest) that
    /// points at that file's `response` record, so the bytes are stored once.
    SameAs(String),
    /// A `301` to this URI: a `response` record with no body.
    RedirectTo(String),
}

/// WARC 1.1's profile for a payload stored in another record.
const IDENTICAL_PAYLOAD: &str = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

/// One record of the site as the WARC will hold it.
pub(crate) struct Page<'a> {
    pub uri: String,
    pub content_type: &'static str,
    pub body: &'a [u8],
    pub answer: Answer,
}

/// The records a static host's answers need beside one response per file:
/// each folder's address (`…/`, the address the sitemap, feeds and canonical
/// links give) answered with its `index.html`, and the folder's address
/// without its slash redirected to it. `pages` holds one [`Answer::File`]
/// per file, at `base_url` + its path; `base_url` ends with `/`. The domain
/// root has no slash-less form (`https://host` is requested as `/`), so it
/// gets no redirect; a sub-path root (`https://host/ward`) does.
pub(crate) fn add_folder_answers(base_url: &str, pages: &mut Vec<Page<'_>>) {
    let origin_root = base_url
        .split_once("://")
        .is_some_and(|(_, rest)| rest.find('/') == Some(rest.len() - 1));
    let mut extra = Vec::new();
    for page in pages.iter() {
        if page.answer != Answer::File {
            continue;
        }
        let Some(folder) = page.uri.strip_suffix("index.html") else {
            continue;
        };
        if !folder.ends_with('/') {
            continue;
        }
        extra.push(Page {
            uri: folder.to_string(),
            content_type: page.content_type,
            body: page.body,
            answer: Answer::SameAs(page.uri.clone()),
        });
        if !(folder == base_url && origin_root) {
            extra.push(Page {
                uri: folder[..folder.len() - 1].to_string(),
                content_type: page.content_type,
                body: b"",
                answer: Answer::RedirectTo(folder.to_string()),
            });
        }
    }
    // No site file has one of these addresses: a path never ends with `/`,
    // and `check_site_files` refuses a file `a` beside a folder `a/`.
    pages.extend(extra);
}

/// Header values are single lines; a line break from a config value would
/// end the header early and corrupt the record.
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes a whole WARC: the `warcinfo` record from `info` (name, value
/// pairs), then the pages sorted by URI so that input order never shows in
/// the output.
pub(crate) fn write_warc<W: Write>(
    out: &mut W,
    warc_filename: &str,
    warc_date: &str,
    info: &[(&str, &str)],
    pages: &mut [Page<'_>],
) -> io::Result<()> {
    let warcinfo_id = record_id("warcinfo", warc_filename, warc_filename);
    let mut fields = String::new();
    for (name, value) in info {
        fields.push_str(&format!("{name}: {}\r\n", one_line(value)));
    }
    let block = fields.into_bytes();
    let headers = [
        ("WARC-Type", "warcinfo".to_string()),
        ("WARC-Record-ID", warcinfo_id.clone()),
        ("WARC-Date", warc_date.to_string()),
        ("WARC-Filename", warc_filename.to_string()),
        ("WARC-Block-Digest", digest(&block)),
        ("Content-Type", "application/warc-fields".to_string()),
    ];
    write_record(out, &headers, &block)?;

    pages.sort_by(|a, b| a.uri.cmp(&b.uri));
    for page in pages.iter() {
        let (warc_type, block) = match &page.answer {
            Answer::File => {
                let mut block = http_response_head(page.content_type, page.body.len());
                block.extend_from_slice(page.body);
                ("response", block)
            }
            // The head only: a revisit record's block leaves the payload out.
            Answer::SameAs(_) => (
                "revisit",
                http_response_head(page.content_type, page.body.len()),
            ),
            Answer::RedirectTo(location) => ("response", http_redirect_head(location)),
        };
        let mut headers = vec![
            ("WARC-Type", warc_type.to_string()),
            (
                "WARC-Record-ID",
                record_id(warc_type, warc_filename, &page.uri),
            ),
            ("WARC-Date", warc_date.to_string()),
            ("WARC-Target-URI", page.uri.clone()),
            ("WARC-Warcinfo-ID", warcinfo_id.clone()),
        ];
        if let Answer::SameAs(original) = &page.answer {
            headers.extend([
                ("WARC-Profile", IDENTICAL_PAYLOAD.to_string()),
                (
                    "WARC-Refers-To",
                    record_id("response", warc_filename, original),
                ),
                ("WARC-Refers-To-Target-URI", original.clone()),
                ("WARC-Refers-To-Date", warc_date.to_string()),
            ]);
        }
        headers.extend([
            ("WARC-Payload-Digest", digest(page.body)),
            ("WARC-Block-Digest", digest(&block)),
            (
                "Content-Type",
                "application/http;msgtype=response".to_string(),
            ),
        ]);
        write_record(out, &headers, &block)?;
    }
    Ok(())
}

/// The record framing of WARC 1.1 §4: version line, headers, blank line,
/// block, and two CRLFs, in one gzip member whose mtime is 0 so that the
/// bytes do not depend on the clock.
fn write_record<W: Write>(out: &mut W, headers: &[(&str, String)], block: &[u8]) -> io::Result<()> {
    let mut record = Vec::with_capacity(block.len() + 512);
    record.extend_from_slice(b"WARC/1.1\r\n");
    for (name, value) in headers {
        record.extend_from_slice(format!("{name}: {}\r\n", one_line(value)).as_bytes());
    }
    record.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");

    let mut gz = GzBuilder::new()
        .mtime(0)
        .write(&mut *out, Compression::default());
    gz.write_all(&record)?;
    gz.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::MultiGzDecoder;
    use std::io::Read;

    fn sample() -> Vec<u8> {
        sample_in_order(false)
    }

    fn page<'a>(path: &str, body: &'a [u8]) -> Page<'a> {
        Page {
            uri: target_uri("https://ex.vn/", path),
            content_type: content_type_for(path),
            body,
            answer: Answer::File,
        }
    }

    /// Four pages, given out of URI order, reversed or not.
    fn sample_in_order(reversed: bool) -> Vec<u8> {
        let html = "<p>Kế hoạch Quý IV/2020</p>".as_bytes();
        // By path, "z.txt" sorts before "é.txt"; by URI, "%C3%A9.txt" sorts
        // first. The WARC promises URI order.
        let mut pages = vec![
            page("index.html", html),
            page("z.txt", b"z"),
            page("css/site.css", b"body { color: #123 }"),
            page("é.txt", b"e"),
        ];
        if reversed {
            pages.reverse();
        }
        let mut out = Vec::new();
        write_warc(
            &mut out,
            "2020-q4.warc.gz",
            "2020-12-31T00:00:00Z",
            &[("software", "congkhai test"), ("description", "a\r\nb")],
            &mut pages,
        )
        .unwrap();
        out
    }

    /// Splits the file into gzip members the way a WARC reader must.
    fn members(gz: &[u8]) -> Vec<Vec<u8>> {
        let mut rest = gz;
        let mut out = Vec::new();
        while !rest.is_empty() {
            let mut dec = flate2::bufread::GzDecoder::new(rest);
            let mut member = Vec::new();
            dec.read_to_end(&mut member).unwrap();
            rest = dec.into_inner();
            out.push(member);
        }
        out
    }

    fn header<'a>(record: &'a str, name: &str) -> Option<&'a str> {
        let head = record.split("\r\n\r\n").next()?;
        head.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }

    #[test]
    fn digest_is_padded_base32_sha256() {
        // Python: base64.b32encode(hashlib.sha256(b"").digest())
        assert_eq!(
            digest(b""),
            "sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ===="
        );
    }

    #[test]
    fn one_gzip_member_per_record_with_zero_mtime() {
        let gz = sample();
        let members = members(&gz);
        assert_eq!(members.len(), 5, "warcinfo + 4 responses");
        // Each member starts with the gzip magic and a zero MTIME field.
        assert_eq!(&gz[0..2], &[0x1f, 0x8b]);
        assert_eq!(&gz[4..8], &[0, 0, 0, 0]);
        let mut all = Vec::new();
        MultiGzDecoder::new(&gz[..]).read_to_end(&mut all).unwrap();
        assert_eq!(all, members.concat());
    }

    #[test]
    fn record_framing_and_content_length() {
        for member in members(&sample()) {
            assert!(member.starts_with(b"WARC/1.1\r\n"));
            assert!(member.ends_with(b"\r\n\r\n"));
            let text = String::from_utf8(member.clone()).unwrap();
            let head_end = text.find("\r\n\r\n").unwrap() + 4;
            let len: usize = header(&text, "Content-Length").unwrap().parse().unwrap();
            assert_eq!(head_end + len + 4, member.len(), "block length");
            for name in ["WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Type"] {
                assert!(header(&text, name).is_some(), "{name} missing");
            }
            assert_eq!(header(&text, "WARC-Date"), Some("2020-12-31T00:00:00Z"));
            let id = header(&text, "WARC-Record-ID").unwrap();
            assert!(id.starts_with("<urn:uuid:") && id.ends_with('>'));
        }
    }

    #[test]
    fn responses_are_sorted_and_digested() {
        let members = members(&sample());
        let texts: Vec<String> = members
            .iter()
            .map(|m| String::from_utf8(m.clone()).unwrap())
            .collect();
        assert_eq!(header(&texts[0], "WARC-Type"), Some("warcinfo"));
        // Line breaks in a field value are folded, not passed into the block.
        assert!(texts[0].contains("description: a b\r\n"));
        let uris: Vec<_> = texts[1..]
            .iter()
            .map(|t| header(t, "WARC-Target-URI").unwrap())
            .collect();
        assert_eq!(
            uris,
            [
                "https://ex.vn/%C3%A9.txt",
                "https://ex.vn/css/site.css",
                "https://ex.vn/index.html",
                "https://ex.vn/z.txt"
            ]
        );
        let t = &texts[3];
        assert_eq!(
            header(t, "Content-Type"),
            Some("application/http;msgtype=response")
        );
        let block_start = t.find("\r\n\r\n").unwrap() + 4;
        let block = &t[block_start..t.len() - 4];
        assert_eq!(
            header(t, "WARC-Block-Digest").unwrap(),
            digest(block.as_bytes())
        );
        let body = &block[block.find("\r\n\r\n").unwrap() + 4..];
        assert_eq!(body, "<p>Kế hoạch Quý IV/2020</p>");
        assert_eq!(
            header(t, "WARC-Payload-Digest").unwrap(),
            digest(body.as_bytes())
        );
        assert!(block.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"));
        // Every response names the warcinfo it belongs to.
        assert_eq!(
            header(t, "WARC-Warcinfo-ID"),
            header(&texts[0], "WARC-Record-ID")
        );
    }

    #[test]
    fn same_input_same_bytes_whatever_the_order() {
        assert_eq!(sample_in_order(false), sample_in_order(true));
    }

    #[test]
    fn record_ids_differ_by_type_url_and_file() {
        let a = record_id("response", "2020-q4.warc.gz", "https://ex.vn/");
        assert_eq!(
            a,
            record_id("response", "2020-q4.warc.gz", "https://ex.vn/")
        );
        assert_ne!(a, record_id("request", "2020-q4.warc.gz", "https://ex.vn/"));
        assert_ne!(
            a,
            record_id("response", "2020-q4-r2.warc.gz", "https://ex.vn/")
        );
        assert_ne!(
            a,
            record_id("response", "2020-q4.warc.gz", "https://ex.vn/x")
        );
        // Version 5 (name-based, SHA-1): the third group starts with 5.
        assert_eq!(&a[24..25], "5");
    }

    /// The records of a WARC of `paths` at `base`: (type, target URI, the
    /// record's text).
    fn records_of(base: &str, paths: &[&'static str]) -> Vec<(String, String, String)> {
        let mut pages: Vec<Page<'_>> = paths
            .iter()
            .map(|p| Page {
                uri: target_uri(base, p),
                content_type: content_type_for(p),
                body: p.as_bytes(),
                answer: Answer::File,
            })
            .collect();
        add_folder_answers(base, &mut pages);
        let mut out = Vec::new();
        write_warc(
            &mut out,
            "2020-q4.warc.gz",
            "2020-12-31T00:00:00Z",
            &[],
            &mut pages,
        )
        .unwrap();
        members(&out)[1..]
            .iter()
            .map(|m| {
                let t = String::from_utf8(m.clone()).unwrap();
                (
                    header(&t, "WARC-Type").unwrap().to_string(),
                    header(&t, "WARC-Target-URI").unwrap().to_string(),
                    t,
                )
            })
            .collect()
    }

    #[test]
    fn pages_replay_at_their_public_address_not_only_at_index_html() {
        // Issue 22: the WARC held …/2020-q4/index.html but not …/2020-q4/, the
        // address the sitemap, feeds and canonical links give, so every replay
        // tool answered 404 for every page.
        let records = records_of(
            "https://ex.vn/",
            &["index.html", "ke-hoach/2020-q4/index.html", "css/site.css"],
        );
        let summary: Vec<(&str, &str)> = records
            .iter()
            .map(|(t, u, _)| (t.as_str(), u.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("revisit", "https://ex.vn/"),
                ("response", "https://ex.vn/css/site.css"),
                ("response", "https://ex.vn/index.html"),
                ("response", "https://ex.vn/ke-hoach/2020-q4"),
                ("revisit", "https://ex.vn/ke-hoach/2020-q4/"),
                ("response", "https://ex.vn/ke-hoach/2020-q4/index.html"),
            ]
        );
        // The revisit names its original as WARC 1.1 §6.7.2 asks, with the
        // original's payload digest, and holds the HTTP head only.
        let (_, _, revisit) = &records[4];
        let (_, _, original) = &records[5];
        assert_eq!(
            header(revisit, "WARC-Profile"),
            Some("http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")
        );
        assert_eq!(
            header(revisit, "WARC-Refers-To-Target-URI"),
            Some("https://ex.vn/ke-hoach/2020-q4/index.html")
        );
        assert_eq!(
            header(revisit, "WARC-Refers-To-Date"),
            header(original, "WARC-Date")
        );
        assert_eq!(
            header(revisit, "WARC-Refers-To"),
            header(original, "WARC-Record-ID")
        );
        assert_eq!(
            header(revisit, "WARC-Payload-Digest"),
            header(original, "WARC-Payload-Digest")
        );
        let block = &revisit[revisit.find("\r\n\r\n").unwrap() + 4..revisit.len() - 4];
        assert_eq!(
            block,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 27\r\n\r\n"
        );
        assert_eq!(
            header(revisit, "WARC-Block-Digest").unwrap(),
            digest(block.as_bytes())
        );
    }

    #[test]
    fn a_folder_without_its_slash_redirects_as_a_static_host_does() {
        let records = records_of("https://ex.vn/", &["ke-hoach/2020-q4/index.html"]);
        let (kind, _, redirect) = &records[0];
        assert_eq!(kind, "response");
        assert_eq!(
            header(redirect, "WARC-Target-URI"),
            Some("https://ex.vn/ke-hoach/2020-q4")
        );
        let block = &redirect[redirect.find("\r\n\r\n").unwrap() + 4..redirect.len() - 4];
        assert_eq!(
            block,
            "HTTP/1.1 301 Moved Permanently\r\nLocation: https://ex.vn/ke-hoach/2020-q4/\r\nContent-Length: 0\r\n\r\n"
        );
        assert_eq!(
            header(redirect, "WARC-Payload-Digest").unwrap(),
            digest(b"")
        );
    }

    #[test]
    fn a_sub_path_site_replays_at_its_root_with_and_without_slash() {
        let base = "https://owner.github.io/phuong-tu-lien/";
        let uris: Vec<(String, String)> = records_of(base, &["index.html"])
            .into_iter()
            .map(|(t, u, _)| (t, u))
            .collect();
        let s = |t: &str, u: &str| (t.to_string(), u.to_string());
        assert_eq!(
            uris,
            [
                s("response", "https://owner.github.io/phuong-tu-lien"),
                s("revisit", "https://owner.github.io/phuong-tu-lien/"),
                s(
                    "response",
                    "https://owner.github.io/phuong-tu-lien/index.html"
                ),
            ]
        );
        // A file that is not a folder's index has one record only.
        assert_eq!(records_of(base, &["a/index.htm", "a-index.html"]).len(), 2);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            target_uri("https://ex.vn/tay-ho/", "tài liệu/a b.txt"),
            "https://ex.vn/tay-ho/t%C3%A0i%20li%E1%BB%87u/a%20b.txt"
        );
        assert_eq!(
            target_uri("https://ex.vn/", "a-b_c.~d/e"),
            "https://ex.vn/a-b_c.~d/e"
        );
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type_for("a/INDEX.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type_for("cal.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type_for("no-extension"), "application/octet-stream");
        assert_eq!(content_type_for("dir.d/file"), "application/octet-stream");
    }
}
