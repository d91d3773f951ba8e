//! Legends and point markers shared by the charts.
//!
//! A legend key repeats exactly how its series is drawn (fill, dash pattern, marker), so a
//! reader can match series by shape as well as by colour, in grey print too.

use std::fmt::Write;

use super::{line, text, text_width};

/// A point marker on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// No marker.
    None,
    /// A hollow square.
    Square,
    /// A filled circle.
    Circle,
}

/// How one legend entry is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    /// A filled box, for bars.
    Swatch {
        /// The fill, a colour or a `url(#pattern)`.
        fill: &'a str,
        /// The outline colour.
        stroke: &'a str,
    },
    /// A short line, for line series and reference lines.
    Line {
        /// The line colour.
        stroke: &'a str,
        /// The dash pattern, `None` for a solid line.
        dash: Option<&'a str>,
        /// The marker drawn on its points.
        marker: Marker,
    },
}

/// Draws a marker centred on `(x, y)`.
pub fn marker(out: &mut String, kind: Marker, (x, y): (f64, f64), colour: &str) {
    let _ = match kind {
        Marker::None => Ok(()),
        Marker::Square => write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="white" stroke="{colour}" stroke-width="1.8"/>"#,
            x - 3.5,
            y - 3.5
        ),
        Marker::Circle => write!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{colour}"/>"#
        ),
    };
}

/// The extra attributes of a line series: width and dash pattern.
pub fn line_style(dash: Option<&str>, width: f64) -> String {
    match dash {
        Some(dash) => format!(r#" stroke-width="{width}" stroke-dasharray="{dash}""#),
        None => format!(r#" stroke-width="{width}""#),
    }
}

/// Draws `entries` in one row starting at `(x, y)`, where `y` is the text baseline.
pub fn legend(out: &mut String, (mut x, y): (f64, f64), entries: &[(Key<'_>, &str)]) {
    for (key, label) in entries {
        let sample_width = match key {
            Key::Swatch { fill, stroke } => {
                let _ = write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="16" height="12" fill="{fill}" stroke="{stroke}"/>"#,
                    y - 10.0
                );
                16.0
            }
            Key::Line {
                stroke,
                dash,
                marker: kind,
            } => {
                line(
                    out,
                    (x, y - 4.0),
                    (x + 28.0, y - 4.0),
                    stroke,
                    &line_style(*dash, 2.5),
                );
                marker(out, *kind, (x + 14.0, y - 4.0), stroke);
                28.0
            }
        };
        text(out, x + sample_width + 6.0, y, "start", "", label);
        x += sample_width + 6.0 + text_width(label, 13.0) + 24.0;
    }
}
