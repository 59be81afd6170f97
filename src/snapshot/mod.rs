//! Frozen, verifiable snapshots of the published site (`congkhai snapshot`
//! and `congkhai verify`).
//!
//! A snapshot is a BagIt 1.0 bag in `archive/<period>[-r<N>]/` whose payload
//! `data/` is the site as published, plus `data/<name>.warc.gz`, the same
//! pages as web-archive records at their public URLs. Snapshots are never
//! replaced: a correction is a new revision beside the original.
//!
//! This module knows nothing of how the site is built: the caller hands over
//! the files and the metadata, including the moment (from
//! `SOURCE_DATE_EPOCH` or the clock), so that the output depends on its
//! arguments alone.

mod atomic;
mod bagit;
mod date;
mod verify;
mod warc;

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub use verify::{verify_snapshot, Problem, ProblemKind};

use atomic::StagingDir;
use bagit::{BagFile, HashingWriter};
use date::UtcDateTime;

/// What the bag says about itself. Every field ends up in `bag-info.txt`
/// or the WARC's `warcinfo` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotMeta {
    /// The plan's period as editors write it: `2020-Q4`, `2020-11` or `2020`.
    pub period: String,
    /// `None` for the first snapshot of a period; `Some(n)`, n ≥ 2, for the
    /// n-th, a correction recorded beside the original.
    pub revision: Option<u32>,
    /// `Source-Organization`: the issuer from the site's config.
    pub source_organization: String,
    /// `External-Description`: the plan's title.
    pub external_description: String,
    /// The site's public address, ending with `/`; prefixes every
    /// `WARC-Target-URI`.
    pub base_url: String,
    /// The snapshot's moment in Unix seconds (`SOURCE_DATE_EPOCH` or now):
    /// gives `Bagging-Date` and `WARC-Date`.
    pub epoch_seconds: i64,
    /// `Bag-Software-Agent`, e.g. [`software_agent`].
    pub software_agent: String,
}

/// `congkhai <version>`, for [`SnapshotMeta::software_agent`].
pub fn software_agent() -> String {
    format!("congkhai {}", env!("CARGO_PKG_VERSION"))
}

/// The folder name of a snapshot: the period in lower case, then `-r<N>`
/// for a revision (`2020-q4`, `2020-q4-r2`).
pub fn snapshot_dir_name(period: &str, revision: Option<u32>) -> String {
    let base = period.to_lowercase();
    match revision {
        Some(n) => format!("{base}-r{n}"),
        None => base,
    }
}

/// Why a site file's path cannot go into a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileNameProblem {
    Empty,
    /// Starts with `/`.
    Absolute,
    /// An empty, `.` or `..` segment.
    BadSegment,
    /// `%`, CR or LF: BagIt manifests would percent-encode them, and we
    /// promise snapshot file names never contain them.
    Forbidden(char),
    /// Another control character or a backslash: never needed in a URL path
    /// and read differently by other systems.
    Unsafe(char),
    Duplicate,
    /// The path is a file, but another path needs it to be a folder.
    FileAndFolder {
        other: String,
    },
    /// The same name as the snapshot's own WARC file.
    Reserved,
}

/// A site file that cannot be snapshotted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidFile {
    pub path: String,
    pub problem: FileNameProblem,
}

impl fmt::Display for InvalidFile {
    /// The path and the reason, worded from the catalogue (E0713) in the current language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::diagnostic::tr;
        let reason = match &self.problem {
            FileNameProblem::Empty => tr("E0713.empty", &[]),
            FileNameProblem::Absolute => tr("E0713.absolute", &[]),
            FileNameProblem::BadSegment => tr("E0713.segment", &[]),
            FileNameProblem::Forbidden(c) => tr("E0713.forbidden", &[("char", &char_name(*c))]),
            FileNameProblem::Unsafe(c) => tr("E0713.unsafe", &[("char", &char_name(*c))]),
            FileNameProblem::Duplicate => tr("E0713.duplicate", &[]),
            FileNameProblem::FileAndFolder { other } => {
                tr("E0713.file-and-folder", &[("other", &format!("{other:?}"))])
            }
            FileNameProblem::Reserved => tr("E0713.reserved", &[]),
        };
        write!(f, "{:?}: {reason}", self.path)
    }
}

fn char_name(c: char) -> String {
    use crate::diagnostic::tr;
    match c {
        '%' => tr("E0713.char-percent", &[]),
        '\r' => tr("E0713.char-cr", &[]),
        '\n' => tr("E0713.char-lf", &[]),
        '\\' => tr("E0713.char-backslash", &[]),
        c => tr(
            "E0713.char-control",
            &[("code", &format!("U+{:04X}", u32::from(c)))],
        ),
    }
}

/// Why a snapshot was not written. Nothing is left on disk in any case.
#[derive(Debug)]
pub enum SnapshotError {
    /// The period is not `YYYY-Qn`, `YYYY-MM` or `YYYY`.
    InvalidPeriod(String),
    /// Revision 0 or 1: the first snapshot is revision 1 and has no suffix.
    InvalidRevision(u32),
    /// `base_url` is not an absolute http(s) URL ending with `/`.
    InvalidBaseUrl(String),
    /// A required metadata field is empty; names the field.
    EmptyField(&'static str),
    /// The moment is outside years 0000–9999.
    DateOutOfRange(i64),
    /// The site has no files.
    EmptySite,
    /// Every site file that cannot be snapshotted.
    InvalidFiles(Vec<InvalidFile>),
    /// The snapshot folder exists; snapshots are never replaced.
    AlreadyExists {
        dir: PathBuf,
        period: String,
        next_revision: u32,
    },
    /// A revision was asked for a period that has no first snapshot.
    NoOriginal { original: PathBuf, period: String },
    /// Writing failed; `path` is what was being written.
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::InvalidPeriod(p) => write!(
                f,
                "`{p}` is not a period; write a year (2020), a half (2020-H2), a quarter (2020-Q4) or a month (2020-11)"
            ),
            SnapshotError::InvalidRevision(n) => write!(
                f,
                "revision {n} is not possible; the first snapshot is revision 1, so a correction is --revision 2 or more"
            ),
            SnapshotError::InvalidBaseUrl(u) => write!(
                f,
                "base_url `{u}` must be an absolute http:// or https:// address ending with `/`"
            ),
            SnapshotError::EmptyField(name) => {
                write!(f, "{name} is empty; a snapshot must say who published what")
            }
            SnapshotError::DateOutOfRange(s) => write!(
                f,
                "the snapshot moment {s} (Unix seconds) is outside the years 0000-9999; check SOURCE_DATE_EPOCH"
            ),
            SnapshotError::EmptySite => write!(f, "the site has no files to snapshot"),
            SnapshotError::InvalidFiles(files) => {
                write!(f, "{} site file(s) cannot go into a snapshot:", files.len())?;
                for file in files {
                    write!(f, "\n  {file}")?;
                }
                Ok(())
            }
            SnapshotError::AlreadyExists {
                dir,
                period,
                next_revision,
            } => write!(
                f,
                "{} already exists; snapshots are never replaced. To record a correction, run `congkhai snapshot {period} --revision {next_revision}`",
                dir.display()
            ),
            SnapshotError::NoOriginal { original, period } => write!(
                f,
                "{} does not exist, so there is nothing to correct; run `congkhai snapshot {period}` without --revision first",
                original.display()
            ),
            SnapshotError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for SnapshotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SnapshotError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// `2020-q4` → `2020-Q4`, `2021-h1` → `2021-H1`; `None` unless the period is a
/// year, a half, a quarter or a month. Checked strictly because it becomes a folder name.
pub fn canonical_period(period: &str) -> Option<String> {
    if period.trim() != period {
        return None;
    }
    crate::dates::When::parse_period(period)
        .ok()
        .map(|w| w.iso())
}

fn check_path(path: &str) -> Option<FileNameProblem> {
    if path.is_empty() {
        return Some(FileNameProblem::Empty);
    }
    if let Some(c) = path.chars().find(|c| matches!(c, '%' | '\r' | '\n')) {
        return Some(FileNameProblem::Forbidden(c));
    }
    if let Some(c) = path.chars().find(|&c| c.is_control() || c == '\\') {
        return Some(FileNameProblem::Unsafe(c));
    }
    if path.starts_with('/') {
        return Some(FileNameProblem::Absolute);
    }
    if path
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Some(FileNameProblem::BadSegment);
    }
    None
}

/// Every problem with the file list at once, so an editor fixes them in one
/// round instead of one per run.
fn check_site_files(site_files: &[(String, Vec<u8>)], warc_name: &str) -> Vec<InvalidFile> {
    let mut invalid = Vec::new();
    let mut seen = BTreeSet::new();
    for (path, _) in site_files {
        let problem = if let Some(p) = check_path(path) {
            Some(p)
        } else if !seen.insert(path.as_str()) {
            Some(FileNameProblem::Duplicate)
        } else if path == warc_name {
            Some(FileNameProblem::Reserved)
        } else {
            None
        };
        if let Some(problem) = problem {
            invalid.push(InvalidFile {
                path: path.clone(),
                problem,
            });
        }
    }
    for path in &seen {
        for (i, _) in path.match_indices('/') {
            let folder = &path[..i];
            if seen.contains(folder) {
                invalid.push(InvalidFile {
                    path: folder.to_string(),
                    problem: FileNameProblem::FileAndFolder {
                        other: path.to_string(),
                    },
                });
            }
        }
    }
    invalid
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Freezes `site_files` into `archive_dir/<snapshot_dir_name>` and returns
/// that folder. Refuses an existing snapshot; on any error nothing is left
/// behind. The same arguments always give byte-identical files.
pub fn write_snapshot(
    archive_dir: &Path,
    site_files: &[(String, Vec<u8>)],
    meta: &SnapshotMeta,
) -> Result<PathBuf, SnapshotError> {
    write_snapshot_with(archive_dir, site_files, site_files, meta, &mut |_| Ok(()))
}

/// [`write_snapshot`] of a site whose payload differs from what was served: `payload`
/// goes into `data/` (and is what a build publishes under `archive/`), `served` into
/// the WARC, the site exactly as it was online (congkhai's archived copies carry a
/// banner and their own canonical address; the WARC replays the site as it was).
/// Both list the same paths.
pub fn write_snapshot_of(
    archive_dir: &Path,
    payload: &[(String, Vec<u8>)],
    served: &[(String, Vec<u8>)],
    meta: &SnapshotMeta,
) -> Result<PathBuf, SnapshotError> {
    write_snapshot_with(archive_dir, payload, served, meta, &mut |_| Ok(()))
}

/// The `Bagging-Date` (UTC, `YYYY-MM-DD`) of a snapshot made at `epoch_seconds`;
/// None outside the years 0000–9999.
pub fn bagging_date(epoch_seconds: i64) -> Option<String> {
    UtcDateTime::from_epoch(epoch_seconds).map(|m| m.date())
}

/// [`write_snapshot`] with a hook called before each payload file is
/// written, so tests can make a write fail half-way.
fn write_snapshot_with(
    archive_dir: &Path,
    site_files: &[(String, Vec<u8>)],
    served: &[(String, Vec<u8>)],
    meta: &SnapshotMeta,
    before_write: &mut dyn FnMut(&str) -> io::Result<()>,
) -> Result<PathBuf, SnapshotError> {
    let period = canonical_period(&meta.period)
        .ok_or_else(|| SnapshotError::InvalidPeriod(meta.period.clone()))?;
    if let Some(n @ (0 | 1)) = meta.revision {
        return Err(SnapshotError::InvalidRevision(n));
    }
    let url_ok = (meta.base_url.starts_with("https://") || meta.base_url.starts_with("http://"))
        && meta.base_url.ends_with('/')
        && !meta
            .base_url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control());
    if !url_ok {
        return Err(SnapshotError::InvalidBaseUrl(meta.base_url.clone()));
    }
    for (name, value) in [
        ("source_organization", &meta.source_organization),
        ("external_description", &meta.external_description),
        ("software_agent", &meta.software_agent),
    ] {
        if value.trim().is_empty() {
            return Err(SnapshotError::EmptyField(name));
        }
    }
    let moment = UtcDateTime::from_epoch(meta.epoch_seconds)
        .ok_or(SnapshotError::DateOutOfRange(meta.epoch_seconds))?;

    let name = snapshot_dir_name(&period, meta.revision);
    let warc_name = format!("{name}.warc.gz");
    if site_files.is_empty() {
        return Err(SnapshotError::EmptySite);
    }
    let invalid = check_site_files(site_files, &warc_name);
    if !invalid.is_empty() {
        return Err(SnapshotError::InvalidFiles(invalid));
    }

    let target = archive_dir.join(&name);
    let already_exists = || SnapshotError::AlreadyExists {
        dir: target.clone(),
        period: period.clone(),
        next_revision: (2..)
            .find(|&n| !exists(&archive_dir.join(snapshot_dir_name(&period, Some(n)))))
            .unwrap_or(2),
    };
    if exists(&target) {
        return Err(already_exists());
    }
    if meta.revision.is_some() {
        let original = archive_dir.join(snapshot_dir_name(&period, None));
        if !exists(&original) {
            return Err(SnapshotError::NoOriginal { original, period });
        }
    }

    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SnapshotError::Io { path, source }
    };
    fs::create_dir_all(archive_dir).map_err(io_err(archive_dir))?;
    let staging = StagingDir::create(archive_dir, &name).map_err(io_err(archive_dir))?;
    let bag = staging.path();

    let mut sorted: Vec<&(String, Vec<u8>)> = site_files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut payload: Vec<BagFile> = Vec::with_capacity(sorted.len() + 1);
    for (path, bytes) in &sorted {
        let rel = format!("data/{path}");
        before_write(path)
            .and_then(|()| bagit::write_file(bag, &rel, bytes))
            .map(|f| payload.push(f))
            .map_err(io_err(&target.join(&rel)))?;
    }

    let mut served: Vec<&(String, Vec<u8>)> = served.iter().collect();
    served.sort_by(|a, b| a.0.cmp(&b.0));
    let warc_rel = format!("data/{warc_name}");
    before_write(&warc_name)
        .and_then(|()| write_warc_file(bag, &warc_rel, &warc_name, &moment, &served, meta))
        .map(|f| payload.push(f))
        .map_err(io_err(&target.join(&warc_rel)))?;

    let bagging_date = moment.date();
    let revision = meta.revision.unwrap_or(1).to_string();
    let info = [
        ("Source-Organization", meta.source_organization.as_str()),
        ("External-Description", meta.external_description.as_str()),
        ("External-Identifier", name.as_str()),
        ("Bag-Group-Identifier", period.as_str()),
        // What the bag is, in its own words: `verify` holds the folder's name to it.
        (verify::SNAPSHOT_PERIOD, period.as_str()),
        (verify::SNAPSHOT_REVISION, revision.as_str()),
        ("Bagging-Date", bagging_date.as_str()),
        ("Bag-Software-Agent", meta.software_agent.as_str()),
    ];
    before_write(bagit::BAG_INFO)
        .and_then(|()| bagit::write_tag_files(bag, &payload, &info))
        .map_err(io_err(&target))?;

    match staging.persist(&target) {
        Ok(()) => Ok(target),
        // Another process made the same snapshot meanwhile: still a refusal.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::AlreadyExists | io::ErrorKind::DirectoryNotEmpty
            ) =>
        {
            Err(already_exists())
        }
        Err(e) => Err(io_err(&target)(e)),
    }
}

fn write_warc_file(
    bag: &Path,
    rel: &str,
    warc_name: &str,
    moment: &UtcDateTime,
    files: &[&(String, Vec<u8>)],
    meta: &SnapshotMeta,
) -> io::Result<BagFile> {
    let file = bagit::create_new_file(bag, rel)?;
    let mut out = HashingWriter::new(BufWriter::new(file));
    let mut pages: Vec<warc::Page<'_>> = files
        .iter()
        .map(|(path, bytes)| warc::Page {
            uri: warc::target_uri(&meta.base_url, path),
            content_type: warc::content_type_for(path),
            body: bytes,
            answer: warc::Answer::File,
        })
        .collect();
    warc::add_folder_answers(&meta.base_url, &mut pages);
    let info = [
        ("software", meta.software_agent.as_str()),
        ("format", "WARC File Format 1.1"),
        (
            "conformsTo",
            "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        ),
        ("operator", meta.source_organization.as_str()),
        ("description", meta.external_description.as_str()),
        ("isPartOf", meta.base_url.as_str()),
    ];
    warc::write_warc(&mut out, warc_name, &moment.warc_date(), &info, &mut pages)?;
    out.flush()?;
    let (buffered, sha256_hex, len) = out.finish();
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(BagFile {
        path: rel.to_string(),
        sha256_hex,
        len,
    })
}

/// One snapshot as an archive index page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotSummary {
    pub dir: PathBuf,
    /// `2020-Q4` (from `Bag-Group-Identifier`).
    pub period: String,
    /// `None` for the first snapshot, `Some(n)` for `-r<n>`.
    pub revision: Option<u32>,
    /// `Bagging-Date`, `YYYY-MM-DD`.
    pub bagging_date: String,
    /// `External-Description`: the plan's title.
    pub description: String,
    /// From `Payload-Oxum`: files in `data/`, the WARC included.
    pub file_count: u64,
    /// From `Payload-Oxum`.
    pub payload_bytes: u64,
    /// SHA-256 of `tagmanifest-sha256.txt`: one value that pins the whole
    /// bag, for citing or publishing elsewhere.
    pub tagmanifest_sha256: String,
}

/// The folders under `archive_dir` that `verify` checks by default: every
/// folder except hidden ones (a killed snapshot's leftover staging folder),
/// sorted by name. A missing `archive_dir` has none.
pub fn snapshot_dirs(archive_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(archive_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = entry?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.file_type()?.is_dir() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// `2020-q4-r2` → `Some(2)`.
fn revision_from_name(name: &str) -> Option<u32> {
    let (_, n) = name.rsplit_once("-r")?;
    n.parse().ok()
}

/// The files at the top of every bag, beside `data/`. A build publishes them
/// with the payload, so a payload file of the same name could not be published.
pub const TAG_FILES: [&str; 4] = [
    bagit::BAGIT,
    bagit::BAG_INFO,
    bagit::MANIFEST,
    bagit::TAGMANIFEST,
];

/// SHA-256 of the bag's `tagmanifest-sha256.txt`: it checksums the manifest,
/// which checksums every payload file, so this one value pins the whole bag.
pub fn fingerprint(dir: &Path) -> io::Result<String> {
    fs::read(dir.join(bagit::TAGMANIFEST)).map(|b| bagit::sha256_hex(&b))
}

/// What `bag-info.txt` and the tag manifest say about one snapshot; `None`
/// without a readable `bag-info.txt` (`verify` is the tool that reports it).
/// Nothing is re-hashed except the tag manifest.
pub fn read_summary(dir: &Path) -> Option<SnapshotSummary> {
    let info = fs::read_to_string(dir.join(bagit::BAG_INFO)).ok()?;
    let fields = verify::parse_bag_info(&info);
    let field = |label| {
        verify::bag_info_field(&fields, label)
            .unwrap_or("")
            .to_string()
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let oxum = field("Payload-Oxum");
    let (bytes, count) = oxum.split_once('.').unwrap_or(("0", "0"));
    let period = match field("Bag-Group-Identifier") {
        p if p.is_empty() => name.split("-r").next().unwrap_or("").to_uppercase(),
        p => p,
    };
    Some(SnapshotSummary {
        revision: revision_from_name(&name),
        period,
        bagging_date: field("Bagging-Date"),
        description: field("External-Description"),
        file_count: count.parse().unwrap_or(0),
        payload_bytes: bytes.parse().unwrap_or(0),
        tagmanifest_sha256: fingerprint(dir).unwrap_or_default(),
        dir: dir.to_path_buf(),
    })
}

/// Summaries of the snapshots under `archive_dir`, by period then revision.
/// Folders without a readable `bag-info.txt` are left out.
pub fn list_snapshots(archive_dir: &Path) -> Vec<SnapshotSummary> {
    let mut list: Vec<SnapshotSummary> = snapshot_dirs(archive_dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|dir| read_summary(dir))
        .collect();
    list.sort_by(|a, b| {
        (&a.period, a.revision.unwrap_or(1)).cmp(&(&b.period, b.revision.unwrap_or(1)))
    });
    list
}

#[cfg(test)]
mod tests;
