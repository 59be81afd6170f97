//! The front matter as written: every key of every kind, deserialized in one pass so
//! that a YAML or shape error is reported where serde meets it, with its position.

use super::document::{NumberValue, RawAttachment, Signer};
use super::{Photo, RawProject, Target};
use serde::Deserialize;

/// A new kind adds its keys here (and to [`ALL_KEYS`]) as well as in its own module.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub categories: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub weight: Option<i64>,
    // plan
    pub period: Option<String>,
    pub issuer: Option<String>,
    pub office: Option<String>,
    pub document_number: Option<String>,
    // task_group (a whole number), document (its số ký hiệu)
    pub number: Option<NumberValue>,
    pub lead: Option<Vec<String>>,
    pub targets: Option<Vec<Target>>,
    pub projects: Option<Vec<RawProject>>,
    // event
    pub start: Option<String>,
    pub end: Option<String>,
    pub location: Option<String>,
    pub organizer: Option<String>,
    pub task_group: Option<String>,
    pub series: Option<String>,
    pub status: Option<String>,
    // album
    pub photos: Option<Vec<Photo>>,
    // document (and a plan that carries its document's fields)
    pub doc_type: Option<String>,
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub replaced_by: Option<String>,
    pub signer: Option<Signer>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub fields: Option<Vec<String>>,
    pub files: Option<Vec<RawAttachment>>,
    /// A plan's document page, relative to the plan's file.
    pub document: Option<String>,
    // notice
    pub posted: Option<String>,
    pub deadline: Option<String>,
    pub category: Option<String>,
    pub feedback: Option<super::notice::Feedback>,
    pub result: Option<String>,
    pub extra: Option<serde_json::Value>,
}

/// Every key front matter may have, in the order "did you mean" prefers them on a tie.
pub const ALL_KEYS: &[&str] = &[
    "title",
    "kind",
    "date",
    "updated",
    "summary",
    "slug",
    "categories",
    "tags",
    "draft",
    "weight",
    "period",
    "issuer",
    "office",
    "document_number",
    "number",
    "lead",
    "targets",
    "projects",
    "start",
    "end",
    "location",
    "organizer",
    "task_group",
    "series",
    "status",
    "photos",
    "doc_type",
    "issued",
    "effective",
    "replaced_by",
    "signer",
    "abstract",
    "fields",
    "files",
    "document",
    "posted",
    "deadline",
    "category",
    "feedback",
    "result",
    "extra",
];
