//! Reading and rewriting the stored ledger the way an intruder with the database file would:
//! straight through SQL, following the layout the store's migration documents, with nothing of
//! the application in between.

use sqlx::SqliteConnection;

/// A stored `ledger_chunk` row: first sequence, count, compression, entries, leaf hashes.
type ChunkRow = (i64, i64, String, Vec<u8>, Vec<u8>);

/// One `ledger_chunk` row with its entries unpacked.
pub struct Chunk {
    pub first: i64,
    pub entries: Vec<Vec<u8>>,
    pub leaves: Vec<Vec<u8>>,
}

/// Every chunk, in sequence order.
pub async fn read_all(conn: &mut SqliteConnection) -> Vec<Chunk> {
    let rows: Vec<ChunkRow> = sqlx::query_as(
        "SELECT first_sequence, entry_count, compression, entries, leaf_hashes \
         FROM ledger_chunk ORDER BY first_sequence",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(first, count, compression, blob, leaf_hashes)| {
            let packed = match compression.as_str() {
                "none" => blob,
                "lz4" => lz4_flex::block::decompress_size_prepended(&blob).unwrap(),
                other => panic!("unknown compression {other}"),
            };
            let entries = unpack(&packed);
            assert_eq!(entries.len() as i64, count);
            let leaves = leaf_hashes.chunks(32).map(<[u8]>::to_vec).collect();
            Chunk {
                first,
                entries,
                leaves,
            }
        })
        .collect()
}

/// Writes `chunk` back over its row, uncompressed, as the documented layout allows.
pub async fn write(conn: &mut SqliteConnection, chunk: &Chunk) {
    let mut packed = Vec::new();
    for entry in &chunk.entries {
        packed.extend_from_slice(&(entry.len() as u32).to_be_bytes());
        packed.extend_from_slice(entry);
    }
    let done = sqlx::query(
        "UPDATE ledger_chunk SET entry_count = $1, compression = 'none', entries = $2, \
         leaf_hashes = $3 WHERE first_sequence = $4",
    )
    .bind(chunk.entries.len() as i64)
    .bind(packed)
    .bind(chunk.leaves.concat())
    .bind(chunk.first)
    .execute(&mut *conn)
    .await
    .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

/// The chunk holding entry `index`, and the entry's place in it.
pub fn locate(chunks: &[Chunk], index: u64) -> (usize, usize) {
    chunks
        .iter()
        .enumerate()
        .find_map(|(at, chunk)| {
            let offset = (index as i64).checked_sub(chunk.first)?;
            (offset >= 0 && (offset as usize) < chunk.entries.len())
                .then_some((at, offset as usize))
        })
        .unwrap_or_else(|| panic!("no chunk holds entry {index}"))
}

/// The length-prefixed entries of a chunk.
fn unpack(mut packed: &[u8]) -> Vec<Vec<u8>> {
    let mut entries = Vec::new();
    while !packed.is_empty() {
        let (length, rest) = packed.split_at(4);
        let length = u32::from_be_bytes(length.try_into().unwrap()) as usize;
        entries.push(rest[..length].to_vec());
        packed = &rest[length..];
    }
    entries
}
