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
            let written = raw.period.as_deref().unwrap_or("");
            let reason = super::fields::date_reason(written, &e);
            // A period written by hand (`Quý IV/2024`) has one right form; a day or a
            // date that does not exist is answered with the forms a period takes.
            let help = match crate::dates::rewrite(written).filter(|w| w.len() < 10) {
                Some(fix) => tr("E0110.write-help", &[("fixed", &format!("period: {fix}"))]),
                None => tr("dates.period-forms", &[]),
            };
            errors.push(f.at_key(
                "period",
                Diagnostic::new("E0119", f.file, tr("E0119", &[("reason", &reason)])).help(help),
            ));
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
