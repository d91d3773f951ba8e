//! Login sessions and personal API tokens: the two ways a request proves who sends it.
//!
//! Both are kept by the hash of their secret, which the web layer computes; the store never
//! sees a session id or a token. Expiry is decided against the time the caller passes in, so
//! that the store reads no clock and tests need not wait.

use chrono::{DateTime, Utc};
use jixiao_core::{ApiToken, User};

use crate::Store;
use crate::account::{user_by_id, user_id};
use crate::decode;
use crate::error::{Result, StoreError};
use crate::sql::Sql;

impl Store {
    /// Opens a session for `username`, kept under `token_hash` with its CSRF token until
    /// `expires_at`. `NotFound` for an unknown user.
    pub async fn create_session(
        &self,
        token_hash: &str,
        username: &str,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let user = user_id(&mut tx, self.backend, username).await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES (",
        );
        sql.bind(token_hash)
            .push(", ")
            .bind(user)
            .push(", ")
            .bind(csrf_token)
            .push(", ")
            .bind(decode::time_text(now))
            .push(", ")
            .bind(decode::time_text(expires_at))
            .push(")");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user of the session kept under `token_hash` and its CSRF token; `None` when there is
    /// no such session, when it has expired at `now`, or when the user is inactive.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(User, String)>> {
        let mut conn = self.pool.acquire().await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT s.user_id, s.csrf_token FROM session s JOIN app_user u ON u.id = s.user_id \
             WHERE s.token_hash = ",
        );
        sql.bind(token_hash)
            .push(" AND s.expires_at > ")
            .bind(decode::time_text(now))
            .push(" AND u.active");
        let (text, args) = sql.finish()?;
        let row: Option<(i64, String)> = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *conn)
            .await?;
        match row {
            Some((id, csrf)) => Ok(Some((user_by_id(&mut conn, self.backend, id).await?, csrf))),
            None => Ok(None),
        }
    }

    /// Ends the session kept under `token_hash`; ending one that does not exist is no error,
    /// since logging out twice should not fail.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut sql = Sql::new(self.backend, "DELETE FROM session WHERE token_hash = ");
        sql.bind(token_hash);
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes the sessions expired at `now` and returns how many; expired sessions are never
    /// honoured anyway, this only keeps the table small.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let mut sql = Sql::new(self.backend, "DELETE FROM session WHERE expires_at <= ");
        sql.bind(decode::time_text(now));
        let (text, args) = sql.finish()?;
        Ok(sqlx::query_with(&text, args)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Keeps a new API token of `username` under `token_hash` and returns its description.
    /// `NotFound` for an unknown user; `Conflict` (`api_token_token_hash_key`) when the hash is
    /// kept already.
    pub async fn create_api_token(
        &self,
        username: &str,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<ApiToken> {
        let mut tx = self.begin_write().await?;
        let user = user_id(&mut tx, self.backend, username).await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO api_token (user_id, name, token_hash, created_at, expires_at) VALUES (",
        );
        sql.bind(user)
            .push(", ")
            .bind(name)
            .push(", ")
            .bind(token_hash)
            .push(", ")
            .bind(decode::time_text(now))
            .push(", ")
            .bind(decode::time_text(expires_at))
            .push(") RETURNING id");
        let (text, args) = sql.finish()?;
        let (id,): (i64,) = sqlx::query_as_with(&text, args).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(user.name = %username, token.id = id, "API token created");
        Ok(ApiToken {
            id,
            name: name.to_owned(),
            created_at: decode::stored_time(now),
            expires_at: decode::stored_time(expires_at),
            revoked_at: None,
        })
    }

    /// The API tokens of `username`, revoked and expired ones included, oldest first.
    /// `NotFound` for an unknown user.
    pub async fn api_tokens(&self, username: &str) -> Result<Vec<ApiToken>> {
        let mut conn = self.pool.acquire().await?;
        let user = user_id(&mut conn, self.backend, username).await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT id, name, created_at, expires_at, revoked_at FROM api_token WHERE user_id = ",
        );
        sql.bind(user).push(" ORDER BY id");
        let (text, args) = sql.finish()?;
        let rows: Vec<(i64, String, String, String, Option<String>)> =
            sqlx::query_as_with(&text, args)
                .fetch_all(&mut *conn)
                .await?;
        rows.into_iter()
            .map(|(id, name, created_at, expires_at, revoked_at)| {
                Ok(ApiToken {
                    id,
                    name,
                    created_at: decode::time("api_token.created_at", &created_at)?,
                    expires_at: decode::time("api_token.expires_at", &expires_at)?,
                    revoked_at: revoked_at
                        .map(|at| decode::time("api_token.revoked_at", &at))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Revokes the token `id` of `username` at `now`; revoking it again keeps the first time.
    /// `NotFound` when `username` holds no token `id`, so nobody can revoke another's token.
    pub async fn revoke_api_token(
        &self,
        username: &str,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut sql = Sql::new(
            self.backend,
            "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ",
        );
        sql.bind(decode::time_text(now))
            .push(") WHERE id = ")
            .bind(id)
            .push(" AND user_id = (SELECT id FROM app_user WHERE username = ")
            .bind(username)
            .push(")");
        let (text, args) = sql.finish()?;
        let changed = sqlx::query_with(&text, args)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound {
                entity: "api token",
                key: id.to_string(),
            });
        }
        tracing::info!(user.name = %username, token.id = id, "API token revoked");
        Ok(())
    }

    /// The user of the token kept under `token_hash`; `None` when there is no such token, or it
    /// is revoked, or expired at `now`, or its user is inactive.
    pub async fn token_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>> {
        let mut conn = self.pool.acquire().await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT t.user_id FROM api_token t JOIN app_user u ON u.id = t.user_id \
             WHERE t.revoked_at IS NULL AND u.active AND t.token_hash = ",
        );
        sql.bind(token_hash)
            .push(" AND t.expires_at > ")
            .bind(decode::time_text(now));
        let (text, args) = sql.finish()?;
        let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *conn)
            .await?;
        match row {
            Some((id,)) => Ok(Some(user_by_id(&mut conn, self.backend, id).await?)),
            None => Ok(None),
        }
    }
}
