//! Setting who answers for a project's cost lines and indicators (责任人), shared by the API
//! (`PUT /api/v1/projects/{code}/responsibilities`) and the owners form
//! (`/projects/{code}/owners`).
//!
//! Both need the same three things: the project, once the caller may `edit_project` it; a
//! check that every new owner belongs to an organization the caller may edit, so that nobody
//! hands a duty to people outside their reach; and the people and posts one may choose from.
//! The permission table in `jixiao_core::access` decides all of it through the [`Viewer`].

use std::collections::BTreeSet;

use jixiao_core::access::{Action, ItemRef, Owner, Post, User};
use jixiao_core::{OrgCode, ProjectCode, ProjectSummary};

use crate::AppState;
use crate::api::projects::project_code;
use crate::auth::Viewer;
use crate::error::AppError;

/// The users and posts that may be chosen as owners of one project's items.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// Active users, ordered by organization and then login name.
    pub users: Vec<User>,
    /// Posts, ordered by organization and then code.
    pub posts: Vec<Post>,
}

/// The project named in the path, once the caller may `edit_project` it: 401 without a
/// credential (before the lookup, so anonymous callers learn nothing about codes), 404 for an
/// unknown code, 403 naming the permission otherwise.
pub async fn editable_project(
    state: &AppState,
    viewer: &Viewer,
    code: String,
) -> Result<(ProjectCode, ProjectSummary), AppError> {
    viewer.require()?;
    let code = project_code(code)?;
    let summary = state.store.project(&code).await?;
    viewer.authorize(Action::EditProject, &summary.project.organization)?;
    Ok((code, summary))
}

/// Checks that every owner in `changes` belongs to an organization the caller may
/// `edit_project`: 400 naming the first item whose owner lies outside, 404 for an owner that
/// does not exist. Clearing an owner (`None`) needs no check.
pub async fn check_owners_in_reach(
    state: &AppState,
    viewer: &Viewer,
    changes: &[(ItemRef, Option<Owner>)],
) -> Result<(), AppError> {
    // `None` means the caller may edit everywhere, so any existing owner will do; the store
    // still refuses unknown users and posts.
    let Some(reach) = viewer.visible(Action::EditProject)? else {
        return Ok(());
    };
    let reach: BTreeSet<OrgCode> = reach.into_iter().collect();
    let posts = state.store.posts().await?;
    for (item, owner) in changes {
        let Some(owner) = owner else { continue };
        let organization = match owner {
            Owner::User(username) => state.store.user(username).await?.organization,
            Owner::Post(code) => posts
                .iter()
                .find(|p| &p.code == code)
                .map(|p| p.organization.clone())
                .ok_or_else(|| AppError::NotFound {
                    entity: "post",
                    key: code.clone(),
                })?,
        };
        if !reach.contains(&organization) {
            let (kind, code) = match owner {
                Owner::User(name) => ("user", name),
                Owner::Post(code) => ("post", code),
            };
            return Err(AppError::Invalid(format!(
                "the owner of {} \"{}\", {kind} \"{code}\", belongs to organization \"{}\", \
                 outside the organizations you may edit",
                item.kind(),
                item.code(),
                organization
            )));
        }
    }
    Ok(())
}

/// Checks the owners, then sets them all or none: the shared write of the API and the form.
pub async fn set_owners(
    state: &AppState,
    viewer: &Viewer,
    project: &ProjectCode,
    changes: &[(ItemRef, Option<Owner>)],
) -> Result<(), AppError> {
    check_owners_in_reach(state, viewer, changes).await?;
    state.store.set_owners(project, changes).await?;
    Ok(())
}

/// Who may answer for items of a project of `organization`: the active users and the posts of
/// that organization and the ones above it, limited to the organizations the caller may
/// `edit_project`, so that the form never offers a choice [`check_owners_in_reach`] refuses.
pub async fn candidates(
    state: &AppState,
    viewer: &Viewer,
    organization: &OrgCode,
) -> Result<Candidates, AppError> {
    let organizations = state.store.organizations().await?;
    let reach = viewer.visible(Action::EditProject)?;
    let chain: Vec<OrgCode> =
        jixiao_core::organization::with_ancestors(&organizations, organization)
            .into_iter()
            .filter(|code| reach.as_ref().is_none_or(|r| r.contains(code)))
            .collect();
    let rank = |code: &OrgCode| chain.iter().position(|c| c == code);
    let mut users: Vec<User> = state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active && rank(&u.organization).is_some())
        .collect();
    users.sort_by(|a, b| {
        (rank(&a.organization), &a.username).cmp(&(rank(&b.organization), &b.username))
    });
    let mut posts: Vec<Post> = state
        .store
        .posts()
        .await?
        .into_iter()
        .filter(|p| rank(&p.organization).is_some())
        .collect();
    posts.sort_by(|a, b| (rank(&a.organization), &a.code).cmp(&(rank(&b.organization), &b.code)));
    Ok(Candidates { users, posts })
}
