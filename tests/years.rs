//! A site that lives for years (issue 16): lists in an order that fits their content,
//! split over pages, plans of every period, events over years. Built from the fixture
//! that tests/common/years_site.rs writes.

mod common;

use common::years_site;
use std::path::Path;

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
    common::build_at(dir.path(), &years_site::epoch(2022, 6, 1));
    let per_page = 20;
    let pages = years_site::NEWS.div_ceil(per_page);
    for n in 2..=pages {
        let p = common::published(dir.path(), &format!("tin-tuc/trang/{n}/index.html"));
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
    let two = common::published(dir.path(), "tin-tuc/trang/2/index.html");
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
    let first = common::published(dir.path(), "tin-tuc/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(
        first.contains("<link rel=\"next\" href=\"../tin-tuc/trang/2/index.html\">"),
        "{first}"
    );
    // The English section: its own word for a page. It lists every news item once,
    // the untranslated ones as their Vietnamese originals, marked (issue 16 item 5).
    let en = common::published(dir.path(), "en/tin-tuc/page/2/index.html");
    assert_eq!(listed_titles(&en).len(), per_page);
    assert!(years_site::NEWS_IN_ENGLISH < per_page * 2);
    assert!(en.contains("<span class=\"item-mark mark-fallback\">only in Vietnamese</span>"));
    assert!(en.contains("<link rel=\"prev\" href=\"../../../../en/tin-tuc/index.html\">"));
    // A term's list is split the same way.
    let term = common::published(dir.path(), "tags/thong-bao/trang/2/index.html");
    assert_eq!(listed_titles(&term).len(), per_page);
    // The sitemap lists each list once, at its first page.
    let sitemap = common::published(dir.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://years.example/tin-tuc/</loc>"));
    assert!(!sitemap.contains("/trang/"), "later pages in the sitemap");
    assert!(!sitemap.contains("/page/"), "later pages in the sitemap");
}

/// The plans page's plans in order, each with whether it is marked current.
fn plans_listed(html: &str) -> Vec<(String, bool)> {
    html.split("<li")
        .skip(1)
        .filter(|li| li.contains("ke-hoach/20"))
        .filter_map(|li| {
            let current = li.starts_with(" class=\"plan-current\"");
            let a = &li[li.find("<a href=\"")? + 9..];
            let href = &a[..a.find('"')?];
            let folder = href.trim_end_matches("/index.html").rsplit('/').next()?;
            Some((folder.to_string(), current))
        })
        .collect()
}

#[test]
fn plans_are_grouped_by_year_newest_first_with_the_current_ones_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    // 15 May 2021: the year's plan and the second quarter's both run.
    common::build_at(dir.path(), &years_site::epoch(2021, 5, 15));
    let html = common::published(dir.path(), "ke-hoach/index.html");
    let listed = plans_listed(&html);
    let order: Vec<&str> = listed.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        order,
        [
            "2023-q1", "2022-q4", "2022-q3", "2022-h1", "2021-q4", "2021-q3", "2021-q2", "2021",
            "2021-q1"
        ]
    );
    let current: Vec<&str> = listed
        .iter()
        .filter(|(_, c)| *c)
        .map(|(f, _)| f.as_str())
        .collect();
    assert_eq!(current, ["2021-q2", "2021"]);
    let years: Vec<&str> = html
        .match_indices("<h2 id=\"plans-")
        .map(|(i, _)| &html[i + 14..i + 18])
        .collect();
    assert_eq!(years, ["2023", "2022", "2021"]);
    assert!(
        html.contains("Kỳ kế hoạch</span> 6 tháng đầu năm 2022"),
        "each plan shows its period"
    );
    // The home page shows the shortest current plan.
    let home = common::published(dir.path(), "index.html");
    assert!(home.contains("Kế hoạch quý II/2021</a>"), "{home}");

    // 1 June 2024: no plan runs; the latest that has started is current.
    common::build_at(dir.path(), &years_site::epoch(2024, 6, 1));
    let listed = plans_listed(&common::published(dir.path(), "ke-hoach/index.html"));
    let current: Vec<&str> = listed
        .iter()
        .filter(|(_, c)| *c)
        .map(|(f, _)| f.as_str())
        .collect();
    assert_eq!(current, ["2023-q1"]);
    let plan = common::published(dir.path(), "ke-hoach/2023-q1/index.html");
    assert!(plan.contains("<strong class=\"current-marker\">Hiện hành</strong>"));
}

#[test]
fn a_plan_links_to_the_plans_before_and_after_it_of_the_same_cadence() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    common::build_at(dir.path(), &years_site::epoch(2022, 6, 1));
    let neighbours = |folder: &str| {
        let html = common::published(dir.path(), &format!("ke-hoach/{folder}/index.html"));
        let Some(start) = html.find("class=\"prev-next plan-neighbours\"") else {
            return Vec::new();
        };
        let nav = &html[start..];
        let nav = &nav[..nav.find("</nav>").unwrap_or(nav.len())];
        nav.split("<a href=\"")
            .skip(1)
            .filter_map(|a| {
                let href = &a[..a.find('"')?];
                Some(
                    href.trim_end_matches("/index.html")
                        .rsplit('/')
                        .next()?
                        .to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    // Quarters skip the half-year and the year: 2021-Q4, then 2022-Q3.
    assert_eq!(neighbours("2022-q3"), ["2021-q4", "2022-q4"]);
    assert_eq!(neighbours("2021-q1"), ["2021-q2"]);
    assert_eq!(neighbours("2023-q1"), ["2022-q4"]);
    // The only plan of its cadence has no neighbours.
    assert_eq!(neighbours("2021"), Vec::<String>::new());
    assert_eq!(neighbours("2022-h1"), Vec::<String>::new());
}

#[test]
fn news_are_newest_first_and_a_section_may_choose_its_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    common::build_at(dir.path(), &years_site::epoch(2022, 6, 1));
    let two = listed_titles(&common::published(dir.path(), "tin-tuc/trang/2/index.html"));
    // Newest first: page 1 holds 150..131, page 2 130..111.
    assert_eq!(two.first().map(String::as_str), Some("Tin số 130"));
    assert_eq!(two.last().map(String::as_str), Some("Tin số 111"));
    let html = common::published(dir.path(), "tin-tuc/trang/2/index.html");
    let day = years_site::news_day(130);
    assert!(
        html.contains(&format!("<time datetime=\"{}T08:00:00+07:00\">", day.iso())),
        "every item shows its date"
    );
    // The section asks for the oldest first, 10 a page.
    std::fs::write(
        dir.path().join("content/tin-tuc/_index.md"),
        "---\ntitle: \"Tin tức\"\nweight: 2\nsort_by: date\norder: asc\npaginate: 10\n---\n",
    )
    .expect("write");
    common::build_at(dir.path(), &years_site::epoch(2022, 6, 1));
    let two = listed_titles(&common::published(dir.path(), "tin-tuc/trang/2/index.html"));
    assert_eq!(two.first().map(String::as_str), Some("Tin số 11"));
    assert_eq!(two.last().map(String::as_str), Some("Tin số 20"));
    assert!(dir
        .path()
        .join("output/tin-tuc/trang/15/index.html")
        .exists());
    assert!(!dir
        .path()
        .join("output/tin-tuc/trang/16/index.html")
        .exists());
    // By title: as a reader sorts, not "1, 10, 100".
    std::fs::write(
        dir.path().join("content/tin-tuc/_index.md"),
        "---\ntitle: \"Tin tức\"\nsort_by: title\npaginate: 0\n---\n",
    )
    .expect("write");
    common::build_at(dir.path(), &years_site::epoch(2022, 6, 1));
    let all = listed_titles(&common::published(dir.path(), "tin-tuc/index.html"));
    assert_eq!(all.len(), years_site::NEWS);
    assert!(!dir.path().join("output/tin-tuc/trang").exists());
}

#[test]
fn a_list_setting_on_a_page_that_is_no_section_or_an_unknown_order_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    std::fs::write(
        dir.path().join("content/tin-tuc/tin-001.md"),
        "---\ntitle: \"Tin số 1\"\npaginate: 5\n---\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("content/tin-tuc/_index.md"),
        "---\ntitle: \"Tin tức\"\nsort_by: dat\n---\n",
    )
    .expect("write");
    let out = common::run(dir.path(), &["check", "--lang", "en"]);
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error[E0150]").count(), 2, "{err}");
    assert!(err.contains("content/tin-tuc/tin-001.md:3:1"), "{err}");
    assert!(err.contains("did you mean `date`?"), "{err}");
}

#[test]
fn the_home_page_lists_a_few_events_and_the_events_page_one_year_with_a_page_per_past_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    common::build_at(dir.path(), &years_site::epoch(2021, 5, 15));
    let home = common::published(dir.path(), "index.html");
    let listed: Vec<&str> = home.matches("Sự kiện thử ").collect();
    assert_eq!(
        listed.len(),
        5 + 3,
        "5 to come and 3 past, as config.yaml's defaults say"
    );
    assert!(
        home.contains("<a href=\"su-kien/index.html\">Tất cả sự kiện</a>"),
        "{home}"
    );
    let events = common::published(dir.path(), "su-kien/index.html");
    assert!(
        !events.contains("datetime=\"2020-"),
        "an earlier year on the events page"
    );
    assert!(events.contains("datetime=\"2021-01-"));
    for year in [2019, 2020] {
        let past = common::published(dir.path(), &format!("su-kien/{year}/index.html"));
        assert!(past.contains(&format!("<title>Sự kiện – Năm {year} –")));
        assert!(
            past.contains("<a href=\"../../su-kien/index.html\">Từ năm 2021</a>"),
            "{past}"
        );
        let months = past.matches("<h2 id=\"month-").count();
        assert_eq!(months, 12, "{year}");
        assert!(!past.contains(&format!("datetime=\"{}-", year + 1)));
    }
    assert!(events.contains("<a href=\"../su-kien/2019/index.html\">Năm 2019</a>"));
    assert!(!dir.path().join("output/su-kien/2021").exists());
    // The bounds come from config.yaml.
    let config = common::read(&dir.path().join("config.yaml"));
    std::fs::write(
        dir.path().join("config.yaml"),
        format!("{config}home_upcoming_events: 2\nhome_recent_events: 0\n"),
    )
    .expect("write");
    common::build_at(dir.path(), &years_site::epoch(2021, 5, 15));
    let home = common::published(dir.path(), "index.html");
    assert_eq!(home.matches("Sự kiện thử ").count(), 2);
    assert!(!home.contains("Đã diễn ra gần đây"));
}

#[test]
fn new_plan_makes_a_plan_folder_that_builds_with_its_period_from_the_folder_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    let out = common::run(dir.path(), &["new", "plan", "ke-hoach/2023-h2"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let plan = common::read(&dir.path().join("content/ke-hoach/2023-h2/_index.md"));
    assert!(
        plan.contains("\nkind: plan\n") && plan.contains("\nperiod: 2023-H2\n"),
        "{plan}"
    );
    assert!(
        plan.contains("title: \"Kế hoạch 6 tháng cuối năm 2023\""),
        "{plan}"
    );
    let group = common::read(
        &dir.path()
            .join("content/ke-hoach/2023-h2/01-nhom-nhiem-vu.md"),
    );
    assert!(group.contains("kind: task_group") && group.contains("\nnumber: 1\n"));
    let out = common::run(
        dir.path(),
        &["new", "plan", "ke-hoach/nam-sau", "--period", "2024"],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::read(&dir.path().join("content/ke-hoach/nam-sau/_index.md"))
            .contains("\nperiod: 2024\n")
    );
    let out = common::run(dir.path(), &["new", "plan", "ke-hoach/sau-nay"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "no period in the name: a usage error"
    );
    assert!(!dir.path().join("content/ke-hoach/sau-nay").exists());
    common::build_at(dir.path(), &years_site::epoch(2023, 8, 1));
    let html = common::published(dir.path(), "ke-hoach/2023-h2/index.html");
    assert!(html.contains("6 tháng cuối năm 2023"));
    assert!(html.contains("Nhóm nhiệm vụ 1"));
}

/// Writes the years site into YEARS_SITE_DIR for looking at it by hand (and for the
/// browser checks: tests/e2e/README.md); does nothing without it.
#[test]
fn write_the_years_site_where_asked() {
    if let Some(dir) = std::env::var_os("YEARS_SITE_DIR") {
        years_site::write(Path::new(&dir));
    }
}

/// A folder named after a past year inside the events section (test data: the years
/// site, "now" in 2023): its page would be published where the events page of that year
/// is. One error (E0312) at the folder's `_index.md`, naming the page it collides with
/// and what to rename; the same name outside the events section is fine.
#[test]
fn a_year_folder_in_the_events_section_is_an_error_naming_the_years_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    years_site::write(dir.path());
    common::write(
        dir.path(),
        "content/su-kien/2021/_index.md",
        "---\ntitle: \"Sự kiện năm 2021\"\n---\n",
    );
    let check = || {
        common::congkhai(&["check", "--lang", "en"])
            .dir(dir.path())
            .at(&years_site::epoch(2023, 5, 15))
            .without("CONGKHAI_LANG")
            .output()
    };
    let out = check();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains("error[E0312]"), "{err}");
    assert!(err.contains("--> content/su-kien/2021/_index.md"), "{err}");
    assert!(
        err.contains("published at su-kien/2021/, where congkhai publishes the page of 2021's events of su-kien/"),
        "{err}"
    );
    assert!(
        err.contains("`2021/` is where the page of 2021's events is"),
        "{err}"
    );
    std::fs::rename(
        dir.path().join("content/su-kien/2021"),
        dir.path().join("content/nam-2021"),
    )
    .expect("rename");
    let out = check();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
}

/// A page dated with a plain day (`date: 2020-11-20`) shows that day, in its header and
/// in its section's list, never the midnight it is stored as ("20/11/2020 00:00"); a
/// date with a time keeps it. Test data, not facts from the seed.
#[test]
fn a_plain_date_reads_as_a_day_and_a_date_with_a_time_keeps_its_time() {
    let site = common::SiteBuilder::fixture("minimal")
        .themes()
        .file(
            "content/tin-tuc/ngay-tron.md",
            "---\ntitle: \"Tin có ngày\"\ndate: 2020-11-20\nupdated: 2020-11-21T09:30:00+07:00\n---\nNội dung.\n",
        )
        .file(
            "content/tin-tuc/co-gio.md",
            "---\ntitle: \"Tin có giờ\"\ndate: 2020-11-19T08:15:00+07:00\n---\nNội dung.\n",
        )
        .done();
    common::congkhai(&["build", "--quiet", "--root"])
        .arg(site.path())
        .at("1606780800")
        .ok();
    let day = common::published(site.path(), "tin-tuc/ngay-tron/index.html");
    assert!(
        day.contains(r#"<time datetime="2020-11-20">20/11/2020</time>"#),
        "{day}"
    );
    // `updated` was written with its time: it shows it.
    assert!(
        day.contains(r#"<time datetime="2020-11-21T09:30:00+07:00">21/11/2020 09:30</time>"#),
        "{day}"
    );
    let timed = common::published(site.path(), "tin-tuc/co-gio/index.html");
    assert!(
        timed.contains(r#"<time datetime="2020-11-19T08:15:00+07:00">19/11/2020 08:15</time>"#),
        "{timed}"
    );
    let list = common::published(site.path(), "tin-tuc/index.html");
    assert!(
        list.contains(r#"<time datetime="2020-11-20">20/11/2020</time>"#),
        "{list}"
    );
    assert!(
        !list.contains("00:00</time>") && !day.contains("00:00</time>"),
        "{list}"
    );
}
