//! Tests of the `justification` rules, in tables: one case per rule and edge.

use super::*;

fn code(text: &str) -> LineCode {
    LineCode::new(text).unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn priced(quantity: &str, unit_price_fen: i64) -> Basis {
    Basis::QuantityPrice {
        quantity: dec(quantity),
        unit: "m³".into(),
        unit_price: Money::from_fen(unit_price_fen),
    }
}

fn quota(reference: &str, quantity: &str, quota_price_fen: i64) -> Basis {
    Basis::Quota {
        reference: reference.into(),
        quantity: dec(quantity),
        unit: "千米".into(),
        quota_price: Money::from_fen(quota_price_fen),
    }
}

fn justified(basis: Basis) -> Justification {
    Justification {
        necessity: "现有路面破损严重，影响通行安全".into(),
        basis,
        alternatives: "局部修补：两年内需再次维修，总费用更高".into(),
        expected_effect: "路面优良率达到 90% 以上".into(),
        last_year: None,
    }
}

#[test]
fn the_basis_computes_quantity_times_price_rounded_half_away_from_zero() {
    let cases: &[(Basis, Result<i64, BasisOutOfRange>)] = &[
        (priced("12.5", 8_000_000), Ok(100_000_000)),
        (quota("1-1-9-2", "3", 123_456), Ok(370_368)),
        (priced("0.004", 100), Ok(0)),
        // Half a fen rounds away from zero on both sides, never to even.
        (priced("0.5", 1), Ok(1)),
        (priced("2.5", 1), Ok(3)),
        (priced("-0.5", 1), Ok(-1)),
        (priced("-2.5", 1), Ok(-3)),
        (priced("2.5", -1), Ok(-3)),
        (priced("0.49", 1), Ok(0)),
        // Beyond i64 fen, and beyond Decimal itself: refused, not a panic.
        (priced("100000000000000000000", 100), Err(BasisOutOfRange)),
        (
            priced("79228162514264337593543950335", i64::MAX),
            Err(BasisOutOfRange),
        ),
        (priced("1", i64::MAX), Ok(i64::MAX)),
    ];
    for (basis, expected) in cases {
        assert_eq!(&basis.computed().map(Money::fen), expected, "{basis:?}");
    }
}

#[test]
fn each_rule_gives_its_problem() {
    use JustificationField::*;
    use JustificationProblem as P;
    let good = justified(priced("12.5", 8_000_000));
    let with = |edit: &dyn Fn(&mut Justification)| {
        let mut j = good.clone();
        edit(&mut j);
        j
    };
    let amount = Money::from_fen(100_000_000);
    let cases: Vec<(&str, Money, Option<Justification>, Vec<P>)> = vec![
        ("complete and exact", amount, Some(good.clone()), vec![]),
        ("missing", amount, None, vec![P::Missing]),
        (
            "one fen above",
            Money::from_fen(100_000_001),
            Some(good.clone()),
            vec![P::ArithmeticMismatch {
                computed: amount,
                stated: Money::from_fen(100_000_001),
            }],
        ),
        (
            "one fen below",
            Money::from_fen(99_999_999),
            Some(good.clone()),
            vec![P::ArithmeticMismatch {
                computed: amount,
                stated: Money::from_fen(99_999_999),
            }],
        ),
        (
            "blank necessity",
            amount,
            Some(with(&|j| j.necessity = "  ".into())),
            vec![P::EmptyField { which: Necessity }],
        ),
        (
            "blank alternatives",
            amount,
            Some(with(&|j| j.alternatives.clear())),
            vec![P::EmptyField {
                which: Alternatives,
            }],
        ),
        (
            "blank expected effect",
            amount,
            Some(with(&|j| j.expected_effect = "\n".into())),
            vec![P::EmptyField {
                which: ExpectedEffect,
            }],
        ),
        (
            "blank unit",
            amount,
            Some(justified(Basis::QuantityPrice {
                quantity: dec("12.5"),
                unit: String::new(),
                unit_price: Money::from_fen(8_000_000),
            })),
            vec![P::EmptyField { which: Unit }],
        ),
        (
            "blank quota reference",
            amount,
            Some(justified(quota("", "12.5", 8_000_000))),
            vec![P::EmptyField { which: Reference }],
        ),
        (
            "quota with its reference",
            amount,
            Some(justified(quota("2-1-3-5", "12.5", 8_000_000))),
            vec![],
        ),
        (
            "zero quantity",
            Money::ZERO,
            Some(justified(priced("0", 8_000_000))),
            vec![P::NonPositiveQuantity { quantity: dec("0") }],
        ),
        (
            "negative quantity",
            Money::from_fen(-8_000_000),
            Some(justified(priced("-1", 8_000_000))),
            vec![P::NonPositiveQuantity {
                quantity: dec("-1"),
            }],
        ),
        (
            "huge quantity",
            amount,
            Some(justified(priced("100000000000000000000", 100))),
            vec![P::BasisOutOfRange],
        ),
    ];
    for (name, amount, justification, expected) in cases {
        assert_eq!(check(amount, justification.as_ref()), expected, "{name}");
    }
}

#[test]
fn problems_are_listed_together_in_field_order() {
    let mut blank = justified(quota(" ", "-2", 100));
    blank.necessity.clear();
    blank.expected_effect.clear();
    let codes: Vec<String> = check(Money::from_fen(1), Some(&blank))
        .iter()
        .map(|p| match p {
            JustificationProblem::EmptyField { which } => which.code().to_owned(),
            other => other.code().to_owned(),
        })
        .collect();
    assert_eq!(
        codes,
        [
            "necessity",
            "expected_effect",
            "reference",
            "non_positive_quantity",
            "arithmetic_mismatch"
        ]
    );
}

#[test]
fn a_budget_can_be_submitted_only_when_every_line_passes() {
    let good = justified(priced("2", 150));
    let lines = [
        (code("L1"), Money::from_fen(300), Some(&good)),
        (code("L2"), Money::from_fen(300), None),
        (code("L3"), Money::from_fen(301), Some(&good)),
    ];
    assert_eq!(
        check_budget(&lines),
        [
            (code("L2"), JustificationProblem::Missing),
            (
                code("L3"),
                JustificationProblem::ArithmeticMismatch {
                    computed: Money::from_fen(300),
                    stated: Money::from_fen(301),
                }
            ),
        ]
    );
    assert!(check_budget(&lines[..1]).is_empty());
    assert!(check_budget(&[]).is_empty());
}

#[test]
fn messages_name_the_facts_in_either_language() {
    use JustificationProblem as P;
    let mismatch = P::ArithmeticMismatch {
        computed: Money::from_fen(100_000_000),
        stated: Money::from_fen(100_000_001),
    };
    let cases: &[(P, &str, &[&str], &[&str])] = &[
        (P::Missing, "missing", &["零基预算"], &["no justification"]),
        (
            P::EmptyField {
                which: JustificationField::Reference,
            },
            "empty_field",
            &["定额依据"],
            &["Quota reference"],
        ),
        (
            P::NonPositiveQuantity {
                quantity: dec("-1.5"),
            },
            "non_positive_quantity",
            &["-1.5"],
            &["-1.5"],
        ),
        (
            mismatch,
            "arithmetic_mismatch",
            &["1000000.00 元", "1000000.01 元", "相差 0.01 元"],
            &["1000000.00 元", "1000000.01 元", "difference of 0.01 元"],
        ),
        (
            P::BasisOutOfRange,
            "basis_out_of_range",
            &["超出"],
            &["beyond"],
        ),
    ];
    for (problem, code, zh_facts, en_facts) in cases {
        assert_eq!(problem.code(), *code);
        let (zh, en) = (problem.message(true), problem.message(false));
        assert!(zh_facts.iter().all(|f| zh.contains(f)), "{zh}");
        assert!(en_facts.iter().all(|f| en.contains(f)), "{en}");
    }
    // Amounts too far apart to subtract still give a message, without the gap.
    let far = P::ArithmeticMismatch {
        computed: Money::from_fen(i64::MIN),
        stated: Money::from_fen(i64::MAX),
    };
    assert!(!far.message(true).contains("相差"));
}

#[test]
fn last_years_execution_rate_is_a_rounded_percentage() {
    let outcome = |budget, spent| LastYearOutcome {
        line_name: "路面养护".into(),
        budget: Money::from_fen(budget),
        spent: Money::from_fen(spent),
        note: String::new(),
    };
    assert_eq!(outcome(300, 200).execution_percent(), Some(dec("66.67")));
    assert_eq!(outcome(200_000, 1).execution_percent(), Some(dec("0.00")));
    assert_eq!(outcome(20_000, 1).execution_percent(), Some(dec("0.01")));
    assert_eq!(outcome(0, 5).execution_percent(), None);
}

#[test]
fn justifications_cross_json_with_tagged_bases() {
    let mut j = justified(quota("1-1-9-2", "3", 123_456));
    j.last_year = Some(LastYearOutcome {
        line_name: "路基工程".into(),
        budget: Money::from_fen(500),
        spent: Money::from_fen(400),
        note: "雨季停工".into(),
    });
    let json = serde_json::to_value(&j).unwrap();
    assert_eq!(json["basis"]["kind"], "quota");
    assert_eq!(json["basis"]["quota_price"], "1234.56");
    assert_eq!(serde_json::from_value::<Justification>(json).unwrap(), j);
}
