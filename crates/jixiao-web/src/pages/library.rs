//! The target library page (`/library`, 绩效目标库): the indicator templates of one project
//! type, each beside the statistics of the actual values completed projects of that type
//! reached (count and quartiles), for readers who may `view_portfolio`; administrators
//! (`manage_users`) also add, edit and delete templates.
//!
//! Editing needs no script: an edit link reloads the page with the template in the form below
//! the table, and the delete button sits in that form, away from the list, so that a template
//! is not removed by a slip of the mouse.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jixiao_core::access::Action;
use jixiao_core::preparation::library::{IndicatorTemplate, Percentiles};
use jixiao_core::{IndicatorCode, ProjectType};
use serde::Deserialize;

use super::library_form::{TemplateInput, choices};
use super::{FormBody, PageCtx, SelectOption, render, see_other};
use crate::AppState;
use crate::api::library::require_library_admin;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format::{self, DASH};
use crate::i18n::fill;
use crate::params::Params;

/// Query parameters of the library page.
#[derive(Debug, Default, Deserialize)]
pub struct LibraryQuery {
    /// The project type shown; highway when none.
    #[serde(rename = "type")]
    project_type: Option<String>,
    /// The code of the template the form shows.
    edit: Option<String>,
    /// The code of the template just saved.
    saved: Option<String>,
    /// The code of the template just deleted.
    deleted: Option<String>,
}

/// One project type tab.
#[derive(Debug, Clone)]
pub struct TypeTab {
    /// Where it leads.
    pub href: String,
    /// The type's name.
    pub label: &'static str,
    /// Whether it is the type shown.
    pub current: bool,
}

/// One template with its statistics, written out.
#[derive(Debug, Clone)]
pub struct TemplateRow {
    /// Code.
    pub code: String,
    /// Level-1 name.
    pub level1: &'static str,
    /// Level-2 name.
    pub level2: &'static str,
    /// Indicator name.
    pub name: String,
    /// Direction symbol or 定性.
    pub direction: &'static str,
    /// Target with its unit, the target text, or a dash.
    pub target: String,
    /// Weight.
    pub weight: String,
    /// The standard the target is set from.
    pub standard: &'static str,
    /// How often it is collected.
    pub frequency: &'static str,
    /// Where its values come from.
    pub data_source: String,
    /// Whether it is a core indicator.
    pub core: bool,
    /// The statistics of past actual values, if any project measured it.
    pub history: Option<HistoryCells>,
    /// The edit link (administrators only).
    pub edit_href: String,
}

/// The statistics of one template, written out with the template's unit.
#[derive(Debug, Clone)]
pub struct HistoryCells {
    /// How many completed projects measured it.
    pub count: String,
    /// The 25th percentile.
    pub p25: String,
    /// The median.
    pub p50: String,
    /// The 75th percentile.
    pub p75: String,
}

/// The administrator's form.
#[derive(Debug, Clone)]
pub struct TemplateFormView {
    /// The session's CSRF token.
    pub csrf: String,
    /// Whether a stored template is being edited (rather than a new one added).
    pub editing: bool,
    /// The fields as typed or stored.
    pub input: TemplateInput,
    /// Project types.
    pub types: Vec<SelectOption>,
    /// Level-2 indicators with their level 1.
    pub level2: Vec<SelectOption>,
    /// Directions.
    pub directions: Vec<SelectOption>,
    /// Standards.
    pub standards: Vec<SelectOption>,
    /// Frequencies.
    pub frequencies: Vec<SelectOption>,
    /// What was wrong with the last submission.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "library.html")]
struct LibraryPage {
    ctx: PageCtx,
    tabs: Vec<TypeTab>,
    type_name: &'static str,
    count: String,
    rows: Vec<TemplateRow>,
    notice: Option<String>,
    form: Option<TemplateFormView>,
}

/// The fields of the delete button's form.
#[derive(Debug, Default, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    project_type: String,
    #[serde(default)]
    code: String,
}

/// `GET /library`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Params(query): Params<LibraryQuery>,
) -> Result<Response, AppError> {
    viewer.visible(Action::ViewPortfolio)?;
    let project_type = project_type(query.project_type.as_deref())?;
    let admin = require_library_admin(&viewer).is_ok();
    let templates = state.store.indicator_templates(Some(project_type)).await?;
    let notice = match (&query.saved, &query.deleted) {
        (Some(code), _) => Some(fill(ctx.locale, "library.saved", &[("code", code)])),
        (None, Some(code)) => Some(fill(ctx.locale, "library.deleted", &[("code", code)])),
        _ => None,
    };
    let form = admin.then(|| {
        let edited = query
            .edit
            .as_deref()
            .and_then(|code| templates.iter().find(|t| t.code.as_str() == code));
        match edited {
            Some(template) => (true, TemplateInput::of_template(template)),
            None => (false, TemplateInput::new_of_type(project_type)),
        }
    });
    let shown = Shown {
        project_type,
        templates: &templates,
        admin,
        notice,
        form,
        error: None,
    };
    show(&state, ctx, shown).await
}

/// `POST /library`: adds or replaces a template (administrators).
pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    FormBody(input): FormBody<TemplateInput>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&input.csrf)?;
    require_library_admin(&viewer)?;
    let template = match input.template(ctx.locale) {
        Ok(template) => template,
        Err(message) => {
            let project_type = input.project_type.parse().unwrap_or(ProjectType::Highway);
            let templates = state.store.indicator_templates(Some(project_type)).await?;
            let editing = templates
                .iter()
                .any(|t| t.code.as_str() == input.code.trim());
            let shown = Shown {
                project_type,
                templates: &templates,
                admin: true,
                notice: None,
                form: Some((editing, input)),
                error: Some(message),
            };
            return show(&state, ctx, shown).await;
        }
    };
    state.store.save_template(&template).await?;
    let query = serde_urlencoded::to_string([
        ("type", template.project_type.code()),
        ("saved", template.code.as_str()),
        ("edit", template.code.as_str()),
    ])
    .unwrap_or_default();
    Ok(see_other(&format!(
        "/library?{query}#tpl-{}",
        template.code
    )))
}

/// `POST /library/delete`: removes a template (administrators).
pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    FormBody(form): FormBody<DeleteForm>,
) -> Result<Response, AppError> {
    viewer.check_csrf(&form.csrf)?;
    require_library_admin(&viewer)?;
    let project_type = project_type(Some(&form.project_type))?;
    let code = IndicatorCode::new(form.code.clone()).map_err(|_| AppError::NotFound {
        entity: "indicator template",
        key: form.code.clone(),
    })?;
    state.store.delete_template(project_type, &code).await?;
    let query =
        serde_urlencoded::to_string([("type", project_type.code()), ("deleted", code.as_str())])
            .unwrap_or_default();
    Ok(see_other(&format!("/library?{query}")))
}

/// A project type from the query; highway when none.
fn project_type(text: Option<&str>) -> Result<ProjectType, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(ProjectType::Highway),
        Some(text) => text
            .parse()
            .map_err(|e: jixiao_core::UnknownCode| AppError::Invalid(e.to_string())),
    }
}

/// What one rendering of the page shows besides the request's context.
struct Shown<'a> {
    project_type: ProjectType,
    templates: &'a [IndicatorTemplate],
    admin: bool,
    notice: Option<String>,
    /// Whether a stored template is edited, and the form's fields.
    form: Option<(bool, TemplateInput)>,
    error: Option<String>,
}

async fn show(state: &AppState, ctx: PageCtx, shown: Shown<'_>) -> Result<Response, AppError> {
    let Shown {
        project_type,
        templates,
        admin,
        notice,
        form,
        error,
    } = shown;
    let locale = ctx.locale;
    let statistics = state.store.library_statistics(project_type).await?;
    let pick = |zh: &'static str, en: &'static str| locale.pick(zh, en);
    let tabs = ProjectType::ALL
        .iter()
        .map(|t| TypeTab {
            href: format!("/library?type={}", t.code()),
            label: pick(t.name_zh(), t.name_en()),
            current: *t == project_type,
        })
        .collect();
    let rows = templates
        .iter()
        .map(|t| TemplateRow {
            code: t.code.to_string(),
            level1: pick(t.level1.name_zh(), t.level1.name_en()),
            level2: pick(t.level2.name_zh(), t.level2.name_en()),
            name: t.name.clone(),
            direction: pick(t.direction.name_zh(), t.direction.name_en()),
            target: target_text(t),
            weight: format::decimal(t.default_weight),
            standard: pick(t.standard.name_zh(), t.standard.name_en()),
            frequency: pick(t.frequency.name_zh(), t.frequency.name_en()),
            data_source: t.data_source.clone(),
            core: t.core,
            history: statistics.get(&t.code).map(|p| history_cells(p, &t.unit)),
            edit_href: format!(
                "/library?type={}&edit={}#template-form",
                project_type.code(),
                t.code
            ),
        })
        .collect();
    let form = match form {
        Some((editing, input)) if admin => {
            let options = choices(&ctx, &input);
            Some(TemplateFormView {
                csrf: ctx
                    .user
                    .as_ref()
                    .map(|u| u.csrf.clone())
                    .unwrap_or_default(),
                editing,
                types: options.types,
                level2: options.level2,
                directions: options.directions,
                standards: options.standards,
                frequencies: options.frequencies,
                input,
                error,
            })
        }
        _ => None,
    };
    let count = templates.len().to_string();
    render(&LibraryPage {
        tabs,
        type_name: pick(project_type.name_zh(), project_type.name_en()),
        count: fill(locale, "library.count", &[("count", &count)]),
        rows,
        notice,
        form,
        ctx,
    })
}

/// The target as the table shows it: the value with its unit, or the text of a qualitative
/// target, or a dash when only the project can say.
fn target_text(template: &IndicatorTemplate) -> String {
    match (&template.target_text, template.default_target) {
        (Some(text), _) if !text.trim().is_empty() => text.clone(),
        (_, Some(value)) => format::with_unit(value, &template.unit),
        _ => match template.unit.trim() {
            "" => DASH.to_owned(),
            unit => format!("{DASH} {unit}"),
        },
    }
}

/// The statistics of a template written with its unit.
pub fn history_cells(percentiles: &Percentiles, unit: &str) -> HistoryCells {
    HistoryCells {
        count: percentiles.count.to_string(),
        p25: format::with_unit(percentiles.p25, unit),
        p50: format::with_unit(percentiles.p50, unit),
        p75: format::with_unit(percentiles.p75, unit),
    }
}
