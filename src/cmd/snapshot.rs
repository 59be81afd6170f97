//! `congkhai snapshot PERIOD`: builds the site as it is today and freezes it
//! into `archive/<period>/`, a BagIt bag whose payload is the whole site with a
//! WARC of the same pages. A snapshot is never replaced; a correction is a new
//! revision beside it.

use crate::archive::{Freezing, ARCHIVE_DIR};
use crate::cmd::RootArg;
use crate::console::{info, report, result, warning};
use crate::content::front_matter::Kind;
use crate::diagnostic::tr;
use crate::diagnostic::{display_path, os_reason, Diagnostic};
use crate::pipeline::{self, Options};
use crate::sink::Sink;
use crate::site::{PageId, Site};
use crate::snapshot::{self, SnapshotError, SnapshotMeta, TAG_FILES};
use std::path::Path;
use std::sync::Mutex;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The plan's period: a year (2020), a half (2020-H2), a quarter (2020-Q4) or a month (2020-11)
    pub period: String,
    #[command(flatten)]
    pub root: RootArg,
    /// Record a correction: a new snapshot in archive/<period>-r<N>/ beside the
    /// original, which stays as it is (N is 2 or more)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..))]
    pub revision: Option<u32>,
    #[command(flatten)]
    pub wait: crate::lock::WaitArg,
}

/// Keeps every rendered file in memory: the snapshot writer needs the whole
/// site at once, to sort it and write it into the bag and the WARC.
#[derive(Default)]
struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((path.to_string(), bytes.to_vec()));
        Ok(())
    }
}

/// The plan of `period`, in the default language when it has one.
fn find_plan(site: &Site, period: &str) -> Option<PageId> {
    let of_period = |&i: &PageId| match &site.pages[i].front.kind {
        Kind::Plan(p) => p.period.iso().eq_ignore_ascii_case(period),
        _ => false,
    };
    let default = &site.config.default_language().code;
    let mut plans: Vec<PageId> = (0..site.pages.len()).filter(of_period).collect();
    plans.sort_by_key(|&i| (site.pages[i].lang != *default, site.pages[i].file.clone()));
    plans.first().copied()
}

fn no_plan(site: &Site, period: &str) -> Diagnostic {
    let mut plans: Vec<String> = site
        .pages
        .iter()
        .filter_map(|p| match &p.front.kind {
            Kind::Plan(plan) => Some(format!("{} ({})", plan.period.iso(), p.file)),
            _ => None,
        })
        .collect();
    plans.sort();
    let help = if plans.is_empty() {
        tr("E0710.none", &[("period", &period)])
    } else {
        tr(
            "E0710.help",
            &[("plans", &plans.join(", ")), ("period", &period)],
        )
    };
    Diagnostic::new("E0710", "content", tr("E0710", &[("period", &period)])).help(help)
}

fn snapshot_error(root: &Path, e: SnapshotError) -> Vec<Diagnostic> {
    let shown = |p: &Path| display_path(root, p);
    match e {
        SnapshotError::AlreadyExists {
            dir,
            period,
            next_revision,
        } => vec![
            Diagnostic::new("E0711", shown(&dir), tr("E0711", &[])).help(tr(
                "E0711.help",
                &[
                    ("period", &period),
                    ("revision", &next_revision),
                    (
                        "dir",
                        &shown(&dir.with_file_name(snapshot::snapshot_dir_name(
                            &period,
                            Some(next_revision),
                        ))),
                    ),
                ],
            )),
        ],
        SnapshotError::NoOriginal { original, period } => {
            vec![Diagnostic::new("E0712", shown(&original), tr("E0712", &[]))
                .help(tr("E0712.help", &[("period", &period)]))]
        }
        SnapshotError::InvalidFiles(files) => files
            .into_iter()
            .map(|f| {
                Diagnostic::new("E0713", f.path.clone(), tr("E0713", &[("reason", &f)]))
                    .help(tr("E0713.help", &[]))
            })
            .collect(),
        SnapshotError::InvalidBaseUrl(url) => {
            vec![
                Diagnostic::new("E0714", "config.yaml", tr("E0714", &[("url", &url)]))
                    .help(tr("E0714.help", &[])),
            ]
        }
        SnapshotError::Io { path, source } => vec![Diagnostic::new(
            "E0715",
            shown(&path),
            tr(
                "E0715",
                &[("path", &shown(&path)), ("reason", &os_reason(&source))],
            ),
        )
        .help(tr("E0715.help", &[]))],
        other => {
            let message = match &other {
                SnapshotError::InvalidPeriod(p) => tr("status.not-a-period", &[("period", p)]),
                SnapshotError::InvalidRevision(n) => tr("E0716.revision", &[("revision", n)]),
                SnapshotError::EmptyField(field) => tr("E0716.empty-field", &[("field", field)]),
                SnapshotError::DateOutOfRange(s) => tr("E0716.date-range", &[("seconds", s)]),
                SnapshotError::EmptySite => tr("E0716.empty-site", &[]),
                _ => other.to_string(),
            };
            vec![Diagnostic::new("E0716", ARCHIVE_DIR, message).help(tr("E0716.help", &[]))]
        }
    }
}

pub fn run(args: &Args) -> i32 {
    // Checked here rather than by clap, which parses before the language is chosen. A
    // mistake on the command line, as clap's are: exit 2.
    let Some(period) = snapshot::canonical_period(&args.period) else {
        crate::console::error_with_help(
            &tr("status.not-a-period", &[("period", &args.period)]),
            Some(&tr("dates.period-forms", &[])),
        );
        return 2;
    };
    let args = &Args {
        period,
        ..args.clone()
    };
    let root = &args.root.root;
    // archive/ and the thumbnail cache are the site's: one writer at a time.
    let _held = match crate::lock::lock_site_and_output(
        root,
        None,
        args.wait.wait(),
        &crate::console::info,
    ) {
        Ok(h) => h,
        Err(e) => {
            let d =
                Diagnostic::new("E0603", root.display().to_string(), e.to_string()).help(e.help());
            return report(&[d]);
        }
    };
    // The live site only: a snapshot never holds the archive's older snapshots. Kept
    // for two renders: as served (the WARC) and as frozen (the payload).
    let options = Options::default();
    let (mut site, theme) = match pipeline::prepare_live(root, &options) {
        Ok(x) => x,
        Err(errors) => return report(&errors),
    };
    let Some(plan) = find_plan(&site, &args.period) else {
        return report(&[no_plan(&site, &args.period)]);
    };
    let issuer = site.config.default_language().issuer.clone();
    if issuer.trim().is_empty() {
        return report(&[
            Diagnostic::new("E0717", "config.yaml", tr("E0717", &[])).help(tr("E0717.help", &[]))
        ]);
    }

    let sink = Memory::default();
    if let Err(errors) = pipeline::render(&site, &theme, &sink) {
        return report(&errors);
    }
    let served = sink.0.into_inner().unwrap_or_else(|p| p.into_inner());
    // A build publishes the payload with the bag's tag files beside it.
    let clashes: Vec<Diagnostic> = served
        .iter()
        .filter(|(path, _)| TAG_FILES.contains(&path.as_str()))
        .map(|(path, _)| {
            Diagnostic::new("E0713", path.clone(), tr("E0713.tag", &[("path", &path)]))
                .help(tr("E0713.tag-help", &[]))
        })
        .collect();
    if !clashes.is_empty() {
        return report(&clashes);
    }

    let period = match &site.pages[plan].front.kind {
        Kind::Plan(p) => p.period.iso(),
        _ => args.period.clone(),
    };
    let meta = SnapshotMeta {
        period,
        revision: args.revision,
        source_organization: issuer,
        external_description: site.pages[plan].front.title.clone(),
        base_url: site.config.base_url.clone(),
        epoch_seconds: crate::dates::now_unix_seconds(),
        software_agent: snapshot::software_agent(),
    };
    // The payload is the site as its archived copy shows it: every page says it is a
    // record of the period, frozen on the bagging date, and names its archive address
    // as canonical (docs/snapshots.md says what differs from the WARC, and why).
    site.freezing = snapshot::bagging_date(meta.epoch_seconds).map(|date| Freezing {
        name: snapshot::snapshot_dir_name(&meta.period, meta.revision),
        period: meta.period.clone(),
        date,
    });
    let sink = Memory::default();
    if let Err(errors) = pipeline::render(&site, &theme, &sink) {
        return report(&errors);
    }
    let files = sink.0.into_inner().unwrap_or_else(|p| p.into_inner());
    let dir = match snapshot::write_snapshot_of(&root.join(ARCHIVE_DIR), &files, &served, &meta) {
        Ok(dir) => dir,
        Err(e) => return report(&snapshot_error(root, e)),
    };
    let shown = display_path(root, &dir);
    let summary = snapshot::read_summary(&dir);
    let (count, bytes) = summary
        .as_ref()
        .map_or((0, 0), |s| (s.file_count, s.payload_bytes));
    result(&tr(
        "status.froze",
        &[
            ("period", &meta.period),
            ("title", &meta.external_description),
            ("dir", &shown),
            ("files", &files.len()),
            ("count", &count),
            ("bytes", &bytes),
        ],
    ));
    match summary {
        Some(s) => result(&tr(
            "status.fingerprint",
            &[("dir", &shown), ("fingerprint", &s.tagmanifest_sha256)],
        )),
        None => warning(&tr("status.no-bag-info", &[("dir", &shown)])),
    }
    info(&tr(
        "status.snapshot-next",
        &[
            ("dir", &shown),
            (
                "name",
                &dir.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
            ),
        ],
    ));
    0
}
