//! `/api/v1/library…`: the target library (绩效目标库), its indicator templates with the
//! statistics of past actual values (`view_portfolio`), and adding, replacing or deleting a
//! template (administrators: `manage_users` everywhere).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use jixiao_core::access::{Action, Denied, DeniedReason};
use jixiao_core::indicator::{Direction, Level2};
use jixiao_core::preparation::library::{IndicatorTemplate, Percentiles};
use jixiao_core::preparation::target::{Frequency, TargetStandard};
use jixiao_core::{IndicatorCode, ProjectType};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{SignedIn, Viewer};
use crate::error::{AppError, Problem};
use crate::params::Params;

/// Query parameters of the library.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryParams {
    /// Project type code, such as `highway`; every type when absent.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub project_type: Option<String>,
}

/// An indicator template with the statistics of its past actual values.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplateDto {
    /// Project type code.
    #[schema(example = "highway")]
    pub project_type: String,
    /// Indicator code, unique within the type.
    #[schema(example = "first_pass_rate")]
    pub code: String,
    /// Level-1 code.
    #[schema(example = "output")]
    pub level1: String,
    /// Level-2 code.
    #[schema(example = "quality")]
    pub level2: String,
    /// Indicator name (三级指标).
    #[schema(example = "分项工程一次验收合格率")]
    pub name: String,
    /// `>=`, `>`, `<=`, `<`, `=` or `qualitative`.
    #[schema(example = ">=")]
    pub direction: String,
    /// Unit.
    #[schema(example = "%")]
    pub unit: String,
    /// Default weight, a decimal string.
    #[schema(example = "15")]
    pub weight: String,
    /// Default target, a decimal string; null when only the project can say.
    #[schema(example = "98")]
    pub target: Option<String>,
    /// Target text of a qualitative indicator.
    pub target_text: Option<String>,
    /// Where its values come from.
    pub data_source: String,
    /// `plan`, `industry`, `history` or `other`.
    pub standard: String,
    /// `monthly`, `quarterly`, `half_yearly`, `yearly` or `once`.
    pub frequency: String,
    /// Whether it is a core indicator (★).
    pub core: bool,
    /// The latest actual values of completed projects of the type; null without any.
    pub statistics: Option<StatisticsDto>,
}

/// Count and quartiles of past actual values (PERCENTILE.INC), decimal strings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StatisticsDto {
    /// How many completed projects measured the indicator.
    pub count: usize,
    /// The 25th percentile.
    #[schema(example = "97.5")]
    pub p25: String,
    /// The median.
    pub p50: String,
    /// The 75th percentile.
    pub p75: String,
}

/// A template as sent: the project type and code come from the path.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    /// Level-2 code; the level 1 follows from it.
    #[schema(example = "quality")]
    pub level2: String,
    /// Indicator name.
    pub name: String,
    /// `>=`, `>`, `<=`, `<`, `=` or `qualitative`.
    pub direction: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Default weight, a decimal string.
    pub weight: String,
    /// Default target, a decimal string.
    #[serde(default)]
    pub target: Option<String>,
    /// Target text, required for a qualitative indicator.
    #[serde(default)]
    pub target_text: Option<String>,
    /// Where its values come from.
    #[serde(default)]
    pub data_source: String,
    /// `plan`, `industry`, `history` or `other`.
    pub standard: String,
    /// `monthly`, `quarterly`, `half_yearly`, `yearly` or `once`.
    pub frequency: String,
    /// Whether it is a core indicator.
    #[serde(default)]
    pub core: bool,
}

/// The library's templates (of one type, or all) with their statistics.
#[utoipa::path(
    get,
    path = "/api/v1/library",
    tag = "library",
    params(LibraryParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Templates in display order, by type", body = Vec<TemplateDto>),
        (status = 400, description = "Unknown project type", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_portfolio", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<LibraryParams>,
) -> Result<Json<Vec<TemplateDto>>, AppError> {
    viewer.visible(Action::ViewPortfolio)?;
    let project_type = match params.project_type.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(project_type(text)?),
    };
    templates_with_statistics(&state, project_type)
        .await
        .map(Json)
}

/// Adds a template, or replaces the template of the type with the code.
#[utoipa::path(
    put,
    path = "/api/v1/library/{type}/{code}",
    tag = "library",
    params(
        ("type" = String, Path, description = "Project type code"),
        ("code" = String, Path, description = "Indicator code")
    ),
    security(("bearer" = [])),
    request_body(content = TemplateBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The template was stored; the type's templates now", body = Vec<TemplateDto>),
        (status = 400, description = "Unknown type, bad code or an invalid field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is no administrator (manage_users everywhere)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn put(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((kind, code)): Path<(String, String)>,
    body: String,
) -> Result<Json<Vec<TemplateDto>>, AppError> {
    require_library_admin(&viewer)?;
    let project_type = project_type(&kind)?;
    let code = IndicatorCode::new(code).map_err(|e| AppError::Invalid(e.to_string()))?;
    let body: TemplateBody = serde_json::from_str(&body)
        .map_err(|error| AppError::Invalid(format!("the body is not a template: {error}")))?;
    let template = body.into_template(project_type, code)?;
    state.store.save_template(&template).await?;
    templates_with_statistics(&state, Some(project_type))
        .await
        .map(Json)
}

/// Deletes a template.
#[utoipa::path(
    delete,
    path = "/api/v1/library/{type}/{code}",
    tag = "library",
    params(
        ("type" = String, Path, description = "Project type code"),
        ("code" = String, Path, description = "Indicator code")
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The template was deleted; the type's templates now", body = Vec<TemplateDto>),
        (status = 400, description = "Unknown project type", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is no administrator (manage_users everywhere)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The type has no template with this code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((kind, code)): Path<(String, String)>,
) -> Result<Json<Vec<TemplateDto>>, AppError> {
    require_library_admin(&viewer)?;
    let project_type = project_type(&kind)?;
    let code = IndicatorCode::new(code.clone()).map_err(|_| AppError::NotFound {
        entity: "indicator template",
        key: code,
    })?;
    state.store.delete_template(project_type, &code).await?;
    templates_with_statistics(&state, Some(project_type))
        .await
        .map(Json)
}

/// The caller, once they may edit the library: the library serves every organization, so only
/// a `manage_users` permission that reaches everywhere (an administrator's) will do. 401
/// without a credential, 403 naming `manage_users` otherwise.
pub fn require_library_admin(viewer: &Viewer) -> Result<&SignedIn, AppError> {
    let signed_in = viewer.require()?;
    match viewer.visible(Action::ManageUsers)? {
        None => Ok(signed_in),
        Some(_) => Err(AppError::Forbidden(Denied {
            action: Action::ManageUsers,
            reason: DeniedReason::OutOfScope,
        })),
    }
}

/// The templates of `project_type` (or of all types) with the statistics of each type.
async fn templates_with_statistics(
    state: &AppState,
    project_type: Option<ProjectType>,
) -> Result<Vec<TemplateDto>, AppError> {
    let templates = state.store.indicator_templates(project_type).await?;
    let mut statistics: BTreeMap<ProjectType, BTreeMap<IndicatorCode, Percentiles>> =
        BTreeMap::new();
    for template in &templates {
        if let std::collections::btree_map::Entry::Vacant(entry) =
            statistics.entry(template.project_type)
        {
            entry.insert(
                state
                    .store
                    .library_statistics(template.project_type)
                    .await?,
            );
        }
    }
    Ok(templates
        .iter()
        .map(|t| {
            let stats = statistics
                .get(&t.project_type)
                .and_then(|by_code| by_code.get(&t.code));
            TemplateDto::new(t, stats)
        })
        .collect())
}

fn project_type(text: &str) -> Result<ProjectType, AppError> {
    text.parse()
        .map_err(|e: jixiao_core::UnknownCode| AppError::Invalid(e.to_string()))
}

impl TemplateDto {
    fn new(template: &IndicatorTemplate, statistics: Option<&Percentiles>) -> Self {
        let text = |d: Decimal| d.normalize().to_string();
        TemplateDto {
            project_type: template.project_type.code().to_owned(),
            code: template.code.to_string(),
            level1: template.level1.code().to_owned(),
            level2: template.level2.code().to_owned(),
            name: template.name.clone(),
            direction: template.direction.code().to_owned(),
            unit: template.unit.clone(),
            weight: text(template.default_weight),
            target: template.default_target.map(text),
            target_text: template.target_text.clone(),
            data_source: template.data_source.clone(),
            standard: template.standard.code().to_owned(),
            frequency: template.frequency.code().to_owned(),
            core: template.core,
            statistics: statistics.map(|p| StatisticsDto {
                count: p.count,
                p25: text(p.p25),
                p50: text(p.p50),
                p75: text(p.p75),
            }),
        }
    }
}

impl TemplateBody {
    /// The core template; 400 naming the field at fault.
    fn into_template(
        self,
        project_type: ProjectType,
        code: IndicatorCode,
    ) -> Result<IndicatorTemplate, AppError> {
        let invalid =
            |field: &str, problem: String| AppError::Invalid(format!("$.{field}: {problem}"));
        let decimal = |field: &str, text: &str| {
            text.trim()
                .parse::<Decimal>()
                .map_err(|_| invalid(field, format!("\"{text}\" is not a decimal number")))
        };
        let level2: Level2 = self
            .level2
            .parse()
            .map_err(|e: jixiao_core::UnknownCode| invalid("level2", e.to_string()))?;
        let direction: Direction = self
            .direction
            .parse()
            .map_err(|e: jixiao_core::UnknownCode| invalid("direction", e.to_string()))?;
        let standard: TargetStandard = self
            .standard
            .parse()
            .map_err(|e: jixiao_core::UnknownCode| invalid("standard", e.to_string()))?;
        let frequency: Frequency = self
            .frequency
            .parse()
            .map_err(|e: jixiao_core::UnknownCode| invalid("frequency", e.to_string()))?;
        let name = self.name.trim();
        if name.is_empty() {
            return Err(invalid("name", "a template needs a name".to_owned()));
        }
        let weight = decimal("weight", &self.weight)?;
        if weight < Decimal::ZERO {
            return Err(invalid("weight", "a weight may not be negative".to_owned()));
        }
        let target = self
            .target
            .as_deref()
            .map(|t| decimal("target", t))
            .transpose()?;
        let target_text = self
            .target_text
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        if direction == Direction::Qualitative && target_text.is_none() {
            return Err(invalid(
                "target_text",
                "a qualitative indicator needs a target text".to_owned(),
            ));
        }
        Ok(IndicatorTemplate {
            project_type,
            code,
            level1: level2.parent(),
            level2,
            name: name.to_owned(),
            direction,
            unit: self.unit.trim().to_owned(),
            default_weight: weight,
            default_target: target,
            target_text,
            data_source: self.data_source.trim().to_owned(),
            standard,
            frequency,
            core: self.core,
        })
    }
}
