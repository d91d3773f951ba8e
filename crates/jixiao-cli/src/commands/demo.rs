//! `jixiao demo`: fills an empty database with the generated demo province, its demo accounts
//! and who answers for each cost line and indicator.

use std::time::Instant;

use anyhow::{Context, bail};
use jixiao_demo::DemoConfig;
use jixiao_store::Store;

use crate::progress::Progress;

/// Generates the province and stores it; refuses a database that already holds projects, so
/// that demo data never mixes with real data.
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
        .import_dossiers(&demo.dossiers, &demo_stamp(), &|done| progress.set(done))
        .await
        .context("storing demo projects")?;
    progress.finish();
    create_accounts(store, &demo).await?;
    tracing::info!(
        projects = demo.dossiers.len(),
        organizations = demo.organizations.len(),
        generated_ms,
        duration_ms = started.elapsed().as_millis(),
        "demo province loaded"
    );
    println!(
        "Demo accounts (demo only), password \"{}\":",
        jixiao_demo::DEMO_PASSWORD
    );
    for user in jixiao_demo::users() {
        let roles: Vec<&str> = user.roles.iter().map(|role| role.code()).collect();
        println!(
            "  {:<10} {} — {}",
            user.username,
            roles.join(","),
            user.display_name
        );
    }
    Ok(())
}

/// One account per role, the posts of every project owner, and an owner for every item.
async fn create_accounts(store: &Store, demo: &jixiao_demo::Demo) -> anyhow::Result<()> {
    // Hashing is deliberately slow, and every demo account shares one password: hash it once.
    let hash = jixiao_web::auth::hash_password(jixiao_demo::DEMO_PASSWORD);
    for user in jixiao_demo::users() {
        store
            .create_user(
                user.username,
                user.display_name,
                &user.organization,
                &user.roles,
                &hash,
                &demo_stamp(),
            )
            .await
            .with_context(|| format!("creating demo user {}", user.username))?;
    }
    let duties = jixiao_demo::responsibilities(demo);
    store
        .ensure_posts(&duties.posts)
        .await
        .context("storing posts")?;
    for (post, username) in &duties.holders {
        store
            .add_post_holder(post, username)
            .await
            .context("assigning post holders")?;
    }
    for (project, items) in &duties.assignments {
        store
            .assign_owners(project, items)
            .await
            .with_context(|| format!("assigning owners in project {project}"))?;
    }
    Ok(())
}

/// The stamp of every write of the demo loader: the actor `demo`, now.
fn demo_stamp() -> jixiao_store::Stamp {
    jixiao_store::Stamp::new("demo", chrono::Utc::now())
}
