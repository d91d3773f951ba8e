//! What an entry of each family holds: the [`Content`] of a record, its encoding into entry
//! fields in a fixed order, and the content of a dossier's records as the import writes them.

use std::borrow::Cow;

use chrono::Datelike;
use jixiao_core::{Adjustment, CostLine, Expenditure, Indicator, Reading, ReadingValue};
use jixiao_ledger::EntryWriter;

use crate::decode::date_text;

/// The content of one record's entry, borrowed from a dossier or owned from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content<'a> {
    BudgetLine {
        name: Cow<'a, str>,
        category: Cow<'a, str>,
        amount_fen: i64,
        profile: Cow<'a, str>,
    },
    Adjustment {
        date: Cow<'a, str>,
        line: Cow<'a, str>,
        amount_fen: i64,
        reason: Cow<'a, str>,
    },
    Expenditure {
        date: Cow<'a, str>,
        line: Cow<'a, str>,
        fiscal_year: i64,
        amount_fen: i64,
        description: Cow<'a, str>,
        explanation: Option<Cow<'a, str>>,
    },
    Reading {
        indicator: Cow<'a, str>,
        date: Cow<'a, str>,
        value: Option<Cow<'a, str>>,
        grade: Option<Cow<'a, str>>,
        score: Option<Cow<'a, str>>,
    },
    StageLine {
        name: Cow<'a, str>,
        category: Cow<'a, str>,
        amount_fen: i64,
    },
    BudgetState {
        state: Cow<'a, str>,
        levels: i64,
        approvals: i64,
    },
    AdjustmentRequest {
        fiscal_year: i64,
        line: Cow<'a, str>,
        date: Cow<'a, str>,
        amount_fen: i64,
        reason: Cow<'a, str>,
        state: Cow<'a, str>,
        proposed_by: Cow<'a, str>,
        decided_by: Option<Cow<'a, str>>,
        rejection_reason: Option<Cow<'a, str>>,
    },
    User {
        display_name: Cow<'a, str>,
        organization: Cow<'a, str>,
        active: bool,
        /// Role codes, sorted, joined with commas.
        roles: Cow<'a, str>,
    },
    Indicator {
        level1: Cow<'a, str>,
        level2: Cow<'a, str>,
        name: Cow<'a, str>,
        direction: Cow<'a, str>,
        target: Option<Cow<'a, str>>,
        target_text: Option<Cow<'a, str>>,
        unit: Cow<'a, str>,
        weight: Cow<'a, str>,
        core: bool,
        standard: Cow<'a, str>,
        data_source: Cow<'a, str>,
        frequency: Cow<'a, str>,
    },
    TargetGoals {
        overall_goal: Cow<'a, str>,
        execution_weight: Cow<'a, str>,
        /// Each year's goal, in year order, written as a field `goal_<year>`.
        annual: Vec<(i64, Cow<'a, str>)>,
    },
}

impl Content<'_> {
    /// Appends the content fields, in their fixed order. Optional fields are left out when
    /// absent rather than written empty, so that "none" and "empty text" stay different.
    pub(crate) fn write(&self, entry: &mut EntryWriter) {
        match self {
            Content::BudgetLine {
                name,
                category,
                amount_fen,
                profile,
            } => {
                entry
                    .field("name", name)
                    .field("category", category)
                    .number("amount_fen", *amount_fen)
                    .field("profile", profile);
            }
            Content::Adjustment {
                date,
                line,
                amount_fen,
                reason,
            } => {
                entry
                    .field("date", date)
                    .field("line", line)
                    .number("amount_fen", *amount_fen)
                    .field("reason", reason);
            }
            Content::Expenditure {
                date,
                line,
                fiscal_year,
                amount_fen,
                description,
                explanation,
            } => {
                entry
                    .field("date", date)
                    .field("line", line)
                    .number("fiscal_year", *fiscal_year)
                    .number("amount_fen", *amount_fen)
                    .field("description", description);
                if let Some(explanation) = explanation {
                    entry.field("explanation", explanation);
                }
            }
            Content::Reading {
                indicator,
                date,
                value,
                grade,
                score,
            } => {
                entry.field("indicator", indicator).field("date", date);
                for (key, text) in [("value", value), ("grade", grade), ("score", score)] {
                    if let Some(text) = text {
                        entry.field(key, text);
                    }
                }
            }
            Content::StageLine {
                name,
                category,
                amount_fen,
            } => {
                entry
                    .field("name", name)
                    .field("category", category)
                    .number("amount_fen", *amount_fen);
            }
            Content::BudgetState {
                state,
                levels,
                approvals,
            } => {
                entry
                    .field("state", state)
                    .number("levels", *levels)
                    .number("approvals", *approvals);
            }
            Content::AdjustmentRequest {
                fiscal_year,
                line,
                date,
                amount_fen,
                reason,
                state,
                proposed_by,
                decided_by,
                rejection_reason,
            } => {
                entry
                    .number("fiscal_year", *fiscal_year)
                    .field("line", line)
                    .field("date", date)
                    .number("amount_fen", *amount_fen)
                    .field("reason", reason)
                    .field("state", state)
                    .field("proposed_by", proposed_by);
                if let Some(decided_by) = decided_by {
                    entry.field("decided_by", decided_by);
                }
                if let Some(rejection_reason) = rejection_reason {
                    entry.field("rejection_reason", rejection_reason);
                }
            }
            Content::User {
                display_name,
                organization,
                active,
                roles,
            } => {
                entry
                    .field("display_name", display_name)
                    .field("organization", organization)
                    .field("active", if *active { "true" } else { "false" })
                    .field("roles", roles);
            }
            Content::Indicator {
                level1,
                level2,
                name,
                direction,
                target,
                target_text,
                unit,
                weight,
                core,
                standard,
                data_source,
                frequency,
            } => {
                entry
                    .field("level1", level1)
                    .field("level2", level2)
                    .field("name", name)
                    .field("direction", direction);
                if let Some(target) = target {
                    entry.field("target", target);
                }
                if let Some(target_text) = target_text {
                    entry.field("target_text", target_text);
                }
                entry
                    .field("unit", unit)
                    .field("weight", weight)
                    .field("core", if *core { "true" } else { "false" })
                    .field("standard", standard)
                    .field("data_source", data_source)
                    .field("frequency", frequency);
            }
            Content::TargetGoals {
                overall_goal,
                execution_weight,
                annual,
            } => {
                entry
                    .field("overall_goal", overall_goal)
                    .field("execution_weight", execution_weight);
                for (year, goal) in annual {
                    entry.field(&format!("goal_{year}"), goal);
                }
            }
        }
    }
}

/// The contents of a dossier's records, exactly as [`current`] reads them back once stored.
impl<'a> Content<'a> {
    /// A cost line as given.
    pub(crate) fn line(line: &'a CostLine) -> Self {
        Content::BudgetLine {
            name: Cow::Borrowed(&line.name),
            category: Cow::Borrowed(line.category.as_str()),
            amount_fen: line.amount.fen(),
            profile: Cow::Borrowed(line.profile.code()),
        }
    }

    /// An adjustment as given.
    pub(crate) fn adjustment(adjustment: &'a Adjustment) -> Self {
        Content::Adjustment {
            date: Cow::Owned(date_text(adjustment.date)),
            line: Cow::Borrowed(adjustment.line.as_str()),
            amount_fen: adjustment.amount.fen(),
            reason: Cow::Borrowed(&adjustment.reason),
        }
    }

    /// A payment as given; its line is the one of its date's fiscal year.
    pub(crate) fn expenditure(expenditure: &'a Expenditure) -> Self {
        Content::Expenditure {
            date: Cow::Owned(date_text(expenditure.date)),
            line: Cow::Borrowed(expenditure.line.as_str()),
            fiscal_year: i64::from(expenditure.date.year()),
            amount_fen: expenditure.amount.fen(),
            description: Cow::Borrowed(&expenditure.description),
            explanation: expenditure.explanation.as_deref().map(Cow::Borrowed),
        }
    }

    /// An indicator as the import stores it: with the default standard, data source and
    /// frequency of its columns, and its numbers written as the import writes them.
    pub(crate) fn imported_indicator(indicator: &'a Indicator) -> Self {
        Content::Indicator {
            level1: Cow::Borrowed(indicator.level1.code()),
            level2: Cow::Borrowed(indicator.level2.code()),
            name: Cow::Borrowed(&indicator.name),
            direction: Cow::Borrowed(indicator.direction.code()),
            target: indicator.target.map(|t| Cow::Owned(t.to_string())),
            target_text: indicator.target_text.as_deref().map(Cow::Borrowed),
            unit: Cow::Borrowed(&indicator.unit),
            weight: Cow::Owned(indicator.weight.to_string()),
            core: indicator.core,
            standard: Cow::Borrowed("plan"),
            data_source: Cow::Borrowed(""),
            frequency: Cow::Borrowed("yearly"),
        }
    }

    /// A reading as given.
    pub(crate) fn reading(reading: &'a Reading) -> Self {
        let (value, grade, score) = reading_columns(&reading.value);
        Content::Reading {
            indicator: Cow::Borrowed(reading.indicator.as_str()),
            date: Cow::Owned(date_text(reading.date)),
            value: value.map(Cow::Owned),
            grade: grade.map(Cow::Borrowed),
            score: score.map(Cow::Owned),
        }
    }
}

/// The `value`, `grade` and `score` columns of a reading: a value, or a grade with its score.
pub(crate) fn reading_columns(
    value: &ReadingValue,
) -> (Option<String>, Option<&'static str>, Option<String>) {
    match value {
        ReadingValue::Value { value } => (Some(value.to_string()), None, None),
        ReadingValue::Graded { grade, score } => {
            (None, Some(grade.code()), Some(score.to_string()))
        }
    }
}
