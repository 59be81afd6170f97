//! Documents (văn bản) as the pages, the register, search, feeds and open data show
//! them: one view per document, the register's order, its facets (year, type,
//! issuer, field), the Atom feed of new documents, `documents.json`/`.csv` and the
//! schema.org `Legislation` of a document page.

use super::context::{Link, Views};
use super::date_display;
use super::open_data::{self, JsonDataset, Other, Schema};
use super::xml::escape;
use super::SiteFile;
use crate::content::front_matter::Kind;
use crate::content::front_matter::{DocStatus, Document};
use crate::dates::Date;
use crate::site::documents::fields;
use crate::site::links::page_file;
use crate::site::{PageId, Site};
use crate::text::slugify;
use serde::Serialize;

/// The register's folder in every language (`van-ban/`, `en/van-ban/`).
pub const REGISTER: &str = "van-ban/";
/// The facets' folders inside it.
pub const YEAR: &str = "nam";
pub const TYPE: &str = "loai";
pub const ISSUER: &str = "co-quan";
pub const FIELD: &str = "linh-vuc";

#[derive(Serialize, Clone)]
pub struct Day {
    pub iso: String,
    pub display: String,
}

fn day(d: Date, lang: &str) -> Day {
    Day {
        iso: d.iso(),
        display: date_display::day(d, lang),
    }
}

#[derive(Serialize, Clone)]
pub struct SignerView {
    pub name: String,
    pub position: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct DocumentView {
    /// The document's own page (a plan's linked document page, or the page itself).
    pub url: String,
    pub title: String,
    pub number: Option<String>,
    pub doc_type: Option<Link>,
    pub issued: Option<Day>,
    pub effective: Option<Day>,
    pub status: &'static str,
    pub status_label: String,
    pub replaced_by: Option<Link>,
    pub replaces: Vec<Link>,
    pub issuer: Option<Link>,
    pub signer: Option<SignerView>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub fields: Vec<Link>,
    pub files: Vec<super::attachments::FileView>,
    pub year: Option<Link>,
    pub register_url: String,
}

/// "245 KB": what a reader on a phone plan needs before downloading.
pub fn size_display(bytes: u64, lang: &str) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let s = if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    };
    if lang == "vi" {
        s.replace('.', ",")
    } else {
        s
    }
}

pub fn register_path(site: &Site, lang: &str) -> String {
    format!("{}{REGISTER}", site.language_prefix(lang))
}

/// `van-ban/loai/quyet-dinh/index.html` and the like.
pub fn facet_url(site: &Site, lang: &str, facet: &str, value: &str) -> String {
    format!(
        "{}{facet}/{}/index.html",
        register_path(site, lang),
        slugify(value)
    )
}

/// The issuer of a document: its own, else the site's in the page's language.
pub fn issuer(site: &Site, id: PageId, d: &Document) -> String {
    d.issuer
        .clone()
        .or_else(|| match &site.pages[id].front.kind {
            Kind::Plan(p) => p.issuer.clone(),
            _ => None,
        })
        .or_else(|| {
            site.config
                .language(&site.pages[id].lang)
                .map(|l| l.issuer.clone())
        })
        .unwrap_or_default()
}

/// The type's name in `lang` (config.yaml's English name on English pages).
pub fn type_label(site: &Site, d: &Document, lang: &str) -> Option<String> {
    let t = d.doc_type.as_ref()?;
    Some(
        site.config
            .document_types
            .iter()
            .find(|x| x.name == t.path)
            .map_or(t.path.clone(), |x| x.label(lang).to_string()),
    )
}

/// The date a document is ordered and filed by: its date of issue, else the day it
/// was posted.
pub fn filed(site: &Site, id: PageId, d: &Document) -> Option<Date> {
    d.issued.or(site.pages[id].front.date.map(|x| x.date))
}

/// The view of the document a page is or carries (a plan's own fields, or the
/// document page its `document:` names).
pub fn view(views: &Views<'_>, id: PageId) -> Option<DocumentView> {
    let site = views.site;
    let own = site.documents.plan_document[id].unwrap_or(id);
    let d = fields(&site.pages[own])?;
    let lang = site.pages[id].lang.as_str();
    let link = |i: PageId| Link {
        title: site.pages[i].front.title.clone(),
        url: page_file(&site.pages[i].url),
        lang: site.pages[i].lang.clone(),
    };
    let title = |i: PageId| match fields(&site.pages[i]).and_then(|x| x.number.clone()) {
        Some(n) => Link {
            title: n,
            url: page_file(&site.pages[i].url),
            lang: site.pages[i].lang.clone(),
        },
        None => link(i),
    };
    let issuer = issuer(site, own, d);
    Some(DocumentView {
        url: page_file(&site.pages[own].url),
        title: site.pages[own].front.title.clone(),
        number: d.number.clone(),
        doc_type: type_label(site, d, lang).map(|t| Link {
            url: facet_url(
                site,
                lang,
                TYPE,
                d.doc_type.as_ref().map_or("", |x| x.path.as_str()),
            ),
            title: t,
            lang: lang.to_string(),
        }),
        issued: d.issued.map(|x| day(x, lang)),
        effective: d.effective.map(|x| day(x, lang)),
        status: d.status.key(),
        status_label: views.label(lang, &format!("doc_status_{}", d.status.key())),
        replaced_by: site.documents.replaced_by[own].map(title),
        replaces: site.documents.replaces[own]
            .iter()
            .map(|&i| title(i))
            .collect(),
        issuer: (!issuer.is_empty()).then(|| Link {
            url: facet_url(site, lang, ISSUER, &issuer),
            title: issuer,
            lang: lang.to_string(),
        }),
        signer: d.signer.as_ref().map(|s| SignerView {
            name: s.name.clone(),
            position: s.position.clone(),
        }),
        abstract_text: d.abstract_text.clone(),
        fields: d
            .fields
            .iter()
            .map(|f| Link {
                title: f.clone(),
                url: facet_url(site, lang, FIELD, f),
                lang: lang.to_string(),
            })
            .collect(),
        files: super::attachments::views(site, own, lang),
        year: filed(site, own, d).map(|x| Link {
            title: x.year.to_string(),
            url: facet_url(site, lang, YEAR, &x.year.to_string()),
            lang: lang.to_string(),
        }),
        register_url: format!("{}index.html", register_path(site, lang)),
    })
}

/// Every document of a language (`kind: document` pages), newest first: by date of
/// issue (else the day posted), then number, then address.
pub fn register(site: &Site, lang: &str) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..site.pages.len())
        .filter(|&i| {
            site.pages[i].lang == lang && matches!(site.pages[i].front.kind, Kind::Document(_))
        })
        .collect();
    ids.sort_by_cached_key(|&i| {
        let d = fields(&site.pages[i]);
        (
            std::cmp::Reverse(d.and_then(|d| filed(site, i, d))),
            d.and_then(|d| d.number.clone()),
            site.pages[i].url.clone(),
        )
    });
    ids
}

/// One row of the register.
#[derive(Serialize, Clone)]
pub struct Row {
    pub url: String,
    pub title: String,
    pub number: Option<String>,
    pub doc_type: Option<String>,
    pub doc_type_key: String,
    pub issued: Option<Day>,
    pub year: String,
    pub issuer: String,
    pub issuer_key: String,
    pub fields: Vec<String>,
    pub field_keys: String,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    pub status: &'static str,
    pub status_label: String,
    pub replaced_by: Option<Link>,
    /// Folded words of the row, for the in-page filter's text box.
    pub search_text: String,
}

pub fn row(views: &Views<'_>, id: PageId, lang: &str) -> Option<Row> {
    let site = views.site;
    let p = &site.pages[id];
    let d = fields(p)?;
    let issuer = issuer(site, id, d);
    let abstract_text = d
        .abstract_text
        .clone()
        .unwrap_or_else(|| crate::content::summary_text(p));
    let number = d.number.clone();
    let search_text = crate::text::fold(&format!(
        "{} {} {} {}",
        number.as_deref().unwrap_or(""),
        p.front.title,
        abstract_text,
        d.signer.as_ref().map_or("", |s| s.name.as_str())
    ));
    Some(Row {
        url: page_file(&p.url),
        title: p.front.title.clone(),
        number,
        doc_type: type_label(site, d, lang),
        doc_type_key: d
            .doc_type
            .as_ref()
            .map_or(String::new(), |t| slugify(&t.path)),
        issued: d.issued.map(|x| day(x, lang)),
        year: filed(site, id, d).map_or(String::new(), |x| x.year.to_string()),
        issuer_key: slugify(&issuer),
        issuer,
        field_keys: d
            .fields
            .iter()
            .map(|f| slugify(f))
            .collect::<Vec<_>>()
            .join(" "),
        fields: d.fields.clone(),
        abstract_text,
        status: d.status.key(),
        status_label: views.label(lang, &format!("doc_status_{}", d.status.key())),
        replaced_by: site.documents.replaced_by[id].map(|t| Link {
            title: fields(&site.pages[t])
                .and_then(|x| x.number.clone())
                .unwrap_or_else(|| site.pages[t].front.title.clone()),
            url: page_file(&site.pages[t].url),
            lang: site.pages[t].lang.clone(),
        }),
        search_text,
    })
}

/// schema.org `Legislation` for a document page.
pub fn jsonld(site: &Site, id: PageId) -> Option<serde_json::Value> {
    let p = &site.pages[id];
    let Kind::Document(d) = &p.front.kind else {
        return None;
    };
    let permalink = format!("{}{}", site.config.base_url, p.url);
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": permalink,
        "url": permalink,
        "name": p.front.title,
        "inLanguage": p.lang,
        "legislationLegalForce": match d.status {
            DocStatus::InForce => "https://schema.org/InForce",
            DocStatus::Expired | DocStatus::Replaced => "https://schema.org/NotInForce",
        },
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": issuer(site, id, d)},
    });
    let o = v.as_object_mut()?;
    if let Some(n) = &d.number {
        o.insert("legislationIdentifier".into(), n.clone().into());
    }
    if let Some(i) = d.issued {
        o.insert("legislationDate".into(), i.iso().into());
    }
    if let Some(e) = d.effective {
        o.insert("legislationDateVersion".into(), e.iso().into());
    }
    if let Some(t) = type_label(site, d, &p.lang) {
        o.insert("legislationType".into(), t.into());
    }
    if let Some(a) = &d.abstract_text {
        o.insert("abstract".into(), a.clone().into());
    }
    if let Some(s) = &d.signer {
        let mut person = serde_json::json!({"@type": "Person", "name": s.name});
        if let (Some(pos), Some(m)) = (&s.position, person.as_object_mut()) {
            m.insert("jobTitle".into(), pos.clone().into());
        }
        o.insert("author".into(), person);
    }
    let replaces: Vec<serde_json::Value> = site.documents.replaces[id]
        .iter()
        .map(|&t| format!("{}{}", site.config.base_url, site.pages[t].url).into())
        .collect();
    if !replaces.is_empty() {
        o.insert("legislationRepeals".into(), replaces.into());
    }
    let files = super::attachments::jsonld(site, id);
    if !files.is_empty() {
        o.insert("encoding".into(), files.into());
    }
    Some(v)
}

/// `documents.json` of a language (the default language at `data/documents.json`,
/// others under their prefix), with every document's fields and files.
pub fn json(views: &Views<'_>, lang: &str) -> serde_json::Value {
    let site = views.site;
    let docs: Vec<serde_json::Value> = register(site, lang)
        .into_iter()
        .filter_map(|id| {
            let p = &site.pages[id];
            let d = fields(p)?;
            Some(serde_json::json!({
                "url": format!("{}{}", site.config.base_url, p.url),
                "title": p.front.title,
                "number": d.number,
                "type": d.doc_type.as_ref().map(|t| t.path.clone()),
                "issued": d.issued.map(|x| x.iso()),
                "effective": d.effective.map(|x| x.iso()),
                "status": d.status.key(),
                "replaced_by": site.documents.replaced_by[id]
                    .map(|t| format!("{}{}", site.config.base_url, site.pages[t].url)),
                "issuer": issuer(site, id, d),
                "signer": d.signer.as_ref().map(|s| serde_json::json!({"name": s.name, "position": s.position})),
                "abstract": d.abstract_text,
                "fields": d.fields,
                "files": super::attachments::open_data(site, id),
            }))
        })
        .collect();
    serde_json::json!({
        "$schema": format!("{}{}", site.config.base_url, SCHEMA.path),
        "language": lang,
        "publisher": site.config.language(lang).map(|l| l.issuer.clone()),
        "documents": docs,
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `documents.csv`: one row per document, UTF-8 with a BOM so Excel reads it.
pub fn csv(site: &Site, lang: &str) -> String {
    let mut out = String::from(
        "\u{feff}number,type,issued,effective,status,issuer,signer,signer_position,title,abstract,fields,files,sha256,url\r\n",
    );
    for id in register(site, lang) {
        let p = &site.pages[id];
        let Some(d) = fields(p) else { continue };
        let files = &site.documents.files[id];
        let cells = [
            d.number.clone().unwrap_or_default(),
            d.doc_type
                .as_ref()
                .map_or(String::new(), |t| t.path.clone()),
            d.issued.map_or(String::new(), |x| x.iso()),
            d.effective.map_or(String::new(), |x| x.iso()),
            d.status.key().to_string(),
            issuer(site, id, d),
            d.signer.as_ref().map_or(String::new(), |s| s.name.clone()),
            d.signer
                .as_ref()
                .and_then(|s| s.position.clone())
                .unwrap_or_default(),
            p.front.title.clone(),
            d.abstract_text.clone().unwrap_or_default(),
            d.fields.join("; "),
            files
                .iter()
                .map(|f| format!("{}{}", site.config.base_url, f.output_path))
                .collect::<Vec<_>>()
                .join(" "),
            files
                .iter()
                .map(|f| f.sha256.clone())
                .collect::<Vec<_>>()
                .join(" "),
            format!("{}{}", site.config.base_url, p.url),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

pub const SCHEMA: Schema = Schema {
    path: "data/documents.schema.json",
    text: include_str!("open_data/documents.schema.json"),
};

/// Where a language's document data sits: `data/documents.json`, `en/data/...`.
pub fn data_path(site: &Site, lang: &str, ext: &str) -> String {
    format!("{}data/documents.{ext}", site.language_prefix(lang))
}

pub fn feed_path(site: &Site, lang: &str) -> String {
    format!("{}atom.xml", register_path(site, lang))
}

/// The Atom feed of new documents of a language: the newest 30 by date of issue.
pub fn feed(views: &Views<'_>, lang: &str) -> Option<String> {
    let site = views.site;
    let l = site.config.language(lang)?;
    let ids: Vec<PageId> = register(site, lang).into_iter().take(30).collect();
    let base = &site.config.base_url;
    let self_url = format!("{base}{}", feed_path(site, lang));
    let home = format!("{base}{}", register_path(site, lang));
    let stamp = |id: PageId| -> String {
        let p = &site.pages[id];
        match (
            p.front.updated.or(p.front.date),
            fields(p).and_then(|d| d.issued),
        ) {
            (Some(dt), _) => dt.rfc3339(),
            (None, Some(d)) => format!("{}T00:00:00+07:00", d.iso()),
            (None, None) => "1970-01-01T00:00:00Z".into(),
        }
    };
    let updated = ids.iter().map(|&i| stamp(i)).max().unwrap_or_else(|| {
        crate::dates::DateTime::from_unix_seconds(crate::dates::now_unix_seconds(), 0).rfc3339()
    });
    let title = format!("{} – {}", views.label(lang, "documents"), l.title);
    let mut out = super::feeds::head(&super::feeds::Head {
        lang,
        id: &self_url,
        title: &title,
        subtitle: "",
        updated: &updated,
        self_url: &self_url,
        home: &home,
        author: &l.issuer,
    });
    for id in ids {
        let p = &site.pages[id];
        let Some(d) = fields(p) else { continue };
        let url = format!("{base}{}", p.url);
        let title = match &d.number {
            Some(n) => format!("{n}: {}", p.front.title),
            None => p.front.title.clone(),
        };
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        out.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&url)
        ));
        for f in &site.documents.files[id] {
            out.push_str(&format!(
                "    <link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>\n",
                f.media_type,
                f.bytes,
                escape(&format!("{base}{}", f.output_path))
            ));
        }
        if let Some(i) = d.issued {
            out.push_str(&format!(
                "    <published>{}T00:00:00+07:00</published>\n",
                i.iso()
            ));
        }
        out.push_str(&format!("    <updated>{}</updated>\n", stamp(id)));
        if let Some(t) = type_label(site, d, lang) {
            out.push_str(&format!("    <category term=\"{}\"/>\n", escape(&t)));
        }
        let summary = d
            .abstract_text
            .clone()
            .unwrap_or_else(|| crate::content::summary_text(p));
        if !summary.is_empty() {
            out.push_str(&format!(
                "    <summary type=\"text\">{}</summary>\n",
                escape(&summary)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out)
}

/// The register's rows for its filter script: `van-ban/rows.js`.
pub fn rows_path(site: &Site, lang: &str) -> String {
    format!("{}rows.js", register_path(site, lang))
}

/// Every row of a language's register as a script (a `<script>` tag loads it, which
/// unlike `fetch()` works from `file://`): `congkhaiRegister([...]);`.
pub fn rows_script(views: &Views<'_>, lang: &str) -> String {
    let no_number = views.label(lang, "no_number");
    let rows: Vec<serde_json::Value> = register(views.site, lang)
        .into_iter()
        .filter_map(|id| row(views, id, lang))
        .map(|r| {
            serde_json::json!({
                "url": r.url,
                "number": r.number,
                "no_number": no_number,
                "type": r.doc_type_key,
                "type_label": r.doc_type.unwrap_or_default(),
                "issued": r.issued.as_ref().map(|d| d.iso.clone()),
                "issued_display": r.issued.as_ref().map(|d| d.display.clone()),
                "year": r.year,
                "issuer": r.issuer_key,
                "fields": r.field_keys,
                "status": r.status,
                "status_label": r.status_label,
                "title": r.title,
                "abstract": r.abstract_text,
                "text": r.search_text,
            })
        })
        .collect();
    format!(
        "congkhaiRegister({});\n",
        serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
    )
}

/// The register's entries of the open-data catalogue (`data/data.json`): one dataset
/// per language, in JSON (with its schema) and CSV.
pub fn datasets(views: &Views<'_>) -> Vec<serde_json::Value> {
    let site = views.site;
    let base = &site.config.base_url;
    languages(site)
        .into_iter()
        .filter_map(|lang| {
            let title = views.label(&lang, "documents_json");
            let modified = register(site, &lang)
                .iter()
                .filter_map(|&i| site.pages[i].front.updated.or(site.pages[i].front.date))
                .max()
                .map(|d| d.rfc3339());
            let csv = serde_json::json!({
                "@type": "dcat:Distribution",
                "title": views.label(&lang, "documents_csv"),
                "downloadURL": format!("{base}{}", data_path(site, &lang, "csv")),
                "mediaType": "text/csv",
                "format": "CSV",
            });
            open_data::catalogue_entry(
                site,
                JsonDataset {
                    lang: &lang,
                    other: Other {
                        keyword: Some(views.label(&lang, "documents")),
                        json_title: Some(title.clone()),
                        distributions: vec![csv],
                    },
                    title,
                    description: views.label(&lang, "documents_dataset_description"),
                    modified,
                    path: data_path(site, &lang, "json"),
                    landing_page: register_path(site, &lang),
                    schema: &SCHEMA,
                },
            )
        })
        .collect()
}

/// Documents as one of the site's outputs (render/outputs.rs): the register's pages,
/// the feeds and data files, and what a document's (or a plan's) page shows of it.
pub struct Documents;

impl super::outputs::SiteOutput for Documents {
    fn name(&self) -> &'static str {
        "documents"
    }
    fn has_files(&self) -> bool {
        true
    }
    fn files(&self, made: &super::outputs::Made<'_>) -> Vec<SiteFile> {
        files(made.views)
    }
    fn pages(&self, views: &Views<'_>) -> Vec<super::GeneratedPage> {
        super::register::pages(views)
    }
    fn extend_context(&self, p: &super::outputs::PageContext<'_, '_>, ctx: &mut tera::Context) {
        ctx.insert("document", &p.page.and_then(|id| view(p.views, id)));
    }
}

/// The languages that have documents.
pub fn languages(site: &Site) -> Vec<String> {
    site.config
        .languages
        .iter()
        .filter(|l| site.homes.contains_key(&l.code) && !register(site, &l.code).is_empty())
        .map(|l| l.code.clone())
        .collect()
}

/// The feeds, `documents.json`/`.csv` per language, and the schema.
pub fn files(views: &Views<'_>) -> Vec<SiteFile> {
    let site = views.site;
    open_data::files_with_schema(
        &languages(site),
        |lang| {
            let mut out = Vec::new();
            if let Some(f) = feed(views, lang) {
                out.push(SiteFile {
                    path: feed_path(site, lang),
                    bytes: f.into_bytes(),
                });
            }
            out.push(SiteFile {
                path: data_path(site, lang, "json"),
                bytes: open_data::pretty(&json(views, lang)),
            });
            out.push(SiteFile {
                path: data_path(site, lang, "csv"),
                bytes: csv(site, lang).into_bytes(),
            });
            out.push(SiteFile {
                path: rows_path(site, lang),
                bytes: rows_script(views, lang).into_bytes(),
            });
            out
        },
        &SCHEMA,
    )
}

#[cfg(test)]
mod tests {
    use super::size_display;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_display(245 * 1024, "en"), "245 KB");
        assert_eq!(size_display(245 * 1024 + 1, "en"), "246 KB");
        assert_eq!(size_display(1_300_000, "vi"), "1,2 MB");
        assert_eq!(size_display(900, "vi"), "900 B");
    }
}
