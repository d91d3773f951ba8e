//! `/api/v1/projects…`: the project list, one project, and its budgets, payments and
//! indicators.

use axum::Json;
use axum::extract::{Path, State};
use jixiao_core::ProjectCode;
use serde::Deserialize;

use super::project_dto::{
    BudgetDto, ExpenditureDto, ExpenditurePage, IndicatorDto, ProjectDto, ProjectPage,
};
use crate::AppState;
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
    responses(
        (status = 200, description = "One page of matching projects", body = ProjectPage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Params(params): Params<ListParams>,
) -> Result<Json<ProjectPage>, AppError> {
    let filter = params.filter()?;
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
    responses(
        (status = 200, description = "The project", body = ProjectDto),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProjectDto>, AppError> {
    let code = project_code(code)?;
    let summary = state.store.project(&code).await?;
    Ok(Json(ProjectDto::from(&summary)))
}

/// The budgets of a project, one per fiscal year, with each line's spending.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/budgets",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    responses(
        (status = 200, description = "Budgets in fiscal-year order", body = Vec<BudgetDto>),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn budgets(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<BudgetDto>>, AppError> {
    let code = project_code(code)?;
    // The project lookup turns an unknown code into a 404 rather than an empty list.
    state.store.project(&code).await?;
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
    responses(
        (status = 200, description = "One page of payments", body = ExpenditurePage),
        (status = 400, description = "A parameter could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn expenditures(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Params(params): Params<PageParams>,
) -> Result<Json<ExpenditurePage>, AppError> {
    let code = project_code(code)?;
    let paging = ListParams {
        page: params.page,
        per_page: params.per_page,
        ..ListParams::default()
    };
    let (page, per_page) = (paging.page()?, paging.per_page(DEFAULT_PER_PAGE)?);
    state.store.project(&code).await?;
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
    responses(
        (status = 200, description = "Indicators in their order", body = Vec<IndicatorDto>),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn indicators(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<IndicatorDto>>, AppError> {
    let code = project_code(code)?;
    state.store.project(&code).await?;
    let indicators = state.store.indicators(&code).await?;
    let readings = state.store.readings(&code).await?;
    Ok(Json(
        indicators
            .iter()
            .map(|i| IndicatorDto::new(i, &readings))
            .collect(),
    ))
}

/// A project code from the path; a text that cannot be a code names no project.
fn project_code(text: String) -> Result<ProjectCode, AppError> {
    ProjectCode::new(text.clone()).map_err(|_| AppError::NotFound {
        entity: "project",
        key: text,
    })
}
