//! The registry's minimum data set, version 1: one case of one or more
//! procedures, the patient's risk factors under a pseudonymous key, implanted
//! devices and the outcome at follow-up. Its columns, checks and dictionary
//! are defined once, in `kallos-registry`'s data set; this module holds the
//! validated record and the figures derived from it.

pub mod codes;
pub mod identifiers;
pub mod margins;
pub mod udi;

pub use margins::{MarginKey, MarginKind, margins_of};

use crate::member::FacilitySetting;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const DATA_SET_VERSION: &str = "1";

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s))
            }
            /// The accepted spellings, for messages and the dictionary.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

code_enum!(Anaesthesia { Local => "local", Sedation => "sedation", Regional => "regional", General => "general" });
code_enum!(Sex { Female => "F", Male => "M", Other => "X" });
code_enum!(Side { Left => "left", Right => "right", Bilateral => "bilateral", NotApplicable => "na" });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub manufacturer: String,
    pub model: String,
    pub lot: Option<String>,
    pub serial: Option<String>,
    /// The UDI as submitted, and its device identifier when it parsed.
    pub udi: Option<String>,
    pub udi_di: Option<String>,
    pub side: Side,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complication {
    /// A code of `complications.csv`.
    pub code: String,
    pub grade: codes::Grade,
    pub date: NaiveDate,
}

/// A validated case. The patient is a pseudonymous key only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// The submitter's own case id, unique within its society.
    pub case_ref: String,
    /// The society's acronym.
    pub society: String,
    pub member_id: Option<i64>,
    pub facility_id: Option<i64>,
    pub setting: FacilitySetting,
    pub procedure_country: String,
    pub residence_country: String,
    pub procedure_date: NaiveDate,
    /// Codes of `procedures.csv`; more than one is a combined procedure.
    pub procedures: Vec<String>,
    pub duration_min: Option<u16>,
    pub anaesthesia: Anaesthesia,
    pub patient_key: String,
    pub age: u8,
    pub sex: Sex,
    /// Tenths of kg/m², so that the record is exact and hashable.
    pub bmi_tenths: Option<u16>,
    pub smoker: bool,
    pub diabetes: bool,
    pub asa: u8,
    pub caprini: Option<u8>,
    pub devices: Vec<Device>,
    pub followup_30: Option<NaiveDate>,
    pub followup_90: Option<NaiveDate>,
    pub complications: Vec<Complication>,
    pub reoperation: bool,
    pub readmission: bool,
    pub death: bool,
}

/// ISAPS Global Survey age bands.
pub const AGE_BANDS: [&str; 5] = ["18 and under", "19-34", "35-50", "51-64", "65 and over"];
pub const BMI_BANDS: [&str; 5] = [
    "unknown",
    "under 18.5",
    "18.5-24.9",
    "25-29.9",
    "30 and over",
];

pub fn age_band(age: u8) -> u8 {
    match age {
        0..=18 => 0,
        19..=34 => 1,
        35..=50 => 2,
        51..=64 => 3,
        _ => 4,
    }
}

pub fn bmi_band(bmi_tenths: Option<u16>) -> u8 {
    match bmi_tenths {
        None => 0,
        Some(0..=184) => 1,
        Some(185..=249) => 2,
        Some(250..=299) => 3,
        Some(_) => 4,
    }
}

/// The cell of the statistics cube a procedure of a case falls in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RollupKey {
    pub society_id: i64,
    pub year: i32,
    pub month: u8,
    /// The country of the procedure (the destination).
    pub country: String,
    /// The patient's country of residence (the origin); a procedure on a
    /// non-resident (medical tourism) has `residence != country`.
    pub residence: String,
    pub procedure: String,
    pub sex: Sex,
    pub age_band: u8,
    pub setting: FacilitySetting,
    pub bmi_band: u8,
    pub smoker: bool,
    pub combined: bool,
}

impl RollupKey {
    /// A procedure on a patient who lives in another country.
    pub fn tourist(&self) -> bool {
        self.country != self.residence
    }
}

/// The worst Clavien–Dindo grade among a case's complications, as the
/// stored rank: 0 for none, 1 for grade I up to 7 for grade V.
pub fn grade_rank(grade: Option<codes::Grade>) -> u8 {
    grade.map_or(0, |g| {
        codes::Grade::ALL
            .iter()
            .position(|x| *x == g)
            .map_or(0, |i| u8::try_from(i + 1).unwrap_or(0))
    })
}

/// What a cell counts. Complication measures count procedures whose case had
/// one; the `grade_*` measures count procedures by their case's worst
/// Clavien–Dindo grade (each complicated case in exactly one of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Measures {
    pub procedures: i64,
    pub complicated: i64,
    pub major: i64,
    pub reoperation: i64,
    pub readmission: i64,
    pub death: i64,
    pub vte: i64,
    pub hematoma: i64,
    pub seroma: i64,
    pub infection: i64,
    pub grade_i: i64,
    pub grade_ii: i64,
    pub grade_iiia: i64,
    pub grade_iiib: i64,
    pub grade_iva: i64,
    pub grade_ivb: i64,
    pub grade_v: i64,
}

impl Measures {
    /// How many measures a cell has.
    pub const COUNT: usize = 17;
    pub const NAMES: [&'static str; Self::COUNT] = [
        "procedures",
        "complicated",
        "major",
        "reoperation",
        "readmission",
        "death",
        "vte",
        "hematoma",
        "seroma",
        "infection",
        "grade_i",
        "grade_ii",
        "grade_iiia",
        "grade_iiib",
        "grade_iva",
        "grade_ivb",
        "grade_v",
    ];

    pub fn values(&self) -> [i64; Self::COUNT] {
        [
            self.procedures,
            self.complicated,
            self.major,
            self.reoperation,
            self.readmission,
            self.death,
            self.vte,
            self.hematoma,
            self.seroma,
            self.infection,
            self.grade_i,
            self.grade_ii,
            self.grade_iiia,
            self.grade_iiib,
            self.grade_iva,
            self.grade_ivb,
            self.grade_v,
        ]
    }

    /// Procedures by the worst grade of their case, grade I first.
    pub fn grades(&self) -> [i64; 7] {
        [
            self.grade_i,
            self.grade_ii,
            self.grade_iiia,
            self.grade_iiib,
            self.grade_iva,
            self.grade_ivb,
            self.grade_v,
        ]
    }

    pub fn from_values(v: [i64; Self::COUNT]) -> Self {
        Self {
            procedures: v[0],
            complicated: v[1],
            major: v[2],
            reoperation: v[3],
            readmission: v[4],
            death: v[5],
            vte: v[6],
            hematoma: v[7],
            seroma: v[8],
            infection: v[9],
            grade_i: v[10],
            grade_ii: v[11],
            grade_iiia: v[12],
            grade_iiib: v[13],
            grade_iva: v[14],
            grade_ivb: v[15],
            grade_v: v[16],
        }
    }

    pub fn add(&mut self, other: &Self, sign: i64) {
        let (a, b) = (self.values(), other.values());
        *self = Self::from_values(std::array::from_fn(|i| a[i] + sign * b[i]));
    }

    pub fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }
}

impl CaseRecord {
    /// A digest of the whole record: the same case submitted twice is unchanged.
    pub fn content_hash(&self) -> String {
        self.json_and_hash().1
    }

    /// The record as JSON and the content hash of those bytes, from one encoding.
    pub fn json_and_hash(&self) -> (String, String) {
        let json = serde_json::to_string(self).unwrap_or_default();
        let hash = hex::encode(Sha256::digest(json.as_bytes()));
        (json, hash)
    }

    fn has(&self, codes: &[&str]) -> bool {
        self.complications
            .iter()
            .any(|c| codes.contains(&c.code.as_str()))
    }

    /// The worst Clavien–Dindo grade among the complications, if any.
    pub fn worst_grade(&self) -> Option<codes::Grade> {
        self.complications.iter().map(|c| c.grade).max()
    }

    /// The outcome measures of one procedure of this case.
    pub fn measures(&self) -> Measures {
        let rank = grade_rank(self.worst_grade());
        let grade = |r: u8| i64::from(rank == r);
        let major =
            self.complications.iter().any(|c| c.grade.is_major()) || self.reoperation || self.death;
        Measures {
            procedures: 1,
            complicated: i64::from(
                !self.complications.is_empty()
                    || self.reoperation
                    || self.readmission
                    || self.death,
            ),
            major: i64::from(major),
            reoperation: i64::from(self.reoperation || self.has(&["REOP"])),
            readmission: i64::from(self.readmission || self.has(&["READMIT"])),
            death: i64::from(self.death || self.has(&["DEATH"])),
            vte: i64::from(self.has(&["DVT", "PE"])),
            hematoma: i64::from(self.has(&["HEMATOMA"])),
            seroma: i64::from(self.has(&["SEROMA"])),
            infection: i64::from(self.has(&["SSI-SUP", "SSI-DEEP"])),
            grade_i: grade(1),
            grade_ii: grade(2),
            grade_iiia: grade(3),
            grade_iiib: grade(4),
            grade_iva: grade(5),
            grade_ivb: grade(6),
            grade_v: grade(7),
        }
    }

    /// The cells this case adds to: one per procedure.
    pub fn rollup_keys(&self, society_id: i64) -> Vec<RollupKey> {
        let combined = self.procedures.len() > 1;
        self.procedures
            .iter()
            .map(|procedure| RollupKey {
                society_id,
                year: self.procedure_date.year(),
                month: u8::try_from(self.procedure_date.month()).unwrap_or(1),
                country: self.procedure_country.clone(),
                residence: self.residence_country.clone(),
                procedure: procedure.clone(),
                sex: self.sex,
                age_band: age_band(self.age),
                setting: self.setting,
                bmi_band: bmi_band(self.bmi_tenths),
                smoker: self.smoker,
                combined,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> CaseRecord {
        CaseRecord {
            case_ref: "C-1".into(),
            society: "SBCP".into(),
            member_id: Some(1),
            facility_id: None,
            setting: FacilitySetting::Asc,
            procedure_country: "BR".into(),
            residence_country: "US".into(),
            procedure_date: NaiveDate::from_ymd_opt(2025, 3, 9).unwrap_or_default(),
            procedures: vec!["BE-LIPO".into(), "BE-ABDO".into()],
            duration_min: Some(240),
            anaesthesia: Anaesthesia::General,
            patient_key: "pk-1".into(),
            age: 41,
            sex: Sex::Female,
            bmi_tenths: Some(312),
            smoker: false,
            diabetes: false,
            asa: 2,
            caprini: Some(5),
            devices: vec![],
            followup_30: None,
            followup_90: None,
            complications: vec![Complication {
                code: "PE".into(),
                grade: codes::Grade::IVa,
                date: NaiveDate::from_ymd_opt(2025, 3, 20).unwrap_or_default(),
            }],
            reoperation: false,
            readmission: true,
            death: false,
        }
    }

    #[test]
    fn a_combined_case_counts_once_per_procedure_with_its_outcome() {
        let case = sample();
        let keys = case.rollup_keys(7);
        assert_eq!(keys.len(), 2);
        assert!(keys.iter().all(|k| k.combined
            && k.tourist()
            && k.residence == "US"
            && k.age_band == 2
            && k.bmi_band == 4
            && k.month == 3));
        let m = case.measures();
        assert_eq!(
            (
                m.procedures,
                m.complicated,
                m.major,
                m.vte,
                m.readmission,
                m.hematoma
            ),
            (1, 1, 1, 1, 1, 0)
        );
        assert_eq!((m.grade_iva, m.grades().iter().sum::<i64>()), (1, 1));
        assert_eq!(grade_rank(case.worst_grade()), 5);
        assert_eq!(grade_rank(None), 0);
    }

    #[test]
    fn the_content_hash_follows_the_content() {
        let a = sample();
        let mut b = sample();
        assert_eq!(a.content_hash(), b.content_hash());
        b.followup_30 = NaiveDate::from_ymd_opt(2025, 4, 8);
        assert_ne!(a.content_hash(), b.content_hash());
    }

    #[test]
    fn measures_add_and_subtract() {
        let mut total = Measures::default();
        let one = sample().measures();
        total.add(&one, 1);
        total.add(&one, 1);
        total.add(&one, -1);
        assert_eq!(total, one);
        total.add(&one, -1);
        assert!(total.is_zero());
    }
}

/// The stored stand-in for a submitter's patient key: HMAC-SHA-256 under the
/// installation's secret, so that the key a clinic knows never appears in
/// Kallos and pseudonyms cannot be recomputed without the secret.
pub fn pseudonymise(secret: &[u8], society: &str, patient_key: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        // HMAC takes keys of any length; this branch cannot be reached.
        return String::new();
    };
    mac.update(society.as_bytes());
    mac.update(b":");
    mac.update(patient_key.as_bytes());
    let digest = mac.finalize().into_bytes();
    format!("p_{}", hex::encode(&digest[..16]))
}

#[cfg(test)]
mod pseudonym_tests {
    use super::pseudonymise;

    #[test]
    fn pseudonyms_depend_on_secret_society_and_key() {
        let a = pseudonymise(b"secret", "SBCP", "7f3a9c2e11b4");
        assert_eq!(a, pseudonymise(b"secret", "SBCP", "7f3a9c2e11b4"));
        assert!(a.starts_with("p_") && a.len() == 34 && !a.contains("7f3a9c2e11b4"));
        assert_ne!(a, pseudonymise(b"other", "SBCP", "7f3a9c2e11b4"));
        assert_ne!(a, pseudonymise(b"secret", "TAS", "7f3a9c2e11b4"));
    }
}
