//! End-to-end tests of the web interface: the real router over a fresh SQLite file per test,
//! seeded with the demo province and one user per role, driven in process with `oneshot` (and
//! once over a socket). The permission table runs on PostgreSQL as well (see `backends`).
//!
//! Expected figures are computed here from the seeded dossiers, independently of the store's
//! SQL, so that a page showing a wrong total fails.

mod account;
mod api;
mod audit;
mod auth;
mod backends;
mod ledger;
mod ledger_pages;
mod library;
mod owners;
mod pages;
mod permissions;
mod preparation;
mod readings;
mod secrets;
mod stages;
mod targets;

use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::{DateTime, Datelike, Duration, Utc};
use http_body_util::BodyExt;
use jixiao_core::access::Role;
use jixiao_core::{Execution, Money, OrgCode, ProjectDossier, ProjectType};
use jixiao_demo::{Demo, DemoConfig};
use jixiao_ledger::{SigningKey, signing_key_from_secret};
use jixiao_store::Store;
use jixiao_web::auth::secret;
use jixiao_web::{AppState, router};
use tower::ServiceExt;

/// The password of every seeded user.
pub const PASSWORD: &str = "jixiao-demo";

/// The secret of the signing key the seeded application holds; fixed, so that a failure can be
/// reproduced.
pub const SIGNING_SECRET: [u8; 32] = [7; 32];

/// One Argon2id hash of [`PASSWORD`], shared by the seeded users so that seeding stays quick.
pub static PASSWORD_HASH: LazyLock<String> =
    LazyLock::new(|| jixiao_web::auth::hash_password(PASSWORD));

/// A seeded application and the data it was seeded with.
pub struct App {
    /// Keeps the database alive for the test.
    _keep: Option<tempfile::TempDir>,
    /// The router under test.
    pub router: Router,
    /// The seeded data.
    pub demo: Demo,
    /// The store behind the router.
    pub store: Store,
    /// The `Cookie` header of a signed-in administrator, sent by [`App::get`].
    pub admin: Session,
    /// The organization of the seeded engineer: a city traffic bureau with projects.
    pub engineer_org: OrgCode,
    /// The key the router signs tree heads with.
    pub signing_key: SigningKey,
}

/// A session opened for a test, as a browser would hold it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The session id (the cookie's value).
    pub id: String,
    /// The `Cookie` header value.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
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

/// A fresh store in a temporary file, seeded with the 12-project demo province (seed 7) and one
/// user per role; requests from [`App::get`] come from the administrator.
pub async fn seeded() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("jixiao.db").display());
    let store = Store::connect(&url).await.unwrap();
    seed(store, Some(dir)).await
}

/// Seeds `store` like [`seeded`].
pub async fn seed(store: Store, keep: Option<tempfile::TempDir>) -> App {
    let demo = jixiao_demo::generate(&DemoConfig {
        seed: 7,
        projects: 12,
    });
    store
        .ensure_organizations(&demo.organizations)
        .await
        .unwrap();
    store
        .import_dossiers(
            &demo.dossiers,
            &jixiao_store::Stamp::new("demo", chrono::Utc::now()),
            &|_| {},
        )
        .await
        .unwrap();
    let engineer_org = demo
        .dossiers
        .iter()
        .map(|d| d.project.organization.clone())
        .find(|org| org.as_str().starts_with("JT-GL-"))
        .expect("the demo has a project of a city traffic bureau");
    let root = OrgCode::new("JT").unwrap();
    let people: [(&str, &str, &OrgCode, Role); 6] = [
        ("admin", "系统管理员", &root, Role::Admin),
        ("finance", "财务处 周会计", &root, Role::Finance),
        ("leader", "分管厅领导", &root, Role::Leader),
        ("auditor", "审计处 吴审计", &root, Role::Auditor),
        ("engineer", "王工", &engineer_org, Role::Engineer),
        ("expert", "评审专家 郑教授", &root, Role::Expert),
    ];
    for (username, display_name, org, role) in people {
        store
            .create_user(
                username,
                display_name,
                org,
                &[role],
                &PASSWORD_HASH,
                &jixiao_store::Stamp::new("admin", Utc::now()),
            )
            .await
            .unwrap();
    }
    let admin = open_session(&store, "admin").await;
    let signing_key = signing_key_from_secret(&SIGNING_SECRET);
    App {
        _keep: keep,
        router: router(AppState::new(store.clone()).with_signing_key(signing_key.clone())),
        demo,
        store,
        admin,
        engineer_org,
        signing_key,
    }
}

/// Opens a session for `username` directly in the store, as a successful login would.
pub async fn open_session(store: &Store, username: &str) -> Session {
    let id = secret::random_secret();
    let csrf = secret::random_secret();
    let now = Utc::now();
    store
        .create_session(
            &secret::digest(&id),
            username,
            &csrf,
            now,
            now + Duration::hours(8),
        )
        .await
        .unwrap();
    Session {
        cookie: format!("jixiao_session={id}"),
        id,
        csrf,
    }
}

/// Creates an API token for `username` that expires at `expires_at` and returns its secret.
pub async fn api_token(store: &Store, username: &str, expires_at: DateTime<Utc>) -> String {
    let token = secret::new_api_token();
    store
        .create_api_token(
            username,
            "test",
            &secret::digest(&token),
            Utc::now() - Duration::minutes(1),
            expires_at,
        )
        .await
        .unwrap();
    token
}

impl App {
    /// The URL of the SQLite file behind the store, for tests that alter rows behind the
    /// application's back; `None` on PostgreSQL.
    pub fn sqlite_url(&self) -> Option<String> {
        self._keep
            .as_ref()
            .map(|dir| format!("sqlite://{}", dir.path().join("jixiao.db").display()))
    }

    /// `GET uri` as the administrator, with extra request headers.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![("cookie", self.admin.cookie.as_str())];
        all.extend_from_slice(headers);
        self.get_as(uri, &all).await
    }

    /// `GET uri` as the administrator.
    pub async fn get(&self, uri: &str) -> Reply {
        self.get_with(uri, &[]).await
    }

    /// `GET uri` with exactly these headers (none for an anonymous visitor).
    pub async fn get_as(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// `GET uri` with a bearer token.
    pub async fn get_bearer(&self, uri: &str, token: &str) -> Reply {
        let authorization = format!("Bearer {token}");
        self.get_as(uri, &[("authorization", authorization.as_str())])
            .await
    }

    /// `POST uri` with a form body (pairs are URL-encoded) and extra headers.
    pub async fn post_form(
        &self,
        uri: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request =
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = serde_urlencoded::to_string(form).unwrap();
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// How many rows a table holds.
    pub async fn count(&self, table: &str) -> i64 {
        self.store.table_counts().await.unwrap()[table]
    }

    /// Sends any request.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        send_to(&self.router, request).await
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

/// Sends a request to `router`, such as one built over the same store with other settings.
pub async fn send_to(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
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
    let request = format!(
        "GET /projects HTTP/1.1\r\nHost: localhost\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        app.admin.cookie
    );
    let server = tokio::spawn(jixiao_web::serve(
        listener,
        AppState::new(app.store.clone()),
        async {
            let _ = stopped.await;
        },
    ));

    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(answer.contains(app.demo.dossiers[0].project.code.as_str()));

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
