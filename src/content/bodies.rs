//! Where the pages' texts wait until they are needed. A page's body as Markdown made it
//! is needed once its links can be filled in (that needs every page's address); its
//! final body once, when its page is rendered (the newest pages once more, for a feed);
//! its plain text once, by the search index. Held as strings, all of them at once are
//! most of a large build's memory. A one-off build writes each to unnamed temporary
//! files as soon as it is made and reads it back when it is needed, filling in a body's
//! links then, so they wait in the kernel's page cache instead of the process's memory.
//! `watch` keeps them in memory: it reuses them from one rebuild to the next.

use crate::markdown::fill_links;
use std::borrow::Cow;
use std::sync::Arc;

/// The temporary file: written at once by many threads. Each thread appends to a
/// lane of its own (its own unnamed file, through a buffer), so writers neither wait
/// on one another (the kernel locks a file for each write) nor pay a system call per
/// text.
#[derive(Debug)]
pub struct SpillFile {
    lanes: Box<[Lane]>,
}

/// One thread's file, and the texts not yet written to it.
#[derive(Debug)]
struct Lane {
    file: std::fs::File,
    pending: std::sync::Mutex<Pending>,
}

#[derive(Debug, Default)]
struct Pending {
    /// Bytes of the file already written; `buffer` continues from there.
    written: u64,
    buffer: Vec<u8>,
}

/// Texts are written a buffer at a time, about this many bytes (a few hundred pages).
const LANE_BUFFER: usize = 1 << 20;

/// Where one text is in a [`SpillFile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spilled {
    lane: u32,
    at: u64,
    len: usize,
}

impl SpillFile {
    /// Unnamed files (O_TMPFILE where there is one): gone when the process ends,
    /// however it ends. None where they cannot be made: texts then stay in memory.
    pub fn new() -> Option<Arc<SpillFile>> {
        if !cfg!(unix) {
            return None;
        }
        // One lane per worker thread, and one for any other thread.
        let lanes = (0..=rayon::current_num_threads())
            .map(|_| {
                tempfile::tempfile().ok().map(|file| Lane {
                    file,
                    pending: Default::default(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Arc::new(SpillFile {
            lanes: lanes.into_boxed_slice(),
        }))
    }

    fn pending(&self, n: usize) -> std::sync::MutexGuard<'_, Pending> {
        // A thread that panicked while holding a lane left whole texts behind it.
        self.lanes[n]
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn put(&self, text: &str) -> std::io::Result<Spilled> {
        let last = self.lanes.len() - 1;
        let n = rayon::current_thread_index().map_or(last, |i| i.min(last));
        let mut pending = self.pending(n);
        let at = pending.written + pending.buffer.len() as u64;
        pending.buffer.extend_from_slice(text.as_bytes());
        if pending.buffer.len() >= LANE_BUFFER {
            let Pending { written, buffer } = &mut *pending;
            write_at(&self.lanes[n].file, buffer, *written)?;
            *written += buffer.len() as u64;
            buffer.clear();
        }
        Ok(Spilled {
            lane: n as u32,
            at,
            len: text.len(),
        })
    }

    /// The text again.
    ///
    /// # Panics
    /// When it cannot be read back. It is this process's own file, written moments
    /// before: failing to read it is a failing machine (like running out of memory, the
    /// other place these texts could be), not bad input, and the build stops before
    /// `output/` is touched.
    pub fn get(&self, s: Spilled) -> String {
        let n = s.lane as usize;
        let pending = self.pending(n);
        let read = if s.at >= pending.written {
            let from = (s.at - pending.written) as usize;
            checked(pending.buffer[from..from + s.len].to_vec())
        } else {
            // Written bytes never change: read them without holding up the lane.
            drop(pending);
            read_at(&self.lanes[n].file, s.at, s.len)
        };
        read.unwrap_or_else(|e| {
            panic!("cannot read page texts back from congkhai's temporary file: {e}")
        })
    }
}

#[cfg(unix)]
fn write_at(file: &std::fs::File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(not(unix))]
fn write_at(_file: &std::fs::File, _bytes: &[u8], _at: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, at: u64, len: usize) -> std::io::Result<String> {
    let mut bytes = vec![0; len];
    std::os::unix::fs::FileExt::read_exact_at(file, &mut bytes, at)?;
    checked(bytes)
}

fn checked(bytes: Vec<u8>) -> std::io::Result<String> {
    // The standard library's check was 3 % of a build's instructions here (every
    // body and text comes back once); simdutf8's gives the same verdict, faster.
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a page text came back as something other than UTF-8",
        ));
    }
    // SAFETY: checked to be UTF-8 just above.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

#[cfg(not(unix))]
fn read_at(_file: &std::fs::File, _at: u64, _len: usize) -> std::io::Result<String> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// A text held here, or in a spill file.
#[derive(Debug)]
pub enum Held {
    Here(String),
    Away(Arc<SpillFile>, Spilled),
    /// A body as Markdown made it, in the spill file, and the addresses its link
    /// placeholders stand for: filled in when it is read. Filling it at assembly would
    /// read it back and write the final body again, a third of the file's traffic (its
    /// kernel time was 9 % of a 10,000-page build's CPU).
    ToFill(Arc<SpillFile>, Spilled, Box<[String]>),
}

impl Held {
    /// Moves `text` into `file` when there is one and it takes it.
    pub fn put(text: String, file: Option<&Arc<SpillFile>>) -> Held {
        match file.map(|f| (f, f.put(&text))) {
            Some((f, Ok(s))) => Held::Away(Arc::clone(f), s),
            _ => Held::Here(text),
        }
    }

    pub fn get(&self) -> Cow<'_, str> {
        match self {
            Held::Here(s) => Cow::Borrowed(s),
            Held::Away(f, s) => Cow::Owned(f.get(*s)),
            Held::ToFill(f, s, hrefs) => Cow::Owned(fill_links(&f.get(*s), hrefs)),
        }
    }

    pub fn into_string(self) -> String {
        match self {
            Held::Here(s) => s,
            Held::Away(f, s) => f.get(s),
            Held::ToFill(f, s, hrefs) => fill_links(&f.get(s), &hrefs),
        }
    }
}

/// One text per page, in page order.
#[derive(Debug, Default)]
pub struct Bodies {
    held: Vec<Held>,
}

impl Bodies {
    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// The text of page `id` (see [`SpillFile::get`] for when it panics).
    pub fn get(&self, id: usize) -> Cow<'_, str> {
        self.held[id].get()
    }

    /// Puts `text` in the place of page `id`'s, and gives back the one it replaces.
    pub fn replace(&mut self, id: usize, text: String) -> String {
        std::mem::replace(&mut self.held[id], Held::Here(text)).into_string()
    }

    /// Every text as a string again, in page order.
    pub fn into_strings(self) -> Vec<String> {
        self.held.into_iter().map(Held::into_string).collect()
    }
}

impl FromIterator<Held> for Bodies {
    fn from_iter<I: IntoIterator<Item = Held>>(held: I) -> Self {
        Bodies {
            held: held.into_iter().collect(),
        }
    }
}

impl FromIterator<String> for Bodies {
    fn from_iter<I: IntoIterator<Item = String>>(bodies: I) -> Self {
        bodies.into_iter().map(Held::Here).collect()
    }
}

impl IntoIterator for Bodies {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_strings().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_texts_read_back_as_they_were() {
        let texts: Vec<String> = [
            "",
            "<p>Hội chợ OCOP</p>",
            "đ",
            &"<li>Tây Hồ</li>".repeat(500),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let here: Bodies = texts.iter().cloned().collect();
        assert!(matches!(here.get(1), Cow::Borrowed(_)));
        let file = SpillFile::new().expect("a temporary file can be made here");
        let bodies: Bodies = texts
            .iter()
            .map(|t| Held::put(t.clone(), Some(&file)))
            .collect();
        for (i, t) in texts.iter().enumerate() {
            assert!(matches!(bodies.get(i), Cow::Owned(_)));
            assert_eq!(bodies.get(i), t.as_str());
        }
        // Texts put by other threads into the same file land elsewhere.
        let other: Vec<Held> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|i| {
                    let file = &file;
                    s.spawn(move || Held::put(format!("luồng {i}"), Some(file)))
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (i, h) in other.iter().enumerate() {
            assert_eq!(h.get(), format!("luồng {i}"));
        }
        assert_eq!(bodies.into_strings(), texts);
    }

    #[test]
    fn texts_read_back_from_the_buffer_and_from_the_file_alike() {
        let file = SpillFile::new().expect("a temporary file can be made here");
        // Enough to flush a lane several times, with a text larger than its buffer,
        // read back while some are written and the last still wait in the buffer.
        let texts: Vec<String> = (0..3000)
            .map(|i| match i {
                1234 => "ơ".repeat(LANE_BUFFER),
                _ => format!("<p>Trang {i}: {}</p>", "Tây Hồ ".repeat(i % 97)),
            })
            .collect();
        let spilled: Vec<Spilled> = texts
            .iter()
            .map(|t| file.put(t).expect("written"))
            .collect();
        let lane = &file.lanes[spilled[0].lane as usize];
        let written = lane.pending.lock().map(|p| p.written).unwrap_or(0);
        assert!(written > 2 * LANE_BUFFER as u64);
        assert!(spilled.last().is_some_and(|s| s.at >= written));
        for (t, s) in texts.iter().zip(&spilled) {
            assert_eq!(&file.get(*s), t);
        }
    }
}
