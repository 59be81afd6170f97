//! What the lists of disclosed information, the notices and the register of documents
//! publish alike: one JSON file per language with a JSON Schema beside them, and one
//! dataset per language in the catalogue (`data/data.json`).

use crate::render::SiteFile;
use crate::site::Site;
use serde_json::{json, Value};

/// A JSON file's schema, published once for the files of every language.
pub struct Schema {
    /// From the output root: `data/notices.schema.json`.
    pub path: &'static str,
    pub text: &'static str,
}

/// Pretty JSON with a final newline, as every JSON data file is written.
pub fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// Each language's files, then the schema once (none when no language has files).
pub fn files_with_schema<L>(
    langs: &[L],
    files_of: impl FnMut(&L) -> Vec<SiteFile>,
    schema: &Schema,
) -> Vec<SiteFile> {
    let mut out: Vec<SiteFile> = langs.iter().flat_map(files_of).collect();
    if !langs.is_empty() {
        out.push(SiteFile {
            path: schema.path.into(),
            bytes: schema.text.as_bytes().to_vec(),
        });
    }
    out
}

/// One language's dataset of the catalogue whose first distribution is a JSON file
/// described by its schema.
pub struct JsonDataset<'a> {
    pub lang: &'a str,
    /// What the data is (`Thông báo`), before the site's title in the dataset's.
    pub title: String,
    pub description: String,
    /// When the newest item changed (RFC 3339); null when unknown.
    pub modified: Option<String>,
    /// The JSON file, from the output root; its public address is the dataset's
    /// identifier.
    pub path: String,
    /// The page that shows the data, from the output root.
    pub landing_page: String,
    pub schema: &'a Schema,
    /// The keyword and the JSON distribution's title, when not the title and
    /// "<title> (JSON)"; distributions after the JSON one (the same data as CSV).
    pub other: Other,
}

/// What a dataset may say otherwise (see [`JsonDataset::other`]).
#[derive(Default)]
pub struct Other {
    pub keyword: Option<String>,
    pub json_title: Option<String>,
    pub distributions: Vec<Value>,
}

/// The catalogue entry of `d`, published by the office of its language (None for a
/// language the configuration does not have).
pub fn catalogue_entry(site: &Site, d: JsonDataset<'_>) -> Option<Value> {
    let l = site.config.language(d.lang)?;
    let base = &site.config.base_url;
    let url = format!("{base}{}", d.path);
    let json_title = (d.other.json_title).unwrap_or_else(|| format!("{} (JSON)", d.title));
    let mut distribution = vec![json!({
        "@type": "dcat:Distribution",
        "title": json_title,
        "downloadURL": url,
        "mediaType": "application/json",
        "format": "JSON",
        "describedBy": format!("{base}{}", d.schema.path),
        "describedByType": "application/schema+json",
    })];
    distribution.extend(d.other.distributions);
    Some(json!({
        "@type": "dcat:Dataset",
        "title": format!("{} – {}", d.title, l.title),
        "description": d.description,
        "keyword": [d.other.keyword.as_ref().unwrap_or(&d.title)],
        "modified": d.modified,
        "publisher": { "@type": "org:Organization", "name": l.issuer },
        "contactPoint": { "@type": "vcard:Contact", "fn": l.office },
        "identifier": url,
        "accessLevel": "public",
        "language": [d.lang],
        "landingPage": format!("{base}{}", d.landing_page),
        "distribution": distribution,
    }))
}
