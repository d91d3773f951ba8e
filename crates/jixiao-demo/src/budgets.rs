//! Yearly budgets: original lines from the planned schedule, then the adjustments of the year.
//!
//! The original lines of a year are that year's slice of the original investment, so their sum
//! over the years is the 设计概算 and an overrun shows against it. During the year the design
//! changes add money, and the rest of the gap between the original line and what the year really
//! needed is closed by carry-overs, top-ups and cuts. How completely that gap is closed follows
//! the department's improving practice (DOMAIN.md §9): in 2022 budgets ran well ahead of what
//! projects could spend, by 2025 they matched within about a tenth.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use jixiao_core::{Adjustment, Budget, CostLine, FiscalYear, Money, MonthlyPlan, Profile};
use jixiao_core::{ProjectStatus, YearMonth, plan};

use crate::amounts::{HUNDRED_YUAN, WAN, ratio, round_to, scale};
use crate::calendar::{AS_OF, FIRST_YEAR, LAST_YEAR, day_in};
use crate::lines::{Change, LineWork, spent_in};
use crate::random::{Stream, between, normal, uniform};
use crate::regions::Management;
use crate::sketch::Sketch;

/// The execution rate each year's budgets are set for: a line's budget is brought to its
/// spending divided by this rate. The rates that result over the portfolio are a little lower
/// (about 68 % in 2022 to 92 % in 2025), because small gaps are left alone, lines with nothing
/// to spend are rarely cut to zero, and suspended projects stop spending.
const TARGET_RATES: &[(FiscalYear, f64)] =
    &[(2022, 0.68), (2023, 0.78), (2024, 0.87), (2025, 0.955)];

/// Gaps smaller than this share of the line are left alone rather than adjusted.
const LINE_THRESHOLD: f64 = 0.15;

/// Gaps smaller than this share of the year's budget are left alone rather than adjusted, so
/// that small lines run over or under and only the lines that matter are adjusted.
const YEAR_THRESHOLD: f64 = 0.03;

/// One line's figures in one year, before the budget is written.
struct Row<'a> {
    index: usize,
    line: &'a LineWork,
    /// The original line (年初预算).
    original: Money,
    /// What was really spent, up to a suspension.
    spent: Money,
    /// What the year needed had the project not been suspended.
    intended: Money,
    /// Changes approved this year.
    changes: Vec<&'a Change>,
    /// The budget that would have given the year's execution rate.
    needed: Money,
}

impl Row<'_> {
    fn funded(&self) -> Money {
        self.original + self.changes.iter().map(|c| c.amount).sum()
    }
}

/// The budgets of a project, one per fiscal year with any line to carry.
pub(crate) fn budgets(
    sketch: &Sketch,
    lines: &[LineWork],
    changes: &[Change],
    rng: &mut Stream,
) -> Vec<Budget> {
    let last_day = sketch.last_day();
    let management_shift = match sketch.region.management {
        Management::Good => 0.03,
        Management::Average => 0.0,
        Management::Poor => -0.07,
    };
    let mut budgets = Vec::new();
    // Adjusted budget and spending of each line in the year before, for carry-overs.
    let mut previous: BTreeMap<usize, (Money, Money)> = BTreeMap::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        let year_rate = target_rate(year) + management_shift + normal(rng, 0.0, 0.05);
        let mut rows = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let original = original_in(line, year);
            let spent = spent_in(line, year, last_day);
            let intended = spent_in(line, year, AS_OF);
            let changes: Vec<&Change> = changes
                .iter()
                .filter(|c| c.line == index && c.date.year() == year && c.date <= last_day)
                .collect();
            let rate = (year_rate + normal(rng, 0.0, 0.03)).clamp(0.35, 1.0);
            let row = Row {
                index,
                line,
                original,
                spent,
                intended,
                needed: scale(intended, 1.0 / rate, HUNDRED_YUAN),
                changes,
            };
            if row.funded() > Money::ZERO || intended > Money::ZERO {
                rows.push(row);
            }
        }
        if rows.is_empty() {
            continue;
        }
        let year_scale: Money = rows.iter().map(|r| r.needed.max(r.funded())).sum();
        let dates = (
            round_date(year, (3, 6), rng),
            round_date(year, (9, 11), rng),
        );
        let mut cost_lines = Vec::new();
        let mut adjustments = Vec::new();
        let mut current = BTreeMap::new();
        for row in &rows {
            let line = row.line;
            let (profile, plan) = line_plan(line, year, row.original);
            cost_lines.push(CostLine {
                code: line.code.clone(),
                name: line.name.clone(),
                category: line.category.clone(),
                amount: row.original,
                profile,
                plan,
            });
            let mut adjusted = row.funded();
            for change in &row.changes {
                adjustments.push(Adjustment {
                    date: change.date,
                    line: line.code.clone(),
                    amount: change.amount,
                    reason: change.reason.to_owned(),
                });
            }
            let carried = previous
                .get(&row.index)
                .is_some_and(|(adjusted, spent)| adjusted > spent);
            if let Some(adjustment) = close_gap(sketch, row, (year_scale, dates), carried, rng) {
                adjusted += adjustment.amount;
                adjustments.push(adjustment);
            }
            if let Some(suspended) = sketch.suspended_on.filter(|d| d.year() == year) {
                let idle = adjusted - row.spent;
                if idle >= Money::from_fen(10 * WAN) && suspended.month() < 12 {
                    let cut = -round_to(scale(idle, 0.5, 1), HUNDRED_YUAN);
                    adjusted += cut;
                    adjustments.push(Adjustment {
                        date: day_in(YearMonth::of(suspended).next(), 15),
                        line: line.code.clone(),
                        amount: cut,
                        reason: "项目暂停实施，暂缓拨款，调减年度预算".to_owned(),
                    });
                }
            }
            current.insert(row.index, (adjusted, row.spent));
        }
        adjustments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.line.cmp(&b.line)));
        budgets.push(Budget {
            fiscal_year: year,
            lines: cost_lines,
            adjustments,
        });
        previous = current;
    }
    budgets
}

/// The original line of `year`: the year's slice of the planned spread. The first budget year
/// also carries what the years before it left undone, so that the original lines of all budget
/// years together are the part of the 设计概算 still open when budgets begin.
fn original_in(line: &LineWork, year: FiscalYear) -> Money {
    let planned = |keep: &dyn Fn(i32) -> bool| -> Money {
        line.planned
            .iter()
            .filter(|(month, _)| keep(month.year()))
            .map(|(_, amount)| *amount)
            .sum()
    };
    if year != FIRST_YEAR {
        return planned(&|y| y == year);
    }
    let spent_before: Money = line
        .actual
        .iter()
        .filter(|(month, _)| month.year() < FIRST_YEAR)
        .map(|(_, amount)| *amount)
        .sum();
    let done_before = ratio(spent_before, line.final_cost);
    let open = scale(line.original, 1.0 - done_before, HUNDRED_YUAN);
    (open - planned(&|y| y > FIRST_YEAR)).max(Money::ZERO)
}

/// A day in the months `months` of `year` on which a round of adjustments is approved.
fn round_date(year: FiscalYear, months: (i32, i32), rng: &mut Stream) -> NaiveDate {
    let month = YearMonth::new(year, between(rng, months.0, months.1) as u32).expect("a month");
    day_in(month, between(rng, 5, 25) as u32)
}

/// The target execution rate of `year`.
fn target_rate(year: FiscalYear) -> f64 {
    TARGET_RATES
        .iter()
        .find(|(y, _)| *y == year)
        .map_or(0.9, |(_, rate)| *rate)
}

/// The adjustment that brings a line's budget to what the year needed, if the gap is worth one:
/// large against the line and against the year's budget, or a line with no money at all.
/// `carried` says whether the line left money unspent the year before; `dates` are the days of
/// the year's mid-year top-up and of its autumn cuts, since a budget is adjusted in rounds.
fn close_gap(
    sketch: &Sketch,
    row: &Row<'_>,
    (year_scale, dates): (Money, (NaiveDate, NaiveDate)),
    carried: bool,
    rng: &mut Stream,
) -> Option<Adjustment> {
    let (line, original, intended) = (row.line, row.original, row.intended);
    let funded = row.funded();
    let mut gap = row.needed - funded;
    if intended == Money::ZERO {
        // Lines with nothing to spend are cut, but rarely to the last fen.
        gap = scale(gap, uniform(rng, 0.8, 1.0), HUNDRED_YUAN);
    }
    let size = gap.fen().abs() as f64;
    let worth_it = size >= LINE_THRESHOLD * row.needed.max(funded).fen() as f64
        && size >= YEAR_THRESHOLD * year_scale.fen() as f64
        && gap.fen().abs() >= 5 * WAN;
    let unfunded = funded == Money::ZERO && intended > Money::ZERO;
    if !(worth_it || unfunded) {
        return None;
    }
    let unit = if gap.fen().abs() >= 100 * WAN {
        WAN
    } else {
        HUNDRED_YUAN
    };
    let amount = round_to(gap, unit).max(-funded);
    if amount == Money::ZERO {
        return None;
    }
    let (top_up, cut) = dates;
    let (date, reason) = if amount > Money::ZERO {
        // A line that starts spending after the top-up round gets its money when it starts.
        let first_spending = line
            .actual
            .iter()
            .find(|(month, amount)| month.year() == top_up.year() && **amount > Money::ZERO)
            .map(|(month, _)| *month);
        let date = match first_spending {
            Some(month) if month > YearMonth::of(top_up) && month.month() <= 11 => {
                day_in(month, top_up.day())
            }
            _ => top_up,
        };
        let reason = if carried {
            "上年结转资金调入"
        } else if original == Money::ZERO {
            "工期顺延，追加当年预算"
        } else {
            "根据工程实际进度追加年度预算"
        };
        (date, reason)
    } else {
        let reason = if intended == Money::ZERO && sketch.status() == ProjectStatus::Planned {
            "项目未能按期开工，调减年度预算"
        } else {
            match line.category.as_str() {
                "land_and_resettlement" => "征地拆迁进度滞后，调减年度预算",
                "equipment" => "设备采购计划调整，调减年度预算",
                "building_works" | "installation_works" => "施工进度滞后，调减年度预算",
                _ => "据实调减年度预算",
            }
        };
        (cut, reason)
    };
    Some(Adjustment {
        date,
        line: line.code.clone(),
        amount,
        reason: reason.to_owned(),
    })
}

/// The profile and monthly plan of a line in `year`: spread by its profile over the months it
/// is planned in (or, once the plan has run out, the months it really runs in), or, for a few
/// lines, entered by hand in round 万元 at quarter ends.
fn line_plan(line: &LineWork, year: FiscalYear, original: Money) -> (Profile, MonthlyPlan) {
    let touches =
        |(first, last): (YearMonth, YearMonth)| first.year() <= year && last.year() >= year;
    let window = if touches(line.planned_window) {
        line.planned_window
    } else {
        line.actual_window
    };
    let months = plan::months_in_year(year, window.0.first_day(), window.1.last_day());
    if line.manual && original > Money::ZERO && months.len() >= 3 {
        let mut lumps: Vec<YearMonth> = months
            .iter()
            .copied()
            .filter(|m| m.month() % 3 == 0)
            .collect();
        if lumps.is_empty() {
            lumps.push(*months.last().expect("at least three months"));
        }
        // People enter round 万元; the last lump takes what is left.
        let each = Money::from_fen(original.fen() / lumps.len() as i64 / WAN * WAN);
        let mut plan = MonthlyPlan::new();
        let mut left = original;
        for (i, month) in lumps.iter().enumerate() {
            let amount = if i + 1 == lumps.len() { left } else { each };
            left -= amount;
            plan.insert(*month, amount);
        }
        return (Profile::Manual, plan);
    }
    let plan = plan::spread(original, &months, line.behaviour.profile)
        .expect("a year has months and the profile is a formula");
    (line.behaviour.profile, plan)
}
