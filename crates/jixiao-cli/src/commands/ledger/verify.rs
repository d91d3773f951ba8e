//! `jixiao ledger verify`: recomputes the ledger from the stored rows and names the first entry
//! that no longer matches.

use anyhow::{Context, bail};
use jixiao_store::{LedgerCheck, LedgerProblem, Store};

use super::to_usize;
use crate::ledger_key::hex;
use crate::progress::Progress;

/// Verifies the whole ledger; prints its size, root and the head checked, or fails with a
/// message naming the entry and the problem.
pub async fn run(store: &Store) -> anyhow::Result<()> {
    let total = store.ledger_size().await?;
    let progress = Progress::new("verifying the ledger", to_usize(total));
    let check = store
        .verify_ledger(&|done, _total| progress.set(to_usize(done)))
        .await
        .context("verifying the ledger")?;
    progress.finish();
    match check {
        LedgerCheck::Intact { size, root, head } => {
            println!("ledger intact: {size} entries");
            println!("root_hash   {root}");
            match head {
                Some(stored) => println!(
                    "signed head checked: size {}, timestamp {}, public key {}",
                    stored.head.head.size,
                    stored.head.head.timestamp_ms,
                    hex(stored.public_key.as_bytes())
                ),
                None => println!(
                    "no signed tree head yet: sign one with `jixiao ledger sign` so that later \
                     changes can be told apart"
                ),
            }
            tracing::info!(ledger.size = size, ledger.root = %root, "ledger verified");
            Ok(())
        }
        LedgerCheck::Broken { sequence, problem } => {
            bail!("{}", describe(store, sequence, &problem).await)
        }
    }
}

/// The message of a broken ledger: the entry (with its kind and record, when its bytes still
/// say they are that entry) and the problem in plain words.
async fn describe(store: &Store, sequence: u64, problem: &LedgerProblem) -> String {
    match problem {
        // These concern the log as a whole rather than one entry, and say so themselves.
        LedgerProblem::HeadMismatch { .. }
        | LedgerProblem::HeadBeyondLog { .. }
        | LedgerProblem::HeadSignature
        | LedgerProblem::Unrecorded { .. } => format!("ledger: {problem}"),
        _ => match store.ledger_entry(sequence).await {
            // Bytes that name another sequence were moved here; their kind and record would
            // point at the wrong row, so only the index is named.
            Ok(stored) if stored.entry.sequence == sequence => format!(
                "ledger entry {sequence} ({} {}): {problem}",
                stored.entry.kind, stored.entry.record
            ),
            _ => format!("ledger entry {sequence}: {problem}"),
        },
    }
}
