//! Budget preparation in storage: cost stages with the 10 % rule and their ledger entries, line
//! justifications, and reviewers' comments.

use jixiao_core::plan::spread;
use jixiao_core::preparation::approval::WorkflowError;
use jixiao_core::preparation::justification::{Basis, Justification, LastYearOutcome, LineReview};
use jixiao_core::preparation::stage::{CostStage, StageBreakdown, StageLine, StageWarning};
use jixiao_core::{CategoryCode, LineCode, Money, Profile, ProjectType, YearMonth};
use jixiao_store::{LedgerCheck, LedgerProblem, StoreError};
use rust_decimal::Decimal;
use sqlx::{AnyConnection, Connection, Executor};

use crate::fixtures::{code, highway, stamp, with_organizations};
use crate::harness::{for_each_backend, for_each_store};
use crate::people::at;

/// The year of the draft budget the justification tests write to.
const DRAFT_YEAR: i32 = 2026;

fn stage(stage: CostStage, lines: &[(&str, &str, i64)]) -> StageBreakdown {
    StageBreakdown {
        stage,
        lines: lines
            .iter()
            .map(|(line, category, yuan)| StageLine {
                line: LineCode::new(*line).unwrap(),
                name: format!("{line} 名称"),
                category: CategoryCode::new(*category).unwrap(),
                amount: Money::from_fen(yuan * 100),
            })
            .collect(),
    }
}

#[tokio::test]
async fn stages_round_trip_and_a_new_version_replaces_the_old() {
    for_each_store("stages_round_trip", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let project = code("G15-001");
        let estimate = stage(
            CostStage::Estimate,
            &[
                ("L01", "building_works", 1_000),
                ("L02", "land_and_resettlement", 500),
            ],
        );
        let contract = stage(CostStage::Contract, &[("L01", "building_works", 900)]);
        assert_eq!(
            store
                .set_stage(&project, &contract, &stamp())
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .set_stage(&project, &estimate, &stamp())
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store.stages(&project).await.unwrap(),
            vec![estimate.clone(), contract.clone()]
        );
        let revised = stage(CostStage::Estimate, &[("L03", "equipment", 1_200)]);
        store.set_stage(&project, &revised, &stamp()).await.unwrap();
        assert_eq!(
            store.stages(&project).await.unwrap(),
            vec![revised, contract]
        );
        assert!(matches!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Intact { .. }
        ));
        let kinds: Vec<String> = store
            .project_history(&project, 5)
            .await
            .unwrap()
            .into_iter()
            .map(|entry| format!("{} {}", entry.entry.kind, entry.entry.record))
            .collect();
        assert_eq!(
            kinds,
            [
                "stage_line G15-001/estimate/L03",
                "stage_line_removed G15-001/estimate/L02",
                "stage_line_removed G15-001/estimate/L01",
                "stage_line G15-001/estimate/L02",
                "stage_line G15-001/estimate/L01",
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_budgetary_estimate_over_the_limit_is_stored_with_a_warning() {
    // (project type, 估算 in 元, 概算 in 元, warned)
    let cases: [(ProjectType, i64, i64, bool); 5] = [
        (ProjectType::Highway, 1_000_000, 1_100_000, false),
        (ProjectType::Highway, 1_000_000, 1_100_001, true),
        (ProjectType::WaterWorks, 1_000_000, 1_150_000, false),
        (ProjectType::WaterWorks, 1_000_000, 1_150_001, true),
        (ProjectType::Highway, 1_000_000, 900_000, false),
    ];
    let cases = &cases;
    for_each_store("stage_overrun", |store| async move {
        with_organizations(&store).await;
        for (index, (project_type, estimate, budgetary, warned)) in cases.iter().enumerate() {
            let mut dossier = highway();
            dossier.project.code = code(&format!("P-{index}"));
            dossier.project.project_type = *project_type;
            store
                .import_dossier(&dossier, false, &stamp())
                .await
                .unwrap();
            let project = dossier.project.code.clone();
            let first = stage(CostStage::Estimate, &[("L01", "building_works", *estimate)]);
            assert_eq!(
                store.set_stage(&project, &first, &stamp()).await.unwrap(),
                None
            );
            let second = stage(
                CostStage::BudgetaryEstimate,
                &[("L01", "building_works", *budgetary)],
            );
            let warning = store.set_stage(&project, &second, &stamp()).await.unwrap();
            assert_eq!(
                matches!(warning, Some(StageWarning::EstimateOverrun { .. })),
                *warned,
                "{project_type:?} {estimate} → {budgetary}: {warning:?}"
            );
            assert_eq!(
                store.stages(&project).await.unwrap().len(),
                2,
                "stored either way"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_refused_stage_writes_nothing() {
    for_each_store("stage_refused", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let project = code("G15-001");
        let good = stage(CostStage::Estimate, &[("L01", "building_works", 1_000)]);
        store.set_stage(&project, &good, &stamp()).await.unwrap();
        let before = store.table_counts().await.unwrap();
        let twice = stage(
            CostStage::Estimate,
            &[("L01", "building_works", 1), ("L01", "equipment", 2)],
        );
        let unknown_category = stage(CostStage::Estimate, &[("L09", "no_such_category", 1)]);
        for (what, breakdown) in [
            ("a line twice", twice),
            ("an unknown category", unknown_category),
        ] {
            let error = store
                .set_stage(&project, &breakdown, &stamp())
                .await
                .unwrap_err();
            assert!(matches!(error, StoreError::Invalid(_)), "{what}: {error:?}");
        }
        let error = store
            .set_stage(&code("NO-SUCH"), &good, &stamp())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::NotFound { .. }), "{error:?}");
        assert_eq!(store.table_counts().await.unwrap(), before);
        assert_eq!(store.stages(&project).await.unwrap(), vec![good]);
    })
    .await;
}

#[tokio::test]
async fn a_stage_amount_changed_with_sql_breaks_the_ledger_check() {
    for_each_backend("stage_tampered", |databases| async move {
        let (store, url) = databases.fresh_with_url().await;
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let estimate = stage(CostStage::Estimate, &[("L01", "building_works", 1_000)]);
        store
            .set_stage(&code("G15-001"), &estimate, &stamp())
            .await
            .unwrap();
        let size = store.ledger_size().await.unwrap();
        let mut conn = AnyConnection::connect(&url).await.unwrap();
        conn.execute("UPDATE stage_line SET amount_fen = amount_fen + 1")
            .await
            .unwrap();
        assert_eq!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Broken {
                sequence: size - 1,
                problem: LedgerProblem::RecordChanged,
            }
        );
    })
    .await;
}

fn justification(basis: Basis, last_year: bool) -> Justification {
    Justification {
        necessity: "路基拓宽是改扩建的前提".into(),
        basis,
        alternatives: "分幅施工，工期延长八个月".into(),
        expected_effect: "通行能力提高一倍".into(),
        last_year: last_year.then(|| LastYearOutcome {
            line_name: "路基工程".into(),
            budget: Money::from_fen(1_000_000),
            spent: Money::from_fen(950_000),
            note: "雨季停工".into(),
        }),
    }
}

#[tokio::test]
async fn justifications_round_trip_with_either_basis_and_replace_the_old_one() {
    for_each_store("justifications", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let project = code("G15-001");
        // A draft of 2026 with the lines of the imported 2023 budget, which counts as approved.
        let mut draft = highway().budgets[0].clone();
        assert_eq!(draft.fiscal_year, 2023);
        draft.fiscal_year = DRAFT_YEAR;
        draft.adjustments.clear();
        for line in &mut draft.lines {
            line.profile = Profile::Linear;
            line.plan = spread(
                line.amount,
                &YearMonth::months_of_year(DRAFT_YEAR),
                Profile::Linear,
            )
            .unwrap();
        }
        store
            .create_draft_budget(&project, &draft, &stamp())
            .await
            .unwrap();
        let by_price = justification(
            Basis::QuantityPrice {
                quantity: Decimal::new(125, 1),
                unit: "公里".into(),
                unit_price: Money::from_fen(9_600_000),
            },
            true,
        );
        let by_quota = justification(
            Basis::Quota {
                reference: "《公路工程预算定额》1-1-9-2".into(),
                quantity: Decimal::from(3),
                unit: "1000m³".into(),
                quota_price: Money::from_fen(1_000_000),
            },
            false,
        );
        let l01 = LineCode::new("L01").unwrap();
        let l02 = LineCode::new("L02").unwrap();
        store
            .set_justification(&project, DRAFT_YEAR, &l02, &by_price)
            .await
            .unwrap();
        store
            .set_justification(&project, DRAFT_YEAR, &l01, &by_price)
            .await
            .unwrap();
        store
            .set_justification(&project, DRAFT_YEAR, &l01, &by_quota)
            .await
            .unwrap();
        assert_eq!(
            store.justifications(&project, DRAFT_YEAR).await.unwrap(),
            vec![(l01.clone(), by_quota.clone()), (l02, by_price.clone())]
        );
        assert!(
            store
                .justifications(&project, 2023)
                .await
                .unwrap()
                .is_empty()
        );
        let missing = LineCode::new("L99").unwrap();
        for (what, result) in [
            (
                "unknown line",
                store
                    .set_justification(&project, DRAFT_YEAR, &missing, &by_quota)
                    .await,
            ),
            (
                "no such year",
                store
                    .set_justification(&project, 2030, &l01, &by_quota)
                    .await,
            ),
        ] {
            assert!(
                matches!(result, Err(StoreError::NotFound { .. })),
                "{what}: {result:?}"
            );
        }
        // An approved budget's case is closed: its justifications no longer change.
        let locked = store
            .set_justification(&project, 2023, &l01, &by_quota)
            .await;
        assert!(
            matches!(
                locked,
                Err(StoreError::Refused(WorkflowError::NotEditable { .. }))
            ),
            "{locked:?}"
        );
        assert!(
            store
                .justifications(&project, 2023)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn reviews_are_listed_by_line_then_in_the_order_made() {
    for_each_store("line_reviews", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let project = code("G15-001");
        let review = |line: &str, comment: &str, returned| LineReview {
            line: LineCode::new(line).unwrap(),
            reviewer: "finance".into(),
            comment: comment.into(),
            returned,
        };
        let made = [
            (
                review("L02", "单价偏高，请补充询价", true),
                at("2025-03-01T08:00:00Z"),
            ),
            (review("L01", "依据充分", false), at("2025-03-01T09:00:00Z")),
            (
                review("L02", "已补充，同意", false),
                at("2025-03-02T08:00:00Z"),
            ),
        ];
        for (review, when) in &made {
            store
                .add_line_review(&project, 2023, review, *when)
                .await
                .unwrap();
        }
        assert_eq!(
            store.line_reviews(&project, 2023).await.unwrap(),
            vec![made[1].clone(), made[0].clone(), made[2].clone()]
        );
    })
    .await;
}
