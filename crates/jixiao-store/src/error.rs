//! The one error type of the store layer and the translation of database errors into it.
//!
//! Callers act on the kind of failure, not on database messages: a missing row is
//! [`StoreError::NotFound`], a broken unique or foreign key is [`StoreError::Conflict`] named by
//! its constraint (the same name on both backends), data a rule refuses is
//! [`StoreError::Invalid`], and anything else stays a [`StoreError::Database`] whose text is for
//! logs only.

use sqlx::error::ErrorKind;

/// A failure of a store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("{entity} \"{key}\" does not exist")]
    NotFound {
        /// What kind of row, such as `"project"` or `"organization"`.
        entity: &'static str,
        /// The code or key that was looked up.
        key: String,
    },
    /// A write would break a unique or foreign key; `constraint` is the constraint's name from
    /// the migrations, such as `project_code_key`.
    #[error("conflict on {constraint}: {message}")]
    Conflict {
        /// The name of the violated constraint.
        constraint: String,
        /// What happened, in words.
        message: String,
    },
    /// The input or the database URL is not acceptable, or the database refused the data.
    #[error("{0}")]
    Invalid(String),
    /// A rule of the budget approval workflow refuses the step (a wrong state, a missing
    /// reason, the same approver twice, problems that block submission).
    #[error("{0}")]
    Refused(jixiao_core::preparation::approval::WorkflowError),
    /// Any other database failure; its text is for logs, never for clients.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

/// The result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Constraint names of the unique keys, by the column list SQLite writes in its message
/// (`UNIQUE constraint failed: project.code`), since SQLite does not name the constraint.
const SQLITE_UNIQUE_KEYS: &[(&str, &str)] = &[
    ("organization.code", "organization_code_key"),
    ("cost_category.code", "cost_category_pkey"),
    ("project.code", "project_code_key"),
    (
        "budget.project_id, budget.fiscal_year",
        "budget_project_year_key",
    ),
    (
        "cost_line.budget_id, cost_line.code",
        "cost_line_budget_code_key",
    ),
    (
        "cost_line.budget_id, cost_line.position",
        "cost_line_budget_position_key",
    ),
    ("line_plan.cost_line_id, line_plan.month", "line_plan_pkey"),
    (
        "indicator.project_id, indicator.code",
        "indicator_project_code_key",
    ),
    ("app_user.username", "app_user_username_key"),
    ("user_role.user_id, user_role.role", "user_role_pkey"),
    ("post.code", "post_code_key"),
    (
        "post_holder.post_id, post_holder.user_id",
        "post_holder_pkey",
    ),
    (
        "responsibility.project_id, responsibility.item_kind, responsibility.item_code",
        "responsibility_item_key",
    ),
    ("session.token_hash", "session_pkey"),
    ("api_token.token_hash", "api_token_token_hash_key"),
];

/// The name reported for a foreign-key violation on SQLite, which never says which key broke.
pub(crate) const SQLITE_FOREIGN_KEY: &str = "foreign_key";

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        let Some(db) = error.as_database_error() else {
            return StoreError::Database(error);
        };
        let message = db.message().to_owned();
        match db.kind() {
            ErrorKind::UniqueViolation => StoreError::Conflict {
                constraint: db
                    .constraint()
                    .map(str::to_owned)
                    .unwrap_or_else(|| sqlite_unique_constraint(&message)),
                message,
            },
            ErrorKind::ForeignKeyViolation => StoreError::Conflict {
                constraint: db.constraint().unwrap_or(SQLITE_FOREIGN_KEY).to_owned(),
                message,
            },
            ErrorKind::CheckViolation | ErrorKind::NotNullViolation => StoreError::Invalid(message),
            _ => StoreError::Database(error),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(sqlx::Error::Migrate(Box::new(error)))
    }
}

/// The constraint name behind a SQLite unique-violation message.
fn sqlite_unique_constraint(message: &str) -> String {
    let columns = message
        .split_once("constraint failed: ")
        .map_or(message, |(_, columns)| columns.trim());
    if let Some((_, name)) = SQLITE_UNIQUE_KEYS.iter().find(|(cols, _)| *cols == columns) {
        return (*name).to_owned();
    }
    // A primary-key clash on an `id` column is named as PostgreSQL names it.
    match columns.strip_suffix(".id") {
        Some(table) if !table.contains(' ') => format!("{table}_pkey"),
        _ => columns.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_unique_messages_map_to_the_constraint_names_of_the_migrations() {
        let cases = [
            ("UNIQUE constraint failed: project.code", "project_code_key"),
            (
                "UNIQUE constraint failed: cost_line.budget_id, cost_line.code",
                "cost_line_budget_code_key",
            ),
            ("UNIQUE constraint failed: budget.id", "budget_pkey"),
            (
                "UNIQUE constraint failed: somewhere.else, somewhere.more",
                "somewhere.else, somewhere.more",
            ),
        ];
        for (message, name) in cases {
            assert_eq!(sqlite_unique_constraint(message), name, "{message}");
        }
    }
}
