//! The stages run in order: load → assemble → (theme) → render → write. `build`,
//! `check`, `watch` and `snapshot` all go through here.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::render::templates::{self, Theme};
use crate::render::{self, Stats};
use crate::sink::Sink;
use crate::site::{self, Site};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// The site is rendered once and dropped (build, check, snapshot), not kept for
    /// rebuilds (watch): see [`site::Options::once`].
    pub render_once: bool,
}

/// Loads and checks everything up to the point of rendering, the snapshots in
/// `archive/` included (a build publishes them); all errors at once.
pub fn prepare(root: &Path, options: &Options) -> Result<(Site, Theme), Vec<Diagnostic>> {
    prepare_with(root, options, true)
}

/// [`prepare`] without `archive/`: the site as it is today and nothing else,
/// which is what a snapshot freezes (a snapshot never holds older snapshots).
pub fn prepare_live(root: &Path, options: &Options) -> Result<(Site, Theme), Vec<Diagnostic>> {
    prepare_with(root, options, false)
}

fn prepare_with(
    root: &Path,
    options: &Options,
    with_archive: bool,
) -> Result<(Site, Theme), Vec<Diagnostic>> {
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let theme = templates::load(root, &config.theme, &languages);
    let site = if options.render_once {
        let spill = crate::content::SpillFile::new();
        let loaded =
            crate::content::load_spilling(root, &config, options.include_drafts, spill.as_ref());
        site::assemble_with(
            config,
            loaded,
            site::Options {
                once: Some(site::Once {
                    spill: spill.as_ref(),
                }),
                ..Default::default()
            },
        )
        .map_err(|failed| failed.errors)
    } else {
        let loaded = crate::content::load(root, &config, options.include_drafts);
        site::assemble(config, loaded)
    };
    let archive = if with_archive {
        crate::archive::load(root)
    } else {
        Ok(Vec::new())
    };
    match (site, theme, archive) {
        (Ok(mut site), Ok(theme), Ok(archive)) => {
            site.archive = archive;
            site.warnings = site::warnings::check(&site, crate::dates::now_unix_seconds());
            let mut clashes = site.archive_clashes();
            clashes.extend(crate::render::search_index::clashes(&site));
            clashes.extend(crate::render::register::clashes(&site));
            clashes.extend(crate::render::disclosure::clashes(&site));
            if !clashes.is_empty() {
                sort(&mut clashes);
                return Err(clashes);
            }
            Ok((site, theme))
        }
        (site, theme, archive) => {
            let mut errors = Vec::new();
            if let Err(e) = site {
                errors.extend(e);
            }
            if let Err(e) = theme {
                errors.extend(e);
            }
            if let Err(e) = archive {
                errors.extend(e);
            }
            sort(&mut errors);
            Err(errors)
        }
    }
}

/// In order of cause: every file's own errors (config, front matter, Markdown: codes
/// below E0300) first, by file and line, then what assembling the site found (links,
/// names, themes, output), which may follow from them.
pub fn sort(errors: &mut Vec<Diagnostic>) {
    let stage = |d: &Diagnostic| d.code >= "E0300";
    errors.sort_by(|a, b| {
        (stage(a), &a.file, a.line, a.column, a.code).cmp(&(
            stage(b),
            &b.file,
            b.line,
            b.column,
            b.code,
        ))
    });
    errors.dedup();
}

/// Renders the prepared site into `sink`.
pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
    render::render(site, theme, sink)
}
