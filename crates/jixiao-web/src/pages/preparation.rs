//! The prepare page (`/projects/{code}/budgets/{year}/prepare`, 预算编制): one year's budget
//! with its lines, their justification status, reviewers' comments and returned marks, the
//! workflow state and its history, the adjustments of an approved budget, and the forms the
//! reader may use in that state. A year without a budget shows the form that starts one.
//!
//! The forms post to the handlers in `preparation_forms`, which answer with a redirect back
//! here, or render this page again with the refusal in the reader's language.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jixiao_core::Profile;
use jixiao_core::access::Action;
use jixiao_core::preparation::approval::{BudgetState, WorkflowAction};
use jixiao_core::preparation::justification::{Justification, check};
use serde::Deserialize;

use super::{PageCtx, render_with_status};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format;
use crate::i18n::{Locale, fill, t};
use crate::params::Params;
use crate::preparation::{JustificationStatus, last_year_from, project_for};

pub use super::preparation_forms::{
    approve, create, decide, justification, line, propose, return_budget, review, submit,
};

pub use super::preparation_view::{
    AdjustmentView, JustificationView, LineView, Notice, ReviewView, StepView,
};
use super::preparation_view::{form_values, last_year_text, status_key};

#[derive(Template)]
#[template(path = "preparation.html")]
struct PreparePage {
    ctx: PageCtx,
    code: String,
    name: String,
    year: i32,
    csrf: String,
    exists: bool,
    state_code: &'static str,
    state: String,
    levels: String,
    total: String,
    adjusted_total: String,
    lines: Vec<LineView>,
    history: Vec<StepView>,
    adjustments: Vec<AdjustmentView>,
    notice: Option<Notice>,
    can_edit: bool,
    can_submit: bool,
    can_review: bool,
    next_level: u8,
    locked: bool,
    can_propose: bool,
    can_decide: bool,
    categories: Vec<(String, String)>,
    profiles: Vec<(String, String)>,
    next_line: String,
}

/// Query parameters: `done` names the step just taken, for a confirmation.
#[derive(Debug, Default, Deserialize)]
pub struct PrepareQuery {
    done: Option<String>,
}

/// `GET /projects/{code}/budgets/{year}/prepare`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path((code, year)): Path<(String, i32)>,
    Params(query): Params<PrepareQuery>,
) -> Result<Response, AppError> {
    let notice = query
        .done
        .as_deref()
        .and_then(|done| done_notice(ctx.locale, done));
    show(&state, ctx, &viewer, code, year, notice, StatusCode::OK).await
}

/// The confirmation of step `done`, if it is one the forms name.
fn done_notice(locale: Locale, done: &str) -> Option<Notice> {
    let key = match done {
        "created" => "prepare.done.created",
        "line" => "prepare.done.line",
        "justification" => "prepare.done.justification",
        "submit" => "prepare.done.submit",
        "approve" => "prepare.done.approve",
        "return" => "prepare.done.return",
        "review" => "prepare.done.review",
        "propose" => "prepare.done.propose",
        "decision" => "prepare.done.decision",
        _ => return None,
    };
    Some(Notice {
        kind: "ok",
        text: t(locale, key).to_owned(),
        items: Vec::new(),
    })
}

/// Renders the page of `year` with `notice` and `status`.
pub async fn show(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    code: String,
    year: i32,
    notice: Option<Notice>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (code, summary, _) = project_for(state, viewer, code, Action::ViewProject).await?;
    let organization = &summary.project.organization;
    let may = |action| viewer.authorize(action, organization).is_ok();
    let (editor, approver) = (may(Action::EditProject), may(Action::ApproveBudget));
    let store = &state.store;
    let locale = ctx.locale;
    let zh = locale == Locale::Zh;
    let categories = store.cost_categories().await?;
    let category_names: HashMap<String, String> = categories
        .iter()
        .map(|c| {
            let name = locale.pick(&c.name_zh, &c.name_en).to_owned();
            (c.code.to_string(), name)
        })
        .collect();
    let budget = store
        .budgets(&code)
        .await?
        .into_iter()
        .find(|b| b.fiscal_year == year);
    let mut page = PreparePage {
        code: code.to_string(),
        name: summary.project.name.clone(),
        year,
        csrf: ctx
            .user
            .as_ref()
            .map(|u| u.csrf.clone())
            .unwrap_or_default(),
        exists: budget.is_some(),
        state_code: "none",
        state: String::new(),
        levels: String::new(),
        total: String::new(),
        adjusted_total: String::new(),
        lines: Vec::new(),
        history: Vec::new(),
        adjustments: Vec::new(),
        notice,
        can_edit: editor && budget.is_none(),
        can_submit: false,
        can_review: false,
        next_level: 1,
        locked: false,
        can_propose: false,
        can_decide: false,
        categories: categories
            .iter()
            .map(|c| (c.code.to_string(), category_names[c.code.as_str()].clone()))
            .collect(),
        profiles: Profile::ALL
            .iter()
            .filter(|p| **p != Profile::Manual)
            .map(|p| {
                (
                    p.code().to_owned(),
                    locale.pick(p.name_zh(), p.name_en()).to_owned(),
                )
            })
            .collect(),
        next_line: "L01".to_owned(),
        ctx,
    };
    let Some(budget) = budget else {
        return render_with_status(status, &page);
    };
    let workflow = store.budget_workflow(&code, year).await?;
    let justifications: HashMap<String, Justification> = store
        .justifications(&code, year)
        .await?
        .into_iter()
        .map(|(line, j)| (line.to_string(), j))
        .collect();
    let reviews = store.line_reviews(&code, year).await?;
    let requests = store.adjustment_requests(&code).await?;
    let last_submit = workflow
        .history
        .iter()
        .rev()
        .find(|r| r.action == WorkflowAction::Submit)
        .map(|r| r.at);
    let last_return = workflow
        .history
        .last()
        .filter(|r| r.action == WorkflowAction::Return);
    let returned_state = workflow.state == BudgetState::Returned;

    page.state_code = workflow.state.code();
    page.state = locale
        .pick(workflow.state.name_zh(), workflow.state.name_en())
        .to_owned();
    page.levels = fill(
        locale,
        "prepare.levels",
        &[
            (
                "levels",
                locale.pick(workflow.levels.name_zh(), workflow.levels.name_en()),
            ),
            ("reached", &workflow.level_reached().to_string()),
            ("count", &workflow.levels.count().to_string()),
        ],
    );
    page.total = format::wan(budget.original_total());
    page.adjusted_total = format::wan(budget.adjusted_total());
    let editable = workflow.check_editable().is_ok();
    let submitted = workflow.state == BudgetState::Submitted;
    page.can_edit = editor && editable;
    page.can_submit = editor && editable;
    page.can_review = approver && submitted;
    page.next_level = workflow.level_reached().saturating_add(1);
    page.locked = workflow.is_locked();
    page.can_propose = editor && page.locked;
    page.can_decide = approver;
    page.next_line = next_line_code(budget.lines.iter().map(|l| l.code.as_str()));
    let executions = store.line_executions(&code).await?;
    for line in &budget.lines {
        let key = line.code.to_string();
        let justification = justifications.get(&key);
        let last_year = justification
            .and_then(|j| j.last_year.clone())
            .or_else(|| last_year_from(&executions, year, &line.code))
            .map(|outcome| last_year_text(locale, &outcome));
        let problems = check(line.amount, justification);
        let status = JustificationStatus::of(&problems);
        let line_reviews: Vec<ReviewView> = reviews
            .iter()
            .filter(|(r, _)| r.line == line.code)
            .map(|(r, at)| ReviewView {
                reviewer: r.reviewer.clone(),
                at: at.format("%Y-%m-%d %H:%M").to_string(),
                comment: r.comment.clone(),
                returned: r.returned,
            })
            .collect();
        let returned_by_review = reviews.iter().any(|(r, at)| {
            r.line == line.code && r.returned && last_submit.is_none_or(|s| *at >= s)
        });
        let returned = returned_state
            && (last_return.is_some_and(|r| r.lines.contains(&line.code)) || returned_by_review);
        page.lines.push(LineView {
            name: line.name.clone(),
            category_code: line.category.to_string(),
            category: category_names
                .get(line.category.as_str())
                .cloned()
                .unwrap_or_else(|| line.category.to_string()),
            amount_wan: format::wan(line.amount),
            amount_yuan: line.amount.to_yuan_string(),
            adjusted_wan: format::wan(budget.adjusted_line(&line.code).unwrap_or(line.amount)),
            profile: line.profile.code().to_owned(),
            status_code: status.code(),
            status: t(locale, status_key(status)).to_owned(),
            problems: problems.iter().map(|p| p.message(zh)).collect(),
            returned,
            reviews: line_reviews,
            form: justification.map(form_values).unwrap_or_default(),
            last_year,
            code: key,
        });
    }
    page.history = workflow
        .history
        .iter()
        .map(|r| {
            let mut action = locale
                .pick(r.action.name_zh(), r.action.name_en())
                .to_owned();
            if let Some(level) = r.level {
                action = fill(
                    locale,
                    "prepare.level_n",
                    &[("action", &action), ("level", &level.to_string())],
                );
            }
            let lines: Vec<String> = r.lines.iter().map(ToString::to_string).collect();
            let mut detail = r.reasons.join(locale.pick("；", "; "));
            if !lines.is_empty() {
                detail = fill(
                    locale,
                    "prepare.returned_lines",
                    &[("reasons", &detail), ("lines", &lines.join(", "))],
                );
            }
            StepView {
                at: r.at.format("%Y-%m-%d %H:%M").to_string(),
                actor: r.actor.clone(),
                action,
                states: format!(
                    "{} → {}",
                    locale.pick(r.from.name_zh(), r.from.name_en()),
                    locale.pick(r.to.name_zh(), r.to.name_en())
                ),
                detail,
            }
        })
        .collect();
    page.adjustments = requests
        .iter()
        .filter(|r| r.fiscal_year == year)
        .map(|r| {
            let w = &r.workflow;
            let mut state = locale.pick(w.state.name_zh(), w.state.name_en()).to_owned();
            if let Some(by) = &w.decided_by {
                state = format!("{state} · {by}");
            }
            if let Some(reason) = &w.rejection_reason {
                state = format!("{state} · {reason}");
            }
            AdjustmentView {
                id: r.id,
                line: r.adjustment.line.to_string(),
                date: format::date(r.adjustment.date),
                amount: format::wan(r.adjustment.amount),
                reason: w.reason.clone(),
                state_code: w.state.code(),
                state,
                pending: w.decided_by.is_none(),
            }
        })
        .collect();
    render_with_status(status, &page)
}

/// The code proposed for a new line: `L` and the number after the highest `L…` code.
fn next_line_code<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    let highest = codes
        .filter_map(|c| c.strip_prefix('L').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("L{:02}", highest + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_line_gets_the_number_after_the_highest() {
        let cases: [(&[&str], &str); 4] = [
            (&[], "L01"),
            (&["L01", "L02"], "L03"),
            (&["L09", "L03", "X7"], "L10"),
            (&["ROAD"], "L01"),
        ];
        for (codes, expected) in cases {
            assert_eq!(next_line_code(codes.iter().copied()), expected, "{codes:?}");
        }
    }
}
