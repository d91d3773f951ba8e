//! The performance targets page (`/projects/{code}/targets`, 绩效目标): the goals and the
//! indicator table of a project with every rule it still breaks, the library's past values
//! beside each indicator, and for editors the form that edits it all and the button that
//! starts the table from the target library.
//!
//! Reading the form is `targets_form`; saving and the library start are shared with the API in
//! `crate::targets`. The printable declaration form and its workbook are `declaration`.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jixiao_core::access::Action;
use jixiao_core::preparation::library::Percentiles;
use jixiao_core::preparation::target::{Frequency, TargetIndicator, TargetProblem, TargetStandard};
use jixiao_core::{Direction, IndicatorCode, Level1, Level2, ProjectSummary};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

use super::owners::owner_choices;
use super::targets_form::TargetInput;
use super::{FormBody, PageCtx, render_with_status, see_other};
use crate::AppState;
use crate::api::projects::visible_project;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format::{self, DASH};
use crate::i18n::{Locale, fill, t};
use crate::ownership::{candidates, editable_project};
use crate::params::Params;
use crate::targets::{load, save, start_from_the_library};

/// Query parameters of the targets page.
#[derive(Debug, Default, Deserialize)]
pub struct TargetsQuery {
    /// `saved` after a save, `library` after a start from the library.
    done: Option<String>,
    /// How many rows the library added.
    added: Option<usize>,
}

/// A `(value, label)` choice of a select box.
pub type Choice = (String, String);

/// One indicator as the read-only table shows it.
#[derive(Debug, Clone)]
pub struct IndicatorView {
    /// Level 1 name.
    pub level1: String,
    /// Level 2 name.
    pub level2: String,
    /// Code.
    pub code: String,
    /// Name, with ★ for a core indicator.
    pub name: String,
    /// Whether it is a core indicator.
    pub core: bool,
    /// Direction, target and unit, such as `≥ 98 %`.
    pub target: String,
    /// Weight.
    pub weight: String,
    /// Standard name.
    pub standard: String,
    /// Data source.
    pub data_source: String,
    /// Frequency name.
    pub frequency: String,
    /// Owner label, or 未指定.
    pub owner: String,
    /// Past values of completed projects, `P25 / median / P75 (n)`, or a dash.
    pub history: String,
}

/// The editing form.
#[derive(Debug, Clone)]
pub struct TargetFormView {
    /// The session's CSRF token.
    pub csrf: String,
    /// The goals and rows as typed or stored.
    pub input: TargetInput,
    /// What could not be read in the last submission.
    pub errors: Vec<String>,
    /// Level 2 choices, grouped under their level 1.
    pub levels: Vec<(String, Vec<Choice>)>,
    /// Direction choices.
    pub directions: Vec<Choice>,
    /// Standard choices.
    pub standards: Vec<Choice>,
    /// Frequency choices.
    pub frequencies: Vec<Choice>,
    /// Owner choices besides "none".
    pub owners: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    ctx: PageCtx,
    code: String,
    name: String,
    project_type: String,
    overall_goal: String,
    execution_weight: String,
    annual_goals: Vec<(String, String)>,
    indicators: Vec<IndicatorView>,
    weight_total: String,
    problems: Vec<String>,
    problems_title: String,
    notice: Option<String>,
    form: Option<TargetFormView>,
}

/// `GET /projects/{code}/targets`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    Params(query): Params<TargetsQuery>,
) -> Result<Response, AppError> {
    let (_, summary) = visible_project(&state, &viewer, code).await?;
    let notice = match query.done.as_deref() {
        Some("saved") => Some(t(ctx.locale, "targets.saved").to_owned()),
        Some("library") => Some(fill(
            ctx.locale,
            "targets.library_added",
            &[("count", &query.added.unwrap_or(0).to_string())],
        )),
        _ => None,
    };
    show(&state, ctx, &viewer, &summary, None, notice, StatusCode::OK).await
}

/// `POST /projects/{code}/targets`: stores the goals and the indicator table, or shows the form
/// again, as typed, with every field that could not be read.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    FormBody(form): FormBody<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    viewer.check_csrf(csrf_of(&form))?;
    let (code, summary) = editable_project(&state, &viewer, code).await?;
    let input = TargetInput::from_pairs(&form);
    let targets = match input.target_set(ctx.locale) {
        Ok(targets) => targets,
        Err(errors) => {
            let typed = Some((input.with_blank_rows(), errors));
            return show(
                &state,
                ctx,
                &viewer,
                &summary,
                typed,
                None,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    match save(&state, &viewer, code.to_string(), &targets).await {
        Ok(_) => Ok(see_other(&format!("/projects/{code}/targets?done=saved"))),
        Err(
            AppError::Invalid(detail)
            | AppError::Database(jixiao_store::StoreError::Invalid(detail)),
        ) => {
            let message = fill(ctx.locale, "targets.error.failed", &[("detail", &detail)]);
            let typed = Some((input.with_blank_rows(), vec![message]));
            show(
                &state,
                ctx,
                &viewer,
                &summary,
                typed,
                None,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// `POST /projects/{code}/targets/library`: adds the library's templates the table lacks.
pub async fn library(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    FormBody(form): FormBody<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    viewer.check_csrf(csrf_of(&form))?;
    let (code, added) = start_from_the_library(&state, &viewer, code).await?;
    Ok(see_other(&format!(
        "/projects/{code}/targets?done=library&added={}#target-form",
        added.len()
    )))
}

fn csrf_of(form: &[(String, String)]) -> &str {
    form.iter()
        .find(|(name, _)| name == "csrf")
        .map_or("", |(_, value)| value.as_str())
}

/// Renders the page; `typed` is a submission to show again with its errors.
async fn show(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    summary: &ProjectSummary,
    typed: Option<(TargetInput, Vec<String>)>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let locale = ctx.locale;
    let project = &summary.project;
    let (targets, problems) = load(state, summary).await?;
    let statistics = state.store.library_statistics(project.project_type).await?;
    let can_edit = viewer
        .authorize(Action::EditProject, &project.organization)
        .is_ok();
    let responsibilities = state.store.responsibilities(&project.code).await?;
    let owner_names: BTreeMap<String, String> = responsibilities
        .iter()
        .map(|r| (r.owner.reference(), r.owner_name.clone()))
        .collect();
    let form = if can_edit {
        let candidates = candidates(state, viewer, &project.organization).await?;
        let owners = owner_choices(&ctx, &candidates, &responsibilities)
            .into_iter()
            .map(|(value, label, _)| (value, label))
            .collect();
        let (input, errors) = typed.unwrap_or_else(|| (TargetInput::of_set(&targets), Vec::new()));
        Some(TargetFormView {
            csrf: ctx
                .user
                .as_ref()
                .map(|u| u.csrf.clone())
                .unwrap_or_default(),
            input,
            errors,
            levels: level_choices(locale),
            directions: Direction::ALL
                .iter()
                .map(|d| (d.code().to_owned(), direction_label(locale, *d)))
                .collect(),
            standards: TargetStandard::ALL
                .iter()
                .map(|s| {
                    (
                        s.code().to_owned(),
                        locale.pick(s.name_zh(), s.name_en()).to_owned(),
                    )
                })
                .collect(),
            frequencies: Frequency::ALL
                .iter()
                .map(|f| {
                    (
                        f.code().to_owned(),
                        locale.pick(f.name_zh(), f.name_en()).to_owned(),
                    )
                })
                .collect(),
            owners,
        })
    } else {
        None
    };
    let weight_total: Decimal = targets.indicators.iter().map(|r| r.indicator.weight).sum();
    let page = TargetsPage {
        code: project.code.to_string(),
        name: project.name.clone(),
        project_type: locale
            .pick(
                project.project_type.name_zh(),
                project.project_type.name_en(),
            )
            .to_owned(),
        overall_goal: targets.overall_goal.clone(),
        execution_weight: format::decimal(targets.execution_weight),
        annual_goals: targets
            .annual_goals
            .iter()
            .map(|(year, goal)| (year.to_string(), goal.clone()))
            .collect(),
        indicators: targets
            .indicators
            .iter()
            .map(|row| indicator_view(locale, row, &owner_names, &statistics))
            .collect(),
        weight_total: format::decimal(weight_total + targets.execution_weight),
        problems: problem_texts(locale, &problems),
        problems_title: fill(
            locale,
            "targets.problems",
            &[("count", &problems.len().to_string())],
        ),
        notice,
        form,
        ctx,
    };
    render_with_status(status, &page)
}

/// Every problem as a sentence in the reader's language.
pub fn problem_texts(locale: Locale, problems: &[TargetProblem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| p.message(locale == Locale::Zh))
        .collect()
}

/// A direction as a reader sees it: the sign, or 定性 for a qualitative indicator.
pub fn direction_label(locale: Locale, direction: Direction) -> String {
    match direction {
        Direction::Qualitative => t(locale, "targets.qualitative").to_owned(),
        other => other.name_zh().to_owned(),
    }
}

/// The target of `row` as one phrase: `≥ 98 %`, or the text of a qualitative target.
pub fn target_phrase(locale: Locale, row: &TargetIndicator) -> String {
    let indicator = &row.indicator;
    match (indicator.direction, indicator.target) {
        (Direction::Qualitative, _) => indicator.target_text.clone().unwrap_or_default(),
        (direction, Some(target)) => format!(
            "{} {}",
            direction_label(locale, direction),
            format::with_unit(target, &indicator.unit)
        ),
        (_, None) => t(locale, "targets.no_target").to_owned(),
    }
}

fn indicator_view(
    locale: Locale,
    row: &TargetIndicator,
    owner_names: &BTreeMap<String, String>,
    statistics: &BTreeMap<IndicatorCode, Percentiles>,
) -> IndicatorView {
    let indicator = &row.indicator;
    let owner = match &row.owner {
        Some(reference) => owner_names
            .get(reference)
            .cloned()
            .unwrap_or_else(|| reference.clone()),
        None => t(locale, "project.unassigned").to_owned(),
    };
    let history = statistics.get(&indicator.code).map_or_else(
        || DASH.to_owned(),
        |p| {
            // Two decimals are enough to set a target from; the library page shows all four.
            let short = |value: Decimal| {
                format::decimal(
                    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
                )
            };
            format!(
                "{} / {} / {} ({})",
                short(p.p25),
                short(p.p50),
                short(p.p75),
                p.count
            )
        },
    );
    IndicatorView {
        level1: locale
            .pick(indicator.level1.name_zh(), indicator.level1.name_en())
            .to_owned(),
        level2: locale
            .pick(indicator.level2.name_zh(), indicator.level2.name_en())
            .to_owned(),
        code: indicator.code.to_string(),
        name: indicator.name.clone(),
        core: indicator.core,
        target: target_phrase(locale, row),
        weight: format::decimal(indicator.weight),
        standard: locale
            .pick(row.standard.name_zh(), row.standard.name_en())
            .to_owned(),
        data_source: row.data_source.clone(),
        frequency: locale
            .pick(row.frequency.name_zh(), row.frequency.name_en())
            .to_owned(),
        owner,
        history,
    }
}

/// The level 2 choices grouped under their level 1, in tree order.
fn level_choices(locale: Locale) -> Vec<(String, Vec<Choice>)> {
    let mut groups: Vec<(Level1, Vec<Choice>)> = Vec::new();
    for level in Level2::ALL {
        let choice = (
            level.code().to_owned(),
            locale.pick(level.name_zh(), level.name_en()).to_owned(),
        );
        match groups
            .iter_mut()
            .find(|(parent, _)| *parent == level.parent())
        {
            Some((_, choices)) => choices.push(choice),
            None => groups.push((level.parent(), vec![choice])),
        }
    }
    groups
        .into_iter()
        .map(|(parent, choices)| {
            let name = locale.pick(parent.name_zh(), parent.name_en()).to_owned();
            (name, choices)
        })
        .collect()
}
