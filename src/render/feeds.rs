//! Atom feeds (RFC 4287), one per language: `atom.xml`, `en/atom.xml`.
//!
//! Entries are the site's articles (plans, task groups, events, pages; not the section
//! listings), newest first, each with its full summary and its body. The body keeps the
//! site's relative links; `xml:base` on the content tells readers where they resolve.

use super::context::Views;
use super::xml::escape;
use super::SiteFile;
use crate::content::front_matter::Kind;
use crate::content::summary_text;
use crate::content::Page;
use crate::dates::DateTime;
use crate::site::{PageId, Site};

/// How many entries a feed carries: a quarter's plan is a few dozen pages.
pub const FEED_ENTRIES: usize = 30;

/// `atom.xml` or `en/atom.xml`.
pub fn feed_path(site: &Site, lang: &str) -> String {
    format!("{}atom.xml", site.language_prefix(lang))
}

/// The moment an entry last changed: `updated`, else `date`.
fn changed(p: &Page) -> Option<DateTime> {
    p.front.updated.or(p.front.date)
}

/// Pages that read as articles: dated, and not a section that only lists others.
pub fn is_article(site: &Site, id: PageId) -> bool {
    let p = &site.pages[id];
    p.front.date.is_some()
        && site.parent[id].is_some()
        && !(p.is_section && matches!(p.front.kind, Kind::Page))
}

/// A language's articles, newest change first, then by address: the first
/// [`FEED_ENTRIES`]. Sorting every article of a large site is most of a feed's cost, and
/// `watch` makes the feeds again after most edits: the lists are kept in the site's
/// [`crate::site::Memo`].
pub fn entries<'a>(site: &'a Site, lang: &str) -> &'a [PageId] {
    site.memo
        .feeds(|| {
            site.config
                .languages
                .iter()
                .map(|l| (l.code.clone(), sorted_entries(site, &l.code)))
                .collect()
        })
        .get(lang)
        .map_or(&[], |ids| ids.as_slice())
}

fn sorted_entries(site: &Site, lang: &str) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..site.pages.len())
        // An article without a version in this language is its original, marked.
        .filter(|&i| {
            (site.pages[i].lang == lang || site.falls_back_to(i, lang))
                && is_article(site, i)
                && !site.pages[i].front.draft
        })
        .collect();
    // The key copies an address: made once per page, not once per comparison.
    ids.sort_by_cached_key(|&i| {
        (
            std::cmp::Reverse(changed(&site.pages[i]).map(|d| d.unix_seconds())),
            site.pages[i].url.clone(),
        )
    });
    ids.truncate(FEED_ENTRIES);
    ids
}

fn entry(views: &Views<'_>, id: PageId, lang: &str, out: &mut String) {
    let site = views.site;
    let p = &site.pages[id];
    let permalink = format!("{}{}", site.config.base_url, p.url);
    if p.lang == lang {
        out.push_str("  <entry>\n");
    } else {
        // Another language's original, in a feed of this one: said so in its language
        // and marked as the page's own.
        out.push_str(&format!("  <entry xml:lang=\"{}\">\n", escape(&p.lang)));
        out.push_str(&format!(
            "    <category term=\"only-in-{}\" label=\"{}\" xml:lang=\"{}\"/>\n",
            escape(&p.lang),
            escape(&views.label(lang, &format!("only_in_{}", p.lang))),
            escape(lang)
        ));
    }
    out.push_str(&format!("    <id>{}</id>\n", escape(&permalink)));
    out.push_str(&format!("    <title>{}</title>\n", escape(&p.front.title)));
    // One alternate link only: feed readers pick the first or the last one, so a link
    // to the translation would send this language's readers to the other.
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
        escape(&p.lang),
        escape(&permalink)
    ));
    if let Some(d) = p.front.date {
        out.push_str(&format!("    <published>{}</published>\n", d.rfc3339()));
    }
    if let Some(d) = changed(p) {
        out.push_str(&format!("    <updated>{}</updated>\n", d.rfc3339()));
    }
    for c in &p.front.categories {
        out.push_str(&format!("    <category term=\"{}\"/>\n", escape(c)));
    }
    let summary = summary_text(p);
    if !summary.is_empty() {
        out.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape(&summary)
        ));
    }
    let body = site.content.get(id);
    if !body.trim().is_empty() {
        out.push_str(&format!(
            "    <content type=\"html\" xml:base=\"{}\">{}</content>\n",
            escape(&permalink),
            escape(&body)
        ));
    }
    out.push_str("  </entry>\n");
}

/// The feed of one language.
pub fn feed(views: &Views<'_>, lang: &str) -> Option<String> {
    let site = views.site;
    let l = site.config.language(lang)?;
    Some(atom(
        views,
        lang,
        entries(site, lang),
        &feed_path(site, lang),
        &l.title,
    ))
}

/// An Atom feed of the pages `ids` of a language, in that order, published at
/// `self_path`: the site's feed, and those of one kind of page (notices).
pub fn atom(views: &Views<'_>, lang: &str, ids: &[PageId], self_path: &str, title: &str) -> String {
    let site = views.site;
    let (description, issuer) = site
        .config
        .language(lang)
        .map(|l| (l.description.as_str(), l.issuer.as_str()))
        .unwrap_or_default();
    let home = format!("{}{}", site.config.base_url, site.language_prefix(lang));
    // The feed changed when its newest entry did; the clock only for an empty feed.
    let updated = ids
        .iter()
        .filter_map(|&i| changed(&site.pages[i]))
        .max()
        .unwrap_or_else(|| DateTime::from_unix_seconds(crate::dates::now_unix_seconds(), 0));
    // The site's feed is known by its home page; another feed by its own address.
    let id = if self_path == feed_path(site, lang) {
        home.clone()
    } else {
        format!("{}{self_path}", site.config.base_url)
    };
    let mut out = head(&Head {
        lang,
        id: &id,
        title,
        subtitle: description,
        updated: &updated.rfc3339(),
        self_url: &format!("{}{self_path}", site.config.base_url),
        home: &home,
        author: issuer,
    });
    out.push_str("  <generator>congkhai</generator>\n");
    for &id in ids {
        entry(views, id, lang, &mut out);
    }
    out.push_str("</feed>\n");
    out
}

/// What an Atom feed says of itself, before its entries.
pub struct Head<'a> {
    pub lang: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    /// Left out when empty.
    pub subtitle: &'a str,
    pub updated: &'a str,
    pub self_url: &'a str,
    /// The page the feed follows (`rel="alternate"`).
    pub home: &'a str,
    pub author: &'a str,
}

/// The XML declaration, the opening `<feed>` and its head up to the author: each feed
/// writes its entries after it, then `</feed>`.
pub fn head(h: &Head<'_>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(h.lang)
    ));
    out.push_str(&format!("  <id>{}</id>\n", escape(h.id)));
    out.push_str(&format!("  <title>{}</title>\n", escape(h.title)));
    if !h.subtitle.is_empty() {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(h.subtitle)));
    }
    out.push_str(&format!("  <updated>{}</updated>\n", h.updated));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(h.self_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{}\"/>\n",
        escape(h.lang),
        escape(h.home)
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(h.author)
    ));
    out
}

pub fn files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    site.config
        .languages
        .iter()
        .filter(|l| site.homes.contains_key(&l.code))
        .filter_map(|l| {
            Some(SiteFile {
                path: feed_path(site, &l.code),
                bytes: feed(views, &l.code)?.into_bytes(),
            })
        })
        .collect()
}

/// What a page's head needs for autodiscovery: every language's feed, its own first.
#[derive(serde::Serialize)]
pub struct FeedLink {
    pub url: String,
    pub lang: String,
    pub title: String,
}

pub fn links(site: &Site, lang: &str) -> Vec<FeedLink> {
    let mut langs: Vec<&crate::config::Language> = site
        .config
        .languages
        .iter()
        .filter(|l| site.homes.contains_key(&l.code))
        .collect();
    langs.sort_by_key(|l| l.code != lang);
    langs
        .into_iter()
        .map(|l| FeedLink {
            url: feed_path(site, &l.code),
            lang: l.code.clone(),
            title: format!("{} (Atom)", l.title),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::outputs::tests::bundled;

    #[test]
    fn articles_only_newest_first_then_by_address() {
        let (site, _) = bundled();
        let ids = entries(&site, "vi");
        let urls: Vec<&str> = ids.iter().map(|&i| site.pages[i].url.as_str()).collect();
        // The plan is a section page but an article; the events listing is not, nor is
        // the home page.
        assert!(urls.contains(&"ke-hoach/2020-q4/"));
        assert!(!urls.contains(&"su-kien/") && !urls.contains(&"ke-hoach/") && !urls.contains(&""));
        assert!(ids.iter().all(|&i| site.pages[i].lang == "vi"));
        // Every bundled page has the same date, so the order falls back to the address.
        let mut sorted = urls.clone();
        sorted.sort();
        assert_eq!(urls, sorted);
        // 18 pages of the plan and site, and the plan's document record.
        assert_eq!(urls.len(), 19);
    }

    #[test]
    fn autodiscovery_lists_the_page_language_first() {
        let (site, _) = bundled();
        let links = links(&site, "en");
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["en/atom.xml", "atom.xml"]);
    }
}
