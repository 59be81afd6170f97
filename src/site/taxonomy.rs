//! Categories and tags, per language: each term gets a page listing its pages.

use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use crate::text::{fold, slugify};
use std::collections::BTreeMap;

/// The taxonomies every site has, by their folder in the output.
pub const TAXONOMIES: &[&str] = &["categories", "tags"];

#[derive(Debug, Clone)]
pub struct Term {
    /// As first written by an editor (the folded form decides what is the same term).
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// `categories` or `tags`.
    pub key: &'static str,
    pub terms: Vec<Term>,
}

pub fn build(
    config: &Config,
    pages: &[Page],
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<Taxonomy>> {
    let mut out = BTreeMap::new();
    // A few dozen names are used by thousands of pages: each is slugified once.
    let mut slugs: std::collections::HashMap<&str, String> = Default::default();
    for lang in &config.languages {
        let mut taxonomies = Vec::new();
        for &key in TAXONOMIES {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (i, p) in pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.lang == lang.code)
            {
                let names = if key == "categories" {
                    &p.front.categories
                } else {
                    &p.front.tags
                };
                for name in names {
                    let slug = slugs.entry(name.as_str()).or_insert_with(|| slugify(name));
                    if slug.is_empty() {
                        errors.push(
                            Diagnostic::new(
                                "E0308",
                                &p.file,
                                tr("E0308", &[("key", &key), ("name", &name)]),
                            )
                            .help(tr("E0308.help", &[])),
                        );
                        continue;
                    }
                    // Thousands of pages name each term: the slug is copied once, by
                    // the first.
                    if !terms.contains_key(slug.as_str()) {
                        let term = Term {
                            name: name.clone(),
                            slug: slug.clone(),
                            pages: Vec::new(),
                        };
                        terms.insert(slug.clone(), term);
                    }
                    // Pages come in order, so a page naming a term twice is the last one.
                    if let Some(term) = terms.get_mut(slug.as_str()) {
                        if term.pages.last() != Some(&i) {
                            term.pages.push(i);
                        }
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            terms.sort_by_cached_key(|t| (fold(&t.name), t.slug.clone()));
            taxonomies.push(Taxonomy { key, terms });
        }
        out.insert(lang.code.clone(), taxonomies);
    }
    out
}
