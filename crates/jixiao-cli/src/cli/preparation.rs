//! The budget preparation subcommands: cost stages, draft budgets and their approval,
//! adjustments, performance targets and the target library.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use jixiao_core::ProjectType;
use jixiao_core::preparation::stage::CostStage;

use super::DbArgs;

/// How a report is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for people.
    #[default]
    Text,
    /// One JSON document in the core's serde form, for scripts.
    Json,
}

/// What `stage` can do.
#[derive(Debug, Subcommand)]
pub enum StageCommand {
    /// Stores one cost stage of a project from a CSV file.
    ///
    /// The file has the columns `line,name,category,amount` (amount in 元) and replaces the
    /// version of the stage stored before. A budgetary estimate more than the legal limit above
    /// the estimate is warned of.
    Set {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The stage: estimate, budgetary_estimate, construction_budget, contract, settlement
        /// or final_accounts.
        #[arg(long)]
        stage: CostStage,
        /// The CSV file.
        file: PathBuf,
    },
    /// Prints the comparison of the project's stored cost stages (三算对比).
    Compare {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}

/// What `budget` can do.
#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Starts a yearly budget as a draft from a CSV file.
    ///
    /// The file has the columns `line,name,category,amount,profile` (amount in 元; profile
    /// linear, s_curve, front_loaded or back_loaded); each line is spread over the months the
    /// project runs in that year.
    Draft {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
        /// The CSV file.
        file: PathBuf,
    },
    /// Stores the justification of one line of a draft or returned budget.
    ///
    /// The JSON file holds the zero-based justification in the core's serde form; what still
    /// stands in the way of submitting the line is printed.
    Justify {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
        /// The line code.
        #[arg(long)]
        line: String,
        /// The JSON file: necessity, basis, alternatives, expected_effect and last_year.
        file: PathBuf,
    },
    /// Submits a draft or returned budget for approval.
    Submit {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
    },
    /// Approves a submitted budget at one level.
    Approve {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
        /// The level approved; the next level when absent.
        #[arg(long)]
        level: Option<u8>,
    },
    /// Returns a submitted budget to its preparer with reasons.
    Return {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
        /// Why; repeat for several reasons. At least one is required.
        #[arg(long = "reason")]
        reasons: Vec<String>,
        /// A line to rework; repeat for several.
        #[arg(long = "line")]
        lines: Vec<String>,
    },
    /// Prints where a budget stands: its state, approval levels, history and adjustments.
    Status {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Proposes an adjustment of one line of an approved budget and prints the request's id.
    Adjust {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The fiscal year of the budget.
        #[arg(long)]
        year: i32,
        /// The line code.
        #[arg(long)]
        line: String,
        /// The change in 元, negative for a cut.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Why the change is needed.
        #[arg(long)]
        reason: String,
        /// The date the change takes effect, `YYYY-MM-DD`; today when absent.
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Approves or rejects a proposed adjustment.
    Decide {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The id of the adjustment request, as `budget adjust` and `budget status` print it.
        #[arg(long)]
        request: i64,
        /// Approve the adjustment.
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        /// Reject the adjustment; a reason is required.
        #[arg(long)]
        reject: bool,
        /// Why it is rejected.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Prints, or with `--set` changes, how many approval levels (审批级数) the budgets of an
    /// organization need; budgets already in their workflow keep the levels they started with.
    Levels {
        #[command(flatten)]
        db: DbArgs,
        /// The organization code.
        org: String,
        /// The number of levels from now on: 1, or 2 for two different approvers.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
        set: Option<u8>,
    },
}

/// What `targets` can do.
#[derive(Debug, Subcommand)]
pub enum TargetsCommand {
    /// Prints a project's performance targets and the rules they still break.
    Show {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Stores a project's performance targets from a JSON file.
    ///
    /// The file holds a target set in the core's serde form. The rules it still breaks are
    /// printed; an incomplete set is stored too.
    Set {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// The JSON file.
        file: PathBuf,
    },
    /// Adds the target library's indicators for the project's type that its targets lack.
    FromLibrary {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
    },
}

/// What `library` can do.
#[derive(Debug, Subcommand)]
pub enum LibraryCommand {
    /// Lists the indicator templates with the quartiles of completed projects' actual values.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// Only the templates of this project type.
        #[arg(long = "type")]
        project_type: Option<ProjectType>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}
