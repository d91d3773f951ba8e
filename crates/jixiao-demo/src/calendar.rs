//! Month arithmetic for the generator: the fixed "as of" date, the fiscal years the demo covers,
//! month offsets and quarter ends.
//!
//! Schedules are drawn in whole months, so months are turned into plain integers (year × 12 +
//! month − 1) for arithmetic and back into [`YearMonth`] for the domain types.

use chrono::{Datelike, NaiveDate};
use jixiao_core::{FiscalYear, YearMonth};

/// The day the demo province is seen from: everything after it has not happened yet.
pub const AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2025, 12, 31) {
    Some(date) => date,
    None => panic!("2025-12-31 is a date"),
};

/// The first fiscal year with budgets; the department's system went live then.
pub const FIRST_YEAR: FiscalYear = 2022;

/// The last fiscal year with budgets, the year of [`AS_OF`].
pub const LAST_YEAR: FiscalYear = 2025;

/// The month as one integer, so that months can be added and compared.
pub(crate) fn index(month: YearMonth) -> i32 {
    month.year() * 12 + month.month() as i32 - 1
}

/// The month of an integer made by [`index`].
pub(crate) fn from_index(index: i32) -> YearMonth {
    let month = u32::try_from(index.rem_euclid(12) + 1).expect("1 to 12");
    YearMonth::new(index.div_euclid(12), month).expect("generated months stay in range")
}

/// The month `by` months after `month` (before it when negative).
pub(crate) fn shift(month: YearMonth, by: i32) -> YearMonth {
    from_index(index(month) + by)
}

/// Day `day` of `month`; days past 28 are moved to the 28th so every month has them.
pub(crate) fn day_in(month: YearMonth, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(month.year(), month.month(), day.clamp(1, 28))
        .expect("days 1 to 28 exist in every month")
}

/// Every month from `first` to `last`, both included.
pub(crate) fn span(first: YearMonth, last: YearMonth) -> Vec<YearMonth> {
    YearMonth::range(first, last)
}

/// The quarter ends (31 March, 30 June, 30 September, 31 December) from `first` to `last`,
/// both included.
pub(crate) fn quarter_ends(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    for year in first.year()..=last.year() {
        for month in [3, 6, 9, 12] {
            let end = YearMonth::new(year, month)
                .expect("a quarter's last month")
                .last_day();
            if end >= first && end <= last {
                ends.push(end);
            }
        }
    }
    ends
}

/// The quarter (1 to 4) a month falls in.
pub(crate) fn quarter_of(month: YearMonth) -> u32 {
    (month.month() - 1) / 3 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn shifting_crosses_year_ends_both_ways() {
        let cases = [
            ("2024-11", 3, "2025-02"),
            ("2024-01", -1, "2023-12"),
            ("2024-06", 0, "2024-06"),
            ("2024-12", -24, "2022-12"),
        ];
        for (from, by, to) in cases {
            assert_eq!(shift(ym(from), by), ym(to), "{from} + {by}");
            assert_eq!(index(ym(to)) - index(ym(from)), by);
        }
    }

    #[test]
    fn quarter_ends_are_inclusive_at_both_ends() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let ends = quarter_ends(date(2024, 3, 31), date(2024, 12, 31));
        assert_eq!(ends.len(), 4);
        assert!(quarter_ends(date(2024, 4, 1), date(2024, 6, 29)).is_empty());
        assert_eq!(quarter_of(ym("2024-09")), 3);
        assert_eq!(day_in(ym("2024-02"), 31), date(2024, 2, 28));
    }
}
