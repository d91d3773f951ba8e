//! The forms of the prepare page: starting a draft, editing a line, justifying it, submitting,
//! approving, returning, commenting on a line, and proposing and deciding adjustments.
//!
//! Each checks the session's CSRF token, hands over to [`crate::preparation`], and answers
//! with a redirect to the prepare page naming the step taken. A refusal of the workflow or a
//! value that cannot be read renders the prepare page again with the message in the reader's
//! language (and, for a refused submission, the problems of each line); a missing permission
//! is the ordinary 403 page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jixiao_core::LineCode;
use jixiao_core::preparation::approval::{Transition, WorkflowError};
use serde::Deserialize;

use super::preparation::{Notice, show};
use super::{FormBody, PageCtx, see_other};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::{Locale, fill};
use crate::preparation::{self, AdjustmentInput, JustificationInput, LineInput};

/// The draft form: the year and a first line.
#[derive(Debug, Deserialize)]
pub struct DraftForm {
    csrf: String,
    year: String,
    line: String,
    #[serde(flatten)]
    input: LineInput,
}

/// The line form.
#[derive(Debug, Deserialize)]
pub struct LineForm {
    csrf: String,
    line: String,
    #[serde(flatten)]
    input: LineInput,
}

/// The justification form.
#[derive(Debug, Deserialize)]
pub struct JustificationForm {
    csrf: String,
    line: String,
    #[serde(flatten)]
    input: JustificationInput,
}

/// A form that carries only its token, or a level.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    csrf: String,
    #[serde(default)]
    level: Option<u8>,
}

/// A reviewer's comment on a line.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    csrf: String,
    line: String,
    comment: String,
    #[serde(default)]
    returned: Option<String>,
}

/// The adjustment form.
#[derive(Debug, Deserialize)]
pub struct AdjustmentForm {
    csrf: String,
    #[serde(flatten)]
    input: AdjustmentInput,
}

/// The decision on an adjustment request.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    csrf: String,
    year: i32,
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /projects/{code}/budgets`: starts a draft budget.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    FormBody(form): FormBody<DraftForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let year: i32 = form
        .year
        .trim()
        .parse()
        .map_err(|_| AppError::Invalid(format!("year \"{}\" is not a year", form.year)))?;
    let result =
        preparation::create_draft(&state, &viewer, code.clone(), year, &form.line, &form.input)
            .await;
    let result = result.map_err(|error| match error {
        AppError::Conflict(_) => AppError::Invalid(format!("the {year} budget already exists")),
        other => other,
    });
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "created",
    )
    .await
}

/// `POST /projects/{code}/budgets/{year}/lines`: replaces or adds a line.
pub async fn line(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<LineForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let result =
        preparation::set_line(&state, &viewer, code.clone(), year, &form.line, &form.input).await;
    finish(&state, ctx, &viewer, code, year, result.map(|_| ()), "line").await
}

/// `POST /projects/{code}/budgets/{year}/justification`: stores a line's justification.
pub async fn justification(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<JustificationForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let result = preparation::set_justification(
        &state,
        &viewer,
        code.clone(),
        year,
        &form.line,
        &form.input,
    )
    .await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "justification",
    )
    .await
}

/// `POST /projects/{code}/budgets/{year}/submit`.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<StepForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let step = Transition::Submit {
        blockers: Vec::new(),
    };
    let result = preparation::transition(&state, &viewer, code.clone(), year, step).await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "submit",
    )
    .await
}

/// `POST /projects/{code}/budgets/{year}/approve`: approves the level the form names.
pub async fn approve(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<StepForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let step = Transition::Approve {
        level: form.level.unwrap_or(1),
    };
    let result = preparation::transition(&state, &viewer, code.clone(), year, step).await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "approve",
    )
    .await
}

/// `POST /projects/{code}/budgets/{year}/return`: returns the budget with reasons (one per
/// line of the text box) and the lines ticked (`lines`, repeated).
pub async fn return_budget(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |name: &'static str| form.iter().filter(move |(n, _)| n == name).map(|(_, v)| v);
    viewer.check_csrf(field("csrf").next().map_or("", String::as_str))?;
    let reasons = field("reasons")
        .flat_map(|text| text.lines())
        .map(str::to_owned)
        .collect();
    let lines = field("lines")
        .map(|l| {
            LineCode::new(l.as_str()).map_err(|_| AppError::NotFound {
                entity: "cost line",
                key: l.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let step = Transition::Return { reasons, lines };
    let result = preparation::transition(&state, &viewer, code.clone(), year, step).await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "return",
    )
    .await
}

/// `POST /projects/{code}/budgets/{year}/reviews`: a reviewer's comment on a line.
pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<ReviewForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let returned = form.returned.is_some();
    let result = preparation::review(
        &state,
        &viewer,
        code.clone(),
        year,
        &form.line,
        &form.comment,
        returned,
    )
    .await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "review",
    )
    .await
}

/// `POST /projects/{code}/budgets/{year}/adjustments`: proposes an adjustment.
pub async fn propose(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    FormBody(form): FormBody<AdjustmentForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let result = preparation::propose(&state, &viewer, code.clone(), year, &form.input).await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        year,
        result.map(|_| ()),
        "propose",
    )
    .await
}

/// `POST /projects/{code}/adjustments/{id}/decision`: approves or rejects a request.
pub async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, id)): Path<(String, i64)>,
    FormBody(form): FormBody<DecisionForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    let approve = form.decision == "approve";
    let result =
        preparation::decide(&state, &viewer, code.clone(), id, approve, &form.reason).await;
    finish(
        &state,
        ctx,
        &viewer,
        code,
        form.year,
        result.map(|_| ()),
        "decision",
    )
    .await
}

/// The answer to a form: a redirect naming `done` when it worked; the page again with the
/// refusal or the unreadable value explained; any other error as it is.
async fn finish(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    code: String,
    year: i32,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, AppError> {
    let locale = ctx.locale;
    let error = match result {
        Ok(()) => {
            return Ok(see_other(&format!(
                "/projects/{code}/budgets/{year}/prepare?done={done}"
            )));
        }
        Err(error) => error,
    };
    let status = error.status();
    let notice = match error {
        AppError::Refused(refusal) => refusal_notice(locale, &refusal),
        AppError::Invalid(detail) => Notice {
            kind: "error",
            text: fill(locale, "prepare.invalid", &[("detail", &detail)]),
            items: Vec::new(),
        },
        other => return Err(other),
    };
    let status = if status.is_client_error() {
        status
    } else {
        StatusCode::BAD_REQUEST
    };
    show(state, ctx, viewer, code, year, Some(notice), status).await
}

/// A refusal in the reader's language; a refused submission lists the problems, which the
/// page also shows line by line.
fn refusal_notice(locale: Locale, refusal: &WorkflowError) -> Notice {
    let zh = locale == Locale::Zh;
    let text = match refusal {
        WorkflowError::NotSubmittable { problems } => fill(
            locale,
            "prepare.not_submittable",
            &[("count", &problems.len().to_string())],
        ),
        other => other.message(zh),
    };
    let items = match refusal {
        WorkflowError::NotSubmittable { problems } => {
            problems.iter().map(|p| blocker_text(locale, p)).collect()
        }
        _ => Vec::new(),
    };
    Notice {
        kind: "error",
        text,
        items,
    }
}

/// A blocker `L01:missing` as a sentence naming the line, or `targets:weight_sum` as one
/// saying what the performance targets lack.
fn blocker_text(locale: Locale, blocker: &str) -> String {
    let (line, code) = blocker.split_once(':').unwrap_or(("", blocker));
    if line == "targets" {
        let key = match code {
            "empty_overall_goal" => "prepare.blocker.targets.goal",
            "empty_annual_goal" => "prepare.blocker.targets.annual_goal",
            "execution_weight_out_of_range" => "prepare.blocker.targets.execution_weight",
            "duplicate_code" => "prepare.blocker.targets.duplicate",
            "level_mismatch" => "prepare.blocker.targets.level",
            "non_positive_weight" => "prepare.blocker.targets.weight",
            "missing_target_value" | "missing_target_text" => "prepare.blocker.targets.target",
            "missing_owner" => "prepare.blocker.targets.owner",
            "weight_sum" => "prepare.blocker.targets.weight_sum",
            "missing_required" => "prepare.blocker.targets.required",
            _ => "prepare.blocker.targets.other",
        };
        return fill(locale, key, &[("code", code)]);
    }
    let key = match code {
        "missing" => "prepare.blocker.missing",
        "arithmetic_mismatch" => "prepare.blocker.mismatch",
        "empty_field" => "prepare.blocker.empty_field",
        "non_positive_quantity" => "prepare.blocker.quantity",
        _ => "prepare.blocker.other",
    };
    fill(locale, key, &[("line", line), ("code", code)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blockers_read_as_sentences_naming_the_line() {
        let cases = [
            (Locale::Zh, "L01:missing", "L01 缺少零基预算论证"),
            (
                Locale::En,
                "L02:arithmetic_mismatch",
                "L02: quantity × price",
            ),
            (Locale::En, "L03:strange", "L03: strange"),
            (
                Locale::Zh,
                "targets:missing_owner",
                "绩效目标：有指标未指定责任人",
            ),
            (
                Locale::En,
                "targets:weight_sum",
                "Performance targets: the indicator weights",
            ),
            (Locale::Zh, "targets:novel", "绩效目标不完整（novel）"),
        ];
        for (locale, blocker, start) in cases {
            let text = blocker_text(locale, blocker);
            assert!(text.starts_with(start), "{blocker}: {text}");
        }
    }
}
