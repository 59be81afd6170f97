//! Where the pages' final bodies wait between assembly and render. A body can only be
//! made once every page's address is known (its links are filled in then), and it is
//! read once when its page is rendered (the newest pages once more, for a feed). Held
//! as strings they are the largest thing a large build keeps: a one-off build writes
//! them to an unnamed temporary file and reads each back when it is needed, so they
//! wait in the kernel's page cache instead of the process's memory. `watch` keeps them
//! in memory: it reuses them from one rebuild to the next.

use std::borrow::Cow;

#[derive(Debug, Default)]
pub struct Bodies {
    held: Vec<Held>,
    file: Option<std::fs::File>,
}

#[derive(Debug)]
enum Held {
    Here(String),
    /// `len` bytes at `at` in `file`.
    Spilled {
        at: u64,
        len: usize,
    },
}

impl Bodies {
    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// The body of page `id`.
    ///
    /// # Panics
    /// When the temporary file cannot be read back. It is this process's own file,
    /// written moments before: failing to read it is a failing machine (like running
    /// out of memory, the other place these bodies could be), not bad input, and the
    /// build stops before `output/` is touched.
    pub fn get(&self, id: usize) -> Cow<'_, str> {
        match &self.held[id] {
            Held::Here(s) => Cow::Borrowed(s),
            Held::Spilled { at, len } => {
                Cow::Owned(self.read_back(*at, *len).unwrap_or_else(|e| {
                    panic!("cannot read page bodies back from congkhai's temporary file: {e}")
                }))
            }
        }
    }

    #[cfg(unix)]
    fn read_back(&self, at: u64, len: usize) -> std::io::Result<String> {
        use std::os::unix::fs::FileExt;
        let file = self.file.as_ref().ok_or(std::io::ErrorKind::NotFound)?;
        let mut bytes = vec![0; len];
        file.read_exact_at(&mut bytes, at)?;
        // The standard library's check was 3 % of a build's instructions here (every
        // body and text comes back once); simdutf8's gives the same verdict, faster.
        if simdutf8::basic::from_utf8(&bytes).is_err() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a page body came back as something other than UTF-8",
            ));
        }
        // SAFETY: checked to be UTF-8 just above.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    }

    #[cfg(not(unix))]
    fn read_back(&self, _at: u64, _len: usize) -> std::io::Result<String> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    /// Every body as a string again, in page order.
    pub fn into_strings(self) -> Vec<String> {
        (0..self.held.len())
            .map(|i| self.get(i).into_owned())
            .collect()
    }

    /// Moves the bodies held in memory to an unnamed temporary file (removed by the
    /// system when the process ends, however it ends). When the file cannot be made or
    /// written, the bodies stay in memory: the build is the same, only larger.
    pub fn spill(&mut self) {
        #[cfg(unix)]
        if self.file.is_none() {
            if let Ok(file) = self.spill_to_new_file() {
                self.file = Some(file);
            }
        }
    }

    #[cfg(unix)]
    fn spill_to_new_file(&mut self) -> std::io::Result<std::fs::File> {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let file = tempfile::tempfile()?;
        let mut at = 0u64;
        let places: Vec<(u64, usize)> = self
            .held
            .iter()
            .map(|h| {
                let len = match h {
                    Held::Here(s) => s.len(),
                    Held::Spilled { len, .. } => *len,
                };
                let place = (at, len);
                at += len as u64;
                place
            })
            .collect();
        // Written at known places, in parallel: one copy into the page cache each.
        self.held
            .par_iter()
            .zip(&places)
            .try_for_each(|(h, &(at, _))| match h {
                Held::Here(s) => file.write_all_at(s.as_bytes(), at),
                Held::Spilled { .. } => Ok(()),
            })?;
        for (h, (at, len)) in self.held.iter_mut().zip(places) {
            *h = Held::Spilled { at, len };
        }
        Ok(file)
    }
}

impl FromIterator<String> for Bodies {
    fn from_iter<I: IntoIterator<Item = String>>(bodies: I) -> Self {
        Bodies {
            held: bodies.into_iter().map(Held::Here).collect(),
            file: None,
        }
    }
}

impl IntoIterator for Bodies {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_strings().into_iter()
    }
}

impl From<Vec<String>> for Bodies {
    fn from(bodies: Vec<String>) -> Self {
        Bodies {
            held: bodies.into_iter().map(Held::Here).collect(),
            file: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_bodies_read_back_as_they_were() {
        let texts: Vec<String> = [
            "",
            "<p>Hội chợ OCOP</p>",
            "đ",
            &"<li>Tây Hồ</li>".repeat(500),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut bodies = Bodies::from(texts.clone());
        assert!(matches!(bodies.get(1), Cow::Borrowed(_)));
        bodies.spill();
        assert!(bodies.file.is_some(), "a temporary file could be made here");
        for (i, t) in texts.iter().enumerate() {
            assert!(matches!(bodies.get(i), Cow::Owned(_)));
            assert_eq!(bodies.get(i), t.as_str());
        }
        // A second spill keeps the same file and places.
        bodies.spill();
        assert_eq!(bodies.into_strings(), texts);
    }
}
