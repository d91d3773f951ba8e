//! Tests of the `stage` rules, in tables: one case per rule and edge.

use super::*;

fn line(code: &str, fen: i64) -> StageLine {
    StageLine {
        line: LineCode::new(code).unwrap(),
        name: format!("{code} 工程"),
        category: CategoryCode::new("building_works").unwrap(),
        amount: Money::from_fen(fen),
    }
}

fn breakdown(stage: CostStage, lines: &[(&str, i64)]) -> StageBreakdown {
    StageBreakdown {
        stage,
        lines: lines.iter().map(|&(code, fen)| line(code, fen)).collect(),
    }
}

fn pct(text: &str) -> Option<Decimal> {
    Some(text.parse().unwrap())
}

#[test]
fn stages_are_ordered_from_estimate_to_final_accounts() {
    let expected = [
        ("estimate", "投资估算"),
        ("budgetary_estimate", "设计概算"),
        ("construction_budget", "施工图预算"),
        ("contract", "合同价"),
        ("settlement", "结算"),
        ("final_accounts", "竣工决算"),
    ];
    assert_eq!(CostStage::ALL.len(), expected.len());
    for (stage, (code, zh)) in CostStage::ALL.iter().zip(expected) {
        assert_eq!((stage.code(), stage.name_zh()), (code, zh));
        assert_eq!(code.parse::<CostStage>().unwrap(), *stage);
    }
    assert!(CostStage::ALL.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn rows_follow_first_appearance_and_show_a_missing_line_as_none() {
    // Given out of order: the comparison must sort the stages itself.
    let stages = [
        breakdown(
            CostStage::ConstructionBudget,
            &[("c", 500), ("b", 300), ("a", 100)],
        ),
        breakdown(CostStage::Estimate, &[("b", 200), ("a", 100)]),
        breakdown(CostStage::BudgetaryEstimate, &[("a", 120), ("c", 400)]),
    ];
    let report = compare(ProjectType::Highway, &stages);
    assert_eq!(
        report.stages,
        [
            CostStage::Estimate,
            CostStage::BudgetaryEstimate,
            CostStage::ConstructionBudget
        ]
    );
    let order: Vec<&str> = report.rows.iter().map(|row| row.line.as_str()).collect();
    assert_eq!(order, ["b", "a", "c"]);

    let b = &report.rows[0];
    let amounts: Vec<Option<i64>> = b.amounts.iter().map(|a| a.amount.map(Money::fen)).collect();
    assert_eq!(amounts, [Some(200), None, Some(300)]);
    // Missing in the 概算: counted as zero, so the drop is the whole amount.
    assert_eq!(b.differences[0].amount, Money::from_fen(-200));
    assert_eq!(b.differences[0].percent, pct("-100.00"));
    assert_eq!(b.differences[1].amount, Money::from_fen(300));
    assert_eq!(b.differences[1].percent, None);
}

#[test]
fn percentages_are_rounded_half_away_from_zero_and_absent_for_a_zero_base() {
    let cases: &[(i64, i64, Option<&str>)] = &[
        (100, 120, Some("20.00")),
        (300, 301, Some("0.33")),
        (300, 299, Some("-0.33")),
        (200_000, 200_001, Some("0.00")),
        // One fen on 200.00 元 is exactly 0.005 %: half to even would give 0.00.
        (20_000, 20_001, Some("0.01")),
        (20_000, 19_999, Some("-0.01")),
        (0, 500, None),
        (0, 0, None),
        (-100, -50, Some("50.00")),
    ];
    for &(base, later, expected) in cases {
        let got = percent_change(Money::from_fen(base), Money::from_fen(later));
        assert_eq!(got, expected.and_then(pct), "{base} -> {later}");
    }
}

#[test]
fn totals_sum_each_stage_and_match_the_sum_of_row_differences() {
    let stages = [
        breakdown(CostStage::Estimate, &[("a", 1_000), ("b", 2_000)]),
        breakdown(CostStage::BudgetaryEstimate, &[("a", 1_100), ("c", 500)]),
    ];
    let report = compare(ProjectType::Building, &stages);
    let totals: Vec<i64> = report
        .totals
        .amounts
        .iter()
        .map(|t| t.amount.fen())
        .collect();
    assert_eq!(totals, [3_000, 1_600]);
    let total_change = report.totals.differences[0];
    assert_eq!(total_change.amount, Money::from_fen(-1_400));
    assert_eq!(total_change.percent, pct("-46.67"));
    let row_sum: Money = report
        .rows
        .iter()
        .map(|row| row.differences[0].amount)
        .sum();
    assert_eq!(row_sum, total_change.amount);
    assert_eq!(report.estimate_overrun, None);
}

#[test]
fn a_stage_given_twice_keeps_the_later_version_and_repeated_codes_add_up() {
    let stages = [
        breakdown(CostStage::Estimate, &[("a", 1)]),
        breakdown(CostStage::Estimate, &[("a", 40), ("a", 60)]),
    ];
    let report = compare(ProjectType::Bridge, &stages);
    assert_eq!(report.stages, [CostStage::Estimate]);
    assert_eq!(report.rows.len(), 1);
    assert_eq!(report.rows[0].amounts[0].amount, Some(Money::from_fen(100)));
    assert!(report.rows[0].differences.is_empty());
    assert!(report.totals.differences.is_empty());
}

#[test]
fn nothing_to_compare_gives_an_empty_report() {
    let report = compare(ProjectType::Other, &[]);
    assert!(report.stages.is_empty() && report.rows.is_empty());
    assert!(report.totals.amounts.is_empty());
    assert_eq!(report.estimate_overrun, None);
}

#[test]
fn the_overrun_limit_is_ten_percent_and_fifteen_for_water_works() {
    for ty in ProjectType::ALL {
        let expected = if *ty == ProjectType::WaterWorks {
            15
        } else {
            10
        };
        assert_eq!(overrun_limit(*ty), Decimal::from(expected), "{ty}");
    }
}

#[test]
fn a_budgetary_estimate_is_flagged_only_strictly_above_the_limit() {
    use ProjectType::{Highway, WaterWorks};
    // Estimate totals 1,000,000.00 元 (100,000,000 fen).
    let cases: &[(ProjectType, i64, Option<&str>)] = &[
        (Highway, 109_990_000, None),
        (Highway, 110_000_000, None),
        (Highway, 110_010_000, Some("10.01")),
        // One fen above the limit is flagged even though it rounds to 10.00 %.
        (Highway, 110_000_001, Some("10.00")),
        (Highway, 90_000_000, None),
        (WaterWorks, 110_010_000, None),
        (WaterWorks, 115_000_000, None),
        (WaterWorks, 115_010_000, Some("15.01")),
    ];
    let estimate = breakdown(CostStage::Estimate, &[("a", 60_000_000), ("b", 40_000_000)]);
    for &(ty, budgetary_fen, expected) in cases {
        let budgetary = breakdown(CostStage::BudgetaryEstimate, &[("a", budgetary_fen)]);
        let warning = check_estimate_overrun(ty, &estimate, &budgetary);
        let expected = expected.map(|p| StageWarning::EstimateOverrun {
            estimate: Money::from_fen(100_000_000),
            budgetary: Money::from_fen(budgetary_fen),
            percent: pct(p),
            limit: overrun_limit(ty),
        });
        assert_eq!(warning, expected, "{ty} {budgetary_fen}");
        // The comparison carries the same flag.
        let report = compare(ty, &[budgetary.clone(), estimate.clone()]);
        assert_eq!(
            report.estimate_overrun, expected,
            "{ty} {budgetary_fen} in compare"
        );
    }
}

#[test]
fn a_zero_estimate_flags_any_positive_budgetary_estimate_without_a_percentage() {
    let estimate = breakdown(CostStage::Estimate, &[]);
    let budgetary = breakdown(CostStage::BudgetaryEstimate, &[("a", 1)]);
    let warning = check_estimate_overrun(ProjectType::Tunnel, &estimate, &budgetary).unwrap();
    assert!(matches!(
        warning,
        StageWarning::EstimateOverrun { percent: None, .. }
    ));
    assert!(
        warning.message(true).contains("0.01 元"),
        "{}",
        warning.message(true)
    );
    let empty = breakdown(CostStage::BudgetaryEstimate, &[]);
    assert_eq!(
        check_estimate_overrun(ProjectType::Tunnel, &estimate, &empty),
        None
    );
}

#[test]
fn the_overrun_warning_names_both_totals_the_percentage_and_the_limit() {
    let warning = StageWarning::EstimateOverrun {
        estimate: Money::from_fen(100_000_000),
        budgetary: Money::from_fen(112_345_600),
        percent: pct("12.35"),
        limit: Decimal::from(10),
    };
    assert_eq!(warning.code(), "estimate_overrun");
    for zh in [true, false] {
        let text = warning.message(zh);
        for fact in ["1000000.00 元", "1123456.00 元", "12.35%", "10%"] {
            assert!(text.contains(fact), "{fact} missing from {text}");
        }
    }
    assert!(warning.message(true).contains("设计概算"));
    assert!(warning.message(false).contains("budgetary estimate"));
}
