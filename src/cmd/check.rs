//! `congkhai check`: every check a build makes, rendering included, writing nothing.

use crate::cli::{report, RootArg};
use crate::pipeline::{self, Options};
use crate::render::Discard;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,
    /// Also check pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: &Args) -> i32 {
    let options = Options {
        base_url: None,
        include_drafts: args.drafts,
    };
    let (site, theme) = match pipeline::prepare(&args.root.root, &options) {
        Ok(x) => x,
        Err(errors) => return report(&errors),
    };
    match pipeline::render(&site, &theme, &Discard) {
        Ok(stats) => {
            eprintln!("ok: {} pages checked, no errors", stats.pages);
            0
        }
        Err(errors) => report(&errors),
    }
}
