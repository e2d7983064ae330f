//! The Wilson score interval for a proportion: well-behaved for small counts
//! and rates near 0, unlike the normal approximation.

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval of `k` events in `n` trials, as proportions;
/// `None` when `n` is 0 or `k` is out of range.
pub fn wilson(k: i64, n: i64, z: f64) -> Option<(f64, f64)> {
    if n <= 0 || k < 0 || k > n {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A rate with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Rate {
    pub events: i64,
    pub total: i64,
    pub rate: f64,
    pub low: f64,
    pub high: f64,
}

pub fn rate95(events: i64, total: i64) -> Option<Rate> {
    let (low, high) = wilson(events, total, Z95)?;
    Some(Rate {
        events,
        total,
        rate: events as f64 / total as f64,
        low,
        high,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn known_values() {
        // Wilson (1927) / Newcombe (1998) worked examples, 95 %.
        let (lo, hi) = wilson(81, 263, Z95).unwrap_or_default();
        assert!(close(lo, 0.2553) && close(hi, 0.3662), "{lo} {hi}");
        let (lo, hi) = wilson(15, 148, Z95).unwrap_or_default();
        assert!(close(lo, 0.0624) && close(hi, 0.1605), "{lo} {hi}");
        // Zero events: the lower bound is 0 and the upper bound z²/(n+z²).
        let (lo, hi) = wilson(0, 20, Z95).unwrap_or_default();
        assert!(close(lo, 0.0) && close(hi, 0.1611), "{lo} {hi}");
        // All events mirror it.
        let (lo, hi) = wilson(20, 20, Z95).unwrap_or_default();
        assert!(close(lo, 0.8389) && close(hi, 1.0), "{lo} {hi}");
        assert_eq!(wilson(1, 0, Z95), None);
        assert_eq!(wilson(5, 4, Z95), None);
    }

    #[test]
    fn the_interval_holds_the_rate_and_narrows_with_n() {
        let small = rate95(5, 100).unwrap_or(Rate {
            events: 0,
            total: 0,
            rate: 0.0,
            low: 0.0,
            high: 0.0,
        });
        let large = rate95(500, 10_000).unwrap_or(small);
        assert!(small.low < 0.05 && 0.05 < small.high);
        assert!(large.high - large.low < small.high - small.low);
    }
}
