//! The order of a list: what a section's `sort_by`/`order` say, or the order that fits
//! what it holds (plans by period, newest first; events by start; dated pages newest
//! first; other pages by `weight`, then title). Pages without the key a list is
//! ordered by (an undated page in a list by date, an unweighted one in a list by
//! weight) follow those with it, in the fallback order: weighted first by weight, then
//! by a task group's number, an event's start, the title and the address.

use crate::content::front_matter::{Kind, Order, SortBy};
use crate::content::Page;
use crate::dates::When;
use std::cmp::Ordering;

/// The order a section's list has: its own `sort_by`/`order`, else the natural one.
pub fn of_section(pages: &[Page], section: usize, children: &[usize]) -> (SortBy, Order) {
    let list = pages[section].front.list;
    let by = list.sort_by.unwrap_or_else(|| natural(pages, children));
    (by, list.order.unwrap_or_else(|| by.natural_order()))
}

/// What a list of these pages is best ordered by, when its section does not say.
pub fn natural(pages: &[Page], items: &[usize]) -> SortBy {
    let kind = |i: &usize| &pages[*i].front.kind;
    if items.iter().any(|i| matches!(kind(i), Kind::Plan(_))) {
        SortBy::Period
    } else if !items.is_empty() && items.iter().all(|i| matches!(kind(i), Kind::Event(_))) {
        SortBy::Start
    } else if items.iter().any(|&i| pages[i].front.date.is_some()) {
        SortBy::Date
    } else {
        SortBy::Weight
    }
}

/// Orders `items` by `by`, `order`.
pub fn sort(pages: &[Page], items: &mut [usize], by: SortBy, order: Order) {
    // Dates become days and seconds once per item, not twice per comparison: a tag of
    // the 10,000-page bench site sorts thousands of pages.
    let mut keyed: Vec<Keyed<'_>> = items
        .iter()
        .map(|&i| Keyed {
            id: i,
            page: &pages[i],
            key: key(&pages[i], by),
            rank: rank(&pages[i]),
        })
        .collect();
    keyed.sort_by(|a, b| compare(a, b, by, order));
    for (slot, k) in items.iter_mut().zip(keyed) {
        *slot = k.id;
    }
}

/// A listed page with what it is sorted by.
struct Keyed<'a> {
    id: usize,
    page: &'a Page,
    key: Option<(i64, i64)>,
    rank: (bool, i64, u32, i64),
}

fn span(w: &When) -> (i64, i64) {
    (
        w.first_day().days_since_epoch(),
        w.last_day().days_since_epoch(),
    )
}

/// The key a page has in a list by `by`; None when it has none (it then follows).
fn key(p: &Page, by: SortBy) -> Option<(i64, i64)> {
    match (by, &p.front.kind) {
        (SortBy::Period, Kind::Plan(plan)) => Some(span(&plan.period)),
        (SortBy::Date, _) => p.front.date.map(|d| (d.unix_seconds(), 0)),
        (SortBy::Start, Kind::Event(e)) => Some(match e.start {
            When::Moment(m) => (e.start.first_day().days_since_epoch(), m.unix_seconds()),
            _ => (span(&e.start).0, i64::MIN),
        }),
        (SortBy::Weight, _) => p.front.weighted.then_some((p.front.weight, 0)),
        _ => None,
    }
}

fn compare(a: &Keyed<'_>, b: &Keyed<'_>, by: SortBy, order: Order) -> Ordering {
    let directed = |o: Ordering| match order {
        Order::Asc => o,
        Order::Desc => o.reverse(),
    };
    if by == SortBy::Title {
        return directed(a.page.title_key.cmp(&b.page.title_key))
            .then_with(|| a.page.url.cmp(&b.page.url));
    }
    match (a.key, b.key) {
        (Some(x), Some(y)) => directed(x.cmp(&y)).then_with(|| fallback(a, b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => fallback(a, b),
    }
}

/// Weighted pages first by weight, then a task group's number, an event's start.
fn rank(p: &Page) -> (bool, i64, u32, i64) {
    let (number, start) = match &p.front.kind {
        Kind::TaskGroup(t) => (t.number, i64::MIN),
        Kind::Event(e) => (0, e.start.first_day().days_since_epoch()),
        _ => (0, i64::MIN),
    };
    (!p.front.weighted, p.front.weight, number, start)
}

/// After the rank, the title as a reader sorts it, then the address.
fn fallback(a: &Keyed<'_>, b: &Keyed<'_>) -> Ordering {
    a.rank
        .cmp(&b.rank)
        .then_with(|| a.page.title_key.cmp(&b.page.title_key))
        .then_with(|| a.page.url.cmp(&b.page.url))
}
