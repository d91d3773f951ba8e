//! The approval workflow of budgets prepared in the application: drafts edited line by line,
//! submission blocked by unjustified lines, returns, one and two approval levels, locked figures,
//! and adjustments approved in their own right.

use jixiao_core::plan::spread;
use jixiao_core::preparation::adjustment::{AdjustmentDecision, AdjustmentState};
use jixiao_core::preparation::approval::{
    ApprovalLevels, BudgetState, Transition, WorkflowAction, WorkflowError,
};
use jixiao_core::preparation::justification::{Basis, Justification};
use jixiao_core::{
    Adjustment, Budget, CategoryCode, CostLine, LineCode, Money, OrgCode, Profile, ProjectCode,
    ProjectFilter, YearMonth,
};
use jixiao_store::{LedgerCheck, Stamp, Store, StoreError};
use rust_decimal::Decimal;

use crate::fixtures::{code, highway, stamp, with_organizations};
use crate::harness::for_each_store;
use crate::people::{at, post};
use crate::targets::{POST, complete_targets};

const YEAR: i32 = 2025;

fn line(code: &str, yuan: i64) -> CostLine {
    let amount = Money::from_fen(yuan * 100);
    CostLine {
        code: LineCode::new(code).unwrap(),
        name: format!("{code} 工程"),
        category: CategoryCode::new("building_works").unwrap(),
        amount,
        profile: Profile::Linear,
        plan: spread(amount, &YearMonth::months_of_year(YEAR), Profile::Linear).unwrap(),
    }
}

/// A justification whose arithmetic gives exactly `yuan`: `yuan` units at 1 元.
fn justified(yuan: i64) -> Justification {
    Justification {
        necessity: "必要".into(),
        basis: Basis::QuantityPrice {
            quantity: Decimal::from(yuan),
            unit: "项".into(),
            unit_price: Money::from_fen(100),
        },
        alternatives: "无".into(),
        expected_effect: "按期完工".into(),
        last_year: None,
    }
}

fn by(actor: &str, hour: u32) -> Stamp {
    Stamp::new(actor, at(&format!("2025-02-01T{hour:02}:00:00Z")))
}

async fn project_with_draft(store: &Store) -> ProjectCode {
    with_organizations(store).await;
    store
        .import_dossier(&highway(), false, &stamp())
        .await
        .unwrap();
    let project = code("G15-001");
    store
        .ensure_posts(&[post(POST, "工程管理岗", "JT-01")])
        .await
        .unwrap();
    complete_targets(store, &project).await;
    let budget = Budget {
        fiscal_year: YEAR,
        lines: vec![line("L01", 1_000), line("L02", 500)],
        adjustments: Vec::new(),
    };
    store
        .create_draft_budget(&project, &budget, &by("engineer", 1))
        .await
        .unwrap();
    project
}

fn refusal(result: Result<impl std::fmt::Debug, StoreError>) -> WorkflowError {
    match result {
        Err(StoreError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn a_budget_goes_from_draft_through_a_return_to_approval_and_is_then_locked() {
    for_each_store("workflow_one_level", |store| async move {
        let project = project_with_draft(&store).await;
        let l01 = LineCode::new("L01").unwrap();
        let l02 = LineCode::new("L02").unwrap();
        let workflow = store.budget_workflow(&project, YEAR).await.unwrap();
        assert_eq!(workflow.state, BudgetState::Draft);

        // Unjustified lines block submission, and the refusal says which.
        let submit = || Transition::Submit {
            blockers: Vec::new(),
        };
        let refused = refusal(
            store
                .apply_budget_transition(&project, YEAR, submit(), &by("engineer", 2))
                .await,
        );
        assert_eq!(
            refused,
            WorkflowError::NotSubmittable {
                problems: vec!["L01:missing".into(), "L02:missing".into()],
            }
        );
        store
            .set_justification(&project, YEAR, &l01, &justified(1_000))
            .await
            .unwrap();
        // Arithmetic that disagrees with the amount blocks it too.
        store
            .set_justification(&project, YEAR, &l02, &justified(499))
            .await
            .unwrap();
        let refused = refusal(
            store
                .apply_budget_transition(&project, YEAR, submit(), &by("engineer", 2))
                .await,
        );
        assert_eq!(
            refused,
            WorkflowError::NotSubmittable {
                problems: vec!["L02:arithmetic_mismatch".into()],
            }
        );
        store
            .set_justification(&project, YEAR, &l02, &justified(500))
            .await
            .unwrap();
        store
            .apply_budget_transition(&project, YEAR, submit(), &by("engineer", 3))
            .await
            .unwrap();
        // Under review the figures cannot change.
        let refused = refusal(
            store
                .set_draft_line(&project, YEAR, &line("L02", 450), &by("engineer", 4))
                .await,
        );
        assert_eq!(
            refused,
            WorkflowError::NotEditable {
                state: BudgetState::Submitted
            }
        );

        let back = Transition::Return {
            reasons: vec!["征地单价偏高".into()],
            lines: vec![l02.clone()],
        };
        let returned = store
            .apply_budget_transition(&project, YEAR, back, &by("finance", 5))
            .await
            .unwrap();
        assert_eq!(returned.state, BudgetState::Returned);
        store
            .set_draft_line(&project, YEAR, &line("L02", 450), &by("engineer", 6))
            .await
            .unwrap();
        store
            .set_justification(&project, YEAR, &l02, &justified(450))
            .await
            .unwrap();
        store
            .apply_budget_transition(&project, YEAR, submit(), &by("engineer", 7))
            .await
            .unwrap();
        let approved = store
            .apply_budget_transition(
                &project,
                YEAR,
                Transition::Approve { level: 1 },
                &by("finance", 8),
            )
            .await
            .unwrap();
        assert_eq!(approved.state, BudgetState::Approved);
        assert_eq!(
            store.budget_workflow(&project, YEAR).await.unwrap(),
            approved
        );
        let steps: Vec<(WorkflowAction, &str)> = approved
            .history
            .iter()
            .map(|record| (record.action, record.actor.as_str()))
            .collect();
        assert_eq!(
            steps,
            [
                (WorkflowAction::Submit, "engineer"),
                (WorkflowAction::Return, "finance"),
                (WorkflowAction::Submit, "engineer"),
                (WorkflowAction::Approve, "finance"),
            ]
        );
        assert_eq!(approved.history[1].lines, vec![l02.clone()]);
        assert_eq!(approved.history[1].reasons, vec!["征地单价偏高".to_owned()]);

        // Approved figures are locked, and the amounts are the ones approved.
        let refused = refusal(
            store
                .set_draft_line(&project, YEAR, &line("L02", 1), &by("engineer", 9))
                .await,
        );
        assert_eq!(
            refused,
            WorkflowError::NotEditable {
                state: BudgetState::Approved
            }
        );
        let budgets = store.budgets(&project).await.unwrap();
        let budget = budgets.iter().find(|b| b.fiscal_year == YEAR).unwrap();
        let amounts: Vec<i64> = budget.lines.iter().map(|l| l.amount.fen()).collect();
        assert_eq!(amounts, [100_000, 45_000]);
        assert!(matches!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Intact { .. }
        ));
        let states: Vec<String> = store
            .project_history(&project, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|entry| entry.entry.kind == "budget_state")
            .map(|entry| {
                let state = entry
                    .entry
                    .content
                    .iter()
                    .find(|(k, _)| k == "state")
                    .unwrap();
                format!("{} {}", entry.entry.actor, state.1)
            })
            .collect();
        assert_eq!(
            states,
            [
                "finance approved",
                "engineer submitted",
                "finance returned",
                "engineer submitted",
                "engineer draft",
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn two_levels_need_two_different_approvers() {
    for_each_store("workflow_two_levels", |store| async move {
        with_organizations(&store).await;
        let jt01 = OrgCode::new("JT-01").unwrap();
        assert_eq!(
            store.approval_levels(&jt01).await.unwrap(),
            ApprovalLevels::One
        );
        store
            .set_approval_levels(&jt01, ApprovalLevels::Two)
            .await
            .unwrap();
        assert_eq!(
            store.approval_levels(&jt01).await.unwrap(),
            ApprovalLevels::Two
        );
        let unknown = store
            .approval_levels(&OrgCode::new("NO-SUCH").unwrap())
            .await;
        assert!(
            matches!(unknown, Err(StoreError::NotFound { .. })),
            "{unknown:?}"
        );
        let missing = store
            .set_approval_levels(&OrgCode::new("NO-SUCH").unwrap(), ApprovalLevels::Two)
            .await;
        assert!(
            matches!(missing, Err(StoreError::NotFound { .. })),
            "{missing:?}"
        );
        let project = project_with_draft(&store).await;
        for (line, yuan) in [("L01", 1_000), ("L02", 500)] {
            let line = LineCode::new(line).unwrap();
            store
                .set_justification(&project, YEAR, &line, &justified(yuan))
                .await
                .unwrap();
        }
        let step = |transition, actor: &'static str, hour| {
            let store = store.clone();
            let project = project.clone();
            async move {
                store
                    .apply_budget_transition(&project, YEAR, transition, &by(actor, hour))
                    .await
            }
        };
        step(
            Transition::Submit {
                blockers: Vec::new(),
            },
            "engineer",
            1,
        )
        .await
        .unwrap();
        let first = step(Transition::Approve { level: 1 }, "finance", 2)
            .await
            .unwrap();
        assert_eq!(
            (first.state, first.level_reached()),
            (BudgetState::Submitted, 1)
        );
        let again = refusal(step(Transition::Approve { level: 2 }, "finance", 3).await);
        assert_eq!(
            again,
            WorkflowError::SameApprover {
                actor: "finance".into()
            }
        );
        let second = step(Transition::Approve { level: 2 }, "leader", 4)
            .await
            .unwrap();
        assert_eq!(second.state, BudgetState::Approved);
        assert_eq!(second.approvals_so_far, ["finance", "leader"]);
    })
    .await;
}

#[tokio::test]
async fn an_adjustment_goes_through_its_own_approval_before_it_counts() {
    for_each_store("workflow_adjustment", |store| async move {
        let project = project_with_draft(&store).await;
        let adjustment = Adjustment {
            date: "2025-06-01".parse().unwrap(),
            line: LineCode::new("L01").unwrap(),
            amount: Money::from_fen(20_000),
            reason: "设计变更增加挡墙".into(),
        };
        // A budget still in preparation is edited, not adjusted.
        let early = refusal(
            store
                .propose_adjustment(&project, YEAR, &adjustment, &by("engineer", 1))
                .await,
        );
        assert!(
            matches!(early, WorkflowError::WrongState { .. }),
            "{early:?}"
        );

        // The imported 2023 budget counts as approved and takes adjustments.
        let imported = store.budget_workflow(&project, 2023).await.unwrap();
        assert_eq!(imported.state, BudgetState::Approved);
        let adjusted_total = |budgets: Vec<Budget>, year| {
            budgets
                .into_iter()
                .find(|b| b.fiscal_year == year)
                .map(|b| b.adjustments.iter().map(|a| a.amount.fen()).sum::<i64>())
                .unwrap()
        };
        let before = adjusted_total(store.budgets(&project).await.unwrap(), 2023);
        let mut for_2023 = adjustment.clone();
        for_2023.date = "2023-11-01".parse().unwrap();
        let unexplained = Adjustment {
            reason: "  ".into(),
            ..for_2023.clone()
        };
        let refused = refusal(
            store
                .propose_adjustment(&project, 2023, &unexplained, &by("engineer", 2))
                .await,
        );
        assert_eq!(refused, WorkflowError::MissingReason);
        let id = store
            .propose_adjustment(&project, 2023, &for_2023, &by("engineer", 3))
            .await
            .unwrap();
        assert_eq!(
            adjusted_total(store.budgets(&project).await.unwrap(), 2023),
            before,
            "a proposal changes nothing yet"
        );
        let rejected_without_reason = refusal(
            store
                .decide_adjustment(
                    &project,
                    id,
                    AdjustmentDecision::Reject {
                        reason: String::new(),
                    },
                    &by("finance", 4),
                )
                .await,
        );
        assert_eq!(rejected_without_reason, WorkflowError::MissingReason);
        let decided = store
            .decide_adjustment(&project, id, AdjustmentDecision::Approve, &by("finance", 5))
            .await
            .unwrap();
        assert_eq!(decided.workflow.state, AdjustmentState::Approved);
        assert_eq!(decided.workflow.decided_by.as_deref(), Some("finance"));
        assert_eq!(
            adjusted_total(store.budgets(&project).await.unwrap(), 2023),
            before + 20_000
        );
        let twice = refusal(
            store
                .decide_adjustment(&project, id, AdjustmentDecision::Approve, &by("leader", 6))
                .await,
        );
        assert!(
            matches!(twice, WorkflowError::AdjustmentDecided { .. }),
            "{twice:?}"
        );
        assert_eq!(
            store.adjustment_requests(&project).await.unwrap(),
            vec![decided]
        );
        assert!(matches!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Intact { .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn a_budget_counts_in_execution_figures_only_once_approved() {
    for_each_store("workflow_counts", |store| async move {
        let project = project_with_draft(&store).await;
        let draft_total = Money::from_fen(150_000);
        let filter = ProjectFilter::default();
        let year_row = |summary: &jixiao_core::PortfolioSummary| {
            summary
                .by_year
                .iter()
                .find(|(year, _)| *year == YEAR)
                .map(|(_, execution)| execution.budget)
        };
        let before = store.portfolio_summary(&filter).await.unwrap();
        let listed = |store: Store| async move {
            let page = store
                .list_projects(&ProjectFilter::default(), 1, 50)
                .await
                .unwrap();
            page.items
                .into_iter()
                .find(|p| p.project.code.as_str() == "G15-001")
                .unwrap()
        };
        let listed_before = listed(store.clone()).await.execution.budget;
        let monthly_before = store.project_monthly(&project).await.unwrap();

        // Submitted is still a request: nothing of it is counted.
        let submit = Transition::Submit {
            blockers: Vec::new(),
        };
        for (line, yuan) in [("L01", 1_000), ("L02", 500)] {
            store
                .set_justification(
                    &project,
                    YEAR,
                    &LineCode::new(line).unwrap(),
                    &justified(yuan),
                )
                .await
                .unwrap();
        }
        store
            .apply_budget_transition(&project, YEAR, submit, &by("engineer", 2))
            .await
            .unwrap();
        let submitted = store.portfolio_summary(&filter).await.unwrap();
        assert_eq!(submitted.total, before.total);
        assert_eq!(
            year_row(&submitted).unwrap_or(Money::ZERO),
            year_row(&before).unwrap_or(Money::ZERO)
        );
        assert_eq!(
            store.project_monthly(&project).await.unwrap(),
            monthly_before
        );

        store
            .apply_budget_transition(
                &project,
                YEAR,
                Transition::Approve { level: 1 },
                &by("finance", 3),
            )
            .await
            .unwrap();
        let approved = store.portfolio_summary(&filter).await.unwrap();
        assert_eq!(approved.total.budget, before.total.budget + draft_total);
        assert_eq!(
            year_row(&approved).unwrap(),
            year_row(&before).unwrap_or(Money::ZERO) + draft_total
        );
        assert_eq!(
            listed(store.clone()).await.execution.budget,
            listed_before + draft_total
        );
        let planned: Money = store
            .project_monthly(&project)
            .await
            .unwrap()
            .iter()
            .map(|p| p.planned)
            .sum();
        let planned_before: Money = monthly_before.iter().map(|p| p.planned).sum();
        assert_eq!(planned, planned_before + draft_total);
    })
    .await;
}
