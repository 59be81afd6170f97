//! Invariants that must hold for every input, checked with generated inputs (proptest).

use congkhai::content::front_matter::is_safe_slug;
use congkhai::markdown::{render, Source};
use congkhai::text::{fold, slugify};
use proptest::prelude::*;
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// Text rich in what trips slugs and Unicode handling: Vietnamese letters in both
/// forms, path characters, Markdown syntax, controls.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Đường",
        "đ",
        "Hồ",
        "hoà",
        "hòa",
        "Ố",
        "\u{301}",
        "\u{323}",
        "/",
        "..",
        "\\",
        ":",
        "%2e",
        " ",
        "-",
        "#",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "&",
        "*",
        "`",
        "\n",
        "\r\n",
        "\t",
        "\u{0}",
        "C:",
        "a",
        "Z",
        "9",
        "ß",
        "İ",
        "ﬁ",
        "😀",
        "ǅ",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn slugs_are_always_safe_path_segments(s in tricky_text()) {
        let slug = slugify(&s);
        prop_assert!(slug.is_empty() || is_safe_slug(&slug), "{slug:?} from {s:?}");
    }

    #[test]
    fn slugs_of_any_string_are_safe(s in any::<String>()) {
        let slug = slugify(&s);
        prop_assert!(slug.is_empty() || is_safe_slug(&slug), "{slug:?}");
    }

    #[test]
    fn folding_is_idempotent(s in tricky_text()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn folding_ignores_normalisation_form(s in tricky_text()) {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(fold(&nfc), fold(&nfd));
    }

    #[test]
    fn rendered_markdown_of_nfc_input_is_nfc(s in tricky_text()) {
        // The loader normalises every file to NFC before rendering; rendering must keep it so.
        let body: String = s.nfc().collect();
        let file_text = format!("---\ntitle: x\n---\n{body}");
        let r = render(&Source { file_text: &file_text, body: &body, body_first_line: 4, file: "a.md" }, false);
        prop_assert!(is_nfc(&r.html), "{:?}", r.html);
        prop_assert!(!r.html.contains("<script"), "{:?}", r.html);
    }
}
