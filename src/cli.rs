//! The command line: its flags and subcommands (each command's `Args` is its own), and
//! the dispatch to `cmd`. What commands print is in [`crate::console`].

use crate::console::{set_verbosity, Verbosity};
use crate::diagnostic::lang::{self, Lang};
use clap::{CommandFactory, Parser, Subcommand};
use std::path::Path;

/// `congkhai --version`: the version and the commit, shortened as git shows it.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let commit = if crate::cmd::COMMIT.len() == 40 {
        &crate::cmd::COMMIT[..12]
    } else {
        crate::cmd::COMMIT
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
    /// Language of messages: vi (Tiếng Việt) or en (English). Without it: CONGKHAI_LANG,
    /// then the site's first language, then LANG
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"])]
    pub lang: Option<String>,
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
    /// Explain an error or warning code at length, with a wrong and a right example
    Explain(crate::cmd::explain::Args),
}

impl Command {
    /// The site folder the command works on, whose first language messages follow.
    fn site_root(&self) -> &Path {
        match self {
            Command::Build(a) => &a.root.root,
            Command::Check(a) => &a.root.root,
            Command::Watch(a) => &a.root.root,
            Command::Serve(a) => &a.root.root,
            Command::Snapshot(a) => &a.root.root,
            Command::Verify(a) => &a.root.root,
            Command::New(a) => &a.root.root,
            Command::HostConfig(a) => &a.root.root,
            Command::Init(_) | Command::Completions(_) | Command::Man | Command::Explain(_) => {
                Path::new(".")
            }
        }
    }
}

/// `--lang`, `CONGKHAI_LANG`, the site's first language, the locale, Vietnamese.
fn choose_lang(cli: &Cli) -> Lang {
    pick_lang(
        cli.lang.as_deref().and_then(Lang::parse),
        cli.command.site_root(),
    )
}

/// The language of a command line clap refused: as `choose_lang`, with `--lang` and
/// `--root` read from the words themselves, since they could not be parsed.
fn usage_lang(args: &[String]) -> Lang {
    let value_of = |flag: &str| {
        let prefix = format!("{flag}=");
        args.iter().enumerate().find_map(|(i, a)| {
            if a == flag {
                args.get(i + 1).cloned()
            } else {
                a.strip_prefix(&prefix).map(str::to_owned)
            }
        })
    };
    let root = value_of("--root").unwrap_or_else(|| ".".into());
    pick_lang(
        value_of("--lang").as_deref().and_then(Lang::parse),
        Path::new(&root),
    )
}

/// `flag`, `CONGKHAI_LANG`, the first language of the site at `root` (read only when
/// nothing before it decided), the locale, Vietnamese.
fn pick_lang(flag: Option<Lang>, root: &Path) -> Lang {
    let env = std::env::var("CONGKHAI_LANG").ok();
    let site = if flag.is_none() && env.as_deref().and_then(Lang::parse).is_none() {
        crate::config::Config::first_language(root)
    } else {
        None
    };
    Lang::choose(
        flag,
        env.as_deref(),
        site.as_deref(),
        Lang::locale_from_env().as_deref(),
    )
}

/// A refused command line in Vietnamese: what is wrong and what to try, then clap's own
/// English text, which names the usage exactly.
fn usage_error(e: &clap::Error) {
    use crate::diagnostic::tr;
    use clap::error::{ContextKind, ErrorKind};
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => tr(
            "console.usage-command",
            &[("command", &get(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::UnknownArgument => tr(
            "console.usage-flag",
            &[("flag", &get(ContextKind::InvalidArg))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => tr(
            "console.usage-value",
            &[
                ("value", &get(ContextKind::InvalidValue)),
                ("flag", &get(ContextKind::InvalidArg)),
            ],
        ),
        ErrorKind::MissingRequiredArgument => tr(
            "console.usage-missing",
            &[("what", &get(ContextKind::InvalidArg))],
        ),
        _ => tr("console.usage-other", &[]),
    };
    let suggestion = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(get)
    .find(|s| !s.is_empty());
    let mut help = tr("console.usage-help", &[]);
    if let Some(s) = suggestion {
        help = format!(
            "{}; {help}",
            tr("console.usage-suggest", &[("suggestion", &s)])
        );
    }
    crate::console::error_with_help(&message, Some(&help));
    eprintln!("{}", tr("console.usage-detail", &[]));
    for line in e.render().to_string().lines() {
        if line.trim().is_empty() {
            eprintln!();
        } else {
            eprintln!("  {line}");
        }
    }
}

/// `--help`, `--version` or a refused command line, answered in the language the words
/// choose (they never got as far as `choose_lang`). Only these read the translated
/// texts: a command line that parses is parsed once, in English, as before.
fn not_run(e: clap::Error) -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = usage_lang(&args);
    let e = match lang {
        Lang::En => e,
        Lang::Vi => crate::cli_help::localise(command(), lang)
            .try_get_matches()
            .err()
            .unwrap_or(e),
    };
    if !e.use_stderr() {
        // `--help`, `--version`: clap's text on stdout.
        let _ = e.print();
        return 0;
    }
    match lang {
        Lang::Vi => {
            lang::set_current(Lang::Vi);
            usage_error(&e);
        }
        Lang::En => {
            let _ = e.print();
        }
    }
    2
}

pub fn command() -> clap::Command {
    Cli::command()
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return not_run(e),
    };
    set_verbosity(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    lang::set_current(choose_lang(&cli));
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
        Command::Completions(args) => crate::cmd::completions::run(&args, command()),
        Command::Man => crate::cmd::completions::man(command()),
        Command::Explain(args) => crate::cmd::explain::run(&args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    // `--help` in Vietnamese (src/cli_help.rs).
    use crate::cli_help::{help_of, localise};
    use crate::diagnostic::catalogue::find_in;

    /// Every command and every argument of every command, as clap has them once built.
    fn everything() -> Vec<(String, Option<String>)> {
        fn walk(cmd: &clap::Command, out: &mut Vec<(String, Option<String>)>) {
            let name = cmd.get_name().to_string();
            out.push((name.clone(), None));
            for a in cmd.get_arguments() {
                out.push((name.clone(), Some(a.get_id().to_string())));
            }
            for s in cmd.get_subcommands() {
                walk(s, out);
            }
        }
        let mut cmd = command();
        cmd.build();
        let mut out = Vec::new();
        walk(&cmd, &mut out);
        out
    }

    #[test]
    fn every_command_and_argument_has_a_vietnamese_text() {
        let missing: Vec<String> = everything()
            .into_iter()
            .filter_map(|(name, arg)| match arg {
                None => find_in(Lang::Vi, &format!("cli.{name}"))
                    .is_none()
                    .then(|| format!("cli.{name}")),
                Some(id) => help_of(&name, &id, Lang::Vi)
                    .is_none()
                    .then(|| format!("cli.{name}.{id} (or cli.arg.{id})")),
            })
            .collect();
        assert!(missing.is_empty(), "add to cli.yaml: {missing:?}");
    }

    #[test]
    fn vietnamese_help_replaces_the_english_and_english_is_untouched() {
        let mut vi = localise(command(), Lang::Vi);
        let text = vi.render_help().to_string();
        assert!(
            text.contains(find_in(Lang::Vi, "cli.congkhai").unwrap()),
            "{text}"
        );
        assert!(
            text.contains("Cách dùng:") && text.contains("Lệnh:"),
            "{text}"
        );
        assert!(
            !text.contains("Usage:") && !text.contains("Print help"),
            "{text}"
        );
        let build = vi
            .find_subcommand_mut("build")
            .expect("build")
            .render_help()
            .to_string();
        assert!(
            build.contains(find_in(Lang::Vi, "cli.build.output").unwrap()),
            "{build}"
        );
        assert!(!build.contains("Where to write the site"), "{build}");
        let mut en = localise(command(), Lang::En);
        let text = en.render_help().to_string();
        assert!(
            text.contains("Usage:") && text.contains("Publishes a district"),
            "{text}"
        );
    }
}
