//! `/api/v1/projects/{code}/targets…`: a project's performance targets (绩效目标) with the rules
//! they still break (`view_project`), replacing them, and starting the indicator table from the
//! target library (`edit_project`).

use axum::Json;
use axum::extract::{Path, State};
use jixiao_core::preparation::target::{
    Frequency, TargetIndicator, TargetProblem, TargetSet, TargetStandard,
};
use jixiao_core::{Direction, FiscalYear, Indicator, IndicatorCode, Level2};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::projects::visible_project;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};

/// A project's targets and what they lack.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TargetsDto {
    /// The overall, long-term goal (总体目标).
    #[schema(example = "按期建成 12.5 公里一级公路并通车")]
    pub overall_goal: String,
    /// The goal of each fiscal year (年度目标).
    #[serde(default)]
    pub annual_goals: Vec<AnnualGoalDto>,
    /// The weight of the budget execution rate; the indicators share the rest of 100.
    #[schema(example = "10")]
    pub execution_weight: String,
    /// The indicator table in order.
    pub indicators: Vec<TargetIndicatorDto>,
    /// The rules the set breaks; empty when it is complete. Ignored when sent.
    #[serde(default, skip_deserializing)]
    pub problems: Vec<ProblemDto>,
}

/// The goal of one year.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualGoalDto {
    /// The fiscal year.
    #[schema(example = 2026)]
    pub year: FiscalYear,
    /// The goal.
    pub goal: String,
}

/// One indicator of the table; what a GET returns can be sent back as it is.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TargetIndicatorDto {
    /// Code, unique in the project.
    #[schema(example = "first_pass_rate")]
    pub code: String,
    /// Level 2 code (`quantity`, `quality`, `timeliness`, `output_cost`, …); level 1 follows.
    #[schema(example = "quality")]
    pub level2: String,
    /// Level 1 code, returned for reading; ignored when sent.
    #[serde(default, skip_deserializing)]
    pub level1: String,
    /// Name (三级指标).
    #[schema(example = "分项工程一次验收合格率")]
    pub name: String,
    /// `>=`, `>`, `<=`, `<`, `=` or `qualitative`.
    #[schema(example = ">=")]
    pub direction: String,
    /// Target value as a decimal string; absent for a qualitative indicator.
    #[schema(example = "98")]
    pub target: Option<String>,
    /// Target text of a qualitative indicator.
    pub target_text: Option<String>,
    /// Unit.
    #[schema(example = "%")]
    pub unit: String,
    /// Weight (分值) as a decimal string.
    #[schema(example = "15")]
    pub weight: String,
    /// Whether it is a core indicator (★).
    #[serde(default)]
    pub core: bool,
    /// `plan`, `industry`, `history` or `other`.
    #[schema(example = "industry")]
    pub standard: String,
    /// Where its values come from.
    #[serde(default)]
    pub data_source: String,
    /// `monthly`, `quarterly`, `half_yearly`, `yearly` or `once`.
    #[schema(example = "once")]
    pub frequency: String,
    /// `user:<login>` or `post:<code>`; absent when nobody answers for it yet.
    #[schema(example = "post:JT-GL-JC-ENG")]
    pub owner: Option<String>,
}

/// One broken rule.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProblemDto {
    /// Stable code, such as `weight_sum` or `missing_owner`.
    pub code: String,
    /// The message in Chinese.
    pub message_zh: String,
    /// The message in English.
    pub message_en: String,
}

/// What starting from the library added.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LibraryStart {
    /// The codes added, in table order; empty when the table had every template.
    pub added: Vec<String>,
    /// The targets now.
    pub targets: TargetsDto,
}

/// A project's performance targets and the rules they break.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{code}/targets",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The targets with their problems", body = TargetsDto),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's view_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<TargetsDto>, AppError> {
    let (_, summary) = visible_project(&state, &viewer, code).await?;
    let (targets, problems) = crate::targets::load(&state, &summary).await?;
    Ok(Json(TargetsDto::new(&targets, &problems)))
}

/// Replaces a project's performance targets; a set that breaks rules is stored and its
/// problems returned, since a budget's submission is what they block.
#[utoipa::path(
    put,
    path = "/api/v1/projects/{code}/targets",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    request_body(content = TargetsDto, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored; the targets with the problems that remain", body = TargetsDto),
        (status = 400, description = "A field cannot be read, a code is given twice, an owner is out of reach, or an indicator with readings is left out", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's edit_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project, user or post has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn put(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    body: String,
) -> Result<Json<TargetsDto>, AppError> {
    viewer.require()?;
    let body: TargetsDto = serde_json::from_str(&body)
        .map_err(|error| AppError::Invalid(format!("the body is not a target set: {error}")))?;
    let targets = body.into_core()?;
    let (_, problems) = crate::targets::save(&state, &viewer, code, &targets).await?;
    Ok(Json(TargetsDto::new(&targets, &problems)))
}

/// Adds the library's templates for the project's type that its table lacks.
#[utoipa::path(
    post,
    path = "/api/v1/projects/{code}/targets/library",
    tag = "projects",
    params(("code" = String, Path, description = "Project code")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The codes added and the targets now", body = LibraryStart),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The project is outside the caller's edit_project permission", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project has this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn library(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Json<LibraryStart>, AppError> {
    let (code, added) = crate::targets::start_from_the_library(&state, &viewer, code).await?;
    let summary = state.store.project(&code).await?;
    let (targets, problems) = crate::targets::load(&state, &summary).await?;
    Ok(Json(LibraryStart {
        added: added.iter().map(ToString::to_string).collect(),
        targets: TargetsDto::new(&targets, &problems),
    }))
}

impl TargetsDto {
    /// The DTO of `targets` with `problems`.
    pub fn new(targets: &TargetSet, problems: &[TargetProblem]) -> Self {
        TargetsDto {
            overall_goal: targets.overall_goal.clone(),
            annual_goals: targets
                .annual_goals
                .iter()
                .map(|(year, goal)| AnnualGoalDto {
                    year: *year,
                    goal: goal.clone(),
                })
                .collect(),
            execution_weight: targets.execution_weight.normalize().to_string(),
            indicators: targets
                .indicators
                .iter()
                .map(TargetIndicatorDto::from)
                .collect(),
            problems: problems
                .iter()
                .map(|p| ProblemDto {
                    code: p.code().to_owned(),
                    message_zh: p.message(true),
                    message_en: p.message(false),
                })
                .collect(),
        }
    }

    /// The core set; 400 naming the field's place in the body when one cannot be read.
    fn into_core(self) -> Result<TargetSet, AppError> {
        let execution_weight = decimal(&self.execution_weight)
            .ok_or_else(|| invalid("$.execution_weight", &self.execution_weight))?;
        let indicators = self
            .indicators
            .into_iter()
            .enumerate()
            .map(|(index, row)| row.into_core(index))
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(TargetSet {
            overall_goal: self.overall_goal,
            annual_goals: self
                .annual_goals
                .into_iter()
                .map(|g| (g.year, g.goal))
                .collect(),
            execution_weight,
            indicators,
        })
    }
}

impl TargetIndicatorDto {
    fn into_core(self, index: usize) -> Result<TargetIndicator, AppError> {
        let at = |field: &str| format!("$.indicators[{index}].{field}");
        let level2: Level2 = self
            .level2
            .parse()
            .map_err(|_| invalid(&at("level2"), &self.level2))?;
        let target = match &self.target {
            Some(text) => Some(decimal(text).ok_or_else(|| invalid(&at("target"), text))?),
            None => None,
        };
        Ok(TargetIndicator {
            indicator: Indicator {
                code: IndicatorCode::new(self.code.trim())
                    .map_err(|_| invalid(&at("code"), &self.code))?,
                level1: level2.parent(),
                level2,
                name: match self.name.trim() {
                    "" => return Err(invalid(&at("name"), "")),
                    name => name.to_owned(),
                },
                direction: self
                    .direction
                    .parse::<Direction>()
                    .map_err(|_| invalid(&at("direction"), &self.direction))?,
                target,
                target_text: self.target_text,
                unit: self.unit,
                weight: decimal(&self.weight)
                    .ok_or_else(|| invalid(&at("weight"), &self.weight))?,
                core: self.core,
            },
            standard: self
                .standard
                .parse::<TargetStandard>()
                .map_err(|_| invalid(&at("standard"), &self.standard))?,
            data_source: self.data_source,
            frequency: self
                .frequency
                .parse::<Frequency>()
                .map_err(|_| invalid(&at("frequency"), &self.frequency))?,
            owner: self.owner.filter(|owner| !owner.trim().is_empty()),
        })
    }
}

impl From<&TargetIndicator> for TargetIndicatorDto {
    fn from(row: &TargetIndicator) -> Self {
        let indicator = &row.indicator;
        TargetIndicatorDto {
            code: indicator.code.to_string(),
            level1: indicator.level1.code().to_owned(),
            level2: indicator.level2.code().to_owned(),
            name: indicator.name.clone(),
            direction: indicator.direction.code().to_owned(),
            target: indicator.target.map(|t| t.normalize().to_string()),
            target_text: indicator.target_text.clone(),
            unit: indicator.unit.clone(),
            weight: indicator.weight.normalize().to_string(),
            core: indicator.core,
            standard: row.standard.code().to_owned(),
            data_source: row.data_source.clone(),
            frequency: row.frequency.code().to_owned(),
            owner: row.owner.clone(),
        }
    }
}

fn decimal(text: &str) -> Option<Decimal> {
    text.trim().parse().ok()
}

fn invalid(field: &str, value: &str) -> AppError {
    AppError::Invalid(format!("{field}: \"{value}\" cannot be read"))
}
