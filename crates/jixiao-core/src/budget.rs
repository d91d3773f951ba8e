//! Budgets (预算): the cost lines of one project for one fiscal year, with their monthly plans
//! and the adjustments made during the year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::{CategoryCode, LineCode};
use crate::money::Money;
use crate::period::FiscalYear;
use crate::plan::{MonthlyPlan, Profile};

/// One cost line (预算明细) of a budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    /// Its code, unique within the budget.
    pub code: LineCode,
    /// Its name, such as 路基土石方工程.
    pub name: String,
    /// Where it sits in the cost breakdown.
    pub category: CategoryCode,
    /// The approved amount (年初预算).
    pub amount: Money,
    /// How the plan was made; `Manual` when the months were entered by hand.
    pub profile: Profile,
    /// Planned spending per month; always adds up to `amount`.
    pub plan: MonthlyPlan,
}

/// A change to a line's amount during the year (预算调整), positive or negative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// When it was approved.
    pub date: NaiveDate,
    /// The line it changes.
    pub line: LineCode,
    /// The change; negative for a cut.
    pub amount: Money,
    /// Why.
    pub reason: String,
}

/// The budget of one project for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// The fiscal year.
    pub fiscal_year: FiscalYear,
    /// The cost lines.
    pub lines: Vec<CostLine>,
    /// Adjustments made during the year.
    pub adjustments: Vec<Adjustment>,
}

impl Budget {
    /// The original total of the lines (年初预算).
    pub fn original_total(&self) -> Money {
        self.lines.iter().map(|line| line.amount).sum()
    }

    /// The total after adjustments (调整后预算), the base of the execution rate.
    pub fn adjusted_total(&self) -> Money {
        self.original_total() + self.adjustments.iter().map(|a| a.amount).sum()
    }

    /// The adjusted amount of one line.
    pub fn adjusted_line(&self, code: &LineCode) -> Option<Money> {
        let line = self.lines.iter().find(|line| &line.code == code)?;
        let change: Money = self
            .adjustments
            .iter()
            .filter(|a| &a.line == code)
            .map(|a| a.amount)
            .sum();
        Some(line.amount + change)
    }

    /// The line with `code`, if any.
    pub fn line(&self, code: &LineCode) -> Option<&CostLine> {
        self.lines.iter().find(|line| &line.code == code)
    }
}
