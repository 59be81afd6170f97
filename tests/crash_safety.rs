//! A build killed with SIGKILL at any moment must leave the output folder holding one
//! complete build: the previous one or the new one, never a mix.

mod common;

use common::*;
use std::time::{Duration, Instant};

#[test]
fn sigkill_at_random_moments_leaves_one_complete_build() {
    const PAGES: usize = 600;
    let site = site("minimal");
    let root = site.path();
    write_pages(root, PAGES, "B", 40);
    let started = Instant::now();
    let tree_b = clean_build(root, &root.join("reference-b"), EPOCH, &[]);
    // How long an uninterrupted build takes, to spread the kills across it.
    let full = started.elapsed().as_millis().max(20) as u64;
    write_pages(root, PAGES, "A", 40);
    let tree_a = clean_build(root, &root.join("output"), EPOCH, &[]);
    assert_ne!(tree_a, tree_b);

    let mut moments = rng::Rng(0x9e37_79b9_7f4a_7c15);
    let mut current = tree_a.clone();
    let (mut interrupted, mut finished) = (0, 0);
    for round in 0..8 {
        let (version, target) = if round % 2 == 0 {
            ("B", &tree_b)
        } else {
            ("A", &tree_a)
        };
        write_pages(root, PAGES, version, 40);
        let mut child = congkhai(&["build", "--output", "output"])
            .dir(root)
            .command()
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(
            moments.below((full * 5 / 4) as usize) as u64,
        ));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&root.join("output"));
        if now == current {
            interrupted += 1;
        } else {
            assert_eq!(
                &now, target,
                "round {round}: output is neither the previous nor the new complete build"
            );
            finished += 1;
        }
        current = now;
    }
    eprintln!("kills before the swap: {interrupted}, after: {finished}");
    // Stale staging folders from the killed builds never stop the next build.
    congkhai(&["build", "--output", "output"]).dir(root).ok();
    let recovered = tree(&root.join("output"));
    assert_eq!(recovered, tree_a);
}
