//! The theme contract: whichever theme builds the bundled site, the site publishes the
//! same disclosure surface (feeds, JSON-LD, calendars, timeline, dashboard, project
//! status, open data, frozen copies, print, search, languages, skip link, notices and
//! the list of disclosed information: the site is the bundled one with the notices test
//! site's ten notices). A theme changes the look, never what the office discloses; one
//! that drops a piece fails here with the piece's name, the page and the markup that is
//! missing.

mod common;

use std::path::Path;

/// One piece of the surface: on every page listed, every needle must be in the HTML
/// (after the last `within`, when it is not empty: the footer's links are the footer's).
struct Piece {
    name: &'static str,
    pages: &'static [&'static str],
    needles: &'static [&'static str],
    within: &'static str,
}

const PLAN: &[&str] = &[
    "ke-hoach/2020-q4/index.html",
    "en/ke-hoach/2020-q4/index.html",
];
/// An event with an exact date, so it has its own calendar file.
const EVENT: &[&str] = &[
    "su-kien/giai-phong-thu-do/index.html",
    "en/su-kien/giai-phong-thu-do/index.html",
];
const EVENTS: &[&str] = &["su-kien/index.html", "en/su-kien/index.html"];
const ALL: &[&str] = &[
    "index.html",
    "en/index.html",
    "ke-hoach/2020-q4/index.html",
    "en/ke-hoach/2020-q4/index.html",
    "su-kien/giai-phong-thu-do/index.html",
    "en/su-kien/giai-phong-thu-do/index.html",
    "su-kien/index.html",
    "en/su-kien/index.html",
    "gioi-thieu/index.html",
    "en/gioi-thieu/index.html",
    "search/index.html",
    "en/search/index.html",
];
const ARTICLES: &[&str] = &[
    "ke-hoach/2020-q4/index.html",
    "en/ke-hoach/2020-q4/index.html",
    "su-kien/giai-phong-thu-do/index.html",
    "en/su-kien/giai-phong-thu-do/index.html",
    "gioi-thieu/index.html",
    "en/gioi-thieu/index.html",
];

/// A consultation notice with its feedback addresses and result (the notices test site).
const NOTICE: &[&str] = &[
    "thong-bao/lay-y-kien-du-thao-quy-che/index.html",
    "en/thong-bao/lay-y-kien-du-thao-quy-che/index.html",
];
const HOMES: &[&str] = &["index.html", "en/index.html"];
const DISCLOSED: &[&str] = &[
    "danh-muc-thong-tin/index.html",
    "en/danh-muc-thong-tin/index.html",
];

const SURFACE: &[Piece] = &[
    Piece {
        name: "notice status, feedback and result",
        pages: NOTICE,
        needles: &[
            r#"<span class="notice-status notice-expired">"#,
            r#"class="notice-feedback""#,
            r#"<a href="mailto:gopy@phuong-thu.example">"#,
            r#"ket-qua-lay-y-kien/index.html">"#,
            r#""@type":"SpecialAnnouncement""#,
            r#"class="print-button""#,
        ],
        within: "",
    },
    Piece {
        name: "open notices on the home page",
        pages: HOMES,
        needles: &[
            r#"id="home-notices""#,
            r#"<span class="notice-status notice-open">"#,
        ],
        within: "",
    },
    Piece {
        name: "notices list",
        pages: &["thong-bao/index.html", "en/thong-bao/index.html"],
        needles: &[
            r#"<span class="notice-status notice-expired">"#,
            r#"notices.xml" type="application/atom+xml">"#,
        ],
        within: "",
    },
    Piece {
        name: "list of disclosed information",
        pages: DISCLOSED,
        needles: &[
            r#"class="disclosure-category""#,
            r#"id="notices-consultation""#,
            r#"data/disclosed.json" type="application/json">"#,
        ],
        within: "",
    },
    Piece {
        name: "notices feed link",
        pages: ALL,
        needles: &[r#"notices.xml" title="#],
        within: "",
    },
    Piece {
        name: "feed links",
        pages: ALL,
        needles: &[r#"<link rel="alternate" type="application/atom+xml""#],
        within: "",
    },
    Piece {
        name: "footer output links",
        pages: ALL,
        needles: &[
            r#"atom.xml" type="application/atom+xml">"#,
            r#"events.ics" type="text/calendar">"#,
            r#"archive/index.html">"#,
            r#"danh-muc-thong-tin/index.html">"#,
        ],
        within: "<footer",
    },
    Piece {
        name: "JSON-LD",
        pages: &[
            "index.html",
            "en/index.html",
            "ke-hoach/2020-q4/index.html",
            "en/ke-hoach/2020-q4/index.html",
            "su-kien/giai-phong-thu-do/index.html",
            "en/su-kien/giai-phong-thu-do/index.html",
            "gioi-thieu/index.html",
        ],
        needles: &[r#"<script type="application/ld+json">"#],
        within: "",
    },
    Piece {
        name: "calendar link",
        pages: EVENT,
        needles: &[r#"giai-phong-thu-do.ics" type="text/calendar">"#],
        within: "",
    },
    Piece {
        name: "timeline",
        pages: EVENTS,
        needles: &[
            r#"<figure class="timeline">"#,
            r#"class="calendar-subscribe"><a href=""#,
        ],
        within: "",
    },
    Piece {
        name: "dashboard",
        pages: PLAN,
        needles: &[r#"<ul class="dashboard">"#, r#"class="target-svg""#],
        within: "",
    },
    Piece {
        name: "project status",
        pages: PLAN,
        needles: &[r#"<div class="project-status">"#, r#"class="projects-svg""#],
        within: "",
    },
    Piece {
        name: "open-data links",
        pages: PLAN,
        needles: &[
            r#"class="open-data""#,
            r#"data/2020-q4/plan.json">"#,
            r#"data/2020-q4/targets.csv">"#,
        ],
        within: "",
    },
    Piece {
        name: "frozen-copy links",
        pages: PLAN,
        needles: &[
            r#"<ul class="frozen-copies"><li><a href=""#,
            "archive/2020-q4/",
        ],
        within: "",
    },
    Piece {
        name: "print button",
        pages: ARTICLES,
        needles: &[
            r#"class="print-button""#,
            r#"js/print.js" defer></script>"#,
            r#"css/print.css" media="print">"#,
        ],
        within: "",
    },
    Piece {
        name: "search box",
        pages: ALL,
        needles: &[r#"class="site-search" role="search""#],
        within: "",
    },
    Piece {
        name: "language switcher",
        pages: ALL,
        needles: &[r#"<nav class="lang-switch""#],
        within: "",
    },
    Piece {
        name: "archive banner",
        pages: &[
            "archive/2020-q4/index.html",
            "archive/2020-q4/en/ke-hoach/2020-q4/index.html",
        ],
        needles: &[
            r#"<p class="notice notice-archived"><strong>"#,
            r#"<link rel="canonical" href="https://congkhai.example/archive/2020-q4/"#,
            r#"<a href="https://congkhai.example/"#,
        ],
        within: "",
    },
    Piece {
        name: "fallback mark",
        pages: &["en/ke-hoach/index.html"],
        needles: &[
            r#"ke-hoach/chi-tieng-viet/index.html" lang="vi" hreflang="vi">"#,
            r#"<span class="item-mark mark-fallback">only in Vietnamese</span>"#,
        ],
        within: "",
    },
    Piece {
        name: "draft banner",
        pages: &["ban-nhap/index.html"],
        needles: &[r#"<p class="notice notice-draft"><strong>BẢN NHÁP</strong>"#],
        within: "",
    },
    Piece {
        name: "skip link",
        pages: ALL,
        needles: &[r##"class="skip-link" href="#main">"##, r#"<main id="main""#],
        within: "",
    },
    Piece {
        name: "documents: the register in the menu",
        pages: ALL,
        needles: &[r#"van-ban/index.html">"#],
        within: "",
    },
    Piece {
        name: "documents: a document's facts (number, type, issuer, date of issue, status)",
        pages: &[
            "van-ban/ke-hoach-2020-q4/index.html",
            "en/van-ban/ke-hoach-2020-q4/index.html",
        ],
        needles: &[
            r#"class="document-facts""#,
            r#"class="doc-number""#,
            r#"van-ban/loai/ke-hoach/index.html">"#,
            r#"class="doc-issuer""#,
            r#"class="doc-issued""#,
            r#"class="doc-status doc-status-in_force""#,
            r#""@type":"Legislation""#,
        ],
        within: "",
    },
    Piece {
        name: "documents: the plan shows its document",
        pages: PLAN,
        needles: &[
            r#"class="document-facts""#,
            r#"van-ban/ke-hoach-2020-q4/index.html">"#,
        ],
        within: "",
    },
    Piece {
        name: "documents: the register (table, filter, facets, feed, open data)",
        pages: &[
            "van-ban/index.html",
            "en/van-ban/index.html",
            "van-ban/nam/2020/index.html",
        ],
        needles: &[
            r#"<table class="register">"#,
            r#"<form class="register-filter" id="register-filter" hidden"#,
            r#"js/register.js""#,
            r#"class="register-facets""#,
            r#"van-ban/atom.xml" type="application/atom+xml">"#,
            r#"data/documents.json" type="application/json">"#,
            r#"data/documents.csv" type="text/csv">"#,
        ],
        within: "",
    },
];

/// The pieces of the surface an output folder lacks: `(name, "page: missing markup")`.
fn missing(out: &Path) -> Vec<(&'static str, String)> {
    let mut gaps = Vec::new();
    for piece in SURFACE {
        for page in piece.pages {
            let html = std::fs::read_to_string(out.join(page)).unwrap_or_default();
            let part = match piece.within {
                "" => html.as_str(),
                from => html.rfind(from).map_or("", |i| &html[i..]),
            };
            for needle in piece.needles {
                if !part.contains(needle) {
                    gaps.push((piece.name, format!("{page}: {needle}")));
                }
            }
        }
    }
    gaps
}

fn names(gaps: &[(&'static str, String)]) -> Vec<&'static str> {
    let mut v: Vec<&str> = gaps.iter().map(|(n, _)| *n).collect();
    v.dedup();
    v
}

/// The bundled site with ten notices (the notices test site) and its 2020-Q4 plan
/// frozen into archive/, so the plan page has frozen copies to link to; then a page in
/// Vietnamese only (the English plans list shows it, marked) and a draft (shown,
/// `--drafts`, with its banner). Test data.
fn bundled_with_snapshot() -> tempfile::TempDir {
    let site = common::notices_site();
    let out = common::run(site.path(), &["snapshot", "2020-Q4", "--quiet"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::write(
        site.path(),
        "content/ke-hoach/chi-tieng-viet.md",
        "---\ntitle: \"Trang thử chỉ có tiếng Việt\"\n---\nTrang thử.\n",
    );
    common::write(
        site.path(),
        "content/ban-nhap.md",
        "---\ntitle: \"Trang nháp thử\"\ndraft: true\n---\nTrang thử.\n",
    );
    site
}

/// Builds the site with `theme` into `out-<theme>` and returns that folder.
fn build_with(site: &Path, theme: &str) -> std::path::PathBuf {
    common::set_theme(site, theme);
    let dir = format!("out-{theme}");
    let out = common::run(site, &["build", "--quiet", "--drafts", "--output", &dir]);
    assert!(
        out.status.success(),
        "the theme `{theme}` does not build the bundled site:\n{}",
        common::stderr(&out)
    );
    site.join(dir)
}

/// Writes a theme made for the test into the site's themes/.
fn child_theme(site: &Path, name: &str, files: &[(&str, &str)]) {
    for (path, text) in files {
        common::write(&site.join("themes").join(name), path, text);
    }
}

/// A child of default that overrides one block: the heading of ordinary pages.
const CHILD: &[(&str, &str)] = &[
    ("theme.yaml", "extends: default\n"),
    (
        "templates/page.html",
        "{% extends \"default/page.html\" %}\n{% block heading %}<h1 class=\"child-heading\">{{ page.title }}</h1>{% endblock heading %}\n",
    ),
];

#[test]
fn every_theme_publishes_the_whole_disclosure_surface() {
    let site = bundled_with_snapshot();
    child_theme(site.path(), "contract-child", CHILD);
    let mut themes: Vec<String> = std::fs::read_dir(common::repo().join("themes"))
        .expect("themes/")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    themes.sort();
    assert!(
        themes.len() >= 2 && themes.iter().any(|t| t == "congthongtin"),
        "{themes:?}"
    );
    themes.push("contract-child".into());
    let mut failures = Vec::new();
    for theme in &themes {
        let out = build_with(site.path(), theme);
        let gaps = missing(&out);
        if !gaps.is_empty() {
            let detail: Vec<String> = gaps.iter().map(|(n, d)| format!("  {n}: {d}")).collect();
            failures.push(format!(
                "the theme `{theme}` does not publish: {}\n{}",
                names(&gaps).join(", "),
                detail.join("\n")
            ));
        }
    }
    // The child's one block is in use, and only where it applies.
    let child = site.path().join("out-contract-child");
    assert!(common::read(&child.join("gioi-thieu/index.html"))
        .contains(r#"<h1 class="child-heading">"#));
    assert!(!common::read(&child.join("ke-hoach/2020-q4/index.html")).contains("child-heading"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_theme_that_replaces_a_block_without_its_outputs_fails_by_name() {
    let site = bundled_with_snapshot();
    // The footer block rewritten without the footer's feed, calendar and archive links.
    child_theme(
        site.path(),
        "drops-footer",
        &[
            ("theme.yaml", "extends: default\n"),
            (
                "templates/base.html",
                "{% extends \"default/base.html\" %}\n{% block footer %}<footer><p>{{ site.issuer }}</p></footer>{% endblock footer %}\n",
            ),
        ],
    );
    let gaps = missing(&build_with(site.path(), "drops-footer"));
    assert_eq!(names(&gaps), ["footer output links"], "{gaps:?}");
    // Every page checked, in both languages, each link named.
    assert_eq!(gaps.len(), ALL.len() * 4, "{gaps:?}");
}
