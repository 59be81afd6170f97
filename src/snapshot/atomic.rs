//! All-or-nothing creation of a snapshot folder: build it under a hidden
//! temporary name beside its final place, flush it, then rename it in one
//! step that never replaces an existing folder.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// A folder being built. Dropped without [`StagingDir::persist`], it is
/// removed, so an error or a panic half-way leaves nothing behind.
pub(crate) struct StagingDir {
    path: PathBuf,
    persisted: bool,
}

impl StagingDir {
    /// A new empty folder `.<name>.partial-<pid>-<n>` in `parent`. Hidden so
    /// that listing and verifying snapshots skips it if the process is
    /// killed before it can clean up; in `parent` so that the final rename
    /// stays on one file system and is atomic.
    pub fn create(parent: &Path, name: &str) -> io::Result<StagingDir> {
        let pid = std::process::id();
        for n in 0..1000 {
            let path = parent.join(format!(".{name}.partial-{pid}-{n}"));
            match fs::create_dir(&path) {
                Ok(()) => {
                    return Ok(StagingDir {
                        path,
                        persisted: false,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("too many leftover .{name}.partial-* folders"),
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes every folder of the tree, then renames it to `target`, which
    /// must not exist. Files are expected to be flushed already by whoever
    /// wrote them.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        sync_dirs(&self.path)?;
        rename_no_replace(&self.path, target)?;
        self.persisted = true;
        if let Some(parent) = target.parent() {
            sync_dir(parent)?;
        }
        Ok(())
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.persisted {
            // Best effort: there is no one to report a failure to here, and a
            // leftover hidden folder is harmless (listing skips it).
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A file's data is durable after its own fsync, but its name only after an
/// fsync of the folder that holds it.
fn sync_dirs(root: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            sync_dir(entry.path())?;
        }
    }
    Ok(())
}

/// `rename` alone would silently replace an empty folder at `to`, and a
/// check before it leaves a window for another process; `renameat2` with
/// `RENAME_NOREPLACE` makes the check and the rename one step.
#[cfg(target_os = "linux")]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        // Old kernels and some file systems (NFS, some FUSE) lack the flag.
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS => check_then_rename(from, to),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    check_then_rename(from, to)
}

fn check_then_rename(from: &Path, to: &Path) -> io::Result<()> {
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists", to.display()),
        ));
    }
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_staging_dir_is_removed() {
        let parent = tempfile::tempdir().unwrap();
        let staging = StagingDir::create(parent.path(), "2020-q4").unwrap();
        fs::write(staging.path().join("f"), b"x").unwrap();
        drop(staging);
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 0);
    }

    #[test]
    fn persist_renames_and_keeps() {
        let parent = tempfile::tempdir().unwrap();
        let staging = StagingDir::create(parent.path(), "2020-q4").unwrap();
        fs::create_dir(staging.path().join("data")).unwrap();
        let target = parent.path().join("2020-q4");
        staging.persist(&target).unwrap();
        assert!(target.join("data").is_dir());
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 1);
    }

    #[test]
    fn persist_never_replaces_even_an_empty_folder() {
        let parent = tempfile::tempdir().unwrap();
        let target = parent.path().join("2020-q4");
        fs::create_dir(&target).unwrap();
        let staging = StagingDir::create(parent.path(), "2020-q4").unwrap();
        fs::write(staging.path().join("f"), b"x").unwrap();
        let err = staging.persist(&target).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_dir(&target).unwrap().count(), 0);
        // The failed staging folder was cleaned up on drop.
        assert_eq!(fs::read_dir(parent.path()).unwrap().count(), 1);
    }
}
