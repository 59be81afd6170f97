//! What commands print on the console besides their output: status lines, detail for
//! `--verbose`, the error report, and whether to colour it. Every command and the watch
//! loop print through here, so a message has one wording and `--quiet` silences all.

use crate::diagnostic::{tr, tr_n, Diagnostic};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};

/// How much a command prints besides errors, set once from the global flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet = 0,
    Normal = 1,
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        2 => Verbosity::Verbose,
        _ => Verbosity::Normal,
    }
}

pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

/// A status line (a summary, "created ..."): on stderr, silenced by `--quiet`.
pub fn info(message: &str) {
    if verbosity() >= Verbosity::Normal {
        eprintln!("{message}");
    }
}

/// Detail for `--verbose` only.
pub fn detail(message: &str) {
    if verbosity() >= Verbosity::Verbose {
        eprintln!("{message}");
    }
}

/// Colour on a terminal unless `NO_COLOR` is set (no-color.org); `CLICOLOR_FORCE`
/// forces it through a pipe, which is how the colour snapshots are taken.
pub fn color_stderr() -> bool {
    color_wanted(
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
        std::io::stderr().is_terminal(),
    )
}

fn color_wanted(no_color: bool, force: bool, terminal: bool) -> bool {
    !no_color && (force || terminal)
}

/// A command's result on standard output (`snapshot`'s fingerprint, `verify`'s "ok"
/// lines): for whoever pipes it, and like a status line silenced by `--quiet`, where the
/// exit code says it all.
pub fn result(message: &str) {
    if verbosity() >= Verbosity::Normal {
        println!("{message}");
    }
}

/// `error: message` (in the current language), then `= help: ...` when there is help:
/// a command's own error that is no code's (a port in use, a bad argument). Always shown.
pub fn error_with_help(message: &str, help: Option<&str>) {
    eprint!(
        "{}",
        labelled("console.error", "\x1b[1;31m", message, help, color_stderr())
    );
}

pub fn error(message: &str) {
    error_with_help(message, None);
}

/// `warning: message`: something the person running congkhai should know, which does
/// not stop the command. Always shown.
pub fn warning(message: &str) {
    eprint!(
        "{}",
        labelled(
            "console.warning",
            "\x1b[1;33m",
            message,
            None,
            color_stderr()
        )
    );
}

fn labelled(label: &str, mark: &str, message: &str, help: Option<&str>, color: bool) -> String {
    let (mark, blue, bold, reset) = if color {
        (mark, "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut text = format!("{mark}{}{reset}{bold}: {message}{reset}\n", tr(label, &[]));
    if let Some(help) = help {
        text.push_str(&format!(
            "  {blue}={reset} {bold}{}{reset}: {help}\n",
            tr("console.help", &[])
        ));
    }
    text
}

/// Every diagnostic in full, one after the other.
pub fn diagnostics_text(errors: &[Diagnostic], color: bool) -> String {
    let mut text = String::new();
    for d in errors {
        text.push_str(&d.render(color));
        text.push('\n');
    }
    text
}

/// "3 errors in 2 files": the count the summary line of a report starts with.
pub fn error_count(errors: &[Diagnostic]) -> String {
    let mut files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    tr(
        "console.errors-in-files",
        &[
            ("errors", &tr_n("console.errors", errors.len(), &[])),
            ("files", &tr_n("console.files", files.len(), &[])),
        ],
    )
}

/// Every diagnostic, then a one-line summary ("3 errors in 2 files").
pub fn format_report(errors: &[Diagnostic], color: bool) -> String {
    let mut text = diagnostics_text(errors, color);
    let (red, bold, reset) = if color {
        ("\x1b[1;31m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    text.push_str(&format!(
        "{red}{}{reset}{bold}: {}{reset}\n",
        tr("console.error", &[]),
        tr(
            "console.nothing-written",
            &[("count", &error_count(errors))]
        )
    ));
    text
}

/// Every warning, then a one-line summary: that they do not fail the build, or (with
/// `deny`, `--deny-warnings`) that they did. Empty when there is no warning.
pub fn format_warnings(warnings: &[Diagnostic], deny: bool, color: bool) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut text = diagnostics_text(warnings, color);
    let (yellow, bold, reset) = if color {
        ("\x1b[1;33m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let count = tr_n("console.warnings", warnings.len(), &[]);
    let id = if deny {
        "console.warnings-denied"
    } else {
        "console.warnings-summary"
    };
    text.push_str(&format!(
        "{yellow}{}{reset}{bold}: {}{reset}\n",
        tr("console.warning", &[]),
        tr(id, &[("count", &count)])
    ));
    text
}

/// Prints the warnings of a site about to be built (always, like errors: they are
/// about the editor's input). Returns the exit code when `deny` makes them fail.
pub fn warnings(warnings: &[Diagnostic], deny: bool) -> Option<i32> {
    eprint!("{}", format_warnings(warnings, deny, color_stderr()));
    (deny && !warnings.is_empty()).then_some(1)
}

/// Prints every diagnostic and a one-line summary; returns the exit code for input errors.
pub fn report(errors: &[Diagnostic]) -> i32 {
    eprint!("{}", format_report(errors, color_stderr()));
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_a_terminal_and_over_force() {
        assert!(!color_wanted(true, false, true));
        assert!(!color_wanted(true, true, true));
        assert!(color_wanted(false, false, true));
        assert!(!color_wanted(false, false, false));
        assert!(color_wanted(false, true, false));
    }

    #[test]
    fn a_command_error_has_the_label_and_help_of_a_diagnostic() {
        assert_eq!(
            labelled(
                "console.error",
                "",
                "port 1 is in use",
                Some("choose another"),
                false
            ),
            "error: port 1 is in use\n  = help: choose another\n"
        );
        assert_eq!(
            labelled("console.warning", "", "x", None, false),
            "warning: x\n"
        );
    }

    #[test]
    fn summary_counts_errors_and_distinct_files() {
        let e = |f: &str| Diagnostic::new("E0001", f, "x");
        let text = format_report(&[e("a.md"), e("a.md"), e("b.md")], false);
        assert!(
            text.ends_with("error: 3 errors in 2 files; nothing was written\n"),
            "{text}"
        );
        let text = format_report(&[e("a.md")], false);
        assert!(text.ends_with("1 error in 1 file; nothing was written\n"));
    }
}
