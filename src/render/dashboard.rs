//! The plan page's dashboard: each target as an inline SVG bar (the goal, and the
//! result once reported) and the projects as one bar split by status. Each drawing is
//! an image with a text alternative; the page's tables carry the same numbers as text.
//!
//! Colours are presentation attributes (the drawing needs no stylesheet) and pass 3:1
//! against white (WCAG 1.4.11).

use super::context::{PlanView, ProjectView, TargetView};
use super::xml::escape;

const WIDTH: f64 = 640.0;
const LABEL_W: f64 = 110.0;
const TRACK_W: f64 = 400.0;
const BAR_H: f64 = 18.0;

const INK: &str = "#1b1b1b";
const TRACK_FILL: &str = "#f4f1ec";
const TRACK_STROKE: &str = "#767676";
const GOAL_FILL: &str = "#dce6f3";
const GOAL_STROKE: &str = "#0b4f9c";
const ACTUAL_FILL: &str = "#1e6b34";

#[derive(Debug, Clone, serde::Serialize)]
pub struct TargetBar {
    pub id: String,
    pub label: String,
    pub svg: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: String,
    pub count: usize,
    pub colour: &'static str,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Dashboard {
    pub targets: Vec<TargetBar>,
    pub projects: Vec<StatusCount>,
    /// The projects' bar, split by status; empty when there are no projects.
    pub projects_svg: String,
}

/// The labels the drawings read out, in the page's language.
pub struct Words {
    pub goal: String,
    pub actual: String,
    pub not_reported: String,
    pub scale: String,
    pub projects: String,
}

fn fmt(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The top of a target's scale: a percentage is out of 100; anything else runs to a
/// round number above the larger of goal and result, so the two compare at a glance.
pub fn scale_max(t: &TargetView) -> f64 {
    let top = t.actual.map_or(t.target, |a| a.max(t.target));
    if t.unit.trim() == "%" && top <= 100.0 {
        return 100.0;
    }
    if top <= 0.0 {
        return 1.0;
    }
    let step = 10f64.powf(top.log10().floor());
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0, 20.0]
        .iter()
        .map(|m| m * step)
        .find(|&v| v >= top * 1.1)
        .unwrap_or(20.0 * step);
    nice.max(top)
}

fn with_unit(value: &str, unit: &str) -> String {
    if unit.is_empty() {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

fn width_for(v: f64, max: f64) -> f64 {
    (TRACK_W * (v / max).clamp(0.0, 1.0)).max(if v > 0.0 { 2.0 } else { 0.0 })
}

pub fn target_svg(t: &TargetView, words: &Words) -> String {
    let id = format!("target-bar-{}", t.id);
    let max = scale_max(t);
    let goal_text = with_unit(&t.target_display, &t.unit);
    let actual_text = t
        .actual_display
        .as_ref()
        .map(|a| with_unit(a, &t.unit))
        .unwrap_or_else(|| words.not_reported.clone());
    let max_display = if max.fract() == 0.0 {
        format!("{max:.0}")
    } else {
        format!("{max}")
    };
    let title = format!(
        "{}: {} {goal_text}; {} {actual_text}",
        t.label,
        words.goal.to_lowercase(),
        words.actual.to_lowercase()
    );
    let x0 = LABEL_W;
    let mut body = String::new();
    let row = |y: f64, name: &str, body: &mut String| {
        body.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"14\" fill=\"{INK}\">{}</text>",
            fmt(y + 14.0),
            escape(name)
        ));
        body.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\" fill=\"{TRACK_FILL}\" stroke=\"{TRACK_STROKE}\" stroke-width=\"1\"/>",
            fmt(x0), fmt(y), fmt(TRACK_W)
        ));
    };
    row(6.0, &words.goal, &mut body);
    let gw = width_for(t.target, max);
    body.push_str(&format!(
        "<rect x=\"{}\" y=\"6\" width=\"{}\" height=\"{BAR_H}\" fill=\"{GOAL_FILL}\" stroke=\"{GOAL_STROKE}\" stroke-width=\"2\"/>",
        fmt(x0), fmt(gw)
    ));
    body.push_str(&format!(
        "<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        fmt(x0 + TRACK_W + 8.0),
        escape(&goal_text)
    ));
    row(32.0, &words.actual, &mut body);
    if let Some(a) = t.actual {
        body.push_str(&format!(
            "<rect x=\"{}\" y=\"32\" width=\"{}\" height=\"{BAR_H}\" fill=\"{ACTUAL_FILL}\"/>",
            fmt(x0),
            fmt(width_for(a, max))
        ));
    }
    body.push_str(&format!(
        "<text x=\"{}\" y=\"46\" font-size=\"14\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        fmt(x0 + TRACK_W + 8.0),
        escape(&actual_text)
    ));
    // The scale, so a bar's length means something: 0 and the top, under the track.
    body.push_str(&format!(
        "<text x=\"{}\" y=\"68\" font-size=\"12\" fill=\"{INK}\">0</text><text x=\"{}\" y=\"68\" font-size=\"12\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
        fmt(x0),
        fmt(x0 + TRACK_W),
        escape(&format!("{}: {}", words.scale, with_unit(&max_display, &t.unit)))
    ));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"target-svg\" viewBox=\"0 0 {w} 74\" width=\"{w}\" height=\"74\" role=\"img\" aria-labelledby=\"{id}\" font-family=\"'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif\"><title id=\"{id}\">{}</title>{body}</svg>",
        escape(&title),
        w = fmt(WIDTH),
    )
}

/// Status keys in the order they are shown, with their colour.
const STATUS_COLOURS: &[(&str, &str)] = &[
    ("done", "#1e6b34"),
    ("in_progress", "#0b4f9c"),
    ("delayed", "#8a4b00"),
    ("planned", "#6b6b6b"),
];

pub fn project_counts(projects: &[ProjectView]) -> Vec<StatusCount> {
    STATUS_COLOURS
        .iter()
        .filter_map(|&(status, colour)| {
            let of: Vec<&ProjectView> = projects.iter().filter(|p| p.status == status).collect();
            let first = of.first()?;
            Some(StatusCount {
                status,
                label: first.status_label.clone(),
                count: of.len(),
                colour,
            })
        })
        .collect()
}

pub fn projects_svg(counts: &[StatusCount], words: &Words) -> String {
    let total: usize = counts.iter().map(|c| c.count).sum();
    if total == 0 {
        return String::new();
    }
    let w = WIDTH - 2.0;
    let mut x = 1.0;
    let mut body = String::new();
    for c in counts {
        let cw = w * c.count as f64 / total as f64;
        body.push_str(&format!(
            "<rect x=\"{}\" y=\"1\" width=\"{}\" height=\"22\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
            fmt(x),
            fmt(cw),
            c.colour
        ));
        x += cw;
    }
    let said: Vec<String> = counts
        .iter()
        .map(|c| format!("{}: {}", c.label, c.count))
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"projects-svg\" viewBox=\"0 0 {w} 24\" width=\"{w}\" height=\"24\" role=\"img\" aria-labelledby=\"projects-bar-title\"><title id=\"projects-bar-title\">{}</title>{body}</svg>",
        escape(&format!("{} ({total}): {}", words.projects, said.join(", "))),
        w = fmt(WIDTH)
    )
}

pub fn dashboard(plan: &PlanView, words: &Words) -> Dashboard {
    let projects = project_counts(&plan.projects);
    Dashboard {
        targets: plan
            .targets
            .iter()
            .map(|t| TargetBar {
                id: t.id.clone(),
                label: t.label.clone(),
                svg: target_svg(t, words),
            })
            .collect(),
        projects_svg: projects_svg(&projects, words),
        projects,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(target: f64, actual: Option<f64>, unit: &str) -> TargetView {
        TargetView {
            lang: "vi".into(),
            id: "gia-dinh-tap-the-thao".into(),
            label: "Tỷ lệ gia đình luyện tập thể dục thể thao thường xuyên".into(),
            target,
            target_display: format!("{target}").replace('.', ","),
            unit: unit.into(),
            actual,
            actual_display: actual.map(|a| format!("{a}").replace('.', ",")),
            task_group: None,
        }
    }

    fn words() -> Words {
        Words {
            goal: "Mục tiêu".into(),
            actual: "Thực hiện".into(),
            not_reported: "Chưa báo cáo".into(),
            scale: "Thang đo".into(),
            projects: "Dự án".into(),
        }
    }

    #[test]
    fn percentages_are_out_of_a_hundred_others_round_up() {
        assert_eq!(scale_max(&target(40.2, None, "%")), 100.0);
        assert_eq!(scale_max(&target(4.0, None, "hội chợ")), 5.0);
        assert_eq!(scale_max(&target(4.0, Some(9.5), "hội chợ")), 20.0);
        assert_eq!(scale_max(&target(130.0, None, "%")), 200.0);
    }

    #[test]
    fn goal_bar_length_and_text_alternative() {
        let s = target_svg(&target(40.2, None, "%"), &words());
        // 40.2 % of the 400-unit track.
        assert!(s.contains("width=\"160.8\""), "{s}");
        assert!(s.contains(
            "<title id=\"target-bar-gia-dinh-tap-the-thao\">Tỷ lệ gia đình luyện tập thể dục thể thao thường xuyên: mục tiêu 40,2 %; thực hiện Chưa báo cáo</title>"
        ), "{s}");
        // No result yet: no filled result bar.
        assert!(!s.contains(ACTUAL_FILL));
        let s = target_svg(&target(40.2, Some(43.4), "%"), &words());
        assert!(
            s.contains(&format!(
                "width=\"173.6\" height=\"18\" fill=\"{ACTUAL_FILL}\""
            )),
            "{s}"
        );
    }
}
