//! What the preview's overlay shows, as the JSON live.js reads: the errors of a broken
//! save (or the warnings of a good one) one by one with their file and line, and the
//! overlay's own words, all in the editor's language (the catalogue's current one).

use crate::diagnostic::catalogue::tr;
use crate::diagnostic::{lang, Diagnostic};
use serde_json::{json, Value};

/// The overlay for a broken save: its errors, and the warnings found with them.
pub fn broken(errors: &[Diagnostic]) -> String {
    data("overlay.broken-title", errors)
}

/// The panel after a good build that has warnings; `None` when there are none.
pub fn warned(warnings: &[Diagnostic]) -> Option<String> {
    (!warnings.is_empty()).then(|| data("overlay.warnings-title", warnings))
}

fn data(title: &str, diagnostics: &[Diagnostic]) -> String {
    json!({
        "lang": lang::current().code(),
        "title": tr(title, &[]),
        "close": tr("overlay.close", &[]),
        "items": diagnostics.iter().map(item).collect::<Vec<Value>>(),
        // The whole report as the terminal prints it, for a copy into a message.
        "text": diagnostics.iter().map(|d| d.render(false)).collect::<Vec<_>>().join("\n"),
    })
    .to_string()
}

fn item(d: &Diagnostic) -> Value {
    let location = if d.line > 0 {
        format!("{}:{}:{}", d.file, d.line, d.column)
    } else {
        d.file.clone()
    };
    json!({
        "severity": if d.is_warning() { "warning" } else { "error" },
        "label": tr(if d.is_warning() { "console.warning" } else { "console.error" }, &[]),
        "code": d.code,
        "message": d.message,
        "location": location,
        "source": d.source_line,
        "help_label": tr("console.help", &[]),
        "help": d.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_keeps_its_file_line_and_help_apart() {
        let d = Diagnostic::new("E0101", "content/tin/mot.md", "khóa lạ `titel`")
            .at("---\ntitel: x\n", 2, 1)
            .help("viết `title`");
        let v: Value = serde_json::from_str(&broken(&[d])).unwrap();
        assert_eq!(v["items"][0]["location"], "content/tin/mot.md:2:1");
        assert_eq!(v["items"][0]["code"], "E0101");
        assert_eq!(v["items"][0]["severity"], "error");
        assert_eq!(v["items"][0]["help"], "viết `title`");
        assert_eq!(v["items"][0]["source"], "titel: x");
        assert!(
            v["text"].as_str().unwrap().contains("error[E0101]")
                || v["text"].as_str().unwrap().contains("lỗi[E0101]")
        );
    }

    #[test]
    fn a_good_build_without_warnings_has_no_panel() {
        assert!(warned(&[]).is_none());
        let w = Diagnostic::new("W0106", "content/a.md", "ảnh không có alt").at("x\n", 1, 1);
        let v: Value = serde_json::from_str(&warned(&[w]).unwrap()).unwrap();
        assert_eq!(v["items"][0]["severity"], "warning");
    }
}
