//! Province-scale benchmark of the store: bulk import and portfolio reports, each set beside the
//! raw limit of the same machine measured in the same run.
//!
//! The data is generated here by a small deterministic generator: by default 2,000 projects
//! with three yearly budgets of eight lines planned month by month and 500 payments each, about
//! 1.8 million rows. The limit is a bare three-column table filled with as many rows through
//! sqlx's native driver in one transaction with multi-row inserts, and a `GROUP BY … SUM` over
//! it. Figures drift from run to run and machine to machine; the ratios are what to compare.
//!
//! Run with `cargo bench -p jixiao-store`; set the size with `JIXIAO_BENCH_PROJECTS=500` or a
//! number argument (`cargo bench -p jixiao-store -- 500`). PostgreSQL is measured too when
//! `JIXIAO_BENCH_POSTGRES_URL` (or `JIXIAO_TEST_POSTGRES_URL`) names a database; the run uses a
//! schema of its own and drops it afterwards. Run by `cargo test --all-targets` (which does not
//! pass `--bench`), it only makes a quick pass over a few projects on SQLite, so that the
//! benchmark keeps working without slowing the test suite.

use std::time::{Duration, Instant};

use jixiao_core::{Organization, ProjectDossier, ProjectFilter};
use jixiao_store::Store;
use sqlx::{Connection, Executor, QueryBuilder};

const DEFAULT_PROJECTS: usize = 2_000;
/// Projects in the quick pass made under `cargo test`.
const SMOKE_PROJECTS: usize = 10;
const RAW_ROWS_PER_STATEMENT: usize = 1_000;

mod common;

use common::{dossier, organizations, rate, seconds, thousands};

fn main() {
    let benchmarking = std::env::args().any(|arg| arg == "--bench");
    let projects = if benchmarking {
        project_count()
    } else {
        SMOKE_PROJECTS
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(projects, benchmarking));
}

/// The number of projects: `JIXIAO_BENCH_PROJECTS`, else the first number argument, else the
/// default. Cargo passes `--bench`, which is skipped.
fn project_count() -> usize {
    if let Some(n) = std::env::var("JIXIAO_BENCH_PROJECTS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(DEFAULT_PROJECTS)
}

async fn run(projects: usize, with_postgres: bool) {
    let started = Instant::now();
    let organizations = organizations();
    let dossiers: Vec<ProjectDossier> = (0..projects)
        .map(|index| dossier(index, common::PAYMENTS_PER_PROJECT))
        .collect();
    println!(
        "generated {} projects ({} payments) in {}",
        thousands(projects as u64),
        thousands((projects * common::PAYMENTS_PER_PROJECT) as u64),
        seconds(started.elapsed())
    );

    let dir = tempfile::tempdir().expect("a temporary directory");
    let store_url = format!("sqlite://{}", dir.path().join("store.db").display());
    let raw_url = format!("sqlite://{}?mode=rwc", dir.path().join("raw.db").display());
    measure("sqlite", &store_url, &raw_url, &organizations, &dossiers).await;

    let postgres = std::env::var("JIXIAO_BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("JIXIAO_TEST_POSTGRES_URL"))
        .ok()
        .filter(|url| with_postgres && !url.trim().is_empty());
    match postgres {
        Some(base) => {
            let schema = format!("bench_{}", std::process::id());
            let mut admin = sqlx::PgConnection::connect(&base)
                .await
                .expect("PostgreSQL");
            admin
                .execute(format!("CREATE SCHEMA {schema}").as_str())
                .await
                .expect("a bench schema");
            let separator = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
            measure("postgres", &url, &url, &organizations, &dossiers).await;
            admin
                .execute(format!("DROP SCHEMA {schema} CASCADE").as_str())
                .await
                .expect("dropping the bench schema");
        }
        None if with_postgres => {
            println!("[postgres] skipped: set JIXIAO_BENCH_POSTGRES_URL to measure it")
        }
        None => println!("[postgres] not measured in the quick pass"),
    }
}

/// Imports and reports through the store, then measures the raw limit on the same backend.
async fn measure(
    backend: &str,
    store_url: &str,
    raw_url: &str,
    organizations: &[Organization],
    dossiers: &[ProjectDossier],
) {
    let store = Store::connect(store_url).await.expect("a store");
    store
        .ensure_organizations(organizations)
        .await
        .expect("organizations");
    let before: i64 = store.table_counts().await.expect("counts").values().sum();
    let started = Instant::now();
    store
        .import_dossiers(
            dossiers,
            &jixiao_store::Stamp::new("bench", chrono::Utc::now()),
            &|_| {},
        )
        .await
        .expect("the bulk import");
    let import_time = started.elapsed();
    let counts = store.table_counts().await.expect("counts");
    let rows = (counts.values().sum::<i64>() - before) as u64;
    let store_rate = rate(rows, import_time);
    println!(
        "[{backend}] Store::import_dossiers: {} rows in {} = {} rows/s \
         ({} line_plan, {} expenditure)",
        thousands(rows),
        seconds(import_time),
        thousands(store_rate as u64),
        thousands(counts["line_plan"] as u64),
        thousands(counts["expenditure"] as u64),
    );

    let everything = ProjectFilter::default();
    let summary_time = time(|| store.portfolio_summary(&everything)).await;
    let one_year = ProjectFilter {
        fiscal_year: Some(2023),
        ..ProjectFilter::default()
    };
    let year_time = time(|| store.portfolio_summary(&one_year)).await;
    let monthly_time = time(|| store.portfolio_monthly(&everything, 2023)).await;
    let list_time = time(|| store.list_projects(&everything, 1, 50)).await;
    store.close().await;

    let (raw_insert, raw_sum) = raw_limit(raw_url, rows).await;
    let raw_rate = rate(rows, raw_insert);
    println!(
        "[{backend}] raw multi-row INSERT:   {} rows in {} = {} rows/s; store/raw = {:.2}",
        thousands(rows),
        seconds(raw_insert),
        thousands(raw_rate as u64),
        store_rate / raw_rate
    );
    println!(
        "[{backend}] Store::portfolio_summary (all years): {}; raw GROUP BY SUM over {} rows: \
         {}; store/raw = {:.2}",
        seconds(summary_time),
        thousands(rows),
        seconds(raw_sum),
        summary_time.as_secs_f64() / raw_sum.as_secs_f64()
    );
    println!(
        "[{backend}] portfolio_summary (one year) {}, portfolio_monthly {}, \
         list_projects page 1 {}",
        seconds(year_time),
        seconds(monthly_time),
        seconds(list_time)
    );
}

/// Runs a report once to warm the caches, then times a second run.
async fn time<T, F, Fut>(call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = jixiao_store::Result<T>>,
{
    call().await.expect("a report");
    let started = Instant::now();
    call().await.expect("a report");
    started.elapsed()
}

/// Fills `raw_row` with `rows` rows in one transaction, then times a grouped sum over it. A
/// macro rather than a generic function, since the bounds sqlx needs for a generic database
/// would be longer than the body.
macro_rules! raw_fill_and_sum {
    ($pool:expr, $db:ty, $rows:expr) => {{
        let pool = $pool;
        let started = Instant::now();
        let mut tx = pool.begin().await.expect("a transaction");
        let total = $rows as i64;
        let mut next = 0i64;
        while next < total {
            let end = (next + RAW_ROWS_PER_STATEMENT as i64).min(total);
            let mut builder = QueryBuilder::<$db>::new("INSERT INTO raw_row (id, grp, amount) ");
            builder.push_values(next..end, |mut row, id| {
                row.push_bind(id)
                    .push_bind(id % 2_000)
                    .push_bind(id * 7 % 1_000_003);
            });
            builder
                .build()
                .execute(&mut *tx)
                .await
                .expect("a raw insert");
            next = end;
        }
        tx.commit().await.expect("the raw commit");
        let insert = started.elapsed();

        let sum = "SELECT grp, CAST(SUM(amount) AS BIGINT) FROM raw_row GROUP BY grp";
        let _: Vec<(i64, i64)> = sqlx::query_as(sum)
            .fetch_all(pool)
            .await
            .expect("a warm-up");
        let started = Instant::now();
        let groups: Vec<(i64, i64)> = sqlx::query_as(sum).fetch_all(pool).await.expect("the sum");
        let elapsed = started.elapsed();
        assert!(
            !groups.is_empty() || total == 0,
            "the raw sum found no rows"
        );
        (insert, elapsed)
    }};
}

/// Inserts `rows` narrow rows into a bare table in one transaction and sums them by group,
/// through sqlx's native driver: the ceiling the store's figures are compared with.
async fn raw_limit(url: &str, rows: u64) -> (Duration, Duration) {
    if url.starts_with("sqlite:") {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .expect("the raw SQLite file");
        pool.execute("PRAGMA journal_mode = WAL")
            .await
            .expect("WAL");
        pool.execute("CREATE TABLE raw_row (id INTEGER PRIMARY KEY, grp INTEGER, amount INTEGER)")
            .await
            .expect("the raw table");
        raw_fill_and_sum!(&pool, sqlx::Sqlite, rows)
    } else {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .expect("the raw PostgreSQL schema");
        pool.execute("CREATE TABLE raw_row (id BIGINT PRIMARY KEY, grp BIGINT, amount BIGINT)")
            .await
            .expect("the raw table");
        raw_fill_and_sum!(&pool, sqlx::Postgres, rows)
    }
}
