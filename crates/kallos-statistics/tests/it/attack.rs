//! The whole published set attacked at once (see `kallos_statistics::attack`):
//! every version of every year, every country's and every society's view,
//! on data shaped like the demo's and on generated data, each with a society
//! that approves a year after its first publication (then a second version
//! is published).

use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::{MarginKey, Measures, RollupKey, Sex, margins_of};
use kallos_domain::statistics::Disclosure;
use kallos_statistics::attack::{Published, attack, recovered_below, truth, unsound};
use kallos_statistics::cellkey::{CellKey, cell_identity};
use kallos_statistics::report::{Report, Scope, build, build_public};
use std::collections::{BTreeMap, BTreeSet};

struct Data {
    cells: Vec<(RollupKey, Measures)>,
    societies: Vec<i64>,
    /// Approves the last year only after its first publication.
    late: i64,
    years: [i32; 2],
}

fn acronym(id: i64) -> String {
    format!("S{id:02}")
}

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Cells over every dimension. Each society works mostly in its home
/// country; sizes are skewed (a few large societies, many small ones);
/// the late society is small.
fn generate(
    seed: u64,
    societies: i64,
    countries: &[&str],
    cells_per_society: impl Fn(i64) -> usize,
) -> Data {
    let mut rng = Rng(seed);
    let procedures = kallos_domain::registry::codes::procedures();
    let years = [2023, 2024];
    let mut out: BTreeMap<RollupKey, Measures> = BTreeMap::new();
    for society in 1..=societies {
        let home = countries[(society as usize * 7) % countries.len()];
        for _ in 0..cells_per_society(society) {
            let country = if rng.next(6) == 0 {
                countries[rng.next(countries.len() as u64) as usize]
            } else {
                home
            };
            let residence = if rng.next(8) == 0 {
                countries[rng.next(countries.len() as u64) as usize]
            } else {
                country
            };
            let key = RollupKey {
                society_id: society,
                year: years[rng.next(2) as usize],
                month: 1 + rng.next(12) as u8,
                country: country.to_owned(),
                residence: residence.to_owned(),
                procedure: procedures[rng.next(procedures.len() as u64) as usize]
                    .code
                    .to_owned(),
                sex: Sex::ALL[[0, 0, 0, 1, 1, 2][rng.next(6) as usize]],
                age_band: rng.next(5) as u8,
                setting: FacilitySetting::ALL[rng.next(3) as usize],
                bmi_band: rng.next(5) as u8,
                smoker: rng.next(5) == 0,
                combined: rng.next(3) == 0,
            };
            let spread = if rng.next(4) == 0 { 12 } else { 3 };
            let n = 1 + rng.next(spread) as i64;
            let complicated = (0..n).filter(|_| rng.next(8) == 0).count() as i64;
            let m = Measures {
                procedures: n,
                complicated,
                major: complicated / 2,
                reoperation: complicated / 3,
                vte: i64::from(complicated > 1),
                hematoma: (complicated + 1) / 3,
                seroma: complicated / 4,
                infection: (complicated + 2) / 4,
                grade_i: complicated - complicated / 2,
                grade_iiib: complicated / 2,
                ..Measures::default()
            };
            out.entry(key).or_default().add(&m, 1);
        }
    }
    Data {
        cells: out.into_iter().collect(),
        societies: (1..=societies).collect(),
        late: societies,
        years,
    }
}

/// The demo's shape, scaled down to keep the test quick: 50 societies,
/// 43 countries, one large society per ten, a small late one.
fn demo_like() -> Data {
    const COUNTRIES: [&str; 43] = [
        "AR", "AU", "AT", "BE", "BR", "CA", "CL", "CN", "CO", "DZ", "EG", "FR", "DE", "GR", "IN",
        "ID", "IR", "IT", "JP", "KR", "LB", "MY", "MX", "MA", "NL", "PE", "PH", "PL", "PT", "RU",
        "SA", "SG", "ZA", "ES", "SE", "CH", "TH", "TN", "TR", "AE", "GB", "US", "VE",
    ];
    generate(2024, 50, &COUNTRIES, |s| match s {
        50 => 12,
        s if s % 10 == 1 => 260,
        s => 20 + (s as usize * 13) % 60,
    })
}

/// Few societies and countries, many small cells.
fn small_generated(seed: u64) -> Data {
    generate(seed, 7, &["BR", "CO", "MX", "SG", "TR"], |s| {
        if s == 7 { 25 } else { 90 + 30 * s as usize }
    })
}

type Protect<'a> = &'a dyn Fn(Report, Disclosure) -> Report;
type Build = fn(i32, Scope, Option<i64>, &[(MarginKey, Measures)]) -> Report;

/// Everything an attacker can read once the late society has approved and
/// the year was published again: both versions of the last year, the one
/// of the year before, and each year's view of every country of its data
/// and of every society. With the same views unprotected, for the truth.
fn publish_everything(
    data: &Data,
    public_build: Build,
    protect: Protect<'_>,
) -> (Vec<Published>, Vec<Published>) {
    let rule = Disclosure::default();
    let mut margins: Vec<(MarginKey, Measures)> =
        margins_of(data.cells.iter().map(|(k, m)| (k, m)))
            .into_iter()
            .collect();
    margins.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let [first, last] = data.years;
    let all: BTreeSet<String> = data.societies.iter().map(|s| acronym(*s)).collect();
    let mut on_time = all.clone();
    on_time.remove(&acronym(data.late));
    // Before the late approval: every society approved the first year, all
    // but the late one the last year.
    let before: BTreeMap<i32, BTreeSet<String>> =
        BTreeMap::from([(first, all.clone()), (last, on_time)]);
    let after: BTreeMap<i32, BTreeSet<String>> =
        BTreeMap::from([(first, all.clone()), (last, all.clone())]);
    let approved = |units: &BTreeMap<i32, BTreeSet<String>>| {
        margins
            .iter()
            .filter(|(k, _)| {
                units
                    .get(&k.year)
                    .is_some_and(|u| u.contains(&acronym(k.society_id)))
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    let (approved_before, approved_after) = (approved(&before), approved(&after));
    let mut public = Vec::new();
    let mut raw = Vec::new();
    let mut add = |report: Report, units: &BTreeMap<i32, BTreeSet<String>>| {
        raw.push(Published {
            report: report.clone(),
            units: units.clone(),
        });
        public.push(Published {
            report: protect(report, rule),
            units: units.clone(),
        });
    };
    // The publications: each year, then the last year again.
    for year in data.years {
        add(
            public_build(year, Scope::Global, None, &approved_before),
            &before,
        );
    }
    add(
        public_build(last, Scope::Global, None, &approved_after),
        &after,
    );
    // The live views, now.
    for year in data.years {
        let countries: BTreeSet<&str> = data
            .cells
            .iter()
            .filter(|(k, _)| k.year == year)
            .flat_map(|(k, _)| [k.country.as_str(), k.residence.as_str()])
            .collect();
        for country in countries {
            add(
                public_build(
                    year,
                    Scope::Country(country.to_owned()),
                    None,
                    &approved_after,
                ),
                &after,
            );
        }
        for society in &data.societies {
            add(
                public_build(
                    year,
                    Scope::Society(acronym(*society)),
                    Some(*society),
                    &approved_after,
                ),
                &after,
            );
        }
    }
    (public, raw)
}

fn cell_key() -> CellKey {
    CellKey::derive(b"the installation's secret, in a test")
}

fn cell_key_method(report: Report, rule: Disclosure) -> Report {
    report.protect(rule, &cell_key())
}

fn suppression_alone(report: Report, rule: Disclosure) -> Report {
    report.protect_by_suppression(rule)
}

struct Found {
    recovered: Vec<(String, i64)>,
    small: usize,
    hidden: usize,
    relations: usize,
}

fn run(data: &Data, cell_key: bool) -> Found {
    let (public, raw) = if cell_key {
        publish_everything(data, build_public, &cell_key_method)
    } else {
        publish_everything(data, build, &suppression_alone)
    };
    let outcome = attack(&public);
    let truth = truth(&raw);
    assert_eq!(outcome.contradictions, 0, "the attacker's model is sound");
    let wrong = unsound(&outcome, &truth);
    assert!(
        wrong.is_empty(),
        "true counts outside the bounds: {wrong:?}"
    );
    let small = truth.values().filter(|t| (1..11).contains(*t)).count();
    let hidden = public
        .iter()
        .flat_map(|p| &p.report.tables)
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.values)
        .filter(|v| v.is_none())
        .count();
    Found {
        recovered: recovered_below(&outcome, &truth, 11),
        small,
        hidden,
        relations: outcome.relations,
    }
}

/// Suppression alone, table by table (today's publications before the
/// cell-key method), falls to this attacker: versions, countries and
/// societies give small counts away.
#[test]
fn suppression_alone_gives_small_counts_away_across_views_and_versions() {
    for data in [demo_like(), small_generated(5)] {
        let found = run(&data, false);
        eprintln!(
            "suppression alone: {} of {} small true counts recovered",
            found.recovered.len(),
            found.small
        );
        assert!(
            found.recovered.len() > 20,
            "recovered {} of {} small counts: {:?}",
            found.recovered.len(),
            found.small,
            &found.recovered[..found.recovered.len().min(5)]
        );
        let late_prefix = format!("{}|", acronym(data.late));
        let kinds = [
            found
                .recovered
                .iter()
                .filter(|(c, _)| c.starts_with(&late_prefix))
                .count(),
            found
                .recovered
                .iter()
                .filter(|(c, _)| c.contains("/country="))
                .count(),
            found
                .recovered
                .iter()
                .filter(|(c, _)| !c.contains(',') && !c.starts_with(&late_prefix))
                .count(),
        ];
        eprintln!(
            "late society {}, by country {}, other societies {}",
            kinds[0], kinds[1], kinds[2]
        );
        assert!(kinds.iter().all(|k| *k > 0), "every way in: {kinds:?}");
        // The late society's cells, by version 2 minus version 1.
        let late = acronym(data.late);
        assert!(
            found
                .recovered
                .iter()
                .any(|(cell, _)| cell.starts_with(&format!("{late}|"))),
            "{:?}",
            &found.recovered[..found.recovered.len().min(5)]
        );
    }
}

/// The cell-key method: nothing below the threshold is pinned, however the
/// views and versions are combined.
#[test]
fn no_small_count_is_recovered_from_every_view_and_version() {
    for (name, data) in [
        ("demo-like", demo_like()),
        ("generated 5", small_generated(5)),
        ("generated 6", small_generated(6)),
    ] {
        let found = run(&data, true);
        assert!(
            found.recovered.is_empty(),
            "{name}: recovered {:?}",
            found.recovered
        );
        eprintln!(
            "{name}: {} small true counts, {} hidden cells, {} relations, {} recovered",
            found.small,
            found.hidden,
            found.relations,
            found.recovered.len()
        );
        assert!(
            found.small > 1_000 && found.hidden > 5_000 && found.relations > 5_000,
            "{name}: the test has small counts to find ({}), hidden cells ({}) and relations ({})",
            found.small,
            found.hidden,
            found.relations
        );
    }
}

/// The same count shows the same value wherever it is published: in two
/// tables of a view, in a country's view and the global one, in two
/// versions when it did not change.
#[test]
fn a_count_shows_one_value_in_every_view_and_version() {
    let data = small_generated(5);
    let (public, raw) = publish_everything(&data, build_public, &cell_key_method);
    let mut seen: BTreeMap<String, Option<i64>> = BTreeMap::new();
    let mut repeated = 0;
    for (p, r) in public.iter().zip(&raw) {
        let report = &p.report;
        for (table, raw_table) in report.tables.iter().zip(&r.report.tables) {
            for (row, raw_row) in table.rows.iter().zip(&raw_table.rows) {
                for (c, column) in table.columns.iter().enumerate() {
                    let Some(identity) =
                        cell_identity(report.year, &report.scope, &table.id, &row.key, column)
                    else {
                        continue;
                    };
                    let key = format!("{identity}#{}", raw_row.values[c].unwrap_or(0));
                    match seen.get(&key) {
                        Some(before) => {
                            repeated += 1;
                            assert_eq!(*before, row.values[c], "{key}");
                        }
                        None => {
                            seen.insert(key, row.values[c]);
                        }
                    }
                }
            }
        }
    }
    assert!(repeated > 1_000, "{repeated}");
}
