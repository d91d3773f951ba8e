//! Reading the records of a family back from the rows as they are now, with the content their
//! entries must hold: what verification compares with the ledger, and what a removal records.

use std::borrow::Cow;
use std::collections::BTreeMap;

use sqlx::AnyConnection;

use super::{Content, Family, Scope, goals_record, indicator_record};
use crate::Backend;
use crate::error::Result;
use crate::sql::Sql;

/// The records of `family` as the rows hold them now, with their content.
pub(crate) async fn current(
    conn: &mut AnyConnection,
    backend: Backend,
    family: Family,
    scope: Scope<'_>,
) -> Result<Vec<(String, Content<'static>)>> {
    let (select, key) = match family {
        Family::BudgetLine => (
            "SELECT p.code, b.fiscal_year, l.code, l.name, l.category_code, l.amount_fen, \
             l.profile FROM cost_line l JOIN budget b ON b.id = l.budget_id \
             JOIN project p ON p.id = b.project_id",
            "p.code",
        ),
        Family::Adjustment => (
            "SELECT p.code, b.fiscal_year, a.position, a.date, l.code, a.amount_fen, a.reason \
             FROM adjustment a JOIN cost_line l ON l.id = a.cost_line_id \
             JOIN budget b ON b.id = l.budget_id JOIN project p ON p.id = b.project_id",
            "p.code",
        ),
        Family::Expenditure => (
            "SELECT p.code, e.position, e.date, l.code, b.fiscal_year, e.amount_fen, \
             e.description, e.explanation FROM expenditure e \
             JOIN project p ON p.id = e.project_id JOIN cost_line l ON l.id = e.cost_line_id \
             JOIN budget b ON b.id = l.budget_id",
            "p.code",
        ),
        Family::Reading => (
            "SELECT p.code, r.position, i.code, r.date, r.value, r.grade, r.score \
             FROM reading r JOIN indicator i ON i.id = r.indicator_id \
             JOIN project p ON p.id = i.project_id",
            "p.code",
        ),
        Family::StageLine => (
            "SELECT p.code, s.stage, s.line_code, s.name, s.category_code, s.amount_fen \
             FROM stage_line s JOIN project p ON p.id = s.project_id",
            "p.code",
        ),
        Family::BudgetState => (
            "SELECT p.code, b.fiscal_year, w.state, w.levels, w.approvals \
             FROM budget_workflow w JOIN budget b ON b.id = w.budget_id \
             JOIN project p ON p.id = b.project_id",
            "p.code",
        ),
        Family::AdjustmentRequest => (
            "SELECT p.code, r.id, b.fiscal_year, l.code, r.date, r.amount_fen, r.reason, \
             r.state, r.proposed_by, r.decided_by, r.rejection_reason \
             FROM adjustment_request r JOIN cost_line l ON l.id = r.cost_line_id \
             JOIN budget b ON b.id = l.budget_id JOIN project p ON p.id = b.project_id",
            "p.code",
        ),
        Family::Indicator => (
            "SELECT p.code, i.code, i.level1, i.level2, i.name, i.direction, i.target, \
             i.target_text, i.unit, i.weight, CASE WHEN i.core THEN 1 ELSE 0 END, i.standard, \
             i.data_source, i.frequency FROM indicator i JOIN project p ON p.id = i.project_id",
            "p.code",
        ),
        Family::User => return users(conn, backend, scope).await,
        Family::TargetGoals => return target_goals(conn, backend, scope).await,
    };
    let mut sql = Sql::new(backend, select);
    if let Scope::Of(code) = scope {
        sql.push(" WHERE ").push(key).push(" = ");
        sql.bind(code.to_owned());
    }
    let (text, args) = sql.finish()?;
    let query = sqlx::query_with(&text, args);
    use sqlx::Row;
    let rows = query.fetch_all(&mut *conn).await?;
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let project: String = row.try_get(0)?;
        let record = match family {
            Family::BudgetLine => {
                let year: i64 = row.try_get(1)?;
                let code: String = row.try_get(2)?;
                let content = Content::BudgetLine {
                    name: Cow::Owned(row.try_get(3)?),
                    category: Cow::Owned(row.try_get(4)?),
                    amount_fen: row.try_get(5)?,
                    profile: Cow::Owned(row.try_get(6)?),
                };
                (format!("{project}/{year}/{code}"), content)
            }
            Family::Adjustment => {
                let year: i64 = row.try_get(1)?;
                let position: i64 = row.try_get(2)?;
                let content = Content::Adjustment {
                    date: Cow::Owned(row.try_get(3)?),
                    line: Cow::Owned(row.try_get(4)?),
                    amount_fen: row.try_get(5)?,
                    reason: Cow::Owned(row.try_get(6)?),
                };
                (format!("{project}/{year}/{position}"), content)
            }
            Family::Expenditure => {
                let position: i64 = row.try_get(1)?;
                let content = Content::Expenditure {
                    date: Cow::Owned(row.try_get(2)?),
                    line: Cow::Owned(row.try_get(3)?),
                    fiscal_year: row.try_get(4)?,
                    amount_fen: row.try_get(5)?,
                    description: Cow::Owned(row.try_get(6)?),
                    explanation: row.try_get::<Option<String>, _>(7)?.map(Cow::Owned),
                };
                (format!("{project}/{position}"), content)
            }
            Family::Reading => {
                let position: i64 = row.try_get(1)?;
                let content = Content::Reading {
                    indicator: Cow::Owned(row.try_get(2)?),
                    date: Cow::Owned(row.try_get(3)?),
                    value: row.try_get::<Option<String>, _>(4)?.map(Cow::Owned),
                    grade: row.try_get::<Option<String>, _>(5)?.map(Cow::Owned),
                    score: row.try_get::<Option<String>, _>(6)?.map(Cow::Owned),
                };
                (format!("{project}/{position}"), content)
            }
            Family::StageLine => {
                let stage: String = row.try_get(1)?;
                let line: String = row.try_get(2)?;
                let content = Content::StageLine {
                    name: Cow::Owned(row.try_get(3)?),
                    category: Cow::Owned(row.try_get(4)?),
                    amount_fen: row.try_get(5)?,
                };
                (format!("{project}/{stage}/{line}"), content)
            }
            Family::BudgetState => {
                let year: i64 = row.try_get(1)?;
                let content = Content::BudgetState {
                    state: Cow::Owned(row.try_get(2)?),
                    levels: row.try_get(3)?,
                    approvals: row.try_get(4)?,
                };
                (format!("{project}/{year}"), content)
            }
            Family::AdjustmentRequest => {
                let id: i64 = row.try_get(1)?;
                let content = Content::AdjustmentRequest {
                    fiscal_year: row.try_get(2)?,
                    line: Cow::Owned(row.try_get(3)?),
                    date: Cow::Owned(row.try_get(4)?),
                    amount_fen: row.try_get(5)?,
                    reason: Cow::Owned(row.try_get(6)?),
                    state: Cow::Owned(row.try_get(7)?),
                    proposed_by: Cow::Owned(row.try_get(8)?),
                    decided_by: row.try_get::<Option<String>, _>(9)?.map(Cow::Owned),
                    rejection_reason: row.try_get::<Option<String>, _>(10)?.map(Cow::Owned),
                };
                (format!("{project}/request/{id}"), content)
            }
            Family::Indicator => {
                let code: String = row.try_get(1)?;
                let core: i64 = row.try_get(10)?;
                let content = Content::Indicator {
                    level1: Cow::Owned(row.try_get(2)?),
                    level2: Cow::Owned(row.try_get(3)?),
                    name: Cow::Owned(row.try_get(4)?),
                    direction: Cow::Owned(row.try_get(5)?),
                    target: row.try_get::<Option<String>, _>(6)?.map(Cow::Owned),
                    target_text: row.try_get::<Option<String>, _>(7)?.map(Cow::Owned),
                    unit: Cow::Owned(row.try_get(8)?),
                    weight: Cow::Owned(row.try_get(9)?),
                    core: core != 0,
                    standard: Cow::Owned(row.try_get(11)?),
                    data_source: Cow::Owned(row.try_get(12)?),
                    frequency: Cow::Owned(row.try_get(13)?),
                };
                (indicator_record(&project, &code), content)
            }
            Family::User => unreachable!("users are read by `users`"),
            Family::TargetGoals => unreachable!("target goals are read by `target_goals`"),
        };
        records.push(record);
    }
    Ok(records)
}

/// The user records: each account with its sorted roles.
async fn users(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: Scope<'_>,
) -> Result<Vec<(String, Content<'static>)>> {
    let mut sql = Sql::new(
        backend,
        "SELECT u.username, u.display_name, o.code, CASE WHEN u.active THEN 1 ELSE 0 END \
         FROM app_user u JOIN organization o ON o.id = u.organization_id",
    );
    if let Scope::Of(username) = scope {
        sql.push(" WHERE u.username = ");
        sql.bind(username.to_owned());
    }
    let (text, args) = sql.finish()?;
    let accounts: Vec<(String, String, String, i64)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let mut sql = Sql::new(
        backend,
        "SELECT u.username, r.role FROM user_role r JOIN app_user u ON u.id = r.user_id",
    );
    if let Scope::Of(username) = scope {
        sql.push(" WHERE u.username = ");
        sql.bind(username.to_owned());
    }
    let (text, args) = sql.finish()?;
    let grants: Vec<(String, String)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (username, role) in grants {
        roles.entry(username).or_default().push(role);
    }
    Ok(accounts
        .into_iter()
        .map(|(username, display_name, organization, active)| {
            let mut held = roles.remove(&username).unwrap_or_default();
            held.sort();
            let content = Content::User {
                display_name: Cow::Owned(display_name),
                organization: Cow::Owned(organization),
                active: active != 0,
                roles: Cow::Owned(held.join(",")),
            };
            (username, content)
        })
        .collect())
}

/// The goal records: each project's target set row with its annual goals in year order.
async fn target_goals(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: Scope<'_>,
) -> Result<Vec<(String, Content<'static>)>> {
    let mut sql = Sql::new(
        backend,
        "SELECT p.code, t.overall_goal, t.execution_weight FROM target_set t \
         JOIN project p ON p.id = t.project_id",
    );
    if let Scope::Of(code) = scope {
        sql.push(" WHERE p.code = ").bind(code.to_owned());
    }
    let (text, args) = sql.finish()?;
    let sets: Vec<(String, String, String)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let mut sql = Sql::new(
        backend,
        "SELECT p.code, g.fiscal_year, g.goal FROM annual_goal g \
         JOIN project p ON p.id = g.project_id",
    );
    if let Scope::Of(code) = scope {
        sql.push(" WHERE p.code = ").bind(code.to_owned());
    }
    sql.push(" ORDER BY p.code, g.fiscal_year");
    let (text, args) = sql.finish()?;
    let goals: Vec<(String, i64, String)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let mut annual: BTreeMap<String, Vec<(i64, Cow<'static, str>)>> = BTreeMap::new();
    for (project, year, goal) in goals {
        annual
            .entry(project)
            .or_default()
            .push((year, Cow::Owned(goal)));
    }
    Ok(sets
        .into_iter()
        .map(|(project, overall_goal, execution_weight)| {
            let content = Content::TargetGoals {
                overall_goal: Cow::Owned(overall_goal),
                execution_weight: Cow::Owned(execution_weight),
                annual: annual.remove(&project).unwrap_or_default(),
            };
            (goals_record(&project), content)
        })
        .collect())
}
