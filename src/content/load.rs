use super::bodies::{Held, SpillFile};
use super::front_matter;
use super::page::{Asset, Page, Waiting};
use crate::config::Config;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::text::{nfc, slugify};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub errors: Vec<Diagnostic>,
    /// Source paths (under content/) of the Markdown files that failed their own checks:
    /// they exist, so what depends on them says nothing (one mistake, one error).
    pub failed: Vec<String>,
}

/// Files an editor's tools leave behind while saving: never content. Vim's `4913` probe
/// and `.swp`, emacs's `.#lock` and `#autosave#`, `~` backups, JetBrains' safe-write
/// files, and the dot files most editors write first.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

pub fn load(root: &Path, config: &Config, include_drafts: bool) -> Loaded {
    load_spilling(root, config, include_drafts, None)
}

/// [`load`] for a site rendered once: each page's body and plain text go to `spill` as
/// soon as the page is read (see [`Page::waiting`]), so that loading a large site never
/// holds every body at once.
pub fn load_spilling(
    root: &Path,
    config: &Config,
    include_drafts: bool,
    spill: Option<&Arc<SpillFile>>,
) -> Loaded {
    let content = root.join("content");
    if !content.is_dir() {
        let mut loaded = Loaded::default();
        loaded.errors.push(
            Diagnostic::new("E0100", "content", tr("E0100", &[])).help(tr("E0100.help", &[])),
        );
        return loaded;
    }
    load_under_with(root, &content, config, include_drafts, spill)
}

/// Loads the files at or under `start` (a file or a folder inside `content/`) by the same
/// rules as [`load`]: `watch` re-loads only what changed. A `start` that is an editor's
/// temporary file, or lies in a hidden folder, loads nothing.
pub fn load_under(root: &Path, start: &Path, config: &Config, include_drafts: bool) -> Loaded {
    load_under_with(root, start, config, include_drafts, None)
}

fn load_under_with(
    root: &Path,
    start: &Path,
    config: &Config,
    include_drafts: bool,
    spill: Option<&Arc<SpillFile>>,
) -> Loaded {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let hidden = start.strip_prefix(&content).map_or(true, |rel| {
        rel.components()
            .any(|c| is_editor_temp(&c.as_os_str().to_string_lossy()))
    });
    // Gone since the change was seen (deleted, or renamed again): nothing to load.
    if hidden || std::fs::symlink_metadata(start).is_err() {
        return loaded;
    }
    let markdown_files = walk(root, start, config, &mut loaded);
    read_pages(&markdown_files, config, include_drafts, spill, &mut loaded);
    loaded
}

/// A file found under content/.
struct ContentFile {
    /// Its path under content/, `/`-separated.
    rel: String,
    /// Where it is read from (a link's target).
    path: PathBuf,
}

/// Walks `start` in file-name order: the assets (and the errors) go into `loaded`, the
/// Markdown files are returned, to be read in parallel.
fn walk(root: &Path, start: &Path, config: &Config, loaded: &mut Loaded) -> Vec<ContentFile> {
    let content = root.join("content");
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut markdown_files = Vec::new();
    let walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        // A linked file or folder inside content/ gets the same checks wherever the walk starts.
        .follow_root_links(start == content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_editor_temp(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| shown(root, p))
                    .unwrap_or_else(|| "content".into());
                loaded.errors.push(Diagnostic::new(
                    "E0106",
                    path,
                    tr(
                        "E0106",
                        &[("reason", &crate::diagnostic::os::walk_reason(&e))],
                    ),
                ));
                continue;
            }
        };
        let Some(file) = file_of(root, &content, &canonical_root, &entry, &mut loaded.errors)
        else {
            continue;
        };
        if file.rel.ends_with(".md") {
            markdown_files.push(file);
        } else {
            add_asset(config, file, loaded);
        }
    }
    markdown_files
}

/// The file a walked entry is, or None for a folder, content/ itself, or an error
/// (pushed to `errors`).
fn file_of(
    root: &Path,
    content: &Path,
    canonical_root: &Path,
    entry: &walkdir::DirEntry,
    errors: &mut Vec<Diagnostic>,
) -> Option<ContentFile> {
    let rel = match entry.path().strip_prefix(content) {
        Ok(r) if !r.as_os_str().is_empty() => r,
        _ => return None,
    };
    let Some(rel) = rel.to_str().map(|s| s.replace('\\', "/")) else {
        errors.push(
            Diagnostic::new("E0107", shown(root, entry.path()), tr("E0107", &[]))
                .help(tr("E0107.help", &[])),
        );
        return None;
    };
    if !entry.path_is_symlink() {
        return (!entry.file_type().is_dir()).then(|| ContentFile {
            rel,
            path: entry.path().to_path_buf(),
        });
    }
    match entry.path().canonicalize() {
        Ok(target) if target.starts_with(canonical_root) => {
            // Following directory links could loop; the folder's own files are reached
            // through their real path when they sit inside content/.
            (!target.is_dir()).then_some(ContentFile { rel, path: target })
        }
        Ok(target) => {
            errors.push(
                Diagnostic::new(
                    "E0108",
                    format!("content/{rel}"),
                    tr("E0108", &[("target", &target.display())]),
                )
                .help(tr("E0108.help", &[])),
            );
            None
        }
        Err(_) => {
            errors.push(
                Diagnostic::new("E0108", format!("content/{rel}"), tr("E0108.broken", &[]))
                    .help(tr("E0108.broken-help", &[])),
            );
            None
        }
    }
}

/// A file that is not Markdown: published beside its page, unless refused.
fn add_asset(config: &Config, file: ContentFile, loaded: &mut Loaded) {
    let ContentFile { rel, path } = file;
    // Refused, yet still known: a link to it is then no second error for the same
    // file (the build fails on this one, so nothing is published).
    if !config.allow_html && is_active(&rel) {
        loaded.errors.push(active_content_error(&rel));
    }
    match asset_output_path(&rel) {
        Some(output_path) => loaded.assets.push(Asset {
            source_path: rel,
            output_path,
            abs_path: path,
        }),
        None => loaded.errors.push(
            Diagnostic::new("E0109", format!("content/{rel}"), tr("E0109", &[]))
                .help(tr("E0109.help", &[])),
        ),
    }
}

/// Reads and checks the Markdown files in parallel, then collects them in walk order.
fn read_pages(
    markdown_files: &[ContentFile],
    config: &Config,
    include_drafts: bool,
    spill: Option<&Arc<SpillFile>>,
    loaded: &mut Loaded,
) {
    let results: Vec<Result<Option<Page>, Vec<Diagnostic>>> = markdown_files
        .par_iter()
        .map(|f| {
            let mut page = load_page(&f.rel, &f.path, config, include_drafts);
            if let (Some(file), Ok(Some(p))) = (spill, page.as_mut()) {
                let whole = p.take_plain_text();
                p.waiting = Some(Waiting {
                    html: Held::put(std::mem::take(&mut p.body.html), Some(file)),
                    plain_text: Held::put(whole, Some(file)),
                });
            }
            page
        })
        .collect();
    for (r, f) in results.into_iter().zip(markdown_files) {
        match r {
            Ok(Some(page)) => {
                loaded.errors.extend(page.body.errors.iter().cloned());
                loaded.pages.push(page);
            }
            Ok(None) => {}
            Err(errs) => {
                loaded.failed.push(f.rel.clone());
                loaded.errors.extend(errs);
            }
        }
    }
}

fn shown(root: &Path, p: &Path) -> String {
    crate::diagnostic::display_path(root, p)
}

/// Extensions of files a browser runs as a page or script when opened from the site:
/// published from content/, any of them could carry a `<script>` under the office's
/// name, which `allow_html: false` promises never happens.
const ACTIVE_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "svg", "xml", "js", "mjs"];

fn is_active(rel: &str) -> bool {
    rel.rsplit_once('.').is_some_and(|(_, ext)| {
        ACTIVE_EXTENSIONS
            .iter()
            .any(|active| ext.eq_ignore_ascii_case(active))
    })
}

fn active_content_error(rel: &str) -> Diagnostic {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let help = match ext.as_str() {
        "svg" => tr("E0127.svg", &[]),
        "html" | "htm" | "xhtml" => tr("E0127.html", &[]),
        _ => tr("E0127.help", &[]),
    };
    Diagnostic::new(
        "E0127",
        format!("content/{rel}"),
        tr("E0127", &[("ext", &ext)]),
    )
    .help(help)
}

/// Output path of an asset: folders and stem folded to safe slugs, extension kept.
fn asset_output_path(rel: &str) -> Option<String> {
    let mut segments: Vec<String> = Vec::new();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            let (stem, ext) = part.rsplit_once('.')?;
            let ext = ext.to_ascii_lowercase();
            if ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return None;
            }
            let stem = slugify(stem);
            if stem.is_empty() {
                return None;
            }
            segments.push(format!("{stem}.{ext}"));
        } else {
            let s = slugify(part);
            if s.is_empty() {
                return None;
            }
            segments.push(s);
        }
    }
    Some(segments.join("/"))
}

/// Splits `dir/name.en.md` into the language and the translation key.
fn language_and_key(rel: &str, config: &Config) -> (String, String) {
    let stem = rel.trim_end_matches(".md");
    if let Some((base, code)) = stem.rsplit_once('.') {
        if config.language(code).is_some() && !code.contains('/') {
            return (code.to_string(), base.to_string());
        }
    }
    (config.default_language().code.clone(), stem.to_string())
}

fn load_page(
    rel: &str,
    path: &Path,
    config: &Config,
    include_drafts: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let file = format!("content/{rel}");
    let size = std::fs::metadata(path)
        .map_err(|e| {
            vec![Diagnostic::new(
                "E0106",
                &file,
                tr("E0106", &[("reason", &crate::diagnostic::os_reason(&e))]),
            )]
        })?
        .len();
    if size > config.max_file_size {
        return Err(vec![Diagnostic::new(
            "E0104",
            &file,
            tr(
                "E0104",
                &[
                    ("size", &format!("{:.1}", size as f64 / 1048576.0)),
                    ("limit", &(config.max_file_size / 1048576)),
                ],
            ),
        )
        .help(tr("E0104.help", &[]))]);
    }
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::new(
            "E0106",
            &file,
            tr("E0106", &[("reason", &crate::diagnostic::os_reason(&e))]),
        )]
    })?;
    page_from_bytes(rel, &bytes, config, include_drafts)
}

/// Makes a page from a file's bytes: the part of loading that needs no file system,
/// shared by the loader, watch mode and the fuzz targets. `rel` is the path under content/.
pub fn page_from_bytes(
    rel: &str,
    bytes: &[u8],
    config: &Config,
    include_drafts: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let file = format!("content/{rel}");
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good
                .iter()
                .rposition(|&b| b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let mut d =
                Diagnostic::new("E0105", &file, tr("E0105", &[])).help(tr("E0105.help", &[]));
            d.line = line;
            d.column = column;
            return Err(vec![d]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // One line-end form and one Unicode form from here on, so positions and output agree.
    let text: std::borrow::Cow<str> = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    };
    let text: std::borrow::Cow<str> = match nfc(&text) {
        std::borrow::Cow::Owned(normalised) => normalised.into(),
        std::borrow::Cow::Borrowed(_) => text,
    };

    let split = front_matter::split(&text, &file).map_err(|d| vec![d])?;
    let front = front_matter::parse(&text, &split, &file)?;
    if front.draft && !include_drafts {
        return Ok(None);
    }
    let (lang, key) = language_and_key(rel, config);
    let (dir, name) = match key.rsplit_once('/') {
        Some((d, n)) => (d.to_string(), n.to_string()),
        None => (String::new(), key.clone()),
    };
    let is_section = name == "_index";
    let mut segments: Vec<String> = Vec::new();
    if lang != config.default_language().code {
        segments.push(lang.clone());
    }
    let dir_segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for (i, d) in dir_segments.iter().enumerate() {
        let last = i + 1 == dir_segments.len();
        match (&front.slug, is_section && last) {
            (Some(s), true) => segments.push(s.clone()),
            _ => segments.push(slugify(d)),
        }
    }
    if !is_section {
        segments.push(match &front.slug {
            Some(s) => s.clone(),
            None => slugify(&name),
        });
    }
    if segments.iter().any(|s| s.is_empty()) {
        return Err(vec![Diagnostic::new(
            "E0109",
            &file,
            tr("E0109.empty", &[]),
        )
        .help(tr("E0109.empty-help", &[]))]);
    }
    let url = segments.iter().map(|s| format!("{s}/")).collect::<String>();
    let body = markdown::render(
        &markdown::Source {
            file_text: &text,
            body: split.body,
            body_first_line: split.body_first_line,
            file: &file,
        },
        config.allow_html,
    );
    Ok(Some(Page {
        title_key: crate::text::fold(&front.title),
        source_path: rel.to_string(),
        file,
        lang,
        key,
        is_section,
        dir,
        url,
        front,
        body,
        waiting: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_paths_are_folded_and_safe() {
        assert_eq!(
            asset_output_path("Sự kiện/Ảnh Hội chợ.PNG").as_deref(),
            Some("su-kien/anh-hoi-cho.png")
        );
        assert_eq!(asset_output_path("a/%%.png"), None);
        assert_eq!(asset_output_path("noext"), None);
    }

    #[test]
    fn active_files_are_known_by_extension_in_any_case() {
        for f in [
            "a.html", "b/c.HTM", "x.xhtml", "p.Svg", "feed.xml", "a.js", "m.MJS",
        ] {
            assert!(is_active(f), "{f}");
        }
        for f in ["a.png", "b.pdf", "html", "a.json", "a.svgz.txt", "a.jsx.md"] {
            assert!(!is_active(f), "{f}");
        }
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        for n in [
            "4913",
            ".a.md.swp",
            "a.md~",
            ".#a.md",
            "#a.md#",
            "a.md___jb_tmp___",
        ] {
            assert!(is_editor_temp(n), "{n}");
        }
        assert!(!is_editor_temp("a.md"));
    }
}
