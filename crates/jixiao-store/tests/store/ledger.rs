//! The ledger: one entry per record a write sets or removes, in the writing transaction; the
//! same entries from the bulk path; a check that names the entry whose row or entry was tampered
//! with; signed heads, proofs and histories.

use chrono::Datelike;
use jixiao_core::{OrgCode, Role};
use jixiao_ledger::{SigningKey, empty_root, leaf_hash, verify_consistency, verify_inclusion};
use jixiao_store::{LedgerCheck, LedgerEntry, LedgerProblem, Stamp, Store, StoreError};
use sqlx::{AnyConnection, Connection, Executor};

use crate::fixtures::{code, highway, portfolio, reading, stamp, with_organizations};
use crate::harness::{for_each_backend, for_each_store};
use crate::people::at;

/// A direct connection to the store's database, to change rows behind the store's back.
async fn raw(url: &str) -> AnyConnection {
    AnyConnection::connect(url)
        .await
        .expect("a direct connection")
}

async fn all_entries(store: &Store) -> Vec<LedgerEntry> {
    store.ledger_entries(0, 100_000).await.unwrap()
}

/// The index of the latest entry of `kind` about `record`.
async fn index_of(store: &Store, kind: &str, record: &str) -> u64 {
    all_entries(store)
        .await
        .into_iter()
        .rev()
        .find(|e| e.entry.kind == kind && e.entry.record == record)
        .unwrap_or_else(|| panic!("no {kind} entry for {record}"))
        .index
}

async fn intact(store: &Store) -> u64 {
    match store.verify_ledger(&|_, _| {}).await.unwrap() {
        LedgerCheck::Intact { size, root, .. } => {
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

/// The entries importing the highway fixture appends: 4 lines, 3 adjustments, 6 payments,
/// 4 indicators and 4 readings.
const HIGHWAY_ENTRIES: u64 = 21;

fn key() -> SigningKey {
    jixiao_ledger::signing_key_from_secret(&[42; 32])
}

/// The kinds of `entries` in order, with consecutive repeats counted.
fn runs(entries: &[LedgerEntry]) -> Vec<(String, usize)> {
    let mut runs: Vec<(String, usize)> = Vec::new();
    for entry in entries {
        match runs.last_mut() {
            Some((kind, count)) if *kind == entry.entry.kind => *count += 1,
            _ => runs.push((entry.entry.kind.clone(), 1)),
        }
    }
    runs
}

fn run(kind: &str, count: usize) -> (String, usize) {
    (kind.to_owned(), count)
}

#[tokio::test]
async fn importing_appends_an_entry_for_every_line_adjustment_payment_and_reading() {
    for_each_store("ledger_import_entries", |store| async move {
        with_organizations(&store).await;
        assert_eq!(store.ledger_root().await.unwrap(), empty_root());
        assert_eq!(intact(&store).await, 0);
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let entries = all_entries(&store).await;
        assert_eq!(
            runs(&entries),
            vec![
                run("budget_line", 2),
                run("adjustment", 2),
                run("budget_line", 2),
                run("adjustment", 1),
                run("expenditure", 6),
                run("indicator", 4),
                run("reading", 4),
            ]
        );
        let stamp = stamp();
        for (index, entry) in entries.iter().enumerate() {
            assert_eq!(entry.index, index as u64);
            assert_eq!(entry.entry.sequence, index as u64);
            assert_eq!(entry.entry.actor, stamp.actor);
            assert_eq!(entry.entry.time_ms, stamp.at.timestamp_millis());
            assert_eq!(entry.leaf, leaf_hash(&entry.bytes));
        }
        let first_payment = &entries[7].entry;
        assert_eq!(first_payment.record, "G15-001/0");
        let keys: Vec<&str> = first_payment
            .content
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(
            keys,
            ["date", "line", "fiscal_year", "amount_fen", "description"]
        );
        assert_eq!(entries[0].entry.record, "G15-001/2023/L01");
        assert_eq!(intact(&store).await, 21);
    })
    .await;
}

#[tokio::test]
async fn a_bulk_import_appends_the_same_entries_as_importing_one_by_one() {
    for_each_backend("ledger_bulk_equals_single", |databases| async move {
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
        bulk.import_dossiers(&dossiers, &stamp(), &|_| {})
            .await
            .unwrap();
        let single = all_entries(&one_by_one).await;
        assert!(!single.is_empty());
        assert_eq!(all_entries(&bulk).await, single);
        assert_eq!(intact(&bulk).await, single.len() as u64);
    })
    .await;
}

/// A change made behind the store's back, and what the check must say about it: the problem
/// and the kind and record of the entry it names (`None` for the log's end).
struct Tampering {
    what: &'static str,
    how: How,
    problem: LedgerProblem,
    names: Option<(&'static str, &'static str)>,
}

/// How a tampering is done: SQL on the rows, or an edit of the first ledger chunk's entries
/// (each its bytes and leaf hash), written back with its count.
enum How {
    Sql(&'static str),
    Chunk(fn(&mut ChunkEntries)),
}

/// A chunk's entries as a test edits them: each its bytes and its leaf hash.
type ChunkEntries = Vec<(Vec<u8>, Vec<u8>)>;

/// Reads the ledger chunk starting at entry 0, lets `edit` change its entries, and writes it
/// back uncompressed: what someone with the database file could do.
async fn rewrite_first_chunk(url: &str, edit: impl FnOnce(&mut ChunkEntries)) {
    let mut conn = raw(url).await;
    let (compression, stored, leaves): (String, Vec<u8>, Vec<u8>) = sqlx::query_as(
        "SELECT compression, entries, leaf_hashes FROM ledger_chunk WHERE first_sequence = 0",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(compression, "lz4");
    let blob = lz4_flex::block::decompress_size_prepended(&stored).unwrap();
    let mut entries = Vec::new();
    let mut rest = blob.as_slice();
    for leaf in leaves.chunks(32) {
        let length = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
        entries.push((rest[4..4 + length].to_vec(), leaf.to_vec()));
        rest = &rest[4 + length..];
    }
    edit(&mut entries);
    let mut blob = Vec::new();
    let mut leaves = Vec::new();
    for (bytes, leaf) in &entries {
        blob.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        blob.extend_from_slice(bytes);
        leaves.extend_from_slice(leaf);
    }
    let postgres = url.starts_with("postgres");
    let sql = if postgres {
        "UPDATE ledger_chunk SET entries = $1, leaf_hashes = $2, entry_count = $3, \
         compression = 'none' WHERE first_sequence = 0"
    } else {
        "UPDATE ledger_chunk SET entries = ?, leaf_hashes = ?, entry_count = ?, \
         compression = 'none' WHERE first_sequence = 0"
    };
    sqlx::query(sql)
        .bind(blob)
        .bind(leaves)
        .bind(entries.len() as i64)
        .execute(&mut conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_check_names_the_first_entry_whose_row_or_entry_was_tampered_with() {
    let tamperings = [
        Tampering {
            what: "a payment's amount changed",
            how: How::Sql("UPDATE expenditure SET amount_fen = amount_fen + 1 WHERE position = 2"),
            problem: LedgerProblem::RecordChanged,
            names: Some(("expenditure", "G15-001/2")),
        },
        Tampering {
            what: "an explanation added",
            how: How::Sql(
                "UPDATE expenditure SET explanation = 'x' WHERE position = 4 \
                 AND explanation IS NULL",
            ),
            problem: LedgerProblem::RecordChanged,
            names: Some(("expenditure", "G15-001/4")),
        },
        Tampering {
            what: "two payments swapped",
            how: How::Sql(
                "UPDATE expenditure SET position = 5 - position WHERE position IN (1, 4)",
            ),
            problem: LedgerProblem::RecordChanged,
            names: Some(("expenditure", "G15-001/1")),
        },
        Tampering {
            what: "a payment deleted",
            how: How::Sql("DELETE FROM expenditure WHERE position = 3"),
            problem: LedgerProblem::RecordDeleted,
            names: Some(("expenditure", "G15-001/3")),
        },
        Tampering {
            what: "a cost line's amount raised",
            how: How::Sql("UPDATE cost_line SET amount_fen = amount_fen + 100 WHERE code = 'L03'"),
            problem: LedgerProblem::RecordChanged,
            names: Some(("budget_line", "G15-001/2024/L03")),
        },
        Tampering {
            what: "an adjustment's reason rewritten",
            how: How::Sql("UPDATE adjustment SET reason = '其他' WHERE amount_fen = 600000"),
            problem: LedgerProblem::RecordChanged,
            names: Some(("adjustment", "G15-001/2024/0")),
        },
        Tampering {
            what: "a reading's value changed",
            how: How::Sql("UPDATE reading SET value = '99' WHERE position = 0"),
            problem: LedgerProblem::RecordChanged,
            names: Some(("reading", "G15-001/0")),
        },
        Tampering {
            what: "an indicator's weight changed",
            how: How::Sql("UPDATE indicator SET weight = '99' WHERE code = 'COST-01'"),
            problem: LedgerProblem::RecordChanged,
            names: Some(("indicator", "G15-001/indicator/COST-01")),
        },
        Tampering {
            what: "an indicator's target lowered",
            how: How::Sql("UPDATE indicator SET target = '1' WHERE code = 'OUT-01'"),
            problem: LedgerProblem::RecordChanged,
            names: Some(("indicator", "G15-001/indicator/OUT-01")),
        },
        Tampering {
            what: "a role granted with SQL",
            how: How::Sql(
                "INSERT INTO user_role (user_id, role) SELECT id, 'admin' FROM app_user \
                 WHERE username = 'li'",
            ),
            problem: LedgerProblem::RecordChanged,
            names: Some(("user", "li")),
        },
        Tampering {
            what: "a payment inserted with SQL",
            how: How::Sql(
                "INSERT INTO expenditure (project_id, cost_line_id, position, date, \
                 amount_fen, description) SELECT project_id, cost_line_id, 99, date, 1, 'x' \
                 FROM expenditure WHERE position = 0",
            ),
            problem: LedgerProblem::Unrecorded {
                kind: "expenditure".into(),
                record: "G15-001/99".into(),
            },
            names: None,
        },
        Tampering {
            what: "an entry deleted from the middle",
            how: How::Chunk(|entries| {
                entries.remove(9);
            }),
            problem: LedgerProblem::OutOfSequence,
            names: Some(("expenditure", "G15-001/2")),
        },
        Tampering {
            what: "two entries swapped",
            how: How::Chunk(|entries| entries.swap(8, 9)),
            problem: LedgerProblem::OutOfSequence,
            names: Some(("expenditure", "G15-001/1")),
        },
        Tampering {
            what: "an entry's leaf hash replaced",
            how: How::Chunk(|entries| entries[2].1 = entries[0].1.clone()),
            problem: LedgerProblem::EntryAltered,
            names: Some(("adjustment", "G15-001/2023/0")),
        },
        Tampering {
            what: "the first entry's byte changed, with its leaf hash recomputed",
            how: How::Chunk(|entries| {
                let last = entries[0].0.len() - 1;
                entries[0].0[last] ^= 1;
                entries[0].1 = jixiao_ledger::leaf_hash(&entries[0].0).0.to_vec();
            }),
            problem: LedgerProblem::RecordChanged,
            names: Some(("budget_line", "G15-001/2023/L01")),
        },
    ];
    let tamperings = &tamperings;
    for_each_backend("ledger_tampering", |databases| async move {
        for tampering in tamperings {
            let (store, url) = databases.fresh_with_url().await;
            with_organizations(&store).await;
            store
                .import_dossier(&highway(), false, &stamp())
                .await
                .unwrap();
            store
                .create_user(
                    "li",
                    "李工",
                    &OrgCode::new("JT-01").unwrap(),
                    &[Role::Engineer],
                    "hash",
                    &stamp(),
                )
                .await
                .unwrap();
            let size = intact(&store).await;
            let sequence = match tampering.names {
                Some((kind, record)) => index_of(&store, kind, record).await,
                None => size,
            };
            match &tampering.how {
                How::Sql(sql) => {
                    raw(&url).await.execute(*sql).await.unwrap();
                }
                How::Chunk(edit) => rewrite_first_chunk(&url, *edit).await,
            }
            assert_eq!(
                store.verify_ledger(&|_, _| {}).await.unwrap(),
                LedgerCheck::Broken {
                    sequence,
                    problem: tampering.problem.clone(),
                },
                "{} on {:?}",
                tampering.what,
                store.backend()
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_signed_head_catches_what_rewriting_rows_and_entries_alike_hides() {
    for_each_backend("ledger_head_check", |databases| async move {
        // The last entry deleted with its row: the log alone cannot tell, the head can.
        let (store, url) = databases.fresh_with_url().await;
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let head = store
            .sign_tree_head(&key(), at("2025-06-02T00:00:00Z"))
            .await
            .unwrap();
        assert_eq!(head.head.head.size, HIGHWAY_ENTRIES);
        match store.verify_ledger(&|_, _| {}).await.unwrap() {
            LedgerCheck::Intact { head: checked, .. } => assert_eq!(checked, Some(head)),
            broken => panic!("{broken:?}"),
        }
        let mut conn = raw(&url).await;
        conn.execute("DELETE FROM reading WHERE position = 3")
            .await
            .unwrap();
        rewrite_first_chunk(&url, |entries| {
            entries.pop();
        })
        .await;
        assert_eq!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Broken {
                sequence: HIGHWAY_ENTRIES - 1,
                problem: LedgerProblem::HeadBeyondLog { size: HIGHWAY_ENTRIES },
            }
        );
        // Nor will a new head be signed over the shortened log.
        let refused = store
            .sign_tree_head(&key(), at("2025-06-03T00:00:00Z"))
            .await
            .unwrap_err();
        assert!(
            matches!(&refused, StoreError::Conflict { constraint, .. } if constraint == "tree_head_extends"),
            "{refused:?}"
        );
        assert_eq!(store.tree_heads(10).await.unwrap().len(), 1);

        // An entry and its row rewritten together, with the leaf hash recomputed: only the
        // signed root no longer matches.
        let (store, url) = databases.fresh_with_url().await;
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        store
            .sign_tree_head(&key(), at("2025-06-02T00:00:00Z"))
            .await
            .unwrap();
        let mut changed = highway();
        changed.expenditures[0].amount = jixiao_core::Money::from_fen(1);
        let forged = databases.fresh().await;
        with_organizations(&forged).await;
        forged
            .import_dossier(&changed, false, &stamp())
            .await
            .unwrap();
        let entry = forged.ledger_entry(7).await.unwrap();
        rewrite_first_chunk(&url, |entries| {
            entries[7] = (entry.bytes.clone(), entry.leaf.0.to_vec());
        })
        .await;
        let mut conn = raw(&url).await;
        conn.execute("UPDATE expenditure SET amount_fen = 1 WHERE position = 0")
            .await
            .unwrap();
        assert_eq!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Broken {
                sequence: HIGHWAY_ENTRIES,
                problem: LedgerProblem::HeadMismatch { size: HIGHWAY_ENTRIES },
            }
        );
    })
    .await;
}

#[tokio::test]
async fn a_refused_import_leaves_the_ledger_unchanged() {
    for_each_store("ledger_refused_import", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let (size, root) = (
            store.ledger_size().await.unwrap(),
            store.ledger_root().await.unwrap(),
        );
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap_err();
        let mut invalid = highway();
        invalid.project.code = code("G15-002");
        invalid.expenditures[0].date = "2024-04-02".parse().unwrap();
        store
            .import_dossier(&invalid, true, &stamp())
            .await
            .unwrap_err();
        store
            .import_dossiers(&[highway()], &stamp(), &|_| {})
            .await
            .unwrap_err();
        assert_eq!(store.ledger_size().await.unwrap(), size);
        assert_eq!(store.ledger_root().await.unwrap(), root);
        assert_eq!(intact(&store).await, size);
    })
    .await;
}

#[tokio::test]
async fn replacing_a_project_records_every_removal_before_the_new_records() {
    for_each_backend("ledger_replace", |databases| async move {
        let (store, url) = databases.fresh_with_url().await;
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();

        // The new version keeps one budget and fewer payments and changes the first payment,
        // so the old entries no longer match the rows at their positions.
        let mut smaller = highway();
        smaller.budgets.truncate(1);
        smaller.expenditures.retain(|e| e.date.year() < 2024);
        smaller.progress.retain(|p| p.date.year() < 2024);
        smaller.readings.truncate(2);
        smaller.expenditures[0].amount = jixiao_core::Money::from_fen(1);
        let new = smaller.expenditures.len();
        assert!(new > 0 && new < 6);
        store
            .import_dossier(&smaller, true, &stamp())
            .await
            .unwrap();
        let entries = all_entries(&store).await;
        assert_eq!(
            runs(&entries[HIGHWAY_ENTRIES as usize..]),
            vec![
                run("budget_line_removed", 4),
                run("adjustment_removed", 3),
                run("expenditure_removed", 6),
                run("reading_removed", 4),
                run("indicator_removed", 4),
                run("budget_line", 2),
                run("adjustment", 2),
                run("expenditure", new),
                run("indicator", 4),
                run("reading", 2),
            ]
        );
        assert_eq!(intact(&store).await, entries.len() as u64);

        // A new payment is still guarded after the replacement.
        let first_new_payment = index_of(&store, "expenditure", "G15-001/0").await;
        assert!(first_new_payment > HIGHWAY_ENTRIES);
        let mut conn = raw(&url).await;
        conn.execute("UPDATE expenditure SET amount_fen = 2 WHERE position = 0")
            .await
            .unwrap();
        assert_eq!(
            store.verify_ledger(&|_, _| {}).await.unwrap(),
            LedgerCheck::Broken {
                sequence: first_new_payment,
                problem: LedgerProblem::RecordChanged,
            }
        );
    })
    .await;
}

#[tokio::test]
async fn readings_and_user_changes_are_recorded_with_their_stamp() {
    for_each_store("ledger_stamps", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let by_li = Stamp::new("li", at("2025-07-01T09:30:00Z"));
        let value = jixiao_core::ReadingValue::Value {
            value: "12.5".parse().unwrap(),
        };
        let new = reading("OUT-01", "2025-06-30", value);
        store
            .add_reading(&code("G15-001"), &new, &by_li)
            .await
            .unwrap();
        let by_admin = Stamp::new("admin", at("2025-07-02T10:00:00Z"));
        store
            .create_user(
                "wang",
                "王工",
                &OrgCode::new("JT-01").unwrap(),
                &[Role::Finance, Role::Auditor],
                "h",
                &by_admin,
            )
            .await
            .unwrap();
        store
            .set_user_active("wang", false, &by_admin)
            .await
            .unwrap();

        let entries = all_entries(&store).await;
        let tail: Vec<(&str, &str, &str, i64)> = entries[HIGHWAY_ENTRIES as usize..]
            .iter()
            .map(|e| {
                (
                    e.entry.kind.as_str(),
                    e.entry.record.as_str(),
                    e.entry.actor.as_str(),
                    e.entry.time_ms,
                )
            })
            .collect();
        assert_eq!(
            tail,
            vec![
                ("reading", "G15-001/4", "li", by_li.at.timestamp_millis()),
                ("user", "wang", "admin", by_admin.at.timestamp_millis()),
                ("user", "wang", "admin", by_admin.at.timestamp_millis()),
            ]
        );
        let content = |index: usize| entries[index].entry.content.clone();
        let active = |index: usize| {
            content(index)
                .into_iter()
                .find(|(key, _)| key == "active")
                .map(|(_, value)| value)
        };
        let first_user = HIGHWAY_ENTRIES as usize + 1;
        assert_eq!(active(first_user).as_deref(), Some("true"));
        assert_eq!(active(first_user + 1).as_deref(), Some("false"));
        assert!(content(first_user).contains(&("roles".to_owned(), "auditor,finance".to_owned())));
        assert_eq!(intact(&store).await, HIGHWAY_ENTRIES + 3);

        let history = store.user_history("wang", 10).await.unwrap();
        assert_eq!(
            history.iter().map(|e| e.index).collect::<Vec<_>>(),
            [HIGHWAY_ENTRIES + 2, HIGHWAY_ENTRIES + 1]
        );
        let project = store.project_history(&code("G15-001"), 3).await.unwrap();
        assert_eq!(
            project.iter().map(|e| e.index).collect::<Vec<_>>(),
            [HIGHWAY_ENTRIES, HIGHWAY_ENTRIES - 1, HIGHWAY_ENTRIES - 2]
        );
    })
    .await;
}

#[tokio::test]
async fn proofs_from_the_store_verify_against_its_roots_and_heads() {
    for_each_store("ledger_proofs", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossiers(&portfolio(), &stamp(), &|_| {})
            .await
            .unwrap();
        let size = store.ledger_size().await.unwrap();
        assert!(size > 20);
        let head = store
            .sign_tree_head(&key(), at("2025-06-03T00:00:00Z"))
            .await
            .unwrap();
        assert!(head.head.verify(&key().verifying_key()).is_ok());
        assert_eq!(head.public_key, key().verifying_key());
        assert_eq!(head.head.head.root, store.ledger_root().await.unwrap());
        assert_eq!(store.latest_tree_head().await.unwrap(), Some(head.clone()));

        for index in [0, 1, size / 2, size - 1] {
            let entry = store.ledger_entry(index).await.unwrap();
            let proof = store.inclusion_proof(index, size).await.unwrap();
            verify_inclusion(&entry.leaf, index, size, &proof, &head.head.head.root)
                .unwrap_or_else(|error| panic!("entry {index}: {error}"));
        }
        let old = size / 3;
        let old_root = store.ledger_root_at(old).await.unwrap();
        let proof = store.consistency_proof(old, size).await.unwrap();
        verify_consistency(old, size, &old_root, &head.head.head.root, &proof).unwrap();

        for (what, result) in [
            ("index at the size", store.inclusion_proof(size, size).await),
            (
                "size past the log",
                store.inclusion_proof(0, size + 1).await,
            ),
            (
                "old past new",
                store.consistency_proof(size, size - 1).await,
            ),
            (
                "new past the log",
                store.consistency_proof(1, size + 1).await,
            ),
        ] {
            assert!(
                matches!(result, Err(StoreError::Invalid(_))),
                "{what}: {result:?}"
            );
        }
        assert!(matches!(
            store.ledger_entry(size).await,
            Err(StoreError::NotFound { .. })
        ));

        // A later head is listed first.
        let later = store
            .sign_tree_head(&key(), at("2025-06-04T00:00:00Z"))
            .await
            .unwrap();
        let heads = store.tree_heads(5).await.unwrap();
        assert_eq!(heads, vec![later, head]);
    })
    .await;
}
