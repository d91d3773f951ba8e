//! The approval workflow of yearly budgets in storage: budgets prepared in the application start
//! as drafts, are edited line by line while draft or returned, and move through submission and
//! approval; approved budgets change only through adjustments (see `adjustment`). Every step is
//! one transaction with its ledger entries.
//!
//! A budget without a workflow row was imported as it stands, and counts as approved.

use jixiao_core::preparation::approval::{
    ApprovalLevels, BudgetState, BudgetWorkflow, Transition, TransitionRecord, WorkflowAction,
};
use jixiao_core::preparation::justification::check_budget;
use jixiao_core::preparation::target::validate;
use jixiao_core::{Budget, CostLine, LineCode, OrgCode, ProjectCode};
use sqlx::AnyConnection;

use crate::decode;
use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::ledger::family::{Content, Family, line_record};
use crate::ledger::{Appender, Stamp};
use crate::sql::{Sql, insert_rows};
use crate::{Backend, Store};

/// A stored transition: action, from, to, level, actor, time, reasons, returned lines.
type TransitionRow = (
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
);

impl Store {
    /// Sets how many approval levels the budgets of `organization` need from the next budget
    /// prepared on; budgets already in their workflow keep theirs.
    pub async fn set_approval_levels(
        &self,
        organization: &OrgCode,
        levels: ApprovalLevels,
    ) -> Result<()> {
        let mut sql = Sql::new(self.backend, "UPDATE organization SET approval_levels = ");
        sql.bind(i64::from(levels.count()))
            .push(" WHERE code = ")
            .bind(organization.as_str().to_owned());
        let (text, args) = sql.finish()?;
        let changed = sqlx::query_with(&text, args)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound {
                entity: "organization",
                key: organization.to_string(),
            });
        }
        Ok(())
    }

    /// How many approval levels the budgets of `organization` need; `NotFound` for an unknown
    /// organization.
    pub async fn approval_levels(&self, organization: &OrgCode) -> Result<ApprovalLevels> {
        let mut sql = Sql::new(
            self.backend,
            "SELECT approval_levels FROM organization WHERE code = ",
        );
        sql.bind(organization.as_str().to_owned());
        let (text, args) = sql.finish()?;
        let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some((1,)) => Ok(ApprovalLevels::One),
            Some((2,)) => Ok(ApprovalLevels::Two),
            Some((other,)) => Err(StoreError::Invalid(format!(
                "stored organization.approval_levels {other} is neither 1 nor 2"
            ))),
            None => Err(StoreError::NotFound {
                entity: "organization",
                key: organization.to_string(),
            }),
        }
    }

    /// Starts a budget of project `code` for `budget.fiscal_year` as a draft, with its lines and
    /// their monthly plans, in one transaction with the ledger entries of its lines and state.
    ///
    /// The adjustments of `budget` are ignored: a draft is edited directly. `Conflict`
    /// (`budget_project_year_key`) when the project has a budget for that year, `Invalid` for
    /// an unknown cost category or a line code given twice.
    pub async fn create_draft_budget(
        &self,
        code: &ProjectCode,
        budget: &Budget,
        stamp: &Stamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let project = project_row(&mut tx, code).await?;
        check_lines(&mut tx, &budget.lines).await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let levels: (i64,) = sqlx::query_as(
            "SELECT o.approval_levels FROM organization o JOIN project p \
             ON p.organization_id = o.id WHERE p.id = $1",
        )
        .bind(project.id)
        .fetch_one(&mut *tx)
        .await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO budget (project_id, fiscal_year) VALUES (",
        );
        sql.bind(project.id)
            .push(", ")
            .bind(i64::from(budget.fiscal_year))
            .push(") RETURNING id");
        let (text, args) = sql.finish()?;
        let (budget_id,): (i64,) = sqlx::query_as_with(&text, args).fetch_one(&mut *tx).await?;
        for line in &budget.lines {
            insert_line(&mut tx, self.backend, budget_id, line).await?;
            let record = line_record(code.as_str(), budget.fiscal_year, line.code.as_str());
            ledger.set(Family::BudgetLine, &record, &Content::line(line));
        }
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO budget_workflow (budget_id, state, levels, approvals) VALUES (",
        );
        sql.bind(budget_id)
            .push(", ")
            .bind(BudgetState::Draft.code())
            .push(", ")
            .bind(levels.0)
            .push(", 0)");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        record_state(
            &mut ledger,
            code,
            budget.fiscal_year,
            BudgetState::Draft,
            levels.0,
            0,
        );
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %code,
            year = budget.fiscal_year,
            lines = budget.lines.len(),
            "draft budget created"
        );
        Ok(())
    }

    /// Replaces line `line.code` of project `code`'s `year` budget, or adds it after the others,
    /// with its monthly plan. Refused (`NotEditable`) unless the budget is a draft or was
    /// returned; `NotFound` for an unknown project or year.
    pub async fn set_draft_line(
        &self,
        code: &ProjectCode,
        year: i32,
        line: &CostLine,
        stamp: &Stamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let (budget_id, workflow) = load_workflow(&mut tx, self.backend, code, year).await?;
        workflow.check_editable().map_err(StoreError::Refused)?;
        check_lines(&mut tx, std::slice::from_ref(line)).await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        // A replaced line keeps its row, so that its justification and the reviewers'
        // comments on it stay attached; only its figures and monthly plan change.
        let mut sql = Sql::new(self.backend, "UPDATE cost_line SET name = ");
        sql.bind(line.name.clone())
            .push(", category_code = ")
            .bind(line.category.as_str().to_owned())
            .push(", amount_fen = ")
            .bind(line.amount.fen())
            .push(", profile = ")
            .bind(line.profile.code())
            .push(" WHERE budget_id = ")
            .bind(budget_id)
            .push(" AND code = ")
            .bind(line.code.as_str().to_owned())
            .push(" RETURNING id");
        let (text, args) = sql.finish()?;
        let replaced: Option<(i64,)> = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *tx)
            .await?;
        match replaced {
            Some((line_id,)) => {
                let mut sql = Sql::new(self.backend, "DELETE FROM line_plan WHERE cost_line_id = ");
                sql.bind(line_id);
                let (text, args) = sql.finish()?;
                sqlx::query_with(&text, args).execute(&mut *tx).await?;
                insert_plan(&mut tx, self.backend, line_id, line).await?
            }
            None => insert_line(&mut tx, self.backend, budget_id, line).await?,
        }
        let record = line_record(code.as_str(), year, line.code.as_str());
        ledger.set(Family::BudgetLine, &record, &Content::line(line));
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(project.code = %code, year, line = %line.code, "draft line stored");
        Ok(())
    }

    /// The workflow of project `code`'s `year` budget with its history; an imported budget is
    /// approved with no history.
    pub async fn budget_workflow(&self, code: &ProjectCode, year: i32) -> Result<BudgetWorkflow> {
        let mut conn = self.pool.acquire().await?;
        Ok(load_workflow(&mut conn, self.backend, code, year).await?.1)
    }

    /// Applies `transition` to project `code`'s `year` budget as `stamp.actor`, in one
    /// transaction with the transition's record and ledger entry; returns the new workflow.
    ///
    /// A submission is refused while a line lacks its justification or its arithmetic
    /// disagrees with its amount (`<line>:<code>`), or while the project's performance targets
    /// break a rule (`targets:<code>`, once per kind of problem): those problems join the
    /// blockers the caller gives. A refused step is `Refused` and writes nothing.
    pub async fn apply_budget_transition(
        &self,
        code: &ProjectCode,
        year: i32,
        transition: Transition,
        stamp: &Stamp,
    ) -> Result<BudgetWorkflow> {
        let mut tx = self.begin_write().await?;
        let (budget_id, mut workflow) = load_workflow(&mut tx, self.backend, code, year).await?;
        let transition = match transition {
            Transition::Submit { mut blockers } => {
                blockers.extend(justification_blockers(&mut tx, code, year).await?);
                blockers.extend(target_blockers(&mut tx, self.backend, code).await?);
                Transition::Submit { blockers }
            }
            other => other,
        };
        workflow
            .apply(transition, &stamp.actor, stamp.at)
            .map_err(StoreError::Refused)?;
        let record = workflow
            .history
            .last()
            .expect("an applied step is recorded");
        let position = i64::try_from(workflow.history.len() - 1).unwrap_or(i64::MAX);
        insert_transition(&mut tx, self.backend, budget_id, position, record).await?;
        let approvals = i64::from(workflow.level_reached());
        let mut sql = Sql::new(self.backend, "UPDATE budget_workflow SET state = ");
        sql.bind(workflow.state.code())
            .push(", approvals = ")
            .bind(approvals)
            .push(" WHERE budget_id = ")
            .bind(budget_id);
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let levels = i64::from(workflow.levels.count());
        record_state(&mut ledger, code, year, workflow.state, levels, approvals);
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %code,
            year,
            action = record.action.code(),
            state = workflow.state.code(),
            "budget workflow step"
        );
        Ok(workflow)
    }
}

/// Refuses unknown cost categories and line codes given twice, before anything is written.
async fn check_lines(conn: &mut AnyConnection, lines: &[CostLine]) -> Result<()> {
    let categories: Vec<(String,)> = sqlx::query_as("SELECT code FROM cost_category")
        .fetch_all(&mut *conn)
        .await?;
    let mut seen = std::collections::BTreeSet::new();
    for (index, line) in lines.iter().enumerate() {
        if !seen.insert(line.code.as_str()) {
            return Err(StoreError::Invalid(format!(
                "$.lines[{index}].code: line \"{}\" is given twice",
                line.code
            )));
        }
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
    Ok(())
}

/// Inserts `line` after the other lines of budget `budget_id`.
async fn insert_line(
    conn: &mut AnyConnection,
    backend: Backend,
    budget_id: i64,
    line: &CostLine,
) -> Result<()> {
    let (position,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(position) + 1, 0) FROM cost_line WHERE budget_id = $1")
            .bind(budget_id)
            .fetch_one(&mut *conn)
            .await?;
    insert_line_at(conn, backend, budget_id, position, line).await
}

/// Inserts `line` at `position` of budget `budget_id`, with its monthly plan.
async fn insert_line_at(
    conn: &mut AnyConnection,
    backend: Backend,
    budget_id: i64,
    position: i64,
    line: &CostLine,
) -> Result<()> {
    let mut sql = Sql::new(
        backend,
        "INSERT INTO cost_line (budget_id, position, code, name, category_code, amount_fen, \
         profile) VALUES (",
    );
    sql.bind(budget_id)
        .push(", ")
        .bind(position)
        .push(", ")
        .bind(line.code.as_str().to_owned())
        .push(", ")
        .bind(line.name.clone())
        .push(", ")
        .bind(line.category.as_str().to_owned())
        .push(", ")
        .bind(line.amount.fen())
        .push(", ")
        .bind(line.profile.code())
        .push(") RETURNING id");
    let (text, args) = sql.finish()?;
    let (line_id,): (i64,) = sqlx::query_as_with(&text, args)
        .fetch_one(&mut *conn)
        .await?;
    insert_plan(conn, backend, line_id, line).await
}

/// Inserts the monthly plan of `line` under the cost line row `line_id`.
async fn insert_plan(
    conn: &mut AnyConnection,
    backend: Backend,
    line_id: i64,
    line: &CostLine,
) -> Result<()> {
    insert_rows(
        conn,
        backend,
        "INSERT INTO line_plan (cost_line_id, month, amount_fen) VALUES ",
        3,
        line.plan.iter(),
        |row, (month, amount)| {
            row.value(line_id)
                .value(month.to_string())
                .value(amount.fen());
        },
    )
    .await
}

/// The budget's id and workflow: state and levels from its row (approved for an imported
/// budget), history from its transitions, approvers since the last submission.
pub(super) async fn load_workflow(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &ProjectCode,
    year: i32,
) -> Result<(i64, BudgetWorkflow)> {
    let project = project_row(conn, code).await?;
    let mut sql = Sql::new(
        backend,
        "SELECT b.id, w.state, w.levels FROM budget b \
         LEFT JOIN budget_workflow w ON w.budget_id = b.id WHERE b.project_id = ",
    );
    sql.bind(project.id)
        .push(" AND b.fiscal_year = ")
        .bind(i64::from(year));
    let (text, args) = sql.finish()?;
    let row: Option<(i64, Option<String>, Option<i64>)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    let (budget_id, state, levels) = row.ok_or_else(|| StoreError::NotFound {
        entity: "budget",
        key: format!("{code}/{year}"),
    })?;
    let Some(state) = state else {
        let mut imported = BudgetWorkflow::new(ApprovalLevels::One);
        imported.state = BudgetState::Approved;
        return Ok((budget_id, imported));
    };
    let mut workflow = BudgetWorkflow::new(if levels == Some(2) {
        ApprovalLevels::Two
    } else {
        ApprovalLevels::One
    });
    workflow.state = decode::parse("budget_workflow.state", &state)?;
    let rows: Vec<TransitionRow> = sqlx::query_as(
        "SELECT action, from_state, to_state, approval_level, actor, made_at, reasons, \
         returned_lines FROM budget_transition WHERE budget_id = $1 ORDER BY position",
    )
    .bind(budget_id)
    .fetch_all(&mut *conn)
    .await?;
    for (action, from, to, level, actor, at, reasons, lines) in rows {
        let record = TransitionRecord {
            action: decode::parse("budget_transition.action", &action)?,
            from: decode::parse("budget_transition.from_state", &from)?,
            to: decode::parse("budget_transition.to_state", &to)?,
            level: level.and_then(|level| u8::try_from(level).ok()),
            actor,
            at: decode::time("budget_transition.made_at", &at)?,
            reasons: reasons
                .lines()
                .filter(|reason| !reason.is_empty())
                .map(str::to_owned)
                .collect(),
            lines: lines
                .split(',')
                .filter(|line| !line.is_empty())
                .map(|line| {
                    decode::code(
                        "budget_transition.returned_lines",
                        line.to_owned(),
                        LineCode::new,
                    )
                })
                .collect::<Result<_>>()?,
        };
        match record.action {
            WorkflowAction::Submit | WorkflowAction::Return => workflow.approvals_so_far.clear(),
            WorkflowAction::Approve => workflow.approvals_so_far.push(record.actor.clone()),
            _ => {}
        }
        workflow.history.push(record);
    }
    Ok((budget_id, workflow))
}

/// The problems that block submission: every line's justification checked against its amount,
/// as `<line>:<problem code>`.
async fn justification_blockers(
    conn: &mut AnyConnection,
    code: &ProjectCode,
    year: i32,
) -> Result<Vec<String>> {
    let project = project_row(conn, code).await?;
    let budgets = crate::export::load_budgets(conn, project.id).await?;
    let Some(budget) = budgets.iter().find(|b| b.fiscal_year == year) else {
        return Ok(Vec::new());
    };
    let justifications = super::justification::load(conn, project.id, year).await?;
    let lines: Vec<_> = budget
        .lines
        .iter()
        .map(|line| {
            let justification = justifications
                .iter()
                .find(|(code, _)| *code == line.code)
                .map(|(_, justification)| justification);
            (line.code.clone(), line.amount, justification)
        })
        .collect();
    Ok(check_budget(&lines)
        .into_iter()
        .map(|(line, problem)| format!("{line}:{}", problem.code()))
        .collect())
}

/// The kinds of problem the project's performance targets have, as `targets:<code>` blockers in
/// the order validation finds them.
async fn target_blockers(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &ProjectCode,
) -> Result<Vec<String>> {
    let project = project_row(conn, code).await?;
    let project_type = project.project()?.project_type;
    let targets = super::target::load_targets(conn, backend, project.id).await?;
    let mut blockers: Vec<String> = Vec::new();
    for problem in validate(project_type, &targets) {
        let blocker = format!("targets:{}", problem.code());
        if !blockers.contains(&blocker) {
            blockers.push(blocker);
        }
    }
    Ok(blockers)
}

async fn insert_transition(
    conn: &mut AnyConnection,
    backend: Backend,
    budget_id: i64,
    position: i64,
    record: &TransitionRecord,
) -> Result<()> {
    let mut sql = Sql::new(
        backend,
        "INSERT INTO budget_transition (budget_id, position, action, from_state, to_state, \
         approval_level, actor, made_at, reasons, returned_lines) VALUES (",
    );
    let lines: Vec<&str> = record.lines.iter().map(LineCode::as_str).collect();
    sql.bind(budget_id)
        .push(", ")
        .bind(position)
        .push(", ")
        .bind(record.action.code())
        .push(", ")
        .bind(record.from.code())
        .push(", ")
        .bind(record.to.code())
        .push(", ")
        .bind(record.level.map(i64::from))
        .push(", ")
        .bind(record.actor.clone())
        .push(", ")
        .bind(decode::time_text(record.at))
        .push(", ")
        .bind(record.reasons.join("\n"))
        .push(", ")
        .bind(lines.join(","))
        .push(")");
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(())
}

fn record_state(
    ledger: &mut Appender,
    code: &ProjectCode,
    year: i32,
    state: BudgetState,
    levels: i64,
    approvals: i64,
) {
    let content = Content::BudgetState {
        state: state.code().into(),
        levels,
        approvals,
    };
    ledger.set(Family::BudgetState, &format!("{code}/{year}"), &content);
}
