//! The minimum data set, version 1, defined once. The CSV import, the import
//! template and `docs/data-dictionary.md` are all derived from [`FIELDS`].

use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::codes::{Grade, complications, procedures};
use kallos_domain::registry::{Anaesthesia, Sex, Side};

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A key: 1–64 letters, digits and `._/-`.
    Key,
    Society,
    Integer {
        min: i64,
        max: i64,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    Date,
    Country,
    YesNo,
    Choice(fn() -> String),
    ProcedureList,
    ComplicationList,
    Text {
        max: usize,
    },
    Udi,
    PatientKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    /// Required when any field of its device group is given.
    DeviceGroup,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
    pub description: &'static str,
    pub example: &'static str,
}

fn settings() -> String {
    FacilitySetting::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

const fn def(
    name: &'static str,
    kind: Kind,
    need: Need,
    description: &'static str,
    example: &'static str,
) -> Field {
    Field {
        name,
        kind,
        need,
        description,
        example,
    }
}

use Kind::*;
use Need::*;

pub const MAX_DEVICES: usize = 2;
pub const MAX_PROCEDURES: usize = 10;
/// The earliest procedure date accepted.
pub const EARLIEST_YEAR: i32 = 2000;

pub const FIELDS: &[Field] = &[
    def(
        "case_id",
        Key,
        Required,
        "The submitter's own id of the case, unique within its society. Submitting it again updates the case.",
        "SBCP-2025-000123",
    ),
    def(
        "society",
        Society,
        Required,
        "Acronym of the society the case is submitted to.",
        "SBCP",
    ),
    def(
        "member_id",
        Integer {
            min: 1,
            max: i64::MAX,
        },
        Optional,
        "Kallos id of the operating member; must be a member of the society.",
        "1042",
    ),
    def(
        "facility_id",
        Integer {
            min: 1,
            max: i64::MAX,
        },
        Optional,
        "Kallos id of the facility.",
        "311",
    ),
    def(
        "setting",
        Choice(settings),
        Required,
        "Where the procedure took place.",
        "ambulatory_surgery_centre",
    ),
    def(
        "procedure_country",
        Country,
        Required,
        "ISO 3166-1 alpha-2 country of the procedure.",
        "BR",
    ),
    def(
        "residence_country",
        Country,
        Required,
        "ISO 3166-1 alpha-2 country where the patient lives (medical tourism when it differs).",
        "US",
    ),
    def(
        "procedure_date",
        Date,
        Required,
        "Date of the procedure, YYYY-MM-DD; not in the future, not before 2000.",
        "2025-03-09",
    ),
    def(
        "procedures",
        ProcedureList,
        Required,
        "One to ten procedure codes separated by ';' (more than one: a combined procedure).",
        "BE-LIPO;BE-ABDO",
    ),
    def(
        "duration_min",
        Integer { min: 1, max: 1440 },
        Optional,
        "Duration of the operation in minutes.",
        "240",
    ),
    def(
        "anaesthesia",
        Choice(Anaesthesia::choices),
        Required,
        "Type of anaesthesia.",
        "general",
    ),
    def(
        "patient_key",
        PatientKey,
        Required,
        "Pseudonymous patient key from the submitter's own system: 6–64 letters, digits, '-' or '_'. Never a name, email, phone, address, birth date or national id. Kallos stores only a keyed hash of it.",
        "7f3a9c2e11b4",
    ),
    def(
        "age",
        Integer { min: 12, max: 100 },
        Required,
        "Age in whole years at the procedure (never a birth date).",
        "41",
    ),
    def("sex", Choice(Sex::choices), Required, "F, M or X.", "F"),
    def(
        "bmi",
        Decimal {
            min: 12.0,
            max: 80.0,
        },
        Optional,
        "Body-mass index in kg/m², one decimal.",
        "31.2",
    ),
    def(
        "smoker",
        YesNo,
        Required,
        "Current smoker: yes or no.",
        "no",
    ),
    def("diabetes", YesNo, Required, "Diabetes: yes or no.", "no"),
    def(
        "asa",
        Integer { min: 1, max: 5 },
        Required,
        "ASA physical status class, 1–5.",
        "2",
    ),
    def(
        "caprini",
        Integer { min: 0, max: 40 },
        Optional,
        "Caprini VTE risk score (2005 version).",
        "5",
    ),
    def(
        "device1_manufacturer",
        Text { max: 100 },
        DeviceGroup,
        "First implanted device: manufacturer.",
        "Aurelia Medical",
    ),
    def(
        "device1_model",
        Text { max: 100 },
        DeviceGroup,
        "First device: model.",
        "Smooth Round 350",
    ),
    def(
        "device1_lot",
        Text { max: 64 },
        Optional,
        "First device: lot or batch.",
        "AM-2411",
    ),
    def(
        "device1_serial",
        Text { max: 64 },
        Optional,
        "First device: serial number.",
        "SN000123",
    ),
    def(
        "device1_udi",
        Udi,
        Optional,
        "First device: GS1 UDI, e.g. (01)GTIN(17)YYMMDD(10)LOT(21)SERIAL.",
        "(01)08712345678906(17)270101(10)AM-2411(21)SN000123",
    ),
    def(
        "device1_side",
        Choice(Side::choices),
        DeviceGroup,
        "First device: left, right, bilateral or na.",
        "left",
    ),
    def(
        "device2_manufacturer",
        Text { max: 100 },
        DeviceGroup,
        "Second implanted device: manufacturer.",
        "Aurelia Medical",
    ),
    def(
        "device2_model",
        Text { max: 100 },
        DeviceGroup,
        "Second device: model.",
        "Smooth Round 350",
    ),
    def(
        "device2_lot",
        Text { max: 64 },
        Optional,
        "Second device: lot or batch.",
        "AM-2411",
    ),
    def(
        "device2_serial",
        Text { max: 64 },
        Optional,
        "Second device: serial number.",
        "SN000124",
    ),
    def("device2_udi", Udi, Optional, "Second device: GS1 UDI.", ""),
    def(
        "device2_side",
        Choice(Side::choices),
        DeviceGroup,
        "Second device: side.",
        "right",
    ),
    def(
        "followup_30_date",
        Date,
        Optional,
        "Date of the 30-day follow-up, if done; not before the procedure.",
        "2025-04-08",
    ),
    def(
        "followup_90_date",
        Date,
        Optional,
        "Date of the 90-day follow-up, if done; not before the 30-day one.",
        "",
    ),
    def(
        "complications",
        ComplicationList,
        Optional,
        "Complications separated by ';', each CODE:GRADE:YYYY-MM-DD with a code of the complication list and a Clavien–Dindo grade (I, II, IIIa, IIIb, IVa, IVb, V).",
        "HEMATOMA:IIIb:2025-03-10",
    ),
    def(
        "reoperation",
        YesNo,
        Optional,
        "Unplanned reoperation within the follow-up: yes or no (default no).",
        "yes",
    ),
    def(
        "readmission",
        YesNo,
        Optional,
        "Unplanned readmission: yes or no (default no).",
        "no",
    ),
    def(
        "death",
        YesNo,
        Optional,
        "Death within the follow-up: yes or no (default no).",
        "no",
    ),
];

pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// A column's type, in words (the data dictionary).
pub fn kind_text(kind: Kind) -> String {
    match kind {
        Key => "key (1–64 of A–Z a–z 0–9 . _ / -)".to_owned(),
        Society => "society acronym".to_owned(),
        Integer { min, max } if max == i64::MAX => format!("integer ≥ {min}"),
        Integer { min, max } => format!("integer {min}–{max}"),
        Decimal { min, max } => format!("decimal {min}–{max}"),
        Date => "date YYYY-MM-DD".to_owned(),
        Country => "ISO 3166-1 alpha-2".to_owned(),
        YesNo => "yes / no".to_owned(),
        Choice(choices) => format!("one of: {}", choices()),
        ProcedureList => "procedure codes, ';'-separated".to_owned(),
        ComplicationList => "CODE:GRADE:DATE, ';'-separated".to_owned(),
        Text { max } => format!("text ≤ {max} characters"),
        Udi => "GS1 UDI".to_owned(),
        PatientKey => "pseudonymous key".to_owned(),
    }
}

/// The header row of the import template.
pub fn template_header() -> String {
    FIELDS.iter().map(|f| f.name).collect::<Vec<_>>().join(",")
}

/// One case as CSV (header and row), from field values by column name: how
/// the single-case form goes through exactly the checks a file goes through.
pub fn csv_of(values: &std::collections::HashMap<String, String>) -> String {
    let row: Vec<String> = FIELDS
        .iter()
        .map(|f| {
            let value = values.get(f.name).map(|v| v.trim()).unwrap_or("");
            format!("\"{}\"", value.replace('"', "\"\""))
        })
        .collect();
    format!("{}\n{}\n", template_header(), row.join(","))
}

/// How a column is required, in words (the data dictionary).
pub fn need_text(need: Need) -> &'static str {
    match need {
        Required => "yes",
        Optional => "no",
        DeviceGroup => "with its device",
    }
}

/// The import template: the header and one example row.
pub fn template_csv() -> String {
    // A spreadsheet opens the template: its examples are text cells, kept
    // from being read as formulas (`kallos_domain::spreadsheet`).
    let example: Vec<String> = FIELDS
        .iter()
        .map(|f| {
            let example = kallos_domain::spreadsheet::text(f.example);
            if example.contains([',', '"']) || example != f.example {
                format!("\"{}\"", example.replace('"', "\"\""))
            } else {
                example.into_owned()
            }
        })
        .collect();
    format!("{}\n{}\n", template_header(), example.join(","))
}

/// `docs/data-dictionary.md`, generated from the definition above.
pub fn dictionary_markdown() -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Kallos registry: minimum data set, version {}\n\n\
         Generated by `kallos registry dictionary` from the definition in\n\
         `crates/kallos-registry/src/dataset.rs`; do not edit by hand.\n\n\
         One row per case, in CSV (UTF-8, comma-separated, a header row) or XLSX with the same columns.\n\
         A case submitted again with the same `society` and `case_id` updates the stored case (its earlier\n\
         versions are kept); an identical row changes nothing. Within one file a case (its `society` and\n\
         `case_id`) has one row: a later row with the same pair is refused (\"repeated in this file at row\n\
         N\") and the first row is kept. A file that cannot be read as cases (UTF-16 or another encoding,\n\
         `;` or another delimiter, not text at all, a header without the required columns) changes\n\
         nothing: its submission fails, with the reason.\n\n\
         ## Columns\n\n| column | type | required | meaning | example |\n|---|---|---|---|---|\n",
        kallos_domain::registry::DATA_SET_VERSION
    ));
    for f in FIELDS {
        let need = need_text(f.need);
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | `{}` |\n",
            f.name,
            kind_text(f.kind),
            need,
            f.description,
            f.example
        ));
    }
    out.push_str("\n## Checks at the door\n\nEach failed check is reported with its row, column, value and reason; good rows are accepted, bad rows are not (`--strict`: any error rejects the whole file).\n\n");
    for rule in CHECKS {
        out.push_str(&format!("- {rule}\n"));
    }
    out.push_str("\n## Direct identifiers are refused\n\n");
    for rule in kallos_domain::registry::identifiers::rules() {
        out.push_str(&format!("- {rule}\n"));
    }
    out.push_str(
        "\n## Procedure codes\n\n| code | kind | category | procedure |\n|---|---|---|---|\n",
    );
    for p in procedures() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            p.code, p.kind, p.category, p.name
        ));
    }
    out.push_str(
        "\n## Complication codes\n\n| code | complication | usual window (days) |\n|---|---|---|\n",
    );
    for c in complications() {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.code, c.name, c.typical_window_days
        ));
    }
    out.push_str(&format!(
        "\nClavien–Dindo grades: {}. Grade IIIa or worse counts as a major complication.\n",
        Grade::ALL
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out
}

/// The cross-field checks, for the dictionary.
pub const CHECKS: &[&str] = &[
    "Every required column is present in the header; unknown columns are reported and ignored.",
    "Dates are real dates, not in the future; the procedure is not before 2000.",
    "Follow-up and complication dates are not before the procedure; the 90-day follow-up is not before the 30-day one.",
    "A breast augmentation with implants (`BR-AUG-IMP`) has at least one device.",
    "A device with any field given has a manufacturer, a model and a side; a UDI parses and its GTIN check digit holds.",
    "The operating member belongs to the case's society.",
    "A procedure code is not repeated within a case.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_the_template_has_every_column() {
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FIELDS.len());
        let template = template_csv();
        let mut reader = csv::Reader::from_reader(template.as_bytes());
        let header = reader.headers().map(|h| h.len()).unwrap_or(0);
        assert_eq!(header, FIELDS.len());
        let rows: Vec<_> = reader.records().collect();
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn the_committed_dictionary_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/data-dictionary.md");
        if std::env::var_os("KALLOS_BLESS").is_some() {
            std::fs::write(path, dictionary_markdown()).expect("write the dictionary");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == dictionary_markdown(),
            "docs/data-dictionary.md is stale: run `KALLOS_BLESS=1 cargo test -p kallos-registry` (or `kallos registry dictionary > docs/data-dictionary.md`)"
        );
    }
}
