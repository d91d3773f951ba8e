//! Amounts of money as whole fen (分), the smallest unit of the renminbi.
//!
//! Budgets are kept in integer fen so that sums are exact and identical on every database.
//! Amounts arrive as decimal strings in 元 (`"432000.00"`) or 万元 and are shown in either unit;
//! parsing and display live here so that every layer writes money the same way.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Fen in one 元.
const FEN_PER_YUAN: i64 = 100;
/// Fen in one 万元 (ten thousand 元), the unit of most budget tables.
const FEN_PER_WAN: i64 = 1_000_000;

/// An amount of money in fen; negative amounts are allowed (adjustments, refunds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// Why a text could not be read as an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("\"{0}\" is not a decimal amount")]
    NotANumber(String),
    /// The text has more decimal places than the unit allows (fen are the smallest coin).
    #[error("\"{0}\" has more decimal places than a fen")]
    TooPrecise(String),
    /// The amount does not fit in the range Jixiao keeps.
    #[error("\"{0}\" is out of range")]
    OutOfRange(String),
}

impl Money {
    /// Zero fen.
    pub const ZERO: Money = Money(0);

    /// An amount of `fen` fen.
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    /// An amount of whole 元.
    pub const fn from_yuan(yuan: i64) -> Self {
        Money(yuan * FEN_PER_YUAN)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Reads a decimal string in 元 such as `"432000.00"`, `"-12.5"` or `"7"`.
    pub fn parse_yuan(text: &str) -> Result<Self, MoneyError> {
        Self::parse_scaled(text, FEN_PER_YUAN, 2)
    }

    /// Reads a decimal string in 万元 such as `"43.2"` (= 432,000.00 元).
    pub fn parse_wan(text: &str) -> Result<Self, MoneyError> {
        Self::parse_scaled(text, FEN_PER_WAN, 6)
    }

    /// The amount as an exact decimal number of 元.
    pub fn to_yuan_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// The amount in 万元 as a decimal with full precision, for ratios and charts.
    pub fn to_wan_decimal(self) -> Decimal {
        Decimal::new(self.0, 6)
    }

    /// The amount in 万元 as a float, for drawing only; never for arithmetic on money.
    pub fn to_wan_f64(self) -> f64 {
        self.0 as f64 / FEN_PER_WAN as f64
    }

    /// The amount in 元 with two decimals and no separators, as in interchange files.
    pub fn to_yuan_string(self) -> String {
        self.to_string()
    }

    /// The amount in 万元 rounded half away from zero (四舍五入) to `decimals` places, with
    /// thousands separators: `1,234.57`.
    pub fn format_wan(self, decimals: u32) -> String {
        let rounded = self
            .to_wan_decimal()
            .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
        group_thousands(&format!("{rounded:.prec$}", prec = decimals as usize))
    }

    /// The amount in 元 with two decimals and thousands separators: `432,000.00`.
    pub fn format_yuan(self) -> String {
        group_thousands(&self.to_string())
    }

    /// Adds without wrapping; `None` past the `i64` range.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The ratio `self / whole` (for example an execution rate), or `None` when `whole` is zero.
    pub fn ratio_to(self, whole: Money) -> Option<Decimal> {
        (whole.0 != 0).then(|| Decimal::from(self.0) / Decimal::from(whole.0))
    }

    fn parse_scaled(text: &str, fen_per_unit: i64, max_scale: u32) -> Result<Self, MoneyError> {
        let trimmed = text.trim();
        let well_formed = !trimmed.is_empty()
            && trimmed
                .trim_start_matches(['-', '+'])
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
            && trimmed.chars().filter(|c| *c == '.').count() <= 1
            && trimmed.chars().any(|c| c.is_ascii_digit());
        if !well_formed {
            return Err(MoneyError::NotANumber(text.to_owned()));
        }
        let value =
            Decimal::from_str(trimmed).map_err(|_| MoneyError::OutOfRange(text.to_owned()))?;
        if value.normalize().scale() > max_scale {
            return Err(MoneyError::TooPrecise(text.to_owned()));
        }
        let fen = value
            .checked_mul(Decimal::from(fen_per_unit))
            .ok_or_else(|| MoneyError::OutOfRange(text.to_owned()))?;
        i64::try_from(fen.normalize())
            .map(Money)
            .map_err(|_| MoneyError::OutOfRange(text.to_owned()))
    }
}

/// Inserts `,` between groups of three digits in the integer part of a decimal string.
fn group_thousands(plain: &str) -> String {
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::with_capacity(plain.len() + int_part.len() / 3);
    for (i, digit) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let mut out = format!("{sign}{grouped}");
    if let Some(frac) = frac_part {
        out.push('.');
        out.push_str(frac);
    }
    out
}

impl fmt::Display for Money {
    /// Writes the amount in 元 with exactly two decimals: `432000.00`, `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse_yuan(s)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl Serialize for Money {
    /// Money crosses JSON as a decimal string in 元, never as a float.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Money::parse_yuan(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_strings_parse_to_fen() {
        let cases: &[(&str, Result<i64, ()>)] = &[
            ("432000.00", Ok(43_200_000)),
            ("432000", Ok(43_200_000)),
            ("0.05", Ok(5)),
            ("-12.5", Ok(-1250)),
            ("+7", Ok(700)),
            (" 3.10 ", Ok(310)),
            (".5", Ok(50)),
            ("1.005", Err(())),
            ("", Err(())),
            ("abc", Err(())),
            ("1,000", Err(())),
            ("1e5", Err(())),
            ("1.2.3", Err(())),
            ("-", Err(())),
            ("99999999999999999999999", Err(())),
        ];
        for (text, expected) in cases {
            let got = Money::parse_yuan(text).map(Money::fen).map_err(|_| ());
            assert_eq!(&got, expected, "parsing {text:?}");
        }
    }

    #[test]
    fn wan_strings_parse_to_fen() {
        assert_eq!(
            Money::parse_wan("43.2").unwrap(),
            Money::parse_yuan("432000.00").unwrap()
        );
        assert_eq!(Money::parse_wan("0.000001").unwrap().fen(), 1);
        assert!(Money::parse_wan("0.0000001").is_err());
    }

    #[test]
    fn display_writes_two_decimals_in_yuan() {
        let cases = [
            (43_200_000, "432000.00"),
            (5, "0.05"),
            (-5, "-0.05"),
            (0, "0.00"),
        ];
        for (fen, text) in cases {
            assert_eq!(Money::from_fen(fen).to_string(), text);
        }
    }

    #[test]
    fn wan_formatting_rounds_half_away_from_zero_and_groups_digits() {
        let cases = [
            (43_200_000, 2, "43.20"),
            (12_345_678_900, 2, "12,345.68"),
            (1_234_565_000, 2, "1,234.57"),
            (-1_234_565_000, 2, "-1,234.57"),
            (1_000_000_000_000, 0, "1,000,000"),
            (499_999, 0, "0"),
            (500_000, 0, "1"),
        ];
        for (fen, decimals, text) in cases {
            assert_eq!(Money::from_fen(fen).format_wan(decimals), text, "{fen} fen");
        }
        assert_eq!(Money::from_fen(123_456_789).format_yuan(), "1,234,567.89");
    }

    #[test]
    fn ratio_is_none_for_zero_budget() {
        assert_eq!(Money::from_fen(5).ratio_to(Money::ZERO), None);
        assert_eq!(
            Money::from_fen(50).ratio_to(Money::from_fen(200)),
            Some(Decimal::new(25, 2))
        );
    }

    #[test]
    fn json_round_trip_uses_decimal_strings() {
        let money = Money::from_fen(123_456);
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, "\"1234.56\"");
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
    }
}
