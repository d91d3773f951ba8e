//! `jixiao demo`: fills an empty database with the generated demo province, its demo accounts,
//! who answers for each cost line and indicator, the projects' cost stages and the budgets of
//! the coming year in preparation.

use std::time::Instant;

use anyhow::{Context, bail};
use jixiao_demo::{Act, BudgetPreparation, DemoConfig, PREPARED_YEAR, Step};
use jixiao_store::{Stamp, Store};

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
    for (code, targets) in jixiao_demo::target_sets(&demo) {
        store
            .set_targets(&code, &targets, &demo_stamp())
            .await
            .with_context(|| format!("storing the performance targets of project {code}"))?;
    }
    store_preparation(store, &demo.preparation).await?;
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

/// Stores the cost stages and replays the preparation of the coming year's budgets, each step
/// as the demo user who took it at the time the plan gives.
async fn store_preparation(
    store: &Store,
    preparation: &jixiao_demo::Preparation,
) -> anyhow::Result<()> {
    // Stages carry no date of their own; they count as entered on the demo's last day.
    let entered = jixiao_demo::AS_OF
        .and_hms_opt(17, 0, 0)
        .expect("a time of day")
        .and_utc();
    let mut warnings = 0;
    for (code, stages) in &preparation.stages {
        for stage in stages {
            let warning = store
                .set_stage(code, stage, &Stamp::new("demo", entered))
                .await
                .with_context(|| format!("storing the {} of project {code}", stage.stage))?;
            warnings += usize::from(warning.is_some());
        }
    }
    for budget in &preparation.budgets {
        prepare_budget(store, budget).await.with_context(|| {
            format!("preparing the {PREPARED_YEAR} budget of {}", budget.project)
        })?;
    }
    tracing::info!(
        projects = preparation.stages.len(),
        estimate_overruns = warnings,
        budgets = preparation.budgets.len(),
        year = PREPARED_YEAR,
        "demo budget preparation stored"
    );
    Ok(())
}

/// Enters one draft budget with its justifications and replays what happened to it.
async fn prepare_budget(store: &Store, plan: &BudgetPreparation) -> anyhow::Result<()> {
    let code = &plan.project;
    store
        .create_draft_budget(code, &plan.budget, &stamp(&plan.prepared))
        .await
        .context("creating the draft")?;
    for (line, justification) in &plan.justifications {
        store
            .set_justification(code, PREPARED_YEAR, line, justification)
            .await
            .with_context(|| format!("justifying line {line}"))?;
    }
    // The adjustment a decision is taken on is the one proposed just before it.
    let mut proposed = None;
    for step in &plan.steps {
        match step {
            Step::Transition(act, transition) => {
                store
                    .apply_budget_transition(code, PREPARED_YEAR, transition.clone(), &stamp(act))
                    .await
                    .with_context(|| format!("{} by {}", transition.action(), act.actor))?;
            }
            Step::Review(act, review) => {
                store
                    .add_line_review(code, PREPARED_YEAR, review, act.at)
                    .await
                    .with_context(|| format!("reviewing line {}", review.line))?;
            }
            Step::Propose(act, adjustment) => {
                let id = store
                    .propose_adjustment(code, PREPARED_YEAR, adjustment, &stamp(act))
                    .await
                    .context("proposing an adjustment")?;
                proposed = Some(id);
            }
            Step::Decide(act, decision) => {
                let id = proposed.context("a decision without a proposed adjustment")?;
                store
                    .decide_adjustment(code, id, decision.clone(), &stamp(act))
                    .await
                    .context("deciding an adjustment")?;
            }
        }
    }
    Ok(())
}

/// The stamp of a step of the plan: its actor at its time.
fn stamp(act: &Act) -> Stamp {
    Stamp::new(act.actor, act.at)
}

/// The stamp of every write of the demo loader: the actor `demo`, now.
fn demo_stamp() -> jixiao_store::Stamp {
    jixiao_store::Stamp::new("demo", chrono::Utc::now())
}
