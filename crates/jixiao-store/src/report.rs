//! The figures of execution reports: portfolio totals, monthly planned against actual spending,
//! the execution of each cost line, and a project's payments page by page.
//!
//! Sums are computed by the database (`CAST(SUM(…) AS BIGINT)`, since PostgreSQL sums BIGINT as
//! NUMERIC); shaping them into core read models happens here. A budget's executed amount is the
//! sum of the payments charged to its lines, which the import rules guarantee are dated in its
//! fiscal year.

use std::collections::{BTreeMap, HashMap};

use jixiao_core::{
    Execution, Expenditure, FiscalYear, LineExecution, MonthlyPoint, Page, PortfolioSummary,
    ProjectCode, ProjectFilter, ProjectType, YearMonth,
};

use crate::Store;
use crate::decode::{fiscal_year, money, parse, year_bounds};
use crate::error::Result;
use crate::export::{EXPENDITURE_SELECT, ExpenditureRow, load_budgets, percent_of, project_row};
use crate::project::{paging, push_filter};
use crate::sql::Sql;

/// The condition under which budget `b` counts in execution figures (预算执行): it was
/// imported, and so has no workflow row, or its workflow reached approval. A budget still
/// being prepared, submitted or returned is a request, not money to be spent.
pub(crate) const COUNTED_BUDGET: &str = "NOT EXISTS (SELECT 1 FROM budget_workflow bw \
     WHERE bw.budget_id = b.id AND bw.state <> 'approved')";

impl Store {
    /// Portfolio totals (adjusted budget against executed) overall, by fiscal year and by
    /// project type, over the projects `filter` selects. When the filter names a fiscal year,
    /// only that year's budgets are counted.
    pub async fn portfolio_summary(&self, filter: &ProjectFilter) -> Result<PortfolioSummary> {
        let mut tx = self.begin_read().await?;

        let mut counts = Sql::new(
            self.backend,
            "SELECT p.project_type, COUNT(*) FROM project p WHERE 1 = 1",
        );
        push_filter(&mut counts, filter);
        counts.push(" GROUP BY p.project_type");
        let (text, args) = counts.finish()?;
        let count_rows: Vec<(String, i64)> =
            sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;

        // Each total is summed per budget first, so that joining lines, adjustments and
        // payments cannot multiply one another's rows.
        let mut sql = Sql::new(
            self.backend,
            "WITH selected AS (SELECT b.id AS budget_id, b.fiscal_year, p.project_type \
             FROM budget b JOIN project p ON p.id = b.project_id WHERE ",
        );
        sql.push(COUNTED_BUDGET);
        push_filter(&mut sql, filter);
        if let Some(year) = filter.fiscal_year {
            sql.push(" AND b.fiscal_year = ").bind(year);
        }
        sql.push(
            "), line_total AS (SELECT cl.budget_id, SUM(cl.amount_fen) AS amount \
             FROM cost_line cl JOIN selected s ON s.budget_id = cl.budget_id \
             GROUP BY cl.budget_id), \
             adjustment_total AS (SELECT cl.budget_id, SUM(a.amount_fen) AS amount \
             FROM adjustment a JOIN cost_line cl ON cl.id = a.cost_line_id \
             JOIN selected s ON s.budget_id = cl.budget_id GROUP BY cl.budget_id), \
             executed_total AS (SELECT cl.budget_id, SUM(e.amount_fen) AS amount \
             FROM expenditure e JOIN cost_line cl ON cl.id = e.cost_line_id \
             JOIN selected s ON s.budget_id = cl.budget_id GROUP BY cl.budget_id) \
             SELECT s.fiscal_year, s.project_type, \
             CAST(COALESCE(SUM(lines_total.amount), 0) \
             + COALESCE(SUM(adjusted.amount), 0) AS BIGINT), \
             CAST(COALESCE(SUM(spent.amount), 0) AS BIGINT) \
             FROM selected s \
             LEFT JOIN line_total lines_total ON lines_total.budget_id = s.budget_id \
             LEFT JOIN adjustment_total adjusted ON adjusted.budget_id = s.budget_id \
             LEFT JOIN executed_total spent ON spent.budget_id = s.budget_id \
             GROUP BY s.fiscal_year, s.project_type",
        );
        let (text, args) = sql.finish()?;
        let total_rows: Vec<(i64, String, i64, i64)> =
            sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        tx.commit().await?;

        let mut by_type: BTreeMap<ProjectType, (u64, Execution)> = BTreeMap::new();
        let mut project_count = 0;
        for (project_type, count) in count_rows {
            let count = u64::try_from(count).unwrap_or(0);
            project_count += count;
            by_type
                .entry(parse("project.project_type", &project_type)?)
                .or_default()
                .0 += count;
        }
        let mut by_year: BTreeMap<FiscalYear, Execution> = BTreeMap::new();
        let mut total = Execution::default();
        for (year, project_type, budget, executed) in total_rows {
            let year = fiscal_year(year)?;
            let (budget, executed) = (money(Some(budget)), money(Some(executed)));
            for execution in [
                by_year.entry(year).or_default(),
                &mut by_type
                    .entry(parse("project.project_type", &project_type)?)
                    .or_default()
                    .1,
                &mut total,
            ] {
                execution.budget += budget;
                execution.executed += executed;
            }
        }
        Ok(PortfolioSummary {
            project_count,
            total,
            by_year: by_year.into_iter().collect(),
            by_type: by_type
                .into_iter()
                .map(|(project_type, (count, execution))| (project_type, count, execution))
                .collect(),
        })
    }

    /// Planned against actual spending per month of fiscal year `year` (twelve points) over the
    /// projects `filter` selects.
    pub async fn portfolio_monthly(
        &self,
        filter: &ProjectFilter,
        year: FiscalYear,
    ) -> Result<Vec<MonthlyPoint>> {
        let mut tx = self.begin_read().await?;
        let mut planned = Sql::new(
            self.backend,
            "SELECT lp.month, CAST(SUM(lp.amount_fen) AS BIGINT) FROM line_plan lp \
             JOIN cost_line cl ON cl.id = lp.cost_line_id JOIN budget b ON b.id = cl.budget_id \
             JOIN project p ON p.id = b.project_id WHERE b.fiscal_year = ",
        );
        planned.bind(year).push(" AND ").push(COUNTED_BUDGET);
        push_filter(&mut planned, filter);
        planned.push(" GROUP BY lp.month");
        let (text, args) = planned.finish()?;
        let planned: Vec<(String, i64)> =
            sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;

        let (first_day, last_day) = year_bounds(year);
        let mut actual = Sql::new(
            self.backend,
            "SELECT substr(e.date, 1, 7), CAST(SUM(e.amount_fen) AS BIGINT) FROM expenditure e \
             JOIN project p ON p.id = e.project_id WHERE e.date >= ",
        );
        actual
            .bind(first_day)
            .push(" AND e.date <= ")
            .bind(last_day);
        push_filter(&mut actual, filter);
        actual.push(" GROUP BY substr(e.date, 1, 7)");
        let (text, args) = actual.finish()?;
        let actual: Vec<(String, i64)> =
            sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        tx.commit().await?;

        let points = monthly_points(planned, actual)?;
        Ok(YearMonth::months_of_year(year)
            .into_iter()
            .map(|month| {
                points
                    .get(&month)
                    .copied()
                    .unwrap_or_else(|| zero_point(month))
            })
            .collect())
    }

    /// Planned against actual spending of one project per month, from the first to the last
    /// month with a plan or a payment (empty when it has neither).
    pub async fn project_monthly(&self, code: &ProjectCode) -> Result<Vec<MonthlyPoint>> {
        let mut tx = self.begin_read().await?;
        let project = project_row(&mut tx, code).await?;
        let text = format!(
            "SELECT lp.month, CAST(SUM(lp.amount_fen) AS BIGINT) FROM line_plan lp \
             JOIN cost_line cl ON cl.id = lp.cost_line_id JOIN budget b ON b.id = cl.budget_id \
             WHERE b.project_id = $1 AND {COUNTED_BUDGET} GROUP BY lp.month"
        );
        let planned: Vec<(String, i64)> = sqlx::query_as(&text)
            .bind(project.id)
            .fetch_all(&mut *tx)
            .await?;
        let actual: Vec<(String, i64)> = sqlx::query_as(
            "SELECT substr(date, 1, 7), CAST(SUM(amount_fen) AS BIGINT) FROM expenditure \
             WHERE project_id = $1 GROUP BY substr(date, 1, 7)",
        )
        .bind(project.id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let points = monthly_points(planned, actual)?;
        let (Some(first), Some(last)) = (points.keys().next(), points.keys().next_back()) else {
            return Ok(Vec::new());
        };
        Ok(YearMonth::range(*first, *last)
            .into_iter()
            .map(|month| {
                points
                    .get(&month)
                    .copied()
                    .unwrap_or_else(|| zero_point(month))
            })
            .collect())
    }

    /// The cost lines of a project with their adjusted amount, their executed amount and the
    /// latest percent complete measured by the end of their fiscal year, ordered by fiscal year
    /// then line order.
    pub async fn line_executions(&self, code: &ProjectCode) -> Result<Vec<LineExecution>> {
        let mut tx = self.begin_read().await?;
        let project = project_row(&mut tx, code).await?;
        let budgets = load_budgets(&mut tx, project.id).await?;
        let executed: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT b.fiscal_year, cl.code, CAST(SUM(e.amount_fen) AS BIGINT) FROM expenditure e \
             JOIN cost_line cl ON cl.id = e.cost_line_id JOIN budget b ON b.id = cl.budget_id \
             WHERE e.project_id = $1 GROUP BY b.fiscal_year, cl.code",
        )
        .bind(project.id)
        .fetch_all(&mut *tx)
        .await?;
        let progress: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT cl.code, pr.date, pr.percent_complete FROM progress pr \
             JOIN cost_line cl ON cl.id = pr.cost_line_id \
             WHERE pr.project_id = $1 ORDER BY pr.date, pr.position, pr.id",
        )
        .bind(project.id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let executed: HashMap<(i64, String), i64> = executed
            .into_iter()
            .map(|(year, code, fen)| ((year, code), fen))
            .collect();
        let mut lines = Vec::new();
        for budget in &budgets {
            let (_, year_end) = year_bounds(budget.fiscal_year);
            for line in &budget.lines {
                // Rows are in date order, so the last one that fits is the latest.
                let percent_complete = progress
                    .iter()
                    .rfind(|(code, date, _)| code == line.code.as_str() && *date <= year_end)
                    .map(|(_, _, percent)| percent_of(percent))
                    .transpose()?;
                let key = (i64::from(budget.fiscal_year), line.code.to_string());
                lines.push(LineExecution {
                    fiscal_year: budget.fiscal_year,
                    execution: Execution {
                        budget: budget.adjusted_line(&line.code).unwrap_or(line.amount),
                        executed: money(executed.get(&key).copied()),
                    },
                    line: line.clone(),
                    percent_complete,
                });
            }
        }
        Ok(lines)
    }

    /// The payments of a project, newest first (by date, then the later-recorded first), page
    /// `page` (from 1) of `per_page`, with the same limits as [`Store::list_projects`].
    pub async fn expenditures(
        &self,
        code: &ProjectCode,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Expenditure>> {
        let (page, per_page, offset) = paging(page, per_page);
        let mut tx = self.begin_read().await?;
        let project = project_row(&mut tx, code).await?;
        let (total,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM expenditure WHERE project_id = $1")
                .bind(project.id)
                .fetch_one(&mut *tx)
                .await?;
        let rows: Vec<ExpenditureRow> = sqlx::query_as(&format!(
            "{EXPENDITURE_SELECT} WHERE e.project_id = $1 \
             ORDER BY e.date DESC, e.position DESC, e.id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(project.id)
        .bind(i64::from(per_page))
        .bind(offset)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Page {
            items: rows
                .into_iter()
                .map(ExpenditureRow::expenditure)
                .collect::<Result<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
            page,
            per_page,
        })
    }
}

/// Merges `(month, fen)` rows of planned and actual spending into points by month.
fn monthly_points(
    planned: Vec<(String, i64)>,
    actual: Vec<(String, i64)>,
) -> Result<BTreeMap<YearMonth, MonthlyPoint>> {
    let mut points = BTreeMap::new();
    for (month, fen) in planned {
        let month: YearMonth = parse("line_plan.month", &month)?;
        points
            .entry(month)
            .or_insert_with(|| zero_point(month))
            .planned += money(Some(fen));
    }
    for (month, fen) in actual {
        let month: YearMonth = parse("expenditure.date", &month)?;
        points
            .entry(month)
            .or_insert_with(|| zero_point(month))
            .actual += money(Some(fen));
    }
    Ok(points)
}

fn zero_point(month: YearMonth) -> MonthlyPoint {
    MonthlyPoint {
        month,
        planned: jixiao_core::Money::ZERO,
        actual: jixiao_core::Money::ZERO,
    }
}
