//! The command line. Human-facing messages are made here and nowhere deeper.

use crate::diagnostic::Diagnostic;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "congkhai", version, about = "Publishes a district's quarterly plans as an accessible static website", long_about = None)]
pub struct Cli {
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
}

#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (with config.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build(args) => crate::cmd::build::run(&args),
        Command::Check(args) => crate::cmd::check::run(&args),
        Command::Watch(args) => crate::cmd::watch::run(&args),
        Command::Serve(args) => crate::cmd::serve::run(&args),
        Command::Snapshot(args) => crate::cmd::snapshot::run(&args),
        Command::Verify(args) => crate::cmd::verify::run(&args),
    }
}

pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints every diagnostic and a one-line summary; returns the exit code for input errors.
pub fn report(errors: &[Diagnostic]) -> i32 {
    let color = color_stderr();
    let mut text = String::new();
    for d in errors {
        text.push_str(&d.render(color));
        text.push('\n');
    }
    let mut files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    text.push_str(&format!(
        "{} in {}; nothing was written\n",
        plural(errors.len(), "error"),
        plural(files.len(), "file")
    ));
    eprint!("{text}");
    1
}
