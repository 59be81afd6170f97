//! `kind: plan`: a plan for a period (a quarter or a month).

use super::{Fields, Kind, KindSpec, RawFrontMatter};
use crate::dates::When;
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
    let period = f.when("period", &raw.period, errors);
    match period {
        Some(p @ When::Quarter { .. }) | Some(p @ When::Month { .. }) => Some(Kind::Plan(Plan {
            period: p,
            issuer: raw.issuer.clone(),
            office: raw.office.clone(),
            document_number: raw.document_number.clone(),
        })),
        Some(_) => {
            errors.push(
                f.at_key(
                    "period",
                    Diagnostic::new("E0119", f.file, "a plan's `period` is a quarter or a month")
                        .help("write e.g. `period: 2020-Q4`"),
                ),
            );
            None
        }
        None => {
            if raw.period.is_none() {
                errors.push(
                    f.at_kind_line(
                        Diagnostic::new("E0119", f.file, "a plan needs a `period`")
                            .help("add e.g. `period: 2020-Q4`"),
                    ),
                );
            }
            None
        }
    }
}
