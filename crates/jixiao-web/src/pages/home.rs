//! The portfolio overview (`/`): key figures, execution by fiscal year and by project type,
//! and the monthly plan against actual spending of one fiscal year, over the projects the
//! reader may see. Anonymous visitors get the public landing page instead: no figures are
//! published for the public yet.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jixiao_core::access::Action;
use jixiao_core::{Execution, FiscalYear, ProjectFilter};
use serde::Deserialize;

use super::monthly::{MonthlySection, YearLink};
use super::{PageCtx, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::chart::bars::{self, RateBar, RateLabels};
use crate::error::AppError;
use crate::format;
use crate::i18n::fill;
use crate::params::{self, Params};
use crate::portfolio::latest_year_with_data;

/// Query parameters of the overview.
#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    /// The fiscal year of the monthly chart.
    year: Option<String>,
}

/// The four figures at the top of the page, written out.
#[derive(Debug, Clone)]
pub struct KeyFigures {
    /// Number of projects.
    pub project_count: String,
    /// Adjusted budget in 万元.
    pub budget: String,
    /// Executed amount in 万元.
    pub executed: String,
    /// Execution rate.
    pub rate: String,
}

impl KeyFigures {
    /// The figures of an execution.
    pub fn new(project_count: Option<u64>, execution: &Execution) -> Self {
        KeyFigures {
            project_count: project_count.map(|n| n.to_string()).unwrap_or_default(),
            budget: format::wan(execution.budget),
            executed: format::wan(execution.executed),
            rate: format::rate(execution),
        }
    }
}

/// A row of the by-year or by-type table.
#[derive(Debug, Clone)]
pub struct ExecutionRow {
    /// The year or type name.
    pub label: String,
    /// A link to the filtered project list.
    pub href: String,
    /// Number of projects (by type only).
    pub count: String,
    /// Adjusted budget in 万元.
    pub budget: String,
    /// Executed amount in 万元.
    pub executed: String,
    /// Execution rate.
    pub rate: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    figures: KeyFigures,
    year_rows: Vec<ExecutionRow>,
    type_rows: Vec<ExecutionRow>,
    year_chart: String,
    type_chart: String,
    monthly: MonthlySection,
}

#[derive(Template)]
#[template(path = "landing.html")]
struct LandingPage {
    ctx: PageCtx,
}

/// `GET /`: the portfolio overview, or the landing page for anonymous visitors.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Params(query): Params<HomeQuery>,
) -> Result<Response, AppError> {
    if viewer.signed_in().is_none() {
        return render(&LandingPage { ctx });
    }
    let everything = ProjectFilter {
        organizations: viewer.visible(Action::ViewPortfolio)?,
        ..ProjectFilter::default()
    };
    let summary = state.store.portfolio_summary(&everything).await?;
    let chosen = params::year(query.year.as_deref())?;
    let year = chosen.or_else(|| latest_year_with_data(&summary));
    let points = match year {
        Some(year) => state.store.portfolio_monthly(&everything, year).await?,
        None => Vec::new(),
    };

    let locale = ctx.locale;
    let year_text = |year: FiscalYear| fill(locale, "fmt.year", &[("year", &year.to_string())]);
    let year_rows: Vec<ExecutionRow> = summary
        .by_year
        .iter()
        .map(|(year, execution)| ExecutionRow {
            label: year_text(*year),
            href: format!("/projects?year={year}"),
            count: String::new(),
            ..execution_row(execution)
        })
        .collect();
    let type_rows: Vec<ExecutionRow> = summary
        .by_type
        .iter()
        .map(|(project_type, count, execution)| ExecutionRow {
            label: locale
                .pick(project_type.name_zh(), project_type.name_en())
                .to_owned(),
            href: format!("/projects?type={}", project_type.code()),
            count: count.to_string(),
            ..execution_row(execution)
        })
        .collect();

    let year_chart = rate_chart(
        &ctx,
        "rate-year",
        "chart.rate_by_year",
        &summary
            .by_year
            .iter()
            .map(|(year, execution)| rate_bar(year_text(*year), execution))
            .collect::<Vec<_>>(),
    );
    let type_chart = rate_chart(
        &ctx,
        "rate-type",
        "chart.rate_by_type",
        &summary
            .by_type
            .iter()
            .map(|(ty, _, execution)| {
                rate_bar(
                    locale.pick(ty.name_zh(), ty.name_en()).to_owned(),
                    execution,
                )
            })
            .collect::<Vec<_>>(),
    );

    let title = fill(
        locale,
        "home.monthly_heading",
        &[("year", &year.map(|y| y.to_string()).unwrap_or_default())],
    );
    let mut monthly = MonthlySection::new(&ctx, "monthly", &title, &points);
    monthly.years = summary
        .by_year
        .iter()
        .map(|(y, _)| YearLink {
            label: y.to_string(),
            href: format!("/?year={y}#monthly"),
            current: Some(*y) == year,
        })
        .collect();

    render(&HomePage {
        figures: KeyFigures::new(Some(summary.project_count), &summary.total),
        year_rows,
        type_rows,
        year_chart,
        type_chart,
        monthly,
        ctx,
    })
}

fn execution_row(execution: &Execution) -> ExecutionRow {
    ExecutionRow {
        label: String::new(),
        href: String::new(),
        count: String::new(),
        budget: format::wan(execution.budget),
        executed: format::wan(execution.executed),
        rate: format::rate(execution),
    }
}

fn rate_bar(label: String, execution: &Execution) -> RateBar {
    RateBar {
        label,
        rate: format::rate_for_chart(execution),
        value_text: format::rate(execution),
    }
}

fn rate_chart(ctx: &PageCtx, id: &str, title: &'static str, rows: &[RateBar]) -> String {
    let desc = fill(
        ctx.locale,
        "chart.rate_desc",
        &[("count", &rows.len().to_string())],
    );
    let labels = RateLabels {
        title: ctx.t(title),
        desc: &desc,
        rate_axis: ctx.t("chart.rate_axis"),
        bars: ctx.t("chart.rate_bars"),
        reference: ctx.t("chart.reference"),
        empty: ctx.t("chart.empty"),
    };
    bars::render(id, &labels, rows)
}
