//! `kind: album`: photos, each with its alt text. Whether the files exist and are
//! images is checked when the site is assembled; here, what the front matter says.

use super::{Fields, Kind, KindSpec, RawFrontMatter, Reference};
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "album",
    keys: &["photos"],
    check,
};

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    pub file: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Where `file:` was written, for errors about the image (missing, unreadable).
    #[serde(skip)]
    pub at: Option<Reference>,
}

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    let mut photos = raw.photos.clone().unwrap_or_default();
    let files: Vec<&str> = photos.iter().map(|p| p.file.as_str()).collect();
    let at = f.list_item_references("photos", "file:", &files);
    for (p, at) in photos.iter_mut().zip(at) {
        p.at = Some(at);
    }
    for p in &photos {
        if p.alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            let mut d = Diagnostic::new("E0126", f.file, tr("E0126", &[("file", &p.file)]))
                .help(tr("E0126.help", &[]));
            if let Some(at) = &p.at {
                d = d
                    .at(f.source, at.line, at.column)
                    .span(p.file.chars().count());
            }
            errors.push(d);
        }
    }
    Some(Kind::Album(photos))
}
