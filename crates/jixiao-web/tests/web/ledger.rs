//! The ledger API: the public head, signing on demand, entries and proofs, each checked with the
//! ledger crate's own verification rather than by comparing with what the store says.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, NaiveDate, Utc};
use jixiao_core::ProjectCode;
use jixiao_core::organization::subtree;
use jixiao_ledger::{
    Entry, Hash, SignedTreeHead, TreeHead, VerifyingKey, leaf_hash, verify_consistency,
    verify_inclusion,
};
use jixiao_store::Stamp;
use jixiao_web::AppState;
use serde_json::Value;

use crate::backends::for_each_backend;
use crate::{App, Reply, api_token, send_to};

/// Bytes from hexadecimal text.
pub fn unhex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "{text}");
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
        .collect()
}

/// Bytes as hexadecimal text.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash(value: &Value) -> Hash {
    value.as_str().unwrap().parse().unwrap()
}

fn hashes(value: &Value) -> Vec<Hash> {
    value.as_array().unwrap().iter().map(hash).collect()
}

/// A project of the engineer's bureau and a project outside it.
pub async fn inside_and_outside(app: &App) -> (ProjectCode, ProjectCode) {
    let organizations = app.store.organizations().await.unwrap();
    let below = subtree(&organizations, &app.engineer_org);
    let inside = app
        .demo
        .dossiers
        .iter()
        .find(|d| below.contains(&d.project.organization));
    let outside = app
        .demo
        .dossiers
        .iter()
        .find(|d| !below.contains(&d.project.organization));
    (
        inside.unwrap().project.code.clone(),
        outside.unwrap().project.code.clone(),
    )
}

/// The newest ledger index of a project's records.
pub async fn latest_index(app: &App, code: &ProjectCode) -> u64 {
    app.store.project_history(code, 1).await.unwrap()[0].index
}

/// `POST uri` with a bearer token (or none) and an empty body.
async fn post(app: &App, uri: &str, token: Option<&str>) -> Reply {
    let mut request = Request::post(uri);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

/// Asserts a 400 problem whose detail starts with the parameter's name.
fn assert_names(reply: &Reply, parameter: &str, context: &str) {
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "{context}: {}",
        reply.body
    );
    assert_eq!(
        reply.content_type(),
        "application/problem+json",
        "{context}"
    );
    let detail = reply.json()["detail"].as_str().unwrap().to_owned();
    assert!(
        detail.starts_with(&format!("{parameter} ")),
        "{context}: {detail}"
    );
}

#[tokio::test]
async fn the_head_api_answers_the_head_signed_through_the_store_to_anyone() {
    for_each_backend("ledger_head_api", |app, backend| async move {
        let none = app.get_as("/api/v1/ledger/head", &[]).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND, "{backend:?}");
        assert_eq!(none.content_type(), "application/problem+json");

        let stored = app
            .store
            .sign_tree_head(&app.signing_key, Utc::now())
            .await
            .unwrap();
        let json = app.get_as("/api/v1/ledger/head", &[]).await.json();
        let head = &stored.head.head;
        assert_eq!(json["size"], head.size, "{backend:?}");
        assert_eq!(json["root_hash"], head.root.to_string());
        assert_eq!(json["timestamp"], head.timestamp_ms);
        assert_eq!(json["signature"], hex(&stored.head.signature));
        assert_eq!(
            json["public_key"],
            hex(app.signing_key.verifying_key().as_bytes())
        );
        assert_eq!(
            hash(&json["root_hash"]),
            app.store.ledger_root().await.unwrap()
        );

        // An outside copy needs nothing but the JSON to check the signature.
        let rebuilt = SignedTreeHead {
            head: TreeHead {
                size: json["size"].as_u64().unwrap(),
                root: hash(&json["root_hash"]),
                timestamp_ms: json["timestamp"].as_u64().unwrap(),
            },
            signature: unhex(json["signature"].as_str().unwrap())
                .try_into()
                .unwrap(),
        };
        let key_bytes: [u8; 32] = unhex(json["public_key"].as_str().unwrap())
            .try_into()
            .unwrap();
        let key = VerifyingKey::from_bytes(&key_bytes).unwrap();
        assert!(rebuilt.verify(&key).is_ok(), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn only_an_administrators_token_signs_a_head_and_only_with_a_configured_key() {
    let app = crate::seeded().await;
    let admin = api_token(&app.store, "admin", Utc::now() + Duration::days(1)).await;
    for username in ["engineer", "auditor", "finance"] {
        let token = api_token(&app.store, username, Utc::now() + Duration::days(1)).await;
        let reply = post(&app, "/api/v1/ledger/heads", Some(&token)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{username}");
    }
    // API writes take tokens only: a session cookie carries no CSRF token here.
    let cookie = Request::post("/api/v1/ledger/heads")
        .header("cookie", &app.admin.cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(cookie).await.status, StatusCode::UNAUTHORIZED);
    assert!(app.store.latest_tree_head().await.unwrap().is_none());

    let reply = post(&app, "/api/v1/ledger/heads", Some(&admin)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let stored = app.store.latest_tree_head().await.unwrap().unwrap();
    assert_eq!(reply.json()["root_hash"], stored.head.head.root.to_string());
    assert_eq!(reply.json()["size"], app.store.ledger_size().await.unwrap());

    let unkeyed = jixiao_web::router(AppState::new(app.store.clone()));
    let request = Request::post("/api/v1/ledger/heads")
        .header("authorization", format!("Bearer {admin}"))
        .body(Body::empty())
        .unwrap();
    let refused = send_to(&unkeyed, request).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.content_type(), "application/problem+json");
    assert!(
        refused.json()["detail"]
            .as_str()
            .unwrap()
            .contains("signing key")
    );
    assert_eq!(app.store.tree_heads(10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_entry_from_the_api_carries_bytes_whose_leaf_hash_matches() {
    for_each_backend("ledger_entry_api", |app, backend| async move {
        let (inside, outside) = inside_and_outside(&app).await;
        let index = latest_index(&app, &outside).await;
        let json = app
            .get(&format!("/api/v1/ledger/entries/{index}"))
            .await
            .json();
        let bytes = STANDARD.decode(json["bytes"].as_str().unwrap()).unwrap();
        assert_eq!(
            json["leaf_hash"],
            leaf_hash(&bytes).to_string(),
            "{backend:?}"
        );
        let entry = Entry::decode(&bytes).unwrap();
        assert_eq!(entry.sequence, index);
        assert_eq!(json["index"], index);
        assert_eq!(json["time_ms"], entry.time_ms);
        assert_eq!(json["actor"], entry.actor);
        assert_eq!(json["kind"], entry.kind);
        assert_eq!(json["record"], entry.record);
        assert!(entry.record.starts_with(&format!("{outside}/")));
        let content: Vec<(String, String)> = json["content"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["key"].as_str().unwrap().into(),
                    p["value"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(content, entry.content);

        // Who may read which entry: auditing, viewing the project, or the reader's own account.
        let own = latest_index(&app, &inside).await;
        let engineer_self = app.store.user_history("engineer", 1).await.unwrap()[0].index;
        let admin_self = app.store.user_history("admin", 1).await.unwrap()[0].index;
        let cases = [
            ("engineer", own, StatusCode::OK),
            ("engineer", index, StatusCode::FORBIDDEN),
            ("engineer", engineer_self, StatusCode::OK),
            ("engineer", admin_self, StatusCode::FORBIDDEN),
            ("auditor", index, StatusCode::OK),
            ("auditor", admin_self, StatusCode::OK),
            ("expert", index, StatusCode::OK),
            ("expert", admin_self, StatusCode::FORBIDDEN),
        ];
        for (username, index, status) in cases {
            let token = api_token(&app.store, username, Utc::now() + Duration::days(1)).await;
            let reply = app
                .get_bearer(&format!("/api/v1/ledger/entries/{index}"), &token)
                .await;
            assert_eq!(reply.status, status, "{backend:?} {username} {index}");
        }
        let anonymous = app
            .get_as(&format!("/api/v1/ledger/entries/{index}"), &[])
            .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let size = app.store.ledger_size().await.unwrap();
        let past = app.get(&format!("/api/v1/ledger/entries/{size}")).await;
        assert_eq!(past.status, StatusCode::NOT_FOUND);
        assert_names(
            &app.get("/api/v1/ledger/entries/first").await,
            "index",
            "text",
        );
    })
    .await;
}

#[tokio::test]
async fn inclusion_proofs_from_the_api_verify_and_bad_ranges_name_the_parameter() {
    for_each_backend("ledger_inclusion_api", |app, backend| async move {
        let head = app
            .store
            .sign_tree_head(&app.signing_key, Utc::now())
            .await
            .unwrap()
            .head
            .head;
        let size = head.size;
        assert!(size > 100, "the demo fills the ledger");
        for index in [0, 1, size / 2, size - 1] {
            let json = app
                .get(&format!("/api/v1/ledger/proofs/inclusion?index={index}"))
                .await
                .json();
            assert_eq!(json["size"], size, "{backend:?} {index}");
            assert_eq!(hash(&json["root_hash"]), head.root);
            let leaf = app.store.ledger_entry(index).await.unwrap().leaf;
            assert_eq!(hash(&json["leaf_hash"]), leaf);
            let proof = hashes(&json["proof"]);
            assert!(verify_inclusion(&leaf, index, size, &proof, &head.root).is_ok());
            // The same proof does not vouch for a neighbour.
            let other = app
                .store
                .ledger_entry((index + 1) % size)
                .await
                .unwrap()
                .leaf;
            assert!(verify_inclusion(&other, index, size, &proof, &head.root).is_err());
        }
        let small = app
            .get("/api/v1/ledger/proofs/inclusion?index=2&size=5")
            .await
            .json();
        let root = app.store.ledger_root_at(5).await.unwrap();
        assert_eq!(hash(&small["root_hash"]), root);
        let leaf = app.store.ledger_entry(2).await.unwrap().leaf;
        assert!(verify_inclusion(&leaf, 2, 5, &hashes(&small["proof"]), &root).is_ok());

        let inclusion = "/api/v1/ledger/proofs/inclusion";
        let consistency = "/api/v1/ledger/proofs/consistency";
        let cases = [
            (inclusion.to_owned(), "index"),
            (format!("{inclusion}?index=x"), "index"),
            (format!("{inclusion}?index=-1"), "index"),
            (format!("{inclusion}?index={size}"), "index"),
            (format!("{inclusion}?index=0&size=0"), "index"),
            (format!("{inclusion}?index=3&size=3"), "index"),
            (format!("{inclusion}?index=0&size={}", size + 1), "size"),
            (format!("{inclusion}?index=0&size=all"), "size"),
            (consistency.to_owned(), "from"),
            (format!("{consistency}?from=z"), "from"),
            (format!("{consistency}?from=5&to=4"), "from"),
            (format!("{consistency}?from=0&to={}", size + 1), "to"),
            (format!("{consistency}?from=1&to=1.5"), "to"),
        ];
        for (uri, parameter) in cases {
            assert_names(&app.get(&uri).await, parameter, &uri);
        }
        let engineer = api_token(&app.store, "engineer", Utc::now() + Duration::days(1)).await;
        for uri in [
            format!("{inclusion}?index=0"),
            format!("{consistency}?from=1"),
        ] {
            let reply = app.get_bearer(&uri, &engineer).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_consistency_proof_from_the_api_links_two_signed_heads() {
    for_each_backend("ledger_consistency_api", |app, backend| async move {
        let first = app
            .store
            .sign_tree_head(&app.signing_key, Utc::now())
            .await
            .unwrap()
            .head
            .head;
        let dossier = app.busiest();
        let mut reading = dossier
            .readings
            .first()
            .expect("demo projects have readings")
            .clone();
        reading.date = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let stamp = Stamp::new("admin", Utc::now());
        app.store
            .add_reading(&dossier.project.code, &reading, &stamp)
            .await
            .unwrap();
        let second = app
            .store
            .sign_tree_head(&app.signing_key, Utc::now() + Duration::seconds(1))
            .await
            .unwrap()
            .head
            .head;
        assert_eq!(second.size, first.size + 1, "{backend:?}");

        let json = app
            .get(&format!(
                "/api/v1/ledger/proofs/consistency?from={}",
                first.size
            ))
            .await
            .json();
        assert_eq!(json["to"], second.size, "the latest head is the default");
        assert_eq!(hash(&json["from_root"]), first.root);
        assert_eq!(hash(&json["to_root"]), second.root);
        let proof = hashes(&json["proof"]);
        assert!(!proof.is_empty());
        let verified =
            verify_consistency(first.size, second.size, &first.root, &second.root, &proof);
        assert!(verified.is_ok(), "{backend:?}: {verified:?}");
        // A forged older root does not pass.
        let forged = Hash([9; 32]);
        assert!(
            verify_consistency(first.size, second.size, &forged, &second.root, &proof).is_err()
        );
    })
    .await;
}
