//! Axis scales with round tick steps (the 1-2-5 rule) and their tick labels.
//!
//! A reader should be able to read a value off a gridline without arithmetic, so steps are
//! always 1, 2 or 5 times a power of ten, and every scale includes zero: bars of money start
//! at zero or they lie about proportions.

/// A linear scale from `min` to `max`, both multiples of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The lowest tick.
    pub min: f64,
    /// The highest tick.
    pub max: f64,
    /// The distance between ticks.
    pub step: f64,
}

impl Scale {
    /// The tick values from `min` to `max`, computed from integer indices so that they do not
    /// collect floating-point drift (no `0.30000000000000004`).
    pub fn ticks(&self) -> Vec<f64> {
        let first = (self.min / self.step).round() as i64;
        let last = (self.max / self.step).round() as i64;
        (first..=last).map(|i| i as f64 * self.step).collect()
    }

    /// Maps `value` onto the pixel range from `from` (at `min`) to `to` (at `max`).
    pub fn map(&self, value: f64, from: f64, to: f64) -> f64 {
        from + (value - self.min) / (self.max - self.min) * (to - from)
    }

    /// How many decimals a tick label needs so that neighbouring ticks read differently.
    pub fn decimals(&self) -> usize {
        let exponent = self.step.log10().floor();
        if exponent >= 0.0 {
            0
        } else {
            (-exponent) as usize
        }
    }

    /// The label of tick `value`: grouped thousands and just enough decimals.
    pub fn label(&self, value: f64) -> String {
        format_number(value, self.decimals())
    }
}

/// A scale covering `low` to `high` and zero, with about `target_ticks` intervals.
///
/// Non-finite bounds count as zero; a range without extent (all values zero) becomes 0 to 1
/// so that the chart still has an axis to draw.
pub fn nice_scale(low: f64, high: f64, target_ticks: usize) -> Scale {
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let (mut low, mut high) = (finite(low).min(0.0), finite(high).max(0.0));
    if low > high {
        std::mem::swap(&mut low, &mut high);
    }
    if high - low == 0.0 {
        high = 1.0;
    }
    let step = nice_step((high - low) / target_ticks.max(1) as f64);
    Scale {
        // The tolerance keeps a bound that is already a multiple of the step from gaining a tick.
        min: (low / step + 1e-9).floor() * step,
        max: (high / step - 1e-9).ceil() * step,
        step,
    }
}

/// The 1, 2 or 5 times a power of ten nearest to `raw` on a logarithmic scale.
///
/// Rounding to the nearest (rather than always up) keeps the tick count close to the target:
/// a raw step of 247 becomes 200, not 500.
fn nice_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    // The thresholds are the geometric means of neighbouring steps: sqrt(2), sqrt(10), sqrt(50).
    let nice = if fraction >= 50f64.sqrt() {
        10.0
    } else if fraction >= 10f64.sqrt() {
        5.0
    } else if fraction >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    nice * power
}

/// Formats `value` with `decimals` places and `,` between groups of three integer digits.
pub fn format_number(value: f64, decimals: usize) -> String {
    let plain = format!("{value:.decimals$}");
    // A tiny negative rounds to "-0"; a tick label never shows a signed zero.
    let plain = match plain.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => plain,
    };
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut grouped = String::new();
    for (i, digit) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if frac_part.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac_part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_follow_the_one_two_five_rule_and_include_zero() {
        /// (low, high, target ticks) and the expected (min, max, step).
        type Case = (f64, f64, usize, (f64, f64, f64));
        let cases: &[Case] = &[
            (0.0, 0.0, 5, (0.0, 1.0, 0.2)),
            (0.0, 100.0, 5, (0.0, 100.0, 20.0)),
            (0.0, 97.0, 5, (0.0, 100.0, 20.0)),
            (42.0, 42.0, 5, (0.0, 50.0, 10.0)),
            (-30.0, 70.0, 5, (-40.0, 80.0, 20.0)),
            (-5.0, -1.0, 5, (-5.0, 0.0, 1.0)),
            (0.0, 3.2e12, 4, (0.0, 4e12, 1e12)),
            (0.0, 0.003, 3, (0.0, 0.003, 0.001)),
            (0.0, 1234.5, 5, (0.0, 1400.0, 200.0)),
            (0.0, 7.0, 5, (0.0, 7.0, 1.0)),
            (0.0, 8.0, 5, (0.0, 8.0, 2.0)),
            (f64::NAN, f64::INFINITY, 5, (0.0, 1.0, 0.2)),
            (0.0, 10.0, 0, (0.0, 10.0, 10.0)),
        ];
        for &(low, high, target, (min, max, step)) in cases {
            let scale = nice_scale(low, high, target);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
            assert!(
                close(scale.min, min) && close(scale.max, max) && close(scale.step, step),
                "nice_scale({low}, {high}, {target}) = {scale:?}, expected {min}..{max} by {step}"
            );
        }
    }

    #[test]
    fn ticks_are_exact_multiples_without_drift() {
        let scale = nice_scale(0.0, 1.0, 10);
        let labels: Vec<String> = scale.ticks().iter().map(|v| scale.label(*v)).collect();
        assert_eq!(
            labels,
            [
                "0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"
            ]
        );
        let negative = nice_scale(-30.0, 70.0, 5);
        assert_eq!(
            negative.ticks(),
            [-40.0, -20.0, 0.0, 20.0, 40.0, 60.0, 80.0]
        );
    }

    #[test]
    fn tick_labels_group_thousands_and_never_show_negative_zero() {
        let cases: &[(f64, usize, &str)] = &[
            (0.0, 0, "0"),
            (-0.0001, 2, "0.00"),
            (1_000.0, 0, "1,000"),
            (-40.0, 0, "-40"),
            (4e12, 0, "4,000,000,000,000"),
            (1234567.891, 2, "1,234,567.89"),
            (0.2, 1, "0.2"),
        ];
        for &(value, decimals, text) in cases {
            assert_eq!(
                format_number(value, decimals),
                text,
                "{value} with {decimals}"
            );
        }
    }

    #[test]
    fn mapping_puts_min_and_max_at_the_ends() {
        let scale = nice_scale(0.0, 100.0, 5);
        assert_eq!(scale.map(0.0, 500.0, 100.0), 500.0);
        assert_eq!(scale.map(100.0, 500.0, 100.0), 100.0);
        assert_eq!(scale.map(50.0, 500.0, 100.0), 300.0);
    }
}
