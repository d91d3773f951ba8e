//! `jixiao targets show`, `set` and `from-library`: a project's performance targets (绩效目标)
//! and the rules they still break.
//!
//! An incomplete set is stored as it is, so that a table can be finished in several sittings;
//! what is missing is printed after every write, and the budget workflow refuses submission
//! until nothing is.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;
use jixiao_core::preparation::library::start_from_library;
use jixiao_core::preparation::target::{TargetIndicator, TargetProblem, TargetSet, validate};
use jixiao_core::{Direction, Project, ProjectCode};
use jixiao_store::Store;

use super::input;
use super::table::{Table, left, right};
use crate::cli::OutputFormat;
use crate::commands::stamp;

/// Prints the targets of project `code` and every rule they break.
pub async fn show(store: &Store, code: &ProjectCode, format: OutputFormat) -> anyhow::Result<()> {
    let project = project(store, code).await?;
    let targets = targets(store, code).await?;
    let problems = validate(project.project_type, &targets);
    if format == OutputFormat::Json {
        let problems: Vec<serde_json::Value> = problems
            .iter()
            .map(|problem| {
                let mut value = serde_json::to_value(problem).expect("a problem serializes");
                value["message"] = problem.message(false).into();
                value
            })
            .collect();
        let document = serde_json::json!({
            "project": code,
            "project_type": project.project_type,
            "targets": targets,
            "problems": problems,
        });
        println!("{}", serde_json::to_string_pretty(&document)?);
        return Ok(());
    }
    println!(
        "Performance targets of {code} {} ({})",
        project.name, project.project_type
    );
    println!("overall goal: {}", shown_or_none(&targets.overall_goal));
    for (year, goal) in &targets.annual_goals {
        println!("goal of {year}: {}", shown_or_none(goal));
    }
    println!(
        "weight of the budget execution rate: {}",
        targets.execution_weight.normalize()
    );
    if targets.indicators.is_empty() {
        println!("no indicators");
    } else {
        print!("{}", indicator_table(&targets.indicators).render());
    }
    if problems.is_empty() {
        println!("complete: no rule is broken");
    } else {
        println!("problems:");
        for problem in &problems {
            println!("  {}", problem.message(false));
        }
    }
    Ok(())
}

/// Stores the target set of the JSON file at `path` as project `code`'s targets, then prints
/// the rules it still breaks on standard error.
pub async fn set(store: &Store, code: &ProjectCode, path: &Path) -> anyhow::Result<()> {
    let targets: TargetSet = input::json_file(path)?;
    let project = project(store, code).await?;
    store
        .set_targets(code, &targets, &stamp())
        .await
        .with_context(|| format!("storing the targets of {code} from {}", path.display()))?;
    println!(
        "stored the targets of {code}: {} indicators",
        targets.indicators.len()
    );
    warn(&validate(project.project_type, &targets));
    Ok(())
}

/// Adds to the targets of project `code` a row for every template of the library for its type
/// whose code the targets lack, stores them and prints what was added.
pub async fn from_library(store: &Store, code: &ProjectCode) -> anyhow::Result<()> {
    let project = project(store, code).await?;
    let mut targets = targets(store, code).await?;
    let project_type = project.project_type;
    let templates = store
        .indicator_templates(Some(project_type))
        .await
        .with_context(|| format!("reading the {project_type} templates of the target library"))?;
    let stored: BTreeSet<String> = targets
        .indicators
        .iter()
        .map(|row| row.indicator.code.to_string())
        .collect();
    let added: Vec<TargetIndicator> = start_from_library(project_type, &templates)
        .into_iter()
        .filter(|row| !stored.contains(row.indicator.code.as_str()))
        .collect();
    if added.is_empty() {
        println!(
            "nothing to add: the targets of {code} hold every indicator of the {project_type} \
             library"
        );
        return Ok(());
    }
    targets.indicators.extend(added.iter().cloned());
    store
        .set_targets(code, &targets, &stamp())
        .await
        .with_context(|| format!("storing the targets of {code}"))?;
    println!(
        "added {} indicators from the {project_type} library to the targets of {code}:",
        added.len()
    );
    print!("{}", indicator_table(&added).render());
    warn(&validate(project_type, &targets));
    Ok(())
}

/// The indicator table: code, levels, direction, target, unit, weight, core mark, owner and
/// name (last, since it is the widest).
fn indicator_table(rows: &[TargetIndicator]) -> Table {
    let mut table = Table::new([
        left("CODE"),
        left("LEVEL 2"),
        left("DIRECTION"),
        right("TARGET"),
        left("UNIT"),
        right("WEIGHT"),
        left("CORE"),
        left("OWNER"),
        left("NAME"),
    ]);
    for row in rows {
        let indicator = &row.indicator;
        let target = match (indicator.direction, indicator.target) {
            (Direction::Qualitative, _) | (_, None) => {
                indicator.target_text.clone().unwrap_or_default()
            }
            (_, Some(target)) => target.normalize().to_string(),
        };
        table.row(vec![
            indicator.code.to_string(),
            indicator.level2.code().to_owned(),
            indicator.direction.code().to_owned(),
            target,
            indicator.unit.clone(),
            indicator.weight.normalize().to_string(),
            if indicator.core { "yes" } else { "" }.to_owned(),
            row.owner.clone().unwrap_or_default(),
            indicator.name.clone(),
        ]);
    }
    table
}

/// Prints each broken rule as a warning on standard error.
fn warn(problems: &[TargetProblem]) {
    for problem in problems {
        eprintln!("problem: {}", problem.message(false));
    }
}

/// The text, or `(none)` when it is blank.
fn shown_or_none(text: &str) -> &str {
    if text.trim().is_empty() {
        "(none)"
    } else {
        text
    }
}

/// Project `code`.
async fn project(store: &Store, code: &ProjectCode) -> anyhow::Result<Project> {
    Ok(store
        .project(code)
        .await
        .with_context(|| format!("reading project {code}"))?
        .project)
}

/// The stored targets of project `code`.
async fn targets(store: &Store, code: &ProjectCode) -> anyhow::Result<TargetSet> {
    store
        .targets(code)
        .await
        .with_context(|| format!("reading the targets of project {code}"))
}
