//! Tests of the `approval` rules, in tables: one case per rule and edge.

use chrono::TimeZone;

use super::*;
use crate::preparation::adjustment::{AdjustmentDecision, AdjustmentState, AdjustmentWorkflow};

use BudgetState::{Approved, Draft, Returned, Submitted};

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 10, hour, 0, 0).unwrap()
}

fn submit() -> Transition {
    Transition::Submit {
        blockers: Vec::new(),
    }
}

fn approve(level: u8) -> Transition {
    Transition::Approve { level }
}

fn send_back(reasons: &[&str]) -> Transition {
    Transition::Return {
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
        lines: vec![LineCode::new("L-01").unwrap()],
    }
}

/// A workflow brought to `state` by the steps a real budget takes; `Submitted` with
/// `level_reached` 1 needs two levels.
fn workflow(levels: ApprovalLevels, state: BudgetState, level_reached: u8) -> BudgetWorkflow {
    let mut flow = BudgetWorkflow::new(levels);
    let steps: Vec<(Transition, &str)> = match (state, level_reached) {
        (Draft, _) => vec![],
        (Submitted, 0) => vec![(submit(), "preparer")],
        (Submitted, _) => vec![(submit(), "preparer"), (approve(1), "chief")],
        (Returned, _) => vec![(submit(), "preparer"), (send_back(&["依据不足"]), "chief")],
        (Approved, _) => {
            let mut steps = vec![(submit(), "preparer"), (approve(1), "chief")];
            if levels == ApprovalLevels::Two {
                steps.push((approve(2), "director"));
            }
            steps
        }
    };
    for (hour, (step, actor)) in steps.into_iter().enumerate() {
        flow.apply(step, actor, at(8 + hour as u32)).unwrap();
    }
    assert_eq!((flow.state, flow.level_reached()), (state, level_reached));
    flow
}

#[test]
fn every_transition_from_every_state_is_allowed_or_refused_by_the_rules() {
    use ApprovalLevels::{One, Two};
    use WorkflowAction as A;
    type Outcome = Result<(BudgetState, u8), WorkflowError>;
    let ok = |state, level| -> Outcome { Ok((state, level)) };
    let wrong = |from, action| -> Outcome { Err(WorkflowError::WrongState { from, action }) };
    let level = |expected, given| -> Outcome { Err(WorkflowError::WrongLevel { expected, given }) };
    let same = |actor: &str| -> Outcome {
        Err(WorkflowError::SameApprover {
            actor: actor.into(),
        })
    };
    let no_reason: Outcome = Err(WorkflowError::MissingReason);
    let blocker = "missing_justification".to_owned();
    let blocked = Transition::Submit {
        blockers: vec![blocker.clone()],
    };
    let not_submittable: Outcome = Err(WorkflowError::NotSubmittable {
        problems: vec![blocker],
    });
    #[rustfmt::skip]
    let cases: Vec<(ApprovalLevels, BudgetState, u8, Transition, &str, Outcome)> = vec![
        (One, Draft, 0, submit(), "preparer", ok(Submitted, 0)),
        (One, Draft, 0, blocked.clone(), "preparer", not_submittable.clone()),
        (One, Draft, 0, approve(1), "chief", wrong(Draft, A::Approve)),
        (One, Draft, 0, send_back(&["x"]), "chief", wrong(Draft, A::Return)),
        (One, Submitted, 0, submit(), "preparer", wrong(Submitted, A::Submit)),
        (One, Submitted, 0, approve(1), "chief", ok(Approved, 1)),
        (One, Submitted, 0, approve(2), "chief", level(1, 2)),
        (One, Submitted, 0, send_back(&["单价偏高"]), "chief", ok(Returned, 0)),
        (One, Submitted, 0, send_back(&[]), "chief", no_reason.clone()),
        (One, Submitted, 0, send_back(&["  "]), "chief", no_reason),
        (One, Returned, 0, submit(), "preparer", ok(Submitted, 0)),
        (One, Returned, 0, blocked, "preparer", not_submittable),
        (One, Returned, 0, approve(1), "chief", wrong(Returned, A::Approve)),
        (One, Returned, 0, send_back(&["x"]), "chief", wrong(Returned, A::Return)),
        (One, Approved, 1, submit(), "preparer", wrong(Approved, A::Submit)),
        (One, Approved, 1, approve(2), "director", wrong(Approved, A::Approve)),
        (One, Approved, 1, send_back(&["x"]), "chief", wrong(Approved, A::Return)),
        (Two, Submitted, 0, approve(1), "chief", ok(Submitted, 1)),
        (Two, Submitted, 1, approve(2), "director", ok(Approved, 2)),
        (Two, Submitted, 1, approve(2), "chief", same("chief")),
        (Two, Submitted, 1, approve(1), "director", level(2, 1)),
        (Two, Submitted, 1, send_back(&["概算依据缺失"]), "director", ok(Returned, 0)),
        (Two, Submitted, 1, submit(), "preparer", wrong(Submitted, A::Submit)),
        (Two, Approved, 2, approve(2), "auditor", wrong(Approved, A::Approve)),
        (Two, Approved, 2, send_back(&["x"]), "auditor", wrong(Approved, A::Return)),
    ];
    for (levels, state, level, transition, actor, expected) in cases {
        let mut flow = workflow(levels, state, level);
        let before = flow.clone();
        let label = format!("{levels} {state}@{level} {transition:?} by {actor}");
        let got = flow
            .apply(transition, actor, at(20))
            .map(|()| (flow.state, flow.level_reached()));
        assert_eq!(got, expected, "{label}");
        if got.is_err() {
            assert_eq!(flow, before, "a refused step changes nothing: {label}");
        } else {
            assert_eq!(flow.history.len(), before.history.len() + 1, "{label}");
        }
    }
}

#[test]
fn the_history_records_who_did_what_and_when() {
    let mut flow = workflow(ApprovalLevels::Two, Submitted, 1);
    flow.apply(send_back(&[" 单价无依据 ", ""]), "director", at(15))
        .unwrap();
    let last = flow.history.last().unwrap();
    assert_eq!(
        (
            last.action,
            last.from,
            last.to,
            last.actor.as_str(),
            last.at
        ),
        (
            WorkflowAction::Return,
            Submitted,
            Returned,
            "director",
            at(15)
        )
    );
    assert_eq!(last.reasons, ["单价无依据"]);
    assert_eq!(last.lines, [LineCode::new("L-01").unwrap()]);
    let actions: Vec<_> = flow.history.iter().map(|r| (r.action, r.level)).collect();
    assert_eq!(
        actions,
        [
            (WorkflowAction::Submit, None),
            (WorkflowAction::Approve, Some(1)),
            (WorkflowAction::Return, None),
        ]
    );
}

#[test]
fn a_budget_returned_after_its_first_level_needs_both_levels_again() {
    let mut flow = workflow(ApprovalLevels::Two, Returned, 0);
    flow.apply(submit(), "preparer", at(16)).unwrap();
    flow.apply(approve(1), "director", at(17)).unwrap();
    assert!(!flow.is_locked());
    flow.apply(approve(2), "chief", at(18)).unwrap();
    assert!(flow.is_locked());
    assert_eq!(flow.approvals_so_far, ["director", "chief"]);
}

#[test]
fn adjustments_follow_their_own_rules() {
    let approved = workflow(ApprovalLevels::One, Approved, 1);
    let draft = workflow(ApprovalLevels::One, Draft, 0);
    let propose = |budget: &BudgetWorkflow, reason: &str| {
        AdjustmentWorkflow::propose(budget, reason, "preparer", at(9)).map(|a| a.state)
    };
    assert_eq!(
        propose(&approved, "设计变更"),
        Ok(AdjustmentState::Proposed)
    );
    assert_eq!(propose(&approved, " "), Err(WorkflowError::MissingReason));
    assert_eq!(
        propose(&draft, "设计变更"),
        Err(WorkflowError::WrongState {
            from: Draft,
            action: WorkflowAction::ProposeAdjustment
        })
    );

    let reject = |reason: &str| AdjustmentDecision::Reject {
        reason: reason.to_owned(),
    };
    let cases = [
        (AdjustmentDecision::Approve, Ok(AdjustmentState::Approved)),
        (reject("超出概算"), Ok(AdjustmentState::Rejected)),
        (reject(""), Err(WorkflowError::MissingReason)),
    ];
    for (decision, expected) in cases {
        let mut adjustment =
            AdjustmentWorkflow::propose(&approved, "设计变更", "preparer", at(9)).unwrap();
        let label = format!("{decision:?}");
        let got = adjustment
            .decide(decision, "chief", at(10))
            .map(|()| adjustment.state);
        assert_eq!(got, expected, "{label}");
        let decided = adjustment.decided_by.is_some() && adjustment.decided_at == Some(at(10));
        assert_eq!(decided, got.is_ok(), "{label}");
        if got.is_ok() {
            assert_eq!(
                adjustment.decide(reject("再议"), "chief", at(11)),
                Err(WorkflowError::AdjustmentDecided {
                    state: adjustment.state,
                    action: WorkflowAction::RejectAdjustment
                }),
                "a decision is final: {label}"
            );
        }
    }
}

#[test]
fn every_error_has_a_distinct_code_and_a_message_in_both_languages() {
    let errors = [
        WorkflowError::WrongState {
            from: Approved,
            action: WorkflowAction::Return,
        },
        WorkflowError::AdjustmentDecided {
            state: AdjustmentState::Rejected,
            action: WorkflowAction::ApproveAdjustment,
        },
        WorkflowError::MissingReason,
        WorkflowError::SameApprover {
            actor: "张三".into(),
        },
        WorkflowError::WrongLevel {
            expected: 2,
            given: 1,
        },
        WorkflowError::NotEditable { state: Submitted },
        WorkflowError::NotSubmittable {
            problems: vec!["missing_justification".into()],
        },
    ];
    let codes: std::collections::BTreeSet<_> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), errors.len());
    for error in &errors {
        let (zh, en) = (error.message(true), error.message(false));
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
        assert!(en.is_ascii() || en.contains("张三"), "{en}");
        assert_eq!(error.to_string(), en);
    }
    let locked = errors[0].message(true);
    assert!(locked.contains("预算调整"), "{locked}");
}

#[test]
fn only_a_draft_or_a_returned_budget_may_be_edited() {
    for (state, editable) in [
        (Draft, true),
        (Returned, true),
        (Submitted, false),
        (Approved, false),
    ] {
        let workflow = BudgetWorkflow {
            state,
            ..BudgetWorkflow::new(ApprovalLevels::One)
        };
        let expected = if editable {
            Ok(())
        } else {
            Err(WorkflowError::NotEditable { state })
        };
        assert_eq!(workflow.check_editable(), expected, "{state:?}");
    }
}
