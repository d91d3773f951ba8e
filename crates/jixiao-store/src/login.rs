//! The audit record of logins, and the counts of recent failures that login throttling reads.
//!
//! Every attempt is recorded, with the name as typed, so that failures against names that are
//! no account are counted and audited too. The time windows are the caller's: the store counts
//! from the moment it is given.

use chrono::{DateTime, Utc};
use jixiao_core::LoginEvent;

use crate::Store;
use crate::decode;
use crate::error::Result;
use crate::sql::Sql;

impl Store {
    /// Records one attempt to sign in, linked to the account when the name is one.
    pub async fn record_login(&self, event: &LoginEvent) -> Result<()> {
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO login_event (at, username, user_id, address, success, reason) VALUES (",
        );
        sql.bind(decode::time_text(event.at))
            .push(", ")
            .bind(event.username.as_str())
            .push(", (SELECT id FROM app_user WHERE username = ")
            .bind(event.username.as_str())
            .push("), ")
            .bind(event.address.as_str())
            .push(", ")
            .bind(event.success)
            .push(", ")
            .bind(event.reason.as_str())
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&self.pool).await?;
        Ok(())
    }

    /// How many failed attempts named `username` at or after `since`.
    pub async fn failed_logins_for_user_since(
        &self,
        username: &str,
        since: DateTime<Utc>,
    ) -> Result<u32> {
        self.count_failures("username", username, since).await
    }

    /// How many failed attempts came from `address` at or after `since`.
    pub async fn failed_logins_from_address_since(
        &self,
        address: &str,
        since: DateTime<Utc>,
    ) -> Result<u32> {
        self.count_failures("address", address, since).await
    }

    /// The latest `limit` attempts, newest first.
    pub async fn login_events(&self, limit: u32) -> Result<Vec<LoginEvent>> {
        let mut sql = Sql::new(
            self.backend,
            "SELECT at, username, address, CASE WHEN success THEN 1 ELSE 0 END, reason \
             FROM login_event ORDER BY at DESC, id DESC LIMIT ",
        );
        sql.bind(i64::from(limit));
        let (text, args) = sql.finish()?;
        let rows: Vec<(String, String, String, i64, String)> = sqlx::query_as_with(&text, args)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(at, username, address, success, reason)| {
                Ok(LoginEvent {
                    at: decode::time("login_event.at", &at)?,
                    username,
                    address,
                    success: success != 0,
                    reason,
                })
            })
            .collect()
    }

    /// Counts failures whose `column` (a fixed column name, never input) equals `value`.
    async fn count_failures(
        &self,
        column: &'static str,
        value: &str,
        since: DateTime<Utc>,
    ) -> Result<u32> {
        let mut sql = Sql::new(
            self.backend,
            &format!("SELECT COUNT(*) FROM login_event WHERE NOT success AND {column} = "),
        );
        sql.bind(value)
            .push(" AND at >= ")
            .bind(decode::time_text(since));
        let (text, args) = sql.finish()?;
        let (count,): (i64,) = sqlx::query_as_with(&text, args)
            .fetch_one(&self.pool)
            .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }
}
