//! What a notice's front matter says of the rest of the site: its `category` must be
//! one the site has (built in, or under `notice_categories:` in config.yaml), and its
//! `result:` must name a page of the site, the way a link does.

use super::links;
use crate::config::Config;
use crate::content::front_matter::notice::BUILT_IN_CATEGORIES;
use crate::content::front_matter::{Kind, Reference};
use crate::content::Page;
use crate::diagnostic::{did_you_mean, tr, Diagnostic};
use std::collections::HashMap;

/// Every category key of the site: the built-in ones, then the site's own in key order.
pub fn category_keys(config: &Config) -> Vec<&str> {
    BUILT_IN_CATEGORIES
        .iter()
        .copied()
        .chain(
            config
                .notice_categories
                .keys()
                .map(String::as_str)
                .filter(|k| !BUILT_IN_CATEGORIES.contains(k)),
        )
        .collect()
}

fn at(d: Diagnostic, r: &Reference, width: usize) -> Diagnostic {
    let mut d = d.span(width.max(1));
    d.line = r.line;
    d.column = r.column;
    d.source_line = Some(r.line_text.clone());
    d
}

/// Checks every notice's category and resolves its `result:`: for each page, the page
/// its result is (in the notice's language when that version exists), or None.
pub fn resolve(
    config: &Config,
    pages: &[Page],
    pages_by_source: &HashMap<&str, usize>,
    by_key_lang: &HashMap<(&str, &str), usize>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let categories = category_keys(config);
    let mut results = vec![None; pages.len()];
    for (i, p) in pages.iter().enumerate() {
        let Kind::Notice(n) = &p.front.kind else {
            continue;
        };
        let category = n.category.path.as_str();
        if !categories.contains(&category) {
            let list = categories.join(", ");
            let help = match did_you_mean(category, &categories) {
                Some(s) => tr(
                    "E0361.help-did-you-mean",
                    &[("suggestion", &s), ("categories", &list)],
                ),
                None => tr("E0361.help", &[("categories", &list)]),
            };
            errors.push(at(
                Diagnostic::new("E0361", &p.file, tr("E0361", &[("category", &category)]))
                    .help(help),
                &n.category,
                category.chars().count(),
            ));
        }
        let Some(result) = &n.result else {
            continue;
        };
        let written = result.path.split('#').next().unwrap_or_default();
        let found =
            links::join(&p.dir, written).and_then(|j| pages_by_source.get(j.as_str()).copied());
        match found {
            Some(t) => {
                let same_lang = by_key_lang
                    .get(&(pages[t].key.as_str(), p.lang.as_str()))
                    .copied();
                results[i] = Some(same_lang.unwrap_or(t));
            }
            None => {
                let candidates: Vec<&str> = pages
                    .iter()
                    .filter(|q| q.lang == p.lang && !matches!(q.front.kind, Kind::Notice(_)))
                    .map(|q| q.source_path.as_str())
                    .collect();
                let joined = links::join(&p.dir, written).unwrap_or_default();
                let help = match did_you_mean(&joined, &candidates) {
                    Some(c) => tr(
                        "E0362.help-did-you-mean",
                        &[
                            ("suggestion", &links::suggest_relative(&p.dir, c)),
                            ("file", &c),
                        ],
                    ),
                    None => tr("E0362.help", &[]),
                };
                errors.push(at(
                    Diagnostic::new("E0362", &p.file, tr("E0362", &[("path", &result.path)]))
                        .help(help),
                    result,
                    result.path.chars().count(),
                ));
            }
        }
    }
    results
}
