//! The kinds of record the ledger keeps, how each is named and what its entry holds.
//!
//! Every ledgered record belongs to a [`Family`]. A family has a kind (`expenditure`), a removal
//! kind (`expenditure_removed`), a record name built from natural keys that survive a
//! replacement of the project, and a fixed list of content fields in a fixed order. The import
//! path builds an entry's content from the dossier it writes, and the verification builds it
//! again from the stored rows through [`current`]; both go through [`Content::write`], so that
//! they cannot drift apart in encoding.

mod content;
mod rows;

pub(crate) use content::{Content, reading_columns};
pub(crate) use rows::current;

/// A kind of ledgered record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Family {
    /// A cost line of a yearly budget: `<project>/<year>/<line code>`.
    BudgetLine,
    /// A budget adjustment: `<project>/<year>/<position in the budget>`.
    Adjustment,
    /// A payment: `<project>/<position in the project>`.
    Expenditure,
    /// An indicator reading: `<project>/<position in the project>`.
    Reading,
    /// A user account with its roles: `<username>`.
    User,
    /// A line of a cost stage (估算, 概算, …): `<project>/<stage>/<line code>`.
    StageLine,
    /// Where a yearly budget stands in its approval: `<project>/<year>`.
    BudgetState,
    /// A proposed adjustment and the decision on it: `<project>/request/<id>`.
    AdjustmentRequest,
    /// An indicator of the performance targets, with how its target is managed:
    /// `<project>/indicator/<code>`.
    Indicator,
    /// The goals of the performance targets and the execution weight: `<project>/goals`.
    TargetGoals,
}

impl Family {
    /// Every family, in the order verification reads their rows.
    pub(crate) const ALL: [Family; 10] = [
        Family::BudgetLine,
        Family::Adjustment,
        Family::Expenditure,
        Family::Reading,
        Family::User,
        Family::StageLine,
        Family::BudgetState,
        Family::AdjustmentRequest,
        Family::Indicator,
        Family::TargetGoals,
    ];

    /// The families whose records belong to a project.
    pub(crate) const OF_PROJECT: [Family; 9] = [
        Family::BudgetLine,
        Family::Adjustment,
        Family::Expenditure,
        Family::Reading,
        Family::StageLine,
        Family::BudgetState,
        Family::AdjustmentRequest,
        Family::Indicator,
        Family::TargetGoals,
    ];

    /// The kind of the entry that records the record's content.
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Family::BudgetLine => "budget_line",
            Family::Adjustment => "adjustment",
            Family::Expenditure => "expenditure",
            Family::Reading => "reading",
            Family::User => "user",
            Family::StageLine => "stage_line",
            Family::BudgetState => "budget_state",
            Family::AdjustmentRequest => "adjustment_request",
            Family::Indicator => "indicator",
            Family::TargetGoals => "target_goals",
        }
    }

    /// The kind of the entry that records the record's removal.
    pub(crate) fn removed_kind(self) -> &'static str {
        match self {
            Family::BudgetLine => "budget_line_removed",
            Family::Adjustment => "adjustment_removed",
            Family::Expenditure => "expenditure_removed",
            Family::Reading => "reading_removed",
            Family::User => "user_removed",
            Family::StageLine => "stage_line_removed",
            Family::BudgetState => "budget_state_removed",
            Family::AdjustmentRequest => "adjustment_request_removed",
            Family::Indicator => "indicator_removed",
            Family::TargetGoals => "target_goals_removed",
        }
    }

    /// The family of an entry kind, and whether the kind records a removal.
    pub(crate) fn of_kind(kind: &str) -> Option<(Family, bool)> {
        Family::ALL.into_iter().find_map(|family| {
            if kind == family.kind() {
                Some((family, false))
            } else if kind == family.removed_kind() {
                Some((family, true))
            } else {
                None
            }
        })
    }
}
/// Which rows [`current`] reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Every row of the family.
    All,
    /// The rows of one project (for project families) or one user (for users).
    Of(&'a str),
}

/// The record name of an indicator of the performance targets.
pub(crate) fn indicator_record(project: &str, code: &str) -> String {
    format!("{project}/indicator/{code}")
}

/// The record name of the goals of a project's performance targets.
pub(crate) fn goals_record(project: &str) -> String {
    format!("{project}/goals")
}

/// The record name of a cost line.
pub(crate) fn line_record(project: &str, year: i32, line: &str) -> String {
    format!("{project}/{year}/{line}")
}

/// The record name of a budget's adjustment, or of a project's expenditure or reading, by
/// position (the year is absent for the latter two).
pub(crate) fn position_record(project: &str, year: Option<i32>, position: usize) -> String {
    match year {
        Some(year) => format!("{project}/{year}/{position}"),
        None => format!("{project}/{position}"),
    }
}
