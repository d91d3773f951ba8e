//! Reading single fields of a project file and collecting what cannot be read.
//!
//! Each reader turns the text of one field into a domain value or an error message; the
//! [`Problems`] collector records the message with the field's JSON path and lets the caller go
//! on to the next field, so that one pass over a file reports every bad field.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::raw::{AmountText, DecimalText};
use crate::dossier::DossierProblem;
use crate::money::{Money, MoneyError};

/// The problems found so far.
#[derive(Debug, Default)]
pub(super) struct Problems(pub Vec<DossierProblem>);

impl Problems {
    pub(super) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(DossierProblem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// The value of `result`, or `None` after recording its error at `path`.
    pub(super) fn take<T, E: fmt::Display>(
        &mut self,
        path: impl AsRef<str>,
        result: Result<T, E>,
    ) -> Option<T> {
        result
            .map_err(|err| self.push(path.as_ref(), err.to_string()))
            .ok()
    }

    /// Reads an optional field: `Some(None)` when absent, `None` when present but unreadable.
    pub(super) fn optional<'a, T, E: fmt::Display>(
        &mut self,
        path: impl AsRef<str>,
        text: Option<&'a str>,
        read: impl FnOnce(&'a str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match text {
            None => Some(None),
            Some(text) => self.take(path, read(text)).map(Some),
        }
    }
}

/// Every item, or `None` when any is missing; the whole list is built first so that no
/// converter is skipped and no problem goes unreported.
pub(super) fn all<T>(items: Vec<Option<T>>) -> Option<Vec<T>> {
    items.into_iter().collect()
}

/// An amount in 元 with at most two decimals.
pub(super) fn money(text: &AmountText) -> Result<Money, MoneyError> {
    Money::parse_yuan(&text.0)
}

/// A date written exactly as `YYYY-MM-DD`; chrono alone would also take `2024-3-5`.
pub(super) fn date(text: &str) -> Result<NaiveDate, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("\"{text}\" is not a date in the form YYYY-MM-DD"))
}

/// A plain decimal number: optional sign, digits, at most one point, no exponent, no separators.
pub(super) fn decimal(text: &DecimalText) -> Result<Decimal, String> {
    let text = text.0.as_str();
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let plain = unsigned.chars().any(|c| c.is_ascii_digit())
        && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && unsigned.matches('.').count() <= 1;
    if !plain {
        return Err(format!("\"{text}\" is not a decimal number"));
    }
    Decimal::from_str(text).map_err(|_| format!("\"{text}\" is out of range"))
}

/// A required name: any text that is not blank.
pub(super) fn name(text: &str) -> Result<String, &'static str> {
    if text.trim().is_empty() {
        Err("a name may not be empty")
    } else {
        Ok(text.to_owned())
    }
}
