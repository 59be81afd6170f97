//! Folders the generator publishes its own files in (`archive/`, `search/`), in every
//! language: a page or file of the site published there would share an address with
//! one of ours, leaving which one wins to chance.

use super::Site;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;

/// A reserved folder and how its clashes are reported.
pub struct Reserved<'a> {
    /// `archive/`, `search/`: relative to each language's root.
    pub folder: &'a str,
    /// Its code; the catalogue words the message (`E0704`: "... inside the archive")
    /// and the help (`E0704.help`).
    pub code: &'static str,
}

impl Site {
    /// Pages and files of the live site that would be published where the
    /// archive is (`archive/`, and `<lang>/archive/` for its index pages): two
    /// files at one address would leave which one wins to chance.
    pub fn archive_clashes(&self) -> Vec<Diagnostic> {
        if self.archive.is_empty() {
            return Vec::new();
        }
        self.clashes_with(&Reserved {
            folder: "archive/",
            code: "E0704",
        })
    }

    /// Every page and file the site would publish inside `reserved.folder`.
    pub fn clashes_with(&self, reserved: &Reserved<'_>) -> Vec<Diagnostic> {
        let inside = |path: &str| {
            self.config.languages.iter().any(|l| {
                path.strip_prefix(&self.language_prefix(&l.code))
                    .is_some_and(|rest| rest.starts_with(reserved.folder))
            })
        };
        let pages = self
            .pages
            .iter()
            .filter(|p| inside(&super::links::page_file(&p.url)))
            .map(|p| (p.file.clone(), tr("common.page", &[]), p.url.clone()));
        let assets = self
            .assets
            .iter()
            .filter(|a| inside(&a.output_path))
            .map(|a| {
                (
                    format!("content/{}", a.source_path),
                    tr("common.file", &[]),
                    a.output_path.clone(),
                )
            });
        pages
            .chain(assets)
            .map(|(file, what, at)| {
                // The code's own message says which folder it is ("E0704": the archive).
                Diagnostic::new(
                    reserved.code,
                    file,
                    tr(reserved.code, &[("what", &what), ("at", &at)]),
                )
                .help(tr(&format!("{}.help", reserved.code), &[]))
            })
            .collect()
    }
}
