//! What the prepare page shows, written out for its template: the notice above the page, each
//! line with its justification and reviews, the workflow's history and the adjustments, and
//! the small conversions from core values to those strings.

use jixiao_core::preparation::justification::{Basis, Justification, LastYearOutcome};

use crate::format;
use crate::i18n::{Locale, fill};
use crate::preparation::JustificationStatus;

/// A message shown above the page: what went wrong, or what was just done.
#[derive(Debug, Clone)]
pub struct Notice {
    /// `error` or `ok`, for the style.
    pub kind: &'static str,
    /// The sentence.
    pub text: String,
    /// Details listed below it, such as the problems blocking submission.
    pub items: Vec<String>,
}

/// One cost line as the page shows it, with what its forms are prefilled with.
#[derive(Debug, Clone)]
pub struct LineView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Category code, for the select box.
    pub category_code: String,
    /// Category name.
    pub category: String,
    /// Amount in 万元.
    pub amount_wan: String,
    /// Amount in 元, for the edit form.
    pub amount_yuan: String,
    /// Adjusted amount in 万元.
    pub adjusted_wan: String,
    /// Profile code.
    pub profile: String,
    /// Justification status code, for the badge style.
    pub status_code: &'static str,
    /// Justification status in words.
    pub status: String,
    /// The justification's problems in the reader's language.
    pub problems: Vec<String>,
    /// Whether a reviewer sent the line back for rework.
    pub returned: bool,
    /// Reviewers' comments, oldest first.
    pub reviews: Vec<ReviewView>,
    /// The justification form's values.
    pub form: JustificationView,
    /// Last year's outcome of the same line, written out, when there was one.
    pub last_year: Option<String>,
}

/// A justification as the form shows it.
#[derive(Debug, Clone, Default)]
pub struct JustificationView {
    /// Necessity.
    pub necessity: String,
    /// `quantity_price` or `quota`.
    pub basis: String,
    /// Quota item.
    pub reference: String,
    /// Quantity.
    pub quantity: String,
    /// Unit.
    pub unit: String,
    /// Price of one unit in 元.
    pub price: String,
    /// Alternatives.
    pub alternatives: String,
    /// Expected effect.
    pub expected_effect: String,
}

/// A reviewer's comment, written out.
#[derive(Debug, Clone)]
pub struct ReviewView {
    /// Who.
    pub reviewer: String,
    /// When.
    pub at: String,
    /// What they said.
    pub comment: String,
    /// Whether they sent the line back.
    pub returned: bool,
}

/// One step of the workflow history, written out.
#[derive(Debug, Clone)]
pub struct StepView {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What, with the level of an approval.
    pub action: String,
    /// From state to state.
    pub states: String,
    /// Reasons and returned lines.
    pub detail: String,
}

/// One adjustment request, written out.
#[derive(Debug, Clone)]
pub struct AdjustmentView {
    /// The request's id.
    pub id: i64,
    /// Line code.
    pub line: String,
    /// Date.
    pub date: String,
    /// Change in 万元.
    pub amount: String,
    /// Reason.
    pub reason: String,
    /// State code, for the badge.
    pub state_code: &'static str,
    /// State in words, with who decided and why a rejection.
    pub state: String,
    /// Whether it awaits a decision.
    pub pending: bool,
}

/// The catalogue key of a justification status.
pub(super) fn status_key(status: JustificationStatus) -> &'static str {
    match status {
        JustificationStatus::Justified => "prepare.status.justified",
        JustificationStatus::Missing => "prepare.status.missing",
        JustificationStatus::Mismatch => "prepare.status.mismatch",
        JustificationStatus::Incomplete => "prepare.status.incomplete",
    }
}

/// The form values of a stored justification.
pub(super) fn form_values(j: &Justification) -> JustificationView {
    let (basis, reference) = match &j.basis {
        Basis::QuantityPrice { .. } => ("quantity_price", String::new()),
        Basis::Quota { reference, .. } => ("quota", reference.clone()),
    };
    JustificationView {
        necessity: j.necessity.clone(),
        basis: basis.to_owned(),
        reference,
        quantity: j.basis.quantity().normalize().to_string(),
        unit: j.basis.unit().to_owned(),
        price: j.basis.price().to_yuan_string(),
        alternatives: j.alternatives.clone(),
        expected_effect: j.expected_effect.clone(),
    }
}

/// Last year's outcome as one sentence: the line, its budget, what was spent and the rate.
pub(super) fn last_year_text(locale: Locale, outcome: &LastYearOutcome) -> String {
    let rate = outcome.execution_percent().map_or_else(
        || format::DASH.to_owned(),
        |p| format!("{}%", format::decimal(p)),
    );
    let text = fill(
        locale,
        "prepare.last_year",
        &[
            ("line", &outcome.line_name),
            ("budget", &format::wan(outcome.budget)),
            ("spent", &format::wan(outcome.spent)),
            ("rate", &rate),
        ],
    );
    if outcome.note.is_empty() {
        text
    } else {
        format!("{text} {}", outcome.note)
    }
}
