//! The ledger of expenditures: one entry per stored payment in the importing transaction, the
//! same entries from the bulk path, and a check that names the entry whose row was tampered with.

use chrono::Datelike;
use jixiao_ledger::empty_root;
use jixiao_store::{LedgerCheck, LedgerProblem, Store};
use sqlx::{AnyConnection, Connection, Executor};

use crate::fixtures::{code, highway, portfolio, with_organizations};
use crate::harness::{for_each_backend, for_each_store};

/// A direct connection to the store's database, to change rows behind the store's back.
async fn raw(url: &str) -> AnyConnection {
    AnyConnection::connect(url)
        .await
        .expect("a direct connection")
}

/// The stored entries with the time taken out of their bytes, since two imports differ in time.
async fn timeless_entries(url: &str) -> Vec<(i64, String, String, String, String)> {
    let mut conn = raw(url).await;
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT sequence, actor, kind, record, entry FROM ledger_entry ORDER BY sequence",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    // In hex, the version is 2 digits, the sequence 16 and the time the next 16.
    rows.into_iter()
        .map(|(sequence, actor, kind, record, entry)| {
            let timeless = format!("{}{}", &entry[..18], &entry[34..]);
            (sequence, actor, kind, record, timeless)
        })
        .collect()
}

async fn intact(store: &Store) -> u64 {
    match store.verify_ledger().await.unwrap() {
        LedgerCheck::Intact { size, root } => {
            assert_eq!(root, store.ledger_root().await.unwrap());
            assert_eq!(size, store.ledger_size().await.unwrap());
            size
        }
        broken => panic!(
            "expected an intact ledger on {:?}: {broken:?}",
            store.backend()
        ),
    }
}

#[tokio::test]
async fn importing_appends_one_entry_per_expenditure_and_verifies() {
    for_each_store("ledger_one_per_payment", |store| async move {
        with_organizations(&store).await;
        assert_eq!(store.ledger_root().await.unwrap(), empty_root());
        assert_eq!(intact(&store).await, 0);
        let dossier = highway();
        store.import_dossier(&dossier, false).await.unwrap();
        assert_eq!(
            store.ledger_size().await.unwrap(),
            dossier.expenditures.len() as u64
        );
        assert_eq!(intact(&store).await, dossier.expenditures.len() as u64);
        assert_ne!(store.ledger_root().await.unwrap(), empty_root());
    })
    .await;
}

#[tokio::test]
async fn a_bulk_import_appends_the_same_entries_as_importing_one_by_one() {
    for_each_backend("ledger_bulk_equals_single", |databases| async move {
        let dossiers = portfolio();
        let (one_by_one, single_url) = databases.fresh_with_url().await;
        with_organizations(&one_by_one).await;
        for dossier in &dossiers {
            one_by_one.import_dossier(dossier, false).await.unwrap();
        }
        let (bulk, bulk_url) = databases.fresh_with_url().await;
        with_organizations(&bulk).await;
        bulk.import_dossiers(&dossiers, &|_| {}).await.unwrap();

        let payments: usize = dossiers.iter().map(|d| d.expenditures.len()).sum();
        let entries = timeless_entries(&bulk_url).await;
        assert_eq!(entries.len(), payments);
        assert!(
            entries
                .iter()
                .all(|e| e.1 == "import" && e.2 == "expenditure")
        );
        assert_eq!(entries, timeless_entries(&single_url).await);
        assert_eq!(intact(&bulk).await, payments as u64);
    })
    .await;
}

/// A change made behind the store's back, and what the check must say about it.
struct Tampering {
    what: &'static str,
    sql: &'static str,
    expected: LedgerCheck,
}

#[tokio::test]
async fn the_check_names_the_entry_whose_row_or_entry_was_tampered_with() {
    let broken = |sequence, problem| LedgerCheck::Broken { sequence, problem };
    let tamperings = [
        Tampering {
            what: "an amount changed",
            sql: "UPDATE expenditure SET amount_fen = amount_fen + 1 WHERE position = 2",
            expected: broken(2, LedgerProblem::RecordChanged),
        },
        Tampering {
            what: "an explanation added",
            sql: "UPDATE expenditure SET explanation = 'x' WHERE position = 4 \
                  AND explanation IS NULL",
            expected: broken(4, LedgerProblem::RecordChanged),
        },
        Tampering {
            what: "two payments swapped",
            sql: "UPDATE expenditure SET position = 5 - position WHERE position IN (1, 4)",
            expected: broken(1, LedgerProblem::RecordChanged),
        },
        Tampering {
            what: "a payment deleted",
            sql: "DELETE FROM expenditure WHERE position = 3",
            expected: broken(3, LedgerProblem::RecordDeleted),
        },
        Tampering {
            what: "an entry deleted from the middle",
            sql: "DELETE FROM ledger_entry WHERE sequence = 1",
            expected: broken(1, LedgerProblem::OutOfSequence),
        },
        Tampering {
            what: "the last entry deleted",
            sql: "DELETE FROM ledger_entry WHERE sequence = 5",
            expected: broken(
                5,
                LedgerProblem::Unrecorded {
                    record: "G15-001/5".into(),
                },
            ),
        },
        Tampering {
            what: "an entry's leaf hash replaced",
            sql: "UPDATE ledger_entry SET leaf_hash = (SELECT leaf_hash FROM ledger_entry \
                  WHERE sequence = 0) WHERE sequence = 2",
            expected: broken(2, LedgerProblem::EntryAltered),
        },
    ];
    let tamperings = &tamperings;
    for_each_backend("ledger_tampering", |databases| async move {
        for tampering in tamperings {
            let (store, url) = databases.fresh_with_url().await;
            with_organizations(&store).await;
            let dossier = highway();
            assert!(dossier.expenditures[4].explanation.is_none());
            assert_eq!(dossier.expenditures.len(), 6);
            store.import_dossier(&dossier, false).await.unwrap();
            assert_eq!(intact(&store).await, 6, "{}", tampering.what);
            let mut conn = raw(&url).await;
            conn.execute(tampering.sql).await.unwrap();
            assert_eq!(
                store.verify_ledger().await.unwrap(),
                tampering.expected,
                "{} on {:?}",
                tampering.what,
                store.backend()
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_refused_import_leaves_the_ledger_unchanged() {
    for_each_store("ledger_refused_import", |store| async move {
        with_organizations(&store).await;
        store.import_dossier(&highway(), false).await.unwrap();
        let (size, root) = (
            store.ledger_size().await.unwrap(),
            store.ledger_root().await.unwrap(),
        );
        store.import_dossier(&highway(), false).await.unwrap_err();
        let mut invalid = highway();
        invalid.project.code = code("G15-002");
        invalid.expenditures[0].date = "2024-04-02".parse().unwrap();
        store.import_dossier(&invalid, true).await.unwrap_err();
        store
            .import_dossiers(&[highway()], &|_| {})
            .await
            .unwrap_err();
        assert_eq!(store.ledger_size().await.unwrap(), size);
        assert_eq!(store.ledger_root().await.unwrap(), root);
        assert_eq!(intact(&store).await, size);
    })
    .await;
}

#[tokio::test]
async fn replacing_a_project_records_the_removals_and_checks_only_the_new_payments() {
    for_each_backend("ledger_replace", |databases| async move {
        let (store, url) = databases.fresh_with_url().await;
        with_organizations(&store).await;
        store.import_dossier(&highway(), false).await.unwrap();
        let old = highway().expenditures.len();

        // The new version keeps fewer payments and changes the first one's amount, so the old
        // entries no longer match the rows at their positions.
        let mut smaller = highway();
        smaller.budgets.truncate(1);
        smaller.expenditures.retain(|e| e.date.year() < 2024);
        smaller.progress.retain(|p| p.date.year() < 2024);
        smaller.expenditures[0].amount = jixiao_core::Money::from_fen(1);
        let new = smaller.expenditures.len();
        assert!(new > 0 && new < old);
        store.import_dossier(&smaller, true).await.unwrap();
        assert_eq!(intact(&store).await, (old + old + new) as u64);

        let entries = timeless_entries(&url).await;
        let kinds: Vec<&str> = entries.iter().map(|e| e.2.as_str()).collect();
        let mut expected = vec!["expenditure"; old];
        expected.extend(vec!["expenditure_removed"; old]);
        expected.extend(vec!["expenditure"; new]);
        assert_eq!(kinds, expected);

        // A new payment is still guarded after the replacement.
        let mut conn = raw(&url).await;
        conn.execute("UPDATE expenditure SET amount_fen = 2 WHERE position = 0")
            .await
            .unwrap();
        assert_eq!(
            store.verify_ledger().await.unwrap(),
            LedgerCheck::Broken {
                sequence: (old + old) as u64,
                problem: LedgerProblem::RecordChanged,
            }
        );
    })
    .await;
}
