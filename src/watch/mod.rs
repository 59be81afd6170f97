//! Watch mode: build, then rebuild on every change, incrementally. Shared by `watch`
//! (which writes into `output/`) and `serve` (which writes into a temporary folder).
//!
//! - [`filter`]: which file events matter and what they cost;
//! - [`session`]: the incremental state, and the rebuild itself;
//! - [`reach`]: which outputs a changed page can show up on;
//! - [`update`]: writing a partial rebuild in place, file by file, atomically;
//! - [`spans`]: where a rebuild's time goes, printed under `CONGKHAI_WATCH_SPANS`.
//!
//! Each rebuild holds the site's and the output's locks ([`crate::lock`]) while it runs,
//! and only then: a `build` started meanwhile waits for one rebuild, not for the end of
//! the watch. When another run swapped its own build into the output in between, the
//! next rebuild is a full one.

pub mod filter;
pub mod reach;
pub mod session;
pub mod spans;
pub mod update;

pub use session::{Outcome, Rebuilt, Session};

use crate::diagnostic::{os_reason, tr};
use filter::{classify, Change, WATCHED_FOLDERS};
use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

/// Quiet time after the last event of a save before rebuilding: long enough to see an
/// editor's save (write, rename, delete backup) as one change, short enough not to feel.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often `--poll` looks at every watched file. Each look reads them all: notify's
/// poller knows modification times only to the second, so two saves within a second
/// are told apart by their contents.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What the watch loop receives.
pub enum Message {
    Files(DebounceEventResult),
    /// Ctrl-C, or the end of the program that runs the loop.
    Stop,
}

/// What the watch loop tells the command running it.
pub enum Notice<'a> {
    /// Watching started; the first build follows.
    Watching {
        poll: bool,
    },
    Built(&'a Outcome),
    /// The watcher reported a problem (it keeps going).
    Trouble(String),
}

enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Watcher {
    fn new(poll: bool, tx: Sender<Message>) -> notify::Result<Watcher> {
        let handler = move |r: DebounceEventResult| {
            let _ = tx.send(Message::Files(r));
        };
        // Ticks every 10 ms so that a change is seen at most that long after the quiet time.
        let tick = Some(Duration::from_millis(10));
        Ok(if poll {
            Watcher::Poll(new_debouncer_opt(
                DEBOUNCE,
                tick,
                handler,
                RecommendedCache::new(),
                notify::Config::default()
                    .with_poll_interval(POLL_INTERVAL)
                    .with_compare_contents(true),
            )?)
        } else {
            Watcher::Native(new_debouncer_opt(
                DEBOUNCE,
                tick,
                handler,
                RecommendedCache::new(),
                notify::Config::default(),
            )?)
        })
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    /// Stops watching a folder that is gone: the poller would otherwise report it
    /// missing at every poll.
    fn unwatch(&mut self, path: &Path) {
        // An error only says it was not watched any more (inotify drops a removed
        // folder by itself).
        let _ = match self {
            Watcher::Native(d) => d.unwatch(path),
            Watcher::Poll(d) => d.unwatch(path),
        };
    }
}

/// Events that say something was written, created, removed or renamed; reading a file
/// (which the build itself does) is not a change.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Watches the site's sources and rebuilds through `session` until [`Message::Stop`]
/// arrives on `rx`. `tx` is the sending side of the same channel, for the watcher.
pub fn run(
    session: &mut Session,
    poll: bool,
    tx: Sender<Message>,
    rx: &Receiver<Message>,
    mut notice: impl FnMut(Notice<'_>),
) -> Result<(), String> {
    let root = session.root().canonicalize().map_err(|e| {
        tr(
            "status.watch-no-root",
            &[
                ("path", &session.root().display()),
                ("reason", &os_reason(&e)),
            ],
        )
    })?;
    let mut watcher = Watcher::new(poll, tx).map_err(|e| {
        tr(
            "status.watch-no-watcher",
            &[("reason", &watcher_reason(&e))],
        )
    })?;
    // The root itself is watched alone (for config.yaml and for source folders that
    // appear later); the output folder inside it is never watched.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            tr(
                "status.watch-cannot",
                &[("path", &root.display()), ("reason", &watcher_reason(&e))],
            )
        })?;
    let mut watched: BTreeSet<&str> = BTreeSet::new();
    let mut watch_folders = |watcher: &mut Watcher, notice: &mut dyn FnMut(Notice<'_>)| {
        for &name in WATCHED_FOLDERS {
            let dir = root.join(name);
            if !watched.contains(name) && dir.is_dir() {
                match watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        watched.insert(name);
                    }
                    Err(e) => notice(Notice::Trouble(tr(
                        if poll {
                            "status.watch-cannot"
                        } else {
                            "status.watch-cannot-try-poll"
                        },
                        &[
                            ("path", &format!("{name}/")),
                            ("reason", &watcher_reason(&e)),
                        ],
                    ))),
                }
            } else if watched.contains(name) && !dir.is_dir() {
                // Removed: watched again if it comes back.
                watcher.unwatch(&dir);
                watched.remove(name);
            }
        }
    };
    watch_folders(&mut watcher, &mut notice);
    notice(Notice::Watching { poll });
    let outcome = session.rebuild();
    if let Some(why) = session.refused() {
        return Err(why.to_string());
    }
    notice(Notice::Built(&outcome));
    // An unchanged state is told once: the poller re-reports a problem at every poll,
    // and a rebuild for it alone that fails as the last one did says nothing new.
    let mut last_failure = failure_text(&outcome);
    let mut last_troubles: BTreeSet<String> = BTreeSet::new();

    while let Ok(message) = rx.recv() {
        let mut batch = vec![message];
        // Whatever else is already waiting belongs to the same rebuild.
        batch.extend(rx.try_iter());
        let mut relevant = false;
        let mut edited = false;
        let mut troubles: BTreeSet<String> = BTreeSet::new();
        for message in batch {
            match message {
                Message::Stop => return Ok(()),
                Message::Files(Err(errors)) => {
                    for e in errors {
                        let t = tr("status.watcher-trouble", &[("reason", &watcher_reason(&e))]);
                        if !last_troubles.contains(&t) {
                            notice(Notice::Trouble(t.clone()));
                        }
                        troubles.insert(t);
                    }
                    // Events may have been lost: only a full load is sure to be right.
                    session.site_changed(&tr("status.cause-lost-track", &[]));
                    relevant = true;
                }
                Message::Files(Ok(events)) => {
                    for event in events {
                        if event.need_rescan() {
                            session.site_changed(&tr("status.cause-lost-track", &[]));
                            relevant = true;
                            continue;
                        }
                        if !is_change(&event.kind) {
                            continue;
                        }
                        for path in &event.paths {
                            let noted = note(session, &root, path);
                            relevant |= noted;
                            edited |= noted;
                        }
                    }
                }
            }
        }
        if relevant {
            watch_folders(&mut watcher, &mut notice);
            let outcome = session.rebuild();
            let failure = failure_text(&outcome);
            if edited || failure.is_none() || failure != last_failure {
                notice(Notice::Built(&outcome));
            }
            last_failure = failure;
        }
        if last_failure.is_none() {
            troubles.clear();
        }
        last_troubles = troubles;
    }
    Ok(())
}

/// Why the file watcher failed, in the editor's language where the reason is known:
/// an OS error, or the system's limit on watched folders.
fn watcher_reason(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => os_reason(io),
        notify::ErrorKind::MaxFilesWatch => tr("status.watch-limit", &[]),
        _ => e.to_string(),
    }
}

/// A failed rebuild's errors as text, to tell an unchanged failure from a new one.
fn failure_text(outcome: &Outcome) -> Option<String> {
    outcome.as_ref().err().map(|errors| {
        errors
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Tells the session about one changed path; true when it matters.
fn note(session: &mut Session, root: &Path, path: &Path) -> bool {
    let rel: PathBuf = match path.strip_prefix(root) {
        Ok(r) => r.to_path_buf(),
        Err(_) => return false,
    };
    match classify(&rel) {
        Change::Content(rel) => {
            session.content_changed(&rel);
            true
        }
        Change::Site(what) => {
            session.site_changed(&tr("status.cause-changed", &[("what", &what)]));
            true
        }
        Change::Ignore => false,
    }
}
