//! The integration tests of the ledger: published vectors, a cross-check against an independent
//! implementation, properties over random trees, and signed tree heads.

mod cross_check;
mod properties;
mod signed_head;
mod vectors;

use jixiao_ledger::{Hash, Tree};

/// Parses a hash written in hex, for tables.
fn h(text: &str) -> Hash {
    text.parse().expect("test hashes are valid hex")
}

/// Decodes an even-length hex string into bytes, for table entries.
fn bytes(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Returns a tree of `size` distinct entries.
fn tree_of(size: u64) -> Tree {
    let mut tree = Tree::new();
    for i in 0..size {
        tree.push(format!("entry {i}").as_bytes());
    }
    tree
}
