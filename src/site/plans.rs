//! Plans over time: which plan is current on a day, and which plans come before and
//! after one of the same cadence (quarter after quarter, year after year).

use super::{PageId, Site};
use crate::content::front_matter::Kind;
use crate::dates::{Date, DateTime, When};

/// The offices this is made for publish in Vietnam's time (UTC+7), as a plain date in
/// front matter is read: "today" is the day there.
const OFFSET_MINUTES: i32 = 7 * 60;

/// The day of the build, in the site's time: `SOURCE_DATE_EPOCH` when set.
pub fn today() -> Date {
    DateTime::from_unix_seconds(crate::dates::now_unix_seconds(), OFFSET_MINUTES).date
}

impl Site {
    fn period_of(&self, id: PageId) -> Option<When> {
        match &self.pages[id].front.kind {
            Kind::Plan(p) => Some(p.period),
            _ => None,
        }
    }

    /// The current plans of a language on `today`: every plan whose period contains it,
    /// the shortest period first (a quarter's plan before its year's); when none does,
    /// the latest plan that has started. Empty when no plan has started.
    pub fn current_plans(&self, lang: &str, today: Date) -> Vec<PageId> {
        let plans = self.plans(lang);
        let length = |id: PageId| {
            self.period_of(id)
                .map(|w| w.last_day().days_since_epoch() - w.first_day().days_since_epoch())
        };
        let mut containing: Vec<PageId> = plans
            .iter()
            .copied()
            .filter(|&id| self.period_of(id).is_some_and(|w| w.contains(today)))
            .collect();
        if containing.is_empty() {
            // Newest period first: the first that has started is the latest.
            return plans
                .iter()
                .copied()
                .filter(|&id| self.period_of(id).is_some_and(|w| w.first_day() <= today))
                .take(1)
                .collect();
        }
        containing.sort_by_key(|&id| (length(id), self.pages[id].url.clone()));
        containing
    }

    /// The plans before and after `id` of the same cadence, in its language: the
    /// nearest period that starts earlier, and the nearest that starts later.
    pub fn plan_neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let Some(this) = self.period_of(id) else {
            return (None, None);
        };
        let same: Vec<(Date, PageId)> = self
            .plans(&self.pages[id].lang)
            .into_iter()
            .filter(|&o| o != id)
            .filter_map(|o| Some((self.period_of(o)?, o)))
            .filter(|(w, _)| w.cadence() == this.cadence())
            .map(|(w, o)| (w.first_day(), o))
            .collect();
        let start = this.first_day();
        let before = same
            .iter()
            .filter(|(d, _)| *d < start)
            .max_by_key(|(d, _)| *d);
        let after = same
            .iter()
            .filter(|(d, _)| *d > start)
            .min_by_key(|(d, _)| *d);
        (before.map(|x| x.1), after.map(|x| x.1))
    }
}
