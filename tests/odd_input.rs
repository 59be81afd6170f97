//! Input that is odd but valid must build: byte-order marks, Windows line ends, decomposed
//! Unicode, Vietnamese file names, huge paragraphs, deep nesting, symlink loops.

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;

#[test]
fn bom_crlf_and_mixed_line_ends_build_with_the_same_text() {
    let site = site("minimal");
    std::fs::write(
        site.path().join("content/bom.md"),
        "\u{feff}---\r\ntitle: Có BOM\r\n---\r\nDòng một\r\nDòng hai\rDòng ba\n",
    )
    .unwrap();
    build_ok(site.path());
    let page = read(&site.path().join("output/bom/index.html"));
    assert!(page.contains("<h1>Có BOM</h1>"), "{page}");
    assert!(page.contains("Dòng một\nDòng hai\nDòng ba"), "{page}");
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
}

#[test]
fn decomposed_text_is_published_composed() {
    let site = site("minimal");
    let nfd: String = "---\ntitle: Hồ Tây\n---\nPhường Tứ Liên, đường Lạc Long Quân.\n"
        .nfd()
        .collect();
    std::fs::write(site.path().join("content/nfd.md"), nfd).unwrap();
    build_ok(site.path());
    let page = read(&site.path().join("output/nfd/index.html"));
    assert!(
        page.contains("Hồ Tây") && page.contains("Phường Tứ Liên"),
        "composed forms present"
    );
    let nfc: String = page.nfc().collect();
    assert_eq!(page, nfc, "the whole page is NFC");
}

#[test]
fn vietnamese_file_names_get_folded_addresses() {
    let site = site("minimal");
    std::fs::create_dir_all(site.path().join("content/Sự kiện")).unwrap();
    std::fs::write(
        site.path().join("content/Sự kiện/Hội chợ Đặc sản.md"),
        "---\ntitle: Hội chợ\n---\nXem [trang chủ](../_index.md).\n",
    )
    .unwrap();
    build_ok(site.path());
    assert!(site
        .path()
        .join("output/su-kien/hoi-cho-dac-san/index.html")
        .is_file());
}

#[test]
fn a_five_megabyte_paragraph_builds() {
    let site = site("minimal");
    let mut text = String::from("---\ntitle: Dài\n---\n");
    while text.len() < 5 * 1024 * 1024 {
        text.push_str("đầu tư công ");
    }
    text.push('\n');
    std::fs::write(site.path().join("content/dai.md"), &text).unwrap();
    build_ok(site.path());
    let len = std::fs::metadata(site.path().join("output/dai/index.html"))
        .unwrap()
        .len();
    assert!(len > 5 * 1024 * 1024);
}

#[test]
fn markdown_nested_fifty_thousand_levels_does_not_overflow() {
    let site = site("minimal");
    let text = format!(
        "---\ntitle: Sâu\n---\n{}trích dẫn\n\n{}ngoặc{}\n\n{}danh sách\n",
        "> ".repeat(50_000),
        "[".repeat(50_000),
        "]".repeat(50_000),
        "- ".repeat(50_000)
    );
    std::fs::write(site.path().join("content/sau.md"), text).unwrap();
    build_ok(site.path());
    assert!(read(&site.path().join("output/sau/index.html")).contains("trích dẫn"));
}

#[test]
fn a_symlink_loop_inside_content_is_skipped() {
    let site = site("minimal");
    std::os::unix::fs::symlink("..", site.path().join("content/tin-tuc/vong")).unwrap();
    std::os::unix::fs::symlink("vong2", site.path().join("content/vong1")).unwrap();
    std::os::unix::fs::symlink("vong1", site.path().join("content/vong2")).unwrap();
    let o = run(site.path(), &["build"]);
    // A loop of links is reported (never a hang); a link to a folder inside is skipped.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/vong1") && stderr(&o).contains("loops"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(site.path().join("content/vong1")).unwrap();
    std::fs::remove_file(site.path().join("content/vong2")).unwrap();
    build_ok(site.path());
}
