//! The few random draws the generator needs, on one seeded stream.
//!
//! ChaCha8 gives the same numbers on every platform and version of the crate, which is what
//! makes the demo reproducible. Normal and Poisson draws are written out here because the
//! distribution crate would be a dependency for two short formulas.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator's random stream.
pub(crate) type Stream = ChaCha8Rng;

/// A stream seeded with `seed`.
pub(crate) fn stream(seed: u64) -> Stream {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A uniform number in `[low, high)`.
pub(crate) fn uniform(rng: &mut Stream, low: f64, high: f64) -> f64 {
    low + (high - low) * rng.random::<f64>()
}

/// A number whose logarithm is uniform in `[ln low, ln high)`: sizes spread over orders of
/// magnitude, with small projects more common than large ones.
pub(crate) fn log_uniform(rng: &mut Stream, low: f64, high: f64) -> f64 {
    (uniform(rng, low.ln(), high.ln())).exp()
}

/// A normal draw (Box–Muller).
pub(crate) fn normal(rng: &mut Stream, mean: f64, sd: f64) -> f64 {
    // 1 − u keeps the logarithm away from zero.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Poisson draw (Knuth's multiplication method, fine for the small means used here).
pub(crate) fn poisson(rng: &mut Stream, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut product = rng.random::<f64>();
    let mut count = 0;
    while product > limit {
        count += 1;
        product *= rng.random::<f64>();
    }
    count
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut Stream, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// A whole number in `low..=high`.
pub(crate) fn between(rng: &mut Stream, low: i32, high: i32) -> i32 {
    rng.random_range(low..=high)
}

/// A uniform index below `len` (which must not be zero).
pub(crate) fn below(rng: &mut Stream, len: usize) -> usize {
    rng.random_range(0..len)
}

/// One item of a non-empty slice.
pub(crate) fn pick<'a, T>(rng: &mut Stream, items: &'a [T]) -> &'a T {
    &items[below(rng, items.len())]
}

/// One of a non-empty list of fixed texts.
pub(crate) fn pick_text(rng: &mut Stream, texts: &[&'static str]) -> &'static str {
    texts[below(rng, texts.len())]
}

/// An index drawn with probability proportional to `weights`.
pub(crate) fn weighted(rng: &mut Stream, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut target = uniform(rng, 0.0, total);
    for (index, weight) in weights.iter().enumerate() {
        if target < *weight {
            return index;
        }
        target -= weight;
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draws() {
        let draws = |seed| {
            let mut rng = stream(seed);
            (0..5)
                .map(|_| normal(&mut rng, 0.0, 1.0))
                .collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
    }

    #[test]
    fn draws_have_roughly_the_asked_means() {
        let mut rng = stream(1);
        let n = 20_000;
        let normal_mean = (0..n).map(|_| normal(&mut rng, 3.0, 1.0)).sum::<f64>() / n as f64;
        let poisson_mean = (0..n)
            .map(|_| f64::from(poisson(&mut rng, 2.5)))
            .sum::<f64>()
            / n as f64;
        assert!((normal_mean - 3.0).abs() < 0.05, "{normal_mean}");
        assert!((poisson_mean - 2.5).abs() < 0.05, "{poisson_mean}");
        let heavy = (0..n)
            .filter(|_| weighted(&mut rng, &[1.0, 3.0]) == 1)
            .count();
        assert!((heavy as f64 / n as f64 - 0.75).abs() < 0.02, "{heavy}");
    }
}
