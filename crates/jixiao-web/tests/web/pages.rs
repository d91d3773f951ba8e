//! The HTML pages: real figures, filters, languages, errors and headers.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Datelike;
use jixiao_core::{Execution, FiscalYear, ProjectStatus};

use crate::{App, assert_contains_all, execution, seeded, wan};

/// The value of the `<html lang>` attribute.
fn html_lang(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("an html element") + 12;
    &body[start..start + body[start..].find('"').unwrap()]
}

#[tokio::test]
async fn every_page_answers_with_html_and_the_security_headers() {
    let app = seeded().await;
    let code = app.busiest().project.code.to_string();
    let cases = [
        "/".to_owned(),
        "/?year=2023".to_owned(),
        "/projects".to_owned(),
        "/projects?type=bridge&page=1".to_owned(),
        format!("/projects/{code}"),
        format!("/projects/{code}?page=2"),
    ];
    for uri in cases {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(reply.content_type().starts_with("text/html"), "{uri}");
        assert_eq!(
            reply.headers["content-security-policy"],
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"
        );
        assert_eq!(reply.headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(reply.headers["referrer-policy"], "same-origin", "{uri}");
        assert!(!reply.headers["x-request-id"].is_empty(), "{uri}");
        // The policy forbids inline styles and scripts, so the markup must not rely on them.
        assert!(!reply.body.contains(" style="), "{uri} has an inline style");
        assert!(!reply.body.contains("<script"), "{uri} has a script");
        assert_eq!(html_lang(&reply.body), "zh-CN", "{uri}");
    }
}

#[tokio::test]
async fn home_shows_the_portfolio_totals_by_year_and_by_type() {
    let app = seeded().await;
    let reply = app.get("/").await;
    let total = app.total();
    let mut expected = vec![
        format!(
            "<div class=\"card-value\">{}</div>",
            app.demo.dossiers.len()
        ),
        wan(total.budget),
        wan(total.executed),
        total.rate_text(),
        "预算执行总览".to_owned(),
    ];
    let mut years: BTreeMap<FiscalYear, Execution> = BTreeMap::new();
    for dossier in &app.demo.dossiers {
        for budget in &dossier.budgets {
            years.entry(budget.fiscal_year).or_default().budget += budget.adjusted_total();
        }
        for payment in &dossier.expenditures {
            if let Some(entry) = years.get_mut(&payment.date.year()) {
                entry.executed += payment.amount;
            }
        }
    }
    for (year, execution) in &years {
        expected.push(format!("{year}年"));
        expected.push(wan(execution.budget));
        expected.push(wan(execution.executed));
    }
    for project_type in jixiao_core::ProjectType::ALL {
        let (dossiers, execution) = app.by_type(*project_type);
        if !dossiers.is_empty() {
            expected.push(project_type.name_zh().to_owned());
            expected.push(wan(execution.budget));
        }
    }
    assert_contains_all(&reply.body, &expected, "home");
    assert!(
        reply.body.matches("role=\"img\"").count() >= 3,
        "three charts"
    );
}

#[tokio::test]
async fn home_monthly_chart_follows_the_chosen_year() {
    let app = seeded().await;
    let year = 2023;
    let actual: jixiao_core::Money = app
        .demo
        .dossiers
        .iter()
        .flat_map(|d| &d.expenditures)
        .filter(|e| e.date.year() == year)
        .map(|e| e.amount)
        .sum();
    let reply = app.get(&format!("/?year={year}")).await;
    assert_contains_all(
        &reply.body,
        &[
            format!("{year}年月度计划与实际支出"),
            format!("{year}-12"),
            format!("实际支出合计 {} 万元", wan(actual)),
            format!("<a href=\"/?year={year}#monthly\" aria-current=\"page\">{year}</a>"),
        ],
        "monthly",
    );
}

#[tokio::test]
async fn project_list_shows_every_project_with_its_totals() {
    let app = seeded().await;
    let reply = app.get("/projects").await;
    let count = app.demo.dossiers.len();
    let mut expected = vec![format!("共 {count} 个项目，第 1 / 1 页")];
    for dossier in &app.demo.dossiers {
        let totals = execution(dossier);
        expected.push(format!(">{}</a>", dossier.project.name));
        expected.push(dossier.project.code.to_string());
        expected.push(wan(totals.budget));
        expected.push(totals.rate_text());
    }
    assert_contains_all(&reply.body, &expected, "list");
}

#[tokio::test]
async fn filters_narrow_the_list_and_the_form_keeps_the_choices() {
    let app = seeded().await;
    let first = &app.demo.dossiers[0].project;
    let by_type = app.by_type(first.project_type).0;
    let in_region: Vec<_> = app
        .demo
        .dossiers
        .iter()
        .filter(|d| d.project.region == first.region)
        .collect();
    let in_progress = app
        .demo
        .dossiers
        .iter()
        .filter(|d| d.project.status == ProjectStatus::InProgress)
        .count();
    let region = first.region.clone();
    let cases: Vec<(String, usize, String)> = vec![
        (
            format!("type={}", first.project_type.code()),
            by_type.len(),
            format!("<option value=\"{}\" selected>", first.project_type.code()),
        ),
        (
            format!("region={}", encode(&region)),
            in_region.len(),
            format!("<option value=\"{region}\" selected>"),
        ),
        (
            "status=in_progress".to_owned(),
            in_progress,
            "<option value=\"in_progress\" selected>".to_owned(),
        ),
        (
            format!("q={}", encode(first.code.as_str())),
            1,
            format!("value=\"{}\"", first.code),
        ),
    ];
    for (query, count, kept) in cases {
        let reply = app.get(&format!("/projects?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}");
        assert!(
            reply.body.contains(&format!("共 {count} 个项目")),
            "{query}: expected {count}"
        );
        assert!(reply.body.contains(&kept), "{query}: form lost {kept}");
    }
    let other = app
        .demo
        .dossiers
        .iter()
        .find(|d| d.project.project_type != first.project_type)
        .unwrap();
    let reply = app
        .get(&format!("/projects?type={}", first.project_type.code()))
        .await;
    assert!(!reply.body.contains(other.project.code.as_str()));
}

#[tokio::test]
async fn a_search_without_matches_shows_the_empty_state() {
    let app = seeded().await;
    let reply = app.get("/projects?q=no-such-project").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("没有符合条件的项目"));
    assert!(reply.body.contains("共 0 个项目"));
}

#[tokio::test]
async fn project_page_shows_lines_indicators_and_recent_payments() {
    let app = seeded().await;
    let dossier = app.busiest();
    let reply = app
        .get(&format!("/projects/{}", dossier.project.code))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let totals = execution(dossier);
    let mut expected = vec![
        dossier.project.name.clone(),
        dossier.project.planned_start.format("%Y-%m-%d").to_string(),
        wan(totals.budget),
        wan(totals.executed),
        totals.rate_text(),
        format!("共 {} 笔支出", dossier.expenditures.len()),
    ];
    for budget in &dossier.budgets {
        expected.push(format!("{}年度预算", budget.fiscal_year));
        expected.push(wan(budget.adjusted_total()));
        for line in &budget.lines {
            expected.push(line.name.clone());
        }
    }
    for indicator in &dossier.indicators {
        expected.push(indicator.name.clone());
    }
    if dossier.indicators.iter().any(|i| i.core) {
        expected.push("★".to_owned());
    }
    let newest = dossier.expenditures.iter().map(|e| e.date).max().unwrap();
    expected.push(newest.format("%Y-%m-%d").to_string());
    assert_contains_all(&reply.body, &expected, "project page");
    assert!(reply.body.contains("id=\"project-monthly-title\""));
}

#[tokio::test]
async fn project_payments_are_paged_twenty_at_a_time() {
    let app = seeded().await;
    let dossier = app.busiest();
    assert!(
        dossier.expenditures.len() > 20,
        "the demo project needs two pages"
    );
    let code = &dossier.project.code;
    let first = app.get(&format!("/projects/{code}")).await;
    let second = app.get(&format!("/projects/{code}?page=2")).await;
    let rows = |body: &str| body.matches("<td class=\"date\">").count();
    assert_eq!(rows(&first.body), 20);
    assert_eq!(
        rows(&second.body),
        (dossier.expenditures.len() - 20).min(20)
    );
    assert!(first.body.contains("?page=2#expenditures"));
}

#[tokio::test]
async fn unknown_projects_and_paths_get_a_404_page() {
    let app = seeded().await;
    for uri in ["/projects/NO-SUCH-CODE", "/nowhere"] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.content_type().starts_with("text/html"), "{uri}");
        assert!(reply.body.contains("未找到"), "{uri}");
        assert!(reply.body.contains("返回总览"), "{uri}");
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    }
    let english = app.get("/projects/NO-SUCH-CODE?lang=en").await;
    assert!(english.body.contains("Not found"));
    assert!(english.body.contains("NO-SUCH-CODE"));
}

#[tokio::test]
async fn bad_parameters_and_methods_get_an_error_page() {
    let app = seeded().await;
    let cases = [
        ("/projects?type=railway", StatusCode::BAD_REQUEST, "railway"),
        ("/projects?page=0", StatusCode::BAD_REQUEST, "page"),
        ("/?year=soon", StatusCode::BAD_REQUEST, "soon"),
    ];
    for (uri, status, mentioned) in cases {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert!(reply.body.contains("请求有误"), "{uri}");
        assert!(reply.body.contains(mentioned), "{uri}");
    }
    let post = app
        .send(Request::post("/projects").body(Body::empty()).unwrap())
        .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(post.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn language_comes_from_the_query_then_the_cookie() {
    let app = seeded().await;
    let english = app.get("/?lang=en").await;
    assert_eq!(html_lang(&english.body), "en");
    assert!(english.body.contains("Budget execution overview"));
    assert!(!english.body.contains("预算执行总览"));
    let cookie = english.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");

    // (address, cookie, expected html lang, expected word)
    let cases = [
        ("/projects", Some("lang=en"), "en", "Projects"),
        ("/projects?lang=zh", Some("lang=en"), "zh-CN", "项目列表"),
        ("/projects", Some("lang=klingon"), "zh-CN", "项目列表"),
        ("/projects", None, "zh-CN", "项目列表"),
    ];
    for (uri, cookie, lang, word) in cases {
        let headers: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
        let reply = app.get_with(uri, &headers).await;
        assert_eq!(html_lang(&reply.body), lang, "{uri} {headers:?}");
        assert!(reply.body.contains(word), "{uri} {headers:?}");
    }
    let switch = app.get("/projects?type=bridge").await;
    assert!(
        switch
            .body
            .contains("href=\"/projects?type=bridge&#38;lang=en\"")
    );
}

#[tokio::test]
async fn english_pages_name_types_and_statuses_in_english() {
    let app = seeded().await;
    let project = &app.demo.dossiers[0].project;
    let reply = app.get_with("/projects", &[("cookie", "lang=en")]).await;
    assert!(reply.body.contains(project.project_type.name_en()));
    assert!(reply.body.contains(project.status.name_en()));
    assert!(reply.body.contains("Adjusted budget (10k yuan)"));
}

#[tokio::test]
async fn stylesheet_and_icon_are_served_with_cache_headers() {
    let app: App = seeded().await;
    let css = app.get("/static/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type().starts_with("text/css"));
    assert!(
        css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert!(css.body.contains("Noto Sans CJK SC"));
    assert!(css.body.contains("@media print"));
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.content_type(), "image/svg+xml");
    let home = app.get("/").await;
    assert!(home.body.contains("/static/app.css?v="));
}

#[tokio::test]
async fn the_liveness_probe_answers_ok() {
    let app: App = seeded().await;
    let reply = app.get("/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, "ok");
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_database_failure_shows_a_plain_500_without_internals() {
    let app = seeded().await;
    // A closed pool fails every query the way a lost database would.
    app.store.close().await;
    let page = app.get("/projects").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.body.contains("服务暂时不可用"));
    let api = app.get("/api/v1/portfolio/summary").await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.content_type(), "application/problem+json");
    assert_eq!(
        api.json()["detail"],
        "The server could not complete the request."
    );
    for body in [&page.body, &api.body] {
        let lower = body.to_lowercase();
        assert!(!lower.contains("sqlx") && !lower.contains("pool"), "{body}");
    }
}
