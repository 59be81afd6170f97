//! A build killed with SIGKILL at any moment must leave the output folder holding one
//! complete build: the previous one or the new one, never a mix.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn write_pages(root: &Path, n: usize, version: &str) {
    let dir = root.join("content/trang");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        format!("---\ntitle: Trang {version}\n---\n"),
    )
    .unwrap();
    for i in 0..n {
        let body = format!(
            "## Mục {i}\n\nPhiên bản {version}. {}\n",
            "Nội dung kế hoạch quý. ".repeat(40)
        );
        std::fs::write(
            dir.join(format!("p{i:05}.md")),
            format!("---\ntitle: Trang {i}\ntags: [t{}]\n---\n{body}", i % 50),
        )
        .unwrap();
    }
}

/// A small xorshift so the kill moments differ but the test is repeatable.
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, max: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % max
    }
}

fn build_tree(root: &Path, out: &str) -> BTreeMap<String, Vec<u8>> {
    let o = run(root, &["build", "--output", out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    tree(&root.join(out))
}

#[test]
fn sigkill_at_random_moments_leaves_one_complete_build() {
    const PAGES: usize = 600;
    let site = site("minimal");
    let root = site.path();
    write_pages(root, PAGES, "B");
    let started = Instant::now();
    let tree_b = build_tree(root, "reference-b");
    // How long an uninterrupted build takes, to spread the kills across it.
    let full = started.elapsed().as_millis().max(20) as u64;
    write_pages(root, PAGES, "A");
    let tree_a = build_tree(root, "output");
    assert_ne!(tree_a, tree_b);

    let mut moments = Moments(0x9e37_79b9_7f4a_7c15);
    let mut current = tree_a.clone();
    let (mut interrupted, mut finished) = (0, 0);
    for round in 0..8 {
        let (version, target) = if round % 2 == 0 {
            ("B", &tree_b)
        } else {
            ("A", &tree_a)
        };
        write_pages(root, PAGES, version);
        let mut child = std::process::Command::new(bin())
            .env("CONGKHAI_LANG", "en")
            .args(["build", "--output", "output"])
            .current_dir(root)
            .env("SOURCE_DATE_EPOCH", "1605257460")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(moments.next_ms(full * 5 / 4)));
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
    let recovered = build_tree(root, "output");
    assert_eq!(recovered, tree_a);
}
