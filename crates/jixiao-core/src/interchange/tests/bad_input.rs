//! Broken files: each rule, broken once in an otherwise valid file, is reported at the JSON
//! path of the field that breaks it, and several broken rules are all reported at once.

use serde_json::{Value, json};

use super::super::*;
use super::{mutated, paths, remove, set};

type Case = (&'static str, fn(&mut Value), &'static str, &'static str);

#[test]
fn each_broken_rule_is_reported_at_its_json_path() {
    let cases: &[Case] = &[
        (
            "a comma in an amount",
            |d| set(d, "/budget/lines/0/amount", json!("12,5")),
            "$.budget.lines[0].amount",
            "\"12,5\" is not a decimal amount",
        ),
        (
            "an amount with three decimals",
            |d| set(d, "/expenditures/0/amount", json!("120.505")),
            "$.expenditures[0].amount",
            "more decimal places than a fen",
        ),
        (
            "an amount as a JSON number",
            |d| set(d, "/budget/lines/0/amount", json!(1000)),
            "$.budget.lines[0].amount",
            "written as a string",
        ),
        (
            "a negative line amount",
            |d| set(d, "/budget/lines/2/amount", json!("-50.00")),
            "$.budget.lines[2].amount",
            "may not be negative",
        ),
        (
            "an expenditure on an unknown line",
            |d| set(d, "/expenditures/0/line", json!("X9")),
            "$.expenditures[0].line",
            "the budget of 2024 has no line \"X9\"",
        ),
        (
            "an expenditure in a year without a budget",
            |d| set(d, "/expenditures/0/date", json!("2025-01-10")),
            "$.expenditures[0].line",
            "the budget of 2025 has no line \"L1\"",
        ),
        (
            "an adjustment of an unknown line",
            |d| set(d, "/budget/adjustments/0/line", json!("X9")),
            "$.budget.adjustments[0].line",
            "has no line \"X9\"",
        ),
        (
            "an unknown direction",
            |d| set(d, "/indicators/0/direction", json!("≥")),
            "$.indicators[0].direction",
            "unknown indicator direction \"≥\"; expected one of: >=, >, <=, <, =, qualitative",
        ),
        (
            "an unknown grade",
            |d| set(d, "/readings/1/grade", json!("excellent")),
            "$.readings[1].grade",
            "unknown grade \"excellent\"",
        ),
        (
            "an unknown project type",
            |d| set(d, "/project/type", json!("railway")),
            "$.project.type",
            "unknown project type \"railway\"",
        ),
        (
            "an unknown status",
            |d| set(d, "/project/status", json!("finished")),
            "$.project.status",
            "unknown project status",
        ),
        (
            "an unknown cost category",
            |d| set(d, "/budget/lines/2/category", json!("furniture")),
            "$.budget.lines[2].category",
            "unknown cost category \"furniture\"; expected one of: engineering,",
        ),
        (
            "a wrong format",
            |d| set(d, "/format", json!("jixiao.project.v2")),
            "$.format",
            "expected \"jixiao.project.v1\"",
        ),
        (
            "a missing format",
            |d| remove(d, "/format"),
            "$.format",
            "missing",
        ),
        (
            "a date with slashes",
            |d| set(d, "/expenditures/1/date", json!("2024/05/10")),
            "$.expenditures[1].date",
            "\"2024/05/10\" is not a date in the form YYYY-MM-DD",
        ),
        (
            "a date without leading zeros",
            |d| set(d, "/project/start", json!("2024-3-1")),
            "$.project.start",
            "not a date",
        ),
        (
            "a plan that does not add up",
            |d| set(d, "/budget/lines/1/plan/2024-04", json!("150.00")),
            "$.budget.lines[1].plan",
            "adds up to 250.00 元 but the line is 300.00 元",
        ),
        (
            "a plan month outside the fiscal year",
            |d| {
                set(
                    d,
                    "/budget/lines/1/plan",
                    json!({"2023-12": "100.00", "2024-04": "200.00"}),
                )
            },
            "$.budget.lines[1].plan.2023-12",
            "outside fiscal year 2024",
        ),
        (
            "a malformed plan month",
            |d| set(d, "/budget/lines/1/plan", json!({"2024-3": "300"})),
            "$.budget.lines[1].plan.2024-3",
            "not a month in the form YYYY-MM",
        ),
        (
            "a manual profile without a plan",
            |d| set(d, "/budget/lines/0/profile", json!("manual")),
            "$.budget.lines[0].profile",
            "under \"plan\"",
        ),
        (
            "a reading of an unknown indicator",
            |d| set(d, "/readings/0/indicator", json!("I9")),
            "$.readings[0].indicator",
            "no indicator \"I9\"",
        ),
        (
            "a reading with a value and a grade",
            |d| set(d, "/readings/0/grade", json!("achieved")),
            "$.readings[0]",
            "either a \"value\", or a \"grade\" and a \"score\"",
        ),
        (
            "a value for a qualitative indicator",
            |d| {
                set(
                    d,
                    "/readings/1",
                    json!({"indicator": "I2", "date": "2024-06-30", "value": "3"}),
                )
            },
            "$.readings[1].value",
            "read with a grade",
        ),
        (
            "both budget and budgets",
            |d| {
                let budget = d["budget"].clone();
                set(d, "/budgets", json!([budget]));
            },
            "$",
            "not both",
        ),
        (
            "neither budget nor budgets",
            |d| remove(d, "/budget"),
            "$",
            "no \"budget\"",
        ),
        (
            "a fiscal year given twice",
            |d| {
                let budget = d["budget"].clone();
                set(d, "/budgets", json!([budget.clone(), budget]));
                remove(d, "/budget");
            },
            "$.budgets[1].fiscal_year",
            "fiscal year 2024 is given twice",
        ),
        (
            "a percent complete above 100",
            |d| set(d, "/progress/0/percent_complete", json!(100.5)),
            "$.progress[0].percent_complete",
            "100.5 is not a percentage between 0 and 100",
        ),
        (
            "a duplicate line code",
            |d| set(d, "/budget/lines/2/code", json!("L1")),
            "$.budget.lines[2].code",
            "line code \"L1\" is used twice",
        ),
        (
            "a code with a space",
            |d| set(d, "/project/code", json!("P 1")),
            "$.project.code",
            "contains whitespace",
        ),
        (
            "a blank line name",
            |d| set(d, "/budget/lines/0/name", json!("  ")),
            "$.budget.lines[0].name",
            "may not be empty",
        ),
        (
            "a missing project code",
            |d| remove(d, "/project/code"),
            "$.project.code",
            "this field is missing",
        ),
        (
            "a code of the wrong JSON type",
            |d| set(d, "/indicators/1/code", json!(2)),
            "$.indicators[1].code",
            "invalid type",
        ),
        (
            "a level 2 under the wrong level 1",
            |d| set(d, "/indicators/0/level2", json!("social")),
            "$.indicators[0].level2",
            "does not belong under output",
        ),
        (
            "a quantitative indicator without a target",
            |d| remove(d, "/indicators/0/target"),
            "$.indicators[0].target",
            "needs a numeric target",
        ),
        (
            "a weight in exponent form",
            |d| set(d, "/indicators/1/weight", json!("4e1")),
            "$.indicators[1].weight",
            "\"4e1\" is not a decimal number",
        ),
        (
            "a finish before the start",
            |d| set(d, "/project/finish", json!("2024-01-31")),
            "$.project.finish",
            "before the start",
        ),
        (
            "a file that is not an object",
            |d| *d = json!([]),
            "$",
            "JSON object",
        ),
    ];
    for (name, change, path, fragment) in cases {
        let text = mutated(*change);
        let err = parse(&text).expect_err(name);
        assert_eq!(paths(&err), [*path], "{name}: {err}");
        let message = &err.problems()[0].message;
        assert!(
            message.contains(fragment),
            "{name}: {message:?} lacks {fragment:?}"
        );
    }
}

#[test]
fn every_unreadable_field_is_reported_in_one_pass() {
    let text = mutated(|d| {
        set(d, "/budget/lines/0/amount", json!("1.001"));
        set(d, "/expenditures/1/date", json!("2024-02-30"));
        set(d, "/indicators/0/direction", json!("≥"));
        set(d, "/readings/1/score", json!("high"));
    });
    let err = parse(&text).unwrap_err();
    assert_eq!(
        paths(&err),
        [
            "$.budget.lines[0].amount",
            "$.expenditures[1].date",
            "$.indicators[0].direction",
            "$.readings[1].score",
        ]
    );
    assert!(
        err.to_string()
            .starts_with("4 problems in the project file:\n  $.budget"),
        "{err}"
    );
}

#[test]
fn every_consistency_problem_is_reported_in_one_pass() {
    let text = mutated(|d| {
        set(d, "/budget/lines/2/category", json!("furniture"));
        set(d, "/budget/adjustments/0/line", json!("X1"));
        set(d, "/expenditures/0/line", json!("X2"));
    });
    let err = parse(&text).unwrap_err();
    assert_eq!(
        paths(&err),
        [
            "$.budget.adjustments[0].line",
            "$.expenditures[0].line",
            "$.budget.lines[2].category",
        ]
    );
}

#[test]
fn malformed_json_is_reported_with_its_line_and_column() {
    let err = parse("{\"format\": \"jixiao.project.v1\",\n  \"project\": }").unwrap_err();
    let InterchangeError::Syntax {
        message,
        line,
        column,
    } = &err
    else {
        panic!("expected a syntax error, got {err}");
    };
    assert_eq!((*line, *column), (2, 14));
    assert!(!message.contains("at line"), "{message}");
    assert!(err.to_string().ends_with("at line 2, column 14"), "{err}");
    assert!(err.problems().is_empty());
}
