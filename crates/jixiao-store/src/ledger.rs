//! The tamper-evident ledger of stored expenditures: entries appended in the transaction that
//! writes the rows, the Merkle root over them, and the check that the rows still match.
//!
//! Each stored expenditure appends one entry of kind `expenditure` whose record is
//! `<project code>/<position>` and whose content is the payment's fields (see
//! [`expenditure_content`]). Replacing a project appends one `expenditure_removed` entry per
//! payment it drops, carrying the fields the row had, before the entries of the new payments:
//! the log only grows, and a record's latest entry says whether its row should exist.
//!
//! Entries are recorded with the actor `import`, since the import functions are not told who
//! imports. FIXME: the actor and the time should come from the caller, as the other times of the
//! store do; the time is read from the system clock when a write transaction starts.

mod verify;

use jixiao_core::Expenditure;
use jixiao_ledger::{Entry, Hash, leaf_hash, root_of_leaves};
use sqlx::AnyConnection;

use crate::error::{Result, StoreError};
use crate::sql::{Sql, insert_rows};
use crate::{Backend, Store};

/// The actor of every entry the import functions append.
pub(crate) const IMPORT_ACTOR: &str = "import";
/// The kind of the entry recording a stored expenditure.
pub(crate) const KIND_EXPENDITURE: &str = "expenditure";
/// The kind of the entry recording that a replacement removed an expenditure.
pub(crate) const KIND_REMOVED: &str = "expenditure_removed";

/// The outcome of [`Store::verify_ledger`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerCheck {
    /// Every entry is intact and every expenditure row matches its latest entry.
    Intact {
        /// The number of entries.
        size: u64,
        /// The Merkle root over all entries.
        root: Hash,
    },
    /// The first problem found, in sequence order.
    Broken {
        /// The entry the problem concerns; the ledger size for [`LedgerProblem::Unrecorded`].
        sequence: u64,
        /// What is wrong.
        problem: LedgerProblem,
    },
}

/// Why the ledger and the stored rows disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerProblem {
    /// The entries are not numbered 0, 1, 2, … in order: an entry was deleted or renumbered.
    OutOfSequence,
    /// The stored entry is altered: its bytes do not hash to its leaf hash, or do not begin with
    /// its version, sequence and time.
    EntryAltered,
    /// The record's row no longer encodes to the entry: a field, or its position, was changed.
    RecordChanged,
    /// The record's row is gone although no removal was recorded.
    RecordDeleted,
    /// An expenditure entry for a record whose earlier entry was never removed, or a removal of
    /// a record that has no current entry.
    Unexpected,
    /// An expenditure row that no current entry records.
    Unrecorded {
        /// The row's record name, `<project code>/<position>`.
        record: String,
    },
}

/// The record name of a project's payment at `position`.
pub(crate) fn record_name(project: &str, position: i64) -> String {
    format!("{project}/{position}")
}

/// The content of an expenditure's entry, in this fixed order: `date` (`YYYY-MM-DD`), `line`
/// (the cost line code), `fiscal_year` (the year of the line's budget), `amount_fen` (signed
/// whole fen), `description`, and `explanation` only when one is recorded.
pub(crate) fn expenditure_content(
    date: &str,
    line: &str,
    fiscal_year: i64,
    amount_fen: i64,
    description: &str,
    explanation: Option<&str>,
) -> Vec<(String, String)> {
    let mut content = vec![
        ("date".to_owned(), date.to_owned()),
        ("line".to_owned(), line.to_owned()),
        ("fiscal_year".to_owned(), fiscal_year.to_string()),
        ("amount_fen".to_owned(), amount_fen.to_string()),
        ("description".to_owned(), description.to_owned()),
    ];
    if let Some(explanation) = explanation {
        content.push(("explanation".to_owned(), explanation.to_owned()));
    }
    content
}

/// The content of a dossier's expenditure; its line is the one of its date's fiscal year.
pub(crate) fn content_of(expenditure: &Expenditure) -> Vec<(String, String)> {
    use chrono::Datelike;
    expenditure_content(
        &crate::decode::date_text(expenditure.date),
        expenditure.line.as_str(),
        i64::from(expenditure.date.year()),
        expenditure.amount.fen(),
        &expenditure.description,
        expenditure.explanation.as_deref(),
    )
}

/// The entries one write transaction appends, numbered from the ledger's size when it started.
pub(crate) struct Appender {
    next: u64,
    time_ms: i64,
    pending: Vec<Entry>,
}

impl Appender {
    /// Starts appending in the transaction of `conn`.
    ///
    /// On PostgreSQL the ledger table is locked against other writers until the transaction
    /// ends, so that two imports cannot number entries alike; SQLite's write transaction holds
    /// the whole database already.
    pub async fn start(conn: &mut AnyConnection, backend: Backend) -> Result<Self> {
        if backend == Backend::Postgres {
            sqlx::query("LOCK TABLE ledger_entry IN EXCLUSIVE MODE")
                .execute(&mut *conn)
                .await?;
        }
        let (next,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(sequence) + 1, 0) FROM ledger_entry")
                .fetch_one(&mut *conn)
                .await?;
        let time_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Ok(Appender {
            next: sequence_number(next)?,
            time_ms,
            pending: Vec::new(),
        })
    }

    /// Queues an entry of `kind` about `record`.
    pub fn push(&mut self, kind: &str, record: String, content: Vec<(String, String)>) {
        self.pending.push(Entry {
            sequence: self.next,
            time_ms: self.time_ms,
            actor: IMPORT_ACTOR.to_owned(),
            kind: kind.to_owned(),
            record,
            content,
        });
        self.next += 1;
    }

    /// Inserts the queued entries with multi-row inserts.
    pub async fn flush(&mut self, conn: &mut AnyConnection, backend: Backend) -> Result<()> {
        let entries = std::mem::take(&mut self.pending);
        insert_rows(
            conn,
            backend,
            "INSERT INTO ledger_entry (sequence, recorded_at, actor, kind, record, entry, \
             leaf_hash) VALUES ",
            7,
            entries,
            |row, entry| {
                let bytes = entry.encode();
                let leaf = leaf_hash(&bytes).to_string();
                row.value(entry.sequence as i64)
                    .value(entry.time_ms)
                    .value(entry.actor)
                    .value(entry.kind)
                    .value(entry.record)
                    .value(hex(&bytes))
                    .value(leaf);
            },
        )
        .await
    }
}

/// Queues an `expenditure_removed` entry for each stored payment of project `code`, in
/// position order, carrying the fields each row has now.
pub(crate) async fn record_removals(
    conn: &mut AnyConnection,
    backend: Backend,
    appender: &mut Appender,
    code: &str,
) -> Result<()> {
    let mut sql = Sql::new(backend, EXPENDITURE_ROWS);
    sql.push(" WHERE p.code = ");
    sql.bind(code);
    sql.push(" ORDER BY e.position");
    let (text, args) = sql.finish()?;
    let rows: Vec<ExpenditureRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let (record, content) = row_content(row);
        appender.push(KIND_REMOVED, record, content);
    }
    Ok(())
}

/// Every stored payment with what its entry records; filtered and ordered by the caller.
pub(crate) const EXPENDITURE_ROWS: &str = "SELECT p.code, e.position, e.date, l.code, b.fiscal_year, \
     e.amount_fen, e.description, e.explanation FROM expenditure e \
     JOIN project p ON p.id = e.project_id JOIN cost_line l ON l.id = e.cost_line_id \
     JOIN budget b ON b.id = l.budget_id";

pub(crate) type ExpenditureRow = (
    String,
    i64,
    String,
    String,
    i64,
    i64,
    String,
    Option<String>,
);

pub(crate) fn row_content(row: ExpenditureRow) -> (String, Vec<(String, String)>) {
    let (project, position, date, line, year, fen, description, explanation) = row;
    let content = expenditure_content(
        &date,
        &line,
        year,
        fen,
        &description,
        explanation.as_deref(),
    );
    (record_name(&project, position), content)
}

impl Store {
    /// The number of ledger entries.
    pub async fn ledger_size(&self) -> Result<u64> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_entry")
            .fetch_one(&self.pool)
            .await?;
        sequence_number(count)
    }

    /// The Merkle root (RFC 9162) over the stored leaf hashes, in sequence order.
    pub async fn ledger_root(&self) -> Result<Hash> {
        let leaves: Vec<(String,)> =
            sqlx::query_as("SELECT leaf_hash FROM ledger_entry ORDER BY sequence")
                .fetch_all(&self.pool)
                .await?;
        let leaves = leaves
            .iter()
            .map(|(text,)| parse_hash(text))
            .collect::<Result<Vec<_>>>()?;
        Ok(root_of_leaves(&leaves))
    }
}

pub(crate) fn sequence_number(value: i64) -> Result<u64> {
    u64::try_from(value)
        .map_err(|_| StoreError::Invalid(format!("ledger sequence {value} is negative")))
}

fn parse_hash(text: &str) -> Result<Hash> {
    text.parse()
        .map_err(|_| StoreError::Invalid(format!("stored leaf hash \"{text}\" is not a hash")))
}

/// Lowercase hexadecimal text of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    text
}

/// The bytes of lowercase hexadecimal text, or `None` when it is not such text.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        _ => None,
    };
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| Some((digit(pair[0])? << 4) | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{hex, unhex};

    #[test]
    fn hex_text_round_trips_and_refuses_anything_else() {
        let bytes = [0x00, 0x01, 0xab, 0xff];
        assert_eq!(hex(&bytes), "0001abff");
        assert_eq!(unhex("0001abff").as_deref(), Some(&bytes[..]));
        for bad in ["0", "0g", "AB", "0001abf"] {
            assert_eq!(unhex(bad), None, "{bad}");
        }
    }
}
