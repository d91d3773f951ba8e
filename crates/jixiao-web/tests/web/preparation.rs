//! Budget preparation through the pages and the API, on SQLite and PostgreSQL: an engineer
//! drafts, justifies and submits a budget; finance returns a line, approves the reworked
//! budget and decides an adjustment; the permission table keeps everyone else out.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use jixiao_core::YearMonth;
use jixiao_core::access::Role;
use jixiao_core::organization::subtree;
use jixiao_core::plan::spread;
use jixiao_core::preparation::approval::Transition;
use jixiao_core::preparation::justification::{Basis, Justification};
use jixiao_core::{Budget, CategoryCode, CostLine, LineCode, Money, OrgCode, Profile, ProjectCode};
use rust_decimal::Decimal;
use serde_json::json;

use crate::backends::for_each_backend;
use crate::{App, PASSWORD_HASH, Reply, Session, api_token, open_session};

/// Stores the demo's complete target set of `code`, with `admin` answering for every indicator,
/// since a budget can only be submitted once its project's targets are complete.
pub async fn complete_targets(app: &App, code: &ProjectCode) {
    let (_, mut targets) = jixiao_demo::target_sets(&app.demo)
        .into_iter()
        .find(|(project, _)| project == code)
        .expect("a demo project");
    for row in &mut targets.indicators {
        row.owner = Some("user:admin".into());
    }
    let stamp = jixiao_store::Stamp::new("demo", chrono::Utc::now());
    app.store.set_targets(code, &targets, &stamp).await.unwrap();
}

/// Starts a one-line budget of `year` for `code`, justified and submitted by `demo`, so that a
/// reviewer can act on it.
pub async fn submitted_budget(app: &App, code: &ProjectCode, year: i32) {
    complete_targets(app, code).await;
    let amount = Money::from_fen(50_000_000);
    let line = CostLine {
        code: LineCode::new("L01").unwrap(),
        name: "路面工程".into(),
        category: CategoryCode::new("building_works").unwrap(),
        amount,
        profile: Profile::Linear,
        plan: spread(amount, &YearMonth::months_of_year(year), Profile::Linear).unwrap(),
    };
    let stamp = jixiao_store::Stamp::new("demo", Utc::now());
    let budget = Budget {
        fiscal_year: year,
        lines: vec![line.clone()],
        adjustments: Vec::new(),
    };
    app.store
        .create_draft_budget(code, &budget, &stamp)
        .await
        .unwrap();
    let justification = Justification {
        necessity: "路面老化".into(),
        basis: Basis::QuantityPrice {
            quantity: Decimal::from(5),
            unit: "km".into(),
            unit_price: Money::from_fen(10_000_000),
        },
        alternatives: "局部修补".into(),
        expected_effect: "路况优良".into(),
        last_year: None,
    };
    app.store
        .set_justification(code, year, &line.code, &justification)
        .await
        .unwrap();
    let submit = Transition::Submit {
        blockers: Vec::new(),
    };
    app.store
        .apply_budget_transition(code, year, submit, &stamp)
        .await
        .unwrap();
}

/// A user of `role` at `org` with an open session.
async fn person(app: &App, username: &str, org: &OrgCode, role: Role) -> Session {
    app.store
        .create_user(
            username,
            username,
            org,
            &[role],
            &PASSWORD_HASH,
            &jixiao_store::Stamp::new("admin", Utc::now()),
        )
        .await
        .unwrap();
    open_session(&app.store, username).await
}

/// Posts `form` (with the session's CSRF token) to a page address as `session`.
async fn post(app: &App, session: &Session, uri: &str, form: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", session.csrf.as_str())];
    all.extend_from_slice(form);
    app.post_form(uri, &all, &[("cookie", session.cookie.as_str())])
        .await
}

/// Sends a JSON request with a bearer token.
async fn api(app: &App, method: &str, uri: &str, token: &str, body: serde_json::Value) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

/// The page at `uri` as `session` sees it.
async fn view(app: &App, session: &Session, uri: String) -> Reply {
    app.get_as(&uri, &[("cookie", session.cookie.as_str())])
        .await
}

/// The adjusted total of the `year` budget of `code`, as stored.
async fn adjusted(app: &App, code: &ProjectCode, year: i32) -> Money {
    let budgets = app.store.budgets(code).await.unwrap();
    budgets
        .into_iter()
        .find(|b| b.fiscal_year == year)
        .unwrap()
        .adjusted_total()
}

/// Asserts a redirect back to the prepare page naming step `done`.
fn redirected(reply: &Reply, done: &str) {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers["location"].to_str().unwrap();
    assert!(location.ends_with(&format!("?done={done}")), "{location}");
}

fn justification_form<'a>(
    line: &'a str,
    quantity: &'a str,
    price: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("line", line),
        ("necessity", "现有道路承载力不足，需改建"),
        ("basis", "quantity_price"),
        ("reference", ""),
        ("quantity", quantity),
        ("unit", "m³"),
        ("price", price),
        ("alternatives", "维持现状将导致病害扩大"),
        ("expected_effect", "通行能力提高一倍"),
    ]
}

#[tokio::test]
async fn a_budget_is_drafted_returned_reworked_approved_locked_and_adjusted() {
    for_each_backend("prepare_workflow", |app, backend| async move {
        let project = app
            .demo
            .dossiers
            .iter()
            .find(|d| d.project.organization == app.engineer_org)
            .unwrap();
        let code = project.project.code.clone();
        complete_targets(&app, &code).await;
        let year = project.budgets.iter().map(|b| b.fiscal_year).max().unwrap() + 1;
        let base = format!("/projects/{code}/budgets/{year}");
        let page = format!("{base}/prepare");
        let engineer = open_session(&app.store, "engineer").await;
        let finance = open_session(&app.store, "finance").await;
        let engineer_token =
            api_token(&app.store, "engineer", Utc::now() + Duration::days(1)).await;
        let finance_token = api_token(&app.store, "finance", Utc::now() + Duration::days(1)).await;

        // A year without a budget offers the draft form; the draft gets two lines.
        let empty = view(&app, &engineer, page.clone()).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.body.contains("新建年度预算草稿"), "{backend:?}");
        let line = |code: &'static str, name: &'static str, amount: &'static str| {
            vec![
                ("line", code),
                ("name", name),
                ("category", "building_works"),
                ("amount", amount),
                ("profile", "s_curve"),
            ]
        };
        let mut first = line("L01", "路基土石方工程", "1250000.00");
        let year_text = year.to_string();
        first.push(("year", &year_text));
        redirected(
            &post(
                &app,
                &engineer,
                &format!("/projects/{code}/budgets"),
                &first,
            )
            .await,
            "created",
        );
        redirected(
            &post(
                &app,
                &engineer,
                &format!("{base}/lines"),
                &line("L02", "桥梁下部结构", "800000"),
            )
            .await,
            "line",
        );

        // Submission is refused while the lines lack their justification, in either language.
        let refused = post(&app, &engineer, &format!("{base}/submit"), &[]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{backend:?}");
        assert!(refused.body.contains("预算不能提交"), "{}", refused.body);
        assert!(refused.body.contains("L02 缺少零基预算论证"));
        let by_api = api(
            &app,
            "POST",
            &format!("/api/v1{base}/transitions"),
            &engineer_token,
            json!({"action": "submit"}),
        )
        .await;
        assert_eq!(by_api.status, StatusCode::CONFLICT);
        assert_eq!(by_api.content_type(), "application/problem+json");
        assert_eq!(by_api.json()["code"], "not_submittable");

        redirected(
            &post(
                &app,
                &engineer,
                &format!("{base}/justification"),
                &justification_form("L01", "12500", "100"),
            )
            .await,
            "justification",
        );
        redirected(
            &post(
                &app,
                &engineer,
                &format!("{base}/justification"),
                &justification_form("L02", "400", "2000"),
            )
            .await,
            "justification",
        );
        let draft = view(&app, &engineer, page.clone()).await;
        assert_eq!(
            draft.body.matches("jbadge-justified").count(),
            4,
            "two rows and two sections"
        );
        assert!(draft.body.contains("草稿"));
        redirected(
            &post(&app, &engineer, &format!("{base}/submit"), &[]).await,
            "submit",
        );

        // Permission cells on the submitted budget: nobody but an approver in reach may act.
        let organizations = app.store.organizations().await.unwrap();
        let outside = organizations
            .iter()
            .find(|o| !subtree(&organizations, &o.code).contains(&project.project.organization))
            .unwrap();
        let outsider = person(&app, "finance-out", &outside.code, Role::Finance).await;
        let auditor = open_session(&app.store, "auditor").await;
        type Cell<'a> = (&'a Session, &'a str, Vec<(&'a str, &'a str)>);
        let cells: [Cell; 4] = [
            (&engineer, "approve", vec![("level", "1")]),
            (&auditor, "approve", vec![("level", "1")]),
            (&outsider, "approve", vec![("level", "1")]),
            (&outsider, "return", vec![("reasons", "越权")]),
        ];
        for (who, step, form) in cells {
            let reply = post(&app, who, &format!("{base}/{step}"), &form).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{backend:?} {step}");
        }
        assert!(
            view(&app, &engineer, page.clone())
                .await
                .body
                .contains("已提交")
        );

        // Finance comments on L02 and returns it with a reason.
        redirected(
            &post(
                &app,
                &finance,
                &format!("{base}/reviews"),
                &[
                    ("line", "L02"),
                    ("comment", "单价高于上年同类工程"),
                    ("returned", "1"),
                ],
            )
            .await,
            "review",
        );
        let missing_reason = post(
            &app,
            &finance,
            &format!("{base}/return"),
            &[("reasons", "  ")],
        )
        .await;
        assert_eq!(missing_reason.status, StatusCode::BAD_REQUEST);
        assert!(missing_reason.body.contains("请至少填写一条理由"));
        redirected(
            &post(
                &app,
                &finance,
                &format!("{base}/return"),
                &[("reasons", "单价偏高，请按定额重新测算"), ("lines", "L02")],
            )
            .await,
            "return",
        );
        let returned = view(&app, &engineer, page.clone()).await;
        assert!(returned.body.contains("已退回"), "{backend:?}");
        assert!(returned.body.contains("单价偏高，请按定额重新测算"));
        assert!(returned.body.contains("单价高于上年同类工程"));
        assert_eq!(
            returned.body.matches("row-returned").count(),
            1,
            "only L02 is marked"
        );
        assert!(
            view(&app, &engineer, format!("{page}?lang=en"))
                .await
                .body
                .contains("Returned for rework")
        );

        // The engineer lowers L02, which breaks its arithmetic until it is justified again.
        redirected(
            &post(
                &app,
                &engineer,
                &format!("{base}/lines"),
                &line("L02", "桥梁下部结构", "760000"),
            )
            .await,
            "line",
        );
        let reworked = view(&app, &engineer, page.clone()).await.body;
        assert!(reworked.contains("测算不符"), "{reworked}");
        redirected(
            &post(
                &app,
                &engineer,
                &format!("{base}/justification"),
                &justification_form("L02", "400", "1900"),
            )
            .await,
            "justification",
        );
        redirected(
            &post(&app, &engineer, &format!("{base}/submit"), &[]).await,
            "submit",
        );
        redirected(
            &post(
                &app,
                &finance,
                &format!("{base}/approve"),
                &[("level", "1")],
            )
            .await,
            "approve",
        );
        let approved = view(&app, &engineer, page.clone()).await;
        assert!(approved.body.contains("已批准"));
        assert!(approved.body.contains("locked-note"));
        let workflow = app
            .get_bearer(&format!("/api/v1{base}/workflow"), &finance_token)
            .await
            .json();
        assert_eq!(workflow["state"], "approved");
        let actions: Vec<&str> = workflow["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["submit", "return", "submit", "approve"]);

        // Locked: editing is refused on the page and over the API.
        let edit = post(
            &app,
            &engineer,
            &format!("{base}/lines"),
            &line("L01", "路基土石方工程", "1"),
        )
        .await;
        assert_eq!(edit.status, StatusCode::CONFLICT);
        assert!(edit.body.contains("不能修改"), "{}", edit.body);
        let put = api(
            &app,
            "PUT",
            &format!("/api/v1{base}/lines/L01"),
            &engineer_token,
            json!({"name": "x", "category": "building_works", "amount": "1", "profile": "linear"}),
        )
        .await;
        assert_eq!(put.status, StatusCode::CONFLICT);
        assert_eq!(put.json()["code"], "not_editable");

        // An adjustment counts only once finance approves it.
        redirected(
            &post(
                &app,
                &engineer,
                &format!("{base}/adjustments"),
                &[
                    ("line", "L01"),
                    ("date", &format!("{year}-06-30")),
                    ("amount", "-50000"),
                    ("reason", "土方量减少"),
                ],
            )
            .await,
            "propose",
        );
        assert_eq!(
            adjusted(&app, &code, year).await,
            Money::from_fen(201_000_000)
        );
        let id = app
            .store
            .adjustment_requests(&code)
            .await
            .unwrap()
            .last()
            .unwrap()
            .id;
        let engineer_decides = post(
            &app,
            &engineer,
            &format!("/projects/{code}/adjustments/{id}/decision"),
            &[("year", &year_text), ("decision", "approve")],
        )
        .await;
        assert_eq!(engineer_decides.status, StatusCode::FORBIDDEN);
        redirected(
            &post(
                &app,
                &finance,
                &format!("/projects/{code}/adjustments/{id}/decision"),
                &[
                    ("year", &year_text),
                    ("decision", "approve"),
                    ("reason", ""),
                ],
            )
            .await,
            "decision",
        );
        assert_eq!(
            adjusted(&app, &code, year).await,
            Money::from_fen(196_000_000)
        );
        let shown = view(&app, &finance, page.clone()).await;
        assert!(shown.body.contains("196.00"), "{backend:?}");
        assert!(shown.body.contains("土方量减少"));
        let again = api(
            &app,
            "POST",
            &format!("/api/v1/projects/{code}/adjustments/{id}/decision"),
            &finance_token,
            json!({"decision": "reject", "reason": "重复"}),
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.json()["code"], "adjustment_decided");
    })
    .await;
}

#[tokio::test]
async fn the_api_walks_a_budget_from_draft_to_approval() {
    for_each_backend("prepare_api", |app, backend| async move {
        let project = app
            .demo
            .dossiers
            .iter()
            .find(|d| d.project.organization == app.engineer_org)
            .unwrap();
        let code = project.project.code.clone();
        let year = 2099;
        submitted_budget(&app, &code, year).await;
        let token = api_token(&app.store, "leader", Utc::now() + Duration::days(1)).await;
        let base = format!("/api/v1/projects/{code}/budgets/{year}");
        let cases = [
            (json!({"action": "approve"}), StatusCode::BAD_REQUEST, None),
            (
                json!({"action": "approve", "level": 2}),
                StatusCode::CONFLICT,
                Some("wrong_level"),
            ),
            (
                json!({"action": "return", "reasons": []}),
                StatusCode::BAD_REQUEST,
                Some("missing_reason"),
            ),
            (json!({"action": "dance"}), StatusCode::BAD_REQUEST, None),
            (
                json!({"action": "approve", "level": 1}),
                StatusCode::OK,
                None,
            ),
            (
                json!({"action": "approve", "level": 2}),
                StatusCode::CONFLICT,
                Some("wrong_state"),
            ),
        ];
        for (body, status, code) in cases {
            let reply = api(
                &app,
                "POST",
                &format!("{base}/transitions"),
                &token,
                body.clone(),
            )
            .await;
            assert_eq!(reply.status, status, "{backend:?} {body}: {}", reply.body);
            if let Some(code) = code {
                assert_eq!(reply.json()["code"], code, "{body}");
            }
        }
        let review = api(
            &app,
            "POST",
            &format!("{base}/lines/L01/reviews"),
            &token,
            json!({"comment": "同意"}),
        )
        .await;
        assert_eq!(review.status, StatusCode::CREATED, "{}", review.body);
        let proposed = api(
            &app,
            "POST",
            &format!("{base}/adjustments"),
            &token,
            json!({"line": "L01", "date": "2099-05-01", "amount": "1000.00", "reason": "材料涨价"}),
        )
        .await;
        assert_eq!(
            proposed.status,
            StatusCode::FORBIDDEN,
            "leaders approve; they do not prepare"
        );
    })
    .await;
}

#[tokio::test]
async fn a_line_carried_over_from_last_year_shows_and_keeps_last_years_outcome() {
    let app = crate::seeded().await;
    let project = app
        .demo
        .dossiers
        .iter()
        .find(|d| d.project.organization == app.engineer_org)
        .unwrap();
    let code = project.project.code.clone();
    let last = project
        .budgets
        .iter()
        .max_by_key(|b| b.fiscal_year)
        .unwrap();
    let year = last.fiscal_year + 1;
    let carried = &last.lines[0];
    let executions = app.store.line_executions(&code).await.unwrap();
    let before = executions
        .iter()
        .find(|e| e.fiscal_year == last.fiscal_year && e.line.code == carried.code)
        .unwrap();
    let engineer = open_session(&app.store, "engineer").await;
    let base = format!("/projects/{code}/budgets/{year}");
    let (line, year_text) = (carried.code.to_string(), year.to_string());
    let first = [
        ("year", year_text.as_str()),
        ("line", line.as_str()),
        ("name", "续建工程"),
        ("category", "building_works"),
        ("amount", "2000"),
        ("profile", "linear"),
    ];
    redirected(
        &post(
            &app,
            &engineer,
            &format!("/projects/{code}/budgets"),
            &first,
        )
        .await,
        "created",
    );
    let page = view(&app, &engineer, format!("{base}/prepare")).await;
    let shown = format!(
        "{}：预算 {} 万元，执行 {} 万元",
        before.line.name,
        crate::wan(before.execution.budget),
        crate::wan(before.execution.executed)
    );
    assert!(page.body.contains(&shown), "{shown} not on the page");
    // The project page marks the year as a draft; the imported years carry no mark.
    let project_page = view(&app, &engineer, format!("/projects/{code}")).await;
    assert_eq!(project_page.body.matches("class=\"status wf-").count(), 1);
    assert!(
        project_page
            .body
            .contains("class=\"status wf-draft\">草稿</span>")
    );

    // A line without a namesake last year shows nothing of the kind.
    let other = [
        ("line", "L99"),
        ("name", "新增工程"),
        ("category", "building_works"),
        ("amount", "100"),
        ("profile", "linear"),
    ];
    redirected(
        &post(&app, &engineer, &format!("{base}/lines"), &other).await,
        "line",
    );
    let page = view(&app, &engineer, format!("{base}/prepare")).await;
    assert!(!page.body.contains("id=\"last-year-L99\""));

    redirected(
        &post(
            &app,
            &engineer,
            &format!("{base}/justification"),
            &justification_form(&line, "2", "1000"),
        )
        .await,
        "justification",
    );
    let stored = app.store.justifications(&code, year).await.unwrap();
    let outcome = stored[0]
        .1
        .last_year
        .clone()
        .expect("last year's outcome is kept");
    assert_eq!(
        (outcome.line_name.as_str(), outcome.budget, outcome.spent),
        (
            before.line.name.as_str(),
            before.execution.budget,
            before.execution.executed
        )
    );
}
