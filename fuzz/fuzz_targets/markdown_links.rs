#![no_main]
//! Markdown rendering with link placeholders and their filling must never panic, and
//! never let a script through.

use congkhai::markdown::{fill_links, placeholder, render, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let allow_html = body.len() % 2 == 0;
    let r = render(&Source { file_text: body, body, body_first_line: 1, file: "content/fuzz.md" }, allow_html);
    let resolved: Vec<String> = (0..r.links.len()).map(|i| format!("../p{i}/index.html")).collect();
    let html = fill_links(&r.html, &resolved);
    assert!(!html.contains("<script"), "script reached the output");
    assert!(!html.contains(placeholder()), "a placeholder was left in the output");
});
