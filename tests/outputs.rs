//! The disclosure outputs of the bundled Tây Hồ site, built by the real binary:
//! calendars, feeds, sitemap, open data, JSON-LD and the pages that link to them.
//! (tests/outputs/ checks the same files with independent Python parsers.)

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Builds the bundled site into a fresh folder; the folder lives as long as the guard.
fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    congkhai(&["build", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&out)
        .ok();
    (tmp, out)
}

#[test]
fn law_day_is_an_all_day_event_with_an_exclusive_end() {
    let (_tmp, out) = build();
    for (file, summary, url) in [
        (
            "su-kien/ngay-phap-luat/ngay-phap-luat.ics",
            "SUMMARY:Chuỗi hoạt động hưởng ứng Ngày Pháp luật",
            "URL:https://congkhai.example/su-kien/ngay-phap-luat/",
        ),
        (
            "en/su-kien/ngay-phap-luat/ngay-phap-luat.ics",
            "SUMMARY:Chain of activities for Law Day",
            "URL:https://congkhai.example/en/su-kien/ngay-phap-luat/",
        ),
    ] {
        let text = read(&out.join(file));
        let lines: Vec<&str> = text.split("\r\n").collect();
        for want in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "UID:su-kien/ngay-phap-luat@congkhai.example",
            "DTSTAMP:20201113T085100Z",
            "DTSTART;VALUE=DATE:20201015",
            "DTEND;VALUE=DATE:20201116",
            url,
            summary,
            "STATUS:CONFIRMED",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(want)),
                "{file}: no line starting {want:?}"
            );
        }
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1, "{file}");
        // No timed events, so no time zone block.
        assert!(!text.contains("VTIMEZONE"), "{file}");
    }
}

#[test]
fn language_calendars_hold_the_dated_events_only() {
    let (_tmp, out) = build();
    for file in ["events.ics", "en/events.ics"] {
        let text = read(&out.join(file));
        let starts: Vec<&str> = text
            .split("\r\n")
            .filter(|l| l.starts_with("DTSTART"))
            .collect();
        assert_eq!(
            starts,
            [
                "DTSTART;VALUE=DATE:20201010",
                "DTSTART;VALUE=DATE:20201015",
                "DTSTART;VALUE=DATE:20201118",
                "DTSTART;VALUE=DATE:20201227",
            ],
            "{file}"
        );
        assert!(!text.contains("hoi-cho-ocop"), "{file}: a Q4-only event");
        // RFC 5545: CRLF only, and no physical line over 75 octets.
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']));
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{file}: {} octets: {l}", l.len());
        }
    }
}

#[test]
fn two_builds_give_the_same_bytes() {
    let (_a, one) = build();
    let (_b, two) = build();
    for rel in [
        "events.ics",
        "en/events.ics",
        "su-kien/ngay-phap-luat/ngay-phap-luat.ics",
        "atom.xml",
        "en/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "data/data.json",
        "data/2020-q4/plan.json",
        "data/2020-q4/targets.csv",
        "en/data/2020-q4/events.csv",
        "ke-hoach/2020-q4/index.html",
        "su-kien/index.html",
    ] {
        assert_eq!(
            std::fs::read(one.join(rel)).ok(),
            std::fs::read(two.join(rel)).ok(),
            "{rel} differs between builds"
        );
    }
}

#[test]
fn event_pages_link_their_calendar_or_say_why_not() {
    let (_tmp, out) = build();
    let page = read(&out.join("su-kien/ngay-phap-luat/index.html"));
    let href = "href=\"../../su-kien/ngay-phap-luat/ngay-phap-luat.ics\"";
    assert!(page.contains(href), "no add-to-calendar link");
    assert!(page.contains("Thêm vào lịch"));
    let ocop = read(&out.join("su-kien/hoi-cho-ocop/index.html"));
    assert!(!ocop.contains(".ics\" type=\"text/calendar\">Thêm"));
    assert!(ocop.contains("Chưa có ngày cụ thể nên chưa có trong tệp lịch"));
    let en = read(&out.join("en/su-kien/hoi-cho-ocop/index.html"));
    assert!(en.contains("No exact date yet, so not in the calendar file"));
}

#[test]
fn events_page_has_a_timeline_with_a_text_alternative() {
    let (_tmp, out) = build();
    let page = read(&out.join("su-kien/index.html"));
    assert_eq!(page.matches("<svg").count(), 1);
    assert!(page
        .contains("role=\"img\" aria-labelledby=\"timeline-2020-q4-title timeline-2020-q4-desc\""));
    let desc_start = page
        .find("<desc id=\"timeline-2020-q4-desc\">")
        .expect("desc");
    let desc = &page[desc_start..page[desc_start..].find("</desc>").expect("end") + desc_start];
    for fact in [
        "Ngày 10/10/2020",
        "Từ 15/10/2020 đến 15/11/2020",
        "Ngày 18/11/2020",
        "Ngày 27/12/2020",
        "Quý IV/2020: 7 sự kiện chưa có ngày cụ thể",
    ] {
        assert!(desc.contains(fact), "{fact} missing from {desc}");
    }
    assert!(page.contains("href=\"../events.ics\""));
    assert!(page.contains("chưa có trong tệp lịch (.ics)"));
    assert!(!page.contains("<script>"), "the timeline needs no script");
}

#[test]
fn plan_page_has_the_dashboard_table_and_downloads() {
    let (_tmp, out) = build();
    let page = read(&out.join("ke-hoach/2020-q4/index.html"));
    // Two targets, each an SVG bar with its numbers in words, and the same numbers in
    // the table.
    assert_eq!(page.matches("class=\"target-svg\"").count(), 2);
    assert!(page.contains("Tỷ lệ gia đình luyện tập thể dục thể thao thường xuyên: mục tiêu 40,2 %; thực hiện Chưa báo cáo"));
    assert!(page.contains("<td class=\"num\">43,4 %</td>"));
    assert!(page.contains("class=\"projects-svg\""));
    for href in [
        "../../data/2020-q4/plan.json",
        "../../data/2020-q4/targets.csv",
        "../../data/2020-q4/projects.csv",
        "../../data/2020-q4/events.csv",
        "../../data/plan.schema.json",
        "../../data/data.json",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}");
        let target = out.join("ke-hoach/2020-q4").join(href);
        assert!(target.is_file(), "{href} does not exist");
    }
}

#[test]
fn every_page_head_announces_the_feeds() {
    let (_tmp, out) = build();
    let files = html_files(&out);
    assert!(files.len() > 40);
    for f in &files {
        let page = read(&out.join(f));
        let head = &page[..page.find("</head>").expect("head")];
        assert!(
            head.contains("rel=\"alternate\" type=\"application/atom+xml\""),
            "{f}"
        );
        if !f.ends_with("404.html") {
            // Relative, so it works under any sub-path and in snapshots.
            assert!(
                !head.contains("type=\"application/atom+xml\" href=\"http"),
                "{f}"
            );
        }
    }
}

/// The `<link rel="alternate" hreflang>` of a page's head, as (hreflang, href).
fn head_hreflangs(page: &str) -> Vec<(String, String)> {
    let head = &page[..page.find("</head>").expect("head")];
    head.split("<link ")
        .skip(1)
        .filter(|l| l.contains("hreflang="))
        .map(|l| {
            let attr = |name: &str| {
                let start = l.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                l[start..start + l[start..].find('"').expect("quote")].to_string()
            };
            assert!(l.starts_with("rel=\"alternate\""), "{l}");
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

#[test]
fn hreflang_names_language_versions_of_the_page_absolute_and_reciprocal_never_a_feed() {
    // Issue 22: `<link rel="alternate" hreflang="en" href="en/atom.xml">` on every page:
    // a feed, relative. Lighthouse wants the other language's *page*, absolute.
    let (_tmp, out) = build();
    let want = |vi: &str, en: &str| {
        vec![
            ("vi".to_string(), format!("https://congkhai.example/{vi}")),
            ("en".to_string(), format!("https://congkhai.example/{en}")),
            (
                "x-default".to_string(),
                format!("https://congkhai.example/{vi}"),
            ),
        ]
    };
    for (vi, en) in [
        ("", "en/"),
        ("su-kien/ngay-phap-luat/", "en/su-kien/ngay-phap-luat/"),
        ("ke-hoach/2020-q4/", "en/ke-hoach/2020-q4/"),
        ("search/", "en/search/"),
    ] {
        // The same set on both versions: each names itself and the other.
        for file in [vi, en] {
            let got = head_hreflangs(&read(&out.join(format!("{file}index.html"))));
            assert_eq!(got, want(vi, en), "{file}index.html");
        }
    }
    for f in html_files(&out) {
        let page = read(&out.join(&f));
        let head = &page[..page.find("</head>").expect("head")];
        for line in head.lines().filter(|l| l.contains("application/atom+xml")) {
            assert!(!line.contains("hreflang"), "{f}: {line}");
        }
        for (lang, href) in head_hreflangs(&page) {
            assert!(
                href.starts_with("https://congkhai.example/"),
                "{f}: {lang} {href}"
            );
            assert!(
                !href.ends_with(".xml") && !href.ends_with("index.html"),
                "{f}: {href}"
            );
        }
    }
    // No language version, no annotation: the 404 page and the taxonomy pages, whose
    // terms differ by language, have none.
    assert_eq!(head_hreflangs(&read(&out.join("404.html"))), []);
    assert_eq!(head_hreflangs(&read(&out.join("tags/ocop/index.html"))), []);
}

#[test]
fn every_page_links_an_icon_that_is_in_the_output_so_no_favicon_404() {
    // Issue 22: every page logged a 404 for /favicon.ico.
    let (_tmp, out) = build();
    let icon = std::fs::read(out.join("favicon.ico")).expect("favicon.ico at the output root");
    // An ICO directory (reserved 0, type 1, at least one image) of PNG images.
    assert_eq!(&icon[..4], &[0, 0, 1, 0]);
    assert!(u16::from_le_bytes([icon[4], icon[5]]) >= 1);
    assert!(icon.windows(4).any(|w| w == b"\x89PNG"));
    for f in html_files(&out) {
        let page = read(&out.join(&f));
        let head = &page[..page.find("</head>").expect("head")];
        if f.ends_with("404.html") {
            // Served at any address: its links start from base_url's path (here `/`),
            // like its stylesheets, and reach the icon at the output's root.
            assert!(
                head.contains("<link rel=\"icon\" href=\"/favicon.ico\""),
                "{f}"
            );
            continue;
        }
        let start = head
            .find("<link rel=\"icon\" href=\"")
            .unwrap_or_else(|| panic!("{f}: no icon"))
            + "<link rel=\"icon\" href=\"".len();
        let href = &head[start..start + head[start..].find('"').expect("quote")];
        let dir = Path::new(&f).parent().expect("parent");
        assert!(out.join(dir).join(href).is_file(), "{f}: {href}");
    }
}

#[test]
fn json_ld_is_valid_json_of_the_right_type() {
    let (_tmp, out) = build();
    let ld = |rel: &str| -> serde_json::Value {
        let page = read(&out.join(rel));
        let start = page
            .find("<script type=\"application/ld+json\">")
            .unwrap_or_else(|| panic!("{rel}: no JSON-LD"))
            + "<script type=\"application/ld+json\">".len();
        let end = start + page[start..].find("</script>").expect("end");
        serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let law = ld("su-kien/ngay-phap-luat/index.html");
    assert_eq!(law["@type"], "Event");
    assert_eq!(law["startDate"], "2020-10-15");
    assert_eq!(law["endDate"], "2020-11-15");
    assert_eq!(law["organizer"]["@type"], "GovernmentOrganization");
    assert_eq!(law["eventStatus"], "https://schema.org/EventScheduled");
    let ocop = ld("su-kien/hoi-cho-ocop/index.html");
    assert_eq!(ocop["superEvent"]["@type"], "EventSeries");
    assert_eq!(ocop["location"]["@type"], "Place");
    assert_eq!(ocop["location"]["address"]["addressLocality"], "Tây Hồ");
    // Dated only by quarter: no invented day.
    assert!(ocop.get("startDate").is_none());
    let home = ld("index.html");
    assert_eq!(home["@graph"][0]["@type"], "GovernmentOrganization");
    assert_eq!(home["@graph"][0]["name"], "UBND quận Tây Hồ");
    let plan = ld("en/ke-hoach/2020-q4/index.html");
    assert_eq!(plan["@type"], "Article");
    assert_eq!(plan["datePublished"], "2020-11-13T15:51:00+07:00");
    assert_eq!(plan["dateModified"], "2020-11-13T15:51:00+07:00");
}

#[test]
fn sitemap_lists_every_page_but_the_404s() {
    let (_tmp, out) = build();
    let map = read(&out.join("sitemap.xml"));
    for f in html_files(&out) {
        let public = f
            .strip_suffix("index.html")
            .map(str::to_string)
            .unwrap_or_else(|| f.clone());
        let loc = format!("<loc>https://congkhai.example/{public}</loc>");
        assert_eq!(map.contains(&loc), !f.ends_with("404.html"), "{f}");
    }
    assert!(map.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://congkhai.example/en/su-kien/ngay-phap-luat/\"/>"));
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://congkhai.example/sitemap.xml\n"
    );
}

#[test]
fn csv_files_open_in_excel_with_their_numbers() {
    let (_tmp, out) = build();
    let bytes = std::fs::read(out.join("data/2020-q4/targets.csv")).expect("targets.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let rows: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "period,task_group,task_group_title,id,label,target,actual,unit"
    );
    assert!(
        rows[1].ends_with(
            ",gia-dinh-tap-the-thao,Tỷ lệ gia đình luyện tập thể dục thể thao thường xuyên,40.2,,%"
        ),
        "{}",
        rows[1]
    );
    assert!(rows[2].ends_with(",43.4,,%"), "{}", rows[2]);
}

#[test]
fn feed_entries_are_the_articles_newest_first() {
    let (_tmp, out) = build();
    let feed = read(&out.join("atom.xml"));
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">"));
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://congkhai.example/atom.xml\"/>"));
    assert!(feed.contains("<id>https://congkhai.example/su-kien/ngay-phap-luat/</id>"));
    // Section listings are not articles.
    assert!(!feed.contains("<id>https://congkhai.example/su-kien/</id>"));
    assert!(!feed.contains("<id>https://congkhai.example/</id>\n    <title>"));
    // Relative links in bodies resolve against the entry's own address.
    assert!(feed.contains(
        "<content type=\"html\" xml:base=\"https://congkhai.example/su-kien/ngay-phap-luat/\">"
    ));
}
