//! `congkhai watch`: build into output/, then rebuild what each change touches, until
//! Ctrl-C. Bad input never stops it: the error is shown, output/ keeps the last good
//! build, and the next good save recovers.

use crate::cmd::RootArg;
use crate::console::{color_stderr, diagnostics_text, error_count, format_warnings, info};
use crate::diagnostic::{tr, tr_n, Diagnostic};
use crate::lock::WaitArg;
use crate::pipeline::Options;
use crate::watch::{self, Message, Notice, Outcome, Session};
use std::sync::mpsc::{self, Receiver, Sender};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,
    /// Look for changes by reading every source file each second instead of waiting for
    /// file-system events (for network drives, containers and virtual machine shares
    /// where events do not arrive)
    #[arg(long)]
    pub poll: bool,
    /// Also publish pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub wait: WaitArg,
}

pub fn run(args: &Args) -> i32 {
    let root = &args.root.root;
    let mut session = Session::new(
        root,
        &root.join("output"),
        Options {
            base_url: None,
            include_drafts: args.drafts,
            render_once: false,
        },
    );
    if args.wait.no_wait {
        session = session.no_wait();
    }
    let (tx, rx) = stop_channel();
    match watch::run(&mut session, args.poll, tx, &rx, |n| {
        print_notice(&n, &tr("status.kept-output", &[]))
    }) {
        Ok(()) => {
            info(&tr("status.watch-stopped", &[]));
            0
        }
        Err(e) => {
            crate::console::error(&e);
            1
        }
    }
}

/// The channel of the watch loop, with Ctrl-C (and SIGTERM, SIGHUP) sending
/// [`Message::Stop`] on it, so that the loop ends and cleans up.
pub fn stop_channel() -> (Sender<Message>, Receiver<Message>) {
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    }) {
        crate::console::warning(&tr("status.no-ctrl-c", &[("reason", &e)]));
    }
    (tx, rx)
}

/// Diagnostics as plain text, for the preview's error overlay.
pub fn errors_text(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per rebuild (none with `--quiet`); the errors and warnings in full.
pub fn print_notice(notice: &Notice<'_>, kept: &str) {
    match notice {
        Notice::Watching { poll } => info(&tr(
            if *poll {
                "status.watching-poll"
            } else {
                "status.watching"
            },
            &[],
        )),
        Notice::Trouble(t) => crate::console::warning(t),
        Notice::Built(outcome) => print_outcome(outcome, kept),
    }
}

fn print_outcome(outcome: &Outcome, kept: &str) {
    match outcome {
        Ok(r) => {
            let pages = tr_n("status.pages", r.pages, &[]);
            let files = tr_n("console.files", r.written, &[]);
            let ms = r.elapsed.as_millis();
            if r.first {
                info(&tr(
                    "status.watch-built",
                    &[("pages", &pages), ("files", &files), ("ms", &ms)],
                ));
            } else {
                // The search index is made after the pages: say when they were there.
                let first = r
                    .pages_written
                    .map(|t| tr("status.pages-first", &[("ms", &t.as_millis())]))
                    .unwrap_or_default();
                info(&tr(
                    if r.full {
                        "status.rebuilt-all"
                    } else {
                        "status.rebuilt"
                    },
                    &[
                        ("cause", &r.cause),
                        ("pages", &pages),
                        ("files", &files),
                        ("removed", &r.removed),
                        ("ms", &ms),
                        ("first", &first),
                    ],
                ));
            }
            eprint!("{}", format_warnings(&r.warnings, false, color_stderr()));
        }
        Err(errors) => {
            let mut text = diagnostics_text(errors, color_stderr());
            // Only true when the output was not touched: a write that failed half-way
            // says so instead.
            let partly;
            let kept = if watch::session::partly_written(errors) {
                partly = tr("status.kept-partly", &[]);
                &partly
            } else {
                kept
            };
            text.push_str(&tr(
                "status.watch-failed",
                &[("count", &error_count(errors)), ("kept", &kept)],
            ));
            text.push('\n');
            eprint!("{text}");
        }
    }
}
