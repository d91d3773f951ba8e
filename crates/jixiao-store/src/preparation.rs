//! Storage of budget preparation: cost stages, the justification of cost lines and reviewers'
//! comments on them, the approval workflow of budgets and adjustments, performance targets and
//! the target library. The rules these follow live in `jixiao_core::preparation`.

mod adjustment;
mod justification;
pub(crate) mod library;
mod stage;
pub(crate) mod target;
mod workflow;

pub use adjustment::AdjustmentRequest;

use jixiao_core::{LineCode, ProjectCode};
use sqlx::AnyConnection;

use crate::Backend;
use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::sql::Sql;

/// The id of cost line `line` in the `year` budget of project `code`; `NotFound` when the
/// project, its budget of that year or the line does not exist.
pub(crate) async fn line_id(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &ProjectCode,
    year: i32,
    line: &LineCode,
) -> Result<i64> {
    let project_id = project_row(conn, code).await?.id;
    let mut sql = Sql::new(
        backend,
        "SELECT l.id FROM cost_line l JOIN budget b ON b.id = l.budget_id WHERE b.project_id = ",
    );
    sql.bind(project_id)
        .push(" AND b.fiscal_year = ")
        .bind(i64::from(year))
        .push(" AND l.code = ")
        .bind(line.as_str().to_owned());
    let (text, args) = sql.finish()?;
    let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(id,)| id).ok_or_else(|| StoreError::NotFound {
        entity: "cost line",
        key: format!("{code}/{year}/{line}"),
    })
}
