//! `jixiao library list`: the target library's indicator templates, each with the count and
//! quartiles of the actual values completed projects of its type reached.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context;
use jixiao_core::preparation::library::{IndicatorTemplate, Percentiles};
use jixiao_core::{IndicatorCode, ProjectType};
use jixiao_store::Store;

use super::table::{Table, left, right};
use crate::cli::OutputFormat;

/// Prints the templates of `project_type`, or of every type, with their statistics.
pub async fn list(
    store: &Store,
    project_type: Option<ProjectType>,
    format: OutputFormat,
) -> anyhow::Result<()> {
    let templates = store
        .indicator_templates(project_type)
        .await
        .context("reading the target library")?;
    // The store gives statistics one project type at a time; only the types listed are asked.
    let types: BTreeSet<ProjectType> = templates.iter().map(|t| t.project_type).collect();
    let mut statistics: BTreeMap<ProjectType, BTreeMap<IndicatorCode, Percentiles>> =
        BTreeMap::new();
    for project_type in types {
        let of_type = store
            .library_statistics(project_type)
            .await
            .with_context(|| format!("reading the statistics of {project_type} projects"))?;
        statistics.insert(project_type, of_type);
    }
    let statistics_of = |template: &IndicatorTemplate| {
        statistics
            .get(&template.project_type)
            .and_then(|of_type| of_type.get(&template.code))
            .copied()
    };
    if format == OutputFormat::Json {
        let rows: Vec<serde_json::Value> = templates
            .iter()
            .map(|template| {
                let mut value = serde_json::to_value(template).expect("a template serializes");
                value["statistics"] =
                    serde_json::to_value(statistics_of(template)).expect("statistics serialize");
                value
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if templates.is_empty() {
        println!("the target library holds no templates for this type");
        return Ok(());
    }
    let mut table = Table::new([
        left("TYPE"),
        left("CODE"),
        left("LEVEL 2"),
        left("DIRECTION"),
        right("TARGET"),
        left("UNIT"),
        right("WEIGHT"),
        right("N"),
        right("P25"),
        right("P50"),
        right("P75"),
        left("NAME"),
    ]);
    for template in &templates {
        let target = match template.default_target {
            Some(target) => target.normalize().to_string(),
            None => template.target_text.clone().unwrap_or_default(),
        };
        let quartiles = match statistics_of(template) {
            Some(stats) => [
                stats.count.to_string(),
                stats.p25.normalize().to_string(),
                stats.p50.normalize().to_string(),
                stats.p75.normalize().to_string(),
            ],
            None => [
                "0".to_owned(),
                "-".to_owned(),
                "-".to_owned(),
                "-".to_owned(),
            ],
        };
        let mut cells = vec![
            template.project_type.code().to_owned(),
            template.code.to_string(),
            template.level2.code().to_owned(),
            template.direction.code().to_owned(),
            target,
            template.unit.clone(),
            template.default_weight.normalize().to_string(),
        ];
        cells.extend(quartiles);
        cells.push(template.name.clone());
        table.row(cells);
    }
    print!("{}", table.render());
    Ok(())
}
