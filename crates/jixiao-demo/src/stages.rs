//! Cost stages (造价阶段) of a project, line by line: the 估算 of the feasibility study, the
//! 概算 the budgets were drawn from, and, as the project advances, the construction-drawing
//! budget, the contract price, the settlement and the final accounts.
//!
//! The 概算 of each line is its original amount, so the stages agree with the budgets. Most
//! 概算 stay within a few per cent of their 估算; water works, which the Government Investment
//! Regulation allows 15 %, drift a little further, and the projects the caller marks go past
//! the limit so that the 10 % rule has something to show.

use jixiao_core::preparation::stage::{CostStage, StageBreakdown, StageLine};
use jixiao_core::{Money, ProjectStatus, ProjectType};

use crate::amounts::{HUNDRED_YUAN, scale};
use crate::lines::LineWork;
use crate::random::{Stream, normal, uniform};
use crate::sketch::Sketch;

/// The stages of a project: none for about one project in eight, which has not entered its
/// figures yet, and always some for a project marked `over_limit`, whose 概算 exceeds its 估算
/// by 11 to 17 % (the caller marks no water works, whose limit is 15 %).
pub(crate) fn stages(
    sketch: &Sketch,
    lines: &[LineWork],
    over_limit: bool,
    rng: &mut Stream,
) -> Vec<StageBreakdown> {
    if !over_limit && uniform(rng, 0.0, 1.0) < 0.12 {
        return Vec::new();
    }
    let water = sketch.profile.kind == ProjectType::WaterWorks;
    // The growth of the 概算 over the 估算, as a fraction of the 估算.
    let growth = if over_limit {
        uniform(rng, 0.11, 0.17)
    } else if water {
        normal(rng, 0.06, 0.04).clamp(-0.05, 0.14)
    } else {
        normal(rng, 0.035, 0.03).clamp(-0.06, 0.085)
    };
    let budgetary: Vec<Money> = lines.iter().map(|line| line.original).collect();
    let mut estimate: Vec<Money> = budgetary
        .iter()
        .map(|amount| {
            scale(
                *amount,
                1.0 / (1.0 + growth + normal(rng, 0.0, 0.02)),
                HUNDRED_YUAN,
            )
        })
        .collect();
    // The main works line takes the rounding and the lines' noise, so that the total moves by
    // exactly the growth drawn.
    let budgetary_total: Money = budgetary.iter().copied().sum();
    let estimate_total = scale(budgetary_total, 1.0 / (1.0 + growth), HUNDRED_YUAN);
    let gap = estimate_total - estimate.iter().copied().sum::<Money>();
    estimate[0] += gap;

    let mut stages = vec![
        breakdown(CostStage::Estimate, lines, &estimate),
        breakdown(CostStage::BudgetaryEstimate, lines, &budgetary),
    ];
    let status = sketch.status();
    let near_start = sketch.actual_start <= crate::calendar::AS_OF + chrono::Days::new(180);
    if status == ProjectStatus::Planned && !near_start {
        return stages;
    }
    // The construction-drawing budget refines the 概算 within a few per cent.
    let construction: Vec<Money> = budgetary
        .iter()
        .map(|amount| scale(*amount, uniform(rng, 0.96, 1.02), HUNDRED_YUAN))
        .collect();
    stages.push(breakdown(
        CostStage::ConstructionBudget,
        lines,
        &construction,
    ));
    if status == ProjectStatus::Planned {
        return stages;
    }
    // Tendering brings the works below the drawing budget; other lines keep their amount.
    let contract: Vec<Money> = lines
        .iter()
        .zip(&construction)
        .map(|(line, amount)| {
            let discount = if is_works(line) {
                uniform(rng, 0.88, 0.97)
            } else {
                1.0
            };
            scale(*amount, discount, HUNDRED_YUAN)
        })
        .collect();
    stages.push(breakdown(CostStage::Contract, lines, &contract));
    if status != ProjectStatus::Completed {
        return stages;
    }
    // The settlement is what the contractors claimed; the audit of the final accounts cuts the
    // works a little, down to what was really paid.
    let final_accounts: Vec<Money> = lines.iter().map(|line| line.final_cost).collect();
    let settlement: Vec<Money> = lines
        .iter()
        .zip(&final_accounts)
        .map(|(line, amount)| {
            let claimed = if is_works(line) {
                uniform(rng, 1.0, 1.03)
            } else {
                1.0
            };
            scale(*amount, claimed, HUNDRED_YUAN)
        })
        .collect();
    stages.push(breakdown(CostStage::Settlement, lines, &settlement));
    stages.push(breakdown(CostStage::FinalAccounts, lines, &final_accounts));
    stages
}

/// The breakdown of `stage` with `amounts` on `lines`, in line order.
fn breakdown(stage: CostStage, lines: &[LineWork], amounts: &[Money]) -> StageBreakdown {
    StageBreakdown {
        stage,
        lines: lines
            .iter()
            .zip(amounts)
            .map(|(line, amount)| StageLine {
                line: line.code.clone(),
                name: line.name.clone(),
                category: line.category.clone(),
                amount: *amount,
            })
            .collect(),
    }
}

/// Whether a line is contracted works, priced by tender.
fn is_works(line: &LineWork) -> bool {
    matches!(
        line.category.as_str(),
        "building_works" | "installation_works" | "equipment"
    )
}
