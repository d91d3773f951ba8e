//! The tamper-evident ledger: an append-only Merkle tree as specified in RFC 9162
//! (Certificate Transparency version 2.0) §2.1, with inclusion and consistency proofs and
//! Ed25519-signed tree heads.
//!
//! The crate is pure: it stores nothing, reads no clock and does no I/O. The store keeps the
//! entries and leaf hashes; the caller supplies timestamps and keys.
//!
//! # Format
//!
//! * An entry is any byte string; its leaf hash is `SHA-256(0x00 || entry)`. The store's
//!   entries are encoded by [`Entry::encode`], whose module documents the exact bytes.
//! * An interior node is `SHA-256(0x01 || left || right)`.
//! * The root of n leaves, MTH(D\[n\]), is SHA-256 of the empty string for n = 0, the leaf hash
//!   for n = 1, and otherwise `SHA-256(0x01 || MTH(D[0..k]) || MTH(D[k..n]))` where k is the
//!   largest power of two smaller than n.
//! * Inclusion proofs list sibling hashes from the leaf upwards (RFC 9162 §2.1.3); consistency
//!   proofs follow §2.1.4 and omit the old root when the old tree is a complete subtree.
//! * A tree head is encoded in 68 bytes: the 20 bytes `jixiao-tree-head-v1\0`, the size as a
//!   big-endian u64, the timestamp in milliseconds since the Unix epoch as a big-endian u64, and
//!   the 32 root bytes. The Ed25519 signature (RFC 8032) covers exactly those bytes.
//! * Hashes are written as 64 lowercase hexadecimal digits.
//!
//! These are the same hashes Certificate Transparency logs use, so any RFC 6962 or RFC 9162
//! implementation computes the same roots.
//!
//! # Recomputing a root as a third party
//!
//! Given the exported entries in order and a signed tree head of size n:
//!
//! 1. check the signature over the 68-byte encoding with the published public key;
//! 2. hash the first n entries as leaves;
//! 3. combine the leaf hashes as above, for instance with [`root_of_leaves`] or a few dozen
//!    lines in any language with SHA-256, and compare with the root in the head.
//!
//! Holding only one entry, the auditor checks it with [`verify_inclusion`]; holding two heads,
//! it checks that the later log extends the earlier one with [`verify_consistency`].
//!
//! ```
//! use jixiao_ledger::{Tree, TreeHead, leaf_hash, signing_key_from_secret, verify_inclusion};
//!
//! let mut tree = Tree::new();
//! let index = tree.push(b"expenditure 1");
//! tree.push(b"expenditure 2");
//! let proof = tree.inclusion_proof(index, tree.size()).unwrap();
//! let root = tree.root();
//! assert!(verify_inclusion(&leaf_hash(b"expenditure 1"), index, 2, &proof, &root).is_ok());
//!
//! let key = signing_key_from_secret(&[7; 32]);
//! let signed = TreeHead { size: 2, root, timestamp_ms: 1_700_000_000_000 }.sign(&key);
//! assert!(signed.verify(&key.verifying_key()).is_ok());
//! ```

mod bulk;
mod entry;
mod error;
mod hash;
mod head;
mod proof;
mod tree;

pub use bulk::{leaf_hashes, root_of_leaves_parallel};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use entry::{ENTRY_VERSION, Entry, EntryWriter};
pub use error::{EntryError, ProofError};
pub use hash::{Hash, empty_root, leaf_hash, node_hash};
pub use head::{
    SignedTreeHead, TREE_HEAD_DOMAIN, TREE_HEAD_LEN, TreeHead, signing_key_from_secret,
};
pub use proof::{verify_consistency, verify_inclusion};
pub use tree::{Tree, root_of_leaves};
