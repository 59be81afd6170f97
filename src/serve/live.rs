//! Live reload over Server-Sent Events: each open preview page listens on
//! [`EVENTS_PATH`]; after a rebuild it is told to reload, and while the last save is
//! broken it is sent the error to show. One thread per listening page, at most
//! [`MAX_CLIENTS`] of them.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const SCRIPT_PATH: &str = "/__congkhai/live.js";
/// The error overlay's looks, which the script links when it first shows: the preview's
/// Content-Security-Policy allows no inline style (nor `style.cssText`).
pub const STYLE_PATH: &str = "/__congkhai/live.css";
pub const EVENTS_PATH: &str = "/__congkhai/events";
/// Open preview tabs served at once; more get 503 (and their pages simply do not reload).
pub const MAX_CLIENTS: usize = 32;
/// A comment line this often lets a closed tab be noticed and its thread end.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The script injected into served HTML pages (never into built files).
pub const SCRIPT: &str = include_str!("live.js");
pub const STYLE: &str = include_str!("live.css");

/// The tag that loads [`SCRIPT`], put before `</body>`.
pub fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\"></script>")
}

/// Inserts the live-reload script into an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = script_tag();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Reload,
    /// The last save is broken: the overlay's data (JSON, made by `serve::overlay`).
    Broken(String),
    /// The last build is good but has warnings: the panel's data (JSON).
    Warned(String),
}

impl Event {
    fn to_sse(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: {}\n\n".to_string(),
            // JSON holds no raw line break, so one `data:` line carries it whole.
            Event::Broken(data) => format!("event: broken\ndata: {data}\n\n"),
            Event::Warned(data) => format!("event: warned\ndata: {data}\n\n"),
        }
    }
}

#[derive(Default)]
struct State {
    broken: Option<String>,
    warned: Option<String>,
    clients: Vec<SyncSender<Event>>,
    closed: bool,
}

/// Where rebuilds are announced and listening pages subscribe.
pub struct Hub {
    state: Mutex<State>,
    listening: AtomicUsize,
    /// Changes each time a server starts, so that pages reconnecting to a new server
    /// (after a restart) reload instead of showing stale content.
    instance: String,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Hub {
            state: Mutex::new(State::default()),
            listening: AtomicUsize::new(0),
            instance: format!("{}-{nanos}", std::process::id()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn broadcast(&self, state: &mut State, event: Event) {
        state.clients.retain(|c| match c.try_send(event.clone()) {
            Ok(()) => true,
            // A tab that is slow to read already has a reload waiting.
            Err(TrySendError::Full(_)) => true,
            Err(TrySendError::Disconnected(_)) => false,
        });
    }

    /// A rebuild succeeded: every page reloads, and then shows the panel of
    /// `warned` (the build's warnings) if there is one.
    pub fn rebuilt(&self, warned: Option<String>) {
        let mut state = self.state();
        state.broken = None;
        state.warned = warned;
        self.broadcast(&mut state, Event::Reload);
    }

    /// A rebuild failed: every page shows the overlay `data` over the last good content.
    pub fn broken(&self, data: String) {
        let mut state = self.state();
        state.broken = Some(data.clone());
        self.broadcast(&mut state, Event::Broken(data));
    }

    /// Ends every stream: the server is stopping.
    pub fn close(&self) {
        let mut state = self.state();
        state.closed = true;
        state.clients.clear();
    }

    pub fn listening(&self) -> usize {
        self.listening.load(Ordering::Relaxed)
    }

    /// Streams events to one page until it goes away or the hub closes. `None` when
    /// too many pages already listen.
    pub fn subscribe(self: &Arc<Self>) -> Option<Subscription> {
        let taken = self
            .listening
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_CLIENTS).then_some(n + 1)
            });
        if taken.is_err() {
            return None;
        }
        let (tx, rx) = sync_channel(8);
        let mut state = self.state();
        if state.closed {
            self.listening.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        let first = match (&state.broken, &state.warned) {
            (Some(data), _) => Some(Event::Broken(data.clone())),
            (None, Some(data)) => Some(Event::Warned(data.clone())),
            (None, None) => None,
        };
        state.clients.push(tx);
        Some(Subscription {
            hub: Arc::clone(self),
            rx,
            first,
        })
    }
}

pub struct Subscription {
    hub: Arc<Hub>,
    rx: Receiver<Event>,
    first: Option<Event>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.listening.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Subscription {
    /// Writes the events to `out` (after the response head) until the page or the
    /// hub goes away.
    pub fn stream(self, out: &mut dyn Write) {
        let hello = format!(
            "retry: 1000\nevent: hello\ndata: {}\n\n",
            serde_json::json!({ "instance": self.hub.instance })
        );
        if out.write_all(hello.as_bytes()).is_err() || out.flush().is_err() {
            return;
        }
        if let Some(first) = &self.first {
            if out.write_all(first.to_sse().as_bytes()).is_err() || out.flush().is_err() {
                return;
            }
        }
        loop {
            let text = match self.rx.recv_timeout(KEEP_ALIVE) {
                Ok(event) => event.to_sse(),
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if out.write_all(text.as_bytes()).is_err() || out.flush().is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html)).unwrap();
        assert!(
            out.ends_with(&format!("{}</BODY></html>", script_tag())),
            "{out}"
        );
        let out = String::from_utf8(inject(b"<p>no body end")).unwrap();
        assert!(out.ends_with(&script_tag()), "{out}");
    }

    #[test]
    fn a_page_that_subscribes_while_broken_gets_the_error_first() {
        let hub = Arc::new(Hub::new());
        hub.broken(r#"{"text":"error[E0201]: bad YAML"}"#.into());
        let sub = hub.subscribe().unwrap();
        hub.rebuilt(None);
        hub.close();
        let mut out = Vec::new();
        sub.stream(&mut out);
        let text = String::from_utf8(out).unwrap();
        let broken = text.find("event: broken").unwrap();
        let reload = text.find("event: reload").unwrap();
        assert!(broken < reload, "{text}");
        assert!(
            text.contains(r#"data: {"text":"error[E0201]: bad YAML"}"#),
            "{text}"
        );
        assert_eq!(hub.listening(), 0);
    }

    #[test]
    fn a_page_that_loads_after_a_good_build_with_warnings_gets_them_and_a_fix_clears_them() {
        let hub = Arc::new(Hub::new());
        hub.rebuilt(Some(r#"{"items":[]}"#.into()));
        let sub = hub.subscribe().unwrap();
        hub.close();
        let mut out = Vec::new();
        sub.stream(&mut out);
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("event: warned\ndata: {\"items\":[]}"));
        hub.rebuilt(None);
        assert!(hub.state().warned.is_none() && hub.state().broken.is_none());
    }

    #[test]
    fn listeners_are_bounded() {
        let hub = Arc::new(Hub::new());
        let subs: Vec<Subscription> = (0..MAX_CLIENTS).map(|_| hub.subscribe().unwrap()).collect();
        assert!(hub.subscribe().is_none());
        drop(subs);
        assert!(hub.subscribe().is_some());
    }
}
