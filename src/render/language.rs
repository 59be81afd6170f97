//! What every page of a language shares: the site's values, the labels and the menu,
//! converted to template values once per language rather than once per page.

use super::context::Views;
use super::{archive, documents, search_index};
use crate::site::{PageId, Site};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize, Clone)]
struct SiteView {
    title: String,
    description: String,
    issuer: String,
    office: String,
    contact: Option<String>,
    base_url: String,
    lang: String,
    default_lang: String,
    languages: Vec<LanguageView>,
    extra: serde_json::Value,
    /// The archive index of this language, when there are snapshots.
    archive_url: Option<String>,
    search: Option<search_index::SearchLinks>,
    /// For each language code: the mark of an item listed here that exists only in
    /// that language ("only in Vietnamese").
    only_in: BTreeMap<String, String>,
    /// The register of documents of this language, when it has documents.
    documents_url: Option<String>,
}

#[derive(Serialize, Clone)]
struct LanguageView {
    code: String,
    name: String,
}

#[derive(Serialize, Clone)]
struct NavItem {
    title: String,
    /// From the output root; as written (`https:`) when `external`.
    url: String,
    external: bool,
    /// Set when the page has no version in the menu's language (a fallback).
    lang: Option<String>,
    /// A draft (shown only by `--drafts`): marked, so an editor previewing sees it is
    /// not published.
    draft: bool,
    /// The link to the page being shown.
    current: bool,
    /// A section the page being shown sits in.
    active: bool,
}

/// Per language: the site values, the labels, and the navigation entries.
pub(super) struct LanguageShared {
    pub site: tera::Value,
    pub labels: tera::Value,
    pub nav: Vec<NavEntry>,
}

/// A navigation entry as template values, made once per language in its four states
/// (indexed by `current` × 2 + `active`): each page picks one per entry instead of
/// converting the whole menu again.
pub(super) struct NavEntry {
    /// None for a link of `menu:`.
    page: Option<PageId>,
    states: [tera::Value; 4],
}

/// Every language's shared values, by language code.
pub(super) fn shared(views: &Views<'_>) -> HashMap<String, LanguageShared> {
    let site = views.site;
    site.config
        .languages
        .iter()
        .map(|l| {
            let shared = LanguageShared {
                site: tera::Value::from_serializable(&site_view(views, l)),
                labels: tera::Value::from_serializable(views.labels(&l.code)),
                nav: nav(views, &l.code),
            };
            (l.code.clone(), shared)
        })
        .collect()
}

fn site_view(views: &Views<'_>, l: &crate::config::Language) -> SiteView {
    let site = views.site;
    SiteView {
        title: l.title.clone(),
        description: l.description.clone(),
        issuer: l.issuer.clone(),
        office: l.office.clone(),
        contact: l.contact.clone(),
        base_url: site.config.base_url.clone(),
        lang: l.code.clone(),
        default_lang: site.config.default_language().code.clone(),
        languages: site
            .config
            .languages
            .iter()
            .map(|x| LanguageView {
                code: x.code.clone(),
                name: x.name.clone(),
            })
            .collect(),
        extra: site.config.extra.clone(),
        archive_url: archive::index_url(site, &l.code),
        search: search_index::links(site, &l.code),
        only_in: site
            .config
            .languages
            .iter()
            .map(|x| {
                let mark = views
                    .labels(&l.code)
                    .get(&format!("only_in_{}", x.code))
                    .cloned()
                    .unwrap_or_else(|| x.name.clone());
                (x.code.clone(), mark)
            })
            .collect(),
        documents_url: (!documents::register(site, &l.code).is_empty())
            .then(|| format!("{}index.html", documents::register_path(site, &l.code))),
    }
}

/// The menu of a language, each entry in its four states.
fn nav(views: &Views<'_>, lang: &str) -> Vec<NavEntry> {
    let site = views.site;
    let home = site.homes.get(lang).copied();
    site.nav(lang)
        .into_iter()
        .map(|entry| {
            let (page, title, url, external) = match entry {
                crate::site::NavEntry::Page { id, title } => {
                    let own = || site.pages[id].front.title.clone();
                    let title = title.unwrap_or_else(|| {
                        if Some(id) == home {
                            views.labels(lang).get("home").cloned().unwrap_or_else(own)
                        } else {
                            own()
                        }
                    });
                    let url = crate::site::links::page_file(&site.pages[id].url);
                    (Some(id), title, url, false)
                }
                crate::site::NavEntry::Link {
                    title,
                    url,
                    external,
                } => (None, title, url, external),
            };
            let item_lang = page.map(|id| site.pages[id].lang.clone());
            let draft = page.is_some_and(|id| site.pages[id].front.draft);
            let state = |current: bool, active: bool| {
                tera::Value::from_serializable(&NavItem {
                    title: title.clone(),
                    url: url.clone(),
                    external,
                    lang: item_lang.clone().filter(|x| x != lang),
                    draft,
                    current,
                    active,
                })
            };
            NavEntry {
                page,
                states: [
                    state(false, false),
                    state(false, true),
                    state(true, false),
                    state(true, true),
                ],
            }
        })
        .collect()
}

/// The menu as a page shows it: the page's own entry current, its sections active
/// (but the home page, which every page sits in).
pub(super) fn nav_for(
    site: &Site,
    nav: &[NavEntry],
    lang: &str,
    current: Option<PageId>,
) -> tera::Value {
    let ancestors = match current {
        Some(id) => site.ancestors(id),
        None => Vec::new(),
    };
    let home = site.homes.get(lang).copied();
    let items: Vec<tera::Value> = nav
        .iter()
        .map(|e| {
            let current = e.page.is_some() && current == e.page;
            let active = e
                .page
                .is_some_and(|p| ancestors.contains(&p) && Some(p) != home);
            e.states[usize::from(current) * 2 + usize::from(active)].clone()
        })
        .collect();
    tera::Value::from(items)
}
