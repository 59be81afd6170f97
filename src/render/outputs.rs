//! The disclosure outputs, wired into rendering in two places: the whole-site files
//! (calendars, feeds, sitemap, open data) and what each page shows of them (feed links
//! and JSON-LD in the head, "add to calendar", the events timeline, the plan's
//! dashboard and downloads).

use super::context::Views;
use super::{dashboard, feeds, ical, jsonld, open_data, sitemap, timeline, SiteFile};
use crate::content::front_matter::Kind;
use crate::site::PageId;
use serde::Serialize;

/// The groups of whole-site files, each made only when `wanted` accepts its name:
/// `calendars`, `feeds`, `sitemap` (with robots.txt), `open-data`. What each is made
/// from decides when `watch` may keep it (src/watch/reach.rs). `html` lists the HTML
/// files for the sitemap; it is asked for only when the sitemap is made.
pub fn site_files(
    views: &Views<'_>,
    html: &dyn Fn() -> Vec<sitemap::Entry>,
    wanted: &dyn Fn(&'static str) -> bool,
) -> Vec<(&'static str, SiteFile)> {
    let mut files = Vec::new();
    let mut add = |group: &'static str, make: &dyn Fn() -> Vec<SiteFile>| {
        if wanted(group) {
            files.extend(make().into_iter().map(|f| (group, f)));
        }
    };
    add("calendars", &|| ical::files(views));
    add("feeds", &|| feeds::files(views));
    add("sitemap", &|| sitemap::files(views.site, &html()));
    add("open-data", &|| open_data::files(views));
    files
}

/// Calendar links for a page: the language's whole calendar, and the page's own when
/// it is an event with a day.
#[derive(Serialize)]
struct CalendarLinks {
    all_url: String,
    event_url: Option<String>,
}

#[derive(Serialize)]
struct DownloadLink {
    label: String,
    url: String,
    format: &'static str,
}

/// One `<link rel="alternate" hreflang>` of a page's head.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// `a/b/index.html` → `a/b/`, `index.html` → ``: the address a static host
/// answers and search engines index.
pub(super) fn public_path(path: &str) -> &str {
    match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => path,
    }
}

/// The hreflang set of the file at `out_path` in `lang`: the file itself and each
/// language version it has (`translations` as the templates get them; one that does
/// not `exists` only leads to another language's home page and is no version of this
/// page), at absolute public addresses from `base_url`, in the order of the
/// languages, then `x-default`: the default language's version, which a reader whose
/// language the site does not have is sent to. Every version lists the same set, so
/// the annotations are reciprocal. Empty for a page in one language only: a set of one
/// says nothing.
pub fn hreflang_alternates(
    site: &crate::site::Site,
    lang: &str,
    out_path: &str,
    translations: Option<&tera::Value>,
) -> Vec<Alternate> {
    let base = &site.config.base_url;
    let mut versions: Vec<(String, String)> = vec![(lang.to_string(), out_path.to_string())];
    for t in translations
        .and_then(tera::Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(t) = t.as_map() else { continue };
        let field = |k: &'static str| t.get(&tera::value::Key::from(k));
        if field("exists").and_then(tera::Value::as_bool) != Some(true) {
            continue;
        }
        if let (Some(l), Some(url)) = (
            field("lang").and_then(tera::Value::as_str),
            field("url").and_then(tera::Value::as_str),
        ) {
            versions.push((l.to_string(), url.to_string()));
        }
    }
    if versions.len() < 2 {
        return Vec::new();
    }
    let rank = |l: &str| site.config.languages.iter().position(|x| x.code == l);
    versions.sort_by_key(|(l, _)| rank(l));
    let mut out: Vec<Alternate> = versions
        .iter()
        .map(|(l, path)| Alternate {
            hreflang: l.clone(),
            href: format!("{base}{}", public_path(path)),
        })
        .collect();
    let default = &site.config.default_language().code;
    if let Some(d) = out.iter().find(|a| &a.hreflang == default) {
        out.push(Alternate {
            hreflang: "x-default".into(),
            href: d.href.clone(),
        });
    }
    out
}

/// Adds this module's values to a page's template context. `page` is the content page
/// being rendered, if any. Every value is set on every file (null or empty when it
/// does not apply) so that templates can test them.
pub fn extend_context(
    views: &Views<'_>,
    page: Option<PageId>,
    template: &str,
    lang: &str,
    ctx: &mut tera::Context,
) {
    let site = views.site;
    ctx.insert_value("feeds", views.feed_links(lang));
    ctx.insert(
        "calendar",
        &CalendarLinks {
            all_url: ical::calendar_path(site, lang),
            event_url: page.and_then(|id| ical::event_calendar_path(&site.pages[id])),
        },
    );
    ctx.insert("jsonld", &page.and_then(|id| jsonld::for_page(site, id)));
    let mut timelines = Vec::new();
    let mut dash = None;
    let mut downloads = Vec::new();
    if let Some(id) = page {
        if template == "events.html" {
            let events: Vec<PageId> = site.children[id]
                .iter()
                .copied()
                .filter(|&c| matches!(site.pages[c].front.kind, Kind::Event(_)))
                .collect();
            timelines = timeline::timelines(site, &events, lang, &|k| views.label(lang, k));
        }
        if let Some(plan) = views.plan(id) {
            let words = dashboard::Words {
                goal: views.label(lang, "target_value"),
                actual: views.label(lang, "actual_value"),
                not_reported: views.label(lang, "not_reported"),
                scale: views.label(lang, "dashboard_scale"),
                projects: views.label(lang, "projects"),
            };
            dash = Some(dashboard::dashboard(&plan, &words));
            downloads = open_data::downloads(site, id)
                .into_iter()
                .map(|d| DownloadLink {
                    label: views.label(lang, d.key),
                    url: d.url,
                    format: d.format,
                })
                .collect();
        }
    }
    ctx.insert("timelines", &timelines);
    ctx.insert("dashboard", &dash);
    ctx.insert("downloads", &downloads);
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::render::context::Views;
    use crate::render::templates::Theme;
    use crate::site::Site;

    /// The bundled Tây Hồ site, loaded as `build` loads it.
    pub fn bundled() -> (Site, Theme) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        match crate::pipeline::prepare(root, &Default::default()) {
            Ok(x) => x,
            Err(e) => panic!("the bundled site does not load: {e:?}"),
        }
    }

    #[test]
    fn every_output_file_of_the_bundled_site() {
        let (site, theme) = bundled();
        let views = Views::new(&site, &theme.labels);
        let files = super::site_files(&views, &Vec::new, &|_| true);
        let mut paths: Vec<&str> = files.iter().map(|(_, f)| f.path.as_str()).collect();
        paths.sort();
        for expected in [
            "atom.xml",
            "en/atom.xml",
            "events.ics",
            "en/events.ics",
            "su-kien/ngay-phap-luat/ngay-phap-luat.ics",
            "en/su-kien/ngay-phap-luat/ngay-phap-luat.ics",
            "sitemap.xml",
            "robots.txt",
            "data/data.json",
            "data/plan.schema.json",
            "data/2020-q4/plan.json",
            "data/2020-q4/targets.csv",
            "en/data/2020-q4/events.csv",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
        // Imprecise events get no calendar of their own.
        assert!(!paths
            .iter()
            .any(|p| p.contains("hoi-cho-ocop") && p.ends_with(".ics")));
        let mut dedup = paths.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), paths.len(), "two outputs claim one path");
    }
}
