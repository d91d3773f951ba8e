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

use chrono::NaiveDate;
use jixiao_core::plan::spread;
use jixiao_core::{
    Adjustment, Budget, CategoryCode, CostLine, Direction, Expenditure, Grade, Indicator,
    IndicatorCode, Level2, LineCode, Money, OrgCode, Organization, Percent, Profile, Progress,
    Project, ProjectCode, ProjectDossier, ProjectFilter, ProjectStatus, ProjectType, Reading,
    ReadingValue, YearMonth,
};
use jixiao_store::Store;
use rust_decimal::Decimal;
use sqlx::{Connection, Executor, QueryBuilder};

const DEFAULT_PROJECTS: usize = 2_000;
/// Projects in the quick pass made under `cargo test`.
const SMOKE_PROJECTS: usize = 10;
const YEARS: [i32; 3] = [2022, 2023, 2024];
const LINES_PER_BUDGET: usize = 8;
const PAYMENTS_PER_PROJECT: usize = 500;
const ORGANIZATIONS: usize = 20;
const RAW_ROWS_PER_STATEMENT: usize = 1_000;

const REGIONS: [&str; 12] = [
    "成都", "绵阳", "德阳", "宜宾", "南充", "泸州", "达州", "乐山", "眉山", "雅安", "广元", "遂宁",
];
const CATEGORIES: [&str; 8] = [
    "building_works",
    "installation_works",
    "equipment",
    "land_and_resettlement",
    "survey_and_design",
    "supervision",
    "basic_contingency",
    "owner_management",
];
const PROFILES: [Profile; 4] = [
    Profile::Linear,
    Profile::SCurve,
    Profile::FrontLoaded,
    Profile::BackLoaded,
];

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
    let dossiers: Vec<ProjectDossier> = (0..projects).map(dossier).collect();
    println!(
        "generated {} projects ({} payments) in {}",
        thousands(projects as u64),
        thousands((projects * PAYMENTS_PER_PROJECT) as u64),
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
        .import_dossiers(dossiers, &|_| {})
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

/// A deterministic pseudo-random sequence (SplitMix64): the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low) as u64) as i64
    }
}

fn organizations() -> Vec<Organization> {
    let root = Organization {
        code: OrgCode::new("BENCH-DEPT").unwrap(),
        name: "省交通运输厅".to_owned(),
        parent: None,
    };
    std::iter::once(root)
        .chain((0..ORGANIZATIONS).map(|i| Organization {
            code: org_code(i),
            name: format!("{}交通运输局", REGIONS[i % REGIONS.len()]),
            parent: Some(OrgCode::new("BENCH-DEPT").unwrap()),
        }))
        .collect()
}

fn org_code(index: usize) -> OrgCode {
    OrgCode::new(format!("BENCH-ORG-{index:02}")).unwrap()
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid day")
}

/// Project number `index`, generated from its own seed so that any size gives the same first
/// projects.
fn dossier(index: usize) -> ProjectDossier {
    let mut rng = Rng(index as u64 * 7_919 + 1);
    let project_type = ProjectType::ALL[index % ProjectType::ALL.len()];
    let status = [
        ProjectStatus::InProgress,
        ProjectStatus::InProgress,
        ProjectStatus::Completed,
        ProjectStatus::Planned,
        ProjectStatus::Suspended,
    ][rng.between(0, 5) as usize];
    let budgets: Vec<Budget> = YEARS.iter().map(|year| budget(&mut rng, *year)).collect();
    let mut expenditures = Vec::with_capacity(PAYMENTS_PER_PROJECT);
    for n in 0..PAYMENTS_PER_PROJECT {
        let budget = &budgets[n % budgets.len()];
        let line = &budget.lines[rng.between(0, LINES_PER_BUDGET as i64) as usize];
        let month = rng.between(1, 13) as u32;
        expenditures.push(Expenditure {
            date: day(budget.fiscal_year, month, rng.between(1, 29) as u32),
            line: line.code.clone(),
            amount: Money::from_fen(rng.between(1, line.amount.fen() / 1_000 + 2) * 100),
            description: format!("{}进度款第{}期", line.name, n + 1),
            explanation: (rng.between(0, 10) == 0).then(|| "工程量增加".to_owned()),
        });
    }
    let progress = budgets
        .iter()
        .flat_map(|b| b.lines.iter().map(move |l| (b.fiscal_year, l)))
        .flat_map(|(year, line)| {
            [(6, "40"), (12, "85.5")].map(|(month, percent)| Progress {
                date: day(year, month, 28),
                line: line.code.clone(),
                percent_complete: Percent::new(percent.parse().unwrap()).unwrap(),
            })
        })
        .collect();
    let (indicators, readings) = indicators();
    ProjectDossier {
        project: Project {
            code: ProjectCode::new(format!("BENCH-{index:05}")).unwrap(),
            name: format!("基准{}项目{index}号", project_type.name_zh()),
            project_type,
            organization: org_code(index % ORGANIZATIONS),
            region: REGIONS[rng.between(0, REGIONS.len() as i64) as usize].to_owned(),
            planned_start: day(YEARS[0], 1, 1),
            planned_finish: day(YEARS[YEARS.len() - 1], 12, 31),
            actual_start: Some(day(YEARS[0], 3, 1)),
            actual_finish: None,
            status,
        },
        budgets,
        expenditures,
        progress,
        indicators,
        readings,
    }
}

fn budget(rng: &mut Rng, year: i32) -> Budget {
    let months = YearMonth::months_of_year(year);
    let lines: Vec<CostLine> = (0..LINES_PER_BUDGET)
        .map(|n| {
            let amount = Money::from_fen(rng.between(10_000, 5_000_000) * 100);
            let profile = PROFILES[n % PROFILES.len()];
            CostLine {
                code: LineCode::new(format!("L{:02}", n + 1)).unwrap(),
                name: format!("第{}标段", n + 1),
                category: CategoryCode::new(CATEGORIES[n % CATEGORIES.len()]).unwrap(),
                amount,
                profile,
                plan: spread(amount, &months, profile).expect("a plan"),
            }
        })
        .collect();
    let adjustments = (0..2)
        .map(|n| Adjustment {
            date: day(year, 6 + n, 15),
            line: lines[n as usize].code.clone(),
            amount: Money::from_fen(rng.between(-1_000, 5_000) * 100),
            reason: "设计变更".to_owned(),
        })
        .collect();
    Budget {
        fiscal_year: year,
        lines,
        adjustments,
    }
}

fn indicators() -> (Vec<Indicator>, Vec<Reading>) {
    let quantitative =
        |code: &str, level2: Level2, name: &str, target: i64, unit: &str| Indicator {
            code: IndicatorCode::new(code).unwrap(),
            level1: level2.parent(),
            level2,
            name: name.to_owned(),
            direction: Direction::AtLeast,
            target: Some(Decimal::from(target)),
            target_text: None,
            unit: unit.to_owned(),
            weight: Decimal::from(20),
            core: true,
        };
    let indicators = vec![
        quantitative("OUT-01", Level2::Quantity, "建设里程", 25, "公里"),
        quantitative("OUT-02", Level2::Quality, "验收合格率", 100, "%"),
        quantitative("SAT-01", Level2::ServiceSatisfaction, "群众满意度", 90, "%"),
        Indicator {
            code: IndicatorCode::new("OUT-03").unwrap(),
            level1: Level2::Timeliness.parent(),
            level2: Level2::Timeliness,
            name: "按期完工".to_owned(),
            direction: Direction::Qualitative,
            target: None,
            target_text: Some("按计划工期完工".to_owned()),
            unit: String::new(),
            weight: Decimal::from(10),
            core: false,
        },
    ];
    let mut readings = Vec::new();
    for year in YEARS.iter().take(2) {
        for indicator in &indicators {
            let value = match indicator.direction {
                Direction::Qualitative => ReadingValue::Graded {
                    grade: Grade::PartlyAchieved,
                    score: Decimal::new(75, 1),
                },
                _ => ReadingValue::Value {
                    value: Decimal::new(123, 1),
                },
            };
            readings.push(Reading {
                indicator: indicator.code.clone(),
                date: day(*year, 12, 31),
                value,
            });
        }
    }
    (indicators, readings)
}

fn rate(rows: u64, elapsed: Duration) -> f64 {
    rows as f64 / elapsed.as_secs_f64().max(1e-9)
}

fn seconds(elapsed: Duration) -> String {
    format!("{:.3} s", elapsed.as_secs_f64())
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
