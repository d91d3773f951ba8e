//! The owners form (`/projects/{code}/owners`, 设置责任人): every cost line and indicator of a
//! project with a choice of who answers for it, for readers who may `edit_project` it.
//!
//! Each item's select box is named `cost_line:{code}` or `indicator:{code}` and sends
//! `user:{username}`, `post:{code}` or nothing (no owner). Only the items whose choice changed
//! are written, so that an owner placed by someone with a wider reach stays untouched when a
//! reader with a narrower one saves the form. All changes are written or none.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use jixiao_core::access::{ItemRef, Owner, Responsibility};
use jixiao_core::{IndicatorCode, LineCode, ProjectCode, ProjectSummary};

use super::{FormBody, PageCtx, render, see_other};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::fill;
use crate::ownership::{self, Candidates};

/// One item of the form with its choices.
#[derive(Debug, Clone)]
pub struct OwnerRow {
    /// The select box's name, such as `cost_line:L01`.
    pub field: String,
    /// The item's code.
    pub code: String,
    /// The item's name (a cost line's name in its latest fiscal year).
    pub name: String,
    /// The choices, one of them selected.
    pub options: Vec<OwnerOption>,
}

/// One entry of an owner select box.
#[derive(Debug, Clone)]
pub struct OwnerOption {
    /// The submitted value: empty for no owner, `user:…` or `post:…`.
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// Which group it is shown in: 0 none, 1 people, 2 posts.
    pub group: u8,
    /// Whether it is the current choice.
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "owners.html")]
struct OwnersPage {
    ctx: PageCtx,
    code: String,
    name: String,
    csrf: String,
    lines: Vec<OwnerRow>,
    indicators: Vec<OwnerRow>,
    error: Option<String>,
}

/// The form's items and what the reader may choose, read once per request.
struct FormData {
    code: ProjectCode,
    summary: ProjectSummary,
    items: Vec<(ItemRef, String)>,
    current: HashMap<ItemRef, Owner>,
    choices: Vec<(String, String, u8)>,
    /// The values of the candidates alone: a current owner shown for an item is no offer to
    /// choose it for another.
    offered: Vec<String>,
}

/// `GET /projects/{code}/owners`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let data = load(&state, &viewer, &ctx, code).await?;
    show(&data, ctx, current_choices(&data), None)
}

/// `POST /projects/{code}/owners`.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(code): Path<String>,
    FormBody(form): FormBody<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let sent_csrf = form
        .iter()
        .find(|(name, _)| name == "csrf")
        .map_or("", |(_, value)| value.as_str());
    viewer.check_csrf(sent_csrf)?;
    let data = load(&state, &viewer, &ctx, code).await?;
    // What the form did not send keeps its current owner, here and when the form comes back.
    let mut chosen = current_choices(&data);
    chosen.extend(form.into_iter().filter(|(name, _)| name != "csrf"));
    let mut changes: Vec<(ItemRef, Option<Owner>)> = Vec::new();
    for (item, name) in &data.items {
        let Some(choice) = chosen.get(&field(item)) else {
            continue;
        };
        let current = data.current.get(item);
        if current.map(value).unwrap_or_default() == *choice {
            continue;
        }
        let offered = choice.is_empty() || data.offered.contains(choice);
        let Some(owner) = parse_owner(choice).filter(|_| offered) else {
            let message = fill(
                ctx.locale,
                "owners.not_offered",
                &[("item", &format!("{} {name}", item.code()))],
            );
            return show(&data, ctx, chosen, Some(message));
        };
        changes.push((item.clone(), owner));
    }
    if let Err(error) = ownership::set_owners(&state, &viewer, &data.code, &changes).await {
        let subject = match &error {
            AppError::NotFound { key, .. } => key.clone(),
            AppError::Invalid(message) => message.clone(),
            _ => return Err(error),
        };
        let message = fill(ctx.locale, "owners.failed", &[("detail", &subject)]);
        return show(&data, ctx, chosen, Some(message));
    }
    Ok(see_other(&format!("/projects/{}#budget", data.code)))
}

/// Reads the project (once the reader may edit it), its items, their owners and the choices.
async fn load(
    state: &AppState,
    viewer: &Viewer,
    ctx: &PageCtx,
    code: String,
) -> Result<FormData, AppError> {
    let (code, summary) = ownership::editable_project(state, viewer, code).await?;
    let store = &state.store;
    // Lines arrive in fiscal-year order, so a later year's name replaces an earlier one.
    let mut lines: BTreeMap<LineCode, String> = BTreeMap::new();
    for line in store.line_executions(&code).await? {
        lines.insert(line.line.code, line.line.name);
    }
    let indicators: Vec<(IndicatorCode, String)> = store
        .indicators(&code)
        .await?
        .into_iter()
        .map(|i| (i.code, i.name))
        .collect();
    let items = lines
        .into_iter()
        .map(|(code, name)| (ItemRef::CostLine(code), name))
        .chain(
            indicators
                .into_iter()
                .map(|(code, name)| (ItemRef::Indicator(code), name)),
        )
        .collect();
    let responsibilities = store.responsibilities(&code).await?;
    let candidates = ownership::candidates(state, viewer, &summary.project.organization).await?;
    Ok(FormData {
        choices: owner_choices(ctx, &candidates, &responsibilities),
        offered: candidates
            .users
            .iter()
            .map(|u| value(&Owner::User(u.username.clone())))
            .chain(
                candidates
                    .posts
                    .iter()
                    .map(|p| value(&Owner::Post(p.code.clone()))),
            )
            .collect(),
        current: responsibilities
            .into_iter()
            .map(|r| (r.item, r.owner))
            .collect(),
        code,
        summary,
        items,
    })
}

/// The select values of the current owners, by select name.
fn current_choices(data: &FormData) -> HashMap<String, String> {
    data.current
        .iter()
        .map(|(item, owner)| (field(item), value(owner)))
        .collect()
}

/// Renders the form with `chosen` (select name to value) selected.
fn show(
    data: &FormData,
    ctx: PageCtx,
    chosen: HashMap<String, String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let none = ctx.t("owners.none").to_owned();
    let row = |item: &ItemRef, name: &String| {
        let field = field(item);
        let current = chosen.get(&field).map_or("", String::as_str);
        let options = std::iter::once((String::new(), none.clone(), 0))
            .chain(data.choices.iter().cloned())
            .map(|(value, label, group)| OwnerOption {
                selected: value == current,
                value,
                label,
                group,
            })
            .collect();
        OwnerRow {
            field,
            code: item.code().to_owned(),
            name: name.clone(),
            options,
        }
    };
    let (lines, indicators): (Vec<_>, Vec<_>) = data
        .items
        .iter()
        .partition(|(item, _)| matches!(item, ItemRef::CostLine(_)));
    render(&OwnersPage {
        code: data.code.to_string(),
        name: data.summary.project.name.clone(),
        csrf: ctx
            .user
            .as_ref()
            .map(|u| u.csrf.clone())
            .unwrap_or_default(),
        lines: lines.iter().map(|(item, name)| row(item, name)).collect(),
        indicators: indicators
            .iter()
            .map(|(item, name)| row(item, name))
            .collect(),
        error,
        ctx,
    })
}

/// The choices besides "no owner": the candidates, plus each current owner the candidates do
/// not include (placed by someone with a wider reach), so that it shows as selected.
pub(crate) fn owner_choices(
    ctx: &PageCtx,
    candidates: &Candidates,
    current: &[Responsibility],
) -> Vec<(String, String, u8)> {
    let post_label = |name: &str| fill(ctx.locale, "owners.post", &[("post", name)]);
    // The login name tells apart two people of the same name, such as two 王工.
    let user_label = |name: &str, username: &str| {
        fill(
            ctx.locale,
            "owners.user",
            &[("name", name), ("username", username)],
        )
    };
    let mut choices: Vec<(String, String, u8)> = candidates
        .users
        .iter()
        .map(|u| {
            let label = user_label(&u.display_name, &u.username);
            (value(&Owner::User(u.username.clone())), label, 1)
        })
        .chain(
            candidates
                .posts
                .iter()
                .map(|p| (value(&Owner::Post(p.code.clone())), post_label(&p.name), 2)),
        )
        .collect();
    for responsibility in current {
        let value = value(&responsibility.owner);
        if choices.iter().any(|(v, _, _)| *v == value) {
            continue;
        }
        let (label, group) = match &responsibility.owner {
            Owner::User(name) => (user_label(&responsibility.owner_name, name), 1),
            Owner::Post(_) => (post_label(&responsibility.owner_name), 2),
        };
        choices.push((value, label, group));
    }
    choices.sort_by_key(|(_, _, group)| *group);
    choices
}

/// The select box name of an item.
fn field(item: &ItemRef) -> String {
    format!("{}:{}", item.kind(), item.code())
}

/// The submitted value of an owner.
fn value(owner: &Owner) -> String {
    owner.reference()
}

/// The owner a submitted value names: `Some(None)` for no owner, `None` for a value no select
/// box offers.
fn parse_owner(value: &str) -> Option<Option<Owner>> {
    if value.is_empty() {
        return Some(None);
    }
    Owner::parse(value).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submitted_values_name_a_user_a_post_nobody_or_nothing_offered() {
        let cases = [
            ("", Some(None)),
            ("user:engineer", Some(Some(Owner::User("engineer".into())))),
            (
                "post:cost-engineer",
                Some(Some(Owner::Post("cost-engineer".into()))),
            ),
            ("user:", None),
            ("team:roads", None),
            ("engineer", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_owner(text), expected, "{text}");
        }
    }

    #[test]
    fn values_read_back_as_the_same_owner() {
        for owner in [Owner::User("li".into()), Owner::Post("site:manager".into())] {
            assert_eq!(parse_owner(&value(&owner)), Some(Some(owner)));
        }
    }
}
