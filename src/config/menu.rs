//! `menu:` in `config.yaml`: the navigation bar of each language, when the office sets
//! it (the order, what is hidden, links to other sites). Without it the navigation is
//! made from the home page's sections and pages, in weight order.
//!
//! ```yaml
//! menu:
//!   vi:
//!     - page: ke-hoach/_index.md          # a page, by its file under content/
//!     - page: su-kien/_index.md
//!       title: "Lịch sự kiện"             # optional: another name in the menu
//!     - title: "Cổng Dịch vụ công quốc gia"
//!       url: "https://dichvucong.gov.vn/" # https:, or a path from the site's root
//! ```

use super::{locate_value, Key, Language, CONFIG_FILE};
use crate::diagnostic::{tr, Diagnostic};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    page: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

pub(super) type RawMenu = BTreeMap<String, Vec<RawItem>>;

/// What an item leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page, by its source path under `content/` (`ke-hoach/_index.md`): shown in the
    /// menu's language when it is translated.
    Page(String),
    /// An `https:` address, as written.
    External(String),
    /// A path from the site's root (`data/data.json`), as written.
    Relative(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    pub target: Target,
    /// The name in the menu; a page's own title when not given.
    pub title: Option<String>,
    /// Where the item is written in `config.yaml` (1-based), for errors found later.
    pub line: usize,
    pub column: usize,
}

/// A link that stays a link wherever the site is published: `https:`, or relative
/// (no scheme, not from the host's root, not to another host).
fn link_ok(url: &str) -> Option<Target> {
    if let Some(rest) = url.strip_prefix("https://") {
        return (!rest.is_empty()).then(|| Target::External(url.to_string()));
    }
    let scheme = url
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    let relative =
        !url.is_empty() && !scheme && !url.starts_with('/') && !url.contains(char::is_whitespace);
    relative.then(|| Target::Relative(url.to_string()))
}

/// The menus of `raw`, each item checked; every mistake as a diagnostic at its place.
pub(super) fn parse(
    raw: Option<RawMenu>,
    languages: &[Language],
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<MenuItem>> {
    let mut menus = BTreeMap::new();
    for (lang, items) in raw.unwrap_or_default() {
        let at = |path: Vec<Key>| locate_value(text, &path);
        if !languages.iter().any(|l| l.code == lang) {
            let (line, column) = at(vec![Key::Name("menu".into()), Key::Name(lang.clone())]);
            let langs: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            errors.push(
                Diagnostic::new("E0009", CONFIG_FILE, tr("E0009.lang", &[("lang", &lang)]))
                    .at(text, line, column)
                    .help(tr("E0009.lang-help", &[("langs", &langs.join(", "))])),
            );
            continue;
        }
        let mut menu = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let place = |field: Option<&str>| {
                let mut path = vec![
                    Key::Name("menu".into()),
                    Key::Name(lang.clone()),
                    Key::Index(i),
                ];
                path.extend(field.map(|f| Key::Name(f.into())));
                at(path)
            };
            let error = |id: &str, args: &[(&str, &dyn std::fmt::Display)], help: &str, field| {
                let (line, column) = place(field);
                Diagnostic::new("E0009", CONFIG_FILE, tr(id, args))
                    .at(text, line, column)
                    .help(tr(help, &[]))
            };
            let (line, column) = place(None);
            let target = match (&item.page, &item.url) {
                (Some(_), Some(_)) => {
                    errors.push(error("E0009.both", &[], "E0009.kind-help", Some("url")));
                    continue;
                }
                (None, None) => {
                    errors.push(error("E0009.neither", &[], "E0009.kind-help", None));
                    continue;
                }
                (Some(page), None) => Target::Page(page.trim_start_matches("./").to_string()),
                (None, Some(url)) => match link_ok(url) {
                    Some(_) if item.title.is_none() => {
                        errors.push(error(
                            "E0009.title",
                            &[("url", url)],
                            "E0009.title-help",
                            Some("url"),
                        ));
                        continue;
                    }
                    Some(t) => t,
                    None => {
                        errors.push(error(
                            "E0009.url",
                            &[("url", url)],
                            "E0009.url-help",
                            Some("url"),
                        ));
                        continue;
                    }
                },
            };
            menu.push(MenuItem {
                target,
                title: item.title,
                line,
                column,
            });
        }
        menus.insert(lang, menu);
    }
    menus
}

/// Each menu page that has no file under `root/content/`, as an error at its line.
pub(super) fn missing_pages(
    menus: &BTreeMap<String, Vec<MenuItem>>,
    root: &Path,
    text: &str,
) -> Vec<Diagnostic> {
    let content = root.join("content");
    menus
        .values()
        .flatten()
        .filter_map(|item| match &item.target {
            Target::Page(page)
                if page.contains("..")
                    || !page.ends_with(".md")
                    || !content.join(page).is_file() =>
            {
                Some(
                    Diagnostic::new("E0009", CONFIG_FILE, tr("E0009.page", &[("page", page)]))
                        .at(text, item.line, item.column)
                        .help(tr("E0009.page-help", &[])),
                )
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_https_or_relative() {
        for good in [
            "https://dichvucong.gov.vn/",
            "data/data.json",
            "../x/index.html",
            "ke-hoach/",
        ] {
            assert!(link_ok(good).is_some(), "{good}");
        }
        for bad in [
            "http://dichvucong.gov.vn/",
            "javascript:alert(1)",
            "/ke-hoach/",
            "//evil.example/",
            "mailto:a@b.example",
            "",
            "https://",
            "data/a b.json",
        ] {
            assert!(link_ok(bad).is_none(), "{bad}");
        }
    }
}
