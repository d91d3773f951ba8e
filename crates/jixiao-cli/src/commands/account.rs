//! `jixiao user` and `jixiao token`: accounts and personal API tokens from the command line,
//! for the first administrator and for scripted set-ups.

use std::io::BufRead;

use anyhow::{Context, bail};
use jixiao_core::OrgCode;
use jixiao_core::access::Role;
use jixiao_store::Store;

/// The shortest password accepted, the same rule as the password page.
const MIN_PASSWORD_CHARS: usize = 10;

/// What `user add` needs.
pub struct NewAccount<'a> {
    /// The login name.
    pub name: &'a str,
    /// The organization code.
    pub org: &'a str,
    /// The role codes.
    pub roles: &'a [String],
    /// The display name, if different from the login name.
    pub display_name: Option<&'a str>,
    /// Whether to read the password from standard input.
    pub password_stdin: bool,
}

/// Creates a user; prints a generated password when none was given on standard input.
pub async fn add(store: &Store, account: NewAccount<'_>) -> anyhow::Result<()> {
    let organization = OrgCode::new(account.org)
        .with_context(|| format!("\"{}\" is not an organization code", account.org))?;
    let roles = account
        .roles
        .iter()
        .map(|role| role.parse::<Role>().map_err(anyhow::Error::from))
        .collect::<anyhow::Result<Vec<Role>>>()?;
    let (password, generated) = if account.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (jixiao_web::auth::generate_password(), true)
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must have at least {MIN_PASSWORD_CHARS} characters");
    }
    let hash = jixiao_web::auth::hash_password(&password);
    let user = store
        .create_user(
            account.name,
            account.display_name.unwrap_or(account.name),
            &organization,
            &roles,
            &hash,
            &super::stamp(),
        )
        .await
        .with_context(|| format!("creating user {}", account.name))?;
    tracing::info!(user.name = %user.username, organization = %user.organization, "user created");
    println!(
        "created user {} ({})",
        user.username,
        role_list(&user.roles)
    );
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

/// Prints every account as a table.
pub async fn list(store: &Store) -> anyhow::Result<()> {
    let users = store.users().await?;
    println!(
        "{:<20} {:<20} {:<16} {:<8} ROLES",
        "NAME", "DISPLAY NAME", "ORGANIZATION", "ACTIVE"
    );
    for user in users {
        println!(
            "{:<20} {:<20} {:<16} {:<8} {}",
            user.username,
            user.display_name,
            user.organization,
            if user.active { "yes" } else { "no" },
            role_list(&user.roles)
        );
    }
    Ok(())
}

/// Creates a personal API token and prints it once.
pub async fn create_token(store: &Store, user: &str, name: &str, days: u32) -> anyhow::Result<()> {
    if days == 0 {
        bail!("a token must live at least one day");
    }
    let now = chrono::Utc::now();
    let expires_at = now + chrono::Duration::days(i64::from(days));
    let (token, hash) = jixiao_web::auth::new_api_token();
    let created = store
        .create_api_token(user, name, &hash, now, expires_at)
        .await
        .with_context(|| format!("creating a token for {user}"))?;
    tracing::info!(user.name = %user, token.id = created.id, "API token created");
    println!("{token}");
    eprintln!(
        "token \"{name}\" for {user}, valid until {}; it is not shown again",
        expires_at.format("%Y-%m-%d")
    );
    Ok(())
}

/// Role codes joined by commas.
fn role_list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|role| role.code())
        .collect::<Vec<_>>()
        .join(",")
}
