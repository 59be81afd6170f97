//! The render stage: one pure function from the site graph and the theme to the
//! site's files, handed to a [`Sink`] as they are made (so memory stays bounded and the
//! caller decides where bytes go: a staging folder, memory, nowhere for `check`).

pub mod album;
pub mod archive;
pub mod attachments;
mod collisions;
pub mod context;
pub mod dashboard;
pub mod date_display;
pub mod disclosure;
pub mod documents;
pub mod event_years;
pub mod feeds;
mod home_events;
mod html;
pub mod ical;
mod job_context;
mod jobs;
pub mod jsonld;
mod language;
mod names;
pub mod notices;
pub mod open_data;
pub mod outputs;
pub mod paginate;
pub mod plans;
pub mod register;
pub mod search_index;
pub mod sitemap;
mod tally;
pub mod templates;
pub mod timeline;
mod xml;

use crate::diagnostic::Diagnostic;
use crate::sink::Sink;
use crate::site::{PageId, Site};
use context::Views;
use html::Html;
use rayon::prelude::*;
use tally::Tally;
use templates::Theme;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    /// Album thumbnails resized in this build, and those taken from the cache.
    pub thumbnails_made: usize,
    pub thumbnails_reused: usize,
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
/// in [`render_filtered`], the later pages of every section's list included (asked as
/// `Output::Page` of their section).
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    pages: &[PageId],
    filter: Filter<'_>,
) -> Result<Stats, Vec<Diagnostic>> {
    render_some(site, theme, sink, Some(filter), Some(pages))
}

/// The render, step by step. Every step hands its files to `sink` through the tally,
/// which counts them and collects every error for one sorted report at the end.
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
    let jobs = jobs::jobs(site, &views, pages);
    // Content published where congkhai publishes a file of its own: refused before
    // anything is written, at the content file (the whole-site files, known only once
    // made, are checked as they are made).
    let claims = collisions::Claims::of(site);
    let clashes = collisions::check(site, &claims, &jobs, theme);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let shared = language::shared(&views);
    let mut albums = album::prepare(site, sink);
    let tally = Tally::new(sink, albums.files, std::mem::take(&mut albums.errors));
    let html = Html {
        site,
        views: &views,
        theme,
        shared: &shared,
        photos: &albums.photos,
        generated: jobs::generated(&jobs),
        tally: &tally,
        wanted: &wanted,
    };
    let site_files = || make_site_files(&views, &jobs, pages, &wanted, &tally, &claims);
    if filter.is_none() {
        // A full build: side by side, since the whole-site files (the search index
        // above all) have stretches that run on one core, which the pages fill.
        let longest_first = jobs::longest_first(site, &jobs);
        rayon::join(
            || longest_first.par_iter().for_each(|j| html.render(j)),
            site_files,
        );
    } else {
        // A rebuild while watching: the pages an edit changed come first, so the editor
        // sees them before the whole-site files are made again.
        jobs.par_iter().for_each(|j| html.render(j));
        site_files();
    }
    copy_static_files(site, theme, &wanted, &tally);
    copy_assets(site, &wanted, &tally);
    views.free_in_background();
    tally.finish(&albums.work)
}

/// The whole-site files (calendars, feeds, sitemap, open data, search indexes...) of
/// the groups the render wants.
fn make_site_files(
    views: &Views<'_>,
    jobs: &[jobs::Job],
    pages: Option<&[PageId]>,
    wanted: Filter<'_>,
    tally: &Tally<'_>,
    claims: &collisions::Claims,
) {
    // The sitemap lists every HTML file, rendered this time or not.
    let html = || jobs::sitemap_entries(views.site, views, jobs, pages);
    // A large site's search index is thousands of small files.
    let search = |lang: &str| {
        wanted(
            &crate::search::index_dir(lang),
            Output::SearchIndex { lang },
        )
    };
    let group = |group: &'static str| wanted("", Output::SiteFileGroup { group });
    let made = outputs::Made {
        views,
        html: &html,
        search: &search,
    };
    outputs::site_files(&made, &group)
        .par_iter()
        .filter(|(group, f)| wanted(&f.path, Output::SiteFile { group }))
        .for_each(|(group, f)| match claims.site_file(&f.path, group) {
            Some(clash) => tally.refuse(clash),
            None => tally.put(&f.path, &f.bytes, &f.path),
        });
}

/// The theme's static files, and every output's files published as they are (the
/// frozen copies of archive/).
fn copy_static_files(site: &Site, theme: &Theme, wanted: Filter<'_>, tally: &Tally<'_>) {
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
        if wanted(&path, what) {
            tally.copy(&path, &src, &path);
        }
    }
}

/// The content's other files (images, PDFs...), published beside their pages.
fn copy_assets(site: &Site, wanted: Filter<'_>, tally: &Tally<'_>) {
    site.assets.par_iter().for_each(|a| {
        if wanted(&a.output_path, Output::Asset) {
            tally.copy(
                &a.output_path,
                &a.abs_path,
                &format!("content/{}", a.source_path),
            );
        }
    });
}
