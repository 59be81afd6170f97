//! Attached files in the output, the same for a document and a notice: what a page
//! shows of each (the link with its `download` name, type and size, the SHA-256), its
//! JSON-LD (`DigitalDocument`) and its entry in open data (`documents.json`,
//! `notices.json`). The files themselves are found, measured and hashed when the site
//! is assembled (`site/documents.rs`).

use super::documents::size_display;
use crate::site::documents::Published;
use crate::site::{PageId, Site};
use serde::Serialize;
use serde_json::{json, Value};

/// An attached file as a page shows it.
#[derive(Serialize, Clone)]
pub struct FileView {
    pub url: String,
    /// The original file name, for the link's `download` attribute.
    pub name: String,
    pub title: String,
    pub format: String,
    pub media_type: &'static str,
    pub bytes: u64,
    /// "245 KB", "1,2 MB".
    pub size: String,
    pub sha256: String,
    pub lang: Option<String>,
}

fn published(site: &Site, id: PageId) -> &[Published] {
    site.documents.files.get(id).map_or(&[], Vec::as_slice)
}

fn view(f: &Published, lang: &str) -> FileView {
    FileView {
        url: f.output_path.clone(),
        name: f.name.clone(),
        title: f.title.clone(),
        format: f.format.clone(),
        media_type: f.media_type,
        bytes: f.bytes,
        size: size_display(f.bytes, lang),
        sha256: f.sha256.clone(),
        lang: f.lang.clone(),
    }
}

/// The files attached to page `id`, as its template shows them in `lang`.
pub fn views(site: &Site, id: PageId, lang: &str) -> Vec<FileView> {
    published(site, id).iter().map(|f| view(f, lang)).collect()
}

/// The files of page `id` as schema.org `DigitalDocument`s (a page's `encoding`).
pub fn jsonld(site: &Site, id: PageId) -> Vec<Value> {
    published(site, id)
        .iter()
        .map(|f| {
            json!({
                "@type": "DigitalDocument",
                "name": f.title,
                "contentUrl": format!("{}{}", site.config.base_url, f.output_path),
                "encodingFormat": f.media_type,
                "contentSize": f.bytes.to_string(),
                "sha256": f.sha256,
            })
        })
        .collect()
}

/// The files of page `id` in open data: `files` of `documents.json` and of
/// `notices.json` (the same shape in both schemas).
pub fn open_data(site: &Site, id: PageId) -> Vec<Value> {
    published(site, id)
        .iter()
        .map(|f| {
            json!({
                "url": format!("{}{}", site.config.base_url, f.output_path),
                "name": f.name,
                "title": f.title,
                "lang": f.lang,
                "media_type": f.media_type,
                "bytes": f.bytes,
                "sha256": f.sha256,
            })
        })
        .collect()
}
