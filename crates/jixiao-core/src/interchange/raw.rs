//! The `jixiao.project.v1` file as it is written: plain serde structures whose fields are the
//! text a person typed, before any rule is applied.
//!
//! Import and export share these structures so that the two directions cannot drift apart: a
//! field that export writes is a field that import reads, under the same name and in the same
//! place. Checking the text (amounts, codes, dates) is left to `import`, which can then report
//! every bad field with its path instead of stopping at the first one as serde would.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// The whole file.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawFile {
    pub format: String,
    pub project: RawProject,
    /// The budget of a project with one fiscal year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<RawBudget>,
    /// The budgets of a project with several fiscal years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Vec<RawBudget>>,
    #[serde(default)]
    pub expenditures: Vec<RawExpenditure>,
    #[serde(default)]
    pub progress: Vec<RawProgress>,
    #[serde(default)]
    pub indicators: Vec<RawIndicator>,
    #[serde(default)]
    pub readings: Vec<RawReading>,
}

/// `$.project`.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawProject {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub project_type: String,
    pub organization: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_parent: Option<String>,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub start: String,
    pub finish: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_finish: Option<String>,
}

/// `$.budget` or `$.budgets[i]`.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawBudget {
    pub fiscal_year: i32,
    pub lines: Vec<RawLine>,
    #[serde(default)]
    pub adjustments: Vec<RawAdjustment>,
}

/// One cost line; `plan` keys are `YYYY-MM` months, which sort in calendar order as text.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawLine {
    pub code: String,
    pub name: String,
    pub category: String,
    pub amount: AmountText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<BTreeMap<String, AmountText>>,
}

/// One budget adjustment.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawAdjustment {
    pub date: String,
    pub line: String,
    pub amount: AmountText,
    pub reason: String,
}

/// One payment.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawExpenditure {
    pub date: String,
    pub line: String,
    pub amount: AmountText,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// One progress reading.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawProgress {
    pub date: String,
    pub line: String,
    pub percent_complete: DecimalText,
}

/// One indicator.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawIndicator {
    pub code: String,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub direction: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<DecimalText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    pub unit: String,
    pub weight: DecimalText,
    #[serde(default)]
    pub core: bool,
}

/// One indicator reading: either `value`, or `grade` and `score`. Which combination is present
/// is checked on import, where the message can say what was expected.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RawReading {
    pub indicator: String,
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<DecimalText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<DecimalText>,
}

/// An amount of money as the file wrote it. Only JSON strings are accepted: a JSON number is
/// read as a binary float by most tools, which cannot hold every amount in fen exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(super) struct AmountText(pub String);

impl<'de> Deserialize<'de> for AmountText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = AmountText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in 元 written as a string, such as \"1250.00\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<AmountText, E> {
                Ok(AmountText(text.to_owned()))
            }
        }
        deserializer.deserialize_str(AmountVisitor)
    }
}

/// A decimal number (a target, weight, value, score or percentage) as the file wrote it:
/// a string, or a JSON number turned into its shortest decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(super) struct DecimalText(pub String);

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DecimalVisitor;
        impl Visitor<'_> for DecimalVisitor {
            type Value = DecimalText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number or a string holding one, such as \"95.5\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DecimalText, E> {
                Ok(DecimalText(text.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<DecimalText, E> {
                Ok(DecimalText(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<DecimalText, E> {
                Ok(DecimalText(value.to_string()))
            }
            // Rust prints a float as the shortest text that reads back as the same float, never
            // in exponent form, so 95.5 becomes "95.5" rather than its binary expansion.
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<DecimalText, E> {
                Ok(DecimalText(value.to_string()))
            }
        }
        deserializer.deserialize_any(DecimalVisitor)
    }
}
