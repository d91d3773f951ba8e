//! Signed tree heads: the canonical encoding is fixed, honest signatures verify, and any change
//! to the head or the signature is caught.

use jixiao_ledger::{SignedTreeHead, TreeHead, signing_key_from_secret};

use crate::{bytes, h};

fn head() -> TreeHead {
    TreeHead {
        size: 8,
        root: h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
        timestamp_ms: 0x0102_0304_0506_0708,
    }
}

#[test]
fn the_encoding_of_a_fixed_head_is_a_fixed_byte_string() {
    let expected = [
        // "jixiao-tree-head-v1" and a zero byte.
        "6a697869616f2d747265652d686561642d763100",
        // The size, 8, as a big-endian u64.
        "0000000000000008",
        // The timestamp as a big-endian u64.
        "0102030405060708",
        // The root.
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    .concat();
    assert_eq!(head().to_bytes().to_vec(), bytes(&expected));
}

#[test]
fn an_honest_signature_verifies() {
    let key = signing_key_from_secret(&[42; 32]);
    assert_eq!(head().sign(&key).verify(&key.verifying_key()), Ok(()));
}

#[test]
fn any_change_to_the_head_or_signature_fails_verification() {
    let key = signing_key_from_secret(&[42; 32]);
    let signed = head().sign(&key);
    let mut flipped_root = signed.head.root;
    flipped_root.0[31] ^= 1;
    let mut flipped_signature = signed.signature;
    flipped_signature[10] ^= 0x40;
    let cases: &[(&str, SignedTreeHead)] = &[
        (
            "size",
            SignedTreeHead {
                head: TreeHead {
                    size: 9,
                    ..signed.head
                },
                ..signed
            },
        ),
        (
            "root",
            SignedTreeHead {
                head: TreeHead {
                    root: flipped_root,
                    ..signed.head
                },
                ..signed
            },
        ),
        (
            "timestamp",
            SignedTreeHead {
                head: TreeHead {
                    timestamp_ms: 1,
                    ..signed.head
                },
                ..signed
            },
        ),
        (
            "signature",
            SignedTreeHead {
                signature: flipped_signature,
                ..signed
            },
        ),
    ];
    for (what, tampered) in cases {
        assert!(
            tampered.verify(&key.verifying_key()).is_err(),
            "changed {what}"
        );
    }
}

#[test]
fn a_signature_does_not_verify_under_another_key() {
    let key = signing_key_from_secret(&[42; 32]);
    let other = signing_key_from_secret(&[43; 32]);
    assert!(head().sign(&key).verify(&other.verifying_key()).is_err());
}
