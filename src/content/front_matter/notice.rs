//! `kind: notice` (thông báo): a dated announcement with an optional deadline, a
//! category, how to send comments and, later, the page that reports its result.
//!
//! The front matter is checked here as far as one file can tell (dates, the order of
//! `posted` and `deadline`, the shape of `feedback`). The category is checked against
//! `config.yaml` and `result:` against the other pages when the site is assembled
//! (`site/notices.rs`), since both need more than this file.

use super::document::{attachments, Attachment};
use super::{Fields, Kind, KindSpec, RawFrontMatter, Reference};
use crate::dates::DateTime;
use crate::diagnostic::{tr, Diagnostic};
use serde::Deserialize;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "notice",
    keys: KEYS,
    check,
};

/// The categories every site has; `notice_categories:` in config.yaml adds more.
pub const BUILT_IN_CATEGORIES: &[&str] = &[
    "recruitment",
    "consultation",
    "land",
    "procurement",
    "other",
];

/// The front matter keys of a notice.
pub const KEYS: &[&str] = &["posted", "deadline", "category", "feedback", "result"];

/// The keys of documents a notice takes too, with the same meaning: its attached
/// files (the full text of a recruitment notice, a draft put to consultation).
pub(super) const SHARED: &[&str] = &["files"];

/// How a reader sends comments: by mail, by phone or by post. No form, no server.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A postal address.
    pub address: Option<String>,
}

impl Feedback {
    pub fn is_empty(&self) -> bool {
        [&self.email, &self.phone, &self.address]
            .iter()
            .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// The last moment a notice is open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    pub at: DateTime,
    /// Written as a plain date: open through the whole of that day (Vietnam time), and
    /// shown without a time.
    pub whole_day: bool,
}

impl Deadline {
    /// A plain date closes at the end of the day in +07:00, the editors' own time zone.
    pub fn end_of_day(date: crate::dates::Date) -> Deadline {
        Deadline {
            at: DateTime {
                date,
                hour: 23,
                minute: 59,
                second: 59,
                offset_minutes: 420,
            },
            whole_day: true,
        }
    }

    /// Open at `now` (unix seconds) while the deadline has not passed.
    pub fn is_open_at(&self, now: i64) -> bool {
        now <= self.at.unix_seconds()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub posted: DateTime,
    /// Whether `posted` gave a time of day: a plain date is shown without one.
    pub posted_time: bool,
    pub deadline: Option<Deadline>,
    /// As written, with where; checked against the site's categories at assembly.
    pub category: Reference,
    pub feedback: Option<Feedback>,
    /// The page reporting the outcome (a consultation's summary of comments, a
    /// recruitment's results): a path relative to this file, resolved at assembly.
    pub result: Option<Reference>,
    /// Attached files, as a document's (`files:`).
    pub files: Vec<Attachment>,
}

/// Where a notice stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No deadline: it stays open.
    Open,
    /// Before its deadline.
    OpenUntil,
    Expired,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Open | Status::OpenUntil => "open",
            Status::Expired => "expired",
        }
    }
}

impl Notice {
    /// The status at `now` (unix seconds): the build's date, from `dates::now_unix_seconds`.
    pub fn status_at(&self, now: i64) -> Status {
        match &self.deadline {
            None => Status::Open,
            Some(d) if d.is_open_at(now) => Status::OpenUntil,
            Some(_) => Status::Expired,
        }
    }
}

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    let posted = f.date_or_datetime("posted", &raw.posted, errors);
    let deadline = match raw.deadline.as_deref() {
        Some(v) if v.len() == 10 && crate::dates::parse_date(v).is_ok() => {
            crate::dates::parse_date(v).ok().map(Deadline::end_of_day)
        }
        _ => f
            .date_or_datetime("deadline", &raw.deadline, errors)
            .map(|at| Deadline {
                at,
                whole_day: false,
            }),
    };
    if raw.posted.is_none() {
        errors.push(
            f.at_kind_line(
                Diagnostic::new("E0161", f.file, "a notice needs the date it was `posted`")
                    .help("add e.g. `posted: 2020-11-13` (the day the notice was posted)"),
            ),
        );
    }
    if raw.category.is_none() {
        errors.push(f.at_kind_line(
            Diagnostic::new("E0161", f.file, tr("E0161.category", &[])).help(tr(
                "E0161.category-help",
                &[("categories", &BUILT_IN_CATEGORIES.join(", "))],
            )),
        ));
    }
    if let (Some(p), Some(d)) = (posted, deadline) {
        if d.at.unix_seconds() < p.unix_seconds() {
            errors.push(
                f.at_key(
                    "deadline",
                    Diagnostic::new(
                        "E0162",
                        f.file,
                        tr(
                            "E0162",
                            &[("deadline", &d.at.date.iso()), ("posted", &p.date.iso())],
                        ),
                    )
                    .help(tr("E0162.help", &[])),
                ),
            );
        }
    }
    if raw.feedback.as_ref().is_some_and(Feedback::is_empty) {
        errors.push(f.at_key_name(
            "feedback",
            Diagnostic::new("E0163", f.file, "`feedback` gives no way to send comments").help(
                "write at least one of `email:`, `phone:` or `address:` (postal) under `feedback:`",
            ),
        ));
    }
    let at = |key: &str, value: &str| {
        let column = f
            .keys
            .iter()
            .find(|k| k.key == key)
            .map(|k| k.value_column)
            .unwrap_or(1);
        f.reference(value, f.key_line(key).max(1), column)
    };
    let posted_time = Fields::has_time(&raw.posted);
    Some(Kind::Notice(Notice {
        posted: posted?,
        posted_time,
        deadline,
        category: at("category", raw.category.as_deref()?),
        feedback: raw.feedback.clone(),
        result: raw.result.as_deref().map(|r| at("result", r)),
        files: attachments(raw, f),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Date;

    fn notice(deadline: Option<Deadline>) -> Notice {
        Notice {
            posted: DateTime::from_unix_seconds(0, 420),
            posted_time: true,
            deadline,
            category: Reference {
                path: "other".into(),
                line: 1,
                column: 1,
                line_text: String::new(),
            },
            feedback: None,
            result: None,
            files: Vec::new(),
        }
    }

    #[test]
    fn a_plain_date_deadline_is_open_through_its_last_second_in_vietnam() {
        let d = Deadline::end_of_day(Date {
            year: 2020,
            month: 11,
            day: 20,
        });
        // 2020-11-20T23:59:59+07:00 is 16:59:59 UTC.
        let last = 1_605_891_599;
        assert_eq!(d.at.unix_seconds(), last);
        let n = notice(Some(d));
        assert_eq!(n.status_at(last), Status::OpenUntil);
        assert_eq!(n.status_at(last + 1), Status::Expired);
    }

    #[test]
    fn without_a_deadline_a_notice_stays_open() {
        assert_eq!(notice(None).status_at(i64::MAX), Status::Open);
    }

    #[test]
    fn feedback_with_only_blanks_is_empty() {
        let f = Feedback {
            email: Some(" ".into()),
            ..Default::default()
        };
        assert!(f.is_empty());
        let f = Feedback {
            phone: Some("024 0000 0000".into()),
            ..Default::default()
        };
        assert!(!f.is_empty());
    }
}
