//! The rows a batch of dossiers becomes, with their ids already assigned.

use std::collections::HashMap;

use chrono::Datelike;
use jixiao_core::{OrgCode, ProjectDossier};

use super::ReservedIds;
use crate::decode::date_text;
use crate::error::{Result, StoreError};
use crate::ledger::family::reading_columns;

/// Every row of a batch, borrowing text from the dossiers where it is stored as given.
pub(super) struct Rows<'d> {
    pub(super) projects: Vec<ProjectRow<'d>>,
    pub(super) budgets: Vec<(i64, i64, i32)>,
    pub(super) lines: Vec<LineRow<'d>>,
    pub(super) plans: Vec<(i64, String, i64)>,
    pub(super) adjustments: Vec<AdjustmentRow<'d>>,
    pub(super) expenditures: Vec<ExpenditureRow<'d>>,
    pub(super) progress: Vec<ProgressRow>,
    pub(super) indicators: Vec<IndicatorRow<'d>>,
    pub(super) readings: Vec<ReadingRow>,
}

/// A `project` row: the project as given, with its organization resolved to an id.
pub(super) struct ProjectRow<'d> {
    pub(super) id: i64,
    pub(super) dossier: &'d ProjectDossier,
    pub(super) organization_id: i64,
}

/// A `cost_line` row; its plan becomes `line_plan` rows.
pub(super) struct LineRow<'d> {
    pub(super) id: i64,
    pub(super) budget_id: i64,
    pub(super) position: i64,
    pub(super) line: &'d jixiao_core::CostLine,
}

/// An `adjustment` row, pointing at the line of its budget.
pub(super) struct AdjustmentRow<'d> {
    pub(super) cost_line_id: i64,
    pub(super) position: i64,
    pub(super) adjustment: &'d jixiao_core::Adjustment,
}

/// An `expenditure` row, pointing at the line of the budget of its date's year.
pub(super) struct ExpenditureRow<'d> {
    pub(super) project_id: i64,
    pub(super) cost_line_id: i64,
    pub(super) position: i64,
    pub(super) expenditure: &'d jixiao_core::Expenditure,
}

/// A `progress` row, pointing at the line found by `nearest_line`.
pub(super) struct ProgressRow {
    pub(super) project_id: i64,
    pub(super) cost_line_id: i64,
    pub(super) position: i64,
    pub(super) date: String,
    pub(super) percent_complete: String,
}

/// An `indicator` row.
pub(super) struct IndicatorRow<'d> {
    pub(super) id: i64,
    pub(super) project_id: i64,
    pub(super) position: i64,
    pub(super) indicator: &'d jixiao_core::Indicator,
}

/// A `reading` row with its value or grade already written as stored text.
pub(super) struct ReadingRow {
    pub(super) indicator_id: i64,
    pub(super) position: i64,
    pub(super) date: String,
    pub(super) value: Option<String>,
    pub(super) grade: Option<&'static str>,
    pub(super) score: Option<String>,
}

/// Turns checked dossiers into rows, consuming the reserved ids in dossier order.
pub(super) fn build<'d>(
    dossiers: &'d [ProjectDossier],
    organizations: &HashMap<String, i64>,
    ids: ReservedIds,
) -> Result<Rows<'d>> {
    let mut project_ids = ids.projects.into_iter();
    let mut budget_ids = ids.budgets.into_iter();
    let mut line_ids = ids.lines.into_iter();
    let mut indicator_ids = ids.indicators.into_iter();
    let mut rows = Rows {
        projects: Vec::with_capacity(dossiers.len()),
        budgets: Vec::new(),
        lines: Vec::new(),
        plans: Vec::new(),
        adjustments: Vec::new(),
        expenditures: Vec::new(),
        progress: Vec::new(),
        indicators: Vec::new(),
        readings: Vec::new(),
    };
    for dossier in dossiers {
        let code = &dossier.project.code;
        let project_id = next_id(&mut project_ids)?;
        rows.projects.push(ProjectRow {
            id: project_id,
            dossier,
            organization_id: organization_id(organizations, &dossier.project.organization)?,
        });

        // The line of each (fiscal year, code), and the years each code appears in.
        let mut line_of: HashMap<(i32, &str), i64> = HashMap::new();
        let mut years_of: HashMap<&str, Vec<(i32, i64)>> = HashMap::new();
        for budget in &dossier.budgets {
            let budget_id = next_id(&mut budget_ids)?;
            rows.budgets
                .push((budget_id, project_id, budget.fiscal_year));
            for (position, line) in budget.lines.iter().enumerate() {
                let id = next_id(&mut line_ids)?;
                rows.lines.push(LineRow {
                    id,
                    budget_id,
                    position: position as i64,
                    line,
                });
                rows.plans.extend(
                    line.plan
                        .iter()
                        .map(|(month, amount)| (id, month.to_string(), amount.fen())),
                );
                line_of.insert((budget.fiscal_year, line.code.as_str()), id);
                years_of
                    .entry(line.code.as_str())
                    .or_default()
                    .push((budget.fiscal_year, id));
            }
            for (position, adjustment) in budget.adjustments.iter().enumerate() {
                let key = (budget.fiscal_year, adjustment.line.as_str());
                rows.adjustments.push(AdjustmentRow {
                    cost_line_id: lookup(&line_of, key, code.as_str())?,
                    position: position as i64,
                    adjustment,
                });
            }
        }
        for (position, expenditure) in dossier.expenditures.iter().enumerate() {
            let key = (expenditure.date.year(), expenditure.line.as_str());
            rows.expenditures.push(ExpenditureRow {
                project_id,
                cost_line_id: lookup(&line_of, key, code.as_str())?,
                position: position as i64,
                expenditure,
            });
        }
        for (position, progress) in dossier.progress.iter().enumerate() {
            let years = years_of.get(progress.line.as_str()).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "project \"{code}\": no budget has a line \"{}\"",
                    progress.line
                ))
            })?;
            rows.progress.push(ProgressRow {
                project_id,
                cost_line_id: nearest_line(years, progress.date.year()),
                position: position as i64,
                date: date_text(progress.date),
                percent_complete: progress.percent_complete.value().to_string(),
            });
        }
        let mut indicator_of: HashMap<&str, i64> = HashMap::new();
        for (position, indicator) in dossier.indicators.iter().enumerate() {
            let id = next_id(&mut indicator_ids)?;
            indicator_of.insert(indicator.code.as_str(), id);
            rows.indicators.push(IndicatorRow {
                id,
                project_id,
                position: position as i64,
                indicator,
            });
        }
        for (position, reading) in dossier.readings.iter().enumerate() {
            let indicator_id = *indicator_of
                .get(reading.indicator.as_str())
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "project \"{code}\": no indicator \"{}\"",
                        reading.indicator
                    ))
                })?;
            let (value, grade, score) = reading_columns(&reading.value);
            rows.readings.push(ReadingRow {
                indicator_id,
                position: position as i64,
                date: date_text(reading.date),
                value,
                grade,
                score,
            });
        }
    }
    Ok(rows)
}

/// The next reserved id; running out means the counts and the rows disagree, a store bug.
fn next_id(ids: &mut impl Iterator<Item = i64>) -> Result<i64> {
    ids.next()
        .ok_or_else(|| StoreError::Invalid("fewer ids were reserved than rows built".into()))
}

fn organization_id(organizations: &HashMap<String, i64>, code: &OrgCode) -> Result<i64> {
    organizations
        .get(code.as_str())
        .copied()
        .ok_or_else(|| StoreError::NotFound {
            entity: "organization",
            key: code.to_string(),
        })
}

fn lookup(line_of: &HashMap<(i32, &str), i64>, key: (i32, &str), project: &str) -> Result<i64> {
    line_of.get(&key).copied().ok_or_else(|| {
        StoreError::Invalid(format!(
            "project \"{project}\": the budget of {} has no line \"{}\"",
            key.0, key.1
        ))
    })
}

/// The line a progress reading of `year` belongs to, among the `(fiscal year, line id)` pairs
/// of its code: the same year's line, else the latest earlier year's, else the earliest later
/// year's. Progress measures the line's work, which continues from year to year under one code.
fn nearest_line(years: &[(i32, i64)], year: i32) -> i64 {
    let same = years.iter().find(|(y, _)| *y == year);
    let earlier = years
        .iter()
        .filter(|(y, _)| *y < year)
        .max_by_key(|(y, _)| *y);
    let later = years
        .iter()
        .filter(|(y, _)| *y > year)
        .min_by_key(|(y, _)| *y);
    same.or(earlier)
        .or(later)
        .map(|(_, id)| *id)
        .expect("a code is listed with at least one year")
}

#[cfg(test)]
mod tests {
    use super::nearest_line;

    #[test]
    fn progress_goes_to_the_same_year_then_an_earlier_then_a_later_budget() {
        let years = [(2022, 1), (2024, 2), (2026, 3)];
        let cases = [(2024, 2), (2025, 2), (2021, 1), (2027, 3), (2023, 1)];
        for (year, line) in cases {
            assert_eq!(nearest_line(&years, year), line, "{year}");
        }
    }
}
