//! The performance targets page, its form and the library start, the targets API, and the
//! declaration form as a page and as a workbook that calamine reads back with the project's
//! figures.

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use jixiao_core::preparation::target::validate;
use jixiao_core::{ProjectCode, ProjectDossier};
use rust_decimal::Decimal;
use serde_json::json;
use tower::ServiceExt;

use crate::backends::for_each_backend;
use crate::preparation::complete_targets;
use crate::{App, api_token, open_session, seeded};

/// A demo project of the engineer's organization.
fn engineer_project(app: &App) -> &ProjectDossier {
    app.demo
        .dossiers
        .iter()
        .find(|d| d.project.organization == app.engineer_org)
        .expect("the engineer's bureau has a project")
}

/// The form fields of every indicator of `code` as the page would post them back, with the
/// goals; `change` edits the pairs before they are sent.
async fn form_of(app: &App, code: &ProjectCode) -> Vec<(String, String)> {
    let targets = app.store.targets(code).await.unwrap();
    let mut pairs = vec![
        ("overall_goal".to_owned(), "按期建成通车".to_owned()),
        ("execution_weight".to_owned(), "10".to_owned()),
    ];
    for (i, row) in targets.indicators.iter().enumerate() {
        let indicator = &row.indicator;
        let target = match (&indicator.target, &indicator.target_text) {
            (Some(value), _) => value.to_string(),
            (None, Some(text)) => text.clone(),
            (None, None) => String::new(),
        };
        let fields = [
            ("code", indicator.code.to_string()),
            ("level2", indicator.level2.code().to_owned()),
            ("name", indicator.name.clone()),
            ("direction", indicator.direction.code().to_owned()),
            ("target", target),
            ("unit", indicator.unit.clone()),
            ("weight", indicator.weight.to_string()),
            ("standard", row.standard.code().to_owned()),
            ("source", row.data_source.clone()),
            ("frequency", row.frequency.code().to_owned()),
            ("owner", "user:engineer".to_owned()),
        ];
        for (name, value) in fields {
            pairs.push((format!("{name}_{i}"), value));
        }
    }
    pairs
}

async fn post(app: &App, cookie: &str, uri: &str, pairs: &[(String, String)]) -> crate::Reply {
    let form: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    app.post_form(uri, &form, &[("cookie", cookie)]).await
}

#[tokio::test]
async fn the_form_saves_the_targets_and_the_page_then_finds_them_complete() {
    for_each_backend("targets_form", |app, backend| async move {
        let code = engineer_project(&app).project.code.clone();
        let engineer = open_session(&app.store, "engineer").await;
        let page = format!("/projects/{code}/targets");

        // Imported targets have no goal and no owners: the page lists what is missing.
        let before = app
            .get_as(&page, &[("cookie", engineer.cookie.as_str())])
            .await;
        assert_eq!(before.status, StatusCode::OK, "{backend:?}");
        assert!(
            before.body.contains("id=\"targets-problems\""),
            "{backend:?}"
        );
        assert!(before.body.contains("请填写总体目标。"));
        assert!(before.body.contains("未指定责任人"));

        let mut pairs = form_of(&app, &code).await;
        pairs.push(("csrf".into(), engineer.csrf.clone()));
        let saved = post(&app, &engineer.cookie, &page, &pairs).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let after = app
            .get_as(
                &format!("{page}?done=saved"),
                &[("cookie", engineer.cookie.as_str())],
            )
            .await;
        assert!(
            after.body.contains("id=\"targets-complete\""),
            "{backend:?}"
        );
        assert!(after.body.contains("绩效目标已保存。"));
        let stored = app.store.targets(&code).await.unwrap();
        assert_eq!(stored.overall_goal, "按期建成通车");
        assert!(
            stored
                .indicators
                .iter()
                .all(|r| r.owner.as_deref() == Some("user:engineer"))
        );
        let project_type = engineer_project(&app).project.project_type;
        assert_eq!(validate(project_type, &stored), Vec::new());
    })
    .await;
}

#[tokio::test]
async fn unreadable_fields_are_named_by_row_kept_as_typed_and_change_nothing() {
    let app = seeded().await;
    let code = engineer_project(&app).project.code.clone();
    let engineer = open_session(&app.store, "engineer").await;
    let page = format!("/projects/{code}/targets");
    let before = app.store.targets(&code).await.unwrap();
    let mut pairs = form_of(&app, &code).await;
    for (name, value) in &mut pairs {
        match name.as_str() {
            "weight_1" => *value = "十五".into(),
            "frequency_2" => *value = "daily".into(),
            _ => {}
        }
    }
    pairs.push(("csrf".into(), engineer.csrf.clone()));
    let refused = post(&app, &engineer.cookie, &page, &pairs).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("第 2 行“分值”：“十五”无法识别。"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("第 3 行“采集频次”：“daily”无法识别。")
    );
    assert!(
        refused.body.contains("value=\"十五\""),
        "the typed value is shown again"
    );
    assert_eq!(app.store.targets(&code).await.unwrap(), before);

    // Without the form's CSRF token nothing is read at all.
    pairs.retain(|(name, _)| name != "csrf");
    let forged = post(&app, &engineer.cookie, &page, &pairs).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.targets(&code).await.unwrap(), before);
}

#[tokio::test]
async fn the_library_start_adds_only_the_templates_the_table_lacks() {
    let app = seeded().await;
    let dossier = engineer_project(&app);
    let code = dossier.project.code.clone();
    let project_type = dossier.project.project_type;
    let templates = app
        .store
        .indicator_templates(Some(project_type))
        .await
        .unwrap();
    let token = api_token(&app.store, "engineer", Utc::now() + Duration::days(1)).await;

    // Empty the table (the demo's imported indicators have readings, so start from a set of
    // none by replacing the project with one that has no indicators).
    let mut bare = dossier.clone();
    bare.indicators.clear();
    bare.readings.clear();
    app.store
        .import_dossier(&bare, true, &jixiao_store::Stamp::new("test", Utc::now()))
        .await
        .unwrap();
    let uri = format!("/api/v1/projects/{code}/targets/library");
    let request = |token: &str| {
        Request::post(&uri)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let first = app.send(request(&token)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let added: Vec<String> = first.json()["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let library: Vec<String> = templates.iter().map(|t| t.code.to_string()).collect();
    assert_eq!(added, library);
    // Owners are left for the project to name, so the set is not complete yet.
    let problems = first.json()["targets"]["problems"].clone();
    assert!(
        problems
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "missing_owner")
    );
    let weights: Decimal = app
        .store
        .targets(&code)
        .await
        .unwrap()
        .indicators
        .iter()
        .map(|r| r.indicator.weight)
        .sum();
    assert_eq!(weights, Decimal::from(90));

    let again = app.send(request(&token)).await;
    assert_eq!(again.json()["added"], json!([]));

    // Internal audit may view the project but not edit it.
    let auditor = api_token(&app.store, "auditor", Utc::now() + Duration::days(1)).await;
    assert_eq!(
        app.send(request(&auditor)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_api_reads_and_replaces_targets_and_names_the_bad_field() {
    for_each_backend("targets_api", |app, backend| async move {
        let code = engineer_project(&app).project.code.clone();
        let token = api_token(&app.store, "engineer", Utc::now() + Duration::days(1)).await;
        let uri = format!("/api/v1/projects/{code}/targets");
        let shown = app.get_bearer(&uri, &token).await;
        assert_eq!(shown.status, StatusCode::OK, "{backend:?}");
        let mut body = shown.json();
        let codes: Vec<&str> = body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"empty_overall_goal"), "{codes:?}");

        let put = |body: serde_json::Value| {
            Request::put(&uri)
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap()
        };
        body["overall_goal"] = json!("建成并通车");
        for row in body["indicators"].as_array_mut().unwrap() {
            row["owner"] = json!("user:engineer");
        }
        let mut bad = body.clone();
        bad["indicators"][1]["weight"] = json!("many");
        let refused = app.send(put(bad)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.json()["detail"]
                .as_str()
                .unwrap()
                .contains("$.indicators[1].weight")
        );

        let mut far = body.clone();
        far["indicators"][0]["owner"] = json!("user:admin");
        let out_of_reach = app.send(put(far)).await;
        assert_eq!(
            out_of_reach.status,
            StatusCode::BAD_REQUEST,
            "{}",
            out_of_reach.body
        );
        assert!(
            app.store
                .targets(&code)
                .await
                .unwrap()
                .overall_goal
                .is_empty()
        );

        let stored = app.send(put(body)).await;
        assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
        assert_eq!(stored.json()["problems"], json!([]));
        assert_eq!(
            app.store.targets(&code).await.unwrap().overall_goal,
            "建成并通车"
        );
    })
    .await;
}

#[tokio::test]
async fn the_declaration_page_and_workbook_hold_the_projects_figures() {
    let app = seeded().await;
    let dossier = engineer_project(&app);
    let code = dossier.project.code.clone();
    complete_targets(&app, &code).await;
    let targets = app.store.targets(&code).await.unwrap();
    let year = dossier.budgets.iter().map(|b| b.fiscal_year).max().unwrap();
    let funds = dossier
        .budgets
        .iter()
        .find(|b| b.fiscal_year == year)
        .unwrap()
        .adjusted_total();

    let page = app.get(&format!("/projects/{code}/targets/form")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&dossier.project.name));
    assert!(page.body.contains(&format!("（{year} 年度）")));
    assert!(page.body.contains(&crate::wan(funds)), "funds of {year}");
    for row in &targets.indicators {
        assert!(
            page.body.contains(&row.indicator.name),
            "{}",
            row.indicator.name
        );
    }

    let request = Request::get(format!("/projects/{code}/targets.xlsx"))
        .header("cookie", app.admin.cookie.as_str())
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .expect("an xlsx calamine reads");
    let sheet = workbook.worksheet_range("绩效目标申报表").unwrap();
    let cell = |row: u32, col: u32| sheet.get_value((row, col)).cloned();
    let text = |row: u32, col: u32| match cell(row, col) {
        Some(Data::String(value)) => value,
        other => panic!("({row}, {col}) holds {other:?}, not text"),
    };
    let number = |row: u32, col: u32| match cell(row, col) {
        Some(Data::Float(value)) => value,
        other => panic!("({row}, {col}) holds {other:?}, not a number"),
    };
    assert_eq!(text(0, 0), format!("项目支出绩效目标申报表（{year} 年度）"));
    assert_eq!(text(2, 1), dossier.project.name);
    assert_eq!(text(2, 5), code.as_str());
    assert_eq!(number(5, 1), funds.fen() as f64 / 1_000_000.0);
    assert_eq!(number(5, 4), 10.0);
    assert_eq!(text(6, 1), targets.overall_goal);
    assert_eq!(text(8, 2), "三级指标");
    let mut weight_sum = 0.0;
    for (i, row) in targets.indicators.iter().enumerate() {
        let at = 9 + i as u32;
        let name = text(at, 2);
        assert!(name.ends_with(&row.indicator.name), "row {at}: {name}");
        assert_eq!(name.starts_with('★'), row.indicator.core, "row {at}");
        weight_sum += number(at, 4);
        assert_eq!(text(at, 5), row.standard.name_zh());
    }
    assert_eq!(weight_sum, 90.0);
}
