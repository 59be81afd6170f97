//! Shared by tests/watch.rs, tests/serve.rs and tests/serve_hardening.rs: a copy of the fixture site, the real
//! binary run as a child that is always stopped, a minimal HTTP client and a
//! Server-Sent Events reader. Every wait is bounded.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the machine running the tests may be busy, and debug builds are slow.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// tests/fixtures/watch-site with the repository's themes, copied into `dir/site`.
pub fn fixture_site(dir: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = dir.join("site");
    copy_dir(&repo.join("tests/fixtures/watch-site"), &root);
    copy_dir(&repo.join("themes"), &root.join("themes"));
    root
}

pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

/// Polls `f` until it holds or `PATIENCE` runs out.
pub fn eventually(mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The congkhai binary running as a child; killed when dropped if still running.
pub struct Running {
    pub child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Running {
    pub fn start(args: &[&str], envs: &[(&str, &Path)]) -> Running {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_congkhai"));
        cmd.env("CONGKHAI_LANG", "en");
        cmd.args(args)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1609459200")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the congkhai binary starts");
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Running { child, lines }
    }

    pub fn log(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    pub fn count(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| pred(l))
            .count()
    }

    /// Waits until at least `n` lines satisfy `pred`.
    pub fn wait_lines(&self, n: usize, pred: impl Fn(&str) -> bool) {
        assert!(
            eventually(|| self.count(&pred) >= n),
            "timed out waiting for output; the log so far:\n{}",
            self.log()
        );
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGINT (Ctrl-C) and waits, bounded, for the exit.
    pub fn interrupt(&mut self) -> ExitStatus {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill has no memory effects; the pid is our own child's.
        unsafe {
            libc::kill(pid, libc::SIGINT);
        }
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the process did not exit:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request, sent exactly as written (no path clean-up, unlike most clients).
pub fn request(port: u16, method: &str, target: &str) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(PATIENCE))?;
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

pub fn get(port: u16, target: &str) -> Response {
    request(port, "GET", target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
}

/// Polls `target` until its body contains `text`.
pub fn wait_served(port: u16, target: &str, text: &str) -> Response {
    let mut last = None;
    let ok = eventually(|| match request(port, "GET", target) {
        Ok(r) => {
            let hit = r.text().contains(text);
            last = Some(r);
            hit
        }
        Err(_) => false,
    });
    let last = last.expect("the server answered");
    assert!(
        ok,
        "GET {target} never contained {text:?}; last answer: {} {}",
        last.status,
        last.text()
    );
    last
}

/// A Server-Sent Events stream: (event name, data) pairs as they arrive.
pub struct Events {
    pub rx: Receiver<(String, String)>,
    pub status_line: String,
    pub content_type: String,
}

impl Events {
    pub fn open(port: u16, target: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).unwrap();
        let mut content_type = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-type") {
                    content_type = v.trim().to_string();
                }
            }
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::from("message"), String::new());
            for line in reader.lines().map_while(Result::ok) {
                if line.is_empty() {
                    if tx.send((event.clone(), data.clone())).is_err() {
                        return;
                    }
                    event = "message".into();
                    data.clear();
                } else if let Some(v) = line.strip_prefix("event:") {
                    event = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                }
            }
        });
        Events {
            rx,
            status_line,
            content_type,
        }
    }

    /// The next event named `name` (others are skipped), within `PATIENCE`.
    pub fn next_named(&self, name: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => {}
                Err(e) => panic!("no `{name}` event arrived: {e}"),
            }
        }
    }
}

/// `serve` of `root` on a free port, its temporary folders under `tmp`, once it has
/// built: the server and its port.
pub fn start_serve(root: &Path, tmp: &Path) -> (Running, u16) {
    let port = free_port();
    let server = Running::start(
        &[
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--port",
            &port.to_string(),
        ],
        &[("TMPDIR", tmp)],
    );
    server.wait_lines(1, |l| l.starts_with("built "));
    (server, port)
}
