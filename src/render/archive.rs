//! The published archive: each snapshot of `archive/` copied byte for byte
//! into `archive/<name>/` of the output, with its tag files for download; an
//! index page per language listing the snapshots; and the links that lead
//! there (the footer, and a plan page to its frozen copies).

use super::context::Views;
use super::{date_display, GeneratedPage};
use crate::archive::{Archived, ARCHIVE_DIR};
use crate::content::front_matter::Kind;
use crate::dates::When;
use crate::site::links::page_file;
use crate::site::{PageId, Site};
use crate::snapshot::TAG_FILES;
use serde::Serialize;
use std::path::PathBuf;

/// Where a language's archive index is published.
pub fn index_path(site: &Site, lang: &str) -> String {
    format!("{}{ARCHIVE_DIR}/index.html", site.language_prefix(lang))
}

/// The footer's link to the archive index: only when there is one.
pub fn index_url(site: &Site, lang: &str) -> Option<String> {
    (!site.archive.is_empty() && site.homes.contains_key(lang)).then(|| index_path(site, lang))
}

fn published_path(a: &Archived, rel: &str) -> String {
    format!("{ARCHIVE_DIR}/{}/{rel}", a.name)
}

/// Every file of every snapshot, to copy as it is: output path → file on disk.
pub fn copies(site: &Site) -> Vec<(String, PathBuf)> {
    site.archive
        .iter()
        .flat_map(|a| {
            a.files
                .iter()
                .map(move |(rel, src)| (published_path(a, rel), src.clone()))
        })
        .collect()
}

/// The frozen copy of `page` in a snapshot, else the frozen home page of the
/// page's language, else the frozen site's root.
fn frozen_url(site: &Site, a: &Archived, lang: &str, page: Option<&str>) -> String {
    let home = format!("{}index.html", site.language_prefix(lang));
    let rel = [page, Some(home.as_str())]
        .into_iter()
        .flatten()
        .find(|p| a.files.contains_key(*p))
        .unwrap_or("index.html");
    published_path(a, rel)
}

/// `Quý IV/2020` / `Q4 2020`; the raw period when it is not one we know.
fn period_display(period: &str, lang: &str) -> String {
    When::parse_period(period)
        .map(|w| date_display::when(&w, lang))
        .unwrap_or_else(|_| period.to_string())
}

/// The date as shown, and as a `datetime` attribute only when it is one:
/// `Bagging-Date` is free text to a bag made by another tool.
fn date_views(iso: &str, lang: &str) -> (Option<String>, String) {
    match crate::dates::parse_date(iso) {
        Ok(d) => (Some(d.iso()), date_display::day(d, lang)),
        Err(_) => (None, iso.to_string()),
    }
}

/// Decimal units, one decimal place, the language's decimal mark.
fn size_display(bytes: u64, lang: &str) -> String {
    let (value, unit) = match bytes {
        b if b < 1_000 => return format!("{b} B"),
        b if b < 1_000_000 => (b as f64 / 1e3, "kB"),
        b if b < 1_000_000_000 => (b as f64 / 1e6, "MB"),
        b => (b as f64 / 1e9, "GB"),
    };
    let s = format!("{value:.1} {unit}");
    if lang == "vi" {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A plan page's link to one of its snapshots.
#[derive(Serialize, Clone)]
pub struct FrozenCopy {
    /// `2020-q4`, `2020-q4-r2`.
    pub name: String,
    pub revision: Option<u32>,
    pub url: String,
    pub date_iso: Option<String>,
    pub date_display: String,
}

/// The snapshots of a plan's period, original first, for its page.
pub fn frozen_copies(site: &Site, id: PageId) -> Vec<FrozenCopy> {
    let p = &site.pages[id];
    let Kind::Plan(plan) = &p.front.kind else {
        return Vec::new();
    };
    let period = plan.period.iso();
    let page = page_file(&p.url);
    site.archive
        .iter()
        .filter(|a| a.summary.period.eq_ignore_ascii_case(&period))
        .map(|a| {
            let (date_iso, date_display) = date_views(&a.summary.bagging_date, &p.lang);
            FrozenCopy {
                name: a.name.clone(),
                revision: a.summary.revision,
                url: frozen_url(site, a, &p.lang, Some(&page)),
                date_iso,
                date_display,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Download {
    name: String,
    url: String,
}

/// One row of the archive index.
#[derive(Serialize)]
struct Row {
    name: String,
    period: String,
    period_display: String,
    revision: Option<u32>,
    description: String,
    date_iso: Option<String>,
    date_display: String,
    file_count: u64,
    bytes: u64,
    size_display: String,
    fingerprint: String,
    url: String,
    downloads: Vec<Download>,
}

fn row(site: &Site, a: &Archived, lang: &str) -> Row {
    let s = &a.summary;
    // The WARC first: it is the whole site in one file; then the bag's own
    // description and manifests.
    let warcs = a
        .files
        .keys()
        .filter(|k| !k.contains('/') && k.ends_with(".warc.gz"));
    let downloads = warcs
        .map(String::as_str)
        .chain(TAG_FILES)
        .map(|name| Download {
            name: name.to_string(),
            url: published_path(a, name),
        })
        .collect();
    let (date_iso, date_display) = date_views(&s.bagging_date, lang);
    Row {
        name: a.name.clone(),
        period: s.period.clone(),
        period_display: period_display(&s.period, lang),
        revision: s.revision,
        description: s.description.clone(),
        date_iso,
        date_display,
        file_count: s.file_count,
        bytes: s.payload_bytes,
        size_display: size_display(s.payload_bytes, lang),
        fingerprint: s.tagmanifest_sha256.clone(),
        url: frozen_url(site, a, lang, None),
        downloads,
    }
}

/// The archive index, once per language that has a home page; none while
/// the archive is empty.
pub fn index_pages(views: &Views<'_>) -> Vec<GeneratedPage> {
    let site = views.site;
    site.config
        .languages
        .iter()
        .filter_map(|l| index_url(site, &l.code).map(|path| (l, path)))
        .map(|(l, path)| {
            let rows: Vec<Row> = site.archive.iter().map(|a| row(site, a, &l.code)).collect();
            GeneratedPage {
                lang: l.code.clone(),
                path,
                template: "archive.html",
                title: views
                    .labels(&l.code)
                    .get("archive_title")
                    .cloned()
                    .unwrap_or_else(|| "Archive".into()),
                data: serde_json::json!({ "snapshots": rows }),
            }
        })
        .collect()
}

/// What a page frozen into a snapshot says of itself (`archived` in templates; null
/// in every other render): the banner's period and date, the live page it is a copy
/// of, and its own address in the published archive, for its canonical link.
#[derive(Serialize)]
pub struct ArchivedView {
    pub period_display: String,
    pub date_iso: Option<String>,
    pub date_display: String,
    /// The live page at its public address: absolute, so that the link works wherever
    /// the copy is read (published under `archive/`, or the bag opened from a disk).
    /// None for the 404 page, which is served at any address.
    pub live_url: Option<String>,
    pub canonical: Option<String>,
}

/// The `archived` value of the file at `out_path` in `lang`, when the site is being
/// frozen.
pub fn archived_view(
    site: &Site,
    lang: &str,
    out_path: &str,
    not_found: bool,
) -> Option<ArchivedView> {
    let f = site.freezing.as_ref()?;
    let (date_iso, date_display) = date_views(&f.date, lang);
    let base = &site.config.base_url;
    let public = super::outputs::public_path(out_path);
    Some(ArchivedView {
        period_display: period_display(&f.period, lang),
        date_iso,
        date_display,
        live_url: (!not_found).then(|| format!("{base}{public}")),
        canonical: (!not_found).then(|| format!("{base}{}", f.published(public))),
    })
}

/// An absolute address of the live site as the frozen copy of it names it: its place
/// under the published archive. Other addresses are left as they are.
pub fn frozen_address(site: &Site, href: &str) -> String {
    let base = &site.config.base_url;
    match (&site.freezing, href.strip_prefix(base.as_str())) {
        (Some(f), Some(rest)) => format!("{base}{}", f.published(rest)),
        _ => href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_the_language_decimal_mark() {
        assert_eq!(size_display(999, "vi"), "999 B");
        assert_eq!(size_display(1_260, "en"), "1.3 kB");
        assert_eq!(size_display(4_160_000, "vi"), "4,2 MB");
        assert_eq!(size_display(4_160_000, "en"), "4.2 MB");
    }

    #[test]
    fn periods_and_dates_read_naturally() {
        assert_eq!(period_display("2020-Q4", "vi"), "Quý IV/2020");
        assert_eq!(period_display("2020-Q4", "en"), "Q4 2020");
        assert_eq!(period_display("mùa thu", "en"), "mùa thu");
        assert_eq!(
            date_views("2020-12-31", "en"),
            (Some("2020-12-31".into()), "31 Dec 2020".into())
        );
        assert_eq!(date_views("hôm qua", "vi"), (None, "hôm qua".into()));
    }
}
