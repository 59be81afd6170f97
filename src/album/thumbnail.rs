//! Thumbnails: resized copies of an album's images, kept in the site's cache folder
//! under the hash of what they are made from, so a rebuild reuses them instead of
//! decoding and resizing again.

use image::{DynamicImage, ImageFormat};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::Path;

/// Thumbnail widths, in CSS pixels at 1x and 2x of a grid cell.
pub const WIDTHS: &[u32] = &[320, 640];

/// Bumped whenever the way thumbnails are made changes, so old cache entries are not used.
const RECIPE: &str = "congkhai-thumbnail-v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
}

impl Format {
    /// From a file name; only the formats congkhai is built to read.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Png => ImageFormat::Png,
            Format::Jpeg => ImageFormat::Jpeg,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }
}

/// What the header of an image says: its size and whether it has transparency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
}

impl Header {
    /// Thumbnails are JPEG, far smaller than PNG at these sizes for photographs and
    /// drawings alike, unless the image is see-through, which only PNG keeps.
    pub fn thumbnail_format(&self, original: Format) -> Format {
        match original {
            Format::Png if self.alpha => Format::Png,
            _ => Format::Jpeg,
        }
    }
}

/// Reads the image's header only (no pixels).
pub fn header(bytes: &[u8], format: Format) -> Result<Header, String> {
    use image::ImageDecoder;
    let decoder = image::ImageReader::with_format(Cursor::new(bytes), format.image_format())
        .into_decoder()
        .map_err(|e| match e {
            // The decoder's own words name chunk types and markers; editors need the gist.
            image::ImageError::Decoding(_) | image::ImageError::Unsupported(_) => format!(
                "it is not a valid {} file (damaged, or another format renamed)",
                format.name()
            ),
            other => other.to_string(),
        })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err("the image is empty (0 pixels wide or high)".into());
    }
    Ok(Header {
        width,
        height,
        alpha: decoder.color_type().has_alpha(),
    })
}

/// Height of a `width`-wide copy, keeping the aspect ratio (at least 1).
pub fn scaled_height(original: (u32, u32), width: u32) -> u32 {
    let h = (u64::from(original.1) * u64::from(width) + u64::from(original.0) / 2)
        / u64::from(original.0);
    h.max(1) as u32
}

/// The widths worth making for an image this wide: only those smaller than it.
pub fn widths_for(original_width: u32) -> Vec<u32> {
    WIDTHS
        .iter()
        .copied()
        .filter(|&w| w < original_width)
        .collect()
}

fn cache_key(bytes: &[u8], width: u32, format: Format) -> String {
    let mut h = Sha256::new();
    h.update(RECIPE.as_bytes());
    h.update(width.to_le_bytes());
    h.update(format.extension().as_bytes());
    h.update(bytes);
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// Counts of thumbnails made afresh and taken from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    pub made: usize,
    pub reused: usize,
}

/// Makes every thumbnail of one image (one per width in `widths`), from the cache when
/// it holds them. Returns their bytes in the order of `widths`.
pub fn make_all(
    bytes: &[u8],
    format: Format,
    output: Format,
    original: (u32, u32),
    widths: &[u32],
    cache: Option<&Path>,
    work: &mut Work,
) -> Result<Vec<Vec<u8>>, String> {
    let mut out: Vec<Option<Vec<u8>>> = vec![None; widths.len()];
    let mut cache_files = Vec::with_capacity(widths.len());
    for (i, &w) in widths.iter().enumerate() {
        let file = cache.map(|dir| {
            dir.join("thumbnails").join(format!(
                "{}.{}",
                cache_key(bytes, w, output),
                output.extension()
            ))
        });
        if let Some(cached) = file.as_ref().and_then(|f| std::fs::read(f).ok()) {
            out[i] = Some(cached);
            work.reused += 1;
        }
        cache_files.push(file);
    }
    if out.iter().any(Option::is_none) {
        // Decoded once for all the missing widths.
        let img = image::load_from_memory_with_format(bytes, format.image_format())
            .map_err(|e| e.to_string())?;
        for (i, &w) in widths.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            let encoded = resize(&img, w, scaled_height(original, w), output)?;
            if let Some(file) = &cache_files[i] {
                store(file, &encoded);
            }
            out[i] = Some(encoded);
            work.made += 1;
        }
    }
    Ok(out.into_iter().flatten().collect())
}

fn resize(img: &DynamicImage, width: u32, height: u32, format: Format) -> Result<Vec<u8>, String> {
    // Triangle is a proper area filter when shrinking (its support grows with the
    // ratio) and several times faster than Lanczos for drawings and photos alike.
    let small = img.resize_exact(width, height, image::imageops::FilterType::Triangle);
    let mut buf = Vec::new();
    match format {
        Format::Png => small
            .write_to(&mut Cursor::new(&mut buf), ImageFormat::Png)
            .map_err(|e| e.to_string())?,
        Format::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(small.to_rgb8());
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut buf), 80);
            rgb.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
    }
    Ok(buf)
}

/// Writes a cache entry through a temporary name, so a concurrent or killed build
/// never leaves a half-written thumbnail to be reused. A cache that cannot be written
/// (a read-only site) only costs time, so failures are ignored.
fn store(file: &Path, bytes: &[u8]) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut buf = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut buf), ImageFormat::Png)
            .unwrap();
        buf
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(scaled_height((1200, 800), 320), 213);
        assert_eq!(scaled_height((1200, 800), 640), 427);
        assert_eq!(scaled_height((5000, 1), 320), 1);
    }

    #[test]
    fn only_smaller_widths_are_made() {
        assert_eq!(widths_for(1200), vec![320, 640]);
        assert_eq!(widths_for(500), vec![320]);
        assert!(widths_for(320).is_empty());
    }

    #[test]
    fn thumbnails_have_the_asked_size_and_come_back_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = png(700, 350);
        let mut work = Work::default();
        let made = make_all(
            &bytes,
            Format::Png,
            Format::Png,
            (700, 350),
            &[320, 640],
            Some(dir.path()),
            &mut work,
        )
        .unwrap();
        assert_eq!(work, Work { made: 2, reused: 0 });
        let size = |b: &[u8]| header(b, Format::Png).map(|h| (h.width, h.height)).unwrap();
        assert_eq!(size(&made[0]), (320, 160));
        assert_eq!(size(&made[1]), (640, 320));
        let mut again = Work::default();
        let cached = make_all(
            &bytes,
            Format::Png,
            Format::Png,
            (700, 350),
            &[320, 640],
            Some(dir.path()),
            &mut again,
        )
        .unwrap();
        assert_eq!(again, Work { made: 0, reused: 2 });
        assert_eq!(cached, made);
    }

    #[test]
    fn a_broken_image_is_an_error_not_a_panic() {
        let mut work = Work::default();
        assert!(header(b"\x89PNG\r\n\x1a\nnope", Format::Png).is_err());
        assert!(make_all(
            b"not a png",
            Format::Png,
            Format::Jpeg,
            (10, 10),
            &[5],
            None,
            &mut work
        )
        .is_err());
    }

    #[test]
    fn opaque_images_get_jpeg_thumbnails_and_see_through_ones_png() {
        let bytes = png(64, 32);
        let h = header(&bytes, Format::Png).unwrap();
        assert_eq!((h.width, h.height, h.alpha), (64, 32, false));
        assert_eq!(h.thumbnail_format(Format::Png), Format::Jpeg);
        let mut work = Work::default();
        let made = make_all(
            &bytes,
            Format::Png,
            Format::Jpeg,
            (64, 32),
            &[16],
            None,
            &mut work,
        )
        .unwrap();
        assert_eq!(&made[0][..2], b"\xff\xd8", "a JPEG");
        let see_through = Header { alpha: true, ..h };
        assert_eq!(see_through.thumbnail_format(Format::Png), Format::Png);
        assert_eq!(see_through.thumbnail_format(Format::Jpeg), Format::Jpeg);
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_name("a.JPG"), Some(Format::Jpeg));
        assert_eq!(Format::from_name("a.png"), Some(Format::Png));
        assert_eq!(Format::from_name("a.gif"), None);
    }
}
