//! `congkhai verify [DIR...]`: proves snapshots unchanged by recomputing every
//! checksum against their manifests; names each file that differs.

use crate::archive::ARCHIVE_DIR;
use crate::cmd::RootArg;
use crate::console::color_stderr;
use crate::diagnostic::tr;
use crate::diagnostic::{display_path, Diagnostic};
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
                eprintln!("error: cannot read {}: {e}", archive.display());
                return 1;
            }
        }
    } else {
        (args.dirs.clone(), PathBuf::new())
    };
    if dirs.is_empty() {
        eprintln!(
            "error: there is no snapshot in {}/ to verify\n  = help: run in the site folder (or pass --root DIR), name snapshot folders (`congkhai verify archive/2020-q4`), or make one with `congkhai snapshot PERIOD`",
            display_path(root, &archive)
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
            println!("ok: {shown} is intact (fingerprint {fingerprint})");
            continue;
        }
        bad += 1;
        problems += found.len();
        for p in &found {
            let d = Diagnostic::new("E0720", display_path(&base, &p.file), p.kind.to_string())
                .help(tr("E0720.help", &[]));
            eprint!("{}", d.render(color));
        }
        eprintln!("{shown}: {} problem(s)\n", found.len());
    }
    if bad == 0 {
        eprintln!("all {} snapshot(s) intact", dirs.len());
        return 0;
    }
    eprintln!(
        "{problems} problem(s) in {bad} of {} snapshot(s)\n  = help: a snapshot is never edited: restore a damaged one from a backup copy; a correction is a new snapshot, made with `congkhai snapshot PERIOD --revision N`",
        dirs.len()
    );
    1
}
