//! What templates see. Every `url` is a path from the output root (`su-kien/x/index.html`);
//! templates prefix it with `root`, the way back to the root from the current page, so
//! one summary value serves every page that lists it.

use super::date_display;
use crate::content::front_matter::{Kind, Target};
use crate::content::summary_text;
use crate::dates::When;
use crate::markdown::Heading;
use crate::site::links::page_file;
use crate::site::{PageId, Site};
use serde::Serialize;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

fn label(labels: &Labels, key: &str) -> String {
    labels.get(key).cloned().unwrap_or_else(|| key.to_string())
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// The linked page's language: another than the page's is a fallback, marked.
    pub lang: String,
}

#[derive(Serialize, Clone)]
pub struct Stamp {
    pub iso: String,
    pub display: String,
}

impl Stamp {
    /// `d` as its day alone (`2020-11-20`, "20/11/2020") when the editor wrote a plain
    /// date, else with its time.
    pub fn new(d: &crate::dates::DateTime, has_time: bool, lang: &str) -> Stamp {
        if has_time {
            Stamp {
                iso: d.rfc3339(),
                display: date_display::datetime(d, lang),
            }
        } else {
            Stamp {
                iso: d.date.iso(),
                display: date_display::day(d.date, lang),
            }
        }
    }
}

/// A page as it appears in lists: small, shared, no body.
#[derive(Serialize, Clone)]
pub struct Summary {
    pub title: String,
    pub url: String,
    /// The page's language: a list of another language shows it as a fallback, marked.
    pub lang: String,
    /// Shown only by `--drafts`, marked.
    pub draft: bool,
    pub kind: &'static str,
    pub summary: String,
    pub date: Option<Stamp>,
    pub number: Option<u32>,
    pub when: Option<String>,
    pub start_iso: Option<String>,
    pub location: Option<String>,
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
    pub task_group: Option<Link>,
    /// A plan's period, as shown (`Quý I/2021`) and as written (`2021-Q1`).
    pub period: Option<String>,
    pub period_iso: Option<String>,
    /// A plan that is current on the day of the build.
    pub current: bool,
    pub notice: Option<super::notices::Brief>,
}

#[derive(Serialize, Clone)]
pub struct TargetView {
    /// The language of its task group's page (a fallback on a page of another).
    pub lang: String,
    pub id: String,
    pub label: String,
    pub target: f64,
    pub target_display: String,
    pub unit: String,
    pub actual: Option<f64>,
    pub actual_display: Option<String>,
    pub task_group: Option<Link>,
}

#[derive(Serialize, Clone)]
pub struct ProjectView {
    /// The language of its task group's page (a fallback on a page of another).
    pub lang: String,
    pub name: String,
    pub status: &'static str,
    pub status_label: String,
    pub due: Option<String>,
    pub task_group: Option<Link>,
}

#[derive(Serialize, Clone)]
pub struct PlanView {
    pub title: String,
    pub url: String,
    /// The plan page's language: the home of another shows it as a fallback, marked.
    pub lang: String,
    pub summary: String,
    pub period: String,
    pub period_display: String,
    pub issuer: Option<String>,
    pub office: Option<String>,
    pub document_number: Option<String>,
    /// Summaries, as [`Views::summary_value`] gives them.
    pub task_groups: Vec<tera::Value>,
    pub targets: Vec<TargetView>,
    pub projects: Vec<ProjectView>,
    pub events: Vec<tera::Value>,
    /// The plan's snapshots in the archive, original first.
    pub archived: Vec<super::archive::FrozenCopy>,
    /// Current on the day of the build (see [`Site::current_plans`]).
    pub current: bool,
    /// The plans before and after it of the same cadence.
    pub previous: Option<PeriodLink>,
    pub next: Option<PeriodLink>,
}

/// A link to a plan, with its period as shown.
#[derive(Serialize, Clone)]
pub struct PeriodLink {
    pub title: String,
    pub url: String,
    pub period: String,
    /// The linked plan's language: another one's original where the plan has no
    /// version in the page's language, marked as such.
    pub lang: String,
}

#[derive(Serialize, Clone)]
pub struct TaskGroupView {
    pub number: u32,
    pub lead: Vec<String>,
    pub targets: Vec<TargetView>,
    pub projects: Vec<ProjectView>,
    pub events: Vec<tera::Value>,
    pub plan: Option<Link>,
}

#[derive(Serialize, Clone)]
pub struct EventView {
    pub when: String,
    pub start_iso: String,
    pub end_iso: Option<String>,
    pub imprecise: bool,
    pub location: Option<String>,
    pub organizer: Option<String>,
    pub series: Option<String>,
    pub status: &'static str,
    pub status_label: String,
    pub task_group: Option<Link>,
}

#[derive(Serialize, Clone)]
pub struct Translation {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub title: String,
    /// False when the page has no translation and the link leads to that language's home.
    pub exists: bool,
}

#[derive(Serialize)]
pub struct PageView {
    pub title: String,
    /// Shown only by `--drafts`: the page carries the draft banner.
    pub draft: bool,
    pub kind: &'static str,
    pub lang: String,
    pub url: String,
    pub permalink: String,
    pub summary: String,
    /// Read from [`Site::content`] for this render only.
    pub content: String,
    pub toc: Vec<Heading>,
    pub date: Option<Stamp>,
    pub updated: Option<Stamp>,
    pub categories: Vec<Link>,
    pub tags: Vec<Link>,
    /// Links, as [`Views::crumb_value`] gives them.
    pub breadcrumbs: Vec<tera::Value>,
    /// Links, as [`Views::link_value`] gives them.
    pub prev: Option<tera::Value>,
    pub next: Option<tera::Value>,
    pub plan: Option<PlanView>,
    pub task_group: Option<TaskGroupView>,
    pub event: Option<EventView>,
    pub notice: Option<super::notices::NoticeView>,
    pub extra: serde_json::Value,
}

/// Shared views of the pages, each made once per render when first asked for: a
/// rebuild after one edit renders a few pages and needs a few summaries, not all.
pub struct Views<'a> {
    pub site: &'a Site,
    pub labels: &'a BTreeMap<String, Labels>,
    /// The build's "now" (unix seconds, `SOURCE_DATE_EPOCH` when set): what a
    /// notice's status is computed against, once per render.
    pub now: i64,
    summary_values: Vec<std::sync::OnceLock<tera::Value>>,
    link_values: Vec<std::sync::OnceLock<tera::Value>>,
    crumb_values: Vec<std::sync::OnceLock<tera::Value>>,
    feed_links: std::sync::OnceLock<BTreeMap<String, tera::Value>>,
    /// The languages that have notices: every page's head links their feed, and
    /// finding them walks every page, so once per render, not once per page.
    notice_languages: std::sync::OnceLock<Vec<String>>,
    /// The day of the build, and each language's current plans on it.
    pub today: crate::dates::Date,
    current_plans: BTreeMap<String, Vec<PageId>>,
}

pub fn term_url(site: &Site, lang: &str, taxonomy: &str, slug: &str) -> String {
    format!("{}{taxonomy}/{slug}/index.html", site.language_prefix(lang))
}

fn number_display(x: f64, lang: &str) -> String {
    let s = if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    };
    if lang == "vi" {
        s.replace('.', ",")
    } else {
        s
    }
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, labels: &'a BTreeMap<String, Labels>) -> Self {
        Views {
            site,
            labels,
            now: crate::dates::now_unix_seconds(),
            summary_values: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            link_values: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            crumb_values: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            feed_links: std::sync::OnceLock::new(),
            notice_languages: std::sync::OnceLock::new(),
            today: crate::site::plans::today(),
            current_plans: BTreeMap::new(),
        }
        .with_current_plans()
    }

    fn with_current_plans(mut self) -> Self {
        self.current_plans = self
            .site
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), self.site.current_plans(&l.code, self.today)))
            .collect();
        self
    }

    /// A language's current plans, the shortest period first.
    pub fn current_plans(&self, lang: &str) -> &[PageId] {
        self.current_plans.get(lang).map_or(&[], Vec::as_slice)
    }

    fn is_current(&self, id: PageId) -> bool {
        self.current_plans(&self.site.pages[id].lang).contains(&id)
    }

    fn period_link(&self, id: PageId) -> Option<PeriodLink> {
        let p = &self.site.pages[id];
        let Kind::Plan(plan) = &p.front.kind else {
            return None;
        };
        Some(PeriodLink {
            title: p.front.title.clone(),
            url: page_file(&p.url),
            period: date_display::when(&plan.period, &p.lang),
            lang: p.lang.clone(),
        })
    }

    /// Lets go of everything the views made, freed on a thread of its own: at 50,000
    /// pages, a quarter of a second of freeing small values after the last file was
    /// written, which nothing waits for. Where no thread can be started, freed here.
    pub fn free_in_background(self) {
        let made = (
            self.summary_values,
            self.link_values,
            self.crumb_values,
            self.feed_links,
        );
        let _ = std::thread::Builder::new()
            .name("free".into())
            .spawn(move || drop(made));
    }

    /// The summary of a page as a template value, converted once per render: a page is
    /// listed on many others (its section, its terms' pages, its plan and task group),
    /// and converting a summary for each was most of what a list cost. The value is
    /// shared (cloning it counts a reference), and a struct holding it is converted
    /// to a template value by taking it as it is.
    pub fn summary_value(&self, id: PageId) -> tera::Value {
        self.summary_values[id]
            .get_or_init(|| tera::Value::from_serializable(&self.make_summary(id)))
            .clone()
    }

    /// The link to a page as a template value, made once per render like
    /// [`Views::summary_value`]: pages link to their neighbours and ancestors.
    pub fn link_value(&self, id: PageId) -> tera::Value {
        self.link_values[id]
            .get_or_init(|| tera::Value::from_serializable(&self.link(id)))
            .clone()
    }

    /// A page as a step of the breadcrumbs below it: its link, the home page's
    /// titled with the `home` label.
    fn crumb_value(&self, id: PageId) -> tera::Value {
        if self.site.parent[id].is_some() {
            return self.link_value(id);
        }
        self.crumb_values[id]
            .get_or_init(|| {
                let mut l = self.link(id);
                l.title = label(self.labels(&self.site.pages[id].lang), "home");
                tera::Value::from_serializable(&l)
            })
            .clone()
    }

    /// The languages with at least one notice (and a home page).
    pub fn notice_languages(&self) -> &[String] {
        self.notice_languages.get_or_init(|| {
            super::notices::languages_with_notices(self.site)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
    }

    /// The feed links of a language, which every file's head carries, as a template
    /// value made once per render.
    pub fn feed_links(&self, lang: &str) -> tera::Value {
        let make =
            |lang: &str| tera::Value::from_serializable(&super::feeds::links(self.site, lang));
        self.feed_links
            .get_or_init(|| {
                self.site
                    .config
                    .languages
                    .iter()
                    .map(|l| (l.code.clone(), make(&l.code)))
                    .collect()
            })
            .get(lang)
            .cloned()
            .unwrap_or_else(|| make(lang))
    }

    /// The summaries of pages, as a template list.
    pub fn summary_list(&self, ids: impl IntoIterator<Item = PageId>) -> tera::Value {
        tera::Value::from(
            ids.into_iter()
                .map(|id| self.summary_value(id))
                .collect::<Vec<_>>(),
        )
    }

    /// A label in a language, or its key when the theme lacks it (visible, not fatal).
    pub fn label(&self, lang: &str, key: &str) -> String {
        label(self.labels(lang), key)
    }

    pub fn labels(&self, lang: &str) -> &Labels {
        static EMPTY: std::sync::OnceLock<Labels> = std::sync::OnceLock::new();
        self.labels
            .get(lang)
            .unwrap_or_else(|| EMPTY.get_or_init(Labels::new))
    }

    fn link(&self, id: PageId) -> Link {
        Link {
            title: self.site.pages[id].front.title.clone(),
            url: page_file(&self.site.pages[id].url),
            lang: self.site.pages[id].lang.clone(),
        }
    }

    fn make_summary(&self, id: PageId) -> Summary {
        let p = &self.site.pages[id];
        let labels = self.labels(&p.lang);
        let mut s = Summary {
            title: p.front.title.clone(),
            url: page_file(&p.url),
            lang: p.lang.clone(),
            draft: p.front.draft,
            kind: p.front.kind.name(),
            summary: summary_text(p),
            date: super::notices::page_date(p),
            number: None,
            when: None,
            start_iso: None,
            location: None,
            status: None,
            status_label: None,
            task_group: None,
            period: None,
            period_iso: None,
            current: false,
            notice: None,
        };
        match &p.front.kind {
            Kind::Plan(plan) => {
                s.period = Some(date_display::when(&plan.period, &p.lang));
                s.period_iso = Some(plan.period.iso());
                s.current = self.is_current(id);
            }
            Kind::TaskGroup(t) => s.number = Some(t.number),
            Kind::Event(e) => {
                s.when = Some(date_display::range(&e.start, e.end.as_ref(), &p.lang));
                s.start_iso = Some(e.start.iso());
                s.location = e.location.clone();
                s.status = Some(e.status.key());
                s.status_label = Some(label(labels, &format!("event_status_{}", e.status.key())));
                s.task_group = self.site.event_task_group[id].map(|t| self.link(t));
            }
            Kind::Notice(_) => s.notice = super::notices::brief(self, id),
            _ => {}
        }
        s
    }

    fn targets(&self, id: PageId) -> Vec<TargetView> {
        let p = &self.site.pages[id];
        let Kind::TaskGroup(t) = &p.front.kind else {
            return Vec::new();
        };
        t.targets
            .iter()
            .map(|x: &Target| TargetView {
                lang: p.lang.clone(),
                id: x.id.clone(),
                label: x.label.clone(),
                target: x.target,
                target_display: number_display(x.target, &p.lang),
                unit: x.unit.clone(),
                actual: x.actual,
                actual_display: x.actual.map(|a| number_display(a, &p.lang)),
                task_group: Some(self.link(id)),
            })
            .collect()
    }

    fn projects(&self, id: PageId) -> Vec<ProjectView> {
        let p = &self.site.pages[id];
        let Kind::TaskGroup(t) = &p.front.kind else {
            return Vec::new();
        };
        let labels = self.labels(&p.lang);
        t.projects
            .iter()
            .map(|x| ProjectView {
                lang: p.lang.clone(),
                name: x.name.clone(),
                status: x.status.key(),
                status_label: label(labels, &format!("project_status_{}", x.status.key())),
                due: x
                    .due
                    .as_ref()
                    .map(|d: &When| date_display::when(d, &p.lang)),
                task_group: Some(self.link(id)),
            })
            .collect()
    }

    pub fn plan(&self, id: PageId) -> Option<PlanView> {
        let p = &self.site.pages[id];
        let Kind::Plan(plan) = &p.front.kind else {
            return None;
        };
        let groups = &self.site.members[id];
        let mut events = self.site.plan_events(id);
        events.sort_by_cached_key(|&e| {
            let p = &self.site.pages[e];
            let start = match &p.front.kind {
                Kind::Event(ev) => Some(ev.start.iso()),
                _ => None,
            };
            (start, p.url.clone())
        });
        events.dedup();
        let neighbours = self.site.plan_neighbours(id);
        Some(PlanView {
            title: p.front.title.clone(),
            url: page_file(&p.url),
            lang: p.lang.clone(),
            summary: summary_text(p),
            period: plan.period.iso(),
            period_display: date_display::when(&plan.period, &p.lang),
            issuer: plan.issuer.clone(),
            office: plan.office.clone(),
            document_number: plan.document_number.clone(),
            task_groups: groups.iter().map(|&g| self.summary_value(g)).collect(),
            targets: groups.iter().flat_map(|&g| self.targets(g)).collect(),
            projects: groups.iter().flat_map(|&g| self.projects(g)).collect(),
            events: events.iter().map(|&e| self.summary_value(e)).collect(),
            archived: super::archive::frozen_copies(self.site, id),
            current: self.is_current(id),
            previous: neighbours.0.and_then(|n| self.period_link(n)),
            next: neighbours.1.and_then(|n| self.period_link(n)),
        })
    }

    pub fn page(&self, id: PageId) -> PageView {
        let site = self.site;
        let p = &site.pages[id];
        let labels = self.labels(&p.lang);
        // Neighbours in the page's own language, in the order the section lists them
        // (notices by `posted`): a section also lists the other language's
        // untranslated pages, which are nobody's next page.
        let siblings: Option<Vec<PageId>> = site.parent[id].map(|s| {
            let order = if super::notices::is_notices_section(site, s) {
                super::notices::section_order(site, s)
            } else {
                site.children[s].clone()
            };
            order
                .into_iter()
                .filter(|&c| site.pages[c].lang == p.lang)
                .collect()
        });
        let pos = siblings
            .as_ref()
            .and_then(|s| s.iter().position(|&x| x == id));
        let (prev, next) = match (&siblings, pos) {
            (Some(s), Some(i)) => (
                i.checked_sub(1).map(|j| self.link_value(s[j])),
                s.get(i + 1).map(|&j| self.link_value(j)),
            ),
            _ => (None, None),
        };
        let taxonomy_links = |names: &[String], key: &str| -> Vec<Link> {
            names
                .iter()
                .map(|n| Link {
                    lang: p.lang.clone(),
                    title: n.clone(),
                    url: term_url(site, &p.lang, key, &crate::text::slugify(n)),
                })
                .collect()
        };
        let task_group = match &p.front.kind {
            Kind::TaskGroup(t) => Some(TaskGroupView {
                number: t.number,
                lead: t.lead.clone(),
                targets: self.targets(id),
                projects: self.projects(id),
                events: site.members[id]
                    .iter()
                    .map(|&e| self.summary_value(e))
                    .collect(),
                plan: site.parent[id]
                    .filter(|&s| matches!(site.pages[s].front.kind, Kind::Plan(_)))
                    .map(|s| self.link(s)),
            }),
            _ => None,
        };
        let event = match &p.front.kind {
            Kind::Event(e) => Some(EventView {
                when: date_display::range(&e.start, e.end.as_ref(), &p.lang),
                start_iso: e.start.iso(),
                end_iso: e.end.map(|x| x.iso()),
                imprecise: e.start.is_imprecise(),
                location: e.location.clone(),
                organizer: e.organizer.clone(),
                series: e.series.clone(),
                status: e.status.key(),
                status_label: label(labels, &format!("event_status_{}", e.status.key())),
                task_group: site.event_task_group[id].map(|t| self.link(t)),
            }),
            _ => None,
        };
        PageView {
            title: p.front.title.clone(),
            draft: p.front.draft,
            kind: p.front.kind.name(),
            lang: p.lang.clone(),
            url: page_file(&p.url),
            permalink: format!("{}{}", site.config.base_url, p.url),
            summary: summary_text(p),
            content: site.content.get(id).into_owned(),
            toc: p
                .body
                .headings
                .iter()
                .filter(|h| h.level <= 3)
                .cloned()
                .collect(),
            date: super::notices::page_date(p),
            updated: p
                .front
                .updated
                .map(|d| Stamp::new(&d, p.front.updated_time, &p.lang)),
            categories: taxonomy_links(&p.front.categories, "categories"),
            tags: taxonomy_links(&p.front.tags, "tags"),
            breadcrumbs: site
                .ancestors(id)
                .into_iter()
                .map(|a| self.crumb_value(a))
                .collect(),
            prev,
            next,
            plan: self.plan(id),
            task_group,
            event,
            notice: super::notices::view(self, id),
            extra: p.front.extra.clone(),
        }
    }

    pub fn translations(&self, id: PageId) -> Vec<Translation> {
        let site = self.site;
        let p = &site.pages[id];
        site.config
            .languages
            .iter()
            .filter(|l| l.code != p.lang)
            .map(|l| {
                match site.translations[id]
                    .iter()
                    .find(|&&t| site.pages[t].lang == l.code)
                {
                    Some(&t) => Translation {
                        lang: l.code.clone(),
                        name: l.name.clone(),
                        url: page_file(&site.pages[t].url),
                        title: site.pages[t].front.title.clone(),
                        exists: true,
                    },
                    None => Translation {
                        lang: l.code.clone(),
                        name: l.name.clone(),
                        url: page_file(&site.language_prefix(&l.code)),
                        title: l.title.clone(),
                        exists: false,
                    },
                }
            })
            .collect()
    }
}
