//! The navigation bar of each language: the one `menu:` in `config.yaml` sets, else
//! the home page and its sections and pages in weight order (unweighted ones after
//! the weighted, in the section's order).

use super::{PageId, Site};
use crate::config::MenuTarget;

/// One entry of a navigation bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavEntry {
    /// A page, in the menu's language where it is translated; `title` replaces its
    /// own when the menu names it.
    Page { id: PageId, title: Option<String> },
    /// A link: to another site (`external`), or a path from the site's root.
    Link {
        title: String,
        url: String,
        external: bool,
    },
}

impl Site {
    /// The navigation bar of `lang` (empty for a language without a home page).
    pub fn nav(&self, lang: &str) -> Vec<NavEntry> {
        let Some(&home) = self.homes.get(lang) else {
            return Vec::new();
        };
        let Some(menu) = self.config.menu.get(lang) else {
            let mut items: Vec<PageId> = self.children[home]
                .iter()
                .copied()
                .filter(|&c| self.pages[c].lang == lang)
                // Documents are reached through their register, not the menu.
                .filter(|&c| {
                    !matches!(
                        self.pages[c].front.kind,
                        crate::content::front_matter::Kind::Document(_)
                    )
                })
                .collect();
            // Stable: equal keys keep the section's order.
            items.sort_by_key(|&c| {
                let f = &self.pages[c].front;
                (!f.weighted, f.weight)
            });
            return std::iter::once(home)
                .chain(items)
                .map(|id| NavEntry::Page { id, title: None })
                .collect();
        };
        menu.iter()
            .filter_map(|item| match &item.target {
                MenuTarget::Page(source) => {
                    // A draft left out of this build, or a page of no language here.
                    let id = self.pages.iter().position(|p| p.source_path == *source)?;
                    let id = self
                        .localize(
                            lang,
                            std::iter::once(id).chain(self.translations[id].iter().copied()),
                        )
                        .first()
                        .copied()?;
                    Some(NavEntry::Page {
                        id,
                        title: item.title.clone(),
                    })
                }
                MenuTarget::External(url) | MenuTarget::Relative(url) => Some(NavEntry::Link {
                    title: item.title.clone().unwrap_or_default(),
                    url: url.clone(),
                    external: matches!(item.target, MenuTarget::External(_)),
                }),
            })
            .collect()
    }
}
