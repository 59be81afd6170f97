//! The kinds of page, in one list: each kind's module holds its name, the keys only it
//! takes, its types and its checks. A new kind is a module beside this one, a line in
//! [`KIND_SPECS`] and a variant of [`Kind`] (its keys also go in `raw.rs`).

use super::{album, document, event, notice, page, plan, task_group};
use super::{Document, Event, Fields, Photo, Plan, RawFrontMatter, TaskGroup};
use crate::diagnostic::Diagnostic;

/// What a kind's module tells the parser.
pub(crate) struct KindSpec {
    pub name: &'static str,
    /// The keys valid for this kind only (keys of no kind are valid for all).
    pub keys: &'static [&'static str],
    /// Checks the kind's fields, pushing every problem; `None` when the kind's value
    /// cannot be made (the errors say why).
    pub check: fn(&RawFrontMatter, &Fields<'_>, &mut Vec<Diagnostic>) -> Option<Kind>,
}

/// Every kind, in the order their names are listed to editors.
pub(crate) const KIND_SPECS: &[KindSpec] = &[
    page::SPEC,
    plan::SPEC,
    task_group::SPEC,
    event::SPEC,
    album::SPEC,
    document::SPEC,
    notice::SPEC,
];

const KIND_NAMES: [&str; KIND_SPECS.len()] = {
    let mut names = [""; KIND_SPECS.len()];
    let mut i = 0;
    while i < KIND_SPECS.len() {
        names[i] = KIND_SPECS[i].name;
        i += 1;
    }
    names
};

/// The names of the kinds, as written after `kind:`.
pub const KINDS: &[&str] = &KIND_NAMES;

pub(crate) fn spec(name: &str) -> Option<&'static KindSpec> {
    KIND_SPECS.iter().find(|k| k.name == name)
}

/// Which kind a kind-specific key belongs to (keys not listed are valid for all kinds).
pub(crate) fn key_kind(key: &str) -> Option<&'static str> {
    KIND_SPECS
        .iter()
        .find(|k| k.keys.contains(&key))
        .map(|k| k.name)
}

/// Whether a page of kind `kind` takes `key`, another kind's key with the same
/// meaning (a document's `number`, `issuer`, `status`; a plan's document fields; a
/// notice's `files`).
pub(crate) fn shares(kind: &str, key: &str) -> bool {
    match kind {
        "document" => document::SHARED.contains(&key),
        "plan" => document::CARRIED_BY_PLAN.contains(&key),
        "notice" => notice::SHARED.contains(&key),
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Page,
    Plan(Plan),
    TaskGroup(TaskGroup),
    Event(Event),
    Album(Vec<Photo>),
    Document(Box<Document>),
    Notice(notice::Notice),
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Page => page::SPEC.name,
            Kind::Plan(_) => plan::SPEC.name,
            Kind::TaskGroup(_) => task_group::SPEC.name,
            Kind::Event(_) => event::SPEC.name,
            Kind::Album(_) => album::SPEC.name,
            Kind::Document(_) => document::SPEC.name,
            Kind::Notice(_) => notice::SPEC.name,
        }
    }
}
