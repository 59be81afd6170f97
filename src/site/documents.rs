//! Documents (`kind: document`, and plans that carry document fields) in the site
//! graph: their type checked against config.yaml, `replaced_by` and a plan's
//! `document:` resolved, and their attached files (a notice's too) found, measured and
//! hashed, and the text of attached PDFs read for the search index (`pdf_text`).
//!
//! Attached files keep their name readable: they are published under the name the
//! editor gave them, folded to ASCII letters with capitals and the extension's case
//! kept (`15-QĐ-UBND.PDF` → `15-QD-UBND.PDF`, `Quyết định 15.pdf` →
//! `Quyet-dinh-15.pdf`), and the link's `download` attribute carries the original
//! name, Vietnamese letters and all. Other files of content/ keep their lower-case
//! address, so links to them do not move.

use super::links;
use crate::config::Config;
use crate::content::front_matter::{Attachment, Document};
use crate::content::front_matter::{Kind, Reference};
use crate::content::{Asset, Page};
use crate::diagnostic::{did_you_mean, tr, Diagnostic};
use crate::pdf_text::{self, Outcome};
use crate::text::fold;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// An attached file as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Path in the output, `/`-separated.
    pub output_path: String,
    /// The file's own name as the editor saved it (NFC), for the `download` attribute.
    pub name: String,
    pub title: String,
    pub lang: Option<String>,
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: String,
    /// `PDF`, `DOCX`...: the extension in capitals.
    pub format: String,
    pub media_type: &'static str,
}

/// What the site knows of its documents, indexed by page.
#[derive(Debug, Default)]
pub struct Documents {
    pub files: Vec<Vec<Published>>,
    /// The newer document that replaces this one (same language when it exists).
    pub replaced_by: Vec<Option<usize>>,
    /// The documents this one replaces.
    pub replaces: Vec<Vec<usize>>,
    /// A plan's document page (`document:`).
    pub plan_document: Vec<Option<usize>>,
    /// The text layer of a page's attached PDFs, for the search index: at most
    /// [`PDF_TEXT_PER_PAGE`] characters, empty when none has one.
    pub text: Vec<String>,
    /// Attached PDFs whose text could not be read (warning W0149).
    pub unreadable: Vec<UnreadablePdf>,
}

/// Characters of attached PDFs' text a page adds to the search index: about the first
/// page of a decision (its "Điều 1", what it decides), so that the index of a site
/// with many long PDFs stays the size tests/search_size.rs holds it to.
pub const PDF_TEXT_PER_PAGE: usize = 4096;

/// An attached PDF whose text is not in the search index, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadablePdf {
    pub page: usize,
    /// Where its `file:` is written.
    pub at: Reference,
    pub file: String,
    /// The reader's reason; None when it ran out of time.
    pub reason: Option<String>,
}

/// The document fields of a page: its own, or those a plan carries.
pub fn fields(page: &Page) -> Option<&Document> {
    match &page.front.kind {
        Kind::Document(d) => Some(d),
        Kind::Plan(p) => p.document_fields.as_deref(),
        _ => None,
    }
}

/// The files attached to a page: a document's (or a plan's that carries one) and a
/// notice's, published, measured and hashed alike.
pub fn attachments(page: &Page) -> &[Attachment] {
    match &page.front.kind {
        Kind::Notice(n) => &n.files,
        _ => fields(page).map_or(&[][..], |d| &d.files),
    }
}

/// The name an attached file is published under: ASCII letters and digits with
/// capitals kept, any other run of characters one `-`, the extension as written.
pub fn published_name(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    if ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut out = String::new();
    let mut dash = false;
    for c in stem.chars() {
        let folded = fold(c.encode_utf8(&mut [0; 4]));
        let folded = if c.is_uppercase() {
            folded.to_uppercase()
        } else {
            folded
        };
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(f);
            } else {
                dash = true;
            }
        }
    }
    (!out.is_empty()).then(|| format!("{out}.{ext}"))
}

/// Attached files keep their readable name: each asset a document's `files:` names
/// is given its case-kept address before addresses are claimed.
pub fn name_attachments(pages: &[Page], assets: &mut [Asset]) {
    let mut attached: HashMap<String, ()> = HashMap::new();
    for p in pages {
        for a in attachments(p) {
            if let Some(joined) = links::join(&p.dir, &a.file) {
                attached.insert(joined, ());
            }
        }
    }
    for asset in assets.iter_mut() {
        if !attached.contains_key(&asset.source_path) {
            continue;
        }
        let name = asset
            .source_path
            .rsplit_once('/')
            .map_or(asset.source_path.as_str(), |(_, n)| n);
        let folder = asset
            .output_path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        if let Some(kept) = published_name(name) {
            asset.output_path = format!("{folder}{kept}");
        }
    }
}

fn located(code: &'static str, page: &Page, at: &Reference, message: String) -> Diagnostic {
    let mut d = Diagnostic::new(code, &page.file, message);
    d.line = at.line;
    d.column = at.column;
    d.span_len = at.path.chars().count().max(1);
    d.source_line = Some(at.line_text.clone());
    d
}

fn media_type(format: &str) -> &'static str {
    match format {
        "PDF" => "application/pdf",
        "DOC" => "application/msword",
        "DOCX" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "XLS" => "application/vnd.ms-excel",
        "XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ODT" => "application/vnd.oasis.opendocument.text",
        "ODS" => "application/vnd.oasis.opendocument.spreadsheet",
        "CSV" => "text/csv",
        "TXT" => "text/plain",
        "ZIP" => "application/zip",
        "PNG" => "image/png",
        "JPG" | "JPEG" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// SHA-256 of a file, read in pieces so a large file costs no memory.
fn sha256_of(path: &std::path::Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(data_encoding::HEXLOWER.encode(&hasher.finalize()))
}

/// Checks and resolves every document of the site. `pages_by_source` maps a path
/// under content/ to its page; `by_key_lang` finds a page's version in a language.
pub fn assemble(
    config: &Config,
    pages: &[Page],
    assets_by_source: &HashMap<&str, &Asset>,
    pages_by_source: &HashMap<&str, usize>,
    by_key_lang: &HashMap<(&str, &str), usize>,
    errors: &mut Vec<Diagnostic>,
) -> Documents {
    let n = pages.len();
    let mut out = Documents {
        files: vec![Vec::new(); n],
        replaced_by: vec![None; n],
        replaces: vec![Vec::new(); n],
        plan_document: vec![None; n],
        text: vec![String::new(); n],
        unreadable: Vec::new(),
    };
    let type_names: Vec<&str> = config
        .document_types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let mut to_hash: Vec<(usize, &Attachment, &Asset)> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(d) = fields(p) else { continue };
        if let Some(t) = &d.doc_type {
            if !type_names.contains(&t.path.as_str()) {
                let folded: Vec<String> = type_names.iter().map(|n| fold(n)).collect();
                let folded_refs: Vec<&str> = folded.iter().map(String::as_str).collect();
                let hint = match did_you_mean(&fold(&t.path), &folded_refs)
                    .and_then(|f| folded_refs.iter().position(|x| *x == f))
                {
                    Some(k) => tr("E0143.did-you-mean", &[("name", &type_names[k])]),
                    None => tr("E0143.help", &[("types", &type_names.join(", "))]),
                };
                errors.push(located("E0143", p, t, tr("E0143", &[("name", &t.path)])).help(hint));
            }
        }
        if let Some(r) = &d.replaced_by {
            match resolve(p, r, pages_by_source, by_key_lang, pages) {
                Some(t) if matches!(pages[t].front.kind, Kind::Document(_)) && t != i => {
                    out.replaced_by[i] = Some(t);
                }
                found => {
                    let id = if found.is_some() {
                        "E0146.not-document"
                    } else {
                        "E0146.missing"
                    };
                    errors.push(
                        located("E0146", p, r, tr(id, &[("path", &r.path)]))
                            .help(suggest(p, r, pages)),
                    );
                }
            }
        }
    }
    for (i, p) in pages.iter().enumerate() {
        for a in attachments(p) {
            let Some(joined) = links::join(&p.dir, &a.file) else {
                errors.push(
                    located("E0144", p, &a.at, tr("E0144.outside", &[("file", &a.file)]))
                        .help(tr("E0144.outside-help", &[])),
                );
                continue;
            };
            let Some(asset) = assets_by_source.get(joined.as_str()) else {
                let here: Vec<&str> = assets_by_source
                    .keys()
                    .filter(|s| s.rsplit_once('/').map_or("", |(d, _)| d) == p.dir)
                    .map(|s| s.rsplit_once('/').map_or(*s, |(_, n)| n))
                    .collect();
                let mut here = here;
                here.sort_unstable();
                let help = match did_you_mean(&a.file, &here) {
                    Some(s) => tr("E0144.did-you-mean", &[("name", &s)]),
                    None => tr("E0144.missing-help", &[("dir", &p.dir)]),
                };
                errors.push(
                    located("E0144", p, &a.at, tr("E0144.missing", &[("path", &joined)]))
                        .help(help),
                );
                continue;
            };
            to_hash.push((i, a, asset));
        }
    }
    let measured: Vec<Result<(Published, Option<Outcome>), Diagnostic>> = to_hash
        .par_iter()
        .map(|&(i, a, asset)| {
            let p = &pages[i];
            // The file was there when the page was checked; reading it can still fail.
            let unreadable = |e: std::io::Error| {
                located(
                    "E0144",
                    p,
                    &a.at,
                    tr(
                        "E0144.unreadable",
                        &[
                            ("file", &a.file),
                            ("reason", &crate::diagnostic::os_reason(&e)),
                        ],
                    ),
                )
            };
            let bytes = std::fs::metadata(&asset.abs_path)
                .map_err(unreadable)?
                .len();
            if bytes > config.max_attachment {
                let size = if bytes < 1024 * 1024 {
                    format!("{} KB", bytes.div_ceil(1024))
                } else {
                    format!("{:.1} MB", bytes as f64 / 1048576.0)
                };
                let limit = config.max_attachment / 1048576;
                return Err(located(
                    "E0145",
                    p,
                    &a.at,
                    tr(
                        "E0145",
                        &[("file", &a.file), ("size", &size), ("limit", &limit)],
                    ),
                )
                .help(tr("E0145.help", &[])));
            }
            let sha256 = sha256_of(&asset.abs_path).map_err(unreadable)?;
            let name = asset
                .source_path
                .rsplit_once('/')
                .map_or(asset.source_path.as_str(), |(_, n)| n)
                .to_string();
            let format = name
                .rsplit_once('.')
                .map_or(String::new(), |(_, e)| e.to_ascii_uppercase());
            // Its text for the search index, read in a bounded child process.
            let text = (format == "PDF").then(|| {
                pdf_text::extract(
                    &asset.abs_path,
                    &sha256,
                    pdf_text::Limits {
                        max_chars: PDF_TEXT_PER_PAGE,
                        ..Default::default()
                    },
                )
            });
            Ok((
                Published {
                    output_path: asset.output_path.clone(),
                    title: a.title.clone().unwrap_or_else(|| name.clone()),
                    name,
                    lang: a.lang.clone(),
                    bytes,
                    sha256,
                    media_type: media_type(&format),
                    format,
                },
                text,
            ))
        })
        .collect();
    // One warning for an unreadable file, however many pages attach it.
    let mut warned: HashSet<&str> = HashSet::new();
    for (&(i, a, asset), m) in to_hash.iter().zip(measured) {
        match m {
            Ok((published, text)) => {
                out.files[i].push(published);
                let problem = |reason| UnreadablePdf {
                    page: i,
                    at: a.at.clone(),
                    file: a.file.clone(),
                    reason,
                };
                match text {
                    Some(Outcome::Text(t)) => append_capped(&mut out.text[i], &t),
                    Some(Outcome::Unreadable(why)) if warned.insert(&asset.source_path) => {
                        out.unreadable.push(problem(Some(why)))
                    }
                    Some(Outcome::TooSlow) if warned.insert(&asset.source_path) => {
                        out.unreadable.push(problem(None))
                    }
                    _ => {}
                }
            }
            Err(d) => errors.push(d),
        }
    }
    for (i, p) in pages.iter().enumerate() {
        let Kind::Plan(plan) = &p.front.kind else {
            continue;
        };
        let Some(r) = &plan.document_page else {
            continue;
        };
        match resolve(p, r, pages_by_source, by_key_lang, pages) {
            Some(t) if matches!(pages[t].front.kind, Kind::Document(_)) => {
                out.plan_document[i] = Some(t);
            }
            found => {
                let id = if found.is_some() {
                    "E0147.not-document"
                } else {
                    "E0147.missing"
                };
                errors.push(
                    located("E0147", p, r, tr(id, &[("path", &r.path)])).help(suggest(p, r, pages)),
                );
            }
        }
    }
    for (i, r) in out.replaced_by.clone().into_iter().enumerate() {
        if let Some(t) = r {
            out.replaces[t].push(i);
        }
    }
    out
}

/// Warning W0149 for an attached PDF whose text is not searchable: the file is still
/// published; only its words are missing from the search index.
pub fn unreadable_warning(page: &Page, u: &UnreadablePdf) -> Diagnostic {
    let message = match &u.reason {
        Some(reason) => tr("W0149", &[("file", &u.file), ("reason", reason)]),
        None => {
            let seconds = pdf_text::Limits::default().timeout.as_secs();
            tr(
                "W0149.too-slow",
                &[("file", &u.file), ("seconds", &seconds)],
            )
        }
    };
    located("W0149", page, &u.at, message).help(tr("W0149.help", &[]))
}

/// Adds the text of one more PDF to a page's, within [`PDF_TEXT_PER_PAGE`] characters.
fn append_capped(all: &mut String, text: &str) {
    let used = all.chars().count();
    if text.is_empty() || used + 2 >= PDF_TEXT_PER_PAGE {
        return;
    }
    if !all.is_empty() {
        // Ends a clause: the last word of one file and the first of the next are no
        // phrase.
        all.push_str(". ");
    }
    let room = PDF_TEXT_PER_PAGE - all.chars().count();
    all.extend(text.chars().take(room));
}

/// A path written in a page's front matter, to the page in the same language when
/// that exists.
fn resolve(
    p: &Page,
    r: &Reference,
    pages_by_source: &HashMap<&str, usize>,
    by_key_lang: &HashMap<(&str, &str), usize>,
    pages: &[Page],
) -> Option<usize> {
    let t = links::join(&p.dir, &r.path).and_then(|j| pages_by_source.get(j.as_str()).copied())?;
    Some(
        by_key_lang
            .get(&(pages[t].key.as_str(), p.lang.as_str()))
            .copied()
            .unwrap_or(t),
    )
}

fn suggest(p: &Page, r: &Reference, pages: &[Page]) -> String {
    let candidates: Vec<&str> = pages
        .iter()
        .filter(|q| matches!(q.front.kind, Kind::Document(_)) && q.lang == p.lang)
        .map(|q| q.source_path.as_str())
        .collect();
    let written = links::join(&p.dir, &r.path).unwrap_or_default();
    match did_you_mean(&written, &candidates) {
        Some(c) => tr(
            "E0147.did-you-mean",
            &[("path", &links::suggest_relative(&p.dir, c)), ("file", &c)],
        ),
        None => tr("E0147.help", &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::published_name;

    #[test]
    fn attached_files_keep_capitals_and_their_extension() {
        assert_eq!(
            published_name("15-QĐ-UBND.PDF").as_deref(),
            Some("15-QD-UBND.PDF")
        );
        assert_eq!(
            published_name("Quyết định số 15.pdf").as_deref(),
            Some("Quyet-dinh-so-15.pdf")
        );
        assert_eq!(published_name("Đề án.docx").as_deref(), Some("De-an.docx"));
        assert_eq!(published_name("....pdf"), None);
        assert_eq!(published_name("noext"), None);
    }
}
