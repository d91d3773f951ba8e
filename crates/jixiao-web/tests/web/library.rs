//! The target library page (`/library`) and API (`/api/v1/library…`): templates with the
//! quartiles of the actual values completed projects reached, computed here independently from
//! readings the test imports, and editing reserved to administrators.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, NaiveDate, Utc};
use jixiao_core::indicator::{Direction, Level1, Level2};
use jixiao_core::{
    Indicator, IndicatorCode, ProjectCode, ProjectDossier, ProjectStatus, ProjectType, Reading,
    ReadingValue,
};
use jixiao_web::format::with_unit;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use crate::backends::for_each_backend;
use crate::{App, api_token, open_session, seeded};

/// The template the statistics are checked on.
const MEASURED: &str = "first_pass_rate";

/// A highway project in `status` whose only indicator, [`MEASURED`], was read `values` on
/// consecutive days (the last one is its latest reading).
fn sample(app: &App, code: &str, status: ProjectStatus, values: &[&str]) -> ProjectDossier {
    let mut dossier = app.demo.dossiers[0].clone();
    let project = &mut dossier.project;
    project.code = ProjectCode::new(code).unwrap();
    project.name = format!("样本公路 {code}");
    project.project_type = ProjectType::Highway;
    project.status = status;
    if status == ProjectStatus::Completed {
        project.actual_start = Some(project.planned_start);
        project.actual_finish = Some(project.planned_finish);
    }
    let indicator = IndicatorCode::new(MEASURED).unwrap();
    dossier.indicators = vec![Indicator {
        code: indicator.clone(),
        level1: Level1::Output,
        level2: Level2::Quality,
        name: "分项工程一次验收合格率".to_owned(),
        direction: Direction::AtLeast,
        target: Some(Decimal::from(98)),
        target_text: None,
        unit: "%".to_owned(),
        weight: Decimal::from(10),
        core: true,
    }];
    let first = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    dossier.readings = values
        .iter()
        .enumerate()
        .map(|(i, value)| Reading {
            indicator: indicator.clone(),
            date: first + Duration::days(i as i64),
            value: ReadingValue::Value {
                value: value.parse().unwrap(),
            },
        })
        .collect();
    dossier
}

/// PERCENTILE.INC of `sorted` at `p` (0 to 1), rounded to four places half away from zero.
fn percentile_inc(sorted: &[Decimal], p: Decimal) -> Decimal {
    let rank = Decimal::from(sorted.len() - 1) * p;
    let low = rank.floor();
    let index = usize::try_from(low.mantissa()).unwrap() / 10usize.pow(low.scale());
    let fraction = rank - low;
    let value = match sorted.get(index + 1) {
        Some(next) => sorted[index] + fraction * (*next - sorted[index]),
        None => sorted[index],
    };
    value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// The latest numeric reading of indicator `code` in every completed demo project of
/// `project_type`, read from the generated province rather than from the store: the last
/// reading by date, and of two on one date the later in the dossier.
fn demo_latest(app: &App, project_type: ProjectType, code: &str) -> Vec<Decimal> {
    app.demo
        .dossiers
        .iter()
        .filter(|d| d.project.project_type == project_type)
        .filter(|d| d.project.status == ProjectStatus::Completed)
        .filter_map(|d| {
            d.readings
                .iter()
                .enumerate()
                .filter(|(_, r)| r.indicator.as_str() == code)
                .filter_map(|(i, r)| match r.value {
                    ReadingValue::Value { value } => Some(((r.date, i), value)),
                    _ => None,
                })
                .max_by_key(|(at, _)| *at)
                .map(|(_, value)| value)
        })
        .collect()
}

/// The row of template `code` on the library page.
fn template_row<'a>(body: &'a str, code: &str) -> &'a str {
    let start = body
        .find(&format!("<tr id=\"tpl-{code}\">"))
        .unwrap_or_else(|| panic!("no row for {code}"));
    let rest = &body[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[tokio::test]
async fn the_library_page_shows_quartiles_of_the_latest_values_of_completed_projects() {
    for_each_backend("library_statistics", |app, _| async move {
        // Each completed project counts with its latest reading only; the project still in
        // progress does not count at all.
        let samples = [
            ("LIB-1", ProjectStatus::Completed, vec!["90", "96.5"]),
            ("LIB-2", ProjectStatus::Completed, vec!["99"]),
            ("LIB-3", ProjectStatus::Completed, vec!["100", "97"]),
            ("LIB-4", ProjectStatus::Completed, vec!["98.25"]),
            ("LIB-5", ProjectStatus::Completed, vec!["92"]),
            ("LIB-6", ProjectStatus::InProgress, vec!["10"]),
        ];
        let dossiers: Vec<ProjectDossier> = samples
            .iter()
            .map(|(code, status, values)| sample(&app, code, *status, values))
            .collect();
        app.store
            .import_dossiers(
                &dossiers,
                &jixiao_store::Stamp::new("test", Utc::now()),
                &|_| {},
            )
            .await
            .unwrap();
        let mut sampled: Vec<Decimal> = samples
            .iter()
            .filter(|(_, status, _)| *status == ProjectStatus::Completed)
            .map(|(_, _, values)| values.last().unwrap().parse().unwrap())
            .collect();
        sampled.sort();
        let sample_quartiles: Vec<String> = [25, 50, 75]
            .into_iter()
            .map(|p| with_unit(percentile_inc(&sampled, Decimal::new(p, 2)), "%"))
            .collect();
        // The figures of this sample alone, worked by hand: 92, 96.5, 97, 98.25, 99.
        assert_eq!(sample_quartiles, ["96.5%", "97%", "98.25%"]);

        // The store also holds the demo province, whose completed highways count too.
        let mut latest = sampled.clone();
        latest.extend(demo_latest(&app, ProjectType::Highway, MEASURED));
        latest.sort();
        assert!(
            latest.len() > sampled.len(),
            "no completed demo highway measured it"
        );
        let quartiles: Vec<String> = [25, 50, 75]
            .into_iter()
            .map(|p| with_unit(percentile_inc(&latest, Decimal::new(p, 2)), "%"))
            .collect();

        let page = app.get("/library?type=highway").await;
        assert_eq!(page.status, StatusCode::OK);
        let row = template_row(&page.body, MEASURED);
        let expected = std::iter::once(format!(
            "<td class=\"num history-start\">{}</td>",
            latest.len()
        ))
        .chain(
            quartiles
                .iter()
                .map(|q| format!("<td class=\"num\">{q}</td>")),
        );
        for cell in expected {
            assert!(row.contains(&cell), "{cell} not in {row}");
        }
        // A template no project has measured shows that it has no history yet.
        let mut novel = jixiao_core::preparation::library::default_library()
            .into_iter()
            .find(|t| t.project_type == ProjectType::Highway)
            .unwrap();
        novel.code = IndicatorCode::new("never_measured").unwrap();
        app.store.save_template(&novel).await.unwrap();
        let page = app.get("/library?type=highway").await;
        let unmeasured = template_row(&page.body, "never_measured");
        assert!(unmeasured.contains("暂无历史数据"), "{unmeasured}");

        let api = app.get("/api/v1/library?type=highway").await.json();
        let template = api
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == MEASURED)
            .unwrap();
        let stats = &template["statistics"];
        assert_eq!(stats["count"], json!(latest.len()));
        for (field, p) in [("p25", 25), ("p50", 50), ("p75", 75)] {
            let shown: Decimal = stats[field].as_str().unwrap().parse().unwrap();
            assert_eq!(
                shown,
                percentile_inc(&latest, Decimal::new(p, 2)),
                "{field}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_page_lists_the_templates_of_the_chosen_type() {
    let app = seeded().await;
    let highway = app.get("/library").await.body;
    assert!(highway.contains("<tr id=\"tpl-mileage_completion\">"));
    let bridge = app.get("/library?type=bridge&lang=en").await.body;
    assert!(bridge.contains("<tr id=\"tpl-load_test\">"));
    assert!(!bridge.contains("<tr id=\"tpl-mileage_completion\">"));
    assert!(bridge.contains("No history yet"));
    assert_eq!(
        app.get("/library?type=spaceport").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn only_administrators_edit_templates() {
    let app = seeded().await;
    let finance = open_session(&app.store, "finance").await;
    let page = app
        .get_as("/library", &[("cookie", finance.cookie.as_str())])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"template-form\""));
    let expert = open_session(&app.store, "expert").await;
    let refused = app
        .get_as("/library", &[("cookie", expert.cookie.as_str())])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "experts lack view_portfolio"
    );

    let fields = |csrf: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf),
            ("project_type", "highway"),
            ("code", "noise_complaints"),
            ("level2", "ecological"),
            ("name", "施工噪声投诉次数"),
            ("direction", "<="),
            ("target", "3"),
            ("unit", "次"),
            ("weight", "5"),
            ("standard", "history"),
            ("frequency", "quarterly"),
            ("data_source", "信访记录"),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
    };
    let send = |form: Vec<(String, String)>, uri: &'static str, cookie: String| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> =
                form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            app.post_form(uri, &pairs, &[("cookie", cookie.as_str())])
                .await
        }
    };
    let denied = send(fields(&finance.csrf), "/library", finance.cookie.clone()).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let stored = app
        .store
        .indicator_templates(Some(ProjectType::Highway))
        .await
        .unwrap();
    assert!(!stored.iter().any(|t| t.code.as_str() == "noise_complaints"));

    let saved = send(
        fields(&app.admin.csrf),
        "/library",
        app.admin.cookie.clone(),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = app
        .store
        .indicator_templates(Some(ProjectType::Highway))
        .await
        .unwrap();
    let added = stored
        .iter()
        .find(|t| t.code.as_str() == "noise_complaints")
        .expect("the template was added");
    assert_eq!(added.default_target, Some(Decimal::from(3)));
    assert_eq!(added.level1, Level1::Benefit);
    assert!(!added.core);
    let edit = app
        .get("/library?type=highway&edit=noise_complaints")
        .await
        .body;
    assert!(edit.contains("value=\"施工噪声投诉次数\""));
    assert!(edit.contains("id=\"template-delete\""));

    let mut wrong = fields(&app.admin.csrf);
    wrong.retain(|(n, _)| n != "weight");
    wrong.push(("weight".into(), "五".into()));
    let shown = send(wrong, "/library", app.admin.cookie.clone()).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("“分值”须为数字"), "{}", shown.body);
    assert!(shown.body.contains("value=\"五\""));

    let delete_form = |csrf: &str| {
        vec![
            ("csrf".to_owned(), csrf.to_owned()),
            ("project_type".to_owned(), "highway".to_owned()),
            ("code".to_owned(), "noise_complaints".to_owned()),
        ]
    };
    let denied = send(
        delete_form(&finance.csrf),
        "/library/delete",
        finance.cookie.clone(),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let deleted = send(
        delete_form(&app.admin.csrf),
        "/library/delete",
        app.admin.cookie.clone(),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let stored = app
        .store
        .indicator_templates(Some(ProjectType::Highway))
        .await
        .unwrap();
    assert!(!stored.iter().any(|t| t.code.as_str() == "noise_complaints"));
}

#[tokio::test]
async fn the_library_api_saves_and_deletes_templates_for_administrators_only() {
    for_each_backend("library_api", |app, _| async move {
        let admin = api_token(&app.store, "admin", Utc::now() + Duration::hours(1)).await;
        let finance = api_token(&app.store, "finance", Utc::now() + Duration::hours(1)).await;
        let call = |method: &str, uri: &str, body: Option<Value>, token: &str| {
            let request = Request::builder()
                .method(method)
                .uri(uri)
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {token}"))
                .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
                .unwrap();
            app.send(request)
        };
        let template = json!({
            "level2": "social",
            "name": "沿线群众投诉办结率",
            "direction": ">=",
            "unit": "%",
            "weight": "5",
            "target": "95",
            "standard": "plan",
            "frequency": "yearly",
            "data_source": "信访台账",
            "core": true
        });
        let uri = "/api/v1/library/highway/complaints_closed";
        let refused = call("PUT", uri, Some(template.clone()), &finance).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let saved = call("PUT", uri, Some(template.clone()), &admin).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let listed = saved.json();
        let added = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == "complaints_closed")
            .expect("the answer lists the new template");
        assert_eq!(added["level1"], "benefit");
        assert_eq!(added["target"], "95");
        assert!(added["statistics"].is_null());

        let all = app.get("/api/v1/library").await.json();
        let types: std::collections::BTreeSet<&str> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["project_type"].as_str().unwrap())
            .collect();
        assert!(types.contains("highway") && types.contains("bridge"));

        let mut qualitative = template.clone();
        qualitative["direction"] = json!("qualitative");
        let bad = call("PUT", uri, Some(qualitative), &admin).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let bad_type = call("PUT", "/api/v1/library/spaceport/x", Some(template), &admin).await;
        assert_eq!(bad_type.status, StatusCode::BAD_REQUEST);

        assert_eq!(
            call("DELETE", uri, None, &finance).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            call("DELETE", uri, None, &admin).await.status,
            StatusCode::OK
        );
        assert_eq!(
            call("DELETE", uri, None, &admin).await.status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn every_template_shows_the_quartiles_computed_independently_from_the_demo_province() {
    let app = seeded().await;
    let mut compared = 0;
    for project_type in ProjectType::ALL {
        let reply = app
            .get(&format!("/api/v1/library?type={}", project_type.code()))
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        for template in reply.json().as_array().unwrap() {
            let code = template["code"].as_str().unwrap();
            let mut values = demo_latest(&app, *project_type, code);
            values.sort();
            let stats = &template["statistics"];
            if values.is_empty() {
                assert!(stats.is_null(), "{project_type:?} {code}: {stats}");
                continue;
            }
            assert_eq!(
                stats["count"],
                json!(values.len()),
                "{project_type:?} {code}"
            );
            for (field, p) in [("p25", 25), ("p50", 50), ("p75", 75)] {
                let shown: Decimal = stats[field].as_str().unwrap().parse().unwrap();
                let expected = percentile_inc(&values, Decimal::new(p, 2));
                assert_eq!(shown, expected, "{project_type:?} {code} {field}");
            }
            compared += 1;
        }
    }
    // The demo has completed projects of most types; the check must have compared many.
    assert!(
        compared >= 20,
        "only {compared} templates had demo statistics"
    );
}
