//! The one error type of the ledger crate.
//!
//! Every failure a caller can meet here is a reason to distrust a claim: a proof that does not
//! lead to the root, a size that does not fit the tree, a signature that does not match, or a
//! hash written in a form we do not read. Callers usually only need to know that a check failed;
//! the variants exist so that logs and tests can say why.

use thiserror::Error;

/// Why a ledger operation or check failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProofError {
    /// A leaf index was not below the tree size it was checked against.
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange {
        /// The leaf index asked for.
        index: u64,
        /// The tree size it was asked against.
        size: u64,
    },
    /// A tree size was larger than the tree holds, or an old size larger than a new one.
    #[error("tree size {asked} is not available (limit {limit})")]
    SizeOutOfRange {
        /// The size asked for.
        asked: u64,
        /// The largest size allowed in that place.
        limit: u64,
    },
    /// A proof had more or fewer hashes than the sizes require.
    #[error("proof has the wrong number of hashes")]
    WrongProofLength,
    /// The hashes recomputed from a proof did not equal the expected root or roots.
    #[error("recomputed root does not match")]
    RootMismatch,
    /// A tree head signature did not verify under the given key.
    #[error("tree head signature does not verify")]
    BadSignature,
    /// A hash was not written as exactly 64 hexadecimal digits.
    #[error("a hash is written as 64 hexadecimal digits")]
    InvalidHex,
}

/// Why bytes could not be read as an encoded [`Entry`](crate::Entry).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EntryError {
    /// The first byte is not the entry version this crate writes.
    #[error("entry version {0:#04x} is not known")]
    Version(u8),
    /// A field runs past the end of the bytes; the offset is where it starts.
    #[error("entry is cut short in the field at byte {0}")]
    Truncated(usize),
    /// A string field is not UTF-8; the offset is where its length prefix starts.
    #[error("entry text at byte {0} is not UTF-8")]
    NotUtf8(usize),
    /// Bytes remain after the last content pair.
    #[error("entry has {0} bytes after its last field")]
    TrailingBytes(usize),
}
