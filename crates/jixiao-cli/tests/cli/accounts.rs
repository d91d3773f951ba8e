//! `jixiao user` and `jixiao token` on a fresh database.

use crate::support::Workspace;

/// Runs `jixiao ARGS` with `input` on standard input.
fn run_with_input(workspace: &Workspace, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .args(["--db", &workspace.db_url()])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jixiao runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn users_are_added_listed_and_given_tokens() {
    let workspace = Workspace::new();
    let example = crate::support::repo_root().join("docs/examples/pipe-network.project.json");
    assert!(
        workspace
            .run(&["import", "project", example.to_str().unwrap()])
            .status
            .success()
    );
    let org = {
        let file = std::fs::read_to_string(&example).unwrap();
        let json: serde_json::Value = serde_json::from_str(&file).unwrap();
        json["project"]["organization"].as_str().unwrap().to_owned()
    };

    let added = run_with_input(
        &workspace,
        &[
            "user",
            "add",
            "zhang",
            "--org",
            &org,
            "--role",
            "finance",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        "a long enough password\n",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert!(!text(&added.stdout).contains("password (shown once)"));

    let generated = workspace.run(&["user", "add", "root", "--org", &org, "--role", "admin"]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    assert!(text(&generated.stdout).contains("password (shown once): "));

    let list = workspace.run(&["user", "list"]);
    let listing = text(&list.stdout);
    assert!(
        listing.contains("zhang") && listing.contains("finance,auditor"),
        "{listing}"
    );
    assert!(
        listing.contains("root") && listing.contains("admin"),
        "{listing}"
    );
    assert!(
        !listing.contains("$argon2"),
        "the list shows a password hash"
    );

    let token = workspace.run(&["token", "create", "--user", "zhang", "--name", "报表同步"]);
    assert!(token.status.success(), "{}", text(&token.stderr));
    let printed = text(&token.stdout);
    assert!(printed.trim().starts_with("jx_"), "{printed}");
}

/// A refused `user add` and what its error must say.
const REFUSED: &[(&str, &[&str], &str, &str)] = &[
    (
        "an unknown role",
        &["--role", "boss"],
        "a long enough password\n",
        "boss",
    ),
    (
        "a short password",
        &["--role", "finance"],
        "short\n",
        "at least 10 characters",
    ),
];

#[test]
fn bad_accounts_are_refused_with_a_reason_and_nothing_is_created() {
    let workspace = Workspace::new();
    for (what, extra, input, message) in REFUSED {
        let mut args = vec![
            "user",
            "add",
            "li",
            "--org",
            "NO-SUCH-ORG",
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        let output = run_with_input(&workspace, &args, input);
        assert!(!output.status.success(), "{what}: accepted");
        assert!(
            text(&output.stderr).contains(message),
            "{what}: {}",
            text(&output.stderr)
        );
    }
    let unknown_org = run_with_input(
        &workspace,
        &[
            "user",
            "add",
            "li",
            "--org",
            "NO-SUCH-ORG",
            "--role",
            "finance",
            "--password-stdin",
        ],
        "a long enough password\n",
    );
    assert!(!unknown_org.status.success());
    assert!(
        text(&unknown_org.stderr).contains("NO-SUCH-ORG"),
        "{}",
        text(&unknown_org.stderr)
    );
    assert!(!text(&workspace.run(&["user", "list"]).stdout).contains(" li "));
}
