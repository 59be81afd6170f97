//! One writer at a time. `build`, `watch`, `serve` and `snapshot` hold an OS file lock on
//! the site (for its thumbnail cache and `archive/`) and on the output folder while they
//! write; a second run waits for it, or refuses with `--no-wait`.
//!
//! - The lock is the kernel's (`flock` on Unix, `LockFileEx` on Windows, through std's
//!   `File::lock`): it goes with the process, so a run that was killed never leaves a
//!   stale lock behind, and nothing has to guess whether a recorded process is alive.
//! - The lock files are empty-but-for-a-pid files that are never deleted: deleting one
//!   while another run waits on it would let a third run lock a new file of the same
//!   name, and two runs would write at once.
//! - They sit beside what they guard, never inside what is swapped or published: the
//!   site's is `.congkhai-lock` in the site folder, the output's is `.<name>.congkhai-lock`
//!   beside the output folder (`.output.congkhai-lock` for `output/`).
//! - The site is always locked before the output, so two runs never wait on each other.
//! - `watch` and `serve` take the locks for each rebuild and let go between them, so that
//!   `build` (to publish) can run while a preview stays open: it waits at most for one
//!   rebuild.

use crate::diagnostic::{os_reason, tr};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The site's lock file, in the site folder.
pub const SITE_LOCK: &str = ".congkhai-lock";

/// `--no-wait`, shared by the commands that write.
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct WaitArg {
    /// Refuse to start (exit 1) instead of waiting when another congkhai run is writing
    /// the same site or output folder
    #[arg(long)]
    pub no_wait: bool,
}

impl WaitArg {
    pub fn wait(self) -> Wait {
        if self.no_wait {
            Wait::Refuse
        } else {
            Wait::Block
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for the other run, saying so once.
    Block,
    /// Give up at once with [`LockError::Busy`].
    Refuse,
}

#[derive(Debug)]
pub enum LockError {
    /// Another run holds the lock (and we were told not to wait).
    Busy {
        what: PathBuf,
        holder: Option<u32>,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { what, holder } => f.write_str(&match holder {
                Some(p) => tr(
                    "E0603.process",
                    &[("process", p), ("what", &what.display())],
                ),
                None => tr("E0603", &[("what", &what.display())]),
            }),
            LockError::Io { path, error } => f.write_str(&tr(
                "E0603.io",
                &[("path", &path.display()), ("reason", &os_reason(error))],
            )),
        }
    }
}

impl LockError {
    pub fn help(&self) -> String {
        match self {
            LockError::Busy { .. } => tr("E0603.help", &[]),
            LockError::Io { .. } => tr("E0603.io-help", &[]),
        }
    }
}

/// Locks held until dropped (or until the process ends, whichever comes first).
#[derive(Debug)]
pub struct Held {
    _files: Vec<File>,
}

/// The output folder's lock file: beside it, so that it is neither swapped nor published.
pub fn output_lock_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    output.with_file_name(format!(".{name}.congkhai-lock"))
}

/// Locks the site in `root` and, when given, the output folder `output` (an absolute,
/// checked path: see [`crate::output::check_output_dir`]). `waiting` is told once when
/// another run holds a lock and this one waits for it.
pub fn lock_site_and_output(
    root: &Path,
    output: Option<&Path>,
    wait: Wait,
    waiting: &dyn Fn(&str),
) -> Result<Held, LockError> {
    let mut files = Vec::with_capacity(2);
    files.push(lock_one(&root.join(SITE_LOCK), root, wait, waiting)?);
    if let Some(output) = output {
        files.push(lock_one(&output_lock_path(output), output, wait, waiting)?);
    }
    Ok(Held { _files: files })
}

fn lock_one(
    path: &Path,
    what: &Path,
    wait: Wait,
    waiting: &dyn Fn(&str),
) -> Result<File, LockError> {
    let io_err = |error| LockError::Io {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_err)?;
    }
    // Never truncated on open: the holder's pid is in it, for the message below.
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = holder(&mut file);
            if wait == Wait::Refuse {
                return Err(LockError::Busy {
                    what: what.to_path_buf(),
                    holder,
                });
            }
            waiting(&match holder {
                Some(p) => tr(
                    "status.lock-waiting-process",
                    &[("process", &p), ("what", &what.display())],
                ),
                None => tr("status.lock-waiting", &[("what", &what.display())]),
            });
            file.lock().map_err(io_err)?;
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    // Best effort: the pid only makes the waiting message more useful.
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| write!(file, "{}", std::process::id()));
    Ok(file)
}

fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let quiet = |_: &str| {};
        let first = lock_site_and_output(dir.path(), Some(&out), Wait::Refuse, &quiet).unwrap();
        match lock_site_and_output(dir.path(), Some(&out), Wait::Refuse, &quiet) {
            Err(LockError::Busy { what, holder }) => {
                assert_eq!(what, dir.path());
                assert_eq!(holder, Some(std::process::id()));
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        let again = lock_site_and_output(dir.path(), Some(&out), Wait::Refuse, &quiet);
        assert!(again.is_ok(), "{again:?}");
        assert!(dir.path().join(".output.congkhai-lock").is_file());
        assert!(!out.exists(), "the lock lives beside the output, not in it");
    }

    #[test]
    fn a_waiting_writer_says_so_and_gets_the_lock_when_it_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let first = lock_site_and_output(&root, None, Wait::Block, &|_| {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let r = root.clone();
        let second = std::thread::spawn(move || {
            let said = std::sync::Mutex::new(Vec::new());
            let held = lock_site_and_output(&r, None, Wait::Block, &|m| {
                said.lock().unwrap().push(m.to_string());
                tx.send(()).unwrap();
            });
            (held.is_ok(), said.into_inner().unwrap())
        });
        rx.recv().unwrap();
        drop(first);
        let (ok, said) = second.join().unwrap();
        assert!(ok);
        assert_eq!(said.len(), 1);
        assert!(
            said[0].starts_with("waiting for another congkhai run"),
            "{said:?}"
        );
    }
}
