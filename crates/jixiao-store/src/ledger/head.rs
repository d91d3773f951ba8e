//! Signed tree heads: made on demand from the current log, stored, and read back.

use chrono::{DateTime, Utc};
use jixiao_ledger::{SignedTreeHead, SigningKey, TreeHead, VerifyingKey};

use super::{StoredHead, hash_of, index_value, sequence_number};
use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::Sql;

/// A stored head: size, root, time, signature and public key.
pub(super) type HeadRow = (i64, Vec<u8>, i64, Vec<u8>, Vec<u8>);

impl Store {
    /// Signs the log as it is now with `key`, stamped `at`, and stores the head.
    ///
    /// The size and root are read in one snapshot, so the head describes a log that existed.
    /// Fails with `Conflict` (`tree_head_extends`) when the log no longer extends the latest
    /// signed head (it is shorter, or its first entries hash to another root): a new head over
    /// an altered log would hide the alteration from every later verification, which checks the
    /// latest head only.
    pub async fn sign_tree_head(&self, key: &SigningKey, at: DateTime<Utc>) -> Result<StoredHead> {
        let mut tx = self.begin_write().await?;
        let leaves = super::chunk::leaves(&mut tx, None).await?;
        if let Some(latest) = self.latest_head_in(&mut tx).await? {
            let head = latest.head.head;
            let covered = usize::try_from(head.size)
                .ok()
                .and_then(|size| leaves.get(..size));
            let extends = covered.is_some_and(|covered| {
                jixiao_ledger::root_of_leaves_parallel(covered) == head.root
            });
            if !extends {
                return Err(StoreError::Conflict {
                    constraint: "tree_head_extends".into(),
                    message: format!(
                        "the ledger of {} entries no longer extends the latest signed tree head \
                         over {} entries; no head is signed over it until verification explains \
                         why",
                        leaves.len(),
                        head.size
                    ),
                });
            }
        }
        let timestamp_ms = u64::try_from(at.timestamp_millis()).map_err(|_| {
            StoreError::Invalid(format!("tree head time {at} is before the Unix epoch"))
        })?;
        let head = TreeHead {
            size: leaves.len() as u64,
            root: jixiao_ledger::root_of_leaves(&leaves),
            timestamp_ms,
        }
        .sign(key);
        let public_key = key.verifying_key();
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO tree_head (size, root_hash, signed_at_ms, signature, public_key) VALUES (",
        );
        sql.bind(index_value(head.head.size)?)
            .push(", ")
            .bind(head.head.root.0.to_vec())
            .push(", ")
            .bind(at.timestamp_millis())
            .push(", ")
            .bind(head.signature.to_vec())
            .push(", ")
            .bind(public_key.to_bytes().to_vec())
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(
            ledger.size = head.head.size,
            ledger.root = %head.head.root,
            "tree head signed"
        );
        Ok(StoredHead { head, public_key })
    }

    /// The most recently signed head, or `None` before the first.
    pub async fn latest_tree_head(&self) -> Result<Option<StoredHead>> {
        Ok(self.tree_heads(1).await?.pop())
    }

    /// Up to `limit` signed heads, newest first.
    pub async fn tree_heads(&self, limit: u32) -> Result<Vec<StoredHead>> {
        let mut sql = Sql::new(
            self.backend,
            "SELECT size, root_hash, signed_at_ms, signature, public_key FROM tree_head \
             ORDER BY signed_at_ms DESC, size DESC, id DESC LIMIT ",
        );
        sql.bind(i64::from(limit));
        let (text, args) = sql.finish()?;
        let rows: Vec<HeadRow> = sqlx::query_as_with(&text, args)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(decode_head).collect()
    }
}

pub(super) fn decode_head((size, root, at, signature, key): HeadRow) -> Result<StoredHead> {
    let signature = <[u8; 64]>::try_from(signature.as_slice())
        .map_err(|_| StoreError::Invalid("stored tree head signature is not 64 bytes".into()))?;
    let key = <[u8; 32]>::try_from(key.as_slice())
        .map_err(|_| StoreError::Invalid("stored public key is not 32 bytes".into()))?;
    let public_key = VerifyingKey::from_bytes(&key)
        .map_err(|_| StoreError::Invalid("stored public key is not an Ed25519 key".into()))?;
    Ok(StoredHead {
        head: SignedTreeHead {
            head: TreeHead {
                size: sequence_number(size)?,
                root: hash_of(&root, "tree head root")?,
                timestamp_ms: u64::try_from(at).unwrap_or(0),
            },
            signature,
        },
        public_key,
    })
}
