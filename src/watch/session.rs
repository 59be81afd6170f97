//! The incremental state behind `watch` and `serve`: the last site that was rendered
//! without error, the content files re-loaded since, and the output folder they went to.
//!
//! A content change re-loads only the changed files (with the load stage's own
//! [`load_under`]), updates the site graph, and re-renders only the outputs the change
//! can reach ([`Reach`]), writing only files whose bytes changed. Pages that keep their
//! place in the graph (the usual edit: text, title, dates) are patched into it
//! ([`patch`]) and only the reached pages are rendered; other changes (pages created,
//! deleted, moved, re-tagged; assets) re-assemble the graph from the kept pages. A template, theme or configuration change loads and renders everything, as
//! `build` does. After an error the last good output stays, and the changes are kept
//! until a rebuild succeeds, so the next good save re-renders all they touched.

use super::reach::{term_key, Facts, Reach};
use super::update::{self, Buffer};
use crate::content::{load_under, Asset, Loaded, Page};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{tr, tr_n};
use crate::lock::{lock_site_and_output, Held, LockError, Wait};
use crate::output::{check_output_dir, Staging};
use crate::pipeline::{self, Options};
use crate::render::outputs::{self, same_but_text, PageChange, SiteOutput};
use crate::render::templates::Theme;
use crate::render::{feeds, render_filtered, render_pages, search_index, Output, SiteFile, Stats};
use crate::search::IndexCache;
use crate::sink::Sink;
use crate::site::{self, patch, PageId, Site};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One successful rebuild, for the one line `watch` prints about it.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Why it was made, as a clause in the editor's language: `content/su-kien/x.md
    /// changed`, `3 files changed`, `the file watcher lost track`.
    pub cause: String,
    /// The session's first good build (the one line then says "built", not "rebuilt").
    pub first: bool,
    /// Every file was rendered (a first build, a template change...).
    pub full: bool,
    pub pages: usize,
    /// Files made: rendered, generated and copied.
    pub files: usize,
    /// Files whose bytes changed in the output folder.
    pub written: usize,
    pub removed: usize,
    pub elapsed: Duration,
    /// For a partial rebuild: when the pages were written, before the search index.
    pub pages_written: Option<Duration>,
    /// The site's warnings as of this build (they never stop it).
    pub warnings: Vec<Diagnostic>,
}

pub type Outcome = Result<Rebuilt, Vec<Diagnostic>>;

struct Good {
    site: Site,
    theme: Theme,
    /// Every file in the output folder, as of the last render.
    outputs: BTreeSet<String>,
    /// The whole-site files of each group (`Output::SiteFile`), so that a rebuild that
    /// does not make a group again keeps them.
    groups: Groups,
    /// Each page's place in `site.pages`, by source path.
    ids: HashMap<String, PageId>,
}

impl Good {
    fn new(site: Site, theme: Theme, files: OutputFiles) -> Good {
        let ids = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source_path.clone(), i))
            .collect();
        Good {
            site,
            theme,
            outputs: files.all,
            groups: files.groups,
            ids,
        }
    }
}

type Groups = BTreeMap<&'static str, BTreeSet<String>>;

/// What a rebuild did.
struct Done {
    /// Every file was rendered.
    full: bool,
    stats: Stats,
    /// Files whose bytes changed in the output folder.
    written: usize,
    /// Files removed from it.
    removed: usize,
}

/// What a render into the output folder did.
struct Written {
    stats: Stats,
    /// Files whose bytes changed.
    written: usize,
    /// Files no longer made, removed.
    removed: usize,
    /// The files the output now holds.
    files: OutputFiles,
}

impl Written {
    fn done(&self, full: bool) -> Done {
        Done {
            full,
            stats: self.stats,
            written: self.written,
            removed: self.removed,
        }
    }
}

/// The files of the output folder: all of them, and the whole-site ones by group.
struct OutputFiles {
    all: BTreeSet<String>,
    groups: Groups,
}

/// The last good site's pages, moved out for a re-assembly, and what puts them back.
struct MovedOut {
    /// What assembly gets: the kept pages and the re-loaded ones, the assets, the load
    /// errors.
    loaded: Loaded,
    /// The bodies (links filled in) of the pages assembly may reuse as they are.
    reuse: HashMap<String, String>,
    /// The bodies of the others, for putting back.
    kept: HashMap<String, String>,
    /// The pages' order in the site, by source path.
    order: Vec<String>,
    /// The old versions of the re-loaded pages.
    displaced: Vec<Page>,
}

/// Addresses that clash with archive/, search/ and the other folders the render
/// fills: the checks of the pipeline that a re-assembly skips.
fn clashes(site: &Site) -> Vec<Diagnostic> {
    let mut clashes = site.archive_clashes();
    clashes.extend(search_index::clashes(site));
    clashes.extend(crate::render::register::clashes(site));
    clashes.extend(crate::render::disclosure::clashes(site));
    pipeline::sort(&mut clashes);
    clashes
}

/// A language's search index to make again, after the pages are written.
struct IndexToMake {
    lang: String,
    /// Its files in the output before.
    old: BTreeSet<String>,
}

/// A render of some content pages only (`render_pages`), in a site whose pages are
/// those of the last good one, at the same addresses.
struct Only<'a> {
    pages: &'a [PageId],
}

/// Notes the files a render makes (or would make), and the group of whole-site ones.
/// A rebuild's output is then what the render was asked about or wrote, and nothing
/// else: a list page, a past year, a term page, a register page or a thumbnail the
/// site no longer makes is removed, as a full build would not make it.
#[derive(Default)]
struct Recorder {
    paths: Mutex<Vec<String>>,
    groups: Mutex<Groups>,
}

/// A sink that tells its [`Recorder`] of every file written through it: album
/// thumbnails are made without a question to the render's filter.
struct Noting<'a> {
    sink: &'a dyn Sink,
    seen: &'a Recorder,
}

impl Sink for Noting<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.seen.wrote(path);
        self.sink.put(path, bytes)
    }
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.seen.wrote(path);
        self.sink.copy(path, from)
    }
    fn keeps_bytes(&self) -> bool {
        self.sink.keeps_bytes()
    }
}

impl Recorder {
    fn wrote(&self, path: &str) {
        self.paths
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(path.to_string());
    }

    fn note(&self, path: &str, what: Output<'_>) {
        match what {
            // Not files: questions asked before making a set of them.
            Output::SearchIndex { .. } | Output::SiteFileGroup { .. } => return,
            Output::SiteFile { group } => {
                self.groups
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .entry(group)
                    .or_default()
                    .insert(path.to_string());
            }
            _ => {}
        }
        self.paths
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(path.to_string());
    }

    fn into_files(self) -> OutputFiles {
        let paths = self.paths.into_inner().unwrap_or_else(|p| p.into_inner());
        OutputFiles {
            all: paths.into_iter().collect(),
            groups: self.groups.into_inner().unwrap_or_else(|p| p.into_inner()),
        }
    }
}

pub struct Session {
    root: PathBuf,
    output: PathBuf,
    options: Options,
    good: Option<Good>,
    /// Content files re-loaded since `good` was rendered: `None` when they are gone (or
    /// are drafts, or failed to load). Pages are the `.md` files, assets the others.
    pages: BTreeMap<String, Option<Page>>,
    assets: BTreeMap<String, Option<Asset>>,
    /// Load errors of content files, by the file they name.
    file_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// Source paths changed since `good` was rendered.
    pending: BTreeSet<String>,
    /// Content paths noted since the last rebuild, to re-load.
    noted: BTreeSet<String>,
    /// Why everything must be loaded again, when it must.
    full: Option<String>,
    /// What each language's search index was last made from, so that the next one
    /// reads only the pages that changed.
    search: Mutex<BTreeMap<String, IndexCache>>,
    /// When the last partial rebuild had written its pages.
    pages_written: Mutex<Option<Instant>>,
    /// How the first rebuild takes the locks (`--no-wait` refuses); later ones wait, for
    /// a watch that started is there to rebuild.
    first_wait: Wait,
    /// The first rebuild was refused its locks: another run is writing.
    refused: Option<String>,
    /// The output folder's identity after this session last wrote it: another run that
    /// swapped in a build of its own meanwhile makes the next rebuild a full one.
    output_id: Option<FolderId>,
}

/// A folder's device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderId {
    dev: u64,
    ino: u64,
}

/// Which folder is at `path` (device and inode), to notice that it was replaced.
#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).ok().map(|m| FolderId {
        dev: m.dev(),
        ino: m.ino(),
    })
}

#[cfg(not(unix))]
fn folder_id(_: &Path) -> Option<FolderId> {
    None
}

fn write_error(code: &'static str, path: &Path, e: impl std::fmt::Display) -> Vec<Diagnostic> {
    vec![
        Diagnostic::new(code, path.display().to_string(), e.to_string())
            .help(tr("E0602.help", &[])),
    ]
}

/// Code of a rebuild that failed after replacing some files: the output holds part of
/// it (see [`partly_written`]).
pub const PARTLY_WRITTEN: &str = "E0604";

/// True when a failed rebuild had already changed the output folder: it then no longer
/// holds the last good build, and the next rebuild writes everything again.
pub fn partly_written(errors: &[Diagnostic]) -> bool {
    errors.iter().any(|d| d.code == PARTLY_WRITTEN)
}

/// A failed partial write, `before` files having been changed by an earlier step of it.
fn apply_error(output: &Path, e: update::Failed, before: usize) -> Vec<Diagnostic> {
    let changed = before + e.changed;
    if changed == 0 {
        return write_error("E0602", output, e);
    }
    vec![Diagnostic::new(
        PARTLY_WRITTEN,
        output.display().to_string(),
        tr("E0604", &[("reason", &e), ("changed", &changed)]),
    )
    .help(tr("E0604.help", &[]))]
}

impl Session {
    /// A session whose first [`Session::rebuild`] builds everything into `output`.
    pub fn new(root: &Path, output: &Path, options: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            options,
            good: None,
            pages: BTreeMap::new(),
            assets: BTreeMap::new(),
            file_errors: BTreeMap::new(),
            pending: BTreeSet::new(),
            noted: BTreeSet::new(),
            full: Some(tr("status.cause-first-build", &[])),
            search: Mutex::new(BTreeMap::new()),
            pages_written: Mutex::new(None),
            first_wait: Wait::Block,
            refused: None,
            output_id: None,
        }
    }

    /// The first rebuild refuses, rather than waits, when another run holds the site or
    /// the output (`--no-wait`).
    pub fn no_wait(mut self) -> Session {
        self.first_wait = Wait::Refuse;
        self
    }

    /// Why the first rebuild could not start, when another run held a lock.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Locks the site and the output for one rebuild (see [`crate::lock`]).
    fn lock(&mut self) -> Result<Held, Vec<Diagnostic>> {
        let wait = std::mem::replace(&mut self.first_wait, Wait::Block);
        let shown = self.output.display().to_string();
        let output = check_output_dir(&self.root, &self.output).map_err(|e| {
            vec![Diagnostic::new("E0601", shown.clone(), e.to_string()).help(e.help())]
        })?;
        lock_site_and_output(&self.root, Some(&output), wait, &crate::console::info).map_err(|e| {
            if matches!(e, LockError::Busy { .. }) {
                self.refused = Some(format!(
                    "{e}\n  = {}: {}",
                    tr("console.help", &[]),
                    e.help()
                ));
            }
            vec![Diagnostic::new("E0603", shown, e.to_string()).help(e.help())]
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    /// A file or folder under `content/` changed (`/`-separated, `` for content/ itself).
    pub fn content_changed(&mut self, rel: &str) {
        if rel.is_empty() {
            self.site_changed(&tr("status.cause-changed", &[("what", &"content/")]));
        } else {
            self.noted.insert(rel.to_string());
        }
    }

    /// Something that every page depends on changed: everything is loaded again. `why`
    /// is the clause the rebuild's line gives as its cause (see [`Rebuilt::cause`]).
    pub fn site_changed(&mut self, what: &str) {
        if self.full.is_none() {
            self.full = Some(what.to_string());
        }
    }

    /// Brings the output up to date with everything noted since the last rebuild.
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        let first = self.good.is_none();
        let _held = self.lock()?;
        if self.good.is_some() && self.full.is_none() && folder_id(&self.output) != self.output_id {
            self.full = Some(tr("status.cause-replaced", &[]));
        }
        *self.pages_written.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let noted = std::mem::take(&mut self.noted);
        let cause = match (&self.full, noted.len()) {
            (Some(why), _) => why.clone(),
            (None, 1) => tr(
                "status.cause-changed",
                &[(
                    "what",
                    &format!("content/{}", noted.iter().next().map_or("", |s| s)),
                )],
            ),
            (None, n) => tr(
                "status.cause-changed",
                &[("what", &tr_n("console.files", n, &[]))],
            ),
        };
        let result = if self.full.is_some() || self.good.is_none() {
            self.rebuild_all()
        } else {
            for rel in &noted {
                self.reload(rel);
            }
            super::spans::mark("reload");
            self.rebuild_changed()
        };
        super::spans::mark("search+end");
        super::spans::print(started);
        match &result {
            Ok(_) => self.output_id = folder_id(&self.output),
            Err(errors) if partly_written(errors) => {
                self.site_changed(&tr("status.cause-partly-written", &[]));
            }
            Err(_) => {}
        }
        // Warnings of the whole site, not only of what changed: a fixed page's warning
        // must go, and another page's may have come with the date.
        let warnings = match (&result, &self.good) {
            (Ok(_), Some(good)) => {
                crate::site::warnings::check(&good.site, crate::dates::now_unix_seconds())
            }
            _ => Vec::new(),
        };
        result.map(|done| Rebuilt {
            warnings,
            cause,
            first,
            full: done.full,
            pages: done.stats.pages,
            files: done.stats.files,
            written: done.written,
            removed: done.removed,
            elapsed: started.elapsed(),
            pages_written: self
                .pages_written
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .map(|t| t.saturating_duration_since(started)),
        })
    }

    /// Loads and renders everything, like `build`.
    fn rebuild_all(&mut self) -> Result<Done, Vec<Diagnostic>> {
        let (site, theme) = pipeline::prepare(&self.root, &self.options)?;
        let before = self.good.as_ref().map(|g| &g.outputs);
        let written = self.write_all(&site, &theme, before)?;
        let done = written.done(true);
        self.good = Some(Good::new(site, theme, written.files));
        self.pages.clear();
        self.assets.clear();
        self.file_errors.clear();
        self.pending.clear();
        self.full = None;
        Ok(done)
    }

    /// Renders every file into a staging folder swapped in place of the output, which
    /// held `before` (nothing known when None).
    fn write_all(
        &self,
        site: &Site,
        theme: &Theme,
        before: Option<&BTreeSet<String>>,
    ) -> Result<Written, Vec<Diagnostic>> {
        let staging = Staging::begin(&self.root, &self.output).map_err(|e| {
            vec![
                Diagnostic::new("E0601", self.output.display().to_string(), e.to_string())
                    .help(e.help()),
            ]
        })?;
        let seen = Recorder::default();
        let record = |path: &str, what: Output<'_>| {
            seen.note(path, what);
            // Search indexes are made below, keeping what they were made from.
            !matches!(what, Output::SearchIndex { .. })
        };
        let noting = Noting {
            sink: &staging,
            seen: &seen,
        };
        let mut stats = render_filtered(site, theme, &noting, Some(&record))?;
        self.search
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        for lang in site.homes.keys() {
            for f in self.search_index(site, lang) {
                staging.put(&f.path, &f.bytes).map_err(|e| {
                    write_error("E0601", &self.output, crate::diagnostic::os_reason(&e))
                })?;
                stats.files += 1;
                seen.note(
                    &f.path,
                    Output::SiteFile {
                        group: outputs::Search.name(),
                    },
                );
            }
        }
        let written = staging.written.load(Ordering::Relaxed);
        staging.commit().map_err(|e| {
            vec![
                Diagnostic::new("E0602", self.output.display().to_string(), e.to_string())
                    .help(e.help()),
            ]
        })?;
        let files = seen.into_files();
        let removed = before.map_or(0, |b| b.difference(&files.all).count());
        Ok(Written {
            stats,
            written,
            removed,
            files,
        })
    }

    /// Re-loads what is now at or under `content/<rel>`, forgetting what was there.
    fn reload(&mut self, rel: &str) {
        let Some(good) = &self.good else { return };
        let prefix = format!("{rel}/");
        let under = |k: &str| k == rel || k.starts_with(&prefix);
        let mut gone: BTreeSet<String> = BTreeSet::new();
        gone.extend(
            good.site
                .pages
                .iter()
                .map(|p| &p.source_path)
                .chain(good.site.assets.iter().map(|a| &a.source_path))
                .chain(self.pages.keys())
                .chain(self.assets.keys())
                .filter(|k| under(k))
                .cloned(),
        );
        let shown = format!("content/{rel}");
        let shown_prefix = format!("{shown}/");
        self.file_errors
            .retain(|k, _| k != &shown && !k.starts_with(&shown_prefix));

        let start = self.root.join("content").join(rel);
        let loaded = load_under(
            &self.root,
            &start,
            &good.site.config,
            self.options.include_drafts,
        );
        for e in loaded.errors {
            self.file_errors.entry(e.file.clone()).or_default().push(e);
        }
        for p in loaded.pages {
            gone.remove(&p.source_path);
            self.pending.insert(p.source_path.clone());
            if !p.body.errors.is_empty() {
                self.file_errors
                    .entry(p.file.clone())
                    .or_default()
                    .extend(p.body.errors.iter().cloned());
            }
            self.pages.insert(p.source_path.clone(), Some(p));
        }
        for a in loaded.assets {
            gone.remove(&a.source_path);
            self.pending.insert(a.source_path.clone());
            self.assets.insert(a.source_path.clone(), Some(a));
        }
        for g in gone {
            self.pending.insert(g.clone());
            if g.ends_with(".md") {
                self.pages.insert(g, None);
            } else {
                self.assets.insert(g, None);
            }
        }
    }

    /// The pages re-loaded since the last good site, by their place in it, when every
    /// one kept its place in the site graph ([`patch::keeps_place`]) and nothing else
    /// changed.
    fn patchable(&self, good: &Good) -> Option<Vec<PageId>> {
        if self.pages.is_empty() || !self.assets.is_empty() || !self.file_errors.is_empty() {
            return None;
        }
        self.pages
            .iter()
            .map(|(source, new)| {
                let new = new.as_ref()?;
                let &id = good.ids.get(source)?;
                patch::keeps_place(&good.site.pages[id], new).then_some(id)
            })
            .collect()
    }

    /// A rebuild for pages that kept their place in the site graph: the graph is
    /// patched in place (instead of assembled again from every page) and only the pages
    /// the change reaches are asked about and rendered. None when the change is not of
    /// that kind or the patch refused it: a full assembly follows, and reports errors.
    fn rebuild_patched(&mut self) -> Option<Result<Done, Vec<Diagnostic>>> {
        let mut good = self.good.take()?;
        let Some(ids) = self.patchable(&good) else {
            self.good = Some(good);
            return None;
        };
        let body_only = self.pages.values().zip(&ids).all(|(new, &id)| {
            new.as_ref()
                .is_some_and(|new| same_but_text(&good.site.pages[id], new))
        });
        let before_reach = (!body_only).then(|| {
            let mut r = Reach::default();
            r.extend_ids(&good.site, &ids);
            r
        });
        let before = Facts::of_ids(&good.site, &ids);
        // The whole-site files no edited page can show up in, asked before the patch,
        // while the old pages and their feeds are there.
        let keep: Vec<&'static str> = {
            let site = &good.site;
            let each: Vec<Vec<&'static str>> = self
                .pages
                .values()
                .flatten()
                .zip(&ids)
                .map(|(new, &id)| {
                    let old = &site.pages[id];
                    outputs::groups_kept(&PageChange {
                        old,
                        new,
                        in_feed: feeds::entries(site, &old.lang).contains(&id),
                    })
                })
                .collect();
            let mut keep = each.first().cloned().unwrap_or_default();
            keep.retain(|g| each.iter().all(|kept| kept.contains(g)));
            keep
        };
        let changed: Vec<(PageId, Page)> = ids
            .iter()
            .copied()
            .zip(std::mem::take(&mut self.pages).into_values().flatten())
            .collect();
        let undo = match patch::patch(&mut good.site, &good.ids, changed) {
            Ok(undo) => undo,
            Err(back) => {
                for (_, p) in back {
                    self.pages.insert(p.source_path.clone(), Some(p));
                }
                self.good = Some(good);
                return None;
            }
        };
        super::spans::mark("patch");
        let after = Facts::of_ids(&good.site, &ids);
        let full = before.needs_full_render(&after).is_some();
        let rendered = if full {
            self.write_all(&good.site, &good.theme, Some(&good.outputs))
        } else {
            let reach = match before_reach {
                None => Reach::text_only_ids(&good.site, &ids),
                Some(mut reach) => {
                    reach.extend_ids(&good.site, &ids);
                    reach
                }
            };
            let pages: Vec<PageId> = reach
                .pages
                .iter()
                .filter_map(|s| good.ids.get(s).copied())
                .collect();
            let only = Only { pages: &pages };
            self.write_changed(&good.site, &good, &reach, &keep, Some(only))
        };
        Some(match rendered {
            Ok(written) => {
                let done = written.done(full);
                good.outputs = written.files.all;
                good.groups = written.files.groups;
                self.good = Some(good);
                self.pending.clear();
                Ok(done)
            }
            Err(errors) => {
                for (_, p) in patch::undo(&mut good.site, undo) {
                    self.pages.insert(p.source_path.clone(), Some(p));
                }
                self.good = Some(good);
                Err(errors)
            }
        })
    }

    /// Re-assembles the site from the kept pages and the re-loaded ones, then renders
    /// what the pending changes can reach.
    fn rebuild_changed(&mut self) -> Result<Done, Vec<Diagnostic>> {
        if let Some(done) = self.rebuild_patched() {
            return done;
        }
        let Some(mut good) = self.good.take() else {
            return self.rebuild_all();
        };
        let before_reach = {
            let mut r = Reach::default();
            r.extend(&good.site, &self.pending);
            r
        };
        let before = Facts::of(&good.site, &self.pending);
        super::spans::mark("before");
        let body_only = self.body_only(&good.site);
        super::spans::mark("body_only");
        let MovedOut {
            loaded,
            reuse,
            mut kept,
            order,
            displaced,
        } = self.move_out(&mut good.site);
        super::spans::mark("move");

        let options = site::Options {
            reuse,
            changed: Some(&self.pending),
            once: None,
        };
        let assembled = site::assemble_with(good.site.config.clone(), loaded, options);
        super::spans::mark("assemble");
        let mut site = match assembled {
            Ok(site) => site,
            Err(failed) => {
                // Old bodies of changed pages win over the new ones made here.
                for (source, body) in failed.reuse {
                    kept.entry(source).or_insert(body);
                }
                self.put_back(good, order, failed.pages, displaced, kept);
                let mut errors = failed.errors;
                pipeline::sort(&mut errors);
                return Err(errors);
            }
        };
        // Assembly knows nothing of archive/, which only a full load reads again.
        site.archive = std::mem::take(&mut good.site.archive);
        let after = Facts::of(&site, &self.pending);
        let full = before.needs_full_render(&after).is_some();
        super::spans::mark("after");
        let clashes = clashes(&site);
        let rendered = if !clashes.is_empty() {
            Err(clashes)
        } else if full {
            self.write_all(&site, &good.theme, Some(&good.outputs))
        } else if body_only {
            let reach = Reach::text_only(&site, &self.pending);
            let keep = outputs::body_free_groups();
            self.write_changed(&site, &good, &reach, &keep, None)
        } else {
            let mut reach = before_reach;
            reach.extend(&site, &self.pending);
            self.write_changed(&site, &good, &reach, &[], None)
        };
        match rendered {
            Ok(written) => {
                let done = written.done(full);
                self.good = Some(Good::new(site, good.theme, written.files));
                self.pages.clear();
                self.assets.clear();
                self.pending.clear();
                Ok(done)
            }
            Err(errors) => {
                good.site.archive = std::mem::take(&mut site.archive);
                let pages = std::mem::take(&mut site.pages);
                // Old bodies of changed pages win over the new ones made here.
                for (p, body) in pages.iter().zip(std::mem::take(&mut site.content)) {
                    kept.entry(p.source_path.clone()).or_insert(body);
                }
                self.put_back(good, order, pages, displaced, kept);
                Err(errors)
            }
        }
    }

    /// Only the text of pages changed (not their front matter, address or summary):
    /// the whole-site files that do not show the text stay as they are.
    fn body_only(&self, site: &Site) -> bool {
        self.assets.is_empty()
            && self.pages.iter().all(|(source, new)| {
                new.as_ref().is_some_and(|new| {
                    site.pages
                        .iter()
                        .find(|p| &p.source_path == source)
                        .is_some_and(|old| same_but_text(old, new))
                })
            })
    }

    /// Moves the site's pages out (not copied: at 10,000 pages a copy costs more than
    /// the rest of the rebuild), with the re-loaded ones in place of their old
    /// versions, for assembly; [`Session::put_back`] puts them back if anything fails.
    fn move_out(&mut self, site: &mut Site) -> MovedOut {
        let order: Vec<String> = site.pages.iter().map(|p| p.source_path.clone()).collect();
        // The bodies of unchanged pages, links filled in, stay as they are, unless a
        // changed page moved to another address (links to it change on other pages).
        let moved = site
            .pages
            .iter()
            .any(|p| matches!(self.pages.get(&p.source_path), Some(Some(new)) if new.url != p.url));
        let mut reuse = HashMap::with_capacity(order.len());
        let mut kept = HashMap::new();
        for (p, body) in site.pages.iter().zip(std::mem::take(&mut site.content)) {
            if moved || self.pages.contains_key(&p.source_path) {
                kept.insert(p.source_path.clone(), body);
            } else {
                reuse.insert(p.source_path.clone(), body);
            }
        }
        let mut current = Vec::with_capacity(order.len() + self.pages.len());
        let mut displaced = Vec::new();
        for p in std::mem::take(&mut site.pages) {
            if self.pages.contains_key(&p.source_path) {
                displaced.push(p);
            } else {
                current.push(p);
            }
        }
        for slot in self.pages.values_mut() {
            current.extend(slot.take());
        }
        let loaded = Loaded {
            pages: current,
            assets: self.assets_now(site),
            errors: self.file_errors.values().flatten().cloned().collect(),
            failed: self.failed_pages(),
        };
        MovedOut {
            loaded,
            reuse,
            kept,
            order,
            displaced,
        }
    }

    /// The site's assets with the re-loaded ones, in the order a walk of content/ finds
    /// them, as a full load would.
    fn assets_now(&self, site: &Site) -> Vec<Asset> {
        let mut assets: Vec<Asset> = site
            .assets
            .iter()
            .filter(|a| !self.assets.contains_key(&a.source_path))
            .cloned()
            .chain(self.assets.values().flatten().cloned())
            .collect();
        assets.sort_by(|a, b| a.source_path.split('/').cmp(b.source_path.split('/')));
        assets
    }

    /// The pages that failed their own checks: out of the site (None), with errors.
    fn failed_pages(&self) -> Vec<String> {
        self.file_errors
            .keys()
            .filter_map(|f| f.strip_prefix("content/"))
            .filter(|f| f.ends_with(".md") && !matches!(self.pages.get(*f), Some(Some(_))))
            .map(str::to_string)
            .collect()
    }

    /// Renders the reached files into memory, then writes those that changed and
    /// removes the files no longer made.
    /// Whole-site files in the groups `keep` are not made again: the change cannot
    /// alter them. With `only`, the content pages to render (those of `reach`), the
    /// others are not even asked about: `site` has the same pages at the same addresses
    /// as `good`. Every other file (list pages, taxonomy and generated pages, whole-site
    /// files of the groups made again) is asked about, so the output ends up holding
    /// exactly what a full build of `site` would.
    fn write_changed(
        &self,
        site: &Site,
        good: &Good,
        reach: &Reach,
        keep: &[&'static str],
        only: Option<Only<'_>>,
    ) -> Result<Written, Vec<Diagnostic>> {
        let affected: Vec<bool> = match &only {
            // Only these pages are asked about, and the later list pages of every
            // section (as their section): those of the others are as they were.
            Some(only) => {
                let mut affected = vec![false; site.pages.len()];
                for &id in only.pages {
                    if let Some(a) = affected.get_mut(id) {
                        *a = true;
                    }
                }
                affected
            }
            None => site
                .pages
                .iter()
                .map(|p| reach.pages.contains(&p.source_path))
                .collect(),
        };
        let made: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
        super::spans::mark("affected");
        let changed_assets: BTreeSet<&str> = site
            .assets
            .iter()
            .filter(|a| self.pending.contains(&a.source_path))
            .map(|a| a.output_path.as_str())
            .collect();
        let seen = Recorder::default();
        let filter = |path: &str, what: Output<'_>| {
            seen.note(path, what);
            match what {
                Output::Page(id) => affected.get(id).copied().unwrap_or(true),
                Output::TaxonomyIndex { lang, .. } => reach.taxonomy_langs.contains(lang),
                Output::Term {
                    lang,
                    taxonomy,
                    slug,
                } => reach.terms.contains(&term_key(lang, taxonomy, slug)),
                Output::Asset => changed_assets.contains(path),
                // Static files change only with the theme, archived ones only with
                // archive/: both render everything.
                Output::Static | Output::Archived => false,
                // Small, and made from the whole site: always made again.
                Output::NotFound | Output::Generated | Output::SiteFile { .. } => true,
                Output::SiteFileGroup { group } => {
                    let make = !keep.contains(&group);
                    if make {
                        made.lock().unwrap_or_else(|p| p.into_inner()).push(group);
                    }
                    make
                }
                // Made after the pages are written, below.
                Output::SearchIndex { .. } => false,
            }
        };
        let buffer = Buffer::default();
        let mut stats = match &only {
            Some(only) => {
                render_pages(site, &good.theme, &buffer as &dyn Sink, only.pages, &filter)?
            }
            None => render_filtered(site, &good.theme, &buffer as &dyn Sink, Some(&filter))?,
        };
        super::spans::mark("render");
        let files = buffer.into_files();
        // The output is what the render was asked about or wrote (album thumbnails
        // are written unasked), and the files of the whole-site groups it did not make
        // again; with `only`, the content pages it was not asked about too (they kept
        // their addresses). Nothing else: a list page, a past year's page, a term's
        // page, a register page a full build would not make any more is removed.
        let OutputFiles {
            all: mut outputs,
            groups: new_groups,
        } = seen.into_files();
        outputs.extend(files.iter().map(|(path, _)| path.clone()));
        if only.is_some() {
            outputs.extend(
                site.pages
                    .iter()
                    .map(|p| crate::site::links::page_file(&p.url)),
            );
        }
        let made = made.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut groups = good.groups.clone();
        for group in &made {
            groups.remove(group);
        }
        for old in groups.values() {
            outputs.extend(old.iter().cloned());
        }
        groups.extend(new_groups);
        // The search index of a language is its largest output and the slowest to make
        // (every word of every page): the pages the editor looks at are written first.
        let mut index_outputs: Vec<IndexToMake> = Vec::new();
        for l in &site.config.languages {
            let lang = l.code.as_str();
            let dir = crate::search::index_dir(lang);
            let old: BTreeSet<String> = good
                .outputs
                .range(dir.clone()..)
                .take_while(|p| p.starts_with(&dir))
                .cloned()
                .collect();
            if !site.homes.contains_key(lang) {
                continue;
            }
            if reach.search_langs.contains(lang) {
                // What it is made of now is added once it is made.
                for p in &old {
                    outputs.remove(p);
                }
                index_outputs.push(IndexToMake {
                    lang: lang.to_string(),
                    old,
                });
            } else {
                outputs.extend(old);
            }
        }
        let mut remove: BTreeSet<String> = good.outputs.difference(&outputs).cloned().collect();
        for index in &index_outputs {
            for p in &index.old {
                remove.remove(p);
            }
        }
        let mut applied = update::apply(&self.output, &files, &remove)
            .map_err(|e| apply_error(&self.output, e, 0))?;
        *self.pages_written.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        super::spans::mark("apply");
        for IndexToMake { lang, old } in index_outputs {
            let files: Vec<(String, Vec<u8>)> = self
                .search_index(site, &lang)
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect();
            stats.files += files.len();
            let made: BTreeSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
            let gone: BTreeSet<String> = old.difference(&made).cloned().collect();
            let more = update::apply(&self.output, &files, &gone)
                .map_err(|e| apply_error(&self.output, e, applied.written + applied.removed))?;
            applied.written += more.written;
            applied.removed += more.removed;
            outputs.extend(made);
        }
        Ok(Written {
            stats,
            written: applied.written,
            removed: applied.removed,
            files: OutputFiles {
                all: outputs,
                groups,
            },
        })
    }

    /// The search index of a language, reading again only the pages that changed since
    /// the last one.
    fn search_index(&self, site: &Site, lang: &str) -> Vec<SiteFile> {
        let mut caches = self.search.lock().unwrap_or_else(|p| p.into_inner());
        let cache = caches.entry(lang.to_string()).or_default();
        search_index::index_files_cached(site, lang, cache)
    }

    /// After a failure: the good site gets its pages back in their order, and the
    /// re-loaded pages wait for the next try.
    fn put_back(
        &mut self,
        mut good: Good,
        order: Vec<String>,
        pages: Vec<Page>,
        displaced: Vec<Page>,
        mut bodies: HashMap<String, String>,
    ) {
        let mut kept: HashMap<String, Page> = HashMap::with_capacity(order.len());
        for p in pages {
            match self.pages.get_mut(&p.source_path) {
                Some(slot) => *slot = Some(p),
                None => {
                    kept.insert(p.source_path.clone(), p);
                }
            }
        }
        for p in displaced {
            kept.insert(p.source_path.clone(), p);
        }
        good.site.pages = order.iter().filter_map(|s| kept.remove(s)).collect();
        good.site.content = order.iter().filter_map(|s| bodies.remove(s)).collect();
        if good.site.pages.len() == order.len() && good.site.content.len() == order.len() {
            self.good = Some(good);
        } else {
            // Cannot happen while assembly returns every page it was given; if it ever
            // did, a full load is the safe way back.
            self.good = None;
            self.full = Some(tr("status.cause-recovering", &[]));
        }
    }
}
