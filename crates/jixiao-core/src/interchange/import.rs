//! Turns the raw text of a project file into domain values, collecting every bad field with its
//! JSON path instead of stopping at the first.
//!
//! Each converter checks all the fields of its item before giving up on it, so one pass over a
//! file reports every amount, date, code and enum that cannot be read. Consistency between items
//! (references, sums, unique codes) is left to [`ProjectDossier::check`], which only makes sense
//! once every item could be read.

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::NaiveDate;

use super::OrganizationRef;
use super::fields::{Problems, all, date, decimal, money, name};
use super::raw::{
    RawAdjustment, RawBudget, RawExpenditure, RawFile, RawIndicator, RawLine, RawProgress,
    RawProject, RawReading,
};
use crate::budget::{Adjustment, Budget, CostLine};
use crate::code::{CategoryCode, IndicatorCode, LineCode, OrgCode, ProjectCode};
use crate::cost_category::CostCategory;
use crate::dossier::{DossierProblem, ProjectDossier};
use crate::execution::{Expenditure, Percent, Progress};
use crate::indicator::{Indicator, Reading, ReadingValue};
use crate::period::{FiscalYear, YearMonth};
use crate::plan::{self, MonthlyPlan, Profile};
use crate::project::{Project, ProjectStatus};

/// How the file gave its budgets, which decides the paths of budget problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BudgetForm {
    /// `"budget": {…}`.
    Single,
    /// `"budgets": […]`.
    Several,
}

impl BudgetForm {
    /// The JSON path of budget `index`.
    pub(super) fn path(self, index: usize) -> String {
        match self {
            BudgetForm::Single => "$.budget".to_owned(),
            BudgetForm::Several => format!("$.budgets[{index}]"),
        }
    }
}

/// Converts every item of `raw`; `None` when anything could not be read (the reasons are in
/// `problems`).
pub(super) fn convert(
    raw: &RawFile,
    problems: &mut Problems,
) -> Option<(ProjectDossier, OrganizationRef, BudgetForm)> {
    let converted = project(&raw.project, problems);
    let schedule = converted
        .as_ref()
        .map(|(p, _)| (p.planned_start, p.planned_finish));
    let (raw_budgets, form): (Vec<&RawBudget>, _) = match (&raw.budget, &raw.budgets) {
        (Some(one), None) => (vec![one], Some(BudgetForm::Single)),
        (None, Some(several)) => (several.iter().collect(), Some(BudgetForm::Several)),
        (Some(_), Some(_)) => {
            problems.push(
                "$",
                "the file gives both \"budget\" and \"budgets\"; use \"budget\" for one fiscal \
                 year or \"budgets\" for several, not both",
            );
            (Vec::new(), None)
        }
        (None, None) => {
            problems.push(
                "$",
                "the file has no \"budget\" (one fiscal year) or \"budgets\" (several)",
            );
            (Vec::new(), None)
        }
    };
    // Without a form there are no budgets to read, so the fallback path is never shown.
    let paths = form.unwrap_or(BudgetForm::Single);
    let budgets: Vec<_> = (raw_budgets.iter().enumerate())
        .map(|(b, raw)| budget(raw, &paths.path(b), schedule, problems))
        .collect();
    let expenditures: Vec<_> = (raw.expenditures.iter().enumerate())
        .map(|(e, raw)| expenditure(raw, &format!("$.expenditures[{e}]"), problems))
        .collect();
    let progress: Vec<_> = (raw.progress.iter().enumerate())
        .map(|(p, raw)| progress(raw, &format!("$.progress[{p}]"), problems))
        .collect();
    let indicators: Vec<_> = (raw.indicators.iter().enumerate())
        .map(|(i, raw)| indicator(raw, &format!("$.indicators[{i}]"), problems))
        .collect();
    let readings: Vec<_> = (raw.readings.iter().enumerate())
        .map(|(r, raw)| reading(raw, &format!("$.readings[{r}]"), problems))
        .collect();

    let (project, organization) = converted?;
    let dossier = ProjectDossier {
        project,
        budgets: all(budgets)?,
        expenditures: all(expenditures)?,
        progress: all(progress)?,
        indicators: all(indicators)?,
        readings: all(readings)?,
    };
    Some((dossier, organization, form?))
}

/// Cost lines whose category is not in `categories`, the tree the deployment knows.
pub(super) fn unknown_categories(
    dossier: &ProjectDossier,
    form: BudgetForm,
    categories: &[CostCategory],
) -> Vec<DossierProblem> {
    let known: BTreeSet<&CategoryCode> = categories.iter().map(|c| &c.code).collect();
    let expected = || {
        let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
        codes.join(", ")
    };
    let mut problems = Vec::new();
    for (b, budget) in dossier.budgets.iter().enumerate() {
        for (l, line) in budget.lines.iter().enumerate() {
            if !known.contains(&line.category) {
                problems.push(DossierProblem {
                    path: format!("{}.lines[{l}].category", form.path(b)),
                    message: format!(
                        "unknown cost category \"{}\"; expected one of: {}",
                        line.category,
                        expected()
                    ),
                });
            }
        }
    }
    problems
}

fn project(raw: &RawProject, p: &mut Problems) -> Option<(Project, OrganizationRef)> {
    let at = |field: &str| format!("$.project.{field}");
    let code = p.take(at("code"), ProjectCode::new(raw.code.as_str()));
    let name = p.take(at("name"), name(&raw.name));
    let project_type = p.take(at("type"), raw.project_type.parse());
    let organization = p.take(at("organization"), OrgCode::new(raw.organization.as_str()));
    let parent = p.optional(
        at("organization_parent"),
        raw.organization_parent.as_deref(),
        OrgCode::new,
    );
    let status = p.optional(at("status"), raw.status.as_deref(), ProjectStatus::from_str);
    let start = p.take(at("start"), date(&raw.start));
    let finish = p.take(at("finish"), date(&raw.finish));
    let actual_start = p.optional(at("actual_start"), raw.actual_start.as_deref(), date);
    let actual_finish = p.optional(at("actual_finish"), raw.actual_finish.as_deref(), date);

    let organization = organization?;
    let reference = OrganizationRef {
        code: organization.clone(),
        name: raw.organization_name.clone(),
        parent: parent?,
    };
    let project = Project {
        code: code?,
        name: name?,
        project_type: project_type?,
        organization,
        region: raw.region.clone(),
        planned_start: start?,
        planned_finish: finish?,
        actual_start: actual_start?,
        actual_finish: actual_finish?,
        status: status?.unwrap_or(ProjectStatus::InProgress),
    };
    Some((project, reference))
}

fn budget(
    raw: &RawBudget,
    at: &str,
    schedule: Option<(NaiveDate, NaiveDate)>,
    p: &mut Problems,
) -> Option<Budget> {
    let year = raw.fiscal_year;
    let year_ok = (1900..=9999).contains(&year);
    if !year_ok {
        p.push(
            format!("{at}.fiscal_year"),
            format!("fiscal year {year} is not between 1900 and 9999"),
        );
    }
    let lines: Vec<_> = (raw.lines.iter().enumerate())
        .map(|(l, line)| cost_line(line, &format!("{at}.lines[{l}]"), year, schedule, p))
        .collect();
    let adjustments: Vec<_> = (raw.adjustments.iter().enumerate())
        .map(|(a, adj)| adjustment(adj, &format!("{at}.adjustments[{a}]"), p))
        .collect();
    year_ok.then_some(())?;
    Some(Budget {
        fiscal_year: year,
        lines: all(lines)?,
        adjustments: all(adjustments)?,
    })
}

fn cost_line(
    raw: &RawLine,
    at: &str,
    year: FiscalYear,
    schedule: Option<(NaiveDate, NaiveDate)>,
    p: &mut Problems,
) -> Option<CostLine> {
    let code = p.take(format!("{at}.code"), LineCode::new(raw.code.as_str()));
    let name = p.take(format!("{at}.name"), name(&raw.name));
    let category = p.take(
        format!("{at}.category"),
        CategoryCode::new(raw.category.as_str()),
    );
    let amount = p.take(format!("{at}.amount"), money(&raw.amount));
    let profile = p.optional(
        format!("{at}.profile"),
        raw.profile.as_deref(),
        Profile::from_str,
    );
    let given_plan = raw.plan.as_ref().map(|months| {
        let read: Vec<_> = months
            .iter()
            .map(|(month, amount)| {
                let path = format!("{at}.plan.{month}");
                let month = p.take(&path, month.parse::<YearMonth>());
                let amount = p.take(&path, money(amount));
                Some((month?, amount?))
            })
            .collect();
        all(read).map(|pairs| pairs.into_iter().collect::<MonthlyPlan>())
    });

    let (profile, plan) = match (profile?, given_plan) {
        // A plan given by hand is kept as it is; a profile beside it records how it was made.
        (profile, Some(plan)) => (profile.unwrap_or(Profile::Manual), plan?),
        (Some(Profile::Manual), None) => {
            p.push(
                format!("{at}.profile"),
                "a manual line lists its months under \"plan\"",
            );
            return None;
        }
        (profile, None) => {
            let profile = profile.unwrap_or(Profile::Linear);
            let (start, finish) = schedule?;
            let months = plan::months_in_year(year, start, finish);
            let plan = p.take(
                format!("{at}.profile"),
                plan::spread(amount?, &months, profile),
            )?;
            (profile, plan)
        }
    };
    Some(CostLine {
        code: code?,
        name: name?,
        category: category?,
        amount: amount?,
        profile,
        plan,
    })
}

fn adjustment(raw: &RawAdjustment, at: &str, p: &mut Problems) -> Option<Adjustment> {
    let date = p.take(format!("{at}.date"), date(&raw.date));
    let line = p.take(format!("{at}.line"), LineCode::new(raw.line.as_str()));
    let amount = p.take(format!("{at}.amount"), money(&raw.amount));
    Some(Adjustment {
        date: date?,
        line: line?,
        amount: amount?,
        reason: raw.reason.clone(),
    })
}

fn expenditure(raw: &RawExpenditure, at: &str, p: &mut Problems) -> Option<Expenditure> {
    let date = p.take(format!("{at}.date"), date(&raw.date));
    let line = p.take(format!("{at}.line"), LineCode::new(raw.line.as_str()));
    let amount = p.take(format!("{at}.amount"), money(&raw.amount));
    Some(Expenditure {
        date: date?,
        line: line?,
        amount: amount?,
        description: raw.description.clone(),
        explanation: raw.explanation.clone(),
    })
}

fn progress(raw: &RawProgress, at: &str, p: &mut Problems) -> Option<Progress> {
    let date = p.take(format!("{at}.date"), date(&raw.date));
    let line = p.take(format!("{at}.line"), LineCode::new(raw.line.as_str()));
    let percent = p.take(
        format!("{at}.percent_complete"),
        decimal(&raw.percent_complete).and_then(|d| Percent::new(d).map_err(|e| e.to_string())),
    );
    Some(Progress {
        date: date?,
        line: line?,
        percent_complete: percent?,
    })
}

fn indicator(raw: &RawIndicator, at: &str, p: &mut Problems) -> Option<Indicator> {
    let code = p.take(format!("{at}.code"), IndicatorCode::new(raw.code.as_str()));
    let level1 = p.take(format!("{at}.level1"), raw.level1.parse());
    let level2 = p.take(format!("{at}.level2"), raw.level2.parse());
    let name = p.take(format!("{at}.name"), name(&raw.name));
    let direction = p.take(format!("{at}.direction"), raw.direction.parse());
    let target = match &raw.target {
        None => Some(None),
        Some(target) => p.take(format!("{at}.target"), decimal(target)).map(Some),
    };
    let weight = p.take(format!("{at}.weight"), decimal(&raw.weight));
    Some(Indicator {
        code: code?,
        level1: level1?,
        level2: level2?,
        name: name?,
        direction: direction?,
        target: target?,
        target_text: raw.target_text.clone(),
        unit: raw.unit.clone(),
        weight: weight?,
        core: raw.core,
    })
}

pub(super) fn reading(raw: &RawReading, at: &str, p: &mut Problems) -> Option<Reading> {
    let indicator = p.take(
        format!("{at}.indicator"),
        IndicatorCode::new(raw.indicator.as_str()),
    );
    let date = p.take(format!("{at}.date"), date(&raw.date));
    let value = match (&raw.value, &raw.grade, &raw.score) {
        (Some(value), None, None) => p
            .take(format!("{at}.value"), decimal(value))
            .map(|value| ReadingValue::Value { value }),
        (None, Some(grade), Some(score)) => {
            let grade = p.take(format!("{at}.grade"), grade.parse());
            let score = p.take(format!("{at}.score"), decimal(score));
            Some(ReadingValue::Graded {
                grade: grade?,
                score: score?,
            })
        }
        _ => {
            p.push(
                at,
                "a reading has either a \"value\", or a \"grade\" and a \"score\"",
            );
            None
        }
    };
    Some(Reading {
        indicator: indicator?,
        date: date?,
        value: value?,
    })
}
