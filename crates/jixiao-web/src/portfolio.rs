//! Choices about portfolio views that pages and the API make the same way.

use jixiao_core::{FiscalYear, Money, PortfolioSummary};

/// The latest fiscal year in which money was spent, or else the latest year with a budget.
///
/// Budgets are often approved for next year before anything is paid; opening the overview on
/// an empty year would show a blank chart.
pub fn latest_year_with_data(summary: &PortfolioSummary) -> Option<FiscalYear> {
    summary
        .by_year
        .iter()
        .rev()
        .find(|(_, execution)| execution.executed != Money::ZERO)
        .or(summary.by_year.last())
        .map(|(year, _)| *year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_core::Execution;

    fn execution(budget: i64, executed: i64) -> Execution {
        Execution {
            budget: Money::from_fen(budget),
            executed: Money::from_fen(executed),
        }
    }

    #[test]
    fn default_year_is_the_latest_with_spending_then_the_latest_with_a_budget() {
        let summary = |years: Vec<(FiscalYear, Execution)>| PortfolioSummary {
            by_year: years,
            ..PortfolioSummary::default()
        };
        let cases = [
            (vec![], None),
            (
                vec![(2023, execution(10, 5)), (2024, execution(10, 0))],
                Some(2023),
            ),
            (
                vec![(2023, execution(10, 5)), (2024, execution(10, 1))],
                Some(2024),
            ),
            (
                vec![(2024, execution(10, 0)), (2025, execution(10, 0))],
                Some(2025),
            ),
        ];
        for (years, expected) in cases {
            assert_eq!(
                latest_year_with_data(&summary(years.clone())),
                expected,
                "{years:?}"
            );
        }
    }
}
