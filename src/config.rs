//! `config.yaml`: the site's identity (title, issuer, office), its public address, its
//! languages (the first is the default) and its theme.

mod menu;

use crate::diagnostic::{did_you_mean, tr, Diagnostic};
use crate::yaml;
pub use menu::{MenuItem, Target as MenuTarget};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    issuer: Option<String>,
    office: Option<String>,
    contact: Option<String>,
    theme: Option<String>,
    languages: Option<Vec<RawLanguage>>,
    allow_html: Option<bool>,
    max_file_size_mb: Option<u64>,
    image_memory_mb: Option<u64>,
    document_types: Option<Vec<DocumentType>>,
    max_attachment_mb: Option<u64>,
    notice_categories: Option<std::collections::BTreeMap<String, NoticeCategoryLabels>>,
    paginate: Option<usize>,
    home_upcoming_events: Option<usize>,
    home_recent_events: Option<usize>,
    menu: Option<menu::RawMenu>,
    silence_warnings: Option<Vec<String>>,
    extra: Option<serde_json::Value>,
}

/// A category of notices the site adds, by its key: its name in each language
/// (`vi: "Y tế"`, `en: "Health"`); a language it does not name shows the key.
type NoticeCategoryLabels = std::collections::BTreeMap<String, String>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    title: Option<String>,
    description: Option<String>,
    issuer: Option<String>,
    office: Option<String>,
    contact: Option<String>,
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "issuer",
    "office",
    "contact",
    "theme",
    "languages",
    "allow_html",
    "max_file_size_mb",
    "image_memory_mb",
    "document_types",
    "max_attachment_mb",
    "notice_categories",
    "paginate",
    "home_upcoming_events",
    "home_recent_events",
    "menu",
    "silence_warnings",
    "extra",
];

/// A type of document (`doc_type:`): its name as editors write it (Vietnamese) and
/// its name in English for the English pages.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentType {
    pub name: String,
    pub en: Option<String>,
}

impl DocumentType {
    /// The name shown in `lang`.
    pub fn label(&self, lang: &str) -> &str {
        match (&self.en, lang) {
            (Some(en), "en") => en,
            _ => &self.name,
        }
    }
}

/// The types of documents when config.yaml names none (Decree 30/2020/NĐ-CP's
/// most common forms for a district or ward office).
pub fn default_document_types() -> Vec<DocumentType> {
    [
        ("Quyết định", "Decision"),
        ("Kế hoạch", "Plan"),
        ("Thông báo", "Notice"),
        ("Công văn", "Official letter"),
        ("Báo cáo", "Report"),
        ("Nghị quyết", "Resolution"),
        ("Chỉ thị", "Directive"),
        ("Hướng dẫn", "Guidance"),
        ("Tờ trình", "Submission"),
    ]
    .into_iter()
    .map(|(name, en)| DocumentType {
        name: name.into(),
        en: Some(en.into()),
    })
    .collect()
}

/// An attachment larger than this (in MB) is refused unless config.yaml says more.
pub const DEFAULT_MAX_ATTACHMENT_MB: u64 = 50;

/// Everything a language shows that differs between languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub issuer: String,
    pub office: String,
    pub contact: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Always ends with `/`.
    pub base_url: String,
    pub theme: String,
    /// The first one is the default language, published at the site root.
    pub languages: Vec<Language>,
    pub allow_html: bool,
    pub max_file_size: u64,
    /// Bytes that decoding album images may hold at once, all threads together: peak
    /// memory then does not grow with the number of cores.
    pub image_memory: u64,
    /// `document_types:`, or [`default_document_types`].
    pub document_types: Vec<DocumentType>,
    /// Bytes an attached file may have at most.
    pub max_attachment: u64,
    /// Categories of notices the site adds to the built-in ones
    /// (`content::notice::BUILT_IN_CATEGORIES`), by key, with their names per language.
    pub notice_categories: std::collections::BTreeMap<String, NoticeCategoryLabels>,
    /// Items per page of a long list, unless its section says (0: never split).
    pub paginate: usize,
    /// Events the home page lists: those to come, then those just past.
    pub home_upcoming_events: usize,
    pub home_recent_events: usize,
    /// Per language code: the navigation bar the office set (`menu:`); a language
    /// without one gets the automatic menu.
    pub menu: BTreeMap<String, Vec<MenuItem>>,
    /// Warning codes (`W0103`) the site does not want to hear about.
    pub silence_warnings: Vec<String>,
    pub extra: serde_json::Value,
    /// Where work worth keeping between builds goes (album thumbnails); none when the
    /// configuration was not read from a site folder.
    pub cache_dir: Option<std::path::PathBuf>,
}

/// The cache folder inside a site: git-ignored, safe to delete.
pub const CACHE_DIR: &str = ".congkhai-cache";

/// Enough for a 100-megapixel photograph saved as a baseline JPEG (a progressive one
/// about 40), well under the memory of an office computer.
pub const DEFAULT_IMAGE_MEMORY_MB: u64 = 512;

pub const CONFIG_FILE: &str = "config.yaml";

/// Items per page of a list when neither its section nor `config.yaml` says: a page
/// a phone scrolls through in a few swipes.
pub const DEFAULT_PAGINATE: usize = 20;

/// Events the home page lists when `config.yaml` does not say: the next few and the
/// last few, with a link to all of them.
pub const DEFAULT_HOME_UPCOMING_EVENTS: usize = 5;
pub const DEFAULT_HOME_RECENT_EVENTS: usize = 3;

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The code of the site's first language, read leniently before anything else so
    /// that even the errors of `config.yaml` itself are worded in it. `None` when the
    /// file is missing or too broken to tell.
    pub fn first_language(root: &Path) -> Option<String> {
        let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
        let value: serde_norway::Value = serde_norway::from_str(&text).ok()?;
        let code = value.get("languages")?.get(0)?.get("code")?.as_str()?;
        Some(code.to_string())
    }

    /// Loads and validates `config.yaml`; every problem comes back as a diagnostic.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::new(
                "E0001",
                CONFIG_FILE,
                tr("E0001", &[("reason", &crate::diagnostic::os_reason(&e))]),
            )
            .help(tr("E0001.help", &[]))]
        })?;
        let mut config = Self::parse(&text)?;
        let missing = menu::missing_pages(&config.menu, root, &text);
        if !missing.is_empty() {
            return Err(missing);
        }
        config.cache_dir = Some(root.join(CACHE_DIR));
        Ok(config)
    }

    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = yaml::parse(text).map_err(|e| vec![yaml_error(text, &e)])?;
        // A line break in a value would start a new line wherever the value is written
        // line by line (CR LF in `base_url` wrote its own rules into robots.txt).
        let controlled = control_characters(text);
        if !controlled.is_empty() {
            return Err(controlled);
        }
        let mut errors = Vec::new();
        let keys = yaml::top_level_keys(text);
        let locate = |key: &str, d: Diagnostic| match keys.iter().find(|k| k.key == key) {
            Some(k) => d.at(text, k.line, k.value_column),
            None => d,
        };
        let title = raw.title.clone().unwrap_or_default();
        if title.trim().is_empty() {
            errors.push(locate(
                "title",
                Diagnostic::new("E0003", CONFIG_FILE, tr("E0003", &[]))
                    .at(text, 1, 1)
                    .help(tr("E0003.help", &[])),
            ));
        }
        let mut base_url = raw.base_url.clone().unwrap_or_default();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            errors.push(locate(
                "base_url",
                Diagnostic::new("E0004", CONFIG_FILE, tr("E0004", &[])).help(tr("E0004.help", &[])),
            ));
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let languages = languages(&raw, &title, &locate, &mut errors);
        let theme = raw.theme.clone().unwrap_or_else(|| "default".into());
        if theme.is_empty() || theme.contains(['/', '\\', '.']) {
            errors.push(locate(
                "theme",
                Diagnostic::new("E0006", CONFIG_FILE, tr("E0006", &[("theme", &theme)]))
                    .help(tr("E0006.help", &[])),
            ));
        }
        let menu = menu::parse(raw.menu.clone(), &languages, text, &mut errors);
        let notice_categories = raw.notice_categories.clone().unwrap_or_default();
        check_notice_categories(&notice_categories, &locate, &mut errors);
        if languages.is_empty() && errors.is_empty() {
            errors.push(
                Diagnostic::new("E0005", CONFIG_FILE, tr("E0005.none", &[]))
                    .help(tr("E0005.none-help", &[])),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let checked = Checked {
            base_url,
            theme,
            languages,
            menu,
            notice_categories,
        };
        Ok(checked.with_the_rest(raw))
    }
}

/// What [`Config::parse`] checked; the other values are taken as written, or defaults.
struct Checked {
    base_url: String,
    theme: String,
    languages: Vec<Language>,
    menu: BTreeMap<String, Vec<MenuItem>>,
    notice_categories: BTreeMap<String, NoticeCategoryLabels>,
}

impl Checked {
    fn with_the_rest(self, raw: RawConfig) -> Config {
        Config {
            base_url: self.base_url,
            theme: self.theme,
            languages: self.languages,
            allow_html: raw.allow_html.unwrap_or(false),
            max_file_size: raw
                .max_file_size_mb
                .unwrap_or(10)
                .saturating_mul(1024 * 1024),
            image_memory: raw
                .image_memory_mb
                .unwrap_or(DEFAULT_IMAGE_MEMORY_MB)
                .max(1)
                .saturating_mul(1024 * 1024),
            document_types: raw
                .document_types
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(default_document_types),
            max_attachment: raw
                .max_attachment_mb
                .unwrap_or(DEFAULT_MAX_ATTACHMENT_MB)
                .saturating_mul(1024 * 1024),
            notice_categories: self.notice_categories,
            paginate: raw.paginate.unwrap_or(DEFAULT_PAGINATE),
            home_upcoming_events: raw
                .home_upcoming_events
                .unwrap_or(DEFAULT_HOME_UPCOMING_EVENTS),
            home_recent_events: raw.home_recent_events.unwrap_or(DEFAULT_HOME_RECENT_EVENTS),
            menu: self.menu,
            silence_warnings: raw
                .silence_warnings
                .clone()
                .unwrap_or_default()
                .iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect(),
            extra: raw.extra.unwrap_or(serde_json::Value::Null),
            cache_dir: None,
        }
    }
}

/// config.yaml is no YAML, or has a key congkhai does not know (with the keys it does).
fn yaml_error(text: &str, e: &yaml::YamlError) -> Diagnostic {
    let mut d = Diagnostic::new("E0002", CONFIG_FILE, tr("E0002", &[("reason", &e.message)]))
        .at(text, e.line, e.column);
    let Some(field) = unknown_field(&e.message) else {
        return d.help(tr("common.yaml-help", &[]));
    };
    d.code = "E0007";
    d.message = tr("E0007", &[("key", &field)]);
    d.span_len = field.chars().count().max(1);
    let nested = !yaml::top_level_keys(text).iter().any(|k| k.key == field);
    // Inside `languages:` the keys are a language's; serde lists them.
    let allowed: Vec<&str> = match e.message.split_once("expected ") {
        Some((_, rest)) if nested => rest
            .split(", ")
            .map(|k| k.trim_start_matches("one of ").trim_start_matches("or "))
            .map(|k| k.trim_matches('`'))
            .collect(),
        _ => CONFIG_KEYS.to_vec(),
    };
    if let Some(s) = did_you_mean(field, &allowed) {
        d.help(tr("common.did-you-mean", &[("word", &s)]))
    } else if nested {
        d.help(tr("E0007.help-here", &[("keys", &allowed.join(", "))]))
    } else {
        d.help(tr("E0007.help", &[("keys", &CONFIG_KEYS.join(", "))]))
    }
}

/// The site's languages (Vietnamese alone when it names none), each with the site's
/// values where it gives none of its own; a bad or repeated code is an error.
fn languages(
    raw: &RawConfig,
    title: &str,
    locate: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    let raw_languages = raw.languages.clone().unwrap_or_else(|| {
        vec![RawLanguage {
            code: "vi".into(),
            name: "Tiếng Việt".into(),
            title: None,
            description: None,
            issuer: None,
            office: None,
            contact: None,
        }]
    });
    let mut languages = Vec::new();
    for l in raw_languages {
        let valid = !l.code.is_empty()
            && l.code.len() <= 8
            && l.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if !valid || languages.iter().any(|x: &Language| x.code == l.code) {
            errors.push(locate(
                "languages",
                Diagnostic::new("E0005", CONFIG_FILE, tr("E0005", &[("code", &l.code)]))
                    .help(tr("E0005.help", &[])),
            ));
            continue;
        }
        languages.push(Language {
            title: l.title.unwrap_or_else(|| title.to_string()),
            description: l
                .description
                .or_else(|| raw.description.clone())
                .unwrap_or_default(),
            issuer: l.issuer.or_else(|| raw.issuer.clone()).unwrap_or_default(),
            office: l.office.or_else(|| raw.office.clone()).unwrap_or_default(),
            contact: l.contact.or_else(|| raw.contact.clone()),
            code: l.code,
            name: l.name,
        });
    }
    languages
}

/// Category keys are written into addresses and class names: lower-case ASCII letters,
/// digits, `_` and `-` only.
fn check_notice_categories(
    categories: &BTreeMap<String, NoticeCategoryLabels>,
    locate: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) {
    for key in categories.keys() {
        let safe = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !safe {
            errors.push(locate(
                "notice_categories",
                Diagnostic::new("E0019", CONFIG_FILE, tr("E0019", &[("key", key)]))
                    .help(tr("E0019.help", &[])),
            ));
        }
    }
}

/// One error per value of config.yaml (keys, `extra:` and list items included) that
/// holds a control character (C0, DEL or C1: CR, LF, tab, escape...), however it was
/// written: raw, as an escape in double quotes (`"\r\n"`), or as a block (`|`).
fn control_characters(text: &str) -> Vec<Diagnostic> {
    let Ok(value) = yaml::parse::<serde_json::Value>(text) else {
        return Vec::new(); // The typed parse has already accepted it; never here.
    };
    let mut found = Vec::new();
    strings_with_controls(&value, &mut Vec::new(), &mut found);
    found
        .into_iter()
        .map(|(path, c)| {
            let (line, column) = locate_value(text, &path);
            let shown = path
                .iter()
                .map(|k| match k {
                    Key::Name(n) => n.clone(),
                    Key::Index(i) => format!("[{i}]"),
                })
                .collect::<Vec<_>>()
                .join(".")
                .replace(".[", "[");
            Diagnostic::new(
                "E0008",
                CONFIG_FILE,
                tr(
                    "E0008",
                    &[("key", &shown), ("char", &format!("U+{:04X}", c as u32))],
                ),
            )
            .at(text, line, column)
            .help(tr("E0008.help", &[]))
        })
        .collect()
}

enum Key {
    Name(String),
    Index(usize),
}

fn strings_with_controls(
    value: &serde_json::Value,
    path: &mut Vec<Key>,
    found: &mut Vec<(Vec<Key>, char)>,
) {
    let first_control = |s: &str| s.chars().find(|c| c.is_control());
    let copy = |path: &[Key]| {
        path.iter()
            .map(|k| match k {
                Key::Name(n) => Key::Name(n.clone()),
                Key::Index(i) => Key::Index(*i),
            })
            .collect::<Vec<_>>()
    };
    match value {
        serde_json::Value::String(s) => {
            if let Some(c) = first_control(s) {
                found.push((copy(path), c));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Key::Index(i));
                strings_with_controls(item, path, found);
                path.pop();
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                path.push(Key::Name(k.clone()));
                if let Some(c) = first_control(k) {
                    found.push((copy(path), c));
                }
                strings_with_controls(v, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Where the value at `path` is written: the line of its key (found in order, each key
/// after its parent's line and the n-th `-` item for a list index), and there the first
/// escape or control character, else the start of the value. Best effort: the values
/// themselves come from the YAML parser; this only points at them.
fn locate_value(text: &str, path: &[Key]) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0; // 0-based line to search from
    let mut found_line = None;
    for key in path {
        match key {
            Key::Name(name) => {
                let hit = (at..lines.len()).find(|&i| {
                    let l = lines[i].trim_start().trim_start_matches("- ");
                    let l = l.trim_start_matches(['{', ' ']);
                    l.strip_prefix(name.as_str())
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                        || lines[i].contains(&format!("{{{name}:"))
                        || lines[i].contains(&format!(", {name}:"))
                });
                if let Some(i) = hit {
                    at = i;
                    found_line = Some(i);
                }
            }
            Key::Index(n) => {
                let hit = (at + 1..lines.len())
                    .filter(|&i| lines[i].trim_start().starts_with('-'))
                    .nth(*n);
                if let Some(i) = hit {
                    at = i;
                    found_line = Some(i);
                }
            }
        }
    }
    let Some(i) = found_line else {
        return (1, 1);
    };
    let line = lines[i];
    let escape = [
        "\\r", "\\n", "\\t", "\\x", "\\u", "\\U", "\\e", "\\0", "\\a", "\\b", "\\v", "\\f", "\\N",
        "\\L", "\\P",
    ]
    .iter()
    .filter_map(|e| line.find(e))
    .chain(line.find(|c: char| c.is_control()))
    .min();
    let byte = escape.unwrap_or_else(|| {
        line.find(':')
            .map(|c| c + 1 + (line[c + 1..].len() - line[c + 1..].trim_start().len()))
            .unwrap_or(0)
    });
    (i + 1, line[..byte.min(line.len())].chars().count() + 1)
}

/// Pulls the field name out of serde's "unknown field `x`, expected ..." message.
/// The path part of a public address, from `/` to the end: `/congkhai/` for
/// `https://example.org/congkhai/`, `/` for a domain's root. Pages served at any
/// address (the 404 page) and web server configurations reach the site by it.
pub fn url_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_matches('/');
    if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    }
}

pub fn unknown_field(message: &str) -> Option<&str> {
    // Nested values carry a path first: "languages[0]: unknown field `x`, ...".
    let rest = message.split_once("unknown field `")?.1;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_inherit_site_fields() {
        let c = Config::parse(
            "title: T\nbase_url: https://x.example\nissuer: UBND\nlanguages:\n  - {code: vi, name: Tiếng Việt}\n  - {code: en, name: English, issuer: Committee}\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.example/");
        assert_eq!(c.default_language().issuer, "UBND");
        assert_eq!(
            c.language("en").map(|l| l.issuer.as_str()),
            Some("Committee")
        );
        assert_eq!(c.language("en").map(|l| l.title.as_str()), Some("T"));
    }

    /// Issue 20, case 12: CR LF in `base_url` injected lines into robots.txt.
    #[test]
    fn case_12_control_characters_in_config_values_are_refused_with_their_place() {
        let base = "title: T\nbase_url: https://x.example\n";
        let cases: &[(&str, &str, usize, usize)] = &[
            (
                "title: T\nbase_url: \"https://x.example/\\r\\nDisallow: /\"\n",
                "`base_url` contains a control character (U+000D)",
                2,
                30,
            ),
            (
                "title: \"T\\tx\"\nbase_url: https://x.example\n",
                "`title` contains a control character (U+0009)",
                1,
                10,
            ),
            (
                &format!("{base}description: |\n  two\n  lines\n"),
                "`description` contains a control character (U+000A)",
                3,
                14,
            ),
            (
                &format!("{base}languages:\n  - code: vi\n    name: Việt\n  - code: en\n    name: \"E\\u0085n\"\n"),
                "`languages[1].name` contains a control character (U+0085)",
                7,
                13,
            ),
            (
                &format!("{base}extra:\n  address:\n    locality: \"Tây\\x1bHồ\"\n"),
                "`extra.address.locality` contains a control character (U+001B)",
                5,
                19,
            ),
        ];
        for (text, message, line, column) in cases {
            let errs = Config::parse(text).unwrap_err();
            assert_eq!(errs.len(), 1, "{text}: {errs:?}");
            assert_eq!(errs[0].code, "E0008");
            assert!(errs[0].message.starts_with(message), "{}", errs[0].message);
            assert_eq!((errs[0].line, errs[0].column), (*line, *column), "{text}");
        }
        // Line breaks between values (CR LF files too) are not in any value.
        let crlf = "title: T\r\nbase_url: https://x.example\r\n# note\r\n";
        assert_eq!(Config::parse(crlf).unwrap().base_url, "https://x.example/");
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let errs = Config::parse("title: T\nbase_ulr: https://x.example\n").unwrap_err();
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(errs[0].line, 2);
    }

    #[test]
    fn an_unknown_key_inside_a_language_is_matched_against_a_language_s_keys() {
        let errs = Config::parse(
            "title: T\nbase_url: https://x.example\nlanguages:\n  - code: vi\n    nmae: Việt\n",
        )
        .unwrap_err();
        assert_eq!(errs[0].code, "E0007");
        assert_eq!(errs[0].line, 5);
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `name`?"));
    }
}
