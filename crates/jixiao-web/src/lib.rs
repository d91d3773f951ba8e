//! The web interface of Jixiao: server-rendered pages in Chinese and English, and a JSON API
//! under `/api/v1` with its OpenAPI document.
//!
//! This is the only crate that knows HTTP and HTML. It reads through `jixiao-store` and shows
//! the read models of `jixiao-core`; it holds no SQL and no business rules. Pages need no
//! JavaScript and load nothing from other sites, since government networks are often closed.
//! The binary (`jixiao-cli`) binds the listener, sets up logging and calls [`serve`].

pub mod api;
mod assets;
pub mod auth;
pub mod chart;
pub mod error;
pub mod format;
pub mod i18n;
pub mod ledger;
pub mod middleware;
pub mod ownership;
pub mod pages;
pub mod params;
pub mod portfolio;
pub mod preparation;
pub mod targets;
pub mod xlsx;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::http::Uri;
use axum::routing::{get, post};
use jixiao_ledger::SigningKey;
use jixiao_store::Store;

pub use error::AppError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The Ed25519 key that signs tree heads of the ledger on demand
    /// (`POST /api/v1/ledger/heads`), and whose public half the public ledger page shows.
    ///
    /// `None` when the deployment configured no key: heads are then signed elsewhere (by the
    /// command line), the API refuses to sign, and the public page shows the key of the latest
    /// stored head. The key is shared, not copied, so that the secret exists once in memory;
    /// `AppState` has no `Debug`, so it cannot reach a log line through it.
    pub signing_key: Option<Arc<SigningKey>>,
}

impl AppState {
    /// The state of an application over `store`, without a signing key.
    pub fn new(store: Store) -> Self {
        AppState {
            store,
            signing_key: None,
        }
    }

    /// The same state with `key` signing tree heads on demand.
    pub fn with_signing_key(self, key: impl Into<Arc<SigningKey>>) -> Self {
        AppState {
            signing_key: Some(key.into()),
            ..self
        }
    }
}

/// The whole application: pages, static assets and the API, with the signed-in user, error
/// rendering, language negotiation, tracing and security headers around every route.
///
/// The user is resolved inside the error layer, so that a database failure while looking up a
/// session is written like any other error, and it hands the page header's user back out on the
/// response, so that error pages show who is signed in.
pub fn router(state: AppState) -> Router {
    let (api, _) = api::router().split_for_parts();
    let app = Router::new()
        .route("/", get(pages::home::page))
        .route("/projects", get(pages::projects::page))
        .route("/projects/{code}", get(pages::project::page))
        .route(
            "/projects/{code}/owners",
            get(pages::owners::page).post(pages::owners::submit),
        )
        .route(
            "/projects/{code}/stages",
            get(pages::stages::page).post(pages::stages::submit),
        )
        .route("/projects/{code}/stages.xlsx", get(pages::stages::export))
        .route(
            "/projects/{code}/targets",
            get(pages::targets::page).post(pages::targets::submit),
        )
        .route(
            "/projects/{code}/targets/library",
            post(pages::targets::library),
        )
        .route(
            "/projects/{code}/targets/form",
            get(pages::declaration::page),
        )
        .route(
            "/projects/{code}/targets.xlsx",
            get(pages::declaration::export),
        )
        .route(
            "/library",
            get(pages::library::page).post(pages::library::save),
        )
        .route("/library/delete", post(pages::library::delete))
        .route("/projects/{code}/budgets", post(pages::preparation::create))
        .route(
            "/projects/{code}/budgets/{year}/prepare",
            get(pages::preparation::page),
        )
        .route(
            "/projects/{code}/budgets/{year}/lines",
            post(pages::preparation::line),
        )
        .route(
            "/projects/{code}/budgets/{year}/justification",
            post(pages::preparation::justification),
        )
        .route(
            "/projects/{code}/budgets/{year}/submit",
            post(pages::preparation::submit),
        )
        .route(
            "/projects/{code}/budgets/{year}/approve",
            post(pages::preparation::approve),
        )
        .route(
            "/projects/{code}/budgets/{year}/return",
            post(pages::preparation::return_budget),
        )
        .route(
            "/projects/{code}/budgets/{year}/reviews",
            post(pages::preparation::review),
        )
        .route(
            "/projects/{code}/budgets/{year}/adjustments",
            post(pages::preparation::propose),
        )
        .route(
            "/projects/{code}/adjustments/{id}/decision",
            post(pages::preparation::decide),
        )
        .route("/login", get(pages::login::page).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/me", get(pages::me::page))
        .route("/ledger", get(pages::ledger::page))
        .route("/ledger/entries/{index}", get(pages::ledger::entry))
        .route(
            "/account/password",
            get(pages::account::page).post(pages::account::submit),
        )
        .route(
            "/account/tokens",
            get(pages::tokens::page).post(pages::tokens::create),
        )
        .route("/account/tokens/{id}/revoke", post(pages::tokens::revoke))
        .route("/static/app.css", get(assets::stylesheet))
        .route("/favicon.svg", get(assets::favicon))
        .route("/healthz", get(healthz))
        .merge(api)
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::viewer::resolve,
        ))
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(axum::middleware::from_fn(i18n::negotiate))
        .with_state(state);
    middleware::apply(app)
}

/// Serves the application on `listener` until `shutdown` completes, then finishes the requests
/// in flight. Each request knows the address of its client, for login throttling and audit.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Liveness: answers as soon as the process serves, without touching the database, so that a
/// load balancer can probe it cheaply and benchmarks can measure the bare HTTP stack.
async fn healthz() -> &'static str {
    "ok"
}

/// Any address no route knows.
async fn not_found(uri: Uri) -> AppError {
    AppError::NotFound {
        entity: "page",
        key: uri.path().to_owned(),
    }
}
