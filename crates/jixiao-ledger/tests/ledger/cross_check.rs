//! Cross-check against the independent `ct-merkle` implementation of RFC 6962: roots, inclusion
//! proofs and consistency proofs must agree byte for byte.

use ct_merkle::mem_backed_tree::MemoryBackedTree;
use jixiao_ledger::Tree;
use sha2_digest010::Sha256;

fn flatten(proof: &[jixiao_ledger::Hash]) -> Vec<u8> {
    proof.iter().flat_map(|hash| hash.0).collect()
}

#[test]
fn roots_and_proofs_agree_with_ct_merkle_up_to_260_leaves() {
    let mut ours = Tree::new();
    let mut theirs = MemoryBackedTree::<Sha256, Vec<u8>>::new();
    for n in 1..=260u64 {
        // Entries of varying length, including the empty one, exercise the leaf prefix.
        let entry: Vec<u8> = (0..(n * 7 % 23)).map(|i| (i * n) as u8).collect();
        ours.push(&entry);
        theirs.push(entry);
        assert_eq!(
            ours.root().0.as_slice(),
            theirs.root().as_bytes().as_slice(),
            "root {n}"
        );
        // Proofs are compared at a spread of sizes; every size would be quadratic in time.
        if n <= 40 || n % 37 == 0 || n.is_power_of_two() || n == 260 {
            for index in 0..n {
                let expected = theirs.prove_inclusion(index as usize);
                let got = flatten(&ours.inclusion_proof(index, n).unwrap());
                assert_eq!(got, expected.as_bytes(), "inclusion {index} in {n}");
            }
            for old in 1..n {
                let expected = theirs.prove_consistency((n - old) as usize);
                let got = flatten(&ours.consistency_proof(old, n).unwrap());
                assert_eq!(got, expected.as_bytes(), "consistency {old} to {n}");
            }
        }
    }
}
