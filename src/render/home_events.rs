//! The events the home page lists: the next few (and those under way), then the last
//! few held, as many as `home_upcoming_events` and `home_recent_events` in config.yaml
//! say, with a link to the events page for the rest. The day is the build's.

use super::context::Views;
use crate::content::front_matter::Kind;
use crate::site::PageId;

pub struct HomeEvents {
    /// By start, soonest first.
    pub upcoming: Vec<PageId>,
    /// By start, latest first.
    pub recent: Vec<PageId>,
    /// The language's events page, when it has one.
    pub all_url: Option<String>,
    /// Whether the language has events the home page does not list.
    pub more: bool,
}

pub fn of(views: &Views<'_>, lang: &str) -> HomeEvents {
    let site = views.site;
    let today = views.today;
    // By start; an event under way (its last day today or later) is still to come.
    let all = site.events(lang);
    let ends = |id: PageId| match &site.pages[id].front.kind {
        Kind::Event(e) => e.end.unwrap_or(e.start).last_day(),
        _ => today,
    };
    let (past, to_come): (Vec<PageId>, Vec<PageId>) =
        all.iter().copied().partition(|&id| ends(id) < today);
    let upcoming: Vec<PageId> = to_come
        .into_iter()
        .take(site.config.home_upcoming_events)
        .collect();
    let recent: Vec<PageId> = past
        .into_iter()
        .rev()
        .take(site.config.home_recent_events)
        .collect();
    let all_url = site.homes.get(lang).and_then(|&home| {
        site.children[home]
            .iter()
            .copied()
            .find(|&s| super::jobs::is_events_section(site, s))
            .map(|s| crate::site::links::page_file(&site.pages[s].url))
    });
    HomeEvents {
        more: upcoming.len() + recent.len() < all.len(),
        upcoming,
        recent,
        all_url,
    }
}
