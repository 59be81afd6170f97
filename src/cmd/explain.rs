//! `congkhai explain CODE`: what an error or warning code means, with a wrong and a right
//! example, in the chosen language (`--lang`).

use crate::diagnostic::explain::explain;
use crate::diagnostic::lang;
use crate::diagnostic::tr;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The code, as congkhai prints it: `E0118` in `error[E0118]`
    pub code: String,
}

pub fn run(args: &Args) -> i32 {
    match explain(&args.code, lang::current()) {
        Some(text) => {
            print!("{text}");
            0
        }
        None => {
            // A code that does not exist is a mistake on the command line: exit 2.
            eprintln!(
                "{}: {}\n  = {}: {}",
                tr("console.error", &[]),
                tr("console.explain-unknown", &[("code", &args.code.trim())]),
                tr("console.help", &[]),
                tr("console.explain-unknown-help", &[])
            );
            2
        }
    }
}
