//! Calendar months and fiscal years.
//!
//! A Chinese fiscal year is the calendar year, so a fiscal year is a plain year number and the
//! monthly plan of a budget line is keyed by [`YearMonth`].

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A fiscal year (预算年度), equal to the calendar year.
pub type FiscalYear = i32;

/// One calendar month, such as `2024-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

/// Why a text is not a `YYYY-MM` month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a month in the form YYYY-MM")]
pub struct YearMonthError(pub String);

impl YearMonth {
    /// The month `month` (1 to 12) of `year`; `None` for a month outside 1 to 12 or a year
    /// outside 1900 to 9999.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(YearMonth { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The following month.
    pub fn next(self) -> Self {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month has a first day")
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("a month has a last day")
    }

    /// Every month from `first` to `last`, both included; empty when `last` is before `first`.
    pub fn range(first: YearMonth, last: YearMonth) -> Vec<YearMonth> {
        let mut months = Vec::new();
        let mut current = first;
        while current <= last {
            months.push(current);
            current = current.next();
        }
        months
    }

    /// The twelve months of a fiscal year.
    pub fn months_of_year(year: FiscalYear) -> Vec<YearMonth> {
        (1..=12).map(|month| YearMonth { year, month }).collect()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = YearMonthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || YearMonthError(s.to_owned());
        let (year, month) = s.split_once('-').ok_or_else(err)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(err());
        }
        let year = year.parse().map_err(|_| err())?;
        let month = month.parse().map_err(|_| err())?;
        YearMonth::new(year, month).ok_or_else(err)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_only_in_yyyy_mm_form() {
        let cases: &[(&str, Option<(i32, u32)>)] = &[
            ("2024-03", Some((2024, 3))),
            ("2024-12", Some((2024, 12))),
            ("2024-13", None),
            ("2024-00", None),
            ("2024-3", None),
            ("24-03", None),
            ("2024/03", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = text
                .parse::<YearMonth>()
                .ok()
                .map(|m| (m.year(), m.month()));
            assert_eq!(&got, expected, "{text:?}");
        }
    }

    #[test]
    fn ranges_cross_year_ends() {
        let first = YearMonth::new(2023, 11).unwrap();
        let last = YearMonth::new(2024, 2).unwrap();
        let names: Vec<String> = YearMonth::range(first, last)
            .iter()
            .map(|m| m.to_string())
            .collect();
        assert_eq!(names, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert!(YearMonth::range(last, first).is_empty());
        assert_eq!(
            last.last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }
}
