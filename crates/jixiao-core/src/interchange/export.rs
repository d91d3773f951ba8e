//! Writes a [`ProjectFile`] back into the raw structures of the file, in the canonical form:
//! amounts with two decimals, decimals as strings, a generated plan written as its profile only.

use rust_decimal::Decimal;

use super::ProjectFile;
use super::raw::{
    AmountText, DecimalText, RawAdjustment, RawBudget, RawExpenditure, RawFile, RawIndicator,
    RawLine, RawProgress, RawProject, RawReading,
};
use crate::budget::{Budget, CostLine};
use crate::indicator::ReadingValue;
use crate::money::Money;
use crate::plan::{self, Profile};
use crate::project::Project;

/// The raw file for `file`, ready to serialize.
pub(super) fn raw_file(file: &ProjectFile) -> RawFile {
    let dossier = &file.dossier;
    let project = &dossier.project;
    let mut budgets: Vec<RawBudget> = dossier
        .budgets
        .iter()
        .map(|budget| raw_budget(budget, project))
        .collect();
    let (budget, budgets) = if budgets.len() == 1 {
        (budgets.pop(), None)
    } else {
        (None, Some(budgets))
    };
    RawFile {
        format: super::FORMAT.to_owned(),
        project: RawProject {
            code: project.code.to_string(),
            name: project.name.clone(),
            project_type: project.project_type.code().to_owned(),
            organization: project.organization.to_string(),
            organization_name: file.organization.name.clone(),
            organization_parent: file.organization.parent.as_ref().map(ToString::to_string),
            region: project.region.clone(),
            status: Some(project.status.code().to_owned()),
            start: project.planned_start.to_string(),
            finish: project.planned_finish.to_string(),
            actual_start: project.actual_start.map(|d| d.to_string()),
            actual_finish: project.actual_finish.map(|d| d.to_string()),
        },
        budget,
        budgets,
        expenditures: (dossier.expenditures.iter())
            .map(|e| RawExpenditure {
                date: e.date.to_string(),
                line: e.line.to_string(),
                amount: amount(e.amount),
                description: e.description.clone(),
                explanation: e.explanation.clone(),
            })
            .collect(),
        progress: (dossier.progress.iter())
            .map(|p| RawProgress {
                date: p.date.to_string(),
                line: p.line.to_string(),
                percent_complete: decimal(p.percent_complete.value()),
            })
            .collect(),
        indicators: (dossier.indicators.iter())
            .map(|i| RawIndicator {
                code: i.code.to_string(),
                level1: i.level1.code().to_owned(),
                level2: i.level2.code().to_owned(),
                name: i.name.clone(),
                direction: i.direction.code().to_owned(),
                target: i.target.map(decimal),
                target_text: i.target_text.clone(),
                unit: i.unit.clone(),
                weight: decimal(i.weight),
                core: i.core,
            })
            .collect(),
        readings: (dossier.readings.iter())
            .map(|r| {
                let (value, grade, score) = match &r.value {
                    ReadingValue::Value { value } => (Some(decimal(*value)), None, None),
                    ReadingValue::Graded { grade, score } => {
                        (None, Some(grade.code().to_owned()), Some(decimal(*score)))
                    }
                };
                RawReading {
                    indicator: r.indicator.to_string(),
                    date: r.date.to_string(),
                    value,
                    grade,
                    score,
                }
            })
            .collect(),
    }
}

fn raw_budget(budget: &Budget, project: &Project) -> RawBudget {
    RawBudget {
        fiscal_year: budget.fiscal_year,
        lines: (budget.lines.iter())
            .map(|line| raw_line(line, budget, project))
            .collect(),
        adjustments: (budget.adjustments.iter())
            .map(|a| RawAdjustment {
                date: a.date.to_string(),
                line: a.line.to_string(),
                amount: amount(a.amount),
                reason: a.reason.clone(),
            })
            .collect(),
    }
}

/// A line with its profile, and its months whenever import would not regenerate them exactly:
/// always for a manual plan, and for a profiled plan that was made over other months (a schedule
/// that changed later, or a plan from another system), so that export never loses a plan.
fn raw_line(line: &CostLine, budget: &Budget, project: &Project) -> RawLine {
    let regenerated = (line.profile != Profile::Manual)
        .then(|| {
            let months = plan::months_in_year(
                budget.fiscal_year,
                project.planned_start,
                project.planned_finish,
            );
            plan::spread(line.amount, &months, line.profile).ok()
        })
        .flatten();
    let write_plan = regenerated.as_ref() != Some(&line.plan);
    RawLine {
        code: line.code.to_string(),
        name: line.name.clone(),
        category: line.category.to_string(),
        amount: amount(line.amount),
        profile: (line.profile != Profile::Manual).then(|| line.profile.code().to_owned()),
        plan: write_plan.then(|| {
            (line.plan.iter())
                .map(|(month, money)| (month.to_string(), amount(*money)))
                .collect()
        }),
    }
}

fn amount(money: Money) -> AmountText {
    AmountText(money.to_yuan_string())
}

fn decimal(value: Decimal) -> DecimalText {
    DecimalText(value.to_string())
}
