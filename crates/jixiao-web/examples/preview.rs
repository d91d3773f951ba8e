//! Serves the interface over a throw-away demo database, for looking at the pages while
//! working on them: `cargo run -p jixiao-web --example preview [projects]`.
//!
//! It binds 127.0.0.1 on a free port, prints the address, logs each request, and stops on
//! Ctrl-C; the database lives in a temporary folder that is removed on exit.

use jixiao_demo::DemoConfig;
use jixiao_store::Store;
use jixiao_web::{AppState, serve};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    let projects = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(60);
    let dir = tempfile::tempdir()?;
    let store = Store::connect(&format!(
        "sqlite://{}",
        dir.path().join("preview.db").display()
    ))
    .await?;
    let demo = jixiao_demo::generate(&DemoConfig { seed: 7, projects });
    store.ensure_organizations(&demo.organizations).await?;
    store.import_dossiers(&demo.dossiers, &|_| {}).await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on http://{}", listener.local_addr()?);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    serve(listener, AppState { store }, shutdown).await?;
    Ok(())
}
