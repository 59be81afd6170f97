#![no_main]
//! Splitting and checking front matter must never panic, whatever the bytes.

use congkhai::content::front_matter::{parse, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(s) = split(text, "content/fuzz.md") {
            let _ = parse(text, &s, "content/fuzz.md");
        }
    }
});
