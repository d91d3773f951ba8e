//! Reading the ledger: entries, a project's or a user's history, roots and proofs.

use jixiao_core::ProjectCode;
use jixiao_ledger::{Entry, Hash, Tree};
use sqlx::AnyConnection;

use super::LedgerEntry;
use super::chunk::{self, Chunk};
use super::family::Family;
use crate::error::{Result, StoreError};
use crate::sql::Sql;
use crate::{Backend, Store};

/// Chunks read per query when walking the log.
const CHUNKS_PER_QUERY: u32 = 16;

impl Store {
    /// The number of ledger entries.
    pub async fn ledger_size(&self) -> Result<u64> {
        let mut conn = self.pool.acquire().await?;
        chunk::size(&mut conn).await
    }

    /// The Merkle root (RFC 9162) over all stored leaf hashes, in sequence order.
    pub async fn ledger_root(&self) -> Result<Hash> {
        Ok(self.tree(None).await?.root())
    }

    /// The Merkle root over the first `size` entries; `Invalid` past the log's size.
    pub async fn ledger_root_at(&self, size: u64) -> Result<Hash> {
        let tree = self.tree(Some(size)).await?;
        check_size(size, tree.size())?;
        Ok(tree.root())
    }

    /// The entry at `index`; `NotFound` when the log is shorter.
    pub async fn ledger_entry(&self, index: u64) -> Result<LedgerEntry> {
        self.ledger_entries(index, 1)
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                entity: "ledger entry",
                key: index.to_string(),
            })
    }

    /// Up to `limit` entries from index `from` on, in index order: a page of an export.
    pub async fn ledger_entries(&self, from: u64, limit: u64) -> Result<Vec<LedgerEntry>> {
        let mut conn = self.pool.acquire().await?;
        let end = from.saturating_add(limit);
        let mut entries = Vec::new();
        let mut next = from;
        while next < end {
            let chunks = chunk::read_from(&mut conn, self.backend, next, CHUNKS_PER_QUERY).await?;
            if chunks.is_empty() {
                break;
            }
            let mut advanced = false;
            for chunk in &chunks {
                for entry in decode_chunk(chunk)? {
                    if entry.index >= next && entry.index < end {
                        next = entry.index + 1;
                        advanced = true;
                        entries.push(entry);
                    }
                }
            }
            if !advanced {
                break;
            }
        }
        Ok(entries)
    }

    /// The latest `limit` entries about the records of project `code` (its cost lines,
    /// adjustments, expenditures and readings), newest first.
    pub async fn project_history(
        &self,
        code: &ProjectCode,
        limit: u32,
    ) -> Result<Vec<LedgerEntry>> {
        let prefix = format!("{code}/");
        self.history(&format!("project:{code}"), limit, &|entry: &Entry| {
            entry.record.starts_with(&prefix)
                && Family::of_kind(&entry.kind)
                    .is_some_and(|(family, _)| Family::OF_PROJECT.contains(&family))
        })
        .await
    }

    /// The latest `limit` entries about the user account `username`, newest first.
    pub async fn user_history(&self, username: &str, limit: u32) -> Result<Vec<LedgerEntry>> {
        self.history(&format!("user:{username}"), limit, &|entry: &Entry| {
            entry.record == username
                && Family::of_kind(&entry.kind).is_some_and(|(family, _)| family == Family::User)
        })
        .await
    }

    /// The entries of the spans of `subject` that `keep` accepts, newest first.
    async fn history(
        &self,
        subject: &str,
        limit: u32,
        keep: &(dyn Fn(&Entry) -> bool + Send + Sync),
    ) -> Result<Vec<LedgerEntry>> {
        let mut conn = self.pool.acquire().await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT first_sequence, last_sequence FROM ledger_span WHERE subject = ",
        );
        sql.bind(subject.to_owned())
            .push(" ORDER BY first_sequence DESC");
        let (text, args) = sql.finish()?;
        let spans: Vec<(i64, i64)> = sqlx::query_as_with(&text, args)
            .fetch_all(&mut *conn)
            .await?;
        let mut found = Vec::new();
        for (first, last) in spans {
            let (Ok(first), Ok(last)) = (u64::try_from(first), u64::try_from(last)) else {
                continue;
            };
            let mut run = span_entries(&mut conn, self.backend, first, last).await?;
            run.retain(|entry| keep(&entry.entry));
            run.reverse();
            found.extend(run);
            if found.len() >= limit as usize {
                break;
            }
        }
        found.truncate(limit as usize);
        Ok(found)
    }

    /// The inclusion proof of entry `index` in the tree of the first `size` entries.
    ///
    /// `Invalid` when `index` is not below `size` or `size` exceeds the log.
    pub async fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>> {
        let tree = self.tree(Some(size)).await?;
        check_size(size, tree.size())?;
        tree.inclusion_proof(index, size)
            .map_err(|error| StoreError::Invalid(format!("inclusion proof: {error}")))
    }

    /// The consistency proof between the trees of the first `old` and `new` entries.
    ///
    /// `Invalid` when `old` exceeds `new` or `new` exceeds the log.
    pub async fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>> {
        let tree = self.tree(Some(new)).await?;
        check_size(new, tree.size())?;
        tree.consistency_proof(old, new)
            .map_err(|error| StoreError::Invalid(format!("consistency proof: {error}")))
    }

    /// The tree of the first `size` stored leaf hashes (all of them for `None`).
    ///
    /// FIXME: every proof reads the leaf hashes of the whole log (32 bytes an entry, about 0.1 s
    /// a million); a province-scale log wants the interior hashes of complete subtrees stored.
    async fn tree(&self, size: Option<u64>) -> Result<Tree> {
        let mut conn = self.pool.acquire().await?;
        let mut tree = Tree::new();
        for leaf in chunk::leaves(&mut conn, size).await? {
            tree.push_leaf_hash(leaf);
        }
        Ok(tree)
    }
}

/// The entries `first..=last`, in order.
async fn span_entries(
    conn: &mut AnyConnection,
    backend: Backend,
    first: u64,
    last: u64,
) -> Result<Vec<LedgerEntry>> {
    let mut entries = Vec::new();
    let mut next = first;
    while next <= last {
        let chunks = chunk::read_from(conn, backend, next, CHUNKS_PER_QUERY).await?;
        let before = next;
        for chunk in &chunks {
            for entry in decode_chunk(chunk)? {
                if entry.index >= next && entry.index <= last {
                    next = entry.index + 1;
                    entries.push(entry);
                }
            }
        }
        if next == before {
            break;
        }
    }
    Ok(entries)
}

fn check_size(size: u64, stored: u64) -> Result<()> {
    if size > stored {
        return Err(StoreError::Invalid(format!(
            "the ledger holds {stored} entries, fewer than {size}"
        )));
    }
    Ok(())
}

/// The entries of a chunk, decoded; a damaged chunk is refused with a pointer to verification.
fn decode_chunk(chunk: &Chunk) -> Result<Vec<LedgerEntry>> {
    let damaged = || chunk::damaged(chunk.first);
    let (Some(bytes), Some(leaves)) = (chunk.entries(), chunk.leaves()) else {
        return Err(damaged());
    };
    if bytes.len() != leaves.len() || bytes.len() as u64 != chunk.count {
        return Err(damaged());
    }
    bytes
        .into_iter()
        .zip(leaves)
        .zip(chunk.first..)
        .map(|((bytes, leaf), index)| {
            let entry = Entry::decode(bytes).map_err(|error| {
                StoreError::Invalid(format!("ledger entry {index} cannot be read: {error}"))
            })?;
            Ok(LedgerEntry {
                index,
                bytes: bytes.to_vec(),
                leaf,
                entry,
            })
        })
        .collect()
}
