//! The append-only Merkle tree and the proofs it can produce (RFC 9162 §2.1).
//!
//! Besides the leaf hashes, the tree keeps the hash of every complete, aligned subtree (2^k
//! leaves starting at a multiple of 2^k). Appending a leaf adds on average one such hash, and any
//! root or proof hash for any earlier size is then a combination of O(log n) stored hashes, so
//! roots and proofs never rehash the whole log. Storage is about twice the leaf hashes.

use crate::hash::{empty_root, leaf_hash, node_hash};
use crate::{Hash, ProofError};

/// An append-only list of leaf hashes with the RFC 9162 Merkle Tree Hash over any prefix.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// `levels[k][i]` is the root of the complete subtree of 2^k leaves starting at leaf i·2^k;
    /// `levels[0]` holds the leaf hashes themselves.
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    /// Returns an empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Hashes `entry` as a leaf, appends it, and returns its index.
    pub fn push(&mut self, entry: &[u8]) -> u64 {
        self.push_leaf_hash(leaf_hash(entry))
    }

    /// Appends an already computed leaf hash and returns its index.
    ///
    /// This is how a tree is rebuilt from stored leaf hashes without the entries themselves.
    pub fn push_leaf_hash(&mut self, leaf: Hash) -> u64 {
        let index = self.size();
        let mut carry = leaf;
        let mut level = 0;
        loop {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            self.levels[level].push(carry);
            let len = self.levels[level].len();
            // An even count means the two last nodes of this level now form a complete subtree
            // one level up; an odd count leaves the last node waiting for its sibling.
            if len % 2 == 1 {
                break;
            }
            carry = node_hash(&self.levels[level][len - 2], &self.levels[level][len - 1]);
            level += 1;
        }
        index
    }

    /// Returns the number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |leaves| leaves.len() as u64)
    }

    /// Returns the leaf hash at `index`, if there is one.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        self.levels
            .first()?
            .get(usize::try_from(index).ok()?)
            .copied()
    }

    /// Returns the leaf hashes in order.
    pub fn leaves(&self) -> &[Hash] {
        self.levels.first().map_or(&[], Vec::as_slice)
    }

    /// Returns the Merkle Tree Hash of the whole tree.
    pub fn root(&self) -> Hash {
        self.subtree_root(0, self.size())
    }

    /// Returns the Merkle Tree Hash of the first `size` leaves, as the tree was at that size.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        self.check_size(size)?;
        Ok(self.subtree_root(0, size))
    }

    /// Returns the inclusion proof (RFC 9162 §2.1.3.1) for leaf `index` in the tree of `size`.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(size)?;
        if index >= size {
            return Err(ProofError::IndexOutOfRange { index, size });
        }
        let mut proof = Vec::new();
        self.path(index, 0, size, &mut proof);
        Ok(proof)
    }

    /// Returns the consistency proof (RFC 9162 §2.1.4.1) from `old_size` to `new_size`.
    ///
    /// The proof is empty when `old_size` is 0 or equals `new_size`, since nothing needs proving.
    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(new_size)?;
        if old_size > new_size {
            return Err(ProofError::SizeOutOfRange {
                asked: old_size,
                limit: new_size,
            });
        }
        let mut proof = Vec::new();
        if old_size > 0 && old_size < new_size {
            self.subproof(old_size, 0, new_size, true, &mut proof);
        }
        Ok(proof)
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError> {
        if size > self.size() {
            return Err(ProofError::SizeOutOfRange {
                asked: size,
                limit: self.size(),
            });
        }
        Ok(())
    }

    /// Returns MTH(D[start..start + n]). Every range the RFC recursion visits starts at a
    /// multiple of its largest power-of-two part, so the left part is always a stored subtree.
    fn subtree_root(&self, start: u64, n: u64) -> Hash {
        if n == 0 {
            return empty_root();
        }
        if n.is_power_of_two() {
            let level = n.trailing_zeros() as usize;
            return self.levels[level][(start >> level) as usize];
        }
        let k = split(n);
        node_hash(
            &self.subtree_root(start, k),
            &self.subtree_root(start + k, n - k),
        )
    }

    /// Appends PATH(m, D[start..start + n]) to `out`, deepest sibling first.
    fn path(&self, m: u64, start: u64, n: u64, out: &mut Vec<Hash>) {
        if n <= 1 {
            return;
        }
        let k = split(n);
        if m < k {
            self.path(m, start, k, out);
            out.push(self.subtree_root(start + k, n - k));
        } else {
            self.path(m - k, start + k, n - k, out);
            out.push(self.subtree_root(start, k));
        }
    }

    /// Appends SUBPROOF(m, D[start..start + n], complete) to `out`.
    fn subproof(&self, m: u64, start: u64, n: u64, complete: bool, out: &mut Vec<Hash>) {
        if m == n {
            // The old tree is this very subtree: the verifier already knows its root when it is
            // the whole old tree, otherwise it must be told.
            if !complete {
                out.push(self.subtree_root(start, n));
            }
            return;
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, start, k, complete, out);
            out.push(self.subtree_root(start + k, n - k));
        } else {
            self.subproof(m - k, start + k, n - k, false, out);
            out.push(self.subtree_root(start, k));
        }
    }
}

/// Returns the Merkle Tree Hash of a list of leaf hashes, hashing each interior node once.
///
/// This is the bulk check a third party runs over an exported log: it needs no tree structure,
/// only the leaf hashes in order, and performs n − 1 interior hashes for n leaves.
pub fn root_of_leaves(leaves: &[Hash]) -> Hash {
    // The stack holds the roots of complete subtrees of strictly decreasing size, exactly the
    // binary decomposition of the number of leaves seen so far.
    let mut stack: Vec<(Hash, u64)> = Vec::with_capacity(64);
    for leaf in leaves {
        let mut carry = (*leaf, 1u64);
        while let Some(&(top, width)) = stack.last() {
            if width != carry.1 {
                break;
            }
            stack.pop();
            carry = (node_hash(&top, &carry.0), width * 2);
        }
        stack.push(carry);
    }
    // Folding the remaining subtrees from the smallest (rightmost) up reproduces the RFC's split
    // at the largest power of two, because each left subtree is that power of two.
    let mut iter = stack.into_iter().rev();
    let Some((mut root, _)) = iter.next() else {
        return empty_root();
    };
    for (left, _) in iter {
        root = node_hash(&left, &root);
    }
    root
}

/// Returns the largest power of two strictly smaller than `n` (for `n` ≥ 2).
pub(crate) fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_the_largest_power_of_two_below_n() {
        for (n, k) in [
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
            (1 << 40, 1 << 39),
        ] {
            assert_eq!(split(n), k, "n = {n}");
        }
    }

    #[test]
    fn stored_roots_equal_the_bulk_root_at_every_size() {
        let mut tree = Tree::new();
        for i in 0..130u32 {
            tree.push(&i.to_be_bytes());
        }
        for size in 0..=tree.size() {
            let leaves = &tree.leaves()[..size as usize];
            assert_eq!(
                tree.root_at(size).unwrap(),
                root_of_leaves(leaves),
                "size {size}"
            );
        }
        assert_eq!(tree.root(), root_of_leaves(tree.leaves()));
    }

    #[test]
    fn sizes_and_indices_beyond_the_tree_are_refused() {
        let mut tree = Tree::new();
        tree.push(b"a");
        tree.push(b"b");
        assert_eq!(
            tree.root_at(3),
            Err(ProofError::SizeOutOfRange { asked: 3, limit: 2 })
        );
        assert_eq!(
            tree.inclusion_proof(2, 2),
            Err(ProofError::IndexOutOfRange { index: 2, size: 2 })
        );
        assert_eq!(
            tree.inclusion_proof(0, 3),
            Err(ProofError::SizeOutOfRange { asked: 3, limit: 2 })
        );
        assert_eq!(
            tree.consistency_proof(2, 1),
            Err(ProofError::SizeOutOfRange { asked: 2, limit: 1 })
        );
        assert_eq!(
            tree.consistency_proof(1, 3),
            Err(ProofError::SizeOutOfRange { asked: 3, limit: 2 })
        );
        assert_eq!(tree.leaf(2), None);
    }

    #[test]
    fn push_returns_consecutive_indices() {
        let mut tree = Tree::new();
        let indices: Vec<u64> = (0..5).map(|_| tree.push(b"x")).collect();
        assert_eq!(indices, [0, 1, 2, 3, 4]);
        assert_eq!(tree.size(), 5);
    }
}
