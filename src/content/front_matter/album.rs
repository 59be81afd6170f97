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
    let lines = photo_file_lines(f.yaml, f.key_line("photos").saturating_sub(f.line_offset));
    for (i, p) in photos.iter_mut().enumerate() {
        p.at = Some(match lines.get(i) {
            Some(&(line, column)) => f.reference(&p.file, line + f.line_offset, column),
            // A flow-style list (`photos: [{file: a.png, ...}]`) sits on one line.
            None => f.reference(&p.file, f.key_line("photos").max(1), 1),
        });
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

/// The 1-based lines (within the YAML) and value columns of each photo's `file:`, in
/// order, scanning the block list that follows the `photos:` key at `photos_line`.
fn photo_file_lines(yaml: &str, photos_line: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if photos_line == 0 {
        return out;
    }
    for (i, line) in yaml.lines().enumerate().skip(photos_line) {
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
        if let Some(value) = item.strip_prefix("file:") {
            let value_start = line.len() - value.trim_start().len();
            out.push((i + 1, line[..value_start].chars().count() + 1));
        }
    }
    out
}
