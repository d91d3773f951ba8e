//! Hashing a whole log at once, spread over the machine's cores: what verification and a
//! third party's recomputation spend most of their time on.
//!
//! The results are exactly those of [`leaf_hash`] and [`root_of_leaves`]; only the work is
//! divided. Threads are scoped to each call, so nothing outlives it.

use std::num::NonZeroUsize;
use std::thread;

use crate::tree::split;
use crate::{Hash, leaf_hash, node_hash, root_of_leaves};

/// Below this many items the work stays on the calling thread: starting threads would cost
/// more than it saves.
const PARALLEL_FROM: usize = 4_096;

/// The leaf hash of every entry, in order.
pub fn leaf_hashes<T: AsRef<[u8]> + Sync>(entries: &[T]) -> Vec<Hash> {
    let threads = threads_for(entries.len());
    if threads == 1 {
        return entries
            .iter()
            .map(|entry| leaf_hash(entry.as_ref()))
            .collect();
    }
    let per_thread = entries.len().div_ceil(threads);
    thread::scope(|scope| {
        let parts: Vec<_> = entries
            .chunks(per_thread)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|entry| leaf_hash(entry.as_ref()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut hashes = Vec::with_capacity(entries.len());
        for part in parts {
            hashes.extend(part.join().expect("a hashing thread does not panic"));
        }
        hashes
    })
}

/// The Merkle Tree Hash of `leaves`, like [`root_of_leaves`], with the two subtrees below the
/// root (and theirs, as far as there are cores) hashed on separate threads.
pub fn root_of_leaves_parallel(leaves: &[Hash]) -> Hash {
    let threads = threads_for(leaves.len());
    root_on(leaves, threads)
}

fn root_on(leaves: &[Hash], threads: usize) -> Hash {
    if threads < 2 || leaves.len() < PARALLEL_FROM {
        return root_of_leaves(leaves);
    }
    // The RFC splits at the largest power of two below the size; each side is a subtree.
    let k = split(leaves.len() as u64) as usize;
    let (left, right) = leaves.split_at(k);
    let left_threads = threads / 2;
    let (left, right) = thread::scope(|scope| {
        let left = scope.spawn(move || root_on(left, left_threads));
        let right = root_on(right, threads - left_threads);
        (left.join().expect("a hashing thread does not panic"), right)
    });
    node_hash(&left, &right)
}

/// How many threads to use for `items` items: the machine's cores, or one for small work.
fn threads_for(items: usize) -> usize {
    if items < PARALLEL_FROM {
        return 1;
    }
    thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bulk_functions_agree_with_the_plain_ones_at_every_size_shape() {
        for size in [0, 1, 2, 3, 4_095, 4_096, 4_097, 10_000, 16_384, 20_001] {
            let entries: Vec<Vec<u8>> =
                (0..size as u32).map(|i| i.to_be_bytes().to_vec()).collect();
            let plain: Vec<Hash> = entries.iter().map(|entry| leaf_hash(entry)).collect();
            assert_eq!(leaf_hashes(&entries), plain, "leaves of {size}");
            assert_eq!(
                root_of_leaves_parallel(&plain),
                root_of_leaves(&plain),
                "root of {size}"
            );
            assert_eq!(
                root_on(&plain, 5),
                root_of_leaves(&plain),
                "five threads, {size}"
            );
        }
    }
}
