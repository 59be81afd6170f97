//! The files rendered from templates, one [`Job`] each: what they are, where they go,
//! which template makes them, and the order a full build starts them in.

use super::context::{self, Views};
use super::{event_years, notices, outputs, paginate, plans, sitemap, GeneratedPage, Output};
use crate::content::front_matter::Kind;
use crate::site::{PageId, Site};

/// One file to make.
pub(super) enum Job {
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

/// Where a job's file goes and what makes it.
pub(super) struct JobTarget {
    pub lang: String,
    /// The output path, `/`-separated.
    pub path: String,
    pub template: &'static str,
    /// The file named in its errors.
    pub file: String,
}

impl Job {
    /// The content page the file shows, for the three jobs that show one.
    pub fn page(&self) -> Option<PageId> {
        match self {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => Some(*id),
            _ => None,
        }
    }

    /// The past year an events section's file shows.
    pub fn event_year(&self) -> Option<i32> {
        match self {
            Job::EventYear(_, y) => Some(*y),
            _ => None,
        }
    }

    /// Which page of its list the file is, from 1.
    pub fn list_page(&self) -> usize {
        match self {
            Job::ListPage(_, n) => *n,
            _ => 1,
        }
    }

    /// The file shows a page somewhere else than at the page's own address (a list's
    /// page 2, an events section's past year).
    pub fn elsewhere(&self) -> bool {
        matches!(
            self,
            Job::ListPage(..) | Job::EventYear(..) | Job::Term { n: 2.., .. }
        )
    }

    /// What the file is, as a render's [`super::Filter`] is asked about it.
    pub fn output<'a>(&'a self, site: &'a Site) -> Output<'a> {
        match self {
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
        }
    }

    pub fn target(&self, site: &Site) -> JobTarget {
        match self {
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

    /// A list of many pages: the longest jobs.
    fn is_list(&self, site: &Site) -> bool {
        match self {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => {
                site.pages[*id].is_section
            }
            Job::TaxonomyIndex { .. } | Job::Term { .. } => true,
            Job::NotFound { .. } | Job::Generated(_) => false,
        }
    }
}

pub(super) fn is_events_section(site: &Site, id: PageId) -> bool {
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
pub(super) fn per_page(site: &Site, id: PageId) -> usize {
    site.pages[id]
        .front
        .list
        .paginate
        .unwrap_or(site.config.paginate)
}

/// The folder of a page's first list page (`tin-tuc/`), from the output root.
pub(super) fn list_base(url: &str) -> &str {
    url
}

/// Whether a section shown with `template` lists its pages over several pages.
pub(super) fn is_paginated(template: &str) -> bool {
    template == "section.html" || template == "notices.html"
}

/// A section's pages in the order its list shows them: notices newest posted first.
pub(super) fn list_order(site: &Site, id: PageId, template: &str) -> Vec<PageId> {
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

/// The files to render from templates: the content pages (`pages`, or all), then the
/// taxonomy lists, the 404 pages and the generated pages.
pub(super) fn jobs(site: &Site, views: &Views<'_>, pages: Option<&[PageId]>) -> Vec<Job> {
    let ids: Vec<PageId> = match pages {
        Some(ids) => ids.to_vec(),
        None => (0..site.pages.len()).collect(),
    };
    let mut jobs: Vec<Job> = ids.iter().copied().map(Job::Page).collect();
    // Every section's later list pages, whichever content pages are asked for: a
    // caller that keeps the files it was told about (watch) then knows the pages a
    // list no longer has.
    for id in 0..site.pages.len() {
        jobs.extend(more_pages_of(site, id, views.today.year));
    }
    for l in &site.config.languages {
        if site.homes.contains_key(&l.code) {
            jobs.extend(taxonomy_jobs(site, &l.code));
            jobs.push(Job::NotFound {
                lang: l.code.clone(),
            });
        }
    }
    jobs.extend(
        outputs::generated_pages(views)
            .into_iter()
            .map(Job::Generated),
    );
    jobs
}

/// A section's files besides its own: its list's later pages, its past years of events.
fn more_pages_of(site: &Site, id: PageId, today_year: i32) -> Vec<Job> {
    let mut jobs = Vec::new();
    if site.pages[id].is_section {
        jobs.extend((2..=section_pages(site, id)).map(|n| Job::ListPage(id, n)));
        if is_events_section(site, id) {
            let years = event_years::years(site, id, today_year);
            jobs.extend(years.past.into_iter().map(|y| Job::EventYear(id, y)));
        }
    }
    jobs
}

/// A language's taxonomy lists and the pages of each of their terms.
fn taxonomy_jobs(site: &Site, lang: &str) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (ti, tax) in site.taxonomies.get(lang).into_iter().flatten().enumerate() {
        if tax.terms.is_empty() {
            continue;
        }
        jobs.push(Job::TaxonomyIndex {
            lang: lang.to_string(),
            taxonomy: ti,
        });
        for (term, t) in tax.terms.iter().enumerate() {
            let split = paginate::page_count(t.pages.len(), site.config.paginate);
            jobs.extend((1..=split).map(|n| Job::Term {
                lang: lang.to_string(),
                taxonomy: ti,
                term,
                n,
            }));
        }
    }
    jobs
}

/// The order of a full build: lists of many pages take longest, and started last, one
/// of them would end the build on one core (a second at 50,000 pages).
pub(super) fn longest_first<'j>(site: &Site, jobs: &'j [Job]) -> Vec<&'j Job> {
    jobs.iter()
        .filter(|j| j.is_list(site))
        .chain(jobs.iter().filter(|j| !j.is_list(site)))
        .collect()
}

/// The generated pages, as (language, path).
pub(super) fn generated(jobs: &[Job]) -> Vec<(&str, &str)> {
    jobs.iter()
        .filter_map(|j| match j {
            Job::Generated(g) => Some((g.lang.as_str(), g.path.as_str())),
            _ => None,
        })
        .collect()
}

/// What the sitemap lists: every HTML file but the 404 pages, rendered this time or
/// not (`jobs` is every job when `pages` is None, else only those of `pages`).
pub(super) fn sitemap_entries(
    site: &Site,
    views: &Views<'_>,
    jobs: &[Job],
    pages: Option<&[PageId]>,
) -> Vec<sitemap::Entry> {
    let all;
    let listed = match pages {
        None => jobs,
        Some(_) => {
            all = self::jobs(site, views, None);
            &all
        }
    };
    listed
        .iter()
        // A list's later pages hold no text of their own: each item is listed at its
        // own address, and the list at its first page.
        .filter(|j| !matches!(j, Job::NotFound { .. }) && !j.elsewhere())
        .map(|j| {
            let JobTarget { lang, path, .. } = j.target(site);
            let page = match j {
                Job::Page(id) => Some(*id),
                _ => None,
            };
            sitemap::Entry { lang, path, page }
        })
        .collect()
}
