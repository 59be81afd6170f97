//! `congkhai verify [DIR...]`: proves snapshots unchanged by recomputing every
//! checksum against their manifests; names each file that differs.

use crate::archive::ARCHIVE_DIR;
use crate::cmd::RootArg;
use crate::console::{color_stderr, error, error_with_help, info, result};
use crate::diagnostic::{display_path, os_reason, Diagnostic};
use crate::diagnostic::{tr, tr_n};
use crate::snapshot;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Snapshot folders to check (default: every snapshot in the site's archive/)
    #[arg(value_name = "SNAPSHOT_DIR")]
    pub dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub root: RootArg,
}

pub fn run(args: &Args) -> i32 {
    let root = &args.root.root;
    let archive = root.join(ARCHIVE_DIR);
    // Named folders are shown as given; the archive's relative to the site.
    let (dirs, base) = if args.dirs.is_empty() {
        match snapshot::snapshot_dirs(&archive) {
            Ok(d) => (d, root.clone()),
            Err(e) => {
                error(&tr(
                    "status.verify-no-archive",
                    &[("path", &archive.display()), ("reason", &os_reason(&e))],
                ));
                return 1;
            }
        }
    } else {
        (args.dirs.clone(), PathBuf::new())
    };
    if dirs.is_empty() {
        error_with_help(
            &tr(
                "status.verify-none",
                &[("dir", &display_path(root, &archive))],
            ),
            Some(&tr("status.verify-none-help", &[])),
        );
        return 1;
    }
    let color = color_stderr();
    let mut bad = 0;
    let mut problems = 0;
    for dir in &dirs {
        let shown = display_path(&base, dir);
        let found = snapshot::verify_snapshot(dir);
        if found.is_empty() {
            let s = snapshot::read_summary(dir);
            let fingerprint = s.map(|s| s.tagmanifest_sha256).unwrap_or_default();
            result(&tr(
                "status.verify-ok",
                &[("dir", &shown), ("fingerprint", &fingerprint)],
            ));
            continue;
        }
        bad += 1;
        problems += found.len();
        for p in &found {
            let d = Diagnostic::new("E0720", display_path(&base, &p.file), p.kind.to_string())
                .help(tr("E0720.help", &[]));
            eprint!("{}", d.render(color));
        }
        eprintln!(
            "{}\n",
            tr_n("status.verify-problems", found.len(), &[("dir", &shown)])
        );
    }
    if bad == 0 {
        info(&tr_n("status.verify-all-ok", dirs.len(), &[]));
        return 0;
    }
    eprintln!(
        "{}\n  = {}: {}",
        tr(
            "status.verify-bad",
            &[("problems", &problems), ("bad", &bad), ("n", &dirs.len())]
        ),
        tr("console.help", &[]),
        tr("status.verify-bad-help", &[])
    );
    1
}
