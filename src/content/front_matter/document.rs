//! `kind: document` (văn bản): a legal or administrative document with its number,
//! type, dates, issuer, signer, abstract, fields and attached files. Checked here from
//! the front matter; what needs the whole site (the type list of config.yaml, the
//! `replaced_by` page, the attached files on disk) is checked when the site is
//! assembled (`site/documents.rs`). A plan may carry the same fields (`plan.rs`).

use super::{Fields, Kind, KindSpec, RawFrontMatter, Reference};
use crate::dates::{parse_date, Date};
use crate::diagnostic::{did_you_mean, tr, Diagnostic};
use serde::Deserialize;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "document",
    keys: &[
        "doc_type",
        "issued",
        "effective",
        "replaced_by",
        "signer",
        "abstract",
        "fields",
        "files",
    ],
    check,
};

/// The keys of other kinds a document takes too, with the same meaning.
pub(super) const SHARED: &[&str] = &["number", "issuer", "status"];

/// The document keys a plan may carry for its own document.
pub(super) const CARRIED_BY_PLAN: &[&str] = &[
    "doc_type",
    "issued",
    "effective",
    "signer",
    "abstract",
    "files",
];

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    Some(Kind::Document(Box::new(parse(raw, f, true, errors))))
}

/// `number:` is a task group's position (a whole number) or a document's number
/// (text, e.g. `15/QĐ-UBND`); YAML reads `15` as a number either way.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum NumberValue {
    Whole(u32),
    Text(String),
}

impl NumberValue {
    pub fn text(&self) -> String {
        match self {
            NumberValue::Whole(n) => n.to_string(),
            NumberValue::Text(s) => s.clone(),
        }
    }
}

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

/// Whether `key` is written with a null value (`~`, `null`): the source gives none.
fn is_null(f: &Fields<'_>, key: &str) -> bool {
    let line = f.key_line(key);
    line > 0 && {
        let text = f.source.lines().nth(line - 1).unwrap_or("");
        let value = text.split_once(':').map_or("", |(_, v)| v);
        let value = value.split(" #").next().unwrap_or("").trim();
        matches!(value, "~" | "null" | "Null" | "NULL")
    }
}

fn reference_to(f: &Fields<'_>, key: &str, value: &str) -> Reference {
    let line = f.key_line(key).max(1);
    let column = f
        .keys
        .iter()
        .find(|k| k.key == key)
        .map_or(1, |k| k.value_column);
    f.reference(value, line, column)
}

/// Checks the document fields. `required` is true for `kind: document` (which must
/// state its number and date of issue, or write `~` where the source gives none) and
/// false for a plan that carries some of them.
pub(super) fn parse(
    raw: &RawFrontMatter,
    f: &Fields<'_>,
    required: bool,
    errors: &mut Vec<Diagnostic>,
) -> Document {
    let file = f.file;
    let number_text = raw.number.as_ref().map(NumberValue::text);
    let date = |key: &str, value: &Option<String>, errors: &mut Vec<Diagnostic>| {
        let v = value.as_ref()?;
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(
                    f.at_key(
                        key,
                        Diagnostic::new(
                            "E0118",
                            file,
                            tr(
                                "E0118",
                                &[
                                    ("key", &key),
                                    ("reason", &super::fields::date_reason(v, &e)),
                                ],
                            ),
                        )
                        .help(super::fields::date_help(
                            key,
                            v,
                            tr("dates.day-form", &[]),
                        )),
                    ),
                );
                None
            }
        }
    };
    if required
        && number_text.as_deref().is_none_or(|n| n.trim().is_empty())
        && !is_null(f, "number")
    {
        errors.push(
            f.at_kind_line(
                Diagnostic::new("E0140", file, tr("E0140.number", &[]))
                    .help(tr("E0140.number-help", &[])),
            ),
        );
    }
    if required && raw.issued.is_none() && !is_null(f, "issued") {
        errors.push(
            f.at_kind_line(
                Diagnostic::new("E0140", file, tr("E0140.issued", &[]))
                    .help(tr("E0140.issued-help", &[])),
            ),
        );
    }
    let issued = date("issued", &raw.issued, errors);
    let effective = date("effective", &raw.effective, errors);
    if let (Some(i), Some(e)) = (issued, effective) {
        if e < i {
            errors.push(
                f.at_key(
                    "effective",
                    Diagnostic::new(
                        "E0141",
                        file,
                        tr("E0141", &[("effective", &e.iso()), ("issued", &i.iso())]),
                    )
                    .help(tr("E0141.help", &[])),
                ),
            );
        }
    }
    let status = match raw.status.as_deref() {
        None => DocStatus::InForce,
        Some(s) => match DOC_STATUSES.iter().position(|x| *x == s) {
            Some(0) => DocStatus::InForce,
            Some(1) => DocStatus::Expired,
            Some(_) => DocStatus::Replaced,
            None => {
                let statuses = DOC_STATUSES.join(", ");
                let hint = match did_you_mean(s, DOC_STATUSES) {
                    Some(m) => tr(
                        "E0148.did-you-mean",
                        &[("status", &m), ("statuses", &statuses)],
                    ),
                    None => tr("E0148.help", &[("statuses", &statuses)]),
                };
                errors.push(f.at_key(
                    "status",
                    Diagnostic::new("E0148", file, tr("E0148", &[("status", &s)])).help(hint),
                ));
                DocStatus::InForce
            }
        },
    };
    let replaced_by = raw
        .replaced_by
        .as_deref()
        .map(|p| reference_to(f, "replaced_by", p));
    match (status, &replaced_by) {
        (DocStatus::Replaced, None) => errors.push(
            f.at_key(
                "status",
                Diagnostic::new("E0142", file, tr("E0142.missing", &[]))
                    .help(tr("E0142.missing-help", &[])),
            ),
        ),
        (DocStatus::InForce | DocStatus::Expired, Some(_)) => errors.push(
            f.at_key(
                "replaced_by",
                Diagnostic::new("E0142", file, tr("E0142.not-replaced", &[]))
                    .help(tr("E0142.not-replaced-help", &[])),
            ),
        ),
        _ => {}
    }
    let files = attachments(raw, f);
    let number = number_text
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Document {
        number,
        doc_type: raw
            .doc_type
            .as_deref()
            .map(|t| reference_to(f, "doc_type", t)),
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

/// The attached files under `files:`, each with where its `file:` was written: a
/// document's and a notice's (`notice.rs`), read alike.
pub(super) fn attachments(raw: &RawFrontMatter, f: &Fields<'_>) -> Vec<Attachment> {
    let written = raw.files.clone().unwrap_or_default();
    let names: Vec<&str> = written.iter().map(|a| a.file.as_str()).collect();
    let at = f.list_item_references("files", "file:", &names);
    written
        .iter()
        .zip(at)
        .map(|(a, at)| Attachment {
            file: a.file.clone(),
            title: a.title.clone(),
            lang: a.lang.clone(),
            at,
        })
        .collect()
}
