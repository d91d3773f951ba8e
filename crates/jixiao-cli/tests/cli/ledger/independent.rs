//! A second, deliberately separate reading of the documented formats: the RFC 9162 Merkle tree
//! hash and the 68-byte signed tree head, written from the specification with `sha2` and
//! `ed25519-dalek` alone, so that a bug shared with `jixiao-ledger` cannot hide itself.

use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

/// SHA-256(0x00 || entry).
pub fn leaf(entry: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(entry);
    hasher.finalize().into()
}

/// MTH(D[n]): the hash of nothing for no leaves, the leaf itself for one, and otherwise
/// SHA-256(0x01 || MTH(left) || MTH(right)) split at the largest power of two below n.
pub fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let mut split = 1;
            while split * 2 < n {
                split *= 2;
            }
            let mut hasher = Sha256::new();
            hasher.update([1u8]);
            hasher.update(root(&leaves[..split]));
            hasher.update(root(&leaves[split..]));
            hasher.finalize().into()
        }
    }
}

/// Checks an Ed25519 signature over the head's 68 bytes: the 20-byte label, the size and the
/// timestamp as big-endian u64, and the root.
pub fn head_signature_holds(
    size: u64,
    timestamp_ms: u64,
    root: &[u8; 32],
    signature: &[u8; 64],
    public_key: &[u8; 32],
) -> bool {
    let mut message = Vec::with_capacity(68);
    message.extend_from_slice(b"jixiao-tree-head-v1\0");
    message.extend_from_slice(&size.to_be_bytes());
    message.extend_from_slice(&timestamp_ms.to_be_bytes());
    message.extend_from_slice(root);
    assert_eq!(message.len(), 68);
    let Ok(key) = VerifyingKey::from_bytes(public_key) else {
        return false;
    };
    key.verify_strict(&message, &Signature::from_bytes(signature))
        .is_ok()
}

/// Reads lowercase or uppercase hexadecimal of exactly `N` bytes.
pub fn unhex<const N: usize>(text: &str) -> [u8; N] {
    assert_eq!(text.len(), N * 2, "{text} is not {N} bytes of hex");
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).expect("ASCII");
        *byte = u8::from_str_radix(pair, 16).expect("hex digits");
    }
    out
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[test]
fn the_independent_tree_hash_matches_the_published_vectors() {
    // The root of the first n of the eight leaves used by the Certificate Transparency
    // reference tests (RFC 6962's test data), for n = 0, 1, 3 and 8.
    let entries: [&[u8]; 8] = [
        b"",
        &[0x00],
        &[0x10],
        &[0x20, 0x21],
        &[0x30, 0x31],
        &[0x40, 0x41, 0x42, 0x43],
        &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        &[
            0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
            0x6e, 0x6f,
        ],
    ];
    let leaves: Vec<[u8; 32]> = entries.iter().map(|entry| leaf(entry)).collect();
    let cases = [
        (
            0,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            1,
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        ),
        (
            3,
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        ),
        (
            8,
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ),
    ];
    for (size, expected) in cases {
        assert_eq!(hex(&root(&leaves[..size])), expected, "size {size}");
    }
}
