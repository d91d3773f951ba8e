//! The subcommands, one module each; [`run`] dispatches to them.

mod account;
mod demo;
mod ledger;
mod migrate;
mod preparation;
mod project_file;
mod serve;

use anyhow::Context;
use jixiao_store::{Stamp, Store};

use crate::cli::{Cli, Command, ExportCommand, ImportCommand, TokenCommand, UserCommand};

/// Runs the subcommand the user asked for.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            db,
            addr,
            demo,
            key,
            sign_every,
        } => {
            let options = serve::ServeOptions {
                addr,
                demo,
                key_path: key.path.as_deref(),
                sign_every: sign_every.0,
            };
            serve::run(&db.url, options).await
        }
        Command::Demo { db, projects, seed } => {
            let store = open(&db.url).await?;
            demo::load(&store, &jixiao_demo::DemoConfig { seed, projects }).await
        }
        Command::Import {
            what: ImportCommand::Project { db, file, replace },
        } => {
            let store = open(&db.url).await?;
            project_file::import(&store, &file, replace).await
        }
        Command::Export {
            what: ExportCommand::Project { db, code, output },
        } => {
            let store = open(&db.url).await?;
            project_file::export(&store, &code, output.as_deref()).await
        }
        Command::Migrate { db } => migrate::run(&db.url).await,
        Command::User {
            what:
                UserCommand::Add {
                    db,
                    name,
                    org,
                    roles,
                    display_name,
                    password_stdin,
                },
        } => {
            let store = open(&db.url).await?;
            let account = account::NewAccount {
                name: &name,
                org: &org,
                roles: &roles,
                display_name: display_name.as_deref(),
                password_stdin,
            };
            account::add(&store, account).await
        }
        Command::User {
            what: UserCommand::List { db },
        } => account::list(&open(&db.url).await?).await,
        Command::Token {
            what:
                TokenCommand::Create {
                    db,
                    user,
                    name,
                    days,
                },
        } => account::create_token(&open(&db.url).await?, &user, &name, days).await,
        Command::Ledger { what } => ledger::run(what).await,
        Command::Stage { what } => preparation::run_stage(what).await,
        Command::Budget { what } => preparation::run_budget(what).await,
        Command::Targets { what } => preparation::run_targets(what).await,
        Command::Library { what } => preparation::run_library(what).await,
    }
}

/// Opens the database, creating and migrating it as needed.
async fn open(url: &str) -> anyhow::Result<Store> {
    Store::connect(url)
        .await
        .with_context(|| format!("opening the database {}", redact(url)))
}

/// The stamp of a write made from the command line now: the ledger records it as made by
/// `cli:<login>`, the operating-system user who runs the command.
pub fn stamp() -> Stamp {
    Stamp::new(
        cli_actor(std::env::var("USER").ok().as_deref()),
        chrono::Utc::now(),
    )
}

/// `cli:` and the operating-system login, or plain `cli` when there is none.
fn cli_actor(login: Option<&str>) -> String {
    match login.map(str::trim).filter(|login| !login.is_empty()) {
        Some(login) => format!("cli:{login}"),
        None => "cli".to_owned(),
    }
}

/// The URL with any password replaced, fit for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{cli_actor, redact};

    #[test]
    fn command_line_writes_are_recorded_as_the_login_behind_a_cli_prefix() {
        let cases = [
            (Some("zhang"), "cli:zhang"),
            (Some(" root "), "cli:root"),
            (Some(""), "cli"),
            (None, "cli"),
        ];
        for (login, actor) in cases {
            assert_eq!(cli_actor(login), actor, "{login:?}");
        }
    }

    #[test]
    fn passwords_never_reach_messages() {
        let cases = [
            (
                "postgres://jixiao:secret@localhost/db",
                "postgres://jixiao:***@localhost/db",
            ),
            (
                "postgres://jixiao@localhost/db",
                "postgres://jixiao@localhost/db",
            ),
            ("postgres://u:p@ss@host/db", "postgres://u:***@host/db"),
            ("sqlite://jixiao.db", "sqlite://jixiao.db"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact(url), shown);
        }
    }
}
