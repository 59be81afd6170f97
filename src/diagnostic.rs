//! Input errors as editors see them: what is wrong, where (file, line, column), the
//! offending line, and what to write instead. Rendering happens only at the edge (CLI),
//! in the language of [`lang::current`]; the words come from [`catalogue`].

pub mod catalogue;
pub mod explain;
pub mod lang;
pub mod os;

pub use catalogue::{tr, tr_n};
pub use os::os_reason;

use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `E0101`, so messages can be looked up and tests can pin them.
    pub code: &'static str,
    pub message: String,
    /// Path as shown to the editor, relative to the site root (`content/x.md`).
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    /// Width of the caret underline, at least 1.
    pub span_len: usize,
    pub help: Option<String>,
    /// The offending source line, copied so rendering needs no file access.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            file: file.into(),
            line: 0,
            column: 0,
            span_len: 1,
            help: None,
            source_line: None,
        }
    }

    /// Points at `line:column` (1-based) and copies that line out of `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    pub fn span(mut self, len: usize) -> Self {
        self.span_len = len.max(1);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A warning (a code `W....`): a plausible mistake, which fails a build only with
    /// `--deny-warnings`. Errors are `E....`.
    pub fn is_warning(&self) -> bool {
        self.code.starts_with('W')
    }

    /// Renders in the rustc style. `color` adds ANSI colours for terminals.
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) = if color {
            let mark = if self.is_warning() {
                "\x1b[1;33m"
            } else {
                "\x1b[1;31m"
            };
            (mark, "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let label = if self.is_warning() {
            "console.warning"
        } else {
            "console.error"
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{red}{}[{}]{reset}{bold}: {}{reset}",
            tr(label, &[]),
            self.code,
            self.message
        );
        let location = if self.line > 0 {
            format!("{}:{}:{}", self.file, self.line, self.column)
        } else {
            self.file.clone()
        };
        let gutter = if self.line > 0 {
            self.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}{blue}-->{reset} {location}");
        if let Some(src) = &self.source_line {
            let shown: String = src.chars().take(200).collect();
            let _ = writeln!(out, "{pad} {blue}|{reset}");
            let _ = writeln!(out, "{blue}{}{reset} {blue}|{reset} {shown}", self.line);
            let indent: String = shown
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                "{pad} {blue}|{reset} {indent}{red}{}{reset}",
                "^".repeat(self.span_len.min(120))
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "{pad} {blue}={reset} {bold}{}{reset}: {help}",
                tr("console.help", &[])
            );
        }
        out
    }
}

/// Shows a path relative to the site root with forward slashes, whatever the OS.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Finds the closest candidate by edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_points_a_caret_at_the_column() {
        let d = Diagnostic::new("E0001", "content/a.md", "unknown key `titel`")
            .at("---\ntitel: x\n---\n", 2, 1)
            .span(5)
            .help("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x"), "{text}");
        assert!(text.contains("  | ^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn did_you_mean_finds_close_keys_only() {
        let keys = ["title", "summary", "date"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("sumary", &keys), Some("summary"));
        assert_eq!(did_you_mean("xylophone", &keys), None);
    }
}
