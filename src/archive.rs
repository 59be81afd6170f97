//! The site's `archive/` folder as a build sees it: the snapshots to publish.
//!
//! A snapshot is a record. A build publishes it only while it still matches
//! its own manifests, and copies its bytes as they are, never re-rendering
//! them; a snapshot that fails its manifests stops the build rather than go
//! online as something it is not.

use crate::diagnostic::tr;
use crate::diagnostic::{display_path, Diagnostic};
use crate::snapshot::{self, SnapshotSummary, TAG_FILES};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of a site that holds its snapshots, and the folder of the
/// output they are published in.
pub const ARCHIVE_DIR: &str = "archive";

/// One snapshot to publish.
#[derive(Debug, Clone)]
pub struct Archived {
    /// The snapshot's folder name: `2020-q4`, `2020-q4-r2`.
    pub name: String,
    pub summary: SnapshotSummary,
    /// What is published under `archive/<name>/`: every payload file at its
    /// path in the site (without `data/`), and the tag files beside them.
    /// Each maps to the file on disk.
    pub files: BTreeMap<String, PathBuf>,
}

/// Every snapshot under `root/archive/` (hidden folders left out), by
/// period then revision, each checked against its manifests. A missing
/// `archive/` has none.
pub fn load(root: &Path) -> Result<Vec<Archived>, Vec<Diagnostic>> {
    let archive_dir = root.join(ARCHIVE_DIR);
    let dirs = snapshot::snapshot_dirs(&archive_dir).map_err(|e| {
        vec![Diagnostic::new(
            "E0701",
            ARCHIVE_DIR,
            tr(
                "E0701.archive",
                &[("reason", &crate::diagnostic::os_reason(&e))],
            ),
        )]
    })?;
    let mut errors = Vec::new();
    let mut archived = Vec::new();
    for dir in dirs {
        match load_one(root, &dir) {
            Ok(a) => archived.push(a),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    archived.sort_by(|a: &Archived, b: &Archived| {
        let key = |x: &Archived| (x.summary.period.clone(), x.summary.revision.unwrap_or(1));
        key(a).cmp(&key(b))
    });
    Ok(archived)
}

fn load_one(root: &Path, dir: &Path) -> Result<Archived, Vec<Diagnostic>> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let problems = snapshot::verify_snapshot(dir);
    if !problems.is_empty() {
        // One help per snapshot: every problem has the same remedy.
        let help = tr("E0702.help", &[("dir", &display_path(root, dir))]);
        let mut errors: Vec<Diagnostic> = problems
            .iter()
            .map(|p| Diagnostic::new("E0702", display_path(root, &p.file), p.kind.to_string()))
            .collect();
        // Diagnostics are shown sorted by file: the help goes on the first one shown.
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        if let Some(first) = errors.first_mut() {
            first.help = Some(help);
        }
        return Err(errors);
    }
    let Some(summary) = snapshot::read_summary(dir) else {
        // verify_snapshot has just read bag-info.txt; it can vanish meanwhile.
        return Err(vec![Diagnostic::new(
            "E0702",
            display_path(root, &dir.join("bag-info.txt")),
            tr("E0702.unreadable", &[]),
        )]);
    };
    let mut files = BTreeMap::new();
    let data = dir.join("data");
    for entry in walkdir::WalkDir::new(&data).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            vec![Diagnostic::new(
                "E0702",
                display_path(root, e.path().unwrap_or(&data)),
                tr(
                    "E0702.read",
                    &[("reason", &crate::diagnostic::os::walk_reason(&e))],
                ),
            )]
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = entry.path().strip_prefix(&data).ok().and_then(Path::to_str) else {
            continue;
        };
        files.insert(rel.replace('\\', "/"), entry.path().to_path_buf());
    }
    let mut errors = Vec::new();
    for tag in TAG_FILES {
        if files.insert(tag.to_string(), dir.join(tag)).is_some() {
            errors.push(
                Diagnostic::new(
                    "E0703",
                    display_path(root, &data.join(tag)),
                    tr("E0703", &[("tag", &tag)]),
                )
                .help(tr("E0703.help", &[])),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Archived {
        name,
        summary,
        files,
    })
}

/// A render made to be frozen into a snapshot (`congkhai snapshot` sets it on the
/// site): every page carries a banner saying it is an archived copy, of which period
/// and since when, with a link to the live page, and its canonical link (and language
/// alternates) name its own address in the published archive. The WARC keeps the site
/// as it was served, made by a render without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freezing {
    /// The snapshot's folder name, and so its place under `archive/`: `2020-q4`.
    pub name: String,
    /// `2020-Q4`.
    pub period: String,
    /// The bagging date, `YYYY-MM-DD`.
    pub date: String,
}

impl Freezing {
    /// Where a file of the snapshot is published, from the output root.
    pub fn published(&self, path: &str) -> String {
        format!("{ARCHIVE_DIR}/{}/{path}", self.name)
    }
}
