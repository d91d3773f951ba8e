//! Reading stored text back into core types, and writing core types as the text the schema
//! keeps (dates as `YYYY-MM-DD`, decimals as their exact decimal text).
//!
//! A value that does not parse means the database holds something the store never writes, so it
//! is reported as [`StoreError::Invalid`] naming the column, rather than hidden.

use std::fmt::Display;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SecondsFormat, Timelike, Utc};
use jixiao_core::{FiscalYear, Money};

use crate::error::{Result, StoreError};

/// Parses a stored `what` (a column name, for the message) with its `FromStr`.
pub(crate) fn parse<T>(what: &str, text: &str) -> Result<T>
where
    T: FromStr,
    T::Err: Display,
{
    text.parse().map_err(|error| {
        StoreError::Invalid(format!("stored {what} \"{text}\" is unreadable: {error}"))
    })
}

/// Checks a stored code with the code type's constructor.
pub(crate) fn code<T, E: Display>(
    what: &str,
    text: String,
    new: impl FnOnce(String) -> std::result::Result<T, E>,
) -> Result<T> {
    new(text).map_err(|error| StoreError::Invalid(format!("stored {what} is unreadable: {error}")))
}

/// Parses an optional stored value.
pub(crate) fn parse_opt<T>(what: &str, text: Option<String>) -> Result<Option<T>>
where
    T: FromStr,
    T::Err: Display,
{
    text.map(|text| parse(what, &text)).transpose()
}

/// The stored form of a date, `YYYY-MM-DD`.
///
/// Written digit by digit rather than through `format`: a bulk load formats every payment's date
/// twice (row and ledger entry), and the format machinery was a visible part of its time.
pub(crate) fn date_text(date: NaiveDate) -> String {
    use chrono::Datelike;
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        return date.format("%Y-%m-%d").to_string();
    }
    let digit = |value: u32| char::from(b'0' + (value % 10) as u8);
    let year = year as u32;
    let mut text = String::with_capacity(10);
    for value in [year / 1000, year / 100, year / 10, year] {
        text.push(digit(value));
    }
    text.push('-');
    text.push(digit(month / 10));
    text.push(digit(month));
    text.push('-');
    text.push(digit(day / 10));
    text.push(digit(day));
    text
}

/// The first day of `year` and the last, as stored dates, for range conditions.
pub(crate) fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// Money from a stored sum, which is `NULL` when nothing was summed.
pub(crate) fn money(fen: Option<i64>) -> Money {
    Money::from_fen(fen.unwrap_or(0))
}

/// A stored fiscal year.
pub(crate) fn fiscal_year(year: i64) -> Result<FiscalYear> {
    FiscalYear::try_from(year)
        .map_err(|_| StoreError::Invalid(format!("stored fiscal year {year} is out of range")))
}

/// The stored form of a time: RFC 3339 in UTC with six decimals, of fixed width so that the text
/// sorts and compares as the time does (for years 0 to 9999).
pub(crate) fn time_text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored time.
pub(crate) fn time(what: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| {
            StoreError::Invalid(format!("stored {what} \"{text}\" is unreadable: {error}"))
        })
}

/// `time` as it reads back once stored: cut to whole microseconds.
pub(crate) fn stored_time(time: DateTime<Utc>) -> DateTime<Utc> {
    time.with_nanosecond(time.nanosecond() / 1_000 * 1_000)
        .unwrap_or(time)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn dates_are_written_as_four_two_and_two_digits() {
        for (year, month, day, text) in [
            (2025, 1, 9, "2025-01-09"),
            (1999, 12, 31, "1999-12-31"),
            (5, 3, 10, "0005-03-10"),
            (-1, 1, 1, "-0001-01-01"),
            (10000, 2, 28, "+10000-02-28"),
        ] {
            let date = NaiveDate::from_ymd_opt(year, month, day).unwrap();
            assert_eq!(super::date_text(date), text, "{year}-{month}-{day}");
        }
    }
}
