//! The zero-based justification (零基预算论证) of cost lines, and reviewers' comments on them.

use chrono::{DateTime, Utc};
use jixiao_core::preparation::justification::{Basis, Justification, LastYearOutcome, LineReview};
use jixiao_core::{LineCode, Money, ProjectCode};
use rust_decimal::Decimal;

use super::line_id;
use crate::Store;
use crate::decode;
use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::sql::Sql;

/// A stored justification with its line code, in `line_justification` column order.
type JustificationRow = (
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// A stored review: line code, reviewer, comment, returned, time.
type ReviewRow = (String, String, String, i64, String);

impl Store {
    /// Stores the justification of line `line` of project `code`'s `year` budget, replacing the
    /// one stored before. `NotFound` when the line does not exist; refused (`NotEditable`)
    /// unless the budget is a draft or was returned, since a submitted or approved budget's
    /// case must stay as its reviewers read it.
    pub async fn set_justification(
        &self,
        code: &ProjectCode,
        year: i32,
        line: &LineCode,
        justification: &Justification,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let (_, workflow) =
            super::workflow::load_workflow(&mut tx, self.backend, code, year).await?;
        workflow.check_editable().map_err(StoreError::Refused)?;
        let line_id = line_id(&mut tx, self.backend, code, year, line).await?;
        let mut sql = Sql::new(
            self.backend,
            "DELETE FROM line_justification WHERE cost_line_id = ",
        );
        sql.bind(line_id);
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        let (basis, reference, quantity, unit, price) = match &justification.basis {
            Basis::QuantityPrice {
                quantity,
                unit,
                unit_price,
            } => ("quantity_price", None, quantity, unit, unit_price),
            Basis::Quota {
                reference,
                quantity,
                unit,
                quota_price,
            } => (
                "quota",
                Some(reference.clone()),
                quantity,
                unit,
                quota_price,
            ),
        };
        let last = justification.last_year.as_ref();
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO line_justification (cost_line_id, necessity, basis, quantity, unit, \
             price_fen, quota_reference, alternatives, expected_effect, last_year_line, \
             last_year_budget_fen, last_year_spent_fen, last_year_note) VALUES (",
        );
        sql.bind(line_id)
            .push(", ")
            .bind(justification.necessity.clone())
            .push(", ")
            .bind(basis)
            .push(", ")
            .bind(quantity.to_string())
            .push(", ")
            .bind(unit.clone())
            .push(", ")
            .bind(price.fen())
            .push(", ")
            .bind(reference)
            .push(", ")
            .bind(justification.alternatives.clone())
            .push(", ")
            .bind(justification.expected_effect.clone())
            .push(", ")
            .bind(last.map(|l| l.line_name.clone()))
            .push(", ")
            .bind(last.map(|l| l.budget.fen()))
            .push(", ")
            .bind(last.map(|l| l.spent.fen()))
            .push(", ")
            .bind(last.map(|l| l.note.clone()))
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(project.code = %code, year, line = %line, "line justification stored");
        Ok(())
    }

    /// The justifications of the lines of project `code`'s `year` budget, by line code; lines
    /// without one are absent.
    pub async fn justifications(
        &self,
        code: &ProjectCode,
        year: i32,
    ) -> Result<Vec<(LineCode, Justification)>> {
        let mut conn = self.pool.acquire().await?;
        let project = project_row(&mut conn, code).await?;
        load(&mut conn, project.id, year).await
    }

    /// Adds a reviewer's comment on a line, returning the line to its author when
    /// `review.returned`. `NotFound` when the line does not exist.
    pub async fn add_line_review(
        &self,
        code: &ProjectCode,
        year: i32,
        review: &LineReview,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let line_id = line_id(&mut tx, self.backend, code, year, &review.line).await?;
        let (position,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM line_review WHERE cost_line_id = $1",
        )
        .bind(line_id)
        .fetch_one(&mut *tx)
        .await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO line_review (cost_line_id, position, reviewer, comment, returned, \
             reviewed_at) VALUES (",
        );
        sql.bind(line_id)
            .push(", ")
            .bind(position)
            .push(", ")
            .bind(review.reviewer.clone())
            .push(", ")
            .bind(review.comment.clone())
            .push(", ")
            .bind(i64::from(review.returned))
            .push(", ")
            .bind(decode::time_text(at))
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %code,
            year,
            line = %review.line,
            returned = review.returned,
            "line reviewed"
        );
        Ok(())
    }

    /// The reviews of the lines of project `code`'s `year` budget with their times, in the
    /// order of the lines and then of the reviews.
    pub async fn line_reviews(
        &self,
        code: &ProjectCode,
        year: i32,
    ) -> Result<Vec<(LineReview, DateTime<Utc>)>> {
        let mut conn = self.pool.acquire().await?;
        let project = project_row(&mut conn, code).await?;
        let rows: Vec<ReviewRow> = sqlx::query_as(
            "SELECT l.code, r.reviewer, r.comment, r.returned, r.reviewed_at \
             FROM line_review r JOIN cost_line l ON l.id = r.cost_line_id \
             JOIN budget b ON b.id = l.budget_id \
             WHERE b.project_id = $1 AND b.fiscal_year = $2 ORDER BY l.position, r.position",
        )
        .bind(project.id)
        .bind(i64::from(year))
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(|(line, reviewer, comment, returned, at)| {
                Ok((
                    LineReview {
                        line: decode::code("cost_line.code", line, LineCode::new)?,
                        reviewer,
                        comment,
                        returned: returned != 0,
                    },
                    decode::time("line_review.reviewed_at", &at)?,
                ))
            })
            .collect()
    }
}

fn justification_of(row: JustificationRow) -> Result<(LineCode, Justification)> {
    let (
        line,
        necessity,
        basis,
        quantity,
        unit,
        price,
        reference,
        alternatives,
        expected_effect,
        last_line,
        last_budget,
        last_spent,
        last_note,
    ) = row;
    let quantity: Decimal = decode::parse("line_justification.quantity", &quantity)?;
    let price = Money::from_fen(price);
    let basis = match (basis.as_str(), reference) {
        ("quota", Some(reference)) => Basis::Quota {
            reference,
            quantity,
            unit,
            quota_price: price,
        },
        _ => Basis::QuantityPrice {
            quantity,
            unit,
            unit_price: price,
        },
    };
    let last_year = match (last_line, last_budget, last_spent) {
        (Some(line_name), Some(budget), Some(spent)) => Some(LastYearOutcome {
            line_name,
            budget: Money::from_fen(budget),
            spent: Money::from_fen(spent),
            note: last_note.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok((
        decode::code("cost_line.code", line, LineCode::new)?,
        Justification {
            necessity,
            basis,
            alternatives,
            expected_effect,
            last_year,
        },
    ))
}

/// The justifications of the lines of budget year `year` of the project with id `project_id`.
pub(super) async fn load(
    conn: &mut sqlx::AnyConnection,
    project_id: i64,
    year: i32,
) -> Result<Vec<(LineCode, Justification)>> {
    let rows: Vec<JustificationRow> = sqlx::query_as(
        "SELECT l.code, j.necessity, j.basis, j.quantity, j.unit, j.price_fen, \
         j.quota_reference, j.alternatives, j.expected_effect, j.last_year_line, \
         j.last_year_budget_fen, j.last_year_spent_fen, j.last_year_note \
         FROM line_justification j JOIN cost_line l ON l.id = j.cost_line_id \
         JOIN budget b ON b.id = l.budget_id \
         WHERE b.project_id = $1 AND b.fiscal_year = $2 ORDER BY l.position",
    )
    .bind(project_id)
    .bind(i64::from(year))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(justification_of).collect()
}
