//! `jixiao import project` and `jixiao export project` on the documented examples and on
//! broken files.

use std::collections::BTreeMap;

use jixiao_core::interchange;
use jixiao_store::Store;

use crate::support::{Workspace, repo_root};

const EXAMPLES: &[(&str, &str)] = &[
    ("docs/examples/highway-g312.project.json", "highway"),
    ("docs/examples/pipe-network.project.json", "pipe network"),
];

async fn counts(workspace: &Workspace) -> BTreeMap<String, i64> {
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the database opens");
    store.table_counts().await.expect("table counts")
}

async fn ledger_size(workspace: &Workspace) -> u64 {
    let store = Store::connect(&workspace.db_url())
        .await
        .expect("the database opens");
    store.ledger_size().await.expect("the ledger size")
}

#[tokio::test]
async fn each_example_survives_import_export_and_import_again() {
    for (example, label) in EXAMPLES {
        let path = repo_root().join(example);
        let original = interchange::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let code = original.dossier.project.code.to_string();

        let first = Workspace::new();
        let imported = first.run(&["import", "project", path.to_str().unwrap()]);
        assert!(
            imported.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&imported.stderr)
        );
        let exported_path = first.path("exported.json");
        let exported = first.run(&[
            "export",
            "project",
            &code,
            "-o",
            exported_path.to_str().unwrap(),
        ]);
        assert!(
            exported.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&exported.stderr)
        );
        let exported_text = std::fs::read_to_string(&exported_path).unwrap();
        let round_tripped = interchange::parse(&exported_text).unwrap();
        assert_eq!(
            round_tripped.dossier, original.dossier,
            "{label}: export differs"
        );
        assert_eq!(round_tripped.organization.code, original.organization.code);

        // The export loads into another database and exports to the same text.
        let second = Workspace::new();
        let again = second.run(&["import", "project", exported_path.to_str().unwrap()]);
        assert!(
            again.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        let second_path = second.path("again.json");
        let out = second.run(&[
            "export",
            "project",
            &code,
            "-o",
            second_path.to_str().unwrap(),
        ]);
        assert!(out.status.success());
        assert_eq!(
            std::fs::read_to_string(&second_path).unwrap(),
            exported_text,
            "{label}"
        );
    }
}

#[tokio::test]
async fn importing_the_same_project_twice_is_refused_unless_replacing() {
    let workspace = Workspace::new();
    let path = repo_root().join(EXAMPLES[0].0);
    let path = path.to_str().unwrap();
    assert!(workspace.run(&["import", "project", path]).status.success());
    let before = counts(&workspace).await;
    let ledger_before = ledger_size(&workspace).await;
    let again = workspace.run(&["import", "project", path]);
    assert!(!again.status.success(), "a second import must be refused");
    assert_eq!(counts(&workspace).await, before);
    assert_eq!(ledger_size(&workspace).await, ledger_before);
    assert!(
        workspace
            .run(&["import", "project", path, "--replace"])
            .status
            .success()
    );
    // The ledger only grows: the replacement records the removal of every old payment and
    // appends an entry for every new one; every other table holds what it held.
    // The ledger's own tables change shape as it grows, so its size is compared instead.
    let mut after = counts(&workspace).await;
    let mut before = before;
    for table in ["ledger_chunk", "ledger_span"] {
        assert!(before.remove(table).is_some(), "{table} is counted");
        after.remove(table);
    }
    assert_eq!(ledger_size(&workspace).await, 3 * ledger_before);
    assert_eq!(after, before);
}

/// One edit to the first example, and the JSON path its error must name.
struct BrokenFile {
    what: &'static str,
    edit: fn(&mut serde_json::Value),
    path: &'static str,
}

const BROKEN: &[BrokenFile] = &[
    BrokenFile {
        what: "an amount that is not a number",
        edit: |v| v["budgets"][0]["lines"][0]["amount"] = "12,5".into(),
        path: "$.budgets[0].lines[0].amount",
    },
    BrokenFile {
        what: "an expenditure on an unknown line",
        edit: |v| v["expenditures"][0]["line"] = "NO-SUCH-LINE".into(),
        path: "$.expenditures[0].line",
    },
    BrokenFile {
        what: "an unknown direction",
        edit: |v| v["indicators"][0]["direction"] = "≥".into(),
        path: "$.indicators[0].direction",
    },
];

#[tokio::test]
async fn a_broken_file_names_the_json_path_and_changes_nothing() {
    let workspace = Workspace::new();
    // A database that already holds a project, so "unchanged" is not trivially empty.
    let other = repo_root().join(EXAMPLES[1].0);
    assert!(
        workspace
            .run(&["import", "project", other.to_str().unwrap()])
            .status
            .success()
    );
    let before = counts(&workspace).await;
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join(EXAMPLES[0].0)).unwrap())
            .unwrap();
    for case in BROKEN {
        let mut broken = base.clone();
        (case.edit)(&mut broken);
        let file = workspace.path("broken.json");
        std::fs::write(&file, serde_json::to_string_pretty(&broken).unwrap()).unwrap();
        let output = workspace.run(&["import", "project", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{}: accepted", case.what);
        assert!(
            stderr.contains(case.path),
            "{}: the error does not name {}: {stderr}",
            case.what,
            case.path
        );
        assert!(
            stderr.contains("broken.json"),
            "{}: the error does not name the file",
            case.what
        );
        assert_eq!(
            counts(&workspace).await,
            before,
            "{}: the database changed",
            case.what
        );
    }
}
