//! The tamper-evident ledger: entries appended in the transaction of the write they record, the
//! Merkle tree over them, signed tree heads, proofs, and the check that rows and log agree.
//!
//! Every write that matters appends one entry per record it sets or removes: cost lines,
//! adjustments, expenditures and readings as a project is imported or replaced, a reading as it
//! is recorded, a user as it is created or (de)activated. [`family`] lists the kinds and what
//! each entry holds; the entry bytes are the canonical encoding of the ledger crate. A record's
//! latest entry says what its row must hold, or that it must be gone; the log only grows.
//!
//! The actor and time of an entry come from the caller's [`Stamp`]: the store reads no clock.

pub(crate) mod append;
pub(crate) mod chunk;
pub(crate) mod family;
mod head;
mod read;
mod verify;

use std::fmt;

use chrono::{DateTime, Utc};
use jixiao_ledger::{Entry, Hash, SignedTreeHead, VerifyingKey};

use crate::error::{Result, StoreError};

pub(crate) use append::Appender;

/// Who makes a write and when: the actor and time every ledger entry of the write carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The user name of the person, or a name for the process (`demo`, `cli:root`).
    pub actor: String,
    /// When the write is made.
    pub at: DateTime<Utc>,
}

impl Stamp {
    /// A stamp for `actor` at `at`.
    pub fn new(actor: impl Into<String>, at: DateTime<Utc>) -> Stamp {
        Stamp {
            actor: actor.into(),
            at,
        }
    }

    /// The time as milliseconds since the Unix epoch, as entries hold it.
    pub(crate) fn time_ms(&self) -> i64 {
        self.at.timestamp_millis()
    }
}

/// One stored ledger entry with its decoded fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The entry's index in the log, from 0.
    pub index: u64,
    /// The canonical bytes, exactly as hashed.
    pub bytes: Vec<u8>,
    /// The RFC 9162 leaf hash of the bytes.
    pub leaf: Hash,
    /// The fields read back from the bytes.
    pub entry: Entry,
}

/// A signed tree head as stored, with the public key that signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHead {
    /// The head and its signature.
    pub head: SignedTreeHead,
    /// The Ed25519 key the signature verifies under.
    pub public_key: VerifyingKey,
}

/// The outcome of [`Store::verify_ledger`](crate::Store::verify_ledger).
// One value is made per verification, so the size of the intact variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerCheck {
    /// Every entry is intact, every row matches its record's latest entry, and the latest signed
    /// head (if any) is a head of this log.
    Intact {
        /// The number of entries.
        size: u64,
        /// The Merkle root over all entries.
        root: Hash,
        /// The latest signed head, checked against the log.
        head: Option<StoredHead>,
    },
    /// The first problem found, in sequence order.
    Broken {
        /// The entry the problem concerns; the ledger size for problems of the whole log.
        sequence: u64,
        /// What is wrong.
        problem: LedgerProblem,
    },
}

/// Why the ledger and the stored rows disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerProblem {
    /// The entries are not numbered 0, 1, 2, … in order, or an entry's bytes carry another
    /// index than its place: an entry was deleted, renumbered or moved.
    OutOfSequence,
    /// The stored entry is altered: its bytes do not hash to its leaf hash, cannot be decoded,
    /// or name another record than the row says.
    EntryAltered,
    /// The record's row no longer encodes to its latest entry: a field was changed.
    RecordChanged,
    /// The record's row is gone although no removal was recorded.
    RecordDeleted,
    /// An entry of an unknown kind, or a removal of a record that has no current entry.
    Unexpected,
    /// A row that no current entry records.
    Unrecorded {
        /// The kind its entry would have.
        kind: String,
        /// The record name of the row.
        record: String,
    },
    /// The root over the first `size` entries differs from the latest signed head's root.
    HeadMismatch {
        /// The size of the signed head.
        size: u64,
    },
    /// The latest signed head covers more entries than the log holds: entries were cut off.
    HeadBeyondLog {
        /// The size of the signed head.
        size: u64,
    },
    /// The latest signed head's signature does not verify under its key.
    HeadSignature,
}

impl fmt::Display for LedgerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerProblem::OutOfSequence => {
                f.write_str("the entry is out of sequence (an entry was deleted or moved)")
            }
            LedgerProblem::EntryAltered => f.write_str("the stored entry was altered"),
            LedgerProblem::RecordChanged => {
                f.write_str("the record's row was changed after it was recorded")
            }
            LedgerProblem::RecordDeleted => {
                f.write_str("the record's row was deleted without a recorded removal")
            }
            LedgerProblem::Unexpected => {
                f.write_str("the entry is of an unknown kind or removes a record never recorded")
            }
            LedgerProblem::Unrecorded { kind, record } => {
                write!(f, "the {kind} row {record} is not recorded in the ledger")
            }
            LedgerProblem::HeadMismatch { size } => write!(
                f,
                "the first {size} entries do not hash to the root of the latest signed tree head"
            ),
            LedgerProblem::HeadBeyondLog { size } => write!(
                f,
                "the latest signed tree head covers {size} entries but the log is shorter"
            ),
            LedgerProblem::HeadSignature => {
                f.write_str("the latest signed tree head's signature does not verify")
            }
        }
    }
}

pub(crate) fn sequence_number(value: i64) -> Result<u64> {
    u64::try_from(value)
        .map_err(|_| StoreError::Invalid(format!("ledger sequence {value} is negative")))
}

/// A stored 32-byte hash.
pub(crate) fn hash_of(bytes: &[u8], what: &str) -> Result<Hash> {
    <[u8; 32]>::try_from(bytes)
        .map(Hash)
        .map_err(|_| StoreError::Invalid(format!("stored {what} is not 32 bytes")))
}

/// The bind value of a size or index, refused past `i64::MAX`.
pub(crate) fn index_value(value: u64) -> Result<i64> {
    i64::try_from(value)
        .map_err(|_| StoreError::Invalid(format!("ledger index {value} is too large")))
}
