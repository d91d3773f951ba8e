//! The check of the whole ledger against itself, the stored rows and the latest signed head.

use std::collections::HashMap;

use jixiao_ledger::{Entry, EntryWriter, Hash, leaf_hash, root_of_leaves_parallel};

use super::chunk::{self, Chunk};
use super::family::{Family, Scope, current};
use super::{LedgerCheck, LedgerProblem, StoredHead};
use crate::Store;
use crate::error::Result;
use crate::sql::Sql;

/// Chunks read per query; progress is reported after each query.
const CHUNKS_PER_PAGE: i64 = 16;

/// What verification remembers of a record's latest entry.
struct Latest {
    sequence: u64,
    removed: bool,
    time_ms: i64,
    actor: String,
    leaf: Hash,
}

impl Store {
    /// Checks the ledger, the rows it records and the latest signed tree head, in one snapshot.
    ///
    /// Chunks must follow each other without a gap, and every entry must hash to its stored
    /// leaf hash and decode to an entry of a known kind numbered by its place in the log. Every record whose latest entry
    /// sets it must still have its row, and the row must encode to exactly that entry; a row
    /// no entry records is reported too. Finally the latest signed head must verify under its
    /// key and its root must be the root of the log's first entries. Reports the first problem
    /// in sequence order; `on_progress(done, total)` is called after each page of chunks.
    pub async fn verify_ledger(
        &self,
        on_progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<LedgerCheck> {
        let mut tx = self.begin_read().await?;
        let total = chunk::size(&mut tx).await?;
        let mut leaves: Vec<Hash> = Vec::with_capacity(total as usize);
        let mut latest: HashMap<(Family, String), Latest> = HashMap::new();
        // The first problem of the log itself; the records before it are still checked below,
        // since one of them may hold an earlier problem.
        let mut broken: Option<(u64, LedgerProblem)> = None;
        let mut after = -1i64;
        'pages: loop {
            let mut sql = Sql::new(self.backend, chunk::CHUNK_SELECT);
            sql.push(" WHERE first_sequence > ");
            sql.bind(after)
                .push(" ORDER BY first_sequence LIMIT ")
                .bind(CHUNKS_PER_PAGE);
            let (text, args) = sql.finish()?;
            let rows: Vec<chunk::ChunkRow> =
                sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
            if rows.is_empty() {
                break;
            }
            // The page's entries with their stored leaf hashes, chunk by chunk, up to the first
            // chunk that does not fit; that problem waits until the entries before it are
            // checked, since one of them may hold an earlier one.
            // A chunk whose entries do not decompress keeps its place with no entries, so that
            // it is reported as altered where it starts.
            let chunks: Vec<Chunk> = rows
                .into_iter()
                .map(|row| {
                    after = row.0;
                    let (first, count) = (row.0, row.1);
                    Chunk::from_row(row).unwrap_or(Chunk {
                        first: u64::try_from(first).unwrap_or(u64::MAX),
                        count: u64::try_from(count).unwrap_or(0),
                        entries: Vec::new(),
                        leaves: Vec::new(),
                    })
                })
                .collect();
            let mut items: Vec<(&[u8], Hash)> = Vec::new();
            let mut pending: Option<(u64, LedgerProblem)> = None;
            let mut next = leaves.len() as u64;
            for chunk in &chunks {
                if chunk.first != next {
                    pending = Some((next, LedgerProblem::OutOfSequence));
                    break;
                }
                let bytes = chunk.entries().unwrap_or_default();
                let stored = chunk.leaves().unwrap_or_default();
                let whole = bytes.len() == stored.len() && bytes.len() as u64 == chunk.count;
                let usable = bytes.len().min(stored.len()).min(chunk.count as usize);
                items.extend(bytes.into_iter().zip(stored).take(usable));
                next += usable as u64;
                if !whole {
                    pending = Some((next, LedgerProblem::EntryAltered));
                    break;
                }
            }
            let computed = jixiao_ledger::leaf_hashes(
                &items.iter().map(|(bytes, _)| *bytes).collect::<Vec<_>>(),
            );
            for ((bytes, stored), leaf) in items.iter().zip(computed) {
                let position = leaves.len() as u64;
                match check_entry(position, bytes, stored, leaf, &latest) {
                    Ok((entry, family, removed)) => {
                        leaves.push(leaf);
                        latest.insert(
                            (family, entry.record),
                            Latest {
                                sequence: position,
                                removed,
                                time_ms: entry.time_ms,
                                actor: entry.actor,
                                leaf,
                            },
                        );
                    }
                    Err(problem) => {
                        broken = Some((position, problem));
                        break 'pages;
                    }
                }
            }
            if pending.is_some() {
                broken = pending;
                break;
            }
            on_progress(leaves.len() as u64, total);
        }
        let size = leaves.len() as u64;

        for family in Family::ALL {
            for (record, content) in current(&mut tx, self.backend, family, Scope::All).await? {
                let found = latest.remove(&(family, record.clone()));
                let problem = match found {
                    Some(entry) if !entry.removed => {
                        let mut expected = EntryWriter::new(
                            entry.sequence,
                            entry.time_ms,
                            &entry.actor,
                            family.kind(),
                            &record,
                        );
                        content.write(&mut expected);
                        (leaf_hash(&expected.finish()) != entry.leaf)
                            .then_some((entry.sequence, LedgerProblem::RecordChanged))
                    }
                    // A row without a current entry only counts when the whole log was read:
                    // after a broken entry, its record's entries may simply not have been seen.
                    _ if broken.is_some() => None,
                    _ => Some((
                        size,
                        LedgerProblem::Unrecorded {
                            kind: family.kind().to_owned(),
                            record,
                        },
                    )),
                };
                broken = earlier(broken, problem);
            }
        }
        for entry in latest.into_values().filter(|entry| !entry.removed) {
            broken = earlier(broken, Some((entry.sequence, LedgerProblem::RecordDeleted)));
        }
        let head = self.latest_head_in(&mut tx).await?;
        tx.commit().await?;
        if let Some((sequence, problem)) = broken {
            return Ok(LedgerCheck::Broken { sequence, problem });
        }
        if let Some(stored) = &head
            && let Some(problem) = check_head(stored, &leaves)
        {
            return Ok(LedgerCheck::Broken {
                sequence: stored.head.head.size.min(size),
                problem,
            });
        }
        Ok(LedgerCheck::Intact {
            size,
            root: root_of_leaves_parallel(&leaves),
            head,
        })
    }

    pub(super) async fn latest_head_in(
        &self,
        conn: &mut sqlx::AnyConnection,
    ) -> Result<Option<StoredHead>> {
        let rows: Vec<super::head::HeadRow> = sqlx::query_as(
            "SELECT size, root_hash, signed_at_ms, signature, public_key FROM tree_head \
             ORDER BY signed_at_ms DESC, size DESC, id DESC LIMIT 1",
        )
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(super::head::decode_head)
            .next()
            .transpose()
    }
}

/// Checks one stored entry at `position`, whose bytes hash to `leaf`; returns it decoded with
/// its family and whether it is a removal.
fn check_entry(
    position: u64,
    bytes: &[u8],
    stored_leaf: &Hash,
    leaf: Hash,
    latest: &HashMap<(Family, String), Latest>,
) -> std::result::Result<(Entry, Family, bool), LedgerProblem> {
    if *stored_leaf != leaf {
        return Err(LedgerProblem::EntryAltered);
    }
    let entry = Entry::decode(bytes).map_err(|_| LedgerProblem::EntryAltered)?;
    if entry.sequence != position {
        return Err(LedgerProblem::OutOfSequence);
    }
    let (family, removed) = Family::of_kind(&entry.kind).ok_or(LedgerProblem::Unexpected)?;
    let live = latest
        .get(&(family, entry.record.clone()))
        .is_some_and(|previous| !previous.removed);
    if removed && !live {
        return Err(LedgerProblem::Unexpected);
    }
    Ok((entry, family, removed))
}

/// The latest signed head's problem with the log of `leaves`, if any.
fn check_head(stored: &StoredHead, leaves: &[Hash]) -> Option<LedgerProblem> {
    let head = &stored.head.head;
    if stored.head.verify(&stored.public_key).is_err() {
        return Some(LedgerProblem::HeadSignature);
    }
    let Some(covered) = usize::try_from(head.size)
        .ok()
        .and_then(|n| leaves.get(..n))
    else {
        return Some(LedgerProblem::HeadBeyondLog { size: head.size });
    };
    (root_of_leaves_parallel(covered) != head.root)
        .then_some(LedgerProblem::HeadMismatch { size: head.size })
}

/// The earlier of two problems by sequence; the first found wins a tie.
fn earlier(
    found: Option<(u64, LedgerProblem)>,
    other: Option<(u64, LedgerProblem)>,
) -> Option<(u64, LedgerProblem)> {
    match (found, other) {
        (Some(a), Some(b)) if b.0 < a.0 => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}
