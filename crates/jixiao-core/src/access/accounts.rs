//! The accounts the store keeps and returns: users, API tokens, login records, posts, and who
//! answers for which cost line or indicator.
//!
//! These are plain values; secrets (password hashes, token hashes, session ids) are never part
//! of them, so a value of this module can be shown or serialised without leaking one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::code::{IndicatorCode, LineCode, OrgCode, ProjectCode};

/// A user account (用户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The store's id of the account.
    pub id: i64,
    /// The login name, unique in a deployment.
    pub username: String,
    /// The name shown in the interface, such as 张工.
    pub display_name: String,
    /// The organization the user belongs to.
    pub organization: OrgCode,
    /// The roles the user holds, in [`Role::ALL`] order.
    pub roles: Vec<Role>,
    /// Whether the account may sign in.
    pub active: bool,
}

/// A personal API token, without its secret: the secret is shown once, when created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// The store's id of the token, used to revoke it.
    pub id: i64,
    /// What the owner called it, such as "月报脚本".
    pub name: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One attempt to sign in, successful or not, kept for audit and for throttling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginEvent {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The login name given, which may name no account.
    pub username: String,
    /// The network address the attempt came from.
    pub address: String,
    /// Whether it succeeded.
    pub success: bool,
    /// Why it failed (or how it succeeded), such as `wrong_password` or `throttled`.
    pub reason: String,
}

/// A post (岗位) of an organization, such as 造价工程师; users hold posts, and a post can answer
/// for cost lines and indicators so that the duty survives a change of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Its code, unique in a deployment.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The organization it belongs to.
    pub organization: OrgCode,
}

/// Who answers for an item: a user directly, or a post and through it everyone holding it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Owner {
    /// A user, by login name.
    User(String),
    /// A post, by code.
    Post(String),
}

impl Owner {
    /// The owner written as one word, `user:<login>` or `post:<code>`, as forms and target
    /// tables carry it; [`Owner::parse`] reads it back.
    pub fn reference(&self) -> String {
        match self {
            Owner::User(name) => format!("user:{name}"),
            Owner::Post(code) => format!("post:{code}"),
        }
    }

    /// Reads `user:<login>` or `post:<code>`; `None` for anything else, an empty name included.
    pub fn parse(reference: &str) -> Option<Owner> {
        match reference.trim().split_once(':') {
            Some(("user", name)) if !name.is_empty() => Some(Owner::User(name.to_owned())),
            Some(("post", code)) if !code.is_empty() => Some(Owner::Post(code.to_owned())),
            _ => None,
        }
    }
}

/// An item someone answers for within a project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum ItemRef {
    /// A cost line, by code; the code names the line in every fiscal year of the project.
    CostLine(LineCode),
    /// An indicator, by code.
    Indicator(IndicatorCode),
}

impl ItemRef {
    /// The kind as stored and sent: `cost_line` or `indicator`.
    pub fn kind(&self) -> &'static str {
        match self {
            ItemRef::CostLine(_) => "cost_line",
            ItemRef::Indicator(_) => "indicator",
        }
    }

    /// The item's code.
    pub fn code(&self) -> &str {
        match self {
            ItemRef::CostLine(code) => code.as_str(),
            ItemRef::Indicator(code) => code.as_str(),
        }
    }
}

/// An item a user answers for, as the "my items" page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedItem {
    /// The project of the item.
    pub project: ProjectCode,
    /// The project's name.
    pub project_name: String,
    /// The item.
    pub item: ItemRef,
    /// The item's name (for a cost line, its name in the latest fiscal year).
    pub item_name: String,
    /// The name of the post through which the user answers for it, or `None` when the user
    /// owns it directly.
    pub via_post: Option<String>,
}

/// Who answers for one item of a project, as the project page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    /// The item.
    pub item: ItemRef,
    /// Its owner.
    pub owner: Owner,
    /// The owner's display name, or the post's name.
    pub owner_name: String,
    /// For a post, the display names of the users holding it, sorted; empty for a user.
    pub holders: Vec<String>,
}
