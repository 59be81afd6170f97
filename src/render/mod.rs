//! The render stage: one pure function from the site graph and the theme to the
//! site's files, handed to a [`Sink`] as they are made (so memory stays bounded and the
//! caller decides where bytes go: a staging folder, memory, nowhere for `check`).

pub mod archive;
pub mod attachments;
pub mod context;
pub mod dashboard;
pub mod date_display;
pub mod disclosure;
pub mod documents;
pub mod event_years;
pub mod feeds;
mod home_events;
pub mod ical;
pub mod jsonld;
mod names;
pub mod notices;
pub mod open_data;
pub mod outputs;
pub mod paginate;
pub mod plans;
pub mod register;
pub mod search_index;
pub mod sitemap;
pub mod templates;
pub mod timeline;
mod xml;

use crate::content::front_matter::Kind;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use crate::site::{PageId, Site};
use context::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Mutex;
use templates::Theme;

use crate::sink::Sink;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    /// Album thumbnails resized in this build, and those taken from the cache.
    pub thumbnails_made: usize,
    pub thumbnails_reused: usize,
}

/// One file to make.
enum Job {
    Page(PageId),
    /// Page `n` (from 2) of a section's split list; page 1 is the section's own.
    ListPage(PageId, usize),
    /// The page of a past year of an events section.
    EventYear(PageId, i32),
    TaxonomyIndex {
        lang: String,
        taxonomy: usize,
    },
    Term {
        lang: String,
        taxonomy: usize,
        term: usize,
        /// From 1: page `n` of the term's split list.
        n: usize,
    },
    NotFound {
        lang: String,
    },
    Generated(GeneratedPage),
}

/// An HTML page that no content file describes (a search page, an archive index...):
/// rendered with the theme like the others, with its own data under `data`.
pub struct GeneratedPage {
    pub lang: String,
    /// Output path, `/`-separated, ending in `.html`.
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub data: serde_json::Value,
}

/// A file made from the whole site rather than rendered from a template: feeds,
/// calendars, open data, search indexes.
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a file of the render is, so that a caller can render only some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output<'a> {
    Page(PageId),
    TaxonomyIndex {
        lang: &'a str,
        taxonomy: &'static str,
    },
    Term {
        lang: &'a str,
        taxonomy: &'static str,
        slug: &'a str,
    },
    NotFound,
    Generated,
    /// A whole-site file of a group (`calendars`, `feeds`, `sitemap`, `open-data`,
    /// `search`).
    SiteFile {
        group: &'static str,
    },
    /// Asked before a group of whole-site files is made: if refused, none of its files
    /// is made or asked about. Not a file itself (its path is empty).
    SiteFileGroup {
        group: &'static str,
    },
    /// Asked before a language's search index is made (a costly whole-language file
    /// set, under `search::index_dir`): if refused, none of its files is made or asked
    /// about. Not a file itself.
    SearchIndex {
        lang: &'a str,
    },
    Static,
    /// Copied from a snapshot in `archive/`.
    Archived,
    Asset,
}

/// Decides, for each file of a full render (its path and what it is), whether to make
/// it. It is asked once about every file the full render would make, skipped or not.
pub type Filter<'a> = &'a (dyn Fn(&str, Output<'_>) -> bool + Sync);

#[derive(Serialize, Clone)]
struct SiteView {
    title: String,
    description: String,
    issuer: String,
    office: String,
    contact: Option<String>,
    base_url: String,
    lang: String,
    default_lang: String,
    languages: Vec<LanguageView>,
    extra: serde_json::Value,
    /// The archive index of this language, when there are snapshots.
    archive_url: Option<String>,
    search: Option<search_index::SearchLinks>,
    /// For each language code: the mark of an item listed here that exists only in
    /// that language ("only in Vietnamese").
    only_in: std::collections::BTreeMap<String, String>,
    /// The register of documents of this language, when it has documents.
    documents_url: Option<String>,
}

#[derive(Serialize, Clone)]
struct LanguageView {
    code: String,
    name: String,
}

#[derive(Serialize, Clone)]
struct NavItem {
    title: String,
    /// From the output root; as written (`https:`) when `external`.
    url: String,
    external: bool,
    /// Set when the page has no version in the menu's language (a fallback).
    lang: Option<String>,
    /// The link to the page being shown.
    current: bool,
    /// A section the page being shown sits in.
    active: bool,
}

#[derive(Serialize)]
struct MonthGroup {
    label: String,
    /// `2020-10` or `2020-Q4`: the group's key, usable as an id.
    key: String,
    imprecise: bool,
    events: Vec<tera::Value>,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
}

/// Per language: the site values, the labels, and the navigation entries.
struct LanguageShared {
    site: tera::Value,
    labels: tera::Value,
    nav: Vec<NavEntry>,
}

/// A navigation entry as template values, made once per language in its four states
/// (indexed by `current` × 2 + `active`): each page picks one per entry instead of
/// converting the whole menu again.
struct NavEntry {
    /// None for a link of `menu:`.
    page: Option<PageId>,
    states: [tera::Value; 4],
}

/// Depth-many `../`: the way from a file in `dir` back to the output root.
fn root_for(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

fn is_events_section(site: &Site, id: PageId) -> bool {
    let kids: Vec<&PageId> = site.children[id]
        .iter()
        .filter(|&&c| !site.pages[c].is_section)
        .collect();
    !kids.is_empty()
        && kids
            .iter()
            .all(|&&c| matches!(site.pages[c].front.kind, Kind::Event(_)))
}

fn template_for(site: &Site, id: PageId) -> &'static str {
    let p = &site.pages[id];
    match &p.front.kind {
        Kind::Plan(_) => "plan.html",
        Kind::TaskGroup(_) => "task_group.html",
        Kind::Event(_) => "event.html",
        Kind::Album(_) => "album.html",
        Kind::Document(_) => "document.html",
        Kind::Notice(_) => "notice.html",
        Kind::Page if p.is_section && p.dir.is_empty() => "home.html",
        Kind::Page if p.is_section && is_events_section(site, id) => "events.html",
        Kind::Page if p.is_section && plans::is_plans_section(site, id) => "plans.html",
        Kind::Page if p.is_section && notices::is_notices_section(site, id) => "notices.html",
        Kind::Page if p.is_section => "section.html",
        Kind::Page => "page.html",
    }
}

/// Items per page of a section's list: the site's `paginate`, unless the section says.
fn per_page(site: &Site, id: PageId) -> usize {
    site.pages[id]
        .front
        .list
        .paginate
        .unwrap_or(site.config.paginate)
}

/// The folder of a page's first list page (`tin-tuc/`), from the output root.
fn list_base(url: &str) -> &str {
    url
}

/// Whether a section shown with `template` lists its pages over several pages.
fn is_paginated(template: &str) -> bool {
    template == "section.html" || template == "notices.html"
}

/// A section's pages in the order its list shows them: notices newest posted first.
fn list_order(site: &Site, id: PageId, template: &str) -> Vec<PageId> {
    if template == "notices.html" {
        notices::section_order(site, id)
    } else {
        site.children[id].clone()
    }
}

/// The pages a section's list is split into, when it is shown as a list.
fn section_pages(site: &Site, id: PageId) -> usize {
    if !is_paginated(template_for(site, id)) {
        return 1;
    }
    paginate::page_count(site.children[id].len(), per_page(site, id))
}

/// Events grouped by month; those known only by quarter or month sit under that period.
fn group_by_month(views: &Views<'_>, events: &[PageId], lang: &str) -> Vec<MonthGroup> {
    let mut groups: Vec<MonthGroup> = Vec::new();
    for &e in events {
        let Kind::Event(ev) = &views.site.pages[e].front.kind else {
            continue;
        };
        let (key, label, imprecise) = match ev.start {
            crate::dates::When::Quarter { .. } => {
                (ev.start.iso(), date_display::when(&ev.start, lang), true)
            }
            _ => {
                let d = ev.start.first_day();
                (
                    format!("{:04}-{:02}", d.year, d.month),
                    date_display::month(d.year, d.month, lang),
                    false,
                )
            }
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => g.events.push(views.summary_value(e)),
            None => groups.push(MonthGroup {
                label,
                key,
                imprecise,
                events: vec![views.summary_value(e)],
            }),
        }
    }
    // Precise months in order first, then the imprecise periods (they span those months).
    groups.sort_by(|a, b| (a.imprecise, &a.key).cmp(&(b.imprecise, &b.key)));
    groups
}

/// Where a job's file goes and what makes it.
struct JobTarget {
    lang: String,
    /// The output path, `/`-separated.
    path: String,
    template: &'static str,
    /// The file named in its errors.
    file: String,
}

fn job_target(site: &Site, job: &Job) -> JobTarget {
    match job {
        Job::Page(id) => {
            let p = &site.pages[*id];
            JobTarget {
                lang: p.lang.clone(),
                path: crate::site::links::page_file(&p.url),
                template: template_for(site, *id),
                file: p.file.clone(),
            }
        }
        Job::ListPage(id, n) => {
            let p = &site.pages[*id];
            JobTarget {
                lang: p.lang.clone(),
                path: paginate::page_path(list_base(&p.url), &p.lang, *n),
                template: template_for(site, *id),
                file: p.file.clone(),
            }
        }
        Job::EventYear(id, year) => {
            let p = &site.pages[*id];
            JobTarget {
                lang: p.lang.clone(),
                path: event_years::year_path(site, *id, *year),
                template: "events.html",
                file: p.file.clone(),
            }
        }
        Job::TaxonomyIndex { lang, taxonomy } => {
            let key = site.taxonomies[lang][*taxonomy].key;
            JobTarget {
                lang: lang.clone(),
                path: format!("{}{key}/index.html", site.language_prefix(lang)),
                template: "taxonomy.html",
                file: format!("{key} ({lang})"),
            }
        }
        Job::Term {
            lang,
            taxonomy,
            term,
            n,
        } => {
            let t = &site.taxonomies[lang][*taxonomy];
            let first = context::term_url(site, lang, t.key, &t.terms[*term].slug);
            JobTarget {
                lang: lang.clone(),
                path: paginate::page_path(first.trim_end_matches("index.html"), lang, *n),
                template: "term.html",
                file: format!("{} `{}`", t.key, t.terms[*term].name),
            }
        }
        Job::NotFound { lang } => JobTarget {
            lang: lang.clone(),
            path: format!("{}404.html", site.language_prefix(lang)),
            template: "404.html",
            file: "404".into(),
        },
        Job::Generated(g) => JobTarget {
            lang: g.lang.clone(),
            path: g.path.clone(),
            template: g.template,
            file: g.path.clone(),
        },
    }
}

pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
    render_filtered(site, theme, sink, None)
}

/// Renders the files `filter` accepts (all when it is None): `watch` re-renders only
/// what a change can touch, with the same code as a full build.
pub fn render_filtered(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    filter: Option<Filter<'_>>,
) -> Result<Stats, Vec<Diagnostic>> {
    render_some(site, theme, sink, filter, None)
}

/// Like [`render_filtered`], but of the content pages only those in `pages` are made
/// or asked about: a rebuild that knows which pages an edit reaches costs those pages,
/// not a question about each of the site's pages. Every other file is asked about as
/// in [`render_filtered`].
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    pages: &[PageId],
    filter: Filter<'_>,
) -> Result<Stats, Vec<Diagnostic>> {
    render_some(site, theme, sink, Some(filter), Some(pages))
}

/// The files to render from templates: the content pages (`pages`, or all), then the
/// taxonomy lists, the 404 pages and the generated pages.
fn jobs(site: &Site, views: &Views<'_>, pages: Option<&[PageId]>) -> Vec<Job> {
    let today_year = views.today.year;
    let ids: Vec<PageId> = match pages {
        Some(ids) => ids.to_vec(),
        None => (0..site.pages.len()).collect(),
    };
    let mut jobs: Vec<Job> = ids.iter().copied().map(Job::Page).collect();
    for &id in &ids {
        if site.pages[id].is_section {
            jobs.extend((2..=section_pages(site, id)).map(|n| Job::ListPage(id, n)));
            if is_events_section(site, id) {
                let years = event_years::years(site, id, today_year);
                jobs.extend(years.past.into_iter().map(|y| Job::EventYear(id, y)));
            }
        }
    }
    for l in &site.config.languages {
        if !site.homes.contains_key(&l.code) {
            continue;
        }
        for (ti, tax) in site
            .taxonomies
            .get(&l.code)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if tax.terms.is_empty() {
                continue;
            }
            jobs.push(Job::TaxonomyIndex {
                lang: l.code.clone(),
                taxonomy: ti,
            });
            for (term, t) in tax.terms.iter().enumerate() {
                let split = paginate::page_count(t.pages.len(), site.config.paginate);
                jobs.extend((1..=split).map(|n| Job::Term {
                    lang: l.code.clone(),
                    taxonomy: ti,
                    term,
                    n,
                }));
            }
        }
        jobs.push(Job::NotFound {
            lang: l.code.clone(),
        });
    }
    jobs.extend(
        outputs::generated_pages(views)
            .into_iter()
            .map(Job::Generated),
    );
    jobs
}

fn render_some(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    filter: Option<Filter<'_>>,
    pages: Option<&[PageId]>,
) -> Result<Stats, Vec<Diagnostic>> {
    // A name no file system takes fails `check` as it would fail `build`, before
    // anything is written, naming the source file.
    let too_long = names::too_long(site, pages);
    if !too_long.is_empty() {
        return Err(too_long);
    }
    let wanted = |path: &str, what: Output<'_>| filter.is_none_or(|f| f(path, what));
    let views = Views::new(site, &theme.labels);
    let jobs = jobs(site, &views, pages);

    // Per-language values shared by every page, converted to template values once.
    let mut shared: std::collections::HashMap<String, LanguageShared> = Default::default();
    for l in &site.config.languages {
        let sv = SiteView {
            title: l.title.clone(),
            description: l.description.clone(),
            issuer: l.issuer.clone(),
            office: l.office.clone(),
            contact: l.contact.clone(),
            base_url: site.config.base_url.clone(),
            lang: l.code.clone(),
            default_lang: site.config.default_language().code.clone(),
            languages: site
                .config
                .languages
                .iter()
                .map(|x| LanguageView {
                    code: x.code.clone(),
                    name: x.name.clone(),
                })
                .collect(),
            extra: site.config.extra.clone(),
            archive_url: archive::index_url(site, &l.code),
            search: search_index::links(site, &l.code),
            only_in: site
                .config
                .languages
                .iter()
                .map(|x| {
                    let mark = views
                        .labels(&l.code)
                        .get(&format!("only_in_{}", x.code))
                        .cloned()
                        .unwrap_or_else(|| x.name.clone());
                    (x.code.clone(), mark)
                })
                .collect(),
            documents_url: (!documents::register(site, &l.code).is_empty())
                .then(|| format!("{}index.html", documents::register_path(site, &l.code))),
        };
        let home = site.homes.get(&l.code).copied();
        let nav: Vec<NavEntry> = site
            .nav(&l.code)
            .into_iter()
            .map(|entry| {
                let (page, title, url, external) = match entry {
                    crate::site::NavEntry::Page { id, title } => {
                        let title = title.unwrap_or_else(|| {
                            if Some(id) == home {
                                views
                                    .labels(&l.code)
                                    .get("home")
                                    .cloned()
                                    .unwrap_or_else(|| site.pages[id].front.title.clone())
                            } else {
                                site.pages[id].front.title.clone()
                            }
                        });
                        let url = crate::site::links::page_file(&site.pages[id].url);
                        (Some(id), title, url, false)
                    }
                    crate::site::NavEntry::Link {
                        title,
                        url,
                        external,
                    } => (None, title, url, external),
                };
                let lang = page.map(|id| site.pages[id].lang.clone());
                let state = |current: bool, active: bool| {
                    tera::Value::from_serializable(&NavItem {
                        title: title.clone(),
                        url: url.clone(),
                        external,
                        lang: lang.clone().filter(|x| *x != l.code),
                        current,
                        active,
                    })
                };
                NavEntry {
                    page,
                    states: [
                        state(false, false),
                        state(false, true),
                        state(true, false),
                        state(true, true),
                    ],
                }
            })
            .collect();
        shared.insert(
            l.code.clone(),
            LanguageShared {
                site: tera::Value::from_serializable(&sv),
                labels: tera::Value::from_serializable(views.labels(&l.code)),
                nav,
            },
        );
    }

    let albums = crate::album::prepare(site, sink);
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(albums.errors.clone());
    let render_failures: Mutex<Vec<(&str, String, tera::Error)>> = Mutex::new(Vec::new());
    let pages_done = std::sync::atomic::AtomicUsize::new(0);
    let files = std::sync::atomic::AtomicUsize::new(albums.files);
    let write = |path: &str, bytes: &[u8], file_for_errors: &str| match sink.put(path, bytes) {
        Ok(()) => {
            files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Err(e) => errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Diagnostic::new(
                "E0501",
                file_for_errors,
                tr("E0501", &[("path", &path), ("reason", &e)]),
            )),
    };

    // A generated page made in several languages (an archive index, a search page)
    // switches language to its counterpart rather than to the other home page.
    let generated: Vec<(&str, &str)> = jobs
        .iter()
        .filter_map(|j| match j {
            Job::Generated(g) => Some((g.lang.as_str(), g.path.as_str())),
            _ => None,
        })
        .collect();

    let html = || -> Vec<sitemap::Entry> {
        // The sitemap lists every HTML file, rendered this time or not.
        let all;
        let listed = match pages {
            None => &jobs,
            Some(_) => {
                all = self::jobs(site, &views, None);
                &all
            }
        };
        listed
            .iter()
            // A list's later pages hold no text of their own: each item is listed at
            // its own address, and the list at its first page.
            .filter(|j| {
                !matches!(
                    j,
                    Job::NotFound { .. }
                        | Job::ListPage(..)
                        | Job::EventYear(..)
                        | Job::Term { n: 2.., .. }
                )
            })
            .map(|j| {
                let JobTarget { lang, path, .. } = job_target(site, j);
                let page = match j {
                    Job::Page(id) => Some(*id),
                    _ => None,
                };
                sitemap::Entry { lang, path, page }
            })
            .collect()
    };

    let render_job = |job: &Job| {
        let JobTarget {
            lang,
            path: out_path,
            template,
            file: file_for_errors,
        } = job_target(site, job);
        let what = match job {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => Output::Page(*id),
            Job::TaxonomyIndex { lang, taxonomy } => Output::TaxonomyIndex {
                lang,
                taxonomy: site.taxonomies[lang][*taxonomy].key,
            },
            Job::Term {
                lang,
                taxonomy,
                term,
                ..
            } => Output::Term {
                lang,
                taxonomy: site.taxonomies[lang][*taxonomy].key,
                slug: &site.taxonomies[lang][*taxonomy].terms[*term].slug,
            },
            Job::NotFound { .. } => Output::NotFound,
            Job::Generated(_) => Output::Generated,
        };
        if !wanted(&out_path, what) {
            return;
        }
        let Some(LanguageShared {
            site: site_value,
            labels: labels_value,
            nav,
        }) = shared.get(&lang)
        else {
            return;
        };
        let mut ctx = tera::Context::new();
        let dir = out_path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let root = if matches!(job, Job::NotFound { .. }) {
            // A 404 page is served at whatever address was missing, so relative paths
            // would point nowhere: it alone starts its links from the public address's
            // path (no host, so a preview or a second host serves its stylesheet too,
            // and no inline styles, which a strict Content-Security-Policy refuses).
            crate::config::url_path(&site.config.base_url)
        } else {
            root_for(&dir)
        };
        ctx.insert("lang", &lang);
        ctx.insert("root", &root);
        ctx.insert(
            "home_url",
            &format!("{}index.html", site.language_prefix(&lang)),
        );
        ctx.insert_value("site", site_value.clone());
        ctx.insert_value("t", labels_value.clone());
        // Present on every file, null where there is no page, so templates can test it.
        ctx.insert_value("page", tera::Value::none());
        ctx.insert_value("pager", tera::Value::none());
        // The public address of a file that shows a page somewhere else than at the
        // page's own (a list's page 2, an events section's past year): its canonical.
        let public = out_path.strip_suffix("index.html").unwrap_or(&out_path);
        let elsewhere = matches!(
            job,
            Job::ListPage(..) | Job::EventYear(..) | Job::Term { n: 2.., .. }
        );
        ctx.insert(
            "other_address",
            &elsewhere.then(|| format!("{}{public}", site.config.base_url)),
        );
        let event_year = match job {
            Job::EventYear(_, y) => Some(*y),
            _ => None,
        };
        ctx.insert("event_year", &event_year);
        ctx.insert(
            "event_year_label",
            &event_year.map(|y| date_display::when(&crate::dates::When::Year(y), &lang)),
        );
        let (current, ancestors) = match job {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => {
                (Some(*id), site.ancestors(*id))
            }
            _ => (None, Vec::new()),
        };
        let home = site.homes.get(&lang).copied();
        let nav_items: Vec<tera::Value> = nav
            .iter()
            .map(|e| {
                let current = e.page.is_some() && current == e.page;
                let active = e
                    .page
                    .is_some_and(|p| ancestors.contains(&p) && Some(p) != home);
                e.states[usize::from(current) * 2 + usize::from(active)].clone()
            })
            .collect();
        ctx.insert_value("nav", tera::Value::from(nav_items));
        ctx.insert(
            "archived",
            &archive::archived_view(site, &lang, &out_path, matches!(job, Job::NotFound { .. })),
        );
        outputs::extend_context(&views, current, template, &lang, &mut ctx);
        match job {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => {
                let n = match job {
                    Job::ListPage(_, n) => *n,
                    _ => 1,
                };
                ctx.insert("page", &views.page(*id));
                ctx.insert("translations", &views.translations(*id));
                if let Some(photos) = albums.photos.get(id) {
                    ctx.insert("photos", photos);
                }
                let p = &site.pages[*id];
                if p.is_section {
                    let per_page = if is_paginated(template) {
                        per_page(site, *id)
                    } else {
                        0
                    };
                    let order = list_order(site, *id, template);
                    let split = paginate::paginate(&order, per_page, list_base(&p.url), &lang);
                    if let Some(this) = split.get(n - 1) {
                        ctx.insert_value("section", views.summary_list(this.items.iter().copied()));
                        ctx.insert("pager", &this.pager);
                    }
                }
                if template == "events.html" {
                    let events = event_years::shown(site, *id, event_year, views.today.year);
                    ctx.insert("months", &group_by_month(&views, &events, &lang));
                    ctx.insert(
                        "event_years",
                        &event_years::links(site, *id, event_year, views.today.year),
                    );
                }
                if template == "plans.html" {
                    let (years, others) = plans::by_year(&views, *id);
                    ctx.insert("plan_years", &years);
                    ctx.insert("section", &others);
                }
                if template == "home.html" {
                    let plan = views
                        .current_plans(&lang)
                        .first()
                        .or(site.plans(&lang).first())
                        .and_then(|&pl| views.plan(pl));
                    ctx.insert("current_plan", &plan);
                    let home = home_events::of(&views, &lang);
                    ctx.insert_value(
                        "events",
                        views.summary_list(home.recent.iter().rev().chain(&home.upcoming).copied()),
                    );
                    ctx.insert_value("upcoming_events", views.summary_list(home.upcoming));
                    ctx.insert_value("recent_events", views.summary_list(home.recent));
                    ctx.insert("all_events_url", &home.all_url);
                    ctx.insert("more_events", &home.more);
                    ctx.insert_value(
                        "open_notices",
                        views.summary_list(notices::open_notices(site, &lang, views.now)),
                    );
                }
            }
            Job::TaxonomyIndex { taxonomy, .. } => {
                let t = &site.taxonomies[&lang][*taxonomy];
                ctx.insert("taxonomy", t.key);
                ctx.insert(
                    "terms",
                    &t.terms
                        .iter()
                        .map(|term| TermView {
                            name: term.name.clone(),
                            url: context::term_url(site, &lang, t.key, &term.slug),
                            count: term.pages.len(),
                        })
                        .collect::<Vec<_>>(),
                );
                ctx.insert("translations", &lang_homes(site, &lang));
            }
            Job::Term {
                taxonomy, term, n, ..
            } => {
                let t = &site.taxonomies[&lang][*taxonomy];
                let term = &t.terms[*term];
                let first = context::term_url(site, &lang, t.key, &term.slug);
                let split = paginate::paginate(
                    &term.pages,
                    site.config.paginate,
                    first.trim_end_matches("index.html"),
                    &lang,
                );
                let on_page = split.get(n - 1).map(|p| p.items).unwrap_or_default();
                ctx.insert("pager", &split.get(n - 1).and_then(|p| p.pager.as_ref()));
                ctx.insert("taxonomy", t.key);
                ctx.insert(
                    "term",
                    &TermView {
                        name: term.name.clone(),
                        url: context::term_url(site, &lang, t.key, &term.slug),
                        count: term.pages.len(),
                    },
                );
                ctx.insert_value("pages", views.summary_list(on_page.iter().copied()));
                ctx.insert("translations", &lang_homes(site, &lang));
            }
            Job::NotFound { .. } => {
                ctx.insert("translations", &lang_homes(site, &lang));
            }
            Job::Generated(g) => {
                let own = g
                    .path
                    .strip_prefix(&site.language_prefix(&lang))
                    .unwrap_or(&g.path);
                let translations: Vec<context::Translation> = lang_homes(site, &lang)
                    .into_iter()
                    .map(|mut tr| {
                        let counterpart = format!("{}{own}", site.language_prefix(&tr.lang));
                        if generated.contains(&(tr.lang.as_str(), counterpart.as_str())) {
                            tr.url = counterpart;
                            tr.exists = true;
                        }
                        tr
                    })
                    .collect();
                ctx.insert("translations", &translations);
                ctx.insert("title", &g.title);
                ctx.insert("data", &g.data);
            }
        }
        // Page n of a list in one language is no version of page n in another (the
        // lists differ in length), so later pages name no alternates.
        let mut alternates = if elsewhere {
            Vec::new()
        } else {
            outputs::hreflang_alternates(site, &lang, &out_path, ctx.get("translations"))
        };
        // A frozen copy's versions are the frozen copies of its translations.
        for a in &mut alternates {
            a.href = archive::frozen_address(site, &a.href);
        }
        ctx.insert("alternates", &alternates);
        // Into bytes: Tera's own `render` checks its whole output is UTF-8 once more
        // with the standard library's slower check, before ours in `nfc`.
        let mut html = Vec::with_capacity(32 * 1024);
        match theme.tera.render_to(template, &ctx, &mut html) {
            Ok(()) => {
                let Ok(html) = simdutf8::basic::from_utf8(&html) else {
                    // Tera writes only strings; keep what the old path would have said.
                    let e = tera::Error::message("the template's output is not UTF-8");
                    render_failures
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((template, file_for_errors.clone(), e));
                    return;
                };
                let html = crate::text::nfc(html);
                write(&out_path, html.as_bytes(), &file_for_errors);
                if matches!(job, Job::Page(_)) {
                    pages_done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Err(e) => render_failures
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((template, file_for_errors.clone(), e)),
        }
    };

    // A large site's search index is thousands of small files.
    let search = |lang: &str| {
        let dir = crate::search::index_dir(lang);
        wanted(&dir, Output::SearchIndex { lang })
    };
    let group = |group: &'static str| wanted("", Output::SiteFileGroup { group });
    let make_site_files = || {
        let made = outputs::Made {
            views: &views,
            html: &html,
            search: &search,
        };
        outputs::site_files(&made, &group)
            .par_iter()
            .filter(|(group, f)| wanted(&f.path, Output::SiteFile { group }))
            .for_each(|(_, f)| write(&f.path, &f.bytes, &f.path))
    };
    if filter.is_none() {
        // A full build: side by side, since the whole-site files (the search index
        // above all) have stretches that run on one core, which the pages fill. Lists
        // of many pages take longest: started last, one of them would end the build on
        // one core (a second at 50,000 pages). Files do not depend on order.
        let list = |j: &&Job| match j {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => {
                site.pages[*id].is_section
            }
            Job::TaxonomyIndex { .. } | Job::Term { .. } => true,
            Job::NotFound { .. } | Job::Generated(_) => false,
        };
        let longest_first: Vec<&Job> = jobs
            .iter()
            .filter(list)
            .chain(jobs.iter().filter(|j| !list(j)))
            .collect();
        rayon::join(
            || longest_first.par_iter().for_each(|j| render_job(j)),
            make_site_files,
        );
    } else {
        // A rebuild while watching: the pages an edit changed come first, so the editor
        // sees them before the whole-site files are made again.
        jobs.par_iter().for_each(render_job);
        make_site_files();
    }
    let copies = theme
        .static_files
        .iter()
        .map(|(path, src)| (path.clone(), src.clone(), Output::Static))
        .chain(
            outputs::copied_files(site)
                .into_iter()
                .map(|(path, src)| (path, src, Output::Archived)),
        );
    for (path, src, what) in copies {
        if !wanted(&path, what) {
            continue;
        }
        if let Err(e) = sink.copy(&path, &src) {
            errors
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Diagnostic::new(
                    "E0501",
                    path.clone(),
                    tr("E0501.copy", &[("reason", &e)]),
                ));
        } else {
            files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
    site.assets.par_iter().for_each(|a| {
        if !wanted(&a.output_path, Output::Asset) {
            return;
        }
        if let Err(e) = sink.copy(&a.output_path, &a.abs_path) {
            errors
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Diagnostic::new(
                    "E0501",
                    format!("content/{}", a.source_path),
                    tr("E0501.copy", &[("reason", &e)]),
                ));
        } else {
            files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    });
    views.free_in_background();

    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.extend(templates::group_render_errors(
        render_failures
            .into_inner()
            .unwrap_or_else(|p| p.into_inner()),
    ));
    if !errors.is_empty() {
        errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        errors.dedup();
        return Err(errors);
    }
    Ok(Stats {
        pages: pages_done.into_inner(),
        files: files.into_inner(),
        thumbnails_made: albums.work.made,
        thumbnails_reused: albums.work.reused,
    })
}

/// For pages that exist in one language only: the switcher leads to the other homes.
fn lang_homes(site: &Site, lang: &str) -> Vec<context::Translation> {
    site.config
        .languages
        .iter()
        .filter(|l| l.code != lang && site.homes.contains_key(&l.code))
        .map(|l| context::Translation {
            lang: l.code.clone(),
            name: l.name.clone(),
            url: format!("{}index.html", site.language_prefix(&l.code)),
            title: l.title.clone(),
            exists: false,
        })
        .collect()
}
