//! Adjustments (调整预算) of approved budgets in storage: proposed with a reason, then approved
//! or rejected once; an approval adds the adjustment to its budget, where execution rates read
//! it. Each step is one transaction with its ledger entries.

use jixiao_core::preparation::adjustment::{
    AdjustmentDecision, AdjustmentState, AdjustmentWorkflow,
};
use jixiao_core::{Adjustment, LineCode, Money, ProjectCode};
use sqlx::AnyConnection;

use super::line_id;
use super::workflow::load_workflow;
use crate::decode;
use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::ledger::family::{Content, Family, position_record};
use crate::ledger::{Appender, Stamp};
use crate::sql::Sql;
use crate::{Backend, Store};

/// A proposed adjustment with the decision on it, as [`Store::adjustment_requests`] lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustmentRequest {
    /// The request's id, which the decision names.
    pub id: i64,
    /// The year of the budget adjusted.
    pub fiscal_year: i32,
    /// The change asked for.
    pub adjustment: Adjustment,
    /// Where it stands.
    pub workflow: AdjustmentWorkflow,
}

/// A stored adjustment request, in `adjustment_request` column order with its year and line.
type RequestRow = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// Proposes `adjustment` to project `code`'s approved `year` budget as `stamp.actor`;
    /// returns the request's id. Refused unless the budget is approved or without a reason;
    /// `NotFound` for an unknown line.
    pub async fn propose_adjustment(
        &self,
        code: &ProjectCode,
        year: i32,
        adjustment: &Adjustment,
        stamp: &Stamp,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let (_, workflow) = load_workflow(&mut tx, self.backend, code, year).await?;
        let request =
            AdjustmentWorkflow::propose(&workflow, &adjustment.reason, &stamp.actor, stamp.at)
                .map_err(StoreError::Refused)?;
        let line_id = line_id(&mut tx, self.backend, code, year, &adjustment.line).await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO adjustment_request (cost_line_id, date, amount_fen, reason, state, \
             proposed_by, proposed_at) VALUES (",
        );
        sql.bind(line_id)
            .push(", ")
            .bind(decode::date_text(adjustment.date))
            .push(", ")
            .bind(adjustment.amount.fen())
            .push(", ")
            .bind(request.reason.clone())
            .push(", ")
            .bind(request.state.code())
            .push(", ")
            .bind(request.proposed_by.clone())
            .push(", ")
            .bind(decode::time_text(request.proposed_at))
            .push(") RETURNING id");
        let (text, args) = sql.finish()?;
        let (id,): (i64,) = sqlx::query_as_with(&text, args).fetch_one(&mut *tx).await?;
        ledger.set(
            Family::AdjustmentRequest,
            &format!("{code}/request/{id}"),
            &request_content(year, adjustment, &request),
        );
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(project.code = %code, year, request.id = id, "adjustment proposed");
        Ok(id)
    }

    /// Decides adjustment request `id` of project `code` as `stamp.actor`. An approval adds the
    /// adjustment to its budget, where execution rates read it, in the same transaction.
    /// Refused when already decided or rejected without a reason.
    pub async fn decide_adjustment(
        &self,
        code: &ProjectCode,
        id: i64,
        decision: AdjustmentDecision,
        stamp: &Stamp,
    ) -> Result<AdjustmentRequest> {
        let mut tx = self.begin_write().await?;
        let mut request = requests(&mut tx, self.backend, code, Some(id))
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                entity: "adjustment request",
                key: format!("{code}/{id}"),
            })?;
        request
            .workflow
            .decide(decision, &stamp.actor, stamp.at)
            .map_err(StoreError::Refused)?;
        let workflow = &request.workflow;
        let mut sql = Sql::new(self.backend, "UPDATE adjustment_request SET state = ");
        sql.bind(workflow.state.code())
            .push(", decided_by = ")
            .bind(workflow.decided_by.clone())
            .push(", decided_at = ")
            .bind(workflow.decided_at.map(decode::time_text))
            .push(", rejection_reason = ")
            .bind(workflow.rejection_reason.clone())
            .push(" WHERE id = ")
            .bind(id);
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let year = request.fiscal_year;
        if workflow.state == AdjustmentState::Approved {
            let position = add_adjustment(&mut tx, self.backend, code, year, &request).await?;
            let record = position_record(code.as_str(), Some(year), position);
            ledger.set(
                Family::Adjustment,
                &record,
                &Content::adjustment(&request.adjustment),
            );
        }
        ledger.set(
            Family::AdjustmentRequest,
            &format!("{code}/request/{id}"),
            &request_content(year, &request.adjustment, workflow),
        );
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %code,
            request.id = id,
            state = request.workflow.state.code(),
            "adjustment decided"
        );
        Ok(request)
    }

    /// Every adjustment request of project `code`, oldest first.
    pub async fn adjustment_requests(&self, code: &ProjectCode) -> Result<Vec<AdjustmentRequest>> {
        let mut conn = self.pool.acquire().await?;
        requests(&mut conn, self.backend, code, None).await
    }
}

fn request_content<'a>(
    year: i32,
    adjustment: &'a Adjustment,
    workflow: &'a AdjustmentWorkflow,
) -> Content<'a> {
    Content::AdjustmentRequest {
        fiscal_year: i64::from(year),
        line: adjustment.line.as_str().into(),
        date: decode::date_text(adjustment.date).into(),
        amount_fen: adjustment.amount.fen(),
        reason: adjustment.reason.as_str().into(),
        state: workflow.state.code().into(),
        proposed_by: workflow.proposed_by.as_str().into(),
        decided_by: workflow.decided_by.as_deref().map(Into::into),
        rejection_reason: workflow.rejection_reason.as_deref().map(Into::into),
    }
}

/// Adds an approved request's adjustment after the other adjustments of its budget; returns
/// its position.
async fn add_adjustment(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &ProjectCode,
    year: i32,
    request: &AdjustmentRequest,
) -> Result<usize> {
    let line_id = line_id(conn, backend, code, year, &request.adjustment.line).await?;
    let (position,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(a.position) + 1, 0) FROM adjustment a \
         JOIN cost_line l ON l.id = a.cost_line_id \
         WHERE l.budget_id = (SELECT budget_id FROM cost_line WHERE id = $1)",
    )
    .bind(line_id)
    .fetch_one(&mut *conn)
    .await?;
    let adjustment = &request.adjustment;
    let mut sql = Sql::new(
        backend,
        "INSERT INTO adjustment (cost_line_id, position, date, amount_fen, reason) VALUES (",
    );
    sql.bind(line_id)
        .push(", ")
        .bind(position)
        .push(", ")
        .bind(decode::date_text(adjustment.date))
        .push(", ")
        .bind(adjustment.amount.fen())
        .push(", ")
        .bind(adjustment.reason.clone())
        .push(")");
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(usize::try_from(position).unwrap_or(usize::MAX))
}

/// The adjustment requests of project `code` (only `id` when given), oldest first.
async fn requests(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &ProjectCode,
    id: Option<i64>,
) -> Result<Vec<AdjustmentRequest>> {
    let project = project_row(conn, code).await?;
    let mut sql = Sql::new(
        backend,
        "SELECT r.id, b.fiscal_year, l.code, r.date, r.amount_fen, r.reason, r.state, \
         r.proposed_by, r.proposed_at, r.decided_by, r.decided_at, r.rejection_reason \
         FROM adjustment_request r JOIN cost_line l ON l.id = r.cost_line_id \
         JOIN budget b ON b.id = l.budget_id WHERE b.project_id = ",
    );
    sql.bind(project.id);
    if let Some(id) = id {
        sql.push(" AND r.id = ").bind(id);
    }
    sql.push(" ORDER BY r.id");
    let (text, args) = sql.finish()?;
    let rows: Vec<RequestRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let (id, year, line, date, fen, reason, state, by, at, decided_by, decided_at, why) =
                row;
            let date = decode::parse("adjustment_request.date", &date)?;
            Ok(AdjustmentRequest {
                id,
                fiscal_year: i32::try_from(year).unwrap_or_default(),
                adjustment: Adjustment {
                    date,
                    line: decode::code("cost_line.code", line, LineCode::new)?,
                    amount: Money::from_fen(fen),
                    reason: reason.clone(),
                },
                workflow: AdjustmentWorkflow {
                    state: decode::parse("adjustment_request.state", &state)?,
                    reason,
                    proposed_by: by,
                    proposed_at: decode::time("adjustment_request.proposed_at", &at)?,
                    decided_by,
                    decided_at: decided_at
                        .map(|at| decode::time("adjustment_request.decided_at", &at))
                        .transpose()?,
                    rejection_reason: why,
                },
            })
        })
        .collect()
}
