//! Search on the bundled site, built by the real binary: each language's index, read
//! back from output/ the way search.js reads it, finds what issue 6 asks for; each
//! language has a search page; every page's header leads to its language's search
//! page; and a second build writes the same index bytes.

mod common;

use common::*;

#[test]
fn each_language_index_finds_the_pages_the_issue_names() {
    let (_site, out) = built(site("bundled"));
    let vi = index(&out, "vi");
    let en = index(&out, "en");

    let hits = urls(&vi, "trinh cong son");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("su-kien/hoi-cho-ocop/"),
        "{hits:?}"
    );
    assert_eq!(
        urls(&vi, "duong khung").first().map(String::as_str),
        Some("ke-hoach/2020-q4/02-dau-tu-xay-dung/")
    );
    // Typed with diacritics, the words match the same pages.
    assert_eq!(urls(&vi, "Trịnh Công Sơn"), hits);
    // A project named only in a task group's table is found on the task group.
    assert!(urls(&vi, "ngo 612 lac long quan")
        .contains(&"ke-hoach/2020-q4/02-dau-tu-xay-dung/".to_string()));
    // An event's place counts with its title.
    assert_eq!(
        urls(&vi, "pho nguyen dinh thi").first().map(String::as_str),
        Some("su-kien/tuyen-pho-an-toan-thuc-pham/")
    );
    assert_eq!(
        urls(&en, "law day").first().map(String::as_str),
        Some("en/su-kien/ngay-phap-luat/")
    );
    // Each index holds its own language only.
    assert!(urls(&vi, "law day").iter().all(|u| !u.starts_with("en/")));
    assert!(urls(&en, "trinh cong son")
        .iter()
        .all(|u| u.starts_with("en/")));
    // One document per content page of the language.
    let sources = tree(&repo().join("content"));
    let count = |en: bool| {
        sources
            .keys()
            .filter(|p| p.ends_with(".md") && p.ends_with(".en.md") == en)
            .count()
    };
    assert_eq!(
        (vi.doc_count(), en.doc_count()),
        (count(false), count(true))
    );
}

#[test]
fn every_page_has_a_header_box_that_leads_to_its_language_search_page() {
    let (_site, out) = built(site("bundled"));
    for (path, html) in tree(&out) {
        if !path.ends_with(".html") || path.ends_with("404.html") || path.starts_with("archive/") {
            continue;
        }
        let html = String::from_utf8(html).unwrap_or_default();
        let depth = path.matches('/').count();
        let lang = if path.starts_with("en/") { "en" } else { "vi" };
        let prefix = if lang == "en" { "en/" } else { "" };
        let action = format!("{}{prefix}search/index.html", "../".repeat(depth));
        assert!(
            html.contains(&format!(
                r#"<form class="site-search" role="search" action="{action}""#
            )),
            "{path}: no header search box leading to {action}"
        );
        assert!(html.contains(r#"name="q""#), "{path}");
        let script = format!(
            r#"<script src="{root}search/search.js" data-index="{root}search/{lang}/" data-root="{root}" data-lang="{lang}" defer>"#,
            root = "../".repeat(depth)
        );
        assert!(
            html.contains(&script),
            "{path}: no search script tag {script}"
        );
    }
    for (page, lang) in [("search/index.html", "vi"), ("en/search/index.html", "en")] {
        let html = read(&out.join(page));
        assert!(html.contains(&format!(r#"<html lang="{lang}">"#)), "{page}");
        for needle in [
            r#"<input type="search" id="search-input" name="q""#,
            r#"<label for="search-input">"#,
            r#"id="search-status""#,
            r#"role="status""#,
            r#"<ol id="search-results""#,
            "<noscript>",
        ] {
            assert!(html.contains(needle), "{page}: no {needle}");
        }
        // The page's form and the header's are two search landmarks: distinct names.
        assert!(
            html.contains(r#"aria-labelledby="search-heading""#),
            "{page}"
        );
    }
    // The language switcher of a search page leads to the other search page.
    assert!(read(&out.join("search/index.html"))
        .contains(r#"href="../en/search/index.html" hreflang="en""#));
    assert!(out.join("search/search.js").is_file());
}

#[test]
fn the_index_bytes_do_not_change_between_builds() {
    let site = site("bundled");
    let first = run(site.path(), &["build", "--output", "a"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = run(site.path(), &["build", "--output", "b"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let a = tree(&site.path().join("a/search"));
    assert!(a.len() > 10, "{:?}", a.keys());
    assert_eq!(a, tree(&site.path().join("b/search")));
}
