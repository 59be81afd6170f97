//! `--help` in the editor's language. clap's texts are the doc comments of `cli.rs` and
//! of each command's `Args`, in English; for Vietnamese every description, argument help
//! and heading is replaced from the catalogue (`src/diagnostic/messages/cli.yaml`) before
//! the command line is parsed. The manual page and the completions stay English.
//!
//! A text is found by name: `cli.<command>` for a command's description (`cli.congkhai`
//! for the program), `cli.<command>.<argument>` for an argument of one command, else
//! `cli.arg.<argument>` for one that means the same everywhere (`--root`).

use crate::diagnostic::catalogue::find_in;
use crate::diagnostic::lang::Lang;
use clap::Command;

/// `cmd` with its texts in `lang` (English: as it is).
pub fn localise(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so that the generated `--help`, `--version` and `help` command and
    // the global flags copied into every command are there to be translated.
    cmd.build();
    let name = cmd.get_name().to_string();
    command(cmd, &name, lang)
}

fn command(mut cmd: Command, name: &str, lang: Lang) -> Command {
    let text = |id: &str| find_in(lang, id);
    if let Some(about) = text(&format!("cli.{name}")) {
        cmd = cmd.about(about);
    }
    if let Some(usage) = text("cli.heading-usage") {
        cmd = cmd.help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ));
    }
    if let Some(heading) = text("cli.heading-commands") {
        cmd = cmd.subcommand_help_heading(heading);
    }
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in args {
        let help = help_of(name, &id, lang);
        let heading = text(if positional {
            "cli.heading-arguments"
        } else {
            "cli.heading-options"
        });
        cmd = cmd.mut_arg(&id, |mut a| {
            if let Some(h) = help {
                a = a.help(h);
            }
            if let Some(h) = heading {
                a = a.help_heading(h);
            }
            a
        });
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subcommands {
        cmd = cmd.mut_subcommand(&sub, |s| command(s, &sub, lang));
    }
    cmd
}

/// The help of argument `id` of command `name`: its own, else the shared one.
pub fn help_of(name: &str, id: &str, lang: Lang) -> Option<&'static str> {
    find_in(lang, &format!("cli.{name}.{id}")).or_else(|| find_in(lang, &format!("cli.arg.{id}")))
}
