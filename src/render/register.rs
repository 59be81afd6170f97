//! The register of documents ("Văn bản" / "Documents"): every document of a language,
//! newest first, and one static page per year, type, issuer and field, each linking
//! the others, so the register reads with scripts off and from `file://`. The filter
//! on top (`js/register.js`) only hides rows of the page it runs on.

use super::context::Views;
use super::documents::{self, facet_url, register, register_path, row, Row};
use super::GeneratedPage;
use crate::diagnostic::{tr, Diagnostic};
use crate::site::Site;
use crate::text::slugify;
use serde::Serialize;
use std::collections::BTreeMap;

/// One value of a facet, with the page listing its documents.
#[derive(Serialize, Clone)]
struct Facet {
    name: String,
    key: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize, Clone)]
struct Facets {
    years: Vec<Facet>,
    types: Vec<Facet>,
    issuers: Vec<Facet>,
    fields: Vec<Facet>,
}

/// What the register's template gets as `data`.
#[derive(Serialize)]
struct RegisterData {
    rows: Vec<Row>,
    /// The whole register's first page.
    all_url: String,
    /// The facet this page lists (`year`, `type`, `issuer`, `field`), if any.
    facet: Option<&'static str>,
    facet_value: Option<String>,
    facets: Facets,
    total: usize,
    feed_url: String,
    json_url: String,
    csv_url: String,
    rows_url: String,
    pager: Option<super::paginate::Pager>,
}

/// Pages and files of the site that would be published where the register is.
pub fn clashes(site: &Site) -> Vec<Diagnostic> {
    if documents::languages(site).is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for folder in [
        documents::YEAR,
        documents::TYPE,
        documents::ISSUER,
        documents::FIELD,
        "trang",
        "page",
    ] {
        let folder = format!("{}{folder}/", documents::REGISTER);
        out.extend(site.clashes_with(&crate::site::Reserved {
            folder: &folder,
            code: "E0311",
        }));
    }
    // The register's own first page.
    for p in &site.pages {
        if p.url == format!("{}{}", site.language_prefix(&p.lang), documents::REGISTER) {
            out.push(
                Diagnostic::new(
                    "E0311",
                    &p.file,
                    tr(
                        "E0311",
                        &[("what", &tr("common.page", &[])), ("at", &p.url)],
                    ),
                )
                .help(tr("E0311.section-help", &[])),
            );
        }
    }
    out
}

fn facets(views: &Views<'_>, lang: &str, rows: &[Row]) -> Facets {
    let site = views.site;
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    let mut types: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut issuers: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut fields: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for r in rows {
        if !r.year.is_empty() {
            *years.entry(r.year.clone()).or_default() += 1;
        }
        if let Some(t) = &r.doc_type {
            types
                .entry(r.doc_type_key.clone())
                .or_insert((t.clone(), 0))
                .1 += 1;
        }
        if !r.issuer.is_empty() {
            issuers
                .entry(r.issuer_key.clone())
                .or_insert((r.issuer.clone(), 0))
                .1 += 1;
        }
        for f in &r.fields {
            fields.entry(slugify(f)).or_insert((f.clone(), 0)).1 += 1;
        }
    }
    let list = |facet: &str, m: BTreeMap<String, (String, usize)>| -> Vec<Facet> {
        m.into_iter()
            .map(|(key, (name, count))| Facet {
                url: facet_url(site, lang, facet, &key),
                name,
                key,
                count,
                current: false,
            })
            .collect()
    };
    Facets {
        years: years
            .into_iter()
            .rev()
            .map(|(y, count)| Facet {
                url: facet_url(site, lang, documents::YEAR, &y),
                name: y.clone(),
                key: y,
                count,
                current: false,
            })
            .collect(),
        types: list(documents::TYPE, types),
        issuers: list(documents::ISSUER, issuers),
        fields: list(documents::FIELD, fields),
    }
}

/// Every page of the register, in every language that has documents.
pub fn pages(views: &Views<'_>) -> Vec<GeneratedPage> {
    let site = views.site;
    let mut out = Vec::new();
    for lang in documents::languages(site) {
        let rows: Vec<Row> = register(site, &lang)
            .into_iter()
            .filter_map(|id| row(views, id, &lang))
            .collect();
        let facets = facets(views, &lang, &rows);
        let base = register_path(site, &lang);
        let title = views.label(&lang, "documents");
        let data = |rows: Vec<Row>,
                    facet: Option<(&'static str, &str, &str)>,
                    pager: Option<super::paginate::Pager>| {
            let mut f = facets.clone();
            if let Some((which, key, _)) = facet {
                let list = match which {
                    "year" => &mut f.years,
                    "type" => &mut f.types,
                    "issuer" => &mut f.issuers,
                    _ => &mut f.fields,
                };
                for x in list.iter_mut() {
                    x.current = x.key == key;
                }
            }
            serde_json::to_value(RegisterData {
                total: rows.len(),
                rows,
                all_url: format!("{base}index.html"),
                facet: facet.map(|(w, _, _)| w),
                facet_value: facet.map(|(_, _, name)| name.to_string()),
                facets: f,
                feed_url: documents::feed_path(site, &lang),
                json_url: documents::data_path(site, &lang, "json"),
                csv_url: documents::data_path(site, &lang, "csv"),
                rows_url: documents::rows_path(site, &lang),
                pager,
            })
            .unwrap_or_default()
        };
        for page in super::paginate::paginate(&rows, site.config.paginate, &base, &lang) {
            out.push(GeneratedPage {
                lang: lang.clone(),
                path: page.path.clone(),
                template: "register.html",
                title: title.clone(),
                data: data(page.items.to_vec(), None, page.pager.clone()),
            });
        }
        let mut facet_pages = |which: &'static str,
                               folder: &str,
                               list: &[Facet],
                               keep: &dyn Fn(&Row, &str) -> bool| {
            for f in list {
                let rows: Vec<Row> = rows.iter().filter(|r| keep(r, &f.key)).cloned().collect();
                out.push(GeneratedPage {
                    lang: lang.clone(),
                    path: facet_url(site, &lang, folder, &f.key),
                    template: "register.html",
                    title: format!("{title}: {}", f.name),
                    data: data(rows, Some((which, &f.key, &f.name)), None),
                });
            }
        };
        facet_pages("year", documents::YEAR, &facets.years, &|r, k| r.year == k);
        facet_pages("type", documents::TYPE, &facets.types, &|r, k| {
            r.doc_type_key == k
        });
        facet_pages("issuer", documents::ISSUER, &facets.issuers, &|r, k| {
            r.issuer_key == k
        });
        facet_pages("field", documents::FIELD, &facets.fields, &|r, k| {
            r.field_keys.split(' ').any(|x| x == k)
        });
    }
    out
}
