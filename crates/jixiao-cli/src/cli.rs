//! The command-line interface: every subcommand, flag and environment variable in one place.
//!
//! Settings resolve in one order: built-in default, then the `JIXIAO_*` environment variable,
//! then the flag.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
