//! The check of the ledger against the stored expenditure rows.

use std::collections::HashMap;

use jixiao_ledger::{ENTRY_VERSION, Entry, Hash, leaf_hash, root_of_leaves};

use super::{
    EXPENDITURE_ROWS, ExpenditureRow, KIND_EXPENDITURE, KIND_REMOVED, LedgerCheck, LedgerProblem,
    row_content, sequence_number, unhex,
};
use crate::Store;
use crate::error::Result;

/// A stored entry: sequence, time, actor, kind, record, hex bytes and hex leaf hash.
type EntryRow = (i64, i64, String, String, String, String, String);

impl Store {
    /// Checks the ledger and the expenditure rows against each other, in one snapshot.
    ///
    /// Every entry must be numbered in order and hash to its stored leaf hash; every record's
    /// latest entry, when it is of kind `expenditure`, must be re-encoded exactly from the row
    /// it names, and an `expenditure_removed` entry supersedes the entries before it; every
    /// expenditure row must be recorded. Reports the first problem in sequence order.
    pub async fn verify_ledger(&self) -> Result<LedgerCheck> {
        let mut tx = self.begin_read().await?;
        let entries: Vec<EntryRow> = sqlx::query_as(
            "SELECT sequence, recorded_at, actor, kind, record, entry, leaf_hash \
             FROM ledger_entry ORDER BY sequence",
        )
        .fetch_all(&mut *tx)
        .await?;
        let rows: Vec<ExpenditureRow> =
            sqlx::query_as(EXPENDITURE_ROWS).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        let mut stored: HashMap<String, Vec<(String, String)>> =
            rows.into_iter().map(row_content).collect();
        let mut latest: HashMap<&str, usize> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            latest.insert(entry.4.as_str(), index);
        }

        let mut leaves = Vec::with_capacity(entries.len());
        // Whether each record has a current expenditure entry, as the log is read in order.
        let mut current: HashMap<&str, bool> = HashMap::new();
        for (index, (sequence, time_ms, actor, kind, record, text, leaf)) in
            entries.iter().enumerate()
        {
            let position = index as u64;
            let broken = |problem| LedgerCheck::Broken {
                sequence: position,
                problem,
            };
            if sequence_number(*sequence)? != position {
                return Ok(broken(LedgerProblem::OutOfSequence));
            }
            let bytes = unhex(text);
            let hash = bytes.as_deref().map(leaf_hash);
            let mut head = vec![ENTRY_VERSION];
            head.extend_from_slice(&position.to_be_bytes());
            head.extend_from_slice(&time_ms.to_be_bytes());
            let (Some(bytes), Some(hash)) = (bytes, hash) else {
                return Ok(broken(LedgerProblem::EntryAltered));
            };
            if leaf.parse::<Hash>().ok() != Some(hash) || !bytes.starts_with(&head) {
                return Ok(broken(LedgerProblem::EntryAltered));
            }
            leaves.push(hash);
            let live = current.entry(record.as_str()).or_insert(false);
            match kind.as_str() {
                KIND_EXPENDITURE if *live => return Ok(broken(LedgerProblem::Unexpected)),
                KIND_EXPENDITURE => *live = true,
                KIND_REMOVED if !*live => return Ok(broken(LedgerProblem::Unexpected)),
                KIND_REMOVED => *live = false,
                _ => return Ok(broken(LedgerProblem::Unexpected)),
            }
            if kind != KIND_EXPENDITURE || latest.get(record.as_str()) != Some(&index) {
                continue;
            }
            let Some(content) = stored.remove(record.as_str()) else {
                return Ok(broken(LedgerProblem::RecordDeleted));
            };
            let expected = Entry {
                sequence: position,
                time_ms: *time_ms,
                actor: actor.clone(),
                kind: kind.clone(),
                record: record.clone(),
                content,
            };
            if expected.encode() != bytes {
                return Ok(broken(LedgerProblem::RecordChanged));
            }
        }
        let size = leaves.len() as u64;
        if let Some(record) = stored.into_keys().min() {
            return Ok(LedgerCheck::Broken {
                sequence: size,
                problem: LedgerProblem::Unrecorded { record },
            });
        }
        Ok(LedgerCheck::Intact {
            size,
            root: root_of_leaves(&leaves),
        })
    }
}
