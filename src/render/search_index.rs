//! Search, wired into rendering: one index per language made from what the earlier
//! stages already hold (titles, headings, plain text: no Markdown is rendered again),
//! the search page of each language, the links templates need to reach both, and the
//! script that runs it.
//!
//! The script (`src/search/search.js`) is published by the generator at
//! [`SCRIPT_PATH`], not copied from a theme: it reads the very files this binary writes,
//! so a theme copied into a site by an older `congkhai init` must not bring an older one.

use super::context::Views;
use super::{GeneratedPage, SiteFile};
use crate::content::front_matter::Kind;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::search::{build_index_from, index_dir, SearchDoc};
use crate::site::{PageId, Site};
use serde::Serialize;

/// Where the search script is published, relative to the output root.
pub const SCRIPT_PATH: &str = "search/search.js";
const SCRIPT: &str = include_str!("../search/search.js");

/// The search page of a language, relative to the output root: `search/index.html`,
/// `en/search/index.html`.
pub fn page_path(site: &Site, lang: &str) -> String {
    format!("{}search/index.html", site.language_prefix(lang))
}

/// What every page's template sees as `site.search`: the search page (for the header
/// box), the language's index folder and the script (for the `<script>` tag).
#[derive(Serialize, Clone)]
pub struct SearchLinks {
    pub url: String,
    pub index: String,
    pub script: &'static str,
}

/// `None` for a language without pages: it has no index and no search page.
pub fn links(site: &Site, lang: &str) -> Option<SearchLinks> {
    site.homes.contains_key(lang).then(|| SearchLinks {
        url: page_path(site, lang),
        index: index_dir(lang),
        script: SCRIPT_PATH,
    })
}

fn languages(site: &Site) -> Vec<&str> {
    site.config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(|code| site.homes.contains_key(*code))
        .collect()
}

/// Pages and files of the site that would be published where search is (`search/`, and
/// `<lang>/search/` for the search pages): two files at one address would leave which
/// one wins to chance.
pub fn clashes(site: &Site) -> Vec<Diagnostic> {
    site.clashes_with(&crate::site::Reserved {
        folder: "search/",
        code: "E0309",
    })
}

/// The search page of every language.
pub fn pages(views: &Views<'_>) -> Vec<GeneratedPage> {
    languages(views.site)
        .into_iter()
        .map(|lang| GeneratedPage {
            lang: lang.to_string(),
            path: page_path(views.site, lang),
            template: "search.html",
            title: views.label(lang, "search_title"),
            data: serde_json::Value::Null,
        })
        .collect()
}

/// The index files of the languages `wanted` accepts, and the script. (`watch` builds
/// an index apart, with [`index_files`], after the pages an edit changed are written.)
pub fn files(views: &Views<'_>, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Vec<SiteFile> {
    let site = views.site;
    let indexes: Vec<Vec<SiteFile>> = languages(site)
        // One language at a time: the builder is parallel inside, and two at once
        // would hold both languages' working sets together.
        .into_iter()
        .filter(|lang| wanted(lang))
        .map(|lang| index_files(site, lang))
        .collect();
    let mut out: Vec<SiteFile> = indexes.into_iter().flatten().collect();
    out.push(SiteFile {
        path: SCRIPT_PATH.to_string(),
        bytes: SCRIPT.as_bytes().to_vec(),
    });
    out
}

/// The index of one language: the files under its [`index_dir`]. Documents are made
/// as the index reads them and dropped run by run: a copy of every page's text at once
/// would be a large share of a big site's build.
pub fn index_files(site: &Site, lang: &str) -> Vec<SiteFile> {
    let order = reading_order(site, lang);
    build_index_from(lang, order.len(), |i| doc(site, order[i]))
        .into_iter()
        .map(|f| SiteFile {
            path: f.path,
            bytes: f.bytes,
        })
        .collect()
}

/// [`index_files`], for `watch`: reading again only what changed since `cache` was
/// filled (the same bytes).
pub fn index_files_cached(
    site: &Site,
    lang: &str,
    cache: &mut crate::search::IndexCache,
) -> Vec<SiteFile> {
    crate::search::build_index_cached(lang, docs(site, lang), cache)
        .into_iter()
        .map(|f| SiteFile {
            path: f.path,
            bytes: f.bytes,
        })
        .collect()
}

/// The pages of one language in reading order: the home page, then each section
/// followed by what it holds, as the navigation shows them. A document's number is its
/// place here and breaks ties in ranking, so a plan comes before its task groups.
fn reading_order(site: &Site, lang: &str) -> Vec<PageId> {
    let mut order = Vec::new();
    let mut seen = vec![false; site.pages.len()];
    let mut stack: Vec<PageId> = site.homes.get(lang).copied().into_iter().collect();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        order.push(id);
        // A section lists the other language's untranslated pages too (marked): they
        // are searched in their own language's index.
        stack.extend(
            site.children[id]
                .iter()
                .rev()
                .copied()
                .filter(|&c| site.pages[c].lang == lang),
        );
    }
    // A page outside the tree (none today) is still found, after the others.
    order.extend((0..site.pages.len()).filter(|&id| !seen[id] && site.pages[id].lang == lang));
    // A draft shown by `--drafts` is never searchable: the index is what goes online.
    order.retain(|&id| !site.pages[id].front.draft);
    order
}

/// One language's documents, in [`reading_order`].
pub fn docs(site: &Site, lang: &str) -> Vec<SearchDoc> {
    reading_order(site, lang)
        .into_iter()
        .map(|id| doc(site, id))
        .collect()
}

fn doc(site: &Site, id: PageId) -> SearchDoc {
    let p = &site.pages[id];
    // The section a result sits in; nothing for pages right under the home page.
    let section = site.parent[id]
        .filter(|&s| site.parent[s].is_some())
        .map(|s| site.pages[s].front.title.clone())
        .unwrap_or_default();
    let mut headings: Vec<String> = p.body.headings.iter().map(|h| h.title.clone()).collect();
    let mut places = Vec::new();
    let mut body = site.plain_text(id).into_owned();
    match &p.front.kind {
        // What a task group's tables show is as much the page as its text.
        Kind::TaskGroup(t) => {
            headings.extend(t.projects.iter().map(|x| x.name.clone()));
            headings.extend(t.targets.iter().map(|x| x.label.clone()));
            headings.extend(t.lead.iter().cloned());
        }
        Kind::Event(e) => places.extend(e.location.clone()),
        Kind::Album(photos) => append_captions(&mut body, photos),
        // Found by its number however typed (the number's words sit side by side),
        // its abstract and its signer.
        Kind::Document(d) => {
            headings.extend(d.number.clone());
            headings.extend(d.signer.as_ref().map(|s| s.name.clone()));
            if let Some(a) = &d.abstract_text {
                if !body.is_empty() {
                    body.push_str(". ");
                }
                body.push_str(a);
            }
        }
        Kind::Plan(_) | Kind::Page | Kind::Notice(_) => {}
    }
    // The text layer of its attached PDFs (a document's, a notice's), already capped.
    if let Some(pdf) = site.documents.text.get(id).filter(|t| !t.is_empty()) {
        if !body.is_empty() {
            body.push_str(". ");
        }
        body.push_str(pdf);
    }
    SearchDoc {
        url: p.url.clone(),
        title: p.front.title.clone(),
        section,
        headings,
        summary: summary(p),
        body,
        tags: p.front.tags.clone(),
        places,
    }
}

/// The summary as written; one taken from the body would count its words twice.
fn summary(p: &Page) -> String {
    p.front.summary.clone().unwrap_or_default()
}

/// Photo captions and descriptions are an album's text. Each ends a clause, so the
/// words of two captions never count as a phrase.
fn append_captions(body: &mut String, photos: &[crate::content::front_matter::Photo]) {
    for text in photos
        .iter()
        .flat_map(|ph| [ph.caption.as_deref(), ph.alt.as_deref()])
        .flatten()
    {
        if !body.is_empty() {
            body.push_str(". ");
        }
        body.push_str(text);
    }
}
