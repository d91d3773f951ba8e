//! The target library (绩效目标库) in storage: indicator templates per project type, seeded with
//! the default library, editable, and the statistics of actual values of completed projects
//! that are shown beside each template.

use std::collections::BTreeMap;

use jixiao_core::preparation::library::{
    IndicatorTemplate, Percentiles, default_library, percentiles,
};
use jixiao_core::{IndicatorCode, ProjectType};
use rust_decimal::Decimal;
use sqlx::AnyConnection;

use crate::error::{Result, StoreError};
use crate::sql::{Sql, insert_rows};
use crate::{Backend, Store, decode};

/// A stored template in `indicator_template` column order (without id and position).
type TemplateRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    i64,
);

const TEMPLATE_SELECT: &str = "SELECT project_type, code, level1, level2, name, direction, \
     unit, default_weight, default_target, target_text, data_source, standard, frequency, core \
     FROM indicator_template";

impl Store {
    /// The templates of `project_type` (of every type for `None`), in display order.
    pub async fn indicator_templates(
        &self,
        project_type: Option<ProjectType>,
    ) -> Result<Vec<IndicatorTemplate>> {
        let mut sql = Sql::new(self.backend, TEMPLATE_SELECT);
        if let Some(project_type) = project_type {
            sql.push(" WHERE project_type = ").bind(project_type.code());
        }
        sql.push(" ORDER BY project_type, position");
        let (text, args) = sql.finish()?;
        let rows: Vec<TemplateRow> = sqlx::query_as_with(&text, args)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(template_of).collect()
    }

    /// Stores `template`, replacing the template of its type with its code, or adding it after
    /// the others of its type.
    pub async fn save_template(&self, template: &IndicatorTemplate) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let mut sql = Sql::new(
            self.backend,
            "DELETE FROM indicator_template WHERE project_type = ",
        );
        sql.bind(template.project_type.code())
            .push(" AND code = ")
            .bind(template.code.as_str().to_owned())
            .push(" RETURNING position");
        let (text, args) = sql.finish()?;
        let replaced: Option<(i64,)> = sqlx::query_as_with(&text, args)
            .fetch_optional(&mut *tx)
            .await?;
        let position = match replaced {
            Some((position,)) => position,
            None => {
                let (next,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(position) + 1, 0) FROM indicator_template \
                     WHERE project_type = $1",
                )
                .bind(template.project_type.code())
                .fetch_one(&mut *tx)
                .await?;
                next
            }
        };
        insert_templates(&mut tx, self.backend, [(position, template)]).await?;
        tx.commit().await?;
        tracing::info!(
            project_type = template.project_type.code(),
            indicator.code = %template.code,
            "indicator template saved"
        );
        Ok(())
    }

    /// Removes the template of `project_type` with `code`; `NotFound` when there is none.
    pub async fn delete_template(
        &self,
        project_type: ProjectType,
        code: &IndicatorCode,
    ) -> Result<()> {
        let mut sql = Sql::new(
            self.backend,
            "DELETE FROM indicator_template WHERE project_type = ",
        );
        sql.bind(project_type.code())
            .push(" AND code = ")
            .bind(code.as_str().to_owned());
        let (text, args) = sql.finish()?;
        let removed = sqlx::query_with(&text, args)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if removed == 0 {
            return Err(StoreError::NotFound {
                entity: "indicator template",
                key: format!("{}/{code}", project_type.code()),
            });
        }
        Ok(())
    }

    /// For each indicator code, the count and quartiles of the actual values that completed
    /// projects of `project_type` reached: the latest numeric reading of each project's
    /// indicator with that code. Codes no completed project measured are absent.
    pub async fn library_statistics(
        &self,
        project_type: ProjectType,
    ) -> Result<BTreeMap<IndicatorCode, Percentiles>> {
        let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
            "SELECT p.id, i.code, r.date, r.position, r.value FROM reading r \
             JOIN indicator i ON i.id = r.indicator_id JOIN project p ON p.id = i.project_id \
             WHERE p.project_type = $1 AND p.status = 'completed' AND r.value IS NOT NULL \
             ORDER BY p.id, i.code, r.date, r.position",
        )
        .bind(project_type.code())
        .fetch_all(&self.pool)
        .await?;
        // Ordered by date and position, so the last value seen for a project's indicator is
        // its latest reading.
        let mut latest: BTreeMap<(String, i64), Decimal> = BTreeMap::new();
        for (project, code, _, _, value) in rows {
            let value = decode::parse("reading.value", &value)?;
            latest.insert((code, project), value);
        }
        let mut values: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
        for ((code, _), value) in latest {
            values.entry(code).or_default().push(value);
        }
        values
            .into_iter()
            .filter_map(|(code, values)| percentiles(&values).map(|p| (code, p)))
            .map(|(code, stats)| {
                Ok((
                    decode::code("indicator.code", code, IndicatorCode::new)?,
                    stats,
                ))
            })
            .collect()
    }
}

/// Inserts the default library when no template is stored, so that a new deployment starts
/// with one and an edited library is never overwritten; returns the number inserted.
pub(crate) async fn seed_default_library(store: &Store) -> Result<usize> {
    let mut tx = store.begin_write().await?;
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM indicator_template")
        .fetch_one(&mut *tx)
        .await?;
    if stored > 0 {
        return Ok(0);
    }
    let library = default_library();
    let mut positions: BTreeMap<ProjectType, i64> = BTreeMap::new();
    let rows: Vec<(i64, &IndicatorTemplate)> = library
        .iter()
        .map(|template| {
            let position = positions.entry(template.project_type).or_default();
            *position += 1;
            (*position - 1, template)
        })
        .collect();
    insert_templates(&mut tx, store.backend, rows).await?;
    tx.commit().await?;
    Ok(library.len())
}

async fn insert_templates<'t>(
    conn: &mut AnyConnection,
    backend: Backend,
    templates: impl IntoIterator<Item = (i64, &'t IndicatorTemplate)>,
) -> Result<()> {
    insert_rows(
        conn,
        backend,
        "INSERT INTO indicator_template (project_type, position, code, level1, level2, name, \
         direction, unit, default_weight, default_target, target_text, data_source, standard, \
         frequency, core) VALUES ",
        15,
        templates,
        |row, (position, template)| {
            row.value(template.project_type.code())
                .value(position)
                .value(template.code.as_str())
                .value(template.level1.code())
                .value(template.level2.code())
                .value(template.name.as_str())
                .value(template.direction.code())
                .value(template.unit.as_str())
                .value(template.default_weight.to_string())
                .value(template.default_target.map(|target| target.to_string()))
                .value(template.target_text.as_deref())
                .value(template.data_source.as_str())
                .value(template.standard.code())
                .value(template.frequency.code())
                .value(i64::from(template.core));
        },
    )
    .await
}

fn template_of(row: TemplateRow) -> Result<IndicatorTemplate> {
    let (
        project_type,
        code,
        level1,
        level2,
        name,
        direction,
        unit,
        weight,
        target,
        target_text,
        data_source,
        standard,
        frequency,
        core,
    ) = row;
    Ok(IndicatorTemplate {
        project_type: decode::parse("indicator_template.project_type", &project_type)?,
        code: decode::code("indicator_template.code", code, IndicatorCode::new)?,
        level1: decode::parse("indicator_template.level1", &level1)?,
        level2: decode::parse("indicator_template.level2", &level2)?,
        name,
        direction: decode::parse("indicator_template.direction", &direction)?,
        unit,
        default_weight: decode::parse("indicator_template.default_weight", &weight)?,
        default_target: decode::parse_opt("indicator_template.default_target", target)?,
        target_text,
        data_source,
        standard: decode::parse("indicator_template.standard", &standard)?,
        frequency: decode::parse("indicator_template.frequency", &frequency)?,
        core: core != 0,
    })
}
