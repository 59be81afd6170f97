//! The floor: the least work any generator must do for a site.
//!
//! `congkhai-bench-floor CONTENT_DIR OUTPUT_DIR` reads every `.md` file under CONTENT_DIR,
//! strips its YAML front matter, renders the Markdown to HTML with pulldown-cmark (the
//! options congkhai uses: tables, footnotes, strikethrough, heading attributes) and writes
//! `OUTPUT_DIR/<path without .md>/index.html` (`_index.md` -> the folder's `index.html`), in
//! parallel with rayon. No templates, no link resolution, no taxonomies, no feeds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use walkdir::WalkDir;

/// The body after a `---` ... `---` front matter block (or the whole text if there is none).
fn strip_front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}

/// Where a content file's HTML goes: `a/b.md` -> `a/b/index.html`, `a/_index.md` -> `a/index.html`.
fn output_path(out: &Path, rel: &Path) -> PathBuf {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let parent = rel.parent().unwrap_or(Path::new(""));
    let dir = if stem == "_index" || stem.starts_with("_index.") {
        match stem.strip_prefix("_index.") {
            Some(lang) => Path::new(lang).join(parent),
            None => parent.to_path_buf(),
        }
    } else {
        // foo.en -> en/<parent>/foo
        match stem.rsplit_once('.') {
            Some((name, lang)) => Path::new(lang).join(parent).join(name),
            None => parent.join(stem),
        }
    };
    out.join(dir).join("index.html")
}

fn render(md: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(md, opts));
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: congkhai-bench-floor CONTENT_DIR OUTPUT_DIR");
        return ExitCode::from(2);
    }
    let (content, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let files: Vec<PathBuf> = WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let result: Result<usize, String> = files
        .par_iter()
        .map(|path| {
            let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let html = render(strip_front_matter(&text));
            let rel = path.strip_prefix(content).expect("walked under content");
            let dest = output_path(out, rel);
            fs::create_dir_all(dest.parent().expect("has a parent"))
                .and_then(|()| fs::write(&dest, html))
                .map_err(|e| format!("{}: {e}", dest.display()))?;
            Ok(1)
        })
        .sum();
    match result {
        Ok(n) => {
            println!("{n} pages");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_front_matter() {
        assert_eq!(strip_front_matter("---\ntitle: x\n---\n\nbody\n"), "\nbody\n");
        assert_eq!(strip_front_matter("no front matter"), "no front matter");
    }

    #[test]
    fn maps_paths_like_the_sites() {
        let o = Path::new("/o");
        assert_eq!(output_path(o, Path::new("a/b.md")), Path::new("/o/a/b/index.html"));
        assert_eq!(output_path(o, Path::new("a/b.en.md")), Path::new("/o/en/a/b/index.html"));
        assert_eq!(output_path(o, Path::new("a/_index.md")), Path::new("/o/a/index.html"));
        assert_eq!(output_path(o, Path::new("a/_index.en.md")), Path::new("/o/en/a/index.html"));
        assert_eq!(output_path(o, Path::new("_index.md")), Path::new("/o/index.html"));
    }
}
