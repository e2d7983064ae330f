//! The annual report, computed from the cube's cells (never from the cases):
//! one pass over the cells of the scope accumulates every table.

use crate::disclosure::{self, Sum};
use crate::wilson::{Rate, rate95};
use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::codes::{self, Grade};
use kallos_domain::registry::{AGE_BANDS, BMI_BANDS, Measures, RollupKey, Sex};
use kallos_domain::statistics::Disclosure;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Whose numbers a report shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Scope {
    Global,
    /// A society, by acronym; the cells are those of its id.
    Society(String),
    /// A country of procedure (ISO 3166-1 alpha-2).
    Country(String),
}

impl Scope {
    pub fn key(&self) -> String {
        match self {
            Self::Global => "global".to_owned(),
            Self::Society(s) => format!("society:{s}"),
            Self::Country(c) => format!("country:{c}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// Stable across years and versions: `total`, `procedure:BR-LIFT`, `country:BR`, …
    pub key: String,
    /// English label; pages translate what they can by key.
    pub label: String,
    /// 0 for a table's total, deeper for nested rows.
    pub level: u8,
    /// One per column; `None` where suppressed.
    pub values: Vec<Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// `procedures`, `countries`, `sex`, `age`, `setting`, `tourism_destination`,
    /// `tourism_origin`, `grades`, `risk_factors`, `years`.
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// The additive relations between rows, in every column.
    pub sums: Vec<Sum>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    pub fn row(&self, key: &str) -> Option<&TableRow> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The published value of a row in a column.
    pub fn value(&self, key: &str, column: &str) -> Option<i64> {
        let c = self.column(column)?;
        self.row(key)?.values.get(c).copied().flatten()
    }

    /// A rate with its 95 % Wilson interval, when both counts are published.
    pub fn rate(&self, row: &TableRow, events: &str, total: &str) -> Option<Rate> {
        let e = row.values.get(self.column(events)?).copied().flatten()?;
        let t = row.values.get(self.column(total)?).copied().flatten()?;
        rate95(e.min(t), t)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub year: i32,
    pub scope: Scope,
    /// The rule applied; `None` for an unsuppressed (society-private) report.
    pub disclosure: Option<Disclosure>,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// Total procedures, if published.
    pub fn total(&self) -> Option<i64> {
        self.table("procedures")?.value("total", "procedures")
    }

    /// Applies disclosure control to every column of every table, the
    /// columns that share a count together (see [`crate::joint`]).
    pub fn protect(mut self, rule: Disclosure) -> Self {
        for system in crate::joint::systems(&self) {
            let values: Vec<i64> = system
                .cells
                .iter()
                .map(|&(t, r, c)| {
                    self.tables[t].rows[r]
                        .values
                        .get(c)
                        .copied()
                        .flatten()
                        .unwrap_or(0)
                })
                .collect();
            let published = disclosure::protect(&values, &system.sums, &rule);
            for (&(t, r, c), value) in system.cells.iter().zip(published) {
                if let Some(v) = self.tables[t].rows[r].values.get_mut(c) {
                    *v = value;
                }
            }
        }
        self.disclosure = Some(rule);
        self
    }
}

/// The outcome columns of the procedure and risk-factor tables.
pub const OUTCOMES: [&str; 8] = [
    "procedures",
    "complicated",
    "major",
    "reoperation",
    "vte",
    "hematoma",
    "seroma",
    "infection",
];

fn outcomes(m: &Measures) -> Vec<Option<i64>> {
    [
        m.procedures,
        m.complicated,
        m.major,
        m.reoperation,
        m.vte,
        m.hematoma,
        m.seroma,
        m.infection,
    ]
    .into_iter()
    .map(Some)
    .collect()
}

/// How many years the trend table covers, the report's year included.
pub const TREND_YEARS: i32 = 5;

fn humanise(slug: &str) -> String {
    let text = slug.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn country_label(code: &str) -> String {
    kallos_domain::country::name(code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// Which cells a scope counts.
fn in_scope(key: &RollupKey, scope: &Scope, society_id: Option<i64>) -> bool {
    match scope {
        Scope::Global => true,
        Scope::Society(_) => Some(key.society_id) == society_id,
        Scope::Country(c) => key.country == *c,
    }
}

#[derive(Default)]
struct Acc {
    total: Measures,
    procedures: HashMap<String, Measures>,
    countries: BTreeMap<String, Measures>,
    sex: BTreeMap<&'static str, i64>,
    age: [i64; 5],
    setting: BTreeMap<&'static str, i64>,
    destination: BTreeMap<String, i64>,
    origin: BTreeMap<String, i64>,
    bmi: [Measures; 5],
    smoker: [Measures; 2],
    combined: [Measures; 2],
    setting_risk: BTreeMap<&'static str, Measures>,
    years: BTreeMap<i32, [i64; 2]>,
}

fn is_surgical(code: &str) -> bool {
    codes::procedures()
        .iter()
        .find(|p| p.code == code)
        .is_none_or(|p| p.kind == "surgical")
}

/// Builds the (unsuppressed) report of `year` from the cube's cells. The
/// cells may cover other years: the trend table uses the four before.
/// `society_id` is the id of a [`Scope::Society`].
pub fn build(
    year: i32,
    scope: Scope,
    society_id: Option<i64>,
    cells: &[(RollupKey, Measures)],
) -> Report {
    let mut acc = Acc::default();
    for (key, m) in cells {
        if !in_scope(key, &scope, society_id) {
            continue;
        }
        if key.year > year - TREND_YEARS && key.year <= year {
            let entry = acc.years.entry(key.year).or_default();
            entry[usize::from(!is_surgical(&key.procedure))] += m.procedures;
        }
        if key.year != year {
            continue;
        }
        acc.total.add(m, 1);
        acc.procedures
            .entry(key.procedure.clone())
            .or_default()
            .add(m, 1);
        acc.countries
            .entry(key.country.clone())
            .or_default()
            .add(m, 1);
        *acc.sex.entry(key.sex.as_str()).or_default() += m.procedures;
        if let Some(a) = acc.age.get_mut(usize::from(key.age_band)) {
            *a += m.procedures;
        }
        *acc.setting.entry(key.setting.as_str()).or_default() += m.procedures;
        if key.tourist() {
            *acc.destination.entry(key.country.clone()).or_default() += m.procedures;
            *acc.origin.entry(key.residence.clone()).or_default() += m.procedures;
        }
        if let Some(b) = acc.bmi.get_mut(usize::from(key.bmi_band)) {
            b.add(m, 1);
        }
        acc.smoker[usize::from(key.smoker)].add(m, 1);
        acc.combined[usize::from(key.combined)].add(m, 1);
        acc.setting_risk
            .entry(key.setting.as_str())
            .or_default()
            .add(m, 1);
    }
    let tables = vec![
        procedures_table(&acc),
        keyed_table(
            "countries",
            vec!["procedures", "complicated", "major"],
            [m3(&acc.total)],
            acc.countries
                .iter()
                .map(|(c, m)| (format!("country:{c}"), country_label(c), m3(m))),
        ),
        keyed_table(
            "sex",
            vec!["procedures"],
            [vec![Some(acc.total.procedures)]],
            Sex::ALL.iter().filter_map(|s| {
                let v = *acc.sex.get(s.as_str())?;
                let label = match s {
                    Sex::Female => "Female",
                    Sex::Male => "Male",
                    Sex::Other => "Other",
                };
                Some((
                    format!("sex:{}", s.as_str()),
                    label.to_owned(),
                    vec![Some(v)],
                ))
            }),
        ),
        keyed_table(
            "age",
            vec!["procedures"],
            [vec![Some(acc.total.procedures)]],
            AGE_BANDS.iter().enumerate().map(|(i, band)| {
                (
                    format!("age:{i}"),
                    (*band).to_owned(),
                    vec![Some(acc.age[i])],
                )
            }),
        ),
        keyed_table(
            "setting",
            vec!["procedures"],
            [vec![Some(acc.total.procedures)]],
            FacilitySetting::ALL.iter().filter_map(|s| {
                let v = *acc.setting.get(s.as_str())?;
                Some((
                    format!("setting:{}", s.as_str()),
                    humanise(s.as_str()),
                    vec![Some(v)],
                ))
            }),
        ),
        keyed_table(
            "tourism_destination",
            vec!["procedures"],
            [vec![Some(acc.destination.values().sum())]],
            acc.destination
                .iter()
                .map(|(c, v)| (format!("country:{c}"), country_label(c), vec![Some(*v)])),
        ),
        keyed_table(
            "tourism_origin",
            vec!["procedures"],
            [vec![Some(acc.origin.values().sum())]],
            acc.origin
                .iter()
                .map(|(c, v)| (format!("country:{c}"), country_label(c), vec![Some(*v)])),
        ),
        keyed_table(
            "grades",
            vec!["procedures"],
            [vec![Some(acc.total.grades().iter().sum())]],
            Grade::ALL.iter().zip(acc.total.grades()).map(|(g, v)| {
                (
                    format!("grade:{}", g.as_str()),
                    format!("Grade {}", g.as_str()),
                    vec![Some(v)],
                )
            }),
        ),
        risk_table(&acc),
        years_table(year, &acc),
    ];
    Report {
        year,
        scope,
        disclosure: None,
        tables,
    }
}

fn m3(m: &Measures) -> Vec<Option<i64>> {
    vec![Some(m.procedures), Some(m.complicated), Some(m.major)]
}

/// A total row and its parts.
fn keyed_table<const N: usize>(
    id: &str,
    columns: Vec<&str>,
    total: [Vec<Option<i64>>; N],
    parts: impl Iterator<Item = (String, String, Vec<Option<i64>>)>,
) -> Table {
    let mut rows: Vec<TableRow> = total
        .into_iter()
        .map(|values| TableRow {
            key: "total".to_owned(),
            label: "Total".to_owned(),
            level: 0,
            values,
        })
        .collect();
    for (key, label, values) in parts {
        rows.push(TableRow {
            key,
            label,
            level: 1,
            values,
        });
    }
    let sums = vec![Sum {
        total: 0,
        parts: (1..rows.len()).collect(),
    }];
    Table {
        id: id.to_owned(),
        columns: columns.into_iter().map(str::to_owned).collect(),
        rows,
        sums,
    }
}

fn procedures_table(acc: &Acc) -> Table {
    let mut rows = vec![TableRow {
        key: "total".to_owned(),
        label: "Total".to_owned(),
        level: 0,
        values: outcomes(&acc.total),
    }];
    let mut sums = Vec::new();
    let mut kinds = Vec::new();
    for kind in ["surgical", "non_surgical"] {
        let in_kind: Vec<&codes::ProcedureType> = codes::procedures()
            .iter()
            .filter(|p| p.kind == kind && acc.procedures.contains_key(p.code))
            .collect();
        if in_kind.is_empty() {
            continue;
        }
        let kind_row = rows.len();
        kinds.push(kind_row);
        rows.push(TableRow {
            key: format!("kind:{kind}"),
            label: if kind == "surgical" {
                "Surgical".to_owned()
            } else {
                "Non-surgical".to_owned()
            },
            level: 1,
            values: Vec::new(),
        });
        let mut kind_total = Measures::default();
        let mut categories = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for p in &in_kind {
            if !seen.contains(&p.category) {
                seen.push(p.category);
            }
        }
        for category in seen {
            let category_row = rows.len();
            categories.push(category_row);
            rows.push(TableRow {
                key: format!("category:{category}"),
                label: humanise(category),
                level: 2,
                values: Vec::new(),
            });
            let mut category_total = Measures::default();
            let mut parts = Vec::new();
            for p in in_kind.iter().filter(|p| p.category == category) {
                let m = acc.procedures.get(p.code).copied().unwrap_or_default();
                category_total.add(&m, 1);
                parts.push(rows.len());
                rows.push(TableRow {
                    key: format!("procedure:{}", p.code),
                    label: p.name.to_owned(),
                    level: 3,
                    values: outcomes(&m),
                });
            }
            rows[category_row].values = outcomes(&category_total);
            kind_total.add(&category_total, 1);
            sums.push(Sum {
                total: category_row,
                parts,
            });
        }
        rows[kind_row].values = outcomes(&kind_total);
        sums.push(Sum {
            total: kind_row,
            parts: categories,
        });
    }
    // Codes outside the taxonomy (none today) would count in the total only.
    sums.push(Sum {
        total: 0,
        parts: kinds,
    });
    Table {
        id: "procedures".to_owned(),
        columns: OUTCOMES.iter().map(|c| (*c).to_owned()).collect(),
        rows,
        sums,
    }
}

/// The CosmetAssure-style table: outcomes by risk factor, each factor's
/// levels adding up to the total.
fn risk_table(acc: &Acc) -> Table {
    let mut rows = vec![TableRow {
        key: "total".to_owned(),
        label: "Total".to_owned(),
        level: 0,
        values: outcomes(&acc.total),
    }];
    let mut sums = Vec::new();
    let mut group = |rows: &mut Vec<TableRow>, levels: Vec<(String, String, Measures)>| {
        let mut parts = Vec::new();
        for (key, label, m) in levels {
            parts.push(rows.len());
            rows.push(TableRow {
                key,
                label,
                level: 1,
                values: outcomes(&m),
            });
        }
        sums.push(Sum { total: 0, parts });
    };
    group(
        &mut rows,
        BMI_BANDS
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("bmi:{i}"), format!("BMI {b}"), acc.bmi[i]))
            .collect(),
    );
    group(
        &mut rows,
        vec![
            (
                "smoker:no".to_owned(),
                "Non-smoker".to_owned(),
                acc.smoker[0],
            ),
            ("smoker:yes".to_owned(), "Smoker".to_owned(), acc.smoker[1]),
        ],
    );
    group(
        &mut rows,
        vec![
            (
                "combined:no".to_owned(),
                "Single procedure".to_owned(),
                acc.combined[0],
            ),
            (
                "combined:yes".to_owned(),
                "Combined procedures".to_owned(),
                acc.combined[1],
            ),
        ],
    );
    group(
        &mut rows,
        FacilitySetting::ALL
            .iter()
            .map(|s| {
                (
                    format!("setting:{}", s.as_str()),
                    humanise(s.as_str()),
                    acc.setting_risk
                        .get(s.as_str())
                        .copied()
                        .unwrap_or_default(),
                )
            })
            .collect(),
    );
    Table {
        id: "risk_factors".to_owned(),
        columns: OUTCOMES.iter().map(|c| (*c).to_owned()).collect(),
        rows,
        sums,
    }
}

/// Procedures in the report's year and the four before it (columns), in
/// all, surgical and non-surgical (rows).
fn years_table(year: i32, acc: &Acc) -> Table {
    let years: Vec<i32> = ((year - TREND_YEARS + 1)..=year).collect();
    let value = |y: &i32, i: Option<usize>| {
        let v = acc.years.get(y).copied().unwrap_or_default();
        Some(i.map_or(v[0] + v[1], |i| v[i]))
    };
    let row = |key: &str, label: &str, i: Option<usize>, level: u8| TableRow {
        key: key.to_owned(),
        label: label.to_owned(),
        level,
        values: years.iter().map(|y| value(y, i)).collect(),
    };
    Table {
        id: "years".to_owned(),
        columns: years.iter().map(i32::to_string).collect(),
        rows: vec![
            row("total", "Total", None, 0),
            row("kind:surgical", "Surgical", Some(0), 1),
            row("kind:non_surgical", "Non-surgical", Some(1), 1),
        ],
        sums: vec![Sum {
            total: 0,
            parts: vec![1, 2],
        }],
    }
}
