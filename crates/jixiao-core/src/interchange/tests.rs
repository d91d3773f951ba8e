//! Tests of reading and writing project files. This file holds the documented examples, the
//! small base file the other tests change, and the helpers to change it; broken files, round
//! trips, single readings and the JSON Schema have a file each below.

mod bad_input;
mod reading;
mod round_trip;
mod schema;

use serde_json::{Value, json};

use super::*;
use crate::money::Money;
use crate::plan::Profile;
use crate::project::ProjectStatus;

pub(super) const HIGHWAY: &str =
    include_str!("../../../../docs/examples/highway-g312.project.json");
pub(super) const PIPE_NETWORK: &str =
    include_str!("../../../../docs/examples/pipe-network.project.json");

const GUIDE: &str = include_str!("../../../../docs/interchange.md");

/// A small valid file that each bad-input case breaks in exactly one place.
pub(super) const BASE: &str = r#"{
  "format": "jixiao.project.v1",
  "project": {"code": "P-1", "name": "测试公路", "type": "highway", "organization": "ORG-1",
              "region": "天水市", "start": "2024-03-01", "finish": "2024-12-31"},
  "budget": {
    "fiscal_year": 2024,
    "lines": [
      {"code": "L1", "name": "路基工程", "category": "building_works", "amount": "1000.00",
       "profile": "s_curve"},
      {"code": "L2", "name": "工程监理", "category": "supervision", "amount": "300",
       "plan": {"2024-03": "100.00", "2024-04": "200.00"}},
      {"code": "L3", "name": "基本预备费", "category": "basic_contingency", "amount": "50.5"}
    ],
    "adjustments": [{"date": "2024-06-30", "line": "L1", "amount": "-50.00", "reason": "调减"}]
  },
  "expenditures": [
    {"date": "2024-04-10", "line": "L1", "amount": "120.50", "description": "计量款"},
    {"date": "2024-05-10", "line": "L2", "amount": "100.00", "description": "监理费",
     "explanation": "按合同支付", "entered_by": "extra fields are ignored"}
  ],
  "progress": [{"date": "2024-06-30", "line": "L1", "percent_complete": 12.5}],
  "indicators": [
    {"code": "I1", "level1": "output", "level2": "quantity", "name": "里程", "direction": ">=",
     "target": "10", "unit": "公里", "weight": 50, "core": true},
    {"code": "I2", "level1": "satisfaction", "level2": "service_satisfaction", "name": "满意度",
     "direction": "qualitative", "target_text": "群众满意", "unit": "", "weight": "40"}
  ],
  "readings": [
    {"indicator": "I1", "date": "2024-06-30", "value": "4.2"},
    {"indicator": "I2", "date": "2024-06-30", "grade": "partly_achieved", "score": "28"}
  ]
}"#;

/// The base file with one change made by `change`.
pub(super) fn mutated(change: fn(&mut Value)) -> String {
    let mut doc: Value = serde_json::from_str(BASE).expect("the base file is JSON");
    change(&mut doc);
    doc.to_string()
}

/// Sets the value at a JSON pointer, creating the last key of an object if needed.
pub(super) fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer has a slash");
    match doc.pointer_mut(parent).expect("the parent exists") {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("an index")] = value,
        other => panic!("cannot set {key} in {other}"),
    }
}

/// Removes the key at a JSON pointer.
pub(super) fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer has a slash");
    let map = doc.pointer_mut(parent).and_then(Value::as_object_mut);
    map.expect("the parent is an object").remove(key);
}

/// The paths of the problems in `err`, in the order reported.
pub(super) fn paths(err: &InterchangeError) -> Vec<&str> {
    err.problems().iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn both_example_files_parse_and_export_to_the_same_text() {
    for (name, text) in [("highway", HIGHWAY), ("pipe network", PIPE_NETWORK)] {
        let file = parse(text).unwrap_or_else(|err| panic!("{name}: {err}"));
        let exported = to_json(&file);
        assert_eq!(parse(&exported).as_ref(), Ok(&file), "{name} round trip");
        // The examples are written in the canonical form, so export reproduces them exactly
        // (a file adds the final newline).
        assert_eq!(
            format!("{exported}\n"),
            text,
            "{name} is not in canonical form"
        );
    }
}

#[test]
fn the_highway_example_has_two_fiscal_years_and_the_pipe_network_a_manual_line() {
    let highway = parse(HIGHWAY).unwrap();
    let years: Vec<i32> = highway
        .dossier
        .budgets
        .iter()
        .map(|b| b.fiscal_year)
        .collect();
    assert_eq!(years, [2024, 2025]);
    assert_eq!(
        highway.organization.parent.as_ref().unwrap().as_str(),
        "GS-JTT"
    );

    let pipes = parse(PIPE_NETWORK).unwrap();
    let lines = &pipes.dossier.budgets[0].lines;
    assert_eq!(lines[0].profile, Profile::Manual);
    assert!(
        lines[1..]
            .iter()
            .all(|line| line.profile != Profile::Manual)
    );
    // Profiled lines are spread over the project's months of the year, March to December.
    assert_eq!(lines[1].plan.len(), 10);
    assert_eq!(
        lines[1].plan.values().copied().sum::<Money>(),
        lines[1].amount
    );
}

#[test]
fn the_base_file_parses_with_defaults_and_order_kept() {
    let file = parse(BASE).unwrap();
    let dossier = &file.dossier;
    assert_eq!(dossier.project.status, ProjectStatus::InProgress);
    assert_eq!(file.organization.name, None);
    let lines = &dossier.budgets[0].lines;
    let codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["L1", "L2", "L3"]);
    assert_eq!(lines[0].profile, Profile::SCurve);
    assert_eq!(lines[1].profile, Profile::Manual);
    // A line with neither a plan nor a profile is spread evenly.
    assert_eq!(lines[2].profile, Profile::Linear);
    assert_eq!(lines[2].plan.len(), 10);
    assert_eq!(lines[2].amount, Money::from_fen(5_050));
    assert_eq!(dossier.expenditures[0].amount, Money::from_fen(12_050));
    assert_eq!(
        dossier.expenditures[1].explanation.as_deref(),
        Some("按合同支付")
    );
    assert_eq!(
        dossier.progress[0].percent_complete.value().to_string(),
        "12.5"
    );
    assert_eq!(
        dossier.indicators[0].weight,
        rust_decimal::Decimal::from(50)
    );
}

#[test]
fn a_deployment_may_extend_the_cost_categories() {
    let text = mutated(|d| set(d, "/budget/lines/2/category", json!("art_works")));
    assert!(parse(&text).is_err());
    let mut categories = crate::default_categories();
    categories.push(CostCategory {
        code: crate::CategoryCode::new("art_works").unwrap(),
        name_zh: "景观艺术品".into(),
        name_en: "Art works".into(),
        parent: None,
        sort_order: 99,
    });
    let file = parse_with_categories(&text, &categories).unwrap();
    assert_eq!(
        file.dossier.budgets[0].lines[2].category.as_str(),
        "art_works"
    );
}

#[test]
fn budgets_come_out_in_year_order_while_paths_point_into_the_file() {
    let text = mutated(|d| {
        let mut later = d["budget"].clone();
        later["fiscal_year"] = json!(2025);
        later["lines"][1]["plan"] = json!({"2025-01": "300.00"});
        let earlier = d["budget"].clone();
        set(d, "/budgets", json!([later, earlier]));
        remove(d, "/budget");
    });
    let file = parse(&text).unwrap();
    let years: Vec<i32> = file.dossier.budgets.iter().map(|b| b.fiscal_year).collect();
    assert_eq!(years, [2024, 2025]);

    let broken = text.replacen("\"L3\"", "\"L1\"", 1);
    let err = parse(&broken).unwrap_err();
    assert_eq!(paths(&err), ["$.budgets[0].lines[2].code"]);
}

#[test]
fn the_small_file_in_the_guide_parses_and_round_trips() {
    let start = GUIDE
        .find("```json\n")
        .expect("the guide has a JSON example")
        + "```json\n".len();
    let length = GUIDE[start..].find("```").expect("the example ends");
    let example = &GUIDE[start..start + length];
    let file = parse(example).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(file.dossier.budgets[0].lines[1].profile, Profile::Manual);
    assert_eq!(parse(&to_json(&file)), Ok(file));
}
