//! What happens to a budget: money spent (支出) and physical progress (形象进度) per line.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::LineCode;
use crate::money::Money;

/// A payment against a cost line; the fiscal year is the year of its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expenditure {
    /// When it was paid.
    pub date: NaiveDate,
    /// The line it is charged to.
    pub line: LineCode,
    /// The amount; negative for a refund or correction.
    pub amount: Money,
    /// What was paid for.
    pub description: String,
    /// Why it departs from plan, when someone recorded a reason.
    pub explanation: Option<String>,
}

/// A physical percent complete (0 to 100) of a line, the source of earned value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Percent(Decimal);

/// A percentage outside 0 to 100.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a percentage between 0 and 100")]
pub struct PercentError(pub Decimal);

impl Percent {
    /// Checks that `value` lies in 0 to 100.
    pub fn new(value: Decimal) -> Result<Self, PercentError> {
        if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&value) {
            Ok(Percent(value))
        } else {
            Err(PercentError(value))
        }
    }

    /// The value, 0 to 100.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Percent {
    type Error = PercentError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Percent::new(value)
    }
}

impl From<Percent> for Decimal {
    fn from(value: Percent) -> Decimal {
        value.0
    }
}

/// A reading of physical progress of a line on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// When it was measured.
    pub date: NaiveDate,
    /// The line measured.
    pub line: LineCode,
    /// How much of the line's work is done.
    pub percent_complete: Percent,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_stay_between_zero_and_one_hundred() {
        let cases = [
            ("0", true),
            ("100", true),
            ("45.5", true),
            ("-0.1", false),
            ("100.01", false),
        ];
        for (text, ok) in cases {
            let value: Decimal = text.parse().unwrap();
            assert_eq!(Percent::new(value).is_ok(), ok, "{text}");
        }
    }
}
