//! Users, times and posts written out by hand for the account and responsibility tests.

use chrono::{DateTime, Utc};
use jixiao_core::{OrgCode, Post, Role, User};
use jixiao_store::Stamp;
use jixiao_store::Store;

/// A time from its RFC 3339 text.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a test time")
        .with_timezone(&Utc)
}

/// Creates `username` in `organization` with `roles`; its display name is the name in capitals
/// and its password hash `hash-<name>`.
pub async fn add_user(store: &Store, username: &str, organization: &str, roles: &[Role]) -> User {
    store
        .create_user(
            username,
            &username.to_uppercase(),
            &OrgCode::new(organization).unwrap(),
            roles,
            &format!("hash-{username}"),
            &Stamp::new("admin", at("2025-01-01T00:00:00Z")),
        )
        .await
        .unwrap_or_else(|error| panic!("creating user {username}: {error}"))
}

/// A post of `organization`.
pub fn post(code: &str, name: &str, organization: &str) -> Post {
    Post {
        code: code.to_owned(),
        name: name.to_owned(),
        organization: OrgCode::new(organization).unwrap(),
    }
}
