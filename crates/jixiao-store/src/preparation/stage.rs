//! Cost stages (造价阶段): each a version of a project's cost breakdown.

use jixiao_core::preparation::stage::{
    CostStage, StageBreakdown, StageLine, StageWarning, check_estimate_overrun,
};
use jixiao_core::{CategoryCode, LineCode, Money, ProjectCode};

use crate::Store;
use crate::decode;
use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::ledger::family::{Content, Family, Scope, current};
use crate::ledger::{Appender, Stamp};
use crate::sql::{Sql, insert_rows};

/// A stored stage line: stage, line code, name, category, amount.
type StageRow = (String, String, String, String, i64);

impl Store {
    /// Stores `breakdown` as project `code`'s version of its stage, replacing the version stored
    /// before, in one transaction with its ledger entries (the removal of every old line, then
    /// every new one).
    ///
    /// Returns the 10 % warning of the Government Investment Regulation when the stage is the
    /// budgetary estimate (概算) and exceeds the stored estimate (估算) by more than the limit of
    /// the project's type; the figures are stored either way, since the rule asks for a report,
    /// not a refusal. `NotFound` for an unknown project, `Invalid` for a line code given twice
    /// or an unknown cost category.
    pub async fn set_stage(
        &self,
        code: &ProjectCode,
        breakdown: &StageBreakdown,
        stamp: &Stamp,
    ) -> Result<Option<StageWarning>> {
        let mut seen = std::collections::BTreeSet::new();
        for (index, line) in breakdown.lines.iter().enumerate() {
            if !seen.insert(line.line.as_str()) {
                return Err(StoreError::Invalid(format!(
                    "$.lines[{index}].line: line \"{}\" is given twice",
                    line.line
                )));
            }
        }
        let mut tx = self.begin_write().await?;
        let project = project_row(&mut tx, code).await?;
        let categories: Vec<(String,)> = sqlx::query_as("SELECT code FROM cost_category")
            .fetch_all(&mut *tx)
            .await?;
        for (index, line) in breakdown.lines.iter().enumerate() {
            if !categories
                .iter()
                .any(|(known,)| known == line.category.as_str())
            {
                return Err(StoreError::Invalid(format!(
                    "$.lines[{index}].category: unknown cost category \"{}\"",
                    line.category
                )));
            }
        }
        let project_type = project.project()?.project_type;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let stage = breakdown.stage.code();
        let prefix = format!("{code}/{stage}/");
        let mut old = current(
            &mut tx,
            self.backend,
            Family::StageLine,
            Scope::Of(code.as_str()),
        )
        .await?
        .into_iter()
        .filter(|(record, _)| record.starts_with(&prefix))
        .collect::<Vec<_>>();
        old.sort_by(|a, b| a.0.cmp(&b.0));
        for (record, content) in &old {
            ledger.remove(Family::StageLine, record, content);
        }
        let mut sql = Sql::new(self.backend, "DELETE FROM stage_line WHERE project_id = ");
        sql.bind(project.id).push(" AND stage = ").bind(stage);
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        insert_rows(
            &mut tx,
            self.backend,
            "INSERT INTO stage_line (project_id, stage, position, line_code, name, \
             category_code, amount_fen) VALUES ",
            7,
            breakdown.lines.iter().enumerate(),
            |row, (position, line)| {
                row.value(project.id)
                    .value(stage)
                    .value(position as i64)
                    .value(line.line.as_str())
                    .value(line.name.as_str())
                    .value(line.category.as_str())
                    .value(line.amount.fen());
            },
        )
        .await
        .map_err(|error| match error {
            StoreError::Conflict { constraint, .. } if constraint.contains("category") => {
                StoreError::Invalid(format!(
                    "stage {stage}: a line names an unknown cost category"
                ))
            }
            other => other,
        })?;
        for line in &breakdown.lines {
            let content = Content::StageLine {
                name: line.name.as_str().into(),
                category: line.category.as_str().into(),
                amount_fen: line.amount.fen(),
            };
            ledger.set(
                Family::StageLine,
                &format!("{prefix}{}", line.line),
                &content,
            );
        }
        ledger.flush(&mut tx, self.backend).await?;
        let stages = load_stages(&mut tx, project.id).await?;
        tx.commit().await?;
        tracing::info!(project.code = %code, stage, lines = breakdown.lines.len(), "cost stage stored");
        let find = |wanted| stages.iter().find(|s: &&StageBreakdown| s.stage == wanted);
        Ok(
            match (
                find(CostStage::Estimate),
                find(CostStage::BudgetaryEstimate),
            ) {
                (Some(estimate), Some(budgetary))
                    if matches!(
                        breakdown.stage,
                        CostStage::Estimate | CostStage::BudgetaryEstimate
                    ) =>
                {
                    check_estimate_overrun(project_type, estimate, budgetary)
                }
                _ => None,
            },
        )
    }

    /// Every stored stage of project `code`, in the order of the project's life.
    pub async fn stages(&self, code: &ProjectCode) -> Result<Vec<StageBreakdown>> {
        let mut conn = self.pool.acquire().await?;
        let project = project_row(&mut conn, code).await?;
        load_stages(&mut conn, project.id).await
    }
}

async fn load_stages(
    conn: &mut sqlx::AnyConnection,
    project_id: i64,
) -> Result<Vec<StageBreakdown>> {
    let rows: Vec<StageRow> = sqlx::query_as(
        "SELECT stage, line_code, name, category_code, amount_fen FROM stage_line \
         WHERE project_id = $1 ORDER BY stage, position",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut stages: Vec<StageBreakdown> = Vec::new();
    for (stage, line, name, category, fen) in rows {
        let stage: CostStage = decode::parse("stage_line.stage", &stage)?;
        let line = StageLine {
            line: decode::code("stage_line.line_code", line, LineCode::new)?,
            name,
            category: decode::code("stage_line.category_code", category, CategoryCode::new)?,
            amount: Money::from_fen(fen),
        };
        match stages.iter_mut().find(|s| s.stage == stage) {
            Some(breakdown) => breakdown.lines.push(line),
            None => stages.push(StageBreakdown {
                stage,
                lines: vec![line],
            }),
        }
    }
    stages.sort_by_key(|s| s.stage);
    Ok(stages)
}
