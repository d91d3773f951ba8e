//! `/api/v1/projects/{code}/stages…`: a project's cost stages (造价阶段) with the stage
//! comparison (三算对比) and the 10 % warning (`view_project`), and entering or replacing one
//! stage (`edit_project`).

use axum::Json;
use axum::extract::{Path, State};
use jixiao_core::preparation::stage::{
    CostStage, StageBreakdown, StageComparison, StageDifference, StageLine, StageWarning, compare,
    overrun_limit,
};
use jixiao_core::{CategoryCode, LineCode, Money, ProjectType};
use serde::{Deserialize, Serialize};

use super::projects::visible_project;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::ownership::editable_project;

/// A project's stages, their comparison and the 10 % warning.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StagesDto {
    /// How far (in percent) the 概算 may exceed the 估算 for this project's type.
    #[schema(example = "10")]
    pub overrun_limit: String,
    /// The stored stages in the order of the project's life.
    pub stages: Vec<StageDto>,
    /// The comparison of consecutive stages.
    pub comparison: ComparisonDto,
    /// The 10 % warning, when the 概算 exceeds the 估算 beyond the limit.
    pub warning: Option<WarningDto>,
}

/// One stored stage.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageDto {
    /// Stage code: `estimate`, `budgetary_estimate`, `construction_budget`, `contract`,
    /// `settlement` or `final_accounts`.
    #[schema(example = "budgetary_estimate")]
    pub stage: String,
    /// The sum of its lines in 元.
    #[schema(example = "12500000.00")]
    pub total: String,
    /// Its lines.
    pub lines: Vec<StageLineDto>,
}

/// One line of a stage, as sent and returned.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageLineDto {
    /// Line code; the same code in two stages means the same line.
    #[schema(example = "L01")]
    pub line: String,
    /// Line name.
    #[schema(example = "路基工程")]
    pub name: String,
    /// Cost category code, such as `building_works`.
    #[schema(example = "building_works")]
    pub category: String,
    /// Amount in 元, a decimal string.
    #[schema(example = "4200000.00")]
    pub amount: String,
}

/// The stage comparison report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComparisonDto {
    /// The stages compared, in order.
    pub stages: Vec<String>,
    /// One row per line code found in any stage.
    pub rows: Vec<ComparisonRowDto>,
    /// The totals at each stage, in 元.
    pub totals: Vec<String>,
    /// The change of the totals between consecutive stages.
    pub total_differences: Vec<DifferenceDto>,
}

/// One line across the stages.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComparisonRowDto {
    /// Line code.
    pub line: String,
    /// Name at the latest stage that has it.
    pub name: String,
    /// Category at the latest stage that has it.
    pub category: String,
    /// Amount at each stage in 元; null where the stage lacks the line.
    pub amounts: Vec<Option<String>>,
    /// Change between consecutive stages (a missing line counts as zero).
    pub differences: Vec<DifferenceDto>,
}

/// The change from one stage to the next.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DifferenceDto {
    /// The earlier stage.
    pub from: String,
    /// The later stage.
    pub to: String,
    /// Later minus earlier, in 元.
    #[schema(example = "1250000.00")]
    pub amount: String,
    /// The change in percent of the earlier amount, two places; null against zero.
    #[schema(example = "11.25")]
    pub percent: Option<String>,
}

/// The 10 % rule broken (政府投资条例 art. 12).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WarningDto {
    /// `estimate_overrun`.
    pub code: String,
    /// The 估算 total in 元.
    pub estimate: String,
    /// The 概算 total in 元.
    pub budgetary: String,
    /// How far the 概算 is above the 估算, in percent; null when the 估算 is zero.
    pub percent: Option<String>,
    /// The limit in percent.
    pub limit: String,
    /// The warning in Chinese.
    pub message_zh: String,
    /// The warning in English.
    pub message_en: String,
}

/// The lines of a stage to store.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    /// The lines; they replace every line the stage had.
    pub lines: Vec<StageLineDto>,
}

/// What storing a stage answers: the warning the stage itself raised, and the stages now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageSaved {
    /// The 10 % warning, when the stage stored is the 概算 and breaks the rule.
    pub warning: Option<WarningDto>,
    /// The project's stages and comparison after the change.
    pub stages: StagesDto,
}

/// The cost stages of a project with their comparison.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/stages",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The stored stages, their comparison and the 10 % warning", body = StagesDto),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<StagesDto>, AppError> {
    let (code, summary) = visible_project(&state, &viewer, code).await?;
    let stages = state.store.stages(&code).await?;
    Ok(Json(StagesDto::new(summary.project.project_type, &stages)))
}

/// Enters or replaces one cost stage of a project.
#[utoipa::path(
    put,
    path = "/api/v1/projects/{code}/stages/{stage}",
    tag = "projects",
    params(
        ("code" = String, Path, description = "Project code"),
        ("stage" = String, Path, description = "Stage code, such as budgetary_estimate")
    ),
    security(("bearer" = [])),
    request_body(content = StageBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The stage was stored; the warning it raised and the stages now", body = StageSaved),
        (status = 400, description = "The body is not a list of lines, or a line is invalid (code given twice, unknown category, bad amount)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's edit_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code, or no stage has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn put(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((code, stage)): Path<(String, String)>,
    body: String,
) -> Result<Json<StageSaved>, AppError> {
    let (code, summary) = editable_project(&state, &viewer, code).await?;
    let signed_in = viewer.require()?;
    let stage: CostStage = stage.parse().map_err(|_| AppError::NotFound {
        entity: "cost stage",
        key: stage.clone(),
    })?;
    let body: StageBody = serde_json::from_str(&body)
        .map_err(|error| AppError::Invalid(format!("the body is not a stage: {error}")))?;
    let lines = body
        .lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| line.into_core(index))
        .collect::<Result<Vec<_>, AppError>>()?;
    let breakdown = StageBreakdown { stage, lines };
    let warning = state
        .store
        .set_stage(&code, &breakdown, &signed_in.stamp())
        .await?;
    let stages = state.store.stages(&code).await?;
    Ok(Json(StageSaved {
        warning: warning.as_ref().map(WarningDto::from),
        stages: StagesDto::new(summary.project.project_type, &stages),
    }))
}

impl StagesDto {
    /// The stages of a project of `project_type` with their comparison.
    pub fn new(project_type: ProjectType, stages: &[StageBreakdown]) -> Self {
        let comparison = compare(project_type, stages);
        StagesDto {
            overrun_limit: overrun_limit(project_type).normalize().to_string(),
            stages: stages
                .iter()
                .map(|s| StageDto {
                    stage: s.stage.code().to_owned(),
                    total: s.total().to_yuan_string(),
                    lines: s.lines.iter().map(StageLineDto::from).collect(),
                })
                .collect(),
            warning: comparison.estimate_overrun.as_ref().map(WarningDto::from),
            comparison: ComparisonDto::from(&comparison),
        }
    }
}

impl StageLineDto {
    /// The core line; 400 naming the line's place in the body when a field is invalid.
    fn into_core(self, index: usize) -> Result<StageLine, AppError> {
        let invalid = |field: &str, problem: String| {
            AppError::Invalid(format!("$.lines[{index}].{field}: {problem}"))
        };
        Ok(StageLine {
            line: LineCode::new(self.line).map_err(|e| invalid("line", e.to_string()))?,
            category: CategoryCode::new(self.category)
                .map_err(|e| invalid("category", e.to_string()))?,
            amount: Money::parse_yuan(self.amount.trim())
                .map_err(|e| invalid("amount", e.to_string()))?,
            name: match self.name.trim() {
                "" => return Err(invalid("name", "a line needs a name".to_owned())),
                name => name.to_owned(),
            },
        })
    }
}

impl From<&StageLine> for StageLineDto {
    fn from(line: &StageLine) -> Self {
        StageLineDto {
            line: line.line.to_string(),
            name: line.name.clone(),
            category: line.category.to_string(),
            amount: line.amount.to_yuan_string(),
        }
    }
}

impl From<&StageComparison> for ComparisonDto {
    fn from(comparison: &StageComparison) -> Self {
        ComparisonDto {
            stages: comparison
                .stages
                .iter()
                .map(|s| s.code().to_owned())
                .collect(),
            rows: comparison
                .rows
                .iter()
                .map(|row| ComparisonRowDto {
                    line: row.line.to_string(),
                    name: row.name.clone(),
                    category: row.category.to_string(),
                    amounts: row
                        .amounts
                        .iter()
                        .map(|a| a.amount.map(Money::to_yuan_string))
                        .collect(),
                    differences: row.differences.iter().map(DifferenceDto::from).collect(),
                })
                .collect(),
            totals: comparison
                .totals
                .amounts
                .iter()
                .map(|t| t.amount.to_yuan_string())
                .collect(),
            total_differences: comparison
                .totals
                .differences
                .iter()
                .map(DifferenceDto::from)
                .collect(),
        }
    }
}

impl From<&StageDifference> for DifferenceDto {
    fn from(difference: &StageDifference) -> Self {
        DifferenceDto {
            from: difference.from.code().to_owned(),
            to: difference.to.code().to_owned(),
            amount: difference.amount.to_yuan_string(),
            percent: difference.percent.map(|p| format!("{p:.2}")),
        }
    }
}

impl From<&StageWarning> for WarningDto {
    fn from(warning: &StageWarning) -> Self {
        let StageWarning::EstimateOverrun {
            estimate,
            budgetary,
            percent,
            limit,
        } = warning;
        WarningDto {
            code: warning.code().to_owned(),
            estimate: estimate.to_yuan_string(),
            budgetary: budgetary.to_yuan_string(),
            percent: percent.map(|p| format!("{p:.2}")),
            limit: limit.normalize().to_string(),
            message_zh: warning.message(true),
            message_en: warning.message(false),
        }
    }
}
