//! `kind: page` (the default): a page with no fields of its own.

use super::{Fields, Kind, KindSpec, RawFrontMatter};
use crate::diagnostic::Diagnostic;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "page",
    keys: &[],
    check,
};

fn check(_: &RawFrontMatter, _: &Fields<'_>, _: &mut Vec<Diagnostic>) -> Option<Kind> {
    Some(Kind::Page)
}
