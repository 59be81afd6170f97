//! Long lists split over numbered pages: a section's pages, a term's pages, any list
//! an output makes (the document register). Page 1 stays at the list's own address;
//! page `n` is a folder below it, named in the language of the list
//! (`tin-tuc/trang/2/`, `en/news/page/2/`), so an address reads the way the site does.
//!
//! Pure: it decides which items go on which page and what the pager links to; the
//! caller renders each page with its template (the pager is a template value).

use serde::Serialize;

/// The folder of the numbered pages of a list, by language: `trang` in Vietnamese,
/// `page` in any other.
pub fn segment(lang: &str) -> &'static str {
    if lang == "vi" {
        "trang"
    } else {
        "page"
    }
}

/// The output path (`/`-separated from the output root, ending in `index.html`) of
/// page `n` (from 1) of a list whose first page is the folder `base` (`tin-tuc/`,
/// `en/tags/x/`, empty for the root).
pub fn page_path(base: &str, lang: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}index.html")
    } else {
        format!("{base}{}/{n}/index.html", segment(lang))
    }
}

/// One link of the pager's list of pages; a gap (`…`) has no number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PagerLink {
    pub number: Option<usize>,
    /// From the output root, as every `url` a template gets (prefix it with `root`).
    pub url: String,
    pub current: bool,
}

/// What a page of a split list shows of the others: where it is, and the way to the
/// first, previous, next and last pages (None where there is none: on the first page,
/// no first and no previous).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pager {
    /// From 1.
    pub number: usize,
    pub total: usize,
    /// The number of items on all pages together.
    pub items: usize,
    /// The first and last item on this page, counted from 1 over the whole list.
    pub first_item: usize,
    pub last_item: usize,
    pub first: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
    /// This page's own path from the output root (its canonical address).
    pub path: String,
    /// The pages to link by number: the first, the last, and two either side of this
    /// one, with gaps between.
    pub pages: Vec<PagerLink>,
}

/// One page of a split list: its items, where it goes, and its pager.
#[derive(Debug, PartialEq, Eq)]
pub struct Paged<'a, T> {
    /// From 1.
    pub number: usize,
    /// Output path, as [`page_path`] gives it.
    pub path: String,
    pub items: &'a [T],
    /// None when the list fits on one page: no pager is shown then.
    pub pager: Option<Pager>,
}

/// How many pages `len` items take at `per_page` a page (0: no split). At least one:
/// an empty list still has its first page.
pub fn page_count(len: usize, per_page: usize) -> usize {
    if per_page == 0 || len == 0 {
        1
    } else {
        len.div_ceil(per_page)
    }
}

/// Splits `items` into pages of `per_page` (0: one page whatever the length), the first
/// at `base`, the others below it (see [`page_path`]).
pub fn paginate<'a, T>(
    items: &'a [T],
    per_page: usize,
    base: &str,
    lang: &str,
) -> Vec<Paged<'a, T>> {
    (1..=page_count(items.len(), per_page))
        .filter_map(|n| nth(items, per_page, base, lang, n))
        .collect()
}

/// Page `n` (from 1) of [`paginate`]'s split, made alone: each list page of a section
/// renders in its own job, and making every page's pager for each one grew as the
/// square of the list's length. None past the last page.
pub fn nth<'a, T>(
    items: &'a [T],
    per_page: usize,
    base: &str,
    lang: &str,
    n: usize,
) -> Option<Paged<'a, T>> {
    let total = page_count(items.len(), per_page);
    if n == 0 || n > total {
        return None;
    }
    let on_page = if total == 1 {
        items
    } else {
        let from = (n - 1) * per_page;
        &items[from..(from + per_page).min(items.len())]
    };
    let place = Place {
        n,
        total,
        per_page,
        on_page: on_page.len(),
        items: items.len(),
    };
    Some(Paged {
        number: n,
        path: page_path(base, lang, n),
        items: on_page,
        pager: pager(&place, base, lang),
    })
}

/// Where a page sits in its list.
struct Place {
    n: usize,
    total: usize,
    per_page: usize,
    on_page: usize,
    items: usize,
}

/// The pager of a page; None when the list has one page.
fn pager(place: &Place, base: &str, lang: &str) -> Option<Pager> {
    let Place {
        n,
        total,
        per_page,
        on_page,
        items,
    } = *place;
    if total <= 1 {
        return None;
    }
    let at = |k: usize| page_path(base, lang, k);
    let mut pages = Vec::new();
    let mut shown_before = 0;
    for k in (1..=total).filter(|&k| k == 1 || k == total || k.abs_diff(n) <= 2) {
        if k > shown_before + 1 {
            pages.push(PagerLink {
                number: None,
                url: String::new(),
                current: false,
            });
        }
        pages.push(PagerLink {
            number: Some(k),
            url: at(k),
            current: k == n,
        });
        shown_before = k;
    }
    let before = (n - 1) * per_page;
    Some(Pager {
        number: n,
        total,
        items,
        first_item: before + usize::from(on_page > 0),
        last_item: before + on_page,
        first: (n > 1).then(|| at(1)),
        prev: (n > 1).then(|| at(n - 1)),
        next: (n < total).then(|| at(n + 1)),
        last: (n < total).then(|| at(total)),
        path: at(n),
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_one_is_the_lists_own_address_and_the_others_are_named_in_its_language() {
        assert_eq!(page_path("tin-tuc/", "vi", 1), "tin-tuc/index.html");
        assert_eq!(page_path("tin-tuc/", "vi", 2), "tin-tuc/trang/2/index.html");
        assert_eq!(page_path("en/news/", "en", 3), "en/news/page/3/index.html");
        assert_eq!(page_path("", "vi", 2), "trang/2/index.html");
    }

    #[test]
    fn a_list_of_45_at_20_a_page_is_three_pages_the_last_holding_5() {
        let items: Vec<u32> = (1..=45).collect();
        let pages = paginate(&items, 20, "tin-tuc/", "vi");
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[1].items.first(), Some(&21));
        assert_eq!(pages[1].items.last(), Some(&40));
        assert_eq!(pages[2].items, &[41, 42, 43, 44, 45]);
        let p2 = pages[1].pager.as_ref().expect("a pager on a split list");
        assert_eq!(p2.prev.as_deref(), Some("tin-tuc/index.html"));
        assert_eq!(p2.next.as_deref(), Some("tin-tuc/trang/3/index.html"));
        assert_eq!((p2.first_item, p2.last_item, p2.items), (21, 40, 45));
        let p1 = pages[0].pager.as_ref().expect("a pager on page 1 too");
        assert_eq!((p1.first.as_deref(), p1.prev.as_deref()), (None, None));
        let p3 = pages[2].pager.as_ref().expect("a pager on the last page");
        assert_eq!((p3.next.as_deref(), p3.last.as_deref()), (None, None));
    }

    #[test]
    fn a_list_that_fits_has_one_page_and_no_pager() {
        let items = [1, 2, 3];
        for per_page in [0, 3, 20] {
            let pages = paginate(&items, per_page, "a/", "en");
            assert_eq!(pages.len(), 1);
            assert_eq!(pages[0].items, &items);
            assert_eq!(pages[0].pager, None);
        }
        let none: [u8; 0] = [];
        assert_eq!(paginate(&none, 10, "a/", "en").len(), 1);
        // Each page made alone is the same as in the whole split; none past the end.
        let items: Vec<usize> = (0..45).collect();
        let all = paginate(&items, 10, "a/", "vi");
        for (i, page) in all.iter().enumerate() {
            assert_eq!(nth(&items, 10, "a/", "vi", i + 1).as_ref(), Some(page));
        }
        assert_eq!(nth(&items, 10, "a/", "vi", 0), None);
        assert_eq!(nth(&items, 10, "a/", "vi", all.len() + 1), None);
    }

    #[test]
    fn the_pager_of_a_long_list_names_the_ends_and_two_pages_either_side_with_gaps() {
        let items: Vec<u32> = (0..200).collect();
        let pages = paginate(&items, 10, "", "en");
        let numbers: Vec<Option<usize>> = pages[9]
            .pager
            .as_ref()
            .map(|p| p.pages.iter().map(|l| l.number).collect())
            .unwrap_or_default();
        assert_eq!(
            numbers,
            [1, 0, 8, 9, 10, 11, 12, 0, 20].map(|k| (k > 0).then_some(k))
        );
        let current: Vec<usize> = pages[9]
            .pager
            .iter()
            .flat_map(|p| &p.pages)
            .filter(|l| l.current)
            .filter_map(|l| l.number)
            .collect();
        assert_eq!(current, [10]);
    }
}
