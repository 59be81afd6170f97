//! Writes a snapshot of a tiny made-up site of 3 files, for checking the
//! bag and its WARC with outside tools (`tests/snapshot_tools.py`).
//!
//! Usage: `cargo run --example make_test_bag -- ARCHIVE_DIR [REVISION]`
//! prints the bag's folder. The moment is `SOURCE_DATE_EPOCH` if set, else
//! 2020-12-31T00:00:00Z, so two runs give the same bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use congkhai::snapshot::{software_agent, write_snapshot, SnapshotMeta};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(archive) = args.next().map(PathBuf::from) else {
        eprintln!("usage: make_test_bag ARCHIVE_DIR [REVISION]");
        return ExitCode::from(2);
    };
    let revision = match args.next().map(|r| r.parse::<u32>()) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(e)) => {
            eprintln!("error: REVISION: {e}");
            return ExitCode::from(2);
        }
    };
    let epoch_seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => match s.trim().parse() {
            Ok(n) => n,
            Err(e) => {
                eprintln!("error: SOURCE_DATE_EPOCH={s:?}: {e}");
                return ExitCode::from(2);
            }
        },
        Err(_) => 1_609_372_800,
    };
    let site: Vec<(String, Vec<u8>)> = vec![
        (
            "index.html".into(),
            "<!doctype html>\n<html lang=\"vi\"><meta charset=\"utf-8\"><title>Kế hoạch Quý IV/2020</title>\n<link rel=\"stylesheet\" href=\"css/site.css\">\n<p>Tổ chức 04 hội chợ OCOP.</p></html>\n".into(),
        ),
        ("css/site.css".into(), b"body { margin: 0 auto; max-width: 40em }\n".to_vec()),
        // A non-ASCII name with a space: percent-encoded in the WARC URI,
        // written as is in the BagIt manifest.
        (
            "tai-lieu/kế hoạch 2020.txt".into(),
            "Ngày 27/12/2020: tổng kết.\n".into(),
        ),
    ];
    let meta = SnapshotMeta {
        period: "2020-Q4".into(),
        revision,
        source_organization: "UBND quận Tây Hồ (test)".into(),
        external_description: "Kế hoạch nhiệm vụ trọng tâm Quý IV/2020".into(),
        base_url: "https://tayho.example.vn/".into(),
        epoch_seconds,
        software_agent: software_agent(),
    };
    match write_snapshot(&archive, &site, &meta) {
        Ok(bag) => {
            println!("{}", bag.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
