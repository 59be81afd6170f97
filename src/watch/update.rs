//! Writing a partial rebuild in place. A full build stages a whole new output folder and
//! swaps it in; for one edited page of a 10,000-page site that copy would cost more than
//! the rebuild. Here the rebuilt files are first collected in memory (so a failed render
//! writes nothing), then every changed file is written whole beside its target under a
//! temporary name, and only when all are written are they renamed over their targets: a
//! reader sees the old file or the new one, never half of one, and a failed write (a
//! full disk) leaves the output exactly as it was, with no temporary file behind.

use crate::output::{is_safe_relative, MARKER};
use crate::sink::Sink;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Keeps rendered files in memory until the render has fully succeeded.
#[derive(Default)]
pub struct Buffer {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Sink for Buffer {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if !is_safe_relative(path) || path == MARKER {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path `{path}`"),
            ));
        }
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((path.to_string(), bytes.to_vec()));
        Ok(())
    }
}

impl Buffer {
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub written: usize,
    pub removed: usize,
}

/// A failed [`apply`]: the error, and how many files it had already replaced or removed
/// (0 when the output folder is exactly as it was).
#[derive(Debug)]
pub struct Failed {
    pub error: io::Error,
    pub changed: usize,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::diagnostic::os_reason(&self.error))
    }
}

/// Writes `files` into `dir` (only those whose bytes differ from what is there) and
/// removes the files in `remove` with the folders they leave empty.
///
/// Every changed file is first written whole under a temporary name beside its target;
/// only when all are written are they renamed in, one rename each. A failure while
/// writing (a full disk) removes the temporary files and leaves `dir` exactly as it was.
pub fn apply(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    remove: &BTreeSet<String>,
) -> Result<Applied, Failed> {
    let untouched = |error| Failed { error, changed: 0 };
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (path, bytes) in files {
        match stage_if_changed(dir, path, bytes) {
            Ok(Some(pair)) => staged.push(pair),
            Ok(None) => {}
            Err(e) => {
                for (temp, _) in &staged {
                    remove_temp(dir, temp);
                }
                return Err(untouched(e));
            }
        }
    }
    let mut applied = Applied::default();
    for (n, (temp, target)) in staged.iter().enumerate() {
        if let Err(error) = fs::rename(temp, target) {
            for (temp, _) in &staged[n..] {
                remove_temp(dir, temp);
            }
            return Err(Failed {
                error,
                changed: applied.written,
            });
        }
        applied.written += 1;
    }
    for path in remove {
        if !is_safe_relative(path) || path == MARKER {
            continue;
        }
        let target = dir.join(path);
        match fs::remove_file(&target) {
            Ok(()) => applied.removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(Failed {
                    error,
                    changed: applied.written + applied.removed,
                })
            }
        }
        // Folders left empty go too, up to (never including) the output folder.
        let mut parent = target.parent();
        while let Some(p) = parent {
            if p == dir || fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    Ok(applied)
}

/// Removes a temporary file, and the folders made for it if it was their only file.
fn remove_temp(dir: &Path, temp: &Path) {
    let _ = fs::remove_file(temp);
    let mut parent = temp.parent();
    while let Some(p) = parent {
        if p == dir || !p.starts_with(dir) || fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
}

/// Replaces one file atomically when its bytes changed; true when it was written.
pub fn write_if_changed(dir: &Path, path: &str, bytes: &[u8]) -> io::Result<bool> {
    match stage_if_changed(dir, path, bytes)? {
        None => Ok(false),
        Some((temp, target)) => {
            if let Err(e) = fs::rename(&temp, &target) {
                let _ = fs::remove_file(&temp);
                return Err(e);
            }
            Ok(true)
        }
    }
}

/// When `bytes` differ from the file at `path`, writes them whole beside it under a
/// temporary name and returns (temporary, target); a failed write leaves nothing.
fn stage_if_changed(
    dir: &Path,
    path: &str,
    bytes: &[u8],
) -> io::Result<Option<(PathBuf, PathBuf)>> {
    if !is_safe_relative(path) || path == MARKER {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe output path `{path}`"),
        ));
    }
    let target = dir.join(path);
    if let Ok(meta) = fs::symlink_metadata(&target) {
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(&target).is_ok_and(|old| old == bytes)
        {
            return Ok(None);
        }
    }
    let parent = target.parent().unwrap_or(dir);
    fs::create_dir_all(parent)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A dot name, so that the watcher and the preview server both ignore it.
    let temp = parent.join(format!(".{name}.congkhai-new"));
    if let Err(e) = fs::write(&temp, bytes) {
        // A write cut short (a full disk) leaves a truncated file: it goes too.
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(Some((temp, target)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_not_rewritten_and_removed_ones_take_empty_folders() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let files = vec![
            ("a/index.html".to_string(), b"one".to_vec()),
            ("b/c/index.html".to_string(), b"two".to_vec()),
        ];
        assert_eq!(apply(d, &files, &BTreeSet::new()).unwrap().written, 2);
        let inode = fs::metadata(d.join("a/index.html")).unwrap().ino();
        let again = vec![
            ("a/index.html".to_string(), b"one".to_vec()),
            ("b/c/index.html".to_string(), b"2".to_vec()),
        ];
        let applied = apply(d, &again, &BTreeSet::new()).unwrap();
        assert_eq!(applied.written, 1);
        assert_eq!(fs::metadata(d.join("a/index.html")).unwrap().ino(), inode);
        assert_eq!(fs::read(d.join("b/c/index.html")).unwrap(), b"2");

        let remove: BTreeSet<String> = ["b/c/index.html".to_string()].into();
        let applied = apply(d, &[], &remove).unwrap();
        assert_eq!(applied.removed, 1);
        assert!(!d.join("b").exists(), "empty folders are removed");
        assert!(d.join("a/index.html").is_file());
        let leftovers: Vec<_> = walkdir::WalkDir::new(d)
            .into_iter()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("congkhai-new"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn unsafe_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/x", MARKER] {
            assert!(write_if_changed(dir.path(), bad, b"x").is_err(), "{bad}");
        }
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(dir.path().join("outside"), "keep").unwrap();
        let remove: BTreeSet<String> = ["../outside".to_string()].into();
        assert_eq!(apply(&out, &[], &remove).unwrap().removed, 0);
        assert!(dir.path().join("outside").exists());
    }

    /// Case 9 of issue 20: a watch rebuild that hit a full disk had already replaced the
    /// files before the one that failed, and left that one's truncated temporary file in
    /// the output, while saying "output/ keeps the last good build". Here the fourth
    /// write fails (a folder stands where its temporary file goes): nothing may change.
    #[test]
    fn case_9_a_failed_watch_write_replaces_nothing_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let old: Vec<(String, Vec<u8>)> = ["a", "b", "c", "d"]
            .iter()
            .map(|n| (format!("{n}/index.html"), format!("old {n}").into_bytes()))
            .collect();
        assert!(apply(d, &old, &BTreeSet::new()).is_ok());
        let blocker = d.join("d/.index.html.congkhai-new");
        fs::create_dir(&blocker).unwrap();
        fs::write(blocker.join("x"), "full").unwrap();
        let new: Vec<(String, Vec<u8>)> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|n| (format!("{n}/index.html"), format!("new {n}").into_bytes()))
            .collect();
        let remove: BTreeSet<String> = ["a/index.html".to_string()].into();
        assert!(apply(d, &new, &remove).is_err());
        for n in ["a", "b", "c", "d"] {
            assert_eq!(
                fs::read_to_string(d.join(format!("{n}/index.html"))).unwrap(),
                format!("old {n}"),
                "{n}/index.html was replaced by a rebuild that failed"
            );
        }
        assert!(
            !d.join("e").exists(),
            "a folder made for the failed rebuild stays"
        );
        let temporaries: Vec<_> = walkdir::WalkDir::new(d)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter(|e| e.file_name().to_string_lossy().contains("congkhai-new"))
            .collect();
        assert!(temporaries.is_empty(), "{temporaries:?}");
    }
}
