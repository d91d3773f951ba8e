//! The plan-versus-actual chart: monthly amounts as paired bars above, running totals as
//! lines below, on a shared month axis.
//!
//! Two panels rather than one: cumulative sums grow to many times a single month, and on one
//! axis they would flatten the monthly bars into slivers.

use std::fmt::Write;

use super::axis::{Scale, nice_scale};
use super::legend::{Key, Marker, legend, line_style, marker};
use super::{
    ACTUAL, AXIS, GRID, PLAN, PLAN_FILL, axis_title, bar_rect, chart_title, empty_message, escape,
    line, open_svg, polyline, text, text_width,
};

/// The dash pattern of the planned line, in the chart and its legend alike.
const PLAN_DASH: &str = "8 5";

/// The words drawn on a monthly chart, already in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct MonthlyLabels<'a> {
    /// The chart title.
    pub title: &'a str,
    /// A sentence for screen readers that states the totals.
    pub desc: &'a str,
    /// The value axis title with its unit, such as 金额（万元）.
    pub value_axis: &'a str,
    /// The heading of the upper panel (monthly amounts).
    pub monthly_panel: &'a str,
    /// The heading of the lower panel (running totals).
    pub cumulative_panel: &'a str,
    /// Legend entry of the planned bars.
    pub planned: &'a str,
    /// Legend entry of the actual bars.
    pub actual: &'a str,
    /// Legend entry of the cumulative plan line.
    pub planned_cumulative: &'a str,
    /// Legend entry of the cumulative actual line.
    pub actual_cumulative: &'a str,
    /// Shown in place of the panels when there are no months.
    pub empty: &'a str,
}

/// One month of the chart, in 万元.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthBar {
    /// The axis label of the month, such as `3月` or `2024-03`.
    pub label: String,
    /// The calendar month, 1 to 12: when labels must be thinned out, the ones kept fall on
    /// the same months of every year (January and July, or each quarter's first month).
    pub month_of_year: u32,
    /// Planned spending of the month.
    pub planned: f64,
    /// Actual spending of the month.
    pub actual: f64,
}

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 612.0;
const RIGHT: f64 = 24.0;
const UPPER: (f64, f64) = (118.0, 330.0);
const LOWER: (f64, f64) = (388.0, 570.0);
/// The narrowest slot a month label gets before labels are thinned out.
const MIN_LABEL_SLOT: f64 = 56.0;
/// Label every n-th month with n dividing the year, so labels sit on calendar boundaries.
const LABEL_STEPS: [u32; 5] = [1, 2, 3, 6, 12];

/// Draws the chart; `id` must be unique within the page.
pub fn render(id: &str, labels: &MonthlyLabels<'_>, months: &[MonthBar]) -> String {
    let mut out = String::with_capacity(16 * 1024);
    open_svg(&mut out, id, WIDTH, HEIGHT, labels.title, labels.desc);
    let _ = write!(
        out,
        r#"<defs><pattern id="{}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="{PLAN_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="{PLAN}" stroke-width="2.2"/></pattern></defs>"#,
        escape(id)
    );
    chart_title(&mut out, labels.title);
    let hatch = format!("url(#{}-hatch)", escape(id));
    draw_legend(&mut out, &hatch, labels);

    if months.is_empty() {
        empty_message(
            &mut out,
            (WIDTH / 2.0, (UPPER.0 + LOWER.1) / 2.0),
            labels.empty,
        );
        out.push_str("</svg>");
        return out;
    }

    let (planned_total, actual_total) = running_totals(months);
    let monthly_scale = nice_scale(
        months
            .iter()
            .map(|m| m.planned.min(m.actual))
            .fold(0.0, f64::min),
        months
            .iter()
            .map(|m| m.planned.max(m.actual))
            .fold(0.0, f64::max),
        5,
    );
    let cumulative_scale = nice_scale(
        planned_total
            .iter()
            .chain(&actual_total)
            .copied()
            .fold(0.0, f64::min),
        planned_total
            .iter()
            .chain(&actual_total)
            .copied()
            .fold(0.0, f64::max),
        4,
    );
    let left = left_margin(&[monthly_scale, cumulative_scale]);
    let slot = (WIDTH - RIGHT - left) / months.len() as f64;
    let centre = |i: usize| left + slot * (i as f64 + 0.5);

    value_axis(&mut out, &monthly_scale, left, UPPER, labels.monthly_panel);
    value_axis(
        &mut out,
        &cumulative_scale,
        left,
        LOWER,
        labels.cumulative_panel,
    );
    axis_title(&mut out, labels.value_axis, (UPPER.0 + LOWER.1) / 2.0);

    // Paired bars: plan to the left of the month's centre, actual to the right.
    let bar = (slot * 0.36).min(26.0);
    let zero = monthly_scale.map(0.0, UPPER.1, UPPER.0);
    for (i, month) in months.iter().enumerate() {
        let x = centre(i);
        bar_rect(
            &mut out,
            x - bar - 1.0,
            bar,
            zero,
            monthly_scale.map(month.planned, UPPER.1, UPPER.0),
            &hatch,
            PLAN,
        );
        bar_rect(
            &mut out,
            x + 1.0,
            bar,
            zero,
            monthly_scale.map(month.actual, UPPER.1, UPPER.0),
            ACTUAL,
            ACTUAL,
        );
    }

    let plan_points: Vec<(f64, f64)> = planned_total
        .iter()
        .enumerate()
        .map(|(i, v)| (centre(i), cumulative_scale.map(*v, LOWER.1, LOWER.0)))
        .collect();
    let actual_points: Vec<(f64, f64)> = actual_total
        .iter()
        .enumerate()
        .map(|(i, v)| (centre(i), cumulative_scale.map(*v, LOWER.1, LOWER.0)))
        .collect();
    polyline(
        &mut out,
        &plan_points,
        PLAN,
        &line_style(Some(PLAN_DASH), 2.5),
    );
    for point in &plan_points {
        marker(&mut out, Marker::Square, *point, PLAN);
    }
    polyline(&mut out, &actual_points, ACTUAL, &line_style(None, 2.5));
    for point in &actual_points {
        marker(&mut out, Marker::Circle, *point, ACTUAL);
    }

    month_labels(&mut out, months, left, slot);
    out.push_str("</svg>");
    out
}

/// The running totals of the plan and of actual spending.
fn running_totals(months: &[MonthBar]) -> (Vec<f64>, Vec<f64>) {
    let mut planned = 0.0;
    let mut actual = 0.0;
    months
        .iter()
        .map(|m| {
            planned += m.planned;
            actual += m.actual;
            (planned, actual)
        })
        .unzip()
}

/// Room for the widest tick label plus the rotated axis title.
fn left_margin(scales: &[Scale]) -> f64 {
    let widest = scales
        .iter()
        .flat_map(|s| {
            s.ticks()
                .into_iter()
                .map(move |v| text_width(&s.label(v), 12.0))
        })
        .fold(0.0, f64::max);
    (widest + 48.0).max(72.0)
}

/// Draws the legend as one row under the title.
fn draw_legend(out: &mut String, hatch: &str, labels: &MonthlyLabels<'_>) {
    let plan_line = Key::Line {
        stroke: PLAN,
        dash: Some(PLAN_DASH),
        marker: Marker::Square,
    };
    let actual_line = Key::Line {
        stroke: ACTUAL,
        dash: None,
        marker: Marker::Circle,
    };
    let entries = [
        (
            Key::Swatch {
                fill: hatch,
                stroke: PLAN,
            },
            labels.planned,
        ),
        (
            Key::Swatch {
                fill: ACTUAL,
                stroke: ACTUAL,
            },
            labels.actual,
        ),
        (plan_line, labels.planned_cumulative),
        (actual_line, labels.actual_cumulative),
    ];
    legend(out, (24.0, 62.0), &entries);
}

/// Draws horizontal gridlines with tick labels for one panel, and the panel heading.
fn value_axis(
    out: &mut String,
    scale: &Scale,
    left: f64,
    (top, bottom): (f64, f64),
    heading: &str,
) {
    text(
        out,
        left,
        top - 12.0,
        "start",
        r#" font-weight="bold""#,
        heading,
    );
    for tick in scale.ticks() {
        let y = scale.map(tick, bottom, top);
        let stroke = if tick == 0.0 { AXIS } else { GRID };
        line(out, (left, y), (WIDTH - RIGHT, y), stroke, "");
        text(
            out,
            left - 8.0,
            y + 4.0,
            "end",
            r#" font-size="12""#,
            &scale.label(tick),
        );
    }
    line(out, (left, top), (left, bottom), AXIS, "");
}

/// Labels the months under the lower panel, thinning them out when slots are narrow so that
/// neighbouring labels never overlap.
fn month_labels(out: &mut String, months: &[MonthBar], left: f64, slot: f64) {
    let widest = months
        .iter()
        .map(|m| text_width(&m.label, 12.0))
        .fold(0.0, f64::max);
    let needed = (widest + 16.0).max(MIN_LABEL_SLOT);
    let every = LABEL_STEPS
        .into_iter()
        .find(|step| f64::from(*step) * slot >= needed)
        .unwrap_or(12 * (needed / (12.0 * slot)).ceil().max(1.0) as u32);
    for (i, month) in months.iter().enumerate() {
        let x = left + slot * (i as f64 + 0.5);
        let tick_y = LOWER.1;
        if month.month_of_year.saturating_sub(1) % every == 0 {
            line(out, (x, tick_y), (x, tick_y + 5.0), AXIS, "");
            text(
                out,
                x,
                tick_y + 20.0,
                "middle",
                r#" font-size="12""#,
                &month.label,
            );
        }
        // Upper panel ticks help the eye carry a bar down to its label.
        line(out, (x, UPPER.1), (x, UPPER.1 + 4.0), AXIS, "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: MonthlyLabels<'static> = MonthlyLabels {
        title: "2024年月度计划与实际支出",
        desc: "计划 1,200.00 万元，实际 900.00 万元",
        value_axis: "金额（万元）",
        monthly_panel: "月度",
        cumulative_panel: "累计",
        planned: "计划支出",
        actual: "实际支出",
        planned_cumulative: "累计计划",
        actual_cumulative: "累计实际",
        empty: "暂无数据",
    };

    fn months(count: usize) -> Vec<MonthBar> {
        (0..count)
            .map(|i| MonthBar {
                label: format!("{}月", i % 12 + 1),
                month_of_year: (i % 12 + 1) as u32,
                planned: 100.0,
                actual: 75.0 + i as f64,
            })
            .collect()
    }

    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("chart is well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect()
    }

    #[test]
    fn chart_is_well_formed_and_shows_title_axis_and_legend() {
        let svg = render("m", &LABELS, &months(12));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("viewBox"), Some("0 0 960 612"));
        assert!(root.children().any(|n| n.has_tag_name("title")));
        assert!(root.children().any(|n| n.has_tag_name("desc")));
        let texts = texts(&svg);
        for expected in [
            LABELS.title,
            LABELS.value_axis,
            LABELS.planned,
            LABELS.actual,
            LABELS.planned_cumulative,
            LABELS.actual_cumulative,
            "1月",
            "12月",
            "0",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "missing {expected} in {texts:?}"
            );
        }
    }

    #[test]
    fn plan_and_actual_lines_differ_by_dash_pattern() {
        let svg = render("m", &LABELS, &months(3));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let dashes: Vec<Option<&str>> = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .map(|n| n.attribute("stroke-dasharray"))
            .collect();
        assert_eq!(dashes, [Some("8 5"), None]);
    }

    #[test]
    fn labels_are_escaped() {
        let labels = MonthlyLabels {
            title: "A & B <c>",
            ..LABELS
        };
        let svg = render("x", &labels, &months(2));
        assert!(texts(&svg).contains(&"A & B <c>".to_owned()));
    }

    #[test]
    fn many_months_get_thinned_labels_and_no_months_an_empty_message() {
        let svg = render("m", &LABELS, &months(48));
        let shown: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.ends_with('月'))
            .collect();
        assert!((4..=16).contains(&shown.len()), "{shown:?}");
        // Thinned labels stay on quarter boundaries, the same months every year.
        assert!(
            shown
                .iter()
                .all(|l| ["1月", "4月", "7月", "10月"].contains(&l.as_str())),
            "{shown:?}"
        );

        let empty = render("m", &LABELS, &[]);
        assert!(texts(&empty).contains(&LABELS.empty.to_owned()));
    }

    #[test]
    fn negative_months_draw_bars_below_zero_without_breaking_the_document() {
        let data = vec![MonthBar {
            label: "1月".into(),
            month_of_year: 1,
            planned: 0.0,
            actual: -20.0,
        }];
        let svg = render("m", &LABELS, &data);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert!(
            doc.descendants()
                .filter(|n| n.has_tag_name("rect"))
                .all(|n| n
                    .attribute("height")
                    .is_none_or(|h| h.parse::<f64>().unwrap() >= 0.0))
        );
        assert!(texts(&svg).contains(&"-20".to_owned()));
    }
}
