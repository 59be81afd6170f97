//! Issue 16 items 5–7 on built output: translations never leak (a page of one language
//! never lists a page of another unmarked; open data holds each item once, its
//! translations inside it), archived copies say what they are (banner, canonical), and
//! drafts shown by `--drafts` carry a banner and enter no sitemap, feed, calendar,
//! search index or open data.
//!
//! The site is generated here: made-up test data (titles, dates, targets), not facts
//! from the seed document.

mod common;

use common::{congkhai, html_files, stdout, write};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

/// 2021-05-15: inside 2021-Q2, after the 2021-Q1 plan.
const NOW: &str = "1621036800";

/// A two-language ward site (test data): the 2021-Q1 plan translated, its two task
/// groups not; the 2021-Q2 plan in Vietnamese only; one event translated, one not;
/// a draft page and a draft event.
fn ward_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    common::copy_dir(&common::repo().join("themes"), &root.join("themes"));
    write(
        root,
        "config.yaml",
        "title: \"Phường Thử\"\nbase_url: \"https://phuong-thu.example/\"\nissuer: \"UBND phường Thử\"\ntheme: default\nlanguages:\n  - code: vi\n    name: \"Tiếng Việt\"\n  - code: en\n    name: \"English\"\n    title: \"Test Ward\"\n",
    );
    let page = |title: &str, rest: &str, body: &str| {
        format!("---\ntitle: \"{title}\"\n{rest}---\n{body}\n")
    };
    let files: Vec<(&str, String)> = vec![
        ("content/_index.md", page("Trang chủ", "", "Trang thử.")),
        ("content/_index.en.md", page("Home", "", "Test site.")),
        ("content/ke-hoach/_index.md", page("Kế hoạch", "weight: 1\n", "")),
        ("content/ke-hoach/_index.en.md", page("Plans", "weight: 1\n", "")),
        (
            "content/ke-hoach/2021-q1/_index.md",
            page("Kế hoạch quý I/2021", "kind: plan\nperiod: 2021-Q1\n", "Kế hoạch thử."),
        ),
        (
            "content/ke-hoach/2021-q1/_index.en.md",
            page("Plan for Q1 2021", "kind: plan\nperiod: 2021-Q1\n", "Test plan."),
        ),
        (
            "content/ke-hoach/2021-q1/01-kinh-te.md",
            page(
                "Phát triển kinh tế",
                "kind: task_group\nnumber: 1\ntargets:\n  - id: ho-kinh-doanh\n    label: \"Hộ kinh doanh mới\"\n    target: 12\n    unit: \"hộ\"\n",
                "Nhóm thử.",
            ),
        ),
        (
            "content/ke-hoach/2021-q1/02-van-hoa.md",
            page("Văn hóa xã hội", "kind: task_group\nnumber: 2\n", "Nhóm thử."),
        ),
        (
            "content/ke-hoach/2021-q2/_index.md",
            page("Kế hoạch quý II/2021", "kind: plan\nperiod: 2021-Q2\n", "Kế hoạch thử."),
        ),
        ("content/su-kien/_index.md", page("Sự kiện", "weight: 2\n", "")),
        ("content/su-kien/_index.en.md", page("Events", "weight: 2\n", "")),
        (
            "content/su-kien/le-hoi.md",
            page(
                "Lễ hội thử",
                "kind: event\nstart: 2021-02-10\ntask_group: ../ke-hoach/2021-q1/01-kinh-te.md\n",
                "Sự kiện thử.",
            ),
        ),
        (
            "content/su-kien/le-hoi.en.md",
            page(
                "Test festival",
                "kind: event\nstart: 2021-02-10\ntask_group: ../ke-hoach/2021-q1/01-kinh-te.md\n",
                "Test event.",
            ),
        ),
        (
            "content/su-kien/hoi-thao.md",
            page(
                "Hội thảo thử",
                "kind: event\nstart: 2021-03-05\ntask_group: ../ke-hoach/2021-q1/02-van-hoa.md\n",
                "Sự kiện chỉ có tiếng Việt.",
            ),
        ),
        (
            "content/su-kien/ban-nhap-su-kien.md",
            page(
                "Sự kiện nháp",
                "kind: event\ndraft: true\nstart: 2021-03-20\ndate: 2021-03-01\ntask_group: ../ke-hoach/2021-q1/01-kinh-te.md\n",
                "Chưa đăng.",
            ),
        ),
        (
            "content/ban-nhap.md",
            page("Trang nháp", "draft: true\ndate: 2021-04-01\n", "Chưa đăng."),
        ),
        (
            "content/gioi-thieu.md",
            page("Giới thiệu", "date: 2021-01-05\n", "Trang thử."),
        ),
    ];
    for (rel, text) in files {
        write(root, rel, &text);
    }
    dir
}

fn run_now(root: &Path, args: &[&str]) -> Output {
    congkhai(args).dir(root).at(NOW).output()
}

fn ok_now(root: &Path, args: &[&str]) -> String {
    stdout(&congkhai(args).dir(root).at(NOW).ok())
}

/// Every `<a …>` tag of an HTML text with its `href`.
fn anchors(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        if let Some(h) = tag.find("href=\"") {
            let href = &tag[h + 6..];
            let href = &href[..href.find('"').unwrap_or(href.len())];
            out.push((tag.to_string(), href.to_string()));
        }
        rest = &rest[tag_end..];
    }
    out
}

/// `a/b/../c/index.html` → `a/c/index.html`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The HTML pages of a build but its archived copies.
fn current_pages(out: &Path) -> Vec<String> {
    html_files(out)
        .into_iter()
        .filter(|k| !k.starts_with("archive/"))
        .collect()
}

#[test]
fn no_page_of_one_language_lists_a_page_of_the_other_unmarked() {
    let site = ward_site();
    ok_now(site.path(), &["build", "--quiet"]);
    let out = site.path().join("output");
    let mut checked = 0;
    for file in current_pages(&out) {
        let lang = if file.starts_with("en/") { "en" } else { "vi" };
        let html = common::read(&out.join(&file));
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
        for (tag, href) in anchors(&html) {
            if href.contains("://") || href.starts_with('#') || !href.ends_with("index.html") {
                continue;
            }
            let target = normalise(&format!("{dir}/{href}"));
            let target_lang = if target.starts_with("en/") {
                "en"
            } else {
                "vi"
            };
            if target_lang == lang || target.starts_with("search/") {
                continue;
            }
            checked += 1;
            assert!(
                tag.contains(&format!(" lang=\"{target_lang}\"")),
                "{file} ({lang}) links to {target} ({target_lang}) without marking it: {tag}"
            );
        }
    }
    // Not vacuous: the English pages do fall back to Vietnamese originals.
    assert!(checked > 5, "only {checked} links across languages");

    // The Vietnamese plan lists the Vietnamese event, never the English one.
    let vi_plan = common::read(&out.join("ke-hoach/2021-q1/index.html"));
    assert!(vi_plan.contains("su-kien/le-hoi/index.html"));
    assert!(!vi_plan.contains("en/su-kien/le-hoi/"), "{vi_plan}");
    // The English plan shows its untranslated task groups, their targets and events.
    let en_plan = common::read(&out.join("en/ke-hoach/2021-q1/index.html"));
    for needle in [
        "ke-hoach/2021-q1/01-kinh-te/index.html\" lang=\"vi\" hreflang=\"vi\">Phát triển kinh tế</a> <span class=\"item-mark mark-fallback\">only in Vietnamese</span>",
        "ke-hoach/2021-q1/02-van-hoa/index.html\" lang=\"vi\"",
        "<th scope=\"row\" lang=\"vi\">Hộ kinh doanh mới",
        "su-kien/le-hoi/index.html\">Test festival</a>",
        "su-kien/hoi-thao/index.html\" lang=\"vi\" hreflang=\"vi\">Hội thảo thử</a> <span class=\"item-mark mark-fallback\">only in Vietnamese</span>",
    ] {
        assert!(en_plan.contains(needle), "English plan lacks {needle}:\n{en_plan}");
    }
    // The plan added in Vietnamese only is current in English too, marked.
    let en_home = common::read(&out.join("en/index.html"));
    assert!(
        en_home.contains("ke-hoach/2021-q2/index.html\" lang=\"vi\" hreflang=\"vi\">Kế hoạch quý II/2021</a> <span class=\"item-mark mark-fallback\">only in Vietnamese</span>"),
        "{en_home}"
    );
    // The English events list falls back to the untranslated event, once.
    let en_events = common::read(&out.join("en/su-kien/index.html"));
    assert_eq!(en_events.matches("su-kien/hoi-thao/index.html").count(), 1);
    assert_eq!(en_events.matches("su-kien/le-hoi/index.html").count(), 1);
}

fn csv_ids(text: &str) -> Vec<String> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn open_data_holds_each_event_once_with_its_translations_inside() {
    let site = ward_site();
    ok_now(site.path(), &["build", "--quiet"]);
    let out = site.path().join("output");
    for prefix in ["", "en/"] {
        let csv = common::read(&out.join(format!("{prefix}data/2021-q1/events.csv")));
        let ids = csv_ids(&csv);
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(
            ids.len(),
            unique.len(),
            "an event twice in {prefix}events.csv: {csv}"
        );
        assert_eq!(unique.len(), 2, "{csv}");
        assert!(csv
            .lines()
            .next()
            .unwrap_or("")
            .ends_with(",lang,title_vi,url_vi,title_en,url_en"));
        let plan: serde_json::Value = serde_json::from_str(&common::read(
            &out.join(format!("{prefix}data/2021-q1/plan.json")),
        ))
        .expect("plan.json");
        let events = plan["events"].as_array().expect("events");
        let ids: BTreeSet<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
        assert_eq!(ids.len(), events.len());
        let festival = events
            .iter()
            .find(|e| e["id"] == "su-kien/le-hoi")
            .expect("the festival");
        let other = if prefix.is_empty() { "en" } else { "vi" };
        assert_eq!(festival["translations"][0]["lang"], other, "{festival}");
        // The untranslated task groups are in the English plan, in Vietnamese.
        let groups = plan["task_groups"].as_array().expect("task groups");
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g["lang"] == "vi"));
    }
    // The English file's row of the untranslated event says it is Vietnamese.
    let en = common::read(&out.join("en/data/2021-q1/events.csv"));
    let row = en
        .lines()
        .find(|l| l.starts_with("su-kien/hoi-thao,"))
        .expect("row");
    assert!(row.contains(",vi,Hội thảo thử,"), "{row}");
}

#[test]
fn drafts_carry_a_banner_and_stay_out_of_every_machine_output() {
    let site = ward_site();
    ok_now(site.path(), &["build", "--quiet", "--drafts"]);
    let out = site.path().join("output");
    let draft = common::read(&out.join("ban-nhap/index.html"));
    assert!(draft.contains("<p class=\"notice notice-draft\"><strong>BẢN NHÁP</strong>"));
    assert!(draft.contains("<meta name=\"robots\" content=\"noindex\">"));
    let event = common::read(&out.join("su-kien/ban-nhap-su-kien/index.html"));
    assert!(event.contains("notice-draft"));
    // Marked where it is listed.
    let events = common::read(&out.join("su-kien/index.html"));
    assert!(
        events.contains("Sự kiện nháp</a> <span class=\"item-mark mark-draft\">BẢN NHÁP</span>")
    );
    let published = common::read(&out.join("gioi-thieu/index.html"));
    assert!(!published.contains("notice-draft"));

    for (path, bytes) in common::tree(&out) {
        // (The search page is a page like the others; its index is not.)
        let machine = !path.ends_with(".html")
            && (path.ends_with(".xml")
                || path.ends_with(".ics")
                || path.starts_with("data/")
                || path.starts_with("en/data/")
                || path.starts_with("search/")
                || path.starts_with("en/search/"));
        if !machine {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("ban-nhap") && !text.contains("nháp"),
            "a draft in {path}"
        );
    }
    // Not vacuous: published pages are in those files.
    let sitemap = common::read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("gioi-thieu/"));
    assert!(common::read(&out.join("events.ics")).contains("Lễ hội thử"));
    assert!(common::read(&out.join("atom.xml")).contains("Giới thiệu"));
    let search: String = common::tree(&out.join("search"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        search.contains("hoi-thao"),
        "the search index names published pages"
    );
    assert!(!out
        .join("su-kien/ban-nhap-su-kien/ban-nhap-su-kien.ics")
        .exists());
}

fn warc_text(path: &Path) -> String {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).expect("warc"))
        .read_to_end(&mut bytes)
        .expect("gunzip");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn every_archived_page_carries_the_banner_and_its_own_canonical_address() {
    let site = ward_site();
    let root = site.path();
    ok_now(root, &["snapshot", "2021-Q1", "--quiet"]);
    ok_now(root, &["snapshot", "2021-Q1", "--revision", "2", "--quiet"]);
    ok_now(root, &["build", "--quiet"]);
    let out = root.join("output");
    let mut pages = 0;
    for name in ["2021-q1", "2021-q1-r2"] {
        let copy = out.join("archive").join(name);
        for (path, bytes) in common::tree(&copy) {
            if !path.ends_with(".html") {
                continue;
            }
            pages += 1;
            let html = String::from_utf8_lossy(&bytes);
            let banner = if path.starts_with("en/") {
                "<strong>Archived copy of Q1 2021</strong>, frozen on <time datetime=\"2021-05-15\">15 May 2021</time>"
            } else {
                "<strong>Bản lưu trữ kỳ Quý I/2021</strong>, đóng băng ngày <time datetime=\"2021-05-15\">15/05/2021</time>"
            };
            assert!(html.contains(banner), "{name}/{path} has no banner");
            if path.ends_with("404.html") {
                continue;
            }
            let public = path.strip_suffix("index.html").unwrap_or(&path);
            let canonical = format!(
                "<link rel=\"canonical\" href=\"https://phuong-thu.example/archive/{name}/{public}\">"
            );
            assert!(html.contains(&canonical), "{name}/{path}: no {canonical}");
            let live = format!("<a href=\"https://phuong-thu.example/{public}\">");
            assert!(
                html.contains(&live),
                "{name}/{path}: no link to the live page"
            );
            assert!(
                !html
                    .contains("<link rel=\"canonical\" href=\"https://phuong-thu.example/ke-hoach"),
                "{name}/{path} names a live address as canonical"
            );
        }
        // The WARC keeps the site as it was served: no banner, live canonical links.
        let warc = warc_text(&copy.join(format!("{name}.warc.gz")));
        assert!(!warc.contains("class=\"notice notice-archived\""));
        assert!(warc.contains(
            "<link rel=\"canonical\" href=\"https://phuong-thu.example/ke-hoach/2021-q1/\">"
        ));
    }
    assert!(pages > 20, "only {pages} archived pages");
    // Both bags still verify, and the live site carries no banner.
    ok_now(root, &["verify"]);
    assert!(!common::read(&out.join("index.html")).contains("notice-archived"));
}

#[test]
fn check_prints_translation_coverage_and_what_is_missing() {
    let site = ward_site();
    let out = run_now(site.path(), &["check"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let err = common::stderr(&out);
    // 10 published items (drafts left out): 5 have an English version.
    assert!(
        err.contains("translations: Tiếng Việt (vi): 10/10 pages (100 %)"),
        "{err}"
    );
    assert!(
        err.contains("translations: English (en): 5/10 pages (50 %)"),
        "{err}"
    );
    for file in [
        "content/ke-hoach/2021-q1/01-kinh-te.md",
        "content/ke-hoach/2021-q2/_index.md",
        "content/su-kien/hoi-thao.md",
        "content/gioi-thieu.md",
    ] {
        assert!(
            err.contains(&format!("  missing in en: {file}\n")),
            "{file}: {err}"
        );
    }
    assert!(!err.contains("missing in en: content/su-kien/le-hoi.md"));
    assert!(!err.contains("ban-nhap"), "drafts are not counted: {err}");
}

/// The `<li>` links of the main navigation of a page: (href, text).
fn nav_links(html: &str) -> Vec<(String, String)> {
    let start = html.find("<nav class=\"site-nav\"").expect("navigation");
    let nav = &html[start..start + html[start..].find("</nav>").expect("end")];
    anchors(nav)
        .into_iter()
        .map(|(tag, href)| {
            let after = &nav[nav.find(&tag).expect("tag") + tag.len() + 1..];
            (href, after[..after.find("</a>").expect("</a>")].to_string())
        })
        .collect()
}

#[test]
fn the_menu_sets_order_hides_items_and_adds_links_else_weights_decide() {
    let site = ward_site();
    let root = site.path();
    ok_now(root, &["build", "--quiet"]);
    // Automatic: home, then weighted items by weight, then the unweighted one.
    let vi = nav_links(&common::read(&root.join("output/index.html")));
    let titles: Vec<&str> = vi.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles, ["Trang chủ", "Kế hoạch", "Sự kiện", "Giới thiệu"]);

    let config = common::read(&root.join("config.yaml"));
    let menu = "menu:\n  vi:\n    - page: su-kien/_index.md\n    - page: ke-hoach/_index.md\n      title: \"Các kỳ kế hoạch\"\n    - title: \"Cổng Dịch vụ công quốc gia\"\n      url: \"https://dichvucong.gov.vn/\"\n    - title: \"Dữ liệu mở\"\n      url: \"data/data.json\"\n";
    write(root, "config.yaml", format!("{config}{menu}"));
    ok_now(root, &["build", "--quiet"]);
    let vi = nav_links(&common::read(
        &root.join("output/su-kien/le-hoi/index.html"),
    ));
    assert_eq!(
        vi,
        [
            (
                "../../su-kien/index.html".to_string(),
                "Sự kiện".to_string()
            ),
            ("../../ke-hoach/index.html".into(), "Các kỳ kế hoạch".into()),
            (
                "https://dichvucong.gov.vn/".into(),
                "Cổng Dịch vụ công quốc gia".into()
            ),
            ("../../data/data.json".into(), "Dữ liệu mở".into()),
        ]
    );
    // English has no menu of its own: the automatic one.
    let en = nav_links(&common::read(&root.join("output/en/index.html")));
    let titles: Vec<&str> = en.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles, ["Home", "Plans", "Events"]);

    // A link that is neither https: nor relative is refused, at its place.
    let bad = menu.replace("https://dichvucong.gov.vn/", "http://dichvucong.gov.vn/");
    write(root, "config.yaml", format!("{config}{bad}"));
    let out = run_now(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    let line = config.lines().count() + 7;
    assert!(
        err.contains("error[E0009]: the menu link `http://dichvucong.gov.vn/` is neither an https: address nor a relative path"),
        "{err}"
    );
    assert!(err.contains(&format!("--> config.yaml:{line}:12")), "{err}");
    assert!(
        err.contains("help: write `https://…` for another site"),
        "{err}"
    );
    assert_eq!(
        err.matches("error[").count(),
        1,
        "one mistake, one error: {err}"
    );
    // So is a page that does not exist.
    let gone = menu.replace("su-kien/_index.md", "su-kien/khong-co.md");
    write(root, "config.yaml", format!("{config}{gone}"));
    let err = common::stderr(&run_now(root, &["build"]));
    assert!(
        err.contains(
            "error[E0009]: menu item `su-kien/khong-co.md`: there is no such page in content/"
        ),
        "{err}"
    );
}

#[test]
fn a_feed_carries_the_other_language_s_untranslated_articles_marked() {
    let site = ward_site();
    ok_now(site.path(), &["build", "--quiet"]);
    let en = common::read(&site.path().join("output/en/atom.xml"));
    // "Giới thiệu" is dated and written in Vietnamese only.
    let at = en.find("<entry xml:lang=\"vi\">").expect("a marked entry");
    let entry = &en[at..at + en[at..].find("</entry>").expect("end")];
    assert!(
        entry.contains(
            "<category term=\"only-in-vi\" label=\"only in Vietnamese\" xml:lang=\"en\"/>"
        ),
        "{entry}"
    );
    assert!(entry.contains("<title>Giới thiệu</title>"), "{entry}");
    let vi = common::read(&site.path().join("output/atom.xml"));
    assert!(!vi.contains("xml:lang=\"en\">"), "{vi}");
    assert_eq!(vi.matches("<title>Giới thiệu</title>").count(), 1);
}

#[test]
fn a_calendar_carries_each_event_once_the_untranslated_in_its_own_language() {
    let site = ward_site();
    ok_now(site.path(), &["build", "--quiet"]);
    let en = common::read(&site.path().join("output/en/events.ics"));
    assert_eq!(en.matches("BEGIN:VEVENT").count(), 2, "{en}");
    assert!(en.contains("SUMMARY:Test festival\r\n"), "{en}");
    assert!(en.contains("SUMMARY;LANGUAGE=vi:Hội thảo thử\r\n"), "{en}");
    let vi = common::read(&site.path().join("output/events.ics"));
    assert_eq!(vi.matches("BEGIN:VEVENT").count(), 2);
    assert!(!vi.contains("LANGUAGE="), "{vi}");
}

/// The navigation bar of a page: what its `site-nav` holds.
fn nav_of(html: &str) -> &str {
    nav_with_class(html, "site-nav")
}

/// What the page's `<nav class="{class}">` holds.
fn nav_with_class<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html
        .find(&format!("<nav class=\"{class}\""))
        .unwrap_or_else(|| panic!("no <nav class=\"{class}\">"));
    let end = html[start..]
        .find("</nav>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// A draft section in the menu: with `--drafts` an editor reaches it from the bar, marked
/// "BẢN NHÁP" inside its link (so the mark is part of the link's name), whether the bar
/// is automatic or set by `menu:`; without `--drafts` it is in no bar and the build
/// still passes.
#[test]
fn a_draft_in_the_menu_is_marked_with_drafts_and_absent_without() {
    let site = ward_site();
    let root = site.path();
    write(
        root,
        "content/tin-nhap/_index.md",
        "---\ntitle: \"Mục nháp\"\ndraft: true\nweight: 3\n---\n",
    );
    write(
        root,
        "content/tin-nhap/tin-1.md",
        "---\ntitle: \"Tin nháp\"\ndate: 2021-04-02\n---\nChưa đăng.\n",
    );
    let marked = "Mục nháp <span class=\"nav-mark\">BẢN NHÁP</span></a>";
    let home = |root: &Path| common::read(&root.join("output/index.html"));

    ok_now(root, &["build", "--quiet", "--drafts"]);
    let shown = home(root);
    assert!(nav_of(&shown).contains(marked), "{}", nav_of(&shown));
    // The draft page of the home folder is in the automatic bar too, marked.
    assert!(nav_of(&shown).contains("Trang nháp <span class=\"nav-mark\">BẢN NHÁP</span></a>"));
    // A published entry carries no mark.
    assert!(nav_of(&shown).contains("Sự kiện</a>"));
    ok_now(root, &["build", "--quiet"]);
    assert!(!home(root).contains("Mục nháp"));
    assert!(!home(root).contains("nav-mark"));

    // The same with `menu:` naming the draft.
    let config = common::read(&root.join("config.yaml"))
        + "menu:\n  vi:\n    - page: _index.md\n    - page: tin-nhap/_index.md\n    - page: su-kien/_index.md\n";
    write(root, "config.yaml", &config);
    ok_now(root, &["build", "--quiet", "--drafts"]);
    let shown = home(root);
    assert!(nav_of(&shown).contains(marked), "{}", nav_of(&shown));
    ok_now(root, &["build", "--quiet"]);
    let published = home(root);
    assert!(!published.contains("Mục nháp"), "{}", nav_of(&published));
    assert!(nav_of(&published).contains("Sự kiện</a>"));

    // The other theme shows the bar with the same partial: marked there too.
    write(
        root,
        "config.yaml",
        config.replace("theme: default", "theme: congthongtin"),
    );
    ok_now(root, &["build", "--quiet", "--drafts"]);
    let portal = home(root);
    let bar = nav_with_class(&portal, "portal-nav");
    assert!(bar.contains(marked), "{bar}");
}
