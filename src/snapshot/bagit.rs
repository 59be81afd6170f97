//! Writing a BagIt 1.0 bag (RFC 8493): payload files under `data/`, then the
//! tag files that describe and checksum them.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};

pub(crate) const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
pub(crate) const MANIFEST: &str = "manifest-sha256.txt";
pub(crate) const TAGMANIFEST: &str = "tagmanifest-sha256.txt";
pub(crate) const BAG_INFO: &str = "bag-info.txt";
pub(crate) const BAGIT: &str = "bagit.txt";

/// A file written into the bag, with what its manifest line needs.
#[derive(Debug, Clone)]
pub(crate) struct BagFile {
    /// `/`-separated, relative to the bag root (`data/index.html`).
    pub path: String,
    pub sha256_hex: String,
    pub len: u64,
}

/// A writer that hashes and counts what passes through it, so that a large
/// file (the WARC) is checksummed as it is written instead of read back.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            len: 0,
        }
    }

    pub fn finish(self) -> (W, String, u64) {
        (
            self.inner,
            HEXLOWER.encode(&self.hasher.finalize()),
            self.len,
        )
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    HEXLOWER.encode(&Sha256::digest(bytes))
}

/// Creates a new file and its parent folders; `create_new` because a bag is
/// written once, and a second write to the same name is a bug to surface.
pub(crate) fn create_new_file(bag_dir: &Path, rel: &str) -> io::Result<File> {
    let path = bag_dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// Writes a whole file and flushes it to disk: the bag is renamed into place
/// only once every byte of it is durable.
pub(crate) fn write_file(bag_dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<BagFile> {
    let mut file = create_new_file(bag_dir, rel)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(BagFile {
        path: rel.to_string(),
        sha256_hex: sha256_hex(bytes),
        len: bytes.len() as u64,
    })
}

/// `Payload-Oxum`: total octets, a dot, and the number of payload files.
pub(crate) fn payload_oxum(payload: &[BagFile]) -> String {
    let octets: u64 = payload.iter().map(|f| f.len).sum();
    format!("{octets}.{}", payload.len())
}

/// One `<hex>  <path>` line per file, sorted by path so that the manifest
/// does not depend on the order files were written in. Names with `%`, CR or
/// LF, which RFC 8493 would percent-encode, never reach here: they are
/// refused before anything is written.
pub(crate) fn manifest_text(files: &[BagFile]) -> String {
    let mut sorted: Vec<&BagFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut text = String::new();
    for f in sorted {
        text.push_str(&f.sha256_hex);
        text.push_str("  ");
        text.push_str(&f.path);
        text.push('\n');
    }
    text
}

/// `bag-info.txt` with the fields in the order given, `Payload-Oxum` last.
/// A value is put on one line, since a stray line break from the config
/// would start a new, bogus field.
pub(crate) fn bag_info_text(fields: &[(&str, &str)], payload: &[BagFile]) -> String {
    let mut text = String::new();
    for (label, value) in fields {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        text.push_str(&format!("{label}: {value}\n"));
    }
    text.push_str(&format!("Payload-Oxum: {}\n", payload_oxum(payload)));
    text
}

/// Writes the four tag files once the payload is complete, the tag manifest
/// last because it checksums the other three.
pub(crate) fn write_tag_files(
    bag_dir: &Path,
    payload: &[BagFile],
    info: &[(&str, &str)],
) -> io::Result<()> {
    let tags = [
        write_file(bag_dir, BAGIT, BAGIT_TXT.as_bytes())?,
        write_file(bag_dir, BAG_INFO, bag_info_text(info, payload).as_bytes())?,
        write_file(bag_dir, MANIFEST, manifest_text(payload).as_bytes())?,
    ];
    write_file(bag_dir, TAGMANIFEST, manifest_text(&tags).as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> BagFile {
        BagFile {
            path: path.into(),
            sha256_hex: sha256_hex(bytes),
            len: bytes.len() as u64,
        }
    }

    #[test]
    fn oxum_counts_octets_and_files() {
        let files = [
            file("data/a", b"abc"),
            file("data/b", b""),
            file("data/c", b"12345"),
        ];
        assert_eq!(payload_oxum(&files), "8.3");
        assert_eq!(payload_oxum(&[]), "0.0");
    }

    #[test]
    fn manifest_is_sorted_with_known_hashes() {
        let files = [file("data/z.html", b"abc"), file("data/a b.txt", b"")];
        assert_eq!(
            manifest_text(&files),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  data/a b.txt\n\
             ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  data/z.html\n"
        );
    }

    #[test]
    fn bag_info_fields_stay_on_one_line() {
        let text = bag_info_text(
            &[
                ("Source-Organization", "UBND quận\nTây Hồ"),
                ("Bagging-Date", "2020-12-31"),
            ],
            &[file("data/a", b"xy")],
        );
        assert_eq!(
            text,
            "Source-Organization: UBND quận Tây Hồ\nBagging-Date: 2020-12-31\nPayload-Oxum: 2.1\n"
        );
    }

    #[test]
    fn hashing_writer_matches_one_shot_hash() {
        let mut w = HashingWriter::new(Vec::new());
        w.write_all(b"ab").unwrap();
        w.write_all(b"c").unwrap();
        let (inner, hex, len) = w.finish();
        assert_eq!(inner, b"abc");
        assert_eq!(hex, sha256_hex(b"abc"));
        assert_eq!(len, 3);
    }

    #[test]
    fn write_file_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), "data/x/y.txt", b"1").unwrap();
        let err = write_file(dir.path(), "data/x/y.txt", b"2").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(dir.path().join("data/x/y.txt")).unwrap(), b"1");
    }
}
