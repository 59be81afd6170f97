//! The theme: Tera templates and label translations, from `themes/<name>/` and the
//! themes it extends, with the site's own `templates/` and `i18n/` overriding them file
//! by file. A template may also extend a theme's template by name
//! (`{% extends "default/base.html" %}`) and replace only some of its blocks; labels
//! are merged key by key.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::{tr, tr_n};
use crate::yaml;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

pub struct Theme {
    pub tera: Tera,
    /// Labels per language code.
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// Static files: output path → source file, theme first, site overrides after.
    pub static_files: BTreeMap<String, PathBuf>,
}

/// Files under `dir`, keyed by their `/`-separated relative path, sorted.
fn files_under(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::content::is_editor_temp(&name) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                entry.path().to_path_buf(),
            );
        }
    }
    out
}

fn shown(root: &Path, p: &Path) -> String {
    crate::diagnostic::display_path(root, p)
}

/// What `themes/<name>/theme.yaml` may say.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    /// A theme this one builds on: its templates, labels and static files are used
    /// wherever this theme has no file of the same name.
    extends: Option<String>,
}

const THEME_FILE: &str = "theme.yaml";

/// The folders of a theme and of the themes it extends, the furthest ancestor first, so
/// that each later folder's files replace the earlier ones' of the same name.
fn theme_chain(root: &Path, name: &str) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut current = name.to_string();
    loop {
        let dir = root.join("themes").join(&current);
        let file = dir.join(THEME_FILE);
        names.push(current.clone());
        chain.insert(0, dir);
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(chain),
            Err(e) => {
                return Err(Box::new(Diagnostic::new(
                    "E0406",
                    shown(root, &file),
                    tr(
                        "E0406.read",
                        &[("reason", &crate::diagnostic::os_reason(&e))],
                    ),
                )))
            }
        };
        let parsed: ThemeFile = match yaml::parse::<Option<ThemeFile>>(&text) {
            Ok(t) => t.unwrap_or_default(),
            Err(e) => {
                return Err(Box::new(
                    Diagnostic::new(
                        "E0406",
                        shown(root, &file),
                        tr("E0406", &[("reason", &e.message)]),
                    )
                    .at(&text, e.line, e.column)
                    .help(tr("E0406.help", &[])),
                ))
            }
        };
        let Some(parent) = parsed.extends else {
            return Ok(chain);
        };
        let at = |d: Diagnostic| match yaml::top_level_keys(&text)
            .into_iter()
            .find(|k| k.key == "extends")
        {
            Some(k) => d
                .at(&text, k.line, k.value_column)
                .span(parent.chars().count()),
            None => d,
        };
        if names.contains(&parent) {
            return Err(Box::new(
                at(Diagnostic::new(
                    "E0406",
                    shown(root, &file),
                    tr(
                        "E0406.circle",
                        &[("chain", &format!("{} → {parent}", names.join(" → ")))],
                    ),
                ))
                .help(tr("E0406.circle-help", &[])),
            ));
        }
        if !root.join("themes").join(&parent).is_dir() {
            let available = theme_names(root);
            let list: Vec<&str> = available.iter().map(String::as_str).collect();
            let help = match crate::diagnostic::did_you_mean(&parent, &list) {
                Some(s) => tr(
                    "E0401.help-near",
                    &[("word", &s), ("themes", &available.join(", "))],
                ),
                None => tr("E0401.help", &[("themes", &available.join(", "))]),
            };
            return Err(Box::new(
                at(Diagnostic::new(
                    "E0406",
                    shown(root, &file),
                    tr("E0406.parent", &[("theme", &current), ("parent", &parent)]),
                ))
                .help(help),
            ));
        }
        current = parent;
    }
}

fn theme_names(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every template a theme chain and the site make reachable, as `(name, text, file)`.
///
/// Each theme's templates are registered under `<theme>/<path>`, together with every
/// template it inherits from the themes it extends (the way Zola's
/// `rewrite_theme_paths` names a theme's templates), so a template can
/// `{% extends "default/base.html" %}` and override single blocks, and
/// `congthongtin/page.html` names the page template that theme uses, whether it holds
/// the file or inherits it. The bare names (`page.html`, what pages are rendered with
/// and what `extends` and `include` usually say) are the site's own `templates/`, and
/// for the rest the most derived theme's.
fn template_sources(
    root: &Path,
    chain: &[PathBuf],
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, String, PathBuf)> {
    let mut named: Vec<(String, PathBuf)> = Vec::new();
    let mut inherited: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in chain {
        let theme = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        inherited.extend(files_under(&dir.join("templates")));
        named.extend(
            inherited
                .iter()
                .map(|(rel, path)| (format!("{theme}/{rel}"), path.clone())),
        );
    }
    inherited.extend(files_under(&root.join("templates")));
    named.extend(inherited);
    // One read per file, however many names it has; a file that cannot be read is
    // reported once.
    let mut texts: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let mut sources = Vec::new();
    for (name, path) in named {
        let text = texts.entry(path.clone()).or_insert_with(|| {
            std::fs::read_to_string(&path)
                .map_err(|e| {
                    errors.push(Diagnostic::new(
                        "E0402",
                        shown(root, &path),
                        tr("E0402", &[("reason", &crate::diagnostic::os_reason(&e))]),
                    ))
                })
                .ok()
        });
        if let Some(text) = text {
            sources.push((name, text.clone(), path));
        }
    }
    sources
}

pub fn load(root: &Path, theme_name: &str, languages: &[String]) -> Result<Theme, Vec<Diagnostic>> {
    let theme_dir = root.join("themes").join(theme_name);
    if !theme_dir.is_dir() {
        let available = theme_names(root);
        let config_text =
            std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
        let mut d = Diagnostic::new(
            "E0401",
            crate::config::CONFIG_FILE,
            tr("E0401", &[("theme", &theme_name)]),
        );
        if let Some(k) = yaml::top_level_keys(&config_text)
            .into_iter()
            .find(|k| k.key == "theme")
        {
            d = d
                .at(&config_text, k.line, k.value_column)
                .span(theme_name.chars().count());
        }
        let names: Vec<&str> = available.iter().map(String::as_str).collect();
        return Err(vec![d.help(
            if let Some(s) = crate::diagnostic::did_you_mean(theme_name, &names) {
                tr(
                    "E0401.help-near",
                    &[("word", &s), ("themes", &available.join(", "))],
                )
            } else if available.is_empty() {
                tr("E0401.none", &[])
            } else {
                tr("E0401.help", &[("themes", &available.join(", "))])
            },
        )]);
    }
    let chain = theme_chain(root, theme_name).map_err(|d| vec![*d])?;
    let mut errors = Vec::new();
    let sources = template_sources(root, &chain, &mut errors);
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    // Templates are added one by one to find every syntax error with its file (each
    // file once, under its first name); the batch add afterwards checks inheritance.
    let mut probed = std::collections::BTreeSet::new();
    for (name, text, path) in &sources {
        if !probed.insert(path) {
            continue;
        }
        let mut probe = Tera::new();
        if let Err(e) = probe.add_raw_template(name, text) {
            // Alone, a template cannot find its parent: only syntax is judged here.
            if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                if let Some(d) = template_error(root, path, text, &e) {
                    errors.push(d);
                }
            }
        }
    }
    if errors.is_empty() {
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            let (path, text) = e
                .report()
                .and_then(|r| sources.iter().find(|(n, _, _)| n == r.filename()))
                .map(|(_, t, p)| (p.clone(), t.clone()))
                .unwrap_or_else(|| (theme_dir.join("templates"), String::new()));
            let mut d = template_error(root, &path, &text, &e)
                .unwrap_or_else(|| Diagnostic::new("E0403", shown(root, &path), e.to_string()));
            if let Some(d2) = extends_itself(root, &e, &sources, &chain) {
                d = d2;
            }
            errors.push(d);
        }
    }

    let mut labels = BTreeMap::new();
    for lang in languages {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        let dirs = chain
            .iter()
            .map(|d| d.join("i18n"))
            .chain([root.join("i18n")]);
        for dir in dirs {
            let file = [dir.join(format!("{lang}.yaml")), dir.join("en.yaml")]
                .into_iter()
                .find(|p| p.is_file());
            let Some(file) = file else { continue };
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(Diagnostic::new(
                        "E0404",
                        shown(root, &file),
                        tr(
                            "E0404.read",
                            &[("reason", &crate::diagnostic::os_reason(&e))],
                        ),
                    ));
                    continue;
                }
            };
            match yaml::parse::<BTreeMap<String, String>>(&text) {
                Ok(m) => map.extend(m),
                Err(e) => errors.push(
                    Diagnostic::new(
                        "E0404",
                        shown(root, &file),
                        tr("E0404", &[("reason", &e.message)]),
                    )
                    .at(&text, e.line, e.column)
                    .help(tr("E0404.help", &[])),
                ),
            }
        }
        labels.insert(lang.clone(), map);
    }

    let mut static_files = BTreeMap::new();
    for dir in &chain {
        static_files.extend(files_under(&dir.join("static")));
    }
    static_files.extend(files_under(&root.join("static")));

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Theme {
        tera,
        labels,
        static_files,
    })
}

/// The likeliest inheritance mistake now that templates extend by block: the site's
/// `templates/event.html` saying `{% extends "event.html" %}`, which names itself.
fn extends_itself(
    root: &Path,
    e: &tera::Error,
    sources: &[(String, String, PathBuf)],
    chain: &[PathBuf],
) -> Option<Diagnostic> {
    let tera::ErrorKind::CircularExtend {
        tpl,
        inheritance_chain,
    } = e.kind()
    else {
        return None;
    };
    // The chain ends with the template that closed the loop; it names itself when the
    // one before it is the same (or the chain is the template alone).
    let name: &str = match inheritance_chain.as_slice() {
        [.., before, last] if before == last => last,
        [only] if only == tpl => only,
        _ => return None,
    };
    let (_, _, path) = sources.iter().find(|(n, _, _)| n == name)?;
    // A site template builds on the theme; a theme's template on the theme it extends.
    let theme_of = |d: &PathBuf| d.file_name().map(|n| n.to_string_lossy().into_owned());
    let parent = match chain.iter().position(|d| path.starts_with(d)) {
        Some(at) => theme_of(chain.get(at.checked_sub(1)?)?)?,
        None => theme_of(chain.last()?)?,
    };
    let bare = chain
        .iter()
        .filter_map(theme_of)
        .find_map(|t| name.strip_prefix(&format!("{t}/")).map(str::to_string))
        .unwrap_or_else(|| name.to_string());
    Some(
        Diagnostic::new(
            "E0403",
            shown(root, path),
            tr("E0403.itself", &[("name", &name)]),
        )
        .help(tr(
            "E0403.itself-help",
            &[("bare", &bare), ("parent", &parent)],
        )),
    )
}

trait Report {
    fn report(&self) -> Option<&tera::ReportError>;
}

impl Report for tera::Error {
    fn report(&self) -> Option<&tera::ReportError> {
        match self.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        }
    }
}

fn template_error(root: &Path, path: &Path, text: &str, e: &tera::Error) -> Option<Diagnostic> {
    let file = shown(root, path);
    let d = match e.report() {
        Some(r) => {
            let span = r.span();
            Diagnostic::new("E0403", file, tr("E0403", &[("reason", &r.message())]))
                .at(text, span.start_line, span.start_col + 1)
                .span(if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                })
        }
        None => Diagnostic::new("E0403", file, tr("E0403", &[("reason", &e)])),
    };
    Some(d.help(tr("E0403.help", &[])))
}

/// Turns rendering failures into diagnostics. One template mistake fails every page
/// that uses it, so failures with the same cause are reported once, with a count.
pub fn group_render_errors(mut failures: Vec<(&str, String, tera::Error)>) -> Vec<Diagnostic> {
    failures.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out: Vec<(String, Diagnostic, usize)> = Vec::new();
    for (template, page_file, e) in failures {
        let detail = match e.report() {
            Some(r) => tr(
                "E0405.where",
                &[
                    ("reason", &r.message()),
                    ("template", &r.filename()),
                    ("line", &r.span().start_line),
                ],
            ),
            None => e.to_string(),
        };
        let key = format!("{template}\0{detail}");
        match out.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, n)) => *n += 1,
            None => out.push((
                key,
                Diagnostic::new(
                    "E0405",
                    page_file,
                    tr("E0405", &[("template", &template), ("detail", &detail)]),
                )
                .help(tr("E0405.help", &[])),
                0,
            )),
        }
    }
    out.into_iter()
        .map(|(_, mut d, more)| {
            if more > 0 {
                d.message.push_str(&tr_n("E0405.more", more, &[]));
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// The five entities every page was escaped with before Tera's `fast_escape` took
    /// over: output must stay byte for byte the same.
    fn reference(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    fn tera_escaped(s: &str) -> String {
        let mut v = Vec::new();
        tera::escape_html(s, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn tera_escapes_the_five_characters_as_before() {
        for s in [
            "",
            "<script>alert('x')</script>",
            "a \"quoted\" & <b>bold</b> 'single'",
            "Đường Âu Cơ & Lạc Long Quân > 40,2 %",
            "&&&<<<>>>''\"\"",
            // Longer than a SIMD block, escapes at its edges.
            "0123456789abcde&0123456789abcd<>0123456789abcdef'",
        ] {
            assert_eq!(tera_escaped(s), reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tera_escapes_any_text_as_before(s in "[&<>\"'a-zđ ệ\u{300}]{0,80}|\\PC{0,80}") {
            proptest::prop_assert_eq!(tera_escaped(&s), reference(&s));
        }
    }
}
