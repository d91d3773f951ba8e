//! `POST /api/v1/projects/{code}/readings`: records one indicator reading (`record_reading`).
//!
//! The body is one reading written as in the `readings` list of a project file, read by the
//! core's interchange reader, so that a bad field is reported at its path (`$.date`) exactly as
//! an import would report it. The store checks the reading against the stored indicator.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jixiao_core::Reading;
use jixiao_core::access::Action;
use jixiao_core::interchange::{self, InterchangeError};
use serde::Serialize;

use super::project_dto::ReadingDto;
use super::projects::project_code;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};

/// A reading to record: `value` for a quantitative indicator, or `grade` and `score` for a
/// qualitative one. Decimals may be strings or JSON numbers; strings are exact.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"indicator": "OUT-01", "date": "2025-03-31", "value": "12.5"}))]
pub struct NewReading {
    /// The indicator's code within the project.
    pub indicator: String,
    /// When, as `YYYY-MM-DD`.
    #[schema(example = "2025-03-31")]
    pub date: String,
    /// The measured value as a decimal string (quantitative indicators).
    #[schema(example = "12.5")]
    pub value: Option<String>,
    /// `achieved`, `partly_achieved` or `not_achieved` (qualitative indicators).
    pub grade: Option<String>,
    /// The score given with the grade, as a decimal string.
    pub score: Option<String>,
}

/// A recorded reading, as stored: the indicator's code with the reading as the indicator list
/// shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordedReading {
    /// The indicator's code within the project.
    pub indicator: String,
    /// The date and the value or grade.
    #[serde(flatten)]
    pub reading: ReadingDto,
}

impl From<&Reading> for RecordedReading {
    fn from(reading: &Reading) -> Self {
        RecordedReading {
            indicator: reading.indicator.to_string(),
            reading: ReadingDto::from(reading),
        }
    }
}

/// Records one reading of a project's indicator, after the project's other readings.
#[utoipa::path(
    post,
    path = "/api/v1/projects/{code}/readings",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    request_body(content = NewReading, content_type = "application/json"),
    responses(
        (status = 201, description = "The reading was stored", body = RecordedReading),
        (status = 400, description = "The body is not a reading, or the indicator takes the other kind of reading", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's record_reading permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code, or the project has no such indicator", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    body: String,
) -> Result<Response, AppError> {
    viewer.require()?;
    let code = project_code(code)?;
    let summary = state.store.project(&code).await?;
    let signed_in = viewer.authorize(Action::RecordReading, &summary.project.organization)?;
    let reading = interchange::parse_reading(&body).map_err(invalid_body)?;
    state
        .store
        .add_reading(&code, &reading, &signed_in.stamp())
        .await?;
    Ok((StatusCode::CREATED, Json(RecordedReading::from(&reading))).into_response())
}

/// The 400 for a body that is not a reading, each problem with its path; the interchange
/// reader's own summary speaks of a "file", which a request body is not.
fn invalid_body(error: InterchangeError) -> AppError {
    match error {
        InterchangeError::Syntax {
            message,
            line,
            column,
        } => AppError::Invalid(format!(
            "the body is not valid JSON: {message} at line {line}, column {column}"
        )),
        InterchangeError::Invalid(problems) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            AppError::Invalid(problems.join("; "))
        }
    }
}
