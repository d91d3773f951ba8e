//! The permission table through the HTTP API: every role × action × place of the target
//! (inside or outside the caller's organization subtree), on SQLite and on PostgreSQL.
//!
//! Each role gets a user at a city traffic bureau, below the department, with an API token.
//! Each action maps to a request that needs it:
//!
//! | action | request | inside / outside |
//! | --- | --- | --- |
//! | view_portfolio | `GET /api/v1/portfolio/summary` | counts the subtree's projects / every project |
//! | view_project | `GET /api/v1/projects/{code}` | a project of the bureau / of another organization |
//! | edit_project | `POST /api/v1/projects?replace=true` with the project's own file | as above |
//! | record_reading | `POST /api/v1/projects/{code}/readings` for the project's first indicator | as above |
//! | view_audit | `GET /api/v1/audit/logins` | lists a bureau user's login / the department user's |
//! | manage_users | `GET /api/v1/users` | lists a bureau user / a department user |
//! | approve_budget | `POST /api/v1/projects/{code}/budgets/{year}/transitions` approving a submitted draft | as above |
//!
//! Every action of the core has a request here: the table test fails to compile when an action
//! is added without one.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicI32, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use jixiao_core::access::{Action, LoginEvent, Role};
use jixiao_core::interchange::{self, OrganizationRef, ProjectFile};
use jixiao_core::organization::subtree;
use jixiao_core::preparation::approval::BudgetState;
use jixiao_core::{Direction, ProjectCode};
use serde_json::json;

use crate::backends::for_each_backend;
use crate::{App, PASSWORD_HASH, Reply, api_token};

/// The target lies in the caller's subtree.
const IN: bool = true;
/// Allowed.
const Y: bool = true;
/// Refused.
const N: bool = false;

/// The expected decision of every cell, written from the requirement rather than read from the
/// core's table: `(role, action, allowed inside, allowed outside)`.
#[rustfmt::skip]
const EXPECTED: &[(Role, Action, bool, bool)] = &[
    (Role::Admin, Action::ViewPortfolio, Y, Y),
    (Role::Admin, Action::ViewProject, Y, Y),
    (Role::Admin, Action::EditProject, Y, Y),
    (Role::Admin, Action::RecordReading, Y, Y),
    (Role::Admin, Action::ViewAudit, Y, Y),
    (Role::Admin, Action::ManageUsers, Y, Y),
    (Role::Admin, Action::ApproveBudget, Y, Y),
    (Role::Finance, Action::ViewPortfolio, Y, N),
    (Role::Finance, Action::ViewProject, Y, N),
    (Role::Finance, Action::EditProject, Y, N),
    (Role::Finance, Action::RecordReading, N, N),
    (Role::Finance, Action::ViewAudit, N, N),
    (Role::Finance, Action::ManageUsers, N, N),
    (Role::Finance, Action::ApproveBudget, Y, N),
    (Role::Engineer, Action::ViewPortfolio, Y, N),
    (Role::Engineer, Action::ViewProject, Y, N),
    (Role::Engineer, Action::EditProject, Y, N),
    (Role::Engineer, Action::RecordReading, Y, N),
    (Role::Engineer, Action::ViewAudit, N, N),
    (Role::Engineer, Action::ManageUsers, N, N),
    (Role::Engineer, Action::ApproveBudget, N, N),
    (Role::Auditor, Action::ViewPortfolio, Y, N),
    (Role::Auditor, Action::ViewProject, Y, N),
    (Role::Auditor, Action::EditProject, N, N),
    (Role::Auditor, Action::RecordReading, N, N),
    (Role::Auditor, Action::ViewAudit, Y, N),
    (Role::Auditor, Action::ManageUsers, N, N),
    (Role::Auditor, Action::ApproveBudget, N, N),
    (Role::Leader, Action::ViewPortfolio, Y, N),
    (Role::Leader, Action::ViewProject, Y, N),
    (Role::Leader, Action::EditProject, N, N),
    (Role::Leader, Action::RecordReading, N, N),
    (Role::Leader, Action::ViewAudit, Y, N),
    (Role::Leader, Action::ManageUsers, N, N),
    (Role::Leader, Action::ApproveBudget, Y, N),
    (Role::Expert, Action::ViewPortfolio, N, N),
    (Role::Expert, Action::ViewProject, Y, N),
    (Role::Expert, Action::EditProject, N, N),
    (Role::Expert, Action::RecordReading, N, N),
    (Role::Expert, Action::ViewAudit, N, N),
    (Role::Expert, Action::ManageUsers, N, N),
    (Role::Expert, Action::ApproveBudget, N, N),
];

/// The year of the next budget drafted for an approval probe; each probe needs its own.
static NEXT_YEAR: AtomicI32 = AtomicI32::new(2060);

/// What the test knows about the seeded world.
struct World {
    inside_project: ProjectCode,
    outside_project: ProjectCode,
    inside_projects: u64,
    all_projects: u64,
}

#[tokio::test]
async fn every_role_action_and_scope_cell_is_decided_by_the_table_through_the_api() {
    let cells: BTreeSet<(Role, Action)> = EXPECTED.iter().map(|(r, a, _, _)| (*r, *a)).collect();
    assert_eq!(
        cells.len(),
        Role::ALL.len() * Action::ALL.len(),
        "the expected table covers every role and action once"
    );
    assert_eq!(EXPECTED.len(), cells.len());
    for_each_backend("permission_table", |app, backend| async move {
        let world = world(&app).await;
        for (role, action, inside, outside) in EXPECTED {
            let username = format!("{}-x", role.code());
            let token = api_token(&app.store, &username, Utc::now() + Duration::days(1)).await;
            for (place, expected) in [(IN, *inside), (!IN, *outside)] {
                let observed = decide(&app, &world, &token, *action, place).await;
                assert_eq!(
                    observed,
                    expected,
                    "{backend:?}: {role} {action} {}",
                    if place { "inside" } else { "outside" }
                );
            }
        }
    })
    .await;
}

/// Seeds one user per role at a city bureau, and two login records to audit.
async fn world(app: &App) -> World {
    let bureau = app.engineer_org.clone();
    for role in Role::ALL {
        let username = format!("{}-x", role.code());
        app.store
            .create_user(
                &username,
                &username,
                &bureau,
                &[*role],
                &PASSWORD_HASH,
                &jixiao_store::Stamp::new("admin", Utc::now()),
            )
            .await
            .unwrap();
    }
    for (username, reason) in [("auditor-x", "probe-inside"), ("admin", "probe-outside")] {
        app.store
            .record_login(&LoginEvent {
                at: Utc::now(),
                username: username.to_owned(),
                address: "192.0.2.1".to_owned(),
                success: true,
                reason: reason.to_owned(),
            })
            .await
            .unwrap();
    }
    let organizations = app.store.organizations().await.unwrap();
    let below = subtree(&organizations, &bureau);
    let (inside, outside): (Vec<_>, Vec<_>) = app
        .demo
        .dossiers
        .iter()
        .partition(|d| below.contains(&d.project.organization));
    assert!(
        !inside.is_empty() && !outside.is_empty(),
        "both places have projects"
    );
    World {
        inside_project: inside[0].project.code.clone(),
        outside_project: outside[0].project.code.clone(),
        inside_projects: inside.len() as u64,
        all_projects: app.demo.dossiers.len() as u64,
    }
}

/// Whether the request standing for `action` on a target `inside` (or outside) the caller's
/// subtree was allowed.
async fn decide(app: &App, world: &World, token: &str, action: Action, inside: bool) -> bool {
    let project = if inside {
        &world.inside_project
    } else {
        &world.outside_project
    };
    match action {
        Action::ViewPortfolio => {
            let reply = app.get_bearer("/api/v1/portfolio/summary", token).await;
            if refused(&reply, action) {
                return false;
            }
            let count = reply.json()["project_count"].as_u64().unwrap();
            assert!(
                count == world.inside_projects || count == world.all_projects,
                "{count}"
            );
            if inside {
                count >= world.inside_projects
            } else {
                count == world.all_projects
            }
        }
        Action::ViewProject => {
            let reply = app
                .get_bearer(&format!("/api/v1/projects/{project}"), token)
                .await;
            !refused(&reply, action)
        }
        Action::EditProject => {
            let reply = import(app, project, token).await;
            !refused(&reply, action) && reply.status == StatusCode::CREATED
        }
        Action::ViewAudit => {
            let reply = app.get_bearer("/api/v1/audit/logins", token).await;
            if refused(&reply, action) {
                return false;
            }
            let probe = if inside {
                "probe-inside"
            } else {
                "probe-outside"
            };
            listed(&reply, "reason", probe)
        }
        Action::ManageUsers => {
            let reply = app.get_bearer("/api/v1/users", token).await;
            if refused(&reply, action) {
                return false;
            }
            listed(
                &reply,
                "username",
                if inside { "auditor-x" } else { "admin" },
            )
        }
        Action::ApproveBudget => {
            let year = NEXT_YEAR.fetch_add(1, Ordering::Relaxed);
            crate::preparation::submitted_budget(app, project, year).await;
            let request = Request::post(format!(
                "/api/v1/projects/{project}/budgets/{year}/transitions"
            ))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"action": "approve", "level": 1}).to_string(),
            ))
            .unwrap();
            let reply = app.send(request).await;
            let state = app
                .store
                .budget_workflow(project, year)
                .await
                .unwrap()
                .state;
            if refused(&reply, action) {
                assert_eq!(
                    state,
                    BudgetState::Submitted,
                    "a refused approval changes nothing"
                );
                return false;
            }
            state == BudgetState::Approved
        }
        Action::RecordReading => {
            let before = app.store.readings(project).await.unwrap().len();
            let reply = record_reading(app, project, token).await;
            if refused(&reply, action) {
                let after = app.store.readings(project).await.unwrap().len();
                assert_eq!(after, before, "a refused reading is not stored");
                return false;
            }
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
            app.store.readings(project).await.unwrap().len() == before + 1
        }
    }
}

/// Whether a reply is a refusal: a 403 problem document naming the permission or the scope;
/// anything else must be a success.
fn refused(reply: &Reply, action: Action) -> bool {
    if reply.status != StatusCode::FORBIDDEN {
        assert!(
            reply.status.is_success(),
            "{}: {}",
            reply.status,
            reply.body
        );
        return false;
    }
    assert_eq!(reply.content_type(), "application/problem+json");
    let detail = reply.json()["detail"].as_str().unwrap().to_owned();
    assert!(
        detail == format!("missing permission \"{}\"", action.code())
            || detail == "project outside your organization",
        "{detail}"
    );
    true
}

fn listed(reply: &Reply, field: &str, value: &str) -> bool {
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .any(|item| item[field] == value)
}

/// Re-imports a project's own file with replacement.
async fn import(app: &App, code: &ProjectCode, token: &str) -> Reply {
    let dossier = app.store.export_dossier(code).await.unwrap();
    let organizations = app.store.organizations().await.unwrap();
    let organization = organizations
        .iter()
        .find(|o| o.code == dossier.project.organization)
        .unwrap();
    let file = ProjectFile {
        organization: OrganizationRef {
            code: organization.code.clone(),
            name: Some(organization.name.clone()),
            parent: organization.parent.clone(),
        },
        dossier,
    };
    let request = Request::post("/api/v1/projects?replace=true")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(interchange::to_json(&file)))
        .unwrap();
    app.send(request).await
}

/// Posts a reading of the project's first indicator: a value, or a grade and score for a
/// qualitative indicator.
async fn record_reading(app: &App, code: &ProjectCode, token: &str) -> Reply {
    let indicators = app.store.indicators(code).await.unwrap();
    let indicator = indicators.first().expect("demo projects have indicators");
    let body = if indicator.direction == Direction::Qualitative {
        json!({"indicator": indicator.code.as_str(), "date": "2025-03-31",
               "grade": "achieved", "score": "9"})
    } else {
        json!({"indicator": indicator.code.as_str(), "date": "2025-03-31", "value": "12.5"})
    };
    let request = Request::post(format!("/api/v1/projects/{code}/readings"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}
