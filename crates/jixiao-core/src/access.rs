//! Who may do what: roles, actions, the one permission table, and the decision over it.
//!
//! Every permission of the application is a row of [`PERMISSIONS`]; handlers ask [`authorize`]
//! or [`visible_organizations`] and never test roles themselves, so the rules can be read and
//! tested in one place. A role grants an action either over the user's own organization and
//! the organizations below it ([`Scope::Subtree`]) or everywhere. Anonymous visitors have no
//! [`Principal`] and see only what is published for the public. The accounts, tokens and
//! responsibilities the store keeps are in [`accounts`]; hashing, sessions and the clock are left
//! to the store and the web layer.

pub mod accounts;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::code::OrgCode;
use crate::project::{UnknownCode, coded_enum};

pub use accounts::{ApiToken, ItemRef, LoginEvent, OwnedItem, Owner, Post, Responsibility, User};

/// A role a user holds; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administers the deployment: users, roles, everything everywhere.
    Admin,
    /// 财务: finance staff who approve and watch budgets.
    Finance,
    /// 工程: engineers who run projects and record progress and readings.
    Engineer,
    /// 审计: internal auditors.
    Auditor,
    /// 领导: leaders who approve and oversee.
    Leader,
    /// 专家: experts who score evaluations.
    Expert,
}

coded_enum!(Role, "role", {
    Admin => "admin", "管理员", "Administrator";
    Finance => "finance", "财务", "Finance";
    Engineer => "engineer", "工程", "Engineer";
    Auditor => "auditor", "审计", "Auditor";
    Leader => "leader", "领导", "Leader";
    Expert => "expert", "专家", "Expert";
});

/// Something a user asks to do, checked against [`PERMISSIONS`].
///
/// An action is added together with the capability it guards, so that every row of the table
/// can be exercised through the API; expert scoring will bring its own action when that
/// feature arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See aggregate figures over many projects.
    ViewPortfolio,
    /// See a project's page: budgets, spending, indicators and owners.
    ViewProject,
    /// Import or replace a project, record spending or progress.
    EditProject,
    /// Record indicator readings.
    RecordReading,
    /// See the audit records of logins.
    ViewAudit,
    /// Create users and give them roles.
    ManageUsers,
    /// Approve or return a submitted budget, comment on its lines, and decide adjustments of
    /// approved budgets (审批预算).
    ApproveBudget,
}

coded_enum!(Action, "action", {
    ViewPortfolio => "view_portfolio", "查看汇总", "View portfolio";
    ViewProject => "view_project", "查看项目", "View project";
    EditProject => "edit_project", "编辑项目", "Edit project";
    RecordReading => "record_reading", "填报指标", "Record reading";
    ViewAudit => "view_audit", "查看审计记录", "View audit records";
    ManageUsers => "manage_users", "管理用户", "Manage users";
    ApproveBudget => "approve_budget", "审批预算", "Approve budgets";
});

/// How far a permission reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The user's organization and every organization below it.
    Subtree,
    /// Every organization.
    Everywhere,
}

use Action::*;
use Role::*;
use Scope::*;

/// The permission table: each row grants a role an action within a scope; a cell absent from
/// the table is denied.
pub const PERMISSIONS: &[(Role, Action, Scope)] = &[
    (Admin, ViewPortfolio, Everywhere),
    (Admin, ViewProject, Everywhere),
    (Admin, EditProject, Everywhere),
    (Admin, RecordReading, Everywhere),
    (Admin, ViewAudit, Everywhere),
    (Admin, ManageUsers, Everywhere),
    (Admin, ApproveBudget, Everywhere),
    (Finance, ViewPortfolio, Subtree),
    (Finance, ViewProject, Subtree),
    (Finance, EditProject, Subtree),
    (Finance, ApproveBudget, Subtree),
    (Engineer, ViewPortfolio, Subtree),
    (Engineer, ViewProject, Subtree),
    (Engineer, EditProject, Subtree),
    (Engineer, RecordReading, Subtree),
    (Auditor, ViewPortfolio, Subtree),
    (Auditor, ViewProject, Subtree),
    (Auditor, ViewAudit, Subtree),
    (Leader, ViewPortfolio, Subtree),
    (Leader, ViewProject, Subtree),
    (Leader, ViewAudit, Subtree),
    (Leader, ApproveBudget, Subtree),
    (Expert, ViewProject, Subtree),
];

/// A signed-in user as the permission rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The login name.
    pub username: String,
    /// The organization the user belongs to.
    pub organization: OrgCode,
    /// The roles the user holds.
    pub roles: Vec<Role>,
    /// The user's organization and every organization below it, computed by the caller with
    /// [`crate::organization::subtree`] from the stored organizations.
    pub subtree: BTreeSet<OrgCode>,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeniedReason {
    /// No role of the user grants the action anywhere.
    MissingRole,
    /// A role grants the action, but only within the user's subtree, and the target lies
    /// outside it.
    OutOfScope,
}

/// A refused action, with the reason; its text is safe to show the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Denied {
    /// The action that was refused.
    pub action: Action,
    /// Why.
    pub reason: DeniedReason,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            DeniedReason::MissingRole => write!(f, "missing permission \"{}\"", self.action),
            DeniedReason::OutOfScope => f.write_str("project outside your organization"),
        }
    }
}

impl std::error::Error for Denied {}

/// Which organizations' data an action may touch, for filtering lists and aggregates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Every organization.
    All,
    /// Only these organizations.
    Only(BTreeSet<OrgCode>),
    /// None at all: the action is not granted.
    None,
}

/// The widest scope in which any of `roles` grants `action`, or `None` when none grants it.
pub fn scope(roles: &[Role], action: Action) -> Option<Scope> {
    PERMISSIONS
        .iter()
        .filter(|(role, granted, _)| *granted == action && roles.contains(role))
        .map(|(_, _, scope)| *scope)
        .max()
}

/// Decides whether `principal` may perform `action` on data of the organization `target`.
pub fn authorize(principal: &Principal, action: Action, target: &OrgCode) -> Result<(), Denied> {
    match scope(&principal.roles, action) {
        Some(Everywhere) => Ok(()),
        Some(Subtree) if principal.subtree.contains(target) => Ok(()),
        Some(Subtree) => Err(Denied {
            action,
            reason: DeniedReason::OutOfScope,
        }),
        None => Err(Denied {
            action,
            reason: DeniedReason::MissingRole,
        }),
    }
}

/// The organizations whose data `principal` may see or touch through `action`.
pub fn visible_organizations(principal: &Principal, action: Action) -> Visibility {
    match scope(&principal.roles, action) {
        Some(Everywhere) => Visibility::All,
        Some(Subtree) => Visibility::Only(principal.subtree.clone()),
        None => Visibility::None,
    }
}
