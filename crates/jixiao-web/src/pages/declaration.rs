//! The target declaration form (绩效目标申报表) of a project for one fiscal year: a printable
//! page (`/projects/{code}/targets/form`, A4 through the print stylesheet) and the same form as
//! an Excel workbook (`/projects/{code}/targets.xlsx`), in the layout finance departments file:
//! the project's particulars and funds, its overall and annual goals, then the indicator table
//! by level 1, level 2 and level 3 with target, weight, standard, data source and owner.
//!
//! The page speaks the reader's language; the workbook is always in Chinese, the language the
//! form is filed in.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use jixiao_core::preparation::target::TargetSet;
use jixiao_core::{FiscalYear, Money, ProjectSummary};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::targets::target_phrase;
use super::{PageCtx, render};
use crate::AppState;
use crate::api::projects::visible_project;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format;
use crate::i18n::{Locale, fill, t};
use crate::params::Params;
use crate::xlsx;

/// Query parameters of the form: the fiscal year, by default the latest the project has a
/// budget for.
#[derive(Debug, Default, Deserialize)]
pub struct DeclarationQuery {
    year: Option<FiscalYear>,
}

/// One indicator row of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclarationRow {
    /// Level 1 name.
    pub level1: String,
    /// Level 2 name.
    pub level2: String,
    /// Level 3 name, with ★ before a core indicator.
    pub name: String,
    /// The target as one phrase, such as `≥ 98 %`.
    pub target: String,
    /// The weight.
    pub weight: Decimal,
    /// The standard the target was set from.
    pub standard: String,
    /// Where its values come from.
    pub data_source: String,
    /// Who answers for it.
    pub owner: String,
}

/// The rows of one level 2 of the indicator table.
pub type Level2Group<'a> = (String, Vec<&'a DeclarationRow>);

/// The rows of one level 1: its name, the number of rows it spans and its level 2 groups.
pub type Level1Group<'a> = (String, usize, Vec<Level2Group<'a>>);

/// The whole form, written out in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    /// The fiscal year declared.
    pub year: FiscalYear,
    /// Project code.
    pub code: String,
    /// Project name.
    pub name: String,
    /// The implementing organization.
    pub organization: String,
    /// The project type's name.
    pub project_type: String,
    /// Planned start and finish, `2024-03-01 — 2026-06-30`.
    pub period: String,
    /// The adjusted budget of the year, if the project has one.
    pub funds: Option<Money>,
    /// The weight of the budget execution rate.
    pub execution_weight: Decimal,
    /// The overall goal.
    pub overall_goal: String,
    /// The goal of the year, empty when none was set.
    pub annual_goal: String,
    /// The indicators, in table order.
    pub rows: Vec<DeclarationRow>,
}

impl Declaration {
    /// The form of `summary`'s project for `year` from its target set, budget total and
    /// owner names (`user:…`/`post:…` to the name shown), in `locale`.
    pub fn build(
        locale: Locale,
        summary: &ProjectSummary,
        year: FiscalYear,
        funds: Option<Money>,
        targets: &TargetSet,
        owner_names: &BTreeMap<String, String>,
    ) -> Self {
        let project = &summary.project;
        let pick = |zh: &'static str, en: &'static str| locale.pick(zh, en).to_owned();
        let rows = targets
            .indicators
            .iter()
            .map(|row| {
                let indicator = &row.indicator;
                let core = if indicator.core { "★ " } else { "" };
                DeclarationRow {
                    level1: pick(indicator.level1.name_zh(), indicator.level1.name_en()),
                    level2: pick(indicator.level2.name_zh(), indicator.level2.name_en()),
                    name: format!("{core}{}", indicator.name),
                    target: target_phrase(locale, row),
                    weight: indicator.weight,
                    standard: pick(row.standard.name_zh(), row.standard.name_en()),
                    data_source: row.data_source.clone(),
                    owner: row
                        .owner
                        .as_ref()
                        .map(|r| owner_names.get(r).cloned().unwrap_or_else(|| r.clone()))
                        .unwrap_or_default(),
                }
            })
            .collect();
        Declaration {
            year,
            code: project.code.to_string(),
            name: project.name.clone(),
            organization: summary.organization_name.clone(),
            project_type: pick(
                project.project_type.name_zh(),
                project.project_type.name_en(),
            ),
            period: format!(
                "{} — {}",
                format::date(project.planned_start),
                format::date(project.planned_finish)
            ),
            funds,
            execution_weight: targets.execution_weight,
            overall_goal: targets.overall_goal.clone(),
            annual_goal: targets
                .annual_goals
                .iter()
                .find(|(y, _)| *y == year)
                .map(|(_, goal)| goal.clone())
                .unwrap_or_default(),
            rows,
        }
    }

    /// The rows grouped as the form prints them: each level 1 with the number of rows it
    /// spans, and within it each level 2 with its span, so that merged cells can be drawn.
    pub fn groups(&self) -> Vec<Level1Group<'_>> {
        let mut groups: Vec<Level1Group<'_>> = Vec::new();
        for row in &self.rows {
            let same_level1 = groups.last().is_some_and(|(l1, _, _)| *l1 == row.level1);
            if !same_level1 {
                groups.push((row.level1.clone(), 0, Vec::new()));
            }
            let (_, span, seconds) = groups.last_mut().expect("a group was just pushed");
            *span += 1;
            match seconds.last_mut() {
                Some((l2, rows)) if *l2 == row.level2 => rows.push(row),
                _ => seconds.push((row.level2.clone(), vec![row])),
            }
        }
        groups
    }
}

/// A row of the printed indicator table, with the merged cells it opens.
#[derive(Debug, Clone)]
pub struct PrintedRow<'a> {
    /// The level 1 cell and its row span, on the first row of a level 1.
    pub level1: Option<(String, usize)>,
    /// The level 2 cell and its row span, on the first row of a level 2.
    pub level2: Option<(String, usize)>,
    /// The row itself.
    pub row: &'a DeclarationRow,
    /// Its weight written out.
    pub weight: String,
}

#[derive(Template)]
#[template(path = "declaration.html")]
struct DeclarationPage<'a> {
    ctx: PageCtx,
    form: &'a Declaration,
    heading_year: String,
    funds: String,
    execution_weight: String,
    weight_total: String,
    rows: Vec<PrintedRow<'a>>,
}

/// `GET /projects/{code}/targets/form`: the printable form.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    Params(query): Params<DeclarationQuery>,
) -> Result<Response, AppError> {
    let (_, summary) = visible_project(&state, &viewer, code).await?;
    let form = load(&state, ctx.locale, &summary, query.year).await?;
    let mut rows = Vec::new();
    for (level1, span1, seconds) in form.groups() {
        let mut first1 = Some((level1, span1));
        for (level2, members) in seconds {
            let mut first2 = Some((level2, members.len()));
            for row in members {
                rows.push(PrintedRow {
                    level1: first1.take(),
                    level2: first2.take(),
                    row,
                    weight: format::decimal(row.weight),
                });
            }
        }
    }
    let weight_total: Decimal = form.rows.iter().map(|r| r.weight).sum();
    let page = DeclarationPage {
        heading_year: fill(
            ctx.locale,
            "declaration.year",
            &[("year", &form.year.to_string())],
        ),
        funds: form.funds.map_or_else(
            || t(ctx.locale, "declaration.no_budget").to_owned(),
            format::wan,
        ),
        execution_weight: format::decimal(form.execution_weight),
        weight_total: format::decimal(weight_total + form.execution_weight),
        form: &form,
        rows,
        ctx,
    };
    render(&page)
}

/// `GET /projects/{code}/targets.xlsx`: the form as a workbook, in Chinese.
pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Params(query): Params<DeclarationQuery>,
) -> Result<Response, AppError> {
    let (code, summary) = visible_project(&state, &viewer, code).await?;
    let form = load(&state, Locale::Zh, &summary, query.year).await?;
    let bytes = xlsx::declaration::workbook(&form).map_err(|error| {
        tracing::error!(%error, "the declaration workbook could not be written");
        AppError::Unavailable("the workbook could not be written".to_owned())
    })?;
    // The file name is plain ASCII, so the header needs no encoding of its own.
    let disposition = format!("attachment; filename=\"{code}-targets-{}.xlsx\"", form.year);
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::XLSX_CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// The form of `summary`'s project for `year`, or for its latest budget year.
async fn load(
    state: &AppState,
    locale: Locale,
    summary: &ProjectSummary,
    year: Option<FiscalYear>,
) -> Result<Declaration, AppError> {
    let code = &summary.project.code;
    let targets = state.store.targets(code).await?;
    let budgets = state.store.budgets(code).await?;
    let year = year
        .or_else(|| budgets.iter().map(|b| b.fiscal_year).max())
        .unwrap_or_else(|| summary.project.planned_start.year());
    let funds = budgets
        .iter()
        .find(|b| b.fiscal_year == year)
        .map(|b| b.adjusted_total());
    let owner_names: BTreeMap<String, String> = state
        .store
        .responsibilities(code)
        .await?
        .into_iter()
        .map(|r| (r.owner.reference(), r.owner_name))
        .collect();
    Ok(Declaration::build(
        locale,
        summary,
        year,
        funds,
        &targets,
        &owner_names,
    ))
}
