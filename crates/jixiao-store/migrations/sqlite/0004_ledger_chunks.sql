-- The ledger keeps its entries packed in chunks, records which entries concern which project or
-- user, and gets a table of signed tree heads.
--
-- Kept identical to the PostgreSQL migration. A chunk holds the entries one write appended, in
-- sequence order from `first_sequence`: `entries` is, for each entry, its length as a big-endian
-- 32-bit integer followed by its canonical bytes (see the ledger crate's `entry` module), and
-- `leaf_hashes` the 32-byte RFC 9162 leaf hash of each, concatenated. With `compression` 'lz4'
-- the `entries` bytes are stored as an LZ4 block (the lz4_flex crate's block format) after the
-- uncompressed length as a little-endian 32-bit integer; with 'none' as they are. Entries repeat
-- their field names and much of their text, so compression cuts what a bulk load writes several
-- times over. One row per write rather than per entry keeps a bulk load from paying a B-tree
-- insertion for every entry. An entry's time, actor, kind and record live inside its bytes and
-- are read from there.
--
-- `ledger_span` says which consecutive entries concern a subject (`project:<code>` or
-- `user:<name>`), so that a record's history is found without an index over every entry. It is a
-- finding aid: verification does not rely on it.
--
-- Rows of the earlier one-entry-per-row table become chunks of one entry; their bytes are kept.
CREATE TABLE ledger_chunk (
    first_sequence INTEGER PRIMARY KEY,
    entry_count INTEGER NOT NULL,
    compression TEXT NOT NULL,
    entries BLOB NOT NULL,
    leaf_hashes BLOB NOT NULL,
    CONSTRAINT ledger_chunk_sequence_check CHECK (first_sequence >= 0),
    CONSTRAINT ledger_chunk_count_check CHECK (entry_count > 0),
    CONSTRAINT ledger_chunk_compression_check CHECK (compression IN ('none', 'lz4'))
);
INSERT INTO ledger_chunk (first_sequence, entry_count, compression, entries, leaf_hashes)
    SELECT sequence, 1, 'none', unhex(printf('%08X', length(entry) / 2) || entry), unhex(leaf_hash)
    FROM ledger_entry ORDER BY sequence;

CREATE TABLE ledger_span (
    subject TEXT NOT NULL,
    first_sequence BIGINT NOT NULL,
    last_sequence BIGINT NOT NULL,
    CONSTRAINT ledger_span_pkey PRIMARY KEY (subject, first_sequence)
);
INSERT INTO ledger_span (subject, first_sequence, last_sequence)
    SELECT 'project:' || substr(record, 1, instr(record, '/') - 1), sequence, sequence
    FROM ledger_entry;
DROP TABLE ledger_entry;

-- Signed tree heads (签名树头): the size and root of the log at a moment, signed with the
-- deployment's Ed25519 key. `public_key` is the key that signed, so that heads signed before a
-- key change still verify. Heads are only added.
CREATE TABLE tree_head (
    id INTEGER PRIMARY KEY,
    size BIGINT NOT NULL,
    root_hash BLOB NOT NULL,
    signed_at_ms BIGINT NOT NULL,
    signature BLOB NOT NULL,
    public_key BLOB NOT NULL,
    CONSTRAINT tree_head_size_check CHECK (size >= 0)
);
CREATE INDEX tree_head_signed_idx ON tree_head (signed_at_ms, size);
