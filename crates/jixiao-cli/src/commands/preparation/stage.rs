//! `jixiao stage set` and `jixiao stage compare`: a project's cost stages from CSV files, and
//! the stage comparison report (三算对比) as a table or JSON.

use std::path::Path;

use anyhow::Context;
use jixiao_core::ProjectCode;
use jixiao_core::preparation::stage::{
    CostStage, StageAmount, StageBreakdown, StageComparison, StageDifference, compare,
};
use jixiao_store::Store;

use super::input;
use super::table::{Table, left, right, signed_percent, signed_yuan};
use crate::cli::OutputFormat;

/// Stores the stage `stage` of project `code` from the CSV file at `path`; prints the 10 %
/// warning on standard error when the store raises it, and a summary otherwise.
pub async fn set(
    store: &Store,
    code: &ProjectCode,
    stage: CostStage,
    path: &Path,
) -> anyhow::Result<()> {
    store
        .project(code)
        .await
        .with_context(|| format!("reading project {code}"))?;
    let categories = store.cost_categories().await?;
    let breakdown = StageBreakdown {
        stage,
        lines: input::stage_lines(path, &categories)?,
    };
    let warning = store
        .set_stage(code, &breakdown, &crate::commands::stamp())
        .await
        .with_context(|| format!("storing the {stage} of project {code}"))?;
    match warning {
        Some(warning) => eprintln!("warning: {}", warning.message(false)),
        None => println!(
            "stored the {stage} of {code}: {} lines, {} 元",
            breakdown.lines.len(),
            breakdown.total().format_yuan()
        ),
    }
    Ok(())
}

/// Prints the comparison of every stored stage of project `code`.
pub async fn compare_stages(
    store: &Store,
    code: &ProjectCode,
    format: OutputFormat,
) -> anyhow::Result<()> {
    let project = store
        .project(code)
        .await
        .with_context(|| format!("reading project {code}"))?
        .project;
    let stages = store
        .stages(code)
        .await
        .with_context(|| format!("reading the cost stages of project {code}"))?;
    let comparison = compare(project.project_type, &stages);
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&comparison)?),
        OutputFormat::Text if comparison.stages.is_empty() => {
            println!("{code} has no cost stages; store one with `jixiao stage set`");
        }
        OutputFormat::Text => {
            println!(
                "Stage comparison of {code} {} ({}), amounts in 元",
                project.name, project.project_type
            );
            print!("{}", comparison_table(&comparison).render());
            if let Some(warning) = &comparison.estimate_overrun {
                println!("warning: {}", warning.message(false));
            }
        }
    }
    Ok(())
}

/// The report as a table: each line's amount at each stage, and after every stage but the
/// first its change from the stage before, in 元 and in percent; the totals last.
fn comparison_table(comparison: &StageComparison) -> Table {
    let mut columns = vec![left("LINE"), left("NAME")];
    for (index, stage) in comparison.stages.iter().enumerate() {
        columns.push(right(stage.code()));
        if index > 0 {
            columns.push(right("CHANGE"));
            columns.push(right("%"));
        }
    }
    let mut table = Table::new(columns);
    for row in &comparison.rows {
        let amounts: Vec<Option<String>> = row
            .amounts
            .iter()
            .map(|StageAmount { amount, .. }| amount.map(|a| a.format_yuan()))
            .collect();
        let mut cells = vec![row.line.to_string(), row.name.clone()];
        cells.extend(stage_cells(&amounts, &row.differences));
        table.row(cells);
    }
    let totals: Vec<Option<String>> = comparison
        .totals
        .amounts
        .iter()
        .map(|total| Some(total.amount.format_yuan()))
        .collect();
    let mut cells = vec!["TOTAL".to_owned(), String::new()];
    cells.extend(stage_cells(&totals, &comparison.totals.differences));
    table.row(cells);
    table
}

/// The cells after the name: each stage's amount (`-` where the line is absent), followed from
/// the second stage on by the change from the stage before.
fn stage_cells(amounts: &[Option<String>], differences: &[StageDifference]) -> Vec<String> {
    let mut cells = Vec::new();
    for (index, amount) in amounts.iter().enumerate() {
        cells.push(amount.clone().unwrap_or_else(|| "-".to_owned()));
        if let Some(difference) = index.checked_sub(1).and_then(|i| differences.get(i)) {
            cells.push(signed_yuan(difference.amount));
            cells.push(signed_percent(difference.percent));
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use jixiao_core::preparation::stage::StageLine;
    use jixiao_core::{CategoryCode, LineCode, Money, ProjectType};

    use super::*;

    fn stage(stage: CostStage, lines: &[(&str, i64)]) -> StageBreakdown {
        StageBreakdown {
            stage,
            lines: lines
                .iter()
                .map(|(code, yuan)| StageLine {
                    line: LineCode::new(*code).unwrap(),
                    name: format!("{code} 工程"),
                    category: CategoryCode::new("building_works").unwrap(),
                    amount: Money::from_yuan(*yuan),
                })
                .collect(),
        }
    }

    #[test]
    fn each_later_stage_shows_its_change_and_a_missing_line_shows_a_dash() {
        let comparison = compare(
            ProjectType::Highway,
            &[
                stage(CostStage::Estimate, &[("L1", 1_000_000)]),
                stage(
                    CostStage::BudgetaryEstimate,
                    &[("L1", 1_100_000), ("L2", 50_000)],
                ),
            ],
        );
        let text = comparison_table(&comparison).render();
        let lines: Vec<&str> = text.lines().collect();
        let words = |line: &str| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words(lines[0]),
            [
                "LINE",
                "NAME",
                "estimate",
                "budgetary_estimate",
                "CHANGE",
                "%"
            ]
        );
        assert_eq!(
            words(lines[1]),
            [
                "L1",
                "L1",
                "工程",
                "1,000,000.00",
                "1,100,000.00",
                "+100,000.00",
                "+10.00%"
            ]
        );
        assert_eq!(
            words(lines[2]),
            ["L2", "L2", "工程", "-", "50,000.00", "+50,000.00", "-"]
        );
        assert_eq!(
            words(lines[3]),
            [
                "TOTAL",
                "1,000,000.00",
                "1,150,000.00",
                "+150,000.00",
                "+15.00%"
            ]
        );
    }
}
