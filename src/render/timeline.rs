//! The events page's timeline: one inline SVG per quarter, drawn at build time (no
//! script), each event a bar from its first to its last day, events known only by
//! month a dashed bar over that month, and those known only by quarter one dashed bar
//! over the whole quarter. The SVG is an image with a text alternative (`<title>` and
//! `<desc>` listing every event with its dates); the list below it on the page carries
//! the same facts as text and links.
//!
//! Colours are presentation attributes, not CSS, so the drawing is the same wherever
//! the markup goes; all pass 3:1 against white (WCAG 1.4.11).

use super::date_display;
use super::xml::escape;
use crate::content::front_matter::Kind;
use crate::dates::{Date, When};
use crate::site::{PageId, Site};

const WIDTH: f64 = 760.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 752.0;
const HEADER: f64 = 34.0;
const LINE: f64 = 18.0;
const BAR: f64 = 12.0;
const ROW_GAP: f64 = 14.0;
/// Characters per label line: about what 14px text fits in the drawing's width.
const WRAP: usize = 100;

const INK: &str = "#1b1b1b";
const GRID: &str = "#767676";
const BAR_FILL: &str = "#0b4f9c";
const VAGUE_STROKE: &str = "#4a4a4a";
const VAGUE_FILL: &str = "#e8eef6";

/// One bar of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Shown above the bar and read in the text alternative.
    pub label: String,
    pub start: Date,
    /// Exclusive.
    pub end: Date,
    /// Dated by month or quarter only: drawn dashed, over the whole period.
    pub vague: bool,
}

/// One quarter's timeline, ready for the page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Timeline {
    /// `2020-q4`: for element ids.
    pub key: String,
    /// `Quý IV/2020`.
    pub label: String,
    pub svg: String,
}

fn quarter_bounds(year: i32, quarter: u32) -> (Date, Date) {
    let w = When::Quarter { year, quarter };
    (w.first_day(), w.last_day().add_days(1))
}

/// Greedy word wrap by characters (not bytes: Vietnamese letters are multi-byte).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let len = cur.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn x_of(d: Date, start: Date, end: Date) -> f64 {
    let total = (end.days_since_epoch() - start.days_since_epoch()).max(1) as f64;
    let off = (d.days_since_epoch() - start.days_since_epoch()).clamp(0, total as i64) as f64;
    LEFT + (RIGHT - LEFT) * off / total
}

fn fmt(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Draws the rows of one quarter. `id` makes the element ids unique on the page.
pub fn svg(
    id: &str,
    title: &str,
    desc: &str,
    months: &[(Date, String)],
    rows: &[Row],
    bounds: (Date, Date),
) -> String {
    let (q0, q1) = bounds;
    let mut body = String::new();
    let mut y = HEADER;
    for r in rows {
        let lines = wrap(&r.label, WRAP);
        for (i, l) in lines.iter().enumerate() {
            body.push_str(&format!(
                // A white halo keeps the label legible where a month line crosses it.
                "<text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"{INK}\" stroke=\"#ffffff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
                fmt(LEFT),
                fmt(y + LINE * (i as f64 + 1.0) - 4.0),
                escape(l)
            ));
        }
        y += LINE * lines.len() as f64 + 2.0;
        let x0 = x_of(r.start, q0, q1);
        let x1 = x_of(r.end, q0, q1).max(x0 + 6.0);
        if r.vague {
            body.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" rx=\"2\" fill=\"{VAGUE_FILL}\" stroke=\"{VAGUE_STROKE}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
                fmt(x0), fmt(y), fmt(x1 - x0)
            ));
        } else {
            body.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" rx=\"2\" fill=\"{BAR_FILL}\"/>",
                fmt(x0), fmt(y), fmt(x1 - x0)
            ));
        }
        y += BAR + ROW_GAP;
    }
    let height = y + 4.0;
    let mut grid = String::new();
    for (d, label) in months {
        let x = x_of(*d, q0, q1);
        grid.push_str(&format!(
            "<line x1=\"{0}\" y1=\"4\" x2=\"{0}\" y2=\"{1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
            fmt(x),
            fmt(height - 4.0)
        ));
        grid.push_str(&format!(
            "<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            fmt(x + 6.0),
            escape(label)
        ));
    }
    grid.push_str(&format!(
        "<line x1=\"{0}\" y1=\"4\" x2=\"{0}\" y2=\"{1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
        fmt(RIGHT),
        fmt(height - 4.0)
    ));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline-svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{grid}{body}</svg>",
        fmt(WIDTH),
        fmt(height),
        fmt(WIDTH),
        fmt(height),
        escape(title),
        escape(desc)
    )
}

fn quarter_of(w: &When) -> (i32, u32) {
    match *w {
        When::Quarter { year, quarter } => (year, quarter),
        _ => {
            let d = w.first_day();
            (d.year, d.quarter())
        }
    }
}

/// The timelines of a list of events: one per quarter in which an event starts.
/// `label` looks up the theme's labels for the current language.
pub fn timelines(
    site: &Site,
    events: &[PageId],
    lang: &str,
    label: &dyn Fn(&str) -> String,
) -> Vec<Timeline> {
    let mut quarters: Vec<(i32, u32)> = events
        .iter()
        .filter_map(|&e| match &site.pages[e].front.kind {
            Kind::Event(ev) => Some(quarter_of(&ev.start)),
            _ => None,
        })
        .collect();
    quarters.sort();
    quarters.dedup();
    let mut out = Vec::new();
    for (year, quarter) in quarters {
        let bounds = quarter_bounds(year, quarter);
        let q_label = date_display::when(&When::Quarter { year, quarter }, lang);
        let mut rows: Vec<Row> = Vec::new();
        let mut undated: Vec<String> = Vec::new();
        let mut said: Vec<String> = Vec::new();
        for &e in events {
            let p = &site.pages[e];
            let Kind::Event(ev) = &p.front.kind else {
                continue;
            };
            if quarter_of(&ev.start) != (year, quarter) {
                continue;
            }
            let when = date_display::range(&ev.start, ev.end.as_ref(), lang);
            match ev.start {
                When::Quarter { .. } => undated.push(p.front.title.clone()),
                _ => {
                    let end = ev.end.unwrap_or(ev.start).last_day().add_days(1);
                    rows.push(Row {
                        label: format!("{when}: {}", p.front.title),
                        start: ev.start.first_day(),
                        end: end.min(bounds.1),
                        vague: ev.start.is_imprecise(),
                    });
                    said.push(format!("{when}: {}", p.front.title));
                }
            }
        }
        rows.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        if !undated.is_empty() {
            let text = format!("{q_label}: {} {}", undated.len(), label("timeline_undated"));
            rows.push(Row {
                label: text.clone(),
                start: bounds.0,
                end: bounds.1,
                vague: true,
            });
            said.push(format!("{text} ({})", undated.join("; ")));
        }
        let months: Vec<(Date, String)> = (0..3)
            .map(|i| {
                let m = quarter * 3 - 2 + i;
                let d = Date {
                    year,
                    month: m,
                    day: 1,
                };
                (d, date_display::month(year, m, lang))
            })
            .collect();
        let key = format!("{year}-q{quarter}");
        let title = format!("{} {q_label}", label("timeline"));
        out.push(Timeline {
            svg: svg(
                &format!("timeline-{key}"),
                &title,
                &said.join(". "),
                &months,
                &rows,
                bounds,
            ),
            key,
            label: q_label,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        crate::dates::parse_date(s).unwrap()
    }

    #[test]
    fn days_map_onto_the_quarter() {
        let (q0, q1) = quarter_bounds(2020, 4);
        assert_eq!(
            (q0.iso(), q1.iso()),
            ("2020-10-01".into(), "2021-01-01".into())
        );
        assert_eq!(x_of(q0, q0, q1), LEFT);
        assert_eq!(x_of(q1, q0, q1), RIGHT);
        // 15 Oct is 14 of the quarter's 92 days in.
        let x = x_of(d("2020-10-15"), q0, q1);
        assert!((x - (LEFT + (RIGHT - LEFT) * 14.0 / 92.0)).abs() < 1e-9);
        // Outside the quarter: pinned to its edges, never drawn off the image.
        assert_eq!(x_of(d("2021-02-01"), q0, q1), RIGHT);
    }

    #[test]
    fn wrapping_counts_characters_not_bytes() {
        let lines = wrap("Kỷ niệm 66 năm Ngày Giải phóng Thủ đô", 16);
        assert_eq!(lines, vec!["Kỷ niệm 66 năm", "Ngày Giải phóng", "Thủ đô"]);
    }

    #[test]
    fn a_range_is_one_bar_and_text_is_escaped() {
        let (q0, q1) = quarter_bounds(2020, 4);
        let rows = vec![Row {
            label: "Ngày Pháp luật <&>".into(),
            start: d("2020-10-15"),
            end: d("2020-11-16"),
            vague: false,
        }];
        let s = svg(
            "t",
            "Dòng thời gian",
            "mô tả",
            &[(q0, "Tháng 10/2020".into())],
            &rows,
            (q0, q1),
        );
        assert!(s.contains("role=\"img\""));
        assert!(s.contains("aria-labelledby=\"t-title t-desc\""));
        assert!(s.contains("Ngày Pháp luật &lt;&amp;&gt;"));
        let x0 = LEFT + (RIGHT - LEFT) * 14.0 / 92.0;
        let x1 = LEFT + (RIGHT - LEFT) * 46.0 / 92.0;
        assert!(s.contains(&format!("x=\"{}\"", fmt(x0))), "{s}");
        assert!(s.contains(&format!("width=\"{}\"", fmt(x1 - x0))), "{s}");
    }
}
