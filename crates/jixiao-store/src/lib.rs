//! Storage of Jixiao: every SQL statement of the application, on SQLite and on PostgreSQL.
//!
//! [`Store`] is the one entry point. It runs on an `AnyPool`, so the same statements serve both
//! backends; where the two differ (DDL, locking, id sequences) the store picks by [`Backend`].
//! Migrations are embedded per backend and run on connect. The store returns the types of
//! `jixiao_core`; its row structs stay private. Domain rules (what a valid dossier is, what an
//! execution rate means) live in the core, HTTP in `jixiao-web`.
//!
//! Conventions: money is whole fen in 64-bit integers, dates are `YYYY-MM-DD` text, times are
//! fixed-width RFC 3339 UTC text passed in by the caller (the store reads no clock), decimals
//! are exact decimal text, and every write that touches several rows is one transaction.

mod account;
mod database_url;
mod decode;
mod error;
mod export;
mod ids;
mod import;
mod ledger;
mod login;
mod organization;
mod preparation;
mod project;
mod reading;
mod report;
mod responsibility;
mod session;
mod sql;

use std::collections::BTreeMap;
use std::time::Duration;

use sqlx::any::{Any, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor, Transaction};

pub use error::{Result, StoreError};
pub use ledger::{LedgerCheck, LedgerEntry, LedgerProblem, Stamp, StoredHead};
pub use preparation::AdjustmentRequest;
pub use project::MAX_PER_PAGE;

use database_url::{DatabaseUrl, redact};

// Migrations are append-only: a released file is never edited (sqlx refuses a database whose
// applied migration no longer matches its checksum); a change is a new numbered file, written
// for both backends.

/// The migrations of the SQLite schema.
static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The migrations of the PostgreSQL schema.
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// The tables of the schema, in the order their rows depend on each other.
const TABLES: &[&str] = &[
    "organization",
    "cost_category",
    "project",
    "budget",
    "cost_line",
    "line_plan",
    "adjustment",
    "expenditure",
    "progress",
    "indicator",
    "reading",
    "stage_line",
    "line_justification",
    "line_review",
    "budget_workflow",
    "budget_transition",
    "adjustment_request",
    "target_set",
    "annual_goal",
    "indicator_template",
    "app_user",
    "user_role",
    "post",
    "post_holder",
    "responsibility",
    "session",
    "api_token",
    "login_event",
    "ledger_chunk",
    "ledger_span",
    "tree_head",
];

/// How long a SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// A SQLite file: the single-machine deployment and the tests' default.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The storage of Jixiao over a pool of database connections; cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// False only in the benchmark that measures what the ledger costs; see
    /// [`Store::without_ledger`].
    ledger: bool,
}

// The web layer keeps a store in its shared state, which requires these bounds; losing one
// should fail here rather than in another crate.
const _: fn() = || {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Store>();
};

impl Store {
    /// Opens `url` (`sqlite://path.db` or `postgres://…`) and runs the embedded migrations.
    ///
    /// A missing SQLite file is created; SQLite connections use WAL journaling (readers do not
    /// block the writer), enforce foreign keys and wait for a busy database instead of failing.
    /// The default cost categories are inserted when missing, and the default target library
    /// when no template is stored.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let parsed = DatabaseUrl::parse(url)?;
        let pool = match parsed.backend {
            Backend::Sqlite => {
                let mut options = AnyPoolOptions::new().after_connect(|conn, _meta| {
                    Box::pin(async move {
                        let busy =
                            format!("PRAGMA busy_timeout = {}", SQLITE_BUSY_TIMEOUT.as_millis());
                        conn.execute(busy.as_str()).await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA temp_store = MEMORY").await?;
                        conn.execute("PRAGMA cache_size = -65536").await?;
                        Ok(())
                    })
                });
                if parsed.in_memory {
                    // Each connection to an in-memory database sees its own empty database, so
                    // the pool keeps exactly one, forever.
                    options = options
                        .max_connections(1)
                        .min_connections(1)
                        .idle_timeout(None)
                        .max_lifetime(None);
                } else {
                    options = options.max_connections(8);
                }
                options.connect(&parsed.url).await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(10)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            // The portfolio reports cross PostgreSQL's JIT cost threshold at
                            // province scale, and compiling them took longer (about 0.6 s) than
                            // running them (about 0.4 s over a million payments), every time.
                            conn.execute("SET jit = off").await?;
                            Ok(())
                        })
                    })
                    .connect(&parsed.url)
                    .await?
            }
        };
        let store = Store {
            pool,
            backend: parsed.backend,
            ledger: true,
        };
        tracing::info!(
            database.url = %redact(url),
            database.backend = ?store.backend,
            "connected to the database"
        );
        store.migrate().await?;
        Ok(store)
    }

    /// Returns a store on the same pool whose writes append no ledger entries.
    ///
    /// This exists for one purpose: the benchmark that measures what the ledger adds to a bulk
    /// load. A database written this way fails `verify_ledger` for every unrecorded row, exactly
    /// as rows written with SQL outside the application do; nothing else should call it.
    #[doc(hidden)]
    pub fn without_ledger(&self) -> Store {
        Store {
            ledger: false,
            ..self.clone()
        }
    }

    /// The database this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs pending migrations and inserts missing defaults (cost categories, the target
    /// library when it is empty); [`Store::connect`]
    /// already does, this is for an explicit `migrate` command. Running it again changes nothing.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        migrator.run(&self.pool).await?;
        let seeded = organization::seed_default_categories(self).await?;
        if seeded > 0 {
            tracing::info!(count = seeded, "default cost categories inserted");
        }
        let templates = preparation::library::seed_default_library(self).await?;
        if templates > 0 {
            tracing::info!(count = templates, "default target library inserted");
        }
        Ok(())
    }

    /// Closes every connection; waits for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// True when no project is stored yet (loading demo data is only allowed then).
    pub async fn is_empty(&self) -> Result<bool> {
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM (SELECT 1 FROM project LIMIT 1) AS any_project")
                .fetch_one(&self.pool)
                .await?;
        Ok(count == 0)
    }

    /// The number of rows of every table, by table name, for tests and "nothing changed"
    /// checks.
    pub async fn table_counts(&self) -> Result<BTreeMap<String, i64>> {
        let mut tx = self.begin_read().await?;
        let mut counts = BTreeMap::new();
        for table in TABLES {
            let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *tx)
                .await?;
            counts.insert((*table).to_owned(), count);
        }
        tx.commit().await?;
        Ok(counts)
    }

    /// Starts a transaction that will write.
    ///
    /// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so that the ids it reads
    /// and then assigns cannot be taken by another writer in between, and a busy database is
    /// waited for at the start rather than failing halfway.
    async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Starts a read-only transaction that sees one snapshot across all its statements, so that
    /// a report made of several queries is consistent.
    async fn begin_read(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            // A deferred SQLite transaction in WAL mode keeps the snapshot of its first read.
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }
}
