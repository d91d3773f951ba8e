//! The reader's own pages and credentials: password change, API tokens (created, shown once,
//! revoked, expired), roles lacking a permission, and who answers for what.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use jixiao_core::OrgCode;
use jixiao_core::access::{ItemRef, Owner, Post};

use crate::auth::{cookie_value, hidden, log_in, set_cookie};
use crate::{PASSWORD, api_token, open_session, seeded};

#[tokio::test]
async fn changing_the_password_checks_both_entries_and_ends_old_sessions() {
    let app = seeded().await;
    let session = open_session(&app.store, "engineer").await;
    let headers = [("cookie", session.cookie.as_str())];
    let page = app.get_as("/account/password", &headers).await;
    assert_eq!(hidden(&page.body, "csrf"), session.csrf);
    let cases = [
        (
            "wrong-current",
            "new-password-1",
            "new-password-1",
            "当前密码不正确",
        ),
        (PASSWORD, "short", "short", "新密码太短"),
        (
            PASSWORD,
            "new-password-1",
            "new-password-2",
            "两次输入的新密码不一致",
        ),
    ];
    for (current, new, repeated, message) in cases {
        let reply = app
            .post_form(
                "/account/password",
                &[
                    ("csrf", &session.csrf),
                    ("current", current),
                    ("new", new),
                    ("repeated", repeated),
                ],
                &headers,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains(message), "{message}");
        for secret in [current, new, repeated] {
            assert!(
                !reply.body.contains(&format!("value=\"{secret}\"")),
                "{secret} echoed"
            );
        }
    }
    let other = open_session(&app.store, "engineer").await;
    let reply = app
        .post_form(
            "/account/password",
            &[
                ("csrf", &session.csrf),
                ("current", PASSWORD),
                ("new", "new-password-1"),
                ("repeated", "new-password-1"),
            ],
            &headers,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let fresh = format!(
        "jixiao_session={}",
        cookie_value(set_cookie(&reply, "jixiao_session").unwrap())
    );
    for old in [&session.cookie, &other.cookie] {
        assert_eq!(
            app.get_as("/me", &[("cookie", old)]).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let done = app
        .get_as("/account/password?changed=1", &[("cookie", &fresh)])
        .await;
    assert!(done.body.contains("密码已修改"));
    assert_eq!(
        log_in(&app, "engineer", PASSWORD, &[]).await.status,
        StatusCode::OK
    );
    assert_eq!(
        log_in(&app, "engineer", "new-password-1", &[]).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_token_is_shown_once_works_on_the_api_and_stops_when_revoked() {
    let app = seeded().await;
    let session = open_session(&app.store, "engineer").await;
    let headers = [("cookie", session.cookie.as_str())];
    let bad = app
        .post_form(
            "/account/tokens",
            &[("csrf", &session.csrf), ("name", "脚本"), ("days", "0")],
            &headers,
        )
        .await;
    assert!(bad.body.contains("有效期须为 1 至 365 天的整数"));
    assert!(bad.body.contains("value=\"脚本\""), "the name is kept");
    let created = app
        .post_form(
            "/account/tokens",
            &[
                ("csrf", &session.csrf),
                ("name", "月报脚本"),
                ("days", "30"),
            ],
            &headers,
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    assert_eq!(created.headers["cache-control"], "no-store");
    let start = created.body.find("value=\"jx_").expect("the new token") + 7;
    let token = created.body[start..start + 46].to_owned();
    assert!(
        jixiao_web::auth::secret::looks_like_api_token(&token),
        "{token}"
    );

    let list = app.get_as("/account/tokens", &headers).await;
    assert!(list.body.contains("月报脚本"));
    assert!(!list.body.contains(&token), "shown once only");
    let expires = (Utc::now() + Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    assert!(list.body.contains(&expires));

    assert_eq!(
        app.get_bearer("/api/v1/projects", &token).await.status,
        StatusCode::OK
    );
    let id = app.store.api_tokens("engineer").await.unwrap()[0].id;
    let revoked = app
        .post_form(
            &format!("/account/tokens/{id}/revoke"),
            &[("csrf", &session.csrf)],
            &headers,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let reply = app.get_bearer("/api/v1/projects", &token).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(
        app.get_as("/account/tokens", &headers)
            .await
            .body
            .contains("已于")
    );
}

#[tokio::test]
async fn expired_revoked_and_malformed_tokens_get_401_and_a_missing_role_403() {
    let app = seeded().await;
    let expired = api_token(&app.store, "admin", Utc::now() - Duration::seconds(1)).await;
    let unknown = jixiao_web::auth::secret::new_api_token();
    for token in [expired.as_str(), unknown.as_str(), "jx_short", ""] {
        let reply = app.get_bearer("/api/v1/projects", token).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{token:?}");
    }
    let expert = api_token(&app.store, "expert", Utc::now() + Duration::days(1)).await;
    let reply = app.get_bearer("/api/v1/portfolio/summary", &expert).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.json()["detail"],
        "missing permission \"view_portfolio\""
    );
    // A session cookie reads the API but cannot change anything through it.
    let write = app
        .send(
            axum::http::Request::post("/api/v1/projects")
                .header("cookie", &app.admin.cookie)
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(write.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_project_page_and_my_items_show_who_answers_for_what() {
    let app = seeded().await;
    let dossier = app
        .demo
        .dossiers
        .iter()
        .find(|d| d.project.organization == app.engineer_org && !d.indicators.is_empty())
        .expect("a bureau project with indicators");
    let code = &dossier.project.code;
    let line = &dossier.budgets[0].lines[0];
    let indicator = &dossier.indicators[0];
    app.store
        .ensure_posts(&[Post {
            code: "ZJGCS".to_owned(),
            name: "造价工程师".to_owned(),
            organization: OrgCode::new("JT").unwrap(),
        }])
        .await
        .unwrap();
    app.store
        .add_post_holder("ZJGCS", "engineer")
        .await
        .unwrap();
    app.store
        .assign_owners(
            code,
            &[
                (
                    ItemRef::CostLine(line.code.clone()),
                    Owner::Post("ZJGCS".to_owned()),
                ),
                (
                    ItemRef::Indicator(indicator.code.clone()),
                    Owner::User("engineer".to_owned()),
                ),
            ],
        )
        .await
        .unwrap();
    let page = app.get(&format!("/projects/{code}")).await;
    assert!(page.body.contains("<th scope=\"col\">责任人</th>"));
    assert!(
        page.body
            .contains("<td class=\"owner\">造价工程师（王工）</td>")
    );
    assert!(page.body.contains("<td class=\"owner\">王工</td>"));

    let session = open_session(&app.store, "engineer").await;
    let mine = app.get_as("/me", &[("cookie", &session.cookie)]).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains(&format!("href=\"/projects/{code}\"")));
    assert!(mine.body.contains(&dossier.project.name));
    assert!(mine.body.contains(&indicator.name));
    assert!(mine.body.contains("通过岗位：造价工程师"));
    assert!(mine.body.contains("本人负责"));
    let api = app
        .get(&format!("/api/v1/projects/{code}/responsibilities"))
        .await
        .json();
    assert_eq!(api.as_array().unwrap().len(), 2);
    let nobody = app.get("/me").await;
    assert!(nobody.body.contains("目前没有分配给您的预算明细或绩效指标"));
}
