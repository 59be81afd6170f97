//! Proves that watch mode's incremental rebuilds give the same bytes as a clean build.
//!
//! A copy of the bundled site is edited step by step (titles, tags, weights, summaries,
//! event dates and task groups, slugs, new, deleted and renamed pages, new and removed
//! folders, assets, a template, broken and fixed front matter), by a fixed script and
//! then at random with fixed seeds. After each step the session is told which paths
//! changed (as the file watcher would) and rebuilds; a clean build of the same files
//! goes into another folder, and the two folders must hold the same files, byte for
//! byte. When the clean build fails, the rebuild must fail too and leave the output
//! exactly as the last good build made it.

mod common;

use common::rng::Rng;
use common::{copy_bundled, read, tree, write};
use congkhai::output::Staging;
use congkhai::pipeline::{self, Options};
use congkhai::watch::Session;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A clean build of the site as it is now: its files, or None when it has errors.
fn clean_build_in_process(root: &Path, out: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let _ = fs::remove_dir_all(out);
    let (site, theme) = pipeline::prepare(root, &Options::default()).ok()?;
    let staging = Staging::begin(root, out).unwrap();
    pipeline::render(&site, &theme, &staging).ok()?;
    staging.commit().unwrap();
    Some(tree(out))
}

fn assert_same(
    step: &str,
    incremental: &BTreeMap<String, Vec<u8>>,
    clean: &BTreeMap<String, Vec<u8>>,
) {
    let mut problems = Vec::new();
    for (path, bytes) in clean {
        match incremental.get(path) {
            None => problems.push(format!("missing {path}")),
            Some(b) if b != bytes => problems.push(format!("differs {path}")),
            _ => {}
        }
    }
    for path in incremental.keys() {
        if !clean.contains_key(path) {
            problems.push(format!("extra {path}"));
        }
    }
    assert!(
        problems.is_empty(),
        "after {step}: the incremental output is not the clean build's:\n  {}",
        problems.join("\n  ")
    );
}

/// Sets a top-level front-matter key (replacing its line, or adding it after `title:`).
fn set_key(text: &str, key: &str, value: &str) -> String {
    let mut out = Vec::new();
    let mut in_front = false;
    let mut done = false;
    for (i, line) in text.lines().enumerate() {
        if line == "---" {
            if i == 0 {
                in_front = true;
            } else if in_front {
                if !done {
                    out.push(format!("{key}: {value}"));
                    done = true;
                }
                in_front = false;
            }
            out.push(line.to_string());
            continue;
        }
        if in_front && !done && line.starts_with(&format!("{key}:")) {
            out.push(format!("{key}: {value}"));
            done = true;
            continue;
        }
        out.push(line.to_string());
    }
    out.join("\n") + "\n"
}

fn remove_key(text: &str, key: &str) -> String {
    let mut out = Vec::new();
    let mut dashes = 0;
    for line in text.lines() {
        if line == "---" {
            dashes += 1;
        }
        if dashes == 1 && line.starts_with(&format!("{key}:")) {
            continue;
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

fn key_value(text: &str, key: &str) -> Option<String> {
    text.lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .find_map(|l| {
            l.strip_prefix(&format!("{key}:"))
                .map(|v| v.trim().to_string())
        })
}

struct Site {
    root: PathBuf,
    clean_out: PathBuf,
    session: Session,
    /// Pages deleted by a step, to bring back later.
    deleted: Vec<(String, String)>,
    /// Files whose front matter a step broke: their good text.
    broken: Vec<(String, String)>,
    created: usize,
    last_good: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn new(dir: &Path) -> Site {
        Site::made(dir, |_| {})
    }

    /// A copy of the bundled site, `prepare`d (e.g. given a snapshot) before watching.
    fn made(dir: &Path, prepare: impl Fn(&Path)) -> Site {
        // "Now" is fixed so that nothing time-dependent can differ between two builds.
        std::env::set_var("SOURCE_DATE_EPOCH", common::WATCH_EPOCH);
        let root = dir.join("site");
        copy_bundled(&root);
        prepare(&root);
        let mut session = Session::new(&root, &root.join("output"), Options::default());
        let first = session.rebuild();
        assert!(first.is_ok(), "the bundled site builds: {first:?}");
        let clean_out = dir.join("clean");
        let last_good = clean_build_in_process(&root, &clean_out).expect("the bundled site builds");
        assert_same("the first build", &tree(&root.join("output")), &last_good);
        Site {
            root,
            clean_out,
            session,
            deleted: Vec::new(),
            broken: Vec::new(),
            created: 0,
            last_good,
        }
    }

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    fn read(&self, rel: &str) -> String {
        read(&self.content().join(rel))
    }

    fn write(&self, rel: &str, text: &str) {
        write(&self.content(), rel, text);
    }

    /// Markdown files now in content/, `/`-separated, sorted.
    fn pages(&self) -> Vec<String> {
        let content = self.content();
        let mut v: Vec<String> = walkdir::WalkDir::new(&content)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&content)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|p| p.ends_with(".md"))
            .collect();
        v.sort();
        v
    }

    fn leaf_pages(&self) -> Vec<String> {
        self.pages()
            .into_iter()
            .filter(|p| !p.rsplit('/').next().unwrap_or("").starts_with("_index"))
            .filter(|p| !self.broken.iter().any(|(b, _)| b == p))
            .collect()
    }

    fn sections(&self) -> Vec<String> {
        self.pages()
            .into_iter()
            .filter(|p| p.rsplit('/').next().unwrap_or("").starts_with("_index"))
            .collect()
    }

    fn of_kind(&self, kind: &str) -> Vec<String> {
        self.leaf_pages()
            .into_iter()
            .filter(|p| key_value(&self.read(p), "kind").as_deref() == Some(kind))
            .collect()
    }

    /// [`Site::check`] of a step that must build (`good`) or fail: a script whose
    /// steps all fail after an early mistake would prove nothing.
    fn expect(&mut self, good: bool, step: &str, changed: &[String]) {
        assert_eq!(
            self.check(step, changed, false),
            good,
            "{step}: the clean build {}",
            if good { "fails" } else { "succeeds" }
        );
    }

    /// Rebuilds after `changed` (content paths) and compares with a clean build; true
    /// when the clean build succeeded.
    fn check(&mut self, step: &str, changed: &[String], site_wide: bool) -> bool {
        for c in changed {
            self.session.content_changed(c);
        }
        if site_wide {
            self.session
                .site_changed("themes/default/templates/page.html");
        }
        let outcome = self.session.rebuild();
        let output = tree(&self.root.join("output"));
        match clean_build_in_process(&self.root, &self.clean_out) {
            Some(clean) => {
                assert!(
                    outcome.is_ok(),
                    "after {step}: a clean build succeeds but the rebuild failed: {outcome:?}"
                );
                assert_same(step, &output, &clean);
                self.last_good = clean;
                true
            }
            None => {
                assert!(
                    outcome.is_err(),
                    "after {step}: a clean build fails but the rebuild succeeded"
                );
                assert_same(&format!("{step} (failed)"), &output, &self.last_good);
                false
            }
        }
    }

    /// One random edit; returns its description and the content paths it changed.
    fn random_edit(&mut self, rng: &mut Rng) -> (String, Vec<String>, bool) {
        let leaves = self.leaf_pages();
        let page = rng.pick(&leaves).clone();
        let n = rng.next() % 1000;
        match rng.below(17) {
            0 => {
                let text = self.read(&page) + &format!("\nĐoạn thêm {n}.\n");
                self.write(&page, &text);
                (format!("append to {page}"), vec![page], false)
            }
            1 => {
                let text = set_key(&self.read(&page), "title", &format!("\"Tiêu đề {n}\""));
                self.write(&page, &text);
                (format!("retitle {page}"), vec![page], false)
            }
            2 => {
                let section = rng.pick(&self.sections()).clone();
                let text = set_key(&self.read(&section), "title", &format!("\"Mục {n}\""));
                self.write(&section, &text);
                (format!("retitle section {section}"), vec![section], false)
            }
            3 => {
                let pool = [
                    "OCOP",
                    "hội chợ",
                    "Thẻ mới",
                    "pháp luật",
                    "Tag A",
                    "kinh tế",
                ];
                let tags = format!("[\"{}\", \"{}\"]", rng.pick(&pool), rng.pick(&pool));
                let key = if rng.below(2) == 0 {
                    "tags"
                } else {
                    "categories"
                };
                let text = set_key(&self.read(&page), key, &tags);
                self.write(&page, &text);
                (format!("{key} {tags} on {page}"), vec![page], false)
            }
            4 => {
                let text = remove_key(&remove_key(&self.read(&page), "tags"), "categories");
                self.write(&page, &text);
                (format!("untag {page}"), vec![page], false)
            }
            5 => {
                let w = rng.below(7) as i64 - 3;
                let text = set_key(&self.read(&page), "weight", &w.to_string());
                self.write(&page, &text);
                (format!("weight {w} on {page}"), vec![page], false)
            }
            6 => {
                let text = set_key(&self.read(&page), "summary", &format!("\"Tóm tắt {n}\""));
                self.write(&page, &text);
                (format!("summary on {page}"), vec![page], false)
            }
            7 => {
                let text = self.read(&page);
                fs::remove_file(self.content().join(&page)).unwrap();
                self.deleted.push((page.clone(), text));
                (format!("delete {page}"), vec![page], false)
            }
            8 => match self.deleted.pop() {
                Some((p, text)) => {
                    self.write(&p, &text);
                    (format!("restore {p}"), vec![p], false)
                }
                None => (String::from("nothing"), Vec::new(), false),
            },
            9 => {
                self.created += 1;
                let dir = page
                    .rsplit_once('/')
                    .map(|(d, _)| format!("{d}/"))
                    .unwrap_or_default();
                let lang = if rng.below(2) == 0 { "" } else { ".en" };
                let p = format!("{dir}moi-{}{lang}.md", self.created);
                let text = if dir.starts_with("su-kien") && rng.below(2) == 0 {
                    format!("---\ntitle: \"Sự kiện mới {n}\"\nkind: event\nstart: 2020-11\ntags: [\"Thẻ mới\"]\n---\n\nNội dung.\n")
                } else {
                    format!(
                        "---\ntitle: \"Trang mới {n}\"\ntags: [\"OCOP\"]\n---\n\nNội dung mới.\n"
                    )
                };
                self.write(&p, &text);
                (format!("create {p}"), vec![p], false)
            }
            10 => {
                self.created += 1;
                let (dir, name) = page.rsplit_once('/').unwrap_or(("", page.as_str()));
                let to = format!(
                    "{}doi-ten-{}-{name}",
                    if dir.is_empty() {
                        String::new()
                    } else {
                        format!("{dir}/")
                    },
                    self.created
                );
                fs::rename(self.content().join(&page), self.content().join(&to)).unwrap();
                (format!("rename {page} to {to}"), vec![page, to], false)
            }
            11 => {
                let good = self.read(&page);
                let bad = good.replacen("title:", "titel:", 1);
                self.write(&page, &bad);
                self.broken.push((page.clone(), good));
                (format!("break {page}"), vec![page], false)
            }
            12 => {
                let events = self.of_kind("event");
                let groups = self.of_kind("task_group");
                if events.is_empty() || groups.is_empty() {
                    return (String::from("nothing"), Vec::new(), false);
                }
                let e = rng.pick(&events).clone();
                let g = rng.pick(&groups).clone();
                let depth = e.matches('/').count();
                let value = format!("{}{g}", "../".repeat(depth));
                let text = if rng.below(4) == 0 {
                    remove_key(&self.read(&e), "task_group")
                } else {
                    set_key(&self.read(&e), "task_group", &value)
                };
                self.write(&e, &text);
                (format!("task group of {e}: {value}"), vec![e], false)
            }
            13 => {
                let text = set_key(&self.read(&page), "slug", &format!("dia-chi-{n}"));
                self.write(&page, &text);
                (format!("slug on {page}"), vec![page], false)
            }
            14 => {
                let events = self.of_kind("event");
                if events.is_empty() {
                    return (String::from("nothing"), Vec::new(), false);
                }
                let e = rng.pick(&events).clone();
                let start = *rng.pick(&["2020-10-10", "2020-11", "2020-Q4", "2020-12-27"]);
                let text = remove_key(&set_key(&self.read(&e), "start", start), "end");
                self.write(&e, &text);
                (format!("start {start} on {e}"), vec![e], false)
            }
            15 => match self.broken.pop() {
                Some((p, good)) => {
                    self.write(&p, &good);
                    (format!("fix {p}"), vec![p], false)
                }
                None => (String::from("nothing"), Vec::new(), false),
            },
            _ => {
                let t = self.root.join("themes/default/templates/page.html");
                let text = fs::read_to_string(&t).unwrap() + &format!("{{# edit {n} #}}\n");
                fs::write(&t, text).unwrap();
                (String::from("template edit"), Vec::new(), true)
            }
        }
    }
}

#[test]
fn scripted_edits_match_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Site::new(dir.path());

    let event = "su-kien/hoi-cho-ocop.md".to_string();
    let text = s.read(&event) + "\nMột đoạn mới.\n";
    s.write(&event, &text);
    s.check("a body edit", std::slice::from_ref(&event), false);

    let text = set_key(&s.read(&event), "title", "\"Hội chợ (đổi tên)\"");
    s.write(&event, &text);
    s.check("an event's new title", std::slice::from_ref(&event), false);

    let group = "ke-hoach/2020-q4/02-dau-tu-xay-dung.md".to_string();
    let text = set_key(&s.read(&group), "title", "\"Nhóm 2 (đổi tên)\"");
    s.write(&group, &text);
    s.check(
        "a task group's new title",
        std::slice::from_ref(&group),
        false,
    );

    let text = set_key(&s.read(&event), "tags", "[\"Thẻ hoàn toàn mới\"]");
    s.write(&event, &text);
    s.check("a new tag", std::slice::from_ref(&event), false);

    // A broken save, an unrelated good edit while broken, then the fix.
    let good = s.read(&event);
    s.write(&event, &good.replacen("title:", "titel:", 1));
    s.check("broken front matter", std::slice::from_ref(&event), false);
    let other = "su-kien/ngay-phap-luat.en.md".to_string();
    let text = set_key(
        &s.read(&other),
        "summary",
        "\"Edited while another file is broken\"",
    );
    s.write(&other, &text);
    s.check("an edit while broken", std::slice::from_ref(&other), false);
    s.write(&event, &good);
    s.check("the fix", std::slice::from_ref(&event), false);

    // A new folder with a section and a page, then the folder removed at once.
    s.write(
        "tin-tuc/_index.md",
        "---\ntitle: \"Tin tức\"\n---\n\nTin.\n",
    );
    s.write(
        "tin-tuc/tin-1.md",
        "---\ntitle: \"Tin 1\"\ntags: [\"OCOP\"]\n---\n\nMột.\n",
    );
    s.check("a new folder", &["tin-tuc".to_string()], false);
    fs::remove_dir_all(s.content().join("tin-tuc")).unwrap();
    s.check("the folder removed", &["tin-tuc".to_string()], false);

    // An asset added and removed.
    s.write("su-kien/anh-thu.png", "not really a png");
    s.check("a new asset", &["su-kien/anh-thu.png".to_string()], false);
    fs::remove_file(s.content().join("su-kien/anh-thu.png")).unwrap();
    s.check(
        "the asset removed",
        &["su-kien/anh-thu.png".to_string()],
        false,
    );

    // English events that name a Vietnamese task group without a translation belong to
    // it (and show on the Vietnamese plan); when its translation appears they move to
    // it, and back when it goes.
    let group = "ke-hoach/2020-q4/06-thu-nghiem.md".to_string();
    s.write(
        &group,
        "---\ntitle: \"Nhóm thử\"\nkind: task_group\nnumber: 6\n---\n\nThử.\n",
    );
    let en_events = [
        "su-kien/hoi-cho-ocop.en.md",
        "su-kien/phien-giao-dich-viec-lam.en.md",
    ];
    for e in en_events {
        let text = set_key(
            &s.read(e),
            "task_group",
            "../ke-hoach/2020-q4/06-thu-nghiem.md",
        );
        s.write(e, &text);
    }
    let mut changed: Vec<String> = en_events.map(String::from).to_vec();
    changed.push(group);
    s.check(
        "events naming a task group of the other language",
        &changed,
        false,
    );
    let en_group = "ke-hoach/2020-q4/06-thu-nghiem.en.md".to_string();
    s.write(
        &en_group,
        "---\ntitle: \"Trial group\"\nkind: task_group\nnumber: 6\n---\n\nTrial.\n",
    );
    s.check(
        "the task group's translation created",
        std::slice::from_ref(&en_group),
        false,
    );
    fs::remove_file(s.content().join(&en_group)).unwrap();
    s.check(
        "the task group's translation deleted",
        std::slice::from_ref(&en_group),
        false,
    );

    // The shortcuts of a text-only edit (sitemap, calendars and open data kept, only
    // the edited language's search index made again) against the edits that must
    // reach past them.
    let ev = "su-kien/ngay-phap-luat.md".to_string();
    let text = s.read(&ev) + "\nMột câu cuối trang, sau phần tóm tắt.\n";
    s.write(&ev, &text);
    s.check("a text-only edit", std::slice::from_ref(&ev), false);
    let text = remove_key(&s.read(&ev), "summary");
    s.write(&ev, &text);
    s.check("a summary removed", std::slice::from_ref(&ev), false);
    let text = s.read(&ev).replacen(
        "\n---\n",
        "\n---\n\nĐoạn mở đầu mới, trong phần tóm tắt.\n",
        1,
    );
    s.write(&ev, &text);
    s.check(
        "an edit at the start of a page without summary",
        std::slice::from_ref(&ev),
        false,
    );
    let about = "gioi-thieu.md".to_string();
    let text = set_key(&s.read(&about), "date", "2020-10-05");
    s.write(&about, &text);
    s.check("a date set", std::slice::from_ref(&about), false);
    let text = set_key(&s.read(&about), "date", "2020-11-20");
    s.write(&about, &text);
    s.check("a date changed", std::slice::from_ref(&about), false);
    let about_en = "gioi-thieu.en.md".to_string();
    let saved = s.read(&about_en);
    fs::remove_file(s.content().join(&about_en)).unwrap();
    s.check(
        "a translation deleted",
        std::slice::from_ref(&about_en),
        false,
    );
    s.write(&about_en, &saved);
    s.check(
        "a translation created",
        std::slice::from_ref(&about_en),
        false,
    );
    // A link's target deleted (the build fails, and so must the rebuild), then back.
    let target = "su-kien/giai-phong-thu-do.md".to_string();
    let saved = s.read(&target);
    fs::remove_file(s.content().join(&target)).unwrap();
    s.check(
        "a link's target deleted",
        std::slice::from_ref(&target),
        false,
    );
    s.write(&target, &saved);
    s.check(
        "the link's target created",
        std::slice::from_ref(&target),
        false,
    );
    let text = saved.replace("\n---\n", "\n---\n\nThêm một dòng.\n");
    s.write(&target, &text);
    s.check(
        "the link's target edited",
        std::slice::from_ref(&target),
        false,
    );
    let text = set_key(&s.read(&ev), "tags", "[\"pháp luật\", \"Thẻ khác\"]");
    s.write(&ev, &text);
    s.check("a tag changed", std::slice::from_ref(&ev), false);

    // Two changes seen together; a section's new title; a template edit.
    let a = "gioi-thieu.md".to_string();
    let b = "su-kien/tuyen-quan-2021.en.md".to_string();
    let ta = set_key(&s.read(&a), "weight", "-5");
    s.write(&a, &ta);
    let tb = set_key(&s.read(&b), "title", "\"Renamed\"");
    s.write(&b, &tb);
    s.check("two edits at once", &[a, b], false);
    let sec = "su-kien/_index.en.md".to_string();
    let text = set_key(&s.read(&sec), "title", "\"Happenings\"");
    s.write(&sec, &text);
    s.check("a section's new title", &[sec], false);
    let t = s.root.join("themes/default/templates/page.html");
    let text = fs::read_to_string(&t)
        .unwrap()
        .replace("</article>", "<p>x</p></article>");
    fs::write(&t, text).unwrap();
    s.check("a template edit", &[], true);
}

#[test]
fn random_edits_match_a_clean_build() {
    let steps: usize = std::env::var("CONGKHAI_IDENTITY_STEPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    for seed in [0x5eed_u64, 0xc0ffee] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Site::new(dir.path());
        let mut rng = Rng(seed);
        for i in 0..steps {
            let (what, changed, site_wide) = s.random_edit(&mut rng);
            s.check(
                &format!("step {i} (seed {seed:#x}): {what}"),
                &changed,
                site_wide,
            );
        }
    }
}

/// Edits that leave every page in its place in the site graph (same file, address,
/// kind, task group, tags): watch patches the graph in place for these instead of
/// assembling it again, so each thing the patch must redo (order, checks) is here.
#[test]
fn edits_in_place_match_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Site::new(dir.path());
    let one = |p: &str| vec![p.to_string()];

    // Order: a task group's weight and number, an event's start and title.
    let group = "ke-hoach/2020-q4/05-chinh-quyen-hanh-chinh.md";
    let text = set_key(&s.read(group), "weight", "0");
    s.write(group, &text);
    s.expect(true, "a task group moved first by its weight", &one(group));
    let text = set_key(&s.read(group), "number", "1");
    s.write(group, &text);
    s.expect(false, "a task group's number taken twice", &one(group));
    let text = set_key(&s.read(group), "number", "9");
    s.write(group, &text);
    s.expect(true, "a task group's new number", &one(group));
    let text = set_key(&s.read(group), "title", "\"Nhóm năm (đổi tên)\"");
    s.write(group, &text);
    s.expect(
        true,
        "a task group's title, in its events' calendars",
        &one(group),
    );
    let event = "su-kien/ngay-phap-luat.md";
    let text = remove_key(&set_key(&s.read(event), "start", "2020-12-30"), "end");
    s.write(event, &text);
    s.expect(true, "an event moved last by its start", &one(event));
    let quarter = "su-kien/hoa-giai-tu-lien.md";
    let text = set_key(&s.read(quarter), "title", "\"A đầu tiên\"");
    s.write(quarter, &text);
    s.expect(true, "an event moved by its title", &one(quarter));

    // Terms: a new one, one gone, one renamed by the page that writes it first, and a
    // name without letters (an error).
    let text = set_key(&s.read(event), "tags", "[\"Thẻ riêng\", \"pháp luật\"]");
    s.write(event, &text);
    s.expect(true, "a new term", &one(event));
    let text = set_key(&s.read(event), "tags", "[\"PHÁP LUẬT\"]");
    s.write(event, &text);
    s.expect(
        true,
        "that term gone, another written otherwise",
        &one(event),
    );
    let text = set_key(&s.read(event), "categories", "[\"--\"]");
    s.write(event, &text);
    s.expect(false, "a category without letters", &one(event));
    let text = remove_key(&remove_key(&s.read(event), "tags"), "categories");
    s.write(event, &text);
    s.expect(true, "no terms at all", &one(event));

    // Dates and the feeds: an article's date moves it in and out of its feed.
    let text = set_key(&s.read(event), "date", "2021-06-01T08:00:00+07:00");
    s.write(event, &text);
    s.expect(true, "an event's date set after all others", &one(event));
    let text = s.read(event) + "\nMột câu mới ở cuối bài đứng đầu bản tin.\n";
    s.write(event, &text);
    s.expect(true, "the text of the newest article", &one(event));
    let text = remove_key(&s.read(event), "date");
    s.write(event, &text);
    s.expect(true, "the date removed", &one(event));

    // A heading other pages link to: renamed alone, the build fails; renamed with the
    // links to it, all in one change, it does not.
    let saved = s.read(group);
    s.write(
        group,
        &saved.replace("## Thi đua yêu nước", "## Thi đua và khen thưởng"),
    );
    s.expect(false, "a heading linked to renamed", &one(group));
    let mut changed = one(group);
    for linker in [
        "su-kien/mat-tran-to-quoc.md",
        "su-kien/thanh-lap-quan-tay-ho.md",
        "su-kien/giai-phong-thu-do.md",
        "ke-hoach/2020-q4/04-an-ninh-quoc-phong.md",
    ] {
        let text = s
            .read(linker)
            .replace("#thi-dua-yeu-nuoc", "#thi-dua-va-khen-thuong");
        s.write(linker, &text);
        changed.push(linker.to_string());
    }
    s.expect(true, "the heading and the links to it renamed", &changed);

    // A page's own links and photos are checked again.
    let about = "gioi-thieu.md";
    let saved = s.read(about);
    s.write(
        about,
        &(saved.clone() + "\nXem [trang không có](khong-co.md).\n"),
    );
    s.expect(false, "a link to a missing page", &one(about));
    s.write(
        about,
        &(saved.clone() + "\nXem [sự kiện](su-kien/ngay-phap-luat.md#khong-co).\n"),
    );
    s.expect(false, "a link to a missing heading", &one(about));
    s.write(
        about,
        &(saved + "\nXem [sự kiện](su-kien/ngay-phap-luat.md).\n"),
    );
    s.expect(true, "a good link added", &one(about));
    let album = "album-anh/hoi-cho-ocop/_index.md";
    let saved = s.read(album);
    s.write(album, &saved.replace("gian-hang-ocop.png", "gian-hang.png"));
    s.expect(false, "an album's photo missing", &one(album));
    s.write(album, &saved.replace("Áp phích vẽ", "Một áp phích vẽ"));
    s.expect(true, "an album's caption", &one(album));

    // Two edits at once, in two languages; then a summary and a title shown in lists.
    let a = "su-kien/hoi-cho-ocop.md";
    let b = "su-kien/hoi-cho-ocop.en.md";
    let ta = s.read(a) + "\nThêm một dòng.\n";
    s.write(a, &ta);
    let tb = set_key(&s.read(b), "summary", "\"A new summary\"");
    s.write(b, &tb);
    s.expect(
        true,
        "a page and its translation",
        &[a.to_string(), b.to_string()],
    );
    let text = set_key(&s.read(b), "title", "\"OCOP fairs, renamed\"");
    s.write(b, &text);
    s.expect(
        true,
        "a title shown on the task group and the plan",
        &one(b),
    );
}

/// A site with a snapshot in archive/ publishes it (copies, an archive index, links
/// from the plan): every kind of rebuild keeps all of it.
#[test]
fn rebuilds_keep_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Site::made(dir.path(), |root| {
        // The "now" Site::made set for this process.
        common::congkhai(&["snapshot", "2020-Q4", "--root"])
            .arg(root)
            .at(common::WATCH_EPOCH)
            .ok();
    });
    assert!(s.last_good.keys().any(|p| p.starts_with("archive/")));
    let one = |p: &str| vec![p.to_string()];
    let page = "su-kien/hoi-cho-ocop.md";
    let text = s.read(page) + "\nMột đoạn mới.\n";
    s.write(page, &text);
    s.expect(true, "a text edit", &one(page));
    let plan = "ke-hoach/2020-q4/_index.md";
    let text = s.read(plan) + "\nThêm một câu.\n";
    s.write(plan, &text);
    s.expect(true, "the archived plan's text", &one(plan));
    let new = "su-kien/moi.md";
    s.write(new, "---\ntitle: \"Mới\"\n---\n\nMới.\n");
    s.expect(true, "a page created", &one(new));
    fs::remove_file(s.content().join(new)).unwrap();
    s.expect(true, "the page deleted", &one(new));
    let text = set_key(&s.read(page), "tags", "[\"Thẻ mới\"]");
    s.write(page, &text);
    s.expect(true, "a new tag", &one(page));
    // A page where the archive is published: the clean build refuses it.
    let clash = "archive/2020-q4.md";
    s.write(clash, "---\ntitle: \"Lưu trữ\"\n---\n\nTrùng chỗ.\n");
    s.expect(false, "a page inside the archive's address", &one(clash));
    fs::remove_file(s.content().join(clash)).unwrap();
    s.expect(true, "that page deleted", &one(clash));
}

/// Lists that shrink (issue 16): every file a list had that a full build no longer
/// makes must go from the watched output, whether pages are deleted (watch assembles
/// the site again) or edited in place (watch patches the graph and renders only what
/// the edit reaches): a section's later pages, a term's later pages and the term's own
/// page, an events section's past year, a register page of a document type.
#[test]
fn lists_that_shrink_lose_the_pages_a_build_no_longer_makes() {
    // Test data, made up: 7 dated news pages at 2 a page (4 pages), all under one tag;
    // an event of 2019 (a past year: "now" is 2021-01-01); a decision of 2019.
    let news = |i: usize| format!("tin-tuc/tin-{i}.md");
    let event = "su-kien/su-kien-thu-2019.md";
    let decision = "van-ban/quyet-dinh-thu.md";
    let event_text = |start: &str| {
        format!("---\ntitle: \"Sự kiện thử\"\nkind: event\nstart: {start}\n---\n\nThử.\n")
    };
    let decision_text = |doc_type: &str| {
        format!(
            "---\ntitle: \"Quyết định thử\"\nkind: document\ndate: 2019-03-04\nnumber: ~\nissued: ~\ndoc_type: {doc_type}\nissuer: UBND quận Tây Hồ\n---\n\nThử.\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let mut s = Site::made(dir.path(), |root| {
        let config = fs::read_to_string(root.join("config.yaml")).unwrap() + "paginate: 2\n";
        fs::write(root.join("config.yaml"), config).unwrap();
        let content = root.join("content");
        fs::create_dir_all(content.join("tin-tuc")).unwrap();
        fs::write(
            content.join("tin-tuc/_index.md"),
            "---\ntitle: \"Tin thử\"\n---\n",
        )
        .unwrap();
        for i in 1..=7 {
            fs::write(
                content.join(news(i)),
                format!("---\ntitle: \"Tin thử {i}\"\ndate: 2020-10-{:02}\ntags: [\"Tin thử\"]\n---\n\nThử.\n", 10 + i),
            )
            .unwrap();
        }
        fs::write(content.join(event), event_text("2019-05-10")).unwrap();
        fs::write(content.join(decision), decision_text("Quyết định")).unwrap();
    });
    let out = s.root.join("output");
    let has = |s: &Site, path: &str| s.last_good.contains_key(path) && out.join(path).is_file();
    let gone = |path: &str| !out.join(path).exists();
    for path in [
        "tin-tuc/trang/4/index.html",
        "tags/tin-thu/trang/4/index.html",
        "su-kien/2019/index.html",
    ] {
        assert!(has(&s, path), "the first build makes {path}");
    }
    let type_pages = |s: &Site| -> Vec<String> {
        s.last_good
            .keys()
            .filter(|p| p.starts_with("van-ban/") && p.contains("quyet-dinh/"))
            .cloned()
            .collect()
    };
    assert!(!type_pages(&s).is_empty(), "a register page of the type");

    // Deleted: 7 pages become 4, then 2.
    for i in 5..=7 {
        fs::remove_file(s.content().join(news(i))).unwrap();
    }
    s.expect(
        true,
        "three news pages deleted",
        &(5..=7).map(news).collect::<Vec<_>>(),
    );
    for path in [
        "tin-tuc/trang/3/index.html",
        "tin-tuc/trang/4/index.html",
        "tags/tin-thu/trang/3/index.html",
    ] {
        assert!(gone(path), "{path} stays after its list shrank");
    }
    assert!(has(&s, "tin-tuc/trang/2/index.html"));

    // Edited in place: the section's own `paginate` makes its list one page.
    let section = "tin-tuc/_index.md";
    s.write(section, "---\ntitle: \"Tin thử\"\npaginate: 4\n---\n");
    s.expect(
        true,
        "the section's paginate raised",
        &[section.to_string()],
    );
    assert!(gone("tin-tuc/trang/2/index.html"));

    // The past year's last event moved into the current years, back, then deleted.
    s.write(event, &event_text("2020-12-10"));
    s.expect(true, "the 2019 event moved to 2020", &[event.to_string()]);
    assert!(gone("su-kien/2019/index.html"));
    s.write(event, &event_text("2019-05-10"));
    s.expect(true, "the event back in 2019", &[event.to_string()]);
    assert!(has(&s, "su-kien/2019/index.html"));
    fs::remove_file(s.content().join(event)).unwrap();
    s.expect(true, "the 2019 event deleted", &[event.to_string()]);
    assert!(gone("su-kien/2019/index.html"));

    // The tag's last pages deleted: its page goes.
    for i in 1..=4 {
        fs::remove_file(s.content().join(news(i))).unwrap();
        s.expect(true, &format!("news page {i} deleted"), &[news(i)]);
    }
    assert!(gone("tags/tin-thu/index.html"));
    assert!(gone("tags/tin-thu/trang/2/index.html"));

    // The only document of a type changes type: the type's register pages go.
    let old_type_pages = type_pages(&s);
    s.write(decision, &decision_text("Kế hoạch"));
    s.expect(true, "a document's type changed", &[decision.to_string()]);
    for path in &old_type_pages {
        assert!(gone(path), "{path} stays after its type emptied");
    }

    // A photo taken out of the album (in both languages): its thumbnails go, the
    // image itself stays a file of the site.
    let thumbnail = "album-anh/hoi-cho-ocop/gian-hang-ocop.320w.jpg";
    assert!(has(&s, thumbnail));
    let albums = [
        "album-anh/hoi-cho-ocop/_index.md",
        "album-anh/hoi-cho-ocop/_index.en.md",
    ];
    for album in albums {
        let text = s.read(album);
        let start = text
            .find("  - file: gian-hang-ocop.png")
            .expect("the photo");
        let end = text[start..]
            .find("\n---")
            .map_or(text.len(), |e| start + e);
        s.write(album, &format!("{}{}", &text[..start], &text[end + 1..]));
    }
    s.expect(
        true,
        "a photo taken out of the album",
        &albums.map(String::from),
    );
    assert!(
        gone(thumbnail),
        "{thumbnail} stays after its photo left the album"
    );
    assert!(has(&s, "album-anh/hoi-cho-ocop/gian-hang-ocop.png"));
}
