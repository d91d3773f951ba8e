//! `jixiao stage`, `jixiao budget`, `jixiao targets` and `jixiao library`: budget preparation
//! from the command line.
//!
//! Each command reads and checks all of its input before it writes, then makes one store call,
//! which is one transaction; the rules (the 10 % rule, the justification check, the approval
//! workflow, target validation) are the core's, and their messages are printed as the core
//! words them.

mod adjustment;
mod budget;
mod csv;
mod input;
mod library;
mod stage;
mod table;
mod targets;

use anyhow::Context;
use jixiao_core::ProjectCode;
use jixiao_core::preparation::approval::{ApprovalLevels, Transition};
use jixiao_core::{LineCode, OrgCode};

use crate::cli::{BudgetCommand, LibraryCommand, StageCommand, TargetsCommand};

/// Runs one `stage` subcommand.
pub async fn run_stage(what: StageCommand) -> anyhow::Result<()> {
    match what {
        StageCommand::Set {
            db,
            code,
            stage,
            file,
        } => {
            let code = project_code(&code)?;
            stage::set(&super::open(&db.url).await?, &code, stage, &file).await
        }
        StageCommand::Compare { db, code, format } => {
            let code = project_code(&code)?;
            stage::compare_stages(&super::open(&db.url).await?, &code, format).await
        }
    }
}

/// Runs one `budget` subcommand.
pub async fn run_budget(what: BudgetCommand) -> anyhow::Result<()> {
    match what {
        BudgetCommand::Draft {
            db,
            code,
            year,
            file,
        } => {
            let code = project_code(&code)?;
            budget::draft(&super::open(&db.url).await?, &code, year, &file).await
        }
        BudgetCommand::Justify {
            db,
            code,
            year,
            line,
            file,
        } => {
            let code = project_code(&code)?;
            budget::justify(&super::open(&db.url).await?, &code, year, &line, &file).await
        }
        BudgetCommand::Submit { db, code, year } => {
            let code = project_code(&code)?;
            let submit = Transition::Submit {
                blockers: Vec::new(),
            };
            budget::transition(&super::open(&db.url).await?, &code, year, submit).await
        }
        BudgetCommand::Approve {
            db,
            code,
            year,
            level,
        } => {
            let code = project_code(&code)?;
            let store = super::open(&db.url).await?;
            let level = budget::next_level(&store, &code, year, level).await?;
            budget::transition(&store, &code, year, Transition::Approve { level }).await
        }
        BudgetCommand::Return {
            db,
            code,
            year,
            reasons,
            lines,
        } => {
            let code = project_code(&code)?;
            let lines = lines
                .iter()
                .map(|line| {
                    LineCode::new(line.trim())
                        .with_context(|| format!("\"{line}\" is not a line code"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let give_back = Transition::Return { reasons, lines };
            budget::transition(&super::open(&db.url).await?, &code, year, give_back).await
        }
        BudgetCommand::Status {
            db,
            code,
            year,
            format,
        } => {
            let code = project_code(&code)?;
            budget::status(&super::open(&db.url).await?, &code, year, format).await
        }
        BudgetCommand::Adjust {
            db,
            code,
            year,
            line,
            amount,
            reason,
            date,
        } => {
            let code = project_code(&code)?;
            let proposal = adjustment::Proposal {
                year,
                line: &line,
                amount: &amount,
                reason: &reason,
                date,
            };
            adjustment::propose(&super::open(&db.url).await?, &code, proposal).await
        }
        BudgetCommand::Decide {
            db,
            code,
            request,
            approve,
            // clap lets exactly one of the two flags through, so not approving is rejecting.
            reject: _,
            reason,
        } => {
            let code = project_code(&code)?;
            let store = super::open(&db.url).await?;
            adjustment::decide(&store, &code, request, approve, reason.as_deref()).await
        }
        BudgetCommand::Levels { db, org, set } => {
            let org = OrgCode::new(org.trim())
                .with_context(|| format!("\"{org}\" is not an organization code"))?;
            let store = super::open(&db.url).await?;
            if let Some(count) = set {
                let levels = if count == 2 {
                    ApprovalLevels::Two
                } else {
                    ApprovalLevels::One
                };
                store
                    .set_approval_levels(&org, levels)
                    .await
                    .with_context(|| format!("setting the approval levels of {org}"))?;
            }
            let levels = store
                .approval_levels(&org)
                .await
                .with_context(|| format!("reading the approval levels of {org}"))?;
            println!("{org}: {} ({})", levels.count(), levels.name_en());
            Ok(())
        }
    }
}

/// Runs one `targets` subcommand.
pub async fn run_targets(what: TargetsCommand) -> anyhow::Result<()> {
    match what {
        TargetsCommand::Show { db, code, format } => {
            let code = project_code(&code)?;
            targets::show(&super::open(&db.url).await?, &code, format).await
        }
        TargetsCommand::Set { db, code, file } => {
            let code = project_code(&code)?;
            targets::set(&super::open(&db.url).await?, &code, &file).await
        }
        TargetsCommand::FromLibrary { db, code } => {
            let code = project_code(&code)?;
            targets::from_library(&super::open(&db.url).await?, &code).await
        }
    }
}

/// Runs one `library` subcommand.
pub async fn run_library(what: LibraryCommand) -> anyhow::Result<()> {
    match what {
        LibraryCommand::List {
            db,
            project_type,
            format,
        } => library::list(&super::open(&db.url).await?, project_type, format).await,
    }
}

/// The project code typed on the command line, checked before the database is opened.
fn project_code(code: &str) -> anyhow::Result<ProjectCode> {
    ProjectCode::new(code).with_context(|| format!("\"{code}\" is not a project code"))
}
