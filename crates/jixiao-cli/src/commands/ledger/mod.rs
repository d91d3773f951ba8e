//! `jixiao ledger`: checking, signing, exporting and proving the tamper-evident ledger.
//!
//! The store keeps the entries and signs what it is given a key for; this module decides when a
//! head may be signed, and prints heads and proofs in the documented forms (`docs/ledger.md`),
//! which third parties parse.

mod export;
mod prove;
mod verify;

use anyhow::{Context, bail};
use chrono::Utc;
use jixiao_ledger::SigningKey;
use jixiao_store::{Store, StoredHead};

use crate::cli::{HeadFormat, LedgerCommand};
use crate::ledger_key::{self, hex};

/// Runs one `ledger` subcommand.
pub async fn run(what: LedgerCommand) -> anyhow::Result<()> {
    match what {
        LedgerCommand::Verify { db } => verify::run(&super::open(&db.url).await?).await,
        LedgerCommand::Head { db, format } => {
            let store = super::open(&db.url).await?;
            let Some(head) = store.latest_tree_head().await? else {
                bail!("no tree head has been signed yet; sign one with `jixiao ledger sign`");
            };
            print_head(&head, format);
            Ok(())
        }
        LedgerCommand::Sign { db, key, format } => {
            // The database opens first, so that a mistyped URL does not leave a new key behind.
            let store = super::open(&db.url).await?;
            let key = ledger_key::load_or_create(key.path.as_deref(), &db.url)?;
            print_head(&sign(&store, &key).await?, format);
            Ok(())
        }
        LedgerCommand::Export { db, from, output } => {
            export::run(&super::open(&db.url).await?, from, output.as_deref()).await
        }
        LedgerCommand::Prove { db, index, size } => {
            prove::run(&super::open(&db.url).await?, index, size).await
        }
    }
}

/// Signs a head over the ledger as it is now. The store refuses when the ledger no longer
/// extends the latest signed head: a fresh head over an altered ledger would make every later
/// verification pass over the damage.
pub async fn sign(store: &Store, key: &SigningKey) -> anyhow::Result<StoredHead> {
    if let Some(latest) = store.latest_tree_head().await?
        && latest.public_key != key.verifying_key()
    {
        tracing::info!(
            key.public = %hex(key.verifying_key().as_bytes()),
            key.previous = %hex(latest.public_key.as_bytes()),
            "the latest tree head was signed with another key"
        );
    }
    store
        .sign_tree_head(key, Utc::now())
        .await
        .context("signing a tree head (run `jixiao ledger verify` if the ledger was altered)")
}

/// Signs a head when the ledger holds entries the latest head does not cover; `None` when
/// there is nothing new to sign.
pub async fn sign_if_grown(store: &Store, key: &SigningKey) -> anyhow::Result<Option<StoredHead>> {
    let size = store.ledger_size().await?;
    let latest = store.latest_tree_head().await?;
    if !has_grown(latest.as_ref().map(|stored| stored.head.head.size), size) {
        return Ok(None);
    }
    sign(store, key).await.map(Some)
}

/// Whether a ledger of `size` entries holds more than the latest head covers.
fn has_grown(signed_size: Option<u64>, size: u64) -> bool {
    signed_size.is_none_or(|signed| size > signed)
}

/// A count for the progress bar, which counts in `usize`.
fn to_usize(count: u64) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

/// Prints a head as `ledger head` documents it.
fn print_head(stored: &StoredHead, format: HeadFormat) {
    match format {
        HeadFormat::Json => println!("{}", head_json(stored)),
        HeadFormat::Text => {
            let head = stored.head.head;
            let signed_at = i64::try_from(head.timestamp_ms)
                .ok()
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map_or_else(String::new, |at| {
                    format!(" ({})", at.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
                });
            println!("size        {}", head.size);
            println!("root_hash   {}", head.root);
            println!("timestamp   {}{signed_at}", head.timestamp_ms);
            println!("signature   {}", hex(&stored.head.signature));
            println!("public_key  {}", hex(stored.public_key.as_bytes()));
        }
    }
}

/// The JSON form of a head: size, root, milliseconds since the epoch as signed, signature and
/// key, in that order.
fn head_json(stored: &StoredHead) -> serde_json::Value {
    let head = stored.head.head;
    serde_json::json!({
        "size": head.size,
        "root_hash": head.root.to_string(),
        "timestamp": head.timestamp_ms,
        "signature": hex(&stored.head.signature),
        "public_key": hex(stored.public_key.as_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use jixiao_ledger::{Hash, TreeHead, signing_key_from_secret};

    use super::*;

    #[test]
    fn a_head_is_signed_only_over_entries_it_does_not_cover_yet() {
        let cases = [
            (None, 0, true),
            (None, 5, true),
            (Some(5), 5, false),
            (Some(5), 6, true),
            (Some(5), 4, false),
        ];
        for (signed, size, expected) in cases {
            assert_eq!(has_grown(signed, size), expected, "{signed:?} {size}");
        }
    }

    #[test]
    fn the_json_head_has_the_documented_fields_in_order() {
        let key = signing_key_from_secret(&[9; 32]);
        let head = TreeHead {
            size: 3,
            root: Hash([0xab; 32]),
            timestamp_ms: 1_700_000_000_123,
        }
        .sign(&key);
        let stored = StoredHead {
            head,
            public_key: key.verifying_key(),
        };
        let text = head_json(&stored).to_string();
        let expected = format!(
            "{{\"size\":3,\"root_hash\":\"{}\",\"timestamp\":1700000000123,\"signature\":\"{}\",\
             \"public_key\":\"{}\"}}",
            "ab".repeat(32),
            hex(&head.signature),
            hex(key.verifying_key().as_bytes())
        );
        assert_eq!(text, expected);
    }
}
