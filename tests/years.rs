//! A site that lives for years (issue 16): lists in an order that fits their content,
//! split over pages, plans of every period, events over years. Built from the fixture
//! that tests/common/years_site.rs writes.

mod common;

use common::years_site;
use std::path::Path;
use std::process::Command;

/// Builds the years site into `<dir>/output` with "now" at `epoch`.
fn build(dir: &Path, epoch: &str) {
    let out = Command::new(common::bin())
        .args(["build", "--quiet"])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .env("NO_COLOR", "1")
        .output()
        .expect("run congkhai");
    assert!(out.status.success(), "{}", common::stderr(&out));
}

fn page(dir: &Path, path: &str) -> String {
    common::read(&dir.join("output").join(path))
}

/// The titles of the links of a page's first `<ul class="page-list">` or
/// `news-list`, in order.
fn listed_titles(html: &str) -> Vec<String> {
    let start = html
        .find("class=\"page-list\"")
        .or_else(|| html.find("class=\"news-list\""))
        .unwrap_or_else(|| panic!("no list in {html}"));
    let list = &html[start..];
    let list = &list[..list.find("</ul>").unwrap_or(list.len())];
    list.split("<a ")
        .skip(1)
        .filter_map(|a| {
            let text = &a[a.find('>')? + 1..];
            Some(text[..text.find("</a>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn a_long_news_section_is_split_into_pages_at_addresses_in_its_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    build(dir.path(), &years_site::epoch(2022, 6, 1));
    let per_page = 20;
    let pages = years_site::NEWS.div_ceil(per_page);
    for n in 2..=pages {
        let p = page(dir.path(), &format!("tin-tuc/trang/{n}/index.html"));
        assert_eq!(
            listed_titles(&p).len(),
            if n < pages {
                per_page
            } else {
                years_site::NEWS - per_page * (pages - 1)
            }
        );
    }
    assert!(!dir
        .path()
        .join(format!("output/tin-tuc/trang/{}/index.html", pages + 1))
        .exists());
    let two = page(dir.path(), "tin-tuc/trang/2/index.html");
    assert!(
        two.contains("<link rel=\"prev\" href=\"../../../tin-tuc/index.html\">"),
        "{two}"
    );
    assert!(
        two.contains("<link rel=\"next\" href=\"../../../tin-tuc/trang/3/index.html\">"),
        "{two}"
    );
    assert!(two.contains("<nav class=\"pager\" aria-label=\"Phân trang\">"));
    assert!(
        two.contains("aria-current=\"page\" aria-label=\"Trang 2\">2</a>"),
        "{two}"
    );
    assert!(
        two.contains("<link rel=\"canonical\" href=\"https://years.example/tin-tuc/trang/2/\">")
    );
    let first = page(dir.path(), "tin-tuc/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(
        first.contains("<link rel=\"next\" href=\"../tin-tuc/trang/2/index.html\">"),
        "{first}"
    );
    // The English section: its own word for a page. It lists every news item once,
    // the untranslated ones as their Vietnamese originals, marked (issue 16 item 5).
    let en = page(dir.path(), "en/tin-tuc/page/2/index.html");
    assert_eq!(listed_titles(&en).len(), per_page);
    assert!(years_site::NEWS_IN_ENGLISH < per_page * 2);
    assert!(en.contains("<span class=\"item-mark mark-fallback\">only in Vietnamese</span>"));
    assert!(en.contains("<link rel=\"prev\" href=\"../../../../en/tin-tuc/index.html\">"));
    // A term's list is split the same way.
    let term = page(dir.path(), "tags/thong-bao/trang/2/index.html");
    assert_eq!(listed_titles(&term).len(), per_page);
    // The sitemap lists each list once, at its first page.
    let sitemap = page(dir.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://years.example/tin-tuc/</loc>"));
    assert!(!sitemap.contains("/trang/"), "later pages in the sitemap");
    assert!(!sitemap.contains("/page/"), "later pages in the sitemap");
}
