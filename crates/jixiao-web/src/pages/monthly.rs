//! The plan-versus-actual section shared by the overview and the project page: the chart, the
//! year links above it and the table of its figures below it.

use jixiao_core::{Money, MonthlyPoint};

use super::PageCtx;
use crate::chart::monthly::{self, MonthBar, MonthlyLabels};
use crate::format;
use crate::i18n::{fill, month_name};

/// The monthly section of a page.
#[derive(Debug, Clone, Default)]
pub struct MonthlySection {
    /// The section heading; the chart carries the specific title.
    pub heading: String,
    /// Links to the same section for other years (the overview only).
    pub years: Vec<YearLink>,
    /// The chart, as inline SVG.
    pub chart: String,
    /// The chart's figures, for readers who want the numbers.
    pub rows: Vec<MonthRow>,
}

/// A link to another fiscal year.
#[derive(Debug, Clone)]
pub struct YearLink {
    /// The year as shown.
    pub label: String,
    /// Where it leads.
    pub href: String,
    /// Whether it is the year shown.
    pub current: bool,
}

/// One month of the figures table, written in 万元.
#[derive(Debug, Clone)]
pub struct MonthRow {
    /// The month, such as `2024-03`.
    pub month: String,
    /// Planned spending.
    pub planned: String,
    /// Actual spending.
    pub actual: String,
    /// Planned spending to date.
    pub planned_cumulative: String,
    /// Actual spending to date.
    pub actual_cumulative: String,
}

impl MonthlySection {
    /// Builds the section for `points` under a chart titled `title`; `chart_id` must be unique
    /// within the page.
    pub fn new(ctx: &PageCtx, chart_id: &str, title: &str, points: &[MonthlyPoint]) -> Self {
        let locale = ctx.locale;
        // One year reads best as month names; several years need the year on each label.
        let single_year = points
            .first()
            .is_some_and(|first| points.iter().all(|p| p.month.year() == first.month.year()));
        let bars: Vec<MonthBar> = points
            .iter()
            .map(|p| MonthBar {
                month_of_year: p.month.month(),
                label: if single_year {
                    month_name(locale, p.month.month()).to_owned()
                } else {
                    p.month.to_string()
                },
                planned: p.planned.to_wan_f64(),
                actual: p.actual.to_wan_f64(),
            })
            .collect();

        let mut planned_total = Money::ZERO;
        let mut actual_total = Money::ZERO;
        let rows = points
            .iter()
            .map(|p| {
                planned_total += p.planned;
                actual_total += p.actual;
                MonthRow {
                    month: p.month.to_string(),
                    planned: format::wan(p.planned),
                    actual: format::wan(p.actual),
                    planned_cumulative: format::wan(planned_total),
                    actual_cumulative: format::wan(actual_total),
                }
            })
            .collect();

        let (from, to) = match (points.first(), points.last()) {
            (Some(first), Some(last)) => (first.month.to_string(), last.month.to_string()),
            _ => (String::new(), String::new()),
        };
        let desc = fill(
            locale,
            "chart.monthly_desc",
            &[
                ("from", &from),
                ("to", &to),
                ("planned", &format::wan(planned_total)),
                ("actual", &format::wan(actual_total)),
            ],
        );
        let labels = MonthlyLabels {
            title,
            desc: &desc,
            value_axis: ctx.t("chart.value_axis"),
            monthly_panel: ctx.t("chart.monthly_panel"),
            cumulative_panel: ctx.t("chart.cumulative_panel"),
            planned: ctx.t("chart.planned"),
            actual: ctx.t("chart.actual"),
            planned_cumulative: ctx.t("chart.planned_cumulative"),
            actual_cumulative: ctx.t("chart.actual_cumulative"),
            empty: ctx.t("chart.empty"),
        };
        let chart = monthly::render(chart_id, &labels, &bars);
        MonthlySection {
            heading: ctx.t("monthly.section").to_owned(),
            years: Vec::new(),
            chart,
            rows,
        }
    }
}
