//! `/api/v1/portfolio…`: totals over the projects the caller may `view_portfolio`, by fiscal
//! year, by type and by month.

use axum::Json;
use axum::extract::State;
use jixiao_core::access::Action;
use jixiao_core::{Money, ProjectFilter};
use serde::{Deserialize, Serialize};

use super::ExecutionDto;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::params::{self, Params};
use crate::portfolio::latest_year_with_data;

/// Execution of all projects, overall, by fiscal year and by type.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PortfolioSummaryDto {
    /// Number of projects.
    pub project_count: u64,
    /// All years together.
    pub total: ExecutionDto,
    /// One entry per fiscal year, in year order.
    pub by_year: Vec<YearExecutionDto>,
    /// One entry per project type that has projects.
    pub by_type: Vec<TypeExecutionDto>,
}

/// Execution in one fiscal year.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct YearExecutionDto {
    /// The fiscal year.
    pub fiscal_year: i32,
    /// Budget and spending of the year.
    pub execution: ExecutionDto,
}

/// Execution of the projects of one type.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TypeExecutionDto {
    /// Type code, such as `highway`.
    pub project_type: String,
    /// Projects of this type.
    pub project_count: u64,
    /// Budget and spending over all years.
    pub execution: ExecutionDto,
}

/// Planned against actual spending by month over one fiscal year.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MonthlyDto {
    /// The fiscal year; null when there is no data at all.
    pub fiscal_year: Option<i32>,
    /// Twelve months, January first (empty without a year).
    pub points: Vec<MonthlyPointDto>,
}

/// One month of plan and spending.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MonthlyPointDto {
    /// The month as `YYYY-MM`.
    #[schema(example = "2024-03")]
    pub month: String,
    /// Planned spending in 元.
    #[schema(value_type = String)]
    pub planned: Money,
    /// Actual spending in 元.
    #[schema(value_type = String)]
    pub actual: Money,
}

/// Query parameters of the monthly series.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyParams {
    /// The fiscal year; by default the latest year with spending.
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
}

/// Execution totals of the whole portfolio.
#[utoipa::path(
    get,
    path = "/api/v1/portfolio/summary",
    tag = "portfolio",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Totals overall, by year and by type", body = PortfolioSummaryDto),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_portfolio", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<PortfolioSummaryDto>, AppError> {
    let summary = state.store.portfolio_summary(&visible(&viewer)?).await?;
    Ok(Json(PortfolioSummaryDto {
        project_count: summary.project_count,
        total: ExecutionDto::from(&summary.total),
        by_year: summary
            .by_year
            .iter()
            .map(|(year, execution)| YearExecutionDto {
                fiscal_year: *year,
                execution: ExecutionDto::from(execution),
            })
            .collect(),
        by_type: summary
            .by_type
            .iter()
            .map(|(project_type, count, execution)| TypeExecutionDto {
                project_type: project_type.code().to_owned(),
                project_count: *count,
                execution: ExecutionDto::from(execution),
            })
            .collect(),
    }))
}

/// Monthly plan against spending of the portfolio in one fiscal year.
#[utoipa::path(
    get,
    path = "/api/v1/portfolio/monthly",
    tag = "portfolio",
    params(MonthlyParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Twelve months of plan and spending", body = MonthlyDto),
        (status = 400, description = "The year could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_portfolio", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn monthly(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<MonthlyParams>,
) -> Result<Json<MonthlyDto>, AppError> {
    let everything = visible(&viewer)?;
    let year = match params::year(params.year.as_deref())? {
        Some(year) => Some(year),
        None => latest_year_with_data(&state.store.portfolio_summary(&everything).await?),
    };
    let points = match year {
        Some(year) => state.store.portfolio_monthly(&everything, year).await?,
        None => Vec::new(),
    };
    Ok(Json(MonthlyDto {
        fiscal_year: year,
        points: points
            .iter()
            .map(|p| MonthlyPointDto {
                month: p.month.to_string(),
                planned: p.planned,
                actual: p.actual,
            })
            .collect(),
    }))
}

/// The filter of the projects whose figures the caller may see in aggregates.
fn visible(viewer: &Viewer) -> Result<ProjectFilter, AppError> {
    Ok(ProjectFilter {
        organizations: viewer.visible(Action::ViewPortfolio)?,
        ..ProjectFilter::default()
    })
}
