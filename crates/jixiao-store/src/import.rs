//! Storing project dossiers: one at a time (with optional replacement) or many at once.
//!
//! Both paths check every dossier against the core's consistency rules first, then write inside
//! one transaction with multi-row inserts, so that a failure anywhere leaves the database as it
//! was. Row ids are assigned by the store (see `ids`) so that children can be batched with their
//! parents' ids already known. Every stored expenditure appends a ledger entry in the same
//! transaction, and a replacement records the removal of the payments it drops (see `ledger`).

mod insert;
mod rows;

use std::collections::{BTreeSet, HashMap};

use jixiao_core::{Organization, ProjectDossier};
use sqlx::AnyConnection;

use crate::error::{Result, StoreError};
use crate::ids::IdAllocator;
use crate::ledger::family::{Content, Family, indicator_record, line_record, position_record};
use crate::ledger::{Appender, Stamp};
use crate::sql::Sql;
use crate::{Backend, Store};

/// Dossiers written per batch of the bulk path; each batch reports progress once.
const DOSSIERS_PER_BATCH: usize = 50;

/// How many broken rules an `Invalid` message lists before it stops.
const PROBLEMS_SHOWN: usize = 5;

impl Store {
    /// Stores one dossier in one transaction.
    ///
    /// Fails with `Conflict` (`project_code_key`) when the project code is stored already,
    /// unless `replace` is true, in which case the stored project and all its rows are deleted
    /// first in the same transaction; the owners of its cost lines and indicators are kept for
    /// the items the new dossier still has (by code) and dropped for the others. Fails with
    /// `NotFound` when the project's organization is not stored, and with `Invalid` when the
    /// dossier breaks a consistency rule or names an unknown cost category. On any error
    /// nothing is written.
    pub async fn import_dossier(
        &self,
        dossier: &ProjectDossier,
        replace: bool,
        stamp: &Stamp,
    ) -> Result<()> {
        self.import_dossier_with_organization(dossier, None, replace, stamp)
            .await
    }

    /// Stores one dossier like [`Store::import_dossier`], first creating `organization` when no
    /// organization with its code is stored, in the same transaction: a refused dossier leaves
    /// no new organization behind.
    pub async fn import_dossier_with_organization(
        &self,
        dossier: &ProjectDossier,
        organization: Option<&Organization>,
        replace: bool,
        stamp: &Stamp,
    ) -> Result<()> {
        check_dossiers(std::slice::from_ref(dossier))?;
        let mut tx = self.begin_write().await?;
        if let Some(organization) = organization {
            crate::organization::insert_missing(
                &mut tx,
                self.backend,
                std::slice::from_ref(organization),
            )
            .await?;
        }
        let mut writer = Writer::load(&mut tx, self, stamp).await?;
        // Owners of the items that survive the replacement are carried over; see
        // `responsibility`.
        let owners = if replace {
            crate::responsibility::take_owners(&mut tx, self.backend, &dossier.project.code).await?
        } else {
            Vec::new()
        };
        let replaced = if replace {
            writer
                .ledger
                .remove_project(&mut tx, self.backend, dossier.project.code.as_str())
                .await?;
            let mut sql = Sql::new(self.backend, "DELETE FROM project WHERE code = ");
            sql.bind(dossier.project.code.as_str());
            let (text, args) = sql.finish()?;
            sqlx::query_with(&text, args)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0
        } else {
            false
        };
        writer.write(&mut tx, std::slice::from_ref(dossier)).await?;
        let owners_dropped = crate::responsibility::restore_owners(
            &mut tx,
            self.backend,
            &dossier.project.code,
            owners,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(
            project.code = %dossier.project.code,
            replaced,
            owners_dropped,
            expenditures = dossier.expenditures.len(),
            "project imported"
        );
        Ok(())
    }

    /// Stores many dossiers in one transaction with batched multi-row inserts: the bulk path
    /// of the demo loader. Calls `on_progress(done)` after each batch of dossiers.
    ///
    /// Fails like [`Store::import_dossier`] without replacement; a code given twice is a
    /// `Conflict` too. On any error nothing is written.
    pub async fn import_dossiers(
        &self,
        dossiers: &[ProjectDossier],
        stamp: &Stamp,
        on_progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<()> {
        check_dossiers(dossiers)?;
        let started = std::time::Instant::now();
        let mut tx = self.begin_write().await?;
        let mut writer = Writer::load(&mut tx, self, stamp).await?;
        let mut done = 0;
        for batch in dossiers.chunks(DOSSIERS_PER_BATCH) {
            writer.write(&mut tx, batch).await?;
            done += batch.len();
            on_progress(done);
        }
        tx.commit().await?;
        tracing::info!(
            projects = dossiers.len(),
            duration_ms = started.elapsed().as_millis() as u64,
            "projects imported"
        );
        Ok(())
    }
}

/// Refuses dossiers that break a consistency rule or repeat a project code.
fn check_dossiers(dossiers: &[ProjectDossier]) -> Result<()> {
    let mut codes = BTreeSet::new();
    for dossier in dossiers {
        let code = &dossier.project.code;
        if !codes.insert(code) {
            return Err(StoreError::Conflict {
                constraint: "project_code_key".into(),
                message: format!("project \"{code}\" is given twice"),
            });
        }
        let problems = dossier.check(&|index| format!("$.budgets[{index}]"));
        if !problems.is_empty() {
            let shown: Vec<String> = problems
                .iter()
                .take(PROBLEMS_SHOWN)
                .map(ToString::to_string)
                .collect();
            let more = problems.len().saturating_sub(PROBLEMS_SHOWN);
            let tail = if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            };
            return Err(StoreError::Invalid(format!(
                "project \"{code}\": {}{tail}",
                shown.join("; ")
            )));
        }
    }
    Ok(())
}

/// What a write transaction needs to know about the reference data, and its id allocator.
struct Writer {
    backend: Backend,
    organizations: HashMap<String, i64>,
    categories: BTreeSet<String>,
    ids: IdAllocator,
    ledger: Appender,
}

impl Writer {
    /// Reads the organizations and categories once per transaction.
    async fn load(conn: &mut AnyConnection, store: &Store, stamp: &Stamp) -> Result<Self> {
        let organizations = sqlx::query_as::<_, (String, i64)>("SELECT code, id FROM organization")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
        let categories = sqlx::query_as::<_, (String,)>("SELECT code FROM cost_category")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(code,)| code)
            .collect();
        Ok(Writer {
            backend: store.backend,
            organizations,
            categories,
            ids: IdAllocator::new(store.backend),
            ledger: Appender::start(conn, store, stamp).await?,
        })
    }

    /// Writes `dossiers` (already checked) with one multi-row insert per table and chunk.
    async fn write(&mut self, conn: &mut AnyConnection, dossiers: &[ProjectDossier]) -> Result<()> {
        self.check_references(dossiers)?;
        refuse_stored_codes(conn, self.backend, dossiers).await?;

        let budgets: usize = dossiers.iter().map(|d| d.budgets.len()).sum();
        let lines: usize = dossiers
            .iter()
            .flat_map(|d| &d.budgets)
            .map(|b| b.lines.len())
            .sum();
        let indicators: usize = dossiers.iter().map(|d| d.indicators.len()).sum();
        let ids = ReservedIds {
            projects: self.ids.take(conn, "project", dossiers.len()).await?,
            budgets: self.ids.take(conn, "budget", budgets).await?,
            lines: self.ids.take(conn, "cost_line", lines).await?,
            indicators: self.ids.take(conn, "indicator", indicators).await?,
        };
        let rows = rows::build(dossiers, &self.organizations, ids)?;
        // The rows are inserted by the database driver's own thread; the ledger entries are
        // encoded on this one meanwhile, taking turns at every statement, so that the two
        // costs overlap instead of adding up.
        let backend = self.backend;
        let (inserted, ()) = tokio::join!(
            rows.insert(conn, backend),
            record(&mut self.ledger, dossiers)
        );
        inserted?;
        self.ledger.flush(conn, backend).await
    }

    /// Fails on an unknown organization or cost category before anything is written.
    fn check_references(&self, dossiers: &[ProjectDossier]) -> Result<()> {
        for dossier in dossiers {
            let organization = &dossier.project.organization;
            if !self.organizations.contains_key(organization.as_str()) {
                return Err(StoreError::NotFound {
                    entity: "organization",
                    key: organization.to_string(),
                });
            }
            for (b, budget) in dossier.budgets.iter().enumerate() {
                for (l, line) in budget.lines.iter().enumerate() {
                    if !self.categories.contains(line.category.as_str()) {
                        return Err(StoreError::Invalid(format!(
                            "project \"{}\": $.budgets[{b}].lines[{l}].category: unknown cost \
                             category \"{}\"",
                            dossier.project.code, line.category
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Entries encoded between two turns given to the inserts running beside [`record`].
const ENTRIES_PER_TURN: usize = 1_000;

/// Queues the ledger entries of every record of the dossiers being written, yielding now and
/// then so that the inserts it runs beside keep the database busy.
async fn record(ledger: &mut Appender, dossiers: &[ProjectDossier]) {
    let mut queued = 0;
    for dossier in dossiers {
        let code = dossier.project.code.as_str();
        for budget in &dossier.budgets {
            let year = budget.fiscal_year;
            for line in &budget.lines {
                let record = line_record(code, year, line.code.as_str());
                ledger.set(Family::BudgetLine, &record, &Content::line(line));
            }
            for (position, adjustment) in budget.adjustments.iter().enumerate() {
                let record = position_record(code, Some(year), position);
                ledger.set(
                    Family::Adjustment,
                    &record,
                    &Content::adjustment(adjustment),
                );
            }
        }
        for (position, expenditure) in dossier.expenditures.iter().enumerate() {
            let record = position_record(code, None, position);
            ledger.set(
                Family::Expenditure,
                &record,
                &Content::expenditure(expenditure),
            );
            queued += 1;
            if queued % ENTRIES_PER_TURN == 0 {
                tokio::task::yield_now().await;
            }
        }
        for indicator in &dossier.indicators {
            let record = indicator_record(code, indicator.code.as_str());
            ledger.set(
                Family::Indicator,
                &record,
                &Content::imported_indicator(indicator),
            );
        }
        for (position, reading) in dossier.readings.iter().enumerate() {
            let record = position_record(code, None, position);
            ledger.set(Family::Reading, &record, &Content::reading(reading));
        }
    }
}

/// Fails with `Conflict` when a project code of `dossiers` is stored already.
async fn refuse_stored_codes(
    conn: &mut AnyConnection,
    backend: Backend,
    dossiers: &[ProjectDossier],
) -> Result<()> {
    let mut sql = Sql::new(backend, "SELECT code FROM project WHERE code IN ");
    sql.bind_list(dossiers.iter().map(|d| d.project.code.as_str()));
    sql.push(" ORDER BY code LIMIT 1");
    let (text, args) = sql.finish()?;
    let stored: Option<(String,)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    match stored {
        Some((code,)) => Err(StoreError::Conflict {
            constraint: "project_code_key".into(),
            message: format!("project \"{code}\" exists already"),
        }),
        None => Ok(()),
    }
}

/// Ids reserved for one batch, consumed in dossier order.
struct ReservedIds {
    projects: Vec<i64>,
    budgets: Vec<i64>,
    lines: Vec<i64>,
    indicators: Vec<i64>,
}
