//! Performance targets in storage: goals and the indicator table round-trip with their owners,
//! indicators with readings keep them and cannot be dropped, bad rows are refused without a
//! trace, and a budget cannot be submitted while its project's targets break a rule.

use jixiao_core::preparation::approval::{Transition, WorkflowError};
use jixiao_core::preparation::target::{
    Frequency, TargetIndicator, TargetSet, TargetStandard, validate,
};
use jixiao_core::{Budget, Direction, Indicator, IndicatorCode, Level2, ProjectCode, ProjectType};
use jixiao_store::{LedgerCheck, LedgerProblem, Store, StoreError};
use rust_decimal::Decimal;
use sqlx::{AnyConnection, Connection, Executor};

use crate::fixtures::{code, highway, stamp, with_organizations};
use crate::harness::{for_each_backend, for_each_store};
use crate::people::post;

/// The engineering post of the highway fixture's organization, owner of every indicator.
pub const POST: &str = "JT-01-ENG";

/// Stores the highway fixture and the post that answers for its targets.
async fn highway_with_post(store: &Store) -> ProjectCode {
    with_organizations(store).await;
    store
        .import_dossier(&highway(), false, &stamp())
        .await
        .unwrap();
    store
        .ensure_posts(&[post(POST, "工程管理岗", "JT-01")])
        .await
        .unwrap();
    code("G15-001")
}

/// A quality indicator, which the highway fixture lacks.
fn quality(weight: &str) -> TargetIndicator {
    TargetIndicator {
        indicator: Indicator {
            code: IndicatorCode::new("QUA-01").unwrap(),
            level1: Level2::Quality.parent(),
            level2: Level2::Quality,
            name: "分项工程一次验收合格率".into(),
            direction: Direction::AtLeast,
            target: Some(Decimal::from(98)),
            target_text: None,
            unit: "%".into(),
            weight: weight.parse().unwrap(),
            core: true,
        },
        standard: TargetStandard::Industry,
        data_source: "质量检测报告".into(),
        frequency: Frequency::Once,
        owner: Some(format!("post:{POST}")),
    }
}

/// Completes the stored targets of `project` (the highway fixture, with [`POST`] stored): a
/// goal, an owner for every indicator and a quality indicator that brings the weights to 90.
pub async fn complete_targets(store: &Store, project: &ProjectCode) {
    let mut targets = store.targets(project).await.unwrap();
    targets.overall_goal = "建成 12.5 公里高速公路并按期通车".into();
    for row in &mut targets.indicators {
        row.owner = Some(format!("post:{POST}"));
    }
    let sum: Decimal = targets.indicators.iter().map(|r| r.indicator.weight).sum();
    let rest = Decimal::from(90) - sum;
    targets.indicators.push(quality(&rest.to_string()));
    assert_eq!(validate(ProjectType::Highway, &targets), Vec::new());
    store
        .set_targets(project, &targets, &stamp())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_project_without_saved_goals_reads_its_imported_indicators_and_weight_ten() {
    for_each_store("targets_default", |store| async move {
        let project = highway_with_post(&store).await;
        let targets = store.targets(&project).await.unwrap();
        assert_eq!(targets.overall_goal, "");
        assert_eq!(targets.execution_weight, Decimal::TEN);
        let codes: Vec<&str> = targets
            .indicators
            .iter()
            .map(|r| r.indicator.code.as_str())
            .collect();
        assert_eq!(codes, ["OUT-01", "OUT-02", "SAT-01", "COST-01"]);
        assert!(targets.indicators.iter().all(|r| r.owner.is_none()));
        assert_eq!(targets.indicators[0].standard, TargetStandard::Plan);
    })
    .await;
}

#[tokio::test]
async fn saved_targets_read_back_as_written_and_readings_stay_with_their_indicator() {
    for_each_store("targets_round_trip", |store| async move {
        let project = highway_with_post(&store).await;
        let readings_before = store.readings(&project).await.unwrap();
        assert!(!readings_before.is_empty());
        complete_targets(&store, &project).await;
        let mut targets = store.targets(&project).await.unwrap();
        targets.annual_goals = vec![(2024, "完成路基".into()), (2025, "通车".into())];
        targets.execution_weight = Decimal::from(20);
        // Move the new quality row to the front and change a stored row in place.
        let quality = targets.indicators.pop().unwrap();
        targets.indicators.insert(0, quality);
        targets.indicators[1].indicator.weight = Decimal::from(10);
        targets.indicators[1].data_source = "监理月报".into();
        targets.indicators[1].frequency = Frequency::Quarterly;
        targets.indicators[1].owner = Some("post:JT-01-ENG".into());
        targets.indicators[2].owner = None;
        store
            .set_targets(&project, &targets, &stamp())
            .await
            .unwrap();

        assert_eq!(store.targets(&project).await.unwrap(), targets);
        assert_eq!(store.readings(&project).await.unwrap(), readings_before);
        let owned: Vec<String> = store
            .responsibilities(&project)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.item.code().to_owned())
            .collect();
        assert!(owned.contains(&"QUA-01".to_owned()));
        assert!(!owned.contains(&targets.indicators[2].indicator.code.to_string()));
    })
    .await;
}

#[tokio::test]
async fn bad_target_sets_are_refused_and_change_nothing() {
    for_each_store("targets_refused", |store| async move {
        let project = highway_with_post(&store).await;
        complete_targets(&store, &project).await;
        let before = store.targets(&project).await.unwrap();
        let counts = store.table_counts().await.unwrap();

        let with = |change: &dyn Fn(&mut TargetSet)| {
            let mut targets = before.clone();
            targets.overall_goal = "changed".into();
            change(&mut targets);
            targets
        };
        let cases: Vec<(&str, TargetSet, &str)> = vec![
            (
                "an indicator given twice",
                with(&|t| {
                    let first = t.indicators[0].clone();
                    t.indicators.push(first);
                }),
                "$.indicators[5].code",
            ),
            (
                "an owner that is neither user nor post",
                with(&|t| t.indicators[1].owner = Some("somebody".into())),
                "$.indicators[1].owner",
            ),
            (
                "an indicator with readings left out",
                with(&|t| {
                    t.indicators.remove(0);
                }),
                "\"OUT-01\" has",
            ),
            (
                "a year given two goals",
                with(&|t| t.annual_goals = vec![(2025, "a".into()), (2025, "b".into())]),
                "$.annual_goals[1].year",
            ),
        ];
        for (case, targets, expected) in cases {
            match store.set_targets(&project, &targets, &stamp()).await {
                Err(StoreError::Invalid(message)) => {
                    assert!(message.contains(expected), "{case}: {message}")
                }
                other => panic!("{case}: expected Invalid, got {other:?}"),
            }
        }
        let unknown_post = with(&|t| t.indicators[0].owner = Some("post:NOBODY".into()));
        assert!(matches!(
            store.set_targets(&project, &unknown_post, &stamp()).await,
            Err(StoreError::NotFound { entity: "post", .. })
        ));
        assert_eq!(store.targets(&project).await.unwrap(), before);
        assert_eq!(store.table_counts().await.unwrap(), counts);
    })
    .await;
}

#[tokio::test]
async fn an_indicator_without_readings_can_be_dropped_with_its_owner() {
    for_each_store("targets_drop", |store| async move {
        let project = highway_with_post(&store).await;
        complete_targets(&store, &project).await;
        let mut targets = store.targets(&project).await.unwrap();
        let dropped = targets.indicators.pop().unwrap();
        store
            .set_targets(&project, &targets, &stamp())
            .await
            .unwrap();
        let stored = store.targets(&project).await.unwrap();
        assert!(
            stored
                .indicators
                .iter()
                .all(|r| r.indicator.code != dropped.indicator.code)
        );
        let owners = store.responsibilities(&project).await.unwrap();
        assert!(owners.iter().all(|r| r.item.code() != "QUA-01"));
    })
    .await;
}

#[tokio::test]
async fn a_budget_cannot_be_submitted_while_its_targets_break_a_rule() {
    for_each_store("targets_block_submission", |store| async move {
        let project = highway_with_post(&store).await;
        let budget = Budget {
            fiscal_year: 2026,
            lines: Vec::new(),
            adjustments: Vec::new(),
        };
        store
            .create_draft_budget(&project, &budget, &stamp())
            .await
            .unwrap();
        let submit = || Transition::Submit {
            blockers: Vec::new(),
        };
        let refused = store
            .apply_budget_transition(&project, 2026, submit(), &stamp())
            .await;
        let Err(StoreError::Refused(WorkflowError::NotSubmittable { problems })) = refused else {
            panic!("expected a refused submission: {refused:?}");
        };
        // Each kind of problem is named once, however many indicators share it.
        assert_eq!(
            problems,
            [
                "targets:empty_overall_goal",
                "targets:missing_owner",
                "targets:weight_sum",
                "targets:missing_required",
            ]
        );

        complete_targets(&store, &project).await;
        let workflow = store
            .apply_budget_transition(&project, 2026, submit(), &stamp())
            .await
            .unwrap();
        assert_eq!(workflow.state.code(), "submitted");
    })
    .await;
}

#[tokio::test]
async fn target_changes_are_ledgered_with_their_stamp_and_tampering_is_named() {
    for_each_backend("targets_ledger", |databases| async move {
        let (store, url) = databases.fresh_with_url().await;
        let project = highway_with_post(&store).await;
        let size = store.ledger_size().await.unwrap();
        complete_targets(&store, &project).await;
        let entries = store.ledger_entries(size, 100).await.unwrap();
        // The goals and every indicator given an owner or added; owners are not ledgered, so
        // only the new quality indicator and the goals are new content.
        let kinds: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.entry.kind.as_str(), e.entry.record.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("indicator", "G15-001/indicator/QUA-01"),
                ("target_goals", "G15-001/goals"),
            ]
        );
        assert!(entries.iter().all(|e| e.entry.actor == stamp().actor));

        // Dropping the indicator records its removal, and the check still passes.
        let mut targets = store.targets(&project).await.unwrap();
        targets.indicators.pop();
        targets.annual_goals = vec![(2025, "通车".into())];
        store
            .set_targets(&project, &targets, &stamp())
            .await
            .unwrap();
        let later = store.ledger_entries(size + 2, 100).await.unwrap();
        let kinds: Vec<&str> = later.iter().map(|e| e.entry.kind.as_str()).collect();
        assert_eq!(kinds, ["indicator_removed", "target_goals"]);
        assert!(matches!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Intact { .. }
        ));

        // Goals rewritten behind the store's back are named.
        let goals_entry = size + 3;
        let mut conn = AnyConnection::connect(&url).await.unwrap();
        conn.execute("UPDATE annual_goal SET goal = '提前通车'")
            .await
            .unwrap();
        assert_eq!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Broken {
                sequence: goals_entry,
                problem: LedgerProblem::RecordChanged,
            }
        );
    })
    .await;
}
