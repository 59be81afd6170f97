//! The progress bar of long builds. Shown only where a person is watching: on a
//! terminal, outside CI, without `--quiet`, and for sites big enough to take a while.

use crate::console::{verbosity, Verbosity};
use crate::sink::Sink;
use crate::site::Site;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

/// Below this many pages a build is over before a bar would be read.
pub const MIN_PAGES: usize = 300;

pub fn wanted(terminal: bool, ci: bool, quiet: bool, pages: usize) -> bool {
    terminal && !ci && !quiet && pages > MIN_PAGES
}

/// The HTML files a render makes: pages, taxonomy pages, one 404 page per language.
fn expected_html(site: &Site) -> u64 {
    let taxonomy_pages: usize = site
        .taxonomies
        .values()
        .flatten()
        .filter(|t| !t.terms.is_empty())
        .map(|t| 1 + t.terms.len())
        .sum();
    (site.pages.len() + taxonomy_pages + site.config.languages.len()) as u64
}

/// Wraps a sink to count the HTML files going through it: the render stage stays
/// unaware of the bar, and counting costs one atomic add per page.
pub struct Progress<'a> {
    inner: &'a dyn Sink,
    bar: ProgressBar,
}

impl<'a> Progress<'a> {
    /// A bar over `inner` when one is wanted, else `None` (use `inner` directly).
    pub fn for_site(site: &Site, inner: &'a dyn Sink, verb: &str) -> Option<Progress<'a>> {
        let show = wanted(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some(),
            verbosity() == Verbosity::Quiet,
            site.pages.len(),
        );
        if !show {
            return None;
        }
        let bar = ProgressBar::with_draw_target(
            Some(expected_html(site)),
            ProgressDrawTarget::stderr_with_hz(10),
        );
        // The unit in the editor's language; the rest is indicatif's template.
        let unit = crate::diagnostic::tr("status.progress-unit", &[]);
        let template = format!("{{msg:>9}} [{{bar:40}}] {{pos}}/{{len}} {unit} ({{eta}})");
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(verb.to_string());
        Some(Progress { inner, bar })
    }

    /// Removes the bar, so the summary line stands alone.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Sink for Progress<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if path.ends_with(".html") {
            self.bar.inc(1);
        }
        self.inner.put(path, bytes)
    }
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy(path, from)
    }
    fn keeps_bytes(&self) -> bool {
        self.inner.keeps_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_person_at_a_terminal_watching_a_big_build_gets_a_bar() {
        assert!(wanted(true, false, false, 301));
        assert!(
            !wanted(true, false, false, 300),
            "small sites build too fast"
        );
        assert!(!wanted(false, false, false, 5000), "piped");
        assert!(!wanted(true, true, false, 5000), "CI");
        assert!(!wanted(true, false, true, 5000), "--quiet");
    }
}
