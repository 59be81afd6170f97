//! Content where the generator publishes a file of its own. Every page and file of
//! `content/` claims one output address; so does every file congkhai makes: a list's
//! later pages (`tin-tuc/trang/2/`), an events section's past years (`su-kien/2021/`),
//! the taxonomy and term pages, the 404 pages, the generated pages (the register's year
//! and type pages, the search and archive pages, the list of disclosed information),
//! the whole-site files (feeds, calendars, open data, sitemap), the theme's files and
//! the archived copies. Two claims on one address would leave which file is published
//! to the order of writing; instead the content file is an error, naming what it
//! collides with. One set of addresses claimed by content, asked about every file the
//! render makes, rather than a list of reserved names that would miss the next output.

use super::jobs::{Job, JobTarget};
use super::templates::Theme;
use crate::diagnostic::{tr, Diagnostic};
use crate::site::Site;
use std::collections::HashMap;

/// The output addresses content claims: a page's `index.html`, a file's own path.
pub struct Claims {
    /// Output path → (the source file, `common.page` or `common.file`).
    by_path: HashMap<String, (String, &'static str)>,
}

/// What congkhai publishes at an address, and what to rename.
struct Generated {
    description: String,
    help: String,
}

impl Generated {
    /// A file congkhai makes outside the lists (a feed, a theme file...).
    fn file(description: String) -> Generated {
        Generated {
            description,
            help: tr("E0312.help", &[]),
        }
    }
}

impl Claims {
    pub fn of(site: &Site) -> Claims {
        let mut by_path = HashMap::with_capacity(site.pages.len() + site.assets.len());
        for p in &site.pages {
            by_path.insert(
                crate::site::links::page_file(&p.url),
                (p.file.clone(), "common.page"),
            );
        }
        for a in &site.assets {
            by_path.insert(
                a.output_path.clone(),
                (format!("content/{}", a.source_path), "common.file"),
            );
        }
        Claims { by_path }
    }

    /// The error when content claims `path`, where congkhai makes a whole-site file of
    /// `group` (a feed, a calendar, open data, the sitemap...).
    pub fn site_file(&self, path: &str, group: &str) -> Option<Diagnostic> {
        self.clash(path, || {
            Generated::file(tr("E0312.site-file", &[("group", &group)]))
        })
    }

    /// The error when content claims `path`, where congkhai publishes `generated`.
    fn clash(&self, path: &str, generated: impl FnOnce() -> Generated) -> Option<Diagnostic> {
        let (file, what) = self.by_path.get(path)?;
        let generated = generated();
        let at = path.strip_suffix("index.html").unwrap_or(path);
        Some(
            Diagnostic::new(
                "E0312",
                file.clone(),
                tr(
                    "E0312",
                    &[
                        ("what", &tr(what, &[])),
                        ("at", &at),
                        ("generated", &generated.description),
                    ],
                ),
            )
            .help(generated.help),
        )
    }
}

/// What a rendered file that is no content page shows; None for a content page (its
/// address is its claim).
fn generated(site: &Site, job: &Job, target: &JobTarget) -> Option<Generated> {
    let list = |id: usize| site.pages[id].url.clone();
    let (description, help) = match job {
        Job::Page(_) => return None,
        Job::ListPage(id, n) => (
            tr("E0312.list-page", &[("n", n), ("list", &list(*id))]),
            tr(
                "E0312.help-list",
                &[("folder", &super::paginate::segment(&target.lang))],
            ),
        ),
        Job::EventYear(id, year) => (
            tr("E0312.event-year", &[("year", year), ("list", &list(*id))]),
            tr("E0312.help-year", &[("year", year)]),
        ),
        Job::TaxonomyIndex { lang, taxonomy } => (
            tr(
                "E0312.taxonomy",
                &[("taxonomy", &site.taxonomies[lang][*taxonomy].key)],
            ),
            tr("E0312.help", &[]),
        ),
        Job::Term {
            lang,
            taxonomy,
            term,
            n,
        } => {
            let t = &site.taxonomies[lang][*taxonomy];
            let name = &t.terms[*term].name;
            if *n == 1 {
                (
                    tr("E0312.term-first", &[("term", name), ("taxonomy", &t.key)]),
                    tr("E0312.help", &[]),
                )
            } else {
                (
                    tr(
                        "E0312.term",
                        &[("n", n), ("term", name), ("taxonomy", &t.key)],
                    ),
                    tr(
                        "E0312.help-list",
                        &[("folder", &super::paginate::segment(lang))],
                    ),
                )
            }
        }
        Job::NotFound { .. } => (tr("E0312.not-found", &[]), tr("E0312.help", &[])),
        Job::Generated(g) => (
            tr("E0312.generated", &[("title", &g.title)]),
            tr("E0312.help", &[]),
        ),
    };
    Some(Generated { description, help })
}

/// Every content file whose address is one of `jobs`' generated pages, one of the
/// theme's files or an archived copy: one error per content file.
pub fn check(site: &Site, claims: &Claims, jobs: &[Job], theme: &Theme) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    for job in jobs {
        if matches!(job, Job::Page(_)) {
            continue;
        }
        let target = job.target(site);
        if let Some(d) = claims.clash(&target.path, || {
            generated(site, job, &target).unwrap_or_else(|| Generated::file(target.path.clone()))
        }) {
            errors.push(d);
        }
    }
    let copied = super::outputs::copied_files(site);
    let copies = theme
        .static_files
        .keys()
        .map(|path| (path.as_str(), false))
        .chain(copied.iter().map(|(path, _)| (path.as_str(), true)));
    for (path, archived) in copies {
        let what = if archived {
            "E0312.archived"
        } else {
            "E0312.static"
        };
        if let Some(d) = claims.clash(path, || Generated::file(tr(what, &[]))) {
            errors.push(d);
        }
    }
    errors.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    errors.dedup_by(|a, b| a.file == b.file);
    errors
}
