//! Read models: the figures pages, the API and reports show, computed by the store and shaped
//! here so that every layer agrees on what a figure means.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::budget::CostLine;
use crate::code::OrgCode;
use crate::execution::Percent;
use crate::money::Money;
use crate::period::{FiscalYear, YearMonth};
use crate::project::{Project, ProjectStatus, ProjectType};

/// A budget and what was spent of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    /// The adjusted budget (调整后预算).
    pub budget: Money,
    /// The amount spent (执行数).
    pub executed: Money,
}

impl Execution {
    /// The budget execution rate (预算执行率) = executed / adjusted budget; `None` for a zero
    /// budget.
    pub fn rate(&self) -> Option<Decimal> {
        self.executed.ratio_to(self.budget)
    }

    /// The rate as a percentage with one decimal, such as `92.4%`, or `—` without a budget.
    pub fn rate_text(&self) -> String {
        match self.rate() {
            Some(rate) => format!(
                "{:.1}%",
                (rate * Decimal::ONE_HUNDRED).round_dp_with_strategy(
                    1,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero
                )
            ),
            None => "—".to_owned(),
        }
    }
}

/// Execution of the whole portfolio, by fiscal year and by project type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioSummary {
    /// How many projects there are.
    pub project_count: u64,
    /// All years together.
    pub total: Execution,
    /// One row per fiscal year, in year order.
    pub by_year: Vec<(FiscalYear, Execution)>,
    /// One row per project type with its number of projects, in type order.
    pub by_type: Vec<(ProjectType, u64, Execution)>,
}

/// Planned against actual spending in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyPoint {
    /// The month.
    pub month: YearMonth,
    /// Planned spending (PV of the month).
    pub planned: Money,
    /// Actual spending.
    pub actual: Money,
}

/// Which projects a list shows; every field left empty matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFilter {
    /// Only this type.
    pub project_type: Option<ProjectType>,
    /// Only this region.
    pub region: Option<String>,
    /// Only projects with a budget in this fiscal year.
    pub fiscal_year: Option<FiscalYear>,
    /// Only this status.
    pub status: Option<ProjectStatus>,
    /// Only projects whose name or code contains this text.
    pub search: Option<String>,
    /// Only projects of these organizations; `None` for all.
    pub organizations: Option<Vec<OrgCode>>,
}

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows on this page.
    pub items: Vec<T>,
    /// Rows in the whole list.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// How many pages the list has (at least one).
    pub fn page_count(&self) -> u32 {
        let pages = self.total.div_ceil(u64::from(self.per_page.max(1)));
        u32::try_from(pages).unwrap_or(u32::MAX).max(1)
    }
}

/// A project as a row of a list, with its totals over all years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    /// The project.
    pub project: Project,
    /// The name of its organization.
    pub organization_name: String,
    /// Budget and spending over all its fiscal years.
    pub execution: Execution,
}

/// A cost line with its execution in its fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineExecution {
    /// The fiscal year of the line's budget.
    pub fiscal_year: FiscalYear,
    /// The line as budgeted.
    pub line: CostLine,
    /// Adjusted amount and spending.
    pub execution: Execution,
    /// The latest physical percent complete, if measured.
    pub percent_complete: Option<Percent>,
}
