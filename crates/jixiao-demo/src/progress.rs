//! Physical progress (形象进度) of works lines, read at each quarter end.
//!
//! Progress follows the same curve over the actual schedule as the line's spending, so delays
//! slow both and earned value stays consistent with cost: a line that overruns shows the same
//! percent complete for more money spent.

use chrono::NaiveDate;
use jixiao_core::{Budget, Percent, Progress, ProjectStatus, YearMonth};
use rust_decimal::Decimal;

use crate::calendar::{FIRST_YEAR, quarter_ends};
use crate::catalog::is_works;
use crate::lines::LineWork;
use crate::random::{Stream, normal};
use crate::sketch::Sketch;

/// Quarterly progress of every works line that appears in a budget, in date order.
pub(crate) fn progress(
    sketch: &Sketch,
    lines: &[LineWork],
    budgets: &[Budget],
    rng: &mut Stream,
) -> Vec<Progress> {
    if sketch.status() == ProjectStatus::Planned {
        return Vec::new();
    }
    let records_start = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("a date");
    let mut readings = Vec::new();
    for line in lines.iter().filter(|l| is_works(l.category.as_str())) {
        if !budgets.iter().any(|b| b.line(&line.code).is_some()) {
            continue;
        }
        let finished = line.actual_window.1.last_day();
        // One reading after the line is finished records it at 100 %.
        let until = finished
            .checked_add_months(chrono::Months::new(3))
            .expect("a date")
            .min(sketch.last_day());
        let from = records_start.max(line.actual_window.0.first_day());
        let mut shown = 0.0_f64;
        for date in quarter_ends(from, until) {
            let done = if date >= finished {
                1.0
            } else {
                let noisy = share_done(line, YearMonth::of(date)) * (1.0 + normal(rng, 0.0, 0.02));
                noisy.clamp(shown, 0.995)
            };
            shown = done;
            readings.push(Progress {
                date,
                line: line.code.clone(),
                percent_complete: percent(done),
            });
        }
    }
    readings.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.line.cmp(&b.line)));
    readings
}

/// The share of a line's work done by the end of `month`, from its actual schedule.
pub(crate) fn share_done(line: &LineWork, month: YearMonth) -> f64 {
    line.done
        .range(..=month)
        .next_back()
        .map_or(0.0, |(_, done)| *done)
}

/// A share between 0 and 1 as a percentage with one decimal.
fn percent(share: f64) -> Percent {
    let tenths = (share * 1000.0).round().clamp(0.0, 1000.0) as i64;
    Percent::new(Decimal::new(tenths, 1)).expect("clamped to 0–100")
}
