//! Folders the generator publishes its own files in (`archive/`, `search/`), in every
//! language: a page or file of the site published there would share an address with
//! one of ours, leaving which one wins to chance.

use super::Site;
use crate::diagnostic::Diagnostic;

/// A reserved folder and how its clashes are reported.
pub struct Reserved<'a> {
    /// `archive/`, `search/`: relative to each language's root.
    pub folder: &'a str,
    pub code: &'static str,
    /// Ends "this page would be published at URL, …": `inside the archive`.
    pub place: &'a str,
    pub help: &'a str,
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
            place: "inside the archive",
            help: "while the site has snapshots, archive/ is where they are published; give this one another file name or `slug:`",
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
            .map(|p| (p.file.clone(), "page", p.url.clone()));
        let assets = self
            .assets
            .iter()
            .filter(|a| inside(&a.output_path))
            .map(|a| {
                (
                    format!("content/{}", a.source_path),
                    "file",
                    a.output_path.clone(),
                )
            });
        pages
            .chain(assets)
            .map(|(file, what, at)| {
                Diagnostic::new(
                    reserved.code,
                    file,
                    format!("this {what} would be published at {at}, {}", reserved.place),
                )
                .help(reserved.help)
            })
            .collect()
    }
}
