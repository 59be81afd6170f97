//! Front matter: split it from the body, deserialize it, and check it against its kind.

use super::document::{self, Document, RawAttachment, Signer};
use crate::config::unknown_field;
use crate::dates::{parse_datetime, DateTime, When, DATE_FORMS_HELP};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::yaml::{self, KeyPosition, YAML_HELP};
use serde::Deserialize;

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
        return Err(Diagnostic::new("E0101", file, "the file is empty").at(text, 1, 1).help(
            "a page starts with front matter: `---`, then `title: ...`, then `---`, then the text",
        ));
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::new("E0102", file, "the file does not start with front matter")
            .at(text, 1, 1)
            .span(first_line.chars().count())
            .help("put `---` on the first line, then the page's fields (at least `title: ...`), then `---`"));
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
    Err(
        Diagnostic::new("E0103", file, "the front matter is never closed")
            .at(text, 1, 1)
            .span(3)
            .help("add a line with just `---` after the last field, before the page's text"),
    )
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub categories: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub weight: Option<i64>,
    // plan
    pub period: Option<String>,
    pub issuer: Option<String>,
    pub office: Option<String>,
    pub document_number: Option<String>,
    // task_group (a whole number), document (its số ký hiệu)
    pub number: Option<NumberValue>,
    pub lead: Option<Vec<String>>,
    pub targets: Option<Vec<Target>>,
    pub projects: Option<Vec<RawProject>>,
    // event
    pub start: Option<String>,
    pub end: Option<String>,
    pub location: Option<String>,
    pub organizer: Option<String>,
    pub task_group: Option<String>,
    pub series: Option<String>,
    pub status: Option<String>,
    // album
    pub photos: Option<Vec<Photo>>,
    // document (and a plan that carries its document's fields)
    pub doc_type: Option<String>,
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub replaced_by: Option<String>,
    pub signer: Option<Signer>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub fields: Option<Vec<String>>,
    pub files: Option<Vec<RawAttachment>>,
    /// A plan's document page, relative to the plan's file.
    pub document: Option<String>,
    pub extra: Option<serde_json::Value>,
}

pub const ALL_KEYS: &[&str] = &[
    "title",
    "kind",
    "date",
    "updated",
    "summary",
    "slug",
    "categories",
    "tags",
    "draft",
    "weight",
    "period",
    "issuer",
    "office",
    "document_number",
    "number",
    "lead",
    "targets",
    "projects",
    "start",
    "end",
    "location",
    "organizer",
    "task_group",
    "series",
    "status",
    "photos",
    "doc_type",
    "issued",
    "effective",
    "replaced_by",
    "signer",
    "abstract",
    "fields",
    "files",
    "document",
    "extra",
];

pub const KINDS: &[&str] = &["page", "plan", "task_group", "event", "album", "document"];

/// Which kinds a kind-specific key belongs to (keys not listed are valid for all
/// kinds), the first being the one a message suggests.
fn key_kinds(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "period" | "office" | "document_number" | "document" => &["plan"],
        "issuer" => &["plan", "document"],
        "number" => &["task_group", "document"],
        "lead" | "targets" | "projects" => &["task_group"],
        "status" => &["event", "document"],
        "start" | "end" | "location" | "organizer" | "task_group" | "series" => &["event"],
        "photos" => &["album"],
        "doc_type" | "issued" | "effective" | "signer" | "abstract" | "files" => {
            &["document", "plan"]
        }
        "replaced_by" | "fields" => &["document"],
        _ => return None,
    })
}

/// `number:` is a task group's position (a whole number) or a document's number
/// (text, e.g. `15/QĐ-UBND`); YAML reads `15` as a number either way.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum NumberValue {
    Whole(u32),
    Text(String),
}

impl NumberValue {
    fn text(&self) -> String {
        match self {
            NumberValue::Whole(n) => n.to_string(),
            NumberValue::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub label: String,
    pub target: f64,
    pub unit: String,
    pub actual: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub name: String,
    pub status: String,
    pub due: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: String,
    pub status: ProjectStatus,
    pub due: Option<When>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectStatus {
    Planned,
    InProgress,
    Done,
    Delayed,
}

pub const PROJECT_STATUSES: &[&str] = &["planned", "in_progress", "done", "delayed"];

impl ProjectStatus {
    pub fn key(self) -> &'static str {
        PROJECT_STATUSES[self as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Planned,
    Held,
    Postponed,
    Cancelled,
}

pub const EVENT_STATUSES: &[&str] = &["planned", "held", "postponed", "cancelled"];

impl EventStatus {
    pub fn key(self) -> &'static str {
        EVENT_STATUSES[self as usize]
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    pub file: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Where `file:` was written, for errors about the image (missing, unreadable).
    #[serde(skip)]
    pub at: Option<Reference>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub period: When,
    pub issuer: Option<String>,
    pub office: Option<String>,
    pub document_number: Option<String>,
    /// The document fields the plan carries itself (`issued`, `signer`, `files`...).
    pub document_fields: Option<Box<Document>>,
    /// `document:`: the path of the plan's document page, relative to the plan's file.
    pub document_page: Option<Reference>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskGroup {
    pub number: u32,
    pub lead: Vec<String>,
    pub targets: Vec<Target>,
    pub projects: Vec<Project>,
}

/// A path written in front matter, with where it was written for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub start: When,
    pub end: Option<When>,
    pub location: Option<String>,
    pub organizer: Option<String>,
    /// As written: a path relative to the page's file. Resolved by the assemble stage.
    pub task_group: Option<Reference>,
    pub series: Option<String>,
    pub status: EventStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Page,
    Plan(Plan),
    TaskGroup(TaskGroup),
    Event(Event),
    Album(Vec<Photo>),
    Document(Box<Document>),
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Plan(_) => "plan",
            Kind::TaskGroup(_) => "task_group",
            Kind::Event(_) => "event",
            Kind::Album(_) => "album",
            Kind::Document(_) => "document",
        }
    }
}

/// Typed, validated front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub kind: Kind,
    pub date: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub weight: i64,
    pub extra: serde_json::Value,
}

/// Parses and checks front matter. `source` is the whole file (for showing lines),
/// `split` locates the YAML inside it. Returns every problem found, not just the first.
pub fn parse(source: &str, split: &Split<'_>, file: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    let line_offset = split.yaml_first_line - 1;
    // serde stops at the first unknown key; editors should see all of them at once.
    let unknown: Vec<Diagnostic> = yaml::top_level_keys(split.yaml)
        .iter()
        .filter(|k| !ALL_KEYS.contains(&k.key.as_str()))
        .map(|k| {
            let hint = match did_you_mean(&k.key, ALL_KEYS) {
                Some(s) => format!("did you mean `{s}`? Free-form data goes under `extra:`"),
                None => "free-form data a theme may use goes under `extra:`".to_string(),
            };
            Diagnostic::new(
                "E0111",
                file,
                format!("unknown key `{}` in front matter", k.key),
            )
            .at(source, k.line + line_offset, 1)
            .span(k.key.chars().count())
            .help(hint)
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let raw: RawFrontMatter = yaml::parse(split.yaml).map_err(|e| {
        let line = if e.line == 0 { 1 } else { e.line + line_offset };
        let mut d = Diagnostic::new("E0110", file, format!("front matter: {}", e.message))
            .at(source, line, e.column);
        if let Some(field) = unknown_field(&e.message) {
            d.code = "E0111";
            d.message = format!("unknown key `{field}` in front matter");
            d.span_len = field.chars().count();
            let nested = !yaml::top_level_keys(split.yaml).iter().any(|k| k.key == field);
            let hint = if nested {
                e.message
                    .split_once("expected ")
                    .map(|(_, rest)| format!("the keys allowed here are {rest}"))
                    .unwrap_or_default()
            } else {
                match did_you_mean(field, ALL_KEYS) {
                    Some(s) => format!("did you mean `{s}`? Free-form data goes under `extra:`"),
                    None => "free-form data a theme may use goes under `extra:`".to_string(),
                }
            };
            d = d.help(hint);
        } else if e.message.contains("\\t") || split.yaml.lines().nth(e.line.saturating_sub(1)).is_some_and(|l| l.starts_with('\t')) {
            d = d.help("YAML indents with spaces, never tabs: replace the tab with two spaces");
        } else if e.message.contains("invalid type") {
            d = d.help("check the value's shape: a list is written `[a, b]` or as `- a` lines, text as plain or quoted text");
        } else if e.message.contains("limit exceeded") {
            d = d.help("the front matter expands too much (repeated aliases); write the values out plainly");
        } else {
            d = d.help(YAML_HELP);
        }
        vec![d]
    })?;

    let keys = yaml::top_level_keys(split.yaml);
    let at_key = |key: &str, d: Diagnostic| -> Diagnostic {
        match keys.iter().find(|k| k.key == key) {
            Some(KeyPosition {
                line, value_column, ..
            }) => {
                let width = split
                    .yaml
                    .lines()
                    .nth(line - 1)
                    .map(|l| l.chars().count().saturating_sub(value_column - 1))
                    .unwrap_or(1);
                d.at(source, line + line_offset, *value_column).span(width)
            }
            None => d,
        }
    };
    let at_key_name = |key: &str, d: Diagnostic| -> Diagnostic {
        match keys.iter().find(|k| k.key == key) {
            Some(k) => d
                .at(source, k.line + line_offset, 1)
                .span(key.chars().count()),
            None => d,
        }
    };
    let key_line = |key: &str| {
        keys.iter()
            .find(|k| k.key == key)
            .map(|k| k.line + line_offset)
            .unwrap_or(0)
    };
    let mut errors = Vec::new();

    let title = raw.title.clone().unwrap_or_default();
    if title.trim().is_empty() {
        let d = Diagnostic::new("E0112", file, "the page has no `title`").help(
            "add `title: ...` to the front matter: it is the page's heading and its name in lists",
        );
        errors.push(if raw.title.is_some() {
            at_key("title", d)
        } else {
            d.at(source, 1, 1).span(3)
        });
    }

    let kind_name = raw.kind.clone().unwrap_or_else(|| "page".into());
    if !KINDS.contains(&kind_name.as_str()) {
        let hint = match did_you_mean(&kind_name, KINDS) {
            Some(s) => format!("did you mean `{s}`? The kinds are: {}", KINDS.join(", ")),
            None => format!("the kinds are: {}", KINDS.join(", ")),
        };
        errors.push(at_key(
            "kind",
            Diagnostic::new("E0113", file, format!("unknown kind `{kind_name}`")).help(hint),
        ));
    }
    for k in &keys {
        if let Some(owners) = key_kinds(&k.key) {
            let owner = owners[0];
            if KINDS.contains(&kind_name.as_str()) && !owners.contains(&kind_name.as_str()) {
                errors.push(at_key_name(
                    &k.key,
                    Diagnostic::new("E0114", file, format!("`{}` is a field of kind `{owner}`, but this page is kind `{kind_name}`", k.key))
                        .help(format!("set `kind: {owner}` or move the value under `extra:`")),
                ));
            }
        }
    }

    let mut datetime = |key: &str,
                        value: &Option<String>,
                        errors: &mut Vec<Diagnostic>|
     -> Option<DateTime> {
        let v = value.as_ref()?;
        match parse_datetime(v) {
            Ok(dt) => Some(dt),
            Err(e) => {
                errors.push(at_key(key, Diagnostic::new("E0115", file, format!("`{key}`: {e}")).help(format!(
                    "write the date and time with its offset, e.g. `{key}: 2020-11-13T15:51:00+07:00`; a plain date `2020-11-13` is also accepted"
                ))));
                None
            }
        }
    };
    let date = date_or_datetime("date", &raw.date, &mut datetime, &mut errors);
    let updated = date_or_datetime("updated", &raw.updated, &mut datetime, &mut errors);
    if let (Some(d), Some(u)) = (date, updated) {
        if u < d {
            errors.push(at_key(
                "updated",
                Diagnostic::new("E0116", file, "`updated` is earlier than `date`")
                    .help("the update time must be at or after the publication time"),
            ));
        }
    }

    if let Some(slug) = &raw.slug {
        if !is_safe_slug(slug) {
            errors.push(at_key("slug", Diagnostic::new("E0117", file, format!("`slug: {slug}` is not a safe URL segment")).help(format!(
                "use lower-case letters a-z, digits and `-` only (no `/`, `..`, `:` or spaces), e.g. `slug: {}`",
                crate::text::slugify(slug)
            ))));
        }
    }

    let when = |key: &str, value: &Option<String>, errors: &mut Vec<Diagnostic>| -> Option<When> {
        let v = value.as_ref()?;
        match When::parse(v) {
            Ok(w) => Some(w),
            Err(e) => {
                errors.push(at_key(
                    key,
                    Diagnostic::new("E0118", file, format!("`{key}`: {e}")).help(DATE_FORMS_HELP),
                ));
                None
            }
        }
    };

    let number_text = raw.number.as_ref().map(NumberValue::text);
    let raw_document = document::RawDocument {
        number: number_text.as_deref(),
        doc_type: &raw.doc_type,
        issued: &raw.issued,
        effective: &raw.effective,
        status: &raw.status,
        replaced_by: &raw.replaced_by,
        issuer: &raw.issuer,
        signer: &raw.signer,
        abstract_text: &raw.abstract_text,
        fields: &raw.fields,
        files: &raw.files,
    };
    let place = document::Place {
        source,
        yaml: split.yaml,
        file,
        keys: &keys,
        line_offset,
    };

    let kind = match kind_name.as_str() {
        "document" => Some(Kind::Document(Box::new(document::parse(
            &raw_document,
            &place,
            true,
            &mut errors,
        )))),
        "plan" => {
            let period = when("period", &raw.period, &mut errors);
            let carried = ["doc_type", "issued", "effective", "signer", "abstract", "files"]
                .iter()
                .any(|k| keys.iter().any(|x| x.key == *k));
            let document_fields = carried.then(|| {
                let mut fields = document::parse(&raw_document, &place, false, &mut errors);
                fields.number = raw.document_number.clone();
                Box::new(fields)
            });
            let document_page = raw
                .document
                .as_deref()
                .map(|p| place.reference("document", p));
            match period {
                Some(p @ When::Quarter { .. }) | Some(p @ When::Month { .. }) => {
                    Some(Kind::Plan(Plan {
                        period: p,
                        issuer: raw.issuer.clone(),
                        office: raw.office.clone(),
                        document_number: raw.document_number.clone(),
                        document_fields,
                        document_page,
                    }))
                }
                Some(_) => {
                    errors.push(at_key(
                        "period",
                        Diagnostic::new("E0119", file, "a plan's `period` is a quarter or a month")
                            .help("write e.g. `period: 2020-Q4`"),
                    ));
                    None
                }
                None => {
                    if raw.period.is_none() {
                        errors.push(
                            Diagnostic::new("E0119", file, "a plan needs a `period`")
                                .at(source, key_line("kind").max(1), 1)
                                .span(line_width(source, key_line("kind").max(1)))
                                .help("add e.g. `period: 2020-Q4`"),
                        );
                    }
                    None
                }
            }
        }
        "task_group" => {
            let mut projects = Vec::new();
            for p in raw.projects.clone().unwrap_or_default() {
                let status = match PROJECT_STATUSES.iter().position(|s| *s == p.status) {
                    Some(i) => [
                        ProjectStatus::Planned,
                        ProjectStatus::InProgress,
                        ProjectStatus::Done,
                        ProjectStatus::Delayed,
                    ][i],
                    None => {
                        errors.push(at_key(
                            "projects",
                            Diagnostic::new(
                                "E0120",
                                file,
                                format!("project `{}`: unknown status `{}`", p.name, p.status),
                            )
                            .help(format!(
                                "a project's status is one of: {}",
                                PROJECT_STATUSES.join(", ")
                            )),
                        ));
                        ProjectStatus::Planned
                    }
                };
                let due = match &p.due {
                    Some(d) => match When::parse(d) {
                        Ok(w) => Some(w),
                        Err(e) => {
                            errors.push(at_key(
                                "projects",
                                Diagnostic::new(
                                    "E0118",
                                    file,
                                    format!("project `{}`: `due`: {e}", p.name),
                                )
                                .help(DATE_FORMS_HELP),
                            ));
                            None
                        }
                    },
                    None => None,
                };
                projects.push(Project {
                    name: p.name,
                    status,
                    due,
                });
            }
            let targets = raw.targets.clone().unwrap_or_default();
            let mut ids: Vec<&str> = Vec::new();
            for t in &targets {
                if !is_safe_slug(&t.id) || ids.contains(&t.id.as_str()) {
                    errors.push(at_key(
                        "targets",
                        Diagnostic::new(
                            "E0121",
                            file,
                            format!(
                                "target id `{}` must be unique and written with a-z, 0-9 and `-`",
                                t.id
                            ),
                        )
                        .help(
                            "ids name the target in the open data; e.g. `id: nguoi-tap-the-thao`",
                        ),
                    ));
                }
                ids.push(&t.id);
                if !t.target.is_finite() || t.actual.is_some_and(|a| !a.is_finite()) {
                    errors.push(at_key(
                        "targets",
                        Diagnostic::new(
                            "E0121",
                            file,
                            format!("target `{}` needs a finite number", t.id),
                        )
                        .help("write the figure with a decimal point, e.g. `target: 40.2`"),
                    ));
                }
            }
            match raw.number {
                Some(NumberValue::Text(text)) => {
                    errors.push(at_key(
                        "number",
                        Diagnostic::new(
                            "E0122",
                            file,
                            format!("a task group's `number` is a whole number, not `{text}`"),
                        )
                        .help("write its position in the plan, e.g. `number: 3`"),
                    ));
                    None
                }
                Some(NumberValue::Whole(number)) => Some(Kind::TaskGroup(TaskGroup {
                    number,
                    lead: raw.lead.clone().unwrap_or_default(),
                    targets,
                    projects,
                })),
                None => {
                    errors.push(
                        Diagnostic::new("E0122", file, "a task group needs its `number`")
                            .at(source, key_line("kind").max(1), 1)
                            .span(line_width(source, key_line("kind").max(1)))
                            .help("add e.g. `number: 3` (its position in the plan)"),
                    );
                    None
                }
            }
        }
        "event" => {
            let start = when("start", &raw.start, &mut errors);
            let end = when("end", &raw.end, &mut errors);
            if raw.start.is_none() {
                errors.push(
                    Diagnostic::new("E0123", file, "an event needs a `start`")
                        .at(source, key_line("kind").max(1), 1)
                        .span(line_width(source, key_line("kind").max(1)))
                        .help(format!("add `start:`; {DATE_FORMS_HELP}")),
                );
            }
            if let (Some(s), Some(e)) = (start, end) {
                if e.last_day() < s.first_day() {
                    errors.push(at_key(
                        "end",
                        Diagnostic::new(
                            "E0124",
                            file,
                            format!(
                                "the event ends ({}) before it starts ({})",
                                e.iso(),
                                s.iso()
                            ),
                        )
                        .help("`end` is the last day of the event, inclusive; check the two dates"),
                    ));
                }
            }
            let status = match raw.status.as_deref() {
                None => EventStatus::Planned,
                Some(s) => match EVENT_STATUSES.iter().position(|x| *x == s) {
                    Some(i) => [
                        EventStatus::Planned,
                        EventStatus::Held,
                        EventStatus::Postponed,
                        EventStatus::Cancelled,
                    ][i],
                    None => {
                        let hint = match did_you_mean(s, EVENT_STATUSES) {
                            Some(m) => format!(
                                "did you mean `{m}`? An event's status is one of: {}",
                                EVENT_STATUSES.join(", ")
                            ),
                            None => format!(
                                "an event's status is one of: {}",
                                EVENT_STATUSES.join(", ")
                            ),
                        };
                        errors.push(at_key(
                            "status",
                            Diagnostic::new("E0125", file, format!("unknown event status `{s}`"))
                                .help(hint),
                        ));
                        EventStatus::Planned
                    }
                },
            };
            start.map(|start| {
                Kind::Event(Event {
                    start,
                    end,
                    location: raw.location.clone(),
                    organizer: raw.organizer.clone(),
                    task_group: raw.task_group.clone().map(|path| {
                        let line = key_line("task_group");
                        Reference {
                            path,
                            line,
                            column: keys
                                .iter()
                                .find(|k| k.key == "task_group")
                                .map(|k| k.value_column)
                                .unwrap_or(1),
                            line_text: source
                                .lines()
                                .nth(line.saturating_sub(1))
                                .unwrap_or("")
                                .to_string(),
                        }
                    }),
                    series: raw.series.clone(),
                    status,
                })
            })
        }
        "album" => {
            let mut photos = raw.photos.clone().unwrap_or_default();
            let lines =
                photo_file_lines(split.yaml, key_line("photos").saturating_sub(line_offset));
            for (i, p) in photos.iter_mut().enumerate() {
                p.at = Some(match lines.get(i) {
                    Some(&(line, column)) => reference(source, &p.file, line + line_offset, column),
                    // A flow-style list (`photos: [{file: a.png, ...}]`) sits on one line.
                    None => reference(source, &p.file, key_line("photos").max(1), 1),
                });
            }
            for p in &photos {
                if p.alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    let mut d = Diagnostic::new("E0126", file, format!("photo `{}` has no `alt` text", p.file))
                        .help("add `alt:` under this `file:`, describing what the picture shows for people who cannot see it, e.g. `alt: \"Gian hàng OCOP trên phố đi bộ\"`");
                    if let Some(at) = &p.at {
                        d = d
                            .at(source, at.line, at.column)
                            .span(p.file.chars().count());
                    }
                    errors.push(d);
                }
            }
            Some(Kind::Album(photos))
        }
        _ => Some(Kind::Page),
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FrontMatter {
        title,
        kind: kind.unwrap_or(Kind::Page),
        date,
        updated,
        summary: raw.summary,
        slug: raw.slug,
        categories: raw.categories.unwrap_or_default(),
        tags: raw.tags.unwrap_or_default(),
        draft: raw.draft.unwrap_or(false),
        weight: raw.weight.unwrap_or(0),
        extra: raw.extra.unwrap_or(serde_json::Value::Null),
    })
}

/// Width in characters of a 1-based line of `source`, for underlining all of it.
fn line_width(source: &str, line: usize) -> usize {
    source
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.chars().count())
        .unwrap_or(1)
}

/// The 1-based lines (within the YAML) and value columns of each photo's `file:`, in
/// order, scanning the block list that follows the `photos:` key at `photos_line`.
fn photo_file_lines(yaml: &str, photos_line: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if photos_line == 0 {
        return out;
    }
    for (i, line) in yaml.lines().enumerate().skip(photos_line) {
        if line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#')
        {
            break; // the next top-level key: the list has ended
        }
        let trimmed = line.trim_start();
        let item = trimmed
            .strip_prefix("- ")
            .map(str::trim_start)
            .unwrap_or(trimmed);
        if let Some(value) = item.strip_prefix("file:") {
            let value_start = line.len() - value.trim_start().len();
            out.push((i + 1, line[..value_start].chars().count() + 1));
        }
    }
    out
}

fn reference(source: &str, path: &str, line: usize, column: usize) -> Reference {
    Reference {
        path: path.to_string(),
        line,
        column,
        line_text: source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string(),
    }
}

/// A plain date is taken as midnight in Vietnam (+07:00), the editors' own time zone.
fn date_or_datetime(
    key: &str,
    value: &Option<String>,
    datetime: &mut impl FnMut(&str, &Option<String>, &mut Vec<Diagnostic>) -> Option<DateTime>,
    errors: &mut Vec<Diagnostic>,
) -> Option<DateTime> {
    let v = value.as_ref()?;
    if v.len() == 10 {
        if let Ok(d) = crate::dates::parse_date(v) {
            return Some(DateTime {
                date: d,
                hour: 0,
                minute: 0,
                second: 0,
                offset_minutes: 420,
            });
        }
    }
    datetime(key, value, errors)
}

/// Lower-case ASCII letters, digits and inner `-`: safe as a path segment on every OS.
pub fn is_safe_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
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
    fn safe_slugs() {
        assert!(is_safe_slug("hoi-cho-ocop"));
        for bad in ["a/b", "..", "c:", "A", "-a", "", "a b"] {
            assert!(!is_safe_slug(bad), "{bad}");
        }
    }
}
