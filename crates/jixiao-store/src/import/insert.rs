//! The multi-row inserts that send a batch's rows, tables in the order of their foreign keys.

use sqlx::AnyConnection;

use super::rows::Rows;
use crate::Backend;
use crate::decode::date_text;
use crate::error::Result;
use crate::sql::insert_rows;

impl Rows<'_> {
    /// Sends every row, tables in the order of their foreign keys.
    pub(in crate::import) async fn insert(
        self,
        conn: &mut AnyConnection,
        backend: Backend,
    ) -> Result<()> {
        insert_rows(
            conn,
            backend,
            "INSERT INTO project (id, code, name, project_type, organization_id, region, \
             planned_start, planned_finish, actual_start, actual_finish, status) VALUES ",
            11,
            self.projects,
            |row, p| {
                let project = &p.dossier.project;
                row.value(p.id)
                    .value(project.code.as_str())
                    .value(project.name.as_str())
                    .value(project.project_type.code())
                    .value(p.organization_id)
                    .value(project.region.as_str())
                    .value(date_text(project.planned_start))
                    .value(date_text(project.planned_finish))
                    .value(project.actual_start.map(date_text))
                    .value(project.actual_finish.map(date_text))
                    .value(project.status.code());
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO budget (id, project_id, fiscal_year) VALUES ",
            3,
            self.budgets,
            |row, (id, project_id, year)| {
                row.value(id).value(project_id).value(year);
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO cost_line (id, budget_id, position, code, name, category_code, \
             amount_fen, profile) VALUES ",
            8,
            self.lines,
            |row, l| {
                row.value(l.id)
                    .value(l.budget_id)
                    .value(l.position)
                    .value(l.line.code.as_str())
                    .value(l.line.name.as_str())
                    .value(l.line.category.as_str())
                    .value(l.line.amount.fen())
                    .value(l.line.profile.code());
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO line_plan (cost_line_id, month, amount_fen) VALUES ",
            3,
            self.plans,
            |row, (line_id, month, fen)| {
                row.value(line_id).value(month).value(fen);
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO adjustment (cost_line_id, position, date, amount_fen, reason) VALUES ",
            5,
            self.adjustments,
            |row, a| {
                row.value(a.cost_line_id)
                    .value(a.position)
                    .value(date_text(a.adjustment.date))
                    .value(a.adjustment.amount.fen())
                    .value(a.adjustment.reason.as_str());
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO expenditure (project_id, cost_line_id, position, date, amount_fen, \
             description, explanation) VALUES ",
            7,
            self.expenditures,
            |row, e| {
                row.value(e.project_id)
                    .value(e.cost_line_id)
                    .value(e.position)
                    .value(date_text(e.expenditure.date))
                    .value(e.expenditure.amount.fen())
                    .value(e.expenditure.description.as_str())
                    .value(e.expenditure.explanation.as_deref());
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO progress (project_id, cost_line_id, position, date, percent_complete) \
             VALUES ",
            5,
            self.progress,
            |row, p| {
                row.value(p.project_id)
                    .value(p.cost_line_id)
                    .value(p.position)
                    .value(p.date)
                    .value(p.percent_complete);
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO indicator (id, project_id, position, code, level1, level2, name, \
             direction, target, target_text, unit, weight, core) VALUES ",
            13,
            self.indicators,
            |row, i| {
                let indicator = i.indicator;
                row.value(i.id)
                    .value(i.project_id)
                    .value(i.position)
                    .value(indicator.code.as_str())
                    .value(indicator.level1.code())
                    .value(indicator.level2.code())
                    .value(indicator.name.as_str())
                    .value(indicator.direction.code())
                    .value(indicator.target.map(|t| t.to_string()))
                    .value(indicator.target_text.as_deref())
                    .value(indicator.unit.as_str())
                    .value(indicator.weight.to_string())
                    .value(indicator.core);
            },
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO reading (indicator_id, position, date, value, grade, score) VALUES ",
            6,
            self.readings,
            |row, r| {
                row.value(r.indicator_id)
                    .value(r.position)
                    .value(r.date)
                    .value(r.value)
                    .value(r.grade)
                    .value(r.score);
            },
        )
        .await
    }
}
