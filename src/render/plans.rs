//! The plans page: a section's plans grouped by the year their period starts in, in
//! the section's order (newest first unless it says otherwise), each with its period
//! and the current ones marked.

use super::context::Views;
use super::date_display;
use crate::content::front_matter::Kind;
use crate::dates::When;
use crate::site::{PageId, Site};
use serde::Serialize;

#[derive(Serialize)]
pub struct PlanYear {
    pub year: i32,
    /// `Năm 2021` / `2021`.
    pub label: String,
    /// Summaries, as [`Views::summary_value`] gives them.
    pub plans: Vec<tera::Value>,
}

/// Whether a section lists plans (then its page is the plans page).
pub fn is_plans_section(site: &Site, id: PageId) -> bool {
    site.children[id]
        .iter()
        .any(|&c| matches!(site.pages[c].front.kind, Kind::Plan(_)))
}

/// The section's plans by year, and its other pages (listed after them).
pub fn by_year(views: &Views<'_>, section: PageId) -> (Vec<PlanYear>, Vec<tera::Value>) {
    let site = views.site;
    let lang = &site.pages[section].lang;
    let mut years: Vec<PlanYear> = Vec::new();
    let mut others = Vec::new();
    for &c in &site.children[section] {
        let Kind::Plan(plan) = &site.pages[c].front.kind else {
            others.push(views.summary_value(c));
            continue;
        };
        let year = plan.period.first_day().year;
        match years.iter_mut().find(|y| y.year == year) {
            Some(y) => y.plans.push(views.summary_value(c)),
            None => years.push(PlanYear {
                year,
                label: date_display::when(&When::Year(year), lang),
                plans: vec![views.summary_value(c)],
            }),
        }
    }
    (years, others)
}
