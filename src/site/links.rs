//! Internal links: editors write the path of the file as they see it on disk; the
//! output gets the relative address of that page (or asset) from the linking page.

use super::suggest::{language_suffix, near_file_name, Suggester};
use crate::content::{Asset, Page};
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::OnceLock;

/// Joins a link (relative to `dir`) to a `/`-separated path under `content/`.
/// Returns None when the link climbs above `content/`.
pub fn join(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The relative address of `target` (a path from the output root) seen from a page
/// whose output folder is `from_dir` (`/`-terminated or empty).
pub fn relative(from_dir: &str, target: &str) -> String {
    let depth = from_dir.matches('/').count();
    let mut s = "../".repeat(depth);
    s.push_str(target);
    if s.is_empty() {
        s.push_str("./");
    }
    s
}

/// The file a page's folder URL is served from: links say `index.html` explicitly so
/// they also work when the site is opened from disk, where folders do not open pages.
pub fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What links can lead to. Pages are found by source path, in a map keyed by `&str`
/// (assembly) or `String` (`watch`, which keeps one between rebuilds).
pub struct Targets<'a, K = &'a str> {
    pub pages_by_source: &'a HashMap<K, usize>,
    pub pages: &'a [Page],
    pub assets_by_source: &'a HashMap<&'a str, &'a Asset>,
    /// Indexes made on first need (a broken link, a link into a heading), then shared
    /// by every page resolved against these targets.
    page_names: OnceLock<Suggester<'a>>,
    headings: OnceLock<Vec<OnceLock<Headings<'a>>>>,
    /// Pages that exist but failed their own checks: a link to one is no second error.
    failed: HashSet<&'a str>,
    /// The languages of the pages, for telling `a.en.md` from `a.md` in suggestions.
    languages: OnceLock<Vec<&'a str>>,
}

/// A page's heading ids, to look anchors up in one step and suggest one that exists.
struct Headings<'a> {
    ids: HashSet<&'a str>,
    suggest: OnceLock<Suggester<'a>>,
}

impl<'a> Headings<'a> {
    fn of(page: &'a Page) -> Self {
        Headings {
            ids: page.body.headings.iter().map(|h| h.id.as_str()).collect(),
            suggest: OnceLock::new(),
        }
    }
}

impl<'a, K: Borrow<str> + Hash + Eq> Targets<'a, K> {
    pub fn new(
        pages_by_source: &'a HashMap<K, usize>,
        pages: &'a [Page],
        assets_by_source: &'a HashMap<&'a str, &'a Asset>,
    ) -> Self {
        Targets {
            pages_by_source,
            pages,
            assets_by_source,
            page_names: OnceLock::new(),
            headings: OnceLock::new(),
            failed: HashSet::new(),
            languages: OnceLock::new(),
        }
    }

    /// The source paths of pages that failed their own checks (see [`Targets::failed`]).
    pub fn failed(mut self, failed: HashSet<&'a str>) -> Self {
        self.failed = failed;
        self
    }

    fn languages(&self) -> &[&'a str] {
        let pages: &'a [Page] = self.pages;
        self.languages.get_or_init(|| {
            let mut l: Vec<&str> = pages.iter().map(|p| p.lang.as_str()).collect();
            l.sort_unstable();
            l.dedup();
            l
        })
    }

    /// A page of the same language as `written`, with a file name near it.
    fn suggest_page(&self, written: &str) -> Option<&'a str> {
        let languages = self.languages();
        let lang = language_suffix(written, languages);
        self.page_names().suggest_where(written, |name| {
            language_suffix(name, languages) == lang && near_file_name(written, name)
        })
    }

    fn page_names(&self) -> &Suggester<'a> {
        let by_source: &'a HashMap<K, usize> = self.pages_by_source;
        self.page_names
            .get_or_init(|| Suggester::paths(by_source.keys().map(|k| k.borrow())))
    }

    /// The heading index of `pages[i]`.
    fn headings(&self, i: usize) -> &Headings<'a> {
        let pages: &'a [Page] = self.pages;
        self.headings
            .get_or_init(|| (0..pages.len()).map(|_| OnceLock::new()).collect())[i]
            .get_or_init(|| Headings::of(&pages[i]))
    }
}

/// Whether one of `links`, written in the folder `dir`, leads to one of the files
/// `changed` (source paths under `content/`), or could not be followed at all: only
/// then can its resolution differ from the last time, for a page that did not change.
pub fn leads_to(
    dir: &str,
    links: &[crate::markdown::LinkRef],
    changed: &std::collections::BTreeSet<String>,
) -> bool {
    // Asked of every page after each edit: most links end in no changed file's name,
    // which is known without joining paths.
    let names: Vec<&str> = changed
        .iter()
        .filter_map(|c| c.rsplit('/').next())
        .collect();
    links.iter().any(|link| {
        let path = link.dest.split('#').next().unwrap_or("");
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() || !(path.contains('%') || names.iter().any(|n| path.ends_with(n))) {
            return false;
        }
        join(dir, &percent_decode(path)).is_none_or(|j| changed.contains(&j))
    })
}

/// Resolves every link of `page`; errors name the file and line of the link.
pub fn resolve_page_links<K: Borrow<str> + Hash + Eq>(
    page: &Page,
    t: &Targets<'_, K>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out = Vec::with_capacity(page.body.links.len());
    // This page's own headings, indexed at its first `#anchor` link.
    let mut own_headings: Option<Headings<'_>> = None;
    for link in &page.body.links {
        let error = |code: &'static str, msg: String, help: String| {
            let mut d = Diagnostic::new(code, &page.file, msg).help(help);
            d.line = link.line;
            d.column = link.column;
            d.span_len = link.dest.chars().count() + 2;
            // Underline the destination itself when it is written out in the line
            // (`[text](dest)`); a reference-style link keeps the caret at its start.
            let from = link
                .line_text
                .char_indices()
                .nth(link.column.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(0);
            if let Some(at) = link.line_text[from..].find(&format!("({}", link.dest)) {
                d.column = link.line_text[..from + at + 1].chars().count() + 1;
                d.span_len = link.dest.chars().count().max(1);
            }
            d.source_line = Some(link.line_text.clone());
            d
        };
        let (path, anchor) = match link.dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (link.dest.as_str(), None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(""));
        if path.is_empty() {
            let anchor = anchor.unwrap_or("");
            if !anchor.is_empty() {
                let own = own_headings.get_or_insert_with(|| Headings::of(page));
                if !own.ids.contains(anchor) {
                    errors.push(error(
                        "E0302",
                        tr("E0302.own", &[("anchor", &anchor)]),
                        anchor_help(page, own, anchor),
                    ));
                }
            }
            out.push(format!("#{anchor}"));
            continue;
        }
        if path.contains('\\') {
            // A path copied from Windows Explorer: the web and congkhai separate folders
            // with `/`, whatever the editor's computer does.
            let slashed = link.dest.replace('\\', "/");
            errors.push(error(
                "E0301",
                tr("E0301.backslash", &[("dest", &link.dest)]),
                tr("E0301.backslash-help", &[("fixed", &slashed)]),
            ));
            out.push("#".into());
            continue;
        }
        let Some(joined) = join(&page.dir, &path) else {
            errors.push(error(
                "E0301",
                tr("E0301.outside", &[("dest", &link.dest)]),
                tr("E0301.outside-help", &[]),
            ));
            out.push("#".into());
            continue;
        };
        if joined.ends_with(".md") {
            match t.pages_by_source.get(joined.as_str()) {
                Some(&i) => {
                    let target = &t.pages[i];
                    let mut href = relative(&page.url, &page_file(&target.url));
                    if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                        let headings = t.headings(i);
                        if !headings.ids.contains(a) {
                            errors.push(error(
                                "E0302",
                                tr("E0302", &[("file", &target.file), ("anchor", &a)]),
                                anchor_help(target, headings, a),
                            ));
                        }
                        href.push('#');
                        href.push_str(a);
                    }
                    out.push(href);
                }
                // It exists, and its own error says what is wrong with it.
                None if t.failed.contains(joined.as_str()) => out.push("#".into()),
                None => {
                    let help = match t.suggest_page(&joined) {
                        Some(s) => tr(
                            "E0301.near",
                            &[("word", &suggest_relative(&page.dir, s)), ("file", &s)],
                        ),
                        None => tr("E0301.help", &[]),
                    };
                    errors.push(error("E0301", tr("E0301", &[("file", &joined)]), help));
                    out.push("#".into());
                }
            }
        } else {
            match t.assets_by_source.get(joined.as_str()) {
                Some(asset) => out.push(relative(&page.url, &asset.output_path)),
                None => {
                    errors.push(error(
                        "E0303",
                        tr("E0303", &[("file", &joined)]),
                        tr("E0303.help", &[]),
                    ));
                    out.push("#".into());
                }
            }
        }
    }
    out
}

/// How many heading ids a help message lists when none is close to the anchor: a page
/// with thousands of headings would otherwise repeat them all under every broken link.
const HEADINGS_LISTED: usize = 12;

fn anchor_help<'a>(page: &'a Page, headings: &Headings<'a>, anchor: &str) -> String {
    let suggest = headings
        .suggest
        .get_or_init(|| Suggester::ids(page.body.headings.iter().map(|h| h.id.as_str())));
    match suggest.suggest(anchor) {
        Some(s) => tr("common.did-you-mean", &[("word", &format!("#{s}"))]),
        None if page.body.headings.is_empty() => tr("E0302.no-headings", &[]),
        None => {
            let all = &page.body.headings;
            let mut list = all
                .iter()
                .take(HEADINGS_LISTED)
                .map(|h| format!("#{}", h.id))
                .collect::<Vec<_>>()
                .join(", ");
            if all.len() > HEADINGS_LISTED {
                list.push_str(&tr("E0302.more", &[("n", &(all.len() - HEADINGS_LISTED))]));
            }
            tr("E0302.headings", &[("list", &list)])
        }
    }
}

/// Writes `target` (a content path) relative to the folder `dir`, for suggestions.
pub fn suggest_relative(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut s = "../".repeat(from.len() - common);
    s.push_str(&to[common..].join("/"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_dots_and_refuses_escape() {
        assert_eq!(
            join("su-kien", "../ke-hoach/2020-q4/01.md").as_deref(),
            Some("ke-hoach/2020-q4/01.md")
        );
        assert_eq!(join("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join("", "../a.md"), None);
    }

    #[test]
    fn relative_addresses() {
        assert_eq!(
            relative("su-kien/x/", "ke-hoach/index.html"),
            "../../ke-hoach/index.html"
        );
        assert_eq!(relative("", "index.html"), "index.html");
        assert_eq!(relative("", ""), "./");
        assert_eq!(
            suggest_relative("su-kien", "ke-hoach/a.md"),
            "../ke-hoach/a.md"
        );
    }

    #[test]
    fn links_leading_to_changed_files() {
        let links: Vec<crate::markdown::LinkRef> =
            ["../ke-hoach/b.md#muc", "c.png", "%61.md", "#tren"]
                .into_iter()
                .map(|dest| crate::markdown::LinkRef {
                    dest: dest.into(),
                    line: 1,
                    column: 1,
                    is_image: false,
                    line_text: String::new(),
                })
                .collect();
        let set = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect();
        let leads = |xs: &[&str]| leads_to("su-kien", &links, &set(xs));
        assert!(leads(&["ke-hoach/b.md"]));
        assert!(leads(&["su-kien/c.png"]));
        assert!(leads(&["su-kien/a.md"]), "percent-encoded");
        assert!(!leads(&["b.md", "su-kien/b.md", "x/c.png"]));
        assert!(!leads(&[]));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("s%E1%BB%B1.md"), "sự.md");
        assert_eq!(percent_decode("50%"), "50%");
    }
}
