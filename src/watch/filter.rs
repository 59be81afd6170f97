//! Which file-system events matter, and how much they cost: a content file is re-loaded
//! alone; a template, theme, static file, label file, archive or the configuration
//! rebuilds everything; editors' temporary files and the output folder are ignored.

use crate::content::is_editor_temp;
use std::path::{Component, Path};

/// Folders at the site root whose changes rebuild the whole site.
pub const SITE_FOLDERS: &[&str] = &["themes", "templates", "static", "i18n", "archive"];

/// Folders at the site root that are watched (recursively), when they exist.
pub const WATCHED_FOLDERS: &[&str] = &[
    "content",
    "themes",
    "templates",
    "static",
    "i18n",
    "archive",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file or folder under `content/`, `/`-separated (`` for `content/` itself).
    Content(String),
    /// Anything else that feeds the build, as shown to the editor (`config.yaml`,
    /// `themes/default/templates/base.html`).
    Site(String),
    Ignore,
}

/// Classifies a path relative to the site root.
pub fn classify(rel: &Path) -> Change {
    let mut parts: Vec<String> = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            // Events come with absolute paths under the root; anything else is not ours.
            _ => return Change::Ignore,
        }
    }
    let Some(first) = parts.first() else {
        return Change::Ignore;
    };
    if parts.iter().any(|p| is_editor_temp(p)) {
        return Change::Ignore;
    }
    if first == "content" {
        return Change::Content(parts[1..].join("/"));
    }
    if parts.len() == 1 && first == crate::config::CONFIG_FILE {
        return Change::Site(first.clone());
    }
    if SITE_FOLDERS.contains(&first.as_str()) {
        return Change::Site(parts.join("/"));
    }
    Change::Ignore
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(p: &str) -> Change {
        classify(Path::new(p))
    }

    #[test]
    fn content_files_are_reloaded_alone() {
        assert_eq!(
            c("content/su-kien/a.en.md"),
            Change::Content("su-kien/a.en.md".into())
        );
        assert_eq!(c("content"), Change::Content(String::new()));
    }

    #[test]
    fn templates_themes_and_config_rebuild_everything() {
        for p in [
            "config.yaml",
            "themes/default/templates/base.html",
            "templates/page.html",
            "static/logo.png",
            "i18n/vi.yaml",
            "archive/2020-Q4/manifest-sha256.txt",
        ] {
            assert_eq!(c(p), Change::Site(p.into()), "{p}");
        }
    }

    #[test]
    fn editor_save_files_and_other_folders_are_ignored() {
        for p in [
            "content/4913",
            "content/.a.md.swp",
            "content/su-kien/.#a.md",
            "content/su-kien/#a.md#",
            "content/a.md~",
            "content/a.md___jb_tmp___",
            "content/.git/index",
            "templates/.page.html.swp",
            "output/index.html",
            ".output.congkhai-staging/index.html",
            "config.yaml~",
            "notes/config.yaml",
            "target/debug/x",
        ] {
            assert_eq!(c(p), Change::Ignore, "{p}");
        }
    }
}
