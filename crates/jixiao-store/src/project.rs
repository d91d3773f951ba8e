//! Projects as rows of a list: one project's summary, filtered and paged lists, and the values
//! the list's filters offer (regions, fiscal years).

use std::collections::HashMap;

use jixiao_core::{
    Execution, FiscalYear, OrgCode, Page, ProjectCode, ProjectFilter, ProjectSummary,
};
use sqlx::AnyConnection;

use crate::decode::{fiscal_year, money};
use crate::error::{Result, StoreError};
use crate::export::{PROJECT_SELECT, ProjectRow, project_row};
use crate::report::COUNTED_BUDGET;
use crate::sql::Sql;
use crate::{Backend, Store};

/// The most rows one page may hold, whatever the caller asks for.
pub const MAX_PER_PAGE: u32 = 1_000;

impl Store {
    /// One project with its organization's name and its budget and spending over all years.
    pub async fn project(&self, code: &ProjectCode) -> Result<ProjectSummary> {
        let mut tx = self.begin_read().await?;
        let row = project_row(&mut tx, code).await?;
        let mut summaries = summaries(&mut tx, self.backend, vec![row]).await?;
        tx.commit().await?;
        summaries.pop().ok_or_else(|| StoreError::NotFound {
            entity: "project",
            key: code.to_string(),
        })
    }

    /// The projects matching `filter`, ordered by code, page `page` (from 1) of `per_page`
    /// rows. The search text matches a name or code containing it, ignoring the case of ASCII
    /// letters. A page number of 0 is read as 1, and `per_page` is kept within 1 to
    /// [`MAX_PER_PAGE`]; the returned page says which values were used.
    pub async fn list_projects(
        &self,
        filter: &ProjectFilter,
        page: u32,
        per_page: u32,
    ) -> Result<Page<ProjectSummary>> {
        let (page, per_page, offset) = paging(page, per_page);
        let mut tx = self.begin_read().await?;

        let mut count = Sql::new(self.backend, "SELECT COUNT(*) FROM project p WHERE 1 = 1");
        push_filter(&mut count, filter);
        let (text, args) = count.finish()?;
        let (total,): (i64,) = sqlx::query_as_with(&text, args).fetch_one(&mut *tx).await?;

        let mut select = Sql::new(self.backend, PROJECT_SELECT);
        select.push(" WHERE 1 = 1");
        push_filter(&mut select, filter);
        select
            .push(" ORDER BY p.code LIMIT ")
            .bind(i64::from(per_page))
            .push(" OFFSET ")
            .bind(offset);
        let (text, args) = select.finish()?;
        let rows: Vec<ProjectRow> = sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        let items = summaries(&mut tx, self.backend, rows).await?;
        tx.commit().await?;
        Ok(Page {
            items,
            total: u64::try_from(total).unwrap_or(0),
            page,
            per_page,
        })
    }

    /// The distinct regions of the projects of `organizations` (all projects for `None`),
    /// sorted, for a filter's choices: a user is offered only regions they can see.
    pub async fn regions(&self, organizations: Option<&[OrgCode]>) -> Result<Vec<String>> {
        let scope = ProjectFilter {
            organizations: organizations.map(<[OrgCode]>::to_vec),
            ..ProjectFilter::default()
        };
        let mut sql = Sql::new(
            self.backend,
            "SELECT DISTINCT p.region FROM project p WHERE 1 = 1",
        );
        push_filter(&mut sql, &scope);
        sql.push(" ORDER BY p.region");
        let (text, args) = sql.finish()?;
        let rows: Vec<(String,)> = sqlx::query_as_with(&text, args)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(region,)| region).collect())
    }

    /// The distinct fiscal years of the budgets of the projects of `organizations` (all for
    /// `None`), ascending, for a filter's choices.
    pub async fn fiscal_years(&self, organizations: Option<&[OrgCode]>) -> Result<Vec<FiscalYear>> {
        let scope = ProjectFilter {
            organizations: organizations.map(<[OrgCode]>::to_vec),
            ..ProjectFilter::default()
        };
        let mut sql = Sql::new(
            self.backend,
            "SELECT DISTINCT b.fiscal_year FROM budget b JOIN project p ON p.id = b.project_id \
             WHERE 1 = 1",
        );
        push_filter(&mut sql, &scope);
        sql.push(" ORDER BY b.fiscal_year");
        let (text, args) = sql.finish()?;
        let rows: Vec<(i64,)> = sqlx::query_as_with(&text, args)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|(year,)| fiscal_year(year)).collect()
    }
}

/// `(page, per_page, offset)` for a request, with the page from 1 and the size within limits.
pub(crate) fn paging(page: u32, per_page: u32) -> (u32, u32, i64) {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let offset = i64::from(page - 1) * i64::from(per_page);
    (page, per_page, offset)
}

/// Appends ` AND …` conditions selecting the projects (`p`) that `filter` matches.
pub(crate) fn push_filter<'a>(sql: &mut Sql<'a>, filter: &'a ProjectFilter) {
    if let Some(project_type) = filter.project_type {
        sql.push(" AND p.project_type = ").bind(project_type.code());
    }
    if let Some(region) = &filter.region {
        sql.push(" AND p.region = ").bind(region.as_str());
    }
    if let Some(year) = filter.fiscal_year {
        sql.push(
            " AND EXISTS (SELECT 1 FROM budget fb WHERE fb.project_id = p.id AND fb.fiscal_year = ",
        )
        .bind(year)
        .push(")");
    }
    if let Some(status) = filter.status {
        sql.push(" AND p.status = ").bind(status.code());
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        // Both backends fold only ASCII letters in lower() (PostgreSQL through the "C"
        // collation of these columns), so the pattern is folded the same way.
        let pattern = format!("%{}%", escape_like(&search.to_ascii_lowercase()));
        sql.push(" AND (lower(p.name) LIKE ")
            .bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(p.code) LIKE ")
            .bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(organizations) = &filter.organizations {
        sql.push(" AND p.organization_id IN (SELECT id FROM organization WHERE code IN ")
            .bind_list(organizations.iter().map(|code| code.as_str()))
            .push(")");
    }
}

/// `text` with the LIKE wildcards and the escape character escaped by `\`.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Summaries of the projects of `rows`, in the same order, with their totals over all years.
pub(crate) async fn summaries(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: Vec<ProjectRow>,
) -> Result<Vec<ProjectSummary>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let lines = sums_by_project(
        conn,
        backend,
        &format!(
            "SELECT b.project_id, CAST(SUM(cl.amount_fen) AS BIGINT) FROM cost_line cl \
             JOIN budget b ON b.id = cl.budget_id WHERE {COUNTED_BUDGET} AND b.project_id IN "
        ),
        &ids,
        " GROUP BY b.project_id",
    )
    .await?;
    let adjustments = sums_by_project(
        conn,
        backend,
        &format!(
            "SELECT b.project_id, CAST(SUM(a.amount_fen) AS BIGINT) FROM adjustment a \
             JOIN cost_line cl ON cl.id = a.cost_line_id JOIN budget b ON b.id = cl.budget_id \
             WHERE {COUNTED_BUDGET} AND b.project_id IN "
        ),
        &ids,
        " GROUP BY b.project_id",
    )
    .await?;
    let executed = sums_by_project(
        conn,
        backend,
        "SELECT project_id, CAST(SUM(amount_fen) AS BIGINT) FROM expenditure \
         WHERE project_id IN ",
        &ids,
        " GROUP BY project_id",
    )
    .await?;
    rows.into_iter()
        .map(|row| {
            let sum = |sums: &HashMap<i64, i64>| money(sums.get(&row.id).copied());
            Ok(ProjectSummary {
                project: row.project()?,
                execution: Execution {
                    budget: sum(&lines) + sum(&adjustments),
                    executed: sum(&executed),
                },
                organization_name: row.organization_name,
            })
        })
        .collect()
}

/// Runs `head (ids) tail`, a query of `(project_id, sum)` rows.
async fn sums_by_project(
    conn: &mut AnyConnection,
    backend: Backend,
    head: &str,
    ids: &[i64],
    tail: &str,
) -> Result<HashMap<i64, i64>> {
    let mut sql = Sql::new(backend, head);
    sql.bind_list(ids.iter().copied()).push(tail);
    let (text, args) = sql.finish()?;
    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, sum)| (id, sum.unwrap_or(0)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_starts_at_one_and_keeps_the_size_within_limits() {
        let cases = [
            ((1, 20), (1, 20, 0)),
            ((3, 20), (3, 20, 40)),
            ((0, 20), (1, 20, 0)),
            ((2, 0), (2, 1, 1)),
            ((1, 5_000), (1, MAX_PER_PAGE, 0)),
        ];
        for ((page, per_page), expected) in cases {
            assert_eq!(paging(page, per_page), expected, "{page} {per_page}");
        }
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(escape_like("公路"), "公路");
    }
}
