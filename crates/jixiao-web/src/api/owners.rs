//! `PUT /api/v1/projects/{code}/responsibilities`: sets who answers for cost lines and
//! indicators of a project (`edit_project`).
//!
//! The body lists assignments in the shape of the core's item and owner references; all of
//! them are written or none. Owners must belong to organizations the caller may edit (see
//! [`crate::ownership`]).

use axum::Json;
use axum::extract::{Path, State};
use jixiao_core::access::{ItemRef, Owner};
use jixiao_core::{IndicatorCode, LineCode};
use serde::Deserialize;

use super::account_dto::ResponsibilityDto;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::ownership;

/// One assignment: the item and who answers for it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "item": {"kind": "cost_line", "code": "L01"},
    "owner": {"kind": "post", "code": "cost-engineer"}
}))]
pub struct Assignment {
    /// The cost line or indicator.
    pub item: ItemRefDto,
    /// Its new owner.
    pub owner: OwnerDto,
}

/// A cost line or indicator of the project, by code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemRefDto {
    /// What kind of item.
    pub kind: ItemKind,
    /// Its code; a cost line's code names it in every fiscal year.
    pub code: String,
}

/// The kinds of items someone answers for.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A cost line (预算明细).
    CostLine,
    /// A performance indicator (绩效指标).
    Indicator,
}

/// A user by login name, or a post (岗位) by code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerDto {
    /// What kind of owner.
    pub kind: OwnerKind,
    /// The login name or the post code.
    pub code: String,
}

/// The kinds of owners.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OwnerKind {
    /// A user.
    User,
    /// A post, answered for by everyone holding it.
    Post,
}

/// Sets the owners of some of a project's items, all or none, and answers with the owners of
/// all its items.
#[utoipa::path(
    put,
    path = "/api/v1/projects/{code}/responsibilities",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    request_body(content = Vec<Assignment>, content_type = "application/json"),
    responses(
        (status = 200, description = "The owners were set; the project's owners now", body = Vec<ResponsibilityDto>),
        (status = 400, description = "The body is not a list of assignments, or an owner belongs to an organization outside the caller's edit_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's edit_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code, or the project has no such item, or no such user or post exists; nothing was written", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn assign(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    body: String,
) -> Result<Json<Vec<ResponsibilityDto>>, AppError> {
    let (code, _) = ownership::editable_project(&state, &viewer, code).await?;
    let assignments: Vec<Assignment> = serde_json::from_str(&body).map_err(|error| {
        AppError::Invalid(format!("the body is not a list of assignments: {error}"))
    })?;
    let changes = assignments
        .into_iter()
        .map(|a| Ok((item_ref(a.item)?, Some(owner(a.owner)))))
        .collect::<Result<Vec<_>, AppError>>()?;
    ownership::set_owners(&state, &viewer, &code, &changes).await?;
    let owners = state.store.responsibilities(&code).await?;
    Ok(Json(owners.iter().map(ResponsibilityDto::from).collect()))
}

/// The core reference of an item; a text that cannot be a code names no item of the project.
fn item_ref(item: ItemRefDto) -> Result<ItemRef, AppError> {
    let missing = |entity| {
        let key = item.code.clone();
        move |_| AppError::NotFound { entity, key }
    };
    match item.kind {
        ItemKind::CostLine => LineCode::new(item.code.clone())
            .map(ItemRef::CostLine)
            .map_err(missing("cost line")),
        ItemKind::Indicator => IndicatorCode::new(item.code.clone())
            .map(ItemRef::Indicator)
            .map_err(missing("indicator")),
    }
}

fn owner(owner: OwnerDto) -> Owner {
    match owner.kind {
        OwnerKind::User => Owner::User(owner.code),
        OwnerKind::Post => Owner::Post(owner.code),
    }
}
