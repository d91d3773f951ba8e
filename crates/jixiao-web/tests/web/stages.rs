//! The cost stages page (`/projects/{code}/stages`), its form, its Excel export and the stage
//! API: the comparison shows the stored figures, and the 10 % warning appears exactly when the
//! 概算 exceeds the 估算 by more than the limit.

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use jixiao_core::preparation::stage::{CostStage, StageBreakdown, StageLine};
use jixiao_core::{CategoryCode, LineCode, Money, ProjectCode, ProjectType};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::backends::for_each_backend;
use crate::{App, Reply, api_token, open_session, seeded, wan};

/// A project whose type has the 10 % limit (water works have 15 %).
fn ten_percent_project(app: &App) -> ProjectCode {
    app.demo
        .dossiers
        .iter()
        .find(|d| d.project.project_type != ProjectType::WaterWorks)
        .map(|d| d.project.code.clone())
        .expect("the demo has a project that is not water works")
}

fn line(code: &str, name: &str, category: &str, yuan_fen: i64) -> StageLine {
    StageLine {
        line: LineCode::new(code).unwrap(),
        name: name.to_owned(),
        category: CategoryCode::new(category).unwrap(),
        amount: Money::from_fen(yuan_fen),
    }
}

/// The 估算 of the tests: 10,000,000.00 元 in two lines.
fn estimate() -> StageBreakdown {
    StageBreakdown {
        stage: CostStage::Estimate,
        lines: vec![
            line("L01", "路基工程", "building_works", 600_000_000),
            line("L02", "路面工程", "building_works", 400_000_000),
        ],
    }
}

/// A 概算 whose third line brings the total to 11,000,000.00 元 plus `extra_fen`.
fn budgetary(extra_fen: i64) -> StageBreakdown {
    StageBreakdown {
        stage: CostStage::BudgetaryEstimate,
        lines: vec![
            line("L01", "路基工程", "building_works", 650_000_000),
            line("L02", "路面工程", "building_works", 420_000_000),
            line(
                "L03",
                "交通安全设施",
                "installation_works",
                30_000_000 + extra_fen,
            ),
        ],
    }
}

async fn store_stages(app: &App, code: &ProjectCode, stages: &[StageBreakdown]) {
    for stage in stages {
        app.store
            .set_stage(code, stage, &jixiao_store::Stamp::new("admin", Utc::now()))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_stages_page_warns_only_when_the_budgetary_estimate_passes_ten_percent() {
    for_each_backend("stages_page_warning", |app, _| async move {
        let code = ten_percent_project(&app);
        // (extra fen above exactly 110 %, whether the page warns)
        let cases = [
            (-5_000_000, false),
            (0, false),
            (1, true),
            (200_000_000, true),
        ];
        for (extra, warned) in cases {
            store_stages(&app, &code, &[estimate(), budgetary(extra)]).await;
            let page = app.get(&format!("/projects/{code}/stages")).await;
            assert_eq!(page.status, StatusCode::OK);
            let body = &page.body;
            assert_eq!(body.contains("id=\"stage-warning\""), warned, "{extra}");
            assert_eq!(
                body.contains("id=\"stage-within-limit\""),
                !warned,
                "{extra}"
            );
            let total = Money::from_fen(1_100_000_000 + extra);
            if warned {
                let message = format!("设计概算 {total} 元比投资估算 10000000.00 元高");
                assert!(body.contains(&message), "{extra}: missing {message}");
            }
            // The totals row holds both totals in 万元 and their difference.
            let totals = section(body, "id=\"stage-totals-row\"", "</tr>");
            for figure in [
                wan(Money::from_fen(1_000_000_000)),
                wan(total),
                format!("+{}", wan(total - Money::from_fen(1_000_000_000))),
            ] {
                assert!(totals.contains(&figure), "{extra}: {figure} in {totals}");
            }
        }
        // Each line shows its amount at each stage; a line missing from a stage shows a dash.
        let body = app.get(&format!("/projects/{code}/stages")).await.body;
        let row = section(&body, "<td class=\"code\">L03</td>", "</tr>");
        assert!(row.contains("<td class=\"num\">—</td>"), "{row}");
        assert!(row.contains(&wan(Money::from_fen(30_000_000 + 200_000_000))));
        assert!(body.contains("<svg"), "the totals chart is drawn");
    })
    .await;
}

#[tokio::test]
async fn the_form_stores_a_stage_and_shows_the_warning_it_raised() {
    let app = seeded().await;
    let code = ten_percent_project(&app);
    let page = app.get(&format!("/projects/{code}/stages")).await.body;
    assert!(page.contains("id=\"stage-form\""), "an administrator edits");
    let saved = post_stage(
        &app,
        &code,
        "estimate",
        vec![("L01", "路基工程", "building_works", "1,000,000.00".into())],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let location = saved.headers["location"].to_str().unwrap().to_owned();
    assert!(!location.contains("warned"), "{location}");
    let over = post_stage(
        &app,
        &code,
        "budgetary_estimate",
        vec![("L01", "路基工程", "building_works", "1100000.01".into())],
    )
    .await;
    assert_eq!(over.status, StatusCode::SEE_OTHER);
    let location = over.headers["location"].to_str().unwrap().to_owned();
    assert!(location.contains("warned=1"), "{location}");
    let shown = app.get(&location).await.body;
    assert!(shown.contains("<p class=\"notice notice-warn\" id=\"stage-notice\""));
    let notice = section(&shown, "id=\"stage-notice\"", "</p>");
    assert!(notice.contains("已保存“设计概算”"), "{notice}");
    assert!(notice.contains("1100000.01"), "{notice}");
    let stored = app.store.stages(&code).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].total(), Money::from_fen(110_000_001));

    // A mistake shows the form again with what was typed and stores nothing.
    let wrong = post_stage(
        &app,
        &code,
        "contract",
        vec![("L01", "路基工程", "building_works", "一百万".into())],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(
        wrong.body.contains("第 1 行：金额“一百万”"),
        "{}",
        wrong.body
    );
    assert!(wrong.body.contains("value=\"一百万\""));
    assert_eq!(app.store.stages(&code).await.unwrap().len(), 2);
}

#[tokio::test]
async fn readers_without_edit_project_see_no_form_and_may_not_post() {
    let app = seeded().await;
    let code = ten_percent_project(&app);
    let auditor = open_session(&app.store, "auditor").await;
    let page = app
        .get_as(
            &format!("/projects/{code}/stages"),
            &[("cookie", auditor.cookie.as_str())],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"stage-form\""));
    let posted = app
        .post_form(
            &format!("/projects/{code}/stages"),
            &[
                ("csrf", auditor.csrf.as_str()),
                ("stage", "estimate"),
                ("line_0", "L01"),
                ("name_0", "路基"),
                ("category_0", "building_works"),
                ("amount_0", "1"),
            ],
            &[("cookie", auditor.cookie.as_str())],
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert!(app.store.stages(&code).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_workbook_holds_the_stored_amounts_totals_and_warning() {
    for_each_backend("stages_workbook", |app, _| async move {
        let code = ten_percent_project(&app);
        let stages = [estimate(), budgetary(1)];
        store_stages(&app, &code, &stages).await;
        let request = Request::get(format!("/projects/{code}/stages.xlsx"))
            .header("cookie", app.admin.cookie.as_str())
            .body(Body::empty())
            .unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
            .expect("an xlsx calamine reads");
        let sheet = workbook.worksheet_range("三算对比").unwrap();
        let cell = |row: u32, col: u32| sheet.get_value((row, col)).cloned();
        let number = |row: u32, col: u32| match cell(row, col) {
            Some(Data::Float(value)) => value,
            other => panic!("({row}, {col}) holds {other:?}, not a number"),
        };
        let text = |row: u32, col: u32| match cell(row, col) {
            Some(Data::String(value)) => value,
            other => panic!("({row}, {col}) holds {other:?}, not text"),
        };
        assert_eq!(text(3, 0), "编码");
        assert_eq!(text(3, 3), "投资估算（元）");
        assert_eq!(text(3, 4), "设计概算（元）");
        assert_eq!(text(3, 5), "设计概算较投资估算增减额（元）");
        // Each line: its amounts at both stages, in 元, as the store holds them.
        let yuan = |m: Money| m.fen() as f64 / 100.0;
        let lines = ["L01", "L02", "L03"];
        for (i, code) in lines.iter().enumerate() {
            let row = 4 + i as u32;
            assert_eq!(text(row, 0), *code);
            let at = |stage: &StageBreakdown| {
                stage
                    .lines
                    .iter()
                    .find(|l| l.line.as_str() == *code)
                    .map(|l| yuan(l.amount))
            };
            match at(&stages[0]) {
                Some(amount) => assert_eq!(number(row, 3), amount, "{code}"),
                None => assert!(matches!(cell(row, 3), None | Some(Data::Empty)), "{code}"),
            }
            assert_eq!(number(row, 4), at(&stages[1]).unwrap(), "{code}");
        }
        let totals = 4 + lines.len() as u32;
        assert_eq!(text(totals, 0), "合计");
        assert_eq!(number(totals, 3), yuan(stages[0].total()));
        assert_eq!(number(totals, 4), yuan(stages[1].total()));
        assert_eq!(
            number(totals, 5),
            yuan(stages[1].total() - stages[0].total())
        );
        assert_eq!(number(totals, 6), 10.0, "the rate rounds to 10.00 %");
        let warning = text(totals + 2, 0);
        assert!(
            warning.starts_with("预警：设计概算 11000000.01 元"),
            "{warning}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_stage_api_stores_a_stage_and_answers_with_the_comparison_and_warning() {
    for_each_backend("stages_api", |app, _| async move {
        let code = ten_percent_project(&app);
        let token = api_token(&app.store, "admin", Utc::now() + Duration::hours(1)).await;
        let put = |stage: &str, body: Value, token: &str| {
            let request = Request::put(format!("/api/v1/projects/{code}/stages/{stage}"))
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {token}"))
                .body(Body::from(body.to_string()))
                .unwrap();
            app.send(request)
        };
        let lines = |amount: &str| {
            json!({"lines": [
                {"line": "L01", "name": "路基工程", "category": "building_works", "amount": amount}
            ]})
        };
        let saved = put("estimate", lines("5000000.00"), &token).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert!(saved.json()["warning"].is_null());
        let over = put("budgetary_estimate", lines("5600000.00"), &token).await;
        assert_eq!(over.status, StatusCode::OK, "{}", over.body);
        let warning = &over.json()["warning"];
        assert_eq!(warning["code"], "estimate_overrun");
        assert_eq!(warning["percent"], "12.00");
        assert_eq!(warning["limit"], "10");

        let read = app.get(&format!("/api/v1/projects/{code}/stages")).await;
        assert_eq!(read.status, StatusCode::OK);
        let read = read.json();
        assert_eq!(read["overrun_limit"], "10");
        assert_eq!(
            read["comparison"]["stages"],
            json!(["estimate", "budgetary_estimate"])
        );
        assert_eq!(
            read["comparison"]["totals"],
            json!(["5000000.00", "5600000.00"])
        );
        assert_eq!(
            read["comparison"]["total_differences"][0]["amount"],
            "600000.00"
        );
        assert_eq!(read["warning"]["budgetary"], "5600000.00");
        assert_eq!(read["stages"][1]["lines"][0]["amount"], "5600000.00");

        let refusals = [
            ("final", lines("1"), StatusCode::NOT_FOUND),
            ("contract", json!({"lines": "none"}), StatusCode::BAD_REQUEST),
            ("contract", lines("1.234"), StatusCode::BAD_REQUEST),
            (
                "contract",
                json!({"lines": [{"line": "L9", "name": "x", "category": "nowhere", "amount": "1"}]}),
                StatusCode::BAD_REQUEST,
            ),
        ];
        for (stage, body, status) in refusals {
            let reply = put(stage, body, &token).await;
            assert_eq!(reply.status, status, "{stage}: {}", reply.body);
        }
        let auditor = api_token(&app.store, "auditor", Utc::now() + Duration::hours(1)).await;
        assert_eq!(
            put("contract", lines("1"), &auditor).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(app.store.stages(&code).await.unwrap().len(), 2);
    })
    .await;
}

/// Posts the stage form as the administrator with `rows` of (code, name, category, amount)
/// and one empty row, as the form always sends some.
async fn post_stage(
    app: &App,
    code: &ProjectCode,
    stage: &str,
    rows: Vec<(&str, &str, &str, String)>,
) -> Reply {
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), app.admin.csrf.clone()),
        ("stage".into(), stage.into()),
    ];
    for (i, (line, name, category, amount)) in rows.into_iter().enumerate() {
        form.push((format!("line_{i}"), line.into()));
        form.push((format!("name_{i}"), name.into()));
        form.push((format!("category_{i}"), category.into()));
        form.push((format!("amount_{i}"), amount));
    }
    form.push(("line_9".into(), String::new()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    app.post_form(
        &format!("/projects/{code}/stages"),
        &pairs,
        &[("cookie", app.admin.cookie.as_str())],
    )
    .await
}

/// The part of `body` from `start` to the next `end`.
fn section<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} is not in the page"));
    let rest = &body[from..];
    &rest[..rest.find(end).map_or(rest.len(), |to| to + end.len())]
}
