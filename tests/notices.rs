//! Notices and the list of disclosed information, on the notices test site: the bundled
//! site plus ten notices (test data) written by tests/fixtures/notices/make_site.py, built
//! at two "now"s: 13/11/2020 15:51 and 01/12/2020 07:00 (+07:00).

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const NOV_13: &str = "1605257460";
const DEC_1: &str = "1606780800";

/// The notices test site, built with `SOURCE_DATE_EPOCH=epoch`.
fn built_at(epoch: &str) -> tempfile::TempDir {
    let dir = notices_site();
    build_at(dir.path(), epoch);
    dir
}

/// The notices of the test site: (file name, open on 13/11, open on 01/12), as
/// make_site.py writes them.
const NOTICES: &[(&str, bool, bool)] = &[
    ("tuyen-dung-giao-vien", false, false),
    ("lay-y-kien-du-thao-quy-che", false, false),
    ("thu-hoi-dat-khu-a", true, false),
    // Deadline 13/11/2020 17:00: still open at 15:51 that day.
    ("mua-sam-thiet-bi", true, false),
    ("lay-y-kien-quy-hoach", true, true),
    // No deadline: stays open.
    ("lich-tiep-cong-dan", true, true),
    ("tuyen-dung-can-bo", true, true),
    ("tiem-chung", false, false),
    ("thu-hoi-dat-khu-b", false, false),
    // A plain-date deadline of 13/11/2020: open through that whole day.
    ("nghi-le", true, false),
];

/// The status class of a notice page: `notice-open` or `notice-expired`.
fn status_of(site: &Path, name: &str) -> &'static str {
    let html = published(site, &format!("thong-bao/{name}/index.html"));
    let open = html.contains(r#"class="notice-status notice-open""#);
    let expired = html.contains(r#"class="notice-status notice-expired""#);
    assert!(
        open != expired,
        "{name}: one status, got open={open} expired={expired}"
    );
    if open {
        "open"
    } else {
        "expired"
    }
}

/// The notice addresses linked in the home page's open-notices section.
fn home_notices(site: &Path, rel: &str) -> BTreeSet<String> {
    let html = published(site, rel);
    let Some(start) = html.find(r#"id="home-notices""#) else {
        return BTreeSet::new();
    };
    let section = &html[start..];
    let section = &section[..section.find("</section>").expect("section ends")];
    attr_values(section, "href")
        .into_iter()
        .filter(|h| h.contains("thong-bao/"))
        .collect()
}

#[test]
fn a_notice_status_follows_the_build_date() {
    for (epoch, column) in [(NOV_13, 1), (DEC_1, 2)] {
        let site = built_at(epoch);
        for &(name, on_13, on_1) in NOTICES {
            let open = if column == 1 { on_13 } else { on_1 };
            let want = if open { "open" } else { "expired" };
            assert_eq!(status_of(site.path(), name), want, "{name} at {epoch}");
        }
        // The page says which day its status holds for.
        let html = published(site.path(), "thong-bao/nghi-le/index.html");
        let day = if epoch == NOV_13 {
            "2020-11-13"
        } else {
            "2020-12-01"
        };
        assert!(
            html.contains(&format!(r#"<time datetime="{day}">"#)),
            "{html}"
        );
        // The same in the open data.
        let data: serde_json::Value =
            serde_json::from_str(&published(site.path(), "data/notices.json")).expect("json");
        assert_eq!(data["as_of"], day);
        for n in data["notices"].as_array().expect("notices") {
            let name = n["id"]
                .as_str()
                .and_then(|i| i.strip_prefix("thong-bao/"))
                .expect("id");
            let &(_, on_13, on_1) = NOTICES.iter().find(|x| x.0 == name).expect("known");
            let open = if column == 1 { on_13 } else { on_1 };
            assert_eq!(n["status"], if open { "open" } else { "expired" }, "{name}");
        }
    }
}

#[test]
fn the_home_page_shows_open_notices_only_and_the_list_keeps_every_one() {
    for (epoch, column) in [(NOV_13, 1), (DEC_1, 2)] {
        let site = built_at(epoch);
        let open: BTreeSet<String> = NOTICES
            .iter()
            .filter(|n| if column == 1 { n.1 } else { n.2 })
            .map(|n| format!("thong-bao/{}/index.html", n.0))
            .collect();
        assert_eq!(home_notices(site.path(), "index.html"), open, "at {epoch}");
        // The notices section lists all ten, expired ones marked, newest posted first.
        let list = published(site.path(), "thong-bao/index.html");
        let linked: Vec<String> = attr_values(&list, "href")
            .into_iter()
            .filter(|h| h.starts_with("../thong-bao/") && h.matches('/').count() == 3)
            .collect();
        assert_eq!(linked.len(), NOTICES.len(), "{linked:?}");
        assert_eq!(linked[0], "../thong-bao/tuyen-dung-can-bo/index.html");
        let expired = NOTICES.len() - open.len();
        assert_eq!(
            list.matches("notice-status notice-expired").count(),
            expired
        );
    }
    // English: its home lists the open English notices only.
    let site = built_at(NOV_13);
    assert_eq!(
        home_notices(site.path(), "en/index.html"),
        BTreeSet::from(["../en/thong-bao/thu-hoi-dat-khu-a/index.html".to_string()])
    );
}

#[test]
fn a_consultation_shows_how_to_comment_and_links_its_result() {
    let site = built_at(NOV_13);
    let html = published(
        site.path(),
        "thong-bao/lay-y-kien-du-thao-quy-che/index.html",
    );
    assert!(
        html.contains(r#"<a href="mailto:gopy@phuong-thu.example">"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="tel:02400000000">024 0000 0000</a>"#));
    assert!(html.contains("Số 1 phố Thử Nghiệm, phường Mẫu"));
    assert!(html.contains(r#"<a href="../../ket-qua-lay-y-kien/index.html">"#));
    assert!(
        html.contains("Lấy ý kiến"),
        "the category's Vietnamese name"
    );
    // The English version links the English result.
    let en = published(
        site.path(),
        "en/thong-bao/lay-y-kien-du-thao-quy-che/index.html",
    );
    assert!(
        en.contains(r#"<a href="../../../en/ket-qua-lay-y-kien/index.html">"#),
        "{en}"
    );
    // The site's own category shows its own name.
    assert!(published(site.path(), "thong-bao/tiem-chung/index.html").contains("<dd>Y tế</dd>"));
    // JSON-LD: a SpecialAnnouncement with its posting date and deadline.
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "SpecialAnnouncement");
    assert_eq!(ld["datePosted"], "2020-10-20T00:00:00+07:00");
    assert_eq!(ld["expires"], "2020-11-10T23:59:59+07:00");
    assert_eq!(ld["category"], "consultation");
    assert_eq!(
        ld["subjectOf"]["url"],
        "https://congkhai.example/ket-qua-lay-y-kien/"
    );
}

/// `kind:` of a content file, "page" when it has none.
fn kind_of(text: &str) -> String {
    text.lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("kind:"))
        .map(|k| k.trim().to_string())
        .unwrap_or_else(|| "page".into())
}

/// The pages of one language that are items of the list: every content file but the
/// section pages that only list others (kind page) and the home page, by address. The
/// site's file and folder names are already addresses (no `slug:`), which the test
/// checks by finding each in the output.
fn expected_items(site: &Path, lang: &str) -> BTreeMap<String, String> {
    let content = site.join("content");
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(&content).into_iter().flatten() {
        let rel = e
            .path()
            .strip_prefix(&content)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        let (stem, file_lang) = match stem.strip_suffix(".en") {
            Some(s) => (s, "en"),
            None => (stem, "vi"),
        };
        if file_lang != lang {
            continue;
        }
        let text = read(e.path());
        assert!(!text.contains("\nslug:"), "{rel}: the test assumes no slug");
        let kind = kind_of(&text);
        let folder = match stem.strip_suffix("_index") {
            Some(_) if kind == "page" => continue,
            Some(dir) => dir.to_string(),
            None => format!("{stem}/"),
        };
        let prefix = if lang == "vi" { "" } else { "en/" };
        let url = format!("{prefix}{folder}index.html");
        assert!(site.join("output").join(&url).is_file(), "{url} of {rel}");
        out.insert(url, kind);
    }
    out
}

#[test]
fn the_list_of_disclosed_information_names_every_item_once() {
    let site = built_at(NOV_13);
    for (lang, prefix) in [("vi", ""), ("en", "en/")] {
        let page = format!("{prefix}danh-muc-thong-tin/index.html");
        let html = published(site.path(), &page);
        let main = &html[html.find("<main").expect("main")..html.find("</main>").expect("main")];
        let back = if lang == "vi" { "../" } else { "../../" };
        let mut linked: Vec<String> = attr_values(main, "href")
            .into_iter()
            .filter(|h| !h.starts_with('#'))
            .filter_map(|h| h.strip_prefix(back).map(str::to_string))
            .collect();
        let datasets: Vec<String> = linked
            .iter()
            .filter(|h| h.contains("data/"))
            .cloned()
            .collect();
        linked.retain(|h| !h.contains("data/"));
        let expected = expected_items(site.path(), lang);
        let mut once: Vec<String> = linked.clone();
        once.sort();
        once.dedup();
        assert_eq!(
            once.len(),
            linked.len(),
            "{lang}: an item listed twice: {linked:?}"
        );
        assert_eq!(
            once.into_iter().collect::<BTreeSet<_>>(),
            expected.keys().cloned().collect::<BTreeSet<_>>(),
            "{lang}"
        );
        // Ten notices in Vietnamese, two in English; the plan's data sets are listed.
        let notices = expected.values().filter(|k| *k == "notice").count();
        assert_eq!(notices, if lang == "vi" { 10 } else { 2 });
        let data = format!("{prefix}data/notices.json");
        assert!(datasets.contains(&data), "{datasets:?}");
        assert!(
            datasets.iter().any(|d| d.ends_with("2020-q4/plan.json")),
            "{datasets:?}"
        );
        // Its JSON: the same items, by absolute address.
        let json: serde_json::Value = serde_json::from_str(&published(
            site.path(),
            &format!("{prefix}data/disclosed.json"),
        ))
        .expect("json");
        let base = "https://congkhai.example/";
        let items: Vec<String> = json["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .flat_map(|c| c["items"].as_array().cloned().unwrap_or_default())
            .filter(|i| i["kind"] != "dataset")
            .map(|i| {
                let url = i["url"]
                    .as_str()
                    .expect("url")
                    .strip_prefix(base)
                    .expect("absolute");
                format!("{url}index.html")
            })
            .collect();
        assert_eq!(items.len(), expected.len(), "{lang}");
        assert_eq!(
            items.into_iter().collect::<BTreeSet<_>>(),
            expected.keys().cloned().collect::<BTreeSet<_>>()
        );
    }
    // The catalogue lists both lists and both notices files.
    let catalogue = published(site.path(), "data/data.json");
    for file in [
        "data/disclosed.json",
        "en/data/disclosed.json",
        "data/notices.json",
        "en/data/notices.json",
    ] {
        assert!(
            catalogue.contains(&format!("\"https://congkhai.example/{file}\"")),
            "{file} not in data.json"
        );
    }
    // Every page links the list from its footer.
    let footer = published(site.path(), "su-kien/ngay-phap-luat/index.html");
    let footer = &footer[footer.rfind("<footer").expect("footer")..];
    assert!(
        footer.contains(r#"href="../../danh-muc-thong-tin/index.html""#),
        "{footer}"
    );
}

#[test]
fn the_notices_feed_is_newest_first_with_categories() {
    let made = built_at(NOV_13);
    let feed = published(made.path(), "notices.xml");
    let ids: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|e| e.split("<id>").nth(1)?.split("</id>").next())
        .collect();
    assert_eq!(ids.len(), NOTICES.len());
    assert_eq!(
        ids[0],
        "https://congkhai.example/thong-bao/tuyen-dung-can-bo/"
    );
    assert_eq!(
        ids[9],
        "https://congkhai.example/thong-bao/thu-hoi-dat-khu-b/"
    );
    assert!(feed.contains("<id>https://congkhai.example/notices.xml</id>"));
    let html = published(made.path(), "index.html");
    assert!(
        html.contains(r#"<link rel="alternate" type="application/atom+xml" href="notices.xml""#)
    );
    // The bundled site has no notice, hence no notices feed nor notices.json.
    let bundled = site("bundled");
    let o = run(bundled.path(), &["build", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!bundled.path().join("output/notices.xml").exists());
    assert!(!bundled.path().join("output/data/notices.json").exists());
    assert!(bundled
        .path()
        .join("output/danh-muc-thong-tin/index.html")
        .is_file());
}

/// The consultation's attached draft (tests/fixtures/notices/make_site.py).
const DRAFT_PDF: &str = "Dự thảo Quy chế (thử nghiệm).PDF";

#[test]
fn a_notice_carries_its_files_as_a_document_does() {
    use sha2::{Digest, Sha256};
    let site = built_at(NOV_13);
    let pdf = std::fs::read(site.path().join("content/thong-bao").join(DRAFT_PDF)).expect("pdf");
    let sha = data_encoding::HEXLOWER.encode(&Sha256::digest(&pdf));
    // Published under its readable name, byte for byte.
    let copy = site
        .path()
        .join("output/thong-bao/Du-thao-Quy-che-thu-nghiem.PDF");
    assert_eq!(std::fs::read(&copy).expect("published"), pdf);
    let html = published(
        site.path(),
        "thong-bao/lay-y-kien-du-thao-quy-che/index.html",
    );
    assert!(
        html.contains(&format!(
            r#"<a href="../../thong-bao/Du-thao-Quy-che-thu-nghiem.PDF" download="{DRAFT_PDF}" type="application/pdf">"#
        )),
        "{html}"
    );
    assert!(html.contains(&format!("(PDF, {} B)", pdf.len())), "{html}");
    assert!(html.contains(&format!("<code>{sha}</code>")), "{html}");
    // JSON-LD: the file as a DigitalDocument, with its checksum.
    let ld = json_ld(&html);
    assert_eq!(ld["encoding"][0]["@type"], "DigitalDocument");
    assert_eq!(ld["encoding"][0]["sha256"], sha.as_str());
    assert_eq!(
        ld["encoding"][0]["contentUrl"],
        "https://congkhai.example/thong-bao/Du-thao-Quy-che-thu-nghiem.PDF"
    );
    // notices.json: the same entry as documents.json gives a file.
    let data: serde_json::Value =
        serde_json::from_str(&published(site.path(), "data/notices.json")).expect("json");
    let by_id = |id: &str| {
        data["notices"]
            .as_array()
            .expect("notices")
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("no notice {id} in notices.json"))
    };
    let notice = by_id("thong-bao/lay-y-kien-du-thao-quy-che");
    let file = &notice["files"][0];
    assert_eq!(file["name"], DRAFT_PDF);
    assert_eq!(file["bytes"], pdf.len());
    assert_eq!(file["sha256"], sha.as_str());
    assert_eq!(file["media_type"], "application/pdf");
    // A notice without files lists none.
    let other = by_id("thong-bao/nghi-le");
    assert_eq!(other["files"], serde_json::json!([]));
}

#[test]
fn a_plain_posted_day_shows_no_time_and_neighbours_follow_posted_order() {
    let site = built_at(NOV_13);
    let html = published(site.path(), "thong-bao/tuyen-dung-can-bo/index.html");
    // posted: 2020-11-12, no time: the day alone, in the facts and in the page header.
    assert!(
        html.contains(r#"<time datetime="2020-11-12">12/11/2020</time>"#),
        "{html}"
    );
    // (The JSON-LD keeps the instant: `2020-11-12T00:00:00+07:00`.)
    assert!(!html.contains(" 00:00</time>"), "{html}");
    let list = published(site.path(), "thong-bao/index.html");
    assert!(!list.contains(" 00:00</time>"), "{list}");
    assert!(list.contains(r#"<time datetime="2020-11-12">12/11/2020</time>"#));
    // Previous and next are the neighbours in the list (newest posted first), not in
    // title order: lay-y-kien-quy-hoach (10/11) follows tuyen-dung-can-bo (12/11).
    let mut by_posted: Vec<(&str, &str)> = vec![
        ("tuyen-dung-giao-vien", "2020-10-05"),
        ("lay-y-kien-du-thao-quy-che", "2020-10-20"),
        ("thu-hoi-dat-khu-a", "2020-11-02"),
        ("mua-sam-thiet-bi", "2020-11-05"),
        ("lay-y-kien-quy-hoach", "2020-11-10"),
        ("lich-tiep-cong-dan", "2020-10-01"),
        ("tuyen-dung-can-bo", "2020-11-12"),
        ("tiem-chung", "2020-10-15"),
        ("thu-hoi-dat-khu-b", "2020-09-20"),
        ("nghi-le", "2020-10-25"),
    ];
    by_posted.sort_by(|a, b| b.1.cmp(a.1));
    for (i, (name, _)) in by_posted.iter().enumerate() {
        let page = published(site.path(), &format!("thong-bao/{name}/index.html"));
        let link = |rel: &str| {
            page.split(&format!(r#"<a rel="{rel}" href=""#))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .map(str::to_string)
        };
        let want = |j: Option<usize>| {
            j.and_then(|j| by_posted.get(j))
                .map(|(n, _)| format!("../../thong-bao/{n}/index.html"))
        };
        assert_eq!(link("prev"), want(i.checked_sub(1)), "prev of {name}");
        assert_eq!(link("next"), want(Some(i + 1)), "next of {name}");
    }
}
