//! The command-line interface: every subcommand, flag and environment variable in one place,
//! with the budget preparation subcommands in `preparation`.
//!
//! Settings resolve in one order: built-in default, then the `JIXIAO_*` environment variable,
//! then the flag.

mod preparation;

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::schedule::Interval;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use preparation::{BudgetCommand, LibraryCommand, OutputFormat, StageCommand, TargetsCommand};

/// Budget performance management for public engineering projects.
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about)]
pub struct Cli {
    /// How log lines are written: readable text or one JSON object per line.
    #[arg(
        long,
        global = true,
        env = "JIXIAO_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The shape of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The database to use.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://USER:PASS@HOST/DB`.
    #[arg(
        long = "db",
        env = "JIXIAO_DATABASE_URL",
        default_value = "sqlite://jixiao.db"
    )]
    pub url: String,
}

/// The Ed25519 key that signs tree heads of the ledger.
#[derive(Debug, Clone, Args)]
pub struct LedgerKeyArgs {
    /// The signing key file (32 secret bytes), created on first use; `ledger-signing.key` beside
    /// the SQLite file, or in the current directory for PostgreSQL, when absent.
    #[arg(long = "ledger-key", env = "JIXIAO_LEDGER_KEY", value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serves the web application and the JSON API.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, env = "JIXIAO_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Fill an empty database with the demo province before serving.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        key: LedgerKeyArgs,
        /// How often to sign a tree head while the ledger grows: seconds (`90s`), minutes
        /// (`10m`) or hours (`1h`).
        #[arg(long, env = "JIXIAO_SIGN_EVERY", default_value = "10m")]
        sign_every: Interval,
    },
    /// Fills an empty database with the demo province.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        /// Number of projects to generate.
        #[arg(long, default_value_t = 180)]
        projects: usize,
        /// Seed of the generator; the same seed gives the same province.
        #[arg(long, default_value_t = jixiao_demo::DemoConfig::default().seed)]
        seed: u64,
    },
    /// Imports data from files.
    Import {
        /// What to import.
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Exports data to files.
    Export {
        /// What to export.
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Creates or upgrades the database schema, then exits.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manages user accounts.
    User {
        /// What to do with accounts.
        #[command(subcommand)]
        what: UserCommand,
    },
    /// Manages personal API tokens.
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        what: TokenCommand,
    },
    /// Checks, signs, exports and proves the tamper-evident ledger.
    Ledger {
        /// What to do with the ledger.
        #[command(subcommand)]
        what: LedgerCommand,
    },
    /// Enters and compares a project's cost stages, from the estimate to the final accounts.
    Stage {
        /// What to do with cost stages.
        #[command(subcommand)]
        what: StageCommand,
    },
    /// Prepares yearly budgets and takes them through approval and adjustment.
    Budget {
        /// What to do with a budget.
        #[command(subcommand)]
        what: BudgetCommand,
    },
    /// Shows and sets a project's performance targets.
    Targets {
        /// What to do with performance targets.
        #[command(subcommand)]
        what: TargetsCommand,
    },
    /// Shows the target library.
    Library {
        /// What to do with the library.
        #[command(subcommand)]
        what: LibraryCommand,
    },
}

/// How `ledger head` and `ledger sign` print a tree head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HeadFormat {
    /// One labelled field per line.
    Text,
    /// One JSON object.
    Json,
}

/// What `ledger` can do.
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Recomputes every entry from the stored rows and the whole tree, and checks the latest
    /// signed tree head; fails naming the first entry that does not match.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Prints the latest signed tree head.
    Head {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = HeadFormat::Text)]
        format: HeadFormat,
    },
    /// Signs a tree head over the ledger as it is now and prints it.
    Sign {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        key: LedgerKeyArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = HeadFormat::Text)]
        format: HeadFormat,
    },
    /// Writes the entries as JSON lines, `{"index":N,"entry":"<base64>"}`, in index order.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// The first index to write.
        #[arg(long, default_value_t = 0)]
        from: u64,
        /// Where to write; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Prints the inclusion proof of one entry, checked before it is printed.
    Prove {
        #[command(flatten)]
        db: DbArgs,
        /// The entry's index.
        index: u64,
        /// The tree size to prove against; the latest signed head's size when absent, or the
        /// current size when no head is signed yet.
        #[arg(long)]
        size: Option<u64>,
    },
}

/// What `user` can do.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Creates an account; without `--password-stdin` a strong password is generated and
    /// printed once.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// The login name.
        name: String,
        /// The code of the organization the user belongs to.
        #[arg(long)]
        org: String,
        /// A role: admin, finance, engineer, auditor, leader or expert; repeat for several.
        #[arg(long = "role", required = true, num_args = 1..)]
        roles: Vec<String>,
        /// The name shown in the interface; the login name when absent.
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Lists the accounts.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// What `token` can do.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Creates a personal API token for a user and prints it; it is not shown again.
    Create {
        #[command(flatten)]
        db: DbArgs,
        /// The user the token acts as.
        #[arg(long)]
        user: String,
        /// A name that says what the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Days until the token expires.
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
}

/// What `import` can load.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Loads one `jixiao.project.v1` file, all or nothing.
    Project {
        #[command(flatten)]
        db: DbArgs,
        /// The file to load.
        file: PathBuf,
        /// Replace a project with the same code instead of refusing.
        #[arg(long)]
        replace: bool,
    },
}

/// What `export` can write.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Writes one project as a `jixiao.project.v1` file.
    Project {
        #[command(flatten)]
        db: DbArgs,
        /// The project code.
        code: String,
        /// Where to write; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}
