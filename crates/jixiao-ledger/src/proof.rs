//! Verification of inclusion and consistency proofs (RFC 9162 §2.1.3.2 and §2.1.4.2).
//!
//! These functions need nothing but the claimed hashes and sizes, so an auditor can run them
//! without holding the log. They are written to reject every malformed proof (too long, too
//! short, wrong sizes) rather than to explain which hash was wrong.

use crate::hash::{empty_root, node_hash};
use crate::{Hash, ProofError};

/// Checks that `leaf_hash` is leaf `index` of the tree of `size` leaves whose root is `root`.
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (mut node, mut last) = (index, size - 1);
    let mut hash = *leaf_hash;
    for sibling in proof {
        if last == 0 {
            return Err(ProofError::WrongProofLength);
        }
        if node & 1 == 1 || node == last {
            hash = node_hash(sibling, &hash);
            // On the right edge of a tree whose size is not a power of two the node has no
            // sibling at some levels; skipping them keeps `node` and `last` on the same level.
            if node & 1 == 0 {
                while node & 1 == 0 && node != 0 {
                    node >>= 1;
                    last >>= 1;
                }
            }
        } else {
            hash = node_hash(&hash, sibling);
        }
        node >>= 1;
        last >>= 1;
    }
    if last != 0 {
        return Err(ProofError::WrongProofLength);
    }
    if hash != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `new_size` leaves with root `new_root` extends the tree of
/// `old_size` leaves with root `old_root`.
///
/// Equal sizes need an empty proof and equal roots. An old size of 0 needs an empty proof and
/// the empty-tree root as `old_root`, since every log starts from that tree.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::SizeOutOfRange {
            asked: old_size,
            limit: new_size,
        });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength);
        }
        let expected = if old_size == 0 {
            empty_root()
        } else {
            *new_root
        };
        return if *old_root == expected {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    // When the old tree is a complete subtree the proof omits its root, because the verifier
    // already holds it; putting it back in front makes both cases walk the same way.
    let (first, rest) = match proof.split_first() {
        None => return Err(ProofError::WrongProofLength),
        Some(_) if old_size.is_power_of_two() => (old_root, proof),
        Some((first, rest)) => (first, rest),
    };
    let (mut node, mut last) = (old_size - 1, new_size - 1);
    while node & 1 == 1 {
        node >>= 1;
        last >>= 1;
    }
    let (mut old_hash, mut new_hash) = (*first, *first);
    for sibling in rest {
        if last == 0 {
            return Err(ProofError::WrongProofLength);
        }
        if node & 1 == 1 || node == last {
            old_hash = node_hash(sibling, &old_hash);
            new_hash = node_hash(sibling, &new_hash);
            if node & 1 == 0 {
                while node & 1 == 0 && node != 0 {
                    node >>= 1;
                    last >>= 1;
                }
            }
        } else {
            new_hash = node_hash(&new_hash, sibling);
        }
        node >>= 1;
        last >>= 1;
    }
    if last != 0 {
        return Err(ProofError::WrongProofLength);
    }
    if old_hash != *old_root || new_hash != *new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}
