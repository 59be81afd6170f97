//! The disclosure outputs, in one list ([`OUTPUTS`]): each is one type behind
//! [`SiteOutput`], saying what whole-site files and pages it makes, what a page's
//! context shows of it (feed links and JSON-LD in the head, "add to calendar", the
//! events timeline, the plan's dashboard and downloads), and which page changes can
//! reach its files (for `watch`). Render, check and watch ask the list; none of them
//! names an output.

use super::context::Views;
use super::{
    archive, dashboard, disclosure, feeds, ical, jsonld, notices, open_data, search_index, sitemap,
    timeline, GeneratedPage, SiteFile,
};
use crate::content::front_matter::Kind;
use crate::content::{summary_text, Page};
use crate::site::{PageId, Site};
use serde::Serialize;
use std::path::PathBuf;

/// One disclosure output. Every method but [`SiteOutput::name`] has a default: an
/// output makes only what it says it makes.
pub trait SiteOutput: Sync {
    /// Its name; for one that makes whole-site files, the name of their group
    /// (`render::Output::SiteFileGroup`, asked before they are made).
    fn name(&self) -> &'static str;

    /// Whether it makes whole-site files ([`SiteOutput::files`]).
    fn has_files(&self) -> bool {
        false
    }

    /// Its whole-site files, made only when its group is wanted.
    fn files(&self, _made: &Made<'_>) -> Vec<SiteFile> {
        Vec::new()
    }

    /// The HTML pages it makes with the theme (an index, a search page).
    fn pages(&self, _views: &Views<'_>) -> Vec<GeneratedPage> {
        Vec::new()
    }

    /// Files it publishes as they are: output path → file on disk.
    fn copies(&self, _site: &Site) -> Vec<(String, PathBuf)> {
        Vec::new()
    }

    /// Adds what a page shows of it to the page's template context. Every value is set
    /// on every file (null or empty when it does not apply) so that templates can test
    /// them.
    fn extend_context(&self, _page: &PageContext<'_, '_>, _ctx: &mut tera::Context) {}

    /// Whether its files read only what the pages' front matter, addresses,
    /// translations and summaries say, never the rest of their text: then an edit of a
    /// page's text alone ([`PageChange::text_only`]) cannot change them.
    fn body_free(&self) -> bool {
        false
    }

    /// Whether its files cannot show `change`, a page that kept its place in the site
    /// graph. When unsure, false: the files are made again.
    fn unchanged_by(&self, _change: &PageChange<'_>) -> bool {
        false
    }
}

/// Every disclosure output. The order is the order their generated pages are listed
/// in (the sitemap's order) and their files made.
pub static OUTPUTS: &[&dyn SiteOutput] = &[
    &Calendars,
    &Feeds,
    &Sitemap,
    &OpenData,
    &Dashboard,
    &Timeline,
    &JsonLd,
    &Archive,
    &Search,
    &super::documents::Documents,
    &Notices,
    &Disclosure,
];

/// What the whole-site files are made from, besides the site.
pub struct Made<'a> {
    pub views: &'a Views<'a>,
    /// Every HTML file rendered from a template (but the 404 pages), rendered this time
    /// or not: asked for only by the sitemap.
    pub html: &'a dyn Fn() -> Vec<sitemap::Entry>,
    /// Which languages' search indexes to make (a costly whole-language file set).
    pub search: &'a (dyn Fn(&str) -> bool + Sync),
}

/// The file being rendered, as an output's context sees it.
pub struct PageContext<'v, 'a> {
    pub views: &'v Views<'a>,
    /// The content page, if the file is one.
    pub page: Option<PageId>,
    pub template: &'v str,
    pub lang: &'v str,
}

/// An edit of a page that kept its place in the site graph
/// (`site::patch::keeps_place`: same address, translations, kind, task group).
pub struct PageChange<'a> {
    pub old: &'a Page,
    pub new: &'a Page,
    /// Whether the page is one of its language's feed entries.
    pub in_feed: bool,
}

impl PageChange<'_> {
    /// The page changed in its text only: what a [`SiteOutput::body_free`] output reads
    /// of it is the same.
    pub fn text_only(&self) -> bool {
        same_but_text(self.old, self.new)
    }

    fn same_dates(&self) -> bool {
        let dates = |p: &Page| (p.front.date, p.front.updated);
        dates(self.old) == dates(self.new)
    }

    fn same_names(&self) -> bool {
        self.old.front.categories == self.new.front.categories
            && self.old.front.tags == self.new.front.tags
    }

    fn is_event_or_task_group(&self) -> bool {
        matches!(self.new.front.kind, Kind::Event(_) | Kind::TaskGroup(_))
    }
}

/// The page changed in its text only (see [`PageChange::text_only`]).
pub fn same_but_text(old: &Page, new: &Page) -> bool {
    old.front == new.front
        && old.url == new.url
        && old.lang == new.lang
        && old.key == new.key
        && old.is_section == new.is_section
        && old.dir == new.dir
        && summary_text(old) == summary_text(new)
}

/// The output named `name`.
pub fn named(name: &str) -> Option<&'static dyn SiteOutput> {
    OUTPUTS.iter().copied().find(|o| o.name() == name)
}

/// The whole-site files of every output whose group `wanted` accepts, with the group.
pub fn site_files(
    made: &Made<'_>,
    wanted: &dyn Fn(&'static str) -> bool,
) -> Vec<(&'static str, SiteFile)> {
    let mut files = Vec::new();
    for output in OUTPUTS.iter().filter(|o| o.has_files()) {
        let group = output.name();
        if wanted(group) {
            files.extend(output.files(made).into_iter().map(|f| (group, f)));
        }
    }
    files
}

/// Every output's generated pages, in the order of [`OUTPUTS`].
pub fn generated_pages(views: &Views<'_>) -> Vec<GeneratedPage> {
    OUTPUTS.iter().flat_map(|o| o.pages(views)).collect()
}

/// Every output's files published as they are: output path → file on disk.
pub fn copied_files(site: &Site) -> Vec<(String, PathBuf)> {
    OUTPUTS.iter().flat_map(|o| o.copies(site)).collect()
}

/// Adds every output's values to a page's template context.
pub fn extend_context(
    views: &Views<'_>,
    page: Option<PageId>,
    template: &str,
    lang: &str,
    ctx: &mut tera::Context,
) {
    let page = PageContext {
        views,
        page,
        template,
        lang,
    };
    for output in OUTPUTS {
        output.extend_context(&page, ctx);
    }
}

/// The groups of whole-site files an edit of a page's text alone cannot change.
pub fn body_free_groups() -> Vec<&'static str> {
    OUTPUTS
        .iter()
        .filter(|o| o.has_files() && o.body_free())
        .map(|o| o.name())
        .collect()
}

/// The groups of whole-site files that cannot show `change`.
pub fn groups_kept(change: &PageChange<'_>) -> Vec<&'static str> {
    // A draft (shown by `--drafts`) is in none of them: every one changes.
    if change.old.front.draft != change.new.front.draft {
        return Vec::new();
    }
    OUTPUTS
        .iter()
        .filter(|o| o.has_files() && o.unchanged_by(change))
        .map(|o| o.name())
        .collect()
}

/// `events.ics` per language and one `.ics` per dated event; "add to calendar" links.
/// They read events (their front matter, summary and order) and the titles of their
/// task groups.
pub struct Calendars;

impl SiteOutput for Calendars {
    fn name(&self) -> &'static str {
        "calendars"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        ical::files(made.views)
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        let site = p.views.site;
        ctx.insert(
            "calendar",
            &CalendarLinks {
                all_url: ical::calendar_path(site, p.lang),
                event_url: p
                    .page
                    .and_then(|id| ical::event_calendar_path(&site.pages[id])),
            },
        );
    }
    fn body_free(&self) -> bool {
        true
    }
    fn unchanged_by(&self, change: &PageChange<'_>) -> bool {
        change.text_only() || !change.is_event_or_task_group()
    }
}

/// Atom feeds per language, and the links to them in every page's head. Each entry
/// carries its body; entries are chosen and ordered by dates.
pub struct Feeds;

impl SiteOutput for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        feeds::files(made.views)
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        ctx.insert_value("feeds", p.views.feed_links(p.lang));
    }
    fn unchanged_by(&self, change: &PageChange<'_>) -> bool {
        change.same_dates() && !change.in_feed
    }
}

/// `sitemap.xml` and `robots.txt`: addresses, translations, dates, and every term page.
pub struct Sitemap;

impl SiteOutput for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        sitemap::files(made.views.site, &(made.html)())
    }
    fn body_free(&self) -> bool {
        true
    }
    fn unchanged_by(&self, change: &PageChange<'_>) -> bool {
        // A document's fields (year, type, issuer, field) decide which register pages
        // exist, and the sitemap lists them all.
        change.same_dates()
            && change.same_names()
            && !matches!(change.old.front.kind, Kind::Document(_))
            && !matches!(change.new.front.kind, Kind::Document(_))
    }
}

/// The plans' data files (JSON, CSV) and their download links on a plan: plans, their
/// task groups and those groups' events.
pub struct OpenData;

impl SiteOutput for OpenData {
    fn name(&self) -> &'static str {
        "open-data"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        open_data::files(made.views)
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        let mut downloads = Vec::new();
        if let Some(id) = p
            .page
            .filter(|&id| matches!(p.views.site.pages[id].front.kind, Kind::Plan(_)))
        {
            downloads = open_data::downloads(p.views.site, id)
                .into_iter()
                .map(|d| DownloadLink {
                    label: p.views.label(p.lang, d.key),
                    url: d.url,
                    format: d.format,
                })
                .collect();
        }
        ctx.insert("downloads", &downloads);
    }
    fn body_free(&self) -> bool {
        true
    }
    fn unchanged_by(&self, change: &PageChange<'_>) -> bool {
        // data.json also dates the notices and the lists of disclosed information by
        // their newest page.
        change.text_only()
            || (change.same_dates()
                && !(change.is_event_or_task_group()
                    || matches!(change.new.front.kind, Kind::Plan(_))))
    }
}

/// A plan's dashboard: its targets and projects as figures.
pub struct Dashboard;

impl SiteOutput for Dashboard {
    fn name(&self) -> &'static str {
        "dashboard"
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        let views = p.views;
        let lang = p.lang;
        let dash = p.page.and_then(|id| views.plan(id)).map(|plan| {
            let words = dashboard::Words {
                goal: views.label(lang, "target_value"),
                actual: views.label(lang, "actual_value"),
                not_reported: views.label(lang, "not_reported"),
                scale: views.label(lang, "dashboard_scale"),
                projects: views.label(lang, "projects"),
            };
            dashboard::dashboard(&plan, &words)
        });
        ctx.insert("dashboard", &dash);
    }
}

/// The timeline of an events section.
pub struct Timeline;

impl SiteOutput for Timeline {
    fn name(&self) -> &'static str {
        "timeline"
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        let mut timelines = Vec::new();
        if let Some(id) = p.page.filter(|_| p.template == "events.html") {
            let site = p.views.site;
            // The events that page shows: a past year's, or the current year's on.
            let year = ctx
                .get("event_year")
                .and_then(tera::Value::as_i64)
                .and_then(|y| i32::try_from(y).ok());
            let events = super::event_years::shown(site, id, year, p.views.today.year);
            timelines = timeline::timelines(site, &events, p.lang, &|k| p.views.label(p.lang, k));
        }
        ctx.insert("timelines", &timelines);
    }
}

/// A page's schema.org data, in its head.
pub struct JsonLd;

impl SiteOutput for JsonLd {
    fn name(&self) -> &'static str {
        "jsonld"
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        // A document is schema.org `Legislation` (render/documents.rs).
        ctx.insert(
            "jsonld",
            &p.page.and_then(|id| {
                super::documents::jsonld(p.views.site, id)
                    .map(|v| jsonld::script_safe(&v.to_string()))
                    .or_else(|| jsonld::for_page(p.views.site, id))
            }),
        );
    }
}

/// The snapshots of `archive/`: their index pages and their files as published.
pub struct Archive;

impl SiteOutput for Archive {
    fn name(&self) -> &'static str {
        "archive"
    }
    fn pages(&self, views: &Views<'_>) -> Vec<GeneratedPage> {
        archive::index_pages(views)
    }
    fn copies(&self, site: &Site) -> Vec<(String, PathBuf)> {
        archive::copies(site)
    }
}

/// The search page and each language's search index (every word of every page).
pub struct Search;

impl SiteOutput for Search {
    fn name(&self) -> &'static str {
        "search"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        search_index::files(made.views, made.search)
    }
    fn pages(&self, views: &Views<'_>) -> Vec<GeneratedPage> {
        search_index::pages(views)
    }
}

/// The notices' feed (`notices.xml` per language), their open data
/// (`data/notices.json` with its schema) and the feed's link on every page. They read
/// the notices only: every field of their front matter, their summaries and bodies.
pub struct Notices;

impl SiteOutput for Notices {
    fn name(&self) -> &'static str {
        "notices"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        let mut files = notices::feed_files(made.views);
        files.extend(notices::data_files(made.views));
        files
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        ctx.insert("notices_feed", &notices::feed_link(p.views, p.lang));
    }
    fn unchanged_by(&self, change: &PageChange<'_>) -> bool {
        !matches!(change.new.front.kind, Kind::Notice(_))
            && !matches!(change.old.front.kind, Kind::Notice(_))
    }
}

/// The list of disclosed information: its page per language, `data/disclosed.json`
/// with its schema, and the link to it in every page's footer. It names every page
/// with its title, kind, date and address.
pub struct Disclosure;

impl SiteOutput for Disclosure {
    fn name(&self) -> &'static str {
        "disclosure"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &Made<'_>) -> Vec<SiteFile> {
        disclosure::data_files(made.views)
    }
    fn pages(&self, views: &Views<'_>) -> Vec<GeneratedPage> {
        disclosure::pages(views)
    }
    fn extend_context(&self, p: &PageContext<'_, '_>, ctx: &mut tera::Context) {
        ctx.insert("disclosed_url", &disclosure::link(p.views.site, p.lang));
    }
    fn body_free(&self) -> bool {
        true
    }
    fn unchanged_by(&self, change: &PageChange<'_>) -> bool {
        change.text_only()
    }
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
    fn output_names_are_unique() {
        let mut names: Vec<&str> = super::OUTPUTS.iter().map(|o| o.name()).collect();
        names.sort();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "two outputs share a name: {names:?}");
    }

    #[test]
    fn every_output_file_of_the_bundled_site() {
        let (site, theme) = bundled();
        let views = Views::new(&site, &theme.labels);
        let made = super::Made {
            views: &views,
            html: &Vec::new,
            search: &|_| true,
        };
        let files = super::site_files(&made, &|group| group != "search");
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
