//! The stored form of the log: chunks of consecutive entries, one row per chunk.
//!
//! A chunk's `entries` blob holds, for each entry, its length as a big-endian u32 and then its
//! canonical bytes; `leaf_hashes` holds the 32-byte leaf hash of each, in the same order. The
//! layout is documented in the migration that creates the table.

use jixiao_ledger::Hash;
use sqlx::AnyConnection;

use super::{hash_of, index_value, sequence_number};
use crate::Backend;
use crate::error::{Result, StoreError};
use crate::sql::Sql;

/// A stored chunk as read, its entries uncompressed: first sequence number, entry count, the
/// length-prefixed entries and the leaf hashes.
pub(crate) struct Chunk {
    pub first: u64,
    pub count: u64,
    pub entries: Vec<u8>,
    pub leaves: Vec<u8>,
}

/// A row of `ledger_chunk`: first sequence, count, compression, entries, leaf hashes.
pub(crate) type ChunkRow = (i64, i64, String, Vec<u8>, Vec<u8>);

/// The `SELECT` of chunk rows; filtered and ordered by the caller.
pub(crate) const CHUNK_SELECT: &str =
    "SELECT first_sequence, entry_count, compression, entries, leaf_hashes FROM ledger_chunk";

/// The largest uncompressed chunk accepted when reading: sealed chunks stay near
/// [`CHUNK_BYTES`](super::append::CHUNK_BYTES) plus one entry, and a damaged length must not
/// make the reader allocate gigabytes.
const MAX_CHUNK_BYTES: usize = 64 * 1024 * 1024;

/// The stored form of a chunk's entries: an LZ4 block after its length.
pub(crate) fn compress(entries: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(entries)
}

/// The entries of a stored blob, or `None` when the blob does not decompress.
fn uncompress(compression: &str, blob: Vec<u8>) -> Option<Vec<u8>> {
    match compression {
        "none" => Some(blob),
        "lz4" => {
            let (length, block) = blob.split_first_chunk::<4>()?;
            let length = u32::from_le_bytes(*length) as usize;
            if length > MAX_CHUNK_BYTES {
                return None;
            }
            let entries = lz4_flex::block::decompress(block, length).ok()?;
            (entries.len() == length).then_some(entries)
        }
        _ => None,
    }
}

impl Chunk {
    /// The chunk of a stored row; `None` when its entries do not decompress.
    pub fn from_row((first, count, compression, entries, leaves): ChunkRow) -> Option<Chunk> {
        Some(Chunk {
            first: u64::try_from(first).ok()?,
            count: u64::try_from(count).ok()?,
            entries: uncompress(&compression, entries)?,
            leaves,
        })
    }

    /// The entries' bytes in order, or `None` when a length runs past the end.
    pub fn entries(&self) -> Option<Vec<&[u8]>> {
        let mut entries = Vec::new();
        let mut rest = self.entries.as_slice();
        while !rest.is_empty() {
            let (length, tail) = rest.split_first_chunk::<4>()?;
            let length = u32::from_be_bytes(*length) as usize;
            if tail.len() < length {
                return None;
            }
            let (entry, tail) = tail.split_at(length);
            entries.push(entry);
            rest = tail;
        }
        Some(entries)
    }

    /// The leaf hashes in order, or `None` when the blob is not a whole number of hashes.
    pub fn leaves(&self) -> Option<Vec<Hash>> {
        if !self.leaves.len().is_multiple_of(32) {
            return None;
        }
        self.leaves
            .chunks_exact(32)
            .map(|leaf| hash_of(leaf, "leaf hash").ok())
            .collect()
    }
}

/// The number of entries: one past the last sequence of the last chunk.
pub(crate) async fn size(conn: &mut AnyConnection) -> Result<u64> {
    let (size,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(first_sequence + entry_count), 0) FROM ledger_chunk")
            .fetch_one(&mut *conn)
            .await?;
    sequence_number(size)
}

/// Up to `limit` chunks, in order, from the one holding entry `from` on.
pub(crate) async fn read_from(
    conn: &mut AnyConnection,
    backend: Backend,
    from: u64,
    limit: u32,
) -> Result<Vec<Chunk>> {
    let mut sql = Sql::new(backend, CHUNK_SELECT);
    sql.push(
        " WHERE first_sequence >= (SELECT COALESCE(MAX(first_sequence), 0) FROM ledger_chunk \
         WHERE first_sequence <= ",
    );
    sql.bind(index_value(from)?)
        .push(") ORDER BY first_sequence LIMIT ")
        .bind(i64::from(limit));
    let (text, args) = sql.finish()?;
    let rows: Vec<ChunkRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let first = row.0;
            Chunk::from_row(row).ok_or_else(|| damaged(first))
        })
        .collect()
}

/// The leaf hashes of the first `size` entries (all for `None`), checking that the chunks
/// follow each other without a gap; a broken log is refused with a pointer to verification.
pub(crate) async fn leaves(conn: &mut AnyConnection, size: Option<u64>) -> Result<Vec<Hash>> {
    let rows: Vec<(i64, i64, Vec<u8>)> = sqlx::query_as(
        "SELECT first_sequence, entry_count, leaf_hashes FROM ledger_chunk ORDER BY first_sequence",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut leaves = Vec::new();
    for (first, count, blob) in rows {
        let broken = || damaged(first);
        if sequence_number(first)? != leaves.len() as u64
            || blob.len() as u64 != sequence_number(count)? * 32
        {
            return Err(broken());
        }
        for leaf in blob.chunks_exact(32) {
            leaves.push(hash_of(leaf, "leaf hash")?);
        }
        if size.is_some_and(|size| leaves.len() as u64 >= size) {
            break;
        }
    }
    if let Some(size) = size {
        leaves.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    }
    Ok(leaves)
}

/// The error of reading a chunk that does not hold what it should.
pub(crate) fn damaged(first: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!(
        "the ledger chunk at entry {first} is damaged; run the ledger verification"
    ))
}
