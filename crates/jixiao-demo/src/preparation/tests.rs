//! The budget preparation of the generated province: reproducible, arithmetically sound, and
//! telling the stories the workflow and the 10 % rule need.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use jixiao_core::preparation::adjustment::{AdjustmentState, AdjustmentWorkflow};
use jixiao_core::preparation::approval::{ApprovalLevels, BudgetState, BudgetWorkflow};
use jixiao_core::preparation::justification::check;
use jixiao_core::preparation::library::{default_library, percentiles};
use jixiao_core::preparation::stage::{CostStage, check_estimate_overrun};
use jixiao_core::{Direction, ProjectStatus, ProjectType, ReadingValue};
use rust_decimal::Decimal;

use super::*;
use crate::{Demo, DemoConfig, generate};

/// The default province, generated once for all tests.
fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| generate(&DemoConfig::default()))
}

#[test]
fn the_preparation_is_the_same_for_a_seed_and_differs_between_seeds() {
    let config = DemoConfig {
        seed: 42,
        projects: 40,
    };
    let first = generate(&config).preparation;
    assert!(!first.stages.is_empty() && !first.budgets.is_empty());
    assert_eq!(first, generate(&config).preparation);
    let other = generate(&DemoConfig { seed: 43, ..config }).preparation;
    assert_ne!(first, other);
}

#[test]
fn every_justification_multiplies_out_to_its_line_amount() {
    let mut checked = 0;
    for plan in &demo().preparation.budgets {
        assert_eq!(plan.budget.fiscal_year, PREPARED_YEAR);
        for (line, justification) in &plan.justifications {
            let amount = plan
                .budget
                .line(line)
                .expect("a justified line exists")
                .amount;
            let problems = check(amount, Some(justification));
            assert!(problems.is_empty(), "{} {line}: {problems:?}", plan.project);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} justifications");
}

#[test]
fn only_the_unfinished_draft_lacks_a_justification() {
    let lacking: Vec<&ProjectCode> = demo()
        .preparation
        .budgets
        .iter()
        .filter(|plan| plan.justifications.len() < plan.budget.lines.len())
        .map(|plan| &plan.project)
        .collect();
    assert_eq!(lacking.len(), 1, "{lacking:?}");
}

#[test]
fn a_few_budgetary_estimates_break_the_limit_and_most_stay_within_it() {
    let types: BTreeMap<&ProjectCode, ProjectType> = demo()
        .dossiers
        .iter()
        .map(|d| (&d.project.code, d.project.project_type))
        .collect();
    let (mut over, mut within) = (0, 0);
    for (code, stages) in &demo().preparation.stages {
        let find = |stage| stages.iter().find(|s| s.stage == stage).expect("stage");
        let estimate = find(CostStage::Estimate);
        let budgetary = find(CostStage::BudgetaryEstimate);
        match check_estimate_overrun(types[code], estimate, budgetary) {
            Some(_) => over += 1,
            None => within += 1,
        }
        let order: Vec<CostStage> = stages.iter().map(|s| s.stage).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{code}: {order:?}");
    }
    assert!((1..=3).contains(&over), "{over} over the limit");
    assert!(within > 10 * over, "{within} within the limit, {over} over");
    let stages = demo().preparation.stages.len();
    assert!(
        stages * 4 >= demo().dossiers.len() * 3,
        "only {stages} projects with stages"
    );
}

#[test]
fn completed_projects_carry_every_stage_to_their_final_accounts() {
    let completed: BTreeSet<&ProjectCode> = demo()
        .dossiers
        .iter()
        .filter(|d| d.project.status == ProjectStatus::Completed)
        .map(|d| &d.project.code)
        .collect();
    let mut seen = 0;
    for (code, stages) in &demo().preparation.stages {
        if completed.contains(code) {
            assert_eq!(stages.len(), CostStage::ALL.len(), "{code}");
            seen += 1;
        }
    }
    assert!(seen > 0);
}

#[test]
fn indicators_are_the_library_rows_of_the_project_type_with_every_target_set() {
    let library = default_library();
    for dossier in &demo().dossiers {
        let kind = dossier.project.project_type;
        let expected: Vec<&str> = library
            .iter()
            .filter(|t| t.project_type == kind)
            .map(|t| t.code.as_str())
            .collect();
        let codes: Vec<&str> = dossier.indicators.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, expected, "{}", dossier.project.code);
        for indicator in &dossier.indicators {
            if indicator.direction != Direction::Qualitative {
                assert!(
                    indicator.target.is_some(),
                    "{} {}",
                    dossier.project.code,
                    indicator.code
                );
            }
        }
    }
}

#[test]
fn completed_projects_give_quartiles_for_several_indicators_of_every_type() {
    // The latest numeric reading of each completed project's indicator, as the store's library
    // statistics take them.
    let mut values: BTreeMap<(ProjectType, String), Vec<Decimal>> = BTreeMap::new();
    for dossier in demo()
        .dossiers
        .iter()
        .filter(|d| d.project.status == ProjectStatus::Completed)
    {
        let mut latest: BTreeMap<&str, Decimal> = BTreeMap::new();
        for reading in &dossier.readings {
            if let ReadingValue::Value { value } = reading.value {
                latest.insert(reading.indicator.as_str(), value);
            }
        }
        for (code, value) in latest {
            let key = (dossier.project.project_type, code.to_owned());
            values.entry(key).or_default().push(value);
        }
    }
    // Tunnels take four years to build, so only a couple have finished by the as-of date.
    let mut spread: BTreeMap<ProjectType, usize> = BTreeMap::new();
    for ((kind, _), values) in &values {
        let stats = percentiles(values).expect("values");
        if stats.count >= 2 && stats.p25 < stats.p75 {
            *spread.entry(*kind).or_default() += 1;
        }
    }
    for kind in [
        ProjectType::Highway,
        ProjectType::Bridge,
        ProjectType::Tunnel,
        ProjectType::MunicipalPipeNetwork,
        ProjectType::Building,
        ProjectType::WaterWorks,
    ] {
        let codes = spread.get(&kind).copied().unwrap_or_default();
        assert!(codes >= 4, "{kind}: only {codes} indicators with a spread");
    }
}

#[test]
fn the_budgets_replay_through_the_workflow_rules_and_tell_every_story() {
    let budgets = &demo().preparation.budgets;
    assert!(
        (5..=8).contains(&budgets.len()),
        "{} budgets",
        budgets.len()
    );
    let mut states = BTreeSet::new();
    let mut decisions = Vec::new();
    for plan in budgets {
        let mut workflow = BudgetWorkflow::new(ApprovalLevels::One);
        let mut proposed: Option<AdjustmentWorkflow> = None;
        let mut last = plan.prepared.at;
        for step in &plan.steps {
            let at = match step {
                Step::Transition(act, _)
                | Step::Review(act, _)
                | Step::Propose(act, _)
                | Step::Decide(act, _) => act.at,
            };
            assert!(at >= last, "{}: steps out of order", plan.project);
            last = at;
            match step {
                Step::Transition(act, transition) => workflow
                    .apply(transition.clone(), act.actor, act.at)
                    .expect("an allowed transition"),
                Step::Review(_, review) => {
                    assert!(plan.budget.line(&review.line).is_some());
                }
                Step::Propose(act, adjustment) => {
                    assert!(plan.budget.line(&adjustment.line).is_some());
                    let request = AdjustmentWorkflow::propose(
                        &workflow,
                        &adjustment.reason,
                        act.actor,
                        act.at,
                    );
                    proposed = Some(request.expect("an allowed proposal"));
                }
                Step::Decide(act, decision) => {
                    let request = proposed.as_mut().expect("a proposal before its decision");
                    request
                        .decide(decision.clone(), act.actor, act.at)
                        .expect("an allowed decision");
                }
            }
        }
        states.insert(workflow.state.code());
        if let Some(request) = proposed {
            decisions.push(request.state);
        }
        if workflow.state == BudgetState::Returned {
            let returned = workflow.history.last().expect("a return");
            assert!(!returned.reasons.is_empty() && !returned.lines.is_empty());
        }
    }
    let expected: BTreeSet<&str> = ["draft", "submitted", "returned", "approved"].into();
    assert_eq!(states, expected);
    decisions.sort_by_key(|state| state.code());
    assert_eq!(
        decisions,
        [AdjustmentState::Approved, AdjustmentState::Proposed]
    );
}
