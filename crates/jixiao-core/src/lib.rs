//! The domain of budget performance management for engineering projects: money, projects,
//! budgets with monthly plans, spending, progress, indicators, and the rules over them.
//!
//! This crate does no I/O: no files, no network, no database, no clock. Every rule is a plain
//! function over plain data so it can be tested in tables. Storage lives in `jixiao-store`,
//! HTTP in `jixiao-web`.

pub mod access;
pub mod budget;
pub mod code;
pub mod cost_category;
pub mod dossier;
pub mod execution;
pub mod indicator;
pub mod interchange;
pub mod money;
pub mod organization;
pub mod period;
pub mod plan;
pub mod preparation;
pub mod project;
pub mod report;

pub use access::{
    Action, ApiToken, Denied, DeniedReason, ItemRef, LoginEvent, OwnedItem, Owner, PERMISSIONS,
    Post, Principal, Responsibility, Role, Scope, User, Visibility, authorize, scope,
    visible_organizations,
};
pub use budget::{Adjustment, Budget, CostLine};
pub use code::{CategoryCode, CodeError, IndicatorCode, LineCode, OrgCode, ProjectCode};
pub use cost_category::{CostCategory, default_categories};
pub use dossier::{DossierProblem, ProjectDossier};
pub use execution::{Expenditure, Percent, Progress};
pub use indicator::{
    Direction, Grade, Indicator, Level1, Level2, Reading, ReadingMismatch, ReadingValue,
};
pub use money::{Money, MoneyError};
pub use organization::Organization;
pub use period::{FiscalYear, YearMonth};
pub use plan::{MonthlyPlan, Profile};
pub use project::{Project, ProjectStatus, ProjectType, UnknownCode};
pub use report::{
    Execution, LineExecution, MonthlyPoint, Page, PortfolioSummary, ProjectFilter, ProjectSummary,
};
