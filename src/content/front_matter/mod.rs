//! Front matter: split it from the body, deserialize it, and check it against its kind.

//!
//! `parse` checks what every page has (title, kind, dates, slug), then hands the
//! kind's own fields to its module (`plan.rs`, `event.rs`, ...; the list is `kinds.rs`).

mod album;
mod document;
mod event;
pub(crate) mod fields;
mod kinds;
mod listing;
pub mod notice;
mod page;
mod plan;
mod raw;
mod task_group;

pub use album::Photo;
pub use document::{
    Attachment, DocStatus, Document, NumberValue, RawAttachment, Signer, DOC_STATUSES,
};
pub use event::{Event, EventStatus, EVENT_STATUSES};
pub use fields::{is_safe_slug, Reference};
pub use kinds::{Kind, KINDS};
pub use listing::{Listing, Order, SortBy, ORDERS, SORT_BY};
pub use plan::Plan;
pub use raw::{RawFrontMatter, ALL_KEYS};
pub use task_group::{Project, ProjectStatus, RawProject, Target, TaskGroup, PROJECT_STATUSES};

use crate::config::unknown_field;
use crate::dates::DateTime;
use crate::diagnostic::tr;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::yaml;
pub(crate) use fields::Fields;
use kinds::{key_kind, shares, KindSpec};

/// The front matter text and the body, with the line where each starts (1-based).
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_first_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. Expects `\n` line ends (the loader normalises CR
/// and CRLF first) and no BOM.
pub fn split<'a>(text: &'a str, file: &str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::new("E0101", file, tr("E0101", &[]))
            .at(text, 1, 1)
            .help(tr("E0101.help", &[])));
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::new("E0102", file, tr("E0102", &[]))
            .at(text, 1, 1)
            .span(first_line.chars().count())
            .help(tr("E0102.help", &[])));
    }
    let after_open = first_line.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_first_line: 2,
                body,
                body_first_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new("E0103", file, tr("E0103", &[]))
        .at(text, 1, 1)
        .span(3)
        .help(tr("E0103.help", &[])))
}

/// Typed, validated front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub kind: Kind,
    pub date: Option<DateTime>,
    /// Whether `date` (or a notice's `posted`, when it dates the page) gives a time of
    /// day: a plain date reads as a day, not as "00:00".
    pub date_time: bool,
    pub updated: Option<DateTime>,
    pub updated_time: bool,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub weight: i64,
    /// Whether `weight` was written: unweighted pages follow weighted ones.
    pub weighted: bool,
    /// A section's list settings (`sort_by`, `order`, `paginate`).
    pub list: Listing,
    pub extra: serde_json::Value,
    /// The front matter as written, from its opening `---` (so its lines are the
    /// file's): warnings found once the site is assembled point into it.
    pub text: String,
}

impl FrontMatter {
    /// Where the keys of this front matter sit, to point a warning at one.
    pub(crate) fn fields<'a>(&'a self, file: &'a str) -> Fields<'a> {
        Fields::new(&self.text, self.text.get(4..).unwrap_or(""), 2, file)
    }
}

/// Parses and checks front matter. `source` is the whole file (for showing lines),
/// `split` locates the YAML inside it. Returns every problem found, not just the first.
pub fn parse(source: &str, split: &Split<'_>, file: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    let fields = Fields::new(source, split.yaml, split.yaml_first_line, file);
    // serde stops at the first unknown key; editors should see all of them at once.
    let unknown = unknown_keys(&fields);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let raw: RawFrontMatter = yaml::parse(split.yaml).map_err(|e| vec![yaml_error(&fields, e)])?;

    let mut errors = Vec::new();
    let title = check_title(&raw, &fields, &mut errors);
    let kind_name = raw.kind.clone().unwrap_or_else(|| "page".into());
    check_kind_and_its_keys(&kind_name, &fields, &mut errors);
    let date = fields.date_or_datetime("date", &raw.date, &mut errors);
    let updated = fields.date_or_datetime("updated", &raw.updated, &mut errors);
    if let (Some(d), Some(u)) = (date, updated) {
        if u < d {
            errors.push(fields.at_key(
                "updated",
                Diagnostic::new("E0116", file, tr("E0116", &[])).help(tr("E0116.help", &[])),
            ));
        }
    }
    check_slug(&raw, &fields, &mut errors);
    let list = listing::check(&raw, &fields, &mut errors);
    let kind = match kinds::spec(&kind_name) {
        Some(KindSpec { check, .. }) => check(&raw, &fields, &mut errors),
        None => Some(Kind::Page),
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    // A notice is dated by when it was posted unless `date:` says otherwise.
    let (date, date_time) = match (date, &kind) {
        (None, Some(Kind::Notice(n))) => (Some(n.posted), n.posted_time),
        (date, _) => (date, Fields::has_time(&raw.date)),
    };
    Ok(FrontMatter {
        title,
        kind: kind.unwrap_or(Kind::Page),
        date,
        date_time,
        updated,
        updated_time: Fields::has_time(&raw.updated),
        summary: raw.summary,
        slug: raw.slug,
        categories: raw.categories.unwrap_or_default(),
        tags: raw.tags.unwrap_or_default(),
        draft: raw.draft.unwrap_or(false),
        weight: raw.weight.unwrap_or(0),
        weighted: raw.weight.is_some(),
        list,
        extra: raw.extra.unwrap_or(serde_json::Value::Null),
        text: format!("---\n{}", split.yaml),
    })
}

/// Every top-level key that no kind takes, each at its line.
fn unknown_keys(f: &Fields<'_>) -> Vec<Diagnostic> {
    f.keys
        .iter()
        .filter(|k| !ALL_KEYS.contains(&k.key.as_str()))
        .map(|k| {
            Diagnostic::new("E0111", f.file, tr("E0111", &[("key", &k.key)]))
                .at(f.source, k.line + f.line_offset, 1)
                .span(k.key.chars().count())
                .help(unknown_key_hint(&k.key))
        })
        .collect()
}

fn unknown_key_hint(key: &str) -> String {
    // Invisible in the editor, and the key looks right: say so.
    if let Some(c) = key
        .chars()
        .find(|c| !c.is_ascii() && (c.is_whitespace() || *c == '\u{200b}' || *c == '\u{feff}'))
    {
        let clean: String = key
            .chars()
            .filter(|x| x.is_ascii() && !x.is_whitespace())
            .collect();
        let code = format!("{:04X}", c as u32);
        return tr("E0111.invisible", &[("code", &code), ("clean", &clean)]);
    }
    match did_you_mean(key, ALL_KEYS) {
        Some(s) => tr("E0111.help-near", &[("word", &s)]),
        None => tr("E0111.help", &[]),
    }
}

/// The one error serde stopped at, with help for the mistakes editors make.
fn yaml_error(f: &Fields<'_>, e: yaml::YamlError) -> Diagnostic {
    let line = if e.line == 0 {
        1
    } else {
        e.line + f.line_offset
    };
    let mut d = Diagnostic::new("E0110", f.file, tr("E0110", &[("reason", &e.message)]))
        .at(f.source, line, e.column);
    if let Some(help) = e.help {
        // A structure mistake the YAML module recognised, in plain words.
        d.message = e.message;
        d = d.help(help);
    } else if let Some(field) = unknown_field(&e.message) {
        d.code = "E0111";
        d.message = tr("E0111", &[("key", &field)]);
        d.span_len = field.chars().count();
        let nested = !f.keys.iter().any(|k| k.key == field);
        let hint = if nested {
            e.message
                .split_once("expected ")
                .map(|(_, rest)| tr("E0111.help-here", &[("keys", &rest)]))
                .unwrap_or_default()
        } else {
            unknown_key_hint(field)
        };
        d = d.help(hint);
    } else if e.message.contains("\\t")
        || f.yaml
            .lines()
            .nth(e.line.saturating_sub(1))
            .is_some_and(|l| l.starts_with('\t'))
    {
        d = d.help(tr("E0110.tab", &[]));
    } else if e.message.contains("invalid type") {
        d = d.help(tr("E0110.shape", &[]));
    } else if e.message.contains("limit exceeded") {
        d = d.help(tr("E0110.aliases", &[]));
    } else {
        d = d.help(tr("common.yaml-help", &[]));
    }
    d
}

fn check_title(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> String {
    let title = raw.title.clone().unwrap_or_default();
    if title.trim().is_empty() {
        let d = Diagnostic::new("E0112", f.file, tr("E0112", &[])).help(tr("E0112.help", &[]));
        errors.push(if raw.title.is_some() {
            f.at_key("title", d)
        } else {
            d.at(f.source, 1, 1).span(3)
        });
    }
    title
}

/// An unknown kind, and keys of another kind than the page's.
fn check_kind_and_its_keys(kind_name: &str, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) {
    let known = KINDS.contains(&kind_name);
    if !known {
        let hint = match did_you_mean(kind_name, KINDS) {
            Some(s) => tr(
                "E0113.help-near",
                &[("word", &s), ("kinds", &KINDS.join(", "))],
            ),
            None => tr("E0113.help", &[("kinds", &KINDS.join(", "))]),
        };
        errors.push(f.at_key(
            "kind",
            Diagnostic::new("E0113", f.file, tr("E0113", &[("kind", &kind_name)])).help(hint),
        ));
    }
    for k in &f.keys {
        if let Some(owner) = key_kind(&k.key) {
            if known && owner != kind_name && !shares(kind_name, &k.key) {
                errors.push(
                    f.at_key_name(
                        &k.key,
                        Diagnostic::new(
                            "E0114",
                            f.file,
                            tr(
                                "E0114",
                                &[("key", &k.key), ("owner", &owner), ("kind", &kind_name)],
                            ),
                        )
                        .help(tr("E0114.help", &[("owner", &owner)])),
                    ),
                );
            }
        }
    }
}

fn check_slug(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) {
    if let Some(slug) = &raw.slug {
        if !is_safe_slug(slug) {
            errors.push(f.at_key(
                "slug",
                Diagnostic::new("E0117", f.file, tr("E0117", &[("slug", &slug)])).help(tr(
                    "E0117.help",
                    &[("example", &crate::text::slugify(slug))],
                )),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let s = split(text, "a.md").map_err(|d| vec![d])?;
        parse(text, &s, "a.md")
    }

    #[test]
    fn split_reports_body_line() {
        let s = split("---\ntitle: A\n---\nHello\n", "a.md").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\nHello\n", "a.md").unwrap_err();
        assert_eq!(e.code, "E0103");
    }

    #[test]
    fn unknown_key_points_at_its_line_with_a_suggestion() {
        let e = fm("---\ntitle: A\nsumary: x\n---\n").unwrap_err();
        assert_eq!(e[0].code, "E0111");
        assert_eq!(e[0].line, 3);
        assert!(
            e[0].help.as_deref().unwrap_or("").contains("`summary`"),
            "{e:?}"
        );
    }

    #[test]
    fn impossible_event_date_points_at_the_value() {
        let e = fm("---\ntitle: A\nkind: event\nstart: 2020-02-30\n---\n").unwrap_err();
        assert_eq!(e[0].code, "E0118");
        assert_eq!((e[0].line, e[0].column), (4, 8));
    }

    #[test]
    fn event_ending_before_start_is_refused() {
        let e = fm("---\ntitle: A\nkind: event\nstart: 2020-11-15\nend: 2020-10-15\n---\n")
            .unwrap_err();
        assert_eq!(e[0].code, "E0124");
        assert_eq!(e[0].line, 5);
    }

    #[test]
    fn all_errors_are_collected() {
        let e = fm("---\nkind: evnt\nslug: ../x\n---\n").unwrap_err();
        let codes: Vec<&str> = e.iter().map(|d| d.code).collect();
        assert!(
            codes.contains(&"E0112") && codes.contains(&"E0113") && codes.contains(&"E0117"),
            "{codes:?}"
        );
        let kind = e.iter().find(|d| d.code == "E0113").unwrap();
        assert!(kind.help.as_deref().unwrap_or("").contains("`event`"));
    }

    #[test]
    fn kind_specific_key_on_wrong_kind() {
        let e = fm("---\ntitle: A\nperiod: 2020-Q4\n---\n").unwrap_err();
        assert_eq!(e[0].code, "E0114");
    }

    #[test]
    fn imprecise_event_and_plain_date() {
        let f = fm("---\ntitle: A\nkind: event\ndate: 2020-11-13\nstart: 2020-Q4\n---\n").unwrap();
        match f.kind {
            Kind::Event(e) => assert!(e.start.is_imprecise()),
            _ => panic!("not an event"),
        }
        assert_eq!(
            f.date.map(|d| d.rfc3339()).as_deref(),
            Some("2020-11-13T00:00:00+07:00")
        );
    }

    #[test]
    fn every_unknown_key_is_reported_at_once() {
        let e = fm("---\ntitel: A\nsumary: x\n---\n").unwrap_err();
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 3]);
        assert!(e.iter().all(|d| d.code == "E0111"));
    }

    #[test]
    fn photo_without_alt_points_at_its_file_line() {
        let e = fm("---\ntitle: A\nkind: album\nphotos:\n  - file: a.png\n    alt: \"A\"\n  - file: b.png\n    caption: x\n---\n")
            .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code, "E0126");
        assert_eq!((e[0].line, e[0].column), (7, 11));
        assert_eq!(e[0].source_line.as_deref(), Some("  - file: b.png"));
    }

    #[test]
    fn photo_lines_are_kept_for_later_checks() {
        let f = fm("---\ntitle: A\nkind: album\nphotos:\n  - alt: x\n    file:   a.png\n---\n")
            .unwrap();
        let Kind::Album(photos) = f.kind else {
            panic!("not an album")
        };
        let at = photos[0].at.clone().unwrap();
        assert_eq!((at.line, at.column), (6, 13));
    }

    #[test]
    fn every_kind_key_is_a_known_key_of_one_kind() {
        for spec in kinds::KIND_SPECS {
            for key in spec.keys {
                assert!(
                    ALL_KEYS.contains(key),
                    "`{key}` of `{}` is not in ALL_KEYS",
                    spec.name
                );
                assert_eq!(key_kind(key), Some(spec.name), "`{key}` is claimed twice");
            }
        }
    }

    #[test]
    fn safe_slugs() {
        assert!(is_safe_slug("hoi-cho-ocop"));
        for bad in ["a/b", "..", "c:", "A", "-a", "", "a b"] {
            assert!(!is_safe_slug(bad), "{bad}");
        }
    }
}
