//! Properties over random trees: honest proofs verify, and any single changed bit, index or size
//! makes verification fail.

use jixiao_ledger::{Hash, leaf_hash, verify_consistency, verify_inclusion};
use proptest::prelude::*;

use crate::tree_of;

fn flip(hash: &Hash, bit: usize) -> Hash {
    let mut bytes = hash.0;
    bytes[bit / 8] ^= 1 << (bit % 8);
    Hash(bytes)
}

proptest! {
    #[test]
    fn every_inclusion_and_consistency_proof_of_a_random_tree_verifies(size in 1u64..300) {
        let tree = tree_of(size);
        let root = tree.root();
        for index in 0..size {
            let proof = tree.inclusion_proof(index, size).unwrap();
            let leaf = tree.leaf(index).unwrap();
            prop_assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));
        }
        for old in 0..=size {
            let proof = tree.consistency_proof(old, size).unwrap();
            let old_root = tree.root_at(old).unwrap();
            prop_assert_eq!(verify_consistency(old, size, &old_root, &root, &proof), Ok(()));
        }
    }

    #[test]
    fn an_inclusion_proof_fails_after_any_single_bit_flip(
        size in 1u64..300,
        index_seed in any::<u64>(),
        bit in 0usize..256,
        entry_bit in 0usize..8,
    ) {
        let tree = tree_of(size);
        let index = index_seed % size;
        let root = tree.root();
        let proof = tree.inclusion_proof(index, size).unwrap();
        let mut entry = format!("entry {index}").into_bytes();
        let leaf = leaf_hash(&entry);
        prop_assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));

        entry[0] ^= 1 << entry_bit;
        prop_assert!(verify_inclusion(&leaf_hash(&entry), index, size, &proof, &root).is_err());
        prop_assert!(verify_inclusion(&leaf, index, size, &proof, &flip(&root, bit)).is_err());
        for i in 0..proof.len() {
            let mut bad = proof.clone();
            bad[i] = flip(&bad[i], bit);
            prop_assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err(), "hash {}", i);
        }
    }

    #[test]
    fn an_inclusion_proof_fails_for_another_index_or_size(
        size in 1u64..300,
        index_seed in any::<u64>(),
        other_seed in any::<u64>(),
    ) {
        // The other size is checked against that size's own root, which is what a signed head
        // would supply; a proof binds an index and a size only together with their root.
        let tree = tree_of(300);
        let index = index_seed % size;
        let root = tree.root_at(size).unwrap();
        let proof = tree.inclusion_proof(index, size).unwrap();
        let leaf = tree.leaf(index).unwrap();

        let other_index = other_seed % size;
        if other_index != index {
            prop_assert!(verify_inclusion(&leaf, other_index, size, &proof, &root).is_err());
        }
        let other_size = index + 1 + other_seed % (300 - index);
        if other_size != size {
            let other_root = tree.root_at(other_size).unwrap();
            prop_assert!(verify_inclusion(&leaf, index, other_size, &proof, &other_root).is_err());
        }
        prop_assert!(verify_inclusion(&leaf, size, size, &proof, &root).is_err());
    }

    #[test]
    fn a_consistency_proof_fails_after_any_single_bit_flip_or_size_change(
        new in 2u64..300,
        old_seed in any::<u64>(),
        other_seed in any::<u64>(),
        bit in 0usize..256,
    ) {
        let tree = tree_of(300);
        let old = 1 + old_seed % (new - 1);
        let (old_root, new_root) = (tree.root_at(old).unwrap(), tree.root_at(new).unwrap());
        let proof = tree.consistency_proof(old, new).unwrap();
        prop_assert_eq!(verify_consistency(old, new, &old_root, &new_root, &proof), Ok(()));

        prop_assert!(verify_consistency(old, new, &flip(&old_root, bit), &new_root, &proof).is_err());
        prop_assert!(verify_consistency(old, new, &old_root, &flip(&new_root, bit), &proof).is_err());
        for i in 0..proof.len() {
            let mut bad = proof.clone();
            bad[i] = flip(&bad[i], bit);
            prop_assert!(
                verify_consistency(old, new, &old_root, &new_root, &bad).is_err(),
                "hash {}", i
            );
        }
        let mut short = proof.clone();
        short.pop();
        prop_assert!(verify_consistency(old, new, &old_root, &new_root, &short).is_err());
        let mut long = proof.clone();
        long.push(new_root);
        prop_assert!(verify_consistency(old, new, &old_root, &new_root, &long).is_err());

        let other_old = 1 + other_seed % (new - 1);
        if other_old != old {
            let other_root = tree.root_at(other_old).unwrap();
            prop_assert!(verify_consistency(other_old, new, &other_root, &new_root, &proof).is_err());
        }
        let other_new = old + 1 + other_seed % (300 - old);
        if other_new != new {
            let other_root = tree.root_at(other_new).unwrap();
            prop_assert!(verify_consistency(old, other_new, &old_root, &other_root, &proof).is_err());
        }
    }
}

/// One table row: name, old size, new size, old root, new root, proof, whether it verifies.
type ConsistencyCase = (&'static str, u64, u64, Hash, Hash, Vec<Hash>, bool);

#[test]
fn trivial_consistency_cases_follow_the_documented_rules() {
    let tree = tree_of(4);
    let (empty, one, four) = (
        tree.root_at(0).unwrap(),
        tree.root_at(1).unwrap(),
        tree.root_at(4).unwrap(),
    );
    let cases: &[ConsistencyCase] = &[
        (
            "from the empty tree with an empty proof",
            0,
            4,
            empty,
            four,
            vec![],
            true,
        ),
        (
            "from the empty tree with a non-empty proof",
            0,
            4,
            empty,
            four,
            vec![one],
            false,
        ),
        (
            "from the empty tree with a non-empty old root",
            0,
            4,
            one,
            four,
            vec![],
            false,
        ),
        (
            "equal sizes and equal roots",
            4,
            4,
            four,
            four,
            vec![],
            true,
        ),
        (
            "equal sizes and different roots",
            4,
            4,
            one,
            four,
            vec![],
            false,
        ),
        (
            "equal sizes with a non-empty proof",
            4,
            4,
            four,
            four,
            vec![four],
            false,
        ),
        ("a shrinking tree", 4, 1, four, one, vec![], false),
        (
            "a growing tree with an empty proof",
            1,
            4,
            one,
            four,
            vec![],
            false,
        ),
    ];
    for (name, old, new, old_root, new_root, proof, ok) in cases {
        let result = verify_consistency(*old, *new, old_root, new_root, proof);
        assert_eq!(result.is_ok(), *ok, "{name}");
    }
}

#[test]
fn inclusion_in_an_empty_tree_never_verifies() {
    let leaf = leaf_hash(b"x");
    assert!(verify_inclusion(&leaf, 0, 0, &[], &leaf).is_err());
}
