//! Which outputs a changed content file can show up on. A page's data appears on its
//! own page and on a known set of others (its translations' language switchers, its
//! section's list, its neighbours' previous/next links, home, its taxonomy terms, the
//! task group and plan of an event, the events of a task group). The set is computed
//! in the site before the change and in the site after it, and the union re-rendered.
//!
//! What would spread further (a section's title or address in every breadcrumb below
//! it, a navigation entry on every page, a page's new address in the links of others)
//! is detected instead, and answered with a full render.
//!
//! Which whole-site files (calendars, feeds, ...) a change reaches, each output says
//! itself (`render::outputs::SiteOutput::unchanged_by`).

use crate::content::front_matter::Kind;
use crate::site::{PageId, Site};
use crate::text::slugify;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Outputs to re-render, by what makes them, so they can be matched in another site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Source paths (under `content/`) of pages whose own output must be re-rendered.
    pub pages: BTreeSet<String>,
    /// Term pages, keyed by [`term_key`].
    pub terms: HashSet<String>,
    /// Languages whose taxonomy indexes must be re-rendered.
    pub taxonomy_langs: BTreeSet<String>,
    /// Languages whose search index must be made again: a page's words, title,
    /// headings or place in the reading order are only in its own language's index.
    pub search_langs: BTreeSet<String>,
}

/// The pages of `site` whose source paths are in `changed`.
fn ids_of(site: &Site, changed: &BTreeSet<String>) -> Vec<PageId> {
    (0..site.pages.len())
        .filter(|&i| changed.contains(&site.pages[i].source_path))
        .collect()
}

pub fn term_key(lang: &str, taxonomy: &str, slug: &str) -> String {
    format!("{lang}\0{taxonomy}\0{slug}")
}

/// What, about a page, is shown on pages that are not in its [`Reach`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub is_section: bool,
}

/// The facts of one site that decide between a partial and a full render.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Per language: the navigation bar (every page shows it): title, address, and
    /// whether the entry is a draft (marked).
    pub nav: BTreeMap<String, Vec<(String, String, bool)>>,
    /// For each changed source path present in the site: its identity.
    pub identities: BTreeMap<String, Identity>,
}

impl Reach {
    fn add(&mut self, site: &Site, id: PageId) {
        self.pages.insert(site.pages[id].source_path.clone());
    }

    fn add_terms(&mut self, site: &Site, id: PageId) {
        let p = &site.pages[id];
        for (key, names) in [("categories", &p.front.categories), ("tags", &p.front.tags)] {
            for name in names {
                self.terms.insert(term_key(&p.lang, key, &slugify(name)));
            }
        }
        self.taxonomy_langs.insert(p.lang.clone());
    }

    /// What a change to the text of the pages `changed` (source paths) alone reaches
    /// (see `render::outputs::same_but_text`): their own outputs and their languages' search indexes.
    /// Lists, neighbours, language switchers, home pages and plans show a page's title,
    /// address, dates and summary, never the rest of its text.
    pub fn text_only(site: &Site, changed: &BTreeSet<String>) -> Reach {
        Reach::text_only_ids(site, &ids_of(site, changed))
    }

    /// [`Reach::text_only`] of the pages `ids`.
    pub fn text_only_ids(site: &Site, ids: &[PageId]) -> Reach {
        let mut reach = Reach::default();
        for &id in ids {
            let p = &site.pages[id];
            reach.pages.insert(p.source_path.clone());
            reach.search_langs.insert(p.lang.clone());
        }
        reach
    }

    /// Adds what the pages `changed` (source paths) show up on in `site`.
    pub fn extend(&mut self, site: &Site, changed: &BTreeSet<String>) {
        self.extend_ids(site, &ids_of(site, changed));
    }

    /// Adds what the pages `ids` show up on in `site`.
    pub fn extend_ids(&mut self, site: &Site, ids: &[PageId]) {
        if ids.is_empty() {
            return;
        }
        // Home pages show the current plan and every event: cheap enough to always redo.
        for &h in site.homes.values() {
            self.add(site, h);
        }
        for &id in ids {
            self.add(site, id);
            self.add_terms(site, id);
            self.search_langs.insert(site.pages[id].lang.clone());
            for &t in &site.translations[id] {
                self.add(site, t);
            }
            if let Some(parent) = site.parent[id] {
                self.add(site, parent);
                // The other languages' sections list it when it has no version there.
                for &t in &site.translations[parent] {
                    self.add(site, t);
                }
                let lang = &site.pages[id].lang;
                let siblings: Vec<PageId> = site.children[parent]
                    .iter()
                    .copied()
                    .filter(|&s| site.pages[s].lang == *lang)
                    .collect();
                if let Some(pos) = siblings.iter().position(|&s| s == id) {
                    if pos > 0 {
                        self.add(site, siblings[pos - 1]);
                    }
                    if let Some(&next) = siblings.get(pos + 1) {
                        self.add(site, next);
                    }
                }
            }
            match site.pages[id].front.kind {
                Kind::Event(_) => {
                    // Every version of its task group lists it, as do their plans.
                    if let Some(group) = site.event_task_group[id] {
                        for g in
                            std::iter::once(group).chain(site.translations[group].iter().copied())
                        {
                            self.add(site, g);
                            if let Some(plan) = site.parent[g] {
                                self.add(site, plan);
                                for &t in &site.translations[plan] {
                                    self.add(site, t);
                                }
                            }
                        }
                    }
                }
                Kind::TaskGroup(_) => {
                    // Its events show its name, wherever they are listed. An event falls
                    // back to a task group of another language when its own has no
                    // translation, so the translations' events and plans count too.
                    for g in std::iter::once(id).chain(site.translations[id].iter().copied()) {
                        self.add(site, g);
                        if let Some(plan) = site.parent[g] {
                            self.add(site, plan);
                            // A translated plan shows untranslated groups' originals.
                            for &t in &site.translations[plan] {
                                self.add(site, t);
                            }
                        }
                        for &e in &site.members[g] {
                            self.add(site, e);
                            self.add_terms(site, e);
                            if let Some(section) = site.parent[e] {
                                self.add(site, section);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

impl Facts {
    pub fn of(site: &Site, changed: &BTreeSet<String>) -> Facts {
        Facts::of_ids(site, &ids_of(site, changed))
    }

    /// [`Facts::of`] the pages `ids`.
    pub fn of_ids(site: &Site, ids: &[PageId]) -> Facts {
        let mut nav = BTreeMap::new();
        for lang in site.homes.keys() {
            let items = site
                .nav(lang)
                .into_iter()
                .map(|entry| match entry {
                    crate::site::NavEntry::Page { id, title } => (
                        title.unwrap_or_else(|| site.pages[id].front.title.clone()),
                        site.pages[id].url.clone(),
                        site.pages[id].front.draft,
                    ),
                    crate::site::NavEntry::Link { title, url, .. } => (title, url, false),
                })
                .collect();
            nav.insert(lang.clone(), items);
        }
        let identities = ids
            .iter()
            .map(|&id| &site.pages[id])
            .map(|p| {
                (
                    p.source_path.clone(),
                    Identity {
                        title: p.front.title.clone(),
                        url: p.url.clone(),
                        kind: p.front.kind.name(),
                        is_section: p.is_section,
                    },
                )
            })
            .collect();
        Facts { nav, identities }
    }

    /// Why the change from `self` (before) to `after` needs every page re-rendered, if
    /// it does.
    pub fn needs_full_render(&self, after: &Facts) -> Option<&'static str> {
        if self.nav != after.nav {
            return Some("the navigation changed");
        }
        let sources: BTreeSet<&String> = self
            .identities
            .keys()
            .chain(after.identities.keys())
            .collect();
        for s in sources {
            match (self.identities.get(s), after.identities.get(s)) {
                (Some(a), Some(b)) if a == b => {}
                // Breadcrumbs and task groups' plan links below a section name it.
                (a, b) if a.is_some_and(|x| x.is_section) || b.is_some_and(|x| x.is_section) => {
                    return Some("a section changed its title, address or kind");
                }
                // Other pages link to this one by its address.
                (Some(a), Some(b)) if a.url != b.url => {
                    return Some("a page changed its address");
                }
                _ => {}
            }
        }
        None
    }
}
