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
fn help_of(name: &str, id: &str, lang: Lang) -> Option<&'static str> {
    find_in(lang, &format!("cli.{name}.{id}")).or_else(|| find_in(lang, &format!("cli.arg.{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument of every command, as clap has them once built.
    fn everything() -> Vec<(String, Option<String>)> {
        fn walk(cmd: &Command, out: &mut Vec<(String, Option<String>)>) {
            let name = cmd.get_name().to_string();
            out.push((name.clone(), None));
            for a in cmd.get_arguments() {
                out.push((name.clone(), Some(a.get_id().to_string())));
            }
            for s in cmd.get_subcommands() {
                walk(s, out);
            }
        }
        let mut cmd = crate::cli::command();
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
        let mut vi = localise(crate::cli::command(), Lang::Vi);
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
        let mut en = localise(crate::cli::command(), Lang::En);
        let text = en.render_help().to_string();
        assert!(
            text.contains("Usage:") && text.contains("Publishes a district"),
            "{text}"
        );
    }
}
