//! Quarterly readings of a project's indicators (绩效监控), from the quarter it starts until
//! the quarter after it finishes.
//!
//! Values follow the project's physical progress towards the outcome drawn for each indicator,
//! so monitoring sees quantities approach their targets, a late project's forecast period grow
//! past its target and an overrunning project's unit cost drift above its limit.

use chrono::NaiveDate;
use jixiao_core::{Grade, ProjectStatus, Reading, ReadingValue, YearMonth};

use crate::calendar::{FIRST_YEAR, quarter_ends};
use crate::indicators::{Measure, Target, decimal};
use crate::lines::LineWork;
use crate::progress::share_done;
use crate::random::{Stream, normal, uniform};
use crate::sketch::Sketch;

/// The readings of every indicator at each quarter end, in date order.
pub(crate) fn readings(
    sketch: &Sketch,
    targets: &[Target],
    main_line: &LineWork,
    rng: &mut Stream,
) -> Vec<Reading> {
    let status = sketch.status();
    if status == ProjectStatus::Planned {
        return Vec::new();
    }
    let finished = sketch.actual_finish();
    let records_start = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("a date");
    let from = records_start.max(sketch.actual_start);
    let until = finished
        .checked_add_months(chrono::Months::new(3))
        .expect("a date")
        .min(sketch.last_day());
    let mut readings = Vec::new();
    for date in quarter_ends(from, until) {
        let done = if date >= finished {
            1.0
        } else {
            share_done(main_line, YearMonth::of(date))
        };
        for target in targets {
            readings.push(Reading {
                indicator: target.indicator.code.clone(),
                date,
                value: value(target, done, rng),
            });
        }
    }
    readings
}

/// What an indicator reads when `done` of the project's works are complete.
fn value(target: &Target, done: f64, rng: &mut Stream) -> ReadingValue {
    let finished = done >= 1.0;
    let number = match target.measure {
        Measure::Quantity { target, attained } => target * attained * done,
        Measure::Rate { end } => {
            if finished {
                end
            } else {
                (end + normal(rng, 0.0, 0.4)).min(100.0)
            }
        }
        Measure::Delay { days } => {
            // The delay becomes known as the works advance.
            days * (done * 1.5).min(1.0)
        }
        Measure::UnitCost { start, end } => start + (end - start) * (done * 1.3).min(1.0),
        Measure::Benefit { target, attained } => target * attained * done.powf(1.5),
        Measure::Fixed { value } => value,
        Measure::Satisfaction { level } => {
            (level - 4.0 * (1.0 - done) + normal(rng, 0.0, 1.0)).clamp(60.0, 100.0)
        }
        Measure::Graded { grade, weight } => return graded(grade, weight, rng),
    };
    ReadingValue::Value {
        value: decimal(number.max(0.0), target.decimals),
    }
}

/// A grade with a score inside its band: achieved 80–100 % of the weight, partly achieved
/// 60–80 %, not achieved 0–60 % (DOMAIN.md §4).
fn graded(grade: Grade, weight: f64, rng: &mut Stream) -> ReadingValue {
    let (low, high) = band(grade);
    let score = decimal(weight * uniform(rng, low, high), 2)
        .clamp(decimal(weight * low, 2), decimal(weight * high, 2));
    ReadingValue::Graded { grade, score }
}

/// The band of a grade as shares of the weight.
fn band(grade: Grade) -> (f64, f64) {
    match grade {
        Grade::Achieved => (0.8, 1.0),
        Grade::PartlyAchieved => (0.6, 0.8),
        Grade::NotAchieved => (0.0, 0.6),
    }
}
