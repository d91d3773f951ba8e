//! Runs each behaviour test on every backend: SQLite in a fresh temporary file, and PostgreSQL in
//! a fresh schema when `JIXIAO_TEST_POSTGRES_URL` names a server.
//!
//! Without that variable the PostgreSQL run is skipped with a note, except under `CI=true`,
//! where skipping would let a backend go untested, so the test fails instead.

use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};

use jixiao_store::Store;
use sqlx::Executor;

/// The variable naming the PostgreSQL database the tests may create schemas in.
const POSTGRES_URL_VAR: &str = "JIXIAO_TEST_POSTGRES_URL";

static SCHEMA_COUNTER: AtomicUsize = AtomicUsize::new(0);
static SKIP_NOTE: Once = Once::new();

/// Where fresh databases of one backend come from, and what to clean up afterwards.
pub struct Databases {
    kind: Kind,
    test: &'static str,
    stores: Mutex<Vec<Store>>,
    schemas: Mutex<Vec<String>>,
}

enum Kind {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

impl Databases {
    /// A store on a new, empty, migrated database of this backend.
    pub async fn fresh(&self) -> Store {
        self.fresh_with_url().await.0
    }

    /// A store like [`Databases::fresh`] and the URL of its database, for tests that reach
    /// past the store with SQL of their own.
    pub async fn fresh_with_url(&self) -> (Store, String) {
        let url = self.empty_url().await;
        let store = Store::connect(&url)
            .await
            .unwrap_or_else(|error| panic!("connecting to {url}: {error}"));
        self.stores.lock().unwrap().push(store.clone());
        (store, url)
    }

    /// The URL of a new database of this backend with nothing in it, not even the schema: for
    /// tests that run migrations themselves. It is dropped with the others.
    pub async fn empty_url(&self) -> String {
        match &self.kind {
            Kind::Sqlite(dir) => {
                let n = SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed);
                format!(
                    "sqlite://{}",
                    dir.path().join(format!("db{n}.sqlite")).display()
                )
            }
            Kind::Postgres(base) => {
                let schema = schema_name(self.test);
                let mut admin = admin_connection(base).await;
                admin
                    .execute(format!("CREATE SCHEMA \"{schema}\"").as_str())
                    .await
                    .expect("creating a test schema");
                self.schemas.lock().unwrap().push(schema.clone());
                let separator = if base.contains('?') { '&' } else { '?' };
                format!("{base}{separator}options=-c%20search_path%3D{schema}")
            }
        }
    }

    /// Closes every store and drops the schemas made for the test.
    async fn clean_up(&self) {
        let stores = std::mem::take(&mut *self.stores.lock().unwrap());
        for store in stores {
            store.close().await;
        }
        if let Kind::Postgres(base) = &self.kind {
            let schemas = std::mem::take(&mut *self.schemas.lock().unwrap());
            let mut admin = admin_connection(base).await;
            for schema in schemas {
                admin
                    .execute(format!("DROP SCHEMA \"{schema}\" CASCADE").as_str())
                    .await
                    .expect("dropping a test schema");
            }
        }
    }
}

/// Runs `body` once per backend with a source of fresh databases.
pub async fn for_each_backend<F, Fut>(test: &'static str, body: F)
where
    F: Fn(Arc<Databases>) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut kinds = vec![Kind::Sqlite(
        tempfile::tempdir().expect("a temporary directory"),
    )];
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => kinds.push(Kind::Postgres(url)),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("PostgreSQL suite required in CI: set {POSTGRES_URL_VAR}")
        }
        _ => SKIP_NOTE.call_once(|| {
            // Written to the process's stderr directly: the test harness would capture eprintln!.
            let _ = writeln!(
                std::io::stderr(),
                "note: {POSTGRES_URL_VAR} is not set; the store tests run on SQLite only"
            );
        }),
    }
    for kind in kinds {
        let databases = Arc::new(Databases {
            kind,
            test,
            stores: Mutex::new(Vec::new()),
            schemas: Mutex::new(Vec::new()),
        });
        body(Arc::clone(&databases)).await;
        databases.clean_up().await;
    }
}

/// Runs `body` once per backend with one fresh store.
pub async fn for_each_store<F, Fut>(test: &'static str, body: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let body = &body;
    for_each_backend(test, |databases| async move {
        let store = databases.fresh().await;
        body(store).await;
    })
    .await;
}

/// A schema name unique to this process and call, recognisable by the test's name.
fn schema_name(test: &str) -> String {
    let n = SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed);
    let short: String = test.chars().take(30).collect();
    format!("t{}_{n}_{short}", std::process::id())
}

async fn admin_connection(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url)
        .await
        .unwrap_or_else(|error| panic!("connecting to {POSTGRES_URL_VAR}: {error}"))
}
