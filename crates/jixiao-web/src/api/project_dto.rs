//! The shapes of project data in the API: what `/api/v1/projects…` answers with.
//!
//! Codes (types, statuses, indicator levels) travel as their stable text codes, decimals as
//! strings so that no client parses them into floats, money as strings in 元.

use std::collections::HashMap;

use chrono::NaiveDate;
use jixiao_core::{
    Budget, Execution, Expenditure, Indicator, LineExecution, Money, ProjectSummary, Reading,
    ReadingValue,
};
use serde::Serialize;

use super::{ExecutionDto, rate_text};

/// A project with its totals over all fiscal years.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectDto {
    /// Project code (项目编码).
    #[schema(example = "G15-2024-001")]
    pub code: String,
    /// Project name.
    pub name: String,
    /// Type code, such as `highway` or `bridge`.
    #[schema(example = "bridge")]
    pub project_type: String,
    /// Code of the owning organization.
    pub organization: String,
    /// Name of the owning organization.
    pub organization_name: String,
    /// Region.
    pub region: String,
    /// Planned start.
    pub planned_start: NaiveDate,
    /// Planned finish.
    pub planned_finish: NaiveDate,
    /// Actual start, once started.
    pub actual_start: Option<NaiveDate>,
    /// Actual finish, once finished.
    pub actual_finish: Option<NaiveDate>,
    /// Status code: `planned`, `in_progress`, `completed` or `suspended`.
    #[schema(example = "in_progress")]
    pub status: String,
    /// Budget and spending over all fiscal years.
    pub execution: ExecutionDto,
}

impl From<&ProjectSummary> for ProjectDto {
    fn from(summary: &ProjectSummary) -> Self {
        let project = &summary.project;
        ProjectDto {
            code: project.code.to_string(),
            name: project.name.clone(),
            project_type: project.project_type.code().to_owned(),
            organization: project.organization.to_string(),
            organization_name: summary.organization_name.clone(),
            region: project.region.clone(),
            planned_start: project.planned_start,
            planned_finish: project.planned_finish,
            actual_start: project.actual_start,
            actual_finish: project.actual_finish,
            status: project.status.code().to_owned(),
            execution: ExecutionDto::from(&summary.execution),
        }
    }
}

/// One page of projects.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectPage {
    /// The projects on this page, ordered by code.
    pub items: Vec<ProjectDto>,
    /// Projects matching the filter.
    pub total: u64,
    /// This page, from 1.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
    /// Number of pages.
    pub pages: u32,
}

/// The budget of one fiscal year.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BudgetDto {
    /// The fiscal year.
    pub fiscal_year: i32,
    /// The original total (年初预算) in 元.
    #[schema(value_type = String)]
    pub original: Money,
    /// Adjusted budget and spending of the year.
    pub execution: ExecutionDto,
    /// The cost lines in their order.
    pub lines: Vec<CostLineDto>,
    /// Adjustments made during the year.
    pub adjustments: Vec<AdjustmentDto>,
}

/// One cost line of a budget.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CostLineDto {
    /// Line code, unique within the budget.
    pub code: String,
    /// Line name.
    pub name: String,
    /// Cost category code, such as `building_works`.
    pub category: String,
    /// Original amount in 元.
    #[schema(value_type = String)]
    pub amount: Money,
    /// Adjusted amount and spending.
    pub execution: ExecutionDto,
    /// Latest physical percent complete (0 to 100), if measured.
    pub percent_complete: Option<String>,
    /// How the monthly plan was made: `linear`, `s_curve`, `front_loaded`, `back_loaded`
    /// or `manual`.
    pub profile: String,
    /// Planned spending per month.
    pub plan: Vec<PlanMonthDto>,
}

/// Planned spending of one month.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanMonthDto {
    /// The month as `YYYY-MM`.
    #[schema(example = "2024-03")]
    pub month: String,
    /// The amount in 元.
    #[schema(value_type = String)]
    pub amount: Money,
}

/// A change to a line's amount during the year.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AdjustmentDto {
    /// When it was approved.
    pub date: NaiveDate,
    /// The line changed.
    pub line: String,
    /// The change in 元; negative for a cut.
    #[schema(value_type = String, example = "-50000.00")]
    pub amount: Money,
    /// Why.
    pub reason: String,
}

/// A payment.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExpenditureDto {
    /// When it was paid.
    pub date: NaiveDate,
    /// The line charged, in the budget of the payment's year.
    pub line: String,
    /// The amount in 元; negative for a refund.
    #[schema(value_type = String, example = "86000.00")]
    pub amount: Money,
    /// What was paid for.
    pub description: String,
    /// Why it departs from plan, if recorded.
    pub explanation: Option<String>,
}

impl From<&Expenditure> for ExpenditureDto {
    fn from(e: &Expenditure) -> Self {
        ExpenditureDto {
            date: e.date,
            line: e.line.to_string(),
            amount: e.amount,
            description: e.description.clone(),
            explanation: e.explanation.clone(),
        }
    }
}

/// One page of payments, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExpenditurePage {
    /// The payments on this page.
    pub items: Vec<ExpenditureDto>,
    /// Payments of the project.
    pub total: u64,
    /// This page, from 1.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
    /// Number of pages.
    pub pages: u32,
}

/// A performance indicator with all its readings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IndicatorDto {
    /// Indicator code, unique within the project.
    pub code: String,
    /// Level-1 code: `output`, `benefit`, `satisfaction` or `cost`.
    pub level1: String,
    /// Level-2 code, such as `quantity` or `social`.
    pub level2: String,
    /// Name (三级指标).
    pub name: String,
    /// Comparison: `>=`, `>`, `<=`, `<`, `=` or `qualitative`.
    pub direction: String,
    /// Numeric target as a decimal string; null for qualitative indicators.
    pub target: Option<String>,
    /// Target in words (qualitative indicators) or a note.
    pub target_text: Option<String>,
    /// Unit of the target.
    pub unit: String,
    /// Weight (分值) as a decimal string.
    pub weight: String,
    /// Whether it is a core indicator (★).
    pub core: bool,
    /// Readings in the order recorded.
    pub readings: Vec<ReadingDto>,
}

/// One reading: a value, or a grade with a score for qualitative indicators.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadingDto {
    /// When.
    pub date: NaiveDate,
    /// The measured value as a decimal string (quantitative indicators).
    pub value: Option<String>,
    /// `achieved`, `partly_achieved` or `not_achieved` (qualitative indicators).
    pub grade: Option<String>,
    /// The score given with the grade, as a decimal string.
    pub score: Option<String>,
}

impl From<&Reading> for ReadingDto {
    fn from(reading: &Reading) -> Self {
        let (value, grade, score) = match &reading.value {
            ReadingValue::Value { value } => (Some(value.normalize().to_string()), None, None),
            ReadingValue::Graded { grade, score } => (
                None,
                Some(grade.code().to_owned()),
                Some(score.normalize().to_string()),
            ),
        };
        ReadingDto {
            date: reading.date,
            value,
            grade,
            score,
        }
    }
}

impl BudgetDto {
    /// The budgets of a project with each line's adjusted amount and spending from `lines`.
    pub fn list(budgets: &[Budget], lines: &[LineExecution]) -> Vec<BudgetDto> {
        let by_line: HashMap<(i32, &str), &LineExecution> = lines
            .iter()
            .map(|l| ((l.fiscal_year, l.line.code.as_str()), l))
            .collect();
        budgets
            .iter()
            .map(|budget| {
                let line_dtos: Vec<CostLineDto> = budget
                    .lines
                    .iter()
                    .map(|line| {
                        let found = by_line.get(&(budget.fiscal_year, line.code.as_str()));
                        let execution = found.map_or(
                            Execution {
                                budget: budget.adjusted_line(&line.code).unwrap_or(line.amount),
                                executed: Money::ZERO,
                            },
                            |l| l.execution,
                        );
                        CostLineDto {
                            code: line.code.to_string(),
                            name: line.name.clone(),
                            category: line.category.to_string(),
                            amount: line.amount,
                            execution: ExecutionDto::from(&execution),
                            percent_complete: found
                                .and_then(|l| l.percent_complete)
                                .map(|p| p.value().normalize().to_string()),
                            profile: line.profile.code().to_owned(),
                            plan: line
                                .plan
                                .iter()
                                .map(|(month, amount)| PlanMonthDto {
                                    month: month.to_string(),
                                    amount: *amount,
                                })
                                .collect(),
                        }
                    })
                    .collect();
                let total = Execution {
                    budget: budget.adjusted_total(),
                    executed: line_dtos.iter().map(|l| l.execution.executed).sum(),
                };
                BudgetDto {
                    fiscal_year: budget.fiscal_year,
                    original: budget.original_total(),
                    execution: ExecutionDto {
                        budget: total.budget,
                        executed: total.executed,
                        execution_rate: rate_text(&total),
                    },
                    lines: line_dtos,
                    adjustments: budget
                        .adjustments
                        .iter()
                        .map(|a| AdjustmentDto {
                            date: a.date,
                            line: a.line.to_string(),
                            amount: a.amount,
                            reason: a.reason.clone(),
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

impl IndicatorDto {
    /// An indicator with its readings taken from `readings`.
    pub fn new(indicator: &Indicator, readings: &[Reading]) -> IndicatorDto {
        IndicatorDto {
            code: indicator.code.to_string(),
            level1: indicator.level1.code().to_owned(),
            level2: indicator.level2.code().to_owned(),
            name: indicator.name.clone(),
            direction: indicator.direction.code().to_owned(),
            target: indicator.target.map(|t| t.normalize().to_string()),
            target_text: indicator.target_text.clone(),
            unit: indicator.unit.clone(),
            weight: indicator.weight.normalize().to_string(),
            core: indicator.core,
            readings: readings
                .iter()
                .filter(|r| r.indicator == indicator.code)
                .map(ReadingDto::from)
                .collect(),
        }
    }
}
