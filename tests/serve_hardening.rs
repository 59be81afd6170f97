//! The preview server under a stream of hostile and ordinary requests: 10,000 of them
//! in a bounded loop, over loopback only. It must answer every one, never serve a file
//! from outside the preview, not crash, and not pile up threads.

mod watch_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use watch_support::*;

fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Sends raw bytes and reads whatever comes back (or nothing), with short timeouts.
fn raw(port: u16, bytes: &[u8]) -> Vec<u8> {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return Vec::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = s.set_write_timeout(Some(Duration::from_secs(5)));
    let _ = s.write_all(bytes);
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
}

#[test]
fn ten_thousand_requests_without_a_crash_a_leak_or_an_escape() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_site(dir.path());
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let port = free_port();
    let mut server = Running::start(
        &[
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--port",
            &port.to_string(),
        ],
        &[("TMPDIR", tmp.as_path())],
    );
    server.wait_lines(1, |l| l.starts_with("built "));
    let pid = server.child.id();
    let threads_before = threads_of(pid);

    // The preview lives two folders below secret.txt (tmp/<preview>/), so these reach it
    // if any escape works.
    let hostile: [&[u8]; 11] = [
        b"GET /../../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%2e%2e/%2e%2e/%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /..%2fsecret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%2e%2e%2f%2e%2e%2fsecret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET //etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /\0 HTTP/1.1\r\n\r\n",
        b"\xff\xfe\xfd garbage\r\n\r\n",
        b"GET",
        b"GET /index.html HTTP/9.9\r\nContent-Length: -1\r\n\r\n",
        b"",
    ];
    let deadline = Instant::now() + Duration::from_secs(240);
    let mut answered = 0;
    for i in 0..10_000 {
        assert!(
            Instant::now() < deadline,
            "the loop is bounded in time; stopped at request {i}"
        );
        let reply = if i % 2 == 0 {
            raw(port, hostile[(i / 2) % hostile.len()])
        } else {
            let path = [
                "/",
                "/tin/mot/index.html",
                "/css/style.css",
                "/khong-co",
                "/tin",
            ][(i / 2) % 5];
            raw(
                port,
                format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
        };
        let text = String::from_utf8_lossy(&reply);
        assert!(
            !text.contains("TOP-SECRET"),
            "request {i} got a file from outside the preview"
        );
        if text.starts_with("HTTP/1.") {
            answered += 1;
        }
        if i % 1000 == 999 {
            assert!(
                server.is_running(),
                "the server died after {} requests",
                i + 1
            );
        }
    }
    assert!(
        answered >= 5_000,
        "every ordinary request is answered ({answered})"
    );
    assert!(server.is_running());
    assert_eq!(
        request(port, "GET", "/tin/mot/index.html")
            .map(|r| r.status)
            .ok(),
        Some(200),
        "still serving"
    );
    let threads_after = threads_of(pid);
    assert!(
        threads_after <= threads_before + 8,
        "threads grew from {threads_before} to {threads_after}"
    );
}
