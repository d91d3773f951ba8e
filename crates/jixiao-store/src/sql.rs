//! Building SQL text with bound values that both backends accept, and batched multi-row inserts.
//!
//! sqlx's `QueryBuilder` writes `?` placeholders for the Any driver, which PostgreSQL rejects, so
//! this builder writes each backend's own: `$1, $2, …` on PostgreSQL and `?` on SQLite. SQLite
//! would accept `$1` too, but it treats `$N` as a named parameter and looks names up by linear
//! search on every bind, which makes a multi-row insert of thousands of values quadratic (it was
//! measured 40 times slower than `?` at 1,000 rows per statement).

use sqlx::AnyConnection;
use sqlx::any::{Any, AnyArguments};
use sqlx::{Arguments, Encode, Type};

use crate::Backend;
use crate::error::{Result, StoreError};

/// The most values bound in one statement: below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_BINDS: usize = 30_000;
/// The most rows in one multi-row `INSERT`; larger statements gained nothing when measured.
const MAX_ROWS: usize = 1_000;

/// SQL text with its bound values.
pub(crate) struct Sql<'a> {
    backend: Backend,
    text: String,
    args: AnyArguments<'a>,
    binds: usize,
    /// The first value the driver could not encode, reported by [`Sql::finish`].
    error: Option<String>,
}

impl<'a> Sql<'a> {
    /// Starts a statement for `backend` with `text`.
    pub fn new(backend: Backend, text: &str) -> Self {
        Sql {
            backend,
            text: text.to_owned(),
            args: AnyArguments::default(),
            binds: 0,
            error: None,
        }
    }

    /// Appends plain SQL.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder and binds `value` to it.
    pub fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'a + Encode<'a, Any> + Type<Any>,
    {
        self.binds += 1;
        match self.backend {
            // Anonymous placeholders bind in the order they appear, which is the order of the
            // calls to `bind`.
            Backend::Sqlite => self.text.push('?'),
            Backend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.binds.to_string());
            }
        }
        if let Err(error) = self.args.add(value) {
            self.error.get_or_insert_with(|| error.to_string());
        }
        self
    }

    /// Appends `(v1, v2, …)` for a list of values, or `(NULL)` for an empty list so that
    /// `x IN (NULL)` matches nothing.
    pub fn bind_list<T, I>(&mut self, values: I) -> &mut Self
    where
        T: 'a + Encode<'a, Any> + Type<Any>,
        I: IntoIterator<Item = T>,
    {
        self.push("(");
        let mut first = true;
        for value in values {
            if !first {
                self.push(", ");
            }
            first = false;
            self.bind(value);
        }
        if first {
            self.push("NULL");
        }
        self.push(")")
    }

    /// The text and the values, ready for `sqlx::query_with`; `Invalid` when a value could not
    /// be encoded.
    pub fn finish(self) -> Result<(String, AnyArguments<'a>)> {
        match self.error {
            Some(error) => Err(StoreError::Invalid(format!("cannot bind a value: {error}"))),
            None => Ok((self.text, self.args)),
        }
    }
}

/// Inserts `rows` with multi-row `INSERT` statements of as many rows as the bind limits allow.
///
/// `head` is the statement up to `VALUES` (`INSERT INTO t (a, b) VALUES `), `columns` the number
/// of values `push_row` binds per row.
pub(crate) async fn insert_rows<'a, R, F>(
    conn: &mut AnyConnection,
    backend: Backend,
    head: &str,
    columns: usize,
    rows: impl IntoIterator<Item = R>,
    mut push_row: F,
) -> Result<()>
where
    F: FnMut(&mut Row<'_, 'a>, R),
{
    let per_statement = (MAX_BINDS / columns.max(1)).clamp(1, MAX_ROWS);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut sql = Sql::new(backend, head);
        for (index, row) in rows.by_ref().take(per_statement).enumerate() {
            if index > 0 {
                sql.push(", ");
            }
            sql.push("(");
            push_row(
                &mut Row {
                    sql: &mut sql,
                    first: true,
                },
                row,
            );
            sql.push(")");
        }
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The values of one row of a multi-row insert, separated by commas.
pub(crate) struct Row<'s, 'a> {
    sql: &'s mut Sql<'a>,
    first: bool,
}

impl<'a> Row<'_, 'a> {
    /// Binds the next value of the row.
    pub fn value<T>(&mut self, value: T) -> &mut Self
    where
        T: 'a + Encode<'a, Any> + Type<Any>,
    {
        if !self.first {
            self.sql.push(", ");
        }
        self.first = false;
        self.sql.bind(value);
        self
    }
}
