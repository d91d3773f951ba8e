//! Reading a project back: the whole dossier, or its budgets, indicators and readings alone.
//!
//! Lists come back in the order they were imported (`position`), so that exporting what was
//! imported gives the same dossier.

use std::collections::HashMap;

use jixiao_core::{
    Adjustment, Budget, CategoryCode, CostLine, Expenditure, Indicator, IndicatorCode, LineCode,
    Money, OrgCode, Percent, Progress, Project, ProjectCode, ProjectDossier, Reading, ReadingValue,
};
use rust_decimal::Decimal;
use sqlx::AnyConnection;

use crate::Store;
use crate::decode::{self, parse, parse_opt};
use crate::error::{Result, StoreError};

/// The columns of a project row, as `project_columns` selects them.
#[derive(sqlx::FromRow)]
pub(crate) struct ProjectRow {
    pub id: i64,
    code: String,
    name: String,
    project_type: String,
    organization_code: String,
    region: String,
    planned_start: String,
    planned_finish: String,
    actual_start: Option<String>,
    actual_finish: Option<String>,
    status: String,
    pub organization_name: String,
}

/// The select list and joins for [`ProjectRow`], with `p` as the project and `o` as its
/// organization.
pub(crate) const PROJECT_SELECT: &str = "SELECT p.id, p.code, p.name, p.project_type, \
     o.code AS organization_code, p.region, p.planned_start, p.planned_finish, p.actual_start, \
     p.actual_finish, p.status, o.name AS organization_name \
     FROM project p JOIN organization o ON o.id = p.organization_id";

impl ProjectRow {
    /// The core project this row stores.
    pub fn project(&self) -> Result<Project> {
        Ok(Project {
            code: decode::code("project.code", self.code.clone(), ProjectCode::new)?,
            name: self.name.clone(),
            project_type: parse("project.project_type", &self.project_type)?,
            organization: decode::code(
                "organization.code",
                self.organization_code.clone(),
                OrgCode::new,
            )?,
            region: self.region.clone(),
            planned_start: parse("project.planned_start", &self.planned_start)?,
            planned_finish: parse("project.planned_finish", &self.planned_finish)?,
            actual_start: parse_opt("project.actual_start", self.actual_start.clone())?,
            actual_finish: parse_opt("project.actual_finish", self.actual_finish.clone())?,
            status: parse("project.status", &self.status)?,
        })
    }
}

impl Store {
    /// Reads a project back completely, so that `export(import(d)) == d`: budgets by year, lines,
    /// adjustments, expenditures, progress, indicators and readings in their imported order.
    pub async fn export_dossier(&self, code: &ProjectCode) -> Result<ProjectDossier> {
        let mut tx = self.begin_read().await?;
        let row = project_row(&mut tx, code).await?;
        let project = row.project()?;
        let budgets = load_budgets(&mut tx, row.id).await?;
        let expenditures = load_expenditures(&mut tx, row.id).await?;
        let progress = load_progress(&mut tx, row.id).await?;
        let indicators = load_indicators(&mut tx, row.id).await?;
        let readings = load_readings(&mut tx, row.id).await?;
        tx.commit().await?;
        Ok(ProjectDossier {
            project,
            budgets,
            expenditures,
            progress,
            indicators,
            readings,
        })
    }

    /// The budgets of a project in year order, with their lines, plans and adjustments.
    pub async fn budgets(&self, code: &ProjectCode) -> Result<Vec<Budget>> {
        let mut tx = self.begin_read().await?;
        let row = project_row(&mut tx, code).await?;
        let budgets = load_budgets(&mut tx, row.id).await?;
        tx.commit().await?;
        Ok(budgets)
    }

    /// The indicators of a project in their given order.
    pub async fn indicators(&self, code: &ProjectCode) -> Result<Vec<Indicator>> {
        let mut conn = self.pool.acquire().await?;
        let row = project_row(&mut conn, code).await?;
        load_indicators(&mut conn, row.id).await
    }

    /// The indicator readings of a project in their given order.
    pub async fn readings(&self, code: &ProjectCode) -> Result<Vec<Reading>> {
        let mut conn = self.pool.acquire().await?;
        let row = project_row(&mut conn, code).await?;
        load_readings(&mut conn, row.id).await
    }
}

/// The project with `code`, or `NotFound`.
pub(crate) async fn project_row(
    conn: &mut AnyConnection,
    code: &ProjectCode,
) -> Result<ProjectRow> {
    let text = format!("{PROJECT_SELECT} WHERE p.code = $1");
    sqlx::query_as::<_, ProjectRow>(&text)
        .bind(code.as_str())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity: "project",
            key: code.to_string(),
        })
}

/// The budgets of project `project_id`, assembled from their lines, plans and adjustments.
pub(crate) async fn load_budgets(conn: &mut AnyConnection, project_id: i64) -> Result<Vec<Budget>> {
    let budget_rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, fiscal_year FROM budget WHERE project_id = $1 ORDER BY fiscal_year",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let line_rows: Vec<(i64, i64, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT cl.id, cl.budget_id, cl.code, cl.name, cl.category_code, cl.amount_fen, \
         cl.profile FROM cost_line cl JOIN budget b ON b.id = cl.budget_id \
         WHERE b.project_id = $1 ORDER BY b.fiscal_year, cl.position",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let plan_rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT lp.cost_line_id, lp.month, lp.amount_fen FROM line_plan lp \
         JOIN cost_line cl ON cl.id = lp.cost_line_id JOIN budget b ON b.id = cl.budget_id \
         WHERE b.project_id = $1",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let adjustment_rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT cl.budget_id, cl.code, a.date, a.amount_fen, a.reason FROM adjustment a \
         JOIN cost_line cl ON cl.id = a.cost_line_id JOIN budget b ON b.id = cl.budget_id \
         WHERE b.project_id = $1 ORDER BY a.position, a.id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;

    let mut plans: HashMap<i64, jixiao_core::MonthlyPlan> = HashMap::new();
    for (line_id, month, fen) in plan_rows {
        plans
            .entry(line_id)
            .or_default()
            .insert(parse("line_plan.month", &month)?, Money::from_fen(fen));
    }
    let mut budgets = Vec::with_capacity(budget_rows.len());
    let mut index_of = HashMap::new();
    for (id, year) in budget_rows {
        index_of.insert(id, budgets.len());
        budgets.push(Budget {
            fiscal_year: decode::fiscal_year(year)?,
            lines: Vec::new(),
            adjustments: Vec::new(),
        });
    }
    for (id, budget_id, code, name, category, fen, profile) in line_rows {
        let budget = budget_at(&mut budgets, &index_of, budget_id)?;
        budget.lines.push(CostLine {
            code: decode::code("cost_line.code", code, LineCode::new)?,
            name,
            category: decode::code("cost_line.category_code", category, CategoryCode::new)?,
            amount: Money::from_fen(fen),
            profile: parse("cost_line.profile", &profile)?,
            plan: plans.remove(&id).unwrap_or_default(),
        });
    }
    for (budget_id, line, date, fen, reason) in adjustment_rows {
        let budget = budget_at(&mut budgets, &index_of, budget_id)?;
        budget.adjustments.push(Adjustment {
            date: parse("adjustment.date", &date)?,
            line: decode::code("cost_line.code", line, LineCode::new)?,
            amount: Money::from_fen(fen),
            reason,
        });
    }
    Ok(budgets)
}

fn budget_at<'b>(
    budgets: &'b mut [Budget],
    index_of: &HashMap<i64, usize>,
    budget_id: i64,
) -> Result<&'b mut Budget> {
    index_of
        .get(&budget_id)
        .map(|index| &mut budgets[*index])
        .ok_or_else(|| StoreError::Invalid(format!("row of unknown budget {budget_id}")))
}

/// Every expenditure of a project in imported order.
async fn load_expenditures(conn: &mut AnyConnection, project_id: i64) -> Result<Vec<Expenditure>> {
    let rows: Vec<ExpenditureRow> = sqlx::query_as(&format!(
        "{EXPENDITURE_SELECT} WHERE e.project_id = $1 ORDER BY e.position, e.id"
    ))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(ExpenditureRow::expenditure).collect()
}

/// The columns of an expenditure, as [`EXPENDITURE_SELECT`] selects them.
#[derive(sqlx::FromRow)]
pub(crate) struct ExpenditureRow {
    date: String,
    line_code: String,
    amount_fen: i64,
    description: String,
    explanation: Option<String>,
}

/// The select list and join for [`ExpenditureRow`], with `e` as the expenditure.
pub(crate) const EXPENDITURE_SELECT: &str = "SELECT e.date, cl.code AS line_code, e.amount_fen, \
     e.description, e.explanation FROM expenditure e JOIN cost_line cl ON cl.id = e.cost_line_id";

impl ExpenditureRow {
    /// The core expenditure this row stores.
    pub fn expenditure(self) -> Result<Expenditure> {
        Ok(Expenditure {
            date: parse("expenditure.date", &self.date)?,
            line: decode::code("cost_line.code", self.line_code, LineCode::new)?,
            amount: Money::from_fen(self.amount_fen),
            description: self.description,
            explanation: self.explanation,
        })
    }
}

/// Every progress reading of a project in imported order.
async fn load_progress(conn: &mut AnyConnection, project_id: i64) -> Result<Vec<Progress>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT pr.date, cl.code, pr.percent_complete FROM progress pr \
         JOIN cost_line cl ON cl.id = pr.cost_line_id \
         WHERE pr.project_id = $1 ORDER BY pr.position, pr.id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(date, line, percent)| {
            Ok(Progress {
                date: parse("progress.date", &date)?,
                line: decode::code("cost_line.code", line, LineCode::new)?,
                percent_complete: percent_of(&percent)?,
            })
        })
        .collect()
}

/// A stored percent complete.
pub(crate) fn percent_of(text: &str) -> Result<Percent> {
    let value: Decimal = parse("progress.percent_complete", text)?;
    Percent::new(value).map_err(|error| StoreError::Invalid(format!("stored {error}")))
}

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    code: String,
    level1: String,
    level2: String,
    name: String,
    direction: String,
    target: Option<String>,
    target_text: Option<String>,
    unit: String,
    weight: String,
    core: i64,
}

/// Every indicator of a project in imported order.
async fn load_indicators(conn: &mut AnyConnection, project_id: i64) -> Result<Vec<Indicator>> {
    // `core` is BOOLEAN on PostgreSQL and 0/1 on SQLite; the CASE gives an integer on both.
    let rows: Vec<IndicatorRow> = sqlx::query_as(
        "SELECT code, level1, level2, name, direction, target, target_text, unit, weight, \
         CASE WHEN core THEN 1 ELSE 0 END AS core FROM indicator \
         WHERE project_id = $1 ORDER BY position, id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Indicator {
                code: decode::code("indicator.code", row.code, IndicatorCode::new)?,
                level1: parse("indicator.level1", &row.level1)?,
                level2: parse("indicator.level2", &row.level2)?,
                name: row.name,
                direction: parse("indicator.direction", &row.direction)?,
                target: parse_opt("indicator.target", row.target)?,
                target_text: row.target_text,
                unit: row.unit,
                weight: parse("indicator.weight", &row.weight)?,
                core: row.core != 0,
            })
        })
        .collect()
}

/// Every reading of a project's indicators in imported order.
async fn load_readings(conn: &mut AnyConnection, project_id: i64) -> Result<Vec<Reading>> {
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT i.code, r.date, r.value, r.grade, r.score FROM reading r \
         JOIN indicator i ON i.id = r.indicator_id \
         WHERE i.project_id = $1 ORDER BY r.position, r.id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(indicator, date, value, grade, score)| {
            let value = match (value, grade, score) {
                (Some(value), None, None) => ReadingValue::Value {
                    value: parse("reading.value", &value)?,
                },
                (None, Some(grade), Some(score)) => ReadingValue::Graded {
                    grade: parse("reading.grade", &grade)?,
                    score: parse("reading.score", &score)?,
                },
                _ => {
                    return Err(StoreError::Invalid(format!(
                        "stored reading of \"{indicator}\" has neither a value nor a grade"
                    )));
                }
            };
            Ok(Reading {
                indicator: decode::code("indicator.code", indicator, IndicatorCode::new)?,
                date: parse("reading.date", &date)?,
                value,
            })
        })
        .collect()
}
