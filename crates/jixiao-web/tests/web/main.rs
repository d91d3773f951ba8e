//! End-to-end tests of the web interface: the real router over a fresh SQLite file per test,
//! seeded with the demo province, driven in process with `oneshot` (and once over a socket).
//!
//! Expected figures are computed here from the seeded dossiers, independently of the store's
//! SQL, so that a page showing a wrong total fails.

mod api;
mod pages;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::Datelike;
use http_body_util::BodyExt;
use jixiao_core::{Execution, Money, ProjectDossier, ProjectType};
use jixiao_demo::{Demo, DemoConfig};
use jixiao_store::Store;
use jixiao_web::{AppState, router};
use tower::ServiceExt;

/// A seeded application and the data it was seeded with.
pub struct App {
    /// Keeps the database file alive for the test.
    _dir: tempfile::TempDir,
    /// The router under test.
    pub router: Router,
    /// The seeded data.
    pub demo: Demo,
    /// The store behind the router.
    pub store: Store,
}

/// A response reduced to what the tests look at.
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The content type, or empty.
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A fresh store in a temporary file, seeded with the 12-project demo province (seed 7).
pub async fn seeded() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("jixiao.db").display());
    let store = Store::connect(&url).await.unwrap();
    let demo = jixiao_demo::generate(&DemoConfig {
        seed: 7,
        projects: 12,
    });
    store
        .ensure_organizations(&demo.organizations)
        .await
        .unwrap();
    store
        .import_dossiers(&demo.dossiers, &|_| {})
        .await
        .unwrap();
    App {
        _dir: dir,
        router: router(AppState {
            store: store.clone(),
        }),
        demo,
        store,
    }
}

impl App {
    /// `GET uri` with extra request headers.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// `GET uri`.
    pub async fn get(&self, uri: &str) -> Reply {
        self.get_with(uri, &[]).await
    }

    /// Sends any request.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// The adjusted budget and spending of all projects.
    pub fn total(&self) -> Execution {
        self.demo
            .dossiers
            .iter()
            .map(execution)
            .fold(Execution::default(), |sum, e| Execution {
                budget: sum.budget + e.budget,
                executed: sum.executed + e.executed,
            })
    }

    /// The projects of one type with their summed execution.
    pub fn by_type(&self, project_type: ProjectType) -> (Vec<&ProjectDossier>, Execution) {
        let dossiers: Vec<&ProjectDossier> = self
            .demo
            .dossiers
            .iter()
            .filter(|d| d.project.project_type == project_type)
            .collect();
        let total = dossiers
            .iter()
            .map(|d| execution(d))
            .fold(Execution::default(), |sum, e| Execution {
                budget: sum.budget + e.budget,
                executed: sum.executed + e.executed,
            });
        (dossiers, total)
    }

    /// The dossier with the most payments: the richest project page.
    pub fn busiest(&self) -> &ProjectDossier {
        self.demo
            .dossiers
            .iter()
            .max_by_key(|d| d.expenditures.len())
            .unwrap()
    }
}

/// A project's adjusted budget over all years and its spending dated in its budget years.
pub fn execution(dossier: &ProjectDossier) -> Execution {
    Execution {
        budget: dossier.budgets.iter().map(|b| b.adjusted_total()).sum(),
        executed: dossier
            .expenditures
            .iter()
            .filter(|e| dossier.budget(e.date.year()).is_some())
            .map(|e| e.amount)
            .sum(),
    }
}

/// Money as the pages write it.
pub fn wan(amount: Money) -> String {
    amount.format_wan(2)
}

/// Asserts that `body` contains every one of `needles`, naming the first one missing.
pub fn assert_contains_all(body: &str, needles: &[String], context: &str) {
    for needle in needles {
        assert!(
            body.contains(needle.as_str()),
            "{context}: missing {needle:?}"
        );
    }
}

#[tokio::test]
async fn serve_answers_on_a_real_socket_and_stops_on_shutdown() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = seeded().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(jixiao_web::serve(
        listener,
        AppState {
            store: app.store.clone(),
        },
        async {
            let _ = stopped.await;
        },
    ));

    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket
        .write_all(b"GET /projects HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(answer.contains(app.demo.dossiers[0].project.code.as_str()));

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
