//! Performance targets (绩效目标) of a project, started from the target library (绩效目标库)
//! of its type as a finance department would: every template row with its weight, core mark
//! and default target, and the targets only the project can give (a length, an area, a unit
//! cost, a traffic volume) filled in from the project itself.
//!
//! Each indicator also gets the outcome its readings will approach, drawn from the project's
//! fate so that a late project misses its schedule target and an overrun misses its cost
//! target; completed projects thereby leave a spread of actual values around the targets, which
//! is what the library's statistics of past values show.

use jixiao_core::preparation::library::{default_library, start_from_library};
use jixiao_core::{Direction, Grade, Indicator, Level2};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::amounts::{WAN, YUAN};
use crate::benefits::daily_traffic;
use crate::random::{Stream, chance, pick, uniform, weighted};
use crate::regions::Management;
use crate::sketch::Sketch;

/// What an indicator's readings show over time.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Measure {
    /// Delivered quantity (or a completion rate), growing with progress to
    /// `target × attained`.
    Quantity { target: f64, attained: f64 },
    /// A quality rate in percent that settles on `end`.
    Rate { end: f64 },
    /// Forecast days of delay, growing to `days` as the delay becomes known.
    Delay { days: f64 },
    /// A forecast cost figure, moving from `start` to `end` as the overrun shows.
    UnitCost { start: f64, end: f64 },
    /// A benefit that builds up as sections open, to `target × attained`.
    Benefit { target: f64, attained: f64 },
    /// A design figure that stays what the design says.
    Fixed { value: f64 },
    /// Satisfaction in percent, a little lower while construction disturbs people.
    Satisfaction { level: f64 },
    /// An evaluator's grade, scored inside its band of `weight`.
    Graded { grade: Grade, weight: f64 },
}

/// An indicator with the outcome of its readings and the decimals they are written with.
pub(crate) struct Target {
    /// The indicator.
    pub indicator: Indicator,
    /// What its readings show.
    pub measure: Measure,
    /// Decimals of its reading values.
    pub decimals: u32,
}

/// How a project's region tends to fare: the chance of meeting a target, the odds of the three
/// grades, and the ranges of satisfaction and of benefits attained.
struct Fate {
    meets: f64,
    grade_odds: [f64; 3],
    satisfaction: (f64, f64),
    benefit: (f64, f64),
}

/// The indicators of a project, one per library template of its type, with the outcomes of
/// their readings.
pub(crate) fn targets(sketch: &Sketch, rng: &mut Stream) -> Vec<Target> {
    let fate = match sketch.region.management {
        Management::Good => Fate {
            meets: 0.9,
            grade_odds: [0.8, 0.17, 0.03],
            satisfaction: (90.0, 97.0),
            benefit: (0.9, 1.15),
        },
        Management::Average => Fate {
            meets: 0.85,
            grade_odds: [0.7, 0.25, 0.05],
            satisfaction: (86.0, 95.0),
            benefit: (0.85, 1.12),
        },
        Management::Poor => Fate {
            meets: 0.7,
            grade_odds: [0.45, 0.4, 0.15],
            satisfaction: (80.0, 91.0),
            benefit: (0.75, 1.05),
        },
    };
    // The quantity delivered is shared by the completion and unit-cost indicators.
    let attained = if chance(rng, fate.meets) {
        uniform(rng, 1.0, 1.04)
    } else {
        uniform(rng, 0.85, 0.99)
    };
    start_from_library(sketch.profile.kind, &default_library())
        .into_iter()
        .map(|row| {
            let mut indicator = row.indicator;
            let (measure, decimals) = shape(&mut indicator, sketch, &fate, attained, rng);
            Target {
                indicator,
                measure,
                decimals,
            }
        })
        .collect()
}

/// Fills the target `indicator` lacks and draws what its readings will show; returns the
/// measure and the decimals of its readings.
fn shape(
    indicator: &mut Indicator,
    sketch: &Sketch,
    fate: &Fate,
    attained: f64,
    rng: &mut Stream,
) -> (Measure, u32) {
    if indicator.direction == Direction::Qualitative {
        let grade = [Grade::Achieved, Grade::PartlyAchieved, Grade::NotAchieved]
            [weighted(rng, &fate.grade_odds)];
        let weight = indicator.weight.to_f64().unwrap_or_default();
        return (Measure::Graded { grade, weight }, 2);
    }
    let meets = chance(rng, fate.meets);
    let template_target = indicator.target.and_then(|t| t.to_f64()).unwrap_or(1.0);
    let code = indicator.code.as_str().to_owned();
    let unit = indicator.unit.clone();
    let quality = indicator.level2 == Level2::Quality;
    let mut set_target = |value: f64, decimals: u32| {
        indicator.target = Some(decimal(value, decimals));
        round(value, decimals)
    };
    match code.as_str() {
        "pipe_length" | "floor_area" => {
            let decimals = sketch.variant.quantity.decimals;
            let target = set_target(sketch.quantity.max(1.0), decimals);
            (Measure::Quantity { target, attained }, decimals)
        }
        code if code.ends_with("_completion") => {
            let attained = if meets { 1.0 } else { uniform(rng, 0.9, 0.995) };
            let target = template_target;
            (Measure::Quantity { target, attained }, 1)
        }
        code if code.ends_with("_delay") => {
            let months = (sketch.actual_months - sketch.planned_months).max(0);
            let days = (f64::from(months) * 30.4).round();
            (Measure::Delay { days }, 0)
        }
        "investment_control" | "cost_control" => {
            let end = 100.0 * (1.0 + sketch.overrun);
            (Measure::UnitCost { start: 100.0, end }, 2)
        }
        "cost_per_km" | "cost_per_deck_area" | "cost_per_area" => {
            let Some((unit_cost, decimals)) = unit_cost(&unit, sketch, rng) else {
                let start = template_target;
                let end = start * (1.0 + sketch.overrun);
                return (Measure::UnitCost { start, end }, 2);
            };
            set_target(unit_cost * uniform(rng, 1.0, 1.06), decimals);
            let end = unit_cost * (1.0 + sketch.overrun) / attained;
            (
                Measure::UnitCost {
                    start: unit_cost,
                    end,
                },
                decimals,
            )
        }
        "leakage_rate" => {
            let end = if meets {
                uniform(rng, 6.0, template_target)
            } else {
                uniform(rng, template_target + 0.1, template_target + 3.0)
            };
            (Measure::Rate { end }, 1)
        }
        "daily_traffic" => {
            // Traffic targets are set in round hundreds of vehicles.
            let range = daily_traffic(sketch.profile.kind);
            let target = (uniform(rng, range.0, range.1) / 100.0).round() * 100.0;
            set_target(target, 0);
            let attained = uniform(rng, fate.benefit.0, fate.benefit.1);
            (Measure::Benefit { target, attained }, 0)
        }
        "detour_shortened" => {
            let target = set_target(uniform(rng, 3.0, 15.0), 1);
            (Measure::Fixed { value: target }, 1)
        }
        "irrigated_area" => {
            let target = set_target(uniform(rng, 0.5, 8.0), 1);
            let attained = uniform(rng, fate.benefit.0, fate.benefit.1);
            (Measure::Benefit { target, attained }, 2)
        }
        "flood_protection" => {
            let target = set_target(*pick(rng, &[20.0, 20.0, 30.0, 50.0]), 0);
            (Measure::Fixed { value: target }, 0)
        }
        code if code.ends_with("_design_life") => (
            Measure::Fixed {
                value: template_target,
            },
            0,
        ),
        "satisfaction" => {
            let level = uniform(rng, fate.satisfaction.0, fate.satisfaction.1);
            (Measure::Satisfaction { level }, 1)
        }
        code if code.ends_with("_rate") && quality => {
            let target = template_target;
            let end = match (meets, target >= 100.0) {
                (true, true) => 100.0,
                (true, false) => uniform(rng, target, (target + 12.0).min(100.0)),
                (false, _) => uniform(rng, target - 6.0, target - 0.1),
            };
            (Measure::Rate { end }, 1)
        }
        _ => {
            // Benefits in percent or per unit: travel time saved, sewage collected, energy
            // saved, offices handed over.
            let mut attained = uniform(rng, fate.benefit.0, fate.benefit.1);
            if unit == "%" && template_target >= 100.0 {
                attained = attained.min(1.0);
            }
            let target = template_target;
            (Measure::Benefit { target, attained }, 1)
        }
    }
}

/// The project's own unit cost in the indicator's `unit`, with the decimals it is written
/// with; `None` when the project's quantity cannot be put in that unit.
fn unit_cost(unit: &str, sketch: &Sketch, rng: &mut Stream) -> Option<(f64, u32)> {
    let total_wan = sketch.original_total.fen() as f64 / WAN as f64;
    let per_unit = total_wan / sketch.quantity.max(1.0);
    match (unit, sketch.variant.quantity.unit) {
        ("万元/公里", "公里") => Some((per_unit, 2)),
        ("万元/公里", "米") => Some((per_unit * 1_000.0, 2)),
        // A bridge's deck is 16 to 36 metres wide.
        ("万元/平方米", "米") => Some((per_unit / uniform(rng, 16.0, 36.0), 2)),
        ("元/平方米", "平方米") => Some((per_unit * (WAN / YUAN) as f64, 0)),
        _ => None,
    }
}

/// `value` rounded half away from zero to `decimals` places, as a float for further drawing.
pub(crate) fn round(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    (value * factor).round() / factor
}

/// `value` as a decimal with `decimals` places.
pub(crate) fn decimal(value: f64, decimals: u32) -> Decimal {
    Decimal::new(
        (value * 10f64.powi(decimals as i32)).round() as i64,
        decimals,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_kept_as_asked() {
        assert_eq!(decimal(12.346, 2).to_string(), "12.35");
        assert_eq!(decimal(7.0, 0).to_string(), "7");
        assert_eq!(decimal(-0.25, 1).to_string(), "-0.3");
        assert_eq!(round(0.25, 1), 0.3);
    }
}
