//! Runs a test once per database backend: SQLite in a fresh temporary file, and PostgreSQL in a
//! fresh schema when `JIXIAO_TEST_POSTGRES_URL` names a server.
//!
//! Without that variable the PostgreSQL run is skipped with a note, except under `CI=true`,
//! where skipping would leave a backend untested, so the test fails instead.

use std::future::Future;
use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use jixiao_store::{Backend, Store};
use sqlx::{Connection, Executor};

use crate::{App, seed};

/// The variable naming the PostgreSQL database the tests may create schemas in.
const POSTGRES_URL_VAR: &str = "JIXIAO_TEST_POSTGRES_URL";

static SCHEMA_COUNTER: AtomicUsize = AtomicUsize::new(0);
static SKIP_NOTE: Once = Once::new();

/// Runs `body` with a seeded application on each backend in turn; the PostgreSQL schema is
/// dropped afterwards.
pub async fn for_each_backend<F, Fut>(test: &'static str, body: F)
where
    F: Fn(App, Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    body(crate::seeded().await, Backend::Sqlite).await;
    let base = match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => url,
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("the PostgreSQL run is required in CI: set {POSTGRES_URL_VAR}")
        }
        _ => {
            SKIP_NOTE.call_once(|| {
                // Written to the process's stderr directly: the harness captures eprintln!.
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {POSTGRES_URL_VAR} is not set; the web permission tests run on SQLite only"
                );
            });
            return;
        }
    };
    let n = SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed);
    let short: String = test.chars().take(30).collect();
    let schema = format!("w{}_{n}_{short}", std::process::id());
    admin(&base)
        .await
        .execute(format!("CREATE SCHEMA \"{schema}\"").as_str())
        .await
        .expect("creating a test schema");
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|error| panic!("connecting to {POSTGRES_URL_VAR}: {error}"));
    assert_eq!(store.backend(), Backend::Postgres);
    body(seed(store.clone(), None).await, Backend::Postgres).await;
    store.close().await;
    admin(&base)
        .await
        .execute(format!("DROP SCHEMA \"{schema}\" CASCADE").as_str())
        .await
        .expect("dropping a test schema");
}

async fn admin(url: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url)
        .await
        .unwrap_or_else(|error| panic!("connecting to {POSTGRES_URL_VAR}: {error}"))
}
