//! Recording an indicator reading through `POST /api/v1/projects/{code}/readings`: what is
//! stored and shown, and the problem documents for bodies and codes that cannot be recorded.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use jixiao_core::{Direction, Indicator, ProjectCode, ProjectDossier};
use serde_json::{Value, json};

use crate::backends::for_each_backend;
use crate::{App, Reply, api_token};

/// Posts `body` as it is to the readings of `code`.
async fn post_reading(app: &App, code: &str, body: &str, token: &str) -> Reply {
    let request = Request::post(format!("/api/v1/projects/{code}/readings"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    app.send(request).await
}

/// A demo project with a quantitative and a qualitative indicator, and those two.
fn project_with_both_kinds(app: &App) -> (&ProjectDossier, &Indicator, &Indicator) {
    app.demo
        .dossiers
        .iter()
        .find_map(|dossier| {
            let kind = |qualitative: bool| {
                dossier
                    .indicators
                    .iter()
                    .find(|i| (i.direction == Direction::Qualitative) == qualitative)
            };
            Some((dossier, kind(false)?, kind(true)?))
        })
        .expect("a demo project has both kinds of indicator")
}

/// Asserts a problem document with `status` whose detail contains `needle`.
fn assert_problem(reply: &Reply, status: StatusCode, needle: &str, context: &str) {
    assert_eq!(reply.status, status, "{context}: {}", reply.body);
    assert_eq!(
        reply.content_type(),
        "application/problem+json",
        "{context}"
    );
    let detail = reply.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains(needle), "{context}: {detail}");
}

#[tokio::test]
async fn a_recorded_reading_is_answered_stored_and_listed_last() {
    for_each_backend("record_reading", |app, backend| async move {
        // Who may record where is the permission table's test; here the admin records.
        let token = api_token(&app.store, "admin", Utc::now() + Duration::days(1)).await;
        let (dossier, quantitative, qualitative) = project_with_both_kinds(&app);
        let code = &dossier.project.code;
        let bodies = [
            (
                json!({"indicator": quantitative.code.as_str(), "date": "2025-03-31",
                       "value": "12.50"}),
                json!({"indicator": quantitative.code.as_str(), "date": "2025-03-31",
                       "value": "12.5", "grade": null, "score": null}),
            ),
            (
                json!({"indicator": qualitative.code.as_str(), "date": "2025-03-31",
                       "grade": "partly_achieved", "score": 6}),
                json!({"indicator": qualitative.code.as_str(), "date": "2025-03-31",
                       "value": null, "grade": "partly_achieved", "score": "6"}),
            ),
        ];
        let before = app.store.readings(code).await.unwrap();
        for (body, answer) in &bodies {
            let reply = post_reading(&app, code.as_str(), &body.to_string(), &token).await;
            assert_eq!(
                reply.status,
                StatusCode::CREATED,
                "{backend:?}: {}",
                reply.body
            );
            assert_eq!(&reply.json(), answer, "{backend:?}");
        }
        let after = app.store.readings(code).await.unwrap();
        assert_eq!(after.len(), before.len() + 2, "{backend:?}");
        assert_eq!(after[..before.len()], before[..], "{backend:?}");
        assert_eq!(after[before.len()].indicator, quantitative.code);
        assert_eq!(after[before.len() + 1].indicator, qualitative.code);

        let listed = app
            .get_bearer(&format!("/api/v1/projects/{code}/indicators"), &token)
            .await
            .json();
        let last_of = |indicator: &Indicator| -> Value {
            let item = listed
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["code"] == indicator.code.as_str())
                .unwrap();
            item["readings"].as_array().unwrap().last().unwrap().clone()
        };
        assert_eq!(last_of(quantitative)["value"], "12.5", "{backend:?}");
        assert_eq!(last_of(qualitative)["grade"], "partly_achieved");
    })
    .await;
}

#[tokio::test]
async fn a_reading_that_cannot_be_recorded_gets_a_problem_and_writes_nothing() {
    for_each_backend("reading_refused", |app, backend| async move {
        let token = api_token(&app.store, "admin", Utc::now() + Duration::days(1)).await;
        let (dossier, quantitative, qualitative) = project_with_both_kinds(&app);
        let code = dossier.project.code.as_str();
        let (q, g) = (quantitative.code.as_str(), qualitative.code.as_str());
        let cases: Vec<(&str, String, StatusCode, String)> = vec![
            (
                code,
                json!({"indicator": q, "value": "1"}).to_string(),
                StatusCode::BAD_REQUEST,
                "$.date: this field is missing".into(),
            ),
            (
                code,
                json!({"indicator": q, "date": "31/03/2025", "value": "1"}).to_string(),
                StatusCode::BAD_REQUEST,
                "$.date: \"31/03/2025\" is not a date".into(),
            ),
            (
                code,
                json!({"indicator": q, "date": "2025-03-31", "value": "twelve"}).to_string(),
                StatusCode::BAD_REQUEST,
                "$.value:".into(),
            ),
            (
                code,
                json!({"indicator": g, "date": "2025-03-31", "grade": "excellent", "score": "1"})
                    .to_string(),
                StatusCode::BAD_REQUEST,
                "$.grade: unknown grade \"excellent\"".into(),
            ),
            (
                code,
                json!({"indicator": q, "date": "2025-03-31"}).to_string(),
                StatusCode::BAD_REQUEST,
                "$: a reading has either a \"value\", or a \"grade\" and a \"score\"".into(),
            ),
            (
                code,
                "{\"indicator\": ".to_owned(),
                StatusCode::BAD_REQUEST,
                "the body is not valid JSON".into(),
            ),
            (
                code,
                json!({"indicator": q, "date": "2025-03-31", "grade": "achieved", "score": "9"})
                    .to_string(),
                StatusCode::BAD_REQUEST,
                format!("indicator \"{q}\": a graded reading belongs to a qualitative indicator"),
            ),
            (
                code,
                json!({"indicator": g, "date": "2025-03-31", "value": "9"}).to_string(),
                StatusCode::BAD_REQUEST,
                format!("indicator \"{g}\": a qualitative indicator is read with a grade"),
            ),
            (
                code,
                json!({"indicator": "NO-SUCH", "date": "2025-03-31", "value": "1"}).to_string(),
                StatusCode::NOT_FOUND,
                "indicator \"NO-SUCH\" does not exist".into(),
            ),
            (
                "NO-SUCH",
                json!({"indicator": q, "date": "2025-03-31", "value": "1"}).to_string(),
                StatusCode::NOT_FOUND,
                "project \"NO-SUCH\" does not exist".into(),
            ),
        ];
        let before = app.store.table_counts().await.unwrap();
        for (project, body, status, needle) in &cases {
            let reply = post_reading(&app, project, body, &token).await;
            assert_problem(&reply, *status, needle, &format!("{backend:?}: {body}"));
        }
        assert_eq!(app.store.table_counts().await.unwrap(), before);
        let stored = app
            .store
            .readings(&ProjectCode::new(code).unwrap())
            .await
            .unwrap();
        assert_eq!(stored, dossier.readings, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn recording_a_reading_needs_a_token_not_a_session_cookie() {
    let app = crate::seeded().await;
    let (dossier, quantitative, _) = project_with_both_kinds(&app);
    let body = json!({"indicator": quantitative.code.as_str(), "date": "2025-03-31",
                      "value": "1"});
    let request = Request::post(format!(
        "/api/v1/projects/{}/readings",
        dossier.project.code
    ))
    .header("cookie", app.admin.cookie.as_str())
    .header("content-type", "application/json")
    .body(Body::from(body.to_string()))
    .unwrap();
    let reply = app.send(request).await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED, "sign in", "cookie only");
    assert_eq!(
        app.store.readings(&dossier.project.code).await.unwrap(),
        dossier.readings
    );
}
