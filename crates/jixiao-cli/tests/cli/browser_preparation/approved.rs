//! The approved budget of the preparation walk: figures that refuse a direct edit, and an
//! adjustment that moves the adjusted budget only once finance approves it.

use jixiao_core::preparation::approval::{BudgetState, WorkflowError};
use jixiao_core::{LineCode, ProjectCode};
use jixiao_store::Store;

use super::{ADJUSTMENT, budget_of, yuan};
use crate::browser::{log_in, log_out};
use crate::webdriver::Browser;

/// Posts a new L01 amount to the lines route of the approved budget, as a stale form or a
/// hand-made request would, and checks that it is refused and nothing changed.
pub async fn refuse_edit_of_approved(
    browser: &Browser,
    prepare: &str,
    store: &Store,
    code: &ProjectCode,
    year: i32,
) {
    let before = budget_of(store, code, year).await;
    browser.open(prepare).await;
    let action = format!("/projects/{code}/budgets/{year}/lines");
    let fields = serde_json::json!({
        "line": "L01",
        "name": "路基路面工程",
        "category": "building_works",
        "amount": "1",
        "profile": "s_curve",
    });
    browser
        .execute(
            "const form = document.createElement('form');
             form.method = 'post';
             form.action = arguments[0];
             const fields = Object.assign(
                 { csrf: document.querySelector('input[name=csrf]').value }, arguments[1]);
             for (const [name, value] of Object.entries(fields)) {
                 const input = document.createElement('input');
                 input.type = 'hidden';
                 input.name = name;
                 input.value = value;
                 form.appendChild(input);
             }
             document.body.appendChild(form);
             form.submit();",
            vec![serde_json::json!(action), fields],
        )
        .await;
    browser.wait_for("#prepare-notice").await;
    let notice = browser.text("#prepare-notice").await;
    let refusal = WorkflowError::NotEditable {
        state: BudgetState::Approved,
    };
    assert!(
        notice.contains(&refusal.message(true)),
        "the edit was not refused: {notice}"
    );
    assert!(browser.has("#locked-note").await);
    assert_eq!(
        budget_of(store, code, year).await,
        before,
        "the approved budget changed"
    );
}

/// The engineer proposes an adjustment of L01; the adjusted budget moves only once finance
/// approves it, and then by exactly the amount proposed.
pub async fn adjust(
    browser: &Browser,
    base: &str,
    prepare: &str,
    store: &Store,
    code: &ProjectCode,
    year: i32,
) {
    let approved = budget_of(store, code, year).await;
    let adjusted_shown = "#lines tfoot td:nth-of-type(2)";
    browser.open(prepare).await;
    assert_eq!(
        browser.text(adjusted_shown).await,
        approved.adjusted_total().format_wan(2)
    );
    let form = "#adjustments form[action$='/adjustments']";
    browser
        .select(&format!("{form} select[name=line]"), "L01")
        .await;
    browser
        .fill(&format!("{form} input[name=amount]"), ADJUSTMENT)
        .await;
    browser
        .fill(
            &format!("{form} input[name=reason]"),
            "K3+200 至 K3+650 段增加软基处理",
        )
        .await;
    browser.click("#propose-adjustment").await;

    let requests = store.adjustment_requests(code).await.expect("requests");
    let [request] = requests.as_slice() else {
        panic!("one adjustment request was expected: {requests:?}");
    };
    assert_eq!(request.adjustment.amount, yuan(ADJUSTMENT));
    assert!(request.workflow.decided_by.is_none(), "decided on proposal");
    assert!(browser.has(&format!("#adjustment-{}", request.id)).await);
    let pending = budget_of(store, code, year).await;
    assert_eq!(
        pending.adjusted_total(),
        approved.adjusted_total(),
        "moved before approval"
    );
    assert_eq!(
        browser.text(adjusted_shown).await,
        approved.adjusted_total().format_wan(2)
    );
    browser.screenshot("prep-adjustment-proposed").await;

    log_out(browser).await;
    log_in(browser, base, "finance").await;
    browser.open(prepare).await;
    let decision = format!(
        "#adjustment-{} button[name=decision][value=approve]",
        request.id
    );
    browser.click(&decision).await;
    let adjusted = budget_of(store, code, year).await;
    assert_eq!(adjusted.original_total(), approved.original_total());
    assert_eq!(
        adjusted.adjusted_total(),
        approved.adjusted_total() + yuan(ADJUSTMENT),
        "the approved adjustment did not move the budget by its amount"
    );
    assert_eq!(
        browser.text(adjusted_shown).await,
        adjusted.adjusted_total().format_wan(2)
    );
    let l01 = LineCode::new("L01").unwrap();
    let row = browser.text("#row-L01 td.num:nth-of-type(5)").await;
    let line = adjusted.adjusted_line(&l01).expect("L01 is stored");
    assert_eq!(row, line.format_wan(2));
    browser.screenshot("prep-adjustment-approved").await;
}
