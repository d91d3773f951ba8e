//! `/api/v1/projects…`: the project list, one project, and its budgets, payments, indicators
//! and owners, each limited to what the caller may `view_project`.

use axum::Json;
use axum::extract::{Path, State};
use jixiao_core::access::Action;
use jixiao_core::{ProjectCode, ProjectSummary};
use serde::Deserialize;

use super::account_dto::ResponsibilityDto;
use super::project_dto::{
    BudgetDto, ExpenditureDto, ExpenditurePage, IndicatorDto, ProjectDto, ProjectPage,
};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::params::{ListParams, Params};

/// Page size when the client names none.
const DEFAULT_PER_PAGE: u32 = 20;

/// Query parameters of the payment list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1)]
    pub page: Option<String>,
    /// Rows per page, 1 to 100.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// Lists projects, filtered and paged, ordered by code.
#[utoipa::path(
    get,
    path = "/api/v1/projects",
    tag = "projects",
    params(ListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of the matching projects the caller may see", body = ProjectPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_project", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<ListParams>,
) -> Result<Json<ProjectPage>, AppError> {
    let mut filter = params.filter()?;
    filter.organizations = viewer.visible(Action::ViewProject)?;
    let page = params.page()?;
    let per_page = params.per_page(DEFAULT_PER_PAGE)?;
    let list = state.store.list_projects(&filter, page, per_page).await?;
    Ok(Json(ProjectPage {
        items: list.items.iter().map(ProjectDto::from).collect(),
        total: list.total,
        pages: list.page_count(),
        page: list.page,
        per_page: list.per_page,
    }))
}

/// One project with its totals.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The project", body = ProjectDto),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<ProjectDto>, AppError> {
    let (_, summary) = visible_project(&state, &viewer, code).await?;
    Ok(Json(ProjectDto::from(&summary)))
}

/// The budgets of a project, one per fiscal year, with each line's spending.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/budgets",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Budgets in fiscal-year order", body = Vec<BudgetDto>),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn budgets(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<Vec<BudgetDto>>, AppError> {
    let (code, _) = visible_project(&state, &viewer, code).await?;
    let budgets = state.store.budgets(&code).await?;
    let lines = state.store.line_executions(&code).await?;
    Ok(Json(BudgetDto::list(&budgets, &lines)))
}

/// The payments of a project, newest first, paged.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/expenditures",
    tag = "projects",
    params(("code" = String, Path, description = "Project code"), PageParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of payments", body = ExpenditurePage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn expenditures(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Params(params): Params<PageParams>,
) -> Result<Json<ExpenditurePage>, AppError> {
    let (code, _) = visible_project(&state, &viewer, code).await?;
    let paging = ListParams {
        page: params.page,
        per_page: params.per_page,
        ..ListParams::default()
    };
    let (page, per_page) = (paging.page()?, paging.per_page(DEFAULT_PER_PAGE)?);
    let list = state.store.expenditures(&code, page, per_page).await?;
    Ok(Json(ExpenditurePage {
        items: list.items.iter().map(ExpenditureDto::from).collect(),
        total: list.total,
        pages: list.page_count(),
        page: list.page,
        per_page: list.per_page,
    }))
}

/// The performance indicators of a project with their readings.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/indicators",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Indicators in their order", body = Vec<IndicatorDto>),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn indicators(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<Vec<IndicatorDto>>, AppError> {
    let (code, _) = visible_project(&state, &viewer, code).await?;
    let indicators = state.store.indicators(&code).await?;
    let readings = state.store.readings(&code).await?;
    Ok(Json(
        indicators
            .iter()
            .map(|i| IndicatorDto::new(i, &readings))
            .collect(),
    ))
}

/// Who answers for each cost line and indicator of a project.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/responsibilities",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The owners of the project's items", body = Vec<ResponsibilityDto>),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn responsibilities(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<Vec<ResponsibilityDto>>, AppError> {
    let (code, _) = visible_project(&state, &viewer, code).await?;
    let owners = state.store.responsibilities(&code).await?;
    Ok(Json(owners.iter().map(ResponsibilityDto::from).collect()))
}

/// The project named in the path, once the caller may `view_project` it: 401 without a
/// credential (checked before the lookup, so anonymous callers learn nothing about codes), 404
/// for an unknown code, 403 outside the caller's organizations.
pub async fn visible_project(
    state: &AppState,
    viewer: &Viewer,
    code: String,
) -> Result<(ProjectCode, ProjectSummary), AppError> {
    viewer.require()?;
    let code = project_code(code)?;
    // The project lookup turns an unknown code into a 404 rather than an empty list.
    let summary = state.store.project(&code).await?;
    viewer.authorize(Action::ViewProject, &summary.project.organization)?;
    Ok((code, summary))
}

/// A project code from the path; a text that cannot be a code names no project.
pub fn project_code(text: String) -> Result<ProjectCode, AppError> {
    ProjectCode::new(text.clone()).map_err(|_| AppError::NotFound {
        entity: "project",
        key: text,
    })
}
