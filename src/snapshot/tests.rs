//! Tests of the snapshot API as the CLI will use it.

use super::*;
use std::collections::BTreeMap;

fn site() -> Vec<(String, Vec<u8>)> {
    vec![
        (
            "index.html".into(),
            "<!doctype html><title>Kế hoạch Quý IV/2020</title>".into(),
        ),
        ("css/site.css".into(), b"body{margin:0}".to_vec()),
        (
            "su-kien/ngay-phap-luat/index.html".into(),
            "<p>Ngày Pháp luật 09/11</p>".into(),
        ),
    ]
}

fn meta() -> SnapshotMeta {
    SnapshotMeta {
        period: "2020-Q4".into(),
        revision: None,
        source_organization: "UBND quận Tây Hồ".into(),
        external_description: "Kế hoạch nhiệm vụ trọng tâm Quý IV/2020".into(),
        base_url: "https://tayho.example.vn/".into(),
        epoch_seconds: 1_609_372_800, // 2020-12-31T00:00:00Z
        software_agent: "congkhai 0.1.0".into(),
    }
}

/// Every file under `dir` with its bytes, for before/after comparisons.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn kinds(problems: &[Problem], bag: &Path) -> Vec<(String, ProblemKind)> {
    problems
        .iter()
        .map(|p| {
            let rel = p
                .file
                .strip_prefix(bag)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            (rel, p.kind.clone())
        })
        .collect()
}

#[test]
fn dir_names() {
    assert_eq!(snapshot_dir_name("2020-Q4", None), "2020-q4");
    assert_eq!(snapshot_dir_name("2020-Q4", Some(2)), "2020-q4-r2");
}

#[test]
fn periods() {
    assert_eq!(canonical_period("2020-Q4").as_deref(), Some("2020-Q4"));
    assert_eq!(canonical_period("2020-q1").as_deref(), Some("2020-Q1"));
    assert_eq!(canonical_period("2020-11").as_deref(), Some("2020-11"));
    assert_eq!(canonical_period("2020").as_deref(), Some("2020"));
    for bad in [
        "2020-Q5",
        "2020-Q0",
        "2020-13",
        "2020-00",
        "20-Q4",
        "2020-Q4/..",
        "../x",
        "",
        "2020-",
    ] {
        assert_eq!(canonical_period(bad), None, "{bad}");
    }
}

#[test]
fn writes_a_complete_bag() {
    let archive = tempfile::tempdir().unwrap();
    let bag = write_snapshot(archive.path(), &site(), &meta()).unwrap();
    assert_eq!(bag, archive.path().join("2020-q4"));
    let files = tree(&bag);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "bag-info.txt",
            "bagit.txt",
            "data/2020-q4.warc.gz",
            "data/css/site.css",
            "data/index.html",
            "data/su-kien/ngay-phap-luat/index.html",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
        ]
    );
    assert_eq!(
        files["bagit.txt"],
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    assert_eq!(files["data/index.html"], site()[0].1);
    let warc_len = files["data/2020-q4.warc.gz"].len();
    let site_len: usize = site().iter().map(|(_, b)| b.len()).sum();
    let info = String::from_utf8(files["bag-info.txt"].clone()).unwrap();
    assert_eq!(
        info,
        format!(
            "Source-Organization: UBND quận Tây Hồ\n\
             External-Description: Kế hoạch nhiệm vụ trọng tâm Quý IV/2020\n\
             External-Identifier: 2020-q4\n\
             Bag-Group-Identifier: 2020-Q4\n\
             Snapshot-Period: 2020-Q4\n\
             Snapshot-Revision: 1\n\
             Bagging-Date: 2020-12-31\n\
             Bag-Software-Agent: congkhai 0.1.0\n\
             Payload-Oxum: {}.4\n",
            site_len + warc_len
        )
    );
    let tagmanifest = String::from_utf8(files["tagmanifest-sha256.txt"].clone()).unwrap();
    let listed: Vec<&str> = tagmanifest.lines().map(|l| &l[66..]).collect();
    assert_eq!(listed, ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"]);
    assert_eq!(verify_snapshot(&bag), []);
}

#[test]
fn two_writes_are_byte_identical_whatever_the_input_order() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut reversed = site();
    reversed.reverse();
    let bag_a = write_snapshot(a.path(), &site(), &meta()).unwrap();
    let bag_b = write_snapshot(b.path(), &reversed, &meta()).unwrap();
    assert_eq!(tree(&bag_a), tree(&bag_b));
    // And the moment matters: another epoch gives another WARC.
    let c = tempfile::tempdir().unwrap();
    let later = SnapshotMeta {
        epoch_seconds: meta().epoch_seconds + 86_400,
        ..meta()
    };
    let bag_c = write_snapshot(c.path(), &site(), &later).unwrap();
    assert_ne!(
        tree(&bag_a)["data/2020-q4.warc.gz"],
        tree(&bag_c)["data/2020-q4.warc.gz"]
    );
}

#[test]
fn existing_snapshot_is_refused_and_left_unchanged() {
    let archive = tempfile::tempdir().unwrap();
    let bag = write_snapshot(archive.path(), &site(), &meta()).unwrap();
    let before = tree(&bag);
    let mut changed = site();
    changed[0].1 = b"<p>corrected</p>".to_vec();
    let err = write_snapshot(archive.path(), &changed, &meta()).unwrap_err();
    assert!(matches!(
        err,
        SnapshotError::AlreadyExists {
            next_revision: 2,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{} already exists; snapshots are never replaced. To record a correction, run `congkhai snapshot 2020-Q4 --revision 2`",
            bag.display()
        )
    );
    assert_eq!(tree(&bag), before);
    // No staging folder was left beside it.
    assert_eq!(fs::read_dir(archive.path()).unwrap().count(), 1);
    // Lower case input names the same period, and is refused the same way.
    let lower = SnapshotMeta {
        period: "2020-q4".into(),
        ..meta()
    };
    assert!(matches!(
        write_snapshot(archive.path(), &changed, &lower),
        Err(SnapshotError::AlreadyExists { .. })
    ));
}

#[test]
fn a_revision_goes_alongside_the_original() {
    let archive = tempfile::tempdir().unwrap();
    let original = write_snapshot(archive.path(), &site(), &meta()).unwrap();
    let before = tree(&original);
    let mut corrected = site();
    corrected[0].1 = b"<p>corrected</p>".to_vec();
    let r2 = SnapshotMeta {
        revision: Some(2),
        ..meta()
    };
    let bag = write_snapshot(archive.path(), &corrected, &r2).unwrap();
    assert_eq!(bag, archive.path().join("2020-q4-r2"));
    assert_eq!(tree(&original), before);
    let files = tree(&bag);
    assert_eq!(files["data/index.html"], b"<p>corrected</p>");
    assert!(files.contains_key("data/2020-q4-r2.warc.gz"));
    let info = String::from_utf8(files["bag-info.txt"].clone()).unwrap();
    assert!(info.contains("External-Identifier: 2020-q4-r2\n"));
    assert!(info.contains("Bag-Group-Identifier: 2020-Q4\n"));
    assert_eq!(verify_snapshot(&bag), []);

    // Now both exist: the refusal points to the next free revision.
    let err = write_snapshot(archive.path(), &corrected, &r2).unwrap_err();
    assert!(err.to_string().ends_with("--revision 3`"), "{err}");
    let err = write_snapshot(archive.path(), &corrected, &meta()).unwrap_err();
    assert!(err.to_string().ends_with("--revision 3`"), "{err}");
}

#[test]
fn revision_needs_an_original_and_starts_at_two() {
    let archive = tempfile::tempdir().unwrap();
    let r2 = SnapshotMeta {
        revision: Some(2),
        ..meta()
    };
    let err = write_snapshot(archive.path(), &site(), &r2).unwrap_err();
    assert!(matches!(err, SnapshotError::NoOriginal { .. }), "{err}");
    for n in [0, 1] {
        let m = SnapshotMeta {
            revision: Some(n),
            ..meta()
        };
        let err = write_snapshot(archive.path(), &site(), &m).unwrap_err();
        assert!(matches!(err, SnapshotError::InvalidRevision(_)), "{err}");
    }
    assert_eq!(fs::read_dir(archive.path()).unwrap().count(), 0);
}

#[test]
fn a_failure_mid_write_leaves_nothing() {
    // Fail before the 2nd site file, before the WARC, before the tag files.
    for fail_at in ["index.html", "2020-q4.warc.gz", "bag-info.txt"] {
        let archive = tempfile::tempdir().unwrap();
        let mut hook = |name: &str| {
            if name == fail_at {
                Err(io::Error::other("disk full (simulated)"))
            } else {
                Ok(())
            }
        };
        let err =
            write_snapshot_with(archive.path(), &site(), &site(), &meta(), &mut hook).unwrap_err();
        assert!(matches!(err, SnapshotError::Io { .. }), "{err}");
        assert!(err.to_string().contains("disk full (simulated)"), "{err}");
        let left: Vec<_> = fs::read_dir(archive.path()).unwrap().collect();
        assert!(left.is_empty(), "failing at {fail_at} left {left:?}");
        // And the period can then be snapshotted normally.
        write_snapshot(archive.path(), &site(), &meta()).unwrap();
    }
}

#[test]
fn bad_file_names_are_all_reported_and_nothing_written() {
    let archive = tempfile::tempdir().unwrap();
    let mut files = site();
    for bad in [
        "50%.html",
        "a\rb.html",
        "a\nb.html",
        "x/../y",
        "/abs",
        "a\\b",
        "css/site.css",
        "2020-q4.warc.gz",
        "index.html/x",
    ] {
        files.push((bad.to_string(), b"x".to_vec()));
    }
    let err = write_snapshot(archive.path(), &files, &meta()).unwrap_err();
    let SnapshotError::InvalidFiles(invalid) = &err else {
        panic!("{err}");
    };
    let got: Vec<(&str, &FileNameProblem)> = invalid
        .iter()
        .map(|i| (i.path.as_str(), &i.problem))
        .collect();
    assert_eq!(
        got,
        [
            ("50%.html", &FileNameProblem::Forbidden('%')),
            ("a\rb.html", &FileNameProblem::Forbidden('\r')),
            ("a\nb.html", &FileNameProblem::Forbidden('\n')),
            ("x/../y", &FileNameProblem::BadSegment),
            ("/abs", &FileNameProblem::Absolute),
            ("a\\b", &FileNameProblem::Unsafe('\\')),
            ("css/site.css", &FileNameProblem::Duplicate),
            ("2020-q4.warc.gz", &FileNameProblem::Reserved),
            (
                "index.html",
                &FileNameProblem::FileAndFolder {
                    other: "index.html/x".into()
                }
            ),
        ]
    );
    assert!(
        err.to_string().contains("\"50%.html\": contains `%`"),
        "{err}"
    );
    assert_eq!(fs::read_dir(archive.path()).unwrap().count(), 0);
}

#[test]
fn bad_metadata_is_refused() {
    let archive = tempfile::tempdir().unwrap();
    let cases = [
        SnapshotMeta {
            period: "Q4-2020".into(),
            ..meta()
        },
        SnapshotMeta {
            base_url: "https://tayho.example.vn".into(),
            ..meta()
        },
        SnapshotMeta {
            base_url: "/relative/".into(),
            ..meta()
        },
        SnapshotMeta {
            source_organization: " ".into(),
            ..meta()
        },
        SnapshotMeta {
            epoch_seconds: 300_000_000_000,
            ..meta()
        },
    ];
    for m in cases {
        assert!(
            write_snapshot(archive.path(), &site(), &m).is_err(),
            "{m:?}"
        );
    }
    assert!(matches!(
        write_snapshot(archive.path(), &[], &meta()),
        Err(SnapshotError::EmptySite)
    ));
    assert_eq!(fs::read_dir(archive.path()).unwrap().count(), 0);
}

/// A fresh bag, and the verify problems after `tamper` changed it.
fn tampered(
    tamper: impl FnOnce(&Path),
) -> (tempfile::TempDir, PathBuf, Vec<(String, ProblemKind)>) {
    let archive = tempfile::tempdir().unwrap();
    let bag = write_snapshot(archive.path(), &site(), &meta()).unwrap();
    tamper(&bag);
    let problems = verify_snapshot(&bag);
    for p in &problems {
        // Every problem's message names its file.
        assert!(p.to_string().starts_with(&p.file.display().to_string()));
    }
    let k = kinds(&problems, &bag);
    (archive, bag, k)
}

#[test]
fn verify_finds_a_changed_byte() {
    let (_a, _bag, problems) = tampered(|bag| {
        let path = bag.join("data/css/site.css");
        let mut bytes = fs::read(&path).unwrap();
        bytes[0] ^= 0x20; // same size: Payload-Oxum cannot see it
        fs::write(&path, bytes).unwrap();
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "data/css/site.css");
    assert!(matches!(
        &problems[0].1,
        ProblemKind::ChecksumMismatch {
            manifest: "manifest-sha256.txt",
            ..
        }
    ));
}

#[test]
fn verify_finds_a_removed_file() {
    let (_a, _bag, problems) =
        tampered(|bag| fs::remove_file(bag.join("data/index.html")).unwrap());
    assert!(problems.contains(&(
        "data/index.html".into(),
        ProblemKind::Missing {
            manifest: "manifest-sha256.txt"
        }
    )));
    assert!(problems
        .iter()
        .any(|(f, k)| f == "bag-info.txt" && matches!(k, ProblemKind::PayloadOxum { .. })));
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn verify_finds_an_added_file() {
    let (_a, _bag, problems) = tampered(|bag| {
        fs::write(bag.join("data/css/extra.css"), b"p{}").unwrap();
        fs::write(bag.join("notes.txt"), b"hi").unwrap();
    });
    assert_eq!(
        problems[..2],
        [
            (
                "data/css/extra.css".into(),
                ProblemKind::Unlisted {
                    manifest: "manifest-sha256.txt"
                }
            ),
            ("bag-info.txt".into(), problems[1].1.clone()),
        ]
    );
    assert!(matches!(problems[1].1, ProblemKind::PayloadOxum { .. }));
    assert_eq!(
        problems[2],
        (
            "notes.txt".into(),
            ProblemKind::Unlisted {
                manifest: "tagmanifest-sha256.txt"
            }
        )
    );
    assert_eq!(problems.len(), 3);
}

#[test]
fn verify_finds_an_edited_bag_info() {
    let (_a, _bag, problems) = tampered(|bag| {
        let path = bag.join("bag-info.txt");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("Tây Hồ", "Ba Đình")).unwrap();
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "bag-info.txt");
    assert!(matches!(
        &problems[0].1,
        ProblemKind::ChecksumMismatch {
            manifest: "tagmanifest-sha256.txt",
            ..
        }
    ));
}

#[test]
fn verify_finds_a_manifest_rewritten_to_hide_a_change() {
    // Changing a page and its manifest line still breaks the tag manifest.
    let (_a, _bag, problems) = tampered(|bag| {
        fs::write(bag.join("data/index.html"), b"forged").unwrap();
        let path = bag.join("manifest-sha256.txt");
        let text = fs::read_to_string(&path).unwrap();
        let old = bagit::sha256_hex(&site()[0].1);
        fs::write(&path, text.replace(&old, &bagit::sha256_hex(b"forged"))).unwrap();
    });
    let files: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        ["bag-info.txt", "manifest-sha256.txt"],
        "{problems:?}"
    );
}

#[test]
fn verify_reports_missing_tag_files() {
    let (_a, _bag, problems) = tampered(|bag| {
        fs::remove_file(bag.join("bagit.txt")).unwrap();
        fs::remove_file(bag.join("tagmanifest-sha256.txt")).unwrap();
    });
    assert_eq!(
        problems,
        [
            ("bagit.txt".into(), ProblemKind::RequiredFileMissing),
            (
                "tagmanifest-sha256.txt".into(),
                ProblemKind::RequiredFileMissing
            ),
        ]
    );
}

#[cfg(unix)]
#[test]
fn verify_refuses_a_symlink_in_place_of_a_file() {
    let (_a, _bag, problems) = tampered(|bag| {
        let path = bag.join("data/index.html");
        fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", &path).unwrap();
    });
    assert!(problems.contains(&("data/index.html".into(), ProblemKind::NotARegularFile)));
}

#[test]
fn listing_orders_revisions_and_skips_hidden_folders() {
    let archive = tempfile::tempdir().unwrap();
    write_snapshot(archive.path(), &site(), &meta()).unwrap();
    for n in [10, 2] {
        let m = SnapshotMeta {
            revision: Some(n),
            ..meta()
        };
        write_snapshot(archive.path(), &site(), &m).unwrap();
    }
    let q3 = SnapshotMeta {
        period: "2020-Q3".into(),
        ..meta()
    };
    write_snapshot(archive.path(), &site(), &q3).unwrap();
    fs::create_dir(archive.path().join(".2020-q1.partial-1-0")).unwrap();

    let list = list_snapshots(archive.path());
    let ids: Vec<(&str, Option<u32>)> = list
        .iter()
        .map(|s| (s.period.as_str(), s.revision))
        .collect();
    assert_eq!(
        ids,
        [
            ("2020-Q3", None),
            ("2020-Q4", None),
            ("2020-Q4", Some(2)),
            ("2020-Q4", Some(10))
        ]
    );
    let first = &list[1];
    assert_eq!(first.dir, archive.path().join("2020-q4"));
    assert_eq!(first.bagging_date, "2020-12-31");
    assert_eq!(first.description, "Kế hoạch nhiệm vụ trọng tâm Quý IV/2020");
    assert_eq!(first.file_count, 4);
    let on_disk: u64 = tree(&first.dir.join("data"))
        .values()
        .map(|b| b.len() as u64)
        .sum();
    assert_eq!(first.payload_bytes, on_disk);
    assert_eq!(
        first.tagmanifest_sha256,
        bagit::sha256_hex(&fs::read(first.dir.join("tagmanifest-sha256.txt")).unwrap())
    );
    assert_eq!(snapshot_dirs(archive.path()).unwrap().len(), 4);
    assert!(list_snapshots(&archive.path().join("none")).is_empty());
}
