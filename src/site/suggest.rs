//! Did-you-mean for a link that leads nowhere (a missing page, a missing heading), found
//! through an index of the names that are there instead of comparing each broken link
//! with every page: that scan made 4,000 broken links on 4,000 pages take 30 s (issue 20,
//! case 10).
//!
//! Names are indexed by their folded form (see [`crate::text::slugify`]: case, tones,
//! `đ`, spaces and `_` do not count), by every form with one character left out, and,
//! for the file name, by every prefix ending before a `-`. A broken name looks up the
//! same keys of its own; what it finds covers what editors get wrong: case or accents,
//! one character missing, extra, wrong or two swapped, the right file in another
//! folder, a suffix added or cut (`ngay-phap-luat-2019.md` for `ngay-phap-luat.md`).
//! The few names found are then ranked exactly as before, by
//! [`crate::diagnostic::did_you_mean`] (edit distance, same limit), so a suggestion is
//! never further from the link than it used to be allowed to be.

use crate::diagnostic::did_you_mean;
use crate::text::slugify;
use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

/// At most this many names are taken from one key: a key shared by hundreds of names
/// (a common prefix) points at none of them in particular, and taking them all would
/// make one lookup a scan again.
const PER_KEY: usize = 32;

/// The names links may lead to, indexed for suggestions.
pub struct Suggester<'a> {
    /// Sorted: a bucket lists names in this order, so a capped bucket and a tie in
    /// the ranking both resolve the same way on every run.
    names: Vec<&'a str>,
    /// Key hash to indices into `names`. A hash collision only adds a candidate, which
    /// the ranking then judges like any other.
    by_key: HashMap<u64, Vec<u32>>,
    /// Names are file paths (`.md` and the like left out when folding), not ids.
    paths: bool,
}

#[derive(Hash, Clone, Copy)]
enum Kind {
    /// The folded name itself.
    Whole,
    /// The folded name with one character left out.
    Deleted,
    /// A prefix of the folded file name, ending before one of its `-`.
    Prefix,
}

#[derive(Hash, Clone, Copy)]
enum Part {
    /// The whole path (folder and file, extension left out).
    Path,
    /// The file name alone (extension left out).
    File,
}

fn key(part: Part, kind: Kind, s: &str) -> u64 {
    // `DefaultHasher::new()` has fixed keys: the same hash on every run.
    let mut h = DefaultHasher::new();
    (part, kind, s).hash(&mut h);
    h.finish()
}

/// The folded forms of a name: the whole path and the file name, each without its
/// extension (for paths), each segment slugified.
fn folded(name: &str, paths: bool) -> (String, String) {
    let without_ext = match name.rsplit_once('.') {
        Some((stem, ext)) if paths && !stem.is_empty() && !ext.contains('/') => stem,
        _ => name,
    };
    let path: Vec<String> = without_ext.split('/').map(slugify).collect();
    let file = path.last().cloned().unwrap_or_default();
    (path.join("/"), file)
}

/// `s` with each of its characters left out in turn (slugs are ASCII; other text is
/// cut at character boundaries all the same).
fn deletions(s: &str) -> impl Iterator<Item = String> + '_ {
    s.char_indices()
        .map(move |(i, c)| format!("{}{}", &s[..i], &s[i + c.len_utf8()..]))
}

/// The prefixes of a file name that end just before one of its `-`.
fn dash_prefixes(s: &str) -> impl Iterator<Item = &str> {
    s.match_indices('-').map(move |(i, _)| &s[..i])
}

impl<'a> Suggester<'a> {
    /// For file paths under `content/` (`su-kien/ngay-phap-luat.md`).
    pub fn paths(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self::new(names, true)
    }

    /// For heading ids.
    pub fn ids(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self::new(names, false)
    }

    fn new(names: impl IntoIterator<Item = &'a str>, paths: bool) -> Self {
        let mut names: Vec<&'a str> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        let mut by_key: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            let i = i as u32;
            let (path, file) = folded(name, paths);
            let mut add = |k: u64| {
                let bucket = by_key.entry(k).or_default();
                // A name can give the same key twice (`aab` less either `a`).
                if bucket.last() != Some(&i) {
                    bucket.push(i);
                }
            };
            for (part, s) in [(Part::Path, &path), (Part::File, &file)] {
                add(key(part, Kind::Whole, s));
                for d in deletions(s) {
                    add(key(part, Kind::Deleted, &d));
                }
            }
            for p in dash_prefixes(&file) {
                add(key(Part::File, Kind::Prefix, p));
            }
        }
        Suggester {
            names,
            by_key,
            paths,
        }
    }

    /// The name closest to `word` within the usual edit-distance limit, if the index
    /// leads to one.
    pub fn suggest(&self, word: &str) -> Option<&'a str> {
        self.suggest_where(word, |_| true)
    }

    /// [`Suggester::suggest`] among the names `keep` accepts: a link never gets a page
    /// of another language, nor a page whose file name is far from the one written.
    pub fn suggest_where(&self, word: &str, keep: impl Fn(&str) -> bool) -> Option<&'a str> {
        let (path, file) = folded(word, self.paths);
        let mut keys = Vec::new();
        for (part, s) in [(Part::Path, &path), (Part::File, &file)] {
            // Same name, or one character missing from the word.
            keys.push(key(part, Kind::Whole, s));
            keys.push(key(part, Kind::Deleted, s));
            for d in deletions(s) {
                // One character too many in the word.
                keys.push(key(part, Kind::Whole, &d));
                // One character wrong, or two swapped.
                keys.push(key(part, Kind::Deleted, &d));
            }
        }
        // A suffix added to the name (`-2019`), or cut from it.
        for p in dash_prefixes(&file) {
            keys.push(key(Part::File, Kind::Whole, p));
        }
        keys.push(key(Part::File, Kind::Prefix, &file));

        let found: BTreeSet<u32> = keys
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .flat_map(|bucket| bucket.iter().take(PER_KEY).copied())
            .collect();
        let candidates: Vec<&'a str> = found
            .iter()
            .map(|&i| self.names[i as usize])
            .filter(|name| keep(name))
            .collect();
        did_you_mean(word, &candidates)
    }
}

/// The language suffix of a content path (`en` of `a/b.en.md`) among `languages`;
/// None for a file of the default language, which has none.
pub fn language_suffix<'s>(path: &'s str, languages: &[&str]) -> Option<&'s str> {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    let file = stem.rsplit('/').next().unwrap_or(stem);
    let (_, code) = file.rsplit_once('.')?;
    languages.contains(&code).then_some(code)
}

/// Whether the file names of two content paths are close enough that one was likely
/// meant for the other: the same name in another folder, a suffix added or cut at a
/// `-`, or a few characters wrong. Whole paths alone are too lenient: two task groups
/// `01-kinh-te-do-thi.md` and `02-van-hoa-xa-hoi.md` share their whole folder.
pub fn near_file_name(written: &str, candidate: &str) -> bool {
    let (_, a) = folded(written, true);
    let (_, b) = folded(candidate, true);
    let prefix = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with('-'))
    };
    a == b || prefix(&a, &b) || prefix(&b, &a) || did_you_mean(&a, &[b.as_str()]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> Vec<&'static str> {
        vec![
            "ngay-phap-luat.md",
            "su-kien/hoi-cho-ocop.md",
            "su-kien/tiem-chung.md",
            "ke-hoach/2020-q4/01.md",
            "ke-hoach/2020-q4/index.md",
            "ke-hoach/2021-q1/index.md",
        ]
    }

    #[test]
    fn finds_what_editors_get_wrong() {
        let s = Suggester::paths(pages());
        let cases = [
            ("ngay-phap-luat-2019.md", "ngay-phap-luat.md"),
            ("ngay-phap.md", "ngay-phap-luat.md"),
            ("Ngày-Pháp-Luật.md", "ngay-phap-luat.md"),
            ("ngay-phap-luatt.md", "ngay-phap-luat.md"),
            ("ngay-phap-lut.md", "ngay-phap-luat.md"),
            ("ngay-phap-luta.md", "ngay-phap-luat.md"),
            ("su-kien/hoi-cho-ocpo.md", "su-kien/hoi-cho-ocop.md"),
            ("su-kien/moi/hoi-cho-ocop.md", "su-kien/hoi-cho-ocop.md"),
            ("su-kein/tiem-chung.md", "su-kien/tiem-chung.md"),
            ("ke-hoach/2020-q4/02.md", "ke-hoach/2020-q4/01.md"),
            ("ke-hoach/2021-q2/index.md", "ke-hoach/2021-q1/index.md"),
        ];
        for (word, want) in cases {
            assert_eq!(s.suggest(word), Some(want), "{word}");
        }
    }

    #[test]
    fn file_names_must_be_near() {
        assert!(near_file_name(
            "a/01-kinh-te-do-th.md",
            "b/01-kinh-te-do-thi.md"
        ));
        assert!(near_file_name("ngay-phap.md", "ngay-phap-luat.md"));
        assert!(near_file_name("su-kien/moi/x.md", "su-kien/x.md"));
        assert!(!near_file_name(
            "ke-hoach/2021-q1/02-van-hoa-xa-hoi.md",
            "ke-hoach/2021-q1/01-kinh-te-do-thi.md"
        ));
    }

    #[test]
    fn language_suffixes() {
        let langs = ["vi", "en"];
        assert_eq!(language_suffix("su-kien/a.en.md", &langs), Some("en"));
        assert_eq!(language_suffix("su-kien/a.md", &langs), None);
        assert_eq!(language_suffix("v1.2/a.md", &langs), None);
        assert_eq!(language_suffix("a.fr.md", &langs), None);
    }

    #[test]
    fn suggests_nothing_far() {
        let s = Suggester::paths(pages());
        assert_eq!(s.suggest("bao-cao-tai-chinh-nam.md"), None);
        assert_eq!(s.suggest("x.md"), None);
    }

    #[test]
    fn heading_ids_keep_their_dots() {
        let s = Suggester::ids(["muc-tieu", "v1.2", "ket-qua"]);
        assert_eq!(s.suggest("muc-tieuu"), Some("muc-tieu"));
        assert_eq!(s.suggest("v1.3"), Some("v1.2"));
        assert_eq!(s.suggest("ket-qua-20"), Some("ket-qua"));
    }

    /// Whatever the index finds, the scan over every name found too, or better.
    #[test]
    fn never_suggests_what_the_full_scan_would_not_allow() {
        let names: Vec<String> = (0..300).map(|i| format!("p/trang-{i:03}.md")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let s = Suggester::paths(refs.iter().copied());
        for i in 0..300 {
            let word = format!("p/trang-{i:03}x.md");
            let got = s.suggest(&word);
            let scan = did_you_mean(&word, &refs);
            assert_eq!(got, scan, "{word}");
        }
    }
}
