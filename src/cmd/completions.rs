//! `congkhai completions SHELL` and `congkhai man`: generated from the same clap
//! definition as the command line itself, so they cannot drift from it.

use std::io::Write as _;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `cli` is the whole command line's definition, handed down by `cli::run`.
pub fn run(args: &Args, mut cli: clap::Command) -> i32 {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "congkhai", &mut out);
    emit(&out)
}

pub fn man(cli: clap::Command) -> i32 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(cli).render(&mut out) {
        crate::console::error(&crate::diagnostic::tr(
            "status.no-man",
            &[("reason", &crate::diagnostic::os_reason(&e))],
        ));
        return 1;
    }
    emit(&out)
}

fn emit(bytes: &[u8]) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        // A closed pipe (`congkhai man | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            crate::console::error(&crate::diagnostic::tr(
                "status.no-stdout",
                &[("reason", &crate::diagnostic::os_reason(&e))],
            ));
            1
        }
    }
}
