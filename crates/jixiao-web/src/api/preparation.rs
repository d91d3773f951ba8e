//! `/api/v1/projects/{code}/budgets/{year}/…` and `/api/v1/projects/{code}/adjustments/…`:
//! the approval workflow of a budget in preparation (预算编制与审批) and the decisions on
//! adjustments of approved budgets.
//!
//! The handlers read the body, then hand over to [`crate::preparation`], which the prepare
//! page uses too. A workflow refusal answers 409 (or 400 for a missing reason) with the
//! refusal's `code` in the problem document.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use jixiao_core::access::Action;
use jixiao_core::preparation::approval::{BudgetWorkflow, Transition, TransitionRecord};
use jixiao_core::{LineCode, Money};
use jixiao_store::AdjustmentRequest;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::preparation::{
    self, AdjustmentInput, JustificationInput, JustificationStatus, LineInput,
};

/// A budget's place in its approval workflow.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WorkflowDto {
    /// `draft`, `submitted`, `returned` or `approved`.
    pub state: String,
    /// How many approvals the budget needs: 1 or 2.
    pub levels: u8,
    /// The approval level reached since the last submission.
    pub level_reached: u8,
    /// Every step taken, oldest first.
    pub history: Vec<StepDto>,
}

/// One step of a budget's workflow.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StepDto {
    /// `submit`, `approve` or `return`.
    pub action: String,
    /// The state before.
    pub from: String,
    /// The state after.
    pub to: String,
    /// The level approved, for an approval.
    pub level: Option<u8>,
    /// Who (a user name).
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The reasons of a return.
    pub reasons: Vec<String>,
    /// The lines sent back by a return.
    pub lines: Vec<String>,
}

impl From<&BudgetWorkflow> for WorkflowDto {
    fn from(workflow: &BudgetWorkflow) -> Self {
        WorkflowDto {
            state: workflow.state.code().to_owned(),
            levels: workflow.levels.count(),
            level_reached: workflow.level_reached(),
            history: workflow.history.iter().map(StepDto::from).collect(),
        }
    }
}

impl From<&TransitionRecord> for StepDto {
    fn from(record: &TransitionRecord) -> Self {
        StepDto {
            action: record.action.code().to_owned(),
            from: record.from.code().to_owned(),
            to: record.to.code().to_owned(),
            level: record.level,
            actor: record.actor.clone(),
            at: record.at,
            reasons: record.reasons.clone(),
            lines: record.lines.iter().map(ToString::to_string).collect(),
        }
    }
}

/// A step to take: submit, approve a level, or return with reasons.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"action": "return", "reasons": ["单价偏高"], "lines": ["L02"]}))]
pub struct TransitionRequest {
    /// `submit`, `approve` or `return`.
    pub action: String,
    /// For `approve`: the level approved, one more than the level reached.
    pub level: Option<u8>,
    /// For `return`: why; at least one non-blank reason.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// For `return`: the lines to rework.
    #[serde(default)]
    pub lines: Vec<String>,
}

/// A line as stored after an edit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LineDto {
    /// The line code.
    pub code: String,
    /// The name.
    pub name: String,
    /// The cost category code.
    pub category: String,
    /// The amount in 元.
    #[schema(value_type = String, example = "1250000.00")]
    pub amount: Money,
    /// The plan's profile.
    pub profile: String,
}

/// A line's justification status after storing it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JustificationResult {
    /// `justified`, `missing`, `mismatch` or `incomplete`.
    pub status: String,
    /// The codes of the problems still standing in the way of submission.
    pub problems: Vec<String>,
    /// The problems in English sentences.
    pub messages: Vec<String>,
}

/// A reviewer's comment on a line.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// The comment.
    pub comment: String,
    /// Whether the line is marked for rework (退回).
    #[serde(default)]
    pub returned: bool,
}

/// An adjustment request and where it stands.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AdjustmentDto {
    /// The request's id.
    pub id: i64,
    /// The budget's year.
    pub fiscal_year: i32,
    /// The line changed.
    pub line: String,
    /// The date the change takes effect.
    pub date: chrono::NaiveDate,
    /// The change in 元.
    #[schema(value_type = String, example = "-50000.00")]
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// `proposed`, `approved` or `rejected`.
    pub state: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// Who decided it.
    pub decided_by: Option<String>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
}

impl From<&AdjustmentRequest> for AdjustmentDto {
    fn from(request: &AdjustmentRequest) -> Self {
        let workflow = &request.workflow;
        AdjustmentDto {
            id: request.id,
            fiscal_year: request.fiscal_year,
            line: request.adjustment.line.to_string(),
            date: request.adjustment.date,
            amount: request.adjustment.amount,
            reason: workflow.reason.clone(),
            state: workflow.state.code().to_owned(),
            proposed_by: workflow.proposed_by.clone(),
            decided_by: workflow.decided_by.clone(),
            rejection_reason: workflow.rejection_reason.clone(),
        }
    }
}

/// The decision on an adjustment request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "reject", "reason": "理由不充分"}))]
pub struct DecisionRequest {
    /// `approve` or `reject`.
    pub decision: String,
    /// Why, for a rejection.
    #[serde(default)]
    pub reason: String,
}

/// The workflow of a project's budget for one year.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/budgets/{year}/workflow",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("year" = i32, Path, description = "Fiscal year")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The state, the levels and the history", body = WorkflowDto),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project or budget", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn workflow(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<WorkflowDto>, AppError> {
    let (code, _, _) = preparation::project_for(&state, &viewer, code, Action::ViewProject).await?;
    let workflow = state.store.budget_workflow(&code, year).await?;
    Ok(Json(WorkflowDto::from(&workflow)))
}

/// Takes a step of the budget's workflow: `submit` (edit_project), `approve` or `return`
/// (approve_budget).
#[utoipa::path(
    post,
    path = "/api/v1/projects/{code}/budgets/{year}/transitions",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("year" = i32, Path, description = "Fiscal year")),
    security(("bearer" = [])),
    request_body(content = TransitionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The step was taken; the workflow now", body = WorkflowDto),
        (status = 400, description = "The body is not a step, or a return has no reason", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks edit_project (submit) or approve_budget (approve, return) here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, budget or line", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The workflow refuses the step; `code` names the refusal", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn transitions(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    body: String,
) -> Result<Json<WorkflowDto>, AppError> {
    viewer.require()?;
    let request: TransitionRequest = read_body(&body, "a workflow step")?;
    let transition = match request.action.as_str() {
        "submit" => Transition::Submit {
            blockers: Vec::new(),
        },
        "approve" => Transition::Approve {
            level: request
                .level
                .ok_or_else(|| AppError::Invalid("an approval names its level".to_owned()))?,
        },
        "return" => Transition::Return {
            reasons: request.reasons,
            lines: request
                .lines
                .iter()
                .map(|l| {
                    LineCode::new(l.as_str()).map_err(|_| AppError::NotFound {
                        entity: "cost line",
                        key: l.clone(),
                    })
                })
                .collect::<Result<_, _>>()?,
        },
        other => {
            return Err(AppError::Invalid(format!(
                "action \"{other}\" is not submit, approve or return"
            )));
        }
    };
    let workflow = preparation::transition(&state, &viewer, code, year, transition).await?;
    Ok(Json(WorkflowDto::from(&workflow)))
}

/// Replaces or adds a line of a draft or returned budget (edit_project).
#[utoipa::path(
    put,
    path = "/api/v1/projects/{code}/budgets/{year}/lines/{line}",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("year" = i32, Path, description = "Fiscal year"), ("line" = String, Path, description = "Line code")),
    security(("bearer" = [])),
    request_body(content = LineInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The line was stored", body = LineDto),
        (status = 400, description = "The body is not a line", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks edit_project here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project or budget", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The budget is submitted or approved (`not_editable`)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn put_line(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, year, line)): Path<(String, i32, String)>,
    body: String,
) -> Result<Json<LineDto>, AppError> {
    viewer.require()?;
    let input: LineInput = read_body(&body, "a cost line")?;
    let line = preparation::set_line(&state, &viewer, code, year, &line, &input).await?;
    Ok(Json(LineDto {
        code: line.code.to_string(),
        name: line.name,
        category: line.category.to_string(),
        amount: line.amount,
        profile: line.profile.code().to_owned(),
    }))
}

/// Stores the zero-based justification of a line of a draft or returned budget (edit_project).
#[utoipa::path(
    put,
    path = "/api/v1/projects/{code}/budgets/{year}/lines/{line}/justification",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("year" = i32, Path, description = "Fiscal year"), ("line" = String, Path, description = "Line code")),
    security(("bearer" = [])),
    request_body(content = JustificationInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored; the problems that remain with the line", body = JustificationResult),
        (status = 400, description = "The body is not a justification", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks edit_project here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, budget or line", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The budget is submitted or approved (`not_editable`)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn put_justification(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, year, line)): Path<(String, i32, String)>,
    body: String,
) -> Result<Json<JustificationResult>, AppError> {
    viewer.require()?;
    let input: JustificationInput = read_body(&body, "a justification")?;
    let problems =
        preparation::set_justification(&state, &viewer, code, year, &line, &input).await?;
    Ok(Json(JustificationResult {
        status: JustificationStatus::of(&problems).code().to_owned(),
        problems: problems.iter().map(|p| p.code().to_owned()).collect(),
        messages: problems.iter().map(|p| p.message(false)).collect(),
    }))
}

/// Adds a reviewer's comment on a line (approve_budget).
#[utoipa::path(
    post,
    path = "/api/v1/projects/{code}/budgets/{year}/lines/{line}/reviews",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("year" = i32, Path, description = "Fiscal year"), ("line" = String, Path, description = "Line code")),
    security(("bearer" = [])),
    request_body(content = ReviewRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The comment was stored", body = ReviewRequest),
        (status = 400, description = "The body is not a comment, or the comment is empty", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks approve_budget here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, budget or line", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn post_review(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, year, line)): Path<(String, i32, String)>,
    body: String,
) -> Result<Response, AppError> {
    viewer.require()?;
    let input: ReviewRequest = read_body(&body, "a comment")?;
    let review = preparation::review(
        &state,
        &viewer,
        code,
        year,
        &line,
        &input.comment,
        input.returned,
    )
    .await?;
    let stored = ReviewRequest {
        comment: review.comment,
        returned: review.returned,
    };
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

/// Proposes an adjustment of an approved budget (edit_project); it counts once approved.
#[utoipa::path(
    post,
    path = "/api/v1/projects/{code}/budgets/{year}/adjustments",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("year" = i32, Path, description = "Fiscal year")),
    security(("bearer" = [])),
    request_body(content = AdjustmentInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The request was stored", body = AdjustmentDto),
        (status = 400, description = "The body is not an adjustment, or it has no reason", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks edit_project here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, budget or line", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The budget is not approved (`wrong_state`)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    body: String,
) -> Result<Response, AppError> {
    viewer.require()?;
    let input: AdjustmentInput = read_body(&body, "an adjustment")?;
    let id = preparation::propose(&state, &viewer, code.clone(), year, &input).await?;
    let request = request_by_id(&state, &code, id).await?;
    Ok((StatusCode::CREATED, Json(request)).into_response())
}

/// Approves or rejects a proposed adjustment (approve_budget); an approval adds it to the
/// budget.
#[utoipa::path(
    post,
    path = "/api/v1/projects/{code}/adjustments/{id}/decision",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), ("id" = i64, Path, description = "Adjustment request id")),
    security(("bearer" = [])),
    request_body(content = DecisionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Decided; the request now", body = AdjustmentDto),
        (status = 400, description = "The body is not a decision, or a rejection has no reason", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks approve_budget here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project or request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`adjustment_decided`)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn decision(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, id)): Path<(String, i64)>,
    body: String,
) -> Result<Json<AdjustmentDto>, AppError> {
    viewer.require()?;
    let input: DecisionRequest = read_body(&body, "a decision")?;
    let approve = match input.decision.as_str() {
        "approve" => true,
        "reject" => false,
        other => {
            return Err(AppError::Invalid(format!(
                "decision \"{other}\" is not approve or reject"
            )));
        }
    };
    let request = preparation::decide(&state, &viewer, code, id, approve, &input.reason).await?;
    Ok(Json(AdjustmentDto::from(&request)))
}

/// The request `id` of project `code`, as the API shows it.
async fn request_by_id(state: &AppState, code: &str, id: i64) -> Result<AdjustmentDto, AppError> {
    let code = crate::api::projects::project_code(code.to_owned())?;
    state
        .store
        .adjustment_requests(&code)
        .await?
        .iter()
        .find(|r| r.id == id)
        .map(AdjustmentDto::from)
        .ok_or_else(|| AppError::NotFound {
            entity: "adjustment request",
            key: id.to_string(),
        })
}

/// A JSON body read as `T`, or a 400 naming what was expected.
fn read_body<T: DeserializeOwned>(body: &str, what: &str) -> Result<T, AppError> {
    serde_json::from_str(body)
        .map_err(|error| AppError::Invalid(format!("the body is not {what}: {error}")))
}
