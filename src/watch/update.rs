//! Writing a partial rebuild in place. A full build stages a whole new output folder and
//! swaps it in; for one edited page of a 10,000-page site that copy would cost more than
//! the rebuild. Here the rebuilt files are first collected in memory (so a failed render
//! writes nothing), then each changed file is written beside its target and renamed over
//! it: a reader sees the old file or the new one, never half of one.

use crate::output::{is_safe_relative, MARKER};
use crate::render::Sink;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;
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

/// Writes `files` into `dir` (only those whose bytes differ from what is there) and
/// removes the files in `remove` with the folders they leave empty.
pub fn apply(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    remove: &BTreeSet<String>,
) -> io::Result<Applied> {
    let mut applied = Applied::default();
    for (path, bytes) in files {
        if write_if_changed(dir, path, bytes)? {
            applied.written += 1;
        }
    }
    for path in remove {
        if !is_safe_relative(path) || path == MARKER {
            continue;
        }
        let target = dir.join(path);
        match fs::remove_file(&target) {
            Ok(()) => applied.removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
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

/// Replaces one file atomically when its bytes changed; true when it was written.
pub fn write_if_changed(dir: &Path, path: &str, bytes: &[u8]) -> io::Result<bool> {
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
            return Ok(false);
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
    fs::write(&temp, bytes)?;
    if let Err(e) = fs::rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(true)
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
}
