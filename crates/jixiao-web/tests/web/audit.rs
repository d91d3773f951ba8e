//! The login audit through the API: a caller who may audit only some organizations gets up to
//! `limit` records of those, however many newer records other organizations have.

use chrono::{Duration, Utc};
use jixiao_core::access::{LoginEvent, Role};

use crate::{PASSWORD_HASH, api_token, seeded};

#[tokio::test]
async fn the_audit_limit_counts_only_records_the_caller_may_see() {
    let app = seeded().await;
    app.store
        .create_user(
            "auditor-bureau",
            "区审计",
            &app.engineer_org,
            &[Role::Auditor],
            &PASSWORD_HASH,
            &jixiao_store::Stamp::new("admin", Utc::now()),
        )
        .await
        .unwrap();
    let start = Utc::now() - Duration::hours(1);
    // One record of the bureau's engineer, then twenty newer ones of the department's admin.
    let mut events = vec![("engineer", "bureau-record")];
    events.extend(std::iter::repeat_n(("admin", "department-record"), 20));
    for (minute, (username, reason)) in events.into_iter().enumerate() {
        app.store
            .record_login(&LoginEvent {
                at: start + Duration::minutes(minute as i64),
                username: username.to_owned(),
                address: "192.0.2.7".to_owned(),
                success: true,
                reason: reason.to_owned(),
            })
            .await
            .unwrap();
    }
    let cases = [
        (
            "auditor-bureau",
            "/api/v1/audit/logins?limit=1",
            vec!["bureau-record"],
        ),
        (
            "auditor-bureau",
            "/api/v1/audit/logins?limit=5",
            vec!["bureau-record"],
        ),
        (
            "admin",
            "/api/v1/audit/logins?limit=2",
            vec!["department-record"; 2],
        ),
    ];
    for (username, uri, expected) in cases {
        let token = api_token(&app.store, username, Utc::now() + Duration::days(1)).await;
        let reply = app.get_bearer(uri, &token).await;
        let reasons: Vec<String> = reply
            .json()
            .as_array()
            .unwrap_or_else(|| panic!("{username} {uri}: {}", reply.body))
            .iter()
            .map(|event| event["reason"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(reasons, expected, "{username} {uri}");
    }
}
