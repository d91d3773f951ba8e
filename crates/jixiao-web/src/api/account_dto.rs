//! The API's shapes of accounts: users, login records and the owners of project items.
//!
//! None of them has a field for a password hash, a token digest or a session id, so no answer
//! built from them can carry one.

use chrono::{DateTime, Utc};
use jixiao_core::access::{LoginEvent, Owner, Responsibility, User};
use serde::Serialize;

/// Who answers for one cost line or indicator.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResponsibilityDto {
    /// `cost_line` or `indicator`.
    #[schema(example = "cost_line")]
    pub item_kind: String,
    /// The line or indicator code.
    pub item_code: String,
    /// `user` or `post`.
    #[schema(example = "post")]
    pub owner_kind: String,
    /// The username or post code.
    pub owner_code: String,
    /// The user's display name or the post's name.
    pub owner_name: String,
    /// For a post, the display names of the users holding it.
    pub holders: Vec<String>,
}

impl From<&Responsibility> for ResponsibilityDto {
    fn from(responsibility: &Responsibility) -> Self {
        let (owner_kind, owner_code) = match &responsibility.owner {
            Owner::User(username) => ("user", username),
            Owner::Post(code) => ("post", code),
        };
        ResponsibilityDto {
            item_kind: responsibility.item.kind().to_owned(),
            item_code: responsibility.item.code().to_owned(),
            owner_kind: owner_kind.to_owned(),
            owner_code: owner_code.clone(),
            owner_name: responsibility.owner_name.clone(),
            holders: responsibility.holders.clone(),
        }
    }
}

/// A user account, without any secret.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserDto {
    /// The login name.
    pub username: String,
    /// The name shown in the interface.
    pub display_name: String,
    /// The organization's code.
    pub organization: String,
    /// Role codes: `admin`, `finance`, `engineer`, `auditor`, `leader`, `expert`.
    pub roles: Vec<String>,
    /// Whether the account may sign in.
    pub active: bool,
}

impl From<&User> for UserDto {
    fn from(user: &User) -> Self {
        UserDto {
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            organization: user.organization.to_string(),
            roles: user.roles.iter().map(|r| r.code().to_owned()).collect(),
            active: user.active,
        }
    }
}

/// One attempt to sign in.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoginEventDto {
    /// When, in RFC 3339 UTC.
    pub at: DateTime<Utc>,
    /// The name given.
    pub username: String,
    /// The client's address.
    pub address: String,
    /// Whether it succeeded.
    pub success: bool,
    /// Why it failed, or how it succeeded: `password`, `wrong_password`, `unknown_user`,
    /// `inactive`, `throttled`.
    pub reason: String,
}

impl From<&LoginEvent> for LoginEventDto {
    fn from(event: &LoginEvent) -> Self {
        LoginEventDto {
            at: event.at,
            username: event.username.clone(),
            address: event.address.clone(),
            success: event.success,
            reason: event.reason.clone(),
        }
    }
}
