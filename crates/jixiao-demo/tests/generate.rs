//! Properties of the generated province: it is reproducible, consistent by the core's own
//! rules, and tells the story DOMAIN.md §9 sets for it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use jixiao_core::{
    Direction, Grade, Money, ProjectDossier, ProjectStatus, ProjectType, ReadingValue,
    default_categories,
};
use jixiao_demo::{AS_OF, Demo, DemoConfig, FIRST_YEAR, LAST_YEAR, generate};
use rust_decimal::Decimal;

/// The default province, generated once for all tests.
fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| generate(&DemoConfig::default()))
}

/// Spending over all years against the original lines of all years, minus one.
fn overrun(dossier: &ProjectDossier) -> f64 {
    let original: Money = dossier.budgets.iter().map(|b| b.original_total()).sum();
    let spent: Money = dossier.expenditures.iter().map(|e| e.amount).sum();
    spent.fen() as f64 / original.fen() as f64 - 1.0
}

fn completed(demo: &Demo) -> impl Iterator<Item = &ProjectDossier> {
    demo.dossiers
        .iter()
        .filter(|d| d.project.status == ProjectStatus::Completed)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn mean_overrun(demo: &Demo, keep: impl Fn(&ProjectDossier) -> bool) -> (f64, usize) {
    let values: Vec<f64> = completed(demo).filter(|d| keep(d)).map(overrun).collect();
    (mean(&values), values.len())
}

#[test]
fn generation_is_deterministic_and_depends_on_the_seed() {
    let config = DemoConfig {
        seed: 42,
        projects: 30,
    };
    let first = generate(&config);
    assert_eq!(first, generate(&config));
    assert_eq!(first.dossiers.len(), 30);
    let other = generate(&DemoConfig { seed: 43, ..config });
    assert_ne!(first.dossiers, other.dossiers);
}

#[test]
fn the_default_province_covers_every_type_six_regions_and_every_budget_year() {
    let demo = demo();
    assert!(
        demo.dossiers.len() >= 150,
        "{} projects",
        demo.dossiers.len()
    );
    let types: BTreeSet<ProjectType> = demo
        .dossiers
        .iter()
        .map(|d| d.project.project_type)
        .collect();
    for kind in [
        ProjectType::Highway,
        ProjectType::Bridge,
        ProjectType::Tunnel,
        ProjectType::MunicipalPipeNetwork,
        ProjectType::Building,
        ProjectType::WaterWorks,
    ] {
        assert!(types.contains(&kind), "no {kind} project");
    }
    let regions: BTreeSet<&str> = demo
        .dossiers
        .iter()
        .map(|d| d.project.region.as_str())
        .collect();
    assert!(regions.len() >= 6, "{regions:?}");
    let years: BTreeSet<i32> = demo
        .dossiers
        .iter()
        .flat_map(|d| d.budgets.iter().map(|b| b.fiscal_year))
        .collect();
    assert_eq!(years, (FIRST_YEAR..=LAST_YEAR).collect());
}

#[test]
fn a_small_province_has_exactly_the_projects_asked_for_and_covers_every_type() {
    let demo = generate(&DemoConfig {
        seed: 7,
        projects: 6,
    });
    assert_eq!(demo.dossiers.len(), 6);
    let types: BTreeSet<ProjectType> = demo
        .dossiers
        .iter()
        .map(|d| d.project.project_type)
        .collect();
    assert_eq!(types.len(), 6);
}

#[test]
fn every_dossier_passes_the_core_consistency_check() {
    let categories: BTreeSet<String> = default_categories()
        .into_iter()
        .map(|c| c.code.to_string())
        .collect();
    for dossier in &demo().dossiers {
        let problems = dossier.check(&|i| format!("$.budgets[{i}]"));
        assert!(
            problems.is_empty(),
            "{}: {problems:?}",
            dossier.project.code
        );
        assert!(
            !dossier.budgets.is_empty(),
            "{} has no budget",
            dossier.project.code
        );
        for line in dossier.budgets.iter().flat_map(|b| &b.lines) {
            assert!(
                categories.contains(line.category.as_str()),
                "{}",
                line.category
            );
        }
    }
}

#[test]
fn plans_add_up_to_their_lines_and_stay_in_their_year() {
    let mut manual = 0;
    for budget in demo().dossiers.iter().flat_map(|d| &d.budgets) {
        for line in &budget.lines {
            assert_eq!(line.plan.values().copied().sum::<Money>(), line.amount);
            assert!(line.plan.keys().all(|m| m.year() == budget.fiscal_year));
            manual += usize::from(line.profile == jixiao_core::Profile::Manual);
        }
        for adjustment in &budget.adjustments {
            assert_eq!(adjustment.date.year(), budget.fiscal_year);
            assert!(!adjustment.reason.is_empty());
            let adjusted = budget.adjusted_line(&adjustment.line).expect("line exists");
            assert!(adjusted >= Money::ZERO, "{adjusted} on {}", adjustment.line);
        }
    }
    assert!(manual > 0, "no plan was entered by hand");
}

#[test]
fn line_codes_name_the_same_line_in_every_year() {
    for dossier in &demo().dossiers {
        let mut names: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        for line in dossier.budgets.iter().flat_map(|b| &b.lines) {
            let seen = names
                .entry(line.code.as_str())
                .or_insert((line.name.as_str(), line.category.as_str()));
            assert_eq!(*seen, (line.name.as_str(), line.category.as_str()));
        }
    }
}

#[test]
fn portfolio_execution_rises_every_year_from_about_two_thirds_to_over_nine_tenths() {
    // Computed from the raw data rather than the crate's own helper.
    let mut budget: BTreeMap<i32, i64> = BTreeMap::new();
    let mut spent: BTreeMap<i32, i64> = BTreeMap::new();
    for dossier in &demo().dossiers {
        for b in &dossier.budgets {
            *budget.entry(b.fiscal_year).or_default() += b.adjusted_total().fen();
        }
        for e in &dossier.expenditures {
            *spent.entry(e.date.year()).or_default() += e.amount.fen();
        }
    }
    let rates: Vec<f64> = (FIRST_YEAR..=LAST_YEAR)
        .map(|y| spent[&y] as f64 / budget[&y] as f64)
        .collect();
    assert!(rates.windows(2).all(|w| w[0] < w[1]), "{rates:?}");
    assert!((0.60..=0.75).contains(&rates[0]), "{rates:?}");
    assert!((0.85..=0.97).contains(&rates[3]), "{rates:?}");
    let helper: Vec<f64> = demo()
        .execution_by_year()
        .iter()
        .map(|(_, e)| e.executed.fen() as f64 / e.budget.fen() as f64)
        .collect();
    assert_eq!(helper, rates);
}

#[test]
fn about_nine_in_ten_finished_projects_overran_their_original_budget() {
    let overruns: Vec<f64> = completed(demo()).map(overrun).collect();
    assert!(overruns.len() >= 30, "only {} completed", overruns.len());
    let share = overruns.iter().filter(|o| **o > 0.0).count() as f64 / overruns.len() as f64;
    assert!((0.8..=0.97).contains(&share), "{share}");
}

#[test]
fn bridges_and_tunnels_overrun_more_than_highways() {
    let (structures, n) = mean_overrun(demo(), |d| {
        matches!(
            d.project.project_type,
            ProjectType::Bridge | ProjectType::Tunnel
        )
    });
    let (roads, m) = mean_overrun(demo(), |d| d.project.project_type == ProjectType::Highway);
    assert!(n >= 5 && m >= 5, "{n} structures, {m} roads");
    assert!(
        structures > roads,
        "structures {structures:.3}, roads {roads:.3}"
    );
}

#[test]
fn poorly_run_cities_overrun_more_and_projects_with_more_changes_overrun_more() {
    let poor = ["安远市", "白河市"];
    let (worse, _) = mean_overrun(demo(), |d| poor.contains(&d.project.region.as_str()));
    let (others, _) = mean_overrun(demo(), |d| !poor.contains(&d.project.region.as_str()));
    assert!(worse > others, "poor {worse:.3}, others {others:.3}");
    let adjustments =
        |d: &ProjectDossier| d.budgets.iter().map(|b| b.adjustments.len()).sum::<usize>();
    let counts: Vec<usize> = completed(demo()).map(adjustments).collect();
    let median = {
        let mut sorted = counts.clone();
        sorted.sort_unstable();
        sorted[sorted.len() / 2]
    };
    let (many, _) = mean_overrun(demo(), |d| adjustments(d) > median);
    let (few, _) = mean_overrun(demo(), |d| adjustments(d) <= median);
    assert!(many > few, "many changes {many:.3}, few {few:.3}");
}

#[test]
fn statuses_agree_with_dates_and_nothing_is_paid_after_the_as_of_date() {
    let mut seen = BTreeSet::new();
    for dossier in &demo().dossiers {
        let project = &dossier.project;
        seen.insert(project.status);
        match project.status {
            ProjectStatus::Completed => {
                assert!(project.actual_finish.is_some_and(|f| f <= AS_OF));
                assert!(project.actual_start.is_some());
            }
            ProjectStatus::Planned => {
                // Not started: either due after the as-of date or slipped a few months past it.
                let slipped_at_most = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
                assert!(project.actual_start.is_none() && project.planned_start > slipped_at_most);
            }
            ProjectStatus::InProgress | ProjectStatus::Suspended => {
                assert!(project.actual_start.is_some_and(|s| s <= AS_OF));
                assert!(project.actual_finish.is_none());
            }
        }
        assert!(project.planned_finish > project.planned_start);
        for expenditure in &dossier.expenditures {
            assert!(expenditure.date <= AS_OF && expenditure.date.year() >= FIRST_YEAR);
            assert!(expenditure.amount > Money::ZERO);
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}

#[test]
fn every_project_has_six_to_ten_indicators_weighing_ninety_with_core_schedule_cost_and_quality() {
    for dossier in &demo().dossiers {
        let indicators = &dossier.indicators;
        assert!((6..=10).contains(&indicators.len()), "{}", indicators.len());
        let total: Decimal = indicators.iter().map(|i| i.weight).sum();
        assert_eq!(total, Decimal::from(90), "{}", dossier.project.code);
        for level2 in ["quality", "timeliness", "output_cost", "quantity"] {
            assert!(
                indicators
                    .iter()
                    .any(|i| i.core && i.level2.code() == level2),
                "{} lacks a core {level2} indicator",
                dossier.project.code
            );
        }
    }
}

#[test]
fn graded_readings_score_inside_their_band_and_started_projects_are_read() {
    let band = |grade| match grade {
        Grade::Achieved => (Decimal::new(80, 2), Decimal::ONE),
        Grade::PartlyAchieved => (Decimal::new(60, 2), Decimal::new(80, 2)),
        Grade::NotAchieved => (Decimal::ZERO, Decimal::new(60, 2)),
    };
    let mut graded = 0;
    for dossier in &demo().dossiers {
        let started = dossier.project.actual_start.is_some();
        assert_eq!(
            !dossier.readings.is_empty(),
            started,
            "{}",
            dossier.project.code
        );
        for reading in &dossier.readings {
            let indicator = dossier
                .indicators
                .iter()
                .find(|i| i.code == reading.indicator)
                .expect("known indicator");
            if let ReadingValue::Graded { grade, score } = reading.value {
                assert_eq!(indicator.direction, Direction::Qualitative);
                let (low, high) = band(grade);
                assert!(score >= indicator.weight * low && score <= indicator.weight * high);
                graded += 1;
            }
        }
    }
    assert!(graded > 0);
}

#[test]
fn progress_never_falls_and_finished_works_reach_one_hundred() {
    for dossier in &demo().dossiers {
        let mut last: BTreeMap<&str, Decimal> = BTreeMap::new();
        for reading in &dossier.progress {
            let value = reading.percent_complete.value();
            let previous = last
                .insert(reading.line.as_str(), value)
                .unwrap_or(Decimal::ZERO);
            assert!(
                value >= previous,
                "{} {}",
                dossier.project.code,
                reading.line
            );
        }
        if dossier.project.status == ProjectStatus::Completed {
            assert!(!last.is_empty());
            assert!(
                last.values().all(|v| *v == Decimal::ONE_HUNDRED),
                "{}",
                dossier.project.code
            );
        }
    }
}

#[test]
fn some_payments_carry_an_explanation_but_most_do_not() {
    let payments: Vec<_> = demo()
        .dossiers
        .iter()
        .flat_map(|d| &d.expenditures)
        .collect();
    let explained = payments.iter().filter(|e| e.explanation.is_some()).count();
    assert!(explained > 0);
    assert!(
        (explained as f64) < 0.2 * payments.len() as f64,
        "{explained} of {}",
        payments.len()
    );
}

#[test]
fn organizations_form_a_tree_with_one_root_that_owns_every_project() {
    let demo = demo();
    let codes: BTreeSet<_> = demo.organizations.iter().map(|o| &o.code).collect();
    assert_eq!(
        codes.len(),
        demo.organizations.len(),
        "duplicate organization codes"
    );
    let roots: Vec<_> = demo
        .organizations
        .iter()
        .filter(|o| o.parent.is_none())
        .collect();
    assert_eq!(roots.len(), 1);
    let below_root = jixiao_core::organization::subtree(&demo.organizations, &roots[0].code);
    assert_eq!(
        below_root.len(),
        demo.organizations.len(),
        "not every unit hangs under the root"
    );
    for dossier in &demo.dossiers {
        assert!(codes.contains(&dossier.project.organization));
    }
    let project_codes: BTreeSet<_> = demo.dossiers.iter().map(|d| &d.project.code).collect();
    assert_eq!(
        project_codes.len(),
        demo.dossiers.len(),
        "duplicate project codes"
    );
}
