//! The cube's margins: its cells summed over every dimension but one, kept
//! per society, year, quarter and country of procedure (what approvals and
//! report scopes select on). The annual report reads these, whose number is
//! bounded by societies × quarters × countries × dimension values, instead
//! of the cube, which has about one cell per case.
//!
//! [`RollupKey::margins`] is the one mapping from a cell to its margins:
//! the import's deltas, the rebuild and the migration all go through it.

use super::{Measures, RollupKey};
use crate::statistics::Period;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// The dimension a margin keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum MarginKind {
    /// The procedure code (its category and kind follow from the taxonomy).
    Procedure,
    Sex,
    /// The age band, `0`–`4`.
    Age,
    Setting,
    /// The patient's country of residence, kept for tourists only
    /// (residence other than the country of procedure).
    Residence,
    /// The BMI band, `0`–`4`.
    Bmi,
    /// `0` or `1`.
    Smoker,
    /// `0` or `1`.
    Combined,
}

impl MarginKind {
    pub const ALL: [Self; 8] = [
        Self::Procedure,
        Self::Sex,
        Self::Age,
        Self::Setting,
        Self::Residence,
        Self::Bmi,
        Self::Smoker,
        Self::Combined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Procedure => "procedure",
            Self::Sex => "sex",
            Self::Age => "age",
            Self::Setting => "setting",
            Self::Residence => "residence",
            Self::Bmi => "bmi",
            Self::Smoker => "smoker",
            Self::Combined => "combined",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A row of the margins.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct MarginKey {
    pub society_id: i64,
    pub year: i32,
    /// 1–4: a period a society approves is a year or a quarter.
    pub quarter: u8,
    /// The country of the procedure.
    pub country: String,
    pub kind: MarginKind,
    pub value: String,
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn small(v: u8) -> Cow<'static, str> {
    DIGITS
        .get(usize::from(v))
        .map_or_else(|| Cow::Owned(v.to_string()), |d| Cow::Borrowed(*d))
}

fn flag(v: bool) -> Cow<'static, str> {
    Cow::Borrowed(if v { "1" } else { "0" })
}

impl RollupKey {
    /// The quarter (1–4) of the cell's month.
    pub fn quarter(&self) -> u8 {
        Period::quarter_of_month(u32::from(self.month))
    }

    /// The margin values this cell counts in: one per dimension, the
    /// residence only for a tourist.
    pub fn margins(&self) -> impl Iterator<Item = (MarginKind, Cow<'_, str>)> {
        [
            Some((
                MarginKind::Procedure,
                Cow::Borrowed(self.procedure.as_str()),
            )),
            Some((MarginKind::Sex, Cow::Borrowed(self.sex.as_str()))),
            Some((MarginKind::Age, small(self.age_band))),
            Some((MarginKind::Setting, Cow::Borrowed(self.setting.as_str()))),
            self.tourist().then_some((
                MarginKind::Residence,
                Cow::Borrowed(self.residence.as_str()),
            )),
            Some((MarginKind::Bmi, small(self.bmi_band))),
            Some((MarginKind::Smoker, flag(self.smoker))),
            Some((MarginKind::Combined, flag(self.combined))),
        ]
        .into_iter()
        .flatten()
    }
}

/// A margin key borrowing from the cells it was made from, so that summing
/// millions of cells allocates only once per margin row.
type Borrowed<'a> = (i64, i32, u8, &'a str, MarginKind, Cow<'a, str>);

/// Sums cells (or cell deltas, negative ones included) into their margins.
/// Rows that sum to zero are kept: a delta of zero changes nothing.
pub fn margins_of<'a>(
    cells: impl IntoIterator<Item = (&'a RollupKey, &'a Measures)>,
) -> HashMap<MarginKey, Measures> {
    let mut sums: HashMap<Borrowed<'a>, Measures, foldhash::fast::RandomState> = HashMap::default();
    for (key, m) in cells {
        let quarter = key.quarter();
        for (kind, value) in key.margins() {
            sums.entry((
                key.society_id,
                key.year,
                quarter,
                key.country.as_str(),
                kind,
                value,
            ))
            .or_default()
            .add(m, 1);
        }
    }
    sums.into_iter()
        .map(|((society_id, year, quarter, country, kind, value), m)| {
            (
                MarginKey {
                    society_id,
                    year,
                    quarter,
                    country: country.to_owned(),
                    kind,
                    value: value.into_owned(),
                },
                m,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::member::FacilitySetting;
    use crate::registry::Sex;

    fn key(country: &str, residence: &str, month: u8) -> RollupKey {
        RollupKey {
            society_id: 3,
            year: 2025,
            month,
            country: country.into(),
            residence: residence.into(),
            procedure: "BE-LIPO".into(),
            sex: Sex::Female,
            age_band: 2,
            setting: FacilitySetting::Hospital,
            bmi_band: 4,
            smoker: true,
            combined: false,
        }
    }

    #[test]
    fn a_cell_counts_once_in_each_dimension_and_residence_only_for_tourists() {
        let local = key("BR", "BR", 5);
        let kinds: Vec<MarginKind> = local.margins().map(|(k, _)| k).collect();
        assert_eq!(kinds.len(), 7);
        assert!(!kinds.contains(&MarginKind::Residence));
        let tourist = key("BR", "US", 12);
        let values: Vec<(MarginKind, String)> = tourist
            .margins()
            .map(|(k, v)| (k, v.into_owned()))
            .collect();
        assert!(values.contains(&(MarginKind::Residence, "US".to_owned())));
        assert!(values.contains(&(MarginKind::Age, "2".to_owned())));
        assert!(values.contains(&(MarginKind::Smoker, "1".to_owned())));
        assert_eq!((local.quarter(), tourist.quarter()), (2, 4));
        for kind in MarginKind::ALL {
            assert_eq!(MarginKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn margins_sum_cells_and_keep_every_dimension_total() {
        let mut one = Measures {
            procedures: 2,
            major: 1,
            ..Measures::default()
        };
        let a = key("BR", "BR", 1);
        let b = key("BR", "US", 2);
        let mut c = key("BR", "BR", 4);
        c.sex = Sex::Male;
        let cells = [(a, one), (b, one), (c, one)];
        let margins = margins_of(cells.iter().map(|(k, m)| (k, m)));
        for kind in MarginKind::ALL {
            let total: i64 = margins
                .iter()
                .filter(|(k, _)| k.kind == kind)
                .map(|(_, m)| m.procedures)
                .sum();
            let expected = if kind == MarginKind::Residence { 2 } else { 6 };
            assert_eq!(total, expected, "{kind:?}");
        }
        let q1_female = margins
            .iter()
            .find(|(k, _)| k.quarter == 1 && k.kind == MarginKind::Sex && k.value == "F")
            .map(|(_, m)| *m);
        one.procedures = 4;
        one.major = 2;
        assert_eq!(q1_female, Some(one));
        let q2_male = margins
            .iter()
            .find(|(k, _)| k.quarter == 2 && k.kind == MarginKind::Sex)
            .map(|(k, m)| (k.value.as_str(), m.procedures));
        assert_eq!(q2_male, Some(("M", 2)));
    }
}
