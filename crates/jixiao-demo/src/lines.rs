//! A project's cost lines over its whole life: the original amount spread over the planned
//! schedule, and the final cost spread, with monthly noise, over the schedule it really had.
//!
//! Budgets take their original lines from the planned spread and their spending from the
//! actual one, so delays show as under-spent early years and overruns as spending above the
//! original lines.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jixiao_core::{CategoryCode, LineCode, Money, Profile, YearMonth, plan};

use crate::amounts::{HUNDRED_YUAN, WAN, YUAN, apportion, ratio, scale};
use crate::calendar::{day_in, from_index, index, shift, span};
use crate::catalog::{Behaviour, INTEREST_LINE, LineTemplate, behaviour};
use crate::random::{Stream, between, chance, pick_text, uniform, weighted};
use crate::sketch::Sketch;

/// Weights are taken from a spread of this many fen, fine enough for any window length.
const WEIGHT_BASE: i64 = 1_000_000_000;

/// One cost line over the project's life.
pub(crate) struct LineWork {
    /// Its code, the same in every year's budget.
    pub code: LineCode,
    /// Its name.
    pub name: String,
    /// Its category.
    pub category: CategoryCode,
    /// How it is spent.
    pub behaviour: Behaviour,
    /// Whether its yearly plans are entered by hand.
    pub manual: bool,
    /// The original amount (its share of the 设计概算).
    pub original: Money,
    /// What it will have cost at completion.
    pub final_cost: Money,
    /// First and last month of the planned spending.
    pub planned_window: (YearMonth, YearMonth),
    /// First and last month of the actual spending.
    pub actual_window: (YearMonth, YearMonth),
    /// The original amount spread over the planned window.
    pub planned: BTreeMap<YearMonth, Money>,
    /// The final cost spread over the actual window, with noise, in whole 元.
    pub actual: BTreeMap<YearMonth, Money>,
    /// Share of the line's work done by the end of each month of the actual window, noise-free.
    pub done: BTreeMap<YearMonth, f64>,
}

/// A design change (设计变更) or price change that adds money to a line during construction.
pub(crate) struct Change {
    /// When it was approved.
    pub date: NaiveDate,
    /// The line it adds to.
    pub line: usize,
    /// How much it adds.
    pub amount: Money,
    /// Why, in the words of the adjustment.
    pub reason: &'static str,
}

/// The cost lines of a project, the main works line first.
pub(crate) fn lines(sketch: &Sketch, rng: &mut Stream) -> Vec<LineWork> {
    let mut templates: Vec<&LineTemplate> = sketch.profile.lines.iter().collect();
    if sketch.variant.loan {
        templates.push(&INTEREST_LINE);
    }
    let weights: Vec<u64> = templates
        .iter()
        .map(|t| {
            let spread = if t.category == "land_and_resettlement" {
                0.35
            } else {
                0.15
            };
            (t.share * uniform(rng, 1.0 - spread, 1.0 + spread) * 1_000_000.0) as u64
        })
        .collect();
    let originals = apportion(sketch.original_total, &weights, HUNDRED_YUAN);
    let mut finals: Vec<Money> = templates
        .iter()
        .zip(&originals)
        .map(|(template, original)| {
            let factor = if template.category == "basic_contingency" {
                // Contingency is drawn on for changes: the more overrun, the more of it is used.
                (0.3 + sketch.overrun).clamp(0.2, 1.0) * uniform(rng, 0.8, 1.0)
            } else {
                (1.0 + sketch.overrun * behaviour(template.category).sensitivity).max(0.3)
            };
            scale(*original, factor, HUNDRED_YUAN)
        })
        .collect();
    // The main works line takes whatever keeps the project's final cost on its drawn overrun.
    let target = scale(sketch.original_total, 1.0 + sketch.overrun, HUNDRED_YUAN);
    let gap = target - finals.iter().copied().sum::<Money>();
    finals[0] = (finals[0] + gap).max(scale(originals[0], 0.3, HUNDRED_YUAN));

    let planned_start = YearMonth::of(sketch.planned_start);
    let actual_start = YearMonth::of(sketch.actual_start);
    templates
        .iter()
        .enumerate()
        .map(|(i, template)| {
            let how = behaviour(template.category);
            let planned_window = window(planned_start, sketch.planned_months, &how);
            let actual_window = window(actual_start, sketch.actual_months, &how);
            let planned_months = span(planned_window.0, planned_window.1);
            let actual_months = span(actual_window.0, actual_window.1);
            let planned = spread_exact(originals[i], &planned_months, how.profile);
            let smooth = spread_exact(Money::from_fen(WEIGHT_BASE), &actual_months, how.profile);
            let noisy: Vec<u64> = smooth
                .iter()
                .map(|(month, weight)| {
                    let festival = if month.month() == 2 { 0.6 } else { 1.0 };
                    (weight.fen() as f64 * festival * uniform(rng, 0.6, 1.4)) as u64
                })
                .collect();
            let actual = actual_months
                .iter()
                .copied()
                .zip(apportion(finals[i], &noisy, YUAN))
                .collect();
            let mut cumulative = Money::ZERO;
            let done = smooth
                .iter()
                .map(|(month, weight)| {
                    cumulative += *weight;
                    (*month, ratio(cumulative, Money::from_fen(WEIGHT_BASE)))
                })
                .collect();
            let manual_chance = if template.category == "land_and_resettlement" {
                0.25
            } else {
                0.02
            };
            LineWork {
                code: LineCode::new(format!("L{:02}", i + 1)).expect("valid line code"),
                name: template.name.to_owned(),
                category: CategoryCode::new(template.category).expect("valid category"),
                behaviour: how,
                manual: chance(rng, manual_chance),
                original: originals[i],
                final_cost: finals[i],
                planned_window,
                actual_window,
                planned,
                actual,
                done,
            }
        })
        .collect()
}

/// The design and price changes of a project, each adding part of a line's overrun.
pub(crate) fn changes(sketch: &Sketch, lines: &[LineWork], rng: &mut Stream) -> Vec<Change> {
    let overruns: Vec<f64> = lines
        .iter()
        .map(|line| (line.final_cost - line.original).fen().max(0) as f64)
        .collect();
    let any_overrun = overruns.iter().any(|o| *o > 0.0);
    let mut drawn: Vec<(usize, f64, NaiveDate)> = (0..sketch.changes)
        .map(|_| {
            let line = if any_overrun {
                weighted(rng, &overruns)
            } else {
                0
            };
            // A change comes while its line is being worked on, neither first nor last thing.
            let (first, last) = lines[line].actual_window;
            let length = f64::from(index(last) - index(first) + 1);
            let month = index(first) + (length * uniform(rng, 0.1, 0.9)) as i32;
            let date = day_in(from_index(month), between(rng, 1, 28) as u32);
            (line, uniform(rng, 0.5, 1.5), date)
        })
        .collect();
    drawn.sort_by_key(|(line, _, date)| (*date, *line));
    drawn
        .iter()
        .map(|(line, weight, date)| {
            let work = &lines[*line];
            let amount = if any_overrun {
                let weight_sum: f64 = drawn.iter().filter(|d| d.0 == *line).map(|d| d.1).sum();
                scale(work.final_cost - work.original, weight / weight_sum, WAN)
            } else {
                // A project that saves overall still approves small changes.
                scale(work.original, uniform(rng, 0.01, 0.03), WAN)
            };
            Change {
                date: *date,
                line: *line,
                amount,
                reason: change_reason(work.category.as_str(), rng),
            }
        })
        .filter(|change| change.amount.fen() > 0)
        .collect()
}

/// Spending of `line` in the months of `year` up to `last_day`.
pub(crate) fn spent_in(line: &LineWork, year: i32, last_day: NaiveDate) -> Money {
    line.actual
        .iter()
        .filter(|(month, _)| month.year() == year && month.first_day() <= last_day)
        .map(|(_, amount)| *amount)
        .sum()
}

/// The first and last month a category is spent in, given a schedule.
fn window(start: YearMonth, months: i32, how: &Behaviour) -> (YearMonth, YearMonth) {
    let months_f = f64::from(months);
    let first = shift(
        start,
        (how.window.0 * months_f).floor() as i32 - how.lead_months,
    );
    let last = shift(start, ((how.window.1 * months_f).ceil() as i32 - 1).max(0));
    (first, if last < first { first } else { last })
}

/// `plan::spread` over a window that is never empty and never `Manual`.
fn spread_exact(
    amount: Money,
    months: &[YearMonth],
    profile: Profile,
) -> BTreeMap<YearMonth, Money> {
    plan::spread(amount, months, profile).expect("windows have months and a formula profile")
}

/// Why a change adds money to a line of `category`.
fn change_reason(category: &str, rng: &mut Stream) -> &'static str {
    match category {
        "land_and_resettlement" => pick_text(
            rng,
            &[
                "征地拆迁补偿标准调整，追加预算",
                "新增拆迁安置户，追加补偿资金",
            ],
        ),
        "equipment" => pick_text(rng, &["设备选型变更，追加购置费", "设备价格上涨，调增预算"]),
        "installation_works" => "机电方案优化调整，追加安装工程费",
        "interest" => "贷款利率及提款计划调整，调增利息支出",
        _ => pick_text(
            rng,
            &[
                "设计变更导致工程量增加，追加预算",
                "地质条件与勘察不符，增加处理工程量",
                "主要材料价格上涨，调增预算",
                "增设附属工程，追加预算",
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_lead_construction_and_never_run_backwards() {
        let start: YearMonth = "2023-03".parse().unwrap();
        let design = behaviour("survey_and_design");
        let (first, last) = window(start, 24, &design);
        assert_eq!(first.to_string(), "2022-07");
        assert_eq!(last.to_string(), "2023-08");
        let commissioning = behaviour("commissioning");
        let (first, last) = window(start, 1, &commissioning);
        assert!(first <= last);
    }
}
