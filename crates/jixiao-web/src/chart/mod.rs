//! Charts drawn as SVG text by our own code, so pages work offline and print cleanly.
//!
//! Each chart is a pure function from labels and numbers to an SVG string that is inlined in
//! the page. Callers pass every visible word already translated; this module only lays out
//! and escapes. Money arrives here as `f64` 万元 because drawing is the one place where
//! floating point is allowed: nothing computed here flows back into sums.
//!
//! The charts use presentation attributes only (no `style` attribute, no `<style>` element),
//! because the content security policy forbids inline styles.

pub mod axis;
pub mod bars;
pub mod legend;
pub mod monthly;
pub mod stages;

use std::fmt::Write;

/// The font stack of every chart: CJK fonts first so that Chinese labels never fall back to
/// boxes, then the generic family.
const FONT: &str = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif";

/// Dark navy of actual spending: the figure people look at first.
const ACTUAL: &str = "#1f4e79";
/// Muted blue of the plan, drawn hatched so it differs from actual spending in grey print.
const PLAN: &str = "#6f93bf";
/// Light fill behind the plan hatching.
const PLAN_FILL: &str = "#dfe8f3";
/// Gridlines: visible on screen and paper, quieter than data.
const GRID: &str = "#d9dee5";
/// Axis lines and tick marks.
const AXIS: &str = "#5c6670";
/// Ordinary chart text.
const INK: &str = "#27313b";
/// Secondary text such as axis titles.
const MUTED: &str = "#5c6670";
/// The 100 % reference line: a warm colour, and dashed, so it reads without colour too.
const REFERENCE: &str = "#b03a2e";

/// Escapes text for use in SVG element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes the opening `<svg>` element with its accessible name and description.
///
/// `id` must be unique in the page: it prefixes the ids of the title, the description and any
/// pattern, so that two charts on one page do not share definitions by accident.
fn open_svg(out: &mut String, id: &str, width: f64, height: f64, title: &str, desc: &str) {
    let id = escape(id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT}" font-size="13" fill="{INK}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        title = escape(title),
        desc = escape(desc),
    );
    let _ = write!(
        out,
        r#"<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>"#
    );
}

/// Writes one text element; `anchor` is `start`, `middle` or `end`.
fn text(out: &mut String, x: f64, y: f64, anchor: &str, extra: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}"{extra}>{}</text>"#,
        escape(content)
    );
}

/// Writes a straight line.
fn line(out: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, extra: &str) {
    let _ = write!(
        out,
        r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}"{extra}/>"#
    );
}

/// Writes the chart title in the top-left corner.
fn chart_title(out: &mut String, title: &str) {
    text(
        out,
        24.0,
        30.0,
        "start",
        r#" font-size="17" font-weight="bold""#,
        title,
    );
}

/// Writes the message shown in place of a chart without data, centred on `(x, y)`.
fn empty_message(out: &mut String, (x, y): (f64, f64), message: &str) {
    text(
        out,
        x,
        y,
        "middle",
        &format!(r#" fill="{MUTED}" font-size="15""#),
        message,
    );
}

/// Writes the value-axis title rotated along the left edge.
fn axis_title(out: &mut String, title: &str, middle: f64) {
    let _ = write!(
        out,
        r#"<text x="0" y="0" transform="translate(20 {middle:.1}) rotate(-90)" text-anchor="middle" fill="{MUTED}">{}</text>"#,
        escape(title)
    );
}

/// Draws one bar from the zero line to `value_y`, whichever way that goes.
fn bar_rect(
    out: &mut String,
    x: f64,
    width: f64,
    zero_y: f64,
    value_y: f64,
    fill: &str,
    stroke: &str,
) {
    let (y, height) = if value_y < zero_y {
        (value_y, zero_y - value_y)
    } else {
        (zero_y, value_y - zero_y)
    };
    let _ = write!(
        out,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="{height:.1}" fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>"#
    );
}

/// Draws a line through `points`.
fn polyline(out: &mut String, points: &[(f64, f64)], stroke: &str, extra: &str) {
    let coordinates: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-linejoin="round"{extra}/>"#,
        coordinates.join(" ")
    );
}

/// An estimate of how wide `label` is drawn at `font_size`, for laying out margins.
///
/// CJK characters take a full em; Latin letters and digits a little over half of one. The
/// estimate errs wide, so labels get room to spare rather than overlap.
fn text_width(label: &str, font_size: f64) -> f64 {
    label
        .chars()
        .map(|c| if c.is_ascii() { 0.58 } else { 1.0 })
        .sum::<f64>()
        * font_size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_every_markup_character() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("公路 2024"), "公路 2024");
    }

    #[test]
    fn text_width_counts_cjk_wider_than_latin() {
        assert!(text_width("公路", 10.0) > text_width("ab", 10.0));
        assert_eq!(text_width("", 13.0), 0.0);
    }
}
