//! `sitemap.xml` (sitemaps.org 0.9) with `xhtml:link` hreflang alternates between a
//! page and its translations, and `robots.txt` pointing at it. Both need absolute
//! addresses: they are read by crawlers, away from the site.

use super::xml::escape;
use super::SiteFile;
use crate::site::{PageId, Site};
use std::collections::{BTreeMap, BTreeSet};

/// One HTML file of the output.
#[derive(Debug, Clone)]
pub struct Entry {
    pub lang: String,
    /// `/`-separated from the output root, ending in `.html`.
    pub path: String,
    /// The content page it renders, if any.
    pub page: Option<PageId>,
}

/// `su-kien/index.html` → `su-kien/`: the address servers answer for a folder, and the
/// one canonical links use.
fn public_path(path: &str) -> &str {
    if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html")
            .map(|p| &path[..p.len() + 1])
            .unwrap_or(path)
    }
}

pub fn sitemap(site: &Site, entries: &[Entry]) -> String {
    let base = &site.config.base_url;
    // Files without a page (taxonomy lists, generated pages) are translations of each
    // other when they share a path under their language prefixes.
    let unprefixed = |e: &Entry| -> String {
        e.path
            .strip_prefix(&site.language_prefix(&e.lang))
            .unwrap_or(&e.path)
            .to_string()
    };
    let by_path: BTreeSet<(String, String)> = entries
        .iter()
        .filter(|e| e.page.is_none())
        .map(|e| (unprefixed(e), e.lang.clone()))
        .collect();
    // A draft shown by `--drafts` is no address to give a crawler.
    let mut sorted: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.page.is_none_or(|id| !site.pages[id].front.draft))
        .collect();
    sorted.sort_by(|a, b| public_path(&a.path).cmp(public_path(&b.path)));
    sorted.dedup_by(|a, b| a.path == b.path);

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for e in sorted {
        let mut alternates: BTreeMap<String, String> = BTreeMap::new();
        let mut lastmod = None;
        match e.page {
            Some(id) => {
                let p = &site.pages[id];
                lastmod = p.front.updated.or(p.front.date);
                for &t in &site.translations[id] {
                    let tp = &site.pages[t];
                    if tp.front.draft {
                        continue;
                    }
                    alternates.insert(tp.lang.clone(), format!("{base}{}", tp.url));
                }
            }
            None => {
                let own = unprefixed(e);
                for l in &site.config.languages {
                    if l.code != e.lang && by_path.contains(&(own.clone(), l.code.clone())) {
                        let path = format!("{}{own}", site.language_prefix(&l.code));
                        alternates.insert(l.code.clone(), format!("{base}{}", public_path(&path)));
                    }
                }
            }
        }
        let loc = format!("{base}{}", public_path(&e.path));
        out.push_str("  <url>\n");
        out.push_str(&format!("    <loc>{}</loc>\n", escape(&loc)));
        if let Some(d) = lastmod {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", d.rfc3339()));
        }
        // Search engines want the set to name the page itself too.
        if !alternates.is_empty() {
            alternates.insert(e.lang.clone(), loc.clone());
            for (lang, href) in &alternates {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape(lang),
                    escape(href)
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

pub fn files(site: &Site, entries: &[Entry]) -> Vec<SiteFile> {
    vec![
        SiteFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(site, entries).into_bytes(),
        },
        SiteFile {
            path: "robots.txt".into(),
            bytes: robots(site).into_bytes(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_listed_by_their_folder_address() {
        assert_eq!(public_path("index.html"), "");
        assert_eq!(public_path("en/index.html"), "en/");
        assert_eq!(
            public_path("su-kien/ngay-phap-luat/index.html"),
            "su-kien/ngay-phap-luat/"
        );
        assert_eq!(public_path("search.html"), "search.html");
    }
}

#[cfg(test)]
mod bundled_tests {
    use super::*;
    use crate::render::outputs::tests::bundled;

    #[test]
    fn generated_pages_pair_up_across_languages_by_path() {
        let (site, _) = bundled();
        let entry = |lang: &str, path: &str| Entry {
            lang: lang.into(),
            path: path.into(),
            page: None,
        };
        let xml = sitemap(
            &site,
            &[
                entry("vi", "tim-kiem/index.html"),
                entry("en", "en/tim-kiem/index.html"),
                entry("vi", "chi-tieng-viet/index.html"),
            ],
        );
        let block = |loc: &str| -> String {
            let start = xml.find(&format!("<loc>{loc}</loc>")).expect(loc);
            xml[start..start + xml[start..].find("</url>").expect("end")].to_string()
        };
        let vi = block("https://congkhai.example/tim-kiem/");
        assert!(vi.contains("hreflang=\"en\" href=\"https://congkhai.example/en/tim-kiem/\""));
        assert!(vi.contains("hreflang=\"vi\" href=\"https://congkhai.example/tim-kiem/\""));
        let alone = block("https://congkhai.example/chi-tieng-viet/");
        assert!(!alone.contains("xhtml:link"));
    }
}
