//! Disclosure control across a report's tables. Some counts are published in
//! more than one table: the year's totals in most of them, procedures by
//! setting in both the setting and the risk-factor tables, surgical and
//! non-surgical counts in both the procedure and the trend tables. A count
//! hidden in one table must not be read in another, nor worked out from the
//! relations of several tables together. So the columns that share a count
//! are protected as one system, in which "these two cells are the same
//! count" is one more relation.

use crate::disclosure::Sum;
use crate::report::Report;
use std::collections::HashMap;

/// Tables whose `total` row is every procedure of the report's scope and
/// year, with that total's outcomes.
const TOTAL_OF_ALL: [&str; 6] = [
    "procedures",
    "countries",
    "sex",
    "age",
    "setting",
    "risk_factors",
];

/// The name of the count a cell shows, when another table shows it too.
pub fn shared_count(year: i32, table: &str, row: &str, column: &str) -> Option<String> {
    match table {
        _ if row == "total" && TOTAL_OF_ALL.contains(&table) => Some(format!("total/{column}")),
        "procedures" if row.starts_with("kind:") => Some(format!("{row}/{column}")),
        "years" if column == year.to_string() => {
            let row = if row.starts_with("kind:") {
                row
            } else {
                "total"
            };
            Some(format!("{row}/procedures"))
        }
        "setting" | "risk_factors" if row.starts_with("setting:") => {
            Some(format!("{row}/{column}"))
        }
        "tourism_destination" | "tourism_origin" if row == "total" => {
            Some(format!("tourism/{column}"))
        }
        _ => None,
    }
}

/// Columns of a report protected together: their cells as (table, row,
/// column) and the relations between positions in `cells`.
#[derive(Debug, Default)]
pub struct System {
    pub cells: Vec<(usize, usize, usize)>,
    pub sums: Vec<Sum>,
}

/// The report's columns grouped into systems: a column alone, or with every
/// column it shares a count with (transitively).
pub fn systems(report: &Report) -> Vec<System> {
    let columns: Vec<(usize, usize)> = report
        .tables
        .iter()
        .enumerate()
        .flat_map(|(t, table)| (0..table.columns.len()).map(move |c| (t, c)))
        .collect();
    // Union–find over columns, joined by the counts they share.
    let mut parent: Vec<usize> = (0..columns.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut links: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for (k, &(t, c)) in columns.iter().enumerate() {
        let table = &report.tables[t];
        for (r, row) in table.rows.iter().enumerate() {
            let Some(count) = shared_count(report.year, &table.id, &row.key, &table.columns[c])
            else {
                continue;
            };
            match first_seen.get(&count) {
                Some(&(other, other_row)) => {
                    links.push(((other, other_row), (k, r)));
                    let (a, b) = (root(&mut parent, other), root(&mut parent, k));
                    parent[a] = b;
                }
                None => {
                    first_seen.insert(count, (k, r));
                }
            }
        }
    }
    let mut by_root: HashMap<usize, System> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    // Where each column's first cell lands in its system.
    let mut base = vec![0usize; columns.len()];
    for (k, &(t, c)) in columns.iter().enumerate() {
        let r = root(&mut parent, k);
        let system = by_root.entry(r).or_insert_with(|| {
            order.push(r);
            System::default()
        });
        base[k] = system.cells.len();
        let table = &report.tables[t];
        system
            .cells
            .extend((0..table.rows.len()).map(|row| (t, row, c)));
        system.sums.extend(table.sums.iter().map(|s| Sum {
            total: base[k] + s.total,
            parts: s.parts.iter().map(|p| base[k] + p).collect(),
        }));
    }
    for ((a, a_row), (b, b_row)) in links {
        let r = root(&mut parent, a);
        if let Some(system) = by_root.get_mut(&r) {
            system.sums.push(Sum {
                total: base[a] + a_row,
                parts: vec![base[b] + b_row],
            });
        }
    }
    order
        .into_iter()
        .filter_map(|r| by_root.remove(&r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_published_twice_are_named_alike() {
        let same = |a: (&str, &str, &str), b: (&str, &str, &str)| {
            let name = |(t, r, c)| shared_count(2025, t, r, c);
            assert!(name(a).is_some() && name(a) == name(b), "{a:?} and {b:?}");
        };
        same(
            ("sex", "total", "procedures"),
            ("procedures", "total", "procedures"),
        );
        same(("years", "total", "2025"), ("age", "total", "procedures"));
        same(
            ("years", "kind:surgical", "2025"),
            ("procedures", "kind:surgical", "procedures"),
        );
        same(
            ("setting", "setting:office", "procedures"),
            ("risk_factors", "setting:office", "procedures"),
        );
        same(
            ("tourism_destination", "total", "procedures"),
            ("tourism_origin", "total", "procedures"),
        );
        assert_eq!(shared_count(2025, "years", "total", "2024"), None);
        assert_eq!(
            shared_count(2025, "countries", "country:BR", "procedures"),
            None
        );
        assert_eq!(shared_count(2025, "grades", "total", "procedures"), None);
    }
}
