//! `/api/v1/users` and `/api/v1/audit/logins`: the accounts (`manage_users`) and the login audit
//! record (`view_audit`), each limited to the organizations the permission reaches.
//!
//! A login record belongs to the organization of the account it names; attempts against names
//! that are no account belong to no organization and are shown only to callers whose permission
//! reaches everywhere.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use jixiao_core::OrgCode;
use jixiao_core::access::Action;
use serde::Deserialize;

use super::account_dto::{LoginEventDto, UserDto};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::params::Params;

/// Records returned when the caller names no limit.
const DEFAULT_LIMIT: u32 = 100;

/// The most records one request returns.
const MAX_LIMIT: u32 = 1000;

/// Query parameters of the login audit.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// How many of the latest records to read, 1 to 1000 (default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
}

/// The user accounts the caller may manage.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Accounts ordered by username", body = Vec<UserDto>),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks manage_users", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn users(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<UserDto>>, AppError> {
    let reach = viewer.visible(Action::ManageUsers)?.map(set);
    let users = state.store.users().await?;
    Ok(Json(
        users
            .iter()
            .filter(|u| reach.as_ref().is_none_or(|r| r.contains(&u.organization)))
            .map(UserDto::from)
            .collect(),
    ))
}

/// The latest login attempts the caller may audit, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit/logins",
    tag = "accounts",
    params(AuditParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Login attempts, newest first", body = Vec<LoginEventDto>),
        (status = 400, description = "The limit could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_audit", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn logins(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<AuditParams>,
) -> Result<Json<Vec<LoginEventDto>>, AppError> {
    let reach = viewer.visible(Action::ViewAudit)?;
    let limit = match params.limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}, not \"{text}\""
                ))
            })?,
    };
    // The store keeps the caller's organizations before it counts the limit, so that records
    // of other organizations cannot crowd the caller's own out of the answer.
    let events = match reach {
        None => state.store.login_events(limit).await?,
        Some(reach) => state.store.login_events_of(&reach, limit).await?,
    };
    Ok(Json(events.iter().map(LoginEventDto::from).collect()))
}

fn set(codes: Vec<OrgCode>) -> BTreeSet<OrgCode> {
    codes.into_iter().collect()
}
