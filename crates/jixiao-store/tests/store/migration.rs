//! Upgrading a database written before the ledger was packed in chunks: every stored entry keeps
//! its bytes, its leaf hash and its place, and is found under its project afterwards.

use std::path::Path;

use jixiao_ledger::{Entry, leaf_hash};
use jixiao_store::Store;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, Connection};

use crate::harness::for_each_backend;

/// The migrations of `backend` up to and including `last`, copied to a directory of their own.
fn migrations_until(backend: &str, last: &str, into: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    for file in std::fs::read_dir(&source).unwrap() {
        let file = file.unwrap();
        let name = file.file_name().into_string().unwrap();
        if name.as_str() <= last {
            std::fs::copy(file.path(), into.join(&name)).unwrap();
        }
    }
}

fn old_entry(sequence: u64, record: &str) -> Entry {
    Entry {
        sequence,
        time_ms: 1_700_000_000_000 + sequence as i64,
        actor: "import".into(),
        kind: "expenditure".into(),
        record: record.into(),
        content: vec![("amount_fen".into(), (sequence * 100).to_string())],
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[tokio::test]
async fn entries_of_the_one_row_per_entry_table_survive_the_upgrade_unchanged() {
    for_each_backend("ledger_upgrade", |databases| async move {
        let url = databases.empty_url().await;
        let postgres = url.starts_with("postgres");
        let dir = tempfile::tempdir().unwrap();
        migrations_until(
            if postgres { "postgres" } else { "sqlite" },
            "0003_ledger.sql",
            dir.path(),
        );
        let old = Migrator::new(dir.path()).await.unwrap();
        sqlx::any::install_default_drivers();
        // A SQLite file is only created when the URL asks for it.
        let direct = if postgres {
            url.clone()
        } else {
            format!("{url}?mode=rwc")
        };
        let mut conn = AnyConnection::connect(&direct).await.unwrap();
        old.run(&mut conn).await.unwrap();
        let entries = [
            old_entry(0, "G15-001/0"),
            old_entry(1, "G15-001/1"),
            old_entry(2, "S1-9/0"),
        ];
        let insert = if postgres {
            "INSERT INTO ledger_entry (sequence, recorded_at, actor, kind, record, entry, \
             leaf_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        } else {
            "INSERT INTO ledger_entry (sequence, recorded_at, actor, kind, record, entry, \
             leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?)"
        };
        for entry in &entries {
            let bytes = entry.encode();
            sqlx::query(insert)
                .bind(entry.sequence as i64)
                .bind(entry.time_ms)
                .bind(entry.actor.clone())
                .bind(entry.kind.clone())
                .bind(entry.record.clone())
                .bind(hex(&bytes))
                .bind(leaf_hash(&bytes).to_string())
                .execute(&mut conn)
                .await
                .unwrap();
        }
        conn.close().await.unwrap();

        let store = Store::connect(&url).await.unwrap();
        assert_eq!(store.ledger_size().await.unwrap(), 3);
        let stored = store.ledger_entries(0, 10).await.unwrap();
        for (entry, stored) in entries.iter().zip(&stored) {
            assert_eq!(stored.bytes, entry.encode());
            assert_eq!(stored.leaf, leaf_hash(&entry.encode()));
            assert_eq!(&stored.entry, entry);
        }
        let history = store
            .project_history(&crate::fixtures::code("G15-001"), 10)
            .await
            .unwrap();
        assert_eq!(history.iter().map(|e| e.index).collect::<Vec<_>>(), [1, 0]);
        store.close().await;
    })
    .await;
}
