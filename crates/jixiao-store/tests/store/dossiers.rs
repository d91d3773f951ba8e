//! Importing and exporting dossiers: round trips, refusals that write nothing, replacement, and
//! the bulk path.

use std::sync::Mutex;

use chrono::Datelike;
use jixiao_core::{CategoryCode, Money, OrgCode, ProjectDossier};
use jixiao_store::StoreError;

use crate::expect;
use crate::fixtures::stamp;
use crate::fixtures::{code, highway, portfolio, with_organizations};
use crate::harness::{for_each_backend, for_each_store};

#[tokio::test]
async fn an_imported_dossier_is_exported_unchanged() {
    for_each_store("round_trip", |store| async move {
        with_organizations(&store).await;
        let dossier = highway();
        store
            .import_dossier(&dossier, false, &stamp())
            .await
            .unwrap();
        assert_eq!(
            store.export_dossier(&dossier.project.code).await.unwrap(),
            dossier
        );
        assert_eq!(
            store.budgets(&dossier.project.code).await.unwrap(),
            dossier.budgets
        );
        assert_eq!(
            store.indicators(&dossier.project.code).await.unwrap(),
            dossier.indicators
        );
        assert_eq!(
            store.readings(&dossier.project.code).await.unwrap(),
            dossier.readings
        );
        let counts = store.table_counts().await.unwrap();
        let expected = [
            ("project", 1),
            ("budget", 2),
            ("cost_line", 4),
            ("line_plan", 10 + 2 + 12 + 12),
            ("adjustment", 3),
            ("expenditure", 6),
            ("progress", 5),
            ("indicator", 4),
            ("reading", 4),
        ];
        for (table, count) in expected {
            assert_eq!(counts[table], count, "{table} on {:?}", store.backend());
        }
    })
    .await;
}

#[tokio::test]
async fn every_project_of_a_portfolio_round_trips() {
    for_each_store("portfolio_round_trip", |store| async move {
        with_organizations(&store).await;
        for dossier in portfolio() {
            store
                .import_dossier(&dossier, false, &stamp())
                .await
                .unwrap();
            assert_eq!(
                store.export_dossier(&dossier.project.code).await.unwrap(),
                dossier
            );
        }
    })
    .await;
}

/// A way of breaking a dossier, and the error its import must give.
struct Refusal {
    what: &'static str,
    breaks: fn(&mut ProjectDossier),
    expected: fn(&StoreError) -> bool,
}

#[tokio::test]
async fn a_refused_import_writes_nothing() {
    let refusals = [
        Refusal {
            what: "an unknown organization",
            breaks: |d| d.project.organization = OrgCode::new("NOPE").unwrap(),
            expected: |e| expect::not_found(e, "organization", "NOPE"),
        },
        Refusal {
            what: "an unknown cost category",
            breaks: |d| d.budgets[1].lines[1].category = CategoryCode::new("rocket_fuel").unwrap(),
            expected: |e| expect::invalid(e, "rocket_fuel"),
        },
        Refusal {
            what: "a plan that does not add up",
            breaks: |d| d.budgets[0].lines[0].amount += Money::from_fen(1),
            expected: |e| expect::invalid(e, "$.budgets[0].lines[0].plan"),
        },
        Refusal {
            what: "a payment on a line its year's budget lacks",
            breaks: |d| d.expenditures[0].date = "2024-04-02".parse().unwrap(),
            expected: |e| expect::invalid(e, "$.expenditures[0].line"),
        },
    ];
    let refusals = &refusals;
    for_each_store("refusals", |store| async move {
        with_organizations(&store).await;
        let before = store.table_counts().await.unwrap();
        for refusal in refusals {
            let mut dossier = highway();
            (refusal.breaks)(&mut dossier);
            for replace in [false, true] {
                let error = store
                    .import_dossier(&dossier, replace, &stamp())
                    .await
                    .unwrap_err();
                assert!((refusal.expected)(&error), "{}: {error:?}", refusal.what);
                assert_eq!(
                    store.table_counts().await.unwrap(),
                    before,
                    "{}",
                    refusal.what
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn importing_a_stored_code_again_conflicts_and_writes_nothing() {
    for_each_store("import_conflict", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let before = store.table_counts().await.unwrap();
        let error = store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap_err();
        assert!(expect::conflict(&error, "project_code_key"), "{error:?}");
        assert_eq!(store.table_counts().await.unwrap(), before);
    })
    .await;
}

#[tokio::test]
async fn importing_with_replace_leaves_exactly_the_new_dossier() {
    for_each_backend("import_replace", |databases| async move {
        let store = databases.fresh().await;
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();

        // The new version drops the 2024 budget and everything charged to it.
        let mut smaller = highway();
        smaller.project.name = "G15 改扩建（调整后）".to_owned();
        smaller.budgets.truncate(1);
        smaller.expenditures.retain(|e| e.date.year() < 2024);
        smaller.progress.retain(|p| p.date.year() < 2024);
        store
            .import_dossier(&smaller, true, &stamp())
            .await
            .unwrap();
        assert_eq!(
            store.export_dossier(&smaller.project.code).await.unwrap(),
            smaller
        );

        let alone = databases.fresh().await;
        with_organizations(&alone).await;
        alone
            .import_dossier(&smaller, false, &stamp())
            .await
            .unwrap();
        // The ledger only grows: it keeps the old version's entries and records their removal.
        assert!(store.ledger_size().await.unwrap() > alone.ledger_size().await.unwrap());
        let mut replaced = store.table_counts().await.unwrap();
        let mut fresh = alone.table_counts().await.unwrap();
        for ledger_table in ["ledger_chunk", "ledger_span"] {
            replaced.remove(ledger_table);
            fresh.remove(ledger_table);
        }
        assert_eq!(replaced, fresh, "no row of the old version is left");
    })
    .await;
}

#[tokio::test]
async fn importing_with_replace_stores_a_new_code_too() {
    for_each_store("replace_new_code", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), true, &stamp())
            .await
            .unwrap();
        assert_eq!(
            store.export_dossier(&code("G15-001")).await.unwrap(),
            highway()
        );
    })
    .await;
}

#[tokio::test]
async fn a_bulk_import_stores_the_same_as_importing_one_by_one() {
    for_each_backend("bulk_equals_single", |databases| async move {
        let dossiers = portfolio();
        let one_by_one = databases.fresh().await;
        with_organizations(&one_by_one).await;
        for dossier in &dossiers {
            one_by_one
                .import_dossier(dossier, false, &stamp())
                .await
                .unwrap();
        }

        let bulk = databases.fresh().await;
        with_organizations(&bulk).await;
        let reported = Mutex::new(Vec::new());
        bulk.import_dossiers(&dossiers, &stamp(), &|done| {
            reported.lock().unwrap().push(done)
        })
        .await
        .unwrap();

        // The bulk path packs its ledger entries into fewer chunks; the ledger test compares
        // the entries themselves.
        let without_chunks = |mut counts: std::collections::BTreeMap<String, i64>| {
            counts.remove("ledger_chunk");
            counts
        };
        assert_eq!(
            without_chunks(bulk.table_counts().await.unwrap()),
            without_chunks(one_by_one.table_counts().await.unwrap())
        );
        for dossier in &dossiers {
            let code = &dossier.project.code;
            let exported = bulk.export_dossier(code).await.unwrap();
            assert_eq!(&exported, dossier, "{code}");
            assert_eq!(
                exported,
                one_by_one.export_dossier(code).await.unwrap(),
                "{code}"
            );
        }
        assert_eq!(reported.into_inner().unwrap().last(), Some(&dossiers.len()));
    })
    .await;
}

#[tokio::test]
async fn a_bulk_import_keeps_ids_apart_from_rows_added_later() {
    for_each_store("bulk_then_single", |store| async move {
        with_organizations(&store).await;
        let mut dossiers = portfolio();
        let last = dossiers.pop().unwrap();
        store
            .import_dossiers(&dossiers, &stamp(), &|_| {})
            .await
            .unwrap();
        // The single path after the bulk path must find fresh ids on both backends.
        store.import_dossier(&last, false, &stamp()).await.unwrap();
        store
            .import_dossier(&highway(), true, &stamp())
            .await
            .unwrap();
        for dossier in portfolio() {
            assert_eq!(
                store.export_dossier(&dossier.project.code).await.unwrap(),
                dossier
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_refused_bulk_import_writes_nothing() {
    /// What breaks a list of dossiers, and the constraint or entity its error must name.
    type Case = (&'static str, fn(&mut Vec<ProjectDossier>), &'static str);
    let cases: [Case; 3] = [
        (
            "a code given twice",
            |d| d.push(d[0].clone()),
            "project_code_key",
        ),
        (
            "a code stored already",
            |d| d.push(highway()),
            "project_code_key",
        ),
        (
            "an unknown organization",
            |d| d[2].project.organization = OrgCode::new("NOPE").unwrap(),
            "organization",
        ),
    ];
    let cases = &cases;
    for_each_store("bulk_refusals", |store| async move {
        with_organizations(&store).await;
        // One project is stored first, so that "stored already" has something to meet.
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let before = store.table_counts().await.unwrap();
        for (what, breaks, expected) in cases {
            let mut dossiers = portfolio();
            dossiers.remove(0);
            breaks(&mut dossiers);
            let error = store
                .import_dossiers(&dossiers, &stamp(), &|_| {})
                .await
                .unwrap_err();
            let named = match &error {
                StoreError::Conflict { constraint, .. } => constraint.clone(),
                StoreError::NotFound { entity, .. } => (*entity).to_owned(),
                other => format!("{other:?}"),
            };
            assert_eq!(&named, expected, "{what}: {error:?}");
            assert_eq!(store.table_counts().await.unwrap(), before, "{what}");
        }
    })
    .await;
}

#[tokio::test]
async fn reading_an_unknown_project_is_not_found() {
    for_each_store("unknown_project", |store| async move {
        let missing = code("NO-SUCH");
        let results: Vec<(&str, Result<(), StoreError>)> = vec![
            (
                "export_dossier",
                store.export_dossier(&missing).await.map(drop),
            ),
            ("project", store.project(&missing).await.map(drop)),
            ("budgets", store.budgets(&missing).await.map(drop)),
            ("indicators", store.indicators(&missing).await.map(drop)),
            ("readings", store.readings(&missing).await.map(drop)),
            (
                "line_executions",
                store.line_executions(&missing).await.map(drop),
            ),
            (
                "project_monthly",
                store.project_monthly(&missing).await.map(drop),
            ),
            (
                "expenditures",
                store.expenditures(&missing, 1, 10).await.map(drop),
            ),
        ];
        for (call, result) in results {
            let error = result.expect_err(call);
            assert!(
                expect::not_found(&error, "project", "NO-SUCH"),
                "{call}: {error:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_import_creates_its_missing_organization_in_the_same_transaction() {
    for_each_store("import_with_organization", |store| async move {
        let mut dossier = highway();
        let owner = jixiao_core::Organization {
            code: OrgCode::new("NEW-OWNER").unwrap(),
            name: "新建项目单位".into(),
            parent: None,
        };
        dossier.project.organization = owner.code.clone();

        // A refused dossier leaves no organization behind.
        let mut broken = dossier.clone();
        broken.budgets[0].lines[0].category = CategoryCode::new("no_such_category").unwrap();
        let before = store.table_counts().await.unwrap();
        let error = store
            .import_dossier_with_organization(&broken, Some(&owner), false, &stamp())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::Invalid(_)), "{error:?}");
        assert_eq!(store.table_counts().await.unwrap(), before);

        store
            .import_dossier_with_organization(&dossier, Some(&owner), false, &stamp())
            .await
            .unwrap();
        assert!(store.organizations().await.unwrap().contains(&owner));
        assert_eq!(
            store.export_dossier(&dossier.project.code).await.unwrap(),
            dossier
        );
    })
    .await;
}
