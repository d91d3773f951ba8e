//! The JSON API and its OpenAPI document.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use jixiao_core::Money;
use serde_json::Value;

use crate::{execution, seeded};

/// Whether a JSON value is money as the API writes it: a decimal string in 元 with two places.
fn is_money(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        let digits = text.strip_prefix('-').unwrap_or(text);
        digits.split_once('.').is_some_and(|(int, frac)| {
            !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.len() == 2
                && frac.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

fn money(value: &Value) -> Money {
    assert!(is_money(value), "{value} is not a money string");
    value.as_str().unwrap().parse().unwrap()
}

/// Asserts a problem document with `status`.
fn assert_problem(reply: &crate::Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/problem+json");
    let body = reply.json();
    assert_eq!(body["status"], status.as_u16());
    assert_eq!(body["type"], "about:blank");
    assert_eq!(body["title"], status.canonical_reason().unwrap());
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn project_list_pages_and_writes_money_as_strings() {
    let app = seeded().await;
    let all = app.get("/api/v1/projects").await.json();
    assert_eq!(all["total"], app.demo.dossiers.len());
    for (item, dossier) in all["items"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&app.demo.dossiers)
    {
        let expected = execution(dossier);
        assert_eq!(item["code"], dossier.project.code.as_str());
        assert_eq!(money(&item["execution"]["budget"]), expected.budget);
        assert_eq!(money(&item["execution"]["executed"]), expected.executed);
    }
    let cases = [(1, 5), (3, 2), (4, 0)];
    for (page, rows) in cases {
        let reply = app
            .get(&format!("/api/v1/projects?per_page=5&page={page}"))
            .await;
        let body = reply.json();
        assert_eq!(body["pages"], 3, "page {page}");
        assert_eq!(body["items"].as_array().unwrap().len(), rows, "page {page}");
    }
    let bridge = app.get("/api/v1/projects?type=bridge").await.json();
    assert_eq!(
        bridge["total"],
        app.by_type(jixiao_core::ProjectType::Bridge).0.len()
    );
}

#[tokio::test]
async fn one_project_its_budgets_payments_and_indicators_match_the_seed() {
    let app = seeded().await;
    let dossier = app.busiest();
    let code = dossier.project.code.as_str();

    let project = app.get(&format!("/api/v1/projects/{code}")).await.json();
    assert_eq!(project["name"], dossier.project.name);
    assert_eq!(project["project_type"], dossier.project.project_type.code());
    assert_eq!(
        money(&project["execution"]["budget"]),
        execution(dossier).budget
    );

    let budgets = app
        .get(&format!("/api/v1/projects/{code}/budgets"))
        .await
        .json();
    let budgets = budgets.as_array().unwrap();
    assert_eq!(budgets.len(), dossier.budgets.len());
    for (json, budget) in budgets.iter().zip(&dossier.budgets) {
        assert_eq!(json["fiscal_year"], budget.fiscal_year);
        assert_eq!(money(&json["original"]), budget.original_total());
        assert_eq!(money(&json["execution"]["budget"]), budget.adjusted_total());
        let lines = json["lines"].as_array().unwrap();
        assert_eq!(lines.len(), budget.lines.len());
        for (line_json, line) in lines.iter().zip(&budget.lines) {
            let plan: Money = line_json["plan"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| money(&m["amount"]))
                .sum();
            assert_eq!(plan, line.amount, "plan of {}", line.code);
        }
    }

    let payments = app
        .get(&format!("/api/v1/projects/{code}/expenditures?per_page=10"))
        .await
        .json();
    assert_eq!(payments["total"], dossier.expenditures.len());
    let items = payments["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let dates: Vec<NaiveDate> = items
        .iter()
        .map(|e| e["date"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first: {dates:?}"
    );
    assert!(items.iter().all(|e| is_money(&e["amount"])));

    let indicators = app
        .get(&format!("/api/v1/projects/{code}/indicators"))
        .await
        .json();
    let indicators = indicators.as_array().unwrap();
    assert_eq!(indicators.len(), dossier.indicators.len());
    for (json, indicator) in indicators.iter().zip(&dossier.indicators) {
        let readings = dossier
            .readings
            .iter()
            .filter(|r| r.indicator == indicator.code)
            .count();
        assert_eq!(json["code"], indicator.code.as_str());
        assert_eq!(json["readings"].as_array().unwrap().len(), readings);
    }
}

#[tokio::test]
async fn portfolio_summary_and_monthly_series_add_up_to_the_seed() {
    let app = seeded().await;
    let summary = app.get("/api/v1/portfolio/summary").await.json();
    let total = app.total();
    assert_eq!(summary["project_count"], app.demo.dossiers.len());
    assert_eq!(money(&summary["total"]["budget"]), total.budget);
    assert_eq!(money(&summary["total"]["executed"]), total.executed);
    let types: u64 = summary["by_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["project_count"].as_u64().unwrap())
        .sum();
    assert_eq!(types as usize, app.demo.dossiers.len());

    let year = 2023;
    let monthly = app
        .get(&format!("/api/v1/portfolio/monthly?year={year}"))
        .await
        .json();
    let points = monthly["points"].as_array().unwrap();
    assert_eq!(monthly["fiscal_year"], year);
    assert_eq!(points.len(), 12);
    let planned: Money = points.iter().map(|p| money(&p["planned"])).sum();
    let actual: Money = points.iter().map(|p| money(&p["actual"])).sum();
    let expected_plan: Money = app
        .demo
        .dossiers
        .iter()
        .filter_map(|d| d.budget(year))
        .flat_map(|b| &b.lines)
        .flat_map(|l| l.plan.values())
        .sum();
    let expected_actual: Money = app
        .demo
        .dossiers
        .iter()
        .flat_map(|d| &d.expenditures)
        .filter(|e| e.date.year() == year)
        .map(|e| e.amount)
        .sum();
    assert_eq!(planned, expected_plan);
    assert_eq!(actual, expected_actual);

    let latest = app.get("/api/v1/portfolio/monthly").await.json();
    let latest_spending = app
        .demo
        .dossiers
        .iter()
        .flat_map(|d| &d.expenditures)
        .map(|e| e.date.year())
        .max();
    assert_eq!(
        latest["fiscal_year"].as_i64(),
        latest_spending.map(i64::from)
    );
}

#[tokio::test]
async fn unknown_projects_and_bad_parameters_get_problem_documents() {
    let app = seeded().await;
    let cases = [
        ("/api/v1/projects/NO-SUCH", StatusCode::NOT_FOUND),
        ("/api/v1/projects/NO-SUCH/budgets", StatusCode::NOT_FOUND),
        (
            "/api/v1/projects/NO-SUCH/expenditures",
            StatusCode::NOT_FOUND,
        ),
        ("/api/v1/projects/NO-SUCH/indicators", StatusCode::NOT_FOUND),
        ("/api/v1/nothing-here", StatusCode::NOT_FOUND),
        ("/api/v1/projects?per_page=1000", StatusCode::BAD_REQUEST),
        ("/api/v1/projects?status=finished", StatusCode::BAD_REQUEST),
        (
            "/api/v1/portfolio/monthly?year=last",
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (uri, status) in cases {
        let reply = app.get(uri).await;
        assert_problem(&reply, status);
        assert_eq!(reply.headers["x-content-type-options"], "nosniff", "{uri}");
    }
}

/// The operations of the document and a concrete address for each, with `{code}` filled in.
fn documented_paths(document: &Value) -> BTreeSet<String> {
    document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document_and_every_documented_path_answers() {
    let app = seeded().await;
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));

    // The routes the API router serves are the paths its builder registered.
    let routed: BTreeSet<String> = jixiao_web::api::router()
        .into_openapi()
        .paths
        .paths
        .keys()
        .cloned()
        .collect();
    let expected: BTreeSet<String> = [
        "/api/v1/openapi.json",
        "/api/v1/portfolio/monthly",
        "/api/v1/portfolio/summary",
        "/api/v1/projects",
        "/api/v1/projects/{code}",
        "/api/v1/projects/{code}/budgets",
        "/api/v1/projects/{code}/expenditures",
        "/api/v1/projects/{code}/indicators",
        "/api/v1/projects/{code}/readings",
        "/api/v1/projects/{code}/responsibilities",
        "/api/v1/projects/{code}/stages",
        "/api/v1/projects/{code}/stages/{stage}",
        "/api/v1/projects/{code}/targets",
        "/api/v1/projects/{code}/targets/library",
        "/api/v1/projects/{code}/budgets/{year}/workflow",
        "/api/v1/projects/{code}/budgets/{year}/transitions",
        "/api/v1/projects/{code}/budgets/{year}/lines/{line}",
        "/api/v1/projects/{code}/budgets/{year}/lines/{line}/justification",
        "/api/v1/projects/{code}/budgets/{year}/lines/{line}/reviews",
        "/api/v1/projects/{code}/budgets/{year}/adjustments",
        "/api/v1/projects/{code}/adjustments/{id}/decision",
        "/api/v1/library",
        "/api/v1/library/{type}/{code}",
        "/api/v1/users",
        "/api/v1/audit/logins",
        "/api/v1/ledger/head",
        "/api/v1/ledger/heads",
        "/api/v1/ledger/entries/{index}",
        "/api/v1/ledger/proofs/inclusion",
        "/api/v1/ledger/proofs/consistency",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(routed, expected);
    assert_eq!(documented_paths(&document), expected);

    // Every path that can be read answers a read; the write-only paths are exercised by the
    // reading and ledger tests. A signed head gives the head and proofs something to answer.
    app.store
        .sign_tree_head(&app.signing_key, chrono::Utc::now())
        .await
        .unwrap();
    let write_only = [
        "/api/v1/projects/{code}/readings",
        "/api/v1/ledger/heads",
        "/api/v1/projects/{code}/stages/{stage}",
        "/api/v1/projects/{code}/targets/library",
        "/api/v1/projects/{code}/budgets/{year}/transitions",
        "/api/v1/projects/{code}/budgets/{year}/lines/{line}",
        "/api/v1/projects/{code}/budgets/{year}/lines/{line}/justification",
        "/api/v1/projects/{code}/budgets/{year}/lines/{line}/reviews",
        "/api/v1/projects/{code}/budgets/{year}/adjustments",
        "/api/v1/projects/{code}/adjustments/{id}/decision",
        "/api/v1/library/{type}/{code}",
    ];
    let query = |path: &str| match path {
        "/api/v1/ledger/proofs/inclusion" => "?index=0",
        "/api/v1/ledger/proofs/consistency" => "?from=1",
        _ => "",
    };
    let code = app.demo.dossiers[0].project.code.as_str();
    let year = app.demo.dossiers[0].budgets[0].fiscal_year.to_string();
    for path in &expected {
        if document["paths"][path]["get"].is_null() {
            assert!(write_only.contains(&path.as_str()), "{path}");
            continue;
        }
        let uri = format!(
            "{}{}",
            path.replace("{code}", code)
                .replace("{index}", "0")
                .replace("{year}", &year),
            query(path)
        );
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(
            reply.content_type().starts_with("application/json"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_parses_and_every_reference_resolves() {
    let app = seeded().await;
    let text = app.get("/api/v1/openapi.json").await.body;
    let spec = oas3::from_json(&text).expect("a valid OpenAPI 3.1 document");
    assert!(spec.openapi.starts_with("3.1"));
    let document: Value = serde_json::from_str(&text).unwrap();

    // A post that acts on what exists (a workflow step, a decision, a start from the library)
    // answers 200 with the changed resource; every other post creates one and answers 201.
    let actions = [
        "/api/v1/projects/{code}/budgets/{year}/transitions",
        "/api/v1/projects/{code}/adjustments/{id}/decision",
        "/api/v1/projects/{code}/targets/library",
    ];
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object();
            let creates = method == "post" && !actions.contains(&path.as_str());
            let success = if creates { "201" } else { "200" };
            assert!(
                responses.is_some_and(|r| r.contains_key(success)),
                "{method} {path}"
            );
            // Every operation but the document itself and the public tree head needs a bearer
            // token.
            let public = ["/api/v1/openapi.json", "/api/v1/ledger/head"];
            let secured = operation["security"] == serde_json::json!([{ "bearer": [] }]);
            assert_eq!(secured, !public.contains(&path.as_str()), "{method} {path}");
        }
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut references = Vec::new();
    collect_references(&document, &mut references);
    assert!(references.len() > 5, "the document uses component schemas");
    for reference in references {
        let pointer = reference.strip_prefix('#').expect("local reference");
        assert!(
            document.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
}

fn collect_references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.push(reference.clone());
            }
            map.values().for_each(|v| collect_references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_references(v, found)),
        _ => {}
    }
}
