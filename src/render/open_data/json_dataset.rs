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
    pub keyword: String,
    /// When the newest item changed (RFC 3339); null when unknown.
    pub modified: Option<String>,
    /// The JSON file's public address, which is also the dataset's identifier.
    pub url: String,
    pub landing_page: String,
    /// The schema's public address.
    pub schema_url: String,
    /// The JSON distribution's title.
    pub json_title: String,
    /// Distributions after the JSON one (the same data as CSV).
    pub more: Vec<Value>,
}

/// The catalogue entry of `d`, published by the office of its language (None for a
/// language the configuration does not have).
pub fn catalogue_entry(site: &Site, d: JsonDataset<'_>) -> Option<Value> {
    let l = site.config.language(d.lang)?;
    let mut distribution = vec![json!({
        "@type": "dcat:Distribution",
        "title": d.json_title,
        "downloadURL": d.url,
        "mediaType": "application/json",
        "format": "JSON",
        "describedBy": d.schema_url,
        "describedByType": "application/schema+json",
    })];
    distribution.extend(d.more);
    Some(json!({
        "@type": "dcat:Dataset",
        "title": format!("{} – {}", d.title, l.title),
        "description": d.description,
        "keyword": [d.keyword],
        "modified": d.modified,
        "publisher": { "@type": "org:Organization", "name": l.issuer },
        "contactPoint": { "@type": "vcard:Contact", "fn": l.office },
        "identifier": d.url,
        "accessLevel": "public",
        "language": [d.lang],
        "landingPage": d.landing_page,
        "distribution": distribution,
    }))
}
