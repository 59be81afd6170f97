//! The assemble stage: turns loaded pages into the site graph (sections, plans and
//! their task groups, events, translations, taxonomies) and resolves every reference.

pub mod album;
mod fallback;
pub use fallback::Coverage;
pub mod documents;
pub mod links;
mod memo;
mod menu;
pub use menu::NavEntry;
pub mod notices;
pub mod order;
pub mod patch;
pub mod plans;
mod reserved;
pub use memo::Memo;
pub use reserved::Reserved;
mod suggest;
mod taxonomy;
pub mod warnings;

use crate::config::Config;
use crate::content::front_matter::Kind;
use crate::content::{Asset, Bodies, Held, Loaded, Page, SpillFile};
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use crate::markdown::fill_links;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

pub use taxonomy::{Taxonomy, Term, TAXONOMIES};

pub type PageId = usize;

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Sorted by language (config order), then URL.
    pub pages: Vec<Page>,
    /// Final HTML of each page's body, links filled in.
    pub content: Bodies,
    /// Each page's whole plain text when it was moved out of the pages (a site
    /// rendered once); empty otherwise. Read it with [`Site::plain_text`].
    pub plain: Bodies,
    pub assets: Vec<Asset>,
    /// Other-language versions of each page, in config language order.
    pub translations: Vec<Vec<PageId>>,
    /// The nearest section page above each page (none for home pages).
    pub parent: Vec<Option<PageId>>,
    /// For section pages: their direct pages and subsections, in display order.
    pub children: Vec<Vec<PageId>>,
    /// For events: the task group they belong to, in the event's language when it exists.
    pub event_task_group: Vec<Option<PageId>>,
    /// For task groups: their events, by start. For plans: their task groups by number.
    pub members: Vec<Vec<PageId>>,
    /// For notices: the page their `result:` names, in their language when it has one.
    pub notice_result: Vec<Option<PageId>>,
    /// For each language code: its home page.
    pub homes: BTreeMap<String, PageId>,
    /// Documents: attached files, replacements, plans' document pages.
    pub documents: documents::Documents,
    /// For each language code: its taxonomies (categories, tags).
    pub taxonomies: BTreeMap<String, Vec<Taxonomy>>,
    /// The snapshots in `archive/`, published as they are; set by the pipeline.
    pub archive: Vec<crate::archive::Archived>,
    /// Set by `snapshot` for the render it freezes: pages say they are archived copies.
    pub freezing: Option<crate::archive::Freezing>,
    /// Orders of the whole site, kept once made.
    pub memo: Memo,
    /// Plausible mistakes found in it ([`warnings::check`]); set by the pipeline.
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// The whole plain text of a page, for the search index.
    pub fn plain_text(&self, id: PageId) -> std::borrow::Cow<'_, str> {
        if self.plain.is_empty() {
            std::borrow::Cow::Borrowed(&self.pages[id].body.plain_text)
        } else {
            self.plain.get(id)
        }
    }

    pub fn language_prefix(&self, lang: &str) -> String {
        if lang == self.config.default_language().code {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    /// Events of a language, ordered by start: each event once, in `lang` where it is
    /// translated, else its original (a fallback, see [`fallback`]).
    pub fn events(&self, lang: &str) -> Vec<PageId> {
        let all =
            (0..self.pages.len()).filter(|&i| matches!(self.pages[i].front.kind, Kind::Event(_)));
        let mut ev = self.localize(lang, all);
        // Each key folds a title: computed once per page, not once per comparison.
        ev.sort_by_cached_key(|&i| order_key(&self.pages[i]));
        ev
    }

    /// Plans of a language, newest period first: each plan once, in `lang` where it is
    /// translated, else its original (a fallback, see [`fallback`]).
    pub fn plans(&self, lang: &str) -> Vec<PageId> {
        let all =
            (0..self.pages.len()).filter(|&i| matches!(self.pages[i].front.kind, Kind::Plan(_)));
        let mut plans = self.localize(lang, all);
        plans.sort_by_key(|&i| match &self.pages[i].front.kind {
            Kind::Plan(p) => std::cmp::Reverse(p.period.first_day()),
            _ => std::cmp::Reverse(crate::dates::Date {
                year: 0,
                month: 1,
                day: 1,
            }),
        });
        plans
    }

    /// Ancestor sections from the home page down to the page's parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut cur = self.parent[id];
        while let Some(p) = cur {
            chain.push(p);
            cur = self.parent[p];
        }
        chain.reverse();
        chain
    }
}

/// Display order inside a section: weight, then a task group's number, an event's
/// start, then the title as a reader would sort it.
pub(crate) fn order_key(p: &Page) -> (i64, u32, crate::dates::Date, &str, &str) {
    let (number, start) = match &p.front.kind {
        Kind::TaskGroup(t) => (
            t.number,
            crate::dates::Date {
                year: 0,
                month: 1,
                day: 1,
            },
        ),
        Kind::Event(e) => (0, e.start.first_day()),
        _ => (
            0,
            crate::dates::Date {
                year: 0,
                month: 1,
                day: 1,
            },
        ),
    };
    (p.front.weight, number, start, &p.title_key, &p.url)
}

pub fn assemble(config: Config, loaded: Loaded) -> Result<Site, Vec<Diagnostic>> {
    assemble_with(config, loaded, Options::default()).map_err(|failed| failed.errors)
}

/// How [`assemble_with`] treats the bodies: kept for `watch` (the default), reusing
/// what it can, or for a site rendered once and dropped.
#[derive(Default)]
pub struct Options<'a> {
    /// Each page's final body (its [`Site::content`]), by source path, taken instead of
    /// filling in its links again: `watch` passes the bodies of pages that did not
    /// change, when no page changed its address. Links are still all resolved, so every
    /// error is still found.
    pub reuse: HashMap<String, String>,
    /// For `watch`, the files (source paths) changed since the last good site: a page
    /// whose body is reused and whose links lead to none of them has its links resolved
    /// as before, without errors, so they are not resolved again.
    pub changed: Option<&'a BTreeSet<String>>,
    /// A site rendered once and dropped (build, check, snapshot), loaded by
    /// [`crate::content::load_spilling`]: each page's body as Markdown made it is read
    /// back from the spill file only to make its final body, which goes straight back
    /// there; links are dropped once resolved, and whole plain texts move to
    /// [`Site::plain`]. Only `watch` needs those again, to fill in a page whose link
    /// targets moved.
    pub once: Option<Once<'a>>,
}

/// The spill file of a site rendered once; None when no temporary file could be made
/// (the texts stay in memory, and the site is the same).
pub struct Once<'a> {
    pub spill: Option<&'a Arc<SpillFile>>,
}

/// What a failed assembly gives back: its errors, and the pages, assets and reusable
/// bodies it was given (so `watch` keeps them for the next try instead of loading every
/// file again).
pub struct Failed {
    pub errors: Vec<Diagnostic>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The bodies given in [`Options::reuse`], by source path.
    pub reuse: HashMap<String, String>,
}

/// The loaded pages by what points at them.
struct Index<'p> {
    by_source: HashMap<&'p str, PageId>,
    by_key_lang: HashMap<(&'p str, &'p str), PageId>,
}

impl<'p> Index<'p> {
    fn new(pages: &'p [Page]) -> Self {
        Index {
            by_source: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source_path.as_str(), i))
                .collect(),
            by_key_lang: pages
                .iter()
                .enumerate()
                .map(|(i, p)| ((p.key.as_str(), p.lang.as_str()), i))
                .collect(),
        }
    }

    fn version(&self, key: &str, lang: &str) -> Option<PageId> {
        self.by_key_lang.get(&(key, lang)).copied()
    }
}

/// The one way into assembly: [`assemble`] with [`Options`].
pub fn assemble_with(config: Config, loaded: Loaded, options: Options<'_>) -> Result<Site, Failed> {
    let Options {
        mut reuse,
        changed,
        once,
    } = options;
    let spill = once.as_ref().and_then(|o| o.spill);
    let Loaded {
        mut pages,
        mut assets,
        mut errors,
        failed,
    } = loaded;
    documents::name_attachments(&pages, &mut assets);
    // Files that exist but failed their own checks: what leads to them says nothing.
    let failed: HashSet<&str> = failed.iter().map(String::as_str).collect();
    sort_pages(&config, &mut pages);
    let unfilled = take_unfilled(&mut pages, once.is_some());
    check_addresses(&pages, &assets, &mut errors);

    let index = Index::new(&pages);
    let assets_by_source: HashMap<&str, &Asset> =
        assets.iter().map(|a| (a.source_path.as_str(), a)).collect();
    let targets =
        links::Targets::new(&index.by_source, &pages, &assets_by_source).failed(failed.clone());
    album::check_files(&pages, &assets_by_source, &mut errors);
    let documents = documents::assemble(
        &config,
        &pages,
        &assets_by_source,
        &index.by_source,
        &index.by_key_lang,
        &mut errors,
    );
    let kept: Vec<Option<String>> = pages.iter().map(|p| reuse.remove(&p.source_path)).collect();
    let content = fill_bodies(
        &pages,
        &targets,
        kept,
        unfilled,
        changed,
        spill,
        &mut errors,
    );

    let translations = translations(&config, &pages, &index);
    let parent = parents(&pages, &index);
    // Each key folds a title: computed once per page, not once per comparison.
    let keys: Vec<_> = pages.iter().map(order_key).collect();
    let children = children(&config, &pages, &index, &parent);
    let homes = homes(&config, &pages, &index, &failed, &mut errors);
    let event_task_group = event_task_groups(&pages, &index, &failed, &mut errors);
    let members = members(
        &config,
        &pages,
        &translations,
        &event_task_group,
        &children,
        &keys,
        &mut errors,
    );
    let taxonomies = taxonomy::build(&config, &pages, &mut errors);
    let notice_result = notices::resolve(
        &config,
        &pages,
        &index.by_source,
        &index.by_key_lang,
        &mut errors,
    );

    if !errors.is_empty() {
        reuse.extend(
            pages
                .iter()
                .map(|p| p.source_path.clone())
                .zip(content.into_iter().map(Held::into_string)),
        );
        return Err(Failed {
            errors,
            pages,
            assets,
            reuse,
        });
    }
    if once.is_some() {
        // Resolved above; links of an unchanged page matter only to watch.
        for p in &mut pages {
            p.body.links = Vec::new();
        }
    }
    let mut site = Site {
        config,
        pages,
        content: content.into_iter().collect(),
        plain: Bodies::default(),
        assets,
        translations,
        parent,
        children,
        event_task_group,
        members,
        notice_result,
        homes,
        documents,
        taxonomies,
        archive: Vec::new(),
        freezing: None,
        memo: Memo::default(),
        warnings: Vec::new(),
    };
    if once.is_some() {
        // The search index reads each text once; summaries need only its start. In page
        // order, which assembly decided.
        site.plain = site
            .pages
            .iter_mut()
            .map(|p| match p.waiting.take() {
                Some(w) => w.plain_text,
                None => Held::put(p.take_plain_text(), spill),
            })
            .collect();
    }
    Ok(site)
}

/// By language (config order), then address.
fn sort_pages(config: &Config, pages: &mut [Page]) {
    let lang_order = |code: &str| {
        config
            .languages
            .iter()
            .position(|l| l.code == code)
            .unwrap_or(usize::MAX)
    };
    // A page is a large value: sorting keys and moving each page once is cheaper than
    // moving pages at every step of the sort (tens of milliseconds at 10,000 pages).
    pages.sort_by_cached_key(|p| (lang_order(&p.lang), p.url.clone(), p.source_path.clone()));
}

/// For a site rendered once, each page's body as Markdown made it, taken out of the
/// page to be filled in; for `watch`, nothing (the page keeps it).
fn take_unfilled(pages: &mut [Page], once: bool) -> Vec<Option<Held>> {
    pages
        .iter_mut()
        .map(|p| {
            once.then(|| match p.waiting.as_mut() {
                Some(w) => std::mem::replace(&mut w.html, Held::Here(String::new())),
                None => Held::Here(std::mem::take(&mut p.body.html)),
            })
        })
        .collect()
}

/// Two files must never claim one address, and assets must not collide with pages.
fn check_addresses(pages: &[Page], assets: &[Asset], errors: &mut Vec<Diagnostic>) {
    let mut claimed: HashMap<String, &str> = HashMap::new();
    for p in pages {
        let out = links::page_file(&p.url);
        if let Some(other) = claimed.insert(out.clone(), &p.file) {
            errors.push(
                Diagnostic::new(
                    "E0305",
                    &p.file,
                    tr(
                        "E0305",
                        &[
                            ("url", &if p.url.is_empty() { "/" } else { &p.url }),
                            ("other", &other),
                        ],
                    ),
                )
                .help(tr("E0305.help", &[]))
                .at("---", 1, 1),
            );
        }
    }
    for a in assets {
        if let Some(other) = claimed.insert(a.output_path.clone(), &a.source_path) {
            errors.push(
                Diagnostic::new(
                    "E0305",
                    format!("content/{}", a.source_path),
                    tr("E0305.file", &[("other", &other)]),
                )
                .help(tr("E0305.file-help", &[])),
            );
        }
    }
}

/// Every page's final body: its links resolved and filled in (or its body as `watch`
/// kept it, `kept`). Page by page in parallel: on a large site this is a copy of every
/// body, and its errors are gathered per page, in page order.
fn fill_bodies(
    pages: &[Page],
    targets: &links::Targets<'_>,
    kept: Vec<Option<String>>,
    unfilled: Vec<Option<Held>>,
    changed: Option<&BTreeSet<String>>,
    spill: Option<&Arc<SpillFile>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Held> {
    let filled: Vec<(Held, Vec<Diagnostic>)> = pages
        .par_iter()
        .zip(kept)
        .zip(unfilled)
        .map(|((p, body), unfilled)| {
            let mut errors = Vec::new();
            match body {
                Some(body)
                    if changed.is_some_and(|c| !links::leads_to(&p.dir, &p.body.links, c)) =>
                {
                    return (Held::Here(body), errors);
                }
                _ => {}
            }
            let resolved = links::resolve_page_links(p, targets, &mut errors);
            let body = match (body, unfilled) {
                (Some(body), _) => Held::Here(body),
                // Each body waits as it is made: never every page's at once.
                (None, Some(Held::Here(html))) if resolved.is_empty() => Held::put(html, spill),
                (None, Some(away)) if resolved.is_empty() => away,
                (None, Some(Held::Away(f, s))) => Held::ToFill(f, s, resolved.into()),
                (None, Some(html)) => Held::put(fill_links(&html.get(), &resolved), spill),
                (None, None) if resolved.is_empty() => Held::Here(p.body.html.clone()),
                (None, None) => Held::Here(fill_links(&p.body.html, &resolved)),
            };
            (body, errors)
        })
        .collect();
    let mut content = Vec::with_capacity(pages.len());
    for (body, page_errors) in filled {
        content.push(body);
        errors.extend(page_errors);
    }
    content
}

/// Each page's versions in the other languages, in the order of the languages.
fn translations(config: &Config, pages: &[Page], index: &Index<'_>) -> Vec<Vec<PageId>> {
    pages
        .iter()
        .map(|p| {
            config
                .languages
                .iter()
                .filter(|l| l.code != p.lang)
                .filter_map(|l| index.version(&p.key, &l.code))
                .collect()
        })
        .collect()
}

/// Each page's section: the `_index` of the nearest folder above it (same language).
fn parents(pages: &[Page], index: &Index<'_>) -> Vec<Option<PageId>> {
    let section_of_dir = |dir: &str, lang: &str| -> Option<usize> {
        let key = if dir.is_empty() {
            "_index".to_string()
        } else {
            format!("{dir}/_index")
        };
        index.version(&key, lang)
    };
    let mut parent = vec![None; pages.len()];
    for (i, p) in pages.iter().enumerate() {
        let mut dir = p.dir.clone();
        if p.is_section {
            if p.dir.is_empty() {
                continue;
            }
            dir = p
                .dir
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
        }
        loop {
            if let Some(s) = section_of_dir(&dir, &p.lang) {
                parent[i] = Some(s);
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = dir
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
        }
    }
    parent
}

/// Each section's pages, in display order (see [`order`]), with the originals of its
/// translations' pages that have no version in its language.
fn children(
    config: &Config,
    pages: &[Page],
    index: &Index<'_>,
    parent: &[Option<PageId>],
) -> Vec<Vec<PageId>> {
    let by_key_lang = &index.by_key_lang;
    let mut children = vec![Vec::new(); parent.len()];
    for (i, par) in parent.iter().enumerate() {
        if let Some(s) = par {
            children[*s].push(i);
        }
    }
    // A section lists, after its own pages, the pages of its translations that have no
    // version in its language (their originals only): marked there, never missing.
    for (i, p) in pages.iter().enumerate() {
        let Some(s) = parent[i] else { continue };
        if !fallback::is_original(config, pages, by_key_lang, i) {
            continue;
        }
        for l in &config.languages {
            if l.code == p.lang || by_key_lang.contains_key(&(p.key.as_str(), l.code.as_str())) {
                continue;
            }
            if let Some(&there) = by_key_lang.get(&(pages[s].key.as_str(), l.code.as_str())) {
                children[there].push(i);
            }
        }
    }
    for (section, c) in children.iter_mut().enumerate() {
        if !c.is_empty() {
            let (by, order) = order::of_section(pages, section, c);
            order::sort(pages, c, by, order);
        }
    }
    children
}

/// Each language's home page; a language with pages (or the default one) needs one.
fn homes(
    config: &Config,
    pages: &[Page],
    index: &Index<'_>,
    failed: &HashSet<&str>,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PageId> {
    let mut homes = BTreeMap::new();
    for l in &config.languages {
        let has_pages = pages.iter().any(|p| p.lang == l.code);
        match index.version("_index", &l.code) {
            Some(h) => {
                homes.insert(l.code.clone(), h);
            }
            None if has_pages || l.code == config.default_language().code => {
                let source = if l.code == config.default_language().code {
                    "_index.md".to_string()
                } else {
                    format!("_index.{}.md", l.code)
                };
                if failed.contains(source.as_str()) {
                    continue;
                }
                let file = format!("content/{source}");
                errors.push(
                    Diagnostic::new("E0306", file, tr("E0306", &[("language", &l.name)]))
                        .help(tr("E0306.help", &[])),
                );
            }
            None => {}
        }
    }
    homes
}

/// Each event's task group, named by the path of its file (in the event's language
/// when the group has a version in it).
fn event_task_groups(
    pages: &[Page],
    index: &Index<'_>,
    failed: &HashSet<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Option<PageId>> {
    let mut event_task_group = vec![None; pages.len()];
    for (i, p) in pages.iter().enumerate() {
        let Kind::Event(e) = &p.front.kind else {
            continue;
        };
        let Some(reference) = &e.task_group else {
            continue;
        };
        let joined = links::join(&p.dir, &reference.path);
        if joined.as_deref().is_some_and(|j| failed.contains(j)) {
            continue;
        }
        let found = joined.and_then(|j| index.by_source.get(j.as_str()).copied());
        match found {
            Some(t) if matches!(pages[t].front.kind, Kind::TaskGroup(_)) => {
                let same_lang = index.version(&pages[t].key, &p.lang);
                event_task_group[i] = Some(same_lang.unwrap_or(t));
            }
            other => errors.push(no_task_group(pages, p, reference, other.is_some())),
        }
    }
    event_task_group
}

/// `task_group:` names a file that is not a task group (`exists`) or no file.
fn no_task_group(
    pages: &[Page],
    p: &Page,
    reference: &crate::content::front_matter::Reference,
    exists: bool,
) -> Diagnostic {
    let path = &reference.path;
    let what = if exists {
        "E0304.not-a-task-group"
    } else if path.contains('\\') {
        "E0304.backslash"
    } else {
        "E0304"
    };
    let candidates: Vec<&str> = pages
        .iter()
        .filter(|q| matches!(q.front.kind, Kind::TaskGroup(_)) && q.lang == p.lang)
        .map(|q| q.source_path.as_str())
        .collect();
    let written = links::join(&p.dir, path).unwrap_or_default();
    let near: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| suggest::near_file_name(&written, c))
        .collect();
    let closest = crate::diagnostic::did_you_mean(&written, &near);
    let help = match (closest, candidates.first()) {
        _ if path.contains('\\') => tr(
            "E0304.backslash-help",
            &[("path", &path.replace('\\', "/"))],
        ),
        (Some(c), _) => tr(
            "E0301.near",
            &[("word", &links::suggest_relative(&p.dir, c)), ("file", &c)],
        ),
        (None, Some(_)) => tr(
            "E0304.help",
            &[(
                "groups",
                &candidates
                    .iter()
                    .map(|c| links::suggest_relative(&p.dir, c))
                    .collect::<Vec<_>>()
                    .join(", "),
            )],
        ),
        (None, None) => tr("E0304.none", &[]),
    };
    let mut d = Diagnostic::new("E0304", &p.file, tr(what, &[("path", &path)]))
        .help(help)
        .span(path.chars().count());
    d.line = reference.line;
    d.column = reference.column;
    d.source_line = Some(reference.line_text.clone());
    d
}

/// A task group's events, and a plan's task groups (by number, each number once), in
/// display order.
fn members<K: Ord>(
    config: &Config,
    pages: &[Page],
    translations: &[Vec<PageId>],
    event_task_group: &[Option<PageId>],
    children: &[Vec<PageId>],
    keys: &[K],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Vec<PageId>> {
    // A task group's events, in any language, by the group's key: each group lists
    // them in its own language where they are translated, else their originals.
    let mut events_of_group: HashMap<&str, Vec<PageId>> = HashMap::new();
    for (i, tg) in event_task_group.iter().enumerate() {
        if let Some(t) = tg {
            events_of_group
                .entry(pages[*t].key.as_str())
                .or_default()
                .push(i);
        }
    }
    let mut members = vec![Vec::new(); pages.len()];
    for (g, p) in pages.iter().enumerate() {
        if let Some(events) = events_of_group.get(p.key.as_str()) {
            if matches!(p.front.kind, Kind::TaskGroup(_)) {
                members[g] = fallback::localize_in(config, pages, &p.lang, events.iter().copied());
            }
        }
    }
    for (i, p) in pages.iter().enumerate() {
        if let Kind::Plan(_) = p.front.kind {
            let mut groups: Vec<usize> = children[i]
                .iter()
                .copied()
                .filter(|&c| pages[c].lang == p.lang)
                .filter(|&c| matches!(pages[c].front.kind, Kind::TaskGroup(_)))
                .collect();
            groups.sort_by_key(|&g| match &pages[g].front.kind {
                Kind::TaskGroup(t) => t.number,
                _ => 0,
            });
            for w in groups.windows(2) {
                if let (Kind::TaskGroup(a), Kind::TaskGroup(b)) =
                    (&pages[w[0]].front.kind, &pages[w[1]].front.kind)
                {
                    if a.number == b.number {
                        errors.push(
                            Diagnostic::new(
                                "E0307",
                                &pages[w[1]].file,
                                tr(
                                    "E0307",
                                    &[("number", &b.number), ("other", &pages[w[0]].file)],
                                ),
                            )
                            .help(tr("E0307.help", &[])),
                        );
                    }
                }
            }
            // The plan shows every task group of its versions: a translated plan whose
            // groups are not translated yet shows their originals, marked.
            let versions = std::iter::once(i).chain(translations[i].iter().copied());
            let all = versions.flat_map(|v| {
                children[v]
                    .iter()
                    .copied()
                    .filter(|&c| matches!(pages[c].front.kind, Kind::TaskGroup(_)))
            });
            members[i] =
                fallback::localize_in(config, pages, &p.lang, groups.into_iter().chain(all));
        }
    }
    for m in members.iter_mut() {
        m.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{summary_source, summary_text, SUMMARY_CHARS};

    #[test]
    fn a_summary_from_the_kept_start_is_the_summary_from_the_whole_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root).expect("bundled config");
        let loaded = crate::content::load(root, &config, false);
        let mut p = assemble(config, loaded)
            .expect("bundled site")
            .pages
            .swap_remove(0);
        p.front.summary = None;
        let mut summary = |text: &str| {
            p.body.plain_text = text.to_string();
            summary_text(&p)
        };
        for n in [
            0,
            1,
            SUMMARY_CHARS - 1,
            SUMMARY_CHARS,
            SUMMARY_CHARS + 1,
            500,
        ] {
            for unit in ["ệ", "a ", "Tây Hồ "] {
                let whole: String = unit.repeat(n).chars().take(n).collect();
                let kept = summary_source(&whole);
                assert!(whole.starts_with(kept));
                assert_eq!(summary(kept), summary(&whole), "{n} × {unit:?}");
            }
        }
    }

    #[test]
    fn a_site_assembled_once_keeps_every_whole_plain_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(root).expect("bundled config");
        let both = || crate::content::load(root, &config, false);
        let kept = assemble(config.clone(), both()).expect("bundled site");
        let spill = SpillFile::new();
        let options = Options {
            once: Some(Once {
                spill: spill.as_ref(),
            }),
            ..Default::default()
        };
        let once = assemble_with(
            config.clone(),
            crate::content::load_spilling(root, &config, false, spill.as_ref()),
            options,
        )
        .map_err(|f| f.errors)
        .expect("bundled site");
        assert!(spill.is_some());
        assert!(once.pages.iter().all(|p| p.body.html.is_empty()));
        assert_eq!(once.plain.len(), kept.pages.len());
        assert!(once
            .pages
            .iter()
            .any(|p| p.body.plain_text.chars().count() == SUMMARY_CHARS + 1));
        for id in 0..kept.pages.len() {
            assert_eq!(once.plain_text(id), kept.plain_text(id));
            assert_eq!(once.content.get(id), kept.content.get(id));
            assert_eq!(summary_text(&once.pages[id]), summary_text(&kept.pages[id]));
        }
    }
}
