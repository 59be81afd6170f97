//! `kind: plan`: a plan for a period (a year, a half, a quarter or a month).

use super::{document, Document, Fields, Kind, KindSpec, RawFrontMatter, Reference};
use crate::dates::When;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "plan",
    keys: &["period", "issuer", "office", "document_number", "document"],
    check,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub period: When,
    pub issuer: Option<String>,
    pub office: Option<String>,
    pub document_number: Option<String>,
    /// The document fields the plan carries itself (`issued`, `signer`, `files`...),
    /// its number being `document_number`.
    pub document_fields: Option<Box<Document>>,
    /// `document:`: the path of the plan's document page, relative to the plan's file.
    pub document_page: Option<Reference>,
}

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    let carried = document::CARRIED_BY_PLAN.iter().any(|k| f.key_line(k) > 0);
    let document_fields = carried.then(|| {
        let mut fields = document::parse(raw, f, false, errors);
        fields.number = raw.document_number.clone();
        Box::new(fields)
    });
    let document_page = raw.document.as_deref().map(|p| {
        let column = f
            .keys
            .iter()
            .find(|k| k.key == "document")
            .map_or(1, |k| k.value_column);
        f.reference(p, f.key_line("document"), column)
    });
    match raw.period.as_deref().map(When::parse_period) {
        Some(Ok(p)) => Some(Kind::Plan(Plan {
            period: p,
            issuer: raw.issuer.clone(),
            office: raw.office.clone(),
            document_number: raw.document_number.clone(),
            document_fields,
            document_page,
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
