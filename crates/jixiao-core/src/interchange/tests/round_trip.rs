//! Export writes the canonical form, and a parsed file survives export and import unchanged.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::super::*;
use super::BASE;
use crate::money::Money;
use crate::plan::Profile;
use crate::project::ProjectStatus;

#[test]
fn export_writes_amounts_decimals_and_plans_in_canonical_form() {
    let exported: Value = serde_json::from_str(&to_json(&parse(BASE).unwrap())).unwrap();
    let lines = &exported["budget"]["lines"];
    assert!(exported.get("budgets").is_none());
    assert_eq!(exported["project"]["status"], "in_progress");
    // A profiled line is written as its profile, a manual one as its months.
    assert_eq!(lines[0]["profile"], "s_curve");
    assert!(lines[0].get("plan").is_none());
    assert!(lines[1].get("profile").is_none());
    assert_eq!(lines[1]["amount"], "300.00");
    assert_eq!(
        lines[1]["plan"],
        json!({"2024-03": "100.00", "2024-04": "200.00"})
    );
    assert_eq!(lines[2]["profile"], "linear");
    assert_eq!(lines[2]["amount"], "50.50");
    // Numbers given as JSON numbers come back as strings.
    assert_eq!(exported["progress"][0]["percent_complete"], "12.5");
    assert_eq!(exported["indicators"][0]["weight"], "50");
    assert_eq!(exported["indicators"][1]["core"], false);
    assert!(exported["indicators"][1].get("target").is_none());
    assert_eq!(
        exported["readings"][1],
        json!({
            "indicator": "I2", "date": "2024-06-30", "grade": "partly_achieved", "score": "28"
        })
    );
    let keys: Vec<&str> = exported["project"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "code",
            "name",
            "type",
            "organization",
            "region",
            "status",
            "start",
            "finish"
        ]
    );
}

#[test]
fn a_profiled_plan_that_import_would_not_regenerate_is_exported_with_its_months() {
    let mut file = parse(BASE).unwrap();
    let line = &mut file.dossier.budgets[0].lines[0];
    // A plan made over other months than the schedule gives, as another system might.
    line.plan = crate::plan::spread(
        line.amount,
        &crate::YearMonth::months_of_year(2024),
        line.profile,
    )
    .unwrap();
    let exported = to_json(&file);
    let value: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(value["budget"]["lines"][0]["profile"], "s_curve");
    assert_eq!(
        value["budget"]["lines"][0]["plan"]
            .as_object()
            .unwrap()
            .len(),
        12
    );
    assert_eq!(parse(&exported), Ok(file));
}

#[test]
fn several_budgets_are_written_as_budgets_and_none_as_an_empty_list() {
    let mut file = parse(BASE).unwrap();
    let mut next = file.dossier.budgets[0].clone();
    next.fiscal_year = 2025;
    next.lines.retain(|line| line.profile != Profile::Manual);
    for line in &mut next.lines {
        line.plan = crate::plan::spread(
            line.amount,
            &crate::YearMonth::months_of_year(2025),
            line.profile,
        )
        .unwrap();
    }
    file.dossier.budgets.push(next);
    let exported = to_json(&file);
    assert!(exported.contains("\"budgets\": ["), "{exported}");
    assert_eq!(parse(&exported), Ok(file.clone()));

    file.dossier.budgets.clear();
    file.dossier.expenditures.clear();
    file.dossier.progress.clear();
    let exported = to_json(&file);
    assert!(exported.contains("\"budgets\": []"), "{exported}");
    assert_eq!(parse(&exported), Ok(file));
}

/// What varies in a generated file.
#[derive(Debug, Clone)]
struct Shape {
    start_month: u32,
    finish: (i32, u32),
    status: usize,
    organization: Option<(String, bool)>,
    lines: Vec<(i64, Option<usize>, Option<Vec<i64>>)>,
    expenditures: Vec<(u32, u32, usize, i64, bool)>,
    percents: Vec<u32>,
    values: Vec<i64>,
}

fn shape() -> impl Strategy<Value = Shape> {
    let line = (
        0i64..1_000_000_000_000,
        prop::option::of(0usize..4),
        prop::option::of(prop::collection::vec(0i64..1_000_000_000, 1..=12)),
    );
    (
        1u32..=12,
        (2024i32..=2026, 1u32..=12),
        0usize..ProjectStatus::ALL.len(),
        prop::option::of(("[一-龥]{2,12}", any::<bool>())),
        prop::collection::vec(line, 1..6),
        prop::collection::vec(
            (
                1u32..=12,
                1u32..=28,
                0usize..6,
                -1_000_000_000i64..1_000_000_000,
                any::<bool>(),
            ),
            0..12,
        ),
        prop::collection::vec(0u32..=10_000, 0..4),
        prop::collection::vec(-1_000_000i64..1_000_000, 0..4),
    )
        .prop_map(
            |(start_month, finish, status, organization, lines, expenditures, percents, values)| {
                Shape {
                    start_month,
                    finish,
                    status,
                    organization,
                    lines,
                    expenditures,
                    percents,
                    values,
                }
            },
        )
}

/// A valid file of the given shape, written loosely (numbers where numbers are allowed, a
/// missing profile here and there) so that the round trip also normalises.
fn file_of(shape: &Shape) -> String {
    const PROFILES: [&str; 4] = ["linear", "s_curve", "front_loaded", "back_loaded"];
    let finish = if shape.finish.0 == 2024 {
        (2024, shape.finish.1.max(shape.start_month))
    } else {
        shape.finish
    };
    let lines: Vec<Value> = (shape.lines.iter().enumerate())
        .map(|(i, (fen, profile, parts))| {
            let mut line = json!({"code": format!("L{i}"), "name": format!("第{i}项"),
                                  "category": "building_works"});
            match parts {
                Some(parts) => {
                    let plan: serde_json::Map<String, Value> = (parts.iter().enumerate())
                        .map(|(m, fen)| {
                            (
                                format!("2024-{:02}", m + 1),
                                json!(Money::from_fen(*fen).to_string()),
                            )
                        })
                        .collect();
                    line["amount"] = json!(Money::from_fen(parts.iter().sum()).to_string());
                    line["plan"] = Value::Object(plan);
                    if let Some(p) = profile {
                        line["profile"] = json!(PROFILES[*p]);
                    }
                }
                None => {
                    line["amount"] = json!(Money::from_fen(*fen).to_string());
                    if let Some(p) = profile {
                        line["profile"] = json!(PROFILES[*p]);
                    }
                }
            }
            line
        })
        .collect();
    let expenditures: Vec<Value> = (shape.expenditures.iter())
        .map(|(month, day, line, fen, explained)| {
            let mut e = json!({"date": format!("2024-{month:02}-{day:02}"),
                "line": format!("L{}", line % shape.lines.len()),
                "amount": Money::from_fen(*fen).to_string(), "description": "付款"});
            if *explained {
                e["explanation"] = json!("说明");
            }
            e
        })
        .collect();
    let progress: Vec<Value> = (shape.percents.iter())
        .map(|hundredths| {
            json!({"date": "2024-06-30", "line": "L0",
            "percent_complete": rust_decimal::Decimal::new(i64::from(*hundredths), 2).to_string()})
        })
        .collect();
    let readings: Vec<Value> = (shape.values.iter())
        .map(|thousandths| {
            json!({"indicator": "I1", "date": "2024-09-30",
            "value": rust_decimal::Decimal::new(*thousandths, 3).to_string()})
        })
        .collect();
    let mut project = json!({"code": "P-9", "name": "生成的项目", "type": "bridge",
        "organization": "ORG-9", "region": "某县",
        "status": ProjectStatus::ALL[shape.status].code(),
        "start": format!("2024-{:02}-01", shape.start_month),
        "finish": format!("{}-{:02}-28", finish.0, finish.1)});
    if let Some((name, with_parent)) = &shape.organization {
        project["organization_name"] = json!(name);
        if *with_parent {
            project["organization_parent"] = json!("ORG-ROOT");
        }
    }
    json!({
        "format": FORMAT,
        "project": project,
        "budget": {"fiscal_year": 2024, "lines": lines},
        "expenditures": expenditures,
        "progress": progress,
        "indicators": [{"code": "I1", "level1": "benefit", "level2": "economic", "name": "收益",
            "direction": "<", "target": 12.75, "unit": "万元", "weight": 30}],
        "readings": readings,
    })
    .to_string()
}

proptest! {
    #[test]
    fn parsing_an_exported_file_gives_back_the_parsed_file(shape in shape()) {
        let text = file_of(&shape);
        let fail = |err: InterchangeError, text: &str| {
            TestCaseError::fail(format!("{err}\n{text}"))
        };
        let file = parse(&text).map_err(|err| fail(err, &text))?;
        let exported = to_json(&file);
        let again = parse(&exported).map_err(|err| fail(err, &exported))?;
        prop_assert_eq!(&again, &file);
        prop_assert_eq!(to_json(&again), exported);
    }
}
