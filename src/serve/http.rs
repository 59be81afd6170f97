//! Answering one request from the preview folder: GET and HEAD only, folders by their
//! `index.html`, the site's own 404 page with status 404, HTML with the live-reload
//! script added, and nothing outside the folder (symbolic links included).

use super::conn::{Body, Method, Request};
use super::date;
use super::live::{self, Hub};
use super::path::{self, Refused, RequestPath};
use crate::diagnostic::tr;
use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "warc" => "application/warc",
        _ => "application/octet-stream",
    }
}

/// HTML pages larger than this are sent as they are, without the live-reload script:
/// adding it means holding the page in memory.
const MAX_INJECT: u64 = 16 * 1024 * 1024;

fn respond(
    request: Request,
    status: u16,
    content_type: &str,
    body: Body<'_>,
    extra: &[(&str, &str)],
) {
    let mut headers = vec![
        ("Content-Type", content_type),
        // A preview is always fresh: the browser asks again every time, and a file
        // that did not change since it last came is answered 304 (no body).
        ("Cache-Control", "no-cache"),
    ];
    headers.extend_from_slice(extra);
    request.respond(status, &headers, body);
}

/// A one-line plain-text answer: the catalogue's message `id`, in the editor's language.
fn plain(request: Request, status: u16, id: &str, extra: &[(&str, &str)]) {
    let text = format!("{}\n", tr(id, &[]));
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        Body::Bytes(text.as_bytes()),
        extra,
    );
}

/// Reads a file whole only when it is small enough to hold.
fn read_small(path: &Path) -> Option<Vec<u8>> {
    let file = File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_INJECT {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(MAX_INJECT).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The preview folder and what is needed to answer from it.
pub struct Files {
    /// Resolved once: served files must resolve to somewhere under it.
    pub dir: PathBuf,
}

impl Files {
    /// A file under the folder, after following links, or None.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        (real.starts_with(&self.dir) && real.is_file()).then_some(real)
    }

    /// The site's 404 page for the language the path is in, or a bare one before the
    /// first successful build.
    fn not_found(&self, request: Request, segments: &[String]) {
        let localized = segments
            .first()
            .filter(|s| !s.starts_with('.'))
            .map(|s| self.dir.join(s).join("404.html"));
        let page = localized
            .into_iter()
            .chain(std::iter::once(self.dir.join("404.html")))
            .find_map(|p| self.inside(&p).and_then(|p| read_small(&p)));
        let body = page.unwrap_or_else(|| {
            b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>Nothing is published at this address (yet).</p></body></html>\n".to_vec()
        });
        let body = live::inject(&body);
        respond(
            request,
            404,
            "text/html; charset=utf-8",
            Body::Bytes(&body),
            &[],
        );
    }
}

/// Where a folder asked for without its final `/` lives. Built from the decoded
/// segments, never from the path as sent: `//en` must lead to `/en/`, not to
/// `//en/`, which a browser reads as another host.
fn folder_location(path: &RequestPath, target: &str) -> String {
    let mut location = String::from("/");
    for s in &path.segments {
        location.push_str(&path::encode_segment(s));
        location.push('/');
    }
    // The query goes along (the search page reads its own); a fragment is never sent.
    if let Some((_, query)) = target.split_once('?') {
        location.push('?');
        location.push_str(query);
    }
    location
}

pub fn handle(request: Request, files: &Files, hub: &Arc<Hub>) {
    if request.method() == Method::Other {
        return plain(request, 405, "status.http-405", &[("Allow", "GET, HEAD")]);
    }
    let target = request.url().to_string();
    let path = match path::parse(&target) {
        Ok(p) => p,
        Err(Refused::BadRequest) => return plain(request, 400, "status.http-400-path", &[]),
        Err(Refused::Hidden) => return files.not_found(request, &[]),
    };
    match path.raw.as_str() {
        live::SCRIPT_PATH => {
            return respond(
                request,
                200,
                "text/javascript; charset=utf-8",
                Body::Bytes(live::SCRIPT.as_bytes()),
                &[],
            )
        }
        live::STYLE_PATH => {
            return respond(
                request,
                200,
                "text/css; charset=utf-8",
                Body::Bytes(live::STYLE.as_bytes()),
                &[],
            )
        }
        live::EVENTS_PATH if request.method() == Method::Head => {
            return respond(request, 200, "text/event-stream", Body::Bytes(b""), &[])
        }
        live::EVENTS_PATH => return events(request, hub),
        _ => {}
    }
    let mut file = files.dir.clone();
    for s in &path.segments {
        file.push(s);
    }
    if file.is_dir() {
        if !path.trailing_slash && !path.segments.is_empty() {
            // Relative links inside the page resolve against the folder, not its parent.
            let location = folder_location(&path, &target);
            return respond(
                request,
                301,
                "text/plain; charset=utf-8",
                Body::Bytes(b""),
                &[("Location", &location)],
            );
        }
        file.push("index.html");
    }
    let Some(real) = files.inside(&file) else {
        return files.not_found(request, &path.segments);
    };
    let opened = File::open(&real).and_then(|f| Ok((f.metadata()?, f)));
    let Ok((meta, file)) = opened else {
        // Gone between the look and the open: a rebuild removed it.
        return files.not_found(request, &path.segments);
    };
    let kind = content_type(&real.to_string_lossy());
    serve_file(request, file, &meta, kind);
}

/// What a `Range` header asks of a file of a given length.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

/// One range of bytes (RFC 9110 §14.1.2). Several ranges, other units, and ranges that
/// do not parse get the whole file, which the RFC allows.
fn range(spec: &str, len: u64) -> Range {
    let Some(spec) = spec.trim().strip_prefix("bytes=") else {
        return Range::Whole;
    };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    match (first, last) {
        ("", "") => Range::Whole,
        ("", n) => match number(n) {
            None => Range::Whole,
            Some(0) => Range::Unsatisfiable,
            Some(_) if len == 0 => Range::Unsatisfiable,
            Some(n) => Range::Part(len.saturating_sub(n), len - 1),
        },
        (a, b) => match (
            number(a),
            if b.is_empty() {
                Some(u64::MAX)
            } else {
                number(b)
            },
        ) {
            (Some(a), Some(b)) if a <= b => {
                if a >= len {
                    Range::Unsatisfiable
                } else {
                    Range::Part(a, b.min(len - 1))
                }
            }
            _ => Range::Whole,
        },
    }
}

/// `If-None-Match` (which wins when both are sent) or `If-Modified-Since` says the
/// browser already has this version (RFC 9110 §13.2.2).
fn not_modified(request: &Request, etag: &str, modified: Option<SystemTime>) -> bool {
    if let Some(tags) = request.header("if-none-match") {
        return tags
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/") == etag);
    }
    match (
        request.header("if-modified-since").and_then(date::parse),
        modified,
    ) {
        (Some(since), Some(modified)) => date::seconds(modified) <= date::seconds(since),
        _ => false,
    }
}

/// Answers with a file: streamed from disk (never read whole, whatever its size), with
/// validators for conditional requests, and one byte range when asked. HTML pages get
/// the live-reload script (so are read, up to [`MAX_INJECT`]) and no ranges.
fn serve_file(request: Request, mut file: File, meta: &Metadata, kind: &str) {
    let len = meta.len();
    let modified = meta.modified().ok();
    let stamp = modified
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    // Length and time to the nanosecond: each rebuild writes a changed file anew.
    let etag = format!("\"{len:x}-{stamp:x}\"");
    let last_modified = modified.map(date::format).unwrap_or_default();
    let mut headers = vec![("ETag", etag.as_str())];
    if !last_modified.is_empty() {
        headers.push(("Last-Modified", last_modified.as_str()));
    }
    if not_modified(&request, &etag, modified) {
        return respond(request, 304, kind, Body::Bytes(b""), &headers);
    }
    if kind.starts_with("text/html") && len <= MAX_INJECT {
        let mut bytes = Vec::new();
        // A read error closes the connection unanswered; the browser asks again.
        if (&mut file).take(MAX_INJECT).read_to_end(&mut bytes).is_ok() {
            let page = live::inject(&bytes);
            respond(request, 200, kind, Body::Bytes(&page), &headers);
        }
        return;
    }
    headers.push(("Accept-Ranges", "bytes"));
    let asked = request.header("range").map(|spec| {
        // A range of another version than the browser holds would corrupt its copy.
        match request.header("if-range") {
            Some(v) if v != etag && v != last_modified => Range::Whole,
            _ => range(spec, len),
        }
    });
    match asked.unwrap_or(Range::Whole) {
        Range::Whole => respond(request, 200, kind, Body::File(file, len), &headers),
        Range::Part(first, last) => {
            if file.seek(SeekFrom::Start(first)).is_err() {
                return;
            }
            let content_range = format!("bytes {first}-{last}/{len}");
            headers.push(("Content-Range", &content_range));
            let part = Body::File(file, last - first + 1);
            respond(request, 206, kind, part, &headers);
        }
        Range::Unsatisfiable => {
            let content_range = format!("bytes */{len}");
            headers.push(("Content-Range", &content_range));
            respond(request, 416, kind, Body::Bytes(b""), &headers);
        }
    }
}

fn events(request: Request, hub: &Arc<Hub>) {
    let Some(subscription) = hub.subscribe() else {
        return plain(request, 503, "status.http-503-listeners", &[]);
    };
    let spawned = std::thread::Builder::new()
        .name("congkhai-live".into())
        .spawn(move || {
            let headers = [
                ("Content-Type", "text/event-stream; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ];
            if let Ok(mut out) = request.into_stream(&headers) {
                subscription.stream(&mut out);
            }
        });
    // Without a thread the page just does not reload; the preview still works.
    let _ = spawned;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("su-kien.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(range("bytes=0-0", 10), Range::Part(0, 0));
        assert_eq!(range("bytes=2-", 10), Range::Part(2, 9));
        assert_eq!(range("bytes=5-100", 10), Range::Part(5, 9));
        assert_eq!(range("bytes=-3", 10), Range::Part(7, 9));
        assert_eq!(range("bytes=-30", 10), Range::Part(0, 9));
        assert_eq!(range("bytes=10-", 10), Range::Unsatisfiable);
        assert_eq!(range("bytes=-0", 10), Range::Unsatisfiable);
        assert_eq!(range("bytes=-1", 0), Range::Unsatisfiable);
        for whole in [
            "bytes=0-1,3-4",
            "items=0-1",
            "bytes=5-2",
            "bytes=x-",
            "bytes=-",
            "bytes=+1-2",
        ] {
            assert_eq!(range(whole, 10), Range::Whole, "{whole}");
        }
    }

    #[test]
    fn folder_redirects_stay_on_this_host() {
        for (target, location) in [
            ("//en", "/en/"),
            ("///en//ke-hoach", "/en/ke-hoach/"),
            ("/%2Fexample.org", ""),
            ("/tim-kiem?q=ch%E1%BB%A3", "/tim-kiem/?q=ch%E1%BB%A3"),
            ("/s%E1%BB%B1-ki%E1%BB%87n", "/s%E1%BB%B1-ki%E1%BB%87n/"),
        ] {
            match path::parse(target) {
                Ok(p) => assert_eq!(folder_location(&p, target), location, "{target}"),
                Err(_) => assert_eq!(location, "", "{target}"),
            }
        }
    }
}
