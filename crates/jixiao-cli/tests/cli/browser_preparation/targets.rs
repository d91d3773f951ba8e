//! The performance targets step of the preparation walk: the table started from the library,
//! cut down to four indicators in the form, and saved complete.

use jixiao_core::preparation::target::validate;
use jixiao_core::{Level2, ProjectCode, ProjectType};
use jixiao_store::Store;
use rust_decimal::Decimal;

use crate::webdriver::Browser;

/// Starts the targets of `code` from the library, keeps the four indicators that cover
/// schedule, cost, quality and the quantity built, weighs them 90 with an owner each, and
/// saves a complete set.
pub async fn prepare_targets(browser: &Browser, base: &str, store: &Store, code: &ProjectCode) {
    let library = store
        .indicator_templates(Some(ProjectType::Highway))
        .await
        .expect("the highway library");
    let pick = |level2: Level2| {
        library
            .iter()
            .find(|template| template.level2 == level2)
            .unwrap_or_else(|| panic!("the highway library has no {level2:?} template"))
    };
    // Weights that differ from the library's, so that the save is seen to take the typed ones.
    let kept = [
        (pick(Level2::Timeliness), "20"),
        (pick(Level2::OutputCost), "20"),
        (pick(Level2::Quality), "25"),
        (pick(Level2::Quantity), "25"),
    ];
    assert!(
        library.len() > kept.len(),
        "the library offers nothing to remove"
    );

    browser
        .open(&format!("{base}/projects/{code}/targets"))
        .await;
    browser.click("#start-from-library").await;
    let table = browser.text("#target-table").await;
    for template in &library {
        assert!(
            table.contains(&template.name),
            "the library did not add {}",
            template.name
        );
    }
    browser.screenshot("prep-targets-library").await;

    // The form lists the library's rows, then an empty one for a new indicator.
    let form = "#target-form";
    for index in 0..library.len() {
        let row_code = browser
            .value(&format!("{form} input[name=code_{index}]"))
            .await;
        let Some((template, weight)) = kept.iter().find(|(t, _)| t.code.as_str() == row_code)
        else {
            browser
                .click(&format!("{form} input[name=remove_{index}]"))
                .await;
            continue;
        };
        browser
            .fill(&format!("{form} input[name=weight_{index}]"), weight)
            .await;
        let target = format!("{form} input[name=target_{index}]");
        if browser.value(&target).await.trim().is_empty() {
            assert!(template.default_target.is_none());
            browser.fill(&target, "12").await;
        }
        browser
            .select(
                &format!("{form} select[name=owner_{index}]"),
                "user:engineer",
            )
            .await;
    }
    browser
        .fill(
            "#overall-goal-input",
            "建成双向六车道城市快速路，缓解环城北路交通拥堵。",
        )
        .await;
    browser
        .fill(&format!("{form} input[name=execution_weight]"), "10")
        .await;
    browser.click("#save-targets").await;

    assert!(
        browser.has("#targets-complete").await,
        "{}",
        browser.source().await
    );
    let stored = store.targets(code).await.expect("the saved targets");
    assert!(validate(ProjectType::Highway, &stored).is_empty());
    assert_eq!(stored.indicators.len(), kept.len());
    let weights: Decimal = stored.indicators.iter().map(|r| r.indicator.weight).sum();
    assert_eq!(weights + stored.execution_weight, Decimal::ONE_HUNDRED);
    let rows = browser
        .execute(
            "return document.querySelectorAll('#target-table tbody tr').length;",
            Vec::new(),
        )
        .await;
    assert_eq!(rows, serde_json::json!(kept.len()));
    for (template, weight) in &kept {
        let row = stored
            .indicators
            .iter()
            .find(|row| row.indicator.code == template.code)
            .unwrap_or_else(|| panic!("{} was not kept", template.code));
        assert_eq!(row.indicator.weight, weight.parse::<Decimal>().unwrap());
        assert_eq!(row.owner.as_deref(), Some("user:engineer"));
        let shown = browser.text(&format!("#indicator-{}", template.code)).await;
        assert!(shown.contains(&template.name), "{shown}");
    }
    browser.screenshot("prep-targets-saved").await;
}
