//! File names the output cannot hold. A page's name grows on its way out (its `.ics`
//! calendar is named after it), so a source name the file system takes can still give
//! an output name it refuses: the build then failed half-way with "File name too long"
//! on a path the editor never wrote, while `check` passed (issue 20, case 12). Checked
//! before anything is rendered, in `check` and `build` alike, naming the source file.

use crate::diagnostic::{tr, Diagnostic};
use crate::site::{PageId, Site};

/// The longest file name ext4, XFS, btrfs, APFS and NTFS take, in bytes (NTFS counts
/// UTF-16 units, never more than UTF-8 bytes).
pub const NAME_MAX: usize = 255;

/// The longest `/`-separated segment of `path` beyond [`NAME_MAX`], if any.
fn longest_over(path: &str) -> Option<&str> {
    path.split('/')
        .filter(|s| s.len() > NAME_MAX)
        .max_by_key(|s| s.len())
}

fn error(file: String, output: &str, name: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        "E0310",
        file,
        tr(
            "E0310",
            &[
                ("output", &output),
                ("bytes", &name.len()),
                ("max", &NAME_MAX),
            ],
        ),
    )
    .help(tr(
        "E0310.help",
        &[
            ("what", &tr(help, &[])),
            ("bytes", &(name.len() - NAME_MAX)),
        ],
    ))
}

/// Errors for the pages (`pages`, or all) and the files of `site` whose output names
/// are too long: one per source file, about its longest output name.
pub fn too_long(site: &Site, pages: Option<&[PageId]>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let all: Vec<PageId>;
    let ids = match pages {
        Some(ids) => ids,
        None => {
            all = (0..site.pages.len()).collect();
            &all
        }
    };
    for &id in ids {
        let page = &site.pages[id];
        let outputs = std::iter::once(crate::site::links::page_file(&page.url))
            .chain(super::ical::event_calendar_path(page));
        let worst = outputs
            .filter_map(|out| longest_over(&out).map(|name| (name.len(), out.clone())))
            .max();
        if let Some((_, out)) = worst {
            let name = longest_over(&out).unwrap_or_default();
            let help = if page.front.slug.is_some() {
                "E0310.slug"
            } else {
                "E0310.name"
            };
            errors.push(error(page.file.clone(), &out, name, help));
        }
    }
    for a in &site.assets {
        if let Some(name) = longest_over(&a.output_path) {
            errors.push(error(
                format!("content/{}", a.source_path),
                &a.output_path,
                name,
                "E0310.file",
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_segments_over_the_limit_count() {
        let ok = format!("su-kien/{}/index.html", "a".repeat(NAME_MAX));
        assert_eq!(longest_over(&ok), None);
        let long = "a".repeat(NAME_MAX + 1);
        let bad = format!("su-kien/x/{long}");
        assert_eq!(longest_over(&bad), Some(long.as_str()));
    }
}
