//! The cost stages page (`/projects/{code}/stages`, 造价阶段 / 三算对比): the project's cost
//! breakdown at every stored stage side by side, the change between consecutive stages, the
//! totals as a chart, the 10 % rule of the Government Investment Regulation, the Excel export,
//! and for editors the form that enters or replaces one stage.
//!
//! The comparison itself comes from `jixiao_core::preparation::stage::compare`; this module
//! only writes its figures out (money in 万元 like every other page).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jixiao_core::access::Action;
use jixiao_core::preparation::stage::{
    CostStage, StageBreakdown, StageComparison, StageDifference, compare, overrun_limit,
};
use jixiao_core::{CostCategory, Money, ProjectCode, ProjectSummary};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::stages_form::{FormRow, StageInput};
use super::{FormBody, PageCtx, render, see_other};
use crate::AppState;
use crate::api::projects::visible_project;
use crate::auth::Viewer;
use crate::chart::stages::{StageBar, StageLabels, render as stage_chart};
use crate::error::AppError;
use crate::format::{self, DASH};
use crate::i18n::{Locale, fill};
use crate::ownership::editable_project;
use crate::params::Params;
use crate::xlsx::{self, SheetTitle};

/// Query parameters of the stages page.
#[derive(Debug, Default, Deserialize)]
pub struct StagesQuery {
    /// The stage the form shows.
    edit: Option<String>,
    /// The stage just saved, for the confirmation.
    saved: Option<String>,
    /// Set when saving raised the 10 % warning.
    warned: Option<String>,
}

/// One line (or the totals) of the comparison, written out.
#[derive(Debug, Clone)]
pub struct ComparisonLine {
    /// Line code; empty on the totals row.
    pub code: String,
    /// Line name.
    pub name: String,
    /// Cost category name.
    pub category: String,
    /// The amount at each stage in 万元, or a dash where the stage lacks the line.
    pub amounts: Vec<String>,
    /// The change to each next stage.
    pub differences: Vec<DifferenceCell>,
}

/// The change between two consecutive stages, written out.
#[derive(Debug, Clone)]
pub struct DifferenceCell {
    /// The change in 万元 with its sign.
    pub amount: String,
    /// The change in percent with its sign, or a dash against a zero base.
    pub percent: String,
    /// `rise`, `fall` or empty, for the colour.
    pub class: &'static str,
}

/// The confirmation shown after saving.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Whether saving raised the 10 % warning.
    pub warn: bool,
    /// The sentence shown.
    pub text: String,
}

/// A stage the form can be switched to.
#[derive(Debug, Clone)]
pub struct StageChoice {
    /// Its code.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Whether the project has it stored.
    pub stored: bool,
    /// Whether the form shows it.
    pub current: bool,
}

/// A cost category of the select boxes.
#[derive(Debug, Clone)]
pub struct CategoryChoice {
    /// Its code.
    pub code: String,
    /// Its name, indented below its parent.
    pub label: String,
}

/// The form for entering one stage.
#[derive(Debug, Clone)]
pub struct StageFormView {
    /// The session's CSRF token.
    pub csrf: String,
    /// The stages, one of them current.
    pub stages: Vec<StageChoice>,
    /// The rows as typed or stored.
    pub rows: Vec<FormRow>,
    /// The categories to choose from.
    pub categories: Vec<CategoryChoice>,
    /// What was wrong with the last submission.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "stages.html")]
struct StagesPage {
    ctx: PageCtx,
    code: String,
    name: String,
    rule: String,
    stage_names: Vec<&'static str>,
    difference_heads: Vec<String>,
    rows: Vec<ComparisonLine>,
    totals: ComparisonLine,
    warning: Option<String>,
    within_limit: Option<String>,
    chart: String,
    notice: Option<Notice>,
    form: Option<StageFormView>,
}

/// What the page and the export read about a project.
struct Loaded {
    code: ProjectCode,
    summary: ProjectSummary,
    stages: Vec<StageBreakdown>,
    comparison: StageComparison,
    categories: Vec<CostCategory>,
}

/// `GET /projects/{code}/stages`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    Params(query): Params<StagesQuery>,
) -> Result<Response, AppError> {
    let (code, summary) = visible_project(&state, &viewer, code).await?;
    let loaded = load(&state, code, summary).await?;
    let can_edit = viewer
        .authorize(Action::EditProject, &loaded.summary.project.organization)
        .is_ok();
    let notice = query
        .saved
        .as_deref()
        .and_then(|s| s.parse::<CostStage>().ok())
        .map(|stage| saved_notice(&ctx, stage, query.warned.is_some(), &loaded));
    let form = can_edit.then(|| {
        let stage = query
            .edit
            .as_deref()
            .and_then(|s| s.parse::<CostStage>().ok())
            .unwrap_or_else(|| default_stage(&loaded.stages));
        let stored = loaded.stages.iter().find(|s| s.stage == stage);
        StageInput::of_breakdown(stage, stored)
    });
    show(&loaded, ctx, notice, form, None)
}

/// `POST /projects/{code}/stages`: enters or replaces one stage, then shows the page again
/// with a confirmation (and the warning, when the 概算 broke the 10 % rule).
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    FormBody(form): FormBody<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let sent_csrf = form
        .iter()
        .find(|(name, _)| name == "csrf")
        .map_or("", |(_, value)| value.as_str());
    let signed_in = viewer.check_csrf(sent_csrf)?;
    let (code, summary) = editable_project(&state, &viewer, code).await?;
    let loaded = load(&state, code, summary).await?;
    let input = StageInput::from_pairs(&form);
    let known: Vec<String> = loaded
        .categories
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    let breakdown = match input.breakdown(ctx.locale, &known) {
        Ok(breakdown) => breakdown,
        Err(message) => {
            return show(
                &loaded,
                ctx,
                None,
                Some(input.with_blank_rows()),
                Some(message),
            );
        }
    };
    match state
        .store
        .set_stage(&loaded.code, &breakdown, &signed_in.stamp())
        .await
    {
        Ok(warning) => {
            let warned = if warning.is_some() { "&warned=1" } else { "" };
            Ok(see_other(&format!(
                "/projects/{}/stages?saved={}&edit={}{warned}#comparison",
                loaded.code,
                breakdown.stage.code(),
                breakdown.stage.code()
            )))
        }
        Err(jixiao_store::StoreError::Invalid(detail)) => {
            let message = fill(ctx.locale, "stages.error.failed", &[("detail", &detail)]);
            show(
                &loaded,
                ctx,
                None,
                Some(input.with_blank_rows()),
                Some(message),
            )
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /projects/{code}/stages.xlsx`: the comparison as an Excel workbook.
pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (code, summary) = visible_project(&state, &viewer, code).await?;
    let loaded = load(&state, code, summary).await?;
    let names = category_names(Locale::Zh, &loaded.categories);
    let name_of = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
    let title = SheetTitle {
        code: loaded.code.as_str(),
        name: &loaded.summary.project.name,
    };
    let bytes = xlsx::stage_workbook(title, &loaded.comparison, &name_of).map_err(|error| {
        tracing::error!(%error, "the stage workbook could not be written");
        AppError::Unavailable("the workbook could not be written".to_owned())
    })?;
    // The file name is plain ASCII, so the header needs no encoding of its own.
    let disposition = format!("attachment; filename=\"{}-stages.xlsx\"", loaded.code);
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::XLSX_CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

async fn load(
    state: &AppState,
    code: ProjectCode,
    summary: ProjectSummary,
) -> Result<Loaded, AppError> {
    let stages = state.store.stages(&code).await?;
    let comparison = compare(summary.project.project_type, &stages);
    let categories = state.store.cost_categories().await?;
    Ok(Loaded {
        code,
        summary,
        stages,
        comparison,
        categories,
    })
}

/// The first stage the project lacks, where a new entry most likely goes; the last stage once
/// all are stored.
fn default_stage(stored: &[StageBreakdown]) -> CostStage {
    CostStage::ALL
        .iter()
        .copied()
        .find(|stage| !stored.iter().any(|s| s.stage == *stage))
        .unwrap_or(CostStage::FinalAccounts)
}

fn saved_notice(ctx: &PageCtx, stage: CostStage, warned: bool, loaded: &Loaded) -> Notice {
    let name = ctx.locale.pick(stage.name_zh(), stage.name_en());
    match (&loaded.comparison.estimate_overrun, warned) {
        (Some(warning), true) => {
            let lead = fill(ctx.locale, "stages.saved_warning", &[("stage", name)]);
            Notice {
                warn: true,
                text: format!("{lead}{}", warning_text(ctx.locale, warning)),
            }
        }
        _ => Notice {
            warn: false,
            text: fill(ctx.locale, "stages.saved", &[("stage", name)]),
        },
    }
}

/// A warning as a sentence in the reader's language, starting with a capital in English.
fn warning_text(locale: Locale, warning: &jixiao_core::preparation::stage::StageWarning) -> String {
    let message = warning.message(locale == Locale::Zh);
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => message,
    }
}

fn show(
    loaded: &Loaded,
    ctx: PageCtx,
    notice: Option<Notice>,
    form: Option<StageInput>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let locale = ctx.locale;
    let comparison = &loaded.comparison;
    let project = &loaded.summary.project;
    let names = category_names(locale, &loaded.categories);
    let limit = overrun_limit(project.project_type);
    let limit_text = format::decimal(limit);
    let stage_name = |stage: CostStage| locale.pick(stage.name_zh(), stage.name_en());
    let rows = comparison
        .rows
        .iter()
        .map(|row| ComparisonLine {
            code: row.line.to_string(),
            name: row.name.clone(),
            category: names
                .get(row.category.as_str())
                .cloned()
                .unwrap_or_else(|| row.category.to_string()),
            amounts: row
                .amounts
                .iter()
                .map(|a| a.amount.map_or_else(|| DASH.to_owned(), format::wan))
                .collect(),
            differences: row.differences.iter().map(difference_cell).collect(),
        })
        .collect();
    let totals = ComparisonLine {
        code: String::new(),
        name: ctx.t("common.total").to_owned(),
        category: String::new(),
        amounts: comparison
            .totals
            .amounts
            .iter()
            .map(|t| format::wan(t.amount))
            .collect(),
        differences: comparison
            .totals
            .differences
            .iter()
            .map(difference_cell)
            .collect(),
    };
    let both_estimates = comparison.stages.contains(&CostStage::Estimate)
        && comparison.stages.contains(&CostStage::BudgetaryEstimate);
    let warning = comparison
        .estimate_overrun
        .as_ref()
        .map(|w| warning_text(locale, w));
    let within_limit = (both_estimates && warning.is_none())
        .then(|| fill(locale, "stages.within_limit", &[("limit", &limit_text)]));
    let chart = chart(&ctx, comparison, limit, &limit_text);
    let form = form.map(|input| StageFormView {
        csrf: ctx
            .user
            .as_ref()
            .map(|u| u.csrf.clone())
            .unwrap_or_default(),
        stages: CostStage::ALL
            .iter()
            .map(|stage| StageChoice {
                code: stage.code(),
                name: stage_name(*stage),
                stored: loaded.stages.iter().any(|s| s.stage == *stage),
                current: stage.code() == input.stage,
            })
            .collect(),
        categories: category_choices(locale, &loaded.categories),
        rows: input.rows,
        error,
    });
    render(&StagesPage {
        code: loaded.code.to_string(),
        name: project.name.clone(),
        rule: fill(locale, "stages.rule", &[("limit", &limit_text)]),
        stage_names: comparison.stages.iter().map(|s| stage_name(*s)).collect(),
        difference_heads: comparison
            .stages
            .windows(2)
            .map(|pair| {
                fill(
                    locale,
                    "stages.diff_head",
                    &[("from", stage_name(pair[0])), ("to", stage_name(pair[1]))],
                )
            })
            .collect(),
        rows,
        totals,
        warning,
        within_limit,
        chart,
        notice,
        form,
        ctx,
    })
}

/// The bar chart of stage totals, with the limit line when the project has an estimate.
fn chart(ctx: &PageCtx, comparison: &StageComparison, limit: Decimal, limit_text: &str) -> String {
    let locale = ctx.locale;
    let estimate = comparison
        .totals
        .amounts
        .iter()
        .find(|t| t.stage == CostStage::Estimate)
        .map(|t| t.amount);
    // The highest 概算 the rule allows, for drawing only.
    let allowed = estimate.map(|e| {
        let factor =
            1.0 + rust_decimal::prelude::ToPrimitive::to_f64(&limit).unwrap_or(0.0) / 100.0;
        e.to_wan_f64() * factor
    });
    let over = comparison.estimate_overrun.is_some();
    let bars: Vec<StageBar> = comparison
        .totals
        .amounts
        .iter()
        .map(|t| StageBar {
            label: locale.pick(t.stage.name_zh(), t.stage.name_en()).to_owned(),
            total: t.amount.to_wan_f64(),
            value_text: format::wan(t.amount),
            over_limit: over && t.stage == CostStage::BudgetaryEstimate,
        })
        .collect();
    let count = bars.len().to_string();
    let desc = fill(locale, "stages.chart_desc", &[("count", &count)]);
    let limit_label = fill(locale, "stages.chart_limit", &[("limit", limit_text)]);
    let labels = StageLabels {
        title: ctx.t("stages.chart_title"),
        desc: &desc,
        value_axis: ctx.t("stages.chart_axis"),
        bars: ctx.t("stages.chart_bars"),
        limit: &limit_label,
        empty: ctx.t("stages.empty"),
    };
    stage_chart("stage-totals", &labels, &bars, allowed)
}

fn difference_cell(difference: &StageDifference) -> DifferenceCell {
    let sign = if difference.amount > Money::ZERO {
        "+"
    } else {
        ""
    };
    let percent = difference.percent.map_or_else(
        || DASH.to_owned(),
        |p| {
            let sign = if p > Decimal::ZERO { "+" } else { "" };
            format!("{sign}{p:.2}%")
        },
    );
    DifferenceCell {
        amount: format!("{sign}{}", format::wan(difference.amount)),
        percent,
        class: match difference.amount.fen() {
            fen if fen > 0 => "rise",
            fen if fen < 0 => "fall",
            _ => "",
        },
    }
}

/// Category names by code in the reader's language.
fn category_names(locale: Locale, categories: &[CostCategory]) -> HashMap<String, String> {
    categories
        .iter()
        .map(|c| {
            (
                c.code.to_string(),
                locale.pick(&c.name_zh, &c.name_en).to_owned(),
            )
        })
        .collect()
}

/// The categories in tree order, children indented below their parent.
fn category_choices(locale: Locale, categories: &[CostCategory]) -> Vec<CategoryChoice> {
    let mut roots: Vec<&CostCategory> = categories.iter().filter(|c| c.parent.is_none()).collect();
    roots.sort_by_key(|c| c.sort_order);
    let mut choices = Vec::with_capacity(categories.len());
    for root in roots {
        choices.push(CategoryChoice {
            code: root.code.to_string(),
            label: locale.pick(&root.name_zh, &root.name_en).to_owned(),
        });
        let mut children: Vec<&CostCategory> = categories
            .iter()
            .filter(|c| c.parent.as_ref() == Some(&root.code))
            .collect();
        children.sort_by_key(|c| c.sort_order);
        choices.extend(children.into_iter().map(|child| CategoryChoice {
            code: child.code.to_string(),
            label: format!("\u{3000}{}", locale.pick(&child.name_zh, &child.name_en)),
        }));
    }
    // A deployment may extend the tree below the second level; such categories come last.
    for category in categories {
        if !choices.iter().any(|c| c.code == category.code.as_str()) {
            choices.push(CategoryChoice {
                code: category.code.to_string(),
                label: locale.pick(&category.name_zh, &category.name_en).to_owned(),
            });
        }
    }
    choices
}
