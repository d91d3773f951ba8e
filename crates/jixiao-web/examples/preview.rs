//! Serves the interface over a throw-away demo database, for looking at the pages while
//! working on them: `cargo run -p jixiao-web --example preview [projects]`.
//!
//! It binds 127.0.0.1 on a free port, prints the address, logs each request, and stops on
//! Ctrl-C; the database lives in a temporary folder that is removed on exit. It creates one
//! user per role (password `jixiao-demo`, for looking only) and, when `JIXIAO_PREVIEW_SESSIONS`
//! names a file, writes a ready session cookie per user there for screenshots. The ledger is
//! signed once with a published test key, so that the public ledger page has a head to show.

use chrono::{Duration, Utc};
use jixiao_core::OrgCode;
use jixiao_core::access::Role;
use jixiao_demo::DemoConfig;
use jixiao_ledger::signing_key_from_secret;
use jixiao_store::Store;
use jixiao_web::auth::{hash_password, secret};
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
    let stamp = jixiao_store::Stamp::new("demo", Utc::now());
    store
        .import_dossiers(&demo.dossiers, &stamp, &|_| {})
        .await?;
    let bureau = demo
        .dossiers
        .iter()
        .map(|d| d.project.organization.clone())
        .find(|org| org.as_str().starts_with("JT-GL-"))
        .unwrap_or_else(|| OrgCode::new("JT").expect("a valid code"));
    let hash = hash_password("jixiao-demo");
    let mut cookies = String::new();
    for role in Role::ALL {
        let org = match role {
            Role::Engineer => bureau.clone(),
            _ => OrgCode::new("JT")?,
        };
        let name = format!("{}（{}）", role.name_zh(), role.code());
        let now = Utc::now();
        store
            .create_user(role.code(), &name, &org, &[*role], &hash, &stamp)
            .await?;
        let session = secret::random_secret();
        store
            .create_session(
                &secret::digest(&session),
                role.code(),
                &secret::random_secret(),
                now,
                now + Duration::hours(8),
            )
            .await?;
        cookies.push_str(&format!("{} jixiao_session={session}\n", role.code()));
    }
    if let Ok(path) = std::env::var("JIXIAO_PREVIEW_SESSIONS") {
        std::fs::write(path, cookies)?;
    }
    // A published constant key, for looking only: the ledger page shows a signed head, and
    // `POST /api/v1/ledger/heads` can sign more.
    let signing_key = signing_key_from_secret(&[7; 32]);
    store.sign_tree_head(&signing_key, Utc::now()).await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on http://{}", listener.local_addr()?);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    serve(
        listener,
        AppState::new(store).with_signing_key(signing_key),
        shutdown,
    )
    .await?;
    Ok(())
}
