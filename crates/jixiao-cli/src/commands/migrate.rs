//! `jixiao migrate`: creates or upgrades the schema and exits.

use jixiao_store::Store;

/// Connects (which migrates) and reports the backend.
pub async fn run(url: &str) -> anyhow::Result<()> {
    let store = super::open(url).await?;
    store.migrate().await?;
    tracing::info!(db = %super::redact(url), backend = ?store.backend(), "schema is up to date");
    drop::<Store>(store);
    Ok(())
}
