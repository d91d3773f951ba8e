//! Exact money arithmetic for generated amounts.
//!
//! Random factors are drawn as floats, but money never is: a factor is turned into whole
//! millionths once and applied in integer arithmetic, and amounts are split by integer weights
//! with the left-over units placed explicitly, so every total adds up to the fen.

use jixiao_core::Money;

/// Fen in one 元.
pub(crate) const YUAN: i64 = 100;
/// Fen in 100 元, the precision of budget tables kept in 万元 with two decimals.
pub(crate) const HUNDRED_YUAN: i64 = 10_000;
/// Fen in one 万元.
pub(crate) const WAN: i64 = 1_000_000;

/// `amount × factor`, rounded half away from zero to a multiple of `unit` fen.
pub(crate) fn scale(amount: Money, factor: f64, unit: i64) -> Money {
    let millionths = (factor * 1_000_000.0).round() as i128;
    let exact = i128::from(amount.fen()) * millionths;
    let unit_scaled = i128::from(unit) * 1_000_000;
    let half = unit_scaled / 2;
    let units = if exact >= 0 {
        (exact + half) / unit_scaled
    } else {
        (exact - half) / unit_scaled
    };
    Money::from_fen(i64::try_from(units * i128::from(unit)).expect("demo amounts fit in i64"))
}

/// An amount of `wan` 万元, drawn as a float, rounded to a multiple of `unit` fen.
pub(crate) fn from_wan(wan: f64, unit: i64) -> Money {
    scale(Money::from_fen(WAN), wan, unit)
}

/// Rounds to a multiple of `unit` fen, half away from zero.
pub(crate) fn round_to(amount: Money, unit: i64) -> Money {
    scale(amount, 1.0, unit)
}

/// The ratio `part / whole` as a float for drawing decisions; 0 when `whole` is zero.
pub(crate) fn ratio(part: Money, whole: Money) -> f64 {
    if whole.fen() == 0 {
        0.0
    } else {
        part.fen() as f64 / whole.fen() as f64
    }
}

/// Splits `total` over `weights` in whole multiples of `unit` fen (the last share takes any
/// fen that do not make a whole unit); left-over units go to the largest dropped fractions.
///
/// All-zero weights split evenly. The shares always add up to `total` exactly.
pub(crate) fn apportion(total: Money, weights: &[u64], unit: i64) -> Vec<Money> {
    if weights.is_empty() {
        return Vec::new();
    }
    let even;
    let weights = if weights.iter().all(|w| *w == 0) {
        even = vec![1; weights.len()];
        &even[..]
    } else {
        weights
    };
    let sign = total.fen().signum();
    let units = i128::from(total.fen().abs() / unit);
    let loose_fen = total.fen().abs() % unit;
    let weight_sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    let mut shares: Vec<i128> = Vec::with_capacity(weights.len());
    let mut dropped: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (index, weight) in weights.iter().enumerate() {
        let exact = units * i128::from(*weight);
        shares.push(exact / weight_sum);
        dropped.push((exact % weight_sum, index));
    }
    let left_over = units - shares.iter().sum::<i128>();
    dropped.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in dropped
        .iter()
        .take(usize::try_from(left_over).expect("small"))
    {
        shares[*index] += 1;
    }
    let last = shares.len() - 1;
    shares
        .iter()
        .enumerate()
        .map(|(index, share)| {
            let mut fen = i64::try_from(*share).expect("fits") * unit;
            if index == last {
                fen += loose_fen;
            }
            Money::from_fen(sign * fen)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fen(values: &[Money]) -> Vec<i64> {
        values.iter().map(|m| m.fen()).collect()
    }

    #[test]
    fn scaling_rounds_half_away_from_zero_to_the_unit() {
        let cases = [
            (1_000_000, 0.5, HUNDRED_YUAN, 500_000),
            (1_000_000, 0.123_456, YUAN, 123_500),
            (-1_000_000, 0.123_456, YUAN, -123_500),
            (15_000, 1.0, HUNDRED_YUAN, 20_000),
            (0, 3.0, YUAN, 0),
        ];
        for (amount, factor, unit, expected) in cases {
            assert_eq!(scale(Money::from_fen(amount), factor, unit).fen(), expected);
        }
        assert_eq!(from_wan(1.5, WAN).fen(), 2_000_000);
    }

    #[test]
    fn apportioned_shares_add_up_to_the_total() {
        let cases: &[(i64, &[u64], i64, &[i64])] = &[
            (1_000, &[1, 1, 1], 100, &[400, 300, 300]),
            (1_050, &[1, 1], 100, &[500, 550]),
            (-1_000, &[3, 1], 100, &[-800, -200]),
            (900, &[0, 0, 0], 100, &[300, 300, 300]),
            (0, &[5, 2], 100, &[0, 0]),
        ];
        for (total, weights, unit, expected) in cases {
            let shares = apportion(Money::from_fen(*total), weights, *unit);
            assert_eq!(fen(&shares), *expected, "{total} over {weights:?}");
            assert_eq!(shares.iter().copied().sum::<Money>().fen(), *total);
        }
        assert!(apportion(Money::from_fen(5), &[], 1).is_empty());
    }
}
