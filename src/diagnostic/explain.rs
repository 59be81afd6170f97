//! `congkhai explain CODE`: the long form of a code, like `rustc --explain`: what the
//! code means, then a wrong and a right example, in the chosen language.

use super::catalogue::{files, tr_in, Example};
use super::lang::Lang;
use std::fmt::Write as _;

/// Every code the catalogue explains (`E0118`, `W0101`), sorted.
pub fn codes() -> Vec<&'static str> {
    files().keys().copied().filter(|k| is_code(k)).collect()
}

/// `E0118`, `W0101`: a letter and four digits.
pub fn is_code(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5 && matches!(b[0], b'E' | b'W') && b[1..].iter().all(u8::is_ascii_digit)
}

/// The example of a code, for tests/catalogue.rs.
pub fn example(code: &str) -> Option<&'static Example> {
    files().get(code)?.example.as_ref()
}

/// The explanation of `code` in `lang`, or `None` for a code the catalogue lacks.
/// Lower-case codes are accepted (`e0118`).
pub fn explain(code: &str, lang: Lang) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let file = files().get(code.as_str()).filter(|_| is_code(&code))?;
    let mut out = String::new();
    let title = file
        .title
        .as_ref()
        .map(|t| t.get(lang).as_str())
        .unwrap_or("");
    let _ = writeln!(out, "{code}: {title}\n");
    if let Some(text) = &file.explain {
        let _ = writeln!(out, "{}", text.get(lang).trim_end());
    }
    if let Some(ex) = &file.example {
        out.push('\n');
        if let Some(command) = &ex.command {
            let _ = writeln!(
                out,
                "{}\n",
                tr_in(lang, "console.explain-command", &[("command", command)])
            );
        }
        let shown = ex.file.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "{}\n",
            tr_in(lang, "console.explain-wrong", &[("file", &shown)])
        );
        indented(&mut out, &ex.wrong);
        let _ = writeln!(out, "\n{}\n", tr_in(lang, "console.explain-right", &[]));
        indented(&mut out, &ex.right);
    }
    Some(out)
}

fn indented(out: &mut String, text: &str) {
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
}
