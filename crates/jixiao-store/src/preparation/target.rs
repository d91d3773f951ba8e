//! Performance targets (绩效目标) in storage: a project's goals in `target_set` and
//! `annual_goal`, its indicator table in `indicator` (with the standard, data source and
//! frequency columns of the preparation migration), and the owner of each indicator in
//! `responsibility`, shared with the owners page.
//!
//! The rules a complete target set meets are `jixiao_core::preparation::target::validate`; the
//! store keeps an incomplete set too, so that a table started from the library can be saved
//! and finished later, and the budget workflow refuses submission while problems remain.
//! Indicators and goals are ledgered (families `indicator` and `target_goals`); who answers for
//! an indicator is not, as owners of cost lines are not.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jixiao_core::preparation::target::{TargetIndicator, TargetSet};
use jixiao_core::{FiscalYear, Indicator, IndicatorCode, ItemRef, Owner, ProjectCode};
use rust_decimal::Decimal;
use sqlx::AnyConnection;

use crate::error::{Result, StoreError};
use crate::export::project_row;
use crate::ledger::family::{Content, Family, Scope, current};
use crate::ledger::{Appender, Stamp};
use crate::responsibility::{clear_owner, owner_ids, upsert_owner};
use crate::sql::Sql;
use crate::{Backend, Store, decode};

/// The execution weight of a project whose goals were never saved: the usual 10 points.
const DEFAULT_EXECUTION_WEIGHT: i64 = 10;

/// A stored indicator row with its owner, in `TARGET_SELECT` column order.
type IndicatorRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

const TARGET_SELECT: &str = "SELECT i.id, i.code, i.level1, i.level2, i.name, i.direction, \
     i.target, i.target_text, i.unit, i.weight, CASE WHEN i.core THEN 1 ELSE 0 END, \
     i.standard, i.data_source, i.frequency, u.username, p.code \
     FROM indicator i \
     LEFT JOIN responsibility r ON r.project_id = i.project_id \
         AND r.item_kind = 'indicator' AND r.item_code = i.code \
     LEFT JOIN app_user u ON u.id = r.owner_user_id \
     LEFT JOIN post p ON p.id = r.owner_post_id";

impl Store {
    /// The performance targets of project `code`: its goals (an empty overall goal and an
    /// execution weight of 10 when none were saved), and its indicators in table order with
    /// their owners written as `user:<login>` or `post:<code>`. `NotFound` for an unknown
    /// project.
    pub async fn targets(&self, code: &ProjectCode) -> Result<TargetSet> {
        let mut tx = self.begin_read().await?;
        let project = project_row(&mut tx, code).await?;
        let targets = load_targets(&mut tx, self.backend, project.id).await?;
        tx.commit().await?;
        Ok(targets)
    }

    /// Stores `targets` as project `code`'s performance targets in one transaction: the goals
    /// replace the stored ones; an indicator whose code is stored is updated in place (its
    /// readings stay), a new one is added, and a stored one missing from `targets` is removed
    /// with its owner. Each indicator's owner replaces the stored one, or clears it when
    /// `None`.
    ///
    /// The ledger records, in the same transaction, the removal of each indicator dropped and
    /// the new content of each indicator and of the goals that changed, stamped by `stamp`.
    ///
    /// The set need not pass validation. `NotFound` for an unknown project, user or post;
    /// `Invalid`, naming the row, for a code given twice, an owner that is not `user:<login>`
    /// or `post:<code>`, or the removal of an indicator that already has readings (those are
    /// in the ledger and cannot silently go). Nothing is written on any error.
    pub async fn set_targets(
        &self,
        code: &ProjectCode,
        targets: &TargetSet,
        stamp: &Stamp,
    ) -> Result<()> {
        let owners = parse_owners(targets)?;
        let mut tx = self.begin_write().await?;
        let project = project_row(&mut tx, code).await?;
        let backend = self.backend;
        let before = ledgered(&mut tx, backend, code).await?;
        write_goals(&mut tx, backend, project.id, targets).await?;

        let stored = stored_indicators(&mut tx, backend, project.id).await?;
        let kept: BTreeSet<&str> = targets
            .indicators
            .iter()
            .map(|row| row.indicator.code.as_str())
            .collect();
        for (stored_code, (id, readings)) in &stored {
            if kept.contains(stored_code.as_str()) {
                continue;
            }
            if *readings > 0 {
                return Err(StoreError::Invalid(format!(
                    "indicator \"{stored_code}\" has {readings} readings and cannot be removed \
                     from the targets"
                )));
            }
            let mut sql = Sql::new(backend, "DELETE FROM indicator WHERE id = ");
            sql.bind(*id);
            let (text, args) = sql.finish()?;
            sqlx::query_with(&text, args).execute(&mut *tx).await?;
            let item = ItemRef::Indicator(decode::code(
                "indicator.code",
                stored_code.clone(),
                IndicatorCode::new,
            )?);
            clear_owner(&mut tx, backend, project.id, &item).await?;
        }

        for (position, (row, owner)) in targets.indicators.iter().zip(&owners).enumerate() {
            let position = i64::try_from(position).unwrap_or(i64::MAX);
            match stored.get(row.indicator.code.as_str()) {
                Some((id, _)) => update_indicator(&mut tx, backend, *id, position, row).await?,
                None => insert_indicator(&mut tx, backend, project.id, position, row).await?,
            }
            let item = ItemRef::Indicator(row.indicator.code.clone());
            match owner {
                Some(owner) => {
                    let (user, post) = owner_ids(&mut tx, backend, owner).await?;
                    let owner_row = (item.kind().to_owned(), item.code().to_owned(), user, post);
                    upsert_owner(&mut tx, backend, project.id, owner_row).await?;
                }
                None => clear_owner(&mut tx, backend, project.id, &item).await?,
            }
        }
        // The entries say what changed: a removal for each record gone, and the new content of
        // each record added or changed, read back from the rows just written.
        let after = ledgered(&mut tx, backend, code).await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        for ((family, record), content) in &before {
            if !after.contains_key(&(*family, record.clone())) {
                ledger.remove(*family, record, content);
            }
        }
        for ((family, record), content) in &after {
            if before.get(&(*family, record.clone())) != Some(content) {
                ledger.set(*family, record, content);
            }
        }
        ledger.flush(&mut tx, backend).await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %code,
            indicators = targets.indicators.len(),
            "performance targets stored"
        );
        Ok(())
    }
}

/// The ledgered records of project `code`'s targets, its indicators and goals, by family and
/// record name.
async fn ledgered(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &ProjectCode,
) -> Result<BTreeMap<(Family, String), Content<'static>>> {
    let mut records = BTreeMap::new();
    for family in [Family::Indicator, Family::TargetGoals] {
        for (record, content) in current(conn, backend, family, Scope::Of(code.as_str())).await? {
            records.insert((family, record), content);
        }
    }
    Ok(records)
}

/// The target set of the project with row id `project_id`.
pub(crate) async fn load_targets(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
) -> Result<TargetSet> {
    let mut sql = Sql::new(
        backend,
        "SELECT overall_goal, execution_weight FROM target_set WHERE project_id = ",
    );
    sql.bind(project_id);
    let (text, args) = sql.finish()?;
    let goals: Option<(String, String)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    let (overall_goal, execution_weight) = match goals {
        Some((goal, weight)) => (goal, decode::parse("target_set.execution_weight", &weight)?),
        None => (String::new(), Decimal::from(DEFAULT_EXECUTION_WEIGHT)),
    };

    let mut sql = Sql::new(
        backend,
        "SELECT fiscal_year, goal FROM annual_goal WHERE project_id = ",
    );
    sql.bind(project_id).push(" ORDER BY fiscal_year");
    let (text, args) = sql.finish()?;
    let years: Vec<(i64, String)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let annual_goals = years
        .into_iter()
        .map(|(year, goal)| Ok((fiscal_year(year)?, goal)))
        .collect::<Result<Vec<_>>>()?;

    let mut sql = Sql::new(backend, TARGET_SELECT);
    sql.push(" WHERE i.project_id = ")
        .bind(project_id)
        .push(" ORDER BY i.position, i.id");
    let (text, args) = sql.finish()?;
    let rows: Vec<IndicatorRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    let indicators = rows.into_iter().map(target_row).collect::<Result<_>>()?;
    Ok(TargetSet {
        overall_goal,
        annual_goals,
        execution_weight,
        indicators,
    })
}

/// The owner of each row of `targets`, read from its `user:`/`post:` reference; `Invalid`
/// naming the row for an unreadable one or a code given twice.
fn parse_owners(targets: &TargetSet) -> Result<Vec<Option<Owner>>> {
    let mut seen = BTreeSet::new();
    targets
        .indicators
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let code = row.indicator.code.as_str();
            if !seen.insert(code) {
                return Err(StoreError::Invalid(format!(
                    "$.indicators[{index}].code: indicator \"{code}\" is given twice"
                )));
            }
            match row.owner.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(reference) => Owner::parse(reference).map(Some).ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "$.indicators[{index}].owner: \"{reference}\" is neither user:<login> \
                         nor post:<code>"
                    ))
                }),
            }
        })
        .collect()
}

/// Replaces the goals of the project with row id `project_id`.
async fn write_goals(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
    targets: &TargetSet,
) -> Result<()> {
    let mut sql = Sql::new(
        backend,
        "INSERT INTO target_set (project_id, overall_goal, execution_weight) VALUES (",
    );
    sql.bind(project_id)
        .push(", ")
        .bind(targets.overall_goal.trim().to_owned())
        .push(", ")
        .bind(targets.execution_weight.to_string())
        .push(
            ") ON CONFLICT (project_id) DO UPDATE SET overall_goal = excluded.overall_goal, \
             execution_weight = excluded.execution_weight",
        );
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;

    let mut sql = Sql::new(backend, "DELETE FROM annual_goal WHERE project_id = ");
    sql.bind(project_id);
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    let mut years = BTreeSet::new();
    for (index, (year, goal)) in targets.annual_goals.iter().enumerate() {
        if !years.insert(*year) {
            return Err(StoreError::Invalid(format!(
                "$.annual_goals[{index}].year: the goal of {year} is given twice"
            )));
        }
        let mut sql = Sql::new(
            backend,
            "INSERT INTO annual_goal (project_id, fiscal_year, goal) VALUES (",
        );
        sql.bind(project_id)
            .push(", ")
            .bind(i64::from(*year))
            .push(", ")
            .bind(goal.trim().to_owned())
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The stored indicators of a project by code, each with its row id and number of readings.
async fn stored_indicators(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
) -> Result<HashMap<String, (i64, i64)>> {
    let mut sql = Sql::new(
        backend,
        "SELECT i.code, i.id, (SELECT COUNT(*) FROM reading r WHERE r.indicator_id = i.id) \
         FROM indicator i WHERE i.project_id = ",
    );
    sql.bind(project_id);
    let (text, args) = sql.finish()?;
    let rows: Vec<(String, i64, i64)> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(code, id, readings)| (code, (id, readings)))
        .collect())
}

/// Rewrites every column of indicator row `id` from `row`, at `position`. Decimals are written
/// with the scale they carry, as the import writes them, so that a value read and saved back
/// unchanged is the same text and the ledger records no change for it.
async fn update_indicator(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
    position: i64,
    row: &TargetIndicator,
) -> Result<()> {
    let indicator = &row.indicator;
    let mut sql = Sql::new(backend, "UPDATE indicator SET position = ");
    sql.bind(position)
        .push(", level1 = ")
        .bind(indicator.level1.code())
        .push(", level2 = ")
        .bind(indicator.level2.code())
        .push(", name = ")
        .bind(indicator.name.clone())
        .push(", direction = ")
        .bind(indicator.direction.code())
        .push(", target = ")
        .bind(indicator.target.map(|t| t.to_string()))
        .push(", target_text = ")
        .bind(indicator.target_text.clone())
        .push(", unit = ")
        .bind(indicator.unit.clone())
        .push(", weight = ")
        .bind(indicator.weight.to_string())
        .push(", core = ")
        .bind(indicator.core)
        .push(", standard = ")
        .bind(row.standard.code())
        .push(", data_source = ")
        .bind(row.data_source.clone())
        .push(", frequency = ")
        .bind(row.frequency.code())
        .push(" WHERE id = ")
        .bind(id);
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(())
}

/// Adds `row` to the indicators of the project with row id `project_id`, at `position`.
async fn insert_indicator(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
    position: i64,
    row: &TargetIndicator,
) -> Result<()> {
    let indicator = &row.indicator;
    let mut sql = Sql::new(
        backend,
        "INSERT INTO indicator (project_id, position, code, level1, level2, name, direction, \
         target, target_text, unit, weight, core, standard, data_source, frequency) VALUES (",
    );
    sql.bind(project_id)
        .push(", ")
        .bind(position)
        .push(", ")
        .bind(indicator.code.as_str().to_owned())
        .push(", ")
        .bind(indicator.level1.code())
        .push(", ")
        .bind(indicator.level2.code())
        .push(", ")
        .bind(indicator.name.clone())
        .push(", ")
        .bind(indicator.direction.code())
        .push(", ")
        .bind(indicator.target.map(|t| t.to_string()))
        .push(", ")
        .bind(indicator.target_text.clone())
        .push(", ")
        .bind(indicator.unit.clone())
        .push(", ")
        .bind(indicator.weight.to_string())
        .push(", ")
        .bind(indicator.core)
        .push(", ")
        .bind(row.standard.code())
        .push(", ")
        .bind(row.data_source.clone())
        .push(", ")
        .bind(row.frequency.code())
        .push(")");
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(())
}

/// A stored indicator row as a row of the target table.
fn target_row(row: IndicatorRow) -> Result<TargetIndicator> {
    let (_, code, level1, level2, name, direction, target, target_text, unit, weight, core) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10,
    );
    let (standard, data_source, frequency, user, post) = (row.11, row.12, row.13, row.14, row.15);
    let owner = match (user, post) {
        (Some(user), _) => Some(Owner::User(user).reference()),
        (None, Some(post)) => Some(Owner::Post(post).reference()),
        (None, None) => None,
    };
    Ok(TargetIndicator {
        indicator: Indicator {
            code: decode::code("indicator.code", code, IndicatorCode::new)?,
            level1: decode::parse("indicator.level1", &level1)?,
            level2: decode::parse("indicator.level2", &level2)?,
            name,
            direction: decode::parse("indicator.direction", &direction)?,
            target: decode::parse_opt("indicator.target", target)?,
            target_text,
            unit,
            weight: decode::parse("indicator.weight", &weight)?,
            core: core != 0,
        },
        standard: decode::parse("indicator.standard", &standard)?,
        data_source,
        frequency: decode::parse("indicator.frequency", &frequency)?,
        owner,
    })
}

/// A stored fiscal year, or `Invalid` when it does not fit one.
fn fiscal_year(year: i64) -> Result<FiscalYear> {
    FiscalYear::try_from(year)
        .map_err(|_| StoreError::Invalid(format!("stored annual_goal.fiscal_year {year}")))
}
