//! The kinds of record the ledger keeps, how each is named and what its entry holds.
//!
//! Every ledgered record belongs to a [`Family`]. A family has a kind (`expenditure`), a removal
//! kind (`expenditure_removed`), a record name built from natural keys that survive a
//! replacement of the project, and a fixed list of content fields in a fixed order. The import
//! path builds an entry's content from the dossier it writes, and the verification builds it
//! again from the stored rows through [`current`]; both go through [`Content::write`], so that
//! they cannot drift apart in encoding.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::Datelike;
use jixiao_core::{Adjustment, CostLine, Expenditure, Indicator, Reading, ReadingValue};
use jixiao_ledger::EntryWriter;
use sqlx::AnyConnection;

use crate::Backend;
use crate::decode::date_text;
use crate::error::Result;
use crate::sql::Sql;

/// A kind of ledgered record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Family {
    /// A cost line of a yearly budget: `<project>/<year>/<line code>`.
    BudgetLine,
    /// A budget adjustment: `<project>/<year>/<position in the budget>`.
    Adjustment,
    /// A payment: `<project>/<position in the project>`.
    Expenditure,
    /// An indicator reading: `<project>/<position in the project>`.
    Reading,
    /// A user account with its roles: `<username>`.
    User,
    /// A line of a cost stage (估算, 概算, …): `<project>/<stage>/<line code>`.
    StageLine,
    /// Where a yearly budget stands in its approval: `<project>/<year>`.
    BudgetState,
    /// A proposed adjustment and the decision on it: `<project>/request/<id>`.
    AdjustmentRequest,
    /// An indicator of the performance targets, with how its target is managed:
    /// `<project>/indicator/<code>`.
    Indicator,
    /// The goals of the performance targets and the execution weight: `<project>/goals`.
    TargetGoals,
}

impl Family {
    /// Every family, in the order verification reads their rows.
    pub(crate) const ALL: [Family; 10] = [
        Family::BudgetLine,
        Family::Adjustment,
        Family::Expenditure,
        Family::Reading,
        Family::User,
        Family::StageLine,
        Family::BudgetState,
        Family::AdjustmentRequest,
        Family::Indicator,
        Family::TargetGoals,
    ];

    /// The families whose records belong to a project.
    pub(crate) const OF_PROJECT: [Family; 9] = [
        Family::BudgetLine,
        Family::Adjustment,
        Family::Expenditure,
        Family::Reading,
        Family::StageLine,
        Family::BudgetState,
        Family::AdjustmentRequest,
        Family::Indicator,
        Family::TargetGoals,
    ];

    /// The kind of the entry that records the record's content.
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Family::BudgetLine => "budget_line",
            Family::Adjustment => "adjustment",
            Family::Expenditure => "expenditure",
            Family::Reading => "reading",
            Family::User => "user",
            Family::StageLine => "stage_line",
            Family::BudgetState => "budget_state",
            Family::AdjustmentRequest => "adjustment_request",
            Family::Indicator => "indicator",
            Family::TargetGoals => "target_goals",
        }
    }

    /// The kind of the entry that records the record's removal.
    pub(crate) fn removed_kind(self) -> &'static str {
        match self {
            Family::BudgetLine => "budget_line_removed",
            Family::Adjustment => "adjustment_removed",
            Family::Expenditure => "expenditure_removed",
            Family::Reading => "reading_removed",
            Family::User => "user_removed",
            Family::StageLine => "stage_line_removed",
            Family::BudgetState => "budget_state_removed",
            Family::AdjustmentRequest => "adjustment_request_removed",
            Family::Indicator => "indicator_removed",
            Family::TargetGoals => "target_goals_removed",
        }
    }

    /// The family of an entry kind, and whether the kind records a removal.
    pub(crate) fn of_kind(kind: &str) -> Option<(Family, bool)> {
        Family::ALL.into_iter().find_map(|family| {
            if kind == family.kind() {
                Some((family, false))
            } else if kind == family.removed_kind() {
                Some((family, true))
            } else {
                None
            }
        })
    }
}

/// The content of one record's entry, borrowed from a dossier or owned from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content<'a> {
    BudgetLine {
        name: Cow<'a, str>,
        category: Cow<'a, str>,
        amount_fen: i64,
        profile: Cow<'a, str>,
    },
    Adjustment {
        date: Cow<'a, str>,
        line: Cow<'a, str>,
        amount_fen: i64,
        reason: Cow<'a, str>,
    },
    Expenditure {
        date: Cow<'a, str>,
        line: Cow<'a, str>,
        fiscal_year: i64,
        amount_fen: i64,
        description: Cow<'a, str>,
        explanation: Option<Cow<'a, str>>,
    },
    Reading {
        indicator: Cow<'a, str>,
        date: Cow<'a, str>,
        value: Option<Cow<'a, str>>,
        grade: Option<Cow<'a, str>>,
        score: Option<Cow<'a, str>>,
    },
    StageLine {
        name: Cow<'a, str>,
        category: Cow<'a, str>,
        amount_fen: i64,
    },
    BudgetState {
        state: Cow<'a, str>,
        levels: i64,
        approvals: i64,
    },
    AdjustmentRequest {
        fiscal_year: i64,
        line: Cow<'a, str>,
        date: Cow<'a, str>,
        amount_fen: i64,
        reason: Cow<'a, str>,
        state: Cow<'a, str>,
        proposed_by: Cow<'a, str>,
        decided_by: Option<Cow<'a, str>>,
        rejection_reason: Option<Cow<'a, str>>,
    },
    User {
        display_name: Cow<'a, str>,
        organization: Cow<'a, str>,
        active: bool,
        /// Role codes, sorted, joined with commas.
        roles: Cow<'a, str>,
    },
    Indicator {
        level1: Cow<'a, str>,
        level2: Cow<'a, str>,
        name: Cow<'a, str>,
        direction: Cow<'a, str>,
        target: Option<Cow<'a, str>>,
        target_text: Option<Cow<'a, str>>,
        unit: Cow<'a, str>,
        weight: Cow<'a, str>,
        core: bool,
        standard: Cow<'a, str>,
        data_source: Cow<'a, str>,
        frequency: Cow<'a, str>,
    },
    TargetGoals {
        overall_goal: Cow<'a, str>,
        execution_weight: Cow<'a, str>,
        /// Each year's goal, in year order, written as a field `goal_<year>`.
        annual: Vec<(i64, Cow<'a, str>)>,
    },
}

impl Content<'_> {
    /// Appends the content fields, in their fixed order. Optional fields are left out when
    /// absent rather than written empty, so that "none" and "empty text" stay different.
    pub(crate) fn write(&self, entry: &mut EntryWriter) {
        match self {
            Content::BudgetLine {
                name,
                category,
                amount_fen,
                profile,
            } => {
                entry
                    .field("name", name)
                    .field("category", category)
                    .number("amount_fen", *amount_fen)
                    .field("profile", profile);
            }
            Content::Adjustment {
                date,
                line,
                amount_fen,
                reason,
            } => {
                entry
                    .field("date", date)
                    .field("line", line)
                    .number("amount_fen", *amount_fen)
                    .field("reason", reason);
            }
            Content::Expenditure {
                date,
                line,
                fiscal_year,
                amount_fen,
                description,
                explanation,
            } => {
                entry
                    .field("date", date)
                    .field("line", line)
                    .number("fiscal_year", *fiscal_year)
                    .number("amount_fen", *amount_fen)
                    .field("description", description);
                if let Some(explanation) = explanation {
                    entry.field("explanation", explanation);
                }
            }
            Content::Reading {
                indicator,
                date,
                value,
                grade,
                score,
            } => {
                entry.field("indicator", indicator).field("date", date);
                for (key, text) in [("value", value), ("grade", grade), ("score", score)] {
                    if let Some(text) = text {
                        entry.field(key, text);
                    }
                }
            }
            Content::StageLine {
                name,
                category,
                amount_fen,
            } => {
                entry
                    .field("name", name)
                    .field("category", category)
                    .number("amount_fen", *amount_fen);
            }
            Content::BudgetState {
                state,
                levels,
                approvals,
            } => {
                entry
                    .field("state", state)
                    .number("levels", *levels)
                    .number("approvals", *approvals);
            }
            Content::AdjustmentRequest {
                fiscal_year,
                line,
                date,
                amount_fen,
                reason,
                state,
                proposed_by,
                decided_by,
                rejection_reason,
            } => {
                entry
                    .number("fiscal_year", *fiscal_year)
                    .field("line", line)
                    .field("date", date)
                    .number("amount_fen", *amount_fen)
                    .field("reason", reason)
                    .field("state", state)
                    .field("proposed_by", proposed_by);
                if let Some(decided_by) = decided_by {
                    entry.field("decided_by", decided_by);
                }
                if let Some(rejection_reason) = rejection_reason {
                    entry.field("rejection_reason", rejection_reason);
                }
            }
            Content::User {
                display_name,
                organization,
                active,
                roles,
            } => {
                entry
                    .field("display_name", display_name)
                    .field("organization", organization)
                    .field("active", if *active { "true" } else { "false" })
                    .field("roles", roles);
            }
            Content::Indicator {
                level1,
                level2,
                name,
                direction,
                target,
                target_text,
                unit,
                weight,
                core,
                standard,
                data_source,
                frequency,
            } => {
                entry
                    .field("level1", level1)
                    .field("level2", level2)
                    .field("name", name)
                    .field("direction", direction);
                if let Some(target) = target {
                    entry.field("target", target);
                }
                if let Some(target_text) = target_text {
                    entry.field("target_text", target_text);
                }
                entry
                    .field("unit", unit)
                    .field("weight", weight)
                    .field("core", if *core { "true" } else { "false" })
                    .field("standard", standard)
                    .field("data_source", data_source)
                    .field("frequency", frequency);
            }
            Content::TargetGoals {
                overall_goal,
                execution_weight,
                annual,
            } => {
                entry
                    .field("overall_goal", overall_goal)
                    .field("execution_weight", execution_weight);
                for (year, goal) in annual {
                    entry.field(&format!("goal_{year}"), goal);
                }
            }
        }
    }
}

/// Which rows [`current`] reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Every row of the family.
    All,
    /// The rows of one project (for project families) or one user (for users).
    Of(&'a str),
}

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

/// The contents of a dossier's records, exactly as [`current`] reads them back once stored.
impl<'a> Content<'a> {
    /// A cost line as given.
    pub(crate) fn line(line: &'a CostLine) -> Self {
        Content::BudgetLine {
            name: Cow::Borrowed(&line.name),
            category: Cow::Borrowed(line.category.as_str()),
            amount_fen: line.amount.fen(),
            profile: Cow::Borrowed(line.profile.code()),
        }
    }

    /// An adjustment as given.
    pub(crate) fn adjustment(adjustment: &'a Adjustment) -> Self {
        Content::Adjustment {
            date: Cow::Owned(date_text(adjustment.date)),
            line: Cow::Borrowed(adjustment.line.as_str()),
            amount_fen: adjustment.amount.fen(),
            reason: Cow::Borrowed(&adjustment.reason),
        }
    }

    /// A payment as given; its line is the one of its date's fiscal year.
    pub(crate) fn expenditure(expenditure: &'a Expenditure) -> Self {
        Content::Expenditure {
            date: Cow::Owned(date_text(expenditure.date)),
            line: Cow::Borrowed(expenditure.line.as_str()),
            fiscal_year: i64::from(expenditure.date.year()),
            amount_fen: expenditure.amount.fen(),
            description: Cow::Borrowed(&expenditure.description),
            explanation: expenditure.explanation.as_deref().map(Cow::Borrowed),
        }
    }

    /// An indicator as the import stores it: with the default standard, data source and
    /// frequency of its columns, and its numbers written as the import writes them.
    pub(crate) fn imported_indicator(indicator: &'a Indicator) -> Self {
        Content::Indicator {
            level1: Cow::Borrowed(indicator.level1.code()),
            level2: Cow::Borrowed(indicator.level2.code()),
            name: Cow::Borrowed(&indicator.name),
            direction: Cow::Borrowed(indicator.direction.code()),
            target: indicator.target.map(|t| Cow::Owned(t.to_string())),
            target_text: indicator.target_text.as_deref().map(Cow::Borrowed),
            unit: Cow::Borrowed(&indicator.unit),
            weight: Cow::Owned(indicator.weight.to_string()),
            core: indicator.core,
            standard: Cow::Borrowed("plan"),
            data_source: Cow::Borrowed(""),
            frequency: Cow::Borrowed("yearly"),
        }
    }

    /// A reading as given.
    pub(crate) fn reading(reading: &'a Reading) -> Self {
        let (value, grade, score) = reading_columns(&reading.value);
        Content::Reading {
            indicator: Cow::Borrowed(reading.indicator.as_str()),
            date: Cow::Owned(date_text(reading.date)),
            value: value.map(Cow::Owned),
            grade: grade.map(Cow::Borrowed),
            score: score.map(Cow::Owned),
        }
    }
}

/// The `value`, `grade` and `score` columns of a reading: a value, or a grade with its score.
pub(crate) fn reading_columns(
    value: &ReadingValue,
) -> (Option<String>, Option<&'static str>, Option<String>) {
    match value {
        ReadingValue::Value { value } => (Some(value.to_string()), None, None),
        ReadingValue::Graded { grade, score } => {
            (None, Some(grade.code()), Some(score.to_string()))
        }
    }
}

/// The record name of an indicator of the performance targets.
pub(crate) fn indicator_record(project: &str, code: &str) -> String {
    format!("{project}/indicator/{code}")
}

/// The record name of the goals of a project's performance targets.
pub(crate) fn goals_record(project: &str) -> String {
    format!("{project}/goals")
}

/// The record name of a cost line.
pub(crate) fn line_record(project: &str, year: i32, line: &str) -> String {
    format!("{project}/{year}/{line}")
}

/// The record name of a budget's adjustment, or of a project's expenditure or reading, by
/// position (the year is absent for the latter two).
pub(crate) fn position_record(project: &str, year: Option<i32>, position: usize) -> String {
    match year {
        Some(year) => format!("{project}/{year}/{position}"),
        None => format!("{project}/{position}"),
    }
}
