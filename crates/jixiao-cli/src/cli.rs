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
    #[arg(long, global = true, env = "JIXIAO_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
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
