//! `jixiao targets` and `jixiao library`: targets started from the library, completed from a
//! file and shown with the rules they break, and the library with its statistics.

use jixiao_core::ProjectType;
use jixiao_core::preparation::target::TargetSet;
use rust_decimal::Decimal;
use serde_json::json;

use super::{
    CODE, LOGIN, code, complete_targets, jixiao, project_workspace, store, success, text, write,
};

/// The problem codes `targets show --format json` reports.
fn problem_codes(workspace: &crate::support::Workspace) -> Vec<String> {
    let shown = success(jixiao(
        workspace,
        &["targets", "show", CODE, "--format", "json"],
    ));
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    shown["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| {
            assert!(problem["message"].is_string(), "{problem}");
            problem["code"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn targets_are_started_from_the_library_completed_from_a_file_and_shown() {
    let workspace = project_workspace();
    let fresh = problem_codes(&workspace);
    for expected in ["empty_overall_goal", "weight_sum", "missing_required"] {
        assert!(fresh.iter().any(|c| c == expected), "{expected}: {fresh:?}");
    }

    // A set holding one of the library's codes under its own name keeps that row.
    let mut own = complete_targets();
    own["indicators"] = json!([own["indicators"][0].clone()]);
    own["indicators"][0]["indicator"]["name"] = "合同工期延误天数".into();
    let file = write(&workspace, "own.json", &own.to_string());
    let output = jixiao(&workspace, &["targets", "set", CODE, &file]);
    let stderr = text(&output.stderr);
    success(output);
    assert!(
        stderr.contains("problem: Indicator weights add up to 30"),
        "an incomplete set is stored and its problems printed: {stderr}"
    );

    let library = store(&workspace)
        .await
        .indicator_templates(Some(ProjectType::Highway))
        .await
        .unwrap();
    let output = jixiao(&workspace, &["targets", "from-library", CODE]);
    let stderr = text(&output.stderr);
    let added = success(output);
    assert!(
        added.starts_with(&format!(
            "added {} indicators from the highway library",
            library.len() - 1
        )),
        "{added}"
    );
    assert!(!added.contains("schedule_delay"), "{added}");
    assert!(
        stderr.contains("problem: Indicator mileage_completion has no owner"),
        "{stderr}"
    );
    let stored = store(&workspace).await.targets(&code()).await.unwrap();
    let codes: Vec<&str> = stored
        .indicators
        .iter()
        .map(|row| row.indicator.code.as_str())
        .collect();
    let mut expected = vec!["schedule_delay"];
    expected.extend(
        library
            .iter()
            .map(|template| template.code.as_str())
            .filter(|code| *code != "schedule_delay"),
    );
    assert_eq!(codes, expected);
    assert_eq!(stored.indicators[0].indicator.name, "合同工期延误天数");

    let again = success(jixiao(&workspace, &["targets", "from-library", CODE]));
    assert!(again.starts_with("nothing to add"), "{again}");
    assert_eq!(
        store(&workspace).await.targets(&code()).await.unwrap(),
        stored
    );

    // Completing the set from a file: owners, and weights that leave 10 to the execution rate.
    let shown = success(jixiao(
        &workspace,
        &["targets", "show", CODE, "--format", "json"],
    ));
    let mut complete: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let mut complete = complete["targets"].take();
    complete["overall_goal"] = "建成二级公路 18 公里".into();
    let rows = complete["indicators"].as_array_mut().unwrap();
    assert_eq!(
        rows.len(),
        10,
        "ten rows of 9 points leave 10 to the execution rate"
    );
    for row in rows.iter_mut() {
        row["owner"] = format!("user:{LOGIN}").into();
        row["indicator"]["weight"] = "9".into();
    }
    let file = write(&workspace, "complete.json", &complete.to_string());
    let output = jixiao(&workspace, &["targets", "set", CODE, &file]);
    let stderr = text(&output.stderr);
    success(output);
    assert!(!stderr.contains("problem:"), "{stderr}");
    assert!(problem_codes(&workspace).is_empty());
    let shown = success(jixiao(&workspace, &["targets", "show", CODE]));
    assert!(shown.contains("complete: no rule is broken"), "{shown}");
    assert!(shown.contains("建成二级公路 18 公里"), "{shown}");
    let file_set: TargetSet = serde_json::from_value(complete).unwrap();
    assert_eq!(
        store(&workspace).await.targets(&code()).await.unwrap(),
        file_set
    );
}

/// A completed highway project whose `first_pass_rate` ended at `value`.
fn completed_project(number: u32, value: &str) -> String {
    json!({
        "format": "jixiao.project.v1",
        "project": {
            "code": format!("JT-2022-HW-{number:03}"),
            "name": format!("旧路改建 {number}"),
            "type": "highway",
            "organization": "JT-TEST",
            "region": "测试市",
            "status": "completed",
            "start": "2022-03-01",
            "finish": "2023-10-31",
            "actual_start": "2022-03-01",
            "actual_finish": "2023-11-30"
        },
        "budgets": [],
        "indicators": [{
            "code": "first_pass_rate", "level1": "output", "level2": "quality",
            "name": "分项工程一次验收合格率", "direction": ">=", "target": "98", "unit": "%",
            "weight": "90", "core": true
        }],
        "readings": [{"indicator": "first_pass_rate", "date": "2023-11-30", "value": value}]
    })
    .to_string()
}

#[test]
fn the_library_is_listed_with_the_quartiles_of_completed_projects() {
    let workspace = project_workspace();
    for (number, value) in [(1, "96"), (2, "100")] {
        let file = write(
            &workspace,
            &format!("done-{number}.json"),
            &completed_project(number, value),
        );
        success(jixiao(&workspace, &["import", "project", &file]));
    }
    let listed = success(jixiao(
        &workspace,
        &["library", "list", "--type", "highway", "--format", "json"],
    ));
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let templates = listed.as_array().unwrap();
    assert!(templates.iter().all(|t| t["project_type"] == "highway"));
    let measured = templates
        .iter()
        .find(|t| t["code"] == "first_pass_rate")
        .expect("the first-pass rate template");
    let quartile = |name: &str| -> Decimal {
        measured["statistics"][name]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    // Two values, 96 and 100, interpolated as spreadsheets do.
    assert_eq!(measured["statistics"]["count"], 2);
    assert_eq!(
        (quartile("p25"), quartile("p50"), quartile("p75")),
        (Decimal::from(97), Decimal::from(98), Decimal::from(99))
    );
    let unmeasured = templates
        .iter()
        .find(|t| t["code"] == "schedule_delay")
        .unwrap();
    assert!(unmeasured["statistics"].is_null(), "{unmeasured}");

    let table = success(jixiao(
        &workspace,
        &["library", "list", "--type", "highway"],
    ));
    let row = table
        .lines()
        .find(|line| line.contains("first_pass_rate"))
        .unwrap_or_else(|| panic!("{table}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(
        cells.windows(4).any(|w| w == ["2", "97", "98", "99"]),
        "{row}"
    );

    let bridges = success(jixiao(&workspace, &["library", "list", "--type", "bridge"]));
    assert!(
        bridges.contains("load_test") && !bridges.contains("highway"),
        "{bridges}"
    );
}
