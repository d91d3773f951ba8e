//! The shapes of the ledger API: signed tree heads, entries and proofs, with every hash,
//! signature and key written as lowercase hexadecimal and entry bytes as base64.
//!
//! These are what an outside auditor keeps, so they carry everything a check needs and nothing
//! that would have to be looked up elsewhere: a head comes with the key that signed it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jixiao_ledger::Hash;
use jixiao_store::{LedgerEntry, StoredHead};
use serde::Serialize;

use crate::ledger::hex;

/// A signed tree head: the size and root of the ledger at one moment, signed with Ed25519.
///
/// The signature covers 68 bytes: `jixiao-tree-head-v1` and a zero byte, the size as a
/// big-endian u64, the timestamp as a big-endian u64, and the 32 bytes of the root.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TreeHeadDto {
    /// How many entries the head covers.
    #[schema(example = 1024)]
    pub size: u64,
    /// The RFC 9162 Merkle tree hash of those entries, 64 hexadecimal digits.
    #[schema(example = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    pub root_hash: String,
    /// When the head was signed, in milliseconds since the Unix epoch.
    #[schema(example = 1_743_400_000_000_u64)]
    pub timestamp: u64,
    /// The Ed25519 signature (RFC 8032), 128 hexadecimal digits.
    pub signature: String,
    /// The Ed25519 public key the signature verifies under, 64 hexadecimal digits.
    pub public_key: String,
}

impl From<&StoredHead> for TreeHeadDto {
    fn from(stored: &StoredHead) -> Self {
        let head = &stored.head.head;
        TreeHeadDto {
            size: head.size,
            root_hash: head.root.to_string(),
            timestamp: head.timestamp_ms,
            signature: hex(&stored.head.signature),
            public_key: hex(stored.public_key.as_bytes()),
        }
    }
}

/// One field of an entry's content.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContentPairDto {
    /// The field's name, such as `amount_fen`.
    #[schema(example = "amount_fen")]
    pub key: String,
    /// The field's value as text.
    #[schema(example = "43200000")]
    pub value: String,
}

/// One ledger entry: its decoded fields, its exact bytes and its leaf hash.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LedgerEntryDto {
    /// The entry's position in the ledger, from 0.
    pub index: u64,
    /// When it was recorded, in milliseconds since the Unix epoch.
    #[schema(example = 1_743_400_000_000_i64)]
    pub time_ms: i64,
    /// Who recorded it: a username, `demo`, or `cli:` and the operating-system user.
    #[schema(example = "engineer")]
    pub actor: String,
    /// What was recorded: `budget_line`, `adjustment`, `expenditure`, `reading` or `user`, each
    /// also with the suffix `_removed`.
    #[schema(example = "expenditure")]
    pub kind: String,
    /// Which record: `<project>/<year>/<line code>`, `<project>/<year>/<position>`,
    /// `<project>/<position>` or a username.
    #[schema(example = "G15-QL-2023/17")]
    pub record: String,
    /// The recorded fields, in the order they were encoded.
    pub content: Vec<ContentPairDto>,
    /// The canonical bytes of the entry, base64 with padding (RFC 4648).
    pub bytes: String,
    /// SHA-256 of a zero byte followed by the bytes, 64 hexadecimal digits.
    pub leaf_hash: String,
}

impl From<&LedgerEntry> for LedgerEntryDto {
    fn from(stored: &LedgerEntry) -> Self {
        let entry = &stored.entry;
        LedgerEntryDto {
            index: stored.index,
            time_ms: entry.time_ms,
            actor: entry.actor.clone(),
            kind: entry.kind.clone(),
            record: entry.record.clone(),
            content: entry
                .content
                .iter()
                .map(|(key, value)| ContentPairDto {
                    key: key.clone(),
                    value: value.clone(),
                })
                .collect(),
            bytes: STANDARD.encode(&stored.bytes),
            leaf_hash: stored.leaf.to_string(),
        }
    }
}

/// The proof that one entry is in the tree of the first `size` entries (RFC 9162 §2.1.3).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InclusionProofDto {
    /// The entry's position.
    pub index: u64,
    /// The size of the tree the proof is for.
    pub size: u64,
    /// The entry's leaf hash.
    pub leaf_hash: String,
    /// The root of that tree.
    pub root_hash: String,
    /// The sibling hashes from the leaf upwards.
    pub proof: Vec<String>,
}

/// The proof that the tree of `to` entries extends the tree of `from` entries (RFC 9162
/// §2.1.4).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConsistencyProofDto {
    /// The older size.
    pub from: u64,
    /// The newer size.
    pub to: u64,
    /// The root of the older tree.
    pub from_root: String,
    /// The root of the newer tree.
    pub to_root: String,
    /// The proof's hashes; empty when the sizes are equal or the older one is 0.
    pub proof: Vec<String>,
}

/// Hashes as hexadecimal text.
pub fn hex_list(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(Hash::to_string).collect()
}
