//! `congkhai build`: the whole pipeline, written atomically into the output folder.

use crate::cmd::RootArg;
use crate::console::{detail, info, report};
use crate::diagnostic::{tr, Diagnostic};
use crate::lock::{self, WaitArg};
use crate::output::{self, Staging};
use crate::pipeline::{self, Options};
use crate::progress::Progress;
use crate::sink::Sink;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,
    /// Where to write the site (default: output/ inside the site folder)
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Public address of the site, overriding config.yaml (for feeds, sitemap, canonical links)
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also publish pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Fail (exit 1, write nothing) when there are warnings, as for errors: for CI
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub wait: WaitArg,
}

pub fn run(args: &Args) -> i32 {
    let started = Instant::now();
    let root = &args.root.root;
    let output = args.output.clone().unwrap_or_else(|| root.join("output"));
    let options = Options {
        base_url: args.base_url.clone(),
        include_drafts: args.drafts,
        render_once: true,
    };
    // Held until the run ends: another build, watch, serve or snapshot of this site or
    // into this output waits (or refuses) meanwhile.
    let held = match output::check_output_dir(root, &output) {
        Ok(checked) => lock::lock_site_and_output(root, Some(&checked), args.wait.wait(), &info)
            .map_err(|e| {
                Diagnostic::new("E0603", output.display().to_string(), e.to_string()).help(e.help())
            }),
        Err(e) => Err(
            Diagnostic::new("E0601", output.display().to_string(), e.to_string()).help(e.help()),
        ),
    };
    let _held = match held {
        Ok(h) => h,
        Err(d) => return report(&[d]),
    };
    let (site, theme) = match pipeline::prepare(root, &options) {
        Ok(x) => x,
        Err(errors) => return report(&errors),
    };
    if let Some(code) = crate::console::warnings(&site.warnings, args.deny_warnings) {
        return code;
    }
    detail(&tr(
        "status.loaded",
        &[
            ("pages", &site.pages.len()),
            ("files", &site.assets.len()),
            ("ms", &started.elapsed().as_millis()),
        ],
    ));
    let staging = match Staging::begin(root, &output) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::new("E0601", output.display().to_string(), e.to_string())
                .help(e.help());
            return report(&[d]);
        }
    };
    let rendering = Instant::now();
    let progress = Progress::for_site(&site, &staging, &tr("status.progress-building", &[]));
    let sink: &dyn Sink = match &progress {
        Some(p) => p,
        None => &staging,
    };
    let rendered = pipeline::render(&site, &theme, sink);
    if let Some(p) = &progress {
        p.finish();
    }
    let stats = match rendered {
        Ok(s) => s,
        Err(errors) => return report(&errors),
    };
    detail(&tr(
        "status.rendered",
        &[
            ("pages", &stats.pages),
            ("files", &stats.files),
            ("ms", &rendering.elapsed().as_millis()),
            ("made", &stats.thumbnails_made),
            ("reused", &stats.thumbnails_reused),
            ("cache", &crate::config::CACHE_DIR),
        ],
    ));
    // The process ends here: freeing every page one by one was 50 ms of a 10,000-page
    // build's wall time, work the system does at exit in one go.
    std::mem::forget(site);
    std::mem::forget(theme);
    let written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
    let shown = staging.output().display().to_string();
    if let Err(e) = staging.commit() {
        let d = Diagnostic::new("E0602", shown, e.to_string()).help(e.help());
        return report(&[d]);
    }
    info(&tr(
        "status.built",
        &[
            ("pages", &stats.pages),
            ("files", &stats.files),
            ("changed", &written),
            ("output", &shown),
            ("ms", &started.elapsed().as_millis()),
        ],
    ));
    0
}
