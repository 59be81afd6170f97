//! What a render hands to its sink, counted, and what went wrong, collected from every
//! thread and reported once in a fixed order.

use super::album::thumbnail::Work;
use super::{templates, Stats};
use crate::diagnostic::{tr, Diagnostic};
use crate::sink::Sink;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub(super) struct Tally<'a> {
    sink: &'a dyn Sink,
    errors: Mutex<Vec<Diagnostic>>,
    /// Template errors: (template, the file being made, the error), grouped at the end.
    failures: Mutex<Vec<(&'static str, String, tera::Error)>>,
    pages: AtomicUsize,
    files: AtomicUsize,
}

impl<'a> Tally<'a> {
    /// Starts from what was made before the pages (the album thumbnails).
    pub fn new(sink: &'a dyn Sink, files: usize, errors: Vec<Diagnostic>) -> Tally<'a> {
        Tally {
            sink,
            errors: Mutex::new(errors),
            failures: Mutex::new(Vec::new()),
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(files),
        }
    }

    /// A file not handed to the sink, for the reason `d` says (content at its address).
    pub fn refuse(&self, d: Diagnostic) {
        self.errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(d);
    }

    /// Counts a file the sink took, or keeps the error it refused it with (its reason
    /// in the reader's language where the catalogue has it).
    fn count(
        &self,
        taken: std::io::Result<()>,
        file_for_errors: &str,
        message: impl Fn(&str) -> String,
    ) {
        match taken {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let reason = crate::diagnostic::os_reason(&e);
                let d = Diagnostic::new("E0501", file_for_errors, message(&reason));
                self.errors
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(d);
            }
        }
    }

    /// Hands a made file to the sink; `file_for_errors` is named if it refuses.
    pub fn put(&self, path: &str, bytes: &[u8], file_for_errors: &str) {
        self.count(self.sink.put(path, bytes), file_for_errors, |e| {
            tr("E0501", &[("path", &path), ("reason", &e)])
        });
    }

    /// Hands a file published as it is to the sink.
    pub fn copy(&self, path: &str, src: &Path, file_for_errors: &str) {
        self.count(self.sink.copy(path, src), file_for_errors, |e| {
            tr("E0501.copy", &[("reason", &e)])
        });
    }

    pub fn template_failed(&self, template: &'static str, file: String, e: tera::Error) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((template, file, e));
    }

    /// A content page's own file was made.
    pub fn page_done(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }

    /// The render's stats, or every error of it, sorted and without repeats.
    pub fn finish(self, thumbnails: &Work) -> Result<Stats, Vec<Diagnostic>> {
        let mut errors = self.errors.into_inner().unwrap_or_else(|p| p.into_inner());
        errors.extend(templates::group_render_errors(
            self.failures
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
        ));
        if !errors.is_empty() {
            errors.sort_by(|a, b| {
                (&a.file, a.line, a.column, &a.message)
                    .cmp(&(&b.file, b.line, b.column, &b.message))
            });
            errors.dedup();
            return Err(errors);
        }
        Ok(Stats {
            pages: self.pages.into_inner(),
            files: self.files.into_inner(),
            thumbnails_made: thumbnails.made,
            thumbnails_reused: thumbnails.reused,
        })
    }
}
