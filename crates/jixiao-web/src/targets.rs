//! Performance targets (绩效目标) as the targets page and the JSON API both need them: saving a
//! project's target set once the caller may edit the project and reach every owner named, and
//! starting its indicator table from the target library.
//!
//! Whether a set is complete is `jixiao_core::preparation::target::validate`; a set with
//! problems is still stored (a table started from the library lacks owners at first), and the
//! budget workflow refuses submission until the problems are gone.

use jixiao_core::access::{ItemRef, Owner};
use jixiao_core::preparation::library::start_from_library;
use jixiao_core::preparation::target::{TargetProblem, TargetSet, validate};
use jixiao_core::{IndicatorCode, ProjectCode, ProjectSummary};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::ownership::{check_owners_in_reach, editable_project};

/// Stores `targets` as project `code`'s target set and returns the problems it still has:
/// 403 without `edit_project`, 400 for an owner outside the caller's reach or a row the store
/// refuses, 404 for an unknown project, user or post.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    code: String,
    targets: &TargetSet,
) -> Result<(ProjectCode, Vec<TargetProblem>), AppError> {
    let (code, summary) = editable_project(state, viewer, code).await?;
    let changes = owner_changes(targets)?;
    check_owners_in_reach(state, viewer, &changes).await?;
    let stamp = viewer.require()?.stamp();
    state.store.set_targets(&code, targets, &stamp).await?;
    let problems = validate(summary.project.project_type, targets);
    tracing::info!(
        project.code = %code,
        indicators = targets.indicators.len(),
        problems = problems.len(),
        "performance targets saved"
    );
    Ok((code, problems))
}

/// Adds to project `code`'s indicator table every template of the library for its type whose
/// code the table lacks, keeping the rows it has, and stores the result; returns the codes
/// added (none when the table already holds every template).
pub async fn start_from_the_library(
    state: &AppState,
    viewer: &Viewer,
    code: String,
) -> Result<(ProjectCode, Vec<IndicatorCode>), AppError> {
    let (code, summary) = editable_project(state, viewer, code).await?;
    let project_type = summary.project.project_type;
    let mut targets = state.store.targets(&code).await?;
    let templates = state.store.indicator_templates(Some(project_type)).await?;
    let added: Vec<_> = start_from_library(project_type, &templates)
        .into_iter()
        .filter(|row| {
            targets
                .indicators
                .iter()
                .all(|have| have.indicator.code != row.indicator.code)
        })
        .collect();
    let codes = added.iter().map(|row| row.indicator.code.clone()).collect();
    if !added.is_empty() {
        targets.indicators.extend(added);
        let stamp = viewer.require()?.stamp();
        state.store.set_targets(&code, &targets, &stamp).await?;
    }
    Ok((code, codes))
}

/// The target set of a project the caller may view, with the problems it has.
pub async fn load(
    state: &AppState,
    summary: &ProjectSummary,
) -> Result<(TargetSet, Vec<TargetProblem>), AppError> {
    let targets = state.store.targets(&summary.project.code).await?;
    let problems = validate(summary.project.project_type, &targets);
    Ok((targets, problems))
}

/// The owner each indicator of `targets` names, for the reach check; 400 naming the row for an
/// owner that is neither `user:<login>` nor `post:<code>`.
fn owner_changes(targets: &TargetSet) -> Result<Vec<(ItemRef, Option<Owner>)>, AppError> {
    targets
        .indicators
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let item = ItemRef::Indicator(row.indicator.code.clone());
            match row.owner.as_deref().map(str::trim) {
                None | Some("") => Ok((item, None)),
                Some(reference) => match Owner::parse(reference) {
                    Some(owner) => Ok((item, Some(owner))),
                    None => Err(AppError::Invalid(format!(
                        "$.indicators[{index}].owner: \"{reference}\" is neither user:<login> \
                         nor post:<code>"
                    ))),
                },
            }
        })
        .collect()
}
