//! `jixiao ledger` on a small demo province: what `head`, `export` and `prove` print lets a third
//! party check the log with nothing of ours, the signing key is handled with care, and writes
//! carry their actor. Tampering is in [`tampering`].

mod chunks;
mod independent;
mod tampering;

use std::path::Path;
use std::process::Output;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jixiao_ledger::{Hash, verify_inclusion};
use jixiao_store::Store;

use crate::support::{Server, Workspace};

/// A workspace holding a demo province small enough to load in a few seconds.
fn demo_workspace() -> Workspace {
    let workspace = Workspace::new();
    let loaded = workspace.run(&["demo", "--projects", "3"]);
    assert!(loaded.status.success(), "{}", text(&loaded.stderr));
    workspace
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Standard output of a run that must succeed.
fn success(output: Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        text(&output.stderr)
    );
    text(&output.stdout)
}

fn json(line: &str) -> serde_json::Value {
    serde_json::from_str(line.trim()).unwrap_or_else(|err| panic!("{err}: {line}"))
}

/// The exported entries, decoded, after checking that they come in index order from 0.
fn exported_entries(lines: &str) -> Vec<Vec<u8>> {
    lines
        .lines()
        .enumerate()
        .map(|(position, line)| {
            let value = json(line);
            let object = value.as_object().expect("one object per line");
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            assert_eq!(keys, ["index", "entry"], "{line}");
            assert_eq!(object["index"].as_u64(), Some(position as u64), "{line}");
            STANDARD
                .decode(object["entry"].as_str().expect("a base64 string"))
                .expect("valid base64")
        })
        .collect()
}
#[test]
fn the_exported_entries_recompute_the_signed_root_and_the_signature_holds() {
    let workspace = demo_workspace();
    let signed = json(&success(
        workspace.run(&["ledger", "sign", "--format", "json"]),
    ));
    let head_line = success(workspace.run(&["ledger", "head", "--format", "json"]));
    let head = json(&head_line);
    assert_eq!(head, signed, "head prints the head just signed");
    let keys: Vec<&str> = head
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["size", "root_hash", "timestamp", "signature", "public_key"]
    );

    let entries = exported_entries(&success(workspace.run(&["ledger", "export"])));
    let size = head["size"].as_u64().unwrap();
    assert_eq!(entries.len() as u64, size);
    let leaves: Vec<[u8; 32]> = entries
        .iter()
        .map(|entry| independent::leaf(entry))
        .collect();
    let root = independent::root(&leaves);
    assert_eq!(independent::hex(&root), head["root_hash"].as_str().unwrap());
    assert!(independent::head_signature_holds(
        size,
        head["timestamp"].as_u64().unwrap(),
        &root,
        &independent::unhex(head["signature"].as_str().unwrap()),
        &independent::unhex(head["public_key"].as_str().unwrap()),
    ));
    let mut forged = independent::unhex::<64>(head["signature"].as_str().unwrap());
    forged[0] ^= 1;
    assert!(!independent::head_signature_holds(
        size,
        head["timestamp"].as_u64().unwrap(),
        &root,
        &forged,
        &independent::unhex(head["public_key"].as_str().unwrap()),
    ));

    // A partial export to a file is the tail of the whole one.
    let file = workspace.path("tail.jsonl");
    success(workspace.run(&[
        "ledger",
        "export",
        "--from",
        "5",
        "-o",
        file.to_str().unwrap(),
    ]));
    let tail = std::fs::read_to_string(&file).unwrap();
    let first = json(tail.lines().next().expect("a line"));
    assert_eq!(first["index"].as_u64(), Some(5));
    assert_eq!(tail.lines().count(), entries.len() - 5);
    assert_eq!(
        STANDARD.decode(first["entry"].as_str().unwrap()).unwrap(),
        entries[5]
    );
}

#[test]
fn printed_inclusion_proofs_verify_and_a_missing_index_is_refused() {
    let workspace = demo_workspace();
    let entries = exported_entries(&success(workspace.run(&["ledger", "export"])));
    let head = json(&success(
        workspace.run(&["ledger", "sign", "--format", "json"]),
    ));
    let size = entries.len() as u64;
    let leaves: Vec<[u8; 32]> = entries
        .iter()
        .map(|entry| independent::leaf(entry))
        .collect();

    // Against the signed head by default, and against an earlier tree when asked.
    let cases = [
        (0, None, size),
        (size / 2, None, size),
        (size - 1, None, size),
        (6, Some(7), 7),
        (0, Some(1), 1),
    ];
    for (index, asked, expected_size) in cases {
        let mut args = vec!["ledger".to_owned(), "prove".to_owned(), index.to_string()];
        if let Some(asked) = asked {
            args.extend(["--size".to_owned(), asked.to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let proof = json(&success(workspace.run(&args)));
        let case = format!("index {index}, size {asked:?}");
        assert_eq!(proof["index"].as_u64(), Some(index), "{case}");
        assert_eq!(proof["size"].as_u64(), Some(expected_size), "{case}");
        let root = independent::root(&leaves[..expected_size as usize]);
        assert_eq!(
            proof["root_hash"].as_str(),
            Some(independent::hex(&root).as_str())
        );
        if asked.is_none() {
            assert_eq!(proof["root_hash"], head["root_hash"], "{case}");
        }
        let leaf: Hash = proof["leaf_hash"].as_str().unwrap().parse().unwrap();
        assert_eq!(leaf.0, leaves[index as usize], "{case}");
        let path: Vec<Hash> = proof["proof"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hash| hash.as_str().unwrap().parse().unwrap())
            .collect();
        verify_inclusion(&leaf, index, expected_size, &path, &Hash(root))
            .unwrap_or_else(|err| panic!("{case}: {err}"));
    }

    let past_end = size.to_string();
    let refused = workspace.run(&["ledger", "prove", &past_end]);
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(
        message.contains(&format!("no entry {size} in the tree of {size} entries")),
        "{message}"
    );
    let too_big = (size + 1).to_string();
    let refused = workspace.run(&["ledger", "prove", "0", "--size", &too_big]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains(&too_big),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn asking_for_a_head_before_one_is_signed_suggests_signing() {
    let workspace = demo_workspace();
    let output = workspace.run(&["ledger", "head"]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("jixiao ledger sign"),
        "{}",
        text(&output.stderr)
    );
}

/// The public key a key file's 32 bytes give.
fn public_key_of(path: &Path) -> String {
    let secret: [u8; 32] = std::fs::read(path).unwrap().try_into().expect("32 bytes");
    let key = ed25519_dalek::SigningKey::from_bytes(&secret);
    independent::hex(key.verifying_key().as_bytes())
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_signing_key_is_created_private_then_reused_and_a_wrong_length_is_refused() {
    let workspace = demo_workspace();
    let default_key = workspace.path("ledger-signing.key");
    assert!(!default_key.exists());

    let first = json(&success(
        workspace.run(&["ledger", "sign", "--format", "json"]),
    ));
    assert_eq!(std::fs::read(&default_key).unwrap().len(), 32);
    #[cfg(unix)]
    assert_eq!(mode_of(&default_key), 0o600);
    assert_eq!(
        first["public_key"].as_str().unwrap(),
        public_key_of(&default_key)
    );
    let secret = std::fs::read(&default_key).unwrap();

    let second = json(&success(
        workspace.run(&["ledger", "sign", "--format", "json"]),
    ));
    assert_eq!(second["public_key"], first["public_key"]);
    assert_eq!(
        std::fs::read(&default_key).unwrap(),
        secret,
        "the key was rewritten"
    );

    // A path given by the variable is created with its folders.
    let nested = workspace.path("keys/deeper/head.key");
    let output = workspace
        .command(&["ledger", "sign", "--format", "json"])
        .env("JIXIAO_LEDGER_KEY", &nested)
        .output()
        .unwrap();
    let third = json(&success(output));
    assert_eq!(
        third["public_key"].as_str().unwrap(),
        public_key_of(&nested)
    );
    assert_ne!(third["public_key"], first["public_key"]);

    for length in [0, 31, 33, 64] {
        let bad = workspace.path(&format!("bad-{length}.key"));
        std::fs::write(&bad, vec![7u8; length]).unwrap();
        let output = workspace.run(&["ledger", "sign", "--ledger-key", bad.to_str().unwrap()]);
        let message = text(&output.stderr);
        assert!(!output.status.success(), "{length} bytes accepted");
        assert!(
            message.contains(bad.to_str().unwrap()),
            "{length}: {message}"
        );
        assert!(
            message.contains(&format!("holds {length} bytes")),
            "{message}"
        );
        assert_eq!(
            std::fs::read(&bad).unwrap(),
            vec![7u8; length],
            "{length}: overwritten"
        );
    }
}

#[test]
fn serve_creates_the_key_and_signs_a_head_over_the_ledger_before_it_serves() {
    let workspace = demo_workspace();
    let key = workspace.path("server.key");
    let server = Server::start(
        &workspace,
        &["--ledger-key", key.to_str().unwrap(), "--sign-every", "1h"],
    );
    let head = json(&success(
        workspace.run(&["ledger", "head", "--format", "json"]),
    ));
    let lines = success(workspace.run(&["ledger", "export"]))
        .lines()
        .count() as u64;
    assert_eq!(head["size"].as_u64(), Some(lines));
    assert_eq!(head["public_key"].as_str().unwrap(), public_key_of(&key));
    #[cfg(unix)]
    assert_eq!(mode_of(&key), 0o600);
    drop(server);
}

/// The actors of every entry in the workspace's ledger.
async fn actors(workspace: &Workspace) -> Vec<String> {
    let store = Store::connect(&workspace.db_url()).await.unwrap();
    let size = store.ledger_size().await.unwrap();
    let entries = store.ledger_entries(0, size).await.unwrap();
    entries
        .into_iter()
        .map(|stored| stored.entry.actor)
        .collect()
}

#[tokio::test]
async fn command_line_writes_are_recorded_as_the_login_and_the_demo_as_demo_or_its_users() {
    let workspace = Workspace::new();
    let example = crate::support::repo_root().join("docs/examples/pipe-network.project.json");
    let output = workspace
        .command(&["import", "project", example.to_str().unwrap()])
        .env("USER", "wang")
        .output()
        .unwrap();
    success(output);
    let imported = actors(&workspace).await;
    assert!(!imported.is_empty());
    assert!(
        imported.iter().all(|actor| actor == "cli:wang"),
        "{imported:?}"
    );

    // The loader writes as `demo`, except the budget preparation it replays, which is written
    // as the demo users who take each step.
    let demo = actors(&demo_workspace()).await;
    let users: Vec<&str> = jixiao_demo::users().iter().map(|u| u.username).collect();
    assert!(demo.iter().any(|actor| actor == "demo"), "{demo:?}");
    assert!(
        demo.iter()
            .all(|actor| actor == "demo" || users.contains(&actor.as_str())),
        "{demo:?}"
    );
}
