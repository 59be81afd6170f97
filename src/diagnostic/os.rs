//! Reasons the operating system gives (`std::io::Error`), in the editor's language. The
//! system's own words ("No such file or directory (os error 2)") are English whatever
//! the locale congkhai runs under; an editor reads the catalogue's sentence first, and
//! the system's text stays after it, for whoever has to dig further.

use super::catalogue::tr;
use std::io::{self, ErrorKind};

/// The catalogue's id (`os.yaml`) for the kinds of error an editor meets: a file that is
/// not there, a folder that cannot be written, a full disk. `None` for the rest, whose
/// text is shown as the system gives it.
fn id(e: &io::Error) -> Option<&'static str> {
    Some(match e.kind() {
        ErrorKind::NotFound => "os.not-found",
        ErrorKind::PermissionDenied => "os.permission-denied",
        ErrorKind::AlreadyExists => "os.already-exists",
        ErrorKind::StorageFull => "os.storage-full",
        ErrorKind::QuotaExceeded => "os.quota-exceeded",
        ErrorKind::ReadOnlyFilesystem => "os.read-only",
        ErrorKind::InvalidData => "os.invalid-data",
        ErrorKind::NotADirectory => "os.not-a-directory",
        ErrorKind::IsADirectory => "os.is-a-directory",
        ErrorKind::DirectoryNotEmpty => "os.directory-not-empty",
        ErrorKind::FileTooLarge => "os.file-too-large",
        ErrorKind::InvalidFilename => "os.invalid-filename",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "os.busy",
        ErrorKind::TooManyLinks => "os.too-many-links",
        ErrorKind::CrossesDevices => "os.crosses-devices",
        ErrorKind::OutOfMemory => "os.out-of-memory",
        ErrorKind::UnexpectedEof => "os.unexpected-eof",
        ErrorKind::AddrInUse => "os.address-in-use",
        ErrorKind::AddrNotAvailable => "os.address-not-available",
        ErrorKind::TimedOut => "os.timed-out",
        ErrorKind::Interrupted => "os.interrupted",
        ErrorKind::StaleNetworkFileHandle => "os.stale-network-file",
        _ => match e.raw_os_error() {
            // Too many open files (EMFILE, ENFILE) and a symlink loop (ELOOP) have no
            // stable kind of their own.
            #[cfg(unix)]
            Some(24) | Some(23) => "os.too-many-open-files",
            #[cfg(unix)]
            Some(40) => "os.symlink-loop",
            _ => return None,
        },
    })
}

/// An OS error as an editor reads it: the reason in the current language, then the
/// system's own text in brackets. An error of an unknown kind keeps the system's text
/// alone, as does one congkhai made itself (`io::Error::other`).
pub fn os_reason(e: &io::Error) -> String {
    match id(e) {
        Some(id) => tr("os.with-detail", &[("reason", &tr(id, &[])), ("detail", e)]),
        None => e.to_string(),
    }
}

/// A folder walk's error: the OS error's reason where there is one (a loop of links has
/// none, and keeps walkdir's words).
pub fn walk_reason(e: &walkdir::Error) -> String {
    e.io_error().map(os_reason).unwrap_or_else(|| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::lang::{self, Lang};

    #[test]
    fn every_kind_an_editor_meets_has_its_own_words_and_keeps_the_system_text() {
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::AlreadyExists,
            ErrorKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem,
            ErrorKind::InvalidData,
        ] {
            let e = io::Error::new(kind, "the system's words");
            let text = crate::diagnostic::catalogue::tr_in(
                Lang::Vi,
                "os.with-detail",
                &[
                    (
                        "reason",
                        &crate::diagnostic::catalogue::tr_in(Lang::Vi, id(&e).unwrap(), &[]),
                    ),
                    ("detail", &e),
                ],
            );
            assert!(text.contains("the system's words"), "{text}");
            assert!(!text.starts_with("the system"), "{text}");
        }
        // Language is process-wide: only the default (English) is read here.
        assert_eq!(lang::current(), Lang::En);
        let full = io::Error::from_raw_os_error(28);
        assert_eq!(full.kind(), ErrorKind::StorageFull);
        let text = os_reason(&full);
        assert!(text.starts_with("the disk is full"), "{text}");
        assert!(text.contains("os error 28"), "{text}");
        let ours = io::Error::other("disk full (simulated)");
        assert_eq!(os_reason(&ours), "disk full (simulated)");
    }
}
