//! Temporary sites and their files: a fixture folder, the bundled site or the `init`
//! skeleton copied into a fresh folder with the themes it needs, and the few ways the
//! tests write into a site and read back what it holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        let rel = entry.path().strip_prefix(src).expect("inside src");
        let to = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// A site put together in a fresh temporary folder, piece by piece:
/// `SiteBuilder::fixture("minimal").theme("default").file("content/a.md", "…").done()`.
pub struct SiteBuilder {
    dir: tempfile::TempDir,
}

impl SiteBuilder {
    /// An empty folder.
    pub fn empty() -> SiteBuilder {
        SiteBuilder {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// A copy of tests/fixtures/`name` (a path below it, e.g. `diagnostics/bad-dates`).
    pub fn fixture(name: &str) -> SiteBuilder {
        SiteBuilder::empty().copy(&repo().join("tests/fixtures").join(name), "")
    }

    /// The bundled Tây Hồ site: its config.yaml and content/.
    pub fn bundled() -> SiteBuilder {
        let b = SiteBuilder::empty();
        copy_bundled_content(b.root());
        b
    }

    /// All of the repository's themes.
    pub fn themes(self) -> SiteBuilder {
        self.copy(&repo().join("themes"), "themes")
    }

    /// One of the repository's themes.
    pub fn theme(self, name: &str) -> SiteBuilder {
        let rel = format!("themes/{name}");
        self.copy(&repo().join(&rel), &rel)
    }

    /// `text` written at `rel` (folders made as needed).
    pub fn file(self, rel: &str, text: impl AsRef<[u8]>) -> SiteBuilder {
        write(self.root(), rel, text);
        self
    }

    fn copy(self, from: &Path, rel: &str) -> SiteBuilder {
        copy_dir(from, &self.root().join(rel));
        self
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn done(self) -> tempfile::TempDir {
        self.dir
    }
}

/// A fresh copy of a fixture site (from tests/fixtures/NAME, or the bundled site when
/// NAME is "bundled"), with the repository's themes.
pub fn site(name: &str) -> tempfile::TempDir {
    match name {
        "bundled" => SiteBuilder::bundled(),
        _ => SiteBuilder::fixture(name),
    }
    .themes()
    .done()
}

fn copy_bundled_content(root: &Path) {
    copy_dir(&repo().join("content"), &root.join("content"));
    std::fs::create_dir_all(root).expect("mkdir");
    std::fs::copy(repo().join("config.yaml"), root.join("config.yaml")).expect("config");
}

/// The bundled site (config, content, every theme) copied into `root`.
pub fn copy_bundled(root: &Path) {
    copy_bundled_content(root);
    copy_dir(&repo().join("themes"), &root.join("themes"));
}

/// The bundled site (config, content, every theme) in a fresh folder.
pub fn bundled_site() -> tempfile::TempDir {
    site("bundled")
}

/// A site made by `congkhai init` at `<temporary folder>/site`: the folder (kept as
/// long as the guard lives) and the site's root.
pub fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let o = crate::common::congkhai(&["init"]).arg(&root).output();
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    (tmp, root)
}

/// tests/fixtures/watch-site with the repository's themes, copied into `dir/site`.
pub fn fixture_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    copy_dir(&repo().join("tests/fixtures/watch-site"), &root);
    copy_dir(&repo().join("themes"), &root.join("themes"));
    root
}

/// The notices test site: the bundled site plus ten notices (test data), written by
/// tests/fixtures/notices/make_site.py into a temporary folder (not built).
pub fn notices_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = Command::new("python3")
        .arg(repo().join("tests/fixtures/notices/make_site.py"))
        .arg(dir.path())
        .output()
        .expect("python3 runs");
    assert!(made.status.success(), "{}", crate::common::stderr(&made));
    dir
}

/// A section `content/trang` of `n` pages (test data) at `version`, each with a tag of
/// 50 and a paragraph of `sentences` sentences: a site big enough for a build to take
/// a while.
pub fn write_pages(root: &Path, n: usize, version: &str, sentences: usize) {
    write(
        root,
        "content/trang/_index.md",
        format!("---\ntitle: Trang {version}\n---\n"),
    );
    for i in 0..n {
        write(
            root,
            &format!("content/trang/p{i:05}.md"),
            format!(
                "---\ntitle: Trang {i}\ntags: [t{}]\n---\n## Mục {i}\n\nPhiên bản {version}. {}\n",
                i % 50,
                "Nội dung kế hoạch quý. ".repeat(sentences)
            ),
        );
    }
}

/// Points the site's config.yaml at `theme`.
pub fn set_theme(root: &Path, theme: &str) {
    let config = root.join("config.yaml");
    let text: String = read(&config)
        .lines()
        .map(|l| {
            if l.starts_with("theme:") {
                format!("theme: {theme}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    write(root, "config.yaml", text);
}

/// Writes `text` at `root/rel`, making its folders.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of `rel` in the site's built output (`root/output/rel`).
pub fn published(root: &Path, rel: &str) -> String {
    read(&root.join("output").join(rel))
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    paths(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, bytes)
        })
        .collect()
}

/// [`tree`] of a folder a running process may be changing: a file that goes away
/// between listing and reading reads as empty (the caller polls until it settles).
pub fn tree_while_written(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    paths(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap_or_default();
            (rel, bytes)
        })
        .collect()
}

/// The `/`-separated relative paths of the files under `dir`, sorted.
pub fn paths(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// The `.html` files under `dir`, as [`paths`] gives them.
pub fn html_files(dir: &Path) -> Vec<String> {
    paths(dir)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

/// The names in one folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}
