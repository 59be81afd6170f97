//! `congkhai watch`: build into output/, then rebuild what each change touches, until
//! Ctrl-C. Bad input never stops it: the error is shown, output/ keeps the last good
//! build, and the next good save recovers.

use crate::cmd::RootArg;
use crate::console::{color_stderr, diagnostics_text, error_count, format_warnings, plural};
use crate::diagnostic::Diagnostic;
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
        print_notice(&n, "output/ keeps the last good build")
    }) {
        Ok(()) => {
            eprintln!("stopped watching");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
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
        eprintln!("warning: Ctrl-C will not stop cleanly: {e}");
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

/// One line per rebuild; the errors in full when it failed.
pub fn print_notice(notice: &Notice<'_>, kept: &str) {
    match notice {
        Notice::Watching { poll } => eprintln!(
            "watching for changes{} (Ctrl-C to stop)",
            if *poll { " by polling" } else { "" }
        ),
        Notice::Trouble(t) => eprintln!("warning: {t}"),
        Notice::Built(outcome) => print_outcome(outcome, kept),
    }
}

fn print_outcome(outcome: &Outcome, kept: &str) {
    match outcome {
        Ok(r) => {
            if r.cause == "first build" {
                eprintln!(
                    "built {}, {} written in {} ms",
                    plural(r.pages, "page"),
                    plural(r.written, "file"),
                    r.elapsed.as_millis()
                );
                eprint!("{}", format_warnings(&r.warnings, false, color_stderr()));
                return;
            }
            let what = if r.full {
                format!("rebuilt everything after {} changed:", r.cause)
            } else {
                format!("rebuilt after {} changed:", r.cause)
            };
            // The search index is made after the pages: say when they were there.
            let pages_first = r
                .pages_written
                .map(|t| format!(" (pages written after {} ms)", t.as_millis()))
                .unwrap_or_default();
            eprintln!(
                "{what} {} rendered, {} written, {} removed in {} ms{pages_first}",
                plural(r.pages, "page"),
                plural(r.written, "file"),
                r.removed,
                r.elapsed.as_millis()
            );
            eprint!("{}", format_warnings(&r.warnings, false, color_stderr()));
        }
        Err(errors) => {
            let mut text = diagnostics_text(errors, color_stderr());
            // Only true when the output was not touched: a write that failed half-way
            // says so instead.
            let kept = if watch::session::partly_written(errors) {
                "part of this rebuild was written; the next rebuild writes everything again"
            } else {
                kept
            };
            text.push_str(&format!(
                "{}; {kept}; fix and save to rebuild\n",
                error_count(errors)
            ));
            eprint!("{text}");
        }
    }
}
