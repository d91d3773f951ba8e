//! Appending entries inside a write transaction: encoded into chunks as they come, inserted
//! with the transaction's other rows.

use jixiao_ledger::{EntryWriter, leaf_hash};
use sqlx::AnyConnection;

use super::chunk;
use super::family::{Content, Family, Scope, current};
use super::{Stamp, index_value};
use crate::error::Result;
use crate::sql::insert_rows;
use crate::{Backend, Store};

/// A chunk is sealed once its entries reach this many bytes, so that no row grows without
/// bound; a bulk load of a hundred thousand payments makes about a hundred chunks.
pub(crate) const CHUNK_BYTES: usize = 256 * 1024;

/// The entries one write transaction appends, numbered from the ledger's size when it started.
pub(crate) struct Appender {
    next: u64,
    time_ms: i64,
    actor: String,
    /// The chunk being filled: its first sequence, entry count, entries and leaf hashes.
    first: u64,
    count: u64,
    entries: Vec<u8>,
    leaves: Vec<u8>,
    /// Chunks sealed (their entries compressed) and not yet inserted.
    sealed: Vec<(u64, u64, Vec<u8>, Vec<u8>)>,
    /// Subject, first and last sequence of each run of entries about one project or user.
    spans: Vec<(String, u64, u64)>,
    /// False when the store was made by [`Store::without_ledger`]: nothing is appended.
    enabled: bool,
}

impl Appender {
    /// Starts appending in the transaction of `conn`, for the writes of `store`.
    ///
    /// On PostgreSQL the ledger table is locked against other writers until the transaction
    /// ends, so that two writes cannot number entries alike; SQLite's write transaction holds
    /// the whole database already.
    pub async fn start(conn: &mut AnyConnection, store: &Store, stamp: &Stamp) -> Result<Self> {
        let mut appender = Appender {
            next: 0,
            time_ms: stamp.time_ms(),
            actor: stamp.actor.clone(),
            first: 0,
            count: 0,
            entries: Vec::new(),
            leaves: Vec::new(),
            sealed: Vec::new(),
            spans: Vec::new(),
            enabled: store.ledger,
        };
        if !appender.enabled {
            return Ok(appender);
        }
        if store.backend == Backend::Postgres {
            sqlx::query("LOCK TABLE ledger_chunk IN EXCLUSIVE MODE")
                .execute(&mut *conn)
                .await?;
        }
        appender.next = chunk::size(conn).await?;
        appender.first = appender.next;
        Ok(appender)
    }

    /// Queues the entry that sets `record` of `family` to `content`.
    pub fn set(&mut self, family: Family, record: &str, content: &Content<'_>) {
        self.push(family, family.kind(), record, content);
    }

    /// Queues the entry that records the removal of `record`, carrying its last content.
    pub fn remove(&mut self, family: Family, record: &str, content: &Content<'_>) {
        self.push(family, family.removed_kind(), record, content);
    }

    fn push(&mut self, family: Family, kind: &str, record: &str, content: &Content<'_>) {
        if !self.enabled {
            return;
        }
        let sequence = self.next;
        let length_at = self.entries.len();
        self.entries.extend_from_slice(&[0; 4]);
        let buffer = std::mem::take(&mut self.entries);
        let mut entry =
            EntryWriter::append_to(buffer, sequence, self.time_ms, &self.actor, kind, record);
        content.write(&mut entry);
        let (mut entries, start) = entry.finish_appended();
        let length = u32::try_from(entries.len() - start).expect("an entry is under 4 GiB");
        entries[length_at..length_at + 4].copy_from_slice(&length.to_be_bytes());
        self.leaves
            .extend_from_slice(&leaf_hash(&entries[start..]).0);
        self.entries = entries;
        self.count += 1;
        self.next += 1;
        self.note_span(family, record, sequence);
        if self.entries.len() >= CHUNK_BYTES {
            self.seal();
        }
    }

    /// Extends the current span when the entry concerns the same subject, else starts one.
    fn note_span(&mut self, family: Family, record: &str, sequence: u64) {
        // Compared piecewise, so that the common case (the same subject as the entry before)
        // allocates nothing.
        let (prefix, key) = subject_parts(family, record);
        match self.spans.last_mut() {
            Some((last, _, end))
                if *end + 1 == sequence
                    && last.strip_prefix(prefix).is_some_and(|rest| rest == key) =>
            {
                *end = sequence
            }
            _ => self
                .spans
                .push((format!("{prefix}{key}"), sequence, sequence)),
        }
    }

    /// Compresses the chunk being filled and queues it. The buffer of plain entries is kept
    /// for the next chunk: fresh memory is slow to fault in, and a bulk load fills a hundred.
    fn seal(&mut self) {
        if self.count == 0 {
            return;
        }
        let entries = chunk::compress(&self.entries);
        self.entries.clear();
        let leaves = std::mem::take(&mut self.leaves);
        self.sealed.push((self.first, self.count, entries, leaves));
        self.first = self.next;
        self.count = 0;
    }

    /// Queues a removal entry for every record of the project `code` in the project families,
    /// with the content its row has now: called before the project's rows are deleted.
    pub async fn remove_project(
        &mut self,
        conn: &mut AnyConnection,
        backend: Backend,
        code: &str,
    ) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        for family in Family::OF_PROJECT {
            let mut records = current(conn, backend, family, Scope::Of(code)).await?;
            records.sort_by(|a, b| a.0.cmp(&b.0));
            for (record, content) in records {
                self.remove(family, &record, &content);
            }
        }
        Ok(())
    }

    /// Queues the entry of one user as its rows are now: called after the user was written.
    pub async fn set_user(
        &mut self,
        conn: &mut AnyConnection,
        backend: Backend,
        username: &str,
    ) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        for (record, content) in current(conn, backend, Family::User, Scope::Of(username)).await? {
            self.set(Family::User, &record, &content);
        }
        Ok(())
    }

    /// Inserts the queued chunks, then the spans.
    pub async fn flush(&mut self, conn: &mut AnyConnection, backend: Backend) -> Result<()> {
        self.seal();
        let sealed = std::mem::take(&mut self.sealed);
        for (first, count, entries, leaves) in sealed {
            insert_rows(
                conn,
                backend,
                "INSERT INTO ledger_chunk (first_sequence, entry_count, compression, entries, \
                 leaf_hashes) VALUES ",
                5,
                [(index_value(first)?, index_value(count)?, entries, leaves)],
                |row, (first, count, entries, leaves)| {
                    row.value(first)
                        .value(count)
                        .value("lz4")
                        .value(entries)
                        .value(leaves);
                },
            )
            .await?;
        }
        let spans = std::mem::take(&mut self.spans)
            .into_iter()
            .map(|(subject, first, last)| Ok((subject, index_value(first)?, index_value(last)?)))
            .collect::<Result<Vec<_>>>()?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO ledger_span (subject, first_sequence, last_sequence) VALUES ",
            3,
            spans,
            |row, (subject, first, last)| {
                row.value(subject).value(first).value(last);
            },
        )
        .await
    }
}

/// The subject a record's entries are found under, as its two parts: `project:` and the code
/// for the records of a project (whose names start with the code), `user:` and the name for
/// accounts.
fn subject_parts(family: Family, record: &str) -> (&'static str, &str) {
    match family {
        Family::User => ("user:", record),
        _ => ("project:", record.split('/').next().unwrap_or(record)),
    }
}
