//! Checking a bag against its own manifests: the question a records officer
//! asks years later, "is this exactly what was published?".

use crate::diagnostic::os::walk_reason;
use crate::diagnostic::{os_reason, tr};
use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};

use super::bagit::{BAGIT, BAG_INFO, MANIFEST, TAGMANIFEST};

/// One thing wrong with a snapshot, tied to the file it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file concerned, as `snapshot folder` + its path in the bag.
    pub file: PathBuf,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The snapshot folder itself is absent or not a folder.
    NotADirectory,
    /// A file every bag must have (`bagit.txt`, a manifest, `bag-info.txt`).
    RequiredFileMissing,
    /// Listed in a manifest, absent from the bag.
    Missing { manifest: &'static str },
    /// Present in the bag, listed in no manifest.
    Unlisted { manifest: &'static str },
    /// The bytes changed since the manifest was written.
    ChecksumMismatch {
        manifest: &'static str,
        recorded: String,
        actual: String,
    },
    /// `Payload-Oxum` in `bag-info.txt` disagrees with the payload on disk.
    PayloadOxum { declared: String, actual: String },
    /// A symlink or other non-regular file, which a bag cannot vouch for.
    NotARegularFile,
    /// A tag file that cannot be parsed; `detail` says where and why.
    Malformed { detail: String },
    /// The file exists but could not be read.
    Unreadable { detail: String },
    /// The folder's name is not the one `bag-info.txt` gives the snapshot: a bag
    /// renamed or copied under another period or revision would be published, and
    /// cited, as something it is not.
    WrongFolderName {
        expected: String,
        actual: String,
        /// The `bag-info.txt` field the expected name comes from.
        field: &'static str,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.kind)
    }
}

/// What is wrong, without the file: for messages that show the file apart. In the
/// language of the run (the catalogue's `E0720.*`).
impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            ProblemKind::NotADirectory => tr("E0720.not-a-folder", &[]),
            ProblemKind::RequiredFileMissing => tr("E0720.required", &[]),
            ProblemKind::Missing { manifest } => tr("E0720.missing", &[("manifest", manifest)]),
            ProblemKind::Unlisted { manifest } => tr("E0720.unlisted", &[("manifest", manifest)]),
            ProblemKind::ChecksumMismatch {
                manifest,
                recorded,
                actual,
            } => tr(
                "E0720.changed",
                &[
                    ("manifest", manifest),
                    ("recorded", recorded),
                    ("actual", actual),
                ],
            ),
            ProblemKind::PayloadOxum { declared, actual } => {
                tr("E0720.oxum", &[("declared", declared), ("actual", actual)])
            }
            ProblemKind::NotARegularFile => tr("E0720.not-a-file", &[]),
            ProblemKind::Malformed { detail } => tr("E0720.malformed", &[("detail", detail)]),
            ProblemKind::Unreadable { detail } => tr("E0720.unreadable", &[("detail", detail)]),
            ProblemKind::WrongFolderName {
                expected,
                actual,
                field,
            } => tr(
                "E0720.wrong-folder",
                &[("expected", expected), ("actual", actual), ("field", field)],
            ),
        })
    }
}

/// What is on disk: every regular file with its size, by bag-relative path.
struct Inventory {
    files: BTreeMap<String, u64>,
}

/// Where a bag's files are on disk. A bag keeps its payload under `data/`; the copy a
/// build publishes (`output/archive/<name>/`) has the payload at the top, beside the
/// tag files. Checks speak of bag paths (`data/index.html`, as the manifests do);
/// problems name the file where it is.
#[derive(Clone, Copy)]
struct Layout<'a> {
    dir: &'a Path,
    published: bool,
}

impl Layout<'_> {
    /// A published copy is told from a bag by where the files its manifest lists are:
    /// more of them at the top than under `data/`. (Its top level alone cannot tell: a
    /// site may have a `data/` folder of its own, and a bag may have gained a file.)
    fn of(dir: &Path) -> Layout<'_> {
        let listed: Vec<String> = fs::read_to_string(dir.join(MANIFEST))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once([' ', '\t']))
            .map(|(_, p)| decode_manifest_path(p.trim_start_matches([' ', '\t'])))
            .filter(|p| is_safe_relative(p))
            .collect();
        let found = |published: bool| {
            let layout = Layout { dir, published };
            listed
                .iter()
                .filter(|p| fs::symlink_metadata(layout.path(p)).is_ok())
                .count()
        };
        Layout {
            dir,
            published: found(true) > found(false),
        }
    }

    /// The file on disk of a bag path.
    fn path(&self, rel: &str) -> PathBuf {
        match rel.strip_prefix("data/") {
            Some(payload) if self.published => self.dir.join(payload),
            _ => self.dir.join(rel),
        }
    }

    /// The bag path of a file found on disk at `rel` (relative to the folder).
    fn bag_path(&self, rel: String) -> String {
        if self.published && !super::TAG_FILES.contains(&rel.as_str()) {
            format!("data/{rel}")
        } else {
            rel
        }
    }
}

fn problem(dir: Layout<'_>, rel: &str, kind: ProblemKind) -> Problem {
    Problem {
        file: dir.path(rel),
        kind,
    }
}

/// Checks one snapshot folder. An empty list means it is intact: every
/// payload and tag file hashes as recorded, `Payload-Oxum` matches, and
/// nothing was added or removed.
pub fn verify_snapshot(dir: &Path) -> Vec<Problem> {
    if !dir.is_dir() {
        return vec![Problem {
            file: dir.to_path_buf(),
            kind: ProblemKind::NotADirectory,
        }];
    }
    let mut problems = Vec::new();
    let dir = Layout::of(dir);
    let inventory = take_inventory(dir, &mut problems);

    check_bagit_txt(dir, &mut problems);

    let manifest = read_manifest(dir, MANIFEST, &mut problems);
    if let Some(entries) = &manifest {
        check_entries(dir, MANIFEST, entries, &inventory, &mut problems);
        for rel in inventory.files.keys().filter(|p| p.starts_with("data/")) {
            if !entries.contains_key(rel) {
                problems.push(problem(
                    dir,
                    rel,
                    ProblemKind::Unlisted { manifest: MANIFEST },
                ));
            }
        }
    }

    check_payload_oxum(dir, &inventory, &mut problems);
    check_folder_name(dir, &mut problems);

    if let Some(entries) = read_manifest(dir, TAGMANIFEST, &mut problems) {
        check_entries(dir, TAGMANIFEST, &entries, &inventory, &mut problems);
        for rel in inventory.files.keys() {
            if !rel.starts_with("data/") && rel != TAGMANIFEST && !entries.contains_key(rel) {
                problems.push(problem(
                    dir,
                    rel,
                    ProblemKind::Unlisted {
                        manifest: TAGMANIFEST,
                    },
                ));
            }
        }
    }
    problems
}

fn take_inventory(layout: Layout<'_>, problems: &mut Vec<Problem>) -> Inventory {
    let dir = layout.dir;
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e.path().unwrap_or(dir).to_path_buf();
                problems.push(Problem {
                    file,
                    kind: ProblemKind::Unreadable {
                        detail: walk_reason(&e),
                    },
                });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = match entry.path().strip_prefix(dir).ok().and_then(Path::to_str) {
            Some(rel) => layout.bag_path(rel.replace(std::path::MAIN_SEPARATOR, "/")),
            None => {
                // A name that is not UTF-8 cannot be in a manifest we wrote.
                problems.push(Problem {
                    file: entry.path().to_path_buf(),
                    kind: ProblemKind::Unlisted { manifest: MANIFEST },
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            problems.push(problem(layout, &rel, ProblemKind::NotARegularFile));
            continue;
        }
        match entry.metadata() {
            Ok(m) => {
                files.insert(rel, m.len());
            }
            Err(e) => problems.push(problem(
                layout,
                &rel,
                ProblemKind::Unreadable {
                    detail: walk_reason(&e),
                },
            )),
        }
    }
    Inventory { files }
}

fn read_tag_file(dir: Layout<'_>, rel: &str, problems: &mut Vec<Problem>) -> Option<String> {
    match fs::read(dir.path(rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                problems.push(problem(
                    dir,
                    rel,
                    ProblemKind::Malformed {
                        detail: "not UTF-8".into(),
                    },
                ));
                None
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            problems.push(problem(dir, rel, ProblemKind::RequiredFileMissing));
            None
        }
        Err(e) => {
            problems.push(problem(
                dir,
                rel,
                ProblemKind::Unreadable {
                    detail: os_reason(&e),
                },
            ));
            None
        }
    }
}

fn check_bagit_txt(dir: Layout<'_>, problems: &mut Vec<Problem>) {
    let Some(text) = read_tag_file(dir, BAGIT, problems) else {
        return;
    };
    let mut lines = text.lines();
    let version_ok = lines
        .next()
        .and_then(|l| l.strip_prefix("BagIt-Version: "))
        .is_some_and(|v| {
            v.split('.').count() == 2 && v.split('.').all(|n| n.parse::<u32>().is_ok())
        });
    let encoding_ok = lines.next() == Some("Tag-File-Character-Encoding: UTF-8");
    if !version_ok || !encoding_ok {
        problems.push(problem(
            dir,
            BAGIT,
            ProblemKind::Malformed {
                detail: "expected `BagIt-Version: M.N` then `Tag-File-Character-Encoding: UTF-8`"
                    .into(),
            },
        ));
    }
}

/// RFC 8493 §2.1.3: in a manifest, only `%`, CR and LF are percent-encoded.
fn decode_manifest_path(raw: &str) -> String {
    raw.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

/// A manifest path must stay inside the bag; `..` or an absolute path would
/// make verify hash files outside it.
fn is_safe_relative(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Parses `<sha256 hex> <whitespace> <path>` lines. `None` when the manifest
/// is absent or unreadable (already reported).
fn read_manifest(
    dir: Layout<'_>,
    name: &'static str,
    problems: &mut Vec<Problem>,
) -> Option<BTreeMap<String, String>> {
    let text = read_tag_file(dir, name, problems)?;
    let mut entries = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let malformed = |detail: String| problem(dir, name, ProblemKind::Malformed { detail });
        if line.trim().is_empty() {
            continue;
        }
        let Some((hash, rest)) = line.split_once([' ', '\t']) else {
            problems.push(malformed(format!(
                "line {line_no}: expected `<sha256>  <path>`"
            )));
            continue;
        };
        let path = decode_manifest_path(rest.trim_start_matches([' ', '\t']));
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.push(malformed(format!(
                "line {line_no}: `{hash}` is not a sha256 checksum (64 hex digits)"
            )));
            continue;
        }
        if !is_safe_relative(&path) {
            problems.push(malformed(format!(
                "line {line_no}: `{path}` is not a path inside the bag"
            )));
            continue;
        }
        let is_payload = path.starts_with("data/");
        if (name == MANIFEST) != is_payload {
            let should = if name == MANIFEST { "" } else { "not " };
            problems.push(malformed(format!(
                "line {line_no}: `{path}` should {should}be under data/"
            )));
            continue;
        }
        if entries
            .insert(path.clone(), hash.to_ascii_lowercase())
            .is_some()
        {
            problems.push(malformed(format!(
                "line {line_no}: `{path}` is listed twice"
            )));
        }
    }
    Some(entries)
}

fn hash_file(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(HEXLOWER.encode(&hasher.finalize()))
}

fn check_entries(
    dir: Layout<'_>,
    manifest: &'static str,
    entries: &BTreeMap<String, String>,
    inventory: &Inventory,
    problems: &mut Vec<Problem>,
) {
    for (rel, recorded) in entries {
        if !inventory.files.contains_key(rel) {
            // A listed symlink was already reported as not a regular file.
            if fs::symlink_metadata(dir.path(rel)).is_err() {
                problems.push(problem(dir, rel, ProblemKind::Missing { manifest }));
            }
            continue;
        }
        match hash_file(&dir.path(rel)) {
            Ok(actual) if &actual == recorded => {}
            Ok(actual) => problems.push(problem(
                dir,
                rel,
                ProblemKind::ChecksumMismatch {
                    manifest,
                    recorded: recorded.clone(),
                    actual,
                },
            )),
            Err(e) => problems.push(problem(
                dir,
                rel,
                ProblemKind::Unreadable {
                    detail: os_reason(&e),
                },
            )),
        }
    }
}

/// `bag-info.txt` as (label, value) pairs in file order; a line that starts
/// with whitespace continues the previous value (RFC 8493 §2.2.2).
pub(crate) fn parse_bag_info(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((label, value)) = line.split_once(':') {
            fields.push((label.trim().to_string(), value.trim().to_string()));
        }
    }
    fields
}

pub(crate) fn bag_info_field<'a>(fields: &'a [(String, String)], label: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(label))
        .map(|(_, v)| v.as_str())
}

fn check_payload_oxum(dir: Layout<'_>, inventory: &Inventory, problems: &mut Vec<Problem>) {
    let Some(text) = read_tag_file(dir, BAG_INFO, problems) else {
        return;
    };
    let fields = parse_bag_info(&text);
    let Some(declared) = bag_info_field(&fields, "Payload-Oxum") else {
        problems.push(problem(
            dir,
            BAG_INFO,
            ProblemKind::Malformed {
                detail: "no Payload-Oxum field".into(),
            },
        ));
        return;
    };
    let payload = inventory
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("data/"));
    let (octets, count) = payload.fold((0u64, 0u64), |(o, c), (_, len)| (o + len, c + 1));
    let actual = format!("{octets}.{count}");
    if declared != actual {
        problems.push(problem(
            dir,
            BAG_INFO,
            ProblemKind::PayloadOxum {
                declared: declared.to_string(),
                actual,
            },
        ));
    }
}

/// The folder name `bag-info.txt` gives the snapshot: from `Snapshot-Period` and
/// `Snapshot-Revision` where it has them; in a bag made before those fields, from
/// `External-Identifier` when it is a snapshot name of the bag's own period
/// (`Bag-Group-Identifier`). `None` when the bag does not say (it is not checked).
fn expected_name(fields: &[(String, String)]) -> Option<(String, &'static str)> {
    let period = |label| bag_info_field(fields, label).and_then(super::canonical_period);
    if let Some(period) = period(SNAPSHOT_PERIOD) {
        let revision = bag_info_field(fields, SNAPSHOT_REVISION)
            .and_then(|r| r.parse::<u32>().ok())
            .filter(|&n| n >= 2);
        return Some((
            super::snapshot_dir_name(&period, revision),
            "Snapshot-Period and Snapshot-Revision in bag-info.txt",
        ));
    }
    let period = period("Bag-Group-Identifier")?;
    let id = bag_info_field(fields, "External-Identifier")?;
    let base = super::snapshot_dir_name(&period, None);
    let is_name = id == base
        || id
            .strip_prefix(&format!("{base}-r"))
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n >= 2 && id == super::snapshot_dir_name(&period, Some(n)));
    is_name.then(|| (id.to_string(), "External-Identifier in bag-info.txt"))
}

/// `bag-info.txt` field: the period the snapshot freezes (`2020-Q4`).
pub(crate) const SNAPSHOT_PERIOD: &str = "Snapshot-Period";
/// `bag-info.txt` field: 1 for a period's first snapshot, n for its `-r<n>`.
pub(crate) const SNAPSHOT_REVISION: &str = "Snapshot-Revision";

fn check_folder_name(dir: Layout<'_>, problems: &mut Vec<Problem>) {
    let Ok(text) = fs::read_to_string(dir.path(BAG_INFO)) else {
        return; // Reported by the Payload-Oxum check.
    };
    let Some((expected, field)) = expected_name(&parse_bag_info(&text)) else {
        return;
    };
    // `verify .` from inside the bag names the folder by its real name.
    let actual = dir
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            let real = dir.dir.canonicalize().ok()?;
            Some(real.file_name()?.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    if actual != expected {
        problems.push(problem(
            dir,
            BAG_INFO,
            ProblemKind::WrongFolderName {
                expected,
                actual,
                field,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_decode_only_the_three_escapes() {
        assert_eq!(
            decode_manifest_path("data/a%25b%0Ac%0dd%20e"),
            "data/a%b\nc\rd%20e"
        );
    }

    #[test]
    fn unsafe_manifest_paths() {
        assert!(is_safe_relative("data/a/b.html"));
        for bad in [
            "/etc/passwd",
            "data/../../x",
            "data//x",
            "data/./x",
            "data\\x",
            "",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    #[test]
    fn bag_info_continuation_lines() {
        let fields = parse_bag_info("A: one\n  two\nPayload-Oxum: 3.1\n");
        assert_eq!(bag_info_field(&fields, "a"), Some("one two"));
        assert_eq!(bag_info_field(&fields, "payload-oxum"), Some("3.1"));
        assert_eq!(bag_info_field(&fields, "B"), None);
    }

    #[test]
    fn missing_folder_is_one_problem() {
        let dir = tempfile::tempdir().unwrap();
        let problems = verify_snapshot(&dir.path().join("nope"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::NotADirectory);
    }

    #[test]
    fn manifest_escaping_outside_the_bag_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bag = dir.path().join("bag");
        fs::create_dir_all(bag.join("data")).unwrap();
        fs::write(dir.path().join("secret"), b"x").unwrap();
        fs::write(
            bag.join(MANIFEST),
            format!("{}  data/../../secret\n", "0".repeat(64)),
        )
        .unwrap();
        let problems = verify_snapshot(&bag);
        assert!(problems.iter().any(|p| p.file == bag.join(MANIFEST)
            && matches!(&p.kind, ProblemKind::Malformed { detail } if detail.contains("not a path inside"))));
    }
}
