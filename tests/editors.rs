//! The editors' workflow through the real binary: init, new, albums, the second theme,
//! completions, and what builds print.

mod common;

use common::{assert_ok, bundled_site, init_site, read, write};
use std::path::{Path, PathBuf};
use std::process::Output;

/// 2025-06-01: after the init site's example dates (2024), which would be publication
/// dates in the future (warning W0107) on an earlier day.
const AFTER_INIT_EXAMPLES: &str = "1748736000";

/// `congkhai ARGS` in `dir`, colour left to the terminal, "now" after the init site's
/// examples.
fn as_editor(args: &[&str], dir: &Path) -> Output {
    common::congkhai(args)
        .dir(dir)
        .colour_as_terminal()
        .at(AFTER_INIT_EXAMPLES)
        .output()
}

fn png_size(path: &Path) -> (u32, u32) {
    // Width and height are the first two fields of the IHDR chunk, at bytes 16..24.
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[1..4], b"PNG", "{}", path.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

fn jpeg_size(path: &Path) -> (u32, u32) {
    // The frame header (SOF0..SOF2) holds height then width, after the segment length
    // and the sample precision.
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..2], b"\xff\xd8", "{}", path.display());
    let mut i = 2;
    while i + 9 < b.len() {
        let (marker, len) = (b[i + 1], u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize);
        if (0xc0..=0xc2).contains(&marker) {
            let be = |j: usize| u32::from(u16::from_be_bytes([b[j], b[j + 1]]));
            return (be(i + 7), be(i + 5));
        }
        i += 2 + len;
    }
    panic!("no frame header in {}", path.display());
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let (_tmp, site) = init_site();
    let stderr = assert_ok(&as_editor(&["build"], &site));
    // 16 pages, the example notice and the example document in both languages.
    assert!(stderr.starts_with("built 22 pages"), "{stderr}");
    let out = site.join("output");
    for page in [
        "index.html",
        "en/index.html",
        "ke-hoach/vi-du/index.html",
        "ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du/index.html",
        "su-kien/su-kien-vi-du/index.html",
        "album-anh/vi-du/index.html",
        "album-anh/vi-du/minh-hoa.320w.jpg",
        "van-ban/vi-du-quyet-dinh/index.html",
        "van-ban/index.html",
        "van-ban/Vi-du-01-QD-VD.pdf",
        "thong-bao/thong-bao-vi-du/index.html",
        "danh-muc-thong-tin/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    // The example event is attached to the example task group.
    let event = std::fs::read_to_string(out.join("su-kien/su-kien-vi-du/index.html")).unwrap();
    assert!(event.contains("ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du/index.html"));
    // The example notice says it is one, and is open on its home page until its deadline.
    let notice = std::fs::read_to_string(out.join("thong-bao/thong-bao-vi-du/index.html")).unwrap();
    assert!(notice.contains("<h1>Thông báo ví dụ"), "{notice}");
    assert!(notice.contains(r#"class="notice-feedback""#));
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.contains("/output/") && gitignore.contains("/.congkhai-cache/"));
}

#[test]
fn init_with_the_portal_theme_makes_a_site_in_that_theme_from_the_binary_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("trang");
    let args = ["init", site.to_str().unwrap(), "--theme", "congthongtin"];
    assert_ok(&as_editor(&args, tmp.path()));
    // The theme and the one it builds on, nothing else.
    let mut themes: Vec<String> = std::fs::read_dir(site.join("themes"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    themes.sort();
    assert_eq!(themes, ["congthongtin", "default"]);
    let config = std::fs::read_to_string(site.join("config.yaml")).unwrap();
    assert!(config.contains("\ntheme: congthongtin\n"), "{config}");
    assert_ok(&as_editor(&["build"], &site));
    let home = std::fs::read_to_string(site.join("output/index.html")).unwrap();
    assert!(home.contains(r#"class="portal-header""#) && home.contains("css/theme.css"));

    let other = tmp.path().join("khac");
    let args = ["init", other.to_str().unwrap(), "--theme", "congthongtinn"];
    let out = as_editor(&args, tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("congthongtin, default"), "{stderr}");
    assert!(!other.exists());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("ghi-chu.txt"), "giữ lại").unwrap();
    let out = as_editor(&["init", "."], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0701]: the folder is not empty"));
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing was written"
    );
}

#[test]
fn each_kind_of_new_page_builds() {
    let (_tmp, site) = init_site();
    let made = [
        (
            &["new", "page", "lien-he.md", "--title", "Liên hệ"][..],
            "content/lien-he.md",
        ),
        (
            &["new", "event", "su-kien", "--title", "Hội chợ Xuân"][..],
            "content/su-kien/hoi-cho-xuan.md",
        ),
        (
            &["new", "task-group", "content/ke-hoach/vi-du/02-nhom-hai.md"][..],
            "content/ke-hoach/vi-du/02-nhom-hai.md",
        ),
        (
            &["new", "album", "album-anh", "--title", "Đêm nhạc"][..],
            "content/album-anh/dem-nhac/_index.md",
        ),
    ];
    for (args, file) in made {
        let stderr = assert_ok(&as_editor(args, &site));
        assert_eq!(
            stderr.lines().next(),
            Some(format!("created {file}").as_str())
        );
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(
            text.contains("date: 2025-06-01T07:00:00+07:00\n"),
            "{file}: today's date in +07:00\n{text}"
        );
    }
    // The second task group must not reuse number 1 in the same plan.
    let tg = site.join("content/ke-hoach/vi-du/02-nhom-hai.md");
    let text = std::fs::read_to_string(&tg)
        .unwrap()
        .replace("number: 1\n", "number: 2\n");
    std::fs::write(&tg, text).unwrap();
    let event = std::fs::read_to_string(site.join("content/su-kien/hoi-cho-xuan.md")).unwrap();
    assert!(
        event.contains("# task_group: ../ke-hoach/vi-du/01-nhom-nhiem-vu-vi-du.md\n"),
        "{event}"
    );
    assert_ok(&as_editor(&["build"], &site));
    let out = site.join("output");
    for page in [
        "lien-he/index.html",
        "su-kien/hoi-cho-xuan/index.html",
        "ke-hoach/vi-du/02-nhom-hai/index.html",
        "album-anh/dem-nhac/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let html = std::fs::read_to_string(out.join("su-kien/hoi-cho-xuan/index.html")).unwrap();
    assert!(html.contains("<h1>Hội chợ Xuân</h1>"));
}

#[test]
fn new_never_replaces_a_file() {
    let (_tmp, site) = init_site();
    let file = site.join("content/su-kien/su-kien-vi-du.md");
    let before = std::fs::read(&file).unwrap();
    let out = as_editor(&["new", "event", "su-kien/su-kien-vi-du.md"], &site);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[E0702]: this file already exists"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn album_thumbnails_are_smaller_and_made_once() {
    let site = bundled_site();
    let first = assert_ok(&as_editor(&["build", "--verbose"], site.path()));
    assert!(
        first.contains("album thumbnails: 6 made, 0 reused"),
        "{first}"
    );
    let album = site.path().join("output/album-anh/hoi-cho-ocop");
    for name in [
        "ap-phich-hoi-cho-ocop",
        "chuoi-04-hoi-cho",
        "gian-hang-ocop",
    ] {
        let original = album.join(format!("{name}.png"));
        let (ow, oh) = png_size(&original);
        for w in [320, 640] {
            let thumb = album.join(format!("{name}.{w}w.jpg"));
            assert_eq!(
                jpeg_size(&thumb),
                (w, (oh * w + ow / 2) / ow),
                "{name}: aspect ratio kept"
            );
            assert!(w < ow, "{name}: a thumbnail is narrower than its original");
        }
        // The grid loads the 320 px one: it must cost less than the original. (The
        // 640 px one is for 2x screens; for flat drawings PNG can be the smaller.)
        let bytes = |p: &Path| std::fs::metadata(p).unwrap().len();
        let small = album.join(format!("{name}.320w.jpg"));
        assert!(
            bytes(&small) < bytes(&original),
            "{name}: {} ≥ {}",
            bytes(&small),
            bytes(&original)
        );
    }
    let html = std::fs::read_to_string(album.join("index.html")).unwrap();
    assert!(html.contains(r#"srcset="../../album-anh/hoi-cho-ocop/ap-phich-hoi-cho-ocop.320w.jpg 320w, ../../album-anh/hoi-cho-ocop/ap-phich-hoi-cho-ocop.640w.jpg 640w""#), "{html}");
    assert!(html.contains(r#"width="320" height="213""#) && html.contains(r#"loading="lazy""#));
    assert!(html.contains(r#"<a href="../../album-anh/hoi-cho-ocop/gian-hang-ocop.png"><img"#));

    let cache = site.path().join(".congkhai-cache/thumbnails");
    let stamps = |dir: &Path| -> Vec<(PathBuf, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| (e.path(), e.metadata().unwrap().modified().unwrap()))
            .collect();
        v.sort();
        v
    };
    let before = stamps(&cache);
    assert_eq!(before.len(), 6);
    let second = assert_ok(&as_editor(&["build", "--verbose"], site.path()));
    assert!(
        second.contains("album thumbnails: 0 made, 6 reused"),
        "{second}"
    );
    assert_eq!(stamps(&cache), before, "the cache was not rewritten");
}

#[test]
fn the_second_theme_renders_the_bundled_site() {
    let site = bundled_site();
    assert_ok(&as_editor(
        &["build", "--output", "with-default"],
        site.path(),
    ));
    let config = site.path().join("config.yaml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("theme: default", "theme: congthongtin");
    std::fs::write(&config, text).unwrap();
    assert_ok(&as_editor(&["build"], site.path()));
    let html_files = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    };
    let out = site.path().join("output");
    let pages = html_files(&out);
    assert!(pages.len() > 40, "{pages:?}");
    assert_eq!(
        pages,
        html_files(&site.path().join("with-default")),
        "the same pages in both themes"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"class="portal-header""#) && home.contains(r#"class="portal-grid""#));
    for page in [
        "album-anh/hoi-cho-ocop/index.html",
        "su-kien/hoi-cho-ocop/index.html",
        "en/ke-hoach/2020-q4/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(r#"<h1 class="page-heading">"#), "{page}");
        assert!(html.contains("portal-footer"), "{page}");
    }
}

/// Points the site at `theme` and writes that theme's files.
/// (Only from `default`: a second call keeps the theme the first one set.)
fn use_theme(site: &Path, theme: &str, files: &[(&str, &str)]) {
    let config =
        read(&site.join("config.yaml")).replace("theme: default", &format!("theme: {theme}"));
    write(site, "config.yaml", config);
    for (path, text) in files {
        write(&site.join("themes").join(theme), path, text);
    }
}

#[test]
fn a_theme_that_extends_another_holds_only_what_differs() {
    let site = bundled_site();
    use_theme(
        site.path(),
        "mine",
        &[
            ("theme.yaml", "extends: default\n"),
            ("static/css/style.css", "/* mine */\n"),
            ("i18n/vi.yaml", "search_title: \"Tra cứu\"\n"),
        ],
    );
    assert_ok(&as_editor(&["build"], site.path()));
    let out = site.path().join("output");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // Its own files win; everything else comes from the theme it extends.
    assert_eq!(read("css/style.css"), "/* mine */\n");
    assert_eq!(
        read("css/print.css"),
        std::fs::read_to_string(site.path().join("themes/default/static/css/print.css")).unwrap()
    );
    assert!(read("search/index.html").contains("Tra cứu"));
    assert!(read("en/search/index.html").contains("<h1"));
    assert!(read("index.html").contains("<main"));
}

#[test]
fn a_theme_that_extends_a_missing_or_circular_theme_is_an_error() {
    let site = bundled_site();
    use_theme(site.path(), "mine", &[("theme.yaml", "extends: defualt\n")]);
    let out = as_editor(&["build"], site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0406"), "{stderr}");
    assert!(stderr.contains("themes/mine/theme.yaml:1:10"), "{stderr}");
    assert!(stderr.contains("did you mean `default`?"), "{stderr}");

    use_theme(site.path(), "mine", &[("theme.yaml", "extends: other\n")]);
    use_theme(site.path(), "other", &[("theme.yaml", "extends: mine\n")]);
    let out = as_editor(&["build"], site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("in a circle: mine → other → mine"),
        "{stderr}"
    );
}

#[test]
fn a_site_template_extends_the_theme_template_and_replaces_one_block() {
    let site = bundled_site();
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("event.html"),
        "{% extends \"default/event.html\" %}\n{% block heading %}<h1 class=\"event-title\">{{ page.title }}</h1>{% endblock heading %}\n",
    )
    .unwrap();
    assert_ok(&as_editor(&["build"], site.path()));
    let event = std::fs::read_to_string(site.path().join("output/su-kien/hoi-cho-ocop/index.html"))
        .unwrap();
    assert!(event.contains(r#"<h1 class="event-title">"#), "{event}");
    // The rest of the page is still the theme's.
    assert!(event.contains(r#"<dl class="facts">"#) && event.contains("footer-links"));
    let page = std::fs::read_to_string(site.path().join("output/gioi-thieu/index.html")).unwrap();
    assert!(!page.contains("event-title"));
}

#[test]
fn a_template_that_extends_its_own_name_is_told_to_name_the_theme() {
    let site = bundled_site();
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("event.html"),
        "{% extends \"event.html\" %}\n",
    )
    .unwrap();
    let out = as_editor(&["build"], site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> templates/event.html"), "{stderr}");
    assert!(
        stderr.contains(r#"{% extends "default/event.html" %}"#),
        "{stderr}"
    );
}

#[test]
fn completions_and_the_manual_follow_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = as_editor(&["completions", shell], tmp.path());
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success());
        for sub in ["build", "check", "init", "new", "completions"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let out = as_editor(&["man"], tmp.path());
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH congkhai"),
        "{man}"
    );
    assert!(man.contains("completions"));
    assert_eq!(
        as_editor(&["completions", "cmd"], tmp.path()).status.code(),
        Some(2)
    );
}

#[test]
fn quiet_prints_nothing_and_a_piped_big_build_prints_one_line() {
    let (_tmp, site) = init_site();
    let out = as_editor(&["build", "--quiet"], &site);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Over the progress bar's threshold, but piped: no bar, just the summary.
    for i in 0..320 {
        std::fs::write(
            site.join(format!("content/su-kien/trang-{i:03}.md")),
            format!("---\ntitle: \"Trang {i}\"\n---\n"),
        )
        .unwrap();
    }
    let stderr = assert_ok(&as_editor(&["build"], &site));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("built 342 pages") && !stderr.contains('\r'),
        "{stderr}"
    );
}

/// Every instruction for editors in the starter site is a YAML comment that starts with
/// one of these, so the test below can tell an instruction that reached a page.
const EDITOR_NOTE_MARKERS: [&str; 2] = ["Biên tập:", "Editors:"];

/// Words only an instruction to editors uses: file names and field names.
const EDITOR_WORDS: [&str; 6] = [
    "_index.md",
    "kind:",
    "HUONG-DAN.md",
    "GUIDE.md",
    "congkhai init",
    "congkhai new",
];

/// Regression: `init` published instructions meant for editors to citizens ("Mỗi kế
/// hoạch là một thư mục con có tệp `_index.md` (`kind: plan`)…" on /ke-hoach/).
#[test]
fn init_site_publishes_no_instruction_for_editors() {
    let (_tmp, site) = init_site();
    // The instructions are there, in comments, or this test proves nothing.
    let sources: String = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    for marker in EDITOR_NOTE_MARKERS {
        assert!(sources.contains(marker), "no `# {marker}` note in content/");
    }
    assert_ok(&as_editor(&["build"], &site));
    let mut leaks = Vec::new();
    for entry in walkdir::WalkDir::new(site.join("output"))
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue; // images
        };
        for word in EDITOR_NOTE_MARKERS.iter().chain(&EDITOR_WORDS) {
            if text.contains(word) {
                leaks.push(format!("{}: {word}", entry.path().display()));
            }
        }
    }
    assert!(leaks.is_empty(), "instructions published: {leaks:#?}");
}

/// Regression: the example plan showed "Các nhóm nhiệm vụ" twice, its own list and the
/// template's.
#[test]
fn init_plan_page_shows_no_heading_twice() {
    let (_tmp, site) = init_site();
    assert_ok(&as_editor(&["build"], &site));
    for page in ["ke-hoach/vi-du/index.html", "en/ke-hoach/vi-du/index.html"] {
        let html = std::fs::read_to_string(site.join("output").join(page)).unwrap();
        let mut headings: Vec<String> = Vec::new();
        for level in 1..=6 {
            let open = format!("<h{level}");
            let close = format!("</h{level}>");
            for part in html.split(&open).skip(1) {
                let inner = part.split(&close).next().unwrap_or("");
                let text = inner.split_once('>').map_or("", |(_, t)| t);
                // Text only: tags (anchors, spans) out, spaces folded.
                let mut plain = String::new();
                let mut in_tag = false;
                for c in text.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => plain.push(c),
                        _ => {}
                    }
                }
                headings.push(plain.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let twice: Vec<&String> = headings.iter().filter(|h| !seen.insert(*h)).collect();
        assert!(
            twice.is_empty(),
            "{page} repeats {twice:?} (headings: {headings:?})"
        );
        assert!(headings.len() >= 3, "{page}: {headings:?}");
    }
}

#[test]
fn init_ends_by_pointing_at_serve() {
    let tmp = tempfile::tempdir().unwrap();
    let stderr = assert_ok(&as_editor(&["init", "trang-moi"], tmp.path()));
    assert!(
        stderr.contains("next: cd trang-moi && congkhai serve"),
        "{stderr}"
    );
}

#[test]
fn init_github_pages_writes_a_workflow_that_builds_with_the_pages_address() {
    let tmp = tempfile::tempdir().unwrap();
    assert_ok(&as_editor(&["init", "plain"], tmp.path()));
    assert!(!tmp.path().join("plain/.github").exists());
    let stderr = assert_ok(&as_editor(&["init", "--github-pages", "gh"], tmp.path()));
    assert!(stderr.contains("CONGKHAI_GIT"), "{stderr}");
    let text = std::fs::read_to_string(tmp.path().join("gh/.github/workflows/pages.yml")).unwrap();
    let yaml: serde_json::Value = congkhai::yaml::parse(&text).unwrap();
    let steps = yaml["jobs"]["build"]["steps"].to_string();
    assert!(
        steps.contains("congkhai build --base-url \\\"${{ steps.pages.outputs.base_url }}/\\\""),
        "{steps}"
    );
    assert!(steps.contains("actions/upload-pages-artifact"), "{steps}");
    // Pinned to the congkhai that wrote it (or left unpinned where it was built without git).
    let rev = yaml["env"]["CONGKHAI_REV"].as_str().unwrap();
    assert!(
        rev == "commit unknown" || (rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit())),
        "{rev}"
    );
}
