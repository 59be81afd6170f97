//! `congkhai check`: every check a build makes, rendering included, writing nothing.

use crate::cmd::RootArg;
use crate::console::{info, report};
use crate::pipeline::{self, Options};
use crate::progress::Progress;
use crate::sink::{Discard, Sink};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,
    /// Also check pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Fail (exit 1, write nothing) when there are warnings, as for errors: for CI
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &Args) -> i32 {
    let options = Options {
        base_url: None,
        include_drafts: args.drafts,
        render_once: true,
    };
    let (site, theme) = match pipeline::prepare(&args.root.root, &options) {
        Ok(x) => x,
        Err(errors) => return report(&errors),
    };
    if let Some(code) = crate::console::warnings(&site.warnings, args.deny_warnings) {
        return code;
    }
    let progress = Progress::for_site(&site, &Discard, "checking");
    let sink: &dyn Sink = match &progress {
        Some(p) => p,
        None => &Discard,
    };
    let rendered = pipeline::render(&site, &theme, sink);
    if let Some(p) = &progress {
        p.finish();
    }
    match rendered {
        Ok(stats) => {
            info(&format!("ok: {} pages checked, no errors", stats.pages));
            0
        }
        Err(errors) => report(&errors),
    }
}
