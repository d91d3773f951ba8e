//! A project with everything recorded about it: the unit that is imported, exported and
//! generated for the demo.
//!
//! [`ProjectDossier::check`] states the consistency rules a dossier must meet before it is
//! stored: unique line and indicator codes, plans that add up, references that resolve.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::budget::Budget;
use crate::code::{IndicatorCode, LineCode};
use crate::execution::{Expenditure, Progress};
use crate::indicator::{Direction, Indicator, Reading};
use crate::period::FiscalYear;
use crate::plan;
use crate::project::Project;

/// A project and all its budgets, spending, progress, indicators and readings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDossier {
    /// The project.
    pub project: Project,
    /// Its budgets, one per fiscal year, in year order.
    pub budgets: Vec<Budget>,
    /// Payments, each charged to a line of the budget of its date's year.
    pub expenditures: Vec<Expenditure>,
    /// Physical progress readings.
    pub progress: Vec<Progress>,
    /// Performance indicators.
    pub indicators: Vec<Indicator>,
    /// Indicator readings.
    pub readings: Vec<Reading>,
}

/// One broken consistency rule, with the place it was found at as a JSON path
/// (`$.budgets[0].lines[2].plan`), so that a person can find it in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DossierProblem {
    /// Where, as a JSON path into the interchange file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ProjectDossier {
    /// The budget of `year`, if any.
    pub fn budget(&self, year: FiscalYear) -> Option<&Budget> {
        self.budgets
            .iter()
            .find(|budget| budget.fiscal_year == year)
    }

    /// Every broken rule, in file order; empty when the dossier may be stored.
    ///
    /// `budget_path` names the JSON path of budget `i`, since a file with one budget writes it
    /// as `$.budget` and a file with several as `$.budgets[i]`.
    pub fn check(&self, budget_path: &dyn Fn(usize) -> String) -> Vec<DossierProblem> {
        let mut problems = Vec::new();
        let mut problem =
            |path: String, message: String| problems.push(DossierProblem { path, message });

        if self.project.planned_finish < self.project.planned_start {
            problem(
                "$.project.finish".into(),
                "the finish is before the start".into(),
            );
        }
        let mut years = BTreeSet::new();
        for (b, budget) in self.budgets.iter().enumerate() {
            let at = budget_path(b);
            if !years.insert(budget.fiscal_year) {
                problem(
                    format!("{at}.fiscal_year"),
                    format!("fiscal year {} is given twice", budget.fiscal_year),
                );
            }
            let mut codes = BTreeSet::new();
            for (l, line) in budget.lines.iter().enumerate() {
                let line_at = format!("{at}.lines[{l}]");
                if !codes.insert(&line.code) {
                    problem(
                        format!("{line_at}.code"),
                        format!("line code \"{}\" is used twice", line.code),
                    );
                }
                if line.amount.fen() < 0 {
                    problem(
                        format!("{line_at}.amount"),
                        "a line amount may not be negative".into(),
                    );
                }
                if let Err(err) = plan::check_sum(line.amount, &line.plan) {
                    problem(format!("{line_at}.plan"), err.to_string());
                }
                if let Some(month) = line.plan.keys().find(|m| m.year() != budget.fiscal_year) {
                    problem(
                        format!("{line_at}.plan.{month}"),
                        format!(
                            "month {month} is outside fiscal year {}",
                            budget.fiscal_year
                        ),
                    );
                }
            }
            for (a, adjustment) in budget.adjustments.iter().enumerate() {
                if !codes.contains(&adjustment.line) {
                    problem(
                        format!("{at}.adjustments[{a}].line"),
                        unknown_line(&adjustment.line, budget.fiscal_year),
                    );
                }
            }
        }
        for (e, expenditure) in self.expenditures.iter().enumerate() {
            if !self.has_line(&expenditure.line, chrono::Datelike::year(&expenditure.date)) {
                problem(
                    format!("$.expenditures[{e}].line"),
                    unknown_line(&expenditure.line, chrono::Datelike::year(&expenditure.date)),
                );
            }
        }
        for (p, progress) in self.progress.iter().enumerate() {
            if !self
                .budgets
                .iter()
                .any(|b| b.line(&progress.line).is_some())
            {
                problem(
                    format!("$.progress[{p}].line"),
                    format!("no budget has a line \"{}\"", progress.line),
                );
            }
        }
        let mut indicator_codes = BTreeSet::new();
        for (i, indicator) in self.indicators.iter().enumerate() {
            let at = format!("$.indicators[{i}]");
            if !indicator_codes.insert(&indicator.code) {
                problem(
                    format!("{at}.code"),
                    format!("indicator code \"{}\" is used twice", indicator.code),
                );
            }
            if indicator.level2.parent() != indicator.level1 {
                problem(
                    format!("{at}.level2"),
                    format!(
                        "{} does not belong under {}",
                        indicator.level2, indicator.level1
                    ),
                );
            }
            let qualitative = indicator.direction == Direction::Qualitative;
            if qualitative == indicator.target.is_some() {
                let message = if qualitative {
                    "a qualitative indicator takes a target text, not a target value"
                } else {
                    "a quantitative indicator needs a numeric target"
                };
                problem(format!("{at}.target"), message.into());
            }
            if indicator.weight.is_sign_negative() {
                problem(
                    format!("{at}.weight"),
                    "a weight may not be negative".into(),
                );
            }
        }
        for (r, reading) in self.readings.iter().enumerate() {
            let at = format!("$.readings[{r}]");
            let Some(indicator) = self.indicators.iter().find(|i| i.code == reading.indicator)
            else {
                problem(
                    format!("{at}.indicator"),
                    unknown_indicator(&reading.indicator),
                );
                continue;
            };
            if let Err(mismatch) = reading.value.fits(indicator.direction) {
                problem(format!("{at}.value"), mismatch.to_string());
            }
        }
        problems
    }

    fn has_line(&self, code: &LineCode, year: FiscalYear) -> bool {
        self.budget(year)
            .is_some_and(|budget| budget.line(code).is_some())
    }
}

fn unknown_line(code: &LineCode, year: FiscalYear) -> String {
    format!("the budget of {year} has no line \"{code}\"")
}

fn unknown_indicator(code: &IndicatorCode) -> String {
    format!("no indicator \"{code}\"")
}
