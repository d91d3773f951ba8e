//! `POST /api/v1/projects`: loads one `jixiao.project.v1` file (`edit_project`).
//!
//! The caller must be allowed to edit projects of the organization the file names, and, when
//! replacing, of the organization that owns the stored project as well, so that a project cannot
//! be moved out of another organization's hands. An organization the database lacks is created
//! with the project; since it lies in nobody's subtree yet, only a permission that reaches
//! everywhere can create one.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jixiao_core::access::Action;
use jixiao_core::interchange::{self, OrganizationRef};
use jixiao_core::{Organization, ProjectCode};
use jixiao_store::StoreError;
use serde::Deserialize;

use super::project_dto::ProjectDto;
use super::projects::project_code;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::pages::projects::project_href;
use crate::params::Params;

/// Query parameters of an import.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true` to replace a stored project with the same code; otherwise such a project is a
    /// conflict.
    #[param(value_type = Option<bool>)]
    pub replace: Option<String>,
}

/// Loads one project file, all or nothing.
#[utoipa::path(
    post,
    path = "/api/v1/projects",
    tag = "projects",
    params(ImportParams),
    security(("bearer" = [])),
    request_body(content = String, content_type = "application/json", description = "A jixiao.project.v1 document"),
    responses(
        (status = 201, description = "The project was stored", body = ProjectDto),
        (status = 400, description = "The file is not a valid project", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may not edit projects of this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A project with this code is stored and replace was not asked", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<ImportParams>,
    body: String,
) -> Result<Response, AppError> {
    viewer.require()?;
    let replace = match params.replace.as_deref().map(str::trim) {
        None | Some("" | "false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(AppError::Invalid(format!(
                "replace must be true or false, not \"{other}\""
            )));
        }
    };
    let categories = state.store.cost_categories().await?;
    let file = interchange::parse_with_categories(&body, &categories)
        .map_err(|error| AppError::Invalid(error.to_string()))?;
    let code = file.dossier.project.code.clone();
    let signed_in = viewer.authorize(Action::EditProject, &file.dossier.project.organization)?;
    if replace {
        match state.store.project(&code).await {
            Ok(stored) => {
                viewer.authorize(Action::EditProject, &stored.project.organization)?;
            }
            Err(StoreError::NotFound { .. }) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let known = state.store.organizations().await?;
    let organization = organization_of(&file.organization, &known);
    state
        .store
        .import_dossier_with_organization(
            &file.dossier,
            Some(&organization),
            replace,
            &signed_in.stamp(),
        )
        .await?;
    tracing::info!(
        user.id = signed_in.user.id,
        project.code = %code,
        replace,
        "project imported through the API"
    );
    created(&state, code).await
}

/// The 201 answer with the stored project and its address.
async fn created(state: &AppState, code: ProjectCode) -> Result<Response, AppError> {
    let code = project_code(code.to_string())?;
    let summary = state.store.project(&code).await?;
    let mut response = (StatusCode::CREATED, Json(ProjectDto::from(&summary))).into_response();
    let location = format!("/api/v1{}", project_href(code.as_str()));
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// The organization to create when the database lacks the one the file names: the file's name
/// (or the code), under the file's parent only when that parent is stored.
fn organization_of(reference: &OrganizationRef, known: &[Organization]) -> Organization {
    Organization {
        code: reference.code.clone(),
        name: reference
            .name
            .clone()
            .unwrap_or_else(|| reference.code.to_string()),
        parent: reference
            .parent
            .clone()
            .filter(|parent| known.iter().any(|org| &org.code == parent)),
    }
}
