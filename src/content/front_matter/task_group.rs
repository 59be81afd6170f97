//! `kind: task_group`: one numbered group of a plan's tasks, with its lead units,
//! targets and projects.

use super::{is_safe_slug, Fields, Kind, KindSpec, NumberValue, RawFrontMatter};
use crate::dates::When;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;

pub(super) const SPEC: KindSpec = KindSpec {
    name: "task_group",
    keys: &["number", "lead", "targets", "projects"],
    check,
};

#[derive(Debug, Clone, PartialEq)]
pub struct TaskGroup {
    pub number: u32,
    pub lead: Vec<String>,
    pub targets: Vec<Target>,
    pub projects: Vec<Project>,
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

fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Option<Kind> {
    let projects = projects(raw, f, errors);
    let targets = targets(raw, f, errors);
    match &raw.number {
        // A document's number is text; a task group's is its position.
        Some(NumberValue::Text(text)) => {
            errors.push(
                f.at_key(
                    "number",
                    Diagnostic::new(
                        "E0122",
                        f.file,
                        format!("a task group's `number` is a whole number, not `{text}`"),
                    )
                    .help("write its position in the plan, e.g. `number: 3`"),
                ),
            );
            None
        }
        Some(NumberValue::Whole(number)) => Some(Kind::TaskGroup(TaskGroup {
            number: *number,
            lead: raw.lead.clone().unwrap_or_default(),
            targets,
            projects,
        })),
        None => {
            errors.push(f.at_kind_line(
                Diagnostic::new("E0122", f.file, tr("E0122", &[])).help(tr("E0122.help", &[])),
            ));
            None
        }
    }
}

fn projects(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Vec<Project> {
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
                errors.push(
                    f.at_item_field(
                        "projects",
                        "status",
                        &p.status,
                        Diagnostic::new(
                            "E0120",
                            f.file,
                            tr("E0120", &[("project", &p.name), ("status", &p.status)]),
                        )
                        .help(tr(
                            "E0120.help",
                            &[("statuses", &PROJECT_STATUSES.join(", "))],
                        )),
                    ),
                );
                ProjectStatus::Planned
            }
        };
        let due = match &p.due {
            Some(d) => match When::parse(d) {
                Ok(w) => Some(w),
                Err(e) => {
                    let help = super::fields::date_help("due", d, tr("dates.forms", &[]));
                    let reason = super::fields::date_reason(d, &e);
                    errors.push(
                        f.at_item_field(
                            "projects",
                            "due",
                            d,
                            Diagnostic::new(
                                "E0118",
                                f.file,
                                tr("E0118.due", &[("project", &p.name), ("reason", &reason)]),
                            )
                            .help(help),
                        ),
                    );
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
    projects
}

fn targets(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Vec<Target> {
    let targets = raw.targets.clone().unwrap_or_default();
    let mut ids: Vec<&str> = Vec::new();
    for t in &targets {
        if !is_safe_slug(&t.id) || ids.contains(&t.id.as_str()) {
            errors.push(
                f.at_item_field(
                    "targets",
                    "id",
                    &t.id,
                    Diagnostic::new("E0121", f.file, tr("E0121", &[("id", &t.id)]))
                        .help(tr("E0121.help", &[])),
                ),
            );
        }
        ids.push(&t.id);
        if !t.target.is_finite() || t.actual.is_some_and(|a| !a.is_finite()) {
            errors.push(
                f.at_key(
                    "targets",
                    Diagnostic::new("E0121", f.file, tr("E0121.number", &[("id", &t.id)]))
                        .help(tr("E0121.number-help", &[])),
                ),
            );
        }
    }
    targets
}
