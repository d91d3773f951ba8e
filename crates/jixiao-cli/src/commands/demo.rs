//! `jixiao demo`: fills an empty database with the generated demo province.

use std::time::Instant;

use anyhow::{Context, bail};
use jixiao_demo::DemoConfig;
use jixiao_store::Store;

use crate::progress::Progress;

/// Generates the province and stores it in one transaction; refuses a database that already
/// holds projects, so that demo data never mixes with real data.
pub async fn load(store: &Store, config: &DemoConfig) -> anyhow::Result<()> {
    if !store.is_empty().await? {
        bail!("the database already holds projects; demo data goes only into an empty database");
    }
    let started = Instant::now();
    let demo = jixiao_demo::generate(config);
    let generated_ms = started.elapsed().as_millis();
    let progress = Progress::new("loading demo projects", demo.dossiers.len());
    store
        .ensure_organizations(&demo.organizations)
        .await
        .context("storing organizations")?;
    store
        .import_dossiers(&demo.dossiers, &|done| progress.set(done))
        .await
        .context("storing demo projects")?;
    progress.finish();
    tracing::info!(
        projects = demo.dossiers.len(),
        organizations = demo.organizations.len(),
        generated_ms,
        duration_ms = started.elapsed().as_millis(),
        "demo province loaded"
    );
    Ok(())
}
