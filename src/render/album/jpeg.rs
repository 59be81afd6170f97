//! Whether a JPEG file is whole. The decoder is lenient: it fills the picture data a
//! cut-off file lacks with grey and reports success, so a photo cut short while copying
//! was published with a thumbnail made from it. Walking the file's segments to its end
//! marker finds the cut without decoding anything.

use crate::diagnostic::tr;

/// What the walk learned that decoding costs depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Scans of picture data: more than one (progressive files above all) makes the
    /// decoder keep every coefficient of the picture until the last one.
    pub scans: usize,
}

fn cut_short() -> String {
    tr("E0130.cut-short", &[])
}

/// Walks the segments from the start marker to the end marker; anything after the end
/// marker (some cameras append data) is left alone.
pub fn check_whole(bytes: &[u8]) -> Result<Shape, String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(tr("E0130.not-valid", &[("format", &"JPEG")]));
    }
    let damaged = || tr("E0130.damaged", &[]);
    let mut scans = 0;
    let mut i = 2;
    loop {
        if i >= bytes.len() {
            return Err(cut_short());
        }
        if bytes[i] != 0xFF {
            return Err(damaged());
        }
        // Any number of 0xFF may pad before a marker.
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else {
            return Err(cut_short());
        };
        i += 1;
        match marker {
            0xD9 if scans > 0 => return Ok(Shape { scans }),
            0xD9 => return Err(tr("E0130.no-picture", &[])),
            0x01 | 0xD0..=0xD7 => continue,
            0x00 | 0xD8 => return Err(damaged()),
            _ => {}
        }
        let Some(length) = bytes
            .get(i..i + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return Err(cut_short());
        };
        if length < 2 {
            return Err(damaged());
        }
        i += length;
        if i > bytes.len() {
            return Err(cut_short());
        }
        if marker == 0xDA {
            scans += 1;
            i = end_of_entropy_data(bytes, i).ok_or_else(cut_short)?;
        }
    }
}

/// The position of the first marker after a scan's coded data: an 0xFF that is neither
/// a stuffed zero nor a restart marker.
fn end_of_entropy_data(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr(0xFF, bytes.get(i..)?)?;
        match bytes.get(i + 1)? {
            0x00 | 0xD0..=0xD7 => i += 2,
            _ => return Some(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(progressive_scans: usize) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        // An APP0 segment, then the scans: header, coded data with a stuffed 0xFF and a
        // restart marker, as encoders write them.
        v.extend([0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46]);
        for _ in 0..progressive_scans {
            v.extend([0xFF, 0xDA, 0x00, 0x03, 0x01]);
            v.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        }
        v.extend([0xFF, 0xD9]);
        v
    }

    #[test]
    fn a_whole_file_passes_and_counts_its_scans() {
        assert_eq!(check_whole(&jpeg(1)), Ok(Shape { scans: 1 }));
        assert_eq!(check_whole(&jpeg(3)), Ok(Shape { scans: 3 }));
        let mut trailer = jpeg(1);
        trailer.extend(b"camera data after the end");
        assert!(check_whole(&trailer).is_ok());
    }

    #[test]
    fn a_file_cut_anywhere_is_refused() {
        let whole = jpeg(2);
        for cut in 0..whole.len() {
            assert!(check_whole(&whole[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn a_file_without_picture_data_is_refused() {
        assert!(check_whole(&[0xFF, 0xD8, 0xFF, 0xD9]).is_err());
        assert!(check_whole(b"GIF89a").is_err());
    }
}
