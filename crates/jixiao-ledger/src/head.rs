//! Tree heads: the size, root and time of the log at one moment, signed with Ed25519.
//!
//! The signature covers a fixed 68-byte encoding rather than any serde form, so that a verifier
//! in another language can rebuild the exact bytes from the three fields alone.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::{Hash, ProofError};

/// The prefix of every encoded tree head; it keeps these signatures from being valid for any
/// other message signed with the same key.
pub const TREE_HEAD_DOMAIN: &[u8; 20] = b"jixiao-tree-head-v1\0";

/// The length of [`TreeHead::to_bytes`]: prefix, size, timestamp and root.
pub const TREE_HEAD_LEN: usize = 20 + 8 + 8 + 32;

/// The state of the log at one moment: how many entries, their root, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    /// The number of leaves.
    pub size: u64,
    /// The Merkle Tree Hash of those leaves.
    pub root: Hash,
    /// Milliseconds since the Unix epoch, supplied by the caller.
    pub timestamp_ms: u64,
}

impl TreeHead {
    /// Returns the canonical encoding that is signed: [`TREE_HEAD_DOMAIN`], then `size` as a
    /// big-endian u64, then `timestamp_ms` as a big-endian u64, then the 32 root bytes.
    pub fn to_bytes(&self) -> [u8; TREE_HEAD_LEN] {
        let mut out = [0u8; TREE_HEAD_LEN];
        out[..20].copy_from_slice(TREE_HEAD_DOMAIN);
        out[20..28].copy_from_slice(&self.size.to_be_bytes());
        out[28..36].copy_from_slice(&self.timestamp_ms.to_be_bytes());
        out[36..].copy_from_slice(&self.root.0);
        out
    }

    /// Signs this head with `key`.
    pub fn sign(self, key: &SigningKey) -> SignedTreeHead {
        let signature = key.sign(&self.to_bytes()).to_bytes();
        SignedTreeHead {
            head: self,
            signature,
        }
    }
}

/// A tree head with its Ed25519 signature over [`TreeHead::to_bytes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedTreeHead {
    /// The signed head.
    pub head: TreeHead,
    /// The 64-byte Ed25519 signature.
    pub signature: [u8; 64],
}

impl SignedTreeHead {
    /// Checks the signature under `key`, using the strict Ed25519 rules that reject malleable
    /// signatures and weak keys.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), ProofError> {
        let signature = Signature::from_bytes(&self.signature);
        key.verify_strict(&self.head.to_bytes(), &signature)
            .map_err(|_| ProofError::BadSignature)
    }
}

/// Returns the signing key for 32 secret bytes; where the bytes come from is the caller's
/// business (a key file, a hardware module, a test constant).
pub fn signing_key_from_secret(secret: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(secret)
}
