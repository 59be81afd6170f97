//! `congkhai init DIR`: a new site that builds at once. The skeleton (config, an
//! example plan, task group, event and album, the editors' guide) and the default
//! theme are embedded in the binary by build.rs, from src/cmd/init/skeleton/ and the
//! repository's own themes/default/.

use crate::cli::{info, report};
use crate::diagnostic::Diagnostic;
use std::io::Write as _;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Folder for the new site: created if missing, refused if it is not empty
    pub dir: PathBuf,
    /// Also write .github/workflows/pages.yml, which publishes the site on GitHub Pages
    /// at each push (docs/publishing.md)
    #[arg(long)]
    pub github_pages: bool,
}

/// Where `--github-pages` writes its workflow, and the workflow, pinned to this build's
/// commit so GitHub builds with the same congkhai as the editor's PC.
pub const GITHUB_PAGES_WORKFLOW: &str = ".github/workflows/pages.yml";

pub fn github_pages_workflow() -> String {
    include_str!("github-pages.yml").replace("@COMMIT@", crate::cli::COMMIT)
}

/// Every file of a new site: `(path in the site, bytes)`, sorted.
pub fn files() -> Vec<(String, &'static [u8])> {
    let mut out: Vec<(String, &'static [u8])> = embedded::SKELETON
        .iter()
        // Dot files are skipped when embedding (editors' swap files look the same).
        .map(|(p, b)| {
            (
                if *p == "gitignore" {
                    ".gitignore".to_string()
                } else {
                    p.to_string()
                },
                *b,
            )
        })
        .chain(
            embedded::DEFAULT_THEME
                .iter()
                .map(|(p, b)| (format!("themes/default/{p}"), *b)),
        )
        .collect();
    out.sort();
    out
}

fn problem(dir: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic::new("E0701", dir.display().to_string(), message).help(help)
}

/// Writes the skeleton into `dir`; never replaces a file.
pub fn create(dir: &Path) -> Result<usize, Diagnostic> {
    create_with(dir, &[])
}

/// The skeleton and `extra` files `(path, text)`, into `dir`; never replaces a file.
pub fn create_with(dir: &Path, extra: &[(&str, String)]) -> Result<usize, Diagnostic> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(problem(
                dir,
                "this is a file, not a folder".into(),
                "choose a new folder name for the site",
            ));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| {
            problem(
                dir,
                format!("cannot read the folder: {e}"),
                "check the folder's permissions",
            )
        })?;
        if entries.next().is_some() {
            return Err(problem(
                dir,
                "the folder is not empty; `init` only creates a site in a new or empty folder"
                    .into(),
                "choose a new folder name, e.g. `congkhai init trang-moi`; nothing was changed",
            ));
        }
    }
    let skeleton = files();
    let files: Vec<(&str, &[u8])> = skeleton
        .iter()
        .map(|(p, b)| (p.as_str(), *b))
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
                format!("cannot write: {e}"),
                "check that the folder is writable and the disk is not full",
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
    match create_with(&args.dir, &extra) {
        Ok(n) => {
            let shown = args.dir.display();
            let pages = if args.github_pages {
                format!("\nGitHub Pages: write the congkhai repository's address in {shown}/{GITHUB_PAGES_WORKFLOW} (CONGKHAI_GIT), then push")
            } else {
                String::new()
            };
            info(&format!(
                "created a new site in {shown} ({n} files). Every page in it is an example to replace.\n\
                 the editors' guide is {shown}/HUONG-DAN.md (in English {shown}/GUIDE.md){pages}\n\
                 next: cd {shown} && congkhai serve"
            ));
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
        let names: Vec<String> = files().into_iter().map(|(n, _)| n).collect();
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
    }
}
