//! Open data: each plan as JSON (checked against `plan.schema.json`, committed beside
//! this module and published as `data/plan.schema.json`), its targets, projects and
//! events as CSV, and a `data/data.json` catalogue in the Project Open Data 1.1 style.
//!
//! ```text
//! data/data.json                 catalogue of every dataset, all languages
//! data/plan.schema.json          JSON Schema of plan.json
//! data/2020-q4/plan.json         the plan in the default language
//! data/2020-q4/targets.csv       … projects.csv, events.csv
//! en/data/2020-q4/plan.json      the same in English
//! ```
//! Values are data, not display: numbers as numbers (40.2), dates in ISO 8601, statuses
//! as their keys. Addresses are absolute: a downloaded file has no page to be relative to.

mod csv;
mod json_dataset;

pub use json_dataset::{catalogue_entry, files_with_schema, pretty, JsonDataset, Other, Schema};

use super::context::Views;
use super::SiteFile;
use crate::content::front_matter::{Kind, TaskGroup};
use crate::content::summary_text;
use crate::content::Page;
use crate::dates::When;
use crate::site::{PageId, Site};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const SCHEMA: &str = include_str!("plan.schema.json");
pub const SCHEMA_PATH: &str = "data/plan.schema.json";
pub const CATALOGUE_PATH: &str = "data/data.json";

const TARGETS_HEADER: &[&str] = &[
    "period",
    "task_group",
    "task_group_title",
    "id",
    "label",
    "target",
    "actual",
    "unit",
];
const PROJECTS_HEADER: &[&str] = &[
    "period",
    "task_group",
    "task_group_title",
    "name",
    "status",
    "due",
];
const EVENTS_HEADER: &[&str] = &[
    "id",
    "title",
    "start",
    "end",
    "period",
    "location",
    "organizer",
    "series",
    "status",
    "task_group",
    "url",
];

/// The folder of each plan's files, `data/2020-q4/` (under the language prefix).
/// Two plans of one period in one language get `-2`, `-3`… in page order, so every
/// build names them alike.
pub fn plan_folders(site: &Site) -> BTreeMap<PageId, String> {
    let mut out = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for l in &site.config.languages {
        // A draft shown by `--drafts` is not published as data.
        let mut plans: Vec<PageId> = site
            .plans(&l.code)
            .into_iter()
            // A plan is published as data in its own languages only: a fallback
            // would be the same record twice.
            .filter(|&i| site.pages[i].lang == l.code && !site.pages[i].front.draft)
            .collect();
        plans.sort_by(|&a, &b| {
            let key = |i: PageId| match &site.pages[i].front.kind {
                Kind::Plan(p) => (p.period.iso(), site.pages[i].url.clone()),
                _ => (String::new(), site.pages[i].url.clone()),
            };
            key(a).cmp(&key(b))
        });
        for id in plans {
            let Kind::Plan(p) = &site.pages[id].front.kind else {
                continue;
            };
            let stem = format!(
                "{}data/{}",
                site.language_prefix(&l.code),
                p.period.iso().to_ascii_lowercase()
            );
            let mut folder = format!("{stem}/");
            let mut n = 2;
            while !taken.insert(folder.clone()) {
                folder = format!("{stem}-{n}/");
                n += 1;
            }
            out.insert(id, folder);
        }
    }
    out
}

/// A link on the plan page to one of its files.
#[derive(serde::Serialize, Clone, Debug)]
pub struct Download {
    /// Label key: `data_plan_json`, `data_targets_csv`…
    pub key: &'static str,
    pub url: String,
    pub format: &'static str,
}

pub fn downloads(site: &Site, plan: PageId) -> Vec<Download> {
    let Some(folder) = plan_folders(site).remove(&plan) else {
        return Vec::new();
    };
    vec![
        Download {
            key: "data_plan_json",
            url: format!("{folder}plan.json"),
            format: "JSON",
        },
        Download {
            key: "data_targets_csv",
            url: format!("{folder}targets.csv"),
            format: "CSV",
        },
        Download {
            key: "data_projects_csv",
            url: format!("{folder}projects.csv"),
            format: "CSV",
        },
        Download {
            key: "data_events_csv",
            url: format!("{folder}events.csv"),
            format: "CSV",
        },
        Download {
            key: "data_schema",
            url: SCHEMA_PATH.into(),
            format: "JSON Schema",
        },
        Download {
            key: "data_catalogue",
            url: CATALOGUE_PATH.into(),
            format: "JSON",
        },
    ]
}

fn when_iso(w: &When) -> String {
    w.iso()
}

/// A plan's task groups with their pages, by number.
fn groups(site: &Site, plan: PageId) -> Vec<(PageId, &TaskGroup)> {
    site.members[plan]
        .iter()
        .filter(|&&g| !site.pages[g].front.draft)
        .filter_map(|&g| match &site.pages[g].front.kind {
            Kind::TaskGroup(t) => Some((g, t)),
            _ => None,
        })
        .collect()
}

/// A plan's events as the pages list them: dated ones by first day, then those known
/// only by month or quarter, then by address.
fn events(site: &Site, plan: PageId) -> Vec<PageId> {
    let mut ev: Vec<PageId> = site
        .plan_events(plan)
        .into_iter()
        .filter(|&e| {
            matches!(site.pages[e].front.kind, Kind::Event(_)) && !site.pages[e].front.draft
        })
        .collect();
    ev.sort_by(|&a, &b| {
        let key = |i: PageId| match &site.pages[i].front.kind {
            Kind::Event(e) => (
                e.start.is_imprecise(),
                e.start.first_day(),
                site.pages[i].url.clone(),
            ),
            _ => (
                true,
                crate::dates::Date {
                    year: 0,
                    month: 1,
                    day: 1,
                },
                String::new(),
            ),
        };
        key(a).cmp(&key(b))
    });
    ev.dedup();
    ev
}

fn permalink(site: &Site, p: &Page) -> String {
    format!("{}{}", site.config.base_url, p.url)
}

/// The other language versions of a record: `lang`, `title`, `url` each.
fn translations_json(site: &Site, id: PageId) -> Value {
    Value::Array(
        site.translations[id]
            .iter()
            .filter(|&&t| !site.pages[t].front.draft)
            .map(|&t| {
                let tp = &site.pages[t];
                json!({ "lang": tp.lang, "title": tp.front.title, "url": permalink(site, tp) })
            })
            .collect(),
    )
}

fn group_number(site: &Site, id: Option<PageId>) -> Option<u32> {
    match &site.pages[id?].front.kind {
        Kind::TaskGroup(t) => Some(t.number),
        _ => None,
    }
}

fn event_json(site: &Site, id: PageId) -> Value {
    let p = &site.pages[id];
    let Kind::Event(e) = &p.front.kind else {
        return Value::Null;
    };
    let imprecise = e.start.is_imprecise() || e.end.is_some_and(|x| x.is_imprecise());
    let (start, end, period) = if imprecise {
        // The period the source names; a quarter over a month when both appear, as
        // the wider one holds the other.
        let named = [Some(e.start), e.end].into_iter().flatten();
        let period = named
            .filter(When::is_imprecise)
            .min_by_key(|w| !matches!(w, When::Quarter { .. }))
            .unwrap_or(e.start);
        (Value::Null, Value::Null, json!(period.iso()))
    } else {
        (
            json!(when_iso(&e.start)),
            e.end
                .filter(|x| *x != e.start)
                .map_or(Value::Null, |x| json!(when_iso(&x))),
            Value::Null,
        )
    };
    json!({
        "id": p.key,
        "lang": p.lang,
        "title": p.front.title,
        "translations": translations_json(site, id),
        "task_group": group_number(site, site.event_task_group[id]),
        "start": start,
        "end": end,
        "period": period,
        "location": e.location,
        "organizer": e.organizer,
        "series": e.series,
        "status": e.status.key(),
        "url": permalink(site, p),
        "calendar": super::ical::event_calendar_path(p)
            .map(|c| format!("{}{c}", site.config.base_url)),
    })
}

/// The plan as one JSON document (see `plan.schema.json`).
pub fn plan_json(site: &Site, id: PageId) -> Option<Value> {
    let p = &site.pages[id];
    let Kind::Plan(plan) = &p.front.kind else {
        return None;
    };
    let issuer = plan.issuer.clone().unwrap_or_else(|| {
        site.config
            .language(&p.lang)
            .map(|l| l.issuer.clone())
            .unwrap_or_default()
    });
    let gs = groups(site, id);
    Some(json!({
        "$schema": format!("{}{SCHEMA_PATH}", site.config.base_url),
        "lang": p.lang,
        "plan": {
            "title": p.front.title,
            "period": plan.period.iso(),
            "period_start": plan.period.first_day().iso(),
            "period_end": plan.period.last_day().iso(),
            "issuer": issuer,
            "office": plan.office,
            "document_number": plan.document_number,
            "summary": summary_text(p),
            "url": permalink(site, p),
            "date_published": p.front.date.map(|d| d.rfc3339()),
            "date_modified": p.front.updated.or(p.front.date).map(|d| d.rfc3339()),
        },
        "task_groups": gs.iter().map(|&(g, t)| json!({
            "number": t.number,
            "lang": site.pages[g].lang,
            "title": site.pages[g].front.title,
            "translations": translations_json(site, g),
            "lead": t.lead,
            "summary": summary_text(&site.pages[g]),
            "url": permalink(site, &site.pages[g]),
        })).collect::<Vec<_>>(),
        "targets": gs.iter().flat_map(|&(_, t)| t.targets.iter().map(move |x| json!({
            "id": x.id,
            "task_group": t.number,
            "label": x.label,
            "target": x.target,
            "actual": x.actual,
            "unit": x.unit,
        }))).collect::<Vec<_>>(),
        "projects": gs.iter().flat_map(|&(_, t)| t.projects.iter().map(move |x| json!({
            "task_group": t.number,
            "name": x.name,
            "status": x.status.key(),
            "due": x.due.as_ref().map(when_iso),
        }))).collect::<Vec<_>>(),
        "events": events(site, id).into_iter().map(|e| event_json(site, e)).collect::<Vec<_>>(),
    }))
}

fn targets_csv(site: &Site, plan: PageId, period: &str) -> Vec<u8> {
    let rows: Vec<Vec<String>> = groups(site, plan)
        .into_iter()
        .flat_map(|(g, t)| {
            t.targets.iter().map(move |x| {
                vec![
                    period.to_string(),
                    t.number.to_string(),
                    site.pages[g].front.title.clone(),
                    x.id.clone(),
                    x.label.clone(),
                    csv::number(x.target),
                    x.actual.map(csv::number).unwrap_or_default(),
                    x.unit.clone(),
                ]
            })
        })
        .collect();
    csv::write(TARGETS_HEADER, &rows)
}

fn projects_csv(site: &Site, plan: PageId, period: &str) -> Vec<u8> {
    let rows: Vec<Vec<String>> = groups(site, plan)
        .into_iter()
        .flat_map(|(g, t)| {
            t.projects.iter().map(move |x| {
                vec![
                    period.to_string(),
                    t.number.to_string(),
                    site.pages[g].front.title.clone(),
                    x.name.clone(),
                    x.status.key().to_string(),
                    x.due.as_ref().map(when_iso).unwrap_or_default(),
                ]
            })
        })
        .collect();
    csv::write(PROJECTS_HEADER, &rows)
}

/// One row per event (its translations are columns of that row: `title_en`, `url_en`
/// for every language of the site, its own included), never one per version.
fn events_csv(site: &Site, plan: PageId) -> Vec<u8> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let langs: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let extra: Vec<String> = std::iter::once("lang".to_string())
        .chain(
            langs
                .iter()
                .flat_map(|l| [format!("title_{l}"), format!("url_{l}")]),
        )
        .collect();
    let header: Vec<&str> = EVENTS_HEADER
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect();
    let rows: Vec<Vec<String>> = events(site, plan)
        .into_iter()
        .map(|e| {
            let j = event_json(site, e);
            let mut row: Vec<String> = EVENTS_HEADER.iter().map(|k| text(&j[*k])).collect();
            row.push(text(&j["lang"]));
            let versions = j["translations"].as_array().cloned().unwrap_or_default();
            for l in &langs {
                let version = if j["lang"] == *l {
                    Some(&j)
                } else {
                    versions.iter().find(|v| v["lang"] == *l)
                };
                row.push(version.map(|v| text(&v["title"])).unwrap_or_default());
                row.push(version.map(|v| text(&v["url"])).unwrap_or_default());
            }
            row
        })
        .collect();
    csv::write(&header, &rows)
}

/// The datasets of the catalogue but the lists of disclosed information (which list
/// these): one per plan, language and table, then the notices of each language.
pub fn datasets(views: &Views<'_>) -> Vec<Value> {
    let mut datasets = plan_datasets(views, &plan_folders(views.site));
    datasets.extend(super::notices::catalogue_entries(views));
    datasets.extend(super::documents::datasets(views));
    datasets
}

/// The Project Open Data 1.1 catalogue: every dataset of [`datasets`], then each
/// language's list of disclosed information.
fn catalogue(views: &Views<'_>) -> Value {
    let mut datasets = datasets(views);
    datasets.extend(super::disclosure::catalogue_entries(views));
    json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    })
}

/// One dataset per plan, language and table.
fn plan_datasets(views: &Views<'_>, folders: &BTreeMap<PageId, String>) -> Vec<Value> {
    let site = views.site;
    let base = &site.config.base_url;
    let mut datasets = Vec::new();
    for (&id, folder) in folders {
        let p = &site.pages[id];
        let Kind::Plan(plan) = &p.front.kind else {
            continue;
        };
        let lang = &p.lang;
        let Some(l) = site.config.language(lang) else {
            continue;
        };
        let publisher = plan.issuer.clone().unwrap_or_else(|| l.issuer.clone());
        let modified = p
            .front
            .updated
            .or(p.front.date)
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| plan.period.first_day().iso());
        let temporal = format!(
            "{}/{}",
            plan.period.first_day().iso(),
            plan.period.last_day().iso()
        );
        let keywords: Vec<&String> = p.front.categories.iter().chain(&p.front.tags).collect();
        let mut contact = json!({ "@type": "vcard:Contact", "fn": l.office });
        if let Some(c) = l.contact.as_deref().filter(|c| c.contains('@')) {
            contact["hasEmail"] = json!(format!("mailto:{}", c.trim()));
        }
        let tables: [(&str, &str, &str, &str); 4] = [
            ("plan", "plan.json", "application/json", "JSON"),
            ("targets", "targets.csv", "text/csv", "CSV"),
            ("projects", "projects.csv", "text/csv", "CSV"),
            ("events", "events.csv", "text/csv", "CSV"),
        ];
        for (table, file, media, format) in tables {
            let url = format!("{base}{folder}{file}");
            let mut distribution = json!({
                "@type": "dcat:Distribution",
                "title": format!("{} ({format})", views.label(lang, &format!("data_{table}_title"))),
                "downloadURL": url,
                "mediaType": media,
                "format": format,
            });
            if table == "plan" {
                distribution["describedBy"] = json!(format!("{base}{SCHEMA_PATH}"));
                distribution["describedByType"] = json!("application/schema+json");
            }
            datasets.push(json!({
                "@type": "dcat:Dataset",
                "title": format!("{} – {}", views.label(lang, &format!("data_{table}_title")), p.front.title),
                "description": summary_text(p),
                "keyword": keywords,
                "modified": modified,
                "publisher": { "@type": "org:Organization", "name": publisher },
                "contactPoint": contact,
                "identifier": url,
                "accessLevel": "public",
                "temporal": temporal,
                "language": [lang],
                "landingPage": permalink(site, p),
                "distribution": [distribution],
            }));
        }
    }
    datasets
}

pub fn files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    let folders = plan_folders(site);
    let mut out = Vec::new();
    for (&id, folder) in &folders {
        let Some(plan) = plan_json(site, id) else {
            continue;
        };
        let period = plan["plan"]["period"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        out.push(SiteFile {
            path: format!("{folder}plan.json"),
            bytes: pretty(&plan),
        });
        out.push(SiteFile {
            path: format!("{folder}targets.csv"),
            bytes: targets_csv(site, id, &period),
        });
        out.push(SiteFile {
            path: format!("{folder}projects.csv"),
            bytes: projects_csv(site, id, &period),
        });
        out.push(SiteFile {
            path: format!("{folder}events.csv"),
            bytes: events_csv(site, id),
        });
    }
    if !folders.is_empty() {
        out.push(SiteFile {
            path: SCHEMA_PATH.into(),
            bytes: SCHEMA.as_bytes().to_vec(),
        });
    }
    let catalogue = catalogue(views);
    if catalogue["dataset"]
        .as_array()
        .is_some_and(|d| !d.is_empty())
    {
        out.push(SiteFile {
            path: CATALOGUE_PATH.into(),
            bytes: pretty(&catalogue),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::outputs::tests::bundled;

    #[test]
    fn each_language_has_its_plan_folder() {
        let (site, _) = bundled();
        let folders: Vec<String> = plan_folders(&site).into_values().collect();
        assert_eq!(folders, ["data/2020-q4/", "en/data/2020-q4/"]);
    }

    #[test]
    fn a_quarter_only_event_has_a_period_and_no_day() {
        let (site, _) = bundled();
        let plan = site.plans("vi")[0];
        let json = plan_json(&site, plan).expect("plan");
        let events = json["events"].as_array().expect("events");
        let ocop = events
            .iter()
            .find(|e| e["id"] == "su-kien/hoi-cho-ocop")
            .expect("ocop");
        assert_eq!(ocop["start"], Value::Null);
        assert_eq!(ocop["period"], "2020-Q4");
        assert_eq!(ocop["calendar"], Value::Null);
        let law = events
            .iter()
            .find(|e| e["id"] == "su-kien/ngay-phap-luat")
            .expect("law day");
        assert_eq!(
            (&law["start"], &law["end"], &law["period"]),
            (&json!("2020-10-15"), &json!("2020-11-15"), &Value::Null)
        );
        // Events sorted by first day: the dated October events come first.
        assert_eq!(events[0]["start"], "2020-10-10");
    }
}
