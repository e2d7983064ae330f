//! The cell-key method (the Australian Bureau of Statistics' TableBuilder,
//! the UK ONS): every public count gets a small noise that is a function of
//! the installation's secret key, the cell's identity and its true count.
//!
//! - A cell's identity is what it counts, not where it is shown: the year,
//!   the measure and the constraints of its view, table and row, in one
//!   canonical form ([`cell_identity`]). The total of Singapore's view and
//!   the Singapore row of the global countries table are the same cell, as
//!   are a year's surgical count in the procedure and trend tables.
//! - So the noise is consistent: the same cell with the same count shows
//!   the same value in every view and every version, and publishing a count
//!   twice teaches nothing more than publishing it once.
//! - A count that changes gets fresh noise, so a difference between two
//!   versions, two views or a total and its parts is a true difference plus
//!   noise from several cells, never an exact count.
//! - Counts below the threshold, zero included, are not shown, nor those
//!   whose noise takes them below it; a shown count is at least the
//!   threshold and within [`BOUND`] of the truth. A hidden cell is
//!   therefore anything from 0 to threshold − 1 + [`BOUND`]: neither a
//!   total next to hidden parts ("each is exactly 1") nor a small total
//!   over several hidden parts ("each is exactly 10") pins them, since the
//!   true small counts lie strictly inside what the attacker must allow.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;

use crate::report::Scope;

/// The largest adjustment a shown count gets, either way.
pub const BOUND: i64 = 2;

/// The noise's distribution over −2..=2, in twentieths: 0 most often,
/// ±2 rarely (a perturbation table in the ONS' sense).
const WEIGHTS: [u32; 5] = [1, 4, 10, 4, 1];

/// The installation's statistics key. Derived from the installation's
/// secret (the one patient pseudonyms use) under its own label, so that it
/// reveals nothing about pseudonyms, and never shown.
#[derive(Clone)]
pub struct CellKey([u8; 32]);

impl std::fmt::Debug for CellKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CellKey(…)")
    }
}

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8]) -> HmacSha256 {
    match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    }
}

impl CellKey {
    /// The key of an installation whose secret is `secret`.
    pub fn derive(secret: &[u8]) -> Self {
        let mut m = mac(secret);
        m.update(b"kallos statistics cell key v1");
        Self(m.finalize().into_bytes().into())
    }

    /// The noise of a cell with this count, in −[`BOUND`]..=[`BOUND`].
    pub fn noise(&self, cell: &str, count: i64) -> i64 {
        let mut m = mac(&self.0);
        m.update(cell.as_bytes());
        m.update(b"\0");
        m.update(&count.to_le_bytes());
        let digest = m.finalize().into_bytes();
        let draw = u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]) % 20;
        let mut acc = 0;
        for (i, w) in WEIGHTS.iter().enumerate() {
            acc += w;
            if draw < acc {
                return i as i64 - BOUND;
            }
        }
        0
    }

    /// What a public table shows for a cell: the count plus its noise when
    /// both the count and that sum reach `threshold`; otherwise nothing. So
    /// a shown count and its true value are both at least the threshold,
    /// within `BOUND` of each other, and a hidden count is anything from 0
    /// to `threshold − 1 + BOUND`: a hidden count of `threshold − 1` is not
    /// at the edge of what the attacker must allow, nor 1 (0 is hidden too).
    pub fn publish(&self, cell: &str, count: i64, threshold: i64) -> Option<i64> {
        if count < threshold {
            return None;
        }
        let shown = count + self.noise(cell, count);
        (shown >= threshold).then_some(shown)
    }
}

/// The canonical identity of a report's cell: what it counts, whatever
/// view and table show it. `None` for a cell that can only be zero (a
/// country's view asked for another country's row).
pub fn cell_identity(
    year: i32,
    scope: &Scope,
    table: &str,
    row: &str,
    column: &str,
) -> Option<String> {
    let mut constraints: BTreeMap<&str, String> = BTreeMap::new();
    let mut ok = true;
    let mut put = |c: &mut BTreeMap<&str, String>, k: &'static str, v: &str| {
        if let Some(old) = c.get(k) {
            ok &= old == v;
        } else {
            c.insert(k, v.to_owned());
        }
    };
    match scope {
        Scope::Global => {}
        Scope::Society(s) => put(&mut constraints, "society", &s.to_ascii_uppercase()),
        Scope::Country(c) => put(&mut constraints, "country", &c.to_ascii_uppercase()),
    }
    let mut year = year;
    let mut measure = column.to_owned();
    let (kind, value) = row.split_once(':').unwrap_or((row, ""));
    let total = row == "total";
    match table {
        "procedures" | "risk_factors" if total => {}
        "procedures" => match kind {
            "kind" => put(&mut constraints, "kind", value),
            "category" => put(&mut constraints, "category", value),
            "procedure" => put(&mut constraints, "procedure", value),
            _ => return None,
        },
        "risk_factors" => match kind {
            "bmi" | "smoker" | "combined" | "setting" => {
                put(&mut constraints, kind_name(kind), value)
            }
            _ => return None,
        },
        "countries" | "sex" | "age" | "setting" => {
            if !total {
                let name = match table {
                    "countries" => "country",
                    "sex" => "sex",
                    "age" => "age",
                    _ => "setting",
                };
                put(&mut constraints, name, value);
            }
        }
        "tourism_destination" | "tourism_origin" => {
            put(&mut constraints, "tourist", "yes");
            if !total {
                let name = if table == "tourism_destination" {
                    "country"
                } else {
                    "residence"
                };
                put(&mut constraints, name, value);
            }
        }
        "grades" => {
            measure = if total {
                "graded".to_owned()
            } else {
                format!("grade:{value}")
            };
        }
        "years" => {
            year = column.parse().ok()?;
            measure = "procedures".to_owned();
            if !total {
                put(&mut constraints, "kind", value);
            }
        }
        _ => return None,
    }
    if !ok {
        return None;
    }
    let mut id = format!("{year}/{measure}");
    for (k, v) in constraints {
        id.push('/');
        id.push_str(k);
        id.push('=');
        id.push_str(&v);
    }
    Some(id)
}

fn kind_name(kind: &str) -> &'static str {
    match kind {
        "bmi" => "bmi",
        "smoker" => "smoker",
        "combined" => "combined",
        _ => "setting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_bounded_consistent_and_keyed() {
        let key = CellKey::derive(b"installation secret");
        let other = CellKey::derive(b"another installation");
        let mut seen = [0usize; 5];
        let mut differs = 0;
        for count in 0..2_000 {
            let cell = format!("2024/procedures/country=SG/procedure=FH-RHINO{}", count % 7);
            let e = key.noise(&cell, count);
            assert!((-BOUND..=BOUND).contains(&e));
            assert_eq!(e, key.noise(&cell, count), "the same cell and count");
            seen[(e + BOUND) as usize] += 1;
            differs += usize::from(e != other.noise(&cell, count));
        }
        assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
        assert!(seen[2] > seen[0] * 4, "{seen:?}");
        assert!(differs > 500, "another key, other noise: {differs}");
        assert_eq!(key.publish("x", 10, 11), None);
        assert_eq!(key.publish("x", 0, 11), None);
        let mut hidden_at_11 = 0;
        for count in 11..60 {
            for cell in ["x", "y", "z", "w"] {
                match key.publish(cell, count, 11) {
                    Some(shown) => assert!(shown >= 11 && (shown - count).abs() <= BOUND),
                    None => {
                        assert!(count < 11 + BOUND);
                        hidden_at_11 += 1;
                    }
                }
            }
        }
        assert!(
            hidden_at_11 > 0,
            "noise can hide a count just above the threshold"
        );
        assert_eq!(format!("{key:?}"), "CellKey(…)");
    }

    #[test]
    fn a_cell_has_one_identity_in_every_view() {
        let global = Scope::Global;
        let sg = Scope::Country("SG".into());
        let same = |a: Option<String>, b: Option<String>| {
            assert!(a.is_some() && a == b, "{a:?} {b:?}");
        };
        same(
            cell_identity(2024, &sg, "procedures", "total", "major"),
            cell_identity(2024, &global, "countries", "country:SG", "major"),
        );
        same(
            cell_identity(2024, &sg, "countries", "country:SG", "procedures"),
            cell_identity(2024, &global, "countries", "country:SG", "procedures"),
        );
        same(
            cell_identity(2025, &global, "years", "kind:surgical", "2024"),
            cell_identity(2024, &global, "procedures", "kind:surgical", "procedures"),
        );
        same(
            cell_identity(2024, &global, "setting", "setting:office", "procedures"),
            cell_identity(
                2024,
                &global,
                "risk_factors",
                "setting:office",
                "procedures",
            ),
        );
        same(
            cell_identity(2024, &sg, "tourism_destination", "total", "procedures"),
            cell_identity(
                2024,
                &global,
                "tourism_destination",
                "country:SG",
                "procedures",
            ),
        );
        same(
            cell_identity(
                2024,
                &Scope::Society("sbcp".into()),
                "sex",
                "total",
                "procedures",
            ),
            cell_identity(
                2024,
                &Scope::Society("SBCP".into()),
                "age",
                "total",
                "procedures",
            ),
        );
        assert_eq!(
            cell_identity(2024, &sg, "countries", "country:BR", "procedures"),
            None
        );
        assert_ne!(
            cell_identity(2024, &global, "procedures", "total", "major"),
            cell_identity(2023, &global, "procedures", "total", "major")
        );
    }
}
