//! Budget preparation (预算编制) as the prepare page and the JSON API both need it: reading the
//! raw inputs of a form or a request body into core values, asking the permission table, and
//! calling the store.
//!
//! Preparing (drafts, lines, justifications, submission, proposing adjustments) needs
//! `edit_project`; approving, returning, commenting on lines and deciding adjustments need
//! `approve_budget`. The rules of the workflow itself live in `jixiao_core::preparation`; a
//! refusal travels up as [`AppError::Refused`], which pages show in the reader's language and
//! the API answers with its code.

use std::str::FromStr;

use chrono::NaiveDate;
use jixiao_core::access::Action;
use jixiao_core::plan::{months_in_year, spread};
use jixiao_core::preparation::adjustment::AdjustmentDecision;
use jixiao_core::preparation::approval::{BudgetWorkflow, Transition};
use jixiao_core::preparation::justification::{
    Basis, Justification, JustificationProblem, LastYearOutcome, LineReview, check,
};
use jixiao_core::{
    Adjustment, Budget, CategoryCode, CostLine, LineCode, LineExecution, Money, ProjectCode,
    ProjectSummary,
};
use jixiao_core::{Profile, Project};
use jixiao_store::AdjustmentRequest;
use rust_decimal::Decimal;

use crate::AppState;
use crate::api::projects::project_code;
use crate::auth::{SignedIn, Viewer};
use crate::error::AppError;

/// A cost line as typed into a form or sent in a body: every field still text.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct LineInput {
    /// The line's name, such as 路基土石方工程.
    pub name: String,
    /// The cost category code, such as `building_works`.
    pub category: String,
    /// The amount in 元 as a decimal string.
    #[schema(example = "1250000.00")]
    pub amount: String,
    /// How the monthly plan is spread: `linear`, `s_curve`, `front_loaded` or `back_loaded`.
    pub profile: String,
}

/// A justification as typed into a form or sent in a body.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct JustificationInput {
    /// Why the spending is needed.
    pub necessity: String,
    /// `quantity_price` (quantity × unit price) or `quota` (a quota item).
    pub basis: String,
    /// The quota item, for a `quota` basis.
    #[serde(default)]
    pub reference: String,
    /// The quantity as a decimal string.
    pub quantity: String,
    /// The unit of the quantity, such as m³.
    pub unit: String,
    /// The price of one unit in 元 as a decimal string.
    pub price: String,
    /// The alternatives considered.
    pub alternatives: String,
    /// What the spending should achieve.
    pub expected_effect: String,
}

/// How far a line's justification is from allowing submission, for a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JustificationStatus {
    /// Complete and its arithmetic agrees with the amount (已论证).
    Justified,
    /// No justification at all (缺少论证).
    Missing,
    /// Quantity times price disagrees with the amount (测算不符).
    Mismatch,
    /// Some other field is blank or wrong (论证不完整).
    Incomplete,
}

impl JustificationStatus {
    /// The status of a line whose check found `problems`.
    pub fn of(problems: &[JustificationProblem]) -> Self {
        let has = |code: &str| problems.iter().any(|p| p.code() == code);
        if problems.is_empty() {
            JustificationStatus::Justified
        } else if has("missing") {
            JustificationStatus::Missing
        } else if has("arithmetic_mismatch") {
            JustificationStatus::Mismatch
        } else {
            JustificationStatus::Incomplete
        }
    }

    /// The snake_case code, for styles and JSON.
    pub fn code(self) -> &'static str {
        match self {
            JustificationStatus::Justified => "justified",
            JustificationStatus::Missing => "missing",
            JustificationStatus::Mismatch => "mismatch",
            JustificationStatus::Incomplete => "incomplete",
        }
    }
}

/// The project named in the path with the signed-in caller, once the permission table lets
/// the caller `action` it: 401, 404 and 403 as for the other project routes.
pub async fn project_for(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    action: Action,
) -> Result<(ProjectCode, ProjectSummary, SignedIn), AppError> {
    viewer.require()?;
    let code = project_code(code)?;
    let summary = state.store.project(&code).await?;
    let signed_in = viewer.authorize(action, &summary.project.organization)?;
    Ok((code, summary, signed_in.clone()))
}

/// The budget of `year`, or 404 naming it.
pub async fn budget_of(
    state: &AppState,
    code: &ProjectCode,
    year: i32,
) -> Result<Budget, AppError> {
    state
        .store
        .budgets(code)
        .await?
        .into_iter()
        .find(|b| b.fiscal_year == year)
        .ok_or_else(|| AppError::NotFound {
            entity: "budget",
            key: format!("{code}/{year}"),
        })
}

/// Reads a cost line `code` of `year` from `input`, spreading its amount over the months of
/// the year the project runs in.
pub fn cost_line(
    project: &Project,
    year: i32,
    code: &str,
    input: &LineInput,
) -> Result<CostLine, AppError> {
    let code = LineCode::new(code.trim())
        .map_err(|e| AppError::Invalid(format!("line code \"{code}\": {e}")))?;
    let name = input.name.trim();
    if name.is_empty() {
        return Err(AppError::Invalid("the line name is empty".to_owned()));
    }
    let category = CategoryCode::new(input.category.trim())
        .map_err(|e| AppError::Invalid(format!("category \"{}\": {e}", input.category)))?;
    let amount = yuan("amount", &input.amount)?;
    let profile = Profile::from_str(input.profile.trim())
        .ok()
        .filter(|p| *p != Profile::Manual)
        .ok_or_else(|| {
            AppError::Invalid(format!(
                "profile \"{}\" is not one of linear, s_curve, front_loaded, back_loaded",
                input.profile
            ))
        })?;
    let months = months_in_year(year, project.planned_start, project.planned_finish);
    let plan = spread(amount, &months, profile).map_err(|e| AppError::Invalid(e.to_string()))?;
    Ok(CostLine {
        code,
        name: name.to_owned(),
        category,
        amount,
        profile,
        plan,
    })
}

/// Reads a justification from `input`; blank texts pass here, since the submission check
/// names them as problems of the line.
pub fn justification(input: &JustificationInput) -> Result<Justification, AppError> {
    let quantity = Decimal::from_str(input.quantity.trim()).map_err(|_| {
        AppError::Invalid(format!("quantity \"{}\" is not a number", input.quantity))
    })?;
    let price = yuan("price", &input.price)?;
    let unit = input.unit.trim().to_owned();
    let basis = match input.basis.trim() {
        "quantity_price" => Basis::QuantityPrice {
            quantity,
            unit,
            unit_price: price,
        },
        "quota" => Basis::Quota {
            reference: input.reference.trim().to_owned(),
            quantity,
            unit,
            quota_price: price,
        },
        other => {
            return Err(AppError::Invalid(format!(
                "basis \"{other}\" is not quantity_price or quota"
            )));
        }
    };
    Ok(Justification {
        necessity: input.necessity.trim().to_owned(),
        basis,
        alternatives: input.alternatives.trim().to_owned(),
        expected_effect: input.expected_effect.trim().to_owned(),
        last_year: None,
    })
}

/// Starts the `year` budget of project `code` as a draft with one line (`edit_project`).
pub async fn create_draft(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    year: i32,
    line_code: &str,
    line: &LineInput,
) -> Result<ProjectCode, AppError> {
    let (code, summary, signed_in) = project_for(state, viewer, code, Action::EditProject).await?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::Invalid(format!("year {year} is out of range")));
    }
    let line = cost_line(&summary.project, year, line_code, line)?;
    let budget = Budget {
        fiscal_year: year,
        lines: vec![line],
        adjustments: Vec::new(),
    };
    state
        .store
        .create_draft_budget(&code, &budget, &signed_in.stamp())
        .await?;
    Ok(code)
}

/// Replaces or adds line `line_code` of a draft or returned budget (`edit_project`).
pub async fn set_line(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    year: i32,
    line_code: &str,
    input: &LineInput,
) -> Result<CostLine, AppError> {
    let (code, summary, signed_in) = project_for(state, viewer, code, Action::EditProject).await?;
    let line = cost_line(&summary.project, year, line_code, input)?;
    state
        .store
        .set_draft_line(&code, year, &line, &signed_in.stamp())
        .await?;
    Ok(line)
}

/// Stores the justification of a line of a draft or returned budget (`edit_project`) and
/// returns the problems that remain with it; last year's outcome stored before is kept.
pub async fn set_justification(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    year: i32,
    line_code: &str,
    input: &JustificationInput,
) -> Result<Vec<JustificationProblem>, AppError> {
    let (code, _, _) = project_for(state, viewer, code, Action::EditProject).await?;
    let line = known_line(state, &code, year, line_code).await?;
    let store = &state.store;
    store
        .budget_workflow(&code, year)
        .await?
        .check_editable()
        .map_err(AppError::Refused)?;
    let mut justification = justification(input)?;
    let stored = store
        .justifications(&code, year)
        .await?
        .into_iter()
        .find(|(c, _)| *c == line.code)
        .and_then(|(_, j)| j.last_year);
    justification.last_year = match stored {
        Some(outcome) => Some(outcome),
        None => last_year_outcome(state, &code, year, &line.code).await?,
    };
    store
        .set_justification(&code, year, &line.code, &justification)
        .await?;
    Ok(check(line.amount, Some(&justification)))
}

/// Applies `transition` to the `year` budget: submitting needs `edit_project`, approving and
/// returning need `approve_budget`.
pub async fn transition(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    year: i32,
    transition: Transition,
) -> Result<BudgetWorkflow, AppError> {
    let action = match transition {
        Transition::Submit { .. } => Action::EditProject,
        Transition::Approve { .. } | Transition::Return { .. } => Action::ApproveBudget,
    };
    let (code, _, signed_in) = project_for(state, viewer, code, action).await?;
    if let Transition::Return { lines, .. } = &transition {
        let budget = budget_of(state, &code, year).await?;
        if let Some(unknown) = lines.iter().find(|l| budget.line(l).is_none()) {
            return Err(AppError::NotFound {
                entity: "cost line",
                key: unknown.to_string(),
            });
        }
    }
    Ok(state
        .store
        .apply_budget_transition(&code, year, transition, &signed_in.stamp())
        .await?)
}

/// Adds a reviewer's comment on a line, marking it returned when `returned` (`approve_budget`).
pub async fn review(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    year: i32,
    line_code: &str,
    comment: &str,
    returned: bool,
) -> Result<LineReview, AppError> {
    let (code, _, signed_in) = project_for(state, viewer, code, Action::ApproveBudget).await?;
    let line = known_line(state, &code, year, line_code).await?;
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(AppError::Invalid("the comment is empty".to_owned()));
    }
    let review = LineReview {
        line: line.code,
        reviewer: signed_in.user.username.clone(),
        comment: comment.to_owned(),
        returned,
    };
    state
        .store
        .add_line_review(&code, year, &review, signed_in.stamp().at)
        .await?;
    Ok(review)
}

/// Proposes an adjustment of an approved budget (`edit_project`); returns the request's id.
pub async fn propose(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    year: i32,
    input: &AdjustmentInput,
) -> Result<i64, AppError> {
    let (code, _, signed_in) = project_for(state, viewer, code, Action::EditProject).await?;
    let line = known_line(state, &code, year, &input.line).await?;
    let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(format!("date \"{}\" is not YYYY-MM-DD", input.date)))?;
    let adjustment = Adjustment {
        date,
        line: line.code,
        amount: yuan("amount", &input.amount)?,
        reason: input.reason.clone(),
    };
    Ok(state
        .store
        .propose_adjustment(&code, year, &adjustment, &signed_in.stamp())
        .await?)
}

/// An adjustment as typed into a form or sent in a body.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AdjustmentInput {
    /// The line code.
    pub line: String,
    /// The date the change takes effect, `YYYY-MM-DD`.
    #[schema(example = "2025-06-30")]
    pub date: String,
    /// The change in 元 as a decimal string; negative for a cut.
    #[schema(example = "-50000.00")]
    pub amount: String,
    /// Why.
    pub reason: String,
}

/// Approves (`approve` true) or rejects with `reason` adjustment request `id`
/// (`approve_budget`).
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    id: i64,
    approve: bool,
    reason: &str,
) -> Result<AdjustmentRequest, AppError> {
    let (code, _, signed_in) = project_for(state, viewer, code, Action::ApproveBudget).await?;
    let decision = if approve {
        AdjustmentDecision::Approve
    } else {
        AdjustmentDecision::Reject {
            reason: reason.to_owned(),
        }
    };
    Ok(state
        .store
        .decide_adjustment(&code, id, decision, &signed_in.stamp())
        .await?)
}

/// The line `line_code` of the `year` budget, or 404.
async fn known_line(
    state: &AppState,
    code: &ProjectCode,
    year: i32,
    line_code: &str,
) -> Result<CostLine, AppError> {
    let budget = budget_of(state, code, year).await?;
    budget
        .lines
        .into_iter()
        .find(|l| l.code.as_str() == line_code.trim())
        .ok_or_else(|| AppError::NotFound {
            entity: "cost line",
            key: line_code.to_owned(),
        })
}

/// An amount in 元 read from `text`, or a 400 naming `field`.
fn yuan(field: &str, text: &str) -> Result<Money, AppError> {
    Money::parse_yuan(text.trim().replace([',', '，'], "").as_str())
        .map_err(|_| AppError::Invalid(format!("{field} \"{text}\" is not an amount in 元")))
}

/// Last year's outcome of the line with the same code in the project's budget of the year
/// before (上年执行情况), read from the store, for the justification being saved.
pub async fn last_year_outcome(
    state: &AppState,
    code: &ProjectCode,
    year: i32,
    line: &LineCode,
) -> Result<Option<LastYearOutcome>, AppError> {
    let executions = state.store.line_executions(code).await?;
    Ok(last_year_from(&executions, year, line))
}

/// The outcome of line `line` in the budget of the year before `year` among a project's line
/// executions: its adjusted budget, what was spent and a note on the rate, for reviewers to
/// weigh the new request against; `None` when that budget had no such line.
pub fn last_year_from(
    executions: &[LineExecution],
    year: i32,
    line: &LineCode,
) -> Option<LastYearOutcome> {
    executions
        .iter()
        .find(|e| e.fiscal_year == year - 1 && e.line.code == *line)
        .map(|e| {
            let rate = e.execution.rate().unwrap_or(Decimal::ZERO);
            // The note is stored with the justification, in the language forms are filed in.
            let note = if rate >= Decimal::new(9, 1) {
                "上年资金执行正常。"
            } else {
                "上年资金执行率低于 90%，请说明原因及本年改进措施。"
            };
            LastYearOutcome {
                line_name: e.line.name.clone(),
                budget: e.execution.budget,
                spent: e.execution.executed,
                note: note.to_owned(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(codes: &[&str]) -> Vec<JustificationProblem> {
        codes
            .iter()
            .map(|code| match *code {
                "missing" => JustificationProblem::Missing,
                "mismatch" => JustificationProblem::ArithmeticMismatch {
                    computed: Money::from_fen(1),
                    stated: Money::from_fen(2),
                },
                _ => JustificationProblem::BasisOutOfRange,
            })
            .collect()
    }

    #[test]
    fn the_badge_names_the_most_telling_problem() {
        let cases = [
            (vec![], JustificationStatus::Justified),
            (vec!["missing"], JustificationStatus::Missing),
            (vec!["other", "mismatch"], JustificationStatus::Mismatch),
            (vec!["other"], JustificationStatus::Incomplete),
        ];
        for (codes, expected) in cases {
            assert_eq!(
                JustificationStatus::of(&problems(&codes)),
                expected,
                "{codes:?}"
            );
        }
    }

    #[test]
    fn amounts_accept_separators_and_refuse_words() {
        assert_eq!(
            yuan("amount", "1,250,000.50").unwrap(),
            Money::from_fen(125_000_050)
        );
        assert_eq!(yuan("amount", " -7 ").unwrap(), Money::from_fen(-700));
        assert!(yuan("amount", "十万").is_err());
    }

    #[test]
    fn a_justification_needs_a_known_basis_and_numbers() {
        let input = JustificationInput {
            necessity: "必要".into(),
            basis: "quantity_price".into(),
            quantity: "12.5".into(),
            unit: "km".into(),
            price: "100000".into(),
            alternatives: "无".into(),
            expected_effect: "通车".into(),
            ..JustificationInput::default()
        };
        let read = justification(&input).unwrap();
        assert_eq!(read.basis.computed().unwrap(), Money::from_fen(125_000_000));
        for (field, bad) in [("basis", "guess"), ("quantity", "many"), ("price", "x")] {
            let mut broken = input.clone();
            match field {
                "basis" => broken.basis = bad.into(),
                "quantity" => broken.quantity = bad.into(),
                _ => broken.price = bad.into(),
            }
            assert!(justification(&broken).is_err(), "{field}");
        }
    }
}
