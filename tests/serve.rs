//! `congkhai serve`, driven as a user would: the real binary on a copy of
//! tests/fixtures/watch-site, a free port on 127.0.0.1, plain HTTP requests and a
//! Server-Sent Events stream. Every wait is bounded; every server is stopped.

mod common;

use common::*;
use std::fs;

/// Proves: edits, new, renamed and deleted pages are served after a rebuild, with a
/// reload event; a broken save sends the error, keeps the old page, and recovers.
#[test]
fn edits_are_served_and_a_broken_save_keeps_the_last_good_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let (mut server, port) = start_serve(&root, &tmp);
    let content = root.join("content");

    let page = get(port, "/tin/mot/index.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Nội dung gốc của tin một."));

    let events = Events::open(port, "/__congkhai/events");
    assert!(events.status_line.contains("200"), "{}", events.status_line);
    assert!(events.content_type.starts_with("text/event-stream"));
    events.next_named("hello");

    // An edit: a reload event, then the new text.
    let mot = content.join("tin/mot.md");
    let text = fs::read_to_string(&mot).unwrap();
    fs::write(&mot, text.replace("Nội dung gốc", "Nội dung đã sửa")).unwrap();
    events.next_named("reload");
    assert!(get(port, "/tin/mot/index.html")
        .text()
        .contains("Nội dung đã sửa của tin một."));

    // A new page, linked from nowhere: served at its address, listed in its section.
    fs::write(
        content.join("tin/ba.md"),
        "---\ntitle: \"Tin ba\"\n---\n\nTin ba mới.\n",
    )
    .unwrap();
    wait_served(port, "/tin/ba/index.html", "Tin ba mới.");
    wait_served(port, "/tin/index.html", "Tin ba");

    // Renamed: the old address is gone (the site's 404 page, status 404), the new served.
    fs::rename(content.join("tin/ba.md"), content.join("tin/bon.md")).unwrap();
    wait_served(port, "/tin/bon/index.html", "Tin ba mới.");
    // A rename can reach the watcher as two events, a creation and a removal, that
    // land in two rebuilds: the old address goes with the second.
    assert!(eventually(|| get(port, "/tin/ba/index.html").status == 404));
    let old = get(port, "/tin/ba/index.html");
    assert_eq!(old.status, 404);
    assert!(
        old.text().contains("<html lang=\"vi\""),
        "the site's own 404 page"
    );

    // Deleted: gone from the preview and from its section's list.
    fs::remove_file(content.join("tin/bon.md")).unwrap();
    assert!(eventually(|| get(port, "/tin/bon/index.html").status == 404));
    assert!(!get(port, "/tin/index.html").text().contains("Tin ba"));

    // A broken save: the error arrives as an event, the last good page stays.
    let good = fs::read_to_string(&mot).unwrap();
    fs::write(&mot, good.replacen("title:", "titel:", 1)).unwrap();
    let broken = events.next_named("broken");
    assert!(broken.contains("content/tin/mot.md:2:1"), "{broken}");
    assert!(broken.contains("unknown key `titel`"), "{broken}");
    assert!(server.is_running(), "bad input never stops the server");
    let kept = get(port, "/tin/mot/index.html");
    assert_eq!(kept.status, 200);
    assert!(kept.text().contains("Nội dung đã sửa của tin một."));

    // A page opened while broken is told at once.
    let late = Events::open(port, "/__congkhai/events");
    late.next_named("hello");
    assert!(late.next_named("broken").contains("titel"));

    // The fix: a reload, and the page is served from the new build.
    fs::write(
        &mot,
        good.replace("Nội dung đã sửa", "Nội dung sửa lần hai"),
    )
    .unwrap();
    events.next_named("reload");
    late.next_named("reload");
    assert!(get(port, "/tin/mot/index.html")
        .text()
        .contains("Nội dung sửa lần hai"));

    let status = server.interrupt();
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(
        !root.join("output").exists(),
        "the preview never writes output/"
    );
}

/// Proves: the HTTP basics (types, HEAD, folders, 404, methods) and that no request
/// path, however spelled, reads a file outside the preview; Ctrl-C removes the
/// temporary folder.
#[test]
fn paths_outside_the_preview_are_refused_and_ctrl_c_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "TOP-SECRET").unwrap();
    let (mut server, port) = start_serve(&root, &tmp);

    let home = get(port, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home
        .text()
        .contains("<script src=\"/__congkhai/live.js\"></script></body>"));
    let css = get(port, "/css/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("live.js"), "only HTML gets the script");
    let script = get(port, "/__congkhai/live.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));

    let head = request(port, "HEAD", "/tin/mot/index.html").unwrap();
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    let full = get(port, "/tin/mot/index.html");
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );

    let folder = get(port, "/tin");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/tin/"));
    assert!(
        get(port, "/tin/").text().contains("Tin một"),
        "a folder serves its index.html"
    );
    assert_eq!(get(port, "/en/nowhere").status, 404);
    assert!(
        get(port, "/en/nowhere")
            .text()
            .contains("<html lang=\"en\""),
        "404 in the path's language"
    );
    let post = request(port, "POST", "/").unwrap();
    assert_eq!(post.status, 405);
    assert_eq!(post.text(), "only GET and HEAD are served\n");

    // A link planted inside the preview folder that leads out of it.
    let served = fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("congkhai-serve-")
        })
        .expect("the preview lives in a temporary folder")
        .path();
    std::os::unix::fs::symlink(&secret, served.join("site/leak.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), served.join("site/up")).unwrap();

    let levels = "../".repeat(12);
    let attempts = [
        format!("/{levels}{}", secret.display()),
        format!("/..{}", secret.display()),
        "/../secret.txt".to_string(),
        "/../../secret.txt".to_string(),
        "/%2e%2e/secret.txt".to_string(),
        "/%2e%2e/%2e%2e/secret.txt".to_string(),
        "/%2E%2E%2fsecret.txt".to_string(),
        "/tin%2f..%2f..%2f..%2fsecret.txt".to_string(),
        "/..%5c..%5csecret.txt".to_string(),
        "/leak.txt".to_string(),
        "/up/secret.txt".to_string(),
        "/up/site/config.yaml".to_string(),
        "/.congkhai-output".to_string(),
    ];
    for target in &attempts {
        let r = request(port, "GET", target).unwrap();
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.text().contains("TOP-SECRET"), "{target} leaked a file");
        assert!(
            !r.text().contains("theme: default"),
            "{target} leaked a file"
        );
    }

    let status = server.interrupt();
    assert!(status.success(), "{status:?}\n{}", server.log());
    let left: Vec<_> = fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "temporary folders left behind: {left:?}");
    assert!(eventually(|| server
        .log()
        .contains("temporary preview folder is removed")));
}

/// Proves: a port already taken gives a clear error and exit status 1, not a panic.
#[test]
fn a_port_in_use_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = serve(&root, port, &[]);
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(1), "{}", server.log());
    let message = format!("port {port} on 127.0.0.1 is already in use");
    assert!(
        eventually(|| server.log().contains(&message)),
        "{}",
        server.log()
    );
}

/// Proves: the preview's plain-text refusals speak the editor's language (the tests'
/// default is English; here the console is Vietnamese), the status line HTTP's own.
#[test]
fn the_preview_refuses_in_the_editors_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let port = free_port();
    let mut server = serve(
        &root,
        port,
        &[
            ("TMPDIR", &tmp),
            ("CONGKHAI_LANG", std::path::Path::new("vi")),
        ],
    );
    server.wait_lines(1, |l| l.starts_with("đã dựng "));
    let post = request(port, "POST", "/").unwrap();
    assert_eq!(post.status, 405);
    assert_eq!(post.text(), "bản xem trước chỉ trả lời GET và HEAD\n");
    let bad = get(port, "/a%2Fb");
    assert_eq!(bad.status, 400);
    assert_eq!(bad.text(), "đường dẫn trong yêu cầu không hợp lệ\n");
    assert!(server.interrupt().success(), "{}", server.log());
}
