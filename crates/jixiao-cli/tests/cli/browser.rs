//! The three main pages rendered by headless Chromium from a server running the demo province:
//! each is screenshotted (into `target/screenshots/`) and its rendered text is checked against
//! figures read from the same database.

use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao_core::{ProjectCode, ProjectFilter};
use jixiao_store::Store;

use crate::support::{Server, Workspace};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether this run may skip for lack of a browser; under `CI=true` it may not.
fn chromium_available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{CHROMIUM} is missing: CI must install Debian's chromium"
    );
    eprintln!("skipping the browser test: {CHROMIUM} is not installed");
    false
}

/// Runs headless Chromium with the flags a closed network needs.
fn chromium(profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--lang=zh-CN",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

/// The page's DOM after rendering.
fn rendered_dom(profile: &Path, url: &str) -> String {
    let output = chromium(profile, &["--dump-dom", url]);
    assert!(output.status.success(), "chromium failed on {url}");
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

/// Takes a full-width screenshot and checks it is a real PNG of some size.
fn screenshot(profile: &Path, url: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let file = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&file);
    let output = chromium(
        profile,
        &[
            "--window-size=1366,2200",
            &format!("--screenshot={}", file.display()),
            url,
        ],
    );
    assert!(
        output.status.success(),
        "chromium could not screenshot {url}"
    );
    let bytes = std::fs::read(&file).expect("the screenshot was written");
    assert!(bytes.starts_with(b"\x89PNG"), "{name} is not a PNG");
    assert!(
        bytes.len() > 20_000,
        "{name} is suspiciously small: {} bytes",
        bytes.len()
    );
    file
}

#[tokio::test(flavor = "multi_thread")]
async fn the_home_list_and_project_pages_render_the_demo_province_in_chromium() {
    if !chromium_available() {
        return;
    }
    let workspace = Workspace::new();
    let server = Server::start_demo(&workspace);
    let profile = tempfile::tempdir().expect("a browser profile folder");
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the server's database opens");

    // Home: the portfolio totals the store computes appear as the page shows them.
    let summary = store
        .portfolio_summary(&ProjectFilter::default())
        .await
        .expect("summary");
    assert!(
        summary.project_count >= 150,
        "the demo has {} projects",
        summary.project_count
    );
    let home = rendered_dom(profile.path(), &format!("{}/", server.base_url));
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
    screenshot(profile.path(), &format!("{}/", server.base_url), "home");

    // List: the first page shows the first projects by code and the total count.
    let list = store
        .list_projects(&ProjectFilter::default(), 1, 20)
        .await
        .expect("list");
    let list_dom = rendered_dom(profile.path(), &format!("{}/projects", server.base_url));
    let first = &list.items[0];
    for text in [
        first.project.code.to_string(),
        first.project.name.clone(),
        list.total.to_string(),
    ] {
        assert!(list_dom.contains(&text), "the project list lacks {text:?}");
    }
    screenshot(
        profile.path(),
        &format!("{}/projects", server.base_url),
        "projects",
    );

    // Project page: its lines, totals and indicators.
    let code: &ProjectCode = &first.project.code;
    let url = format!("{}/projects/{code}", server.base_url);
    let page = rendered_dom(profile.path(), &url);
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
    screenshot(profile.path(), &url, "project");

    // The same page in English.
    let english = rendered_dom(profile.path(), &format!("{url}?lang=en"));
    assert!(
        english.contains("Execution rate"),
        "the English page is not in English"
    );
}
