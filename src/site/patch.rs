//! Patching an assembled site in place when pages change but keep their place in it:
//! `watch`'s answer to the common edit (a sentence, a title, a date) on a large site,
//! where assembling the whole graph again costs more than rendering the page.
//!
//! A page keeps its place ([`keeps_place`]) when everything the graph is built from
//! stays: its file, address, language, translation key and folder, its kind, the task
//! group an event names. Then its translations, parent, home and task group are what
//! they were; only its body (links filled in again), its rank in the lists it sits in
//! (by title, weight, number, start) and its taxonomy terms (made again, from every
//! page, when its categories or tags changed) can change. The patch checks what
//! assembly would check of such a change (the page's links and photos, links of other
//! pages into headings it no longer has, task group numbers, terms) and refuses when
//! anything fails, so that a full assembly reports it.

use super::{links, order_key, PageId, Site, Taxonomy};
use crate::content::front_matter::Kind;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markdown::fill_links;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Whether `new`, a re-load of `old`, leaves the site graph's shape as it was.
pub fn keeps_place(old: &Page, new: &Page) -> bool {
    let task_group = |k: &Kind| match k {
        Kind::Event(e) => e.task_group.as_ref().map(|r| r.path.clone()),
        _ => None,
    };
    // A notice's category and result are checked against the site at assembly.
    let notice = |k: &Kind| match k {
        Kind::Notice(n) => Some((
            n.category.path.clone(),
            n.result.as_ref().map(|r| r.path.clone()),
        )),
        _ => None,
    };
    old.source_path == new.source_path
        && old.file == new.file
        && old.url == new.url
        && old.lang == new.lang
        && old.key == new.key
        && old.dir == new.dir
        && old.is_section == new.is_section
        && old.front.list == new.front.list
        && old.front.kind.name() == new.front.kind.name()
        && task_group(&old.front.kind) == task_group(&new.front.kind)
        && notice(&old.front.kind) == notice(&new.front.kind)
}

/// What a patch replaced, to undo it.
pub struct Undo {
    old: Vec<(PageId, Page, String)>,
    /// The taxonomies, when the patch made them again.
    taxonomies: Option<BTreeMap<String, Vec<Taxonomy>>>,
}

/// Puts each page of `changed` (its id in `site`, and the page re-loaded; every one
/// [`keeps_place`]; `by_source` has every page's id by source path) in place of the old one, with its body's links filled in and the
/// lists it sits in ordered again. When a check fails, `site` is left as it was and
/// the pages come back: only a full assembly gives the errors in full.
pub fn patch(
    site: &mut Site,
    by_source: &HashMap<String, PageId>,
    changed: Vec<(PageId, Page)>,
) -> Result<Undo, Vec<(PageId, Page)>> {
    let mut old: Vec<(PageId, Page)> = Vec::with_capacity(changed.len());
    // Swapped in first, so that links between two changed pages see the new headings.
    for (id, page) in changed {
        let was = std::mem::replace(&mut site.pages[id], page);
        old.push((id, was));
    }
    // Terms are made from every page's names, in page order (a term is named as its
    // first page writes it), and list their pages in order: made again when a page's
    // names, or what it is ordered by, changed.
    let names = |p: &Page| {
        (
            p.front.categories.clone(),
            p.front.tags.clone(),
            p.front.date,
            p.front.weight,
            p.front.weighted,
            p.title_key.clone(),
            p.front.kind.clone(),
        )
    };
    let taxonomies = if old
        .iter()
        .any(|(id, was)| names(was) != names(&site.pages[*id]))
    {
        let mut errors = Vec::new();
        let made = super::taxonomy::build(&site.config, &site.pages, &mut errors);
        errors.is_empty().then_some(Some(made))
    } else {
        Some(None)
    };
    match (checked_bodies(site, by_source, &old), taxonomies) {
        (Some(bodies), Some(taxonomies)) => {
            let old = old
                .into_iter()
                .zip(bodies)
                .map(|((id, page), body)| {
                    let was = site.content.replace(id, body);
                    (id, page, was)
                })
                .collect::<Vec<_>>();
            let ids: Vec<PageId> = old.iter().map(|(id, _, _)| *id).collect();
            reorder(site, &ids);
            // Feeds list articles by their dates.
            if old.iter().any(|(id, was, _)| {
                let now = &site.pages[*id].front;
                (was.front.date, was.front.updated) != (now.date, now.updated)
            }) {
                site.memo.forget_feeds();
            }
            let taxonomies = taxonomies.map(|t| std::mem::replace(&mut site.taxonomies, t));
            Ok(Undo { old, taxonomies })
        }
        _ => Err(old
            .into_iter()
            .map(|(id, was)| (id, std::mem::replace(&mut site.pages[id], was)))
            .collect()),
    }
}

/// Undoes a [`patch`] (after a failed render): the old pages and bodies go back in
/// their places and order, and the new pages are returned.
pub fn undo(site: &mut Site, undo: Undo) -> Vec<(PageId, Page)> {
    let mut new = Vec::with_capacity(undo.old.len());
    let mut ids = Vec::with_capacity(undo.old.len());
    for (id, page, body) in undo.old {
        site.content.replace(id, body);
        new.push((id, std::mem::replace(&mut site.pages[id], page)));
        ids.push(id);
    }
    reorder(site, &ids);
    site.memo.forget_feeds();
    if let Some(t) = undo.taxonomies {
        site.taxonomies = t;
    }
    new
}

/// The filled-in bodies of the changed pages, or None when assembly would find an error.
fn checked_bodies(
    site: &Site,
    by_source: &HashMap<String, PageId>,
    old: &[(PageId, Page)],
) -> Option<Vec<String>> {
    let assets_by_source = site
        .assets
        .iter()
        .map(|a| (a.source_path.as_str(), a))
        .collect();
    let targets = links::Targets::new(by_source, &site.pages, &assets_by_source);
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut bodies = Vec::with_capacity(old.len());
    for (id, _) in old {
        let p = &site.pages[*id];
        super::album::check_files(std::slice::from_ref(p), &assets_by_source, &mut errors);
        let resolved = links::resolve_page_links(p, &targets, &mut errors);
        bodies.push(if resolved.is_empty() {
            p.body.html.clone()
        } else {
            fill_links(&p.body.html, &resolved)
        });
        // Task groups of a plan are numbered apart.
        if let Kind::TaskGroup(t) = &p.front.kind {
            let plan =
                site.parent[*id].filter(|&s| matches!(site.pages[s].front.kind, Kind::Plan(_)));
            let twice = plan.is_some_and(|s| {
                site.members[s].iter().any(|&g| {
                    g != *id && site.pages[g].lang == p.lang && matches!(&site.pages[g].front.kind, Kind::TaskGroup(o) if o.number == t.number)
                })
            });
            if twice {
                return None;
            }
        }
    }
    // A heading gone (or renamed) breaks the links of other pages into it.
    let headings =
        |p: &Page| -> Vec<String> { p.body.headings.iter().map(|h| h.id.clone()).collect() };
    let moved: BTreeSet<String> = old
        .iter()
        .filter(|(id, was)| headings(was) != headings(&site.pages[*id]))
        .map(|(_, was)| was.source_path.clone())
        .collect();
    if !moved.is_empty() {
        let changed: BTreeSet<PageId> = old.iter().map(|(id, _)| *id).collect();
        for (i, p) in site.pages.iter().enumerate() {
            if !changed.contains(&i) && links::leads_to(&p.dir, &p.body.links, &moved) {
                links::resolve_page_links(p, &targets, &mut errors);
            }
        }
    }
    errors.is_empty().then_some(bodies)
}

/// Orders again the lists the pages `ids` sit in: their section's, their task group's
/// events, their plan's task groups. Keys end in the address, so the order is the one
/// assembly gives, whatever the order before.
fn reorder(site: &mut Site, ids: &[PageId]) {
    let mut lists: Vec<(bool, PageId)> = Vec::new();
    for &id in ids {
        // A page sits in its own language's lists and, untranslated, in the other
        // versions of those lists (see `fallback`).
        if let Some(s) = site.parent[id] {
            for s in std::iter::once(s).chain(site.translations[s].iter().copied()) {
                lists.push((false, s));
                if matches!(site.pages[id].front.kind, Kind::TaskGroup(_))
                    && matches!(site.pages[s].front.kind, Kind::Plan(_))
                {
                    lists.push((true, s));
                }
            }
        }
        if let Some(t) = site.event_task_group[id] {
            for t in std::iter::once(t).chain(site.translations[t].iter().copied()) {
                lists.push((true, t));
            }
        }
    }
    lists.sort_unstable();
    lists.dedup();
    let pages = &site.pages;
    for (members, of) in lists {
        if members {
            site.members[of].sort_by(|&a, &b| order_key(&pages[a]).cmp(&order_key(&pages[b])));
        } else {
            let list = &mut site.children[of];
            let (by, order) = super::order::of_section(pages, of, list);
            super::order::sort(pages, list, by, order);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::page_from_bytes;

    /// The bundled site, and a page of it re-loaded from `text`.
    fn bundled_with(source: &str, edit: impl Fn(String) -> String) -> (Site, PageId, Page) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _) = match crate::pipeline::prepare(root, &Default::default()) {
            Ok(x) => x,
            Err(e) => panic!("the bundled site does not load: {e:?}"),
        };
        let id = site
            .pages
            .iter()
            .position(|p| p.source_path == source)
            .expect(source);
        let text = std::fs::read_to_string(root.join("content").join(source)).unwrap();
        let page = page_from_bytes(source, edit(text).as_bytes(), &site.config, false)
            .unwrap()
            .unwrap();
        (site, id, page)
    }

    #[test]
    fn a_new_weight_orders_the_section_and_the_plan_as_assembly_does() {
        let group = "ke-hoach/2020-q4/05-chinh-quyen-hanh-chinh.md";
        let (mut site, id, page) =
            bundled_with(group, |t| t.replace("\nweight: 5\n", "\nweight: 0\n"));
        assert!(keeps_place(&site.pages[id], &page));
        let plan = site.parent[id].unwrap();
        assert_eq!(site.members[plan].last(), Some(&id), "last before");
        let by_source = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source_path.clone(), i))
            .collect();
        assert!(patch(&mut site, &by_source, vec![(id, page)]).is_ok());
        assert_eq!(site.members[plan].first(), Some(&id));
        assert_eq!(site.children[plan].first(), Some(&id));
    }
}
