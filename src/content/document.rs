//! `kind: document` (văn bản): a legal or administrative document with its number,
//! type, dates, issuer, signer, abstract, fields and attached files. Parsed here from
//! the front matter; what needs the whole site (the type list of config.yaml, the
//! `replaced_by` page, the attached files on disk) is checked when the site is
//! assembled (`site/documents.rs`).

use super::front_matter::Reference;
use crate::dates::{parse_date, Date};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::yaml::KeyPosition;
use serde::Deserialize;

/// `signer:` of a document: who signed it, and as what.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: String,
    pub position: Option<String>,
}

/// One entry of `files:` as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawAttachment {
    pub file: String,
    pub title: Option<String>,
    pub lang: Option<String>,
}

/// An attached file: `file` is relative to the page's file, as album photos are.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub file: String,
    pub title: Option<String>,
    pub lang: Option<String>,
    /// Where `file:` was written, for errors about the file (missing, outside, too large).
    pub at: Reference,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocStatus {
    InForce,
    Expired,
    Replaced,
}

pub const DOC_STATUSES: &[&str] = &["in_force", "expired", "replaced"];

impl DocStatus {
    pub fn key(self) -> &'static str {
        DOC_STATUSES[self as usize]
    }
}

/// The document fields, shared by `kind: document` and a plan that carries them.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Số ký hiệu, e.g. `15/QĐ-UBND`. None when written `number: ~` (the source gives
    /// no number): never made up.
    pub number: Option<String>,
    /// As written (a name of `document_types` in config.yaml), checked at assembly.
    pub doc_type: Option<Reference>,
    /// None when the source gives no date of issue (`issued: ~`).
    pub issued: Option<Date>,
    pub effective: Option<Date>,
    pub status: DocStatus,
    /// As written: a path relative to the page's file, resolved at assembly.
    pub replaced_by: Option<Reference>,
    pub issuer: Option<String>,
    pub signer: Option<Signer>,
    pub abstract_text: Option<String>,
    pub fields: Vec<String>,
    pub files: Vec<Attachment>,
}

/// The raw document keys, as `RawFrontMatter` holds them.
pub struct RawDocument<'a> {
    pub number: Option<&'a str>,
    pub doc_type: &'a Option<String>,
    pub issued: &'a Option<String>,
    pub effective: &'a Option<String>,
    pub status: &'a Option<String>,
    pub replaced_by: &'a Option<String>,
    pub issuer: &'a Option<String>,
    pub signer: &'a Option<Signer>,
    pub abstract_text: &'a Option<String>,
    pub fields: &'a Option<Vec<String>>,
    pub files: &'a Option<Vec<RawAttachment>>,
}

/// Where things are in the file, for messages.
pub struct Place<'a> {
    pub source: &'a str,
    pub yaml: &'a str,
    pub file: &'a str,
    pub keys: &'a [KeyPosition],
    /// Lines before the YAML (the opening `---`).
    pub line_offset: usize,
}

impl Place<'_> {
    fn key(&self, key: &str) -> Option<&KeyPosition> {
        self.keys.iter().find(|k| k.key == key)
    }

    /// The diagnostic pointed at the value of `key`.
    pub fn at_value(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.key(key) {
            Some(k) => {
                let width = self
                    .yaml
                    .lines()
                    .nth(k.line - 1)
                    .map(|l| l.chars().count().saturating_sub(k.value_column - 1))
                    .unwrap_or(1)
                    .max(1);
                d.at(self.source, k.line + self.line_offset, k.value_column)
                    .span(width)
            }
            None => d,
        }
    }

    /// The diagnostic pointed at the `kind:` line (for a key that is missing).
    fn at_kind(&self, d: Diagnostic) -> Diagnostic {
        let line = self.key("kind").map_or(1, |k| k.line + self.line_offset);
        let width = self
            .source
            .lines()
            .nth(line - 1)
            .map_or(1, |l| l.chars().count());
        d.at(self.source, line, 1).span(width)
    }

    /// A reference to the value of `key` as written.
    pub fn reference(&self, key: &str, value: &str) -> Reference {
        let (line, column) = self
            .key(key)
            .map_or((1, 1), |k| (k.line + self.line_offset, k.value_column));
        Reference {
            path: value.to_string(),
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

    fn is_null(&self, key: &str) -> bool {
        self.key(key).is_some_and(|k| {
            let line = self.yaml.lines().nth(k.line - 1).unwrap_or("");
            let value = line.split_once(':').map_or("", |(_, v)| v);
            let value = value.split(" #").next().unwrap_or("").trim();
            matches!(value, "~" | "null" | "Null" | "NULL")
        })
    }
}

const DATE_HELP: &str = "write the day as `2020-11-13` (year, month, day)";

/// Checks the document fields. `required` is true for `kind: document` (which must
/// state its number and date of issue, or write `~` where the source gives none) and
/// false for a plan that carries some of them.
pub fn parse(
    raw: &RawDocument<'_>,
    place: &Place<'_>,
    required: bool,
    errors: &mut Vec<Diagnostic>,
) -> Document {
    let file = place.file;
    let date = |key: &str, value: &Option<String>, errors: &mut Vec<Diagnostic>| {
        let v = value.as_ref()?;
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(place.at_value(
                    key,
                    Diagnostic::new("E0118", file, format!("`{key}`: {e}")).help(DATE_HELP),
                ));
                None
            }
        }
    };
    if required && raw.number.is_none_or(|n| n.trim().is_empty()) && !place.is_null("number") {
        errors.push(place.at_kind(
            Diagnostic::new("E0140", file, "a document needs its `number` (số ký hiệu)")
                .help("add e.g. `number: \"15/QĐ-UBND\"` as the document shows it; if the document has no number, write `number: ~`"),
        ));
    }
    if required && raw.issued.is_none() && !place.is_null("issued") {
        errors.push(place.at_kind(
            Diagnostic::new("E0140", file, "a document needs its date of issue, `issued`")
                .help("add e.g. `issued: 2020-11-13`; if the source gives no date of issue, write `issued: ~` (never guess one)"),
        ));
    }
    let issued = date("issued", raw.issued, errors);
    let effective = date("effective", raw.effective, errors);
    if let (Some(i), Some(e)) = (issued, effective) {
        if e < i {
            errors.push(place.at_value(
                "effective",
                Diagnostic::new(
                    "E0141",
                    file,
                    format!(
                        "the document takes effect ({}) before it is issued ({})",
                        e.iso(),
                        i.iso()
                    ),
                )
                .help("`effective` is the day it takes effect: the day of issue or later; check the two dates"),
            ));
        }
    }
    let status = match raw.status.as_deref() {
        None => DocStatus::InForce,
        Some(s) => match DOC_STATUSES.iter().position(|x| *x == s) {
            Some(0) => DocStatus::InForce,
            Some(1) => DocStatus::Expired,
            Some(_) => DocStatus::Replaced,
            None => {
                let hint = match did_you_mean(s, DOC_STATUSES) {
                    Some(m) => format!(
                        "did you mean `{m}`? A document's status is one of: {}",
                        DOC_STATUSES.join(", ")
                    ),
                    None => format!(
                        "a document's status is one of: {}",
                        DOC_STATUSES.join(", ")
                    ),
                };
                errors.push(place.at_value(
                    "status",
                    Diagnostic::new("E0148", file, format!("unknown document status `{s}`"))
                        .help(hint),
                ));
                DocStatus::InForce
            }
        },
    };
    let replaced_by = raw
        .replaced_by
        .as_deref()
        .map(|p| place.reference("replaced_by", p));
    match (status, &replaced_by) {
        (DocStatus::Replaced, None) => errors.push(place.at_value(
            "status",
            Diagnostic::new("E0142", file, "a replaced document needs `replaced_by`")
                .help("add `replaced_by:` with the path of the newer document's file, relative to this file, e.g. `replaced_by: 20-qd-ubnd.md`"),
        )),
        (DocStatus::InForce | DocStatus::Expired, Some(_)) => errors.push(place.at_value(
            "replaced_by",
            Diagnostic::new("E0142", file, "`replaced_by` is set but the status is not `replaced`")
                .help("add `status: replaced`, or remove `replaced_by`"),
        )),
        _ => {}
    }
    let lines = list_item_lines(
        place.yaml,
        place.key("files").map_or(0, |k| k.line),
        "file:",
    );
    let files = raw
        .files
        .clone()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let at = match lines.get(i) {
                Some(&(line, column)) => {
                    let line = line + place.line_offset;
                    Reference {
                        path: a.file.clone(),
                        line,
                        column,
                        line_text: place
                            .source
                            .lines()
                            .nth(line - 1)
                            .unwrap_or("")
                            .to_string(),
                    }
                }
                None => place.reference("files", &a.file),
            };
            Attachment {
                file: a.file,
                title: a.title,
                lang: a.lang,
                at,
            }
        })
        .collect();
    let number = raw
        .number
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Document {
        number,
        doc_type: raw
            .doc_type
            .as_deref()
            .map(|t| place.reference("doc_type", t)),
        issued,
        effective,
        status,
        replaced_by,
        issuer: raw.issuer.clone(),
        signer: raw.signer.clone(),
        abstract_text: raw.abstract_text.clone(),
        fields: raw.fields.clone().unwrap_or_default(),
        files,
    }
}

/// The 1-based lines (within the YAML) and value columns of each `field` of a block
/// list that follows the key at `list_line`, in order.
pub fn list_item_lines(yaml: &str, list_line: usize, field: &str) -> Vec<(usize, usize)> {
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
