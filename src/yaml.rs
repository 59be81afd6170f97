//! Every use of the YAML library lives here, so it can be swapped in one place. It is
//! serde_norway, the maintained hard fork of serde_yaml (deprecated and archived upstream).

use serde::de::DeserializeOwned;

mod structure;

/// For YAML mistakes the YAML library names only by its own terms ("mapping values are not
/// allowed in this context"): what editors usually did wrong, and how to write it.
pub const YAML_HELP: &str = "write one `key: value` per line; put a value that contains `: `, `#`, or starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `@` or a quote inside double quotes, e.g. `title: \"Hội chợ: OCOP\"`";

/// A YAML problem with its 1-based position inside the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// What to write instead, when the mistake is one editors often make (an
    /// indentation, a tab, a quote, a `:` in a value): see `structure.rs`.
    pub help: Option<String>,
}

/// Parses YAML text into a typed value. Alias expansion is bounded by serde_norway, so an
/// alias bomb fails fast with an error instead of exhausting memory.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_norway::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        let message = strip_location(&e.to_string());
        match structure::explain(text, &message, line, column) {
            Some(x) => YamlError {
                message: x.message,
                line: x.line,
                column: x.column,
                help: Some(x.help),
            },
            None => YamlError {
                message,
                line,
                column,
                help: None,
            },
        }
    })
}

/// serde_norway (like serde_yaml before it) writes " at line L column C" into its
/// messages, counting lines of the YAML text alone (not of the file) and sometimes
/// from 0: we show the position our way, once.
fn strip_location(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        // `N column M`, then whatever followed (`, while parsing ...`).
        let end = rest
            .find(" column ")
            .map(|c| {
                let after = &rest[c + " column ".len()..];
                c + " column ".len() + after.bytes().take_while(u8::is_ascii_digit).count()
            })
            .unwrap_or(rest.bytes().take_while(u8::is_ascii_digit).count());
        out = format!("{}{}", &out[..i], &rest[end..]);
    }
    out
}

/// Where a top-level key of a block mapping sits, so errors found after deserializing
/// (a bad date, a key not valid for this kind) can still point at the right line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPosition {
    pub key: String,
    /// 1-based line within the YAML text.
    pub line: usize,
    /// 1-based column where the value starts (after `key:` and spaces).
    pub value_column: usize,
}

/// Scans the unindented `key:` lines of a block mapping. This reads layout only; it does
/// not interpret YAML, which stays the YAML library's job.
pub fn top_level_keys(text: &str) -> Vec<KeyPosition> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let first = match line.chars().next() {
            Some(c) => c,
            None => continue,
        };
        if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '"' | '\'') {
            continue;
        }
        if let Some(colon) = line.find(':') {
            // Spaces only: a non-breaking space before `:` is part of the key, and makes
            // it a key no one knows (`trim_end` would hide it).
            let key = line[..colon].trim_end_matches(' ');
            let rest = &line[colon + 1..];
            let spaces = rest.len() - rest.trim_start().len();
            keys.push(KeyPosition {
                key: key.to_string(),
                line: i + 1,
                value_column: line[..colon].chars().count() + 2 + spaces,
            });
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn error_positions_are_one_based() {
        let err = parse::<BTreeMap<String, String>>("a: b\nc: [\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut text =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let names: Vec<char> = ('b'..='k').collect();
        let mut prev = 'a';
        for n in names {
            text.push_str(&format!(
                "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = n;
        }
        let started = std::time::Instant::now();
        let result = parse::<serde_json::Value>(&text);
        assert!(result.is_err(), "a billion-laughs document must be refused");
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn top_level_keys_give_value_columns() {
        let keys = top_level_keys("title: Xin chào\n# note\nextra:\n  a: 1\nkind:   event\n");
        let names: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(names, ["title", "extra", "kind"]);
        assert_eq!(keys[0].value_column, 8);
        assert_eq!(keys[2].line, 5);
        assert_eq!(keys[2].value_column, 9);
    }
}
