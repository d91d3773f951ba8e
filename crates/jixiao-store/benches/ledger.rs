//! What the ledger costs, each figure beside the raw limit of the same machine in the same run:
//!
//! 1. a bulk load of one project file with 100,000 expenditures, from the file's text to the
//!    committed transaction, with and without the ledger entries;
//! 2. verification of a province-scale ledger (by default 2,000 projects, about 1.1 million
//!    entries): the Merkle tree recomputation over the stored entry bytes, against the SHA-256
//!    throughput `openssl speed -evp sha256` shows for messages of the entries' average size,
//!    and the whole `verify_ledger` (reading, decoding and re-encoding every row too) in entries
//!    per second.
//!
//! Run with `cargo bench -p jixiao-store --bench ledger`; set the province size with
//! `JIXIAO_BENCH_PROJECTS`. Under `cargo test --all-targets` it makes one quick pass over small
//! data so that it keeps working.

mod common;

use std::time::{Duration, Instant};

use common::{dossier, organizations, seconds, thousands};
use jixiao_core::ProjectDossier;
use jixiao_core::interchange::{self, OrganizationRef, ProjectFile};
use jixiao_ledger::{leaf_hashes, root_of_leaves_parallel};
use jixiao_store::{LedgerCheck, Stamp, Store};

const PAYMENTS: usize = 100_000;
const SMOKE_PAYMENTS: usize = 500;
/// Projects of the province whose ledger is verified.
const PROJECTS: usize = 2_000;
const SMOKE_PROJECTS: usize = 5;
/// Loads per variant; the median is reported.
const ROUNDS: usize = 9;

fn main() {
    let benchmarking = std::env::args().any(|arg| arg == "--bench");
    let (payments, rounds, projects) = if benchmarking {
        let projects = std::env::var("JIXIAO_BENCH_PROJECTS")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(PROJECTS);
        (PAYMENTS, ROUNDS, projects)
    } else {
        (SMOKE_PAYMENTS, 1, SMOKE_PROJECTS)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(bulk_load(payments, rounds));
    runtime.block_on(verification(projects, benchmarking));
}

/// Loads a province, then times the tree recomputation and the whole verification.
async fn verification(projects: usize, benchmarking: bool) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("province.db").display());
    let store = Store::connect(&url).await.expect("a store");
    store
        .ensure_organizations(&organizations())
        .await
        .expect("organizations");
    let dossiers: Vec<ProjectDossier> = (0..projects)
        .map(|index| dossier(index, common::PAYMENTS_PER_PROJECT))
        .collect();
    store
        .import_dossiers(&dossiers, &stamp(), &|_| {})
        .await
        .expect("the province");
    drop(dossiers);
    let size = store.ledger_size().await.expect("the ledger size");
    // The entries packed one after another, as verification reads them from the chunk blobs:
    // a layout that lets the processor stream through memory.
    let mut packed = Vec::new();
    let mut ends = Vec::with_capacity(size as usize);
    let mut from = 0;
    while from < size {
        let page = store
            .ledger_entries(from, 50_000)
            .await
            .expect("ledger entries");
        from += page.len() as u64;
        for entry in page {
            packed.extend_from_slice(&entry.bytes);
            ends.push(packed.len());
        }
    }
    let entries: Vec<&[u8]> = std::iter::once(0)
        .chain(ends.iter().copied())
        .zip(ends.iter().copied())
        .map(|(start, end)| &packed[start..end])
        .collect();
    let bytes = packed.len();
    let average = bytes / entries.len().max(1);
    println!(
        "province ledger: {} entries of {average} bytes on average, {} bytes",
        thousands(size),
        thousands(bytes as u64)
    );

    // The recomputation verify_ledger does, with the functions it calls: every leaf hash, then
    // the root over them.
    let started = Instant::now();
    let leaves = leaf_hashes(&entries);
    let root = root_of_leaves_parallel(&leaves);
    let tree_time = started.elapsed();
    assert_eq!(root, store.ledger_root().await.expect("the root"));
    let tree_rate = bytes as f64 / tree_time.as_secs_f64() / 1e6;
    match openssl_sha256(average) {
        Some(openssl) => println!(
            "tree recomputation: {} = {tree_rate:.0} MB/s; openssl speed -evp sha256 at {average}-byte \
             messages: {openssl:.0} MB/s; tree/openssl = {:.2}",
            seconds(tree_time),
            tree_rate / openssl
        ),
        None => println!(
            "tree recomputation: {} = {tree_rate:.0} MB/s; openssl not available to compare",
            seconds(tree_time)
        ),
    }

    let started = Instant::now();
    let check = store.verify_ledger(&|_, _| {}).await.expect("verification");
    let verify_time = started.elapsed();
    assert!(matches!(check, LedgerCheck::Intact { .. }), "{check:?}");
    println!(
        "verify_ledger: {} entries in {} = {} entries/s (reading, decoding and re-encoding \
         every row{})",
        thousands(size),
        seconds(verify_time),
        thousands((size as f64 / verify_time.as_secs_f64()) as u64),
        if benchmarking { "" } else { "; quick pass" }
    );
    store.close().await;
}

/// The SHA-256 throughput in MB/s that `openssl speed` measures for messages of `bytes` bytes,
/// or `None` when openssl is missing or prints something else.
fn openssl_sha256(bytes: usize) -> Option<f64> {
    let output = std::process::Command::new("openssl")
        .args(["speed", "-evp", "sha256", "-seconds", "2", "-bytes"])
        .arg(bytes.to_string())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    // The result line is `sha256  123456.78k`: thousands of bytes per second.
    let line = text.lines().find(|line| line.starts_with("sha256"))?;
    let kilobytes: f64 = line
        .split_whitespace()
        .nth(1)?
        .trim_end_matches('k')
        .parse()
        .ok()?;
    Some(kilobytes * 1e3 / 1e6)
}

fn stamp() -> Stamp {
    Stamp::new("bench", chrono::Utc::now())
}

async fn bulk_load(payments: usize, rounds: usize) {
    let organizations = organizations();
    let dossier = dossier(1, payments);
    let organization = organizations
        .iter()
        .find(|org| org.code == dossier.project.organization)
        .expect("the project's organization");
    let file = ProjectFile {
        organization: OrganizationRef {
            code: organization.code.clone(),
            name: Some(organization.name.clone()),
            parent: organization.parent.clone(),
        },
        dossier,
    };
    let text = interchange::to_json(&file);
    println!(
        "project file: {} expenditures, {} bytes",
        thousands(payments as u64),
        thousands(text.len() as u64)
    );
    let mut with = Vec::new();
    let mut without = Vec::new();
    for _ in 0..rounds {
        with.push(load(&text, true).await);
        without.push(load(&text, false).await);
    }
    // Disk flushes make single loads noisy, so the spread is printed beside the medians.
    let spread = |times: &[Duration]| {
        let low = times.iter().min().copied().unwrap_or_default();
        let high = times.iter().max().copied().unwrap_or_default();
        format!("{:.3}–{:.3} s", low.as_secs_f64(), high.as_secs_f64())
    };
    let (with_spread, without_spread) = (spread(&with), spread(&without));
    let with = median(with);
    let without = median(without);
    println!(
        "bulk load without ledger: {} (median of {rounds}, {without_spread}); with ledger: {} \
         ({with_spread}); ledger overhead {:+.1} %",
        seconds(without),
        seconds(with),
        (with.as_secs_f64() / without.as_secs_f64() - 1.0) * 100.0
    );
}

/// Parses the file and imports it into a fresh SQLite database; returns the time of both.
async fn load(text: &str, ledger: bool) -> Duration {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("load.db").display());
    let mut store = Store::connect(&url).await.expect("a store");
    if !ledger {
        store = store.without_ledger();
    }
    store
        .ensure_organizations(&organizations())
        .await
        .expect("organizations");
    let started = Instant::now();
    let file = interchange::parse(text).expect("the generated file parses");
    store
        .import_dossier(&file.dossier, false, &stamp())
        .await
        .expect("the import");
    let elapsed = started.elapsed();
    let size = store.ledger_size().await.expect("the ledger size");
    assert_eq!(
        size > 0,
        ledger,
        "ledger entries are appended only when asked"
    );
    store.close().await;
    elapsed
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
