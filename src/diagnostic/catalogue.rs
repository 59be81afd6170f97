//! Every sentence congkhai says to an editor, in Vietnamese and English, in one place:
//! `src/diagnostic/messages/`, one YAML file per error code (its messages, help lines,
//! the long explanation `congkhai explain` prints and a wrong and a right example) and a
//! few files for what is not an error (`console.yaml`: summaries and labels;
//! `overlay.yaml`: the preview's error box). build.rs embeds them.
//!
//! A message is found by its id: `E0118` or `E0118.help` lives in `E0118.yaml`,
//! `console.errors` in `console.yaml` (the part before the first dot names the file).
//! `{name}` in a text is replaced by the argument of that name; other braces (Tera's
//! `{{ value }}`) are left as they are. tests/catalogue.rs fails when a code or an id
//! used in src/ lacks either language.

use super::lang::{self, Lang};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::{LazyLock, OnceLock};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// One file of the catalogue.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// What the code is about, in a few words (the first line of `explain`).
    pub title: Option<Both<String>>,
    /// The long form `congkhai explain CODE` prints.
    pub explain: Option<Both<String>>,
    pub example: Option<Example>,
    #[serde(default)]
    pub messages: BTreeMap<String, Both<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Both<T> {
    pub vi: T,
    pub en: T,
}

impl<T> Both<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// A text, or for counts a singular and a plural (Vietnamese needs only `other`'s form,
/// but may give both).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Counted { one: String, other: String },
}

impl Text {
    /// Every form, for the tests that compare placeholders.
    pub fn forms(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s],
            Text::Counted { one, other } => vec![one, other],
        }
    }
}

/// A mistake and its correction: `file` (a path in a site, such as
/// `content/su-kien/hoi-cho.md` or `config.yaml`) written as `wrong` gives this code,
/// written as `right` builds. `also` are files both versions need (a linked page).
/// Where one file cannot show the mistake (a full disk, an existing snapshot), `command`
/// says what was run and the example is shown, not built (tests/catalogue.rs lists those).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub file: Option<String>,
    pub wrong: String,
    pub right: String,
    #[serde(default)]
    pub also: BTreeMap<String, String>,
    pub command: Option<String>,
}

type Unparsed = (&'static [u8], OnceLock<File>);

/// Each file's text and, once a message of it is asked for, its parsed form. A run says
/// a few sentences: parsing all 470 KB of the catalogue for them cost every build about
/// 48 M instructions, 15 ms (callgrind, BENCHMARKS.md "Years of content").
static BY_NAME: LazyLock<BTreeMap<&'static str, Unparsed>> = LazyLock::new(|| {
    MESSAGE_FILES
        .iter()
        .filter_map(|(name, bytes)| Some((name.strip_suffix(".yaml")?, (*bytes, OnceLock::new()))))
        .collect()
});

/// The file's messages; a broken file (caught by tests/catalogue.rs) has none, so its
/// ids fall back to themselves rather than stop the run.
fn parse(bytes: &[u8]) -> File {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|t| serde_norway::from_str::<File>(t).ok())
        .unwrap_or_default()
}

/// A file of the catalogue, parsed the first time it is needed.
fn parsed(unparsed: &'static Unparsed) -> &'static File {
    let (bytes, file) = unparsed;
    file.get_or_init(|| parse(bytes))
}

static FILES: LazyLock<BTreeMap<&'static str, &'static File>> = LazyLock::new(|| {
    BY_NAME
        .iter()
        .map(|(stem, unparsed)| (*stem, parsed(unparsed)))
        .collect()
});

/// Every file of the catalogue by name (`E0118`, `console`), for `explain` and tests:
/// the same parsed files messages are looked up in.
pub fn files() -> &'static BTreeMap<&'static str, &'static File> {
    &FILES
}

/// Whether a file failed to parse: its text and serde's reason (for tests/catalogue.rs).
pub fn parse_errors() -> Vec<(String, String)> {
    MESSAGE_FILES
        .iter()
        .filter_map(|(name, bytes)| {
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => return Some((name.to_string(), e.to_string())),
            };
            serde_norway::from_str::<File>(text)
                .err()
                .map(|e| (name.to_string(), e.to_string()))
        })
        .collect()
}

fn lookup(id: &str) -> Option<&'static Both<Text>> {
    let name = id.split('.').next().unwrap_or(id);
    parsed(BY_NAME.get(name)?).messages.get(id)
}

/// The message `id` in the current language, `{name}`s filled from `args`.
pub fn tr(id: &str, args: &[(&str, &dyn Display)]) -> String {
    tr_in(lang::current(), id, args)
}

/// The message `id` in `lang`.
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, &dyn Display)]) -> String {
    match lookup(id) {
        Some(both) => match both.get(lang) {
            Text::Plain(s) => fill(s, args),
            Text::Counted { other, .. } => fill(other, args),
        },
        None => missing(id, args),
    }
}

/// The message `id` in `lang` as written (no arguments filled), or None when the
/// catalogue has no such message: for texts looked up by a name made at run time.
pub fn find_in(lang: Lang, id: &str) -> Option<&'static str> {
    lookup(id).map(|both| match both.get(lang) {
        Text::Plain(s) => s.as_str(),
        Text::Counted { other, .. } => other.as_str(),
    })
}

/// The message `id` for a count `n` (given to the text as `{n}`): `one` when n is 1.
pub fn tr_n(id: &str, n: usize, args: &[(&str, &dyn Display)]) -> String {
    let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
    all.extend_from_slice(args);
    match lookup(id) {
        Some(both) => match both.get(lang::current()) {
            Text::Plain(s) => fill(s, &all),
            Text::Counted { one, other } => fill(if n == 1 { one } else { other }, &all),
        },
        None => missing(id, &all),
    }
}

/// An id with no entry (tests/catalogue.rs keeps this from happening) still shows its
/// arguments, so nothing the editor needs is lost.
fn missing(id: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = id.to_string();
    for (name, value) in args {
        out.push_str(&format!(" {name}={value}"));
    }
    out
}

/// Replaces `{name}` (a-z, 0-9, `_`) by the argument of that name; anything else,
/// including a `{name}` no argument has, stays as written.
pub fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let value = args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
        match value {
            Some(v) if !name.is_empty() && after[name_len..].starts_with('}') => {
                out.push_str(&v.to_string());
                rest = &after[name_len + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}`s a text uses, for the test that both languages take the same arguments.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            names.push(after[..len].to_string());
        }
        rest = after;
    }
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_arguments_only() {
        let key = "start";
        assert_eq!(
            fill("`{key}`: {reason}", &[("key", &key), ("reason", &"no")]),
            "`start`: no"
        );
        assert_eq!(
            fill(
                "guard it with `{% if value %}` or {{ x }}",
                &[("value", &1)]
            ),
            "guard it with `{% if value %}` or {{ x }}"
        );
        assert_eq!(fill("{unknown} {", &[]), "{unknown} {");
    }

    #[test]
    fn placeholders_are_the_named_braces() {
        assert_eq!(
            placeholders("`{key}`: {reason} {{ x }} {key}"),
            vec!["key".to_string(), "reason".to_string()]
        );
    }

    #[test]
    fn every_file_of_the_catalogue_parses() {
        assert_eq!(parse_errors(), Vec::<(String, String)>::new());
    }
}
