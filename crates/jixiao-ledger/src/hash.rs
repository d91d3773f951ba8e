//! The 32-byte SHA-256 hash and the two RFC 9162 hashing rules built on it.
//!
//! Leaves and interior nodes are hashed with different one-byte prefixes (0x00 and 0x01) so that
//! no interior node can be passed off as a leaf, which is what makes second-preimage attacks on
//! the tree fail.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::ProofError;

/// A SHA-256 output: the hash of a leaf, of an interior node, or a tree root.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// Returns the 32 raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Returns the Merkle Tree Hash of the empty tree, which is SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

/// Returns the leaf hash of an entry: SHA-256(0x00 || entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(entry);
    Hash(hasher.finalize().into())
}

/// Returns the hash of an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left.0);
    hasher.update(right.0);
    Hash(hasher.finalize().into())
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Hex reads better in assertion failures than a list of 32 decimal numbers.
        write!(f, "Hash({self})")
    }
}

impl FromStr for Hash {
    type Err = ProofError;

    /// Parses 64 hexadecimal digits; upper case is accepted, `Display` always writes lower case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return Err(ProofError::InvalidHex);
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            *byte = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
        }
        Ok(Hash(bytes))
    }
}

fn hex_value(digit: u8) -> Result<u8, ProofError> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(ProofError::InvalidHex),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_root_is_sha256_of_nothing() {
        assert_eq!(
            empty_root().to_string(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn hex_text_parses_only_when_it_is_64_hex_digits() {
        let good = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
        let cases: &[(&str, bool)] = &[
            (good, true),
            (
                "6E340B9CFFB37A989CA544E6BB780A2C78901D3FB33738768511A30617AFA01D",
                true,
            ),
            (&good[..62], false),
            ("", false),
            (
                "6g340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                false,
            ),
            (
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d00",
                false,
            ),
        ];
        for (text, ok) in cases {
            let parsed = text.parse::<Hash>();
            assert_eq!(parsed.is_ok(), *ok, "{text}");
            if let Ok(hash) = parsed {
                assert_eq!(hash.to_string(), text.to_lowercase());
            }
        }
    }

    #[test]
    fn leaf_and_node_hashes_use_different_prefixes() {
        // A leaf holding the 64 bytes of two child hashes must not collide with their parent.
        let a = leaf_hash(b"a");
        let b = leaf_hash(b"b");
        let mut joined = a.0.to_vec();
        joined.extend_from_slice(&b.0);
        assert_ne!(leaf_hash(&joined), node_hash(&a, &b));
    }
}
