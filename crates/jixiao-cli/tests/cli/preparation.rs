//! `jixiao stage`, `budget`, `targets` and `library` on a temporary database holding one
//! planned highway project: what each command stores and prints, the refusals of the approval
//! workflow, and bad files that must name their fault and change nothing.

mod bad_input;
mod stages;
mod targets;
mod workflow;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

use jixiao_core::ProjectCode;
use jixiao_store::Store;
use serde_json::json;

use crate::support::Workspace;

/// The project every test prepares: a highway that runs from March 2026 to October 2027.
pub const CODE: &str = "JT-2026-HW-001";

/// The login the commands run as, so that writes are stamped `cli:tester`.
pub const LOGIN: &str = "tester";

/// A workspace holding the project and an account `tester` who can own its indicators.
pub fn project_workspace() -> Workspace {
    let workspace = Workspace::new();
    let project = json!({
        "format": "jixiao.project.v1",
        "project": {
            "code": CODE,
            "name": "S205线改建工程",
            "type": "highway",
            "organization": "JT-TEST",
            "organization_name": "测试交通运输局",
            "region": "测试市",
            "status": "planned",
            "start": "2026-03-01",
            "finish": "2027-10-31"
        },
        "budgets": []
    });
    let file = write(&workspace, "project.json", &project.to_string());
    success(jixiao(&workspace, &["import", "project", &file]));
    success(jixiao(
        &workspace,
        &[
            "user", "add", LOGIN, "--org", "JT-TEST", "--role", "engineer",
        ],
    ));
    workspace
}

/// Writes `contents` to `name` in the workspace and returns its path.
pub fn write(workspace: &Workspace, name: &str, contents: &str) -> String {
    let path: PathBuf = workspace.path(name);
    std::fs::write(&path, contents).expect("a writable temporary folder");
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// Runs `jixiao ARGS --db <the workspace's database>` as the operating-system user `tester`.
pub fn jixiao(workspace: &Workspace, args: &[&str]) -> Output {
    workspace
        .command(args)
        .env("USER", LOGIN)
        .output()
        .expect("jixiao runs")
}

/// Standard output of a run that must succeed.
pub fn success(output: Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// Standard error of a run that must fail.
pub fn failure(output: Output) -> String {
    assert!(
        !output.status.success(),
        "accepted: {}",
        text(&output.stdout)
    );
    text(&output.stderr)
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The database as a whole: the rows of every table and the size of the ledger.
pub async fn snapshot(workspace: &Workspace) -> (BTreeMap<String, i64>, u64) {
    let store = store(workspace).await;
    let counts = store.table_counts().await.expect("table counts");
    (counts, store.ledger_size().await.expect("the ledger size"))
}

/// The workspace's database, opened directly.
pub async fn store(workspace: &Workspace) -> Store {
    Store::connect(&workspace.db_url())
        .await
        .expect("the database opens")
}

/// The project's code as a value.
pub fn code() -> ProjectCode {
    ProjectCode::new(CODE).unwrap()
}

/// A complete target set for the highway: a goal, schedule, cost and quality indicators that
/// weigh 90 with the execution rate's 10, each owned by `tester`.
pub fn complete_targets() -> serde_json::Value {
    let indicator = |code: &str, level2: &str, name: &str, target: &str, unit: &str| {
        json!({
            "indicator": {
                "code": code,
                "level1": "output",
                "level2": level2,
                "name": name,
                "direction": "<=",
                "target": target,
                "target_text": null,
                "unit": unit,
                "weight": "30",
                "core": true
            },
            "standard": "plan",
            "data_source": "监理月报",
            "frequency": "quarterly",
            "owner": format!("user:{LOGIN}")
        })
    };
    json!({
        "overall_goal": "建成二级公路 18 公里",
        "annual_goals": [[2026, "完成路基工程"]],
        "execution_weight": "10",
        "indicators": [
            indicator("schedule_delay", "timeliness", "工期延误天数", "0", "天"),
            indicator("investment_control", "output_cost", "投资控制率", "100", "%"),
            indicator("defect_rate", "quality", "质量缺陷率", "2", "%")
        ]
    })
}

/// A justification of `quantity` × `unit_price` 元.
pub fn justification(quantity: &str, unit_price: &str) -> serde_json::Value {
    json!({
        "necessity": "现有道路狭窄，通行能力不足",
        "basis": {
            "kind": "quantity_price",
            "quantity": quantity,
            "unit": "km",
            "unit_price": unit_price
        },
        "alternatives": "局部拓宽，已比选否定",
        "expected_effect": "通行能力提高一倍",
        "last_year": null
    })
}

/// The draft of 2026 every workflow test starts from: 5,000,000 元 of road works and
/// 120,000 元 of supervision, which `justify_all` justifies.
pub const DRAFT: &str = "line,name,category,amount,profile\n\
                         L01,路基工程,building_works,5000000.00,s_curve\n\
                         L02,\"监理费, 含检测\",supervision,120000,linear\n";

/// Stores the complete target set and the 2026 draft.
pub fn targets_and_draft(workspace: &Workspace) {
    let targets = write(workspace, "targets.json", &complete_targets().to_string());
    success(jixiao(workspace, &["targets", "set", CODE, &targets]));
    let draft = write(workspace, "draft.csv", DRAFT);
    success(jixiao(
        workspace,
        &["budget", "draft", CODE, "--year", "2026", &draft],
    ));
}

/// Justifies line `line` from `justification`; returns what the command printed on standard
/// error (the problems that remain).
pub fn justify(workspace: &Workspace, line: &str, justification: &serde_json::Value) -> String {
    let file = write(
        workspace,
        &format!("{line}.json"),
        &justification.to_string(),
    );
    let output = jixiao(
        workspace,
        &[
            "budget", "justify", CODE, "--year", "2026", "--line", line, &file,
        ],
    );
    let stderr = text(&output.stderr);
    success(output);
    stderr
}

/// Justifies both lines of [`DRAFT`] so that their arithmetic agrees with their amounts.
pub fn justify_all(workspace: &Workspace) {
    for (line, quantity, price) in [("L01", "5", "1000000"), ("L02", "12", "10000")] {
        let problems = justify(workspace, line, &justification(quantity, price));
        assert!(!problems.contains("problem:"), "{line}: {problems}");
    }
}

/// The status of the 2026 budget as `budget status --format json` prints it.
pub fn status(workspace: &Workspace) -> serde_json::Value {
    let printed = success(jixiao(
        workspace,
        &[
            "budget", "status", CODE, "--year", "2026", "--format", "json",
        ],
    ));
    serde_json::from_str(&printed).unwrap_or_else(|err| panic!("{err}: {printed}"))
}
