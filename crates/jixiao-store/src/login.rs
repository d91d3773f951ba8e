//! The audit record of logins, and the counts of recent failures that login throttling reads.
//!
//! Every attempt is recorded, with the name as typed, so that failures against names that are
//! no account are counted and audited too. The time windows are the caller's: the store counts
//! from the moment it is given.

use chrono::{DateTime, Utc};
use jixiao_core::{LoginEvent, OrgCode};

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
        self.select_login_events(None, limit).await
    }

    /// The latest `limit` attempts that name an account of one of `organizations`, newest
    /// first; attempts against names that are no account belong to no organization and are
    /// left out.
    ///
    /// The organizations are chosen before the limit is applied, so that a caller who may see
    /// few organizations still gets up to `limit` of their records, however many newer records
    /// other organizations have.
    pub async fn login_events_of(
        &self,
        organizations: &[OrgCode],
        limit: u32,
    ) -> Result<Vec<LoginEvent>> {
        self.select_login_events(Some(organizations), limit).await
    }

    /// The latest `limit` attempts, of accounts of `organizations` when given.
    async fn select_login_events(
        &self,
        organizations: Option<&[OrgCode]>,
        limit: u32,
    ) -> Result<Vec<LoginEvent>> {
        let mut sql = Sql::new(
            self.backend,
            "SELECT e.at, e.username, e.address, CASE WHEN e.success THEN 1 ELSE 0 END, e.reason \
             FROM login_event e",
        );
        if let Some(organizations) = organizations {
            // A record belongs to the account it names now, matched by name, so that attempts
            // made before the account existed are audited with it too.
            sql.push(
                " JOIN app_user u ON u.username = e.username \
                 JOIN organization o ON o.id = u.organization_id WHERE o.code IN ",
            )
            .bind_list(organizations.iter().map(OrgCode::as_str));
        }
        sql.push(" ORDER BY e.at DESC, e.id DESC LIMIT ")
            .bind(i64::from(limit));
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
