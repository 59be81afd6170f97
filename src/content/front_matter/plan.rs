//! `kind: plan`: a plan for a period (a year, a half, a quarter or a month).

use super::{Fields, Kind, KindSpec, RawFrontMatter};
use crate::dates::When;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "plan",
    keys: &["period", "issuer", "office", "document_number"],
    check,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub period: When,
    pub issuer: Option<String>,
    pub office: Option<String>,
    pub document_number: Option<String>,
}

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    match raw.period.as_deref().map(When::parse_period) {
        Some(Ok(p)) => Some(Kind::Plan(Plan {
            period: p,
            issuer: raw.issuer.clone(),
            office: raw.office.clone(),
            document_number: raw.document_number.clone(),
        })),
        Some(Err(e)) => {
            errors.push(
                f.at_key(
                    "period",
                    Diagnostic::new("E0119", f.file, tr("E0119", &[("reason", &e)]))
                        .help(tr("dates.period-forms", &[])),
                ),
            );
            None
        }
        None => {
            errors.push(
                f.at_kind_line(
                    Diagnostic::new("E0119", f.file, tr("E0119.missing", &[]))
                        .help(tr("E0119.missing-help", &[])),
                ),
            );
            None
        }
    }
}
