//! `jixiao serve`: runs the web application until interrupted.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use jixiao_ledger::SigningKey;
use jixiao_store::Store;
use jixiao_web::AppState;

use crate::ledger_key;
use crate::schedule::Schedule;

/// What `serve` needs besides the database URL.
pub struct ServeOptions<'a> {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// Whether to fill an empty database with the demo province first.
    pub demo: bool,
    /// The ledger signing key file, when not the default.
    pub key_path: Option<&'a Path>,
    /// How often to sign a tree head while the ledger grows.
    pub sign_every: Duration,
}

/// Opens the store, loads the demo when asked, signs a tree head, binds and serves until Ctrl-C
/// or SIGTERM, signing heads on schedule meanwhile.
pub async fn run(url: &str, options: ServeOptions<'_>) -> anyhow::Result<()> {
    let ServeOptions {
        addr,
        demo,
        key_path,
        sign_every,
    } = options;
    // The key is read first so that a broken key file stops the start before anything else.
    let key = Arc::new(ledger_key::load_or_create(key_path, url)?);
    let store = super::open(url).await?;
    if demo {
        if store.is_empty().await? {
            super::demo::load(&store, &jixiao_demo::DemoConfig::default()).await?;
        } else {
            tracing::info!("the database already holds projects; demo data not loaded");
        }
    }
    if !store.has_admin().await? {
        tracing::warn!("no administrator account exists yet");
        println!(
            "No administrator account exists yet. Create one with:\n  \
             jixiao user add NAME --org ORG-CODE --role admin --db {}",
            super::redact(url)
        );
    }
    if let Err(err) = super::ledger::sign(&store, &key).await {
        tracing::error!(
            error = format!("{err:#}"),
            "no tree head was signed at start"
        );
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let bound = listener.local_addr()?;
    tracing::info!(addr = %bound, db = %super::redact(url), "serving");
    // Printed on standard output as well, for people and for scripts that start the server on
    // port 0 and need to know where it is.
    println!("Jixiao is serving on http://{bound}/");
    let signing = sign_on_schedule(store.clone(), key.clone(), sign_every);
    let state = AppState::new(store).with_signing_key(key);
    let served = jixiao_web::serve(listener, state, shutdown_signal()).await;
    signing.stop().await;
    served.context("serving")?;
    tracing::info!("stopped");
    Ok(())
}

/// Signs a tree head every `every` while the ledger grows; failures are logged and retried at
/// the next run, since the server should keep serving when the ledger cannot be signed.
fn sign_on_schedule(store: Store, key: Arc<SigningKey>, every: Duration) -> Schedule {
    Schedule::start(every, move || {
        let (store, key) = (store.clone(), key.clone());
        async move {
            if let Err(err) = super::ledger::sign_if_grown(&store, &key).await {
                tracing::error!(error = format!("{err:#}"), "no tree head was signed");
            }
        }
    })
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
