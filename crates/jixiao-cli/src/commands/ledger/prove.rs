//! `jixiao ledger prove`: the RFC 9162 inclusion proof of one entry, checked before it is
//! printed so that a proof that would not convince a third party is never handed out.

use anyhow::{Context, anyhow, bail};
use jixiao_ledger::{leaf_hash, verify_inclusion};
use jixiao_store::Store;

/// Prints `{"index","size","leaf_hash","root_hash","proof"}` for entry `index` in the tree of
/// `size` entries: by default the latest signed head's, whose signed root the proof is checked
/// against, or the whole ledger when no head is signed yet.
pub async fn run(store: &Store, index: u64, size: Option<u64>) -> anyhow::Result<()> {
    let current = store.ledger_size().await?;
    let head = store
        .latest_tree_head()
        .await?
        .map(|stored| stored.head.head);
    let size = size.unwrap_or_else(|| head.map_or(current, |head| head.size));
    if size > current {
        bail!("the ledger holds {current} entries, so no proof against a tree of {size} exists");
    }
    if index >= size {
        bail!(match size {
            0 => "the tree is empty: there is no entry to prove".to_owned(),
            _ => format!(
                "there is no entry {index} in the tree of {size} entries (indexes 0 to {})",
                size - 1
            ),
        });
    }
    let stored = store
        .ledger_entry(index)
        .await
        .with_context(|| format!("reading ledger entry {index}"))?;
    let leaf = leaf_hash(&stored.bytes);
    if leaf != stored.leaf {
        bail!(
            "ledger entry {index}: its bytes do not hash to its stored leaf hash (run `jixiao \
             ledger verify`)"
        );
    }
    let proof = store
        .inclusion_proof(index, size)
        .await
        .with_context(|| format!("building the proof of entry {index}"))?;
    let root = match head {
        Some(head) if head.size == size => head.root,
        _ => store
            .ledger_root_at(size)
            .await
            .with_context(|| format!("computing the root of the first {size} entries"))?,
    };
    verify_inclusion(&leaf, index, size, &proof, &root).map_err(|err| {
        anyhow!(
            "the proof of entry {index} in the tree of {size} entries does not verify ({err}); \
             run `jixiao ledger verify`"
        )
    })?;
    let output = serde_json::json!({
        "index": index,
        "size": size,
        "leaf_hash": leaf.to_string(),
        "root_hash": root.to_string(),
        "proof": proof.iter().map(ToString::to_string).collect::<Vec<_>>(),
    });
    println!("{output}");
    Ok(())
}
