//! Tests of the `target` rules, in tables: one case per rule and edge.

use super::*;

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn code(text: &str) -> IndicatorCode {
    IndicatorCode::new(text).unwrap()
}

fn row(text: &str, level2: Level2, weight: i64) -> TargetIndicator {
    TargetIndicator {
        indicator: Indicator {
            code: code(text),
            level1: level2.parent(),
            level2,
            name: format!("{text} 指标"),
            direction: Direction::AtMost,
            target: Some(Decimal::ONE_HUNDRED),
            target_text: None,
            unit: "%".into(),
            weight: Decimal::from(weight),
            core: true,
        },
        standard: TargetStandard::Plan,
        data_source: "监理月报".into(),
        frequency: Frequency::Quarterly,
        owner: Some("工程科".into()),
    }
}

/// A complete set: schedule, cost and quality targets of 30 each, execution weight 10.
fn complete() -> TargetSet {
    TargetSet {
        overall_goal: "建成二级公路 12 公里，改善沿线通行条件".into(),
        annual_goals: vec![(2025, "完成路基工程".into())],
        execution_weight: Decimal::TEN,
        indicators: vec![
            row("schedule", Level2::Timeliness, 30),
            row("cost", Level2::OutputCost, 30),
            row("quality", Level2::Quality, 30),
        ],
    }
}

#[test]
fn each_target_rule_gives_its_problem() {
    use ProjectType::{Highway, Other, WaterWorks};
    use TargetProblem as P;
    let required = |kind| P::MissingRequired { kind };
    type Case = (
        &'static str,
        ProjectType,
        fn(&mut TargetSet),
        Vec<TargetProblem>,
    );
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("a complete set passes", Highway, |_| {}, vec![]),
        ("weights 0.5 short", Highway, |t| t.indicators[0].indicator.weight = dec("29.5"),
            vec![P::WeightSum { found: dec("89.5"), expected: dec("90") }]),
        ("weights 0.5 over", Highway, |t| t.indicators[2].indicator.weight = dec("30.50"),
            vec![P::WeightSum { found: dec("90.5"), expected: dec("90") }]),
        ("a larger execution weight", Highway, |t| t.execution_weight = dec("20"),
            vec![P::WeightSum { found: dec("90"), expected: dec("80") }]),
        ("execution weight above 100", Highway, |t| t.execution_weight = dec("110"),
            vec![
                P::ExecutionWeightOutOfRange { weight: dec("110") },
                P::WeightSum { found: dec("90"), expected: dec("-10") },
            ]),
        ("no owner", Highway, |t| t.indicators[1].owner = None,
            vec![P::MissingOwner { indicator: code("cost") }]),
        ("a blank owner", Highway, |t| t.indicators[1].owner = Some(" ".into()),
            vec![P::MissingOwner { indicator: code("cost") }]),
        ("no schedule target on a highway", Highway, |t| retype(t, 0, Level2::Quantity),
            vec![required(RequiredTarget::Schedule)]),
        ("no cost target on a highway", Highway, |t| retype(t, 1, Level2::Economic),
            vec![required(RequiredTarget::Cost)]),
        ("no quality target on water works", WaterWorks, |t| retype(t, 2, Level2::Social),
            vec![required(RequiredTarget::Quality)]),
        ("none of the three on a highway", Highway, |t| {
                for i in 0..3 { retype(t, i, Level2::Quantity) }
            },
            vec![
                required(RequiredTarget::Schedule),
                required(RequiredTarget::Cost),
                required(RequiredTarget::Quality),
            ]),
        ("none of the three is fine for other projects", Other, |t| {
                for i in 0..3 { retype(t, i, Level2::Quantity) }
            }, vec![]),
        ("a cost target from the 2021 tree counts", Highway,
            |t| retype(t, 1, Level2::EconomicCost), vec![]),
        ("quantitative without a target value", Highway,
            |t| t.indicators[0].indicator.target = None,
            vec![P::MissingTargetValue { indicator: code("schedule") }]),
        ("qualitative without a target text", Highway, |t| {
                let indicator = &mut t.indicators[2].indicator;
                indicator.direction = Direction::Qualitative;
                indicator.target = None;
                indicator.target_text = Some("".into());
            },
            vec![P::MissingTargetText { indicator: code("quality") }]),
        ("qualitative with a target text", Highway, |t| {
                let indicator = &mut t.indicators[2].indicator;
                indicator.direction = Direction::Qualitative;
                indicator.target = None;
                indicator.target_text = Some("交工验收合格".into());
            }, vec![]),
        ("a zero weight", Highway, |t| {
                t.indicators[0].indicator.weight = Decimal::ZERO;
                t.indicators[1].indicator.weight = dec("60");
            },
            vec![P::NonPositiveWeight { indicator: code("schedule"), weight: Decimal::ZERO }]),
        ("a duplicate code, reported once", Highway, |t| {
                let extra = row("cost", Level2::OutputCost, 5);
                t.indicators.push(extra.clone());
                t.indicators.push(extra);
                t.indicators[1].indicator.weight = dec("20");
            },
            vec![P::DuplicateCode { indicator: code("cost") }]),
        ("a level 2 under the wrong level 1", Highway,
            |t| t.indicators[2].indicator.level1 = Level1::Benefit,
            vec![P::LevelMismatch {
                indicator: code("quality"),
                level1: Level1::Benefit,
                level2: Level2::Quality,
            }]),
        ("a blank overall goal", Highway, |t| t.overall_goal = "  ".into(),
            vec![P::EmptyOverallGoal]),
        ("a blank annual goal", Highway, |t| t.annual_goals.push((2026, String::new())),
            vec![P::EmptyAnnualGoal { year: 2026 }]),
        ("no indicators at all", Highway, |t| t.indicators.clear(),
            vec![
                P::WeightSum { found: Decimal::ZERO, expected: dec("90") },
                required(RequiredTarget::Schedule),
                required(RequiredTarget::Cost),
                required(RequiredTarget::Quality),
            ]),
    ];
    for (name, project_type, change, expected) in cases {
        let mut targets = complete();
        change(&mut targets);
        assert_eq!(validate(project_type, &targets), expected, "{name}");
    }
}

/// Moves indicator `i` to `level2` and the level 1 it belongs to.
fn retype(targets: &mut TargetSet, i: usize, level2: Level2) {
    let indicator = &mut targets.indicators[i].indicator;
    indicator.level2 = level2;
    indicator.level1 = level2.parent();
}

#[test]
fn problems_have_distinct_codes_and_messages_with_their_facts_in_both_languages() {
    let cases = [
        (
            TargetProblem::EmptyOverallGoal,
            vec!["总体目标"],
            vec!["overall goal"],
        ),
        (
            TargetProblem::EmptyAnnualGoal { year: 2026 },
            vec!["2026"],
            vec!["2026"],
        ),
        (
            TargetProblem::ExecutionWeightOutOfRange { weight: dec("120") },
            vec!["120"],
            vec!["120"],
        ),
        (
            TargetProblem::DuplicateCode {
                indicator: code("q1"),
            },
            vec!["q1"],
            vec!["q1"],
        ),
        (
            TargetProblem::LevelMismatch {
                indicator: code("q1"),
                level1: Level1::Benefit,
                level2: Level2::Quality,
            },
            vec!["q1", "质量指标", "效益指标"],
            vec!["q1", "Quality", "Benefit"],
        ),
        (
            TargetProblem::NonPositiveWeight {
                indicator: code("q1"),
                weight: dec("-2"),
            },
            vec!["q1", "-2"],
            vec!["q1", "-2"],
        ),
        (
            TargetProblem::MissingTargetValue {
                indicator: code("q1"),
            },
            vec!["q1"],
            vec!["q1"],
        ),
        (
            TargetProblem::MissingTargetText {
                indicator: code("q1"),
            },
            vec!["q1"],
            vec!["q1"],
        ),
        (
            TargetProblem::MissingOwner {
                indicator: code("q1"),
            },
            vec!["责任人"],
            vec!["owner"],
        ),
        (
            TargetProblem::WeightSum {
                found: dec("89.50"),
                expected: dec("90.00"),
            },
            vec!["89.5，", "应为 90（"],
            vec!["89.5;", "to 90 ("],
        ),
        (
            TargetProblem::MissingRequired {
                kind: RequiredTarget::Cost,
            },
            vec!["成本"],
            vec!["cost target"],
        ),
    ];
    let codes: BTreeSet<_> = cases.iter().map(|(p, _, _)| p.code()).collect();
    assert_eq!(codes.len(), cases.len());
    for (problem, zh_facts, en_facts) in &cases {
        let (zh, en) = (problem.message(true), problem.message(false));
        for fact in zh_facts {
            assert!(zh.contains(fact), "{zh} lacks {fact}");
        }
        for fact in en_facts {
            assert!(en.contains(fact), "{en} lacks {fact}");
        }
        assert_eq!(problem.to_string(), en);
        let json = serde_json::to_value(problem).unwrap();
        assert_eq!(json["code"], problem.code(), "{json}");
    }
}
