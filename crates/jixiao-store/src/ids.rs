//! Row ids chosen by the store before inserting, so that parent and child rows can be sent in
//! multi-row batches without reading generated ids back one row at a time.
//!
//! On SQLite the write transaction holds the database's write lock from its first statement
//! (`BEGIN IMMEDIATE`), so reading `MAX(id)` once and counting up is safe. On PostgreSQL ids are
//! drawn from each table's own identity sequence, which stays right for every other writer and
//! needs no table lock.

use std::collections::HashMap;

use sqlx::AnyConnection;

use crate::Backend;
use crate::error::Result;

/// Hands out ids for the tables one transaction inserts into.
pub(crate) struct IdAllocator {
    backend: Backend,
    /// On SQLite, the next free id of each table seen so far.
    next: HashMap<&'static str, i64>,
}

impl IdAllocator {
    /// An allocator for one transaction on `backend`.
    pub fn new(backend: Backend) -> Self {
        IdAllocator {
            backend,
            next: HashMap::new(),
        }
    }

    /// `count` unused ids of `table` (a table with an `id` column).
    pub async fn take(
        &mut self,
        conn: &mut AnyConnection,
        table: &'static str,
        count: usize,
    ) -> Result<Vec<i64>> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let count = i64::try_from(count).expect("a batch holds fewer than 2^63 rows");
        match self.backend {
            Backend::Sqlite => {
                let first = match self.next.get(table) {
                    Some(next) => *next,
                    None => {
                        let (max,): (i64,) =
                            sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
                                .fetch_one(&mut *conn)
                                .await?;
                        max + 1
                    }
                };
                self.next.insert(table, first + count);
                Ok((first..first + count).collect())
            }
            Backend::Postgres => {
                let rows: Vec<(i64,)> = sqlx::query_as(
                    "SELECT nextval(pg_get_serial_sequence($1, 'id')) \
                     FROM generate_series(1, $2)",
                )
                .bind(table)
                .bind(count)
                .fetch_all(&mut *conn)
                .await?;
                Ok(rows.into_iter().map(|(id,)| id).collect())
            }
        }
    }
}
