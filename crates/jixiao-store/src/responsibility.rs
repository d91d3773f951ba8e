//! Posts (岗位), who holds them, and who answers for each cost line and indicator of a project.
//!
//! An item is owned by one user or one post; a post's holders answer for it through the post.
//! Items are named by code: a cost line's code names it in every fiscal year of its project.
//! When a project is replaced, owners of the items that are still there are kept and the rows
//! of items that are gone are dropped (see [`take_owners`] and [`restore_owners`]).

use std::collections::BTreeMap;

use jixiao_core::{
    IndicatorCode, ItemRef, LineCode, OrgCode, OwnedItem, Owner, Post, ProjectCode, Responsibility,
};
use sqlx::AnyConnection;

use crate::account::{organization_id, user_id};
use crate::decode;
use crate::error::{Result, StoreError};
use crate::sql::Sql;
use crate::{Backend, Store};

/// The owner columns of one stored responsibility: item kind, item code, user id, post id.
pub(crate) type OwnerRow = (String, String, Option<i64>, Option<i64>);

impl Store {
    /// Creates the posts whose code is not stored yet, in one transaction, and returns how many
    /// were created; existing posts are left as they are. `NotFound` for an unknown
    /// organization, and then nothing is created.
    pub async fn ensure_posts(&self, posts: &[Post]) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        let mut created = 0;
        for post in posts {
            if post_id(&mut tx, self.backend, &post.code).await.is_ok() {
                continue;
            }
            let organization = organization_id(&mut tx, self.backend, &post.organization).await?;
            let mut sql = Sql::new(
                self.backend,
                "INSERT INTO post (code, name, organization_id) VALUES (",
            );
            sql.bind(post.code.as_str())
                .push(", ")
                .bind(post.name.as_str())
                .push(", ")
                .bind(organization)
                .push(")");
            let (text, args) = sql.finish()?;
            sqlx::query_with(&text, args).execute(&mut *tx).await?;
            created += 1;
        }
        tx.commit().await?;
        Ok(created)
    }

    /// Every post, ordered by code.
    pub async fn posts(&self) -> Result<Vec<Post>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT p.code, p.name, o.code FROM post p \
             JOIN organization o ON o.id = p.organization_id ORDER BY p.code",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(code, name, organization)| {
                Ok(Post {
                    code,
                    name,
                    organization: decode::code("organization.code", organization, OrgCode::new)?,
                })
            })
            .collect()
    }

    /// Lets `username` hold the post `post_code`; holding it already is no error. `NotFound`
    /// for an unknown post or user.
    pub async fn add_post_holder(&self, post_code: &str, username: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let post = post_id(&mut tx, self.backend, post_code).await?;
        let user = user_id(&mut tx, self.backend, username).await?;
        let mut sql = Sql::new(
            self.backend,
            "INSERT INTO post_holder (post_id, user_id) VALUES (",
        );
        sql.bind(post)
            .push(", ")
            .bind(user)
            .push(") ON CONFLICT (post_id, user_id) DO NOTHING");
        let (text, args) = sql.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives each item of `project` its owner, replacing any earlier owner, in one transaction.
    ///
    /// `NotFound` for an unknown project, an item the project does not have (entity `cost
    /// line` or `indicator`), or an unknown user or post; then nothing is written.
    pub async fn assign_owners(
        &self,
        project: &ProjectCode,
        assignments: &[(ItemRef, Owner)],
    ) -> Result<()> {
        let changes: Vec<(ItemRef, Option<Owner>)> = assignments
            .iter()
            .map(|(item, owner)| (item.clone(), Some(owner.clone())))
            .collect();
        self.set_owners(project, &changes).await
    }

    /// Sets or clears the owner of each item of `project` in one transaction: `Some` replaces
    /// any earlier owner, `None` leaves the item without one.
    ///
    /// `NotFound` for an unknown project, an item the project does not have (entity `cost
    /// line` or `indicator`), or an unknown user or post; then nothing is written.
    pub async fn set_owners(
        &self,
        project: &ProjectCode,
        changes: &[(ItemRef, Option<Owner>)],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let project_id = project_id(&mut tx, self.backend, project).await?;
        for (item, owner) in changes {
            if !item_exists(&mut tx, self.backend, project_id, item.kind(), item.code()).await? {
                return Err(StoreError::NotFound {
                    entity: match item {
                        ItemRef::CostLine(_) => "cost line",
                        ItemRef::Indicator(_) => "indicator",
                    },
                    key: item.code().to_owned(),
                });
            }
            let (user, post) = match owner {
                Some(Owner::User(name)) => {
                    (Some(user_id(&mut tx, self.backend, name).await?), None)
                }
                Some(Owner::Post(code)) => {
                    (None, Some(post_id(&mut tx, self.backend, code).await?))
                }
                None => {
                    clear_owner(&mut tx, self.backend, project_id, item).await?;
                    continue;
                }
            };
            let row = (item.kind().to_owned(), item.code().to_owned(), user, post);
            upsert_owner(&mut tx, self.backend, project_id, row).await?;
        }
        tx.commit().await?;
        tracing::info!(project.code = %project, count = changes.len(), "owners set");
        Ok(())
    }

    /// Who answers for each owned item of `project`: cost lines first, then indicators, each
    /// by code. Items nobody owns are not listed. `NotFound` for an unknown project.
    pub async fn responsibilities(&self, project: &ProjectCode) -> Result<Vec<Responsibility>> {
        let mut tx = self.begin_read().await?;
        let project_id = project_id(&mut tx, self.backend, project).await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT r.item_kind, r.item_code, u.username, u.display_name, p.id, p.code, p.name \
             FROM responsibility r LEFT JOIN app_user u ON u.id = r.owner_user_id \
             LEFT JOIN post p ON p.id = r.owner_post_id WHERE r.project_id = ",
        );
        sql.bind(project_id)
            .push(" ORDER BY r.item_kind, r.item_code");
        let (text, args) = sql.finish()?;
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        let mut sql = Sql::new(
            self.backend,
            "SELECT h.post_id, u.display_name FROM post_holder h \
             JOIN app_user u ON u.id = h.user_id WHERE h.post_id IN ",
        );
        sql.bind_list(rows.iter().filter_map(|row| row.4));
        let (text, args) = sql.finish()?;
        let mut holders: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (post, name) in sqlx::query_as_with::<_, (i64, String), _>(&text, args)
            .fetch_all(&mut *tx)
            .await?
        {
            holders.entry(post).or_default().push(name);
        }
        tx.commit().await?;
        rows.into_iter()
            .map(
                |(kind, code, username, display_name, post_id, post_code, post_name)| {
                    let item = item_ref(&kind, code)?;
                    let (owner, owner_name, holders) = match (username, post_id, post_code) {
                        (Some(username), _, _) => (
                            Owner::User(username),
                            display_name.unwrap_or_default(),
                            Vec::new(),
                        ),
                        (None, Some(id), Some(code)) => {
                            // Sorted here: the display names have no collation in common on the
                            // two backends.
                            let mut names = holders.get(&id).cloned().unwrap_or_default();
                            names.sort();
                            (Owner::Post(code), post_name.unwrap_or_default(), names)
                        }
                        _ => {
                            return Err(StoreError::Invalid(
                                "stored responsibility has no owner".into(),
                            ));
                        }
                    };
                    Ok(Responsibility {
                        item,
                        owner,
                        owner_name,
                        holders,
                    })
                },
            )
            .collect()
    }

    /// The items `username` answers for, directly or through a post it holds, ordered by
    /// project code, then cost lines before indicators, each by code. `NotFound` for an
    /// unknown user.
    pub async fn items_of(&self, username: &str) -> Result<Vec<OwnedItem>> {
        let mut tx = self.begin_read().await?;
        let user = user_id(&mut tx, self.backend, username).await?;
        // A cost line's name is taken from the latest fiscal year that has the line.
        let mut sql = Sql::new(
            self.backend,
            "SELECT pr.code, pr.name, r.item_kind, r.item_code, \
             CASE WHEN r.item_kind = 'cost_line' THEN \
             (SELECT cl.name FROM cost_line cl JOIN budget b ON b.id = cl.budget_id \
             WHERE b.project_id = r.project_id AND cl.code = r.item_code \
             ORDER BY b.fiscal_year DESC LIMIT 1) \
             ELSE (SELECT i.name FROM indicator i \
             WHERE i.project_id = r.project_id AND i.code = r.item_code) END, \
             po.name FROM responsibility r JOIN project pr ON pr.id = r.project_id \
             LEFT JOIN post po ON po.id = r.owner_post_id WHERE r.owner_user_id = ",
        );
        sql.bind(user)
            .push(" OR r.owner_post_id IN (SELECT post_id FROM post_holder WHERE user_id = ")
            .bind(user)
            .push(") ORDER BY pr.code, r.item_kind, r.item_code");
        let (text, args) = sql.finish()?;
        type Row = (
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|(project, project_name, kind, code, item_name, via_post)| {
                Ok(OwnedItem {
                    project: decode::code("project.code", project, ProjectCode::new)?,
                    project_name,
                    item: item_ref(&kind, code)?,
                    item_name: item_name.unwrap_or_default(),
                    via_post,
                })
            })
            .collect()
    }
}

/// Reads the owners of `project` before it is deleted for replacement.
pub(crate) async fn take_owners(
    conn: &mut AnyConnection,
    backend: Backend,
    project: &ProjectCode,
) -> Result<Vec<OwnerRow>> {
    let mut sql = Sql::new(
        backend,
        "SELECT r.item_kind, r.item_code, r.owner_user_id, r.owner_post_id \
         FROM responsibility r JOIN project p ON p.id = r.project_id WHERE p.code = ",
    );
    sql.bind(project.as_str());
    let (text, args) = sql.finish()?;
    Ok(sqlx::query_as_with(&text, args)
        .fetch_all(&mut *conn)
        .await?)
}

/// Gives the replaced `project` back the owners of its items that still exist, and returns how
/// many were dropped because their item is gone.
pub(crate) async fn restore_owners(
    conn: &mut AnyConnection,
    backend: Backend,
    project: &ProjectCode,
    rows: Vec<OwnerRow>,
) -> Result<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let project_id = project_id(conn, backend, project).await?;
    let mut dropped = 0;
    for row in rows {
        if item_exists(conn, backend, project_id, &row.0, &row.1).await? {
            upsert_owner(conn, backend, project_id, row).await?;
        } else {
            dropped += 1;
        }
    }
    Ok(dropped)
}

/// The user and post row ids of `owner`, one of them set; `NotFound` for an unknown user or
/// post.
pub(crate) async fn owner_ids(
    conn: &mut AnyConnection,
    backend: Backend,
    owner: &Owner,
) -> Result<(Option<i64>, Option<i64>)> {
    Ok(match owner {
        Owner::User(name) => (Some(user_id(conn, backend, name).await?), None),
        Owner::Post(code) => (None, Some(post_id(conn, backend, code).await?)),
    })
}

/// Inserts or replaces the owner of one item.
pub(crate) async fn upsert_owner(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
    (kind, code, user, post): OwnerRow,
) -> Result<()> {
    let mut sql = Sql::new(
        backend,
        "INSERT INTO responsibility (project_id, item_kind, item_code, owner_user_id, \
         owner_post_id) VALUES (",
    );
    sql.bind(project_id)
        .push(", ")
        .bind(kind)
        .push(", ")
        .bind(code)
        .push(", ")
        .bind(user)
        .push(", ")
        .bind(post)
        .push(
            ") ON CONFLICT (project_id, item_kind, item_code) DO UPDATE SET \
             owner_user_id = excluded.owner_user_id, owner_post_id = excluded.owner_post_id",
        );
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(())
}

/// Removes the owner of one item, if it has one.
pub(crate) async fn clear_owner(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
    item: &ItemRef,
) -> Result<()> {
    let mut sql = Sql::new(backend, "DELETE FROM responsibility WHERE project_id = ");
    sql.bind(project_id)
        .push(" AND item_kind = ")
        .bind(item.kind())
        .push(" AND item_code = ")
        .bind(item.code());
    let (text, args) = sql.finish()?;
    sqlx::query_with(&text, args).execute(&mut *conn).await?;
    Ok(())
}

/// Whether the project with row id `project_id` has the item `kind` `code`.
async fn item_exists(
    conn: &mut AnyConnection,
    backend: Backend,
    project_id: i64,
    kind: &str,
    code: &str,
) -> Result<bool> {
    let head = match kind {
        "cost_line" => {
            "SELECT COUNT(*) FROM cost_line item JOIN budget b ON b.id = item.budget_id \
             WHERE b.project_id = "
        }
        _ => "SELECT COUNT(*) FROM indicator item WHERE item.project_id = ",
    };
    let mut sql = Sql::new(backend, head);
    sql.bind(project_id).push(" AND item.code = ").bind(code);
    let (text, args) = sql.finish()?;
    let (count,): (i64,) = sqlx::query_as_with(&text, args)
        .fetch_one(&mut *conn)
        .await?;
    Ok(count > 0)
}

/// The row id of the project `code`; `NotFound` when there is none.
async fn project_id(conn: &mut AnyConnection, backend: Backend, code: &ProjectCode) -> Result<i64> {
    let mut sql = Sql::new(backend, "SELECT id FROM project WHERE code = ");
    sql.bind(code.as_str());
    let (text, args) = sql.finish()?;
    let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(id,)| id).ok_or_else(|| StoreError::NotFound {
        entity: "project",
        key: code.to_string(),
    })
}

/// The row id of the post `code`; `NotFound` when there is none.
async fn post_id(conn: &mut AnyConnection, backend: Backend, code: &str) -> Result<i64> {
    let mut sql = Sql::new(backend, "SELECT id FROM post WHERE code = ");
    sql.bind(code);
    let (text, args) = sql.finish()?;
    let row: Option<(i64,)> = sqlx::query_as_with(&text, args)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(id,)| id).ok_or_else(|| StoreError::NotFound {
        entity: "post",
        key: code.to_owned(),
    })
}

/// A stored item kind and code as an item reference.
fn item_ref(kind: &str, code: String) -> Result<ItemRef> {
    match kind {
        "cost_line" => Ok(ItemRef::CostLine(decode::code(
            "responsibility.item_code",
            code,
            LineCode::new,
        )?)),
        "indicator" => Ok(ItemRef::Indicator(decode::code(
            "responsibility.item_code",
            code,
            IndicatorCode::new,
        )?)),
        other => Err(StoreError::Invalid(format!(
            "stored responsibility.item_kind \"{other}\" is unreadable"
        ))),
    }
}
