//! The procedure and complication taxonomies (from `data/`), and the
//! Clavien–Dindo grades.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const PROCEDURES_CSV: &str = include_str!("../../data/procedures.csv");
const COMPLICATIONS_CSV: &str = include_str!("../../data/complications.csv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureType {
    pub code: &'static str,
    /// `surgical` or `non_surgical`.
    pub kind: &'static str,
    /// `breast`, `face_head`, `body_extremities`, `injectables`, …
    pub category: &'static str,
    pub name: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplicationType {
    pub code: &'static str,
    pub name: &'static str,
    /// The follow-up window in which it is usually captured.
    pub typical_window_days: u32,
}

fn split_csv_line(line: &'static str) -> Vec<&'static str> {
    // The taxonomy files have no quoted fields with commas.
    line.split(',').collect()
}

pub fn procedures() -> &'static [ProcedureType] {
    static TABLE: OnceLock<Vec<ProcedureType>> = OnceLock::new();
    TABLE.get_or_init(|| {
        PROCEDURES_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|line| {
                let f = split_csv_line(line);
                Some(ProcedureType {
                    code: f.first()?,
                    kind: f.get(1)?,
                    category: f.get(2)?,
                    name: f.get(3)?,
                })
            })
            .collect()
    })
}

pub fn complications() -> &'static [ComplicationType] {
    static TABLE: OnceLock<Vec<ComplicationType>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COMPLICATIONS_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|line| {
                let f = split_csv_line(line);
                Some(ComplicationType {
                    code: f.first()?,
                    name: f.get(1)?,
                    typical_window_days: f.get(2)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// The index of a procedure code in [`procedures`], its compact stored form.
pub fn procedure_index(code: &str) -> Option<u16> {
    procedures()
        .iter()
        .position(|p| p.code == code)
        .and_then(|i| u16::try_from(i).ok())
}

pub fn complication_index(code: &str) -> Option<u16> {
    complications()
        .iter()
        .position(|c| c.code == code)
        .and_then(|i| u16::try_from(i).ok())
}

/// Clavien–Dindo grades of a complication's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    I,
    II,
    IIIa,
    IIIb,
    IVa,
    IVb,
    V,
}

impl Grade {
    pub const ALL: [Grade; 7] = [
        Grade::I,
        Grade::II,
        Grade::IIIa,
        Grade::IIIb,
        Grade::IVa,
        Grade::IVb,
        Grade::V,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::I => "I",
            Self::II => "II",
            Self::IIIa => "IIIa",
            Self::IIIb => "IIIb",
            Self::IVa => "IVa",
            Self::IVb => "IVb",
            Self::V => "V",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(text))
    }

    /// Grade III or worse: an intervention under anaesthesia, intensive care or death.
    pub fn is_major(self) -> bool {
        self >= Self::IIIa
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomies_load() {
        assert_eq!(procedures().len(), 40);
        assert_eq!(procedures()[0].code, "BR-AUG-IMP");
        assert!(
            procedures()
                .iter()
                .all(|p| p.kind == "surgical" || p.kind == "non_surgical")
        );
        assert_eq!(complications().len(), 18);
        assert_eq!(procedure_index("NS-TATTOO"), Some(39));
        assert_eq!(
            complication_index("PE").map(|i| complications()[i as usize].typical_window_days),
            Some(90)
        );
    }

    #[test]
    fn grades_parse_and_order() {
        assert_eq!(Grade::parse("iiia"), Some(Grade::IIIa));
        assert_eq!(Grade::parse("VI"), None);
        assert!(Grade::IIIa.is_major() && !Grade::II.is_major());
    }
}
