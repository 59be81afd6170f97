//! Where a rebuild's time goes, printed when `CONGKHAI_WATCH_SPANS` is set: a profile
//! of the incremental path that needs no profiler (and runs on the release binary the
//! benchmark uses).

use std::sync::Mutex;
use std::time::Instant;

static MARKS: Mutex<Vec<(&'static str, Instant)>> = Mutex::new(Vec::new());

fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CONGKHAI_WATCH_SPANS").is_some())
}

/// Notes that the step named `label` ended now.
pub fn mark(label: &'static str) {
    if enabled() {
        MARKS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((label, Instant::now()));
    }
}

/// Prints each step's time since the one before (from `start`), and forgets them.
pub fn print(start: Instant) {
    if !enabled() {
        return;
    }
    let marks = std::mem::take(&mut *MARKS.lock().unwrap_or_else(|p| p.into_inner()));
    let mut last = start;
    let parts: Vec<String> = marks
        .iter()
        .map(|(label, at)| {
            let d = at.saturating_duration_since(last);
            last = *at;
            format!("{label} {:.1}", d.as_secs_f64() * 1000.0)
        })
        .collect();
    eprintln!("spans (ms): {}", parts.join(", "));
}
