//! What a page shows besides the values every page has, by the kind of its job: a
//! content page (with its section's list, its events by month, its plans by year, the
//! home page's news), a taxonomy's list, a term's pages, a 404 page, a generated page.

use super::context::{self, Views};
use super::html::Html;
use super::jobs::{self, Job, JobTarget};
use super::{date_display, event_years, home_events, notices, paginate, plans};
use crate::content::front_matter::Kind;
use crate::site::PageId;
use serde::Serialize;

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

impl Html<'_> {
    pub(super) fn job_context(&self, job: &Job, target: &JobTarget, ctx: &mut tera::Context) {
        let lang = &target.lang;
        match job {
            Job::Page(id) | Job::ListPage(id, _) | Job::EventYear(id, _) => {
                self.page_context(job, *id, target, ctx);
            }
            Job::TaxonomyIndex { taxonomy, .. } => self.taxonomy_context(lang, *taxonomy, ctx),
            Job::Term {
                taxonomy, term, n, ..
            } => self.term_context(lang, *taxonomy, *term, *n, ctx),
            Job::NotFound { .. } => {
                ctx.insert("translations", &self.lang_homes(lang));
            }
            Job::Generated(g) => {
                ctx.insert("translations", &self.generated_translations(lang, &g.path));
                ctx.insert("title", &g.title);
                ctx.insert("data", &g.data);
            }
        }
    }

    /// A content page, in its own file or in one of its section's others.
    fn page_context(&self, job: &Job, id: PageId, target: &JobTarget, ctx: &mut tera::Context) {
        let views = self.views;
        let (lang, template) = (&target.lang, target.template);
        ctx.insert("page", &views.page(id));
        ctx.insert("translations", &views.translations(id));
        if let Some(photos) = self.photos.get(&id) {
            ctx.insert("photos", photos);
        }
        if self.site.pages[id].is_section {
            self.section_list(id, job.list_page(), target, ctx);
        }
        if template == "events.html" {
            let (site, year) = (self.site, views.today.year);
            let events = event_years::shown(site, id, job.event_year(), year);
            ctx.insert("months", &group_by_month(views, &events, lang));
            ctx.insert(
                "event_years",
                &event_years::links(site, id, job.event_year(), year),
            );
        }
        if template == "plans.html" {
            let (years, others) = plans::by_year(views, id);
            ctx.insert("plan_years", &years);
            ctx.insert("section", &others);
        }
        if template == "home.html" {
            self.home_context(lang, ctx);
        }
    }

    /// Page `n` of a section's list, and the pager to the others.
    fn section_list(&self, id: PageId, n: usize, target: &JobTarget, ctx: &mut tera::Context) {
        let site = self.site;
        let per_page = if jobs::is_paginated(target.template) {
            jobs::per_page(site, id)
        } else {
            0
        };
        let order = jobs::list_order(site, id, target.template);
        let url = &site.pages[id].url;
        let this = paginate::nth(&order, per_page, jobs::list_base(url), &target.lang, n);
        if let Some(this) = this {
            ctx.insert_value(
                "section",
                self.views.summary_list(this.items.iter().copied()),
            );
            ctx.insert("pager", &this.pager);
        }
    }

    /// The home page: the current plan, a few events, the open notices.
    fn home_context(&self, lang: &str, ctx: &mut tera::Context) {
        let (site, views) = (self.site, self.views);
        let plan = views
            .current_plans(lang)
            .first()
            .or(site.plans(lang).first())
            .and_then(|&pl| views.plan(pl));
        ctx.insert("current_plan", &plan);
        let home = home_events::of(views, lang);
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
            views.summary_list(notices::open_notices(site, lang, views.now)),
        );
    }

    /// A taxonomy's list of terms.
    fn taxonomy_context(&self, lang: &str, taxonomy: usize, ctx: &mut tera::Context) {
        let site = self.site;
        let t = &site.taxonomies[lang][taxonomy];
        ctx.insert("taxonomy", t.key);
        let terms: Vec<TermView> = t
            .terms
            .iter()
            .map(|term| TermView {
                name: term.name.clone(),
                url: context::term_url(site, lang, t.key, &term.slug),
                count: term.pages.len(),
            })
            .collect();
        ctx.insert("terms", &terms);
        ctx.insert("translations", &self.lang_homes(lang));
    }

    /// Page `n` of a term's pages.
    fn term_context(
        &self,
        lang: &str,
        taxonomy: usize,
        term: usize,
        n: usize,
        ctx: &mut tera::Context,
    ) {
        let site = self.site;
        let t = &site.taxonomies[lang][taxonomy];
        let term = &t.terms[term];
        let first = context::term_url(site, lang, t.key, &term.slug);
        let this = paginate::nth(
            &term.pages,
            site.config.paginate,
            first.trim_end_matches("index.html"),
            lang,
            n,
        );
        let on_page = this.as_ref().map(|p| p.items).unwrap_or_default();
        ctx.insert("pager", &this.as_ref().and_then(|p| p.pager.as_ref()));
        ctx.insert("taxonomy", t.key);
        ctx.insert(
            "term",
            &TermView {
                name: term.name.clone(),
                url: context::term_url(site, lang, t.key, &term.slug),
                count: term.pages.len(),
            },
        );
        ctx.insert_value("pages", self.views.summary_list(on_page.iter().copied()));
        ctx.insert("translations", &self.lang_homes(lang));
    }

    /// A generated page made in several languages (an archive index, a search page)
    /// switches language to its counterpart rather than to the other home page.
    fn generated_translations(&self, lang: &str, path: &str) -> Vec<context::Translation> {
        let site = self.site;
        let own = path
            .strip_prefix(&site.language_prefix(lang))
            .unwrap_or(path);
        self.lang_homes(lang)
            .into_iter()
            .map(|mut tr| {
                let counterpart = format!("{}{own}", site.language_prefix(&tr.lang));
                if self
                    .generated
                    .contains(&(tr.lang.as_str(), counterpart.as_str()))
                {
                    tr.url = counterpart;
                    tr.exists = true;
                }
                tr
            })
            .collect()
    }
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
