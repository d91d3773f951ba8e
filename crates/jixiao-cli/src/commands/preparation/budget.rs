//! `jixiao budget draft`, `justify`, `submit`, `approve`, `return` and `status`: a yearly budget
//! prepared from files and taken through its approval from the command line.
//!
//! The rules of the workflow are the core's and the store applies them in its transactions;
//! this module reads the files, names the step and says why a refused step was refused.

use std::path::Path;

use anyhow::{Context, bail};
use jixiao_core::preparation::approval::{
    BudgetWorkflow, Transition, WorkflowAction, WorkflowError,
};
use jixiao_core::preparation::justification::{Justification, check, check_budget};
use jixiao_core::preparation::target::validate;
use jixiao_core::{Budget, CostLine, LineCode, ProjectCode};
use jixiao_store::{Store, StoreError};

use super::input;
use super::table::{Table, left, right};
use crate::cli::OutputFormat;
use crate::commands::stamp;

/// The fiscal years a budget may be prepared for, as on the prepare page.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Starts the `year` budget of project `code` as a draft with the lines of the CSV file at
/// `path`.
pub async fn draft(
    store: &Store,
    code: &ProjectCode,
    year: i32,
    path: &Path,
) -> anyhow::Result<()> {
    if !YEARS.contains(&year) {
        bail!(
            "year {year} is out of range ({} to {})",
            YEARS.start(),
            YEARS.end()
        );
    }
    let project = store
        .project(code)
        .await
        .with_context(|| format!("reading project {code}"))?
        .project;
    let categories = store.cost_categories().await?;
    let budget = Budget {
        fiscal_year: year,
        lines: input::draft_lines(path, &categories, &project, year)?,
        adjustments: Vec::new(),
    };
    store
        .create_draft_budget(code, &budget, &stamp())
        .await
        .with_context(|| format!("creating the {year} draft budget of project {code}"))?;
    println!(
        "created the {year} draft budget of {code}: {} lines, {} 元",
        budget.lines.len(),
        budget.original_total().format_yuan()
    );
    Ok(())
}

/// Stores the justification of line `line` from the JSON file at `path` and prints, on
/// standard error, the problems that would still block submission.
pub async fn justify(
    store: &Store,
    code: &ProjectCode,
    year: i32,
    line: &str,
    path: &Path,
) -> anyhow::Result<()> {
    let justification: Justification = input::json_file(path)?;
    let line = budget_line(store, code, year, line).await?;
    // The store keeps a justification in any state; only a budget still being prepared may
    // change, as on the prepare page.
    workflow(store, code, year)
        .await?
        .check_editable()
        .with_context(|| {
            format!(
                "justifying line {} of the {year} budget of {code}",
                line.code
            )
        })?;
    store
        .set_justification(code, year, &line.code, &justification)
        .await
        .with_context(|| format!("storing the justification of line {}", line.code))?;
    let problems = check(line.amount, Some(&justification));
    println!(
        "stored the justification of line {} of the {year} budget of {code}",
        line.code
    );
    for problem in &problems {
        eprintln!("problem: line {}: {}", line.code, problem.message(false));
    }
    Ok(())
}

/// Applies `transition` to the `year` budget of project `code` and prints the new state. A
/// refused submission also lists, on standard error, each blocker with what it means.
pub async fn transition(
    store: &Store,
    code: &ProjectCode,
    year: i32,
    transition: Transition,
) -> anyhow::Result<()> {
    let action = transition.action();
    if let Transition::Return { lines, .. } = &transition {
        let budget = budget_of(store, code, year).await?;
        if let Some(unknown) = lines.iter().find(|line| budget.line(line).is_none()) {
            bail!("the {year} budget of {code} has no line {unknown}");
        }
    }
    let applied = store
        .apply_budget_transition(code, year, transition, &stamp())
        .await;
    // The refusal names only the codes of the blockers; what each means is read again here.
    if let Err(StoreError::Refused(WorkflowError::NotSubmittable { problems })) = &applied {
        explain_blockers(store, code, year, problems).await;
    }
    let workflow =
        applied.with_context(|| format!("{} the {year} budget of {code}", doing(action)))?;
    println!(
        "{}: the {year} budget of {code} is now {}",
        action.code(),
        state_of(&workflow)
    );
    Ok(())
}

/// The level an approval is for: the one given, or the next one. Whoever names no level
/// approves the budget as `budget status` shows it; the store still refuses the step if
/// someone else approved that level in the meantime.
pub async fn next_level(
    store: &Store,
    code: &ProjectCode,
    year: i32,
    level: Option<u8>,
) -> anyhow::Result<u8> {
    match level {
        Some(level) => Ok(level),
        None => Ok(workflow(store, code, year)
            .await?
            .level_reached()
            .saturating_add(1)),
    }
}

/// Prints the workflow of the `year` budget of project `code` with its adjustment requests.
pub async fn status(
    store: &Store,
    code: &ProjectCode,
    year: i32,
    format: OutputFormat,
) -> anyhow::Result<()> {
    let workflow = workflow(store, code, year).await?;
    let requests: Vec<_> = store
        .adjustment_requests(code)
        .await
        .with_context(|| format!("reading the adjustment requests of project {code}"))?
        .into_iter()
        .filter(|request| request.fiscal_year == year)
        .collect();
    if format == OutputFormat::Json {
        let requests: Vec<serde_json::Value> = requests
            .iter()
            .map(|request| {
                serde_json::json!({
                    "id": request.id,
                    "fiscal_year": request.fiscal_year,
                    "adjustment": request.adjustment,
                    "workflow": request.workflow,
                })
            })
            .collect();
        let document = serde_json::json!({
            "project": code,
            "fiscal_year": year,
            "workflow": workflow,
            "adjustment_requests": requests,
        });
        println!("{}", serde_json::to_string_pretty(&document)?);
        return Ok(());
    }
    println!("the {year} budget of {code} is {}", state_of(&workflow));
    if workflow.history.is_empty() && workflow.is_locked() {
        println!("no workflow steps: a budget imported from a file counts as approved");
    } else if workflow.history.is_empty() {
        println!("no workflow steps yet");
    } else {
        let mut table = Table::new([
            left("AT"),
            left("ACTION"),
            left("FROM"),
            left("TO"),
            right("LEVEL"),
            left("BY"),
            left("REASONS AND LINES"),
        ]);
        for record in &workflow.history {
            let mut notes = record.reasons.join("; ");
            if !record.lines.is_empty() {
                let lines: Vec<&str> = record.lines.iter().map(LineCode::as_str).collect();
                notes = format!("{notes} (lines {})", lines.join(", "));
            }
            table.row(vec![
                record.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                record.action.code().to_owned(),
                record.from.code().to_owned(),
                record.to.code().to_owned(),
                record.level.map(|l| l.to_string()).unwrap_or_default(),
                record.actor.clone(),
                notes.trim().to_owned(),
            ]);
        }
        print!("{}", table.render());
    }
    if !requests.is_empty() {
        println!("adjustment requests:");
        let mut table = Table::new([
            right("ID"),
            left("LINE"),
            right("AMOUNT"),
            left("DATE"),
            left("STATE"),
            left("BY"),
            left("REASON"),
        ]);
        for request in &requests {
            let adjustment = &request.adjustment;
            table.row(vec![
                request.id.to_string(),
                adjustment.line.to_string(),
                super::table::signed_yuan(adjustment.amount),
                adjustment.date.to_string(),
                request.workflow.state.code().to_owned(),
                request.workflow.proposed_by.clone(),
                adjustment.reason.clone(),
            ]);
        }
        print!("{}", table.render());
    }
    Ok(())
}

/// The workflow of the `year` budget of project `code`.
async fn workflow(store: &Store, code: &ProjectCode, year: i32) -> anyhow::Result<BudgetWorkflow> {
    store
        .budget_workflow(code, year)
        .await
        .with_context(|| format!("reading the {year} budget of project {code}"))
}

/// The `year` budget of project `code`.
async fn budget_of(store: &Store, code: &ProjectCode, year: i32) -> anyhow::Result<Budget> {
    store
        .budgets(code)
        .await
        .with_context(|| format!("reading the budgets of project {code}"))?
        .into_iter()
        .find(|budget| budget.fiscal_year == year)
        .with_context(|| format!("project {code} has no {year} budget"))
}

/// Line `line` of the `year` budget of project `code`.
async fn budget_line(
    store: &Store,
    code: &ProjectCode,
    year: i32,
    line: &str,
) -> anyhow::Result<CostLine> {
    budget_of(store, code, year)
        .await?
        .lines
        .into_iter()
        .find(|stored| stored.code.as_str() == line.trim())
        .with_context(|| format!("the {year} budget of {code} has no line {line}"))
}

/// The step as the context of an error says it: `submitting`, `approving`, `returning`.
fn doing(action: WorkflowAction) -> &'static str {
    match action {
        WorkflowAction::Submit => "submitting",
        WorkflowAction::Approve => "approving",
        WorkflowAction::Return => "returning",
        _ => "changing",
    }
}

/// The state with the approvals given so far, such as `submitted (1 of 2 approvals)`.
fn state_of(workflow: &BudgetWorkflow) -> String {
    format!(
        "{} ({} of {} approvals)",
        workflow.state.code(),
        workflow.level_reached(),
        workflow.levels.count()
    )
}

/// Prints each blocker of a refused submission with the messages of the problems behind it,
/// read again from the store: the refusal carries only codes. A blocker whose problem can no
/// longer be read is printed bare.
async fn explain_blockers(store: &Store, code: &ProjectCode, year: i32, blockers: &[String]) {
    let mut explained: Vec<(String, String)> = Vec::new();
    if let (Ok(budget), Ok(justifications)) = (
        budget_of(store, code, year).await,
        store.justifications(code, year).await,
    ) {
        let lines: Vec<_> = budget
            .lines
            .iter()
            .map(|line| {
                let justification = justifications
                    .iter()
                    .find(|(justified, _)| *justified == line.code)
                    .map(|(_, justification)| justification);
                (line.code.clone(), line.amount, justification)
            })
            .collect();
        for (line, problem) in check_budget(&lines) {
            explained.push((
                format!("{line}:{}", problem.code()),
                format!("line {line}: {}", problem.message(false)),
            ));
        }
    }
    if let (Ok(summary), Ok(targets)) = (store.project(code).await, store.targets(code).await) {
        for problem in validate(summary.project.project_type, &targets) {
            explained.push((
                format!("targets:{}", problem.code()),
                problem.message(false),
            ));
        }
    }
    for blocker in blockers {
        eprintln!("blocker {blocker}");
        for (_, message) in explained.iter().filter(|(code, _)| code == blocker) {
            eprintln!("    {message}");
        }
    }
}
