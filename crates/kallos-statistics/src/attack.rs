//! An attacker on everything published at once: every version of every
//! year's publication and every view a filter can produce (each country,
//! each society), with the relations between them and the bounds each
//! published number puts on its true count.
//!
//! The unknowns are true counts, one per cell *identity* (see
//! [`crate::cellkey::cell_identity`]) and set of data it covers (which
//! societies' approved data of that year): a cell shown in several tables,
//! views or versions of the same data is one unknown. The relations are
//! exact and linear:
//!
//! - each table's sums (a total is the sum of its parts), in every view;
//! - a count over several societies is the sum of the same count in each
//!   of them (a global cell against the society views);
//! - a count is the sum of the same count in each country of the year's
//!   data (a global or society cell against the country views and rows);
//! - a later version covering more societies is the earlier one plus the
//!   count of the societies added (version 2 minus version 1).
//!
//! Each published number bounds its unknown: an exact count pins it; a
//! suppressed one is at least 1 (complementary cells can be any size) when
//! zeros are shown; under the cell-key method a shown count is within the
//! `bound` the report publishes and at least the threshold, and a hidden
//! one is 0 to threshold − 1 + `bound`. Bounds are then propagated
//! through the relations, in integers, until nothing tightens: the
//! interval (constraint-propagation) form of the linear programme "min
//! and max of each unknown given every published number". What is
//! pinned to one value is recovered.

use crate::cellkey::cell_identity;
use crate::report::{Report, Scope};
use kallos_domain::statistics::DisclosureMode;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// No upper bound.
const INF: i64 = i64::MAX / 4;

/// A published report, and whose data it counts: the societies whose
/// approved data of each year it covers (for a society's view, that
/// society alone, or none before it approved).
#[derive(Debug, Clone)]
pub struct Published {
    pub report: Report,
    pub units: BTreeMap<i32, BTreeSet<String>>,
}

impl Published {
    fn units_of(&self, year: i32) -> BTreeSet<String> {
        let mut units = self.units.get(&year).cloned().unwrap_or_default();
        if let Scope::Society(s) = &self.report.scope {
            let s = s.to_ascii_uppercase();
            units.retain(|u| *u == s);
        }
        units
    }
}

/// The unknown a published cell shows: its identity and whose data it
/// covers; `None` when it can only be zero.
fn unknown(p: &Published, table: &str, row: &str, column: &str) -> Option<String> {
    let scope = match &p.report.scope {
        Scope::Society(_) => Scope::Global,
        other => other.clone(),
    };
    let identity = cell_identity(p.report.year, &scope, table, row, column)?;
    let year: i32 = identity.split('/').next()?.parse().ok()?;
    let units = p.units_of(year);
    if units.is_empty() {
        return None;
    }
    Some(format!(
        "{}|{identity}",
        units.into_iter().collect::<Vec<_>>().join(",")
    ))
}

/// Every cell of a published report as (unknown, published value).
pub fn cells(p: &Published) -> Vec<(Option<String>, Option<i64>)> {
    let mut out = Vec::new();
    for table in &p.report.tables {
        for row in &table.rows {
            for (c, column) in table.columns.iter().enumerate() {
                out.push((
                    unknown(p, &table.id, &row.key, column),
                    row.values.get(c).copied().flatten(),
                ));
            }
        }
    }
    out
}

/// What a published value says of its true count.
fn bounds_of(report: &Report, value: Option<i64>) -> (i64, i64) {
    let Some(rule) = report.disclosure else {
        return value.map_or((0, INF), |v| (v, v));
    };
    let shown_from = Report::shown_from(&rule);
    let rounding = match rule.mode {
        DisclosureMode::Threshold => 0,
        DisclosureMode::RedactRound => 2,
    };
    match (report.noise, value) {
        (Some(noise), Some(p)) => {
            let slack = noise.bound + rounding;
            ((p - slack).max(shown_from), p + slack)
        }
        (Some(noise), None) => (0, shown_from - 1 + noise.bound),
        // Before the cell-key method: exact (or rounded) counts, zeros
        // shown, and complementary cells of any size suppressed.
        (None, Some(p)) => ((p - rounding).max(0), p + rounding),
        (None, None) => (1, INF),
    }
}

/// The attacker's conclusions.
#[derive(Debug, Default)]
pub struct Outcome {
    index: HashMap<String, usize>,
    low: Vec<i64>,
    high: Vec<i64>,
    /// Unknowns whose bounds crossed (the published set contradicts the
    /// model); 0 for a sound model.
    pub contradictions: usize,
    pub relations: usize,
}

impl Outcome {
    /// The bounds of an unknown (`None` for no upper bound).
    pub fn bounds(&self, unknown: &str) -> Option<(i64, Option<i64>)> {
        let i = *self.index.get(unknown)?;
        Some((self.low[i], (self.high[i] < INF).then_some(self.high[i])))
    }

    /// Every unknown pinned to one value.
    pub fn pinned(&self) -> impl Iterator<Item = (&str, i64)> {
        self.index
            .iter()
            .filter(|(_, i)| self.low[**i] == self.high[**i])
            .map(|(k, i)| (k.as_str(), self.low[*i]))
    }
}

struct Model {
    index: HashMap<String, usize>,
    names: Vec<String>,
    low: Vec<i64>,
    high: Vec<i64>,
    relations: Vec<Vec<(usize, i64)>>,
}

impl Model {
    fn var(&mut self, name: &str) -> usize {
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        let i = self.names.len();
        self.index.insert(name.to_owned(), i);
        self.names.push(name.to_owned());
        self.low.push(0);
        self.high.push(INF);
        i
    }
}

fn split(name: &str) -> (&str, &str) {
    name.split_once('|').unwrap_or(("", name))
}

/// The identity with one more constraint, in canonical order.
fn with_constraint(identity: &str, key: &str, value: &str) -> String {
    let mut parts: Vec<&str> = identity.split('/').collect();
    let item = format!("{key}={value}");
    let head = parts.len().min(2);
    let mut rest: Vec<&str> = parts.split_off(head);
    rest.push(&item);
    rest.sort_by_key(|p| p.split_once('=').map_or(*p, |(k, _)| k));
    parts.extend(rest);
    parts.join("/")
}

/// The identity without a constraint, and that constraint's value.
fn without_constraint<'a>(identity: &'a str, key: &str) -> Option<(String, &'a str)> {
    let prefix = format!("{key}=");
    let mut value = None;
    let kept: Vec<&str> = identity
        .split('/')
        .enumerate()
        .filter(|(i, p)| {
            if *i >= 2
                && let Some(v) = p.strip_prefix(&prefix)
            {
                value = Some(v);
                return false;
            }
            true
        })
        .map(|(_, p)| p)
        .collect();
    Some((kept.join("/"), value?))
}

/// Runs the attack on everything published.
pub fn attack(published: &[Published]) -> Outcome {
    let mut m = Model {
        index: HashMap::new(),
        names: Vec::new(),
        low: Vec::new(),
        high: Vec::new(),
        relations: Vec::new(),
    };
    let zero = m.var("zero");
    m.high[zero] = 0;
    // Bounds from each published number, and each table's sums.
    for p in published {
        for table in &p.report.tables {
            let vars: Vec<Vec<usize>> = table
                .rows
                .iter()
                .map(|row| {
                    table
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(c, column)| {
                            let Some(name) = unknown(p, &table.id, &row.key, column) else {
                                return zero;
                            };
                            let v = m.var(&name);
                            let (lo, hi) =
                                bounds_of(&p.report, row.values.get(c).copied().flatten());
                            m.low[v] = m.low[v].max(lo);
                            m.high[v] = m.high[v].min(hi);
                            v
                        })
                        .collect()
                })
                .collect();
            for sum in &table.sums {
                for (c, total) in vars[sum.total].iter().enumerate() {
                    let mut terms = vec![(*total, 1)];
                    terms.extend(sum.parts.iter().map(|r| (vars[*r][c], -1)));
                    m.relations.push(terms);
                }
            }
        }
    }
    let published_names: Vec<String> = m.names.clone();
    // Several societies: the sum of each.
    let mut singles: HashMap<&str, ()> = HashMap::new();
    for name in &published_names {
        let (units, identity) = split(name);
        if !units.contains(',') && !units.is_empty() {
            singles.insert(identity, ());
        }
    }
    for name in &published_names {
        let (units, identity) = split(name);
        if !units.contains(',') || !singles.contains_key(identity) {
            continue;
        }
        let total = m.var(name);
        let mut terms = vec![(total, 1)];
        for u in units.split(',') {
            terms.push((m.var(&format!("{u}|{identity}")), -1));
        }
        m.relations.push(terms);
    }
    // Versions: more societies = fewer societies + those added.
    let unit_sets: BTreeSet<&str> = published_names.iter().map(|n| split(n).0).collect();
    for small in &unit_sets {
        let small_set: BTreeSet<&str> = small.split(',').collect();
        for large in &unit_sets {
            let large_set: BTreeSet<&str> = large.split(',').collect();
            // Between sets of several societies (one society against many
            // is the sum over societies already).
            if small == large || !small_set.is_subset(&large_set) || !small.contains(',') {
                continue;
            }
            let added: Vec<&str> = large_set.difference(&small_set).copied().collect();
            let added = added.join(",");
            for name in &published_names {
                let (units, identity) = split(name);
                if units != *small {
                    continue;
                }
                let Some(&l) = m.index.get(&format!("{large}|{identity}")) else {
                    continue;
                };
                let s = m.var(name);
                let a = m.var(&format!("{added}|{identity}"));
                m.relations.push(vec![(l, 1), (s, -1), (a, -1)]);
            }
        }
    }
    // Countries: a count is the sum over every country of the year's data.
    let mut countries: BTreeSet<String> = BTreeSet::new();
    let mut by_base: HashMap<String, Vec<usize>> = HashMap::new();
    let names: Vec<String> = m.names.clone();
    for (i, name) in names.iter().enumerate() {
        let (units, identity) = split(name);
        if let Some((base, country)) = without_constraint(identity, "country") {
            countries.insert(country.to_owned());
            by_base
                .entry(format!("{units}|{base}"))
                .or_default()
                .push(i);
        }
    }
    for (base, parts) in by_base {
        let Some(&total) = m.index.get(&base) else {
            continue;
        };
        let (units, identity) = split(&base);
        let mut terms = vec![(total, 1)];
        let known: BTreeSet<usize> = parts.iter().copied().collect();
        for c in &countries {
            let v = m.var(&format!(
                "{units}|{}",
                with_constraint(identity, "country", c)
            ));
            terms.push((v, -1));
        }
        debug_assert!(known.iter().all(|k| terms.iter().any(|(v, _)| v == k)));
        m.relations.push(terms);
    }
    let contradictions = propagate(&mut m);
    Outcome {
        index: m.index,
        low: m.low,
        high: m.high,
        contradictions,
        relations: m.relations.len(),
    }
}

/// Bounds propagation to a fixed point (or a work limit).
fn propagate(m: &mut Model) -> usize {
    let mut of_var: Vec<Vec<usize>> = vec![Vec::new(); m.names.len()];
    for (r, terms) in m.relations.iter().enumerate() {
        for (v, _) in terms {
            of_var[*v].push(r);
        }
    }
    let mut queued = vec![true; m.relations.len()];
    let mut queue: VecDeque<usize> = (0..m.relations.len()).collect();
    let mut budget: usize = 50_000_000;
    let mut crossed = vec![false; m.names.len()];
    let relations = std::mem::take(&mut m.relations);
    while let Some(r) = queue.pop_front() {
        queued[r] = false;
        let terms = &relations[r];
        budget = budget.saturating_sub(terms.len());
        if budget == 0 {
            break;
        }
        // Σ a·x = 0; each term's range (bounds only tighten, so ranges
        // taken before this relation's own updates stay sound).
        let ranges: Vec<(i64, i64)> = terms
            .iter()
            .map(|&(v, a)| {
                let (lo, hi) = (m.low[v], m.high[v]);
                if a > 0 {
                    (lo, hi)
                } else {
                    (if hi >= INF { -INF } else { -hi }, -lo)
                }
            })
            .collect();
        let (mut min_sum, mut max_sum, mut min_inf, mut max_inf) = (0i64, 0i64, 0, 0);
        for &(lo, hi) in &ranges {
            if lo <= -INF {
                min_inf += 1;
            } else {
                min_sum += lo;
            }
            if hi >= INF {
                max_inf += 1;
            } else {
                max_sum += hi;
            }
        }
        let mut changed = Vec::new();
        for (&(v, a), &(lo, hi)) in terms.iter().zip(&ranges) {
            let rest_min = if min_inf - i32::from(lo <= -INF) > 0 {
                None
            } else {
                Some(min_sum - if lo <= -INF { 0 } else { lo })
            };
            let rest_max = if max_inf - i32::from(hi >= INF) > 0 {
                None
            } else {
                Some(max_sum - if hi >= INF { 0 } else { hi })
            };
            // a·x = −rest
            let (new_lo, new_hi) = if a > 0 {
                (rest_max.map(|r| -r), rest_min.map(|r| -r))
            } else {
                (rest_min, rest_max)
            };
            let mut moved = false;
            if let Some(l) = new_lo
                && l > m.low[v]
            {
                m.low[v] = l;
                moved = true;
            }
            if let Some(h) = new_hi
                && h < m.high[v]
            {
                m.high[v] = h;
                moved = true;
            }
            if m.low[v] > m.high[v] {
                crossed[v] = true;
                continue;
            }
            if moved {
                changed.push(v);
            }
        }
        for v in changed {
            for &other in &of_var[v] {
                if !queued[other] {
                    queued[other] = true;
                    queue.push_back(other);
                }
            }
        }
    }
    m.relations = relations;
    crossed.iter().filter(|c| **c).count()
}

/// The true counts of the same unknowns, from the same reports unprotected.
pub fn truth(unprotected: &[Published]) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for p in unprotected {
        for (name, value) in cells(p) {
            if let Some(name) = name {
                out.insert(name, value.unwrap_or(0));
            }
        }
    }
    out
}

/// The unknowns whose true count is 1 to `threshold` − 1 and that the
/// attack pinned, with their value.
pub fn recovered_below(
    outcome: &Outcome,
    truth: &HashMap<String, i64>,
    threshold: i64,
) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = outcome
        .pinned()
        .filter_map(|(name, value)| {
            let t = *truth.get(name)?;
            ((1..threshold).contains(&t)).then(|| (name.to_owned(), value))
        })
        .collect();
    out.sort();
    out
}

/// Unknowns whose true count lies outside the attack's bounds: a model
/// that is not sound (0 when it is).
pub fn unsound(outcome: &Outcome, truth: &HashMap<String, i64>) -> Vec<(String, i64)> {
    truth
        .iter()
        .filter(|(name, t)| {
            outcome
                .bounds(name)
                .is_some_and(|(lo, hi)| **t < lo || hi.is_some_and(|h| **t > h))
        })
        .map(|(n, t)| (n.clone(), *t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_go_in_canonical_order() {
        assert_eq!(
            with_constraint("2024/major/procedure=X/tourist=yes", "country", "SG"),
            "2024/major/country=SG/procedure=X/tourist=yes"
        );
        assert_eq!(
            without_constraint("2024/major/country=SG/procedure=X", "country"),
            Some(("2024/major/procedure=X".to_owned(), "SG"))
        );
        assert_eq!(without_constraint("2024/major", "country"), None);
        assert_eq!(
            with_constraint("2024/procedures", "country", "BR"),
            "2024/procedures/country=BR"
        );
    }
}
