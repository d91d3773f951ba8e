//! Budget preparation in Debian's Chromium, as the people of the demo province do it: an
//! engineer starts a project's performance targets from the library and prepares a budget
//! with justified lines, finance returns it over one line and then approves it, and an
//! adjustment of the approved figures takes effect only once finance approves it. The
//! printable declaration form, printed through WebDriver, is `declaration`.
//!
//! Every figure the pages show is checked against the same database, read through the store.

mod approved;
mod declaration;
mod targets;

use jixiao_core::preparation::approval::BudgetState;
use jixiao_core::{Budget, LineCode, Money, ProjectCode, ProjectFilter};
use jixiao_store::Store;

use crate::browser::{log_in, log_out};
use crate::support::{Server, Workspace};
use crate::webdriver::{self, Browser};

/// The organization of the demo engineer: 江城市交通运输局.
const ENGINEER_ORGANIZATION: &str = "JT-GL-JC";

/// The line amounts typed into the forms, in 元, each justified as quantity × unit price.
const L01_AMOUNT: &str = "1250000";
const L02_AMOUNT: &str = "300000";
const L02_REWORKED: &str = "360000";
const ADJUSTMENT: &str = "50000";

#[tokio::test(flavor = "multi_thread")]
async fn an_engineer_prepares_targets_and_a_budget_that_finance_returns_approves_and_adjusts() {
    if !webdriver::available() {
        return;
    }
    let workspace = Workspace::new();
    let loaded = workspace.run(&["demo"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the demo database opens");
    let year = last_budget_year(&store).await + 2;

    // Every demo project already carries a full indicator table, so the library would add
    // nothing to it. A fresh project of the engineer's bureau, imported through the CLI with no
    // budget and no indicator, is the honest start: its table fills only from the library. Its
    // period covers the new year, which the monthly plans of its lines are spread over.
    let code = ProjectCode::new(format!("JT-{year}-HW-901")).expect("a valid project code");
    let file = workspace.path("fresh.project.json");
    let project = serde_json::json!({
        "format": "jixiao.project.v1",
        "project": {
            "code": code.as_str(),
            "name": "江城环城北路快速化改造工程",
            "type": "highway",
            "organization": ENGINEER_ORGANIZATION,
            "region": "江城市",
            "status": "planned",
            "start": format!("{}-03-01", year - 1),
            "finish": format!("{}-12-31", year + 1),
        },
        "budgets": [],
    });
    std::fs::write(&file, project.to_string()).expect("the project file is written");
    let imported = workspace.run(&["import", "project", file.to_str().expect("a UTF-8 path")]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(store.targets(&code).await.unwrap().indicators.is_empty());

    // The database already holds the demo, so the server is started without `--demo`.
    let server = Server::start(&workspace, &[]);
    let base = &server.base_url;
    let browser = Browser::start().await;
    log_in(&browser, base, "engineer").await;

    targets::prepare_targets(&browser, base, &store, &code).await;
    let prepare = format!("{base}/projects/{code}/budgets/{year}/prepare");
    prepare_and_submit(&browser, &prepare, &store, &code, year).await;

    // Finance comments on L02, marks it returned and returns the budget naming it.
    log_out(&browser).await;
    log_in(&browser, base, "finance").await;
    browser.open(&prepare).await;
    let review = "#line-L02 form[action$='/reviews']";
    browser
        .fill(
            &format!("{review} input[name=comment]"),
            "勘察设计费单价高于同类项目，请按市场询价重新测算。",
        )
        .await;
    browser
        .click(&format!("{review} input[name=returned]"))
        .await;
    browser
        .click(&format!("{review} button[type=submit]"))
        .await;
    assert!(browser.has("#line-L02 .reviews .review-returned").await);
    let reason = "L02 勘察设计费单价偏高，请重新测算后再报。";
    browser
        .fill(
            "#actions form[action$='/return'] textarea[name=reasons]",
            reason,
        )
        .await;
    browser.click("input[name=lines][value=L02]").await;
    browser.click("#return-budget").await;
    assert_eq!(browser.text("#budget-state").await, "已退回");
    assert!(
        browser.has("#row-L02.row-returned").await,
        "L02 is not marked returned"
    );
    assert!(
        !browser.has("#row-L01.row-returned").await,
        "L01 is marked returned"
    );
    assert!(browser.text("#workflow-history").await.contains(reason));
    let workflow = store.budget_workflow(&code, year).await.unwrap();
    assert_eq!(workflow.state, BudgetState::Returned);
    let returned = workflow.history.last().expect("the return is recorded");
    assert_eq!(returned.lines, vec![LineCode::new("L02").unwrap()]);
    browser.screenshot("prep-returned").await;

    // The engineer reworks L02: a new amount, then a justification that agrees with it.
    log_out(&browser).await;
    log_in(&browser, base, "engineer").await;
    browser.open(&prepare).await;
    let line_form = "#line-L02 form[action$='/lines']";
    browser
        .fill(&format!("{line_form} input[name=amount]"), L02_REWORKED)
        .await;
    browser
        .click(&format!("{line_form} button[type=submit]"))
        .await;
    assert!(
        browser.has("#row-L02 .jbadge-mismatch").await,
        "the old justification still agrees with the new amount"
    );
    let justification = "#line-L02 form[action$='/justification']";
    browser
        .fill(&format!("{justification} input[name=price]"), "120000")
        .await;
    browser
        .click(&format!("{justification} button[type=submit]"))
        .await;
    assert!(
        browser.has("#row-L02 .jbadge-justified").await,
        "L02 is still not justified"
    );
    browser.click("#submit-budget").await;
    assert_eq!(browser.text("#budget-state").await, "已提交");
    let budget = budget_of(&store, &code, year).await;
    let l02 = budget
        .line(&LineCode::new("L02").unwrap())
        .expect("L02 is stored");
    assert_eq!(l02.amount, yuan(L02_REWORKED));
    assert_eq!(
        browser.text("#row-L02 td.num").await,
        l02.amount.format_wan(2)
    );

    // Finance approves at the one level the bureau needs; the figures are then locked.
    log_out(&browser).await;
    log_in(&browser, base, "finance").await;
    browser.open(&prepare).await;
    browser.click("#approve-budget").await;
    assert_eq!(browser.text("#budget-state").await, "已批准");
    assert!(
        browser.has("#locked-note").await,
        "the approved budget is not locked"
    );
    assert!(
        !browser.has("form[action$='/lines']").await,
        "a line form is still offered"
    );
    assert!(!browser.has("#submit-budget").await);
    let workflow = store.budget_workflow(&code, year).await.unwrap();
    assert_eq!(workflow.state, BudgetState::Approved);
    assert_eq!(workflow.level_reached(), 1);
    browser.screenshot("prep-approved").await;

    log_out(&browser).await;
    log_in(&browser, base, "engineer").await;
    approved::refuse_edit_of_approved(&browser, &prepare, &store, &code, year).await;
    approved::adjust(&browser, base, &prepare, &store, &code, year).await;
    log_out(&browser).await;
    browser.close().await;
}

/// Creates the draft of `year` with L01, adds L02, justifies both and submits the budget.
async fn prepare_and_submit(
    browser: &Browser,
    prepare: &str,
    store: &Store,
    code: &ProjectCode,
    year: i32,
) {
    browser.open(prepare).await;
    browser
        .fill("#new-budget input[name=name]", "路基路面工程")
        .await;
    browser
        .select("#new-budget select[name=category]", "building_works")
        .await;
    browser
        .fill("#new-budget input[name=amount]", L01_AMOUNT)
        .await;
    browser
        .select("#new-budget select[name=profile]", "s_curve")
        .await;
    browser.click("#create-draft").await;
    assert_eq!(browser.text("#budget-state").await, "草稿");
    justify(browser, "L01", "2500", "立方米", "500").await;

    assert_eq!(browser.value("#add-line input[name=line]").await, "L02");
    browser
        .fill("#add-line input[name=name]", "勘察设计费")
        .await;
    browser
        .select("#add-line select[name=category]", "survey_and_design")
        .await;
    browser
        .fill("#add-line input[name=amount]", L02_AMOUNT)
        .await;
    browser
        .select("#add-line select[name=profile]", "linear")
        .await;
    browser.click("#add-line button[type=submit]").await;
    justify(browser, "L02", "3", "项", "100000").await;
    browser.screenshot("prep-draft").await;

    browser.click("#submit-budget").await;
    assert_eq!(browser.text("#budget-state").await, "已提交");
    let budget = budget_of(store, code, year).await;
    assert_eq!(budget.lines.len(), 2);
    assert_eq!(budget.original_total(), yuan(L01_AMOUNT) + yuan(L02_AMOUNT));
    let shown = browser.text("#lines tfoot td:nth-of-type(1)").await;
    assert_eq!(shown, budget.original_total().format_wan(2));
    let workflow = store.budget_workflow(code, year).await.unwrap();
    assert_eq!(workflow.state, BudgetState::Submitted);
    browser.screenshot("prep-submitted").await;
}

/// Fills and saves the justification of `line` as quantity × unit price.
async fn justify(browser: &Browser, line: &str, quantity: &str, unit: &str, price: &str) {
    let form = format!("#line-{line} form[action$='/justification']");
    let fields = [
        (
            "textarea[name=necessity]",
            "施工图设计已批复，本年度须完成该部分工程。",
        ),
        ("input[name=quantity]", quantity),
        ("input[name=unit]", unit),
        ("input[name=price]", price),
        (
            "textarea[name=alternatives]",
            "比较了分期实施方案，工期与造价均不占优。",
        ),
        ("textarea[name=expected_effect]", "按期完成年度建设任务。"),
    ];
    browser
        .select(&format!("{form} select[name=basis]"), "quantity_price")
        .await;
    for (field, text) in fields {
        browser.fill(&format!("{form} {field}"), text).await;
    }
    browser.click(&format!("{form} button[type=submit]")).await;
    assert!(
        browser.has(&format!("#row-{line} .jbadge-justified")).await,
        "{line} is not justified: {}",
        browser.text(&format!("#line-{line}")).await
    );
}

/// The last fiscal year any demo project has a budget for.
async fn last_budget_year(store: &Store) -> i32 {
    let projects = store
        .list_projects(&ProjectFilter::default(), 1, 1000)
        .await
        .expect("projects");
    let mut last = None;
    for summary in &projects.items {
        let budgets = store.budgets(&summary.project.code).await.expect("budgets");
        last = last.max(budgets.iter().map(|b| b.fiscal_year).max());
    }
    last.expect("the demo has budgets")
}

/// The stored budget of `year`.
async fn budget_of(store: &Store, code: &ProjectCode, year: i32) -> Budget {
    store
        .budgets(code)
        .await
        .expect("budgets")
        .into_iter()
        .find(|b| b.fiscal_year == year)
        .unwrap_or_else(|| panic!("{code} has no {year} budget"))
}

/// An amount typed in 元.
fn yuan(text: &str) -> Money {
    Money::parse_yuan(text).expect("an amount in 元")
}
