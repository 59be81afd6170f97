//! Warnings: plausible mistakes in a site that builds. None fails a build unless
//! `--deny-warnings`; `silence_warnings:` in config.yaml turns a code off for a site.
//!
//! | code  | what |
//! |-------|------|
//! | W0101 | an event longer than a year (`start: 2012-02-20` for 2021) |
//! | W0102 | an event outside the period of its task group's plan |
//! | W0103 | an event in the past still `planned` |
//! | W0104 | a target with no `actual` once its plan's period is over |
//! | W0105 | a translated page whose section or task group has no translation |
//! | W0106 | an image without alt text outside albums (found by `markdown.rs`) |
//! | W0107 | a publication `date` in the future |
//! | W0149 | an attached PDF whose text cannot be read for search (`documents.rs`) |
//!
//! "Today" is [`crate::dates::now_unix_seconds`] in Vietnam's time zone, so
//! `SOURCE_DATE_EPOCH` fixes it like everything else.

use super::Site;
use crate::content::front_matter::{EventStatus, Kind};
use crate::dates::DateTime;
use crate::diagnostic::{tr, Diagnostic};
use std::collections::HashMap;

/// An event may last a year (a campaign over the year); longer is a typing slip.
const LONGEST_EVENT_DAYS: i64 = 366;

/// Every warning of `site` as of `now` (Unix seconds), in page order, less the codes
/// its config silences.
pub fn check(site: &Site, now: i64) -> Vec<Diagnostic> {
    let now = DateTime::from_unix_seconds(now, 7 * 60);
    let today = now.date;
    let default_lang = site.config.default_language().code.as_str();
    let by_key_lang: HashMap<(&str, &str), usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.key.as_str(), p.lang.as_str()), i))
        .collect();
    // A silenced code is not looked for, and a page's front matter is read for lines
    // only when it has a warning: most pages have none, and reading is most of the cost.
    let on = |code: &str| !site.config.silence_warnings.iter().any(|c| c == code);
    let mut out = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let fields = || p.front.fields(&p.file);
        let warn = |code: &'static str, message: String, help: String| {
            Diagnostic::new(code, &p.file, message).help(help)
        };
        if let Some(date) = p
            .front
            .date
            .filter(|d| on("W0107") && d.unix_seconds() > now.unix_seconds())
        {
            let f = fields();
            let shown = date.date.iso();
            // A notice without `date:` is dated by when it was `posted`.
            let key = if f.key_line("date") > 0 {
                "date"
            } else {
                "posted"
            };
            out.push(f.at_key(
                key,
                warn(
                    "W0107",
                    tr("W0107", &[("date", &shown)]),
                    tr("W0107.help", &[("today", &today.iso())]),
                ),
            ));
        }
        match &p.front.kind {
            Kind::Event(e) => {
                let first = e.start.first_day();
                let last = e.end.unwrap_or(e.start).last_day();
                let days = last.days_since_epoch() - first.days_since_epoch() + 1;
                if days > LONGEST_EVENT_DAYS {
                    let (start, end) = (first.iso(), last.iso());
                    out.push(fields().at_key(
                        if e.end.is_some() { "end" } else { "start" },
                        warn(
                            "W0101",
                            tr(
                                "W0101",
                                &[("days", &days), ("start", &start), ("end", &end)],
                            ),
                            tr("W0101.help", &[]),
                        ),
                    ));
                } else if let Some((plan, period)) = plan_of(site, i) {
                    if last < period.first_day() || first > period.last_day() {
                        let plan_file = &site.pages[plan].file;
                        out.push(fields().at_key(
                            "start",
                            warn(
                                "W0102",
                                tr("W0102", &[("period", &period.iso()), ("plan", plan_file)]),
                                tr("W0102.help", &[]),
                            ),
                        ));
                    }
                }
                if on("W0103") && e.status == EventStatus::Planned && last < today {
                    let f = fields();
                    let key = if f.key_line("status") > 0 {
                        "status"
                    } else {
                        "start"
                    };
                    out.push(f.at_key(
                        key,
                        warn(
                            "W0103",
                            tr("W0103", &[("last", &last.iso())]),
                            tr("W0103.help", &[]),
                        ),
                    ));
                }
                if let Some(t) = site.event_task_group[i] {
                    let group = &site.pages[t];
                    if group.lang != p.lang {
                        out.push(fields().at_key(
                            "task_group",
                            warn(
                                "W0105",
                                tr("W0105.task-group", &[("file", &group.file)]),
                                tr("W0105.help", &[("lang", &p.lang)]),
                            ),
                        ));
                    }
                }
            }
            Kind::TaskGroup(t) => {
                if let Some((_, period)) = site.parent[i].and_then(|s| period_of(site, s)) {
                    if on("W0104") && period.last_day() < today {
                        let f = fields();
                        for target in t.targets.iter().filter(|x| x.actual.is_none()) {
                            out.push(f.at_item_field(
                                "targets",
                                "id",
                                &target.id,
                                warn(
                                    "W0104",
                                    tr("W0104", &[("id", &target.id), ("period", &period.iso())]),
                                    tr("W0104.help", &[]),
                                ),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        if !matches!(p.front.kind, Kind::Album(_)) {
            out.extend(p.body.warnings.iter().cloned());
        }
        out.extend(
            site.documents
                .unreadable
                .iter()
                .filter(|u| u.page == i)
                .map(|u| super::documents::unreadable_warning(p, u)),
        );
        if p.lang != default_lang {
            if let Some(section) = untranslated_section(p, default_lang, &by_key_lang) {
                let d = warn(
                    "W0105",
                    tr("W0105", &[("section", &section)]),
                    tr("W0105.help", &[("lang", &p.lang)]),
                );
                out.push(d.at(&p.front.text, 1, 1).span(3));
            }
        }
    }
    out.retain(|d| on(d.code));
    out
}

/// The plan an event belongs to (through its task group) and the plan's period.
fn plan_of(site: &Site, event: usize) -> Option<(usize, crate::dates::When)> {
    let group = site.event_task_group[event]?;
    period_of(site, site.parent[group]?)
}

fn period_of(site: &Site, page: usize) -> Option<(usize, crate::dates::When)> {
    match &site.pages[page].front.kind {
        Kind::Plan(plan) => Some((page, plan.period)),
        _ => None,
    }
}

/// The section file (`content/ke-hoach/_index.md`) above a page of another language
/// than the default that exists in the default language but not in the page's: the
/// translated page then hangs under a section of the default language's tree, or none.
fn untranslated_section(
    p: &crate::content::Page,
    default_lang: &str,
    by_key_lang: &HashMap<(&str, &str), usize>,
) -> Option<String> {
    let dir = if p.is_section {
        p.dir.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
    } else {
        p.dir.as_str()
    };
    if p.is_section && p.dir.is_empty() {
        return None;
    }
    let key = if dir.is_empty() {
        "_index".to_string()
    } else {
        format!("{dir}/_index")
    };
    let there = by_key_lang.contains_key(&(key.as_str(), default_lang));
    let translated = by_key_lang.contains_key(&(key.as_str(), p.lang.as_str()));
    (there && !translated).then(|| format!("content/{key}.md"))
}
