//! The preview's temporary folder. Removed when `serve` stops (Ctrl-C, SIGTERM, SIGHUP,
//! an error); a process that cannot clean up (SIGKILL, an abort, the OOM killer) leaves
//! it behind, so each server holds an OS file lock inside its folder for as long as it
//! runs, and the next server to start removes every preview folder whose lock is free:
//! the kernel released it, so its owner is gone.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

const PREFIX: &str = "congkhai-serve-";
const LOCK: &str = ".lock";

pub struct PreviewFolder {
    /// Declared first: the lock is let go before the folder is removed (Windows does not
    /// remove an open file).
    lock: Option<File>,
    dir: Option<tempfile::TempDir>,
}

impl PreviewFolder {
    /// Removes what killed servers left in `parent` (the system's temporary folder
    /// when None), then makes a new preview folder there, locked.
    pub fn create(parent: Option<&Path>) -> io::Result<PreviewFolder> {
        let parent = parent.map_or_else(std::env::temp_dir, Path::to_path_buf);
        sweep(&parent);
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in(&parent)?;
        // Locked under another name, then renamed: a server sweeping at this moment
        // never sees an unlocked `.lock` of a live server.
        let pending = dir.path().join(".lock.new");
        let lock = File::create(&pending)?;
        lock.lock()?;
        fs::rename(&pending, dir.path().join(LOCK))?;
        Ok(PreviewFolder {
            lock: Some(lock),
            dir: Some(dir),
        })
    }

    pub fn path(&self) -> PathBuf {
        self.dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default()
    }

    /// Removes the folder, saying so if it cannot.
    pub fn close(mut self) -> io::Result<()> {
        drop(self.lock.take());
        match self.dir.take() {
            Some(dir) => dir.close(),
            None => Ok(()),
        }
    }
}

impl Drop for PreviewFolder {
    fn drop(&mut self) {
        drop(self.lock.take());
        // TempDir's own Drop removes the folder (on unwinding too).
        drop(self.dir.take());
    }
}

/// Removes the preview folders in `parent` whose server is gone. A folder without a
/// lock file (another program's, or a server between its two first steps), one that is
/// a symbolic link, or one this user cannot open (another user's) is left alone.
fn sweep(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow symbolic links.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(lock) = File::open(path.join(LOCK)) else {
            continue;
        };
        if lock.try_lock().is_ok() {
            drop(lock);
            // Best effort: what cannot be removed now is tried again next time.
            let _ = fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_whose_server_is_gone_is_swept_a_live_one_is_not() {
        let parent = tempfile::tempdir().unwrap();
        let live = PreviewFolder::create(Some(parent.path())).unwrap();
        // What a killed server leaves: its folder and lock file, the lock released.
        let dead = parent.path().join(format!("{PREFIX}dead"));
        fs::create_dir_all(dead.join("site")).unwrap();
        fs::write(dead.join(LOCK), "").unwrap();
        fs::write(dead.join("site/index.html"), "old").unwrap();
        // Not ours to judge: no lock file, or a link to a folder elsewhere.
        let foreign = parent.path().join(format!("{PREFIX}foreign"));
        fs::create_dir(&foreign).unwrap();
        let target = tempfile::tempdir().unwrap();
        fs::write(target.path().join(LOCK), "").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(target.path(), parent.path().join(format!("{PREFIX}link")))
            .unwrap();

        let second = PreviewFolder::create(Some(parent.path())).unwrap();
        assert!(!dead.exists());
        assert!(
            live.path().join(LOCK).exists(),
            "a live server's folder stays"
        );
        assert!(foreign.exists());
        assert!(target.path().join(LOCK).exists());
        let live_path = live.path();
        live.close().unwrap();
        assert!(!live_path.exists());
        second.close().unwrap();
    }
}
