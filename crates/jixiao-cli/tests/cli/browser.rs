//! The served pages as Debian's Chromium renders them, driven over WebDriver against a server
//! running the demo province. Screenshots go to `target/screenshots/`; the rendered text is
//! checked against figures read from the same database.

use jixiao_core::access::{self, Action, Principal, Visibility};
use jixiao_core::{ProjectFilter, organization};
use jixiao_store::Store;

use crate::support::{Server, Workspace};
use crate::webdriver::{self, Browser};

/// The password of every demo account.
const DEMO_PASSWORD: &str = "jixiao-demo";

/// Signs in as demo account `username` through the login form.
pub async fn log_in(browser: &Browser, base: &str, username: &str) {
    browser.open(&format!("{base}/login")).await;
    browser.fill("input[name=username]", username).await;
    browser.fill("input[name=password]", DEMO_PASSWORD).await;
    browser.click("#login-submit").await;
    // The click returns once the old page still has a body; the signed-in page is the one with
    // the logout button.
    browser.wait_for("#logout").await;
    let page = browser.source().await;
    assert!(
        page.contains("id=\"logout\""),
        "{username} is not logged in: {page}"
    );
}

/// Signs out through the button in the top bar.
pub async fn log_out(browser: &Browser) {
    browser.click("#logout").await;
    browser.wait_for("#login-link").await;
    let page = browser.source().await;
    assert!(
        page.contains("id=\"login-link\""),
        "still logged in after logging out"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_home_list_and_project_pages_render_the_demo_province() {
    if !webdriver::available() {
        return;
    }
    let workspace = Workspace::new();
    let server = Server::start_demo(&workspace);
    let base = &server.base_url;
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the server's database opens");
    let browser = Browser::start().await;

    // Anonymous visitors see the public landing page, without figures.
    let landing = browser.open(&format!("{base}/")).await;
    assert!(
        landing.contains("id=\"login-link\""),
        "the landing page has no login link"
    );
    browser.screenshot("landing").await;

    log_in(&browser, base, "admin").await;

    // Home: the province's totals as the store computes them.
    let summary = store
        .portfolio_summary(&ProjectFilter::default())
        .await
        .expect("summary");
    assert!(
        summary.project_count >= 150,
        "the demo has {} projects",
        summary.project_count
    );
    let home = browser.open(&format!("{base}/")).await;
    for text in [
        "预算执行率".to_owned(),
        summary.project_count.to_string(),
        summary.total.budget.format_wan(2),
        summary.total.executed.format_wan(2),
        summary.total.rate_text(),
    ] {
        assert!(home.contains(&text), "the home page lacks {text:?}");
    }
    assert!(home.contains("<svg"), "the home page has no chart");
    browser.screenshot("home").await;

    // List: the first page shows the first projects by code and the total count.
    let list = store
        .list_projects(&ProjectFilter::default(), 1, 20)
        .await
        .expect("list");
    let list_page = browser.open(&format!("{base}/projects")).await;
    let first = &list.items[0];
    for text in [
        first.project.code.to_string(),
        first.project.name.clone(),
        list.total.to_string(),
    ] {
        assert!(list_page.contains(&text), "the project list lacks {text:?}");
    }
    browser.screenshot("projects").await;

    // Project page: its totals, lines and indicators.
    let code = &first.project.code;
    let url = format!("{base}/projects/{code}");
    let page = browser.open(&url).await;
    let lines = store.line_executions(code).await.expect("lines");
    let indicators = store.indicators(code).await.expect("indicators");
    let mut expected = vec![
        first.project.name.clone(),
        first.execution.budget.format_wan(2),
        first.execution.executed.format_wan(2),
    ];
    expected.extend(lines.iter().map(|line| line.line.name.clone()));
    expected.extend(indicators.iter().map(|indicator| indicator.name.clone()));
    for text in expected {
        assert!(page.contains(&text), "the project page lacks {text:?}");
    }
    assert!(page.contains("<svg"), "the project page has no chart");
    browser.screenshot("project").await;

    let english = browser.open(&format!("{url}?lang=en")).await;
    assert!(
        english.contains("Execution rate"),
        "the English page is not in English"
    );
    browser.open(&format!("{url}?lang=zh")).await;
    log_out(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_engineer_sees_only_the_projects_of_their_organization() {
    if !webdriver::available() {
        return;
    }
    let workspace = Workspace::new();
    let server = Server::start_demo(&workspace);
    let base = &server.base_url;
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the server's database opens");
    let browser = Browser::start().await;

    // What the engineer may see, worked out from the core's permission table.
    let engineer = store
        .user("engineer")
        .await
        .expect("the demo engineer exists");
    let organizations = store.organizations().await.expect("organizations");
    let principal = Principal {
        username: engineer.username.clone(),
        organization: engineer.organization.clone(),
        roles: engineer.roles.clone(),
        subtree: organization::subtree(&organizations, &engineer.organization),
    };
    let Visibility::Only(visible) = access::visible_organizations(&principal, Action::ViewProject)
    else {
        panic!("an engineer's view is limited to an organization subtree");
    };
    let filter = ProjectFilter {
        organizations: Some(visible.iter().cloned().collect()),
        ..ProjectFilter::default()
    };
    let own = store
        .list_projects(&filter, 1, 200)
        .await
        .expect("own projects");
    assert!(
        own.total > 0,
        "the demo engineer's organization has no projects"
    );
    let all = store
        .list_projects(&ProjectFilter::default(), 1, 1000)
        .await
        .expect("all");
    let foreign = all
        .items
        .iter()
        .find(|p| !visible.contains(&p.project.organization))
        .expect("some project lies outside the engineer's organization");

    log_in(&browser, base, "engineer").await;
    let list = browser.open(&format!("{base}/projects")).await;
    assert!(
        list.contains(&format!("共 {} 个项目", own.total)),
        "the list shows other projects"
    );
    for summary in own.items.iter().take(20) {
        assert!(
            list.contains(summary.project.code.as_str()),
            "{} missing",
            summary.project.code
        );
    }
    assert!(
        !list.contains(foreign.project.code.as_str()),
        "a foreign project is listed"
    );
    browser.screenshot("engineer-projects").await;

    let refused = browser
        .open(&format!("{base}/projects/{}", foreign.project.code))
        .await;
    assert!(
        refused.contains("403"),
        "another organization's project was not refused"
    );
    assert!(
        refused.contains("view_project"),
        "the refusal does not name the permission"
    );
    assert!(
        !refused.contains(&foreign.project.name),
        "the refused page shows the project"
    );
    browser.screenshot("engineer-forbidden").await;

    log_out(&browser).await;
    let after = browser.open(&format!("{base}/projects")).await;
    assert!(
        browser.url().await.contains("/login"),
        "the list is open after logging out"
    );
    assert!(
        after.contains("name=\"password\""),
        "no login form after logging out"
    );
    browser.close().await;
}
