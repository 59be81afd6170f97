//! Files and images from content/ (issue 20, cases 5 to 7): what a browser would run is
//! not published by accident, damaged or oversized images are refused by `check` and
//! `build` alike, phone photos keep their orientation, and large files are streamed.

mod common;

use common::{read, run, site, stderr};
use std::io::Cursor;
use std::path::Path;

const CONFIG: &str =
    "title: \"Trang thử\"\nbase_url: \"https://example.org/\"\nlanguages:\n  - code: vi\n    name: \"Tiếng Việt\"\n";

/// A one-page site in a fresh folder, with `extra_config` appended to config.yaml.
fn one_page_site(extra_config: &str) -> tempfile::TempDir {
    let dir = site("minimal");
    std::fs::write(
        dir.path().join("config.yaml"),
        format!("{CONFIG}{extra_config}"),
    )
    .unwrap();
    dir
}

/// An album at content/album/ showing `file`, written with `bytes`.
fn album_of(dir: &Path, file: &str, bytes: &[u8]) {
    let album = dir.join("content/album");
    std::fs::create_dir_all(&album).unwrap();
    std::fs::write(album.join(file), bytes).unwrap();
    std::fs::write(
        album.join("_index.md"),
        format!("---\ntitle: \"Album\"\nkind: album\nphotos:\n  - file: {file}\n    alt: \"Ảnh\"\n---\n"),
    )
    .unwrap();
}

/// A photograph-like JPEG (noise, so it does not compress to nothing) of `w` × `h`.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, (seed >> 24) as u8])
    });
    let mut buf = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Jpeg)
        .unwrap();
    buf
}

/// `jpeg` with an EXIF block (an APP1 segment right after the start marker) giving
/// `orientation`, as phones write portrait photos: landscape pixels, turned on display.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes()); // Orientation
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes()); // one value
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0]);
    tiff.extend(0u32.to_be_bytes()); // no next IFD
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// Where a JPEG's picture data starts: after the header of its first scan.
fn picture_data_start(jpeg: &[u8]) -> usize {
    let sos = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("a scan");
    sos + 2 + usize::from(u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]))
}

/// A valid `side` × `side` RGB PNG of zeros, made without compressing `side`² pixels:
/// one row is compressed (a sync flush ends it on a byte boundary, and it refers to
/// nothing before it), then repeated.
fn huge_black_png(side: u32) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let row = vec![0u8; 1 + 3 * side as usize];
    let mut deflater = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(row.len());
    deflater
        .compress_vec(&row, &mut block, FlushCompress::Sync)
        .unwrap();
    assert_eq!(deflater.total_in(), row.len() as u64);
    let mut zlib = vec![0x78, 0x01];
    for _ in 0..side {
        zlib.extend(&block);
    }
    zlib.extend([0x03, 0x00]); // the final, empty block
                               // Adler-32 of all zeros: a stays 1, b counts the bytes.
    let total = u64::from(side) * row.len() as u64;
    zlib.extend((((total % 65521) as u32) << 16 | 1).to_be_bytes());
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = side.to_be_bytes().to_vec();
    ihdr.extend(side.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8 bits, RGB
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Runs `check` and `build`; both must fail with exactly the errors matching
/// `expected` (each once) and build must publish nothing. Returns check's stderr.
fn both_refuse(dir: &Path, expected: &[&str]) -> String {
    let check = run(dir, &["check"]);
    let build = run(dir, &["build"]);
    for (name, out) in [("check", &check), ("build", &build)] {
        let text = stderr(out);
        assert_eq!(out.status.code(), Some(1), "{name}:\n{text}");
        for e in expected {
            assert_eq!(text.matches(e).count(), 1, "{name}: `{e}` once in\n{text}");
        }
        assert_eq!(
            text.matches("error[").count(),
            expected.len(),
            "{name}: one error per file\n{text}"
        );
    }
    assert!(
        !dir.join("output").exists(),
        "a failed build publishes nothing"
    );
    stderr(&check)
}

/// Regression (issue 20, case 5): `.html`, `.svg`, `.xml`, `.js` files with `<script>`
/// in content/ were published verbatim although `allow_html: false`.
#[test]
fn case5_files_a_browser_would_run_are_refused_while_allow_html_is_false() {
    let dir = one_page_site("");
    let content = dir.path().join("content/tin-tuc");
    let script = "<script>alert(1)</script>";
    let files = [
        "trang.html",
        "TRANG2.HTM",
        "x.xhtml",
        "ban-do.svg",
        "du-lieu.xml",
        "a.js",
        "b.Mjs",
    ];
    for f in files {
        std::fs::write(content.join(f), script).unwrap();
    }
    // A page that links one of them gets no second error for the same file.
    std::fs::write(
        content.join("bai-2.md"),
        "---\ntitle: \"Bài 2\"\n---\n[Bản đồ](ban-do.svg)\n",
    )
    .unwrap();
    let expected: Vec<String> = files
        .iter()
        .map(|f| format!("content/tin-tuc/{f}"))
        .collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    let text = both_refuse(dir.path(), &expected);
    assert!(text.contains("error[E0127]"), "{text}");
    assert!(text.contains("allow_html: true"), "says what to do\n{text}");
    assert!(
        text.contains("export it as PNG"),
        "an SVG's own advice\n{text}"
    );

    // Trusted by the office: published as they are.
    std::fs::write(
        dir.path().join("config.yaml"),
        format!("{CONFIG}allow_html: true\n"),
    )
    .unwrap();
    let build = run(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert_eq!(
        read(&dir.path().join("output/tin-tuc/ban-do.svg")),
        script,
        "published byte for byte"
    );
}

/// Regression (issue 20, case 6): a JPEG cut at 2.5 % of its picture data was
/// published, with a thumbnail made from it.
#[test]
fn case6_a_jpeg_cut_short_is_refused_by_check_and_build() {
    let dir = one_page_site("");
    let whole = jpeg(800, 600);
    let start = picture_data_start(&whole);
    let cut = start + (whole.len() - start) / 40;
    album_of(dir.path(), "anh.jpg", &whole[..cut]);
    let text = both_refuse(dir.path(), &["content/album/anh.jpg"]);
    assert!(text.contains("cut short"), "{text}");

    album_of(dir.path(), "anh.jpg", &whole);
    let build = run(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

/// Regression (issue 20, case 6): `check` read image headers only, so it passed an
/// image whose picture data is damaged that `build` refused.
#[test]
fn case6_check_refuses_the_damaged_png_that_build_refuses() {
    let dir = one_page_site("");
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(700, 500, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    }))
    .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    // Damage the picture data in the middle, the header stays whole.
    let middle = png.len() / 2;
    for b in &mut png[middle..middle + 64] {
        *b ^= 0x5A;
    }
    album_of(dir.path(), "so-do.png", &png);
    both_refuse(dir.path(), &["content/album/so-do.png"]);
}

/// Regression (issue 20, case 6): a phone photo with EXIF orientation 6 (stored
/// landscape, shown portrait) got landscape thumbnails and `width`/`height`.
#[test]
fn case6_a_portrait_phone_photo_gets_portrait_thumbnails() {
    let dir = one_page_site("");
    album_of(
        dir.path(),
        "anh.jpg",
        &with_exif_orientation(&jpeg(800, 600), 6),
    );
    let build = run(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let html = read(&dir.path().join("output/album/index.html"));
    assert!(
        html.contains(r#"width="320" height="427""#),
        "portrait size in the page\n{html}"
    );
    let thumbnail = image::open(dir.path().join("output/album/anh.320w.jpg")).unwrap();
    assert_eq!((thumbnail.width(), thumbnail.height()), (320, 427));
    // Turned the right way: 90° clockwise puts the stored picture's left side (red 0)
    // on top and its right side (red 255) at the bottom; 270° would do the reverse.
    let rgb = thumbnail.to_rgb8();
    assert!(rgb.get_pixel(160, 5)[0] < 40, "{:?}", rgb.get_pixel(160, 5));
    assert!(
        rgb.get_pixel(160, 420)[0] > 215,
        "{:?}",
        rgb.get_pixel(160, 420)
    );
}

/// Regression (issue 20, case 6): an 11,000² PNG (3.7 MB of file) was decoded by every
/// thread at once, 560 MB each. Now it needs its share of one budget, and an image that
/// needs more than the whole budget is refused with its size and the limit.
#[test]
fn case6_an_image_too_large_for_the_memory_budget_is_refused_with_its_size_and_the_limit() {
    let dir = one_page_site("image_memory_mb: 64\n");
    album_of(dir.path(), "rong.png", &huge_black_png(11_000));
    let text = both_refuse(dir.path(), &["content/album/rong.png"]);
    assert!(text.contains("11000 × 11000 pixels"), "{text}");
    assert!(text.contains("the 64 MB that images may use"), "{text}");
    assert!(text.contains("image_memory_mb"), "{text}");
}

/// Regression (issue 20, case 7): files in content/ were read whole, twice per thread
/// (4 × 700 MB took 4.3 GB). The build runs here with less address space than the
/// file's size, which only a streamed copy can stay within; the copy is byte-equal.
#[test]
fn case7_a_file_larger_than_the_build_s_memory_is_streamed_into_the_output() {
    let dir = one_page_site("");
    let big = dir.path().join("content/tin-tuc/ho-so.pdf");
    let size: u64 = 192 * 1024 * 1024;
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::File::create(&big).unwrap();
        f.write_all(b"%PDF-1.4 head").unwrap();
        f.seek(SeekFrom::Start(size - 4)).unwrap();
        f.write_all(b"tail").unwrap();
    }
    let build = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" build", LIMIT_KB))
        .arg(common::bin())
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1605257460")
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    let copy = dir.path().join("output/tin-tuc/ho-so.pdf");
    assert_eq!(std::fs::metadata(&copy).unwrap().len(), size);
    assert!(
        same_file_bytes(&big, &copy),
        "the copy is byte-equal to the file"
    );
}

/// Address space for the build in `case7_…`, in KiB: room for the program, its
/// threads' stacks and the site, well below the 192 MB file (a build of this site needs under 64 MB).
const LIMIT_KB: u64 = 128 * 1024;

fn same_file_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (mut a, mut b) = (
        std::fs::File::open(a).unwrap(),
        std::fs::File::open(b).unwrap(),
    );
    let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let n = a.read(&mut x).unwrap();
        if n == 0 {
            return b.read(&mut y).unwrap() == 0;
        }
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
    }
}
