//! Cost stages (DOMAIN.md §2): the versions of a project's cost breakdown from the feasibility
//! estimate to the final accounts, the stage comparison report (三算对比), and the 10 % rule of
//! the Government Investment Regulation (政府投资条例, art. 12) on a 概算 above its 估算.
//!
//! The store keeps the breakdowns; this module only compares them. Where a warning is raised
//! (on entering a 概算) and how the report is drawn is left to the web and CLI.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::code::{CategoryCode, LineCode};
use crate::money::Money;
use crate::project::{ProjectType, UnknownCode, coded_enum};

/// A cost stage (造价阶段): which version of the cost breakdown a set of figures is.
///
/// Variants are declared in the order a project passes through them, so the derived `Ord`
/// and [`CostStage::ALL`] both follow the project's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostStage {
    /// 投资估算, from the feasibility study.
    Estimate,
    /// 设计概算, from the preliminary design.
    BudgetaryEstimate,
    /// 施工图预算, from the construction drawings.
    ConstructionBudget,
    /// 合同价, the contract price.
    Contract,
    /// 结算, the settlement with the contractor.
    Settlement,
    /// 竣工决算, the final accounts of the completed project.
    FinalAccounts,
}

coded_enum!(CostStage, "cost stage", {
    Estimate => "estimate", "投资估算", "Estimate";
    BudgetaryEstimate => "budgetary_estimate", "设计概算", "Budgetary estimate";
    ConstructionBudget => "construction_budget", "施工图预算", "Construction-drawing budget";
    Contract => "contract", "合同价", "Contract price";
    Settlement => "settlement", "结算", "Settlement";
    FinalAccounts => "final_accounts", "竣工决算", "Final accounts";
});

/// One line of a stage's cost breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageLine {
    /// Its code; the same code in two stages means the same line.
    pub line: LineCode,
    /// Its name, such as 路基工程.
    pub name: String,
    /// Where it sits in the cost breakdown.
    pub category: CategoryCode,
    /// The amount at this stage.
    pub amount: Money,
}

/// The cost breakdown of a project at one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageBreakdown {
    /// The stage these figures belong to.
    pub stage: CostStage,
    /// The lines, in the order they are shown.
    pub lines: Vec<StageLine>,
}

impl StageBreakdown {
    /// The sum of the lines.
    pub fn total(&self) -> Money {
        self.lines.iter().map(|line| line.amount).sum()
    }
}

/// The amount of one line at one stage; `None` when the stage has no such line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageAmount {
    /// The stage.
    pub stage: CostStage,
    /// The amount, if the line exists at that stage.
    pub amount: Option<Money>,
}

/// The total of all lines at one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTotal {
    /// The stage.
    pub stage: CostStage,
    /// The sum of its lines.
    pub amount: Money,
}

/// The change from one stage to the next one compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageDifference {
    /// The earlier stage (the base).
    pub from: CostStage,
    /// The later stage.
    pub to: CostStage,
    /// Later minus earlier; positive for a rise.
    pub amount: Money,
    /// The change as a percentage of the base, two places, rounded half away from zero
    /// (四舍五入); `None` when the base is zero.
    pub percent: Option<Decimal>,
}

/// One line of the stage comparison report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// The line compared.
    pub line: LineCode,
    /// Its name at the latest stage that has it.
    pub name: String,
    /// Its category at the latest stage that has it.
    pub category: CategoryCode,
    /// Its amount at each stage compared, in stage order.
    pub amounts: Vec<StageAmount>,
    /// The change between each pair of consecutive stages compared.
    pub differences: Vec<StageDifference>,
}

/// The totals line of the stage comparison report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalsRow {
    /// The total at each stage compared, in stage order.
    pub amounts: Vec<StageTotal>,
    /// The change of the total between each pair of consecutive stages compared.
    pub differences: Vec<StageDifference>,
}

/// The stage comparison report (三算对比) of one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageComparison {
    /// The stages compared, in stage order.
    pub stages: Vec<CostStage>,
    /// One row per line code found in any stage.
    pub rows: Vec<ComparisonRow>,
    /// The totals.
    pub totals: TotalsRow,
    /// The 10 % rule broken by the 概算, when both the 估算 and the 概算 are compared.
    pub estimate_overrun: Option<StageWarning>,
}

/// A rule on cost stages that a person must be told about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StageWarning {
    /// The 概算 total exceeds the 估算 total by more than the limit (政府投资条例 art. 12):
    /// it must be reported and may force a new feasibility study.
    EstimateOverrun {
        /// The total of the 估算.
        estimate: Money,
        /// The total of the 概算.
        budgetary: Money,
        /// How far the 概算 is above the 估算, in percent (two places); `None` when the
        /// 估算 total is zero.
        percent: Option<Decimal>,
        /// The limit in percent for the project's type.
        limit: Decimal,
    },
}

impl StageWarning {
    /// The stable code of the warning.
    pub fn code(&self) -> &'static str {
        match self {
            StageWarning::EstimateOverrun { .. } => "estimate_overrun",
        }
    }

    /// The warning as a sentence in Chinese (`zh`) or English, naming the figures.
    pub fn message(&self, zh: bool) -> String {
        match self {
            StageWarning::EstimateOverrun {
                estimate,
                budgetary,
                percent: Some(percent),
                limit,
            } => {
                if zh {
                    format!(
                        "设计概算 {budgetary} 元比投资估算 {estimate} 元高 {percent}%，超过 \
                         {limit}% 的限额：应向投资主管部门报告，可能须重新报送可行性研究报告"
                    )
                } else {
                    format!(
                        "the budgetary estimate of {budgetary} 元 is {percent}% above the \
                         estimate of {estimate} 元, more than the {limit}% limit: it must be \
                         reported and a new feasibility study may be required"
                    )
                }
            }
            StageWarning::EstimateOverrun {
                estimate,
                budgetary,
                percent: None,
                limit,
            } => {
                if zh {
                    format!(
                        "投资估算为 {estimate} 元，设计概算 {budgetary} 元超过 {limit}% 的限额：\
                         应向投资主管部门报告"
                    )
                } else {
                    format!(
                        "the estimate is {estimate} 元, so the budgetary estimate of {budgetary} \
                         元 is beyond the {limit}% limit: it must be reported"
                    )
                }
            }
        }
    }
}

/// How far, in percent, a 概算 may exceed its 估算 before it must be reported: 10 %, and 15 %
/// for water works (DOMAIN.md §2).
pub fn overrun_limit(project_type: ProjectType) -> Decimal {
    match project_type {
        ProjectType::WaterWorks => Decimal::from(15),
        _ => Decimal::from(10),
    }
}

/// The 10 % rule: a warning when the `budgetary` total exceeds the `estimate` total by strictly
/// more than [`overrun_limit`]; exactly at the limit is allowed.
///
/// The test uses the exact figures, not the rounded percentage, so an excess smaller than the
/// rounding step is still flagged (its percentage then shows as the limit itself). The stages
/// recorded in the two breakdowns are not checked: the caller says which is which.
pub fn check_estimate_overrun(
    project_type: ProjectType,
    estimate: &StageBreakdown,
    budgetary: &StageBreakdown,
) -> Option<StageWarning> {
    let limit = overrun_limit(project_type);
    let (estimate, budgetary) = (estimate.total(), budgetary.total());
    // Both sides are i64 fen times at most 100, well inside Decimal's 96-bit range.
    let excess = Decimal::from(budgetary.fen()) - Decimal::from(estimate.fen());
    let allowed = Decimal::from(estimate.fen()) * limit;
    (excess * Decimal::ONE_HUNDRED > allowed).then(|| StageWarning::EstimateOverrun {
        estimate,
        budgetary,
        percent: percent_change(estimate, budgetary),
        limit,
    })
}

/// The stage comparison report (三算对比) of the breakdowns of one project.
///
/// Stages are put in their order whatever the order given; when a stage is given twice the
/// later breakdown in `stages` replaces the earlier. Rows follow the first appearance of each
/// line code, taking stages in order. A line missing from a stage shows no amount there and
/// counts as zero in the differences, so the row differences add up to the totals difference;
/// a code repeated within one stage has its amounts added for the same reason.
///
/// The 10 % rule is checked when both the 估算 and the 概算 are among the stages, with the limit
/// of `project_type`.
pub fn compare(project_type: ProjectType, stages: &[StageBreakdown]) -> StageComparison {
    let by_stage: BTreeMap<CostStage, &StageBreakdown> = stages
        .iter()
        .map(|breakdown| (breakdown.stage, breakdown))
        .collect();
    let order: Vec<CostStage> = by_stage.keys().copied().collect();

    let mut codes: Vec<&LineCode> = Vec::new();
    let mut found: BTreeMap<&LineCode, LineAcrossStages> = BTreeMap::new();
    for (index, breakdown) in by_stage.values().enumerate() {
        for line in &breakdown.lines {
            let entry = found.entry(&line.line).or_insert_with(|| {
                codes.push(&line.line);
                LineAcrossStages::new(order.len(), line)
            });
            entry.name = &line.name;
            entry.category = &line.category;
            let slot = &mut entry.amounts[index];
            *slot = Some(slot.unwrap_or(Money::ZERO) + line.amount);
        }
    }

    let rows = codes
        .into_iter()
        .map(|code| {
            let seen = &found[code];
            let amounts: Vec<StageAmount> = order
                .iter()
                .zip(&seen.amounts)
                .map(|(&stage, &amount)| StageAmount { stage, amount })
                .collect();
            let with_zero: Vec<(CostStage, Money)> = amounts
                .iter()
                .map(|a| (a.stage, a.amount.unwrap_or(Money::ZERO)))
                .collect();
            ComparisonRow {
                line: code.clone(),
                name: seen.name.to_owned(),
                category: seen.category.clone(),
                amounts,
                differences: differences(&with_zero),
            }
        })
        .collect();

    let totals: Vec<StageTotal> = by_stage
        .iter()
        .map(|(&stage, breakdown)| StageTotal {
            stage,
            amount: breakdown.total(),
        })
        .collect();
    let total_pairs: Vec<(CostStage, Money)> = totals.iter().map(|t| (t.stage, t.amount)).collect();

    let estimate_overrun = match (
        by_stage.get(&CostStage::Estimate),
        by_stage.get(&CostStage::BudgetaryEstimate),
    ) {
        (Some(estimate), Some(budgetary)) => {
            check_estimate_overrun(project_type, estimate, budgetary)
        }
        _ => None,
    };

    StageComparison {
        stages: order,
        rows,
        totals: TotalsRow {
            differences: differences(&total_pairs),
            amounts: totals,
        },
        estimate_overrun,
    }
}

/// What is gathered about one line code while walking the stages.
struct LineAcrossStages<'a> {
    name: &'a str,
    category: &'a CategoryCode,
    amounts: Vec<Option<Money>>,
}

impl<'a> LineAcrossStages<'a> {
    fn new(stage_count: usize, first: &'a StageLine) -> Self {
        LineAcrossStages {
            name: &first.name,
            category: &first.category,
            amounts: vec![None; stage_count],
        }
    }
}

/// The change between each pair of consecutive entries of `amounts`.
fn differences(amounts: &[(CostStage, Money)]) -> Vec<StageDifference> {
    amounts
        .windows(2)
        .map(|pair| {
            let ((from, base), (to, later)) = (pair[0], pair[1]);
            StageDifference {
                from,
                to,
                amount: later - base,
                percent: percent_change(base, later),
            }
        })
        .collect()
}

/// `(later - base) / |base|` in percent, two places, half away from zero; `None` for a zero base.
///
/// Dividing by the magnitude keeps the sign of the percentage that of the change, even for
/// the rare negative line (a recovery or a deduction).
fn percent_change(base: Money, later: Money) -> Option<Decimal> {
    if base == Money::ZERO {
        return None;
    }
    let change = Decimal::from(later.fen()) - Decimal::from(base.fen());
    let ratio = change.checked_div(Decimal::from(base.fen()).abs())?;
    let percent = ratio.checked_mul(Decimal::ONE_HUNDRED)?;
    Some(percent.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

#[cfg(test)]
mod tests;
