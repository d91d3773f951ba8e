//! Zero-based justification (零基预算) of each cost line: why it is needed, how its amount was
//! calculated, what else was considered, what it should achieve, and how a comparable line
//! fared last year; and the rule that a budget cannot be submitted while a line lacks its
//! justification or its arithmetic disagrees with its amount.
//!
//! Reviewers' comments on a line ([`LineReview`]) live here as plain data; the approval
//! workflow decides what a returned line means for the budget.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::code::LineCode;
use crate::money::Money;
use crate::project::{UnknownCode, coded_enum};

/// The zero-based justification of one cost line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Justification {
    /// Why the spending is needed (必要性).
    pub necessity: String,
    /// How the amount was calculated (测算依据).
    pub basis: Basis,
    /// The alternatives considered and why they were set aside (替代方案).
    pub alternatives: String,
    /// What the spending should achieve (预期效果).
    pub expected_effect: String,
    /// Last year's outcome of a comparable line, when there is one.
    pub last_year: Option<LastYearOutcome>,
}

/// How a line's amount was calculated (测算依据).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// A quantity times a unit price (工程量 × 单价).
    QuantityPrice {
        /// How much, such as 12.5.
        quantity: Decimal,
        /// Of what, such as 千米 or m³.
        unit: String,
        /// The price of one unit.
        unit_price: Money,
    },
    /// A quantity priced from a quota (定额), such as an item of a provincial highway quota.
    Quota {
        /// The quota item, such as 《公路工程预算定额》1-1-9-2.
        reference: String,
        /// How much.
        quantity: Decimal,
        /// Of what.
        unit: String,
        /// The quota's price of one unit.
        quota_price: Money,
    },
}

/// The calculation of a [`Basis`] gives an amount outside the range of [`Money`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("quantity times price is beyond the range of amounts that can be kept")]
pub struct BasisOutOfRange;

impl Basis {
    /// The quantity, whichever the kind of basis.
    pub fn quantity(&self) -> Decimal {
        match self {
            Basis::QuantityPrice { quantity, .. } | Basis::Quota { quantity, .. } => *quantity,
        }
    }

    /// The unit, whichever the kind of basis.
    pub fn unit(&self) -> &str {
        match self {
            Basis::QuantityPrice { unit, .. } | Basis::Quota { unit, .. } => unit,
        }
    }

    /// The price of one unit, whichever the kind of basis.
    pub fn price(&self) -> Money {
        match self {
            Basis::QuantityPrice { unit_price, .. } => *unit_price,
            Basis::Quota { quota_price, .. } => *quota_price,
        }
    }

    /// Quantity times price, rounded to the fen half away from zero (四舍五入).
    ///
    /// Every step is checked, so a huge quantity or price gives an error instead of a panic
    /// or a wrapped amount.
    pub fn computed(&self) -> Result<Money, BasisOutOfRange> {
        let fen = self
            .quantity()
            .checked_mul(Decimal::from(self.price().fen()))
            .ok_or(BasisOutOfRange)?
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        i64::try_from(fen)
            .map(Money::from_fen)
            .map_err(|_| BasisOutOfRange)
    }
}

/// Last year's outcome of a comparable line (上年执行情况), shown to reviewers beside the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastYearOutcome {
    /// The name of last year's line.
    pub line_name: String,
    /// Its budget.
    pub budget: Money,
    /// What was spent on it.
    pub spent: Money,
    /// What happened, such as why it was under-spent.
    pub note: String,
}

impl LastYearOutcome {
    /// The execution rate in percent, two places, half away from zero; `None` for a zero budget.
    pub fn execution_percent(&self) -> Option<Decimal> {
        let ratio = self.spent.ratio_to(self.budget)?;
        let percent = ratio.checked_mul(Decimal::ONE_HUNDRED)?;
        Some(percent.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }
}

/// A reviewer's comment on one cost line, and whether the line was returned for rework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineReview {
    /// The line reviewed.
    pub line: LineCode,
    /// Who reviewed it.
    pub reviewer: String,
    /// What they said.
    pub comment: String,
    /// Whether the line was sent back to be reworked (退回).
    pub returned: bool,
}

/// A text field of a justification that must not be left blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JustificationField {
    /// [`Justification::necessity`].
    Necessity,
    /// [`Justification::alternatives`].
    Alternatives,
    /// [`Justification::expected_effect`].
    ExpectedEffect,
    /// The unit of the [`Basis`].
    Unit,
    /// The quota item of a [`Basis::Quota`].
    Reference,
}

coded_enum!(JustificationField, "justification field", {
    Necessity => "necessity", "必要性", "Necessity";
    Alternatives => "alternatives", "替代方案", "Alternatives considered";
    ExpectedEffect => "expected_effect", "预期效果", "Expected effect";
    Unit => "unit", "计量单位", "Unit";
    Reference => "reference", "定额依据", "Quota reference";
});

/// Why a line's justification does not allow the budget to be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum JustificationProblem {
    /// The line has no justification at all.
    Missing,
    /// A field that must be filled in is blank (or only whitespace).
    EmptyField {
        /// Which field.
        which: JustificationField,
    },
    /// The quantity of the basis is zero or negative.
    NonPositiveQuantity {
        /// The quantity given.
        quantity: Decimal,
    },
    /// Quantity times price does not equal the line's amount to the fen.
    ArithmeticMismatch {
        /// Quantity times price, rounded to the fen.
        computed: Money,
        /// The line's amount.
        stated: Money,
    },
    /// Quantity times price is too large to be calculated.
    BasisOutOfRange,
}

impl JustificationProblem {
    /// The stable code of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            JustificationProblem::Missing => "missing",
            JustificationProblem::EmptyField { .. } => "empty_field",
            JustificationProblem::NonPositiveQuantity { .. } => "non_positive_quantity",
            JustificationProblem::ArithmeticMismatch { .. } => "arithmetic_mismatch",
            JustificationProblem::BasisOutOfRange => "basis_out_of_range",
        }
    }

    /// The problem as a sentence in Chinese (`zh`) or English, naming the facts.
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (JustificationProblem::Missing, true) => {
                "该预算明细缺少零基预算说明（必要性、测算依据、替代方案、预期效果）".to_owned()
            }
            (JustificationProblem::Missing, false) => "the line has no justification (necessity, \
                 basis of calculation, alternatives, expected effect)"
                .to_owned(),
            (JustificationProblem::EmptyField { which }, true) => {
                format!("未填写{}", which.name_zh())
            }
            (JustificationProblem::EmptyField { which }, false) => {
                format!("{} is not filled in", which.name_en())
            }
            (JustificationProblem::NonPositiveQuantity { quantity }, true) => {
                format!("测算数量应大于零，填写的是 {quantity}")
            }
            (JustificationProblem::NonPositiveQuantity { quantity }, false) => {
                format!("the quantity must be above zero, but it is {quantity}")
            }
            (JustificationProblem::ArithmeticMismatch { computed, stated }, true) => {
                let mut text = format!("数量乘以单价为 {computed} 元，与预算金额 {stated} 元不符");
                if let Some(gap) = gap(*stated, *computed) {
                    text.push_str(&format!("（相差 {gap} 元）"));
                }
                text
            }
            (JustificationProblem::ArithmeticMismatch { computed, stated }, false) => {
                let mut text = format!(
                    "quantity times price is {computed} 元, but the line amount is {stated} 元"
                );
                if let Some(gap) = gap(*stated, *computed) {
                    text.push_str(&format!(" (a difference of {gap} 元)"));
                }
                text
            }
            (JustificationProblem::BasisOutOfRange, true) => {
                "数量乘以单价超出可计算的金额范围".to_owned()
            }
            (JustificationProblem::BasisOutOfRange, false) => {
                "quantity times price is beyond the range of amounts that can be kept".to_owned()
            }
        }
    }
}

/// Every problem with the justification of a line of `line_amount`, in field order; empty when
/// the line may be submitted.
///
/// The amount must equal the computed figure exactly: a difference of one fen is a mismatch,
/// since the rounding of the computed figure is already fixed (half away from zero).
pub fn check(
    line_amount: Money,
    justification: Option<&Justification>,
) -> Vec<JustificationProblem> {
    let Some(justification) = justification else {
        return vec![JustificationProblem::Missing];
    };
    let mut problems = Vec::new();
    let basis = &justification.basis;
    let reference = match basis {
        Basis::Quota { reference, .. } => Some(reference.as_str()),
        Basis::QuantityPrice { .. } => None,
    };
    let required = [
        (
            JustificationField::Necessity,
            Some(justification.necessity.as_str()),
        ),
        (
            JustificationField::Alternatives,
            Some(justification.alternatives.as_str()),
        ),
        (
            JustificationField::ExpectedEffect,
            Some(justification.expected_effect.as_str()),
        ),
        (JustificationField::Unit, Some(basis.unit())),
        (JustificationField::Reference, reference),
    ];
    for (which, text) in required {
        if text.is_some_and(|text| text.trim().is_empty()) {
            problems.push(JustificationProblem::EmptyField { which });
        }
    }
    if basis.quantity() <= Decimal::ZERO {
        problems.push(JustificationProblem::NonPositiveQuantity {
            quantity: basis.quantity(),
        });
    }
    match basis.computed() {
        Ok(computed) if computed != line_amount => {
            problems.push(JustificationProblem::ArithmeticMismatch {
                computed,
                stated: line_amount,
            });
        }
        Ok(_) => {}
        Err(BasisOutOfRange) => problems.push(JustificationProblem::BasisOutOfRange),
    }
    problems
}

/// Every problem standing in the way of submitting a budget, line by line in the order given;
/// empty when the budget may be submitted.
pub fn check_budget(
    lines: &[(LineCode, Money, Option<&Justification>)],
) -> Vec<(LineCode, JustificationProblem)> {
    lines
        .iter()
        .flat_map(|(code, amount, justification)| {
            check(*amount, *justification)
                .into_iter()
                .map(move |problem| (code.clone(), problem))
        })
        .collect()
}

/// `stated - computed`, or `None` when the two are so far apart that the gap is not an amount.
fn gap(stated: Money, computed: Money) -> Option<Money> {
    stated
        .fen()
        .checked_sub(computed.fen())
        .map(Money::from_fen)
}

#[cfg(test)]
mod tests;
