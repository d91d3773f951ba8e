-- The tamper-evident ledger on PostgreSQL: one entry per stored fact, appended in the
-- transaction that stores the fact and never updated or deleted, so that the Merkle root over
-- the leaf hashes commits to everything recorded so far.
--
-- Kept identical to the SQLite migration. `entry` holds the canonical bytes of the entry (see
-- the ledger crate's `entry` module) as lowercase hexadecimal text, and `leaf_hash` their RFC
-- 9162 leaf hash as 64 hexadecimal digits; text serves both backends through one driver.
-- `recorded_at` is milliseconds since the Unix epoch, the time inside the entry. `record`
-- names the fact's row (`<project code>/<position>` for an expenditure), not its row id, so that
-- it survives a replacement of the project.
CREATE TABLE ledger_entry (
    sequence BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    actor TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    record TEXT COLLATE "C" NOT NULL,
    entry TEXT NOT NULL,
    leaf_hash TEXT NOT NULL,
    CONSTRAINT ledger_entry_pkey PRIMARY KEY (sequence),
    CONSTRAINT ledger_entry_sequence_check CHECK (sequence >= 0)
);
CREATE INDEX ledger_entry_record_idx ON ledger_entry (record, sequence);
