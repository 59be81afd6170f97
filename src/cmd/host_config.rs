//! `congkhai host-config (nginx|apache)`: prints a web server configuration that serves
//! a built site the way it is meant to be served: the styled 404 page per language, the
//! right content types (`.ics`, `.csv`, `.json`, `.xml`, `.warc.gz`), caching, and the
//! security headers, the Content-Security-Policy first among them. Both are tested for
//! real by CI (.ci/host_check.py: Debian's nginx and Apache), at a domain's root and
//! under a sub-path.

use crate::config::{url_path, Config};
use crate::console::report;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What every page is allowed to load: its own files only, no inline script or style.
/// Pages carry the same policy in a `<meta>` for hosts that cannot send headers (but
/// `frame-ancestors`, which browsers ignore in a `<meta>`); tests/host_config.rs holds
/// the themes to this text.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The other security headers: no content sniffing, no framing (for browsers that predate
/// `frame-ancestors`), and no full address of a page sent to other sites.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
];

/// Content types by extension for what a build writes. `.warc.gz` is not here: its
/// extension is `.gz`, and it gets its own rule (a WARC file that happens to be
/// compressed, never `Content-Encoding: gzip`, or browsers would unpack it).
const TYPES: &[(&str, &[&str])] = &[
    ("text/html", &["html"]),
    ("text/css", &["css"]),
    ("text/javascript", &["js", "mjs"]),
    ("application/json", &["json"]),
    ("application/xml", &["xml"]),
    ("text/calendar", &["ics"]),
    ("text/csv", &["csv"]),
    ("text/plain", &["txt"]),
    ("image/svg+xml", &["svg"]),
    ("image/png", &["png"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/webp", &["webp"]),
    ("image/avif", &["avif"]),
    ("image/gif", &["gif"]),
    ("image/x-icon", &["ico"]),
    ("font/woff2", &["woff2"]),
    ("application/pdf", &["pdf"]),
];

/// Text types sent with `; charset=utf-8` (JSON is UTF-8 by definition and gets none).
const UTF8_TYPES: &[&str] = &[
    "text/html",
    "text/css",
    "text/javascript",
    "application/xml",
    "text/calendar",
    "text/csv",
    "text/plain",
];

/// No file name carries a hash of its content, so nothing may be cached for long:
/// pages, styles, scripts and data are checked again on each visit (a cheap 304, as
/// unchanged files keep their modification time across builds); only images, which
/// rarely change under the same name, are kept for a day.
const CACHE_PAGES: &str = "no-cache";
const CACHE_IMAGES: &str = "public, max-age=86400";
const IMAGE_EXTENSIONS: &str = "png|jpe?g|webp|avif|gif|ico|svg|woff2";

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// a `server { … }` block for nginx
    Nginx,
    /// an `.htaccess` file for Apache
    Apache,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The web server to print a configuration for
    #[arg(value_enum)]
    pub server: Server,
    #[command(flatten)]
    pub root: crate::cmd::RootArg,
    /// Public address of the site (default: base_url in config.yaml); its path, e.g.
    /// /phuong-tu-lien/, is where the site is served
    #[arg(long)]
    pub base_url: Option<String>,
    /// The folder the server serves (default: output/ inside the site folder); copy the
    /// site there, do not build into it
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// What a configuration needs to know about the site.
#[derive(Debug, Clone)]
pub struct Target {
    pub base_url: String,
    /// The folder served, as the server should name it.
    pub folder: String,
    /// Language prefixes with a 404 page of their own (`en/`), besides the root's.
    pub prefixes: Vec<String>,
}

impl Target {
    fn path(&self) -> String {
        url_path(&self.base_url)
    }

    fn host(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let authority = rest.split('/').next().unwrap_or(rest);
        authority.split(':').next().unwrap_or(authority)
    }
}

fn header_comment(out: &mut String, server: &str, t: &Target) {
    // An .htaccess names no folder: it works where it is put.
    let serving = if server == "apache" {
        String::new()
    } else {
        format!(", serving {}", t.folder)
    };
    let _ = writeln!(
        out,
        "# Made by `congkhai host-config {server}` for {}{serving}.",
        t.base_url
    );
    let serve = if server == "apache" {
        // A build replaces output/ whole, and would take an .htaccess with it.
        "# Serve a copy of output/ (rsync, robocopy: docs/publishing.md), not output/ itself."
    } else {
        "# Serve output/ itself (a build replaces it in one step) or a copy of it (rsync,\n\
         # robocopy: docs/publishing.md)."
    };
    let _ = writeln!(out, "{serve}");
    let _ = writeln!(
        out,
        "# Print it again after changing base_url or the languages."
    );
}

pub fn nginx(t: &Target) -> String {
    let path = t.path();
    let mut out = String::new();
    header_comment(&mut out, "nginx", t);
    let _ = writeln!(
        out,
        "# Put this file in /etc/nginx/sites-available/, link it from sites-enabled/, then\n\
         # `nginx -t && systemctl reload nginx`. Under an existing server {{ }}, copy the map\n\
         # and the location block. Add `listen 443 ssl;` and certificates as for any site.\n"
    );
    let _ = writeln!(
        out,
        "# Images may be kept a day; everything else is checked again on each visit."
    );
    let _ = writeln!(out, "map $uri $congkhai_cache_control {{");
    let _ = writeln!(out, "    ~*\\.({IMAGE_EXTENSIONS})$ \"{CACHE_IMAGES}\";");
    let _ = writeln!(out, "    default \"{CACHE_PAGES}\";");
    let _ = writeln!(out, "}}\n");
    let _ = writeln!(out, "server {{");
    let _ = writeln!(out, "    listen 80;");
    let _ = writeln!(out, "    server_name {};", t.host());
    let _ = writeln!(out, "    server_tokens off;");
    let _ = writeln!(out);
    let _ = writeln!(out, "    location {path} {{");
    if path == "/" {
        let _ = writeln!(out, "        root \"{}\";", t.folder);
    } else {
        let _ = writeln!(
            out,
            "        alias \"{}/\";",
            t.folder.trim_end_matches('/')
        );
    }
    let _ = writeln!(out, "        index index.html;");
    let _ = writeln!(out, "        autoindex off;");
    let _ = writeln!(
        out,
        "        # Only these types: the server's mime.types knows neither .ics nor .csv."
    );
    let _ = writeln!(out, "        types {{");
    for (mime, exts) in TYPES {
        let _ = writeln!(out, "            {mime} {};", exts.join(" "));
    }
    let _ = writeln!(out, "        }}");
    let _ = writeln!(out, "        default_type application/octet-stream;");
    let _ = writeln!(out, "        charset utf-8;");
    // text/html is always among them; naming it again makes nginx warn.
    let listed: Vec<&str> = UTF8_TYPES
        .iter()
        .copied()
        .filter(|t| *t != "text/html")
        .collect();
    let _ = writeln!(out, "        charset_types {};", listed.join(" "));
    let _ = writeln!(
        out,
        "        # Files are served as they are: no compression on the fly that could touch a .gz."
    );
    let _ = writeln!(out, "        gzip off;");
    let _ = writeln!(out, "        error_page 404 {path}404.html;");
    let _ = writeln!(
        out,
        "        add_header Cache-Control $congkhai_cache_control always;"
    );
    let _ = writeln!(
        out,
        "        add_header Content-Security-Policy \"{CONTENT_SECURITY_POLICY}\" always;"
    );
    for (name, value) in SECURITY_HEADERS {
        let _ = writeln!(out, "        add_header {name} \"{value}\" always;");
    }
    for prefix in &t.prefixes {
        let _ = writeln!(out);
        let _ = writeln!(out, "        location {path}{prefix} {{");
        let _ = writeln!(out, "            error_page 404 {path}{prefix}404.html;");
        let _ = writeln!(out, "        }}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "        # Snapshots' web archives: a compressed WARC file to download as it is."
    );
    let _ = writeln!(out, "        location ~ \\.warc\\.gz$ {{");
    let _ = writeln!(out, "            types {{ }}");
    let _ = writeln!(out, "            default_type application/warc;");
    let _ = writeln!(out, "        }}");
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "}}");
    out
}

pub fn apache(t: &Target) -> String {
    let path = t.path();
    let mut out = String::new();
    header_comment(&mut out, "apache", t);
    let _ = writeln!(
        out,
        "# Save it as .htaccess in the folder the site is served from (the server needs\n\
         # `AllowOverride FileInfo Indexes` there, and mod_headers), and keep it out of the\n\
         # copy's deletions: rsync --exclude=/.htaccess, robocopy /XF .htaccess.\n"
    );
    let _ = writeln!(out, "DirectoryIndex index.html");
    let _ = writeln!(out, "ErrorDocument 404 {path}404.html");
    for prefix in &t.prefixes {
        let _ = writeln!(out, "<If \"%{{REQUEST_URI}} =~ m#^{path}{prefix}#\">");
        let _ = writeln!(out, "    ErrorDocument 404 {path}{prefix}404.html");
        let _ = writeln!(out, "</If>");
    }
    let _ = writeln!(out);
    for (mime, exts) in TYPES {
        let list: Vec<String> = exts.iter().map(|e| format!(".{e}")).collect();
        let _ = writeln!(out, "AddType {mime} {}", list.join(" "));
    }
    let utf8: Vec<String> = TYPES
        .iter()
        .filter(|(m, _)| UTF8_TYPES.contains(m))
        .flat_map(|(_, exts)| exts.iter().map(|e| format!(".{e}")))
        .collect();
    let _ = writeln!(out, "AddCharset utf-8 {}", utf8.join(" "));
    let _ = writeln!(
        out,
        "\n# Snapshots' web archives: a compressed WARC file, never Content-Encoding: gzip."
    );
    let _ = writeln!(out, "<FilesMatch \"\\.warc\\.gz$\">");
    let _ = writeln!(out, "    ForceType application/warc");
    let _ = writeln!(out, "    RemoveEncoding .gz");
    let _ = writeln!(out, "    SetEnv no-gzip 1");
    let _ = writeln!(out, "</FilesMatch>");
    let _ = writeln!(out);
    let _ = writeln!(out, "<IfModule mod_headers.c>");
    let _ = writeln!(
        out,
        "    Header always set Content-Security-Policy \"{CONTENT_SECURITY_POLICY}\""
    );
    for (name, value) in SECURITY_HEADERS {
        let _ = writeln!(out, "    Header always set {name} \"{value}\"");
    }
    let _ = writeln!(out, "    Header set Cache-Control \"{CACHE_PAGES}\"");
    let _ = writeln!(out, "    <FilesMatch \"\\.({IMAGE_EXTENSIONS})$\">");
    let _ = writeln!(out, "        Header set Cache-Control \"{CACHE_IMAGES}\"");
    let _ = writeln!(out, "    </FilesMatch>");
    let _ = writeln!(out, "</IfModule>");
    out
}

/// The folder as the server will name it: absolute, as the server does not run in the
/// site's folder.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    // Not built yet: its parent (the site folder) exists.
    match (p.parent().map(std::fs::canonicalize), p.file_name()) {
        (Some(Ok(parent)), Some(name)) => parent.join(name),
        _ => std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p)),
    }
}

pub fn run(args: &Args) -> i32 {
    let root = &args.root.root;
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(errors) => return report(&errors),
    };
    let base_url = match &args.base_url {
        None => config.base_url.clone(),
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
            if u.ends_with('/') {
                u.clone()
            } else {
                format!("{u}/")
            }
        }
        Some(u) => {
            return report(&[Diagnostic::new(
                "E0702",
                "--base-url",
                tr("E0702.base-url", &[("url", &u)]),
            )
            .help(tr("E0702.base-url-help", &[]))])
        }
    };
    let output = args.output.clone().unwrap_or_else(|| root.join("output"));
    let target = Target {
        base_url,
        folder: absolute(&output).display().to_string(),
        prefixes: config
            .languages
            .iter()
            .skip(1)
            .map(|l| format!("{}/", l.code))
            .collect(),
    };
    print!(
        "{}",
        match args.server {
            Server::Nginx => nginx(&target),
            Server::Apache => apache(&target),
        }
    );
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(base_url: &str) -> Target {
        Target {
            base_url: base_url.into(),
            folder: "/srv/congkhai".into(),
            prefixes: vec!["en/".into()],
        }
    }

    #[test]
    fn nginx_at_a_sub_path_serves_the_folder_under_the_base_urls_path() {
        let c = nginx(&target("https://owner.github.io/phuong-tu-lien/"));
        assert!(c.contains("    location /phuong-tu-lien/ {\n        alias \"/srv/congkhai/\";"));
        assert!(c.contains("error_page 404 /phuong-tu-lien/404.html;"));
        assert!(c.contains("location /phuong-tu-lien/en/ {\n            error_page 404 /phuong-tu-lien/en/404.html;"));
        assert!(c.contains("server_name owner.github.io;"));
    }

    #[test]
    fn nginx_at_the_root_uses_root_not_alias() {
        let c = nginx(&target("http://congkhai.example:8080/"));
        assert!(c.contains("    location / {\n        root \"/srv/congkhai\";"));
        assert!(!c.contains("alias"));
        assert!(c.contains("server_name congkhai.example;"));
        assert!(c.contains("error_page 404 /404.html;"));
    }

    #[test]
    fn both_servers_send_the_policy_and_the_types_the_outputs_need() {
        for c in [
            nginx(&target("https://a.example/")),
            apache(&target("https://a.example/")),
        ] {
            assert!(c.contains(CONTENT_SECURITY_POLICY));
            assert!(c.contains("text/calendar") && c.contains("application/warc"));
            assert!(c.contains("text/csv") && c.contains("application/json"));
            assert!(c.contains("nosniff"));
        }
        let a = apache(&target("https://a.example/x/"));
        assert!(a.contains("ErrorDocument 404 /x/404.html"));
        assert!(a.contains(
            "<If \"%{REQUEST_URI} =~ m#^/x/en/#\">\n    ErrorDocument 404 /x/en/404.html"
        ));
    }
}
