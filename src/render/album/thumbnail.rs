//! Thumbnails: resized copies of an album's images, kept in the site's cache folder
//! under the hash of what they are made from, so a rebuild reuses them instead of
//! decoding and resizing again.

use super::budget::Budget;
use crate::diagnostic::tr;
pub use crate::site::album::Format;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::Path;

/// Thumbnail widths, in CSS pixels at 1x and 2x of a grid cell.
pub const WIDTHS: &[u32] = &[320, 640];

/// Bumped whenever the way thumbnails are made changes, so old cache entries are not used.
const RECIPE: &str = "congkhai-thumbnail-v2";

/// How the image crate reads a format congkhai accepts.
fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
    }
}

/// The largest image congkhai decodes, whatever the memory budget: 250 megapixels is
/// above any camera's photographs, and no side may exceed what JPEG can record.
pub const MAX_PIXELS: u64 = 250_000_000;
pub const MAX_SIDE: u32 = 65_535;

/// What the header of an image says: its size and whether it has transparency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// As stored, before the EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    /// How a viewer turns the stored pixels to show them (phones store portrait photos
    /// as landscape pixels with orientation 6).
    pub orientation: Orientation,
    bytes_per_pixel: u64,
    /// Scans of picture data in a JPEG (see [`super::jpeg::Shape`]); 1 for PNG.
    scans: usize,
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

    fn turned(&self) -> bool {
        matches!(
            self.orientation,
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        )
    }

    /// Width and height as a browser shows the image (after its EXIF orientation).
    pub fn shown(&self) -> (u32, u32) {
        if self.turned() {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// Size, in stored pixels, of the copy that becomes a `width`-wide thumbnail once
    /// turned as the orientation says.
    fn stored_size_of_thumbnail(&self, width: u32) -> (u32, u32) {
        let height = scaled_height(self.shown(), width);
        if self.turned() {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// The most memory, in bytes, that decoding this image (and resizing it to
    /// `widths`) holds at once: the file, read once by us and copied once more by the
    /// JPEG decoder; the decoded pixels; a multi-scan JPEG's coefficients (16 bits per
    /// sample, up to twice the pixels); and the resize's floating-point intermediate (a
    /// full-width band as high as the thumbnail, 16 bytes a pixel).
    pub fn decode_cost(&self, file_len: u64, format: Format, widths: &[u32]) -> u64 {
        let pixels = u64::from(self.width) * u64::from(self.height);
        let decoded = pixels.saturating_mul(self.bytes_per_pixel);
        let copies = match format {
            Format::Png => 1,
            Format::Jpeg => 2,
        };
        let coefficients = if format == Format::Jpeg && self.scans > 1 {
            decoded.saturating_mul(2)
        } else {
            0
        };
        let resize = widths
            .iter()
            .map(|&w| {
                let (tw, th) = self.stored_size_of_thumbnail(w);
                u64::from(self.width) * u64::from(th) * 16 + u64::from(tw) * u64::from(th) * 24
            })
            .max()
            .unwrap_or(0);
        file_len
            .saturating_mul(copies)
            .saturating_add(decoded)
            .saturating_add(coefficients)
            .saturating_add(resize)
    }
}

fn not_valid(format: Format) -> impl Fn(image::ImageError) -> String {
    move |e| {
        match e {
            // The decoder's own words name chunk types and markers; editors need the gist.
            image::ImageError::Decoding(_) | image::ImageError::Unsupported(_) => {
                tr("E0130.not-valid", &[("format", &format.name())])
            }
            image::ImageError::Limits(_) => tr(
                "E0130.limits",
                &[
                    ("side", &MAX_SIDE),
                    ("megapixels", &(MAX_PIXELS / 1_000_000)),
                ],
            ),
            image::ImageError::IoError(e) => crate::diagnostic::os_reason(&e),
            other => other.to_string(),
        }
    }
}

fn decoder(bytes: &[u8], format: Format) -> Result<(Header, impl ImageDecoder + '_), String> {
    // A JPEG cut short decodes "successfully" into grey: refused before decoding.
    let scans = match format {
        Format::Jpeg => super::jpeg::check_whole(bytes)?.scans,
        Format::Png => 1,
    };
    let mut decoder = image::ImageReader::with_format(Cursor::new(bytes), image_format(format))
        .into_decoder()
        .map_err(not_valid(format))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(tr("E0130.empty", &[]));
    }
    let pixels = u64::from(width) * u64::from(height);
    if width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(tr(
            "E0130.too-big",
            &[
                ("width", &width),
                ("height", &height),
                ("size", &(pixels / 1_000_000)),
                ("side", &MAX_SIDE),
                ("megapixels", &(MAX_PIXELS / 1_000_000)),
            ],
        ));
    }
    // A damaged EXIF block only loses the orientation, as in browsers.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let header = Header {
        width,
        height,
        alpha: decoder.color_type().has_alpha(),
        orientation,
        bytes_per_pixel: u64::from(decoder.color_type().bytes_per_pixel()),
        scans,
    };
    Ok((header, decoder))
}

/// Reads the image's header only (no pixels); a JPEG is also checked to be whole.
pub fn header(bytes: &[u8], format: Format) -> Result<Header, String> {
    decoder(bytes, format).map(|(header, _)| header)
}

/// Decodes every pixel, under explicit limits: `max_alloc` bytes at most, and the sizes
/// [`header`] allows. A damaged image is an error here even when its header is fine.
pub fn decode(
    bytes: &[u8],
    format: Format,
    max_alloc: u64,
) -> Result<(Header, DynamicImage), String> {
    let (header, mut decoder) = decoder(bytes, format)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(max_alloc);
    decoder.set_limits(limits).map_err(not_valid(format))?;
    let image = DynamicImage::from_decoder(decoder).map_err(not_valid(format))?;
    Ok((header, image))
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

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn cache_key(content: &str, width: u32, format: Format) -> String {
    let mut h = Sha256::new();
    h.update(RECIPE.as_bytes());
    h.update(width.to_le_bytes());
    h.update(format.extension().as_bytes());
    h.update(content.as_bytes());
    hex(&h.finalize())
}

/// Counts of thumbnails made afresh and taken from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    pub made: usize,
    pub reused: usize,
}

/// Why an image cannot be used, with what the editor can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub why: String,
    pub too_large: bool,
}

impl From<String> for Refusal {
    fn from(why: String) -> Refusal {
        Refusal {
            why,
            too_large: false,
        }
    }
}

/// One image read, checked and (for a build) made into thumbnails.
#[derive(Debug)]
pub struct Made {
    pub header: Header,
    pub output: Format,
    /// The thumbnail widths this image gets (those smaller than it is shown).
    pub widths: Vec<u32>,
    /// Their bytes, in the order of `widths`; empty when the caller keeps nothing.
    pub thumbnails: Vec<Vec<u8>>,
    pub work: Work,
}

fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

/// Reads the image at `path`, checks it whole, and makes the thumbnails it gets (only
/// checks, when `keep` is false: `check` and `build` refuse the same images). Decoding
/// waits for its share of `budget`, reserved from the header before any pixel is
/// decoded; thumbnails found in `cache` spare the decoding.
pub fn process(
    path: &Path,
    format: Format,
    cache: Option<&Path>,
    keep: bool,
    budget: &Budget,
) -> Result<Made, Refusal> {
    let read = || std::fs::read(path).map_err(|e| crate::diagnostic::os_reason(&e));
    let len = std::fs::metadata(path)
        .map_err(|e| crate::diagnostic::os_reason(&e))?
        .len();
    let over_budget = |what: String| Refusal {
        why: tr(
            "E0130.budget",
            &[("what", &what), ("mb", &megabytes(budget.total()))],
        ),
        too_large: true,
    };
    // First the header and the cache, holding the file (and the JPEG decoder's copy).
    let first = budget.reserve(len.saturating_mul(2)).ok_or_else(|| {
        over_budget(tr(
            "E0130.budget-file",
            &[("mb", &megabytes(len)), ("need", &megabytes(len * 2))],
        ))
    })?;
    let bytes = read()?;
    let content = hex(&Sha256::digest(&bytes));
    let header = header(&bytes, format)?;
    let output = header.thumbnail_format(format);
    let widths = widths_for(header.shown().0);
    let mut work = Work::default();
    let cache_files: Vec<Option<std::path::PathBuf>> = widths
        .iter()
        .map(|&w| {
            cache.map(|dir| {
                dir.join("thumbnails").join(format!(
                    "{}.{}",
                    cache_key(&content, w, output),
                    output.extension()
                ))
            })
        })
        .collect();
    let mut thumbnails: Vec<Option<Vec<u8>>> = cache_files
        .iter()
        .map(|f| f.as_ref().and_then(|f| std::fs::read(f).ok()))
        .collect();
    // Thumbnails in the cache were made from these very bytes by a decoding that
    // succeeded: the image needs no second one.
    if widths.is_empty() || thumbnails.iter().any(Option::is_none) {
        let resized: &[u32] = if keep { &widths } else { &[] };
        let cost = header.decode_cost(len, format, resized);
        drop(bytes);
        drop(first);
        let (w, h) = (header.width, header.height);
        let _held = budget.reserve(cost).ok_or_else(|| {
            over_budget(tr(
                "E0130.budget-decode",
                &[("width", &w), ("height", &h), ("need", &megabytes(cost))],
            ))
        })?;
        let bytes = read()?;
        if hex(&Sha256::digest(&bytes)) != content {
            return Err(tr("E0130.changed", &[]).into());
        }
        let (_, image) = decode(&bytes, format, budget.total())?;
        drop(bytes);
        for (i, &w) in resized.iter().enumerate() {
            if thumbnails[i].is_some() {
                continue;
            }
            let encoded = resize(&image, &header, w, output)?;
            if let Some(file) = &cache_files[i] {
                store(file, &encoded);
            }
            thumbnails[i] = Some(encoded);
            work.made += 1;
        }
    }
    work.reused = if keep { widths.len() - work.made } else { 0 };
    Ok(Made {
        header,
        output,
        widths,
        thumbnails: if keep {
            thumbnails.into_iter().flatten().collect()
        } else {
            Vec::new()
        },
        work,
    })
}

/// A `width`-wide thumbnail, turned the way the EXIF orientation says: the stored
/// pixels are resized first and the small copy turned, so no full-size copy is made.
fn resize(
    img: &DynamicImage,
    header: &Header,
    width: u32,
    format: Format,
) -> Result<Vec<u8>, String> {
    let (w, h) = header.stored_size_of_thumbnail(width);
    // Triangle is a proper area filter when shrinking (its support grows with the
    // ratio) and several times faster than Lanczos for drawings and photos alike.
    let mut small = img.resize_exact(w, h, image::imageops::FilterType::Triangle);
    small.apply_orientation(header.orientation);
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

    const BUDGET: u64 = 64 * 1024 * 1024;

    /// Writes `bytes` as an image file in a new folder; returns the folder and file.
    fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn size(bytes: &[u8], format: Format) -> (u32, u32) {
        header(bytes, format).map(|h| (h.width, h.height)).unwrap()
    }

    #[test]
    fn thumbnails_have_the_asked_size_and_come_back_from_the_cache() {
        let (dir, path) = file("a.png", &png(700, 350));
        let cache = dir.path().join("cache");
        let budget = Budget::new(BUDGET);
        let made = process(&path, Format::Png, Some(&cache), true, &budget).unwrap();
        assert_eq!(made.work, Work { made: 2, reused: 0 });
        assert_eq!(made.widths, vec![320, 640]);
        assert_eq!(size(&made.thumbnails[0], Format::Jpeg), (320, 160));
        assert_eq!(size(&made.thumbnails[1], Format::Jpeg), (640, 320));
        let again = process(&path, Format::Png, Some(&cache), true, &budget).unwrap();
        assert_eq!(again.work, Work { made: 0, reused: 2 });
        assert_eq!(again.thumbnails, made.thumbnails);
    }

    #[test]
    fn a_broken_image_is_an_error_not_a_panic() {
        assert!(header(b"\x89PNG\r\n\x1a\nnope", Format::Png).is_err());
        let (_dir, path) = file("a.png", b"not a png");
        let budget = Budget::new(BUDGET);
        for keep in [true, false] {
            assert!(process(&path, Format::Png, None, keep, &budget).is_err());
        }
    }

    /// Regression (issue 20, case 6): `check` read headers only, so a PNG damaged after
    /// its header passed `check` and failed `build`. Both decode now.
    #[test]
    fn a_png_damaged_after_its_header_is_refused_by_check_and_build_alike() {
        let whole = png(700, 350);
        let (_dir, path) = file("a.png", &whole[..whole.len() / 2]);
        let budget = Budget::new(BUDGET);
        assert!(header(&whole[..whole.len() / 2], Format::Png).is_ok());
        for keep in [true, false] {
            let refusal = process(&path, Format::Png, None, keep, &budget).unwrap_err();
            assert!(!refusal.too_large, "{refusal:?}");
        }
    }

    #[test]
    fn opaque_images_get_jpeg_thumbnails_and_see_through_ones_png() {
        let bytes = png(64, 32);
        let h = header(&bytes, Format::Png).unwrap();
        assert_eq!((h.width, h.height, h.alpha), (64, 32, false));
        assert_eq!(h.thumbnail_format(Format::Png), Format::Jpeg);
        let see_through = Header { alpha: true, ..h };
        assert_eq!(see_through.thumbnail_format(Format::Png), Format::Png);
        assert_eq!(see_through.thumbnail_format(Format::Jpeg), Format::Jpeg);
    }

    #[test]
    fn an_image_that_needs_more_than_the_whole_budget_is_refused_with_both_sizes() {
        let (_dir, path) = file("a.png", &png(2000, 1000));
        // 2000 × 1000 RGB is 6 MB of pixels alone.
        let budget = Budget::new(4 * 1024 * 1024);
        let refusal = process(&path, Format::Png, None, true, &budget).unwrap_err();
        assert!(refusal.too_large);
        assert!(
            refusal.why.contains("2000 × 1000 pixels"),
            "{}",
            refusal.why
        );
        assert!(
            refusal.why.contains("the 4 MB that images may use"),
            "{}",
            refusal.why
        );
    }
}
