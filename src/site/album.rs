//! Photo albums (`kind: album`), as the assemble stage sees them: the images listed in
//! `photos` must sit next to the album's file, inside content/, in a format congkhai
//! reads. Measuring them and making their thumbnails is the render stage's
//! (`render::album`).

use crate::content::front_matter::{Kind, Reference};
use crate::content::{Asset, Page};
use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::site::links;
use std::collections::HashMap;

/// The image formats an album may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
}

impl Format {
    /// From a file name; only the formats congkhai is built to read.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }
}

/// An error about an album, at the photo's line when the album's file names one.
pub fn located(
    code: &'static str,
    page: &Page,
    at: Option<&Reference>,
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, &page.file, message);
    if let Some(r) = at {
        d.line = r.line;
        d.column = r.column;
        d.span_len = r.path.chars().count().max(1);
        d.source_line = Some(r.line_text.clone());
    }
    d
}

/// Every photo of every album must be a PNG or JPEG file inside content/, found where
/// the album's file says, the way links are.
pub fn check_files(
    pages: &[Page],
    assets_by_source: &HashMap<&str, &Asset>,
    errors: &mut Vec<Diagnostic>,
) {
    for page in pages {
        let Kind::Album(photos) = &page.front.kind else {
            continue;
        };
        for photo in photos {
            let at = photo.at.as_ref();
            let Some(joined) = links::join(&page.dir, &photo.file) else {
                errors.push(
                    located(
                        "E0128",
                        page,
                        at,
                        tr("E0128.outside", &[("file", &photo.file)]),
                    )
                    .help(tr("E0128.outside-help", &[])),
                );
                continue;
            };
            if !assets_by_source.contains_key(joined.as_str()) {
                let here: Vec<&str> = assets_by_source
                    .keys()
                    .filter(|k| {
                        k.rsplit_once('/').map(|(d, _)| d).unwrap_or("") == page.dir
                            && Format::from_name(k).is_some()
                    })
                    .map(|k| k.rsplit_once('/').map(|(_, n)| n).unwrap_or(k))
                    .collect();
                let mut here = here;
                here.sort_unstable();
                let help = match did_you_mean(&photo.file, &here) {
                    Some(s) => tr("common.did-you-mean", &[("word", &s)]),
                    None if here.is_empty() => tr("E0128.help", &[("dir", &page.dir)]),
                    None => tr("E0128.help-here", &[("files", &here.join(", "))]),
                };
                errors
                    .push(located("E0128", page, at, tr("E0128", &[("file", &joined)])).help(help));
                continue;
            }
            if Format::from_name(&photo.file).is_none() {
                errors.push(
                    located("E0129", page, at, tr("E0129", &[("file", &photo.file)]))
                        .help(tr("E0129.help", &[])),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_name("a.JPG"), Some(Format::Jpeg));
        assert_eq!(Format::from_name("a.png"), Some(Format::Png));
        assert_eq!(Format::from_name("a.gif"), None);
    }
}
