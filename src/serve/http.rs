//! Answering one request from the preview folder: GET and HEAD only, folders by their
//! `index.html`, the site's own 404 page with status 404, HTML with the live-reload
//! script added, and nothing outside the folder (symbolic links included).

use super::conn::{Method, Request};
use super::live::{self, Hub};
use super::path::{self, Refused};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

fn respond(
    request: Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    extra: &[(&str, &str)],
) {
    let mut headers = vec![
        ("Content-Type", content_type),
        // A preview is always fresh: the browser asks again after every reload.
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    headers.extend_from_slice(extra);
    request.respond(status, &headers, &body);
}

fn plain(request: Request, status: u16, text: &str) {
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
        &[],
    );
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
            .find_map(|p| self.inside(&p).and_then(|p| fs::read(p).ok()));
        let body = page.unwrap_or_else(|| {
            b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>Nothing is published at this address (yet).</p></body></html>\n".to_vec()
        });
        respond(
            request,
            404,
            "text/html; charset=utf-8",
            live::inject(&body),
            &[],
        );
    }
}

pub fn handle(request: Request, files: &Files, hub: &Arc<Hub>) {
    if request.method() == Method::Other {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD are served\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let target = request.url().to_string();
    let path = match path::parse(&target) {
        Ok(p) => p,
        Err(Refused::BadRequest) => return plain(request, 400, "bad request path\n"),
        Err(Refused::Hidden) => return files.not_found(request, &[]),
    };
    match path.raw.as_str() {
        live::SCRIPT_PATH => {
            return respond(
                request,
                200,
                "text/javascript; charset=utf-8",
                live::SCRIPT.as_bytes().to_vec(),
                &[],
            )
        }
        live::EVENTS_PATH if request.method() == Method::Head => {
            return respond(request, 200, "text/event-stream", Vec::new(), &[])
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
            let location = format!("{}/", path.raw);
            return respond(
                request,
                301,
                "text/plain; charset=utf-8",
                Vec::new(),
                &[("Location", &location)],
            );
        }
        file.push("index.html");
    }
    let Some(real) = files.inside(&file) else {
        return files.not_found(request, &path.segments);
    };
    let name = real.to_string_lossy();
    let kind = content_type(&name);
    match fs::read(&real) {
        Ok(bytes) if kind.starts_with("text/html") => {
            respond(request, 200, kind, live::inject(&bytes), &[])
        }
        Ok(bytes) => respond(request, 200, kind, bytes, &[]),
        Err(_) => files.not_found(request, &path.segments),
    }
}

fn events(request: Request, hub: &Arc<Hub>) {
    let Some(subscription) = hub.subscribe() else {
        return plain(request, 503, "too many preview pages are listening\n");
    };
    let spawned = std::thread::Builder::new()
        .name("congkhai-live".into())
        .spawn(move || {
            let mut out = request.into_stream();
            subscription.stream(&mut out);
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
}
