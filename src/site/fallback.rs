//! Translations that never leak: what a list in one language shows of pages written in
//! another. A list in language L shows each item once: its version in L when there is
//! one, else its original (the default language's version, else the first language of
//! the configuration that has it), which templates and outputs mark as a fallback
//! (`lang` set on it, "only in Vietnamese"). A page of another language is never listed
//! beside its own translation.

use super::{PageId, Site};
use crate::config::Config;
use crate::content::Page;
use std::collections::HashMap;

/// The place of a language in the configuration (the default is 0); unknown last.
pub(super) fn rank(config: &Config, lang: &str) -> usize {
    config
        .languages
        .iter()
        .position(|l| l.code == lang)
        .unwrap_or(usize::MAX)
}

/// One version per translation key of `ids`, in the order of their first appearance:
/// the one in `lang`, else the one of the earliest language in the configuration.
pub(super) fn localize_in(
    config: &Config,
    pages: &[Page],
    lang: &str,
    ids: impl IntoIterator<Item = PageId>,
) -> Vec<PageId> {
    let mut chosen: Vec<PageId> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    let better = |a: PageId, b: PageId| {
        let key = |i: PageId| (pages[i].lang != lang, rank(config, &pages[i].lang));
        key(a) < key(b)
    };
    for id in ids {
        match at.get(pages[id].key.as_str()) {
            Some(&slot) => {
                if better(id, chosen[slot]) {
                    chosen[slot] = id;
                }
            }
            None => {
                at.insert(pages[id].key.as_str(), chosen.len());
                chosen.push(id);
            }
        }
    }
    chosen
}

/// Whether `id` is the version other languages fall back to when they lack the page:
/// the earliest language of the configuration that has it.
pub(super) fn is_original(
    config: &Config,
    pages: &[Page],
    by_key_lang: &HashMap<(&str, &str), usize>,
    id: PageId,
) -> bool {
    let p = &pages[id];
    config
        .languages
        .iter()
        .find(|l| by_key_lang.contains_key(&(p.key.as_str(), l.code.as_str())))
        .is_some_and(|l| l.code == p.lang)
}

/// How much of the site one language has: `congkhai check` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub lang: String,
    pub name: String,
    /// Items (pages with their translations) that have a version in this language.
    pub translated: usize,
    /// Every item of the site, drafts left out.
    pub total: usize,
    /// The original file (`content/…`) of each item without a version in this language.
    pub missing: Vec<String>,
}

impl Site {
    /// Per language of the configuration, how many of the site's items have a version
    /// in it and which do not.
    pub fn coverage(&self) -> Vec<Coverage> {
        let mut by_key: std::collections::BTreeMap<&str, Vec<PageId>> = Default::default();
        for (i, p) in self.pages.iter().enumerate() {
            if !p.front.draft {
                by_key.entry(p.key.as_str()).or_default().push(i);
            }
        }
        self.config
            .languages
            .iter()
            .map(|l| {
                let mut missing: Vec<String> = by_key
                    .values()
                    .filter(|ids| !ids.iter().any(|&i| self.pages[i].lang == l.code))
                    .filter_map(|ids| {
                        ids.iter()
                            .min_by_key(|&&i| rank(&self.config, &self.pages[i].lang))
                            .map(|&i| self.pages[i].file.clone())
                    })
                    .collect();
                missing.sort();
                Coverage {
                    lang: l.code.clone(),
                    name: l.name.clone(),
                    translated: by_key.len() - missing.len(),
                    total: by_key.len(),
                    missing,
                }
            })
            .collect()
    }

    /// [`localize_in`] over this site's pages.
    pub fn localize(&self, lang: &str, ids: impl IntoIterator<Item = PageId>) -> Vec<PageId> {
        localize_in(&self.config, &self.pages, lang, ids)
    }

    /// Whether `lang` shows page `id` as a fallback: it has no version in `lang` and
    /// is the original its other versions fall back to.
    pub fn falls_back_to(&self, id: PageId, lang: &str) -> bool {
        let p = &self.pages[id];
        if p.lang == lang
            || self.translations[id]
                .iter()
                .any(|&t| self.pages[t].lang == lang)
        {
            return false;
        }
        // The earliest language of the configuration that has it.
        self.translations[id]
            .iter()
            .all(|&t| rank(&self.config, &self.pages[t].lang) > rank(&self.config, &p.lang))
    }

    /// Whether a page listed on a page of `lang` is shown there as a fallback.
    pub fn is_fallback(&self, id: PageId, lang: &str) -> bool {
        self.pages[id].lang != lang
    }

    /// The events of a plan, as the plan's page lists them: every event of its task
    /// groups (in any language), once each, in the plan's language where it exists.
    pub fn plan_events(&self, plan: PageId) -> Vec<PageId> {
        let lang = &self.pages[plan].lang;
        // A group lists its events in its own language: their translations are the
        // plan's language's candidates.
        let all = self.members[plan].iter().flat_map(|&g| {
            std::iter::once(g)
                .chain(self.translations[g].iter().copied())
                .flat_map(|v| self.members[v].iter().copied())
                .flat_map(|e| std::iter::once(e).chain(self.translations[e].iter().copied()))
        });
        self.localize(lang, all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_once_in_the_asked_language_else_the_default() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root).expect("bundled config");
        let site =
            super::super::assemble(config.clone(), crate::content::load(root, &config, false))
                .expect("bundled site");
        let both: Vec<PageId> = (0..site.pages.len())
            .filter(|&i| site.pages[i].key == "gioi-thieu")
            .collect();
        assert_eq!(both.len(), 2);
        for lang in ["vi", "en"] {
            let one = site.localize(lang, both.iter().copied());
            assert_eq!(one.len(), 1);
            assert_eq!(site.pages[one[0]].lang, lang);
        }
        // A language the site lacks falls back to the default language.
        let fr = site.localize("fr", both.iter().rev().copied());
        assert_eq!(site.pages[fr[0]].lang, "vi");
    }
}
