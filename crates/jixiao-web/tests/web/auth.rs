//! Signing in and out, CSRF, throttling, the audit record, sessions and organization scope on
//! pages. The helpers here drive the login form as a browser would.

use axum::http::StatusCode;

use crate::{App, PASSWORD, Reply, open_session, seeded};

/// Form fields as posted.
type Form<'a> = &'a [(&'a str, &'a str)];

/// The value of a hidden form field `name` in a page.
pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field"))
        + marker.len();
    body[start..start + body[start..].find('"').unwrap()].to_owned()
}

/// The `Set-Cookie` header setting `name`, if any.
pub fn set_cookie<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// The cookie value of a `Set-Cookie` header.
pub fn cookie_value(header: &str) -> &str {
    header.split(';').next().unwrap().split_once('=').unwrap().1
}

/// Opens the login page and posts the form with `password`, as a browser would.
pub async fn log_in(app: &App, username: &str, password: &str, extra: &[(&str, &str)]) -> Reply {
    let page = app.get_as("/login?next=/projects", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf_cookie = set_cookie(&page, "jixiao_csrf").expect("a login CSRF cookie");
    let token = hidden(&page.body, "csrf");
    assert_eq!(cookie_value(csrf_cookie), token);
    let cookie = format!("jixiao_csrf={token}");
    let mut headers = vec![("cookie", cookie.as_str())];
    headers.extend_from_slice(extra);
    app.post_form(
        "/login",
        &[
            ("username", username),
            ("password", password),
            ("csrf", &token),
            ("next", "/projects"),
        ],
        &headers,
    )
    .await
}

#[tokio::test]
async fn anonymous_visitors_see_the_landing_page_and_are_sent_to_login() {
    let app = seeded().await;
    let landing = app.get_as("/", &[]).await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.body.contains("id=\"login-link\""));
    assert!(landing.body.contains("工程项目预算绩效管理平台"));
    assert!(
        !landing.body.contains("预算执行总览"),
        "no figures in public"
    );
    assert!(!landing.body.contains("card-value"));
    let code = app.demo.dossiers[0].project.code.as_str();
    let cases = [
        (
            "/projects?type=bridge",
            "/login?next=%2Fprojects%3Ftype%3Dbridge",
        ),
        (
            &*format!("/projects/{code}"),
            &*format!("/login?next=%2Fprojects%2F{code}"),
        ),
        ("/me", "/login?next=%2Fme"),
        ("/account/password", "/login?next=%2Faccount%2Fpassword"),
        ("/account/tokens", "/login?next=%2Faccount%2Ftokens"),
    ];
    for (uri, location) in cases {
        let reply = app.get_as(uri, &[]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(reply.headers["location"], location, "{uri}");
    }
    for uri in [
        "/api/v1/projects",
        "/api/v1/portfolio/summary",
        "/api/v1/users",
    ] {
        let reply = app.get_as(uri, &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(reply.content_type(), "application/problem+json");
        assert_eq!(reply.headers["www-authenticate"], "Bearer");
    }
    for uri in [
        "/healthz",
        "/static/app.css",
        "/favicon.svg",
        "/api/v1/openapi.json",
    ] {
        assert_eq!(app.get_as(uri, &[]).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn logging_in_sets_a_session_cookie_and_the_header_shows_the_user() {
    let app = seeded().await;
    let reply = log_in(&app, "engineer", PASSWORD, &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.headers["location"], "/projects");
    let cookie = set_cookie(&reply, "jixiao_session").expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Path=/;") && !cookie.contains("Secure"),
        "{cookie}"
    );
    let session = format!("jixiao_session={}", cookie_value(cookie));
    let home = app.get_as("/", &[("cookie", &session)]).await;
    assert!(home.body.contains("王工"));
    assert!(home.body.contains("action=\"/logout\""));
    assert!(home.body.contains("id=\"logout\""));
    for link in [
        "href=\"/me\"",
        "href=\"/account/password\"",
        "href=\"/account/tokens\"",
    ] {
        assert!(home.body.contains(link), "{link}");
    }
    assert!(!home.body.contains("id=\"login-link\""));

    let tls = log_in(
        &app,
        "engineer",
        PASSWORD,
        &[("x-forwarded-proto", "https")],
    )
    .await;
    let secure = set_cookie(&tls, "jixiao_session").unwrap();
    assert!(secure.ends_with("; Secure"), "{secure}");

    let events = app.store.login_events(10).await.unwrap();
    assert!(events.iter().all(|e| e.success && e.username == "engineer"));
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn a_wrong_password_keeps_the_username_and_is_audited_without_a_session() {
    let app = seeded().await;
    let cases = [("engineer", "wrong-password"), ("nobody", PASSWORD)];
    for (username, password) in cases {
        let reply = log_in(&app, username, password, &[]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("用户名或密码错误"));
        assert!(reply.body.contains(&format!("value=\"{username}\"")));
        assert!(
            !reply.body.contains(password),
            "the password is never echoed"
        );
        assert!(set_cookie(&reply, "jixiao_session").is_none());
    }
    // The administrator's own session is the only one.
    assert_eq!(app.count("session").await, 1);
    let events = app.store.login_events(10).await.unwrap();
    let reasons: Vec<&str> = events.iter().map(|e| e.reason.as_str()).collect();
    assert_eq!(reasons, ["unknown_user", "wrong_password"]);
    assert!(events.iter().all(|e| !e.success));
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused_and_changes_nothing() {
    let app = seeded().await;
    let forged = "A".repeat(43);
    let login_cases: [(Form, Option<String>); 3] = [
        (&[("username", "engineer"), ("password", PASSWORD)], None),
        (
            &[
                ("username", "engineer"),
                ("password", PASSWORD),
                ("csrf", &forged),
            ],
            None,
        ),
        (
            &[
                ("username", "engineer"),
                ("password", PASSWORD),
                ("csrf", &forged),
            ],
            Some(format!("jixiao_csrf={}", "B".repeat(43))),
        ),
    ];
    for (form, cookie) in login_cases {
        let headers: Vec<(&str, &str)> = cookie.iter().map(|c| ("cookie", c.as_str())).collect();
        let reply = app.post_form("/login", form, &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{form:?}");
        assert!(reply.body.contains("安全校验码"));
        assert!(set_cookie(&reply, "jixiao_session").is_none());
    }
    assert_eq!(app.count("session").await, 1, "no session was created");
    assert_eq!(app.count("login_event").await, 0, "nothing was even tried");

    let session = open_session(&app.store, "engineer").await;
    let headers = [("cookie", session.cookie.as_str())];
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        ("/logout", vec![]),
        ("/logout", vec![("csrf", &app.admin.csrf)]),
        ("/account/tokens", vec![("name", "x"), ("days", "30")]),
        (
            "/account/password",
            vec![
                ("current", PASSWORD),
                ("new", "0123456789"),
                ("repeated", "0123456789"),
            ],
        ),
    ];
    for (uri, form) in cases {
        let reply = app.post_form(uri, &form, &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri} {form:?}");
    }
    assert_eq!(app.count("session").await, 2, "the session survived");
    assert_eq!(app.count("api_token").await, 0);
    assert_eq!(app.get_as("/me", &headers).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_eleventh_failure_in_a_minute_is_throttled_even_with_the_right_password() {
    let app = seeded().await;
    for attempt in 1..=10 {
        let reply = log_in(&app, "engineer", "not-the-password", &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "attempt {attempt}");
    }
    let reply = log_in(&app, "engineer", PASSWORD, &[]).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.headers["retry-after"], "60");
    assert!(reply.body.contains("请等待 1 分钟后再试"), "{}", reply.body);
    assert!(reply.body.contains("id=\"login-submit\""), "the form stays");
    assert!(set_cookie(&reply, "jixiao_session").is_none());
    assert_eq!(app.count("session").await, 1, "only the administrator's");
    let latest = &app.store.login_events(1).await.unwrap()[0];
    assert_eq!(
        (latest.success, latest.reason.as_str()),
        (false, "throttled")
    );
    // Another account from the same address is not locked by this one's failures.
    let other = log_in(&app, "finance", PASSWORD, &[]).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn logging_out_ends_the_session_in_the_database() {
    let app = seeded().await;
    let session = open_session(&app.store, "engineer").await;
    let headers = [("cookie", session.cookie.as_str())];
    assert_eq!(app.get_as("/me", &headers).await.status, StatusCode::OK);
    let reply = app
        .post_form("/logout", &[("csrf", &session.csrf)], &headers)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers["location"], "/");
    assert!(
        set_cookie(&reply, "jixiao_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.get_as("/me", &headers).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.count("session").await, 1);
}

#[tokio::test]
async fn an_engineer_sees_only_the_projects_of_the_bureau_and_gets_403_elsewhere() {
    let app = seeded().await;
    let session = open_session(&app.store, "engineer").await;
    let headers = [("cookie", session.cookie.as_str())];
    let organizations = app.store.organizations().await.unwrap();
    let below = jixiao_core::organization::subtree(&organizations, &app.engineer_org);
    let (mine, others): (Vec<_>, Vec<_>) = app
        .demo
        .dossiers
        .iter()
        .partition(|d| below.contains(&d.project.organization));
    let list = app.get_as("/projects", &headers).await;
    assert!(list.body.contains(&format!("共 {} 个项目", mine.len())));
    for dossier in &mine {
        assert!(list.body.contains(dossier.project.code.as_str()));
    }
    for dossier in &others {
        assert!(!list.body.contains(dossier.project.code.as_str()));
    }
    let home = app.get_as("/", &headers).await;
    assert!(
        home.body
            .contains(&format!("<div class=\"card-value\">{}</div>", mine.len()))
    );

    let denied = app
        .get_as(&format!("/projects/{}", others[0].project.code), &headers)
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert!(denied.body.contains("无权访问"));
    assert!(
        denied.body.contains("view_project"),
        "the page names the permission"
    );
    assert!(
        denied.body.contains("王工"),
        "the header still shows the user"
    );
    let expert = open_session(&app.store, "expert").await;
    let page = app.get_as("/", &[("cookie", &expert.cookie)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("查看汇总") && page.body.contains("view_portfolio"));
}
