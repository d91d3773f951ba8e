//! How figures are written on pages: money in 万元 with two decimals and grouped thousands,
//! dates as `2025-03-31`, percentages with one decimal.
//!
//! The JSON API does not use these: it sends money as exact decimal strings in 元.

use chrono::NaiveDate;
use jixiao_core::{Execution, Money, Percent};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Shown where a value is missing (no date yet, no budget, no reading).
pub const DASH: &str = "—";

/// Money in 万元 with two decimals and thousands separators: `1,234.57`.
pub fn wan(amount: Money) -> String {
    amount.format_wan(2)
}

/// A date as `2025-03-31`.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// An optional date, or a dash.
pub fn optional_date(day: Option<NaiveDate>) -> String {
    day.map_or_else(|| DASH.to_owned(), date)
}

/// The execution rate as `92.4%`, or a dash without a budget.
pub fn rate(execution: &Execution) -> String {
    execution.rate_text()
}

/// The execution rate in percent as a float, for drawing only.
pub fn rate_for_chart(execution: &Execution) -> Option<f64> {
    execution
        .rate()
        .and_then(|rate| (rate * Decimal::ONE_HUNDRED).to_f64())
}

/// A physical percent complete as `85.0%`, or a dash when never measured.
pub fn percent_complete(percent: Option<Percent>) -> String {
    percent.map_or_else(
        || DASH.to_owned(),
        |p| {
            let value = p
                .value()
                .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
            format!("{value:.1}%")
        },
    )
}

/// A decimal without trailing zeros: `95`, `0.5`, `12.25`.
pub fn decimal(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A value with its unit: `95%` and `12 公里`, since a percent sign sits against its number
/// and other units stand apart.
pub fn with_unit(value: Decimal, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() || unit == "%" || unit == "‰" {
        format!("{}{unit}", decimal(value))
    } else {
        format!("{} {unit}", decimal(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_written_the_way_budget_tables_write_them() {
        assert_eq!(wan(Money::from_fen(123_456_789_000)), "123,456.79");
        assert_eq!(wan(Money::ZERO), "0.00");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()),
            "2025-03-31"
        );
        assert_eq!(optional_date(None), DASH);
        let percent = Percent::new(Decimal::new(8525, 2)).unwrap();
        assert_eq!(percent_complete(Some(percent)), "85.3%");
        assert_eq!(percent_complete(None), DASH);
        assert_eq!(decimal(Decimal::new(9500, 2)), "95");
        assert_eq!(decimal(Decimal::new(1225, 2)), "12.25");
        assert_eq!(with_unit(Decimal::new(95, 0), "%"), "95%");
        assert_eq!(with_unit(Decimal::new(125, 1), "公里"), "12.5 公里");
        assert_eq!(with_unit(Decimal::new(3, 0), ""), "3");
    }

    #[test]
    fn chart_rates_are_percentages_and_missing_without_budget() {
        let half = Execution {
            budget: Money::from_fen(200),
            executed: Money::from_fen(100),
        };
        assert_eq!(rate_for_chart(&half), Some(50.0));
        assert_eq!(rate(&half), "50.0%");
        assert_eq!(rate_for_chart(&Execution::default()), None);
    }
}
