//! "My items" (`/me`): the cost lines and indicators the reader answers for, directly or through
//! a post they hold, grouped by project with links to the project pages; and the ledger's
//! record of changes to the reader's own account.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jixiao_core::access::{ItemRef, OwnedItem};

use super::ledger::{HistoryRow, history_rows};
use super::projects::project_href;
use super::{PageCtx, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::{Locale, fill, t};

/// The items of one project.
#[derive(Debug, Clone)]
pub struct ProjectItems {
    /// Project code.
    pub code: String,
    /// Project name.
    pub name: String,
    /// Link to the project page.
    pub href: String,
    /// The items.
    pub items: Vec<ItemRow>,
}

/// One item, written out.
#[derive(Debug, Clone)]
pub struct ItemRow {
    /// 预算明细 or 绩效指标.
    pub kind: &'static str,
    /// The item's code.
    pub code: String,
    /// The item's name.
    pub name: String,
    /// Where on the project page it is listed.
    pub anchor: String,
    /// "directly" or "through post X".
    pub via: String,
}

#[derive(Template)]
#[template(path = "me.html")]
struct MyItemsPage {
    ctx: PageCtx,
    display_name: String,
    organization: String,
    roles: String,
    summary: String,
    projects: Vec<ProjectItems>,
    history: Vec<HistoryRow>,
}

/// Ledger entries of the reader's account on the page; an account changes rarely.
const HISTORY_ROWS: u32 = 20;

/// `GET /me`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let signed_in = viewer.require()?;
    let user = &signed_in.user;
    let items = state.store.items_of(&user.username).await?;
    let history = state
        .store
        .user_history(&user.username, HISTORY_ROWS)
        .await?;
    let organizations = state.store.organizations().await?;
    let locale = ctx.locale;
    let organization = organizations
        .iter()
        .find(|o| o.code == user.organization)
        .map_or_else(|| user.organization.to_string(), |o| o.name.clone());
    let roles = user
        .roles
        .iter()
        .map(|r| locale.pick(r.name_zh(), r.name_en()))
        .collect::<Vec<_>>()
        .join(locale.pick("、", ", "));
    let projects = group(locale, &items);
    let summary = fill(
        locale,
        "me.summary",
        &[
            ("items", &items.len().to_string()),
            ("projects", &projects.len().to_string()),
        ],
    );
    render(&MyItemsPage {
        display_name: user.display_name.clone(),
        organization,
        roles,
        summary,
        projects,
        history: history_rows(locale, &history),
        ctx,
    })
}

/// Groups items by project, keeping the store's order within each.
fn group(locale: Locale, items: &[OwnedItem]) -> Vec<ProjectItems> {
    let mut projects: Vec<ProjectItems> = Vec::new();
    for item in items {
        let href = project_href(item.project.as_str());
        let (kind, anchor) = match &item.item {
            ItemRef::CostLine(_) => ("me.kind_line", "#budget"),
            ItemRef::Indicator(_) => ("me.kind_indicator", "#indicators"),
        };
        let row = ItemRow {
            kind: t(locale, kind),
            code: item.item.code().to_owned(),
            name: item.item_name.clone(),
            anchor: format!("{href}{anchor}"),
            via: match &item.via_post {
                Some(post) => fill(locale, "me.via_post", &[("post", post)]),
                None => t(locale, "me.direct").to_owned(),
            },
        };
        match projects.last_mut() {
            Some(last) if last.code == item.project.as_str() => last.items.push(row),
            _ => projects.push(ProjectItems {
                code: item.project.to_string(),
                name: item.project_name.clone(),
                href,
                items: vec![row],
            }),
        }
    }
    projects
}
