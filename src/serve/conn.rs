//! The HTTP/1.1 of the preview server, kept to what a preview needs: one request per
//! connection (every answer says `Connection: close`) on a thread of its own, with
//! bounds that one client cannot use up.
//!
//! This replaced tiny_http, whose connection pool could lose a connection: when two
//! arrive at once, its `TaskPool::spawn` counts a thread already woken for the first as
//! still idle, queues the second and wakes nobody; the queued connection then waits
//! until another one closes. Browsers keep idle connections open, so a page's last
//! stylesheet (Chromium asks for `media="print"` ones last, on a new connection) could
//! wait forever. Here every accepted connection gets its own thread at once.
//!
//! Why a slow client cannot lock the preview out: a connection is either still sending
//! its request head ("reading") or being answered ("serving"), and the two are bounded
//! apart. A head must arrive whole within [`HEAD_DEADLINE`], however slowly its bytes
//! trickle in. Reading connections are capped per client address and in all; when a cap
//! is reached the *oldest* reading connection is dropped to make room, never the new one.
//! A browser's head arrives in one packet, so it is never the oldest for long, while a
//! client dribbling heads is; and every client of a local preview is 127.0.0.1, so a cap
//! that refused new connections would lock the browser out along with the dribbler.
//! Answers being written are capped in all and per address (503 beyond). The accept
//! loop only registers and spawns: it never waits on a client.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Connections still sending their request head, all clients together.
const MAX_READING: usize = 128;
/// Connections still sending their request head, from one address.
const MAX_READING_PER_CLIENT: usize = 64;
/// Requests being answered at once (a live-reload stream leaves this count: the hub
/// bounds those); more get 503.
const MAX_SERVING: usize = 64;
/// Requests being answered at once for one address, so that a client reading its
/// answers slowly leaves room for others (with `--bind` beyond loopback).
const MAX_SERVING_PER_CLIENT: usize = 48;
/// A request head larger than this is refused (a browser's is well under 8 KiB).
const MAX_HEAD: usize = 16 * 1024;
/// The whole request head must arrive within this time, not each byte of it.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A client that reads nothing of its answer for this long is dropped.
const IDLE: Duration = Duration::from_secs(10);

/// Sent with every answer, errors and live-reload streams included: nothing served is
/// sniffed into another type, and no page can run or style anything inline or from
/// elsewhere (what `serve` injects is a script and a stylesheet of its own, by address).
pub const SECURITY_HEADERS: [(&str, &str); 2] = [
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
];

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
    /// Names in lower case, in the order sent.
    headers: Vec<(String, String)>,
    stream: TcpStream,
}

/// The body of an answer.
pub enum Body<'a> {
    Bytes(&'a [u8]),
    /// This many bytes of the file from where it stands, streamed: a file is never
    /// read whole into memory, whatever its size.
    File(File, u64),
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// The body of a refusal, in the editor's language.
fn refusal_text(status: u16) -> String {
    use crate::diagnostic::tr;
    match status {
        400 => tr("status.http-400", &[]),
        408 => tr("status.http-408", &[]),
        431 => tr("status.http-431", &[]),
        503 => tr("status.http-503", &[]),
        505 => tr("status.http-505", &[]),
        _ => reason(status).to_string(),
    }
}

/// A header value or name that would break the response framing is left out.
fn clean(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n')
}

/// The status line and headers; `length` is None for a stream that ends with the
/// connection, and left out of a 304 (which has no body to measure).
fn head_text(status: u16, headers: &[(&str, &str)], length: Option<u64>) -> String {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in SECURITY_HEADERS.iter().chain(headers) {
        if clean(k) && clean(v) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    if let Some(n) = length.filter(|_| status != 304) {
        head.push_str(&format!("Content-Length: {n}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    head
}

fn write_response(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: Body<'_>,
    send_body: bool,
) -> io::Result<()> {
    let length = match &body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(_, n) => *n,
    };
    let mut out = head_text(status, headers, Some(length)).into_bytes();
    let send_body = send_body && status != 304;
    match body {
        // Head and a small body in one write: one packet with TCP_NODELAY.
        Body::Bytes(b) => {
            if send_body {
                out.extend_from_slice(b);
            }
            stream.write_all(&out)?;
        }
        Body::File(file, n) => {
            stream.write_all(&out)?;
            if send_body {
                // std turns this into sendfile(2) where it can: no copy through us.
                let sent = io::copy(&mut file.take(n), stream)?;
                if sent != n {
                    // The file shrank while being sent: the length promised is a lie
                    // the client must not take as the whole file.
                    return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
                }
            }
        }
    }
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

    /// The first header of that name (any case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Answers and closes the connection. A HEAD request gets the headers only.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: Body<'_>) {
        let send_body = self.method != Method::Head;
        // The browser may have gone already; nothing to do about it.
        let _ = write_response(&mut self.stream, status, headers, body, send_body);
        let _ = self.stream.shutdown(Shutdown::Write);
    }

    /// Sends a 200 head for an answer that streams until the connection closes (live
    /// reload), and hands over the connection. Writes may then block as long as the
    /// page reads, so the write timeout goes.
    pub fn into_stream(mut self, headers: &[(&str, &str)]) -> io::Result<TcpStream> {
        self.stream
            .write_all(head_text(200, headers, None).as_bytes())?;
        self.stream.flush()?;
        self.stream.set_write_timeout(None)?;
        Ok(self.stream)
    }
}

enum Head {
    Request(Method, String, Vec<(String, String)>),
    /// Answer with this status and close.
    Refuse(u16),
    /// The client went away, sent nothing, or was dropped for a newer connection:
    /// close without a word.
    Gone,
}

fn read_head(stream: &mut TcpStream, deadline: Instant, dropped: &AtomicBool) -> Head {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buf.len() > MAX_HEAD {
            return Head::Refuse(431);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return if buf.is_empty() {
                Head::Gone
            } else {
                Head::Refuse(408)
            };
        }
        let read = stream.read(&mut chunk);
        if dropped.load(Ordering::Acquire) {
            return Head::Gone;
        }
        match read {
            Ok(0) if buf.is_empty() => return Head::Gone,
            // A head cut short: what came is judged as it is.
            Ok(0) => break buf.len(),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            // Timed out (the loop then answers 408) or interrupted: look again.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return Head::Gone,
        }
    };
    if end > MAX_HEAD {
        return Head::Refuse(431);
    }
    let Ok(head) = std::str::from_utf8(&buf[..end]) else {
        return Head::Refuse(400);
    };
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default();
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
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Head::Refuse(400);
        };
        // RFC 9112 §5.1: no space between a field name and its colon.
        if name.is_empty() || name.bytes().any(|b| b.is_ascii_whitespace()) {
            return Head::Refuse(400);
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    Head::Request(method, target.to_string(), headers)
}

/// Answers a refused request and closes, reading what the client still sends for at
/// most a second: closing with unread bytes makes the kernel reset the connection,
/// which can discard the answer before the client reads it.
fn refuse(stream: &mut TcpStream, status: u16, extra: &[(&str, &str)]) {
    let text = format!("{}\n", refusal_text(status));
    let mut headers = vec![("Content-Type", "text/plain; charset=utf-8")];
    headers.extend_from_slice(extra);
    let body = Body::Bytes(text.as_bytes());
    let _ = write_response(stream, status, &headers, body, true);
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut chunk = [0u8; 4096];
    let mut drained = 0;
    while drained < (1 << 20) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// A connection still sending its head, and what it takes to drop it.
struct Waiting {
    id: u64,
    client: IpAddr,
    stream: TcpStream,
    dropped: Arc<AtomicBool>,
}

/// The connections still sending their heads, oldest first.
#[derive(Default)]
struct Reading {
    next: u64,
    waiting: VecDeque<Waiting>,
}

impl Reading {
    /// Registers a new connection, dropping the oldest ones over the caps to make room.
    fn admit(&mut self, client: IpAddr, stream: TcpStream) -> (u64, Arc<AtomicBool>) {
        if self.waiting.iter().filter(|w| w.client == client).count() >= MAX_READING_PER_CLIENT {
            let oldest = self.waiting.iter().position(|w| w.client == client);
            self.drop_at(oldest);
        }
        if self.waiting.len() >= MAX_READING {
            self.drop_at(Some(0));
        }
        let id = self.next;
        self.next += 1;
        let dropped = Arc::new(AtomicBool::new(false));
        self.waiting.push_back(Waiting {
            id,
            client,
            stream,
            dropped: Arc::clone(&dropped),
        });
        (id, dropped)
    }

    fn drop_at(&mut self, at: Option<usize>) {
        if let Some(w) = at.and_then(|i| self.waiting.remove(i)) {
            w.dropped.store(true, Ordering::Release);
            // Wakes its thread out of `read`.
            let _ = w.stream.shutdown(Shutdown::Both);
        }
    }

    fn done(&mut self, id: u64) {
        if let Some(at) = self.waiting.iter().position(|w| w.id == id) {
            self.waiting.remove(at);
        }
    }
}

fn lock(reading: &Mutex<Reading>) -> std::sync::MutexGuard<'_, Reading> {
    reading.lock().unwrap_or_else(|p| p.into_inner())
}

/// Takes a connection out of [`Reading`] when its head is in, or its thread ends in
/// any way (a panic included).
struct ReadingSlot {
    reading: Arc<Mutex<Reading>>,
    id: u64,
    dropped: Arc<AtomicBool>,
}

impl Drop for ReadingSlot {
    fn drop(&mut self) {
        lock(&self.reading).done(self.id);
    }
}

/// The requests being answered, in all and per client address.
#[derive(Default)]
struct Serving {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

/// One of [`MAX_SERVING`] (and of its client's [`MAX_SERVING_PER_CLIENT`]), given back
/// when the answer ends, a panic in the handler included (so a handler that panics
/// cannot use the slots up).
struct ServingSlot {
    serving: Arc<Mutex<Serving>>,
    client: IpAddr,
}

fn lock_serving(serving: &Mutex<Serving>) -> std::sync::MutexGuard<'_, Serving> {
    serving.lock().unwrap_or_else(|p| p.into_inner())
}

impl ServingSlot {
    fn take(serving: &Arc<Mutex<Serving>>, client: IpAddr) -> Option<ServingSlot> {
        let mut s = lock_serving(serving);
        let mine = s.by_client.get(&client).copied().unwrap_or(0);
        if s.total >= MAX_SERVING || mine >= MAX_SERVING_PER_CLIENT {
            return None;
        }
        s.total += 1;
        s.by_client.insert(client, mine + 1);
        Some(ServingSlot {
            serving: Arc::clone(serving),
            client,
        })
    }
}

impl Drop for ServingSlot {
    fn drop(&mut self) {
        let mut s = lock_serving(&self.serving);
        s.total -= 1;
        if let Some(n) = s.by_client.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                s.by_client.remove(&self.client);
            }
        }
    }
}

type Handler = dyn Fn(Request) + Send + Sync;

/// Reads one request from `stream` and hands it to `handle`.
fn serve_one(
    mut stream: TcpStream,
    slot: ReadingSlot,
    serving: &Arc<Mutex<Serving>>,
    client: IpAddr,
    handle: &Handler,
) {
    let _ = stream.set_write_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let head = read_head(&mut stream, Instant::now() + HEAD_DEADLINE, &slot.dropped);
    drop(slot);
    match head {
        Head::Request(method, target, headers) => {
            let Some(_serving) = ServingSlot::take(serving, client) else {
                return refuse(&mut stream, 503, &[("Retry-After", "1")]);
            };
            handle(Request {
                method,
                target,
                headers,
                stream,
            });
        }
        Head::Refuse(status) => refuse(&mut stream, status, &[]),
        Head::Gone => {}
    }
}

/// Accepts connections on its own thread until [`Acceptor::stop`].
pub struct Acceptor {
    thread: Option<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
    addr: SocketAddr,
}

impl Acceptor {
    pub fn start(listener: TcpListener, handle: Arc<Handler>) -> io::Result<Acceptor> {
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let reading = Arc::new(Mutex::new(Reading::default()));
        let serving = Arc::new(Mutex::new(Serving::default()));
        let thread = std::thread::Builder::new()
            .name("congkhai-accept".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        break;
                    }
                    let Ok(stream) = stream else {
                        // Out of file descriptors, most likely: give connections a
                        // moment to close rather than spin.
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    };
                    let client = stream
                        .peer_addr()
                        .map(|a| a.ip())
                        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
                    let Ok(handle_to_drop) = stream.try_clone() else {
                        continue;
                    };
                    let (id, dropped) = lock(&reading).admit(client, handle_to_drop);
                    let slot = ReadingSlot {
                        reading: Arc::clone(&reading),
                        id,
                        dropped,
                    };
                    let (handle, serving) = (Arc::clone(&handle), Arc::clone(&serving));
                    // If the thread cannot start, the closure (connection and slot
                    // with it) is dropped: the connection closes, the slot frees.
                    let _ = std::thread::Builder::new()
                        .name("congkhai-http".into())
                        .spawn(move || serve_one(stream, slot, &serving, client, &*handle));
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

    fn serve(handle: Arc<Handler>) -> (Acceptor, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        (Acceptor::start(listener, handle).unwrap(), addr)
    }

    fn exchange(addr: SocketAddr, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(bytes).unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn ok(r: Request) {
        r.respond(200, &[], Body::Bytes(b"ok"))
    }

    #[test]
    fn connections_held_open_do_not_hold_up_new_ones() {
        // What tiny_http's pool got wrong: many connections at once, none closed by the
        // client, each must be answered.
        let (acceptor, addr) = serve(Arc::new(ok));
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
            let range = r.header("RANGE").map(str::to_string);
            log.lock()
                .unwrap()
                .push((r.method(), r.url().to_string(), range));
            r.respond(
                200,
                &[("Content-Type", "text/plain"), ("X-Bad", "a\r\nb")],
                Body::Bytes(b"body"),
            )
        }));
        let head = exchange(
            addr,
            b"HEAD /a?b HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1\r\n\r\n",
        );
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
            (b"GET / HTTP/1.1\r\nno colon\r\n\r\n", "400"),
            (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", "400"),
        ] {
            let reply = exchange(addr, bad);
            assert!(reply.starts_with(&format!("HTTP/1.1 {status} ")), "{reply}");
            // Refusals carry the security headers too.
            assert!(
                reply.contains("X-Content-Type-Options: nosniff\r\n"),
                "{reply}"
            );
        }
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(exchange(addr, long.as_bytes()).starts_with("HTTP/1.1 431 "));
        acceptor.stop();
        assert_eq!(
            *seen.lock().unwrap(),
            vec![
                (
                    Method::Head,
                    "/a?b".to_string(),
                    Some("bytes=0-1".to_string())
                ),
                (Method::Get, "/".to_string(), None)
            ]
        );
    }

    #[test]
    fn a_handler_that_panics_gives_its_connection_slot_back() {
        // Issue 20, case 8 (a preview that cannot be starved): a panic on a connection's
        // thread must not keep its slot, or enough of them lock the preview out for
        // good. More panics than there were ever slots, then a request.
        let (acceptor, addr) = serve(Arc::new(|r: Request| {
            if r.url() == "/panic" {
                panic!("a handler bug");
            }
            ok(r)
        }));
        for _ in 0..200 {
            exchange(addr, b"GET /panic HTTP/1.1\r\n\r\n");
        }
        let reply = exchange(addr, b"GET / HTTP/1.1\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 200 "), "{reply}");
        acceptor.stop();
    }

    #[test]
    fn one_client_cannot_take_every_serving_slot() {
        let serving = Arc::new(Mutex::new(Serving::default()));
        let (one, other): (IpAddr, IpAddr) = ([127, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let mine: Vec<ServingSlot> = (0..MAX_SERVING_PER_CLIENT)
            .map(|_| ServingSlot::take(&serving, one).unwrap())
            .collect();
        assert!(ServingSlot::take(&serving, one).is_none());
        let theirs: Vec<ServingSlot> = (MAX_SERVING_PER_CLIENT..MAX_SERVING)
            .map(|_| ServingSlot::take(&serving, other).unwrap())
            .collect();
        assert!(
            ServingSlot::take(&serving, other).is_none(),
            "the total holds"
        );
        drop(mine);
        assert!(ServingSlot::take(&serving, one).is_some());
        drop(theirs);
        assert_eq!(lock_serving(&serving).total, 0);
        assert!(lock_serving(&serving).by_client.is_empty());
    }

    #[test]
    fn a_new_connection_drops_the_oldest_reading_one_never_itself() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let pairs: Vec<(TcpStream, TcpStream)> = (0..MAX_READING + 2)
            .map(|_| {
                let client = TcpStream::connect(addr).unwrap();
                (client, listener.accept().unwrap().0)
            })
            .collect();
        // One client over its cap, then one connection each from many others until
        // the total is over its cap too.
        let one: IpAddr = "127.0.0.1".parse().unwrap();
        let mut reading = Reading::default();
        let mut flags = Vec::new();
        for (i, (_, server_side)) in pairs.iter().enumerate() {
            let client = if i <= MAX_READING_PER_CLIENT {
                one
            } else {
                IpAddr::from([127, 0, 1, i as u8])
            };
            flags.push(reading.admit(client, server_side.try_clone().unwrap()).1);
        }
        let dropped: Vec<usize> = (0..flags.len())
            .filter(|&i| flags[i].load(Ordering::Acquire))
            .collect();
        // The per-client cap dropped the first of `one`, the total cap the next oldest.
        assert_eq!(dropped, vec![0, 1]);
        assert_eq!(reading.waiting.len(), MAX_READING);
        // The dropped connection is closed: its client reads the end at once.
        let mut first = pairs[0].0.try_clone().unwrap();
        first
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        assert_eq!(first.read(&mut [0u8; 8]).unwrap_or(0), 0);
    }
}
