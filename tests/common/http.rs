//! A minimal HTTP client for the preview server (requests sent exactly as written) and
//! a Server-Sent Events reader. Every read is bounded by `PATIENCE`.

use crate::common::{eventually, PATIENCE};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver};
use std::time::Instant;

/// The value of header `name` (any case) among `headers`.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
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
