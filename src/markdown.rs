//! Markdown to HTML, once per page. Headings get Vietnamese-aware ids; links to other
//! pages are left as numbered placeholders, because their targets' URLs are only known
//! once the whole site is loaded (the assemble stage fills them in).

use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// A heading of the page, for anchors and the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image whose target must be resolved against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub line: usize,
    pub column: usize,
    pub is_image: bool,
    /// The source line, so an unresolved link can be shown without rereading the file.
    pub line_text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    /// HTML with [`placeholder`]`N` placeholders for `links[N]`.
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// The text without markup, for summaries and the search index. In a site
    /// assembled to be rendered once, only its start stays here (what a summary can
    /// show); the whole text is [`crate::site::Site::plain_text`].
    pub plain_text: String,
    pub errors: Vec<Diagnostic>,
    /// Plausible mistakes (an image without alt text), reported as warnings.
    pub warnings: Vec<Diagnostic>,
}

/// The scheme of link placeholders, let through the HTML sanitiser.
const PLACEHOLDER_SCHEME: &str = "congkhai";

/// What every link placeholder starts with: `congkhai:link-<nonce>:` then the link's
/// number. The nonce is random per process, so text in a page cannot be mistaken for a
/// placeholder: a page that said `congkhai:link:0` had another link's address put in
/// its place (issue 20, case 12). Placeholders never reach the output (each is filled,
/// an unknown one with `#`), so the output stays the same from run to run.
pub fn placeholder() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        // std's per-process random hash keys: no extra crate for 64 random bits.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(std::process::id().into());
        format!("{PLACEHOLDER_SCHEME}:link-{:016x}:", h.finish())
    })
}

pub struct Source<'a> {
    /// The whole file, for showing the offending line.
    pub file_text: &'a str,
    pub body: &'a str,
    /// 1-based line in the file where `body` starts.
    pub body_first_line: usize,
    pub file: &'a str,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// True for a destination that leaves the site (`https:`, `mailto:`, `tel:`...).
fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Browsers ignore ASCII whitespace and control characters inside a scheme, so they
/// are ignored here too before looking for `javascript:`.
fn is_script_url(dest: &str) -> bool {
    let squeezed: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:")
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    /// 0-based line and 1-based column (in characters) of a byte offset.
    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.0[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }

    /// The text of 0-based line `line`, without its line break.
    fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.0.get(line).copied().unwrap_or(text.len());
        let end = self.0.get(line + 1).map_or(text.len(), |&next| next - 1);
        let line = text.get(start..end).unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }
}

/// A heading being read: level, explicit id, classes, inner events.
type PendingHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<Event<'a>>,
);

pub fn render(src: &Source<'_>, allow_html: bool) -> Rendered {
    let mut out = Rendered::default();
    // The plain text is at most about the body's length: one allocation, not a dozen.
    out.plain_text.reserve(src.body.len());
    let lines = LineIndex::new(src.body);
    let mut used_ids: HashSet<String> = HashSet::new();
    // Per id base, the last numeric suffix handed out (0: only the bare base so far).
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    // Events of the heading being read, held back until its text (and so its id) is
    // known; every other event goes straight to the HTML writer.
    let mut heading: Option<PendingHeading<'_>> = None;
    let mut heading_text = String::new();
    let mut ready: std::collections::VecDeque<Event<'_>> = std::collections::VecDeque::new();
    let mut parser = Parser::new_ext(src.body, options()).into_offset_iter();
    let mut html = String::with_capacity(src.body.len() * 3 / 2);

    let events = std::iter::from_fn(|| loop {
        if let Some(e) = ready.pop_front() {
            return Some(e);
        }
        let (event, range) = parser.next()?;
        let event = match event {
            Event::Html(s) | Event::InlineHtml(s) if !allow_html => Event::Text(s),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: link_dest(src, &lines, &mut out, dest_url, range.start, false),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: {
                    no_alt(src, &lines, &mut out, range.clone(), &dest_url);
                    link_dest(src, &lines, &mut out, dest_url, range.start, true)
                },
                title,
                id,
            }),
            other => other,
        };
        if let Event::Text(t) | Event::Code(t) = &event {
            if !out.plain_text.is_empty() && !out.plain_text.ends_with(' ') {
                out.plain_text.push(' ');
            }
            out.plain_text.push_str(t.trim());
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((level, id, classes, Vec::new()));
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((_, explicit_id, classes, inner)) = heading.take() {
                    let base = match explicit_id {
                        Some(id) => slugify(&id),
                        None => slugify(&heading_text),
                    };
                    let base = if base.is_empty() {
                        "muc".to_string()
                    } else {
                        base
                    };
                    // Each base resumes counting where it stopped: ids only ever join
                    // `used_ids`, so every suffix tried before is still taken, and the
                    // ids are the same as counting from 1 each time, without the
                    // quadratic walk (20,000 `## a` took 26-40 s, issue 20 case 10).
                    let n = next_suffix.entry(base.clone()).or_insert(0);
                    let mut id = base.clone();
                    if *n > 0 || !used_ids.insert(id.clone()) {
                        loop {
                            *n += 1;
                            id = format!("{base}-{n}");
                            if used_ids.insert(id.clone()) {
                                break;
                            }
                        }
                    }
                    out.headings.push(Heading {
                        level: level as u8,
                        id: id.clone(),
                        title: heading_text.trim().to_string(),
                    });
                    ready.push_back(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes,
                        attrs: Vec::new(),
                    }));
                    ready.extend(inner);
                    ready.push_back(Event::End(TagEnd::Heading(level)));
                }
            }
            e => match heading.as_mut() {
                Some((_, _, _, inner)) => {
                    if let Event::Text(t) | Event::Code(t) = &e {
                        heading_text.push_str(t);
                    }
                    inner.push(e);
                }
                None => return Some(e),
            },
        }
    });
    pulldown_cmark::html::push_html(&mut html, events);
    out.html = if allow_html { sanitize(&html) } else { html };
    // Every page's body stays in memory until the render: growth by doubling would
    // leave up to half of each buffer unused, tens of megabytes on a large site.
    out.html.shrink_to_fit();
    out.plain_text.shrink_to_fit();
    out
}

/// An image written `![](a.png)`, with no text for those who cannot see it: a warning
/// (W0106; an album's photos are checked by their own rule, E0126).
fn no_alt(
    src: &Source<'_>,
    lines: &LineIndex,
    out: &mut Rendered,
    range: std::ops::Range<usize>,
    dest: &str,
) {
    let written = src.body.get(range.clone()).unwrap_or("");
    let empty = written
        .strip_prefix("![")
        .is_some_and(|rest| rest.trim_start().starts_with(']'));
    if !empty {
        return;
    }
    let (line0, column) = lines.locate(src.body, range.start);
    let line = line0 + src.body_first_line;
    out.warnings.push(
        Diagnostic::new("W0106", src.file, tr("W0106", &[("dest", &dest)]))
            .at(src.file_text, line, column)
            .span(written.chars().count())
            .help(tr("W0106.help", &[("dest", &dest)])),
    );
}

/// Records a relative link for later resolution and returns its placeholder; leaves
/// external links alone; refuses script URLs in every mode.
fn link_dest<'a>(
    src: &Source<'_>,
    lines: &LineIndex,
    out: &mut Rendered,
    dest: CowStr<'a>,
    offset: usize,
    is_image: bool,
) -> CowStr<'a> {
    let (line0, column) = lines.locate(src.body, offset);
    let line = line0 + src.body_first_line;
    if is_script_url(&dest) {
        out.errors.push(
            Diagnostic::new("E0201", src.file, tr("E0201", &[]))
                .at(src.file_text, line, column)
                .help(tr("E0201.help", &[])),
        );
        return CowStr::Borrowed("#");
    }
    if has_scheme(&dest) || dest.starts_with("//") {
        return dest;
    }
    if dest.starts_with('/') {
        out.errors.push(
            Diagnostic::new("E0202", src.file, tr("E0202", &[("dest", &dest)]))
                .at(src.file_text, line, column)
                .help(tr("E0202.help", &[])),
        );
        return CowStr::Borrowed("#");
    }
    out.links.push(LinkRef {
        dest: dest.to_string(),
        line,
        column,
        is_image,
        // From the body's own line index: counting the file's lines for each link was
        // 2 % of a build's instructions.
        line_text: lines.line_text(src.body, line0).to_string(),
    });
    CowStr::from(format!("{}{}", placeholder(), out.links.len() - 1))
}

/// With `allow_html: true`, editors' HTML passes an allow-list: no scripts, no event
/// handlers, no script URLs. Our placeholders use their own scheme, allowed here.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "lang", "dir"])
        .add_url_schemes([PLACEHOLDER_SCHEME])
        .clean(html)
        .to_string()
}

/// Replaces placeholders with resolved hrefs (already HTML-safe).
pub fn fill_links(html: &str, resolved: &[String]) -> String {
    // One vectorised pass finds every placeholder; `str::find` and `matches` searched
    // each body twice, 1 % of a 10,000-page build's CPU samples.
    let prefix = placeholder();
    let finder = memchr::memmem::Finder::new(prefix);
    let at: Vec<usize> = finder.find_iter(html.as_bytes()).collect();
    // Sized exactly (placeholders out, hrefs in): every page's body waits whole until
    // render, and a growing string leaves a third of its room unused on average.
    let hrefs: usize = resolved.iter().map(String::len).sum();
    let mut out = String::with_capacity(
        (html.len() + hrefs + at.len()).saturating_sub(at.len() * prefix.len()),
    );
    let mut done = 0;
    // Matches never overlap, and digits never start one: each begins at or after `done`.
    for i in at {
        out.push_str(&html[done..i]);
        let after = &html[i + prefix.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| resolved.get(n))
        {
            Some(href) => out.push_str(href),
            None => out.push('#'),
        }
        done = i + prefix.len() + digits;
    }
    out.push_str(&html[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str, allow_html: bool) -> Rendered {
        let file_text = format!("---\ntitle: x\n---\n{body}");
        render(
            &Source {
                file_text: &file_text,
                body,
                body_first_line: 4,
                file: "a.md",
            },
            allow_html,
        )
    }

    #[test]
    fn headings_get_folded_unique_ids() {
        let r = md(
            "## Mục tiêu\n\ntext\n\n## Mục tiêu\n\n### Đơn vị `A4`\n",
            false,
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["muc-tieu", "muc-tieu-1", "don-vi-a4"]);
        assert!(
            r.html.contains("<h2 id=\"muc-tieu\">Mục tiêu</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn relative_links_become_placeholders_with_positions() {
        let r = md("Xem\n[Ngày Pháp luật](../su-kien/ngay-phap-luat.md#muc-tieu) và [web](https://x.example).\n", false);
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].dest, "../su-kien/ngay-phap-luat.md#muc-tieu");
        assert_eq!((r.links[0].line, r.links[0].column), (5, 1));
        let filled = fill_links(
            &r.html,
            &["../../su-kien/ngay-phap-luat/index.html#muc-tieu".into()],
        );
        assert!(
            filled.contains("href=\"../../su-kien/ngay-phap-luat/index.html#muc-tieu\""),
            "{filled}"
        );
        assert!(filled.contains("href=\"https://x.example\""));
    }

    #[test]
    fn a_link_keeps_the_file_line_it_is_on() {
        for body in [
            "A\n\n[một](a.md)\ntiếp [hai](b.md) [ba](c.md)\n\n- [bốn](d.md)",
            "A\r\n\r\n[một](a.md)\r\ntiếp [hai](b.md) [ba](c.md)\r\n\r\n- [bốn](d.md)\r\n",
        ] {
            let file_text = format!("---\ntitle: x\n---\n{body}");
            let r = md(body, false);
            assert_eq!(r.links.len(), 4);
            for link in &r.links {
                let line = file_text.lines().nth(link.line - 1).unwrap_or("");
                assert_eq!(link.line_text, line, "{body:?}");
                assert!(line.contains(&format!("]({})", link.dest)), "{line:?}");
            }
        }
    }

    #[test]
    fn every_placeholder_is_filled_and_an_unknown_one_leads_nowhere() {
        let html = format!(
            "<a href=\"{p}0\">Hồ</a><a href=\"{p}1#x\">b</a>{p}0{p}7 {p}",
            p = placeholder()
        );
        let filled = fill_links(&html, &["a/index.html".into(), "../b/".into()]);
        assert_eq!(
            filled,
            "<a href=\"a/index.html\">Hồ</a><a href=\"../b/#x\">b</a>a/index.html# #"
        );
        assert_eq!(fill_links("không có liên kết", &[]), "không có liên kết");
    }

    /// Issue 20, case 12: the text `congkhai:link:0` in a page was replaced by the
    /// address of the page's first link.
    #[test]
    fn case_12_placeholder_text_in_a_page_survives() {
        for allow_html in [false, true] {
            let body = "Mã congkhai:link:0 và `congkhai:link:1`.\n\n[Ngày](ngay.md) [x](congkhai:link:0)\n";
            let r = md(body, allow_html);
            assert_eq!(r.links.len(), 1);
            let html = fill_links(&r.html, &["ngay/index.html".into()]);
            assert!(
                html.contains("Mã congkhai:link:0 và <code>congkhai:link:1</code>."),
                "{html}"
            );
            assert!(html.contains("<a href=\"ngay/index.html\""), "{html}");
            assert!(html.contains("href=\"congkhai:link:0\""), "{html}");
            assert!(!html.contains(placeholder()), "{html}");
        }
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let r = md(
            "<script>alert(1)</script>\n\nA <b onclick=\"x()\">b</b>\n",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<b "), "{}", r.html);
    }

    #[test]
    fn allowed_html_is_sanitised() {
        let r = md("<script>alert(1)</script>\n\nA <b onclick=\"x()\">b</b> <a href=\"javascript:x()\">x</a>\n", true);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("javascript"), "{}", r.html);
        assert!(r.html.contains("<b>b</b>"), "{}", r.html);
    }

    #[test]
    fn javascript_links_are_refused_in_both_modes() {
        for allow in [false, true] {
            let r = md("[x](  JavaScript:alert(1))\n", allow);
            assert_eq!(r.errors.len(), 1, "{allow}");
            assert_eq!(r.errors[0].code, "E0201");
            assert!(!r.html.to_lowercase().contains("javascript"));
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let body = format!(
            "{}x\n\n{}x{}\n",
            "> ".repeat(50_000),
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let r = md(&body, false);
        assert!(r.html.len() > 10);
    }
}
