//! One writer at a time (issue 20, cases 1-4): runs that write the same site or output
//! wait for each other (or refuse with `--no-wait`), never share a staging folder, and
//! what a killed swap left is repaired by the next run, on both swap paths. Every test
//! drives the real binary; every process it starts is waited for.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::time::{Duration, Instant};

/// The exit code of a run stopped by `CONGKHAI_TEST_CRASH_AT` (`output::CRASH_EXIT`).
const CRASHED: i32 = congkhai::output::CRASH_EXIT;

/// `congkhai ARGS` run in `root`, without the crash switches a test may set.
fn command(root: &Path, args: &[&str]) -> Congkhai {
    congkhai(args)
        .dir(root)
        .without("CONGKHAI_TEST_CRASH_AT")
        .without("CONGKHAI_TEST_NO_EXCHANGE")
}

fn spawn(root: &Path, args: &[&str]) -> Child {
    command(root, args).spawn()
}

/// A clean build of the site as it is now, into a folder of its own.
fn reference(root: &Path, name: &str, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let t = clean_build(root, &root.join(name), EPOCH, extra);
    fs::remove_dir_all(root.join(name)).unwrap();
    t
}

/// What sits beside `output/` that a run made and left: anything named `.output.*` but
/// its lock file.
fn beside(root: &Path) -> Vec<String> {
    names(root)
        .into_iter()
        .filter(|n| n.starts_with(".output.") && n != ".output.congkhai-lock")
        .collect()
}

fn finish(child: Child) -> Output {
    child.wait_with_output().expect("wait")
}

/// Case 1: two `build`s at once into one output folder shared one staging folder; one
/// exited 0 with files missing, or both failed and the output mixed pages of the two.
#[test]
fn case_1_two_builds_at_once_into_one_output_publish_one_complete_site() {
    let site = site("minimal");
    let root = site.path();
    write_pages(root, 300, "A", 20);
    let clean = reference(root, "reference", &[]);
    for round in 0..3 {
        let runs: Vec<Child> = (0..2)
            .map(|_| spawn(root, &["build", "--output", "output"]))
            .collect();
        for o in runs.into_iter().map(finish) {
            assert_eq!(o.status.code(), Some(0), "round {round}: {}", stderr(&o));
        }
        assert!(
            tree(&root.join("output")) == clean,
            "round {round}: output differs from a clean build"
        );
        assert_eq!(beside(root), Vec::<String>::new(), "round {round}");
    }
}

/// `watch` (with `args` after it) on `root`, once it has built. Its waits are long:
/// these tests run several builds at once.
fn watching(root: &Path, args: &[&str]) -> Running {
    let w = command(root, &[&["watch"], args].concat())
        .start()
        .patience(Duration::from_secs(120));
    w.wait_until(|l| l.contains("built "));
    w
}

/// Rewrites config.yaml with the same bytes: the watch rebuilds everything (a staged
/// build and a swap) and the output stays the same site.
fn poke(root: &Path) {
    // Renamed over it, so that the watch never reads it half-written.
    let config = fs::read(root.join("config.yaml")).unwrap();
    fs::write(root.join("config.yaml.new"), config).unwrap();
    fs::rename(root.join("config.yaml.new"), root.join("config.yaml")).unwrap();
}

/// Case 2: `build` while `watch` rebuilt the same site failed 19-20 times in 20 with
/// "File exists" or "No such file", and the watch logged I/O errors too.
#[test]
fn case_2_builds_while_watch_rebuilds_the_same_site_all_succeed() {
    let site = site("minimal");
    let root = site.path();
    write_pages(root, 200, "A", 20);
    let clean = reference(root, "reference", &[]);
    let watch = watching(root, &[]);
    for round in 0..4 {
        let build = spawn(root, &["build"]);
        poke(root);
        std::thread::sleep(Duration::from_millis(30 * round));
        poke(root);
        let o = finish(build);
        assert_eq!(o.status.code(), Some(0), "round {round}: {}", stderr(&o));
    }
    let rebuilt = |l: &str| l.matches("rebuilt everything").count();
    let before = rebuilt(&watch.log());
    poke(root);
    watch.wait_until(|l| rebuilt(l) > before);
    let (code, log) = watch.stop();
    assert_eq!(code, Some(0), "{log}");
    assert!(!log.contains("error"), "the watch reported errors:\n{log}");
    assert!(
        tree(&root.join("output")) == clean,
        "output differs from a clean build"
    );
    assert_eq!(beside(root), Vec::<String>::new());
}

/// Case 3: without RENAME_EXCHANGE a build killed between its two renames left no
/// output/ (the previous site hidden in `.output.swap`), and every later build failed
/// with "Directory not empty" until that folder was deleted by hand.
#[test]
fn case_3_a_swap_killed_between_its_renames_is_repaired_by_the_next_build() {
    let site = site("minimal");
    let root = site.path();
    let clean = reference(root, "reference", &[]);
    command(root, &["build"]).ok();
    // What the killed swap of earlier versions left: the previous site aside, no output.
    fs::rename(root.join("output"), root.join(".output.swap")).unwrap();
    command(root, &["build"]).ok();
    assert!(tree(&root.join("output")) == clean);
    assert_eq!(
        beside(root),
        Vec::<String>::new(),
        "the leftover is removed"
    );
    // The same with this version's names and its two-rename swap, killed after the
    // first rename: the next build brings the previous site back, then publishes.
    for crash_at in 1..=5 {
        let o = command(root, &["build"])
            .env("CONGKHAI_TEST_NO_EXCHANGE", "1")
            .env("CONGKHAI_TEST_CRASH_AT", crash_at.to_string())
            .output();
        assert_eq!(o.status.code(), Some(CRASHED), "{}", stderr(&o));
        let o = command(root, &["build"])
            .env("CONGKHAI_TEST_NO_EXCHANGE", "1")
            .output();
        assert_eq!(
            o.status.code(),
            Some(0),
            "after a kill at step {crash_at}: {}",
            stderr(&o)
        );
        assert!(
            tree(&root.join("output")) == clean,
            "after a kill at step {crash_at}"
        );
        assert_eq!(
            beside(root),
            Vec::<String>::new(),
            "after a kill at step {crash_at}"
        );
    }
}

/// Case 4: a symlink where the staging folder went (`.output.congkhai-staging` → another
/// congkhai output) made the build delete that other folder's files.
#[test]
fn case_4_a_symlink_named_like_a_staging_folder_never_leads_to_deleting() {
    let site = site("minimal");
    let root = site.path();
    command(root, &["build", "--output", "other"]).ok();
    let other = tree(&root.join("other"));
    assert!(other.len() > 5);
    let clean = reference(root, "reference", &[]);
    for name in [
        ".output.congkhai-staging",
        &format!(".output.congkhai-staging-{}-0", std::process::id()),
        ".output.congkhai-old-1-0",
        ".output.swap",
    ] {
        std::os::unix::fs::symlink(root.join("other"), root.join(name)).unwrap();
        command(root, &["build"]).ok();
        command(root, &["build"]).ok();
        assert!(
            tree(&root.join("other")) == other,
            "through {name}, other/ changed"
        );
        assert!(tree(&root.join("output")) == clean);
        assert!(fs::symlink_metadata(root.join(name)).unwrap().is_symlink());
        fs::remove_file(root.join(name)).unwrap();
    }
}

/// Locks a lock file the way a running congkhai does.
fn hold(path: PathBuf) -> File {
    let f = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .unwrap();
    f.try_lock().unwrap();
    f
}

/// Proves: while another run holds the site or the output, `--no-wait` refuses (exit
/// 1, the output untouched) and a plain run waits, says so, and builds once it is free.
#[test]
fn a_second_writer_waits_or_refuses_with_no_wait() {
    let site = site("minimal");
    let root = site.path();
    command(root, &["build"]).ok();
    fs::write(
        root.join("content/tin-tuc/moi.md"),
        "---\ntitle: Mới\n---\nMới.\n",
    )
    .unwrap();
    for lock in [".congkhai-lock", ".output.congkhai-lock"] {
        let before = tree(&root.join("output"));
        let held = hold(root.join(lock));
        for cmd in [
            &["build", "--no-wait"][..],
            &["snapshot", "2020-Q4", "--no-wait"],
            &["watch", "--no-wait"],
        ] {
            if cmd[0] == "snapshot" && lock != ".congkhai-lock" {
                continue;
            }
            let o = command(root, cmd).output();
            assert_eq!(
                o.status.code(),
                Some(1),
                "{cmd:?} with {lock} held: {}",
                stderr(&o)
            );
            assert!(
                stderr(&o).contains("another congkhai run"),
                "{}",
                stderr(&o)
            );
        }
        assert!(
            tree(&root.join("output")) == before,
            "a refused run changed the output"
        );
        let waiting = spawn(root, &["build"]);
        std::thread::sleep(Duration::from_millis(700));
        drop(held);
        let o = finish(waiting);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("waiting for another congkhai run"),
            "{}",
            stderr(&o)
        );
        assert!(
            tree(&root.join("output")) != before,
            "the waiting build did not publish"
        );
        fs::write(
            root.join("content/tin-tuc/moi.md"),
            format!("---\ntitle: Mới\n---\nMới {lock}.\n"),
        )
        .unwrap();
    }
    let published = tree(&root.join("output"));
    assert!(
        !published.keys().any(|k| k.contains("lock")),
        "a lock file was published"
    );
}

/// Kills a build at every step of a swap, on both paths (RENAME_EXCHANGE and two
/// renames), then kills the next run at its first step: after each kill the output is
/// one complete site, the previous or the new one (on the two-rename path, between the
/// renames, it is absent with the previous site whole beside it); the next build
/// publishes the new site and leaves nothing beside it.
#[test]
fn a_build_killed_at_every_step_of_the_swap_leaves_one_complete_site() {
    let site = site("minimal");
    let root = site.path();
    let page = root.join("content/tin-tuc/phien-ban.md");
    let version = |v: &str| {
        fs::write(&page, format!("---\ntitle: Phiên bản {v}\n---\nBản {v}.\n")).unwrap();
    };
    version("A");
    let a = reference(root, "reference", &[]);
    version("B");
    let b = reference(root, "reference", &[]);
    let mut report = Vec::new();
    for two_renames in [false, true] {
        version("A");
        command(root, &["build"]).ok();
        let mut current = ("A", &a);
        let mut steps = 0;
        for crash_at in 1.. {
            let next = if current.0 == "A" {
                ("B", &b)
            } else {
                ("A", &a)
            };
            version(next.0);
            let with = |c: Congkhai| {
                if two_renames {
                    c.env("CONGKHAI_TEST_NO_EXCHANGE", "1")
                } else {
                    c
                }
            };
            let o = with(command(root, &["build"]))
                .env("CONGKHAI_TEST_CRASH_AT", crash_at.to_string())
                .output();
            if o.status.code() == Some(0) {
                assert!(tree(&root.join("output")) == *next.1);
                break;
            }
            assert_eq!(o.status.code(), Some(CRASHED), "{}", stderr(&o));
            steps += 1;
            let at = format!(
                "{} path, kill at step {crash_at}",
                if two_renames {
                    "two-rename"
                } else {
                    "exchange"
                }
            );
            let one_site = |when: &str| {
                let out = root.join("output");
                if out.exists() {
                    let t = tree(&out);
                    assert!(
                        t == *current.1 || t == *next.1,
                        "{at}, {when}: output/ is not one complete site"
                    );
                } else {
                    assert!(two_renames, "{at}, {when}: output/ is gone");
                    let old: Vec<String> = beside(root)
                        .into_iter()
                        .filter(|n| n.contains("congkhai-old"))
                        .collect();
                    assert_eq!(old.len(), 1, "{at}, {when}: {:?}", beside(root));
                    assert!(
                        tree(&root.join(&old[0])) == *current.1,
                        "{at}, {when}: the previous site aside is not whole"
                    );
                }
            };
            one_site("after the kill");
            // The next run killed at its first step, in the middle of its repair.
            let o = with(command(root, &["build"]))
                .env("CONGKHAI_TEST_CRASH_AT", "1")
                .output();
            assert_eq!(o.status.code(), Some(CRASHED), "{at}: {}", stderr(&o));
            one_site("after a second kill");
            let o = with(command(root, &["build"])).output();
            assert_eq!(o.status.code(), Some(0), "{at}: {}", stderr(&o));
            assert!(
                tree(&root.join("output")) == *next.1,
                "{at}: the next build did not publish"
            );
            assert_eq!(beside(root), Vec::<String>::new(), "{at}");
            current = next;
        }
        assert!(
            steps >= 10,
            "only {steps} steps: are the crash points reached?"
        );
        report.push(format!(
            "{}: {steps} kill points",
            if two_renames {
                "two renames"
            } else {
                "exchange"
            }
        ));
    }
    eprintln!("{}", report.join("; "));
}

/// What the concurrency rounds saw, for the report.
#[derive(Debug, Default)]
struct Tally {
    builds_published: usize,
    builds_refused: usize,
    watch_builds: usize,
}

/// 4 builds (two of them `--no-wait`) and a `watch` on one site and one output, `rounds`
/// times. Each build publishes under a base URL of its own, so that the output of every
/// run differs (feeds, sitemap, canonical links): after each round the output must be
/// byte-equal to a clean build of one of the runs that exited 0, with nothing left
/// beside it, and every run must exit 0 or refuse with the lock's message.
fn concurrency_rounds(root: &Path, rounds: usize) -> Tally {
    let base = |i: usize| format!("https://b{i}.example.org/");
    let mut references = vec![reference(root, "reference", &[])];
    for i in 0..4 {
        references.push(reference(root, "reference", &["--base-url", &base(i)]));
    }
    let mut tally = Tally::default();
    for round in 0..rounds {
        let builds: Vec<(usize, Child)> = (0..4)
            .map(|i| {
                let url = base(i);
                let mut args = vec!["build", "--base-url", url.as_str()];
                if i >= 2 {
                    args.push("--no-wait");
                }
                (i, spawn(root, &args))
            })
            .collect();
        let watch = watching(root, &[]);
        poke(root);
        let mut published = vec![0];
        for (i, child) in builds {
            let o = finish(child);
            match o.status.code() {
                Some(0) => {
                    tally.builds_published += 1;
                    published.push(i + 1);
                }
                Some(1) if i >= 2 && stderr(&o).contains("another congkhai run") => {
                    tally.builds_refused += 1;
                }
                _ => panic!("round {round}, build {i}: {:?}\n{}", o.status, stderr(&o)),
            }
        }
        // The poke's rebuild is done (or was folded into the first build).
        let rebuilt = |l: &str| l.matches("built ").count();
        watch.wait_until(|l| rebuilt(l) >= 2 || l.contains("rebuilt everything"));
        let (code, log) = watch.stop();
        assert_eq!(code, Some(0), "round {round}: {log}");
        assert!(!log.contains("error"), "round {round}, the watch:\n{log}");
        tally.watch_builds += rebuilt(&log);
        let now = tree(&root.join("output"));
        assert!(
            published.iter().any(|&r| now == references[r]),
            "round {round}: the output is not a clean build of any one run"
        );
        assert_eq!(beside(root), Vec::<String>::new(), "round {round}");
    }
    tally
}

/// The concurrency test, small enough for every `cargo test`: 2 rounds on the bundled
/// site.
#[test]
fn four_builds_and_a_watch_at_once_publish_one_run_s_complete_site() {
    let site = site("bundled");
    let tally = concurrency_rounds(site.path(), 2);
    assert_eq!(tally.builds_published + tally.builds_refused, 8);
    assert!(tally.builds_published >= 4, "{tally:?}");
}

/// The full concurrency test of issue 20: 20 rounds on the bundled site and on a
/// 2,000-page site. Slow (minutes): run it with
/// `cargo test --test one_writer -- --ignored --nocapture`.
#[test]
#[ignore]
fn four_builds_and_a_watch_at_once_twenty_rounds_on_two_sites() {
    for (name, pages) in [("bundled", 0), ("minimal", 2000)] {
        let site = site(name);
        if pages > 0 {
            write_pages(site.path(), pages, "A", 20);
        }
        let started = Instant::now();
        let tally = concurrency_rounds(site.path(), 20);
        eprintln!(
            "{name} + {pages} pages: 20 rounds in {:.1} s: {tally:?}",
            started.elapsed().as_secs_f64()
        );
        assert_eq!(tally.builds_published + tally.builds_refused, 80);
    }
}

/// Case 9 (its second half): `watch --poll` with `content/` gone printed the same errors
/// every second. An unchanged state is told once: after the errors appear, seconds of
/// polling add no line.
#[test]
fn case_9_watch_poll_tells_a_missing_content_folder_once() {
    let site = site("minimal");
    let root = site.path();
    let w = watching(root, &["--poll"]);
    fs::remove_dir_all(root.join("content")).unwrap();
    w.wait_until(|l| l.contains("no `content/` folder"));
    // Removing a folder is seen over a poll or two; then nothing changes.
    std::thread::sleep(Duration::from_secs(3));
    let told = |l: &str| l.matches("no `content/` folder").count();
    let settled = told(&w.log());
    std::thread::sleep(Duration::from_secs(4));
    let (code, log) = w.stop();
    assert_eq!(code, Some(0), "{log}");
    assert_eq!(told(&log), settled, "the same errors again:\n{log}");
    assert!(settled <= 2, "told {settled} times:\n{log}");
}
