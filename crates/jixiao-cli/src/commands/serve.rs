//! `jixiao serve`: runs the web application until interrupted.

use std::net::SocketAddr;

use anyhow::Context;
use jixiao_web::AppState;

/// Opens the store, loads the demo when asked, binds and serves until Ctrl-C or SIGTERM.
pub async fn run(url: &str, addr: SocketAddr, demo: bool) -> anyhow::Result<()> {
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
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let bound = listener.local_addr()?;
    tracing::info!(addr = %bound, db = %super::redact(url), "serving");
    // Printed on standard output as well, for people and for scripts that start the server on
    // port 0 and need to know where it is.
    println!("Jixiao is serving on http://{bound}/");
    jixiao_web::serve(listener, AppState { store }, shutdown_signal())
        .await
        .context("serving")?;
    tracing::info!("stopped");
    Ok(())
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
