//! No answer leaks a secret: a crawl as the administrator over every page and API route reachable
//! from the overview and the list pages, looking for password hashes, token digests, session ids
//! and raw tokens in every body.

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use jixiao_web::auth::secret;
use serde_json::Value;

use crate::{PASSWORD_HASH, api_token, open_session, seeded};

/// The most addresses the crawl visits.
const CAP: usize = 200;

/// The site-local links of an HTML page, with attribute escapes undone.
fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&#38;", "&").replace("&amp;", "&"))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split('#').next().unwrap_or("").to_owned())
        .filter(|href| !href.is_empty())
        .collect()
}

#[tokio::test]
async fn a_crawl_as_administrator_finds_no_hash_digest_session_id_or_token() {
    let app = seeded().await;
    let engineer = open_session(&app.store, "engineer").await;
    let engineer_token = api_token(&app.store, "engineer", Utc::now() + Duration::days(5)).await;
    let admin_token = api_token(&app.store, "admin", Utc::now() + Duration::days(5)).await;
    // A token created through the page: the one answer allowed to show it is that page.
    let created = app
        .post_form(
            "/account/tokens",
            &[("csrf", &app.admin.csrf), ("name", "crawl"), ("days", "7")],
            &[("cookie", &app.admin.cookie)],
        )
        .await;
    let start = created.body.find("value=\"jx_").unwrap() + 7;
    let shown = created.body[start..start + 46].to_owned();
    // A failed and a successful login fill the audit record.
    for password in ["wrong-password", crate::PASSWORD] {
        let page = app.get_as("/login", &[]).await;
        let csrf = page.body.split("name=\"csrf\" value=\"").nth(1).unwrap()[..43].to_owned();
        app.post_form(
            "/login",
            &[
                ("username", "auditor"),
                ("password", password),
                ("csrf", &csrf),
            ],
            &[("cookie", &format!("jixiao_csrf={csrf}"))],
        )
        .await;
    }

    let mut forbidden: Vec<(String, &str)> = vec![
        ("$argon2".to_owned(), "a password hash"),
        (PASSWORD_HASH.clone(), "a password hash"),
    ];
    for session in [&app.admin, &engineer] {
        forbidden.push((session.id.clone(), "a session id"));
        forbidden.push((secret::digest(&session.id), "a session digest"));
    }
    for token in [&engineer_token, &admin_token, &shown] {
        forbidden.push((secret::digest(token), "a token digest"));
    }
    forbidden.push((engineer_token.clone(), "a raw token"));
    forbidden.push((admin_token.clone(), "a raw token"));
    forbidden.push((shown.clone(), "a raw token shown once"));

    let document: Value = app.get("/api/v1/openapi.json").await.json();
    let codes: Vec<&str> = app
        .demo
        .dossiers
        .iter()
        .map(|d| d.project.code.as_str())
        .collect();
    let mut queue: VecDeque<String> = [
        "/",
        "/projects",
        "/me",
        "/account/tokens",
        "/account/password",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    for (path, item) in document["paths"].as_object().unwrap() {
        if item.get("get").is_some() {
            for code in codes.iter().take(3) {
                queue.push_back(path.replace("{code}", code));
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    while let Some(uri) = queue.pop_front() {
        if seen.len() >= CAP {
            break;
        }
        if !seen.insert(uri.clone()) {
            continue;
        }
        let reply = app.get(&uri).await;
        assert!(!reply.status.is_server_error(), "{uri}: {}", reply.status);
        for (needle, what) in &forbidden {
            assert!(!reply.body.contains(needle.as_str()), "{uri} shows {what}");
        }
        for (name, value) in &reply.headers {
            let value = value.to_str().unwrap_or("");
            for (needle, what) in &forbidden {
                assert!(
                    !value.contains(needle.as_str()),
                    "{uri} header {name} shows {what}"
                );
            }
        }
        if reply.status == StatusCode::OK && reply.content_type().starts_with("text/html") {
            pages += 1;
            for link in links(&reply.body) {
                if !link.starts_with("/static/") && link != "/favicon.svg" && !seen.contains(&link)
                {
                    queue.push_back(link);
                }
            }
        }
    }
    assert!(pages > 30, "the crawl reached only {pages} pages");
    assert!(seen.iter().any(|u| u.starts_with("/api/v1/audit/logins")));
    assert!(seen.iter().any(|u| u.starts_with("/projects/")));
    assert!(
        created.body.contains(&shown),
        "the creating page shows the token once"
    );
}
