//! How a section lists its pages: `sort_by`, `order` and `paginate` in its `_index.md`.
//! Valid for a section of any kind; on any other page they would order nothing, so they
//! are an error there.

use super::{Fields, RawFrontMatter};
use crate::diagnostic::{tr, Diagnostic};

/// What a section's list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortBy {
    /// Plans by their period (pages without one after them).
    Period,
    /// Pages by `date` (undated pages after them).
    Date,
    /// Events by `start` (other pages after them).
    Start,
    /// Pages by `weight` (pages without one after them).
    Weight,
    Title,
}

pub const SORT_BY: &[&str] = &["period", "date", "start", "weight", "title"];

impl SortBy {
    pub fn key(self) -> &'static str {
        SORT_BY[self as usize]
    }

    /// Newest first for periods and dates (a reader looks for the latest), soonest
    /// first for events, smallest weight and A to Z otherwise.
    pub fn natural_order(self) -> Order {
        match self {
            SortBy::Period | SortBy::Date => Order::Desc,
            SortBy::Start | SortBy::Weight | SortBy::Title => Order::Asc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    Asc,
    Desc,
}

pub const ORDERS: &[&str] = &["asc", "desc"];

/// A section's own list settings; each None when the section does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Listing {
    pub sort_by: Option<SortBy>,
    pub order: Option<Order>,
    /// Items per page (0: never split).
    pub paginate: Option<usize>,
}

const KEYS: &[&str] = &["sort_by", "order", "paginate"];

/// Reads the list settings; an unknown value, or a setting outside a section's
/// `_index.md`, is an error (E0150).
pub(super) fn check(raw: &RawFrontMatter, f: &Fields<'_>, errors: &mut Vec<Diagnostic>) -> Listing {
    let name = f.file.rsplit('/').next().unwrap_or(f.file);
    let is_section = name.starts_with("_index.");
    if !is_section {
        for key in KEYS.iter().filter(|k| f.keys.iter().any(|x| x.key == **k)) {
            errors.push(
                f.at_key_name(
                    key,
                    Diagnostic::new("E0150", f.file, tr("E0150.not-a-section", &[("key", key)]))
                        .help(tr("E0150.not-a-section.help", &[])),
                ),
            );
        }
        return Listing::default();
    }
    let one_of =
        |key: &str, value: &Option<String>, names: &[&str], errors: &mut Vec<Diagnostic>| {
            let v = value.as_deref()?;
            let found = names.iter().position(|n| *n == v.trim());
            if found.is_none() {
                let all = names.join(", ");
                let hint = match crate::diagnostic::did_you_mean(v, names) {
                    Some(s) => tr("E0150.value.did-you-mean", &[("value", &s), ("all", &all)]),
                    None => tr("E0150.value.help", &[("all", &all)]),
                };
                errors.push(
                    f.at_key(
                        key,
                        Diagnostic::new(
                            "E0150",
                            f.file,
                            tr("E0150.value", &[("key", &key), ("value", &v)]),
                        )
                        .help(hint),
                    ),
                );
            }
            found
        };
    let sort_by = one_of("sort_by", &raw.sort_by, SORT_BY, errors).map(|i| {
        [
            SortBy::Period,
            SortBy::Date,
            SortBy::Start,
            SortBy::Weight,
            SortBy::Title,
        ][i]
    });
    let order = one_of("order", &raw.order, ORDERS, errors).map(|i| [Order::Asc, Order::Desc][i]);
    Listing {
        sort_by,
        order,
        paginate: raw.paginate,
    }
}
