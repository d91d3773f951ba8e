//! User accounts: creating users with their roles, reading them back, passwords, and whether
//! an administrator exists yet.
//!
//! The store keeps the password hash it is given and never sees a password; hashing and
//! checking belong to the web layer. A user is returned as the core's [`User`], which carries
//! no hash: only [`Store::credentials`] hands one out, for checking a login.

use std::collections::BTreeMap;

use jixiao_core::{OrgCode, Role, User};
use sqlx::AnyConnection;

use crate::decode;
use crate::error::{Result, StoreError};
use crate::ledger::{Appender, Stamp};
use crate::sql::Sql;
use crate::{Backend, Store};

/// The columns of a user as [`UserRow`] reads them. `active` is BOOLEAN on PostgreSQL and 0/1
/// on SQLite; the CASE gives an integer on both.
const USER_SELECT: &str = "SELECT u.id, u.username, u.display_name, o.code, \
     CASE WHEN u.active THEN 1 ELSE 0 END FROM app_user u \
     JOIN organization o ON o.id = u.organization_id";

/// id, username, display name, organization code, active.
type UserRow = (i64, String, String, String, i64);

impl Store {
    /// Creates an active user with `roles` in one transaction and returns it.
    ///
    /// Fails with `Conflict` (`app_user_username_key`) when the name is taken, `NotFound` when
    /// the organization is not stored, and `Invalid` when the name is empty or contains
    /// whitespace. On any error nothing is written.
    pub async fn create_user(
        &self,
        username: &str,
        display_name: &str,
        organization: &OrgCode,
        roles: &[Role],
        password_hash: &str,
        stamp: &Stamp,
    ) -> Result<User> {
        check_username(username)?;
        let mut tx = self.begin_write().await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let organization_id = organization_id(&mut tx, self.backend, organization).await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO app_user (username, display_name, organization_id, password_hash, \
             active, created_at) VALUES (",
        );
        sql.bind(username)
            .push(", ")
            .bind(display_name)
            .push(", ")
            .bind(organization_id)
            .push(", ")
            .bind(password_hash)
            .push(", ")
            .bind(true)
            .push(", ")
            .bind(decode::time_text(stamp.at))
            .push(") RETURNING id");
        let (text, args) = sql.finish()?;
        let (id,): (i64,) = sqlx::query_as_with(&text, args).fetch_one(&mut *tx).await?;
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        for role in &roles {
            let mut sql = Sql::new(
                self.backend,
                "INSERT INTO user_role (user_id, role) VALUES (",
            );
            sql.bind(id).push(", ").bind(role.code()).push(")");
            let (text, args) = sql.finish()?;
            sqlx::query_with(&text, args).execute(&mut *tx).await?;
        }
        let user = user_by_id(&mut tx, self.backend, id).await?;
        ledger.set_user(&mut tx, self.backend, username).await?;
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(user.name = %username, organization = %organization, "user created");
        Ok(user)
    }

    /// Every user, ordered by login name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let mut conn = self.pool.acquire().await?;
        select_users(&mut conn, self.backend, Which::All).await
    }

    /// The user with login name `username`; `NotFound` when there is none.
    pub async fn user(&self, username: &str) -> Result<User> {
        let mut conn = self.pool.acquire().await?;
        select_users(&mut conn, self.backend, Which::Username(username))
            .await?
            .pop()
            .ok_or_else(|| not_found(username))
    }

    /// The user with login name `username` and its password hash, for checking a login; `None`
    /// when there is no such user. Inactive users are returned too: the caller decides.
    pub async fn credentials(&self, username: &str) -> Result<Option<(User, String)>> {
        let mut conn = self.pool.acquire().await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT id, password_hash FROM app_user WHERE username = ",
        );
        sql.bind(username);
        let (text, args) = sql.finish()?;
        let row: Option<(i64, String)> = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *conn)
            .await?;
        match row {
            Some((id, hash)) => Ok(Some((user_by_id(&mut conn, self.backend, id).await?, hash))),
            None => Ok(None),
        }
    }

    /// Replaces the password hash of `username` and ends all of its sessions, in one
    /// transaction, so that a changed password shuts out whoever knew the old one.
    pub async fn set_password(&self, username: &str, password_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut sql = Sql::new(self.backend, "UPDATE app_user SET password_hash = ");
        sql.bind(password_hash)
            .push(" WHERE username = ")
            .bind(username)
            .push(" RETURNING id");
        let (text, args) = sql.finish()?;
        let (id,): (i64,) = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| not_found(username))?;
        delete_sessions_of(&mut tx, self.backend, id).await?;
        tx.commit().await?;
        tracing::info!(user.name = %username, "password changed");
        Ok(())
    }

    /// Lets `username` sign in or not. Deactivating ends all of its sessions in the same
    /// transaction; its API tokens stop working while it is inactive.
    pub async fn set_user_active(&self, username: &str, active: bool, stamp: &Stamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut ledger = Appender::start(&mut tx, self, stamp).await?;
        let mut sql = Sql::new(self.backend, "UPDATE app_user SET active = ");
        sql.bind(active)
            .push(" WHERE username = ")
            .bind(username)
            .push(" RETURNING id");
        let (text, args) = sql.finish()?;
        let (id,): (i64,) = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| not_found(username))?;
        if !active {
            delete_sessions_of(&mut tx, self.backend, id).await?;
        }
        ledger.set_user(&mut tx, self.backend, username).await?;
        ledger.flush(&mut tx, self.backend).await?;
        tx.commit().await?;
        tracing::info!(user.name = %username, active, "user activation changed");
        Ok(())
    }

    /// True when an active user holds the admin role, so that a new deployment can tell that
    /// its first administrator is still to be created.
    pub async fn has_admin(&self) -> Result<bool> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM user_role r JOIN app_user u ON u.id = r.user_id \
             WHERE r.role = 'admin' AND u.active",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(count > 0)
    }
}

/// Which users [`select_users`] reads.
pub(crate) enum Which<'a> {
    All,
    Id(i64),
    Username(&'a str),
}

/// Reads users with their roles, ordered by login name.
pub(crate) async fn select_users(
    conn: &mut AnyConnection,
    backend: Backend,
    which: Which<'_>,
) -> Result<Vec<User>> {
    let mut sql = Sql::new(backend, USER_SELECT);
    match which {
        Which::All => {}
        Which::Id(id) => {
            sql.push(" WHERE u.id = ").bind(id);
        }
        Which::Username(name) => {
            sql.push(" WHERE u.username = ").bind(name);
        }
    }
    sql.push(" ORDER BY u.username");
    let (text, args) = sql.finish()?;
    let rows: Vec<UserRow> = sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(backend, "SELECT user_id, role FROM user_role");
    if rows.len() == 1 {
        sql.push(" WHERE user_id = ").bind(rows[0].0);
    }
    let (text, args) = sql.finish()?;
    let mut roles: BTreeMap<i64, Vec<Role>> = BTreeMap::new();
    for (user_id, role) in sqlx::query_as_with::<_, (i64, String), _>(&text, args)
        .fetch_all(&mut *conn)
        .await?
    {
        roles
            .entry(user_id)
            .or_default()
            .push(decode::parse("user_role.role", &role)?);
    }
    rows.into_iter()
        .map(|(id, username, display_name, organization, active)| {
            let mut roles = roles.remove(&id).unwrap_or_default();
            roles.sort();
            Ok(User {
                id,
                username,
                display_name,
                organization: decode::code("organization.code", organization, OrgCode::new)?,
                roles,
                active: active != 0,
            })
        })
        .collect()
}

/// The user with row id `id`, which the caller knows exists.
pub(crate) async fn user_by_id(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
) -> Result<User> {
    select_users(conn, backend, Which::Id(id))
        .await?
        .pop()
        .ok_or_else(|| not_found(&format!("#{id}")))
}

/// The row id of the user `username`; `NotFound` when there is none.
pub(crate) async fn user_id(
    conn: &mut AnyConnection,
    backend: Backend,
    username: &str,
) -> Result<i64> {
    let mut sql = Sql::new(backend, "SELECT id FROM app_user WHERE username = ");
    sql.bind(username);
    let (text, args) = sql.finish()?;
    let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(id,)| id).ok_or_else(|| not_found(username))
}

/// The row id of the organization `code`; `NotFound` when there is none.
pub(crate) async fn organization_id(
    conn: &mut AnyConnection,
    backend: Backend,
    code: &OrgCode,
) -> Result<i64> {
    let mut sql = Sql::new(backend, "SELECT id FROM organization WHERE code = ");
    sql.bind(code.as_str());
    let (text, args) = sql.finish()?;
    let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(id,)| id).ok_or_else(|| StoreError::NotFound {
        entity: "organization",
        key: code.to_string(),
    })
}

/// Ends every session of the user with row id `id`.
async fn delete_sessions_of(conn: &mut AnyConnection, backend: Backend, id: i64) -> Result<()> {
    let mut sql = Sql::new(backend, "DELETE FROM session WHERE user_id = ");
    sql.bind(id);
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(())
}

/// Refuses login names that could not be typed back or would look alike.
fn check_username(username: &str) -> Result<()> {
    if username.is_empty()
        || username
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::Invalid(format!(
            "user name \"{username}\" is empty or contains whitespace"
        )));
    }
    Ok(())
}

/// The error for a user that does not exist.
fn not_found(username: &str) -> StoreError {
    StoreError::NotFound {
        entity: "user",
        key: username.to_owned(),
    }
}
