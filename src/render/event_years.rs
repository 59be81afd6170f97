//! Events over the years: the events page shows the current year's events (and those
//! to come) with their timelines; each earlier year with events has a page of its own
//! below it (`su-kien/2021/`), and every one of these pages links to the others. So a
//! section of hundreds of events over years stays a page of one year's months.
//!
//! The current year is the build's (`SOURCE_DATE_EPOCH` honoured) when an event starts
//! in it or later; else the latest year with events, so a site whose events are all
//! past still shows its last year on the events page.

use super::date_display;
use crate::content::front_matter::Kind;
use crate::dates::When;
use crate::site::{PageId, Site};
use serde::Serialize;

/// The year an event is filed under: the year it starts in.
fn year_of(site: &Site, id: PageId) -> Option<i32> {
    match &site.pages[id].front.kind {
        Kind::Event(e) => Some(e.start.first_day().year),
        _ => None,
    }
}

/// An events section's years: the one its page shows from, and the earlier ones that
/// have a page of their own, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Years {
    pub current: i32,
    pub past: Vec<i32>,
}

pub fn years(site: &Site, section: PageId, today_year: i32) -> Years {
    let mut all: Vec<i32> = site.children[section]
        .iter()
        .filter_map(|&c| year_of(site, c))
        .collect();
    all.sort_unstable();
    all.dedup();
    let current = if all.last().is_some_and(|&y| y >= today_year) {
        today_year
    } else {
        all.last().copied().unwrap_or(today_year)
    };
    Years {
        current,
        past: all.into_iter().rev().filter(|&y| y < current).collect(),
    }
}

/// The events a page of the section shows: those of `year` (a past year's page), or
/// with None (the section's page) those of the current year and later.
pub fn shown(site: &Site, section: PageId, year: Option<i32>, today_year: i32) -> Vec<PageId> {
    let current = years(site, section, today_year).current;
    site.children[section]
        .iter()
        .copied()
        .filter(|&c| match (year_of(site, c), year) {
            (Some(y), Some(wanted)) => y == wanted,
            (Some(y), None) => y >= current,
            (None, _) => false,
        })
        .collect()
}

/// The output path of a past year's page.
pub fn year_path(site: &Site, section: PageId, year: i32) -> String {
    format!("{}{year}/index.html", site.pages[section].url)
}

/// One link of the years navigation.
#[derive(Debug, Serialize)]
pub struct YearLink {
    pub label: String,
    pub url: String,
    /// The page being shown.
    pub current: bool,
}

/// The links between an events section's pages: the section's own (labelled with the
/// current year and "and later"), then each past year, newest first. Empty when the
/// section has no past year.
pub fn links(
    site: &Site,
    section: PageId,
    shown_year: Option<i32>,
    today_year: i32,
) -> Vec<YearLink> {
    let y = years(site, section, today_year);
    if y.past.is_empty() {
        return Vec::new();
    }
    let lang = &site.pages[section].lang;
    let later = site.children[section]
        .iter()
        .any(|&c| year_of(site, c).is_some_and(|year| year > y.current));
    let label = match (later, lang.as_str()) {
        (false, _) => date_display::when(&When::Year(y.current), lang),
        (true, "vi") => format!("Từ năm {}", y.current),
        (true, _) => format!("{} onward", y.current),
    };
    let mut out = vec![YearLink {
        label,
        url: crate::site::links::page_file(&site.pages[section].url),
        current: shown_year.is_none(),
    }];
    out.extend(y.past.iter().map(|&year| YearLink {
        label: date_display::when(&When::Year(year), lang),
        url: year_path(site, section, year),
        current: shown_year == Some(year),
    }));
    out
}
