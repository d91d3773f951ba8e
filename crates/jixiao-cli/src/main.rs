//! The `jixiao` command: serves the web application and runs the data commands.
//!
//! `main` only parses the command line, sets up logging and hands over to [`commands`]; each
//! subcommand lives in its own module there.

mod cli;
mod commands;
mod ledger_key;
mod logging;
mod progress;
mod schedule;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    logging::init(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` prints the whole context chain on one line: "importing x.json: $.a: ...".
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
