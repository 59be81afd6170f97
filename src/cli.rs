//! The command line. Human-facing messages are made here and nowhere deeper.

use crate::diagnostic::Diagnostic;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};

/// The commit congkhai was built from (40 hex digits), or "commit unknown" where the
/// source had no git (a tarball). `init --github-pages` pins the same one.
pub const COMMIT: &str = env!("CONGKHAI_COMMIT");

/// `congkhai --version`: the version and the commit, shortened as git shows it.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let commit = if COMMIT.len() == 40 {
        &COMMIT[..12]
    } else {
        COMMIT
    };
    format!("{} ({commit})", env!("CARGO_PKG_VERSION"))
});

#[derive(Parser, Debug)]
#[command(name = "congkhai", version = VERSION.as_str(), about = "Publishes a district's quarterly plans as an accessible static website", long_about = None)]
pub struct Cli {
    /// Print only errors: no progress bar, no summary line
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what each stage did and how long it took
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: output/ in the site)
    Build(crate::cmd::build::Args),
    /// Check everything a build checks, without writing anything
    Check(crate::cmd::check::Args),
    /// Build, then rebuild what each change touches, until Ctrl-C
    Watch(crate::cmd::watch::Args),
    /// Watch, and serve a live-reloading preview (never touches output/)
    Serve(crate::cmd::serve::Args),
    /// Freeze a plan's period (e.g. 2020-Q4) into archive/ as a BagIt bag with a WARC
    Snapshot(crate::cmd::snapshot::Args),
    /// Check snapshots against their manifests (default: every one in archive/)
    Verify(crate::cmd::verify::Args),
    /// Create a new site that builds at once: config, example plan, event, album, theme
    Init(crate::cmd::init::Args),
    /// Write a new page with every field of its kind, ready to fill in
    New(crate::cmd::new::Args),
    /// Print a web server configuration (nginx or Apache) that serves the built site
    HostConfig(crate::cmd::host_config::Args),
    /// Print a shell completion script (bash, zsh or fish) to standard output
    Completions(crate::cmd::completions::Args),
    /// Print the manual page (roff) to standard output, e.g. `congkhai man > congkhai.1`
    Man,
}

#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (with config.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

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

pub fn command() -> clap::Command {
    Cli::command()
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    set_verbosity(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    match cli.command {
        Command::Build(args) => crate::cmd::build::run(&args),
        Command::Check(args) => crate::cmd::check::run(&args),
        Command::Watch(args) => crate::cmd::watch::run(&args),
        Command::Serve(args) => crate::cmd::serve::run(&args),
        Command::Snapshot(args) => crate::cmd::snapshot::run(&args),
        Command::Verify(args) => crate::cmd::verify::run(&args),
        Command::Init(args) => crate::cmd::init::run(&args),
        Command::New(args) => crate::cmd::new::run(&args),
        Command::HostConfig(args) => crate::cmd::host_config::run(&args),
        Command::Completions(args) => crate::cmd::completions::run(&args),
        Command::Man => crate::cmd::completions::man(),
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Every diagnostic, then a one-line summary ("3 errors in 2 files").
pub fn format_report(errors: &[Diagnostic], color: bool) -> String {
    let mut text = String::new();
    for d in errors {
        text.push_str(&d.render(color));
        text.push('\n');
    }
    let mut files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let (red, bold, reset) = if color {
        ("\x1b[1;31m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    text.push_str(&format!(
        "{red}error{reset}{bold}: {} in {}; nothing was written{reset}\n",
        plural(errors.len(), "error"),
        plural(files.len(), "file")
    ));
    text
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

    #[test]
    fn quiet_and_verbose_conflict() {
        assert!(Cli::try_parse_from(["congkhai", "-q", "-v", "check"]).is_err());
        let c = Cli::try_parse_from(["congkhai", "check", "--quiet"]).unwrap();
        assert!(c.quiet);
    }

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }
}
