//! The HTTP/1.1 of the preview server, kept to what a preview needs: one request per
//! connection (every answer says `Connection: close`), a thread per connection, and a
//! bound on both.
//!
//! This replaced tiny_http, whose connection pool could lose a connection: when two
//! arrive at once, its `TaskPool::spawn` counts a thread already woken for the first as
//! still idle, queues the second and wakes nobody; the queued connection then waits
//! until another one closes. Browsers keep idle connections open, so a page's last
//! stylesheet (Chromium asks for `media="print"` ones last, on a new connection) could
//! wait forever. Here every accepted connection gets its own thread at once.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Connections served at once (live-reload streams included); more get 503.
const MAX_CONNECTIONS: usize = 128;
/// A request head larger than this is refused (a browser's is well under 8 KiB).
const MAX_HEAD: usize = 16 * 1024;
/// A client that sends nothing, or reads nothing, for this long is dropped.
const IDLE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other,
}

/// One request, and the connection its answer goes to.
pub struct Request {
    method: Method,
    target: String,
    stream: TcpStream,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// A header value or name that would break the response framing is left out.
fn clean(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n')
}

fn write_response(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    send_body: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        if clean(k) && clean(v) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = head.into_bytes();
    if send_body {
        out.extend_from_slice(body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

impl Request {
    pub fn method(&self) -> Method {
        self.method
    }

    /// The request target as sent: path and query.
    pub fn url(&self) -> &str {
        &self.target
    }

    /// Answers and closes the connection. A HEAD request gets the headers only.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let send_body = self.method != Method::Head;
        // The browser may have gone already; nothing to do about it.
        let _ = write_response(&mut self.stream, status, headers, body, send_body);
        let _ = self.stream.shutdown(Shutdown::Write);
    }

    /// The connection, for an answer that streams (live reload writes its own head).
    /// Writes may then block as long as the page reads, so the write timeout goes.
    pub fn into_stream(self) -> TcpStream {
        let _ = self.stream.set_write_timeout(None);
        self.stream
    }
}

enum Head {
    Request(Method, String),
    /// Answer with this status and close.
    Refuse(u16),
    /// The client went away or sent nothing: close without a word.
    Gone,
}

fn read_head(stream: &mut TcpStream) -> Head {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buf.len() > MAX_HEAD {
            return Head::Refuse(431);
        }
        match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Head::Gone,
            // A head cut short: what came is judged as it is.
            Ok(0) => break buf.len(),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return if buf.is_empty() {
                    Head::Gone
                } else {
                    Head::Refuse(408)
                };
            }
            Err(_) => return Head::Gone,
        }
    };
    if end > MAX_HEAD {
        return Head::Refuse(431);
    }
    let Ok(head) = std::str::from_utf8(&buf[..end]) else {
        return Head::Refuse(400);
    };
    let line = head.split("\r\n").next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Head::Refuse(400);
    };
    if !target.starts_with('/') || target.bytes().any(|b| b.is_ascii_control()) {
        return Head::Refuse(400);
    }
    match version {
        "HTTP/1.0" | "HTTP/1.1" => {}
        v if v.starts_with("HTTP/") => return Head::Refuse(505),
        _ => return Head::Refuse(400),
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        m if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) => Method::Other,
        _ => return Head::Refuse(400),
    };
    Head::Request(method, target.to_string())
}

/// Reads one request from `stream` and hands it to `handle`.
fn serve_one(mut stream: TcpStream, handle: &(dyn Fn(Request) + Sync)) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    match read_head(&mut stream) {
        Head::Request(method, target) => handle(Request {
            method,
            target,
            stream,
        }),
        Head::Refuse(status) => {
            let text = format!("{}\n", reason(status));
            let headers = [("Content-Type", "text/plain; charset=utf-8")];
            let _ = write_response(&mut stream, status, &headers, text.as_bytes(), true);
            let _ = stream.shutdown(Shutdown::Write);
            // Closing with unread bytes makes the kernel reset the connection, which
            // can discard the answer before the client reads it: read them first.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
            let _ = io::copy(&mut (&stream).take(1 << 20), &mut io::sink());
        }
        Head::Gone => {}
    }
}

/// Accepts connections on its own thread until [`Acceptor::stop`].
pub struct Acceptor {
    thread: Option<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl Acceptor {
    pub fn start(
        listener: TcpListener,
        handle: Arc<dyn Fn(Request) + Send + Sync>,
    ) -> io::Result<Acceptor> {
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let open = Arc::new(AtomicUsize::new(0));
        let stop = Arc::clone(&stopping);
        let thread = std::thread::Builder::new()
            .name("congkhai-accept".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        break;
                    }
                    // A connection that failed: the next one is unaffected.
                    let Ok(mut stream) = stream else { continue };
                    if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
                        open.fetch_sub(1, Ordering::AcqRel);
                        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                        let headers = [("Content-Type", "text/plain; charset=utf-8")];
                        let _ = write_response(&mut stream, 503, &headers, b"busy\n", true);
                        continue;
                    }
                    let (handle, done) = (Arc::clone(&handle), Arc::clone(&open));
                    let spawned = std::thread::Builder::new()
                        .name("congkhai-http".into())
                        .spawn(move || {
                            serve_one(stream, &*handle);
                            done.fetch_sub(1, Ordering::AcqRel);
                        });
                    if spawned.is_err() {
                        // The closure (and its count) went with the failed spawn.
                        open.fetch_sub(1, Ordering::AcqRel);
                    }
                }
            })?;
        Ok(Acceptor {
            thread: Some(thread),
            stopping,
            addr,
        })
    }

    /// Stops accepting. Connections being answered finish on their own threads.
    pub fn stop(mut self) {
        self.stopping.store(true, Ordering::Release);
        // `accept` returns only with a connection: make one.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn serve(handle: Arc<dyn Fn(Request) + Send + Sync>) -> (Acceptor, std::net::SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        (Acceptor::start(listener, handle).unwrap(), addr)
    }

    fn exchange(addr: std::net::SocketAddr, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(bytes).unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn connections_held_open_do_not_hold_up_new_ones() {
        // What tiny_http's pool got wrong: many connections at once, none closed by the
        // client, each must be answered.
        let (acceptor, addr) = serve(Arc::new(|r: Request| r.respond(200, &[], b"ok")));
        let mut held: Vec<TcpStream> = (0..24).map(|_| TcpStream::connect(addr).unwrap()).collect();
        for s in &mut held {
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
                .unwrap();
        }
        for s in &mut held {
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut first = [0u8; 12];
            s.read_exact(&mut first).unwrap();
            assert_eq!(&first, b"HTTP/1.1 200");
        }
        acceptor.stop();
    }

    #[test]
    fn heads_are_answered_without_a_body_and_bad_requests_are_refused() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let (acceptor, addr) = serve(Arc::new(move |r: Request| {
            log.lock().unwrap().push((r.method(), r.url().to_string()));
            r.respond(
                200,
                &[("Content-Type", "text/plain"), ("X-Bad", "a\r\nb")],
                b"body",
            )
        }));
        let head = exchange(addr, b"HEAD /a?b HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Length: 4\r\n"), "{head}");
        assert!(head.contains("Connection: close\r\n"), "{head}");
        assert!(!head.contains("X-Bad"), "{head}");
        assert!(head.ends_with("\r\n\r\n"), "{head}");
        assert!(exchange(addr, b"GET / HTTP/1.0\r\n\r\n").ends_with("body"));
        for (bad, status) in [
            (&b"\xff\xfe garbage\r\n\r\n"[..], "400"),
            (b"GET /\0 HTTP/1.1\r\n\r\n", "400"),
            (b"GET / HTTP/9.9\r\n\r\n", "505"),
            (b"GET", "400"),
            (b"get / HTTP/1.1\r\n\r\n", "400"),
        ] {
            let reply = exchange(addr, bad);
            assert!(reply.starts_with(&format!("HTTP/1.1 {status} ")), "{reply}");
        }
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(exchange(addr, long.as_bytes()).starts_with("HTTP/1.1 431 "));
        acceptor.stop();
        assert_eq!(
            *seen.lock().unwrap(),
            vec![
                (Method::Head, "/a?b".to_string()),
                (Method::Get, "/".to_string())
            ]
        );
    }
}
