//! `jixiao ledger verify` against changes made in the database file behind the application's
//! back: each is found, and the first entry it breaks is named.

use jixiao_store::Store;
use sqlx::{Connection, SqliteConnection};

use super::{chunks, demo_workspace, success, text};
use crate::support::Workspace;

/// A connection straight to the workspace's SQLite file, bypassing the store.
async fn connect(workspace: &Workspace) -> SqliteConnection {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(workspace.path("jixiao.db"));
    SqliteConnection::connect_with(&options)
        .await
        .expect("the database file opens")
}

/// A change made directly in the database file, outside the application.
#[derive(Debug, Clone, Copy)]
enum Tampering {
    /// One payment's amount raised by one fen.
    ChangeAmount,
    /// One payment's row deleted.
    DeleteExpenditure,
    /// The stored bytes and leaf hashes of entries 3 and 10 swapped.
    SwapEntries,
    /// Entry 5 cut out of its chunk.
    RemoveEntry,
}

const TAMPERINGS: &[(&str, Tampering)] = &[
    ("an expenditure amount changed", Tampering::ChangeAmount),
    ("an expenditure row deleted", Tampering::DeleteExpenditure),
    ("two ledger entries swapped", Tampering::SwapEntries),
    ("a ledger entry removed", Tampering::RemoveEntry),
];

/// Applies `tampering` to the database file of `workspace` and returns the index of the entry
/// `verify` must name, and the kind and record it must name with it when it should.
async fn tamper(workspace: &Workspace, tampering: Tampering) -> (u64, Option<String>) {
    // The entries are located through the application, then changed behind its back.
    let store = Store::connect(&workspace.db_url()).await.unwrap();
    let size = store.ledger_size().await.unwrap();
    let entries = store.ledger_entries(0, size).await.unwrap();
    drop(store);
    let mut conn = connect(workspace).await;
    let named = match tampering {
        Tampering::ChangeAmount | Tampering::DeleteExpenditure => {
            let (id, code, position): (i64, String, i64) = sqlx::query_as(
                "SELECT e.id, p.code, e.position FROM expenditure e \
                 JOIN project p ON p.id = e.project_id ORDER BY e.id LIMIT 1 OFFSET 7",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            let record = format!("{code}/{position}");
            // Readings share the record's form, so the kind is checked as well.
            let index = entries
                .iter()
                .rev()
                .find(|stored| stored.entry.kind == "expenditure" && stored.entry.record == record)
                .unwrap_or_else(|| panic!("no expenditure entry records {record}"))
                .index;
            let statement = match tampering {
                Tampering::ChangeAmount => {
                    "UPDATE expenditure SET amount_fen = amount_fen + 1 WHERE id = $1"
                }
                _ => "DELETE FROM expenditure WHERE id = $1",
            };
            let done = sqlx::query(statement)
                .bind(id)
                .execute(&mut conn)
                .await
                .unwrap();
            assert_eq!(done.rows_affected(), 1);
            (index, Some(format!("expenditure {record}")))
        }
        Tampering::SwapEntries => {
            let (first, second) = (3, 10);
            let mut stored = chunks::read_all(&mut conn).await;
            let (a, at_a) = chunks::locate(&stored, first);
            let (b, at_b) = chunks::locate(&stored, second);
            let entry_a = std::mem::take(&mut stored[a].entries[at_a]);
            let leaf_a = std::mem::take(&mut stored[a].leaves[at_a]);
            let entry_b = std::mem::replace(&mut stored[b].entries[at_b], entry_a);
            let leaf_b = std::mem::replace(&mut stored[b].leaves[at_b], leaf_a);
            stored[a].entries[at_a] = entry_b;
            stored[a].leaves[at_a] = leaf_b;
            chunks::write(&mut conn, &stored[a]).await;
            chunks::write(&mut conn, &stored[b]).await;
            (first, None)
        }
        Tampering::RemoveEntry => {
            let index = 5;
            let mut stored = chunks::read_all(&mut conn).await;
            let (at, offset) = chunks::locate(&stored, index);
            stored[at].entries.remove(offset);
            stored[at].leaves.remove(offset);
            chunks::write(&mut conn, &stored[at]).await;
            (index, None)
        }
    };
    conn.close().await.unwrap();
    named
}

/// The entry index a failure message names: the number after "ledger entry ".
fn named_index(message: &str) -> Option<u64> {
    let rest = &message[message.find("ledger entry ")? + "ledger entry ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[tokio::test]
async fn each_tampering_fails_verification_naming_the_entry_and_an_untouched_ledger_passes() {
    let untouched = demo_workspace();
    success(untouched.run(&["ledger", "sign"]));
    let report = success(untouched.run(&["ledger", "verify"]));
    let store = Store::connect(&untouched.db_url()).await.unwrap();
    let size = store.ledger_size().await.unwrap();
    let root = store.ledger_root().await.unwrap();
    assert!(size > 10, "the demo records too little: {size}");
    assert!(report.contains(&format!("{size} entries")), "{report}");
    assert!(report.contains(&root.to_string()), "{report}");
    assert!(report.contains("signed head checked"), "{report}");

    for (what, tampering) in TAMPERINGS {
        let workspace = demo_workspace();
        success(workspace.run(&["ledger", "sign"]));
        let (index, named) = tamper(&workspace, *tampering).await;

        let output = workspace.run(&["ledger", "verify"]);
        let message = text(&output.stderr);
        assert!(!output.status.success(), "{what}: verify passed");
        assert_eq!(named_index(&message), Some(index), "{what}: {message}");
        if let Some(named) = named {
            assert!(message.contains(&named), "{what}: {message}");
        }
    }
}
