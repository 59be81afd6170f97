//! The list of disclosed information ("Danh mục thông tin công khai"): a page per
//! language listing, by category, every item the site publishes in that language, each
//! once, with its date and link; and the same list as open data
//! (`data/disclosed.json`, `en/data/disclosed.json`, with `data/disclosed.schema.json`),
//! listed in `data/data.json`.
//!
//! The Law on Access to Information (104/2016/QH13, Art. 17 and 19) asks an agency to
//! publish the list of the information it discloses; Decree 42/2022/NĐ-CP (Art. 4)
//! says what a state agency's site carries. The categories follow what congkhai
//! publishes: plans and their task groups, notices by category, events, albums, other
//! pages, and the data sets of the open-data catalogue. Section pages that only list
//! others, and home pages, are not items.

use super::context::Views;
use super::open_data::{JsonDataset, Other, Schema};
use super::{date_display, notices, open_data, GeneratedPage, SiteFile};
use crate::content::front_matter::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::links::page_file;
use crate::site::{PageId, Site};
use serde::Serialize;
use serde_json::{json, Value};

pub const FOLDER: &str = "danh-muc-thong-tin/";
pub const SCHEMA: Schema = Schema {
    path: "data/disclosed.schema.json",
    text: include_str!("open_data/disclosed.schema.json"),
};

/// The page of a language: `danh-muc-thong-tin/index.html`, `en/danh-muc-thong-tin/index.html`.
pub fn page_path(site: &Site, lang: &str) -> String {
    format!("{}{FOLDER}index.html", site.language_prefix(lang))
}

/// `data/disclosed.json`, `en/data/disclosed.json`.
pub fn data_path(site: &Site, lang: &str) -> String {
    format!("{}data/disclosed.json", site.language_prefix(lang))
}

/// The link every page's footer carries, for a language with pages.
pub fn link(site: &Site, lang: &str) -> Option<String> {
    site.homes.contains_key(lang).then(|| page_path(site, lang))
}

/// Pages and files of the site that would be published where the list is.
pub fn clashes(site: &Site) -> Vec<Diagnostic> {
    site.clashes_with(&crate::site::Reserved {
        folder: FOLDER,
        code: "E0363",
    })
}

#[derive(Serialize, Clone, Debug)]
pub struct Item {
    pub title: String,
    /// From the output root (pages, `data/…` files).
    pub url: String,
    /// ISO 8601 (a day, a moment, or a quarter `2020-Q4`), when the item has a date.
    pub date_iso: Option<String>,
    pub date: Option<String>,
    /// The page's kind, or `dataset`.
    pub kind: &'static str,
}

#[derive(Serialize, Clone, Debug)]
pub struct Category {
    /// `plans`, `task_groups`, `notices-consultation`, `events`, `albums`, `pages`, `datasets`.
    pub key: String,
    pub title: String,
    pub items: Vec<Item>,
}

fn page_item(views: &Views<'_>, id: PageId) -> Item {
    let p = &views.site.pages[id];
    let (date_iso, date) = match &p.front.kind {
        Kind::Event(e) => (
            Some(e.start.iso()),
            Some(date_display::range(&e.start, e.end.as_ref(), &p.lang)),
        ),
        Kind::Plan(plan) if p.front.date.is_none() => (
            Some(plan.period.iso()),
            Some(date_display::when(&plan.period, &p.lang)),
        ),
        _ => match p.front.date {
            Some(d) => (Some(d.rfc3339()), Some(date_display::day(d.date, &p.lang))),
            None => (None, None),
        },
    };
    Item {
        title: p.front.title.clone(),
        url: page_file(&p.url),
        date_iso,
        date,
        kind: p.front.kind.name(),
    }
}

/// The items of a language's pages of one kind, in the site's order for that kind.
fn of_kind(site: &Site, lang: &str, kind: &str) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..site.pages.len())
        .filter(|&i| {
            let p = &site.pages[i];
            p.lang == lang
                && p.front.kind.name() == kind
                && site.parent[i].is_some()
                && !(p.is_section && matches!(p.front.kind, Kind::Page))
        })
        .collect();
    ids.sort_by_cached_key(|&i| {
        let p = &site.pages[i];
        (
            std::cmp::Reverse(p.front.date.map(|d| d.unix_seconds())),
            p.url.clone(),
        )
    });
    ids
}

/// The categories of a language, each with at least one item.
pub fn categories(views: &Views<'_>, lang: &str) -> Vec<Category> {
    let site = views.site;
    let mut out = Vec::new();
    let mut add = |key: String, title: String, ids: Vec<PageId>| {
        // What the site publishes in this language: the other language's originals a
        // list falls back to are in their own language's list; a draft is not published.
        let ids: Vec<PageId> = ids
            .into_iter()
            .filter(|&i| site.pages[i].lang == lang && !site.pages[i].front.draft)
            .collect();
        if !ids.is_empty() {
            out.push(Category {
                key,
                title,
                items: ids.into_iter().map(|i| page_item(views, i)).collect(),
            });
        }
    };
    add(
        "plans".into(),
        views.label(lang, "disclosed_plans"),
        site.plans(lang),
    );
    // Task groups in the order of their plans, then by number.
    let groups: Vec<PageId> = site
        .plans(lang)
        .into_iter()
        .flat_map(|p| site.members[p].clone())
        .collect();
    let orphans: Vec<PageId> = of_kind(site, lang, "task_group")
        .into_iter()
        .filter(|g| !groups.contains(g))
        .collect();
    add(
        "task_groups".into(),
        views.label(lang, "task_groups"),
        groups.into_iter().chain(orphans).collect(),
    );
    let all_notices = notices::notices(site, lang);
    for key in crate::site::notices::category_keys(&site.config) {
        let ids: Vec<PageId> = all_notices
            .iter()
            .copied()
            .filter(
                |&i| matches!(&site.pages[i].front.kind, Kind::Notice(n) if n.category.path == key),
            )
            .collect();
        add(
            format!("notices-{key}"),
            format!(
                "{} – {}",
                views.label(lang, "notices"),
                notices::category_label(views, lang, key)
            ),
            ids,
        );
    }
    // Documents by type (config.yaml's order), newest first as in the register.
    let documents = super::documents::register(site, lang);
    for t in &site.config.document_types {
        let ids: Vec<PageId> = documents
            .iter()
            .copied()
            .filter(|&i| {
                crate::site::documents::fields(&site.pages[i])
                    .and_then(|d| d.doc_type.as_ref())
                    .is_some_and(|x| x.path == t.name)
            })
            .collect();
        add(
            format!("documents-{}", crate::text::slugify(&t.name)),
            format!("{} – {}", views.label(lang, "documents"), t.label(lang)),
            ids,
        );
    }
    add(
        "events".into(),
        views.label(lang, "events"),
        site.events(lang),
    );
    add(
        "albums".into(),
        views.label(lang, "disclosed_albums"),
        of_kind(site, lang, "album"),
    );
    add(
        "pages".into(),
        views.label(lang, "disclosed_pages"),
        of_kind(site, lang, "page"),
    );
    let base = &site.config.base_url;
    let datasets: Vec<Item> = open_data::datasets(views)
        .iter()
        .filter(|d| d["language"][0] == lang)
        .flat_map(|d| {
            let modified = d["modified"].as_str().map(str::to_string);
            d["distribution"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |dist| (modified.clone(), dist))
        })
        .filter_map(|(modified, dist)| {
            let url = dist["downloadURL"].as_str()?.strip_prefix(base.as_str())?;
            Some(Item {
                title: dist["title"].as_str()?.to_string(),
                url: url.to_string(),
                date: modified
                    .as_deref()
                    .and_then(|m| crate::dates::parse_date(m.get(..10)?).ok())
                    .map(|d| date_display::day(d, lang)),
                date_iso: modified,
                kind: "dataset",
            })
        })
        .collect();
    if !datasets.is_empty() {
        out.push(Category {
            key: "datasets".into(),
            title: views.label(lang, "disclosed_datasets"),
            items: datasets,
        });
    }
    out
}

fn languages(site: &Site) -> Vec<&str> {
    site.config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(|code| site.homes.contains_key(*code))
        .collect()
}

/// The page of every language.
pub fn pages(views: &Views<'_>) -> Vec<GeneratedPage> {
    languages(views.site)
        .into_iter()
        .map(|lang| {
            let categories = categories(views, lang);
            let count: usize = categories.iter().map(|c| c.items.len()).sum();
            GeneratedPage {
                lang: lang.to_string(),
                path: page_path(views.site, lang),
                template: "disclosure.html",
                title: views.label(lang, "disclosed_title"),
                data: json!({
                    "categories": categories,
                    "count": count,
                    "json": data_path(views.site, lang),
                }),
            }
        })
        .collect()
}

/// The list of a language as one JSON document (see `disclosed.schema.json`).
pub fn disclosed_json(views: &Views<'_>, lang: &str) -> Value {
    let site = views.site;
    let base = &site.config.base_url;
    json!({
        "$schema": format!("{base}{}", SCHEMA.path),
        "lang": lang,
        "title": views.label(lang, "disclosed_title"),
        "publisher": site.config.language(lang).map(|l| l.issuer.clone()),
        "url": format!("{base}{}", page_path(site, lang).trim_end_matches("index.html")),
        "categories": categories(views, lang).into_iter().map(|c| json!({
            "key": c.key,
            "title": c.title,
            "items": c.items.into_iter().map(|i| json!({
                "title": i.title,
                "kind": i.kind,
                "date": i.date_iso,
                "url": format!("{base}{}", i.url.strip_suffix("index.html").unwrap_or(&i.url)),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The datasets `data/data.json` lists for the lists: one per language.
pub fn catalogue_entries(views: &Views<'_>) -> Vec<Value> {
    let site = views.site;
    languages(site)
        .into_iter()
        .filter_map(|lang| {
            // The list changed when its newest item did.
            let modified = site
                .pages
                .iter()
                .filter(|p| p.lang == lang)
                .filter_map(|p| p.front.updated.or(p.front.date))
                .max()
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| "1970-01-01".into());
            open_data::catalogue_entry(
                site,
                JsonDataset {
                    lang,
                    title: views.label(lang, "disclosed_title"),
                    description: views.label(lang, "disclosed_description"),
                    modified: Some(modified),
                    path: data_path(site, lang),
                    landing_page: page_path(site, lang)
                        .trim_end_matches("index.html")
                        .to_string(),
                    schema: &SCHEMA,
                    other: Other::default(),
                },
            )
        })
        .collect()
}

/// Each language's `disclosed.json`, and the schema once.
pub fn data_files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    let file = |lang: &&str| {
        vec![SiteFile {
            path: data_path(site, lang),
            bytes: open_data::pretty(&disclosed_json(views, lang)),
        }]
    };
    open_data::files_with_schema(&languages(site), file, &SCHEMA)
}
