//! Where rendered files go. The render stage hands every file it makes to a [`Sink`];
//! the caller chooses which: the output's staging folder (`output::Staging`), memory
//! (`watch`, `snapshot`), nothing (`check`), or a progress bar around one of those.
//! Defined at the bottom of the layers so that each of them can implement it without
//! importing the stage that calls it.

use std::path::Path;

/// Where rendered files go. Paths are `/`-separated and relative to the output root.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.put(path, &std::fs::read(from)?)
    }
    /// False for a sink that throws bytes away, so costly files (thumbnails) are not made.
    fn keeps_bytes(&self) -> bool {
        true
    }
}

/// A sink that keeps nothing: `check` renders everything to find errors, writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, from: &Path) -> std::io::Result<()> {
        std::fs::metadata(from).map(|_| ())
    }
    fn keeps_bytes(&self) -> bool {
        false
    }
}
