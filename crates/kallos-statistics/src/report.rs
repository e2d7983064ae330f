//! The annual report, computed from the cube's margins (never from the
//! cases): one pass over the margin rows of the scope accumulates every table.

use crate::cellkey::{CellKey, cell_identity};
use crate::disclosure::{self, Sum};
use crate::wilson::{Rate, rate95};
use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::codes::{self, Grade};
use kallos_domain::registry::{
    AGE_BANDS, BMI_BANDS, MarginKey, MarginKind, Measures, RollupKey, Sex, margins_of,
};
use kallos_domain::statistics::{Disclosure, DisclosureMode};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// How shown counts were perturbed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Noise {
    pub method: NoiseMethod,
    /// No shown count differs from the true one by more than this.
    pub bound: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoiseMethod {
    /// [`crate::cellkey`].
    CellKey,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub year: i32,
    pub scope: Scope,
    /// The rule applied; `None` for an unsuppressed (society-private) report.
    pub disclosure: Option<Disclosure>,
    /// The noise added to shown counts; `None` in publications made before
    /// the cell-key method, whose shown counts are exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<Noise>,
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

    /// The smallest count a public table of this rule shows.
    pub fn shown_from(rule: &Disclosure) -> i64 {
        match rule.mode {
            DisclosureMode::Threshold => rule.threshold.max(1),
            DisclosureMode::RedactRound => 8,
        }
    }

    /// Disclosure control for the public, over every view and version (see
    /// [`crate::cellkey`]): every count is shown with its cell's noise
    /// under `key`, unless the count or the noised count is below the
    /// rule's threshold (zero included); in redact-and-round mode, shown
    /// counts are then rounded to the nearest 5. Build the report with [`build_public`], whose rows
    /// do not depend on which counts are zero.
    pub fn protect(mut self, rule: Disclosure, key: &CellKey) -> Self {
        let threshold = Self::shown_from(&rule);
        for table in &mut self.tables {
            let Table {
                id, columns, rows, ..
            } = table;
            for row in rows.iter_mut() {
                for (value, column) in row.values.iter_mut().zip(columns.iter()) {
                    let count = value.unwrap_or(0);
                    *value = cell_identity(self.year, &self.scope, id, &row.key, column)
                        .and_then(|cell| key.publish(&cell, count, threshold))
                        .map(|shown| match rule.mode {
                            DisclosureMode::Threshold => shown,
                            DisclosureMode::RedactRound => disclosure::round5(shown),
                        });
                }
            }
        }
        self.disclosure = Some(rule);
        self.noise = Some(Noise {
            method: NoiseMethod::CellKey,
            bound: crate::cellkey::BOUND,
        });
        self
    }

    /// The protection of publications made before the cell-key method:
    /// each column of each table (the columns that share a count together,
    /// see [`crate::joint`]) alone, by primary and complementary
    /// suppression with exact counts shown. It holds for one report, not
    /// for the set of views and versions (the attack tests show how it
    /// fails); kept to read and test those publications, not to publish.
    pub fn protect_by_suppression(mut self, rule: Disclosure) -> Self {
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

/// Which margin rows a scope counts.
fn in_scope(society: i64, country: &str, scope: &Scope, society_id: Option<i64>) -> bool {
    match scope {
        Scope::Global => true,
        Scope::Society(_) => Some(society) == society_id,
        Scope::Country(c) => country == c,
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
    /// Rows whatever the scope's counts: every procedure, sex and setting,
    /// and every country of the year's data (of procedure or residence) in
    /// the country and tourism tables. A public report has them, so that
    /// a row's presence says nothing about a count hidden in it.
    fixed: bool,
    universe: BTreeSet<String>,
}

fn is_surgical(code: &str) -> bool {
    codes::procedures()
        .iter()
        .find(|p| p.code == code)
        .is_none_or(|p| p.kind == "surgical")
}

/// Builds the (unsuppressed) report of `year` from the cube's margins
/// ([`kallos_domain::registry::margins`]). The rows may cover other years:
/// the trend table uses the procedure rows of the four before.
/// `society_id` is the id of a [`Scope::Society`].
pub fn build(
    year: i32,
    scope: Scope,
    society_id: Option<i64>,
    margins: &[(MarginKey, Measures)],
) -> Report {
    build_with(year, scope, society_id, margins, false)
}

/// The report of `year` for the public: as [`build`], with rows that do not
/// depend on which of the scope's counts are zero, ready for
/// [`Report::protect`].
pub fn build_public(
    year: i32,
    scope: Scope,
    society_id: Option<i64>,
    margins: &[(MarginKey, Measures)],
) -> Report {
    build_with(year, scope, society_id, margins, true)
}

fn build_with(
    year: i32,
    scope: Scope,
    society_id: Option<i64>,
    margins: &[(MarginKey, Measures)],
    fixed: bool,
) -> Report {
    let mut acc = Acc {
        fixed,
        ..Acc::default()
    };
    // The taxonomy's kind of each code, looked up once per code.
    let mut surgical: HashMap<&str, bool> = HashMap::new();
    for (key, m) in margins {
        if fixed && key.year == year {
            if !acc.universe.contains(&key.country) {
                acc.universe.insert(key.country.clone());
            }
            if key.kind == MarginKind::Residence && !acc.universe.contains(&key.value) {
                acc.universe.insert(key.value.clone());
            }
        }
        if !in_scope(key.society_id, &key.country, &scope, society_id) {
            continue;
        }
        if key.kind == MarginKind::Procedure && key.year > year - TREND_YEARS && key.year <= year {
            let is = *surgical
                .entry(key.value.as_str())
                .or_insert_with(|| is_surgical(&key.value));
            acc.years.entry(key.year).or_default()[usize::from(!is)] += m.procedures;
        }
        if key.year != year {
            continue;
        }
        let value = key.value.as_str();
        match key.kind {
            MarginKind::Procedure => {
                acc.total.add(m, 1);
                if let Some(p) = acc.procedures.get_mut(value) {
                    p.add(m, 1);
                } else {
                    acc.procedures.insert(value.to_owned(), *m);
                }
                if let Some(c) = acc.countries.get_mut(&key.country) {
                    c.add(m, 1);
                } else {
                    acc.countries.insert(key.country.clone(), *m);
                }
            }
            MarginKind::Sex => {
                if let Some(sex) = Sex::parse(value) {
                    *acc.sex.entry(sex.as_str()).or_default() += m.procedures;
                }
            }
            MarginKind::Age => {
                if let Some(a) = band(value).and_then(|i| acc.age.get_mut(i)) {
                    *a += m.procedures;
                }
            }
            MarginKind::Setting => {
                if let Some(setting) = FacilitySetting::parse(value) {
                    *acc.setting.entry(setting.as_str()).or_default() += m.procedures;
                    acc.setting_risk
                        .entry(setting.as_str())
                        .or_default()
                        .add(m, 1);
                }
            }
            // Kept for tourists only: the destination is the row's country.
            MarginKind::Residence => {
                *acc.destination.entry(key.country.clone()).or_default() += m.procedures;
                *acc.origin.entry(value.to_owned()).or_default() += m.procedures;
            }
            MarginKind::Bmi => {
                if let Some(b) = band(value).and_then(|i| acc.bmi.get_mut(i)) {
                    b.add(m, 1);
                }
            }
            MarginKind::Smoker => acc.smoker[usize::from(value == "1")].add(m, 1),
            MarginKind::Combined => acc.combined[usize::from(value == "1")].add(m, 1),
        }
    }
    assemble(year, scope, &acc)
}

/// A row's count: what was counted, or 0 when the rows are fixed.
fn fixed_or(acc: &Acc, counted: Option<i64>) -> Option<i64> {
    counted.or(acc.fixed.then_some(0))
}

/// The rows of a table by country: those counted, or with fixed rows every
/// country of the year's data.
fn countries<'a, V: Copy + Default>(
    acc: &'a Acc,
    counted: &'a BTreeMap<String, V>,
) -> Box<dyn Iterator<Item = (&'a String, V)> + 'a> {
    if acc.fixed {
        Box::new(
            acc.universe
                .iter()
                .chain(counted.keys().filter(|c| !acc.universe.contains(*c)))
                .map(|c| (c, counted.get(c).copied().unwrap_or_default())),
        )
    } else {
        Box::new(counted.iter().map(|(c, v)| (c, *v)))
    }
}

/// Every table of the report from what was accumulated.
fn assemble(year: i32, scope: Scope, acc: &Acc) -> Report {
    let tables = vec![
        procedures_table(acc),
        keyed_table(
            "countries",
            vec!["procedures", "complicated", "major"],
            [m3(&acc.total)],
            countries(acc, &acc.countries)
                .map(|(c, m)| (format!("country:{c}"), country_label(c), m3(&m))),
        ),
        keyed_table(
            "sex",
            vec!["procedures"],
            [vec![Some(acc.total.procedures)]],
            Sex::ALL.iter().filter_map(|s| {
                let v = fixed_or(acc, acc.sex.get(s.as_str()).copied())?;
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
                let v = fixed_or(acc, acc.setting.get(s.as_str()).copied())?;
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
            countries(acc, &acc.destination)
                .map(|(c, v)| (format!("country:{c}"), country_label(c), vec![Some(v)])),
        ),
        keyed_table(
            "tourism_origin",
            vec!["procedures"],
            [vec![Some(acc.origin.values().sum())]],
            countries(acc, &acc.origin)
                .map(|(c, v)| (format!("country:{c}"), country_label(c), vec![Some(v)])),
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
        risk_table(acc),
        years_table(year, acc),
    ];
    Report {
        year,
        scope,
        disclosure: None,
        noise: None,
        tables,
    }
}

/// The report from cube cells: their margins, then [`build`].
pub fn build_from_cells(
    year: i32,
    scope: Scope,
    society_id: Option<i64>,
    cells: &[(RollupKey, Measures)],
) -> Report {
    let mut margins: Vec<(MarginKey, Measures)> = margins_of(cells.iter().map(|(k, m)| (k, m)))
        .into_iter()
        .collect();
    margins.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    build(year, scope, society_id, &margins)
}

/// An age or BMI band's index from its margin value.
fn band(value: &str) -> Option<usize> {
    value.parse().ok()
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
            .filter(|p| p.kind == kind && (acc.fixed || acc.procedures.contains_key(p.code)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use kallos_domain::SocietyId;
    use kallos_domain::statistics::{DisclosureMode, Period};
    use kallos_store::statistics::{Approval, approved_period, approved_quarter};

    /// Which cells a scope counts (the report from the cube, before margins).
    fn cell_in_scope(key: &RollupKey, scope: &Scope, society_id: Option<i64>) -> bool {
        match scope {
            Scope::Global => true,
            Scope::Society(_) => Some(key.society_id) == society_id,
            Scope::Country(c) => key.country == *c,
        }
    }

    /// The report as it was computed from every cell of the cube: the
    /// reference the report from the margins must equal.
    fn reference_build(
        year: i32,
        scope: Scope,
        society_id: Option<i64>,
        cells: &[(RollupKey, Measures)],
    ) -> Report {
        let mut acc = Acc::default();
        for (key, m) in cells {
            if !cell_in_scope(key, &scope, society_id) {
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
        assemble(year, scope, &acc)
    }

    /// Cells over every dimension, months and societies included, from a
    /// deterministic generator.
    fn cube(seed: u64, cells: usize) -> Vec<(RollupKey, Measures)> {
        let mut state = seed;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let procedures = codes::procedures();
        let countries = ["BR", "US", "CO", "MX", "TR", "FR", "KR", "TH"];
        let mut out: HashMap<RollupKey, Measures> = HashMap::new();
        for _ in 0..cells {
            let country = countries[next(8) as usize];
            let residence = if next(4) == 0 {
                countries[next(8) as usize]
            } else {
                country
            };
            let key = RollupKey {
                society_id: 1 + next(4) as i64,
                year: 2020 + next(7) as i32,
                month: 1 + next(12) as u8,
                country: country.to_owned(),
                residence: residence.to_owned(),
                procedure: procedures[next(procedures.len() as u64) as usize]
                    .code
                    .to_owned(),
                sex: Sex::ALL[next(3) as usize],
                age_band: next(5) as u8,
                setting: FacilitySetting::ALL[next(3) as usize],
                bmi_band: next(5) as u8,
                smoker: next(5) == 0,
                combined: next(3) == 0,
            };
            let spread = if next(3) == 0 { 60 } else { 4 };
            let n = 1 + next(spread) as i64;
            let mut values = [0i64; Measures::COUNT];
            values[0] = n;
            for v in values.iter_mut().skip(1) {
                *v = next(n as u64 + 1) as i64 / 3;
            }
            let m = Measures::from_values(values);
            out.entry(key).or_default().add(&m, 1);
        }
        out.into_iter().collect()
    }

    fn approvals() -> Vec<Approval> {
        let approve = |society: i64, period: Period| Approval {
            society_id: SocietyId(society),
            period,
            approved_by: "test".to_owned(),
            approved_at_micros: 0,
        };
        vec![
            approve(1, Period::year(2025)),
            approve(1, Period::year(2023)),
            approve(2, Period::quarter(2025, 1)),
            approve(2, Period::quarter(2025, 3)),
            approve(2, Period::year(2022)),
            approve(3, Period::quarter(2024, 4)),
            // A year and one of its quarters both approved count once.
            approve(3, Period::year(2025)),
            approve(3, Period::quarter(2025, 2)),
        ]
    }

    #[test]
    fn the_report_from_the_margins_equals_the_report_from_every_cell() {
        let approvals = approvals();
        let rule = Disclosure {
            threshold: 11,
            mode: DisclosureMode::Threshold,
        };
        for seed in 1..=4u64 {
            let cells = cube(seed, 3_000 * seed as usize);
            let mut margins: Vec<(MarginKey, Measures)> =
                margins_of(cells.iter().map(|(k, m)| (k, m)))
                    .into_iter()
                    .collect();
            margins.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let approved_cells: Vec<_> = cells
                .iter()
                .filter(|(k, _)| {
                    approved_period(
                        &approvals,
                        SocietyId(k.society_id),
                        k.year,
                        u32::from(k.month),
                    )
                    .is_some()
                })
                .cloned()
                .collect();
            let approved_margins: Vec<_> = margins
                .iter()
                .filter(|(k, _)| {
                    approved_quarter(&approvals, SocietyId(k.society_id), k.year, k.quarter)
                        .is_some()
                })
                .cloned()
                .collect();
            assert!(approved_cells.len() < cells.len() && !approved_cells.is_empty());
            for year in [2023, 2025, 2026] {
                for (scope, society) in [
                    (Scope::Global, None),
                    (Scope::Country("BR".into()), None),
                    (Scope::Society("B".into()), Some(2)),
                ] {
                    let old = reference_build(year, scope.clone(), society, &cells);
                    let new = build(year, scope.clone(), society, &margins);
                    assert_eq!(new, old, "seed {seed}, {year}, {scope:?}: all data");
                    assert!(old.total().unwrap_or(0) > 0);
                    let old = reference_build(year, scope.clone(), society, &approved_cells);
                    let new = build(year, scope.clone(), society, &approved_margins);
                    assert_eq!(new, old, "seed {seed}, {year}, {scope:?}: approved data");
                    assert_eq!(
                        new.clone().protect_by_suppression(rule),
                        old.clone().protect_by_suppression(rule)
                    );
                    let key = CellKey::derive(b"test");
                    assert_eq!(new.protect(rule, &key), old.protect(rule, &key));
                }
            }
        }
    }
}
