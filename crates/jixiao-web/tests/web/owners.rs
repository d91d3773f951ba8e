//! Setting who answers for a project's items: `PUT /api/v1/projects/{code}/responsibilities`
//! and the owners form at `/projects/{code}/owners`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use jixiao_core::access::{ItemRef, Owner, Post, Role};
use jixiao_core::organization::subtree;
use jixiao_core::{OrgCode, ProjectDossier};
use serde_json::{Value, json};

use crate::{App, PASSWORD_HASH, Reply, api_token, open_session, seeded};

/// A project of the engineer's bureau with budget lines and indicators.
fn bureau_project(app: &App) -> &ProjectDossier {
    app.demo
        .dossiers
        .iter()
        .find(|d| {
            d.project.organization == app.engineer_org
                && !d.indicators.is_empty()
                && !d.budgets.is_empty()
        })
        .expect("the engineer's bureau has a project with lines and indicators")
}

/// An organization that neither contains nor lies below the engineer's bureau.
fn unrelated_org(app: &App) -> OrgCode {
    app.demo
        .organizations
        .iter()
        .map(|o| o.code.clone())
        .find(|code| {
            !subtree(&app.demo.organizations, code).contains(&app.engineer_org)
                && !subtree(&app.demo.organizations, &app.engineer_org).contains(code)
        })
        .expect("the demo has an organization beside the engineer's bureau")
}

/// Adds a user with `role` in `org`.
async fn add_user(app: &App, username: &str, display_name: &str, org: &OrgCode, role: Role) {
    app.store
        .create_user(
            username,
            display_name,
            org,
            &[role],
            &PASSWORD_HASH,
            &jixiao_store::Stamp::new("admin", Utc::now()),
        )
        .await
        .unwrap();
}

/// Adds 李工 (engineer) to the engineer's bureau and a post there held by 王工.
async fn with_bureau_people(app: &App) {
    add_user(app, "li", "李工", &app.engineer_org, Role::Engineer).await;
    app.store
        .ensure_posts(&[Post {
            code: "XCFZR".to_owned(),
            name: "现场负责人".to_owned(),
            organization: app.engineer_org.clone(),
        }])
        .await
        .unwrap();
    app.store
        .add_post_holder("XCFZR", "engineer")
        .await
        .unwrap();
}

/// Sends `body` to the owners of `code` with `authorization`, if any.
async fn put_owners(app: &App, code: &str, body: &Value, authorization: Option<&str>) -> Reply {
    let mut request = Request::put(format!("/api/v1/projects/{code}/responsibilities"))
        .header("content-type", "application/json");
    if let Some(token) = authorization {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    app.send(request.body(Body::from(body.to_string())).unwrap())
        .await
}

async fn token_of(app: &App, username: &str) -> String {
    api_token(&app.store, username, Utc::now() + Duration::days(1)).await
}

fn assert_problem(reply: &Reply, status: StatusCode, needle: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/problem+json");
    let detail = reply.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains(needle), "{detail:?} lacks {needle:?}");
}

#[tokio::test]
async fn the_api_sets_owners_and_answers_with_the_projects_owners() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = dossier.budgets[0].lines[0].code.as_str();
    let indicator = dossier.indicators[0].code.as_str();
    let body = json!([
        {"item": {"kind": "cost_line", "code": line}, "owner": {"kind": "user", "code": "li"}},
        {"item": {"kind": "indicator", "code": indicator}, "owner": {"kind": "post", "code": "XCFZR"}}
    ]);
    let token = token_of(&app, "engineer").await;
    let reply = put_owners(&app, code, &body, Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let expected = json!([
        {"item_kind": "cost_line", "item_code": line, "owner_kind": "user", "owner_code": "li",
         "owner_name": "李工", "holders": []},
        {"item_kind": "indicator", "item_code": indicator, "owner_kind": "post",
         "owner_code": "XCFZR", "owner_name": "现场负责人", "holders": ["王工"]}
    ]);
    assert_eq!(reply.json(), expected);
    let listed = app
        .get(&format!("/api/v1/projects/{code}/responsibilities"))
        .await;
    assert_eq!(listed.json(), expected);
}

#[tokio::test]
async fn an_unknown_item_answers_404_and_writes_nothing() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = dossier.budgets[0].lines[0].code.as_str();
    let token = token_of(&app, "engineer").await;
    let cases = [("cost_line", "NOPE-99"), ("indicator", line)];
    for (kind, missing) in cases {
        // A valid assignment comes first, so a partial write would show.
        let body = json!([
            {"item": {"kind": "cost_line", "code": line}, "owner": {"kind": "user", "code": "li"}},
            {"item": {"kind": kind, "code": missing}, "owner": {"kind": "user", "code": "li"}}
        ]);
        let reply = put_owners(&app, code, &body, Some(&token)).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, missing);
        assert_eq!(app.count("responsibility").await, 0, "{kind} {missing}");
    }
}

#[tokio::test]
async fn an_owner_outside_the_callers_organizations_is_refused_naming_the_item() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = dossier.budgets[0].lines[0].code.as_str();
    // The finance user works at the department above the engineer's bureau.
    let body = json!([
        {"item": {"kind": "cost_line", "code": line}, "owner": {"kind": "user", "code": "finance"}}
    ]);
    let engineer = token_of(&app, "engineer").await;
    let reply = put_owners(&app, code, &body, Some(&engineer)).await;
    assert_problem(
        &reply,
        StatusCode::BAD_REQUEST,
        &format!("cost_line \"{line}\""),
    );
    assert_eq!(app.count("responsibility").await, 0);

    // An administrator reaches every organization.
    let admin = token_of(&app, "admin").await;
    let reply = put_owners(&app, code, &body, Some(&admin)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.count("responsibility").await, 1);
}

#[tokio::test]
async fn the_api_refuses_anonymous_callers_and_engineers_of_other_organizations() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = dossier.budgets[0].lines[0].code.as_str();
    let body = json!([
        {"item": {"kind": "cost_line", "code": line}, "owner": {"kind": "user", "code": "li"}}
    ]);
    let reply = put_owners(&app, code, &body, None).await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED, "sign in");

    add_user(
        &app,
        "stranger",
        "外单位工程师",
        &unrelated_org(&app),
        Role::Engineer,
    )
    .await;
    let stranger = token_of(&app, "stranger").await;
    let reply = put_owners(&app, code, &body, Some(&stranger)).await;
    assert_problem(
        &reply,
        StatusCode::FORBIDDEN,
        "project outside your organization",
    );
    // A reader whose roles lack edit_project is told which permission is missing.
    let auditor = token_of(&app, "auditor").await;
    let reply = put_owners(&app, code, &body, Some(&auditor)).await;
    assert_problem(
        &reply,
        StatusCode::FORBIDDEN,
        "missing permission \"edit_project\"",
    );
    assert_eq!(app.count("responsibility").await, 0);
}

#[tokio::test]
async fn the_owners_form_renders_in_scope_and_is_forbidden_outside() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = &dossier.budgets[0].lines[0];
    let engineer = open_session(&app.store, "engineer").await;
    let page = app
        .get_as(
            &format!("/projects/{code}/owners"),
            &[("cookie", &engineer.cookie)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        format!("<form method=\"post\" action=\"/projects/{code}/owners\""),
        format!("name=\"csrf\" value=\"{}\"", engineer.csrf),
        format!("name=\"cost_line:{}\"", line.code),
        format!("name=\"indicator:{}\"", dossier.indicators[0].code),
        "<option value=\"\" selected>— 未指定 —</option>".to_owned(),
        "<option value=\"user:li\">李工（li）</option>".to_owned(),
        "<option value=\"post:XCFZR\">岗位：现场负责人</option>".to_owned(),
        "id=\"owners-submit\"".to_owned(),
    ] {
        assert!(page.body.contains(&needle), "missing {needle}");
    }
    // The department's finance user lies outside the engineer's reach and is not offered.
    assert!(!page.body.contains("user:finance"));

    let project = app
        .get_as(
            &format!("/projects/{code}"),
            &[("cookie", &engineer.cookie)],
        )
        .await;
    assert!(project.body.contains("id=\"set-owners\""));
    assert!(
        project
            .body
            .contains("<span class=\"unassigned\">未指定</span>")
    );
    let auditor = open_session(&app.store, "auditor").await;
    let project = app
        .get_as(&format!("/projects/{code}"), &[("cookie", &auditor.cookie)])
        .await;
    assert!(!project.body.contains("id=\"set-owners\""));

    add_user(
        &app,
        "stranger",
        "外单位工程师",
        &unrelated_org(&app),
        Role::Engineer,
    )
    .await;
    let stranger = open_session(&app.store, "stranger").await;
    let refused = app
        .get_as(
            &format!("/projects/{code}/owners"),
            &[("cookie", &stranger.cookie)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("edit_project"), "{}", refused.body);
}

#[tokio::test]
async fn posting_the_form_sets_owners_shown_on_the_project_and_the_owners_page() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = &dossier.budgets[0].lines[0];
    let indicator = &dossier.indicators[0];
    let engineer = open_session(&app.store, "engineer").await;
    let line_field = format!("cost_line:{}", line.code);
    let indicator_field = format!("indicator:{}", indicator.code);
    let reply = app
        .post_form(
            &format!("/projects/{code}/owners"),
            &[
                ("csrf", &engineer.csrf),
                (&line_field, "user:li"),
                (&indicator_field, "post:XCFZR"),
            ],
            &[("cookie", &engineer.cookie)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.headers["location"],
        format!("/projects/{code}#budget")
    );

    let project = app
        .get_as(
            &format!("/projects/{code}"),
            &[("cookie", &engineer.cookie)],
        )
        .await;
    assert!(project.body.contains("<td class=\"owner\">李工</td>"));
    assert!(
        project
            .body
            .contains("<td class=\"owner\">现场负责人（王工）</td>")
    );
    let li = open_session(&app.store, "li").await;
    let mine = app.get_as("/me", &[("cookie", &li.cookie)]).await;
    assert!(mine.body.contains(&line.name), "{}", mine.body);
    assert!(!mine.body.contains(&indicator.name));

    // Choosing nobody clears the owner.
    let reply = app
        .post_form(
            &format!("/projects/{code}/owners"),
            &[("csrf", &engineer.csrf), (&line_field, "")],
            &[("cookie", &engineer.cookie)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let owners = app
        .store
        .responsibilities(&dossier.project.code)
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].item, ItemRef::Indicator(indicator.code.clone()));
    assert_eq!(owners[0].owner, Owner::Post("XCFZR".to_owned()));
}

#[tokio::test]
async fn a_form_choice_outside_the_offered_owners_is_shown_again_and_writes_nothing() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let line = &dossier.budgets[0].lines[0];
    let indicator = &dossier.indicators[0];
    // An administrator gave another line to the department's finance user, who lies outside
    // the engineer's reach: the form shows that owner but does not offer it for other items.
    let other_line = &dossier.budgets[0].lines[1];
    app.store
        .assign_owners(
            &dossier.project.code,
            &[(
                ItemRef::CostLine(other_line.code.clone()),
                Owner::User("finance".to_owned()),
            )],
        )
        .await
        .unwrap();
    let engineer = open_session(&app.store, "engineer").await;
    let line_field = format!("cost_line:{}", line.code);
    let indicator_field = format!("indicator:{}", indicator.code);
    let reply = app
        .post_form(
            &format!("/projects/{code}/owners"),
            &[
                ("csrf", &engineer.csrf),
                (&line_field, "user:li"),
                (&indicator_field, "user:finance"),
            ],
            &[("cookie", &engineer.cookie)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let message = format!(
        "“{} {}”所选的责任人不在可选范围内",
        indicator.code, indicator.name
    );
    assert!(reply.body.contains(&message), "{}", reply.body);
    let select = |field: &str| {
        let start = reply.body.find(&format!("name=\"{field}\"")).unwrap();
        let end = start + reply.body[start..].find("</select>").unwrap();
        reply.body[start..end].to_owned()
    };
    assert!(select(&line_field).contains("<option value=\"user:li\" selected>"));
    let other_field = format!("cost_line:{}", other_line.code);
    assert!(select(&other_field).contains("<option value=\"user:finance\" selected>"));
    // The refused choice stays on screen, to be corrected.
    assert!(select(&indicator_field).contains("<option value=\"user:finance\" selected>"));
    assert_eq!(app.count("responsibility").await, 1);
}

#[tokio::test]
async fn a_form_post_without_its_csrf_token_is_refused_and_writes_nothing() {
    let app = seeded().await;
    with_bureau_people(&app).await;
    let dossier = bureau_project(&app);
    let code = dossier.project.code.as_str();
    let engineer = open_session(&app.store, "engineer").await;
    let line_field = format!("cost_line:{}", dossier.budgets[0].lines[0].code);
    for csrf in [None, Some("wrong-token")] {
        let mut form = vec![(line_field.as_str(), "user:li")];
        if let Some(csrf) = csrf {
            form.push(("csrf", csrf));
        }
        let reply = app
            .post_form(
                &format!("/projects/{code}/owners"),
                &form,
                &[("cookie", &engineer.cookie)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{csrf:?}");
        assert_eq!(app.count("responsibility").await, 0);
    }
}
