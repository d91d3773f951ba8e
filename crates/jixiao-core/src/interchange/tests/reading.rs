//! One reading on its own, as a client sends it to record a reading: read like an item of a
//! file's `readings`, with problems reported at paths from the reading itself.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::super::*;
use crate::code::IndicatorCode;
use crate::indicator::{Grade, ReadingValue};

#[test]
fn a_value_or_a_grade_and_score_reads_as_a_reading() {
    let cases = [
        (
            r#"{"indicator": "OUT-01", "date": "2024-06-30", "value": "12.5"}"#,
            ReadingValue::Value {
                value: Decimal::from_str("12.5").unwrap(),
            },
        ),
        (
            r#"{"indicator": "OUT-01", "date": "2024-06-30", "value": 12.5}"#,
            ReadingValue::Value {
                value: Decimal::from_str("12.5").unwrap(),
            },
        ),
        (
            r#"{"indicator": "OUT-01", "date": "2024-06-30", "grade": "partly_achieved",
                "score": "7.5"}"#,
            ReadingValue::Graded {
                grade: Grade::PartlyAchieved,
                score: Decimal::from_str("7.5").unwrap(),
            },
        ),
    ];
    for (text, value) in cases {
        let reading = parse_reading(text).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert_eq!(reading.indicator, IndicatorCode::new("OUT-01").unwrap());
        assert_eq!(reading.date.to_string(), "2024-06-30");
        assert_eq!(reading.value, value, "{text}");
    }
}

#[test]
fn a_bad_reading_is_reported_at_the_field_that_breaks_it() {
    let cases = [
        (
            r#"{"indicator": "OUT-01", "value": "1"}"#,
            "$.date",
            "missing",
        ),
        (
            r#"{"indicator": "OUT-01", "date": "2024/06/30", "value": "1"}"#,
            "$.date",
            "not a date in the form YYYY-MM-DD",
        ),
        (
            r#"{"indicator": "OUT-01", "date": "2024-06-30", "value": "12,5"}"#,
            "$.value",
            "\"12,5\"",
        ),
        (
            r#"{"indicator": "OUT-01", "date": "2024-06-30", "grade": "excellent", "score": "9"}"#,
            "$.grade",
            "unknown grade \"excellent\"",
        ),
        (
            r#"{"indicator": "OUT-01", "date": "2024-06-30", "value": "1", "grade": "achieved"}"#,
            "$",
            "either a \"value\", or a \"grade\" and a \"score\"",
        ),
        (
            r#"{"indicator": "", "date": "2024-06-30", "value": "1"}"#,
            "$.indicator",
            "a code may not be empty",
        ),
        (
            r#"{"indicator": 7, "date": "2024-06-30"}"#,
            "$.indicator",
            "invalid type",
        ),
        (
            r#"["OUT-01", "2024-06-30"]"#,
            "$",
            "a reading is a JSON object",
        ),
    ];
    for (text, path, message) in cases {
        let error = parse_reading(text).expect_err(text);
        let problems = error.problems();
        assert_eq!(problems.len(), 1, "{text}: {problems:?}");
        assert_eq!(problems[0].path, path, "{text}");
        assert!(
            problems[0].message.contains(message),
            "{text}: {}",
            problems[0].message
        );
    }
}

#[test]
fn a_reading_that_is_not_json_names_the_line_and_column() {
    let error = parse_reading("{\"indicator\": \"OUT-01\",\n \"date\": }").unwrap_err();
    assert!(
        matches!(error, InterchangeError::Syntax { line: 2, .. }),
        "{error:?}"
    );
}
