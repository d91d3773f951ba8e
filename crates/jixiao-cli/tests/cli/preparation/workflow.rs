//! `jixiao budget`: a draft justified, submitted, returned, approved and adjusted, and the
//! submissions the workflow refuses.

use jixiao_core::{LineCode, Money, Profile};

use super::{
    CODE, DRAFT, LOGIN, code, complete_targets, failure, jixiao, justification, justify,
    justify_all, project_workspace, snapshot, status, store, success, targets_and_draft, write,
};

#[tokio::test]
async fn a_draft_is_justified_submitted_returned_approved_and_adjusted() {
    let workspace = project_workspace();
    targets_and_draft(&workspace);
    let actor = format!("cli:{LOGIN}");

    // The draft's lines are spread over the ten months of 2026 the project runs in.
    let budgets = store(&workspace).await.budgets(&code()).await.unwrap();
    let draft = budgets.iter().find(|b| b.fiscal_year == 2026).unwrap();
    assert_eq!(draft.lines.len(), 2);
    let l01 = &draft.lines[0];
    assert_eq!(
        (l01.amount, l01.profile),
        (Money::from_yuan(5_000_000), Profile::SCurve)
    );
    assert_eq!(l01.plan.len(), 10);
    assert_eq!(l01.plan.values().copied().sum::<Money>(), l01.amount);
    assert_eq!(draft.lines[1].name, "监理费, 含检测");

    // A justification whose arithmetic disagrees is stored, and the disagreement is shown.
    let problems = justify(&workspace, "L01", &justification("4", "1000000"));
    assert!(
        problems.contains("problem: line L01: quantity times price is 4000000.00 元"),
        "{problems}"
    );
    justify_all(&workspace);

    let submitted = success(jixiao(
        &workspace,
        &["budget", "submit", CODE, "--year", "2026"],
    ));
    assert!(submitted.contains("is now submitted"), "{submitted}");

    let args = [
        "budget",
        "return",
        CODE,
        "--year",
        "2026",
        "--reason",
        "单价偏高",
        "--line",
        "L01",
    ];
    let returned = success(jixiao(&workspace, &args));
    assert!(returned.contains("is now returned"), "{returned}");
    let state = status(&workspace);
    assert_eq!(state["workflow"]["state"], "returned");
    let history = &state["workflow"]["history"];
    assert_eq!(history[1]["action"], "return");
    assert_eq!(history[1]["reasons"], serde_json::json!(["单价偏高"]));
    assert_eq!(history[1]["lines"], serde_json::json!(["L01"]));

    // A returned budget is reworked and goes through again.
    justify_all(&workspace);
    success(jixiao(
        &workspace,
        &["budget", "submit", CODE, "--year", "2026"],
    ));
    let approved = success(jixiao(
        &workspace,
        &["budget", "approve", CODE, "--year", "2026"],
    ));
    assert!(
        approved.contains("is now approved (1 of 1 approvals)"),
        "{approved}"
    );
    let state = status(&workspace);
    let actions: Vec<&str> = state["workflow"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| {
            assert_eq!(record["actor"], actor.as_str());
            record["action"].as_str().unwrap()
        })
        .collect();
    assert_eq!(actions, ["submit", "return", "submit", "approve"]);

    // An approved budget is locked: neither its justifications nor its state move.
    let before = snapshot(&workspace).await;
    let file = write(
        &workspace,
        "late.json",
        &justification("5", "1000000").to_string(),
    );
    let refused = failure(jixiao(
        &workspace,
        &[
            "budget", "justify", CODE, "--year", "2026", "--line", "L01", &file,
        ],
    ));
    assert!(refused.contains("cannot be edited"), "{refused}");
    let again = failure(jixiao(
        &workspace,
        &["budget", "approve", CODE, "--year", "2026"],
    ));
    assert!(again.contains("approved and locked"), "{again}");
    assert_eq!(snapshot(&workspace).await, before);

    // It changes through an adjustment, proposed and then approved.
    let args = [
        "budget",
        "adjust",
        CODE,
        "--year",
        "2026",
        "--line",
        "L01",
        "--amount",
        "-50000",
        "--reason",
        "设计优化",
        "--date",
        "2026-06-30",
    ];
    let proposed = success(jixiao(&workspace, &args));
    let id = proposed
        .split_whitespace()
        .nth(3)
        .and_then(|word| word.trim_end_matches(':').parse::<i64>().ok())
        .unwrap_or_else(|| panic!("no request id in {proposed}"));
    let id = id.to_string();
    let unreasoned = failure(jixiao(
        &workspace,
        &["budget", "decide", CODE, "--request", &id, "--reject"],
    ));
    assert!(
        unreasoned.contains("Give at least one reason"),
        "{unreasoned}"
    );
    let decided = success(jixiao(
        &workspace,
        &["budget", "decide", CODE, "--request", &id, "--approve"],
    ));
    assert!(decided.ends_with("is approved\n"), "{decided}");
    let budgets = store(&workspace).await.budgets(&code()).await.unwrap();
    let adjusted = budgets.iter().find(|b| b.fiscal_year == 2026).unwrap();
    assert_eq!(adjusted.adjusted_total(), Money::from_yuan(5_070_000));
    let line = LineCode::new("L01").unwrap();
    assert_eq!(
        adjusted.adjusted_line(&line),
        Some(Money::from_yuan(4_950_000))
    );

    let report = success(jixiao(
        &workspace,
        &["budget", "status", CODE, "--year", "2026"],
    ));
    assert!(
        report.contains("is approved (1 of 1 approvals)"),
        "{report}"
    );
    assert!(
        report.contains("-50,000.00") && report.contains("设计优化"),
        "{report}"
    );
}

/// A submission the workflow must refuse, and the blocker its refusal must name.
struct Refused {
    what: &'static str,
    /// Breaks the otherwise complete preparation.
    setup: fn(&crate::support::Workspace),
    blocker: &'static str,
    explanation: &'static str,
}

const REFUSED: &[Refused] = &[
    Refused {
        what: "a line without its justification",
        setup: |workspace| {
            justify(workspace, "L01", &justification("5", "1000000"));
        },
        blocker: "L02:missing",
        explanation: "line L02: the line has no justification",
    },
    Refused {
        what: "a line whose arithmetic disagrees with its amount",
        setup: |workspace| {
            justify_all(workspace);
            justify(workspace, "L02", &justification("11", "10000"));
        },
        blocker: "L02:arithmetic_mismatch",
        explanation: "line L02: quantity times price is 110000.00 元",
    },
    Refused {
        what: "an indicator without an owner",
        setup: |workspace| {
            justify_all(workspace);
            let mut targets = complete_targets();
            targets["indicators"][2]["owner"] = serde_json::Value::Null;
            let file = write(workspace, "unowned.json", &targets.to_string());
            success(jixiao(workspace, &["targets", "set", CODE, &file]));
        },
        blocker: "targets:missing_owner",
        explanation: "Indicator defect_rate has no owner",
    },
];

#[tokio::test]
async fn a_submission_is_refused_naming_what_blocks_it_and_nothing_changes() {
    for case in REFUSED {
        let workspace = project_workspace();
        targets_and_draft(&workspace);
        (case.setup)(&workspace);
        let before = snapshot(&workspace).await;
        let refused = failure(jixiao(
            &workspace,
            &["budget", "submit", CODE, "--year", "2026"],
        ));
        assert!(
            refused.contains("The budget cannot be submitted"),
            "{}: {refused}",
            case.what
        );
        assert!(
            refused.contains(&format!("blocker {}", case.blocker)),
            "{}: {refused}",
            case.what
        );
        assert!(
            refused.contains(case.explanation),
            "{}: {refused}",
            case.what
        );
        assert_eq!(snapshot(&workspace).await, before, "{}", case.what);
        assert_eq!(
            status(&workspace)["workflow"]["state"],
            "draft",
            "{}",
            case.what
        );
    }
}

#[test]
fn a_step_the_state_does_not_allow_is_refused_with_the_workflow_message() {
    let workspace = project_workspace();
    let draft = write(&workspace, "draft.csv", DRAFT);
    success(jixiao(
        &workspace,
        &["budget", "draft", CODE, "--year", "2026", &draft],
    ));
    let cases: [(&[&str], &str); 3] = [
        (
            &["approve"],
            "\"Approve\" is not allowed while the budget is \"Draft\"",
        ),
        (
            &["return", "--reason", "重做"],
            "\"Return\" is not allowed while the budget is \"Draft\"",
        ),
        (
            &[
                "adjust", "--line", "L01", "--amount", "1", "--reason", "增加",
            ],
            "\"Propose an adjustment\" is not allowed while the budget is \"Draft\"",
        ),
    ];
    for (step, message) in cases {
        let mut args = vec!["budget", step[0], CODE, "--year", "2026"];
        args.extend_from_slice(&step[1..]);
        let refused = failure(jixiao(&workspace, &args));
        assert!(refused.contains(message), "{step:?}: {refused}");
    }
}

#[test]
fn an_organizations_approval_levels_are_shown_set_and_taken_by_its_next_draft() {
    let workspace = project_workspace();
    let levels = |extra: &[&str]| {
        let mut args = vec!["budget", "levels", "JT-TEST"];
        args.extend_from_slice(extra);
        jixiao(&workspace, &args)
    };
    assert!(success(levels(&[])).contains("JT-TEST: 1"));
    assert!(success(levels(&["--set", "2"])).contains("JT-TEST: 2"));
    for bad in ["3", "0", "two"] {
        let refused = failure(levels(&["--set", bad]));
        assert!(refused.contains("--set"), "{bad}: {refused}");
    }
    let unknown = failure(jixiao(&workspace, &["budget", "levels", "NO-SUCH"]));
    assert!(unknown.contains("NO-SUCH"), "{unknown}");
    assert!(
        success(levels(&[])).contains("JT-TEST: 2"),
        "a refusal changed the setting"
    );

    // The draft started afterwards needs two approvals.
    targets_and_draft(&workspace);
    assert_eq!(status(&workspace)["workflow"]["levels"], "two");
}
