//! `congkhai build` and `check` on fixture sites and the bundled site, driving the binary.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Every relative href/src in every HTML file must name a file of the output, and every
/// `#fragment` an id in that file. Returns the broken links.
fn broken_links(out: &Path) -> Vec<String> {
    let files = tree(out);
    let mut ids: std::collections::HashMap<String, BTreeSet<String>> = Default::default();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            ids.insert(path.clone(), attr_values(&html, "id").into_iter().collect());
        }
    }
    let mut broken = Vec::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path.ends_with("404.html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
                continue;
            }
            let (file, fragment) = match link.split_once('#') {
                Some((f, frag)) => (f.to_string(), Some(frag.to_string())),
                None => (link.clone(), None),
            };
            let target = if file.is_empty() {
                path.clone()
            } else {
                let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
                let mut escaped = false;
                for seg in file.split('/') {
                    match seg {
                        "" | "." => {}
                        ".." => escaped |= parts.pop().is_none(),
                        s => parts.push(s),
                    }
                }
                if escaped {
                    broken.push(format!("{path}: {link} climbs out of the site"));
                    continue;
                }
                parts.join("/")
            };
            if !files.contains_key(&target) {
                broken.push(format!("{path}: {link} -> missing {target}"));
                continue;
            }
            if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                if !ids.get(&target).is_some_and(|s| s.contains(&frag)) {
                    broken.push(format!("{path}: {link} -> no id {frag} in {target}"));
                }
            }
        }
    }
    broken
}

#[test]
fn bundled_site_builds_with_every_page_in_both_languages() {
    let site = site("bundled");
    build_ok(site.path());
    let out = site.path().join("output");
    for page in [
        "index.html",
        "ke-hoach/2020-q4/index.html",
        "ke-hoach/2020-q4/03-van-hoa-xa-hoi/index.html",
        "su-kien/index.html",
        "su-kien/ngay-phap-luat/index.html",
        "su-kien/hoi-cho-ocop/index.html",
        "gioi-thieu/index.html",
        "categories/kinh-te-chinh-tri/index.html",
        "404.html",
        "en/index.html",
        "en/su-kien/ngay-phap-luat/index.html",
        "en/404.html",
        "css/style.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let plan = read(&out.join("ke-hoach/2020-q4/index.html"));
    assert!(plan.contains("<html lang=\"vi\">"));
    assert!(plan.contains("Quý IV/2020"), "the plan's period is shown");
    assert!(
        plan.contains("40,2 %") && plan.contains("43,4 %"),
        "both targets, in Vietnamese notation"
    );
    assert!(
        plan.contains("13/11/2020 15:51"),
        "posting time as in the source"
    );
    let group = read(&out.join("ke-hoach/2020-q4/02-dau-tu-xay-dung/index.html"));
    assert!(group.contains("ngõ 612 Lạc Long Quân"));
    let law_day = read(&out.join("su-kien/ngay-phap-luat/index.html"));
    assert!(
        law_day.contains("Từ 15/10/2020 đến 15/11/2020"),
        "{law_day}"
    );
    let law_day_en = read(&out.join("en/su-kien/ngay-phap-luat/index.html"));
    assert!(law_day_en.contains("<html lang=\"en\">"));
    assert!(law_day_en.contains("15 Oct – 15 Nov 2020"));
    assert!(
        law_day_en.contains(
            "href=\"../../../su-kien/ngay-phap-luat/index.html\" hreflang=\"vi\" lang=\"vi\""
        ),
        "language switcher leads to the translation"
    );
    let ocop = read(&out.join("su-kien/hoi-cho-ocop/index.html"));
    assert!(ocop.contains("Quý IV/2020") && ocop.contains("phố đi bộ Trịnh Công Sơn"));
    let events = read(&out.join("su-kien/index.html"));
    assert!(
        events.contains("Tháng 10/2020") && events.contains("Tháng 12/2020"),
        "events grouped by month"
    );
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = site("bundled");
    build_ok(site.path());
    let broken = broken_links(&site.path().join("output"));
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_link_checker_finds_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<a href=\"a/index.html\">x</a><a href=\"#nope\">y</a>",
    )
    .unwrap();
    assert_eq!(broken_links(dir.path()).len(), 2);
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let site = site("bundled");
    let mut trees = Vec::new();
    for threads in ["1", "2", "2"] {
        let out = site.path().join(format!("out-{}", trees.len()));
        congkhai(&["build", "--output"])
            .arg(&out)
            .dir(site.path())
            .env("RAYON_NUM_THREADS", threads)
            .ok();
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 100);
    assert_eq!(trees[0], trees[1], "1 thread vs 2 threads");
    assert_eq!(trees[1], trees[2], "two runs with 2 threads");
}

#[test]
fn malformed_front_matter_fails_naming_file_and_line_and_keeps_the_output() {
    let site = site("minimal");
    build_ok(site.path());
    let before = tree(&site.path().join("output"));
    std::fs::write(
        site.path().join("content/tin-tuc/bai-2.md"),
        "---\ntitle: Bài hai\ntags: [a, b\n---\nx\n",
    )
    .unwrap();
    let o = run(site.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("--> content/tin-tuc/bai-2.md:4:"), "{err}");
    assert_eq!(
        tree(&site.path().join("output")),
        before,
        "the previous output is untouched"
    );
}

#[test]
fn every_error_of_a_run_is_reported() {
    let site = site("minimal");
    std::fs::write(site.path().join("content/a.md"), "---\ntitel: A\n---\n").unwrap();
    std::fs::write(
        site.path().join("content/b.md"),
        "---\ntitle: B\n---\n[x](khong-co.md)\n",
    )
    .unwrap();
    let o = run(site.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/a.md:2:1") && err.contains("did you mean `title`"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:4:5") && err.contains("link to a missing page"),
        "{err}"
    );
    assert!(err.contains("2 errors in 2 files"), "{err}");
    assert!(!site.path().join("output").exists(), "check writes nothing");
}

#[test]
fn dangerous_output_folders_are_refused_and_nothing_is_deleted() {
    let site = site("minimal");
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("letter.txt"), "keep me").unwrap();
    let root = site.path().to_string_lossy().into_owned();
    let content = format!("{root}/content");
    let home_s = home.path().to_string_lossy().into_owned();
    let before_site = tree(site.path());
    for out in ["/", root.as_str(), content.as_str(), home_s.as_str(), ".."] {
        let o = congkhai(&["build", "--output", out])
            .dir(site.path())
            .env("HOME", home.path())
            .without("SOURCE_DATE_EPOCH")
            .output();
        assert_eq!(
            o.status.code(),
            Some(1),
            "--output {out} must be refused: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("refusing"), "{}", stderr(&o));
    }
    assert_eq!(read(&home.path().join("letter.txt")), "keep me");
    assert_eq!(tree(site.path()), before_site);
}

#[test]
fn a_folder_not_made_by_congkhai_is_never_replaced() {
    let site = site("minimal");
    let docs = site.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("notes.txt"), "mine").unwrap();
    let o = run(site.path(), &["build", "--output", "docs"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(read(&docs.join("notes.txt")), "mine");
    assert_eq!(tree(&docs).len(), 1);
}

#[test]
fn raw_script_in_markdown_does_not_reach_the_output() {
    let site = site("minimal");
    build_ok(site.path());
    let page = read(&site.path().join("output/tin-tuc/bai-1/index.html"));
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<script>document"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "shown as text instead");
}

#[test]
fn allow_html_sanitises_instead_of_escaping() {
    let site = site("minimal");
    let config = site.path().join("config.yaml");
    let text = read(&config) + "allow_html: true\n";
    std::fs::write(&config, text).unwrap();
    std::fs::write(
        site.path().join("content/html.md"),
        "---\ntitle: H\n---\n<b onclick=\"steal()\">đậm</b> <script>x()</script>\n",
    )
    .unwrap();
    build_ok(site.path());
    let page = read(&site.path().join("output/html/index.html"));
    assert!(page.contains("<b>đậm</b>"), "{page}");
    assert!(
        !page.contains("onclick") && !page.contains("<script>x"),
        "{page}"
    );
}

#[test]
fn links_are_rewritten_relative_to_each_page() {
    let site = site("minimal");
    build_ok(site.path());
    let home = read(&site.path().join("output/index.html"));
    assert!(
        home.contains("href=\"tin-tuc/bai-1/index.html#noi-dung\""),
        "{home}"
    );
    let post = read(&site.path().join("output/tin-tuc/bai-1/index.html"));
    assert!(post.contains("href=\"../../index.html\""));
    assert!(post.contains("<h2 id=\"noi-dung\">Nội dung</h2>"));
    assert!(
        post.contains("href=\"../../tags/duong-pho/index.html\""),
        "tag page, folded slug"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = site("minimal");
    assert_eq!(
        run(site.path(), &["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(run(site.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(site.path(), &["--help"]).status.code(), Some(0));
}

#[test]
fn check_accepts_the_bundled_site_and_writes_nothing() {
    let site = site("bundled");
    let o = run(site.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!site.path().join("output").exists());
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let site = site("minimal");
    build_ok(site.path());
    let page = site.path().join("output/tin-tuc/bai-1/index.html");
    let changed = site.path().join("output/en/tin-tuc/index.html");
    let inode = std::fs::metadata(&page).unwrap().ino();
    let before = read(&changed);
    std::fs::write(
        site.path().join("content/tin-tuc/_index.en.md"),
        "---\ntitle: News\n---\nAll the articles.\n",
    )
    .unwrap();
    build_ok(site.path());
    assert_ne!(read(&changed), before, "the edited page is rebuilt");
    assert_eq!(
        std::fs::metadata(&page).unwrap().ino(),
        inode,
        "a page the edit does not touch keeps its file"
    );
}
