//! Performance targets (绩效目标) of a project and the rules a complete set of them meets.
//!
//! A target set holds the overall and annual goals and the indicator table: each indicator of
//! DOMAIN.md §3 with the standard its target was set from, where its data comes from, how
//! often it is collected and who answers for it. [`validate`] lists every broken rule as a
//! [`TargetProblem`] value, so that a form can show them all at once in the reader's language.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::IndicatorCode;
use crate::indicator::{Direction, Indicator, Level1, Level2};
use crate::period::FiscalYear;
use crate::project::{ProjectType, UnknownCode, coded_enum};

/// The standard a target value was set from (指标值设定依据).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStandard {
    /// The plan or design approved for the project.
    Plan,
    /// An industry standard or norm.
    Industry,
    /// Past values of comparable projects, as the target library shows them.
    History,
    /// Another standard, such as one the finance department approved.
    Other,
}

coded_enum!(TargetStandard, "target standard", {
    Plan => "plan", "计划标准", "Plan standard";
    Industry => "industry", "行业标准", "Industry standard";
    History => "history", "历史标准", "Historical standard";
    Other => "other", "其他标准", "Other standard";
});

/// How often an indicator's value is collected (采集频次).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every half year.
    HalfYearly,
    /// Every year.
    Yearly,
    /// Once, usually at completion or acceptance.
    Once,
}

coded_enum!(Frequency, "collection frequency", {
    Monthly => "monthly", "每月", "Monthly";
    Quarterly => "quarterly", "每季度", "Quarterly";
    HalfYearly => "half_yearly", "每半年", "Half-yearly";
    Yearly => "yearly", "每年", "Yearly";
    Once => "once", "一次性", "Once";
});

/// One row of a project's indicator table: the indicator and how its target is managed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetIndicator {
    /// The indicator with its levels, direction, target, unit, weight and core mark.
    pub indicator: Indicator,
    /// The standard the target was set from.
    pub standard: TargetStandard,
    /// Where its values come from, such as 监理月报 or a survey.
    pub data_source: String,
    /// How often its value is collected.
    pub frequency: Frequency,
    /// The post or person who answers for it; required before the set is complete.
    pub owner: Option<String>,
}

/// The performance targets of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSet {
    /// The overall, long-term goal (总体目标).
    pub overall_goal: String,
    /// The goal of each fiscal year (年度目标).
    pub annual_goals: Vec<(FiscalYear, String)>,
    /// The weight reserved for the budget execution rate (预算执行率), usually 10; the
    /// indicators share the rest of 100.
    pub execution_weight: Decimal,
    /// The indicator table.
    pub indicators: Vec<TargetIndicator>,
}

/// The kinds of target every construction project must carry (DOMAIN.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredTarget {
    /// A schedule target: an indicator under timeliness (时效指标).
    Schedule,
    /// A cost target: an indicator under output cost, or under the cost level 1 of the 2021
    /// tree.
    Cost,
    /// A quality target: an indicator under quality (质量指标).
    Quality,
}

coded_enum!(RequiredTarget, "required target", {
    Schedule => "schedule", "工期（时效）", "schedule (timeliness)";
    Cost => "cost", "成本", "cost";
    Quality => "quality", "质量", "quality";
});

impl RequiredTarget {
    /// Whether `indicator` is a target of this kind.
    pub fn is_met_by(self, indicator: &Indicator) -> bool {
        match self {
            RequiredTarget::Schedule => indicator.level2 == Level2::Timeliness,
            RequiredTarget::Cost => {
                indicator.level2 == Level2::OutputCost || indicator.level1 == Level1::Cost
            }
            RequiredTarget::Quality => indicator.level2 == Level2::Quality,
        }
    }
}

/// One broken rule of a target set, with the facts a message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TargetProblem {
    /// The overall goal is blank.
    EmptyOverallGoal,
    /// An annual goal is blank.
    EmptyAnnualGoal {
        /// The year of the blank goal.
        year: FiscalYear,
    },
    /// The execution weight is below 0 or above 100.
    ExecutionWeightOutOfRange {
        /// The weight given.
        weight: Decimal,
    },
    /// Two indicators share a code.
    DuplicateCode {
        /// The code used more than once.
        indicator: IndicatorCode,
    },
    /// An indicator's level 2 does not belong to its level 1.
    LevelMismatch {
        /// The indicator.
        indicator: IndicatorCode,
        /// Its level 1.
        level1: Level1,
        /// Its level 2.
        level2: Level2,
    },
    /// An indicator's weight is zero or negative.
    NonPositiveWeight {
        /// The indicator.
        indicator: IndicatorCode,
        /// Its weight.
        weight: Decimal,
    },
    /// A quantitative indicator has no target value.
    MissingTargetValue {
        /// The indicator.
        indicator: IndicatorCode,
    },
    /// A qualitative indicator has no target text.
    MissingTargetText {
        /// The indicator.
        indicator: IndicatorCode,
    },
    /// An indicator has no owner.
    MissingOwner {
        /// The indicator.
        indicator: IndicatorCode,
    },
    /// The indicator weights do not add up to 100 less the execution weight.
    WeightSum {
        /// The sum of the indicator weights.
        found: Decimal,
        /// What they must add up to.
        expected: Decimal,
    },
    /// A construction project lacks a kind of target it must carry.
    MissingRequired {
        /// The kind missing.
        kind: RequiredTarget,
    },
}

/// The full score of a self-evaluation, shared by the execution rate and the indicators.
const FULL_SCORE: Decimal = Decimal::ONE_HUNDRED;

/// Every broken rule of `targets` for a project of `project_type`; empty when the set is
/// complete. Goals come first, then each indicator in table order, then the rules over the
/// whole table.
pub fn validate(project_type: ProjectType, targets: &TargetSet) -> Vec<TargetProblem> {
    let mut problems = Vec::new();
    if is_blank(&targets.overall_goal) {
        problems.push(TargetProblem::EmptyOverallGoal);
    }
    for (year, goal) in &targets.annual_goals {
        if is_blank(goal) {
            problems.push(TargetProblem::EmptyAnnualGoal { year: *year });
        }
    }
    let execution_weight = targets.execution_weight;
    if execution_weight < Decimal::ZERO || execution_weight > FULL_SCORE {
        problems.push(TargetProblem::ExecutionWeightOutOfRange {
            weight: execution_weight,
        });
    }

    let mut seen = BTreeSet::new();
    let mut reported = BTreeSet::new();
    for row in &targets.indicators {
        let indicator = &row.indicator;
        let code = &indicator.code;
        if !seen.insert(code) && reported.insert(code) {
            problems.push(TargetProblem::DuplicateCode {
                indicator: code.clone(),
            });
        }
        if indicator.level2.parent() != indicator.level1 {
            problems.push(TargetProblem::LevelMismatch {
                indicator: code.clone(),
                level1: indicator.level1,
                level2: indicator.level2,
            });
        }
        if indicator.weight <= Decimal::ZERO {
            problems.push(TargetProblem::NonPositiveWeight {
                indicator: code.clone(),
                weight: indicator.weight,
            });
        }
        if indicator.direction == Direction::Qualitative {
            if indicator.target_text.as_deref().is_none_or(is_blank) {
                problems.push(TargetProblem::MissingTargetText {
                    indicator: code.clone(),
                });
            }
        } else if indicator.target.is_none() {
            problems.push(TargetProblem::MissingTargetValue {
                indicator: code.clone(),
            });
        }
        if row.owner.as_deref().is_none_or(is_blank) {
            problems.push(TargetProblem::MissingOwner {
                indicator: code.clone(),
            });
        }
    }

    let found: Decimal = targets
        .indicators
        .iter()
        .map(|row| row.indicator.weight)
        .sum();
    let expected = FULL_SCORE - execution_weight;
    if found != expected {
        problems.push(TargetProblem::WeightSum { found, expected });
    }
    if project_type != ProjectType::Other {
        for kind in RequiredTarget::ALL {
            let carried = targets
                .indicators
                .iter()
                .any(|row| kind.is_met_by(&row.indicator));
            if !carried {
                problems.push(TargetProblem::MissingRequired { kind: *kind });
            }
        }
    }
    problems
}

impl TargetProblem {
    /// A stable snake_case code for logs, JSON and tests.
    pub fn code(&self) -> &'static str {
        match self {
            TargetProblem::EmptyOverallGoal => "empty_overall_goal",
            TargetProblem::EmptyAnnualGoal { .. } => "empty_annual_goal",
            TargetProblem::ExecutionWeightOutOfRange { .. } => "execution_weight_out_of_range",
            TargetProblem::DuplicateCode { .. } => "duplicate_code",
            TargetProblem::LevelMismatch { .. } => "level_mismatch",
            TargetProblem::NonPositiveWeight { .. } => "non_positive_weight",
            TargetProblem::MissingTargetValue { .. } => "missing_target_value",
            TargetProblem::MissingTargetText { .. } => "missing_target_text",
            TargetProblem::MissingOwner { .. } => "missing_owner",
            TargetProblem::WeightSum { .. } => "weight_sum",
            TargetProblem::MissingRequired { .. } => "missing_required",
        }
    }

    /// The message for a person, in Chinese when `zh` is true and in English otherwise.
    pub fn message(&self, zh: bool) -> String {
        use TargetProblem as P;
        match self {
            P::EmptyOverallGoal if zh => "请填写总体目标。".to_owned(),
            P::EmptyOverallGoal => "Enter the overall goal.".to_owned(),
            P::EmptyAnnualGoal { year } if zh => format!("请填写 {year} 年度目标。"),
            P::EmptyAnnualGoal { year } => format!("Enter the goal for {year}."),
            P::ExecutionWeightOutOfRange { weight } if zh => {
                format!("预算执行率分值 {} 应在 0 到 100 之间。", shown(*weight))
            }
            P::ExecutionWeightOutOfRange { weight } => format!(
                "The weight of the budget execution rate, {}, must be between 0 and 100.",
                shown(*weight)
            ),
            P::DuplicateCode { indicator } if zh => format!("指标编码 {indicator} 重复。"),
            P::DuplicateCode { indicator } => {
                format!("Indicator code {indicator} is used more than once.")
            }
            P::LevelMismatch {
                indicator,
                level1,
                level2,
            } if zh => format!(
                "指标 {indicator} 的二级指标“{}”不属于一级指标“{}”。",
                level2.name_zh(),
                level1.name_zh()
            ),
            P::LevelMismatch {
                indicator,
                level1,
                level2,
            } => format!(
                "Indicator {indicator}: level 2 \"{}\" does not belong to level 1 \"{}\".",
                level2.name_en(),
                level1.name_en()
            ),
            P::NonPositiveWeight { indicator, weight } if zh => {
                format!("指标 {indicator} 的分值 {} 应大于 0。", shown(*weight))
            }
            P::NonPositiveWeight { indicator, weight } => format!(
                "Indicator {indicator} has weight {}; a weight must be above 0.",
                shown(*weight)
            ),
            P::MissingTargetValue { indicator } if zh => {
                format!("定量指标 {indicator} 缺少目标值。")
            }
            P::MissingTargetValue { indicator } => {
                format!("Quantitative indicator {indicator} has no target value.")
            }
            P::MissingTargetText { indicator } if zh => {
                format!("定性指标 {indicator} 缺少目标描述。")
            }
            P::MissingTargetText { indicator } => {
                format!("Qualitative indicator {indicator} has no target description.")
            }
            P::MissingOwner { indicator } if zh => format!("指标 {indicator} 未指定责任人。"),
            P::MissingOwner { indicator } => {
                format!("Indicator {indicator} has no owner; name a post or person.")
            }
            P::WeightSum { found, expected } if zh => format!(
                "指标分值合计为 {}，应为 {}（100 减去预算执行率分值）。",
                shown(*found),
                shown(*expected)
            ),
            P::WeightSum { found, expected } => format!(
                "Indicator weights add up to {}; they must add up to {} (100 less the weight of \
                 the budget execution rate).",
                shown(*found),
                shown(*expected)
            ),
            P::MissingRequired { kind } if zh => {
                format!("工程建设项目须设置{}目标。", kind.name_zh())
            }
            P::MissingRequired { kind } => format!(
                "A construction project must carry a {} target.",
                kind.name_en()
            ),
        }
    }
}

impl fmt::Display for TargetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(false))
    }
}

/// Whether a text holds nothing but white space.
fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A decimal without trailing zeros, so that a weight of `90.00` reads as `90`.
fn shown(value: Decimal) -> Decimal {
    value.normalize()
}

#[cfg(test)]
mod tests;
