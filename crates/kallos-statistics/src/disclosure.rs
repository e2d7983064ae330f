//! Disclosure control of public tables.
//!
//! A table column is a list of counts and the additive relations between
//! them (a total equals the sum of its parts). Counts below the threshold
//! are suppressed (primary suppression); then, as long as an attacker who
//! sees the published column and knows the relations can work out any
//! suppressed count, a complementary count is suppressed too (secondary
//! suppression). The attacker here is the one the tests use: totals minus
//! visible parts for every relation, exact linear algebra over all the
//! relations together, and the bounds that follow from suppressed counts
//! being at least 1 (zeros are never suppressed, and an attacker may know it).

use kallos_domain::statistics::{Disclosure, DisclosureMode};

/// `total` equals the sum of `parts` (indices into a column).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

const EPS: f64 = 1e-7;

/// One equation over the unknowns: Σ coef·x = rhs.
struct Equation {
    coefs: Vec<(usize, f64)>,
    rhs: f64,
}

fn equations(published: &[Option<i64>], sums: &[Sum]) -> Vec<Equation> {
    sums.iter()
        .map(|sum| {
            let mut coefs = Vec::new();
            let mut rhs = 0.0;
            let cells =
                std::iter::once((sum.total, 1.0)).chain(sum.parts.iter().map(|p| (*p, -1.0)));
            for (cell, coef) in cells {
                match published.get(cell).copied().flatten() {
                    Some(v) => rhs -= coef * v as f64,
                    None => coefs.push((cell, coef)),
                }
            }
            Equation { coefs, rhs }
        })
        .collect()
}

/// What an attacker can recover from a published column: `(cell, value)` of
/// every suppressed count that is determined by the visible counts, the
/// relations and the bound `x ≥ 1`.
pub fn recover(published: &[Option<i64>], sums: &[Sum]) -> Vec<(usize, i64)> {
    let mut known: Vec<Option<i64>> = published.to_vec();
    let mut recovered = Vec::new();
    loop {
        let found = recover_step(&known, sums);
        if found.is_empty() {
            break;
        }
        for (cell, value) in found {
            if known[cell].is_none() {
                known[cell] = Some(value);
                recovered.push((cell, value));
            }
        }
    }
    recovered
}

fn recover_step(published: &[Option<i64>], sums: &[Sum]) -> Vec<(usize, i64)> {
    let equations = equations(published, sums);
    let unknowns: Vec<usize> = (0..published.len())
        .filter(|i| {
            published[*i].is_none()
                && equations
                    .iter()
                    .any(|e| e.coefs.iter().any(|(c, _)| c == i))
        })
        .collect();
    if unknowns.is_empty() {
        return Vec::new();
    }
    let position = |cell: usize| unknowns.iter().position(|u| *u == cell);
    // Exact linear algebra: reduced row echelon form of [A | b].
    let width = unknowns.len();
    let mut rows: Vec<Vec<f64>> = equations
        .iter()
        .filter(|e| !e.coefs.is_empty())
        .map(|e| {
            let mut row = vec![0.0; width + 1];
            for (cell, coef) in &e.coefs {
                if let Some(j) = position(*cell) {
                    row[j] += coef;
                }
            }
            row[width] = e.rhs;
            row
        })
        .collect();
    let mut pivot_row = 0;
    for col in 0..width {
        let Some(found) = (pivot_row..rows.len()).find(|r| rows[*r][col].abs() > EPS) else {
            continue;
        };
        rows.swap(pivot_row, found);
        let pivot = rows[pivot_row][col];
        for v in rows[pivot_row].iter_mut() {
            *v /= pivot;
        }
        for r in 0..rows.len() {
            if r != pivot_row && rows[r][col].abs() > EPS {
                let factor = rows[r][col];
                let source = rows[pivot_row].clone();
                for (v, s) in rows[r].iter_mut().zip(source) {
                    *v -= factor * s;
                }
            }
        }
        pivot_row += 1;
    }
    let mut found = Vec::new();
    for row in &rows {
        let nonzero: Vec<usize> = (0..width).filter(|j| row[*j].abs() > EPS).collect();
        if let [j] = nonzero[..] {
            found.push((unknowns[j], (row[width] / row[j]).round() as i64));
        }
    }
    if !found.is_empty() {
        return found;
    }
    // Bounds: every suppressed count is at least 1; propagate through the
    // equations until nothing tightens, and report what is pinned.
    let mut low = vec![1.0f64; width];
    let mut high = vec![f64::INFINITY; width];
    for _ in 0..(4 * width + 8) {
        let mut changed = false;
        for e in equations.iter().filter(|e| e.coefs.len() > 1) {
            for (i, (cell, coef)) in e.coefs.iter().enumerate() {
                let Some(j) = position(*cell) else { continue };
                // coef·x_j = rhs − Σ others
                let (mut rest_low, mut rest_high) = (0.0, 0.0);
                for (k, (other, c)) in e.coefs.iter().enumerate() {
                    if k == i {
                        continue;
                    }
                    let Some(o) = position(*other) else { continue };
                    let (a, b) = (c * low[o], c * high[o]);
                    rest_low += a.min(b);
                    rest_high += a.max(b);
                }
                let (a, b) = ((e.rhs - rest_high) / coef, (e.rhs - rest_low) / coef);
                let (lo, hi) = (a.min(b), a.max(b));
                if lo.is_finite() && lo > low[j] + EPS {
                    low[j] = lo;
                    changed = true;
                }
                if hi.is_finite() && hi < high[j] - EPS {
                    high[j] = hi;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (0..width)
        .filter(|j| high[*j].is_finite() && (high[*j] - low[*j]).abs() < EPS)
        .map(|j| (unknowns[j], low[j].round() as i64))
        .collect()
}

/// Whether a count is suppressed in the first place.
pub fn primary(value: i64, rule: &Disclosure) -> bool {
    value > 0
        && match rule.mode {
            DisclosureMode::Threshold => value < rule.threshold,
            DisclosureMode::RedactRound => value <= 7,
        }
}

/// The published column: primary suppression, then complementary
/// suppression until nothing suppressed can be recovered, then (in
/// redact-and-round mode) every visible count rounded to the nearest 5.
pub fn protect(values: &[i64], sums: &[Sum], rule: &Disclosure) -> Vec<Option<i64>> {
    let mut suppressed: Vec<bool> = values.iter().map(|v| primary(*v, rule)).collect();
    loop {
        let published: Vec<Option<i64>> = values
            .iter()
            .zip(&suppressed)
            .map(|(v, s)| (!s).then_some(*v))
            .collect();
        let recovered = recover(&published, sums);
        let Some((first, _)) = recovered.first().copied() else {
            break;
        };
        let hidden = |s: &Sum, suppressed: &[bool]| {
            std::iter::once(s.total)
                .chain(s.parts.iter().copied())
                .filter(|c| suppressed[*c])
                .count()
        };
        // The smallest visible non-zero part of a relation, or else its total.
        let complement = |s: &Sum, suppressed: &[bool]| {
            s.parts
                .iter()
                .copied()
                .filter(|c| !suppressed[*c] && values[*c] > 0)
                .min_by_key(|c| values[*c])
                .or_else(|| (!suppressed[s.total] && values[s.total] > 0).then_some(s.total))
        };
        // First the classic case: a relation with a single hidden count.
        let single = sums
            .iter()
            .filter(|s| hidden(s, &suppressed) == 1)
            .find_map(|s| complement(s, &suppressed));
        // Otherwise the tightest relation the first recovered count is in.
        let candidate = single.or_else(|| {
            let mut relations: Vec<&Sum> = sums
                .iter()
                .filter(|s| s.total == first || s.parts.contains(&first))
                .collect();
            relations.sort_by_key(|s| hidden(s, &suppressed));
            relations.iter().find_map(|s| complement(s, &suppressed))
        });
        match candidate {
            Some(c) => suppressed[c] = true,
            None => {
                // Nothing left to hide beside them: hide every count of the
                // relations of what was recovered.
                let mut any = false;
                for (cell, _) in &recovered {
                    for s in sums
                        .iter()
                        .filter(|s| s.total == *cell || s.parts.contains(cell))
                    {
                        for c in std::iter::once(s.total).chain(s.parts.iter().copied()) {
                            if !suppressed[c] && values[c] > 0 {
                                suppressed[c] = true;
                                any = true;
                            }
                        }
                    }
                }
                if !any {
                    break;
                }
            }
        }
    }
    values
        .iter()
        .zip(&suppressed)
        .map(|(v, s)| {
            (!s).then(|| match rule.mode {
                DisclosureMode::Threshold => *v,
                DisclosureMode::RedactRound => round5(*v),
            })
        })
        .collect()
}

/// The nearest multiple of 5 (halves up).
pub fn round5(value: i64) -> i64 {
    (value + 2).div_euclid(5) * 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threshold(t: i64) -> Disclosure {
        Disclosure {
            threshold: t,
            mode: DisclosureMode::Threshold,
        }
    }

    /// Total first, then parts.
    fn flat(n: usize) -> Vec<Sum> {
        vec![Sum {
            total: 0,
            parts: (1..=n).collect(),
        }]
    }

    #[test]
    fn a_lone_small_cell_takes_a_complementary_one_with_it() {
        let values = [140, 100, 35, 5];
        let published = protect(&values, &flat(3), &threshold(11));
        assert_eq!(published, vec![Some(140), Some(100), None, None]);
        assert!(recover(&published, &flat(3)).is_empty());
    }

    #[test]
    fn the_total_minus_visible_parts_recovers_a_single_suppression() {
        let published = [Some(140), Some(100), Some(35), None];
        assert_eq!(recover(&published, &flat(3)), vec![(3, 5)]);
    }

    #[test]
    fn two_ones_are_pinned_by_their_bounds_and_so_protected() {
        // 1 + 1 = 2: an attacker who knows suppressed counts are ≥ 1 gets both.
        let published = [Some(52), Some(50), None, None];
        let found = recover(&published, &flat(3));
        assert_eq!(found.len(), 2);
        let protected = protect(&[52, 50, 1, 1], &flat(3), &threshold(11));
        assert_eq!(protected, vec![Some(52), None, None, None]);
        assert!(recover(&protected, &flat(3)).is_empty());
    }

    #[test]
    fn a_small_total_is_hidden_with_its_parts() {
        let values = [6, 6, 0];
        let protected = protect(&values, &flat(2), &threshold(11));
        assert_eq!(protected, vec![None, None, Some(0)]);
        assert!(recover(&protected, &flat(2)).is_empty());
    }

    #[test]
    fn nested_relations_are_protected_together() {
        // 0 = 1 + 2; 1 = 3 + 4; 2 = 5 + 6
        let sums = vec![
            Sum {
                total: 0,
                parts: vec![1, 2],
            },
            Sum {
                total: 1,
                parts: vec![3, 4],
            },
            Sum {
                total: 2,
                parts: vec![5, 6],
            },
        ];
        let values = [300, 120, 180, 3, 117, 90, 90];
        let protected = protect(&values, &sums, &threshold(11));
        assert_eq!(protected[3], None);
        assert!(recover(&protected, &sums).is_empty(), "{protected:?}");
    }

    #[test]
    fn redact_and_round() {
        let rule = Disclosure {
            threshold: 11,
            mode: DisclosureMode::RedactRound,
        };
        let protected = protect(&[123, 100, 16, 7], &flat(3), &rule);
        assert_eq!(protected, vec![Some(125), Some(100), None, None]);
        assert_eq!((round5(12), round5(13), round5(0)), (10, 15, 0));
    }
}
