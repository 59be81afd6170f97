//! `kind: event`: a dated event, possibly tied to a task group and a series.

use super::{Fields, Kind, KindSpec, RawFrontMatter, Reference};
use crate::dates::When;
use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, Diagnostic};

pub(super) const SPEC: KindSpec = KindSpec {
    name: "event",
    keys: &[
        "start",
        "end",
        "location",
        "organizer",
        "task_group",
        "series",
        "status",
    ],
    check,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub start: When,
    pub end: Option<When>,
    pub location: Option<String>,
    pub organizer: Option<String>,
    /// As written: a path relative to the page's file. Resolved by the assemble stage.
    pub task_group: Option<Reference>,
    pub series: Option<String>,
    pub status: EventStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Planned,
    Held,
    Postponed,
    Cancelled,
}

pub const EVENT_STATUSES: &[&str] = &["planned", "held", "postponed", "cancelled"];

impl EventStatus {
    pub fn key(self) -> &'static str {
        EVENT_STATUSES[self as usize]
    }
}

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    let start = f.when("start", &raw.start, errors);
    let end = f.when("end", &raw.end, errors);
    if raw.start.is_none() {
        errors.push(
            f.at_kind_line(
                Diagnostic::new("E0123", f.file, tr("E0123", &[]))
                    .help(tr("E0123.help", &[("forms", &tr("dates.forms", &[]))])),
            ),
        );
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e.last_day() < s.first_day() {
            errors.push(
                f.at_key(
                    "end",
                    Diagnostic::new(
                        "E0124",
                        f.file,
                        tr("E0124", &[("end", &e.iso()), ("start", &s.iso())]),
                    )
                    .help(tr("E0124.help", &[])),
                ),
            );
        }
    }
    let status = status(raw, f, errors);
    start.map(|start| {
        Kind::Event(Event {
            start,
            end,
            location: raw.location.clone(),
            organizer: raw.organizer.clone(),
            task_group: raw.task_group.as_ref().map(|path| {
                let column = f
                    .keys
                    .iter()
                    .find(|k| k.key == "task_group")
                    .map(|k| k.value_column)
                    .unwrap_or(1);
                f.reference(path, f.key_line("task_group"), column)
            }),
            series: raw.series.clone(),
            status,
        })
    })
}

fn status(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> EventStatus {
    let Some(s) = raw.status.as_deref() else {
        return EventStatus::Planned;
    };
    match EVENT_STATUSES.iter().position(|x| *x == s) {
        Some(i) => [
            EventStatus::Planned,
            EventStatus::Held,
            EventStatus::Postponed,
            EventStatus::Cancelled,
        ][i],
        None => {
            let hint = match did_you_mean(s, EVENT_STATUSES) {
                Some(m) => tr(
                    "E0125.help-near",
                    &[("word", &m), ("statuses", &EVENT_STATUSES.join(", "))],
                ),
                None => tr("E0125.help", &[("statuses", &EVENT_STATUSES.join(", "))]),
            };
            errors.push(f.at_key(
                "status",
                Diagnostic::new("E0125", f.file, tr("E0125", &[("status", &s)])).help(hint),
            ));
            EventStatus::Planned
        }
    }
}
