//! Every page works under the strict Content-Security-Policy `host-config` sends: the
//! themes carry the same policy in a `<meta>` (for hosts that cannot send headers), and
//! no page holds inline script or style, in either theme. The browser half of this
//! (no `securitypolicyviolation` event, no console error) is tests/e2e.

mod common;

use common::*;
use congkhai::cmd::host_config::CONTENT_SECURITY_POLICY;

/// The policy as a `<meta>` may carry it: browsers ignore `frame-ancestors` there (and
/// Chromium logs an error for it), so the themes leave it to the header.
fn meta_policy() -> String {
    CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", "")
}

/// Where a page breaks the policy: inline `<style>`, `style=` attributes (SVG included),
/// inline scripts (JSON-LD data blocks are data, not script), event handler attributes.
fn inline_code(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    if lower.contains("<style") {
        found.push("a <style> element".into());
    }
    if lower.contains(" style=") {
        found.push("a style= attribute".into());
    }
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |e| i + e)];
        if !tag.contains(" src=") && !tag.contains("type=\"application/ld+json\"") {
            found.push(format!("an inline script: {tag}>"));
        }
    }
    for handler in [
        " onclick=",
        " onload=",
        " onerror=",
        " onsubmit=",
        " onchange=",
    ] {
        if lower.contains(handler) {
            found.push(format!("an event handler attribute ({})", handler.trim()));
        }
    }
    if lower.contains("javascript:") {
        found.push("a javascript: address".into());
    }
    found
}

fn check_theme(theme: &str) {
    let site = site("bundled");
    let config = site.path().join("config.yaml");
    let text = read(&config).replace("theme: default", &format!("theme: {theme}"));
    std::fs::write(&config, text).expect("config");
    let o = run(site.path(), &["build", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        meta_policy()
    );
    let mut pages = 0;
    for (path, bytes) in tree(&site.path().join("output")) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes);
        let head = html.split("</head>").next().unwrap_or("");
        assert_eq!(
            head.matches(&meta).count(),
            1,
            "{theme}: {path} must carry the policy once in its head"
        );
        let found = inline_code(&html);
        assert!(found.is_empty(), "{theme}: {path} holds {found:?}");
    }
    assert!(pages > 100, "{theme}: only {pages} pages");
}

#[test]
fn every_page_of_the_default_theme_carries_the_policy_and_no_inline_code() {
    check_theme("default");
}

#[test]
fn every_page_of_the_congthongtin_theme_carries_the_policy_and_no_inline_code() {
    check_theme("congthongtin");
}

#[test]
fn the_inline_code_finder_sees_each_kind_of_fault() {
    let page = "<style>p{}</style><p style=\"x\"><script>x()</script><a onclick=\"y\">";
    assert_eq!(inline_code(page).len(), 4, "{:?}", inline_code(page));
    let clean = "<script src=\"a.js\"></script><script type=\"application/ld+json\">{}</script>";
    assert!(inline_code(clean).is_empty());
}

/// The 404 page is served at any address, so it cannot link its stylesheet relatively;
/// it used to carry the stylesheet inline, which the policy refuses. It now starts its
/// links from the path of the public address.
#[test]
fn the_404_page_links_its_stylesheet_from_the_public_addresss_path() {
    let site = site("bundled");
    let o = run(
        site.path(),
        &[
            "build",
            "--quiet",
            "--base-url",
            "https://owner.github.io/phuong-tu-lien/",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for page in ["404.html", "en/404.html"] {
        let html = read(&site.path().join("output").join(page));
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"/phuong-tu-lien/css/style.css\">"),
            "{page}"
        );
        assert!(inline_code(&html).is_empty(), "{page}");
    }
}
