//! `congkhai check`: every check a build makes, rendering included, writing nothing.

use crate::cmd::RootArg;
use crate::console::{detail, info, report};
use crate::diagnostic::tr;
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

/// How many missing translations are named without `--verbose`.
const MISSING_SHOWN: usize = 20;

/// Per language, the items that have a version in it, and those that do not (their
/// original files): a translation a reader would miss shows up here, not on the site.
fn print_coverage(coverage: &[crate::site::Coverage]) {
    if coverage.len() < 2 {
        return;
    }
    for c in coverage {
        let percent = (c.translated * 100).checked_div(c.total).unwrap_or(100);
        info(&tr(
            "status.coverage",
            &[
                ("name", &c.name),
                ("lang", &c.lang),
                ("translated", &c.translated),
                ("total", &c.total),
                ("percent", &percent),
            ],
        ));
        for (n, file) in c.missing.iter().enumerate() {
            let line = tr(
                "status.coverage-missing",
                &[("lang", &c.lang), ("file", &file)],
            );
            if n < MISSING_SHOWN {
                info(&line);
            } else {
                detail(&line);
            }
        }
        if c.missing.len() > MISSING_SHOWN
            && crate::console::verbosity() != crate::console::Verbosity::Verbose
        {
            info(&tr(
                "status.coverage-more",
                &[("n", &(c.missing.len() - MISSING_SHOWN))],
            ));
        }
    }
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
    let progress = Progress::for_site(&site, &Discard, &tr("status.progress-checking", &[]));
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
            info(&tr("status.checked", &[("pages", &stats.pages)]));
            print_coverage(&site.coverage());
            0
        }
        Err(errors) => report(&errors),
    }
}
