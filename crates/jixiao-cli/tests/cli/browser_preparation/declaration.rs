//! The printable declaration form (绩效目标申报表) printed on A4 through WebDriver's Print Page
//! command, and read back as a PDF: its page count and its text.

use std::path::Path;

use jixiao_core::ProjectFilter;
use jixiao_core::preparation::target::validate;
use jixiao_store::Store;

use crate::browser::{log_in, log_out};
use crate::support::{Server, Workspace};
use crate::webdriver::{self, Browser};

#[tokio::test(flavor = "multi_thread")]
async fn the_printed_declaration_form_of_ten_indicators_fits_one_a4_page() {
    if !webdriver::available() {
        return;
    }
    let workspace = Workspace::new();
    let server = Server::start_demo(&workspace);
    let base = &server.base_url;
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the server's database opens");

    // The first project, by code, whose complete target set has ten indicators.
    let projects = store
        .list_projects(&ProjectFilter::default(), 1, 1000)
        .await
        .expect("projects");
    let mut chosen = None;
    for summary in &projects.items {
        let project = &summary.project;
        let targets = store.targets(&project.code).await.expect("targets");
        if targets.indicators.len() == 10 && validate(project.project_type, &targets).is_empty() {
            chosen = Some((project.clone(), targets));
            break;
        }
    }
    let (project, targets) = chosen.expect("some demo project has ten complete indicators");

    let browser = Browser::start().await;
    log_in(&browser, base, "admin").await;
    let page = browser
        .open(&format!("{base}/projects/{}/targets/form", project.code))
        .await;
    assert_eq!(browser.text("#form-project").await, project.name);
    for row in &targets.indicators {
        assert!(
            page.contains(&row.indicator.name),
            "the form lacks {}",
            row.indicator.name
        );
    }
    browser.screenshot("declaration").await;

    let pdf = browser.print_a4().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    std::fs::write(dir.join("declaration.pdf"), &pdf).expect("the PDF is saved");
    let document = lopdf::Document::load_mem(&pdf).expect("Chromium prints a readable PDF");
    let pages = document.get_pages();
    assert_eq!(
        pages.len(),
        1,
        "the declaration of {} indicators takes {} A4 pages",
        targets.indicators.len(),
        pages.len()
    );
    // The text layer holds the form itself, not just the page's chrome.
    let text: String = document
        .extract_text(&[1])
        .expect("the page's text")
        .split_whitespace()
        .collect();
    for expected in std::iter::once(&project.name)
        .chain(targets.indicators.iter().map(|row| &row.indicator.name))
    {
        let wanted: String = expected.split_whitespace().collect();
        assert!(
            text.contains(&wanted),
            "the printed page lacks {expected}: {text}"
        );
    }
    log_out(&browser).await;
    browser.close().await;
}
