//! Recording one indicator reading of a stored project, after import.
//!
//! A reading goes after every reading the project already has: readings are listed by their
//! `position` within the project (the order of the imported file), so the new one takes the
//! next position and an export shows it last, as if the file had listed it at the end.

use jixiao_core::{ProjectCode, Reading};

use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::ledger::family::{Content, Family, position_record, reading_columns};
use crate::ledger::{Appender, Stamp};
use crate::sql::Sql;
use crate::{Backend, Store, decode};

impl Store {
    /// Adds `reading` to the project `project`, after its other readings, in one transaction.
    ///
    /// `NotFound` when the project or the indicator does not exist; `Invalid` when a graded
    /// reading is given for a quantitative indicator or a value for a qualitative one. A refused
    /// reading writes nothing.
    pub async fn add_reading(
        &self,
        project: &ProjectCode,
        reading: &Reading,
        stamp: &Stamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let project_id = project_row(&mut tx, project).await?.id;
        if self.backend == Backend::Postgres {
            // Two readings added to one project at once would otherwise both read the same
            // last position. SQLite needs no lock: its write transaction already excludes
            // every other writer.
            sqlx::query("SELECT id FROM project WHERE id = $1 FOR UPDATE")
                .bind(project_id)
                .execute(&mut *tx)
                .await?;
        }
        let indicator: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, direction FROM indicator WHERE project_id = $1 AND code = $2",
        )
        .bind(project_id)
        .bind(reading.indicator.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let (indicator_id, direction) = indicator.ok_or_else(|| StoreError::NotFound {
            entity: "indicator",
            key: reading.indicator.to_string(),
        })?;
        let direction = decode::parse("indicator.direction", &direction)?;
        reading.value.fits(direction).map_err(|mismatch| {
            StoreError::Invalid(format!(
                "reading of indicator \"{}\": {mismatch}",
                reading.indicator
            ))
        })?;
        let (position,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(r.position) + 1, 0) FROM reading r \
             JOIN indicator i ON i.id = r.indicator_id WHERE i.project_id = $1",
        )
        .bind(project_id)
        .fetch_one(&mut *tx)
        .await?;
        let (value, grade, score) = reading_columns(&reading.value);
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO reading (indicator_id, position, date, value, grade, score) VALUES (",
        );
        sql.bind(indicator_id)
            .push(", ")
            .bind(position)
            .push(", ")
            .bind(decode::date_text(reading.date))
            .push(", ")
            .bind(value)
            .push(", ")
            .bind(grade)
            .push(", ")
            .bind(score)
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        let record = position_record(project.as_str(), None, position as usize);
        ledger.set(Family::Reading, &record, &Content::reading(reading));
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %project,
            indicator.code = %reading.indicator,
            "indicator reading recorded"
        );
        Ok(())
    }
}
