//! Notices (`kind: notice`) in the output: what a notice's page and the lists show
//! ("còn hạn đến …" / "hết hạn", against the build's date), the open notices of the home
//! page, the notices list of a section, an Atom feed of notices per language
//! (`notices.xml`, `en/notices.xml`), `data/notices.json` per language with its JSON
//! Schema, and the JSON-LD of a notice page.
//!
//! The status is computed when the site is built: "now" is `dates::now_unix_seconds`
//! (`SOURCE_DATE_EPOCH` when set), so a page says as of which day it holds, and a site
//! must be built again for a notice to leave the home page when its deadline passes.

use super::context::{Link, Stamp, Views};
use super::open_data::{self, JsonDataset, Other, Schema};
use super::{date_display, feeds, SiteFile};
use crate::content::front_matter::notice::{Notice, Status};
use crate::content::front_matter::Kind;
use crate::content::summary_text;
use crate::site::links::page_file;
use crate::site::{PageId, Site};
use serde::Serialize;
use serde_json::{json, Value};

pub const SCHEMA: Schema = Schema {
    path: "data/notices.schema.json",
    text: include_str!("open_data/notices.schema.json"),
};

fn notice(site: &Site, id: PageId) -> Option<&Notice> {
    match &site.pages[id].front.kind {
        Kind::Notice(n) => Some(n),
        _ => None,
    }
}

/// A section whose pages are all notices: listed with their status and category.
pub fn is_notices_section(site: &Site, id: PageId) -> bool {
    let kids: Vec<&PageId> = site.children[id]
        .iter()
        .filter(|&&c| !site.pages[c].is_section)
        .collect();
    !kids.is_empty() && kids.iter().all(|&&c| notice(site, c).is_some())
}

/// The notices of a language, newest posted first, then by address.
pub fn notices(site: &Site, lang: &str) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..site.pages.len())
        .filter(|&i| site.pages[i].lang == lang && notice(site, i).is_some())
        .collect();
    ids.sort_by_cached_key(|&i| {
        let posted = notice(site, i).map(|n| n.posted.unix_seconds());
        (std::cmp::Reverse(posted), site.pages[i].url.clone())
    });
    ids
}

/// The pages of a notices section, newest posted first (its subsections last).
pub fn section_order(site: &Site, section: PageId) -> Vec<PageId> {
    let mut ids = site.children[section].clone();
    ids.sort_by_cached_key(|&i| {
        let posted = notice(site, i).map(|n| n.posted.unix_seconds());
        (
            posted.is_none(),
            std::cmp::Reverse(posted),
            site.pages[i].url.clone(),
        )
    });
    ids
}

/// The open notices of a language at `now`, for the home page: those closing first
/// come first (the most urgent), then those without a deadline, newest first.
pub fn open_notices(site: &Site, lang: &str, now: i64) -> Vec<PageId> {
    let mut open: Vec<PageId> = notices(site, lang)
        .into_iter()
        .filter(|&i| notice(site, i).is_some_and(|n| n.status_at(now) != Status::Expired))
        .collect();
    // Stable: ties keep the newest-first order.
    open.sort_by_key(|&i| {
        notice(site, i)
            .and_then(|n| n.deadline)
            .map_or(i64::MAX, |d| d.at.unix_seconds())
    });
    open
}

/// The name of a category in a language: the theme's label for a built-in one, the
/// site's own name from config.yaml for one it adds, else the key.
pub fn category_label(views: &Views<'_>, lang: &str, key: &str) -> String {
    if let Some(own) = views.site.config.notice_categories.get(key) {
        if let Some(name) = own.get(lang) {
            return name.clone();
        }
    }
    let label_key = format!("notice_category_{key}");
    match views.labels(lang).get(&label_key) {
        Some(l) => l.clone(),
        None => key.to_string(),
    }
}

fn deadline_display(n: &Notice, lang: &str) -> Option<String> {
    n.deadline.map(|d| {
        if d.whole_day {
            date_display::day(d.at.date, lang)
        } else {
            date_display::datetime(&d.at, lang)
        }
    })
}

/// When a notice was posted, as shown: the day alone when `posted` gave no time
/// (a plain date is not "00:00").
fn posted_stamp(n: &Notice, lang: &str) -> Stamp {
    Stamp::new(&n.posted, n.posted_time, lang)
}

/// A page's date as its header and lists show it: a plain date as a day.
pub fn page_date(p: &crate::content::Page) -> Option<Stamp> {
    let d = p.front.date?;
    Some(Stamp::new(&d, p.front.date_time, &p.lang))
}

/// What a list shows of a notice.
#[derive(Serialize, Clone)]
pub struct Brief {
    pub category: String,
    pub category_label: String,
    pub posted: Stamp,
    /// `2020-11-20` or `2020-11-20T17:00:00+07:00`, for `<time datetime>`.
    pub deadline_iso: Option<String>,
    pub deadline: Option<String>,
    /// `open` or `expired`.
    pub status: &'static str,
    /// "Còn hạn đến 20/11/2020", "Hết hạn (20/11/2020)", "Không có thời hạn".
    pub status_text: String,
}

pub fn brief(views: &Views<'_>, id: PageId) -> Option<Brief> {
    let p = &views.site.pages[id];
    let n = notice(views.site, id)?;
    let lang = &p.lang;
    let status = n.status_at(views.now);
    let deadline = deadline_display(n, lang);
    let status_text = match (status, &deadline) {
        (Status::OpenUntil, Some(d)) => format!("{} {d}", views.label(lang, "notice_open_until")),
        (Status::Expired, Some(d)) => format!("{} ({d})", views.label(lang, "notice_expired")),
        _ => views.label(lang, "notice_no_deadline"),
    };
    Some(Brief {
        category: n.category.path.clone(),
        category_label: category_label(views, lang, &n.category.path),
        posted: posted_stamp(n, lang),
        deadline_iso: n.deadline.map(|d| {
            if d.whole_day {
                d.at.date.iso()
            } else {
                d.at.rfc3339()
            }
        }),
        deadline,
        status: status.key(),
        status_text,
    })
}

#[derive(Serialize, Clone)]
pub struct FeedbackView {
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `tel:` address: the number without spaces, dots or dashes.
    pub phone_uri: Option<String>,
    pub address: Option<String>,
}

/// What a notice's page shows: its [`Brief`], how to send comments, its result, and
/// the day the status holds for.
#[derive(Serialize, Clone)]
pub struct NoticeView {
    #[serde(flatten)]
    pub brief: Brief,
    pub feedback: Option<FeedbackView>,
    pub result: Option<Link>,
    /// Attached files, shown as a document's are.
    pub files: Vec<super::attachments::FileView>,
    /// The build's day, which the status is computed against.
    pub as_of: String,
    pub as_of_iso: String,
}

pub fn view(views: &Views<'_>, id: PageId) -> Option<NoticeView> {
    let site = views.site;
    let n = notice(site, id)?;
    let lang = &site.pages[id].lang;
    let today = crate::dates::DateTime::from_unix_seconds(views.now, 420).date;
    let clean = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Some(NoticeView {
        brief: brief(views, id)?,
        feedback: n.feedback.as_ref().map(|f| {
            let phone = clean(&f.phone);
            FeedbackView {
                email: clean(&f.email),
                phone_uri: phone.as_ref().map(|p| {
                    p.chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect()
                }),
                phone,
                address: clean(&f.address),
            }
        }),
        result: site.notice_result[id].map(|r| Link {
            title: site.pages[r].front.title.clone(),
            url: page_file(&site.pages[r].url),
            lang: site.pages[r].lang.clone(),
        }),
        files: super::attachments::views(site, id, lang),
        as_of: date_display::day(today, lang),
        as_of_iso: today.iso(),
    })
}

/// `notices.xml` or `en/notices.xml`.
pub fn feed_path(site: &Site, lang: &str) -> String {
    format!("{}notices.xml", site.language_prefix(lang))
}

/// `data/notices.json` or `en/data/notices.json`.
pub fn data_path(site: &Site, lang: &str) -> String {
    format!("{}data/notices.json", site.language_prefix(lang))
}

/// Languages with a home page and at least one notice.
pub(super) fn languages_with_notices(site: &Site) -> Vec<&str> {
    site.config
        .languages
        .iter()
        .filter(|l| site.homes.contains_key(&l.code))
        .filter(|l| !notices(site, &l.code).is_empty())
        .map(|l| l.code.as_str())
        .collect()
}

/// The link to a language's notices feed, when it has notices.
pub fn feed_link(views: &Views<'_>, lang: &str) -> Option<String> {
    views
        .notice_languages()
        .iter()
        .any(|l| l == lang)
        .then(|| feed_path(views.site, lang))
}

fn notice_json(views: &Views<'_>, id: PageId) -> Value {
    let site = views.site;
    let p = &site.pages[id];
    let Some(n) = notice(site, id) else {
        return Value::Null;
    };
    let base = &site.config.base_url;
    json!({
        "id": p.key,
        "title": p.front.title,
        "category": n.category.path,
        "category_label": category_label(views, &p.lang, &n.category.path),
        "posted": n.posted.rfc3339(),
        "deadline": n.deadline.map(|d| if d.whole_day { d.at.date.iso() } else { d.at.rfc3339() }),
        "status": n.status_at(views.now).key(),
        "summary": summary_text(p),
        "feedback": n.feedback.as_ref().map(|f| json!({
            "email": f.email,
            "phone": f.phone,
            "address": f.address,
        })),
        "result": site.notice_result[id].map(|r| format!("{base}{}", site.pages[r].url)),
        "files": super::attachments::open_data(site, id),
        "url": format!("{base}{}", p.url),
    })
}

/// The notices of a language as one JSON document (see `notices.schema.json`).
pub fn notices_json(views: &Views<'_>, lang: &str) -> Value {
    let site = views.site;
    let today = crate::dates::DateTime::from_unix_seconds(views.now, 420).date;
    json!({
        "$schema": format!("{}{}", site.config.base_url, SCHEMA.path),
        "lang": lang,
        "as_of": today.iso(),
        "notices": notices(site, lang).into_iter().map(|i| notice_json(views, i)).collect::<Vec<_>>(),
    })
}

/// The datasets `data/data.json` lists for the notices: one per language.
pub fn catalogue_entries(views: &Views<'_>) -> Vec<Value> {
    let site = views.site;
    languages_with_notices(site)
        .into_iter()
        .filter_map(|lang| {
            let ids = notices(site, lang);
            let modified = ids
                .iter()
                .filter_map(|&i| {
                    let f = &site.pages[i].front;
                    f.updated.or(f.date)
                })
                .max()?;
            open_data::catalogue_entry(
                site,
                JsonDataset {
                    lang,
                    title: views.label(lang, "data_notices_title"),
                    description: views.label(lang, "data_notices_description"),
                    modified: Some(modified.rfc3339()),
                    path: data_path(site, lang),
                    landing_page: site.language_prefix(lang),
                    schema: &SCHEMA,
                    other: Other::default(),
                },
            )
        })
        .collect()
}

/// The notices' open data: each language's `notices.json`, and the schema once.
pub fn data_files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    let file = |lang: &&str| {
        vec![SiteFile {
            path: data_path(site, lang),
            bytes: open_data::pretty(&notices_json(views, lang)),
        }]
    };
    open_data::files_with_schema(&languages_with_notices(site), file, &SCHEMA)
}

/// The notices feed of each language that has notices: every notice, newest posted
/// first (a notice is news when it is posted, so `published` and the order follow
/// `posted`), each with its category.
pub fn feed_files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    languages_with_notices(site)
        .into_iter()
        .filter_map(|lang| {
            let l = site.config.language(lang)?;
            let ids = notices(site, lang);
            let title = format!("{} – {}", l.title, views.label(lang, "notices"));
            Some(SiteFile {
                path: feed_path(site, lang),
                bytes: feeds::atom(views, lang, &ids, &feed_path(site, lang), &title).into_bytes(),
            })
        })
        .collect()
}

/// The JSON-LD of a notice: schema.org `SpecialAnnouncement`, whose definition is "an
/// information update made by a locally-oriented organization, for example …
/// local government", and which carries what a notice has: `datePosted`, `expires`
/// (the deadline) and a `category`. An `Article` has no posting date of its own.
pub fn jsonld(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let n = notice(site, id)?;
    let issuer = site
        .config
        .language(&p.lang)
        .map(|l| l.issuer.clone())
        .unwrap_or_default();
    let url = format!("{}{}", site.config.base_url, p.url);
    let org = json!({ "@type": "GovernmentOrganization", "name": issuer });
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "SpecialAnnouncement",
        "name": p.front.title,
        "text": summary_text(p),
        "url": url,
        "inLanguage": p.lang,
        "datePosted": n.posted.rfc3339(),
        "category": n.category.path,
        "author": org,
        "publisher": org,
    });
    if let Some(d) = n.deadline {
        v["expires"] = json!(d.at.rfc3339());
    }
    if let Some(updated) = p.front.updated {
        v["dateModified"] = json!(updated.rfc3339());
    }
    let files = super::attachments::jsonld(site, id);
    if !files.is_empty() {
        v["encoding"] = json!(files);
    }
    if let Some(r) = site.notice_result[id] {
        v["subjectOf"] = json!({
            "@type": "WebPage",
            "name": site.pages[r].front.title,
            "url": format!("{}{}", site.config.base_url, site.pages[r].url),
        });
    }
    serde_json::to_string(&v).ok()
}
