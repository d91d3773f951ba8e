//! `jixiao stage set` and `jixiao stage compare`: the stages come back as they were entered,
//! and a 概算 strictly more than 10 % above the 估算 is reported.

use jixiao_core::Money;
use jixiao_core::preparation::stage::CostStage;

use super::{CODE, code, failure, jixiao, project_workspace, store, success, text, write};

/// The estimate: 15,000,000.00 元 over three lines.
const ESTIMATE: &str = "line,name,category,amount\n\
                        L01,路基工程,building_works,10000000.00\n\
                        L02,\"桥涵工程, 含通道\",building_works,4700000\n\
                        L03,工程监理费,supervision,300000.00\n";

/// A budgetary estimate whose first line is `l01` 元, the others summing to 5,000,000 元; line
/// L03 is dropped and L04 added, so the comparison shows lines missing from a stage.
fn budgetary(l01: &str) -> String {
    format!(
        "line,name,category,amount\n\
         L01,路基工程,building_works,{l01}\n\
         L02,\"桥涵工程, 含通道\",building_works,4600000\n\
         L04,基本预备费,basic_contingency,400000\n"
    )
}

#[tokio::test]
async fn stages_round_trip_and_a_budgetary_estimate_over_ten_percent_is_warned_of() {
    let workspace = project_workspace();
    let estimate = write(&workspace, "estimate.csv", ESTIMATE);
    let stored = success(jixiao(
        &workspace,
        &["stage", "set", CODE, "--stage", "estimate", &estimate],
    ));
    assert_eq!(
        stored.trim(),
        format!("stored the estimate of {CODE}: 3 lines, 15,000,000.00 元")
    );

    // The limit is 10 % of 15,000,000.00 元: a total of 16,500,000.00 is allowed, one fen more
    // is not, since the rule compares the exact figures.
    let cases = [
        ("exactly at the limit", "11500000.00", None),
        (
            "one fen above the limit",
            "11500000.01",
            Some("10.00% above"),
        ),
        ("15 % above", "12250000", Some("15.00% above")),
    ];
    for (what, l01, warned) in cases {
        let file = write(&workspace, "budgetary.csv", &budgetary(l01));
        let output = jixiao(
            &workspace,
            &["stage", "set", CODE, "--stage", "budgetary_estimate", &file],
        );
        let stderr = text(&output.stderr);
        let stdout = success(output);
        match warned {
            None => {
                assert!(!stderr.contains("warning"), "{what}: {stderr}");
                assert!(stdout.contains("stored the budgetary_estimate"), "{what}");
            }
            Some(figure) => {
                assert!(stderr.starts_with("warning: "), "{what}: {stderr}");
                assert!(stderr.contains(figure), "{what}: {stderr}");
                assert!(
                    stderr.contains("more than the 10% limit"),
                    "{what}: {stderr}"
                );
                assert_eq!(stdout, "", "{what}: the warning replaces the summary");
            }
        }
    }

    let stages = store(&workspace).await.stages(&code()).await.unwrap();
    let order: Vec<CostStage> = stages.iter().map(|s| s.stage).collect();
    assert_eq!(order, [CostStage::Estimate, CostStage::BudgetaryEstimate]);
    assert_eq!(stages[0].total(), Money::from_yuan(15_000_000));
    assert_eq!(stages[1].total(), Money::from_yuan(17_250_000));
    assert_eq!(stages[0].lines[1].name, "桥涵工程, 含通道");

    let report = success(jixiao(&workspace, &["stage", "compare", CODE]));
    let lines: Vec<&str> = report.lines().collect();
    let words = |line: &str| {
        line.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words(lines[1]),
        [
            "LINE",
            "NAME",
            "estimate",
            "budgetary_estimate",
            "CHANGE",
            "%"
        ]
    );
    let rows = [
        (
            "L01",
            vec!["10,000,000.00", "12,250,000.00", "+2,250,000.00", "+22.50%"],
        ),
        ("L03", vec!["300,000.00", "-", "-300,000.00", "-100.00%"]),
        ("L04", vec!["-", "400,000.00", "+400,000.00", "-"]),
        (
            "TOTAL",
            vec!["15,000,000.00", "17,250,000.00", "+2,250,000.00", "+15.00%"],
        ),
    ];
    for (line, figures) in rows {
        let row = lines
            .iter()
            .find(|row| row.starts_with(line))
            .unwrap_or_else(|| panic!("no row {line}: {report}"));
        let cells = words(row);
        assert_eq!(cells[cells.len() - 4..], figures, "{row}");
    }
    // Every row is as wide as the header: the columns line up although the names are Chinese.
    let widths: Vec<usize> = lines[1..7].iter().map(|line| display_width(line)).collect();
    assert!(
        widths.windows(2).all(|pair| pair[0] == pair[1]),
        "{widths:?}\n{report}"
    );
    assert!(
        report.contains("warning: the budgetary estimate"),
        "{report}"
    );

    let json = success(jixiao(
        &workspace,
        &["stage", "compare", CODE, "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["stages"],
        serde_json::json!(["estimate", "budgetary_estimate"])
    );
    assert_eq!(json["totals"]["differences"][0]["amount"], "2250000.00");
    assert_eq!(json["totals"]["differences"][0]["percent"], "15.00");
    assert_eq!(json["estimate_overrun"]["code"], "estimate_overrun");
    assert_eq!(json["rows"].as_array().unwrap().len(), 4);
}

#[test]
fn a_project_without_stages_says_so_and_an_unknown_stage_is_refused() {
    let workspace = project_workspace();
    let report = success(jixiao(&workspace, &["stage", "compare", CODE]));
    assert!(report.contains("has no cost stages"), "{report}");

    let file = write(&workspace, "estimate.csv", ESTIMATE);
    let refused = failure(jixiao(
        &workspace,
        &["stage", "set", CODE, "--stage", "guess", &file],
    ));
    assert!(
        refused.contains("budgetary_estimate") && refused.contains("final_accounts"),
        "the refusal lists the stages: {refused}"
    );
}

/// The terminal width of a line, counting a Chinese character as two columns, written out
/// here rather than taken from the binary so that the test checks the binary's padding.
fn display_width(line: &str) -> usize {
    line.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}
