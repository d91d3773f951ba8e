//! The ledger's pages: the public page, the history on project pages and the reader's own page,
//! and the verification page of one entry, including what it says when rows were altered behind
//! the application's back.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{NaiveDate, Utc};
use jixiao_ledger::signing_key_from_secret;
use jixiao_store::Stamp;
use jixiao_web::AppState;
use sqlx::{Connection, Executor};

use crate::backends::for_each_backend;
use crate::ledger::{hex, inside_and_outside, latest_index};
use crate::{App, Reply, open_session, send_to};

/// Asserts that a page is HTML within the content security policy: no inline style or script.
fn assert_plain_page(reply: &Reply, context: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{context}: {}", reply.body);
    assert!(reply.content_type().starts_with("text/html"), "{context}");
    assert!(
        !reply.body.contains(" style="),
        "{context} has an inline style"
    );
    assert!(!reply.body.contains("<script"), "{context} has a script");
}

/// The text of the element with `id`, up to the next tag.
fn text_of<'a>(body: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\">");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no #{id}")) + marker.len();
    &body[start..start + body[start..].find('<').unwrap()]
}

/// `GET uri` as `username` through a fresh session.
async fn get_as_user(app: &App, username: &str, uri: &str) -> Reply {
    let session = open_session(&app.store, username).await;
    app.get_as(uri, &[("cookie", &session.cookie)]).await
}

/// Runs SQL on the SQLite file behind the application.
async fn tamper(app: &App, sql: &str) {
    sqlx::any::install_default_drivers();
    let url = app.sqlite_url().expect("a SQLite-backed application");
    let mut connection = sqlx::AnyConnection::connect(&url).await.unwrap();
    connection.execute(sql).await.unwrap();
    connection.close().await.unwrap();
}

#[tokio::test]
async fn the_public_ledger_page_needs_no_sign_in_and_shows_the_key_and_the_latest_head() {
    for_each_backend("ledger_public_page", |app, backend| async move {
        let key = hex(app.signing_key.verifying_key().as_bytes());
        let before = app.get_as("/ledger", &[]).await;
        assert_plain_page(&before, "before signing");
        assert_eq!(text_of(&before.body, "key-hex"), key, "{backend:?}");
        assert!(before.body.contains("账本尚未签名"));

        let stored = app
            .store
            .sign_tree_head(&app.signing_key, Utc::now())
            .await
            .unwrap();
        let page = app.get_as("/ledger", &[]).await;
        assert_plain_page(&page, "after signing");
        let head = &stored.head.head;
        assert_eq!(text_of(&page.body, "key-hex"), key);
        assert_eq!(text_of(&page.body, "head-root"), head.root.to_string());
        assert_eq!(
            text_of(&page.body, "head-signature"),
            hex(&stored.head.signature)
        );
        assert_eq!(
            text_of(&page.body, "head-size").replace(',', ""),
            head.size.to_string()
        );
        for needle in [
            "北京时间（UTC+8）",
            "✓ 有效",
            "href=\"/api/v1/ledger/head\"",
            "jixiao ledger export",
            "RFC 9162",
        ] {
            assert!(page.body.contains(needle), "{backend:?}: {needle}");
        }
        let english = app.get_as("/ledger?lang=en", &[]).await;
        assert!(english.body.contains("China Standard Time (UTC+8)"));
        assert!(english.body.contains("How to check it yourself"));
        // Every visitor finds the page from the page frame.
        let landing = app.get_as("/", &[]).await;
        assert!(landing.body.contains("href=\"/ledger\""));
    })
    .await;
}

#[tokio::test]
async fn without_a_configured_key_the_page_shows_the_key_of_the_latest_head() {
    let app = crate::seeded().await;
    let unkeyed = jixiao_web::router(AppState::new(app.store.clone()));
    let page = || Request::get("/ledger").body(Body::empty()).unwrap();
    let nothing = send_to(&unkeyed, page()).await;
    assert_plain_page(&nothing, "no key, no head");
    assert!(nothing.body.contains("尚未配置签名密钥"));
    assert!(!nothing.body.contains("id=\"key-hex\""));

    let other = signing_key_from_secret(&[42; 32]);
    app.store.sign_tree_head(&other, Utc::now()).await.unwrap();
    let signed = send_to(&unkeyed, page()).await;
    assert_eq!(
        text_of(&signed.body, "key-hex"),
        hex(other.verifying_key().as_bytes())
    );
    // The configured key wins over the stored one.
    let keyed = app.get_as("/ledger", &[]).await;
    assert_eq!(
        text_of(&keyed.body, "key-hex"),
        hex(app.signing_key.verifying_key().as_bytes())
    );
}

#[tokio::test]
async fn the_project_page_lists_its_history_with_a_verify_link_per_entry() {
    let app = crate::seeded().await;
    let code = app.busiest().project.code.clone();
    let history = app.store.project_history(&code, 20).await.unwrap();
    assert!(!history.is_empty(), "an imported project has a history");
    let page = app.get(&format!("/projects/{code}")).await;
    assert_plain_page(&page, "project");
    let section = &page.body[page.body.find("id=\"history\"").expect("a history section")..];
    assert!(section.contains("变更记录"));
    assert_eq!(
        section.matches("class=\"verify-link\"").count(),
        history.len()
    );
    for entry in &history {
        let link = format!("href=\"/ledger/entries/{}\"", entry.index);
        assert!(section.contains(&link), "{link}");
        assert!(section.contains(&format!(
            "<code class=\"record\">{}</code>",
            entry.entry.record
        )));
    }
    assert!(section.contains("<td>支出") || section.contains("<td>指标读数"));
    let english = app.get(&format!("/projects/{code}?lang=en")).await;
    assert!(english.body.contains("Time (UTC+8)"));
}

#[tokio::test]
async fn the_verify_page_says_verified_for_a_real_entry_and_refuses_other_organizations() {
    for_each_backend("ledger_verify_page", |app, backend| async move {
        let (inside, outside) = inside_and_outside(&app).await;
        let covered = latest_index(&app, &outside).await;
        let head = app
            .store
            .sign_tree_head(&app.signing_key, Utc::now())
            .await
            .unwrap()
            .head
            .head;
        let uri = format!("/ledger/entries/{covered}");
        let page = app.get(&uri).await;
        assert_plain_page(&page, &uri);
        let stored = app.store.ledger_entry(covered).await.unwrap();
        assert!(page.body.contains("verdict-badge ok"), "{backend:?}");
        assert!(page.body.contains("已验证"));
        assert!(!page.body.contains("验证失败"));
        assert_eq!(text_of(&page.body, "check-root"), head.root.to_string());
        assert_eq!(text_of(&page.body, "leaf-hash"), stored.leaf.to_string());
        assert!(page.body.contains("签名树头"));
        for (key, value) in &stored.entry.content {
            assert!(page.body.contains(&format!("<code>{key}</code>")), "{key}");
            assert!(page.body.contains(value.as_str()), "{value}");
        }

        // An entry written after the head is checked against the current ledger instead.
        let dossier = app.busiest();
        let mut reading = dossier.readings.first().expect("readings").clone();
        reading.date = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
        let stamp = Stamp::new("admin", Utc::now());
        app.store
            .add_reading(&dossier.project.code, &reading, &stamp)
            .await
            .unwrap();
        let fresh = app.store.ledger_size().await.unwrap() - 1;
        let page = app.get(&format!("/ledger/entries/{fresh}")).await;
        assert!(page.body.contains("verdict-badge ok"));
        assert!(page.body.contains("尚未被签名树头覆盖"));

        let own = latest_index(&app, &inside).await;
        let cases = [
            ("engineer", covered, StatusCode::FORBIDDEN),
            ("engineer", own, StatusCode::OK),
            ("auditor", covered, StatusCode::OK),
        ];
        for (username, index, status) in cases {
            let reply = get_as_user(&app, username, &format!("/ledger/entries/{index}")).await;
            assert_eq!(reply.status, status, "{backend:?} {username} {index}");
        }
        let anonymous = app.get_as(&uri, &[]).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
        assert_eq!(
            anonymous.headers["location"],
            format!("/login?next=%2Fledger%2Fentries%2F{covered}")
        );
        let size = app.store.ledger_size().await.unwrap();
        let missing = app.get(&format!("/ledger/entries/{size}")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn the_verify_page_says_failed_when_the_signed_head_or_a_leaf_was_altered() {
    let app = crate::seeded().await;
    app.store
        .sign_tree_head(&app.signing_key, Utc::now())
        .await
        .unwrap();
    let uri = "/ledger/entries/6";
    assert!(app.get(uri).await.body.contains("verdict-badge ok"));

    // A head whose time was moved no longer matches its signature.
    tamper(&app, "UPDATE tree_head SET signed_at_ms = signed_at_ms + 1").await;
    let page = app.get(uri).await;
    assert_plain_page(&page, "altered head");
    assert!(page.body.contains("verdict-badge bad"));
    assert!(page.body.contains("树头签名无效"));
    assert!(page.body.contains("verification-failed"));
    assert!(app.get_as("/ledger", &[]).await.body.contains("✗ 无效"));
    tamper(&app, "UPDATE tree_head SET signed_at_ms = signed_at_ms - 1").await;
    assert!(app.get(uri).await.body.contains("verdict-badge ok"));

    // Entry 7 is entry 6's sibling, so its leaf hash is the first hash of 6's proof; the proof
    // of entry 100 carries the hash of the subtree that holds it.
    // Leaf hashes are kept 32 bytes apiece in the chunk of the write that appended them.
    tamper(
        &app,
        "UPDATE ledger_chunk SET leaf_hashes = CAST(\
         substr(leaf_hashes, 1, (7 - first_sequence) * 32) || zeroblob(32) \
         || substr(leaf_hashes, (7 - first_sequence) * 32 + 33) AS BLOB) \
         WHERE first_sequence <= 7 AND first_sequence + entry_count > 7",
    )
    .await;
    for uri in [uri, "/ledger/entries/100"] {
        let page = app.get(uri).await;
        assert_plain_page(&page, uri);
        assert!(page.body.contains("验证失败"), "{uri}");
        assert!(page.body.contains("算得的根哈希与树头不一致"), "{uri}");
    }
}

#[tokio::test]
async fn the_readers_own_page_lists_the_history_of_their_account() {
    let app = crate::seeded().await;
    let history = app.store.user_history("engineer", 20).await.unwrap();
    assert!(!history.is_empty(), "creating an account records it");
    let page = get_as_user(&app, "engineer", "/me").await;
    assert_plain_page(&page, "/me");
    assert!(page.body.contains("账户变更记录"));
    let link = format!("/ledger/entries/{}", history[0].index);
    assert!(page.body.contains(&format!("href=\"{link}\"")));
    let entry = get_as_user(&app, "engineer", &link).await;
    assert_plain_page(&entry, &link);
    assert!(entry.body.contains("verdict-badge ok"));
    assert!(entry.body.contains("用户"));
}
