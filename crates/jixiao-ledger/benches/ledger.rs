//! Measures how fast a million-entry log is hashed into a root, against the raw SHA-256 speed
//! of this machine measured in the same run, so that the ratio stays meaningful on any machine.
//!
//! Run with `cargo bench -p jixiao-ledger`.

use std::hint::black_box;
use std::time::Instant;

use jixiao_ledger::{Tree, leaf_hash, root_of_leaves};
use sha2::{Digest, Sha256};

const ENTRIES: usize = 1_000_000;
const ENTRY_LEN: usize = 200;

fn main() {
    // Deterministic, non-repeating filler so no layer can shortcut equal inputs.
    let data: Vec<u8> = (0..ENTRIES * ENTRY_LEN)
        .map(|i| (i * 31 + i / 251) as u8)
        .collect();
    let entries = || data.chunks_exact(ENTRY_LEN);
    let megabytes = data.len() as f64 / 1e6;

    let started = Instant::now();
    let mut tree = Tree::new();
    for entry in entries() {
        tree.push(entry);
    }
    let root = tree.root();
    let append = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let leaves: Vec<_> = entries().map(leaf_hash).collect();
    let recomputed = root_of_leaves(&leaves);
    let full = started.elapsed().as_secs_f64();
    assert_eq!(root, recomputed, "incremental and bulk roots must agree");

    let started = Instant::now();
    black_box(root_of_leaves(black_box(&leaves)));
    let from_leaves = started.elapsed().as_secs_f64();

    let started = Instant::now();
    black_box(Sha256::digest(black_box(&data)));
    let raw = started.elapsed().as_secs_f64();

    println!("entries: {ENTRIES} x {ENTRY_LEN} bytes = {megabytes:.0} MB, root {root}");
    println!(
        "raw SHA-256 over the same bytes:    {:8.1} MB/s",
        megabytes / raw
    );
    println!(
        "append 1M entries (Tree::push):     {:8.1} MB/s  ({append:.3} s)",
        megabytes / append
    );
    println!(
        "recompute root from entries:        {:8.1} MB/s  ({full:.3} s), ratio to raw {:.2}",
        megabytes / full,
        raw / full
    );
    println!(
        "recompute root from 1M leaf hashes: {from_leaves:.3} s ({:.0} interior hashes/s)",
        (ENTRIES - 1) as f64 / from_leaves
    );
}
