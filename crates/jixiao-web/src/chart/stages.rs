//! A horizontal bar chart of a project's cost stage totals (造价阶段合计), with the 10 % limit
//! of the budgetary estimate over the estimate drawn as a dashed line.
//!
//! Stage names are long in English ("Construction-drawing budget"), so the bars lie flat with
//! the names on the left. A bar beyond the limit is drawn in the warning colour and every bar
//! carries its value as text, so the chart reads in grey print too.

use std::fmt::Write;

use super::axis::nice_scale;
use super::legend::{Key, Marker, legend, line_style};
use super::{
    ACTUAL, AXIS, GRID, MUTED, REFERENCE, chart_title, empty_message, line, open_svg, text,
    text_width,
};

/// The dash pattern of the limit line, in the chart and its legend alike.
const LIMIT_DASH: &str = "6 4";

/// The words drawn on the chart, already in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct StageLabels<'a> {
    /// The chart title.
    pub title: &'a str,
    /// A sentence for screen readers that states what the chart shows.
    pub desc: &'a str,
    /// The value axis title with its unit, such as 合计（万元）.
    pub value_axis: &'a str,
    /// Legend entry of the bars.
    pub bars: &'a str,
    /// Legend entry of the limit line, such as 估算 +10% 限额.
    pub limit: &'a str,
    /// Shown in place of the bars when there are no stages.
    pub empty: &'a str,
}

/// One bar: a stage and its total in 万元.
#[derive(Debug, Clone, PartialEq)]
pub struct StageBar {
    /// The stage name, such as 设计概算.
    pub label: String,
    /// The total in 万元, for drawing only.
    pub total: f64,
    /// The total as the page shows it, such as `1,234.57`.
    pub value_text: String,
    /// Whether the bar breaks the limit, drawn in the warning colour.
    pub over_limit: bool,
}

const WIDTH: f64 = 720.0;
const TOP: f64 = 96.0;
const ROW: f64 = 40.0;
const BAR: f64 = 24.0;
const BOTTOM: f64 = 64.0;
const RIGHT: f64 = 96.0;

/// Draws the chart; `limit` is the highest allowed budgetary estimate in 万元, when there is an
/// estimate to measure it against. `id` must be unique within the page.
pub fn render(id: &str, labels: &StageLabels<'_>, bars: &[StageBar], limit: Option<f64>) -> String {
    let height = TOP + ROW * bars.len().max(2) as f64 + BOTTOM;
    let mut out = String::with_capacity(8 * 1024);
    open_svg(&mut out, id, WIDTH, height, labels.title, labels.desc);
    chart_title(&mut out, labels.title);
    let bar_key = (
        Key::Swatch {
            fill: ACTUAL,
            stroke: ACTUAL,
        },
        labels.bars,
    );
    let limit_key = (
        Key::Line {
            stroke: REFERENCE,
            dash: Some(LIMIT_DASH),
            marker: Marker::None,
        },
        labels.limit,
    );
    match limit {
        Some(_) => legend(&mut out, (24.0, 62.0), &[bar_key, limit_key]),
        None => legend(&mut out, (24.0, 62.0), &[bar_key]),
    }

    let plot_bottom = height - BOTTOM;
    if bars.is_empty() {
        empty_message(
            &mut out,
            (WIDTH / 2.0, (TOP + plot_bottom) / 2.0),
            labels.empty,
        );
        out.push_str("</svg>");
        return out;
    }

    let values = bars.iter().map(|b| b.total).filter(|v| v.is_finite());
    let highest = values
        .clone()
        .chain(limit.filter(|v| v.is_finite()))
        .fold(0.0, f64::max);
    let lowest = values.fold(0.0, f64::min);
    let scale = nice_scale(lowest, highest, 5);
    let widest = bars
        .iter()
        .map(|b| text_width(&b.label, 13.0))
        .fold(0.0, f64::max);
    let left = (widest + 30.0).clamp(90.0, 240.0);
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
        text(
            &mut out,
            tx,
            plot_bottom + 20.0,
            "middle",
            r#" font-size="12""#,
            &scale.label(tick),
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
        labels.value_axis,
    );

    // Bars first, then the limit line across them, then the values with a white halo on top,
    // so that a value next to the limit stays readable where the dashed line crosses it.
    let mut value_texts = Vec::with_capacity(bars.len());
    for (i, bar) in bars.iter().enumerate() {
        let middle = TOP + ROW * (i as f64 + 0.5);
        text(&mut out, left - 12.0, middle + 4.5, "end", "", &bar.label);
        let total = if bar.total.is_finite() {
            bar.total
        } else {
            0.0
        };
        let (from, to) = (x(0.0), x(total));
        let fill = if bar.over_limit { REFERENCE } else { ACTUAL };
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{BAR}" fill="{fill}"/>"#,
            from.min(to),
            middle - BAR / 2.0,
            (to - from).abs()
        );
        value_texts.push((to.max(from) + 6.0, middle + 4.5, &bar.value_text));
    }
    if let Some(limit) = limit.filter(|v| v.is_finite()) {
        let lx = x(limit);
        line(
            &mut out,
            (lx, TOP - 10.0),
            (lx, plot_bottom),
            REFERENCE,
            &line_style(Some(LIMIT_DASH), 2.0),
        );
    }
    for (vx, vy, value) in value_texts {
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

    const LABELS: StageLabels<'static> = StageLabels {
        title: "各阶段造价合计",
        desc: "两个造价阶段的合计金额",
        value_axis: "合计（万元）",
        bars: "阶段合计",
        limit: "估算 +10% 限额",
        empty: "暂无数据",
    };

    fn bar(label: &str, total: f64, over_limit: bool) -> StageBar {
        StageBar {
            label: label.into(),
            total,
            value_text: format!("{total:.2}"),
            over_limit,
        }
    }

    fn document(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).expect("chart is well-formed XML")
    }

    #[test]
    fn chart_names_each_stage_with_its_value_and_the_limit() {
        let svg = render(
            "s",
            &LABELS,
            &[
                bar("投资估算", 1000.0, false),
                bar("设计概算", 1200.0, true),
            ],
            Some(1100.0),
        );
        let doc = document(&svg);
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        for expected in ["投资估算", "设计概算", "1000.00", "1200.00", LABELS.limit] {
            assert!(texts.contains(&expected), "missing {expected} in {texts:?}");
        }
        let over: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(REFERENCE))
            .collect();
        assert_eq!(over.len(), 1, "only the bar over the limit is red");
        assert!(doc.descendants().any(|n| n.has_tag_name("line")
            && n.attribute("stroke") == Some(REFERENCE)
            && n.attribute("stroke-dasharray").is_some()));
    }

    #[test]
    fn without_an_estimate_there_is_no_limit_line_or_legend_entry() {
        let svg = render("s", &LABELS, &[bar("合同价", 800.0, false)], None);
        assert!(!svg.contains(LABELS.limit));
        assert!(!svg.contains("stroke-dasharray"));
    }

    #[test]
    fn no_stages_gives_an_empty_message_in_a_valid_document() {
        let svg = render("s", &LABELS, &[], None);
        assert!(
            document(&svg)
                .descendants()
                .any(|n| n.text() == Some(LABELS.empty))
        );
    }
}
