#![no_main]
//! One page through every stage: load from bytes, assemble with the home page, render
//! with the default theme. Errors are fine; panics are bugs.

use congkhai::config::Config;
use congkhai::content::{page_from_bytes, Loaded};
use congkhai::render::{templates, Discard};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn setup() -> &'static (Config, templates::Theme) {
    static SETUP: OnceLock<(Config, templates::Theme)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let config = Config::parse("title: Fuzz\nbase_url: https://fuzz.example/\nlanguages:\n  - {code: vi, name: Tiếng Việt}\n  - {code: en, name: English}\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        let theme = templates::load(&repo, "default", &["vi".into(), "en".into()]).unwrap_or_else(|e| panic!("{e:?}"));
        (config, theme)
    })
}

fuzz_target!(|data: &[u8]| {
    let (config, theme) = setup();
    let home = page_from_bytes("_index.md", b"---\ntitle: Home\n---\n", config, true);
    let page = page_from_bytes("su-kien/fuzz.md", data, config, true);
    let (Ok(Some(home)), Ok(Some(page))) = (home, page) else { return };
    let loaded = Loaded { pages: vec![home, page], assets: Vec::new(), errors: Vec::new() };
    if let Ok(site) = congkhai::site::assemble(config.clone(), loaded) {
        let _ = congkhai::pipeline::render(&site, theme, &Discard);
    }
});
