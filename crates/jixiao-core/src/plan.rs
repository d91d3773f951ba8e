//! Time-phased budgets: how a cost line's amount is spread over the months it is spent in.
//!
//! The monthly plan is the planned value (PV) of earned-value analysis and the yardstick of
//! execution monitoring, so it must always add up to the line to the fen. Profiles are integer
//! weights; each month gets its exact share rounded down, and the fen left over go one each to the
//! months with the largest dropped fractions, earlier months first on ties. The result depends only
//! on the amount, the months and the profile.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::period::YearMonth;
use crate::project::{UnknownCode, coded_enum};

/// The shape of a spending curve over the months of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Equal amounts each month.
    Linear,
    /// Slow start, peak in the middle, slow finish: cumulative spending forms an S.
    SCurve,
    /// Most spending early, falling month by month (land, advance payments).
    FrontLoaded,
    /// Spending rising month by month (equipment, final payments).
    BackLoaded,
    /// Amounts entered by hand for each month.
    Manual,
}

coded_enum!(Profile, "plan profile", {
    Linear => "linear", "均匀", "Linear";
    SCurve => "s_curve", "S曲线", "S-curve";
    FrontLoaded => "front_loaded", "前高后低", "Front-loaded";
    BackLoaded => "back_loaded", "前低后高", "Back-loaded";
    Manual => "manual", "手工录入", "Entered by hand";
});

/// A line's planned spending per month. Months are sorted; every amount is non-zero or the month
/// is one the profile covers.
pub type MonthlyPlan = BTreeMap<YearMonth, Money>;

/// Why a plan is not acceptable for its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// A profile needs at least one month to spread over.
    #[error("a plan needs at least one month")]
    NoMonths,
    /// A plan entered by hand does not add up to the line.
    #[error("the monthly plan adds up to {plan} 元 but the line is {line} 元")]
    SumMismatch {
        /// What the months add up to.
        plan: Money,
        /// The line amount.
        line: Money,
    },
    /// The manual profile has no formula to spread with.
    #[error("a manual plan cannot be generated; enter the months")]
    ManualNeedsMonths,
}

impl Profile {
    /// The integer weight of month `index` (0-based) of `count` months.
    fn weight(self, index: usize, count: usize) -> u64 {
        let i = index as u64 + 1;
        let n = count as u64;
        match self {
            Profile::Linear | Profile::Manual => 1,
            // i·(n+1−i) is a discrete parabola: its running total is the S of a typical
            // construction cash-flow curve.
            Profile::SCurve => i * (n + 1 - i),
            Profile::FrontLoaded => n + 1 - i,
            Profile::BackLoaded => i,
        }
    }
}

/// Spreads `amount` over `months` (sorted, distinct) in the shape of `profile`.
///
/// Negative amounts are spread like their absolute value and negated, so a plan always sums to
/// the amount exactly.
pub fn spread(
    amount: Money,
    months: &[YearMonth],
    profile: Profile,
) -> Result<MonthlyPlan, PlanError> {
    if profile == Profile::Manual {
        return Err(PlanError::ManualNeedsMonths);
    }
    if months.is_empty() {
        return Err(PlanError::NoMonths);
    }
    let total = i128::from(amount.fen()).abs();
    let weights: Vec<u64> = (0..months.len())
        .map(|i| profile.weight(i, months.len()))
        .collect();
    let weight_sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();

    let mut shares = Vec::with_capacity(months.len());
    let mut dropped = Vec::with_capacity(months.len());
    for (index, weight) in weights.iter().enumerate() {
        let exact = total * i128::from(*weight);
        shares.push(exact / weight_sum);
        dropped.push((exact % weight_sum, index));
    }
    let left_over = total - shares.iter().sum::<i128>();
    // Largest dropped fraction first; the earlier month wins a tie.
    dropped.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in dropped
        .iter()
        .take(usize::try_from(left_over).expect("fewer fen than months"))
    {
        shares[*index] += 1;
    }

    let sign = if amount.fen() < 0 { -1 } else { 1 };
    Ok(months
        .iter()
        .zip(shares)
        .map(|(month, fen)| {
            let fen = i64::try_from(fen).expect("a share is no larger than the amount");
            (*month, Money::from_fen(sign * fen))
        })
        .collect())
}

/// Checks that a plan, entered by hand or generated, adds up to its line.
pub fn check_sum(amount: Money, plan: &MonthlyPlan) -> Result<(), PlanError> {
    let sum: Money = plan.values().sum();
    if sum == amount {
        Ok(())
    } else {
        Err(PlanError::SumMismatch {
            plan: sum,
            line: amount,
        })
    }
}

/// The months of `year` a line is spent in: those between `start` and `finish` (inclusive) that
/// fall in the year, or the whole year when the two do not meet.
pub fn months_in_year(
    year: crate::period::FiscalYear,
    start: chrono::NaiveDate,
    finish: chrono::NaiveDate,
) -> Vec<YearMonth> {
    let year_months = YearMonth::months_of_year(year);
    let first = YearMonth::of(start);
    let last = YearMonth::of(finish);
    let inside: Vec<YearMonth> = year_months
        .iter()
        .copied()
        .filter(|m| *m >= first && *m <= last)
        .collect();
    if inside.is_empty() {
        year_months
    } else {
        inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn months(count: usize) -> Vec<YearMonth> {
        let first = YearMonth::new(2024, 1).unwrap();
        std::iter::successors(Some(first), |m| Some(m.next()))
            .take(count)
            .collect()
    }

    fn fen(plan: &MonthlyPlan) -> Vec<i64> {
        plan.values().map(|m| m.fen()).collect()
    }

    #[test]
    fn profiles_have_their_shapes() {
        let amount = Money::from_fen(1_200);
        let cases: &[(Profile, usize, &[i64])] = &[
            (Profile::Linear, 4, &[300, 300, 300, 300]),
            (Profile::FrontLoaded, 3, &[600, 400, 200]),
            (Profile::BackLoaded, 3, &[200, 400, 600]),
            (Profile::SCurve, 3, &[360, 480, 360]),
        ];
        for (profile, count, expected) in cases {
            let plan = spread(amount, &months(*count), *profile).unwrap();
            assert_eq!(fen(&plan), *expected, "{profile}");
        }
    }

    #[test]
    fn left_over_fen_go_to_the_largest_fractions_then_earliest_months() {
        // 100 fen over 3 equal months: 33.33 each, one fen left, goes to the first month.
        assert_eq!(
            fen(&spread(Money::from_fen(100), &months(3), Profile::Linear).unwrap()),
            [34, 33, 33]
        );
        // 2 fen over 3 months: both to the earliest months.
        assert_eq!(
            fen(&spread(Money::from_fen(2), &months(3), Profile::Linear).unwrap()),
            [1, 1, 0]
        );
        // Negative amounts mirror positive ones.
        assert_eq!(
            fen(&spread(Money::from_fen(-100), &months(3), Profile::Linear).unwrap()),
            [-34, -33, -33]
        );
    }

    #[test]
    fn edges_are_refused_or_handled() {
        assert_eq!(
            spread(Money::from_fen(1), &[], Profile::Linear),
            Err(PlanError::NoMonths)
        );
        assert_eq!(
            spread(Money::from_fen(1), &months(2), Profile::Manual),
            Err(PlanError::ManualNeedsMonths)
        );
        assert_eq!(
            fen(&spread(Money::ZERO, &months(2), Profile::SCurve).unwrap()),
            [0, 0]
        );
        let one = spread(Money::from_fen(7), &months(1), Profile::SCurve).unwrap();
        assert_eq!(fen(&one), [7]);
    }

    #[test]
    fn manual_plans_must_add_up() {
        let plan: MonthlyPlan = months(2)
            .into_iter()
            .zip([Money::from_fen(5), Money::from_fen(6)])
            .collect();
        assert_eq!(check_sum(Money::from_fen(11), &plan), Ok(()));
        assert_eq!(
            check_sum(Money::from_fen(12), &plan),
            Err(PlanError::SumMismatch {
                plan: Money::from_fen(11),
                line: Money::from_fen(12)
            })
        );
    }

    #[test]
    fn months_in_year_clip_to_the_schedule() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let clipped = months_in_year(2024, date(2024, 4, 15), date(2025, 6, 1));
        assert_eq!(clipped.first().unwrap().to_string(), "2024-04");
        assert_eq!(clipped.len(), 9);
        assert_eq!(
            months_in_year(2024, date(2021, 1, 1), date(2022, 1, 1)).len(),
            12
        );
    }

    proptest! {
        #[test]
        fn every_profile_sums_exactly_to_the_line(
            fen_amount in -10_000_000_000_000i64..10_000_000_000_000i64,
            count in 1usize..=120,
            profile in prop::sample::select(vec![
                Profile::Linear, Profile::SCurve, Profile::FrontLoaded, Profile::BackLoaded,
            ]),
        ) {
            let amount = Money::from_fen(fen_amount);
            let plan = spread(amount, &months(count), profile).unwrap();
            prop_assert_eq!(plan.len(), count);
            prop_assert_eq!(plan.values().sum::<Money>(), amount);
            // No month goes the other way from the line.
            prop_assert!(plan.values().all(|m| m.fen().signum() * fen_amount.signum() >= 0));
            // Deterministic: the same input gives the same plan.
            prop_assert_eq!(spread(amount, &months(count), profile).unwrap(), plan);
        }
    }
}
