//! The published JSON Schema agrees with the reader: it is a valid draft 2020-12 schema, the
//! examples satisfy it, its lists of codes are the Rust enums', and it refuses what it can see.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::super::*;
use super::{BASE, HIGHWAY, PIPE_NETWORK, mutated, remove, set};
use crate::indicator::{Direction, Grade, Level1, Level2};
use crate::plan::Profile;
use crate::project::{ProjectStatus, ProjectType};

const SCHEMA: &str = include_str!("../../../../../docs/schema/jixiao.project.v1.schema.json");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let instance: Value = serde_json::from_str(text).unwrap();
    (validator.iter_errors(&instance))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["properties"]["format"]["const"], FORMAT);
    if let Err(err) = jsonschema::meta::validate(&schema) {
        panic!("{err} at {}", err.instance_path());
    }
}

#[test]
fn the_examples_their_exports_and_the_base_file_satisfy_the_schema() {
    let validator = validator();
    for (name, text) in [
        ("highway", HIGHWAY),
        ("pipe network", PIPE_NETWORK),
        ("base", BASE),
    ] {
        assert_eq!(errors(&validator, text), Vec::<String>::new(), "{name}");
        let exported = to_json(&parse(text).unwrap());
        assert_eq!(
            errors(&validator, &exported),
            Vec::<String>::new(),
            "{name} exported"
        );
    }
}

/// One change to the base file.
type Change = fn(&mut Value);

#[test]
fn the_schema_and_the_reader_both_refuse_what_the_schema_can_express() {
    let cases: &[(&str, Change)] = &[
        ("a comma in an amount", |d| {
            set(d, "/budget/lines/0/amount", json!("12,5"))
        }),
        ("three decimals", |d| {
            set(d, "/expenditures/0/amount", json!("120.505"))
        }),
        ("an amount as a number", |d| {
            set(d, "/budget/lines/0/amount", json!(1000))
        }),
        ("an unknown direction", |d| {
            set(d, "/indicators/0/direction", json!("≥"))
        }),
        ("an unknown grade", |d| {
            set(d, "/readings/1/grade", json!("excellent"))
        }),
        ("an unknown type", |d| {
            set(d, "/project/type", json!("railway"))
        }),
        ("an unknown category", |d| {
            set(d, "/budget/lines/2/category", json!("furniture"))
        }),
        ("a wrong format", |d| {
            set(d, "/format", json!("jixiao.project.v2"))
        }),
        ("a date with slashes", |d| {
            set(d, "/expenditures/1/date", json!("2024/05/10"))
        }),
        ("a malformed plan month", |d| {
            set(d, "/budget/lines/1/plan", json!({"2024-3": "300"}))
        }),
        ("a manual profile without a plan", |d| {
            set(d, "/budget/lines/0/profile", json!("manual"))
        }),
        ("a reading with a value and a grade", |d| {
            set(d, "/readings/0/grade", json!("achieved"))
        }),
        ("a percent complete above 100", |d| {
            set(d, "/progress/0/percent_complete", json!(100.5))
        }),
        ("a level 2 under the wrong level 1", |d| {
            set(d, "/indicators/0/level2", json!("social"))
        }),
        ("a quantitative indicator without a target", |d| {
            remove(d, "/indicators/0/target")
        }),
        ("a code with a space", |d| {
            set(d, "/project/code", json!("P 1"))
        }),
        ("a missing project code", |d| remove(d, "/project/code")),
        ("both budget and budgets", |d| {
            let budget = d["budget"].clone();
            set(d, "/budgets", json!([budget]));
        }),
        ("neither budget nor budgets", |d| remove(d, "/budget")),
    ];
    let validator = validator();
    for (name, change) in cases {
        let text = mutated(*change);
        assert!(
            !errors(&validator, &text).is_empty(),
            "the schema accepts {name}"
        );
        assert!(parse(&text).is_err(), "the reader accepts {name}");
    }
}

fn schema_enum(schema: &Value, def: &str) -> BTreeSet<String> {
    let list = schema["$defs"][def]["enum"].as_array();
    let list = list.unwrap_or_else(|| panic!("$defs/{def} has no enum"));
    list.iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|v| code(*v).to_owned()).collect()
}

#[test]
fn the_schema_lists_the_same_codes_as_the_rust_enums() {
    let schema = schema();
    let categories: BTreeSet<String> = crate::default_categories()
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    let cases = [
        ("project_type", codes(ProjectType::ALL, ProjectType::code)),
        (
            "project_status",
            codes(ProjectStatus::ALL, ProjectStatus::code),
        ),
        ("cost_category", categories),
        ("profile", codes(Profile::ALL, Profile::code)),
        ("direction", codes(Direction::ALL, Direction::code)),
        ("grade", codes(Grade::ALL, Grade::code)),
        ("level1", codes(Level1::ALL, Level1::code)),
        ("level2", codes(Level2::ALL, Level2::code)),
    ];
    for (def, expected) in cases {
        assert_eq!(schema_enum(&schema, def), expected, "$defs/{def}");
    }
    // Each level 1 lists exactly the level 2 indicators whose parent it is.
    for level1 in Level1::ALL {
        let expected: BTreeSet<String> = (Level2::ALL.iter())
            .filter(|l2| l2.parent() == *level1)
            .map(|l2| l2.code().to_owned())
            .collect();
        let rule = (schema["$defs"]["indicator"]["allOf"]
            .as_array()
            .unwrap()
            .iter())
        .find(|rule| rule["if"]["properties"]["level1"]["const"] == level1.code())
        .unwrap_or_else(|| panic!("no rule for level 1 {level1}"));
        let listed: BTreeSet<String> = (rule["then"]["properties"]["level2"]["enum"].as_array())
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, expected, "level 2 under {level1}");
    }
}
