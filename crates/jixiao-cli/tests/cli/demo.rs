//! `jixiao demo` stores the budget preparation the generator plans: every project's cost
//! stages, next year's budgets in each state of their approval with their justifications,
//! reviews and adjustments, and readings that give the target library its statistics.

use std::collections::BTreeSet;

use jixiao_core::ProjectType;
use jixiao_core::preparation::approval::BudgetState;
use jixiao_demo::{DemoConfig, PREPARED_YEAR, Step};
use jixiao_store::Store;

use crate::support::Workspace;

#[tokio::test]
async fn the_loaded_demo_holds_the_planned_stages_budgets_and_library_statistics() {
    let workspace = Workspace::new();
    let loaded = workspace.run(&["demo", "--projects", "40"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let plan = jixiao_demo::generate(&DemoConfig {
        projects: 40,
        ..DemoConfig::default()
    })
    .preparation;
    let store = Store::connect(&workspace.db_url()).await.unwrap();

    assert!(!plan.stages.is_empty());
    for (code, stages) in &plan.stages {
        assert_eq!(&store.stages(code).await.unwrap(), stages, "{code}");
    }

    let mut states = BTreeSet::new();
    for budget in &plan.budgets {
        let code = &budget.project;
        let workflow = store.budget_workflow(code, PREPARED_YEAR).await.unwrap();
        let transitions = budget
            .steps
            .iter()
            .filter(|step| matches!(step, Step::Transition(..)))
            .count();
        assert_eq!(workflow.history.len(), transitions, "{code}");
        states.insert(workflow.state.code());
        let stored = store.justifications(code, PREPARED_YEAR).await.unwrap();
        assert_eq!(stored.len(), budget.justifications.len(), "{code}");
        let proposals = budget
            .steps
            .iter()
            .filter(|step| matches!(step, Step::Propose(..)))
            .count();
        let requests = store.adjustment_requests(code).await.unwrap();
        assert_eq!(requests.len(), proposals, "{code}");
        if workflow.state == BudgetState::Returned {
            let reviews = store.line_reviews(code, PREPARED_YEAR).await.unwrap();
            assert!(reviews.iter().any(|(review, _)| review.returned), "{code}");
        }
    }
    for state in [BudgetState::Returned, BudgetState::Approved] {
        assert!(
            states.contains(state.code()),
            "no {state} budget: {states:?}"
        );
    }

    let statistics = store
        .library_statistics(ProjectType::Highway)
        .await
        .unwrap();
    assert!(
        statistics.len() >= 4,
        "highway statistics for {:?}",
        statistics.keys().collect::<Vec<_>>()
    );
}
