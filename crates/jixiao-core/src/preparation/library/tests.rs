//! Tests of the `library` rules, in tables: one case per rule and edge.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::preparation::target::{RequiredTarget, TargetProblem, TargetSet, validate};

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn decs(texts: &[&str]) -> Vec<Decimal> {
    texts.iter().map(|text| dec(text)).collect()
}

#[test]
fn percentiles_match_values_computed_by_hand() {
    // Each expected value is x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) with
    // h = (n - 1)p, worked out on paper for p = 0.25, 0.5 and 0.75.
    type Case<'a> = (&'a str, &'a [&'a str], Option<[&'a str; 3]>);
    let cases: &[Case] = &[
        ("no values", &[], None),
        ("one value", &["7.5"], Some(["7.5", "7.5", "7.5"])),
        ("two values", &["10", "20"], Some(["12.5", "15", "17.5"])),
        (
            "four values",
            &["1", "2", "3", "4"],
            Some(["1.75", "2.5", "3.25"]),
        ),
        (
            "five values, exact ranks",
            &["3", "6", "7", "8", "8"],
            Some(["6", "7", "8"]),
        ),
        (
            "five values, unsorted",
            &["8", "3", "8", "6", "7"],
            Some(["6", "7", "8"]),
        ),
        (
            "six values",
            &["6", "1", "5", "2", "4", "3"],
            Some(["2.25", "3.5", "4.75"]),
        ),
        (
            "negative values",
            &["-4", "0", "-2", "-6"],
            Some(["-4.5", "-3", "-1.5"]),
        ),
        (
            "a half in the fifth place rounds away from zero",
            &["0", "0.0002"],
            Some(["0.0001", "0.0001", "0.0002"]),
        ),
        (
            "unit costs in 万元 per km",
            &["2870.5", "3120", "2655.25", "4010"],
            Some(["2816.6875", "2995.25", "3342.5"]),
        ),
    ];
    for (name, values, expected) in cases {
        let got = percentiles(&decs(values));
        let expected = expected.map(|[p25, p50, p75]| Percentiles {
            count: values.len(),
            p25: dec(p25),
            p50: dec(p50),
            p75: dec(p75),
        });
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn every_type_has_schedule_cost_quality_benefit_and_satisfaction_templates_weighing_90() {
    let library = default_library();
    for project_type in ProjectType::ALL {
        let templates: Vec<_> = library
            .iter()
            .filter(|t| t.project_type == *project_type)
            .collect();
        let weight: Decimal = templates.iter().map(|t| t.default_weight).sum();
        assert_eq!(weight, Decimal::from(90), "{project_type}");
        let codes: BTreeSet<_> = templates.iter().map(|t| &t.code).collect();
        assert_eq!(
            codes.len(),
            templates.len(),
            "codes are unique: {project_type}"
        );
        let level1s: BTreeSet<_> = templates.iter().map(|t| t.level1).collect();
        assert!(level1s.contains(&Level1::Benefit), "{project_type}");
        assert!(level1s.contains(&Level1::Satisfaction), "{project_type}");
        if *project_type != ProjectType::Other {
            assert!(templates.len() >= 5, "{project_type}");
            for kind in RequiredTarget::ALL {
                let indicators = start_from_library(*project_type, &library);
                let carried = indicators.iter().any(|row| kind.is_met_by(&row.indicator));
                assert!(carried, "{project_type} lacks {kind}");
            }
        }
        for template in templates {
            assert_eq!(
                template.level2.parent(),
                template.level1,
                "{}",
                template.code
            );
            assert!(
                template.name.chars().any(|c| c > '\u{2e80}'),
                "{}",
                template.code
            );
            let qualitative = template.direction == Direction::Qualitative;
            assert_eq!(
                qualitative,
                template.target_text.is_some(),
                "{}",
                template.code
            );
            assert!(
                !(qualitative && template.default_target.is_some()),
                "{}",
                template.code
            );
        }
    }
}

/// The set a preparer gets by starting from the library and naming an owner for each row.
fn started(project_type: ProjectType) -> TargetSet {
    let mut indicators = start_from_library(project_type, &default_library());
    for row in &mut indicators {
        row.owner = Some("项目建设管理科".into());
    }
    TargetSet {
        overall_goal: "按期建成并投入使用，发挥预期效益".into(),
        annual_goals: vec![(2025, "完成年度建设任务".into())],
        execution_weight: Decimal::TEN,
        indicators,
    }
}

#[test]
fn a_highway_started_from_the_library_passes_once_owners_are_named() {
    let fresh = start_from_library(ProjectType::Highway, &default_library());
    assert!(fresh.len() >= 5);
    assert!(fresh.iter().all(|row| row.owner.is_none()));
    assert_eq!(
        validate(ProjectType::Highway, &started(ProjectType::Highway)),
        []
    );
}

#[test]
fn without_owners_validation_asks_for_one_on_every_row() {
    let mut targets = started(ProjectType::Bridge);
    for row in &mut targets.indicators {
        row.owner = None;
    }
    let problems = validate(ProjectType::Bridge, &targets);
    assert_eq!(problems.len(), targets.indicators.len());
    assert!(
        problems
            .iter()
            .all(|p| matches!(p, TargetProblem::MissingOwner { .. })),
        "{problems:?}"
    );
}

#[test]
fn every_type_started_from_the_library_asks_only_for_the_targets_only_the_project_knows() {
    let expected: BTreeMap<ProjectType, Vec<&str>> = [
        (ProjectType::Highway, vec![]),
        (ProjectType::Bridge, vec![]),
        (ProjectType::Tunnel, vec!["detour_shortened"]),
        (ProjectType::MunicipalPipeNetwork, vec!["pipe_length"]),
        (ProjectType::Building, vec!["floor_area"]),
        (ProjectType::WaterWorks, vec!["irrigated_area"]),
        (ProjectType::Other, vec![]),
    ]
    .into_iter()
    .collect();
    for project_type in ProjectType::ALL {
        let problems = validate(*project_type, &started(*project_type));
        let missing: Vec<TargetProblem> = expected[project_type]
            .iter()
            .map(|code| TargetProblem::MissingTargetValue {
                indicator: IndicatorCode::new(*code).unwrap(),
            })
            .collect();
        assert_eq!(problems, missing, "{project_type}");
    }
}
