//! The text layer of an attached PDF, for the search index: read by `pdf-extract` in a
//! child process (this very binary, re-invoked with [`HELPER_ARG`]), so that a PDF that
//! makes the parser loop, allocate without end or panic costs one bounded child and a
//! warning, never the build. The child limits its own address space and CPU time
//! before it reads the file; the parent kills it when [`Limits::timeout`] has passed.
//!
//! The text is normalised to NFC with whitespace folded to single spaces, and cut at
//! [`Limits::max_chars`] characters by the child, so what comes back is small whatever
//! the PDF. Outcomes are kept for the life of the process by the file's SHA-256 (a
//! `watch` session reads each PDF once), except a timeout, which may not happen again
//! on a machine less busy.
//!
//! Only the binary knows how to run the child: `main.rs` calls [`use_helper`] with its
//! own path. A program that uses the library without doing so (a test, a benchmark)
//! indexes no PDF text: [`extract`] answers [`Outcome::NoHelper`].

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::Duration;

/// The first argument that makes the binary a PDF text helper instead of the CLI.
pub const HELPER_ARG: &str = "__pdf-text";

/// What one PDF may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for the child, from start to exit.
    pub timeout: Duration,
    /// The child's address space (`RLIMIT_AS`), in bytes.
    pub memory_bytes: u64,
    /// Characters of text kept.
    pub max_chars: usize,
}

impl Default for Limits {
    /// Measured on real office PDFs (figures in the commit that added this module):
    /// a page of Vietnamese text takes a few milliseconds and well under 64 MiB.
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(10),
            memory_bytes: 512 * 1024 * 1024,
            max_chars: 4096,
        }
    }
}

/// What reading one PDF gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The text layer, NFC, whitespace folded; empty for a scan without one.
    Text(String),
    /// The PDF could not be read: corrupt, encrypted, or more than its memory allows.
    Unreadable(String),
    /// Still reading when the time ran out; the child was killed.
    TooSlow,
    /// No helper was registered ([`use_helper`]): nothing is read.
    NoHelper,
}

static HELPER: OnceLock<PathBuf> = OnceLock::new();

/// Outcomes by SHA-256 for this process (timeouts are not kept).
fn memo() -> &'static Mutex<HashMap<String, Outcome>> {
    static MEMO: OnceLock<Mutex<HashMap<String, Outcome>>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// Registers the program [`extract`] runs as the child: the congkhai binary itself.
pub fn use_helper(program: PathBuf) {
    let _ = HELPER.set(program);
}

/// The text of the PDF at `path`, whose SHA-256 is `sha256`, within `limits`.
pub fn extract(path: &Path, sha256: &str, limits: Limits) -> Outcome {
    let Some(program) = HELPER.get() else {
        return Outcome::NoHelper;
    };
    let key = format!("{sha256}:{}", limits.max_chars);
    if let Some(known) = memo().lock().ok().and_then(|m| m.get(&key).cloned()) {
        return known;
    }
    let outcome = run_child(program, path, limits);
    if outcome != Outcome::TooSlow {
        if let Ok(mut m) = memo().lock() {
            m.insert(key, outcome.clone());
        }
    }
    outcome
}

fn run_child(program: &Path, path: &Path, limits: Limits) -> Outcome {
    let spawned = Command::new(program)
        .arg(HELPER_ARG)
        .arg(path)
        .arg(limits.max_chars.to_string())
        .arg(limits.memory_bytes.to_string())
        .arg(limits.timeout.as_secs().max(1).to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return Outcome::Unreadable(e.to_string()),
    };
    // Four bytes a character at most, and room for the reason on failure.
    let cap = (limits.max_chars as u64) * 4 + 64;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Outcome::Unreadable("no pipe to the helper".into());
    };
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let _ = stdout.take(cap).read_to_end(&mut out);
        let _ = stderr.take(4096).read_to_end(&mut err);
        let _ = tx.send((out, err));
    });
    let outcome = match rx.recv_timeout(limits.timeout) {
        Ok((out, err)) => match child.wait() {
            Ok(status) if status.success() => {
                Outcome::Text(String::from_utf8_lossy(&out).into_owned())
            }
            Ok(status) => {
                let reason = String::from_utf8_lossy(&err).trim().to_string();
                Outcome::Unreadable(if reason.is_empty() {
                    // Killed by its own limits (an allocation refused aborts it).
                    format!("the reader stopped ({status})")
                } else {
                    reason
                })
            }
            Err(e) => Outcome::Unreadable(e.to_string()),
        },
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Outcome::TooSlow
        }
    };
    let _ = reader.join();
    outcome
}

/// The child: `<binary> __pdf-text <file> <max_chars> <memory_bytes> <cpu_seconds>`.
/// Prints the text on standard output and exits 0, or a reason on standard error and
/// exits 1. Never returns.
pub fn helper_main(args: &[std::ffi::OsString]) -> ! {
    let number = |a: &std::ffi::OsString| a.to_str().and_then(|s| s.parse::<u64>().ok());
    let parsed = match args {
        [file, chars, memory, seconds] => number(chars)
            .zip(number(memory))
            .zip(number(seconds))
            .map(|((c, m), s)| (file, c as usize, m, s)),
        _ => None,
    };
    let Some((file, max_chars, memory, seconds)) = parsed else {
        fail("usage: congkhai __pdf-text FILE MAX_CHARS MEMORY_BYTES CPU_SECONDS");
    };
    limit_self(memory, seconds);
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => fail(&e.to_string()),
    };
    // pdf-extract panics on some malformed files: that is an unreadable PDF.
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(|| first_pages_text(&bytes, max_chars));
    let text = match read {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => fail(&e),
        Err(p) => fail(
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .as_deref()
                .unwrap_or("the PDF reader gave up"),
        ),
    };
    let clean = clean_text(&text, max_chars);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(clean.as_bytes());
    let _ = stdout.flush();
    // No destructors: the parser's structures may be large, and the answer is out.
    std::process::exit(0)
}

/// The text of the first pages of a PDF, page after page until `max_chars` are
/// had: a long PDF costs no more than its beginning.
fn first_pages_text(bytes: &[u8], max_chars: usize) -> Result<String, String> {
    use pdf_extract::{output_doc_page, Document, PlainTextOutput};
    let mut doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
    // A file with a user password cannot be read; one with only an owner password
    // (printing or copying restricted) opens with the empty password.
    if doc.trailer.get(b"Encrypt").is_ok() && (!doc.is_encrypted() || doc.decrypt("").is_err()) {
        return Err("the PDF is protected by a password".into());
    }
    let mut text = String::new();
    for page in doc.get_pages().into_keys() {
        {
            let mut output = PlainTextOutput::new(&mut text);
            output_doc_page(&doc, &mut output, page).map_err(|e| e.to_string())?;
        }
        text.push(' ');
        if clean_text(&text, max_chars + 1).chars().count() > max_chars {
            break;
        }
    }
    Ok(text)
}

fn fail(reason: &str) -> ! {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(reason.as_bytes());
    let _ = stderr.flush();
    std::process::exit(1)
}

/// The child's own limits: address space and CPU time, set before it reads a byte.
#[cfg(target_os = "linux")]
fn limit_self(memory: u64, seconds: u64) {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let _ = setrlimit(
        Resource::As,
        Rlimit {
            current: Some(memory),
            maximum: Some(memory),
        },
    );
    // A backstop should the parent be gone: the kernel stops a child that spins.
    let _ = setrlimit(
        Resource::Cpu,
        Rlimit {
            current: Some(seconds + 1),
            maximum: Some(seconds + 2),
        },
    );
}

#[cfg(not(target_os = "linux"))]
fn limit_self(_memory: u64, _seconds: u64) {}

/// NFC, control characters dropped, every run of whitespace one space, at most
/// `max_chars` characters (cut at a space when there is one near the end).
pub fn clean_text(text: &str, max_chars: usize) -> String {
    let nfc = crate::text::nfc(text);
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in nfc.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if space {
            if count + 1 >= max_chars {
                break;
            }
            out.push(' ');
            count += 1;
            space = false;
        }
        if count >= max_chars {
            // Mid-word: drop the piece of the word already written.
            if let Some(cut) = out.rfind(' ') {
                out.truncate(cut);
            }
            break;
        }
        out.push(c);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_nfc_with_single_spaces_and_capped_at_a_word() {
        // "Quyết" with its marks as combining characters, as some PDFs give them.
        let decomposed = "Quye\u{302}\u{301}t  \u{0}\n\t định\u{c}số 15";
        assert_eq!(clean_text(decomposed, 100), "Quyết định số 15");
        assert_eq!(clean_text("một hai ba", 7), "một hai");
        assert_eq!(clean_text("một hai ba", 6), "một");
        assert_eq!(clean_text("  ", 10), "");
    }

    #[test]
    fn without_a_helper_nothing_is_read() {
        assert_eq!(
            extract(Path::new("/nonexistent.pdf"), "00", Limits::default()),
            Outcome::NoHelper
        );
    }
}
