//! The project page (`/projects/{code}`): the project's facts and totals, its plan against
//! actual spending, budget lines by fiscal year, indicators with their latest readings, and
//! the recent payments, who answers for each line and indicator (责任人), and the history of
//! its records in the ledger.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Datelike;
use jixiao_core::access::{Action, ItemRef, Responsibility};
use jixiao_core::preparation::approval::BudgetState;
use jixiao_core::{Execution, Indicator, LineExecution, Money, ProjectCode, Reading, ReadingValue};
use serde::Deserialize;

use super::home::KeyFigures;
use super::ledger::{HistoryRow, history_lead, history_rows};
use super::monthly::MonthlySection;
use super::{PageCtx, Pager, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format;
use crate::i18n::{Locale, fill};
use crate::params::{Params, page_number};

/// Payments per page.
const EXPENDITURES_PER_PAGE: u32 = 20;

/// Ledger entries in the history section.
const HISTORY_ROWS: u32 = 20;

/// Query parameters of the project page.
#[derive(Debug, Default, Deserialize)]
pub struct ProjectQuery {
    /// The page of the payment list.
    page: Option<String>,
}

/// The project's facts, written out.
#[derive(Debug, Clone)]
pub struct ProjectFacts {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Type name.
    pub project_type: String,
    /// Organization name.
    pub organization: String,
    /// Region.
    pub region: String,
    /// Planned start.
    pub planned_start: String,
    /// Planned finish.
    pub planned_finish: String,
    /// Actual start or a dash.
    pub actual_start: String,
    /// Actual finish or a dash.
    pub actual_finish: String,
    /// Status name.
    pub status: String,
    /// Status code, for the badge style.
    pub status_code: &'static str,
}

/// The budget lines of one fiscal year with their subtotal.
#[derive(Debug, Clone)]
pub struct BudgetYear {
    /// The fiscal year, for the link to its prepare page.
    pub year: i32,
    /// The heading, such as 2024年度预算.
    pub heading: String,
    /// The workflow state's code and name while the budget is not approved.
    pub state: Option<(&'static str, String)>,
    /// The lines.
    pub rows: Vec<LineRow>,
    /// Subtotal of the original amounts.
    pub original: String,
    /// Subtotal of the adjusted amounts.
    pub adjusted: String,
    /// Subtotal of spending.
    pub executed: String,
    /// Execution rate of the year.
    pub rate: String,
}

/// One budget line, written out.
#[derive(Debug, Clone)]
pub struct LineRow {
    /// Line code.
    pub code: String,
    /// Line name.
    pub name: String,
    /// Cost category name.
    pub category: String,
    /// Original amount in 万元.
    pub original: String,
    /// Adjusted amount in 万元.
    pub adjusted: String,
    /// Spending in 万元.
    pub executed: String,
    /// Execution rate.
    pub rate: String,
    /// Latest physical percent complete.
    pub percent_complete: String,
    /// Who answers for the line; `None` when nobody does yet.
    pub owner: Option<String>,
}

/// One indicator with its latest reading, written out.
#[derive(Debug, Clone)]
pub struct IndicatorRow {
    /// Level-1 name.
    pub level1: String,
    /// Level-2 name.
    pub level2: String,
    /// Indicator name.
    pub name: String,
    /// Direction symbol (≥, ≤, …) or 定性.
    pub direction: String,
    /// Target value with unit, or the target text.
    pub target: String,
    /// Weight.
    pub weight: String,
    /// Whether it is a core indicator.
    pub core: bool,
    /// Latest reading with unit, or a grade, or a dash.
    pub latest: String,
    /// Date of the latest reading.
    pub latest_date: Option<String>,
    /// Who answers for the indicator; `None` when nobody does yet.
    pub owner: Option<String>,
}

/// One payment, written out.
#[derive(Debug, Clone)]
pub struct ExpenditureRow {
    /// Date.
    pub date: String,
    /// Line code and name.
    pub line: String,
    /// What was paid for.
    pub description: String,
    /// Amount in 万元.
    pub amount: String,
    /// Explanation or nothing.
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    ctx: PageCtx,
    project: ProjectFacts,
    figures: KeyFigures,
    monthly: MonthlySection,
    budget_years: Vec<BudgetYear>,
    indicators: Vec<IndicatorRow>,
    expenditure_count: String,
    expenditures: Vec<ExpenditureRow>,
    pager: Pager,
    can_set_owners: bool,
    next_year: i32,
    history: Vec<HistoryRow>,
    history_lead: String,
}

/// `GET /projects/{code}`: one project.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    Params(query): Params<ProjectQuery>,
) -> Result<Response, AppError> {
    viewer.require()?;
    let not_found = || AppError::NotFound {
        entity: "project",
        key: code.clone(),
    };
    let code = ProjectCode::new(code.clone()).map_err(|_| not_found())?;
    let page_number = page_number(query.page.as_deref())?;
    let store = &state.store;
    let summary = store.project(&code).await?;
    viewer.authorize(Action::ViewProject, &summary.project.organization)?;
    let can_set_owners = viewer
        .authorize(Action::EditProject, &summary.project.organization)
        .is_ok();
    let owners = owner_names(ctx.locale, &store.responsibilities(&code).await?);
    let lines = store.line_executions(&code).await?;
    // A year still being prepared is marked, since its figures are a request until approved.
    let mut pending: HashMap<i32, BudgetState> = HashMap::new();
    for year in lines
        .iter()
        .map(|l| l.fiscal_year)
        .collect::<std::collections::BTreeSet<_>>()
    {
        let workflow = store.budget_workflow(&code, year).await?;
        if workflow.state != BudgetState::Approved {
            pending.insert(year, workflow.state);
        }
    }
    let categories = store.cost_categories().await?;
    let points = store.project_monthly(&code).await?;
    let indicators = store.indicators(&code).await?;
    let readings = store.readings(&code).await?;
    let payments = store
        .expenditures(&code, page_number, EXPENDITURES_PER_PAGE)
        .await?;
    let history = store.project_history(&code, HISTORY_ROWS).await?;

    let locale = ctx.locale;
    let project = &summary.project;
    let facts = ProjectFacts {
        code: project.code.to_string(),
        name: project.name.clone(),
        project_type: locale
            .pick(
                project.project_type.name_zh(),
                project.project_type.name_en(),
            )
            .to_owned(),
        organization: summary.organization_name.clone(),
        region: project.region.clone(),
        planned_start: format::date(project.planned_start),
        planned_finish: format::date(project.planned_finish),
        actual_start: format::optional_date(project.actual_start),
        actual_finish: format::optional_date(project.actual_finish),
        status: locale
            .pick(project.status.name_zh(), project.status.name_en())
            .to_owned(),
        status_code: project.status.code(),
    };
    let category_names: HashMap<&str, &str> = categories
        .iter()
        .map(|c| (c.code.as_str(), locale.pick(&c.name_zh, &c.name_en)))
        .collect();
    let line_names: HashMap<(i32, &str), &str> = lines
        .iter()
        .map(|l| ((l.fiscal_year, l.line.code.as_str()), l.line.name.as_str()))
        .collect();

    let range = |point: Option<&jixiao_core::MonthlyPoint>| {
        point.map_or_else(String::new, |p| p.month.to_string())
    };
    let title = fill(
        locale,
        "project.monthly_heading",
        &[
            ("from", &range(points.first())),
            ("to", &range(points.last())),
        ],
    );
    let monthly = MonthlySection::new(&ctx, "project-monthly", &title, &points);
    let budget_years = budget_years(locale, &lines, &category_names, &owners, &pending);
    let indicators = indicator_rows(locale, &indicators, &readings, &owners);
    let expenditures = payments
        .items
        .iter()
        .map(|e| ExpenditureRow {
            date: format::date(e.date),
            line: match line_names.get(&(e.date.year(), e.line.as_str())) {
                Some(name) => format!("{} {name}", e.line),
                None => e.line.to_string(),
            },
            description: e.description.clone(),
            amount: format::wan(e.amount),
            explanation: e.explanation.clone().unwrap_or_default(),
        })
        .collect();
    let expenditure_count = fill(
        locale,
        "project.expenditure_count",
        &[("total", &payments.total.to_string())],
    );
    let pager = Pager::new(
        &ctx,
        page_number,
        payments.page_count(),
        "page",
        "#expenditures",
    );

    render(&ProjectPage {
        project: facts,
        figures: KeyFigures::new(None, &summary.execution),
        monthly,
        budget_years,
        indicators,
        expenditure_count,
        expenditures,
        pager,
        can_set_owners,
        next_year: lines
            .iter()
            .map(|l| l.fiscal_year + 1)
            .max()
            .unwrap_or_else(|| project.planned_start.year()),
        history: history_rows(locale, &history),
        history_lead: history_lead(locale, history.len()),
        ctx,
    })
}

/// Groups lines by fiscal year (they arrive in year order) and adds each year's subtotal.
fn budget_years(
    locale: Locale,
    lines: &[LineExecution],
    category_names: &HashMap<&str, &str>,
    owners: &HashMap<ItemRef, String>,
    pending: &HashMap<i32, BudgetState>,
) -> Vec<BudgetYear> {
    let mut years: Vec<(i32, Vec<&LineExecution>)> = Vec::new();
    for line in lines {
        match years.last_mut() {
            Some((year, group)) if *year == line.fiscal_year => group.push(line),
            _ => years.push((line.fiscal_year, vec![line])),
        }
    }
    years
        .into_iter()
        .map(|(year, group)| {
            let original: Money = group.iter().map(|l| l.line.amount).sum();
            let total = Execution {
                budget: group.iter().map(|l| l.execution.budget).sum(),
                executed: group.iter().map(|l| l.execution.executed).sum(),
            };
            BudgetYear {
                year,
                state: pending.get(&year).map(|state| {
                    let name = locale.pick(state.name_zh(), state.name_en()).to_owned();
                    (state.code(), name)
                }),
                heading: fill(
                    locale,
                    "project.budget_year",
                    &[("year", &year.to_string())],
                ),
                rows: group
                    .iter()
                    .map(|l| LineRow {
                        code: l.line.code.to_string(),
                        name: l.line.name.clone(),
                        category: category_names
                            .get(l.line.category.as_str())
                            .map_or_else(|| l.line.category.to_string(), |n| (*n).to_owned()),
                        original: format::wan(l.line.amount),
                        adjusted: format::wan(l.execution.budget),
                        executed: format::wan(l.execution.executed),
                        rate: format::rate(&l.execution),
                        percent_complete: format::percent_complete(l.percent_complete),
                        owner: owner_text(owners, ItemRef::CostLine(l.line.code.clone())),
                    })
                    .collect(),
                original: format::wan(original),
                adjusted: format::wan(total.budget),
                executed: format::wan(total.executed),
                rate: format::rate(&total),
            }
        })
        .collect()
}

/// The indicator rows, each with the reading of the latest date (the last one recorded wins a
/// tie, since readings keep their entry order).
fn indicator_rows(
    locale: Locale,
    indicators: &[Indicator],
    readings: &[Reading],
    owners: &HashMap<ItemRef, String>,
) -> Vec<IndicatorRow> {
    indicators
        .iter()
        .map(|indicator| {
            let latest = readings
                .iter()
                .filter(|r| r.indicator == indicator.code)
                .fold(None::<&Reading>, |best, r| match best {
                    Some(b) if b.date > r.date => Some(b),
                    _ => Some(r),
                });
            let unit = &indicator.unit;
            let target = match (&indicator.target, &indicator.target_text) {
                (Some(value), _) => format::with_unit(*value, unit),
                (None, Some(text)) => text.clone(),
                (None, None) => format::DASH.to_owned(),
            };
            let latest_text = match latest.map(|r| &r.value) {
                Some(ReadingValue::Value { value }) => format::with_unit(*value, unit),
                Some(ReadingValue::Graded { grade, score }) => fill(
                    locale,
                    "indicator.graded",
                    &[
                        ("grade", locale.pick(grade.name_zh(), grade.name_en())),
                        ("score", &format::decimal(*score)),
                    ],
                ),
                None => format::DASH.to_owned(),
            };
            IndicatorRow {
                level1: locale
                    .pick(indicator.level1.name_zh(), indicator.level1.name_en())
                    .to_owned(),
                level2: locale
                    .pick(indicator.level2.name_zh(), indicator.level2.name_en())
                    .to_owned(),
                name: indicator.name.clone(),
                direction: locale
                    .pick(indicator.direction.name_zh(), indicator.direction.name_en())
                    .to_owned(),
                target,
                weight: format::decimal(indicator.weight),
                core: indicator.core,
                latest: latest_text,
                latest_date: latest.map(|r| format::date(r.date)),
                owner: owner_text(owners, ItemRef::Indicator(indicator.code.clone())),
            }
        })
        .collect()
}

/// Who answers for each item, written out: a user's display name, or a post's name followed by
/// the people holding it, such as `造价工程师（王工、李工）`.
fn owner_names(locale: Locale, responsibilities: &[Responsibility]) -> HashMap<ItemRef, String> {
    responsibilities
        .iter()
        .map(|r| {
            let text = if r.holders.is_empty() {
                r.owner_name.clone()
            } else {
                fill(
                    locale,
                    "project.owner_post",
                    &[
                        ("post", &r.owner_name),
                        ("holders", &r.holders.join(locale.pick("、", ", "))),
                    ],
                )
            };
            (r.item.clone(), text)
        })
        .collect()
}

fn owner_text(owners: &HashMap<ItemRef, String>, item: ItemRef) -> Option<String> {
    owners.get(&item).cloned()
}
