//! A horizontal bar chart of budget execution rates (预算执行率) with a 100 % reference line.
//!
//! Horizontal bars leave room for long category names (project types, years) on the left, and
//! each bar carries its value as text, so the chart reads in grey print and without colour.

use std::fmt::Write;

use super::axis::nice_scale;
use super::legend::{Key, Marker, legend, line_style};
use super::{
    ACTUAL, AXIS, GRID, MUTED, REFERENCE, chart_title, empty_message, line, open_svg, text,
    text_width,
};

/// The dash pattern of the 100 % line, in the chart and its legend alike.
const REFERENCE_DASH: &str = "6 4";

/// The words drawn on a rate chart, already in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct RateLabels<'a> {
    /// The chart title.
    pub title: &'a str,
    /// A sentence for screen readers that states what the chart shows.
    pub desc: &'a str,
    /// The rate axis title with its unit, such as 预算执行率（%）.
    pub rate_axis: &'a str,
    /// Legend entry of the bars.
    pub bars: &'a str,
    /// Legend entry of the reference line, such as 100% 基准.
    pub reference: &'a str,
    /// Shown in place of the bars when there are no rows.
    pub empty: &'a str,
}

/// One bar: a category and its execution rate in percent (`None` without a budget).
#[derive(Debug, Clone, PartialEq)]
pub struct RateBar {
    /// The category name, such as `2024` or 公路.
    pub label: String,
    /// The rate in percent, such as `92.4`.
    pub rate: Option<f64>,
    /// The rate as the page shows it, such as `92.4%` or `—`.
    pub value_text: String,
}

const WIDTH: f64 = 600.0;
const TOP: f64 = 96.0;
const ROW: f64 = 34.0;
const BAR: f64 = 20.0;
const BOTTOM: f64 = 64.0;
const RIGHT: f64 = 64.0;

/// Draws the chart; `id` must be unique within the page.
pub fn render(id: &str, labels: &RateLabels<'_>, rows: &[RateBar]) -> String {
    let height = TOP + ROW * rows.len().max(2) as f64 + BOTTOM;
    let mut out = String::with_capacity(8 * 1024);
    open_svg(&mut out, id, WIDTH, height, labels.title, labels.desc);
    chart_title(&mut out, labels.title);
    let entries = [
        (
            Key::Swatch {
                fill: ACTUAL,
                stroke: ACTUAL,
            },
            labels.bars,
        ),
        (
            Key::Line {
                stroke: REFERENCE,
                dash: Some(REFERENCE_DASH),
                marker: Marker::None,
            },
            labels.reference,
        ),
    ];
    legend(&mut out, (24.0, 62.0), &entries);

    let plot_bottom = height - BOTTOM;
    if rows.is_empty() {
        empty_message(
            &mut out,
            (WIDTH / 2.0, (TOP + plot_bottom) / 2.0),
            labels.empty,
        );
        out.push_str("</svg>");
        return out;
    }

    let rates = rows.iter().filter_map(|r| r.rate.filter(|v| v.is_finite()));
    let highest = rates.clone().fold(100.0, f64::max);
    let lowest = rates.fold(0.0, f64::min);
    let scale = nice_scale(lowest, highest, 6);
    let widest = rows
        .iter()
        .map(|r| text_width(&r.label, 13.0))
        .fold(0.0, f64::max);
    let left = (widest + 30.0).clamp(72.0, 220.0);
    let right = WIDTH - RIGHT;
    let x = |value: f64| scale.map(value, left, right);

    for tick in scale.ticks() {
        let tx = x(tick);
        line(&mut out, (tx, TOP - 6.0), (tx, plot_bottom), GRID, "");
        line(
            &mut out,
            (tx, plot_bottom),
            (tx, plot_bottom + 5.0),
            AXIS,
            "",
        );
        let label = format!("{}%", scale.label(tick));
        text(
            &mut out,
            tx,
            plot_bottom + 20.0,
            "middle",
            r#" font-size="12""#,
            &label,
        );
    }
    line(
        &mut out,
        (left, plot_bottom),
        (right, plot_bottom),
        AXIS,
        "",
    );
    line(
        &mut out,
        (x(0.0), TOP - 6.0),
        (x(0.0), plot_bottom),
        AXIS,
        "",
    );
    text(
        &mut out,
        (left + right) / 2.0,
        plot_bottom + 46.0,
        "middle",
        &format!(r#" fill="{MUTED}""#),
        labels.rate_axis,
    );

    // Bars first, then the reference line across them, then the values on top of both with a
    // white halo, so that a value next to 100 % stays readable where the dashed line crosses it.
    let mut values = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let middle = TOP + ROW * (i as f64 + 0.5);
        text(&mut out, left - 12.0, middle + 4.5, "end", "", &row.label);
        let value_x = match row.rate.filter(|v| v.is_finite()) {
            Some(rate) => {
                let (from, to) = (x(0.0), x(rate));
                let _ = write!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{BAR}" fill="{ACTUAL}"/>"#,
                    from.min(to),
                    middle - BAR / 2.0,
                    (to - from).abs()
                );
                to.max(from)
            }
            None => x(0.0),
        };
        values.push((value_x + 6.0, middle + 4.5, &row.value_text));
    }
    let reference = x(100.0);
    line(
        &mut out,
        (reference, TOP - 10.0),
        (reference, plot_bottom),
        REFERENCE,
        &line_style(Some(REFERENCE_DASH), 2.0),
    );
    for (vx, vy, value) in values {
        text(
            &mut out,
            vx,
            vy,
            "start",
            r#" font-size="12" font-weight="bold" stroke="white" stroke-width="4" stroke-linejoin="round" paint-order="stroke""#,
            value,
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: RateLabels<'static> = RateLabels {
        title: "按年度预算执行率",
        desc: "三个年度的预算执行率",
        rate_axis: "预算执行率（%）",
        bars: "预算执行率",
        reference: "100% 基准",
        empty: "暂无数据",
    };

    fn bar(label: &str, rate: Option<f64>) -> RateBar {
        RateBar {
            label: label.into(),
            rate,
            value_text: rate.map_or("—".into(), |r| format!("{r:.1}%")),
        }
    }

    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("chart is well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect()
    }

    #[test]
    fn chart_shows_labels_values_axis_and_legend() {
        let rows = [
            bar("2023", Some(68.0)),
            bar("2024", Some(92.4)),
            bar("2025", None),
        ];
        let svg = render("r", &LABELS, &rows);
        let texts = texts(&svg);
        for expected in [
            LABELS.title,
            LABELS.rate_axis,
            LABELS.bars,
            LABELS.reference,
            "2023",
            "68.0%",
            "92.4%",
            "—",
            "0%",
            "100%",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "missing {expected} in {texts:?}"
            );
        }
    }

    #[test]
    fn bars_past_one_hundred_percent_widen_the_axis() {
        let svg = render("r", &LABELS, &[bar("公路", Some(131.0))]);
        assert!(texts(&svg).contains(&"140%".to_owned()));
    }

    #[test]
    fn reference_line_is_dashed_and_bars_have_no_negative_width() {
        let rows = [bar("退款", Some(-12.0)), bar("公路", Some(50.0))];
        let svg = render("r", &LABELS, &rows);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert!(doc.descendants().any(|n| n.has_tag_name("line")
            && n.attribute("stroke") == Some(REFERENCE)
            && n.attribute("stroke-dasharray").is_some()));
        assert!(
            doc.descendants()
                .filter(|n| n.has_tag_name("rect"))
                .all(|n| n.attribute("width").unwrap().parse::<f64>().unwrap() >= 0.0)
        );
    }

    #[test]
    fn no_rows_gives_an_empty_message_in_a_valid_document() {
        let svg = render("r", &LABELS, &[]);
        assert!(texts(&svg).contains(&LABELS.empty.to_owned()));
    }
}
