//! Performance targets (绩效目标) of a project: six to ten indicators from its type's template,
//! weighted 50 for output, 30 for benefit and 10 for satisfaction (execution's 10 is separate),
//! with the schedule, cost and quality indicators marked core (★) as construction projects must.
//!
//! Each indicator also gets the outcome its readings will approach, drawn from the project's
//! fate so that a late project misses its schedule target and an overrun misses its cost target.

use jixiao_core::{Direction, Grade, Indicator, IndicatorCode, Level1, Level2};
use rust_decimal::Decimal;

use crate::amounts::{WAN, YUAN};
use crate::benefits::benefits;
use crate::random::{Stream, chance, pick, uniform, weighted};
use crate::regions::Management;
use crate::sketch::Sketch;

/// What an indicator's readings show over time.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Measure {
    /// Delivered quantity, growing with progress to `target × attained`.
    Quantity { target: f64, attained: f64 },
    /// A quality rate in percent that settles on `end`.
    Rate { end: f64 },
    /// Serious accidents; `count` happen in the second half of construction.
    Accidents { count: u32 },
    /// Forecast construction period in months, moving from the planned to the actual one.
    Duration { planned: i32, actual: i32 },
    /// Forecast unit cost, moving from the original to the final one as the overrun shows.
    UnitCost { start: f64, end: f64 },
    /// A benefit that builds up as sections open, to `target × attained`.
    Benefit { target: f64, attained: f64 },
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

/// One indicator before its weight is settled.
struct Draft {
    level2: Level2,
    name: String,
    direction: Direction,
    target: Option<Decimal>,
    target_text: Option<String>,
    unit: String,
    base_weight: i64,
    core: bool,
    measure: Measure,
    decimals: u32,
}

/// The indicators of a project with the outcomes of their readings.
pub(crate) fn targets(sketch: &Sketch, rng: &mut Stream) -> Vec<Target> {
    let (meets, grade_odds, satisfaction, benefit_range) = match sketch.region.management {
        Management::Good => (0.9, [0.8, 0.17, 0.03], (90.0, 97.0), (0.9, 1.15)),
        Management::Average => (0.85, [0.7, 0.25, 0.05], (86.0, 95.0), (0.85, 1.12)),
        Management::Poor => (0.7, [0.45, 0.4, 0.15], (80.0, 91.0), (0.75, 1.05)),
    };
    let quantity = &sketch.variant.quantity;
    let benefits = benefits(sketch.profile.kind);
    let mut drafts = Vec::new();

    let q_target = round(sketch.quantity, quantity.decimals).max(1.0);
    let attained = if chance(rng, meets) {
        uniform(rng, 1.0, 1.04)
    } else {
        uniform(rng, 0.85, 0.99)
    };
    drafts.push(numeric(
        (
            Level2::Quantity,
            quantity.name,
            Direction::AtLeast,
            quantity.unit,
        ),
        q_target,
        quantity.decimals,
        (15, true),
        Measure::Quantity {
            target: q_target,
            attained,
        },
    ));

    let (quality_name, quality_target) = *pick(
        rng,
        &[
            ("工程交工验收合格率", 100.0),
            ("工程交工验收合格率", 100.0),
            ("分项工程一次验收合格率", 98.0),
        ],
    );
    let quality_end = match (chance(rng, meets), quality_target >= 100.0) {
        (true, true) => 100.0,
        (true, false) => uniform(rng, 98.0, 100.0),
        (false, true) => uniform(rng, 95.0, 99.5),
        (false, false) => uniform(rng, 93.0, 97.9),
    };
    let mut quality = numeric(
        (Level2::Quality, quality_name, Direction::AtLeast, "%"),
        quality_target,
        0,
        (10, true),
        Measure::Rate { end: quality_end },
    );
    // Rates are read with one decimal although the target is a whole percentage.
    quality.decimals = 1;
    drafts.push(quality);
    if chance(rng, 0.6) {
        let accident = if sketch.region.management == Management::Poor {
            0.08
        } else {
            0.02
        };
        drafts.push(numeric(
            (
                Level2::Quality,
                "重大及以上安全生产责任事故",
                Direction::Equal,
                "起",
            ),
            0.0,
            0,
            (5, false),
            Measure::Accidents {
                count: u32::from(chance(rng, accident)),
            },
        ));
    }
    drafts.push(numeric(
        (Level2::Timeliness, "项目建设工期", Direction::AtMost, "月"),
        f64::from(sketch.planned_months),
        0,
        (10, true),
        Measure::Duration {
            planned: sketch.planned_months,
            actual: sketch.actual_months,
        },
    ));

    // Unit cost in 万元 per unit, or 元 per square metre for buildings.
    let (divisor, cost_decimals, cost_unit) = if quantity.cost_in_yuan {
        (YUAN, 0, format!("元/{}", quantity.unit))
    } else {
        (WAN, 2, format!("万元/{}", quantity.unit))
    };
    let unit_cost = sketch.original_total.fen() as f64 / divisor as f64 / q_target;
    let cost_target = round(unit_cost * uniform(rng, 1.0, 1.06), cost_decimals);
    let mut cost = numeric(
        (Level2::OutputCost, "单位工程造价", Direction::AtMost, ""),
        cost_target,
        cost_decimals,
        (10, true),
        Measure::UnitCost {
            start: unit_cost,
            end: unit_cost * (1.0 + sketch.overrun) / attained,
        },
    );
    cost.unit = cost_unit;
    drafts.push(cost);

    let (name, unit, range, decimals) = benefits.social;
    let social = round(uniform(rng, range.0, range.1), decimals);
    let attained = uniform(rng, benefit_range.0, benefit_range.1);
    drafts.push(numeric(
        (Level2::Social, name, Direction::AtLeast, unit),
        social,
        decimals,
        (10, false),
        Measure::Benefit {
            target: social,
            attained,
        },
    ));
    if chance(rng, 0.5) {
        let (name, unit, range, decimals) = benefits.economic;
        let economic = round(uniform(rng, range.0, range.1), decimals);
        let attained = uniform(rng, benefit_range.0, benefit_range.1);
        drafts.push(numeric(
            (Level2::Economic, name, Direction::AtLeast, unit),
            economic,
            decimals,
            (10, false),
            Measure::Benefit {
                target: economic,
                attained,
            },
        ));
    }
    if chance(rng, 0.8) {
        let grade = draw_grade(rng, &grade_odds);
        drafts.push(qualitative(
            Level2::Ecological,
            benefits.ecological,
            5,
            grade,
        ));
    }
    if chance(rng, 0.4) {
        let text = (
            "建成后管养机制建立情况",
            "落实管养单位、人员和经费，建立长效管护机制",
        );
        let grade = draw_grade(rng, &grade_odds);
        drafts.push(qualitative(Level2::Sustainability, text, 5, grade));
    }
    let satisfaction_target = *pick(rng, &[90.0, 90.0, 90.0, 85.0]);
    let mut satisfied = numeric(
        (
            Level2::ServiceSatisfaction,
            benefits.satisfaction,
            Direction::AtLeast,
            "%",
        ),
        satisfaction_target,
        0,
        (10, false),
        Measure::Satisfaction {
            level: uniform(rng, satisfaction.0, satisfaction.1),
        },
    );
    // Survey results are read with one decimal.
    satisfied.decimals = 1;
    drafts.push(satisfied);
    settle(drafts)
}

/// A grade drawn with the odds of achieved, partly achieved and not achieved.
fn draw_grade(rng: &mut Stream, odds: &[f64; 3]) -> Grade {
    [Grade::Achieved, Grade::PartlyAchieved, Grade::NotAchieved][weighted(rng, odds)]
}

/// A quantitative draft: `(level 2, name, direction, unit)`, target, the decimals of target and
/// readings, and `(weight, core)`.
fn numeric(
    what: (Level2, &str, Direction, &str),
    target: f64,
    decimals: u32,
    weight: (i64, bool),
    measure: Measure,
) -> Draft {
    let (level2, name, direction, unit) = what;
    Draft {
        level2,
        name: name.to_owned(),
        direction,
        target: Some(decimal(target, decimals)),
        target_text: None,
        unit: unit.to_owned(),
        base_weight: weight.0,
        core: weight.1,
        measure,
        decimals,
    }
}

/// A qualitative draft judged against `(name, target text)`.
fn qualitative(level2: Level2, text: (&str, &str), weight: i64, grade: Grade) -> Draft {
    Draft {
        level2,
        name: text.0.to_owned(),
        direction: Direction::Qualitative,
        target: None,
        target_text: Some(text.1.to_owned()),
        unit: String::new(),
        base_weight: weight,
        core: false,
        // The weight is filled in once the group's weights are settled.
        measure: Measure::Graded { grade, weight: 0.0 },
        decimals: 2,
    }
}

/// Scales the weights of each level-1 group to its total (output 50, benefit 30, satisfaction
/// 10) in whole points, and numbers the indicators.
fn settle(drafts: Vec<Draft>) -> Vec<Target> {
    let group_total = |draft: &Draft| match draft.level2.parent() {
        Level1::Output | Level1::Cost => 50,
        Level1::Benefit => 30,
        Level1::Satisfaction => 10,
    };
    let mut weights = vec![0; drafts.len()];
    for level1 in [Level1::Output, Level1::Benefit, Level1::Satisfaction] {
        let members: Vec<usize> = (0..drafts.len())
            .filter(|i| drafts[*i].level2.parent() == level1)
            .collect();
        let Some(first) = members.first() else {
            continue;
        };
        let base: Vec<i64> = members.iter().map(|i| drafts[*i].base_weight).collect();
        for (member, weight) in members
            .iter()
            .zip(share_out(group_total(&drafts[*first]), &base))
        {
            weights[*member] = weight;
        }
    }
    drafts
        .into_iter()
        .zip(weights)
        .enumerate()
        .map(|(i, (draft, weight))| {
            let measure = match draft.measure {
                Measure::Graded { grade, .. } => Measure::Graded {
                    grade,
                    weight: weight as f64,
                },
                other => other,
            };
            Target {
                indicator: Indicator {
                    code: IndicatorCode::new(format!("I{:02}", i + 1)).expect("valid code"),
                    level1: draft.level2.parent(),
                    level2: draft.level2,
                    name: draft.name,
                    direction: draft.direction,
                    target: draft.target,
                    target_text: draft.target_text,
                    unit: draft.unit,
                    weight: Decimal::from(weight),
                    core: draft.core,
                },
                measure,
                decimals: draft.decimals,
            }
        })
        .collect()
}

/// Splits `total` whole points in proportion to `weights`, largest remainders first.
fn share_out(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    let mut shares: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(total * weights[*i] % sum), *i));
    let left = total - shares.iter().sum::<i64>();
    for i in order
        .into_iter()
        .take(usize::try_from(left).expect("non-negative"))
    {
        shares[i] += 1;
    }
    shares
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
    fn points_are_shared_out_whole_and_add_up() {
        let cases: &[(i64, &[i64], &[i64])] = &[
            (50, &[15, 10, 10, 10], &[17, 11, 11, 11]),
            (50, &[15, 10, 5, 10, 10], &[15, 10, 5, 10, 10]),
            (30, &[10, 5], &[20, 10]),
            (30, &[10], &[30]),
            (10, &[10], &[10]),
        ];
        for (total, weights, expected) in cases {
            let shares = share_out(*total, weights);
            assert_eq!(&shares[..], *expected, "{total} over {weights:?}");
            assert_eq!(shares.iter().sum::<i64>(), *total);
        }
    }

    #[test]
    fn decimals_are_kept_as_asked() {
        assert_eq!(decimal(12.346, 2).to_string(), "12.35");
        assert_eq!(decimal(7.0, 0).to_string(), "7");
        assert_eq!(decimal(-0.25, 1).to_string(), "-0.3");
        assert_eq!(round(0.25, 1), 0.3);
    }
}
