//! Reading one file's front matter fields: where each key was written (so that an error
//! points at it) and the readers of values several kinds share (dates, periods, paths).

use crate::dates::{parse_datetime, DateTime, When};
use crate::diagnostic::{tr, Diagnostic};
use crate::yaml::{self, KeyPosition};

/// A path written in front matter, with where it was written for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

/// One file's front matter as text: the whole file (for showing lines), its YAML, and
/// where each top-level key sits.
pub(crate) struct Fields<'a> {
    pub source: &'a str,
    pub yaml: &'a str,
    pub file: &'a str,
    /// Lines of the file before the YAML: a YAML line plus this is a file line.
    pub line_offset: usize,
    pub keys: Vec<KeyPosition>,
}

impl<'a> Fields<'a> {
    pub fn new(source: &'a str, yaml: &'a str, yaml_first_line: usize, file: &'a str) -> Self {
        Fields {
            source,
            yaml,
            file,
            line_offset: yaml_first_line - 1,
            keys: yaml::top_level_keys(yaml),
        }
    }

    fn key(&self, key: &str) -> Option<&KeyPosition> {
        self.keys.iter().find(|k| k.key == key)
    }

    /// Points `d` at the value of `key` (underlined to the end of its line), if written.
    pub fn at_key(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.key(key) {
            Some(KeyPosition {
                line, value_column, ..
            }) => {
                let width = self
                    .yaml
                    .lines()
                    .nth(line - 1)
                    .map(|l| l.chars().count().saturating_sub(value_column - 1))
                    .unwrap_or(1);
                d.at(self.source, line + self.line_offset, *value_column)
                    .span(width)
            }
            None => d,
        }
    }

    /// Points `d` at the value of `field: value` written inside the list under `key`
    /// (a project's `due:`, a target's `id:`); at `key` when it cannot be found there.
    pub fn at_item_field(&self, key: &str, field: &str, value: &str, d: Diagnostic) -> Diagnostic {
        let Some(start) = self.key(key).map(|k| k.line) else {
            return d;
        };
        for (i, l) in self.yaml.lines().enumerate().skip(start) {
            if l.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#') {
                break; // the next top-level key: the list has ended
            }
            let body = l.trim_start();
            let body = body.strip_prefix("- ").map(str::trim_start).unwrap_or(body);
            let Some(v) = body.strip_prefix(field).and_then(|r| r.strip_prefix(':')) else {
                continue;
            };
            if v.trim().trim_matches(['"', '\'']) == value {
                let column = l.chars().count() - v.trim_start().chars().count() + 1;
                return d
                    .at(self.source, i + 1 + self.line_offset, column)
                    .span(v.trim().chars().count());
            }
        }
        self.at_key(key, d)
    }

    /// Points `d` at the name of `key`, if written.
    pub fn at_key_name(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.key(key) {
            Some(k) => d
                .at(self.source, k.line + self.line_offset, 1)
                .span(key.chars().count()),
            None => d,
        }
    }

    /// The file line of `key`, or 0 when it is not written.
    pub fn key_line(&self, key: &str) -> usize {
        self.key(key)
            .map(|k| k.line + self.line_offset)
            .unwrap_or(0)
    }

    /// Points `d` at the whole `kind:` line (the first line without one), for a field
    /// the kind needs and the page lacks.
    pub fn at_kind_line(&self, d: Diagnostic) -> Diagnostic {
        let line = self.key_line("kind").max(1);
        d.at(self.source, line, 1)
            .span(line_width(self.source, line))
    }

    /// A calendar date or period (`2020-11-13`, `2020-Q4`, ...), the value of `key`.
    pub fn when(
        &self,
        key: &str,
        value: &Option<String>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<When> {
        let v = value.as_ref()?;
        match When::parse(v) {
            Ok(w) => Some(w),
            Err(e) => {
                errors.push(
                    self.at_key(
                        key,
                        Diagnostic::new(
                            "E0118",
                            self.file,
                            tr("E0118", &[("key", &key), ("reason", &date_reason(v, &e))]),
                        )
                        .help(date_help(key, v, tr("dates.forms", &[]))),
                    ),
                );
                None
            }
        }
    }

    /// Whether `value` gives a time of day, not a plain date (`2020-11-20`): a plain
    /// date is shown as a day, not as its midnight.
    pub fn has_time(value: &Option<String>) -> bool {
        value.as_deref().is_some_and(|v| plain_date(v).is_none())
    }

    /// A date and time with its offset, the value of `key`. A plain date is taken as
    /// midnight in Vietnam (+07:00), the editors' own time zone.
    pub fn date_or_datetime(
        &self,
        key: &str,
        value: &Option<String>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<DateTime> {
        let v = value.as_ref()?;
        if let Some(d) = plain_date(v) {
            return Some(DateTime {
                date: d,
                hour: 0,
                minute: 0,
                second: 0,
                offset_minutes: 420,
            });
        }
        match parse_datetime(v) {
            Ok(dt) => Some(dt),
            Err(e) => {
                errors.push(
                    self.at_key(
                        key,
                        Diagnostic::new(
                            "E0115",
                            self.file,
                            tr("E0115", &[("key", &key), ("reason", &date_reason(v, &e))]),
                        )
                        .help(date_help(
                            key,
                            v,
                            tr("E0115.help", &[("key", &key)]),
                        )),
                    ),
                );
                None
            }
        }
    }

    /// Where each `field:` of the block list under `key` is written (a photo's or an
    /// attached file's `file:`), as a [`Reference`] to `values[i]`, which is relative to
    /// the page's file and checked against the site later. An item whose line cannot be
    /// found (a flow-style list on one line: `files: [{file: a.pdf}]`) points at `key`.
    pub fn list_item_references(&self, key: &str, field: &str, values: &[&str]) -> Vec<Reference> {
        let key_line = self.key_line(key);
        let lines = list_item_lines(self.yaml, key_line.saturating_sub(self.line_offset), field);
        let key_column = self.key(key).map_or(1, |k| k.value_column);
        values
            .iter()
            .enumerate()
            .map(|(i, value)| match lines.get(i) {
                Some(&(line, column)) => self.reference(value, line + self.line_offset, column),
                None => self.reference(value, key_line.max(1), key_column),
            })
            .collect()
    }

    /// A path written at a file line and column, kept for errors found later.
    pub fn reference(&self, path: &str, line: usize, column: usize) -> Reference {
        Reference {
            path: path.to_string(),
            line,
            column,
            line_text: self
                .source
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .to_string(),
        }
    }
}

/// The exact line to write for a date that could not be read, when one is likely
/// ([`crate::dates::suggestion`]); else the forms a date may take.
pub(crate) fn date_help(key: &str, written: &str, forms: String) -> String {
    match crate::dates::suggestion(written) {
        Some(fix) => tr("dates.write", &[("key", &key), ("fix", &fix)]),
        None => forms,
    }
}

/// Why `written` is not a date, in the editor's language when the mistake is one
/// [`crate::dates::mistake`] names; else the date module's own words.
pub(crate) fn date_reason(written: &str, e: &crate::dates::DateError) -> String {
    use crate::dates::Mistake;
    const MONTHS: [&str; 12] = [
        "dates.month-1",
        "dates.month-2",
        "dates.month-3",
        "dates.month-4",
        "dates.month-5",
        "dates.month-6",
        "dates.month-7",
        "dates.month-8",
        "dates.month-9",
        "dates.month-10",
        "dates.month-11",
        "dates.month-12",
    ];
    match crate::dates::mistake(written) {
        Some(Mistake::NoMonth { month }) => tr("dates.no-month", &[("month", &month)]),
        Some(Mistake::NoDay {
            year,
            month,
            day,
            days,
        }) => {
            let month_name = tr(MONTHS[month as usize - 1], &[]);
            tr(
                "dates.no-day",
                &[
                    ("year", &year),
                    ("month_name", &month_name),
                    ("day", &day),
                    ("days", &days),
                ],
            )
        }
        Some(Mistake::NotLeap { year, days }) => {
            tr("dates.not-leap", &[("year", &year), ("days", &days)])
        }
        Some(Mistake::DayFirst) => tr("dates.day-first", &[("written", &written)]),
        Some(Mistake::QuarterOtherWay) => tr("dates.quarter-other-way", &[("written", &written)]),
        Some(Mistake::MonthOtherWay) => tr("dates.month-other-way", &[("written", &written)]),
        // The reason as the date parser found it, in the editor's language; a day that
        // does not exist names its month as the catalogue does.
        None => {
            let month_name = e
                .args
                .iter()
                .find(|(k, _)| *k == "month")
                .and_then(|(_, m)| m.parse::<usize>().ok())
                .filter(|m| (1..=12).contains(m))
                .map(|m| tr(MONTHS[m - 1], &[]));
            let mut args: Vec<(&str, &dyn std::fmt::Display)> = e
                .args
                .iter()
                .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
                .collect();
            if let Some(name) = &month_name {
                args.push(("month_name", name));
            }
            tr(e.id, &args)
        }
    }
}

/// The 1-based lines (within the YAML) and value columns of each `field` of a block
/// list that follows the key at `list_line`, in order.
fn list_item_lines(yaml: &str, list_line: usize, field: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if list_line == 0 {
        return out;
    }
    for (i, line) in yaml.lines().enumerate().skip(list_line) {
        if line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#')
        {
            break; // the next top-level key: the list has ended
        }
        let trimmed = line.trim_start();
        let item = trimmed
            .strip_prefix("- ")
            .map(str::trim_start)
            .unwrap_or(trimmed);
        if let Some(value) = item.strip_prefix(field) {
            let value_start = line.len() - value.trim_start().len();
            out.push((i + 1, line[..value_start].chars().count() + 1));
        }
    }
    out
}

/// Width in characters of a 1-based line of `source`, for underlining all of it.
fn line_width(source: &str, line: usize) -> usize {
    source
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.chars().count())
        .unwrap_or(1)
}

/// Lower-case ASCII letters, digits and inner `-`: safe as a path segment on every OS.
pub fn is_safe_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// `v` when it is a plain date (`2020-11-20`), not a date and time.
fn plain_date(v: &str) -> Option<crate::dates::Date> {
    if v.len() == 10 {
        crate::dates::parse_date(v).ok()
    } else {
        None
    }
}
