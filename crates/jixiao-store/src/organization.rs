//! Organizations (单位) and the cost breakdown (cost categories): the reference data projects
//! point at.

use std::collections::BTreeSet;

use jixiao_core::{CategoryCode, CostCategory, OrgCode, Organization, default_categories};

use sqlx::AnyConnection;

use crate::decode;
use crate::error::{Result, StoreError};
use crate::sql::insert_rows;
use crate::{Backend, Store};

impl Store {
    /// Every organization, ordered by code.
    pub async fn organizations(&self) -> Result<Vec<Organization>> {
        let rows: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT code, name, parent_code FROM organization ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(code, name, parent)| {
                Ok(Organization {
                    code: decode::code("organization.code", code, OrgCode::new)?,
                    name,
                    parent: parent
                        .map(|p| decode::code("organization.parent_code", p, OrgCode::new))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Inserts the organizations whose code is not stored yet, in one transaction, and returns
    /// how many were created. Existing organizations are left as they are.
    ///
    /// A parent must be stored already or be among `orgs` (in any order); otherwise the call
    /// fails with `NotFound` for the parent and creates nothing.
    pub async fn ensure_organizations(&self, orgs: &[Organization]) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        let created = insert_missing(&mut tx, self.backend, orgs).await?;
        tx.commit().await?;
        if created > 0 {
            tracing::info!(count = created, "organizations created");
        }
        Ok(created)
    }

    /// The cost breakdown, parents before children as far as the stored order allows.
    pub async fn cost_categories(&self) -> Result<Vec<CostCategory>> {
        let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT code, name_zh, name_en, parent_code, sort_order FROM cost_category \
             ORDER BY sort_order, code",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(code, name_zh, name_en, parent, sort_order)| {
                Ok(CostCategory {
                    code: decode::code("cost_category.code", code, CategoryCode::new)?,
                    name_zh,
                    name_en,
                    parent: parent
                        .map(|p| decode::code("cost_category.parent_code", p, CategoryCode::new))
                        .transpose()?,
                    sort_order: i32::try_from(sort_order).map_err(|_| {
                        StoreError::Invalid(format!("stored sort order {sort_order} is too large"))
                    })?,
                })
            })
            .collect()
    }
}

/// Inserts the categories of the standard breakdown that are missing, and returns how many.
///
/// Categories already stored are kept as they are, so a deployment's renamed or extended
/// breakdown survives every later migration run.
pub(crate) async fn seed_default_categories(store: &Store) -> Result<usize> {
    let mut tx = store.begin_write().await?;
    let existing: BTreeSet<String> =
        sqlx::query_as::<_, (String,)>("SELECT code FROM cost_category")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(code,)| code)
            .collect();
    let defaults = default_categories();
    let missing: Vec<&CostCategory> = defaults
        .iter()
        .filter(|category| !existing.contains(category.code.as_str()))
        .collect();
    let count = missing.len();
    insert_rows(
        &mut tx,
        store.backend,
        "INSERT INTO cost_category (code, name_zh, name_en, parent_code, sort_order) VALUES ",
        5,
        missing,
        |row, category| {
            row.value(category.code.as_str())
                .value(category.name_zh.as_str())
                .value(category.name_en.as_str())
                .value(category.parent.as_ref().map(CategoryCode::as_str))
                .value(category.sort_order);
        },
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}

/// Inserts the organizations of `orgs` whose code is not stored yet, on a connection whose
/// transaction the caller owns, and returns how many were created.
pub(crate) async fn insert_missing(
    conn: &mut AnyConnection,
    backend: Backend,
    orgs: &[Organization],
) -> Result<usize> {
    let existing: BTreeSet<String> =
        sqlx::query_as::<_, (String,)>("SELECT code FROM organization")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(code,)| code)
            .collect();
    let mut seen = BTreeSet::new();
    let new: Vec<&Organization> = orgs
        .iter()
        .filter(|org| !existing.contains(org.code.as_str()) && seen.insert(&org.code))
        .collect();
    for org in &new {
        if let Some(parent) = &org.parent
            && !existing.contains(parent.as_str())
            && !seen.contains(parent)
        {
            return Err(StoreError::NotFound {
                entity: "organization",
                key: parent.to_string(),
            });
        }
    }
    let created = new.len();
    insert_rows(
        conn,
        backend,
        "INSERT INTO organization (code, name, parent_code) VALUES ",
        3,
        new,
        |row, org| {
            row.value(org.code.as_str())
                .value(org.name.as_str())
                .value(org.parent.as_ref().map(OrgCode::as_str));
        },
    )
    .await?;
    Ok(created)
}
