//! `congkhai init DIR [--theme NAME]`: a new site that builds at once. The skeleton
//! (config, an example plan, task group, event and album, the editors' guide) and every
//! bundled theme are embedded in the binary by build.rs, from src/cmd/init/skeleton/
//! and the repository's own themes/; the new site gets the chosen theme and the themes
//! it extends.

use crate::console::{info, report};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{os_reason, tr};
use std::borrow::Cow;
use std::io::Write as _;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Folder for the new site: created if missing, refused if it is not empty
    pub dir: PathBuf,
    /// The look: `default`, or `congthongtin` (a Vietnamese government portal, built on
    /// `default`). Change it later with `theme:` in config.yaml
    #[arg(long, value_name = "NAME", default_value = "default", value_parser = theme_names())]
    pub theme: String,
    /// Also write .github/workflows/pages.yml, which publishes the site on GitHub Pages
    /// at each push (docs/publishing.md)
    #[arg(long)]
    pub github_pages: bool,
}

/// Where `--github-pages` writes its workflow, and the workflow, pinned to this build's
/// commit so GitHub builds with the same congkhai as the editor's PC.
pub const GITHUB_PAGES_WORKFLOW: &str = ".github/workflows/pages.yml";

pub fn github_pages_workflow() -> String {
    include_str!("github-pages.yml").replace("@COMMIT@", super::COMMIT)
}

fn theme_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(embedded::THEMES.iter().map(|(name, _)| *name))
}

fn theme_files(name: &str) -> &'static [(&'static str, &'static [u8])] {
    embedded::THEMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, files)| *files)
        .unwrap_or(&[])
}

/// The theme `name` and the themes it extends (`extends:` in its theme.yaml), nearest
/// first.
fn theme_chain(name: &str) -> Vec<&'static str> {
    let mut chain: Vec<&'static str> = Vec::new();
    let mut current = embedded::THEMES.iter().find(|(n, _)| *n == name);
    while let Some((n, files)) = current {
        if chain.contains(n) {
            break;
        }
        chain.push(n);
        let parent = files
            .iter()
            .find(|(p, _)| *p == "theme.yaml")
            .and_then(|(_, b)| std::str::from_utf8(b).ok())
            .and_then(|text| {
                crate::yaml::parse::<Option<std::collections::BTreeMap<String, String>>>(text)
                    .ok()
                    .flatten()
            })
            .and_then(|keys| keys.get("extends").cloned());
        current = parent.and_then(|p| embedded::THEMES.iter().find(|(n, _)| *n == p));
    }
    chain
}

/// Every file of a new site with the theme `theme`: `(path in the site, bytes)`, sorted.
pub fn files(theme: &str) -> Vec<(String, Cow<'static, [u8]>)> {
    let mut out: Vec<(String, Cow<'static, [u8]>)> = embedded::SKELETON
        .iter()
        // Dot files are skipped when embedding (editors' swap files look the same).
        .map(|(p, b)| {
            let bytes: Cow<'static, [u8]> = if *p == "config.yaml" {
                Cow::Owned(with_theme(b, theme))
            } else {
                Cow::Borrowed(*b)
            };
            (
                if *p == "gitignore" {
                    ".gitignore".to_string()
                } else {
                    p.to_string()
                },
                bytes,
            )
        })
        .collect();
    for name in theme_chain(theme) {
        out.extend(
            theme_files(name)
                .iter()
                .map(|(p, b)| (format!("themes/{name}/{p}"), Cow::Borrowed(*b))),
        );
    }
    out.sort();
    out
}

/// The skeleton's config.yaml with its `theme:` line naming `theme`.
fn with_theme(config: &[u8], theme: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(config);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.starts_with("theme:") {
            out.push_str(&format!("theme: {theme}\n"));
        } else {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

fn problem(dir: &Path, message: String, help: String) -> Diagnostic {
    Diagnostic::new("E0701", dir.display().to_string(), message).help(help)
}

/// Writes the skeleton into `dir`; never replaces a file.
pub fn create(dir: &Path, theme: &str) -> Result<usize, Diagnostic> {
    create_with(dir, theme, &[])
}

/// The skeleton with the theme `theme` and `extra` files `(path, text)`, into `dir`;
/// never replaces a file.
pub fn create_with(dir: &Path, theme: &str, extra: &[(&str, String)]) -> Result<usize, Diagnostic> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(problem(
                dir,
                tr("E0701.file", &[]),
                tr("E0701.file-help", &[]),
            ));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| {
            problem(
                dir,
                tr("E0701.read", &[("reason", &os_reason(&e))]),
                tr("E0701.read-help", &[]),
            )
        })?;
        if entries.next().is_some() {
            return Err(problem(dir, tr("E0701", &[]), tr("E0701.help", &[])));
        }
    }
    let skeleton = files(theme);
    let files: Vec<(&str, &[u8])> = skeleton
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_ref()))
        .chain(extra.iter().map(|(p, t)| (*p, t.as_bytes())))
        .collect();
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            f.write_all(bytes)
        };
        write().map_err(|e| {
            problem(
                &path,
                tr("E0701.write", &[("reason", &os_reason(&e))]),
                tr("E0602.help", &[]),
            )
        })?;
    }
    Ok(files.len())
}

pub fn run(args: &Args) -> i32 {
    let mut extra = Vec::new();
    if args.github_pages {
        extra.push((GITHUB_PAGES_WORKFLOW, github_pages_workflow()));
    }
    match create_with(&args.dir, &args.theme, &extra) {
        Ok(n) => {
            let shown = args.dir.display();
            info(&tr("status.init-created", &[("dir", &shown), ("n", &n)]));
            info(&tr("status.init-guide", &[("dir", &shown)]));
            if args.github_pages {
                info(&tr(
                    "status.init-github-pages",
                    &[("dir", &shown), ("workflow", &GITHUB_PAGES_WORKFLOW)],
                ));
            }
            info(&tr("status.init-next", &[("dir", &shown)]));
            0
        }
        Err(d) => report(&[d]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_carries_the_whole_default_theme_and_the_guides() {
        let names: Vec<String> = files("default").into_iter().map(|(n, _)| n).collect();
        for needed in [
            "config.yaml",
            ".gitignore",
            "HUONG-DAN.md",
            "GUIDE.md",
            "content/_index.md",
            "themes/default/templates/base.html",
            "themes/default/templates/album.html",
            "themes/default/static/css/style.css",
        ] {
            assert!(names.iter().any(|n| n == needed), "missing {needed}");
        }
        let on_disk = walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .count();
        let embedded = names
            .iter()
            .filter(|n| n.starts_with("themes/default/"))
            .count();
        assert_eq!(embedded, on_disk);
        assert!(!names.iter().any(|n| n.starts_with("themes/congthongtin/")));
    }

    #[test]
    fn init_with_congthongtin_carries_it_and_the_theme_it_extends() {
        let files = files("congthongtin");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for needed in [
            "themes/congthongtin/theme.yaml",
            "themes/congthongtin/templates/base.html",
            "themes/congthongtin/static/css/theme.css",
            "themes/default/templates/base.html",
            "themes/default/static/css/style.css",
        ] {
            assert!(names.contains(&needed), "missing {needed}");
        }
        let config = files
            .iter()
            .find(|(n, _)| n == "config.yaml")
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let theme_lines: Vec<&str> = config.lines().filter(|l| l.starts_with("theme:")).collect();
        assert_eq!(theme_lines, ["theme: congthongtin"]);
    }
}
