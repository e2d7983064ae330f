//! Streaming CSV reading and row validation: each row becomes a
//! [`CaseRecord`] or a list of [`Issue`]s naming row, column, value and reason.

use crate::dataset::{self, EARLIEST_YEAR, FIELDS, MAX_DEVICES, MAX_PROCEDURES, Need};
pub use crate::reasons::Reason;
use chrono::{Datelike, NaiveDate};
use kallos_domain::country;
use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::codes::{Grade, complication_index, procedure_index};
use kallos_domain::registry::identifiers::{Masked, identifier_column, identifier_value};
use kallos_domain::registry::{Anaesthesia, CaseRecord, Complication, Device, Sex, Side, udi};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// One line of a validation report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// The row in the file as a spreadsheet numbers it: the header is row 1,
    /// the first case row 2.
    pub row: u64,
    /// The column's name, masked when some detector finds an identifier in it.
    pub column: Masked,
    /// The value as submitted, masked when some detector finds an
    /// identifier in it (whatever the column, whatever the reason).
    pub value: Masked,
    pub reason: Reason,
    /// `error` rejects the row; `dropped` removed a value but kept the row.
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Dropped,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Dropped => "dropped",
        }
    }
}

/// A problem with the file as a whole: nothing can be imported.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("row 1: the header lacks the required column(s) {0}")]
    MissingColumns(String),
    #[error("row 1: the column '{0}' appears twice")]
    DuplicateColumn(String),
    #[error("row 1: the columns are separated by '{}', not commas: save the file as CSV UTF-8 (comma-separated)", delimiter_name(*.0))]
    Delimiter(char),
    #[error("the file is UTF-16 text: save it as CSV UTF-8")]
    Utf16,
    #[error("the file is not text (it holds NUL bytes): save the cases as CSV UTF-8 or XLSX")]
    NotText,
    #[error("row 1: the header is not UTF-8 text: save the file as CSV UTF-8")]
    HeaderNotUtf8,
    #[error("row {row}: {message}")]
    Malformed { row: u64, message: String },
    #[error("reading the file: {0}")]
    Io(String),
}

/// How a delimiter is named in a message.
fn delimiter_name(delimiter: char) -> String {
    match delimiter {
        '\t' => "TAB".to_owned(),
        other => other.to_string(),
    }
}

/// The delimiters a spreadsheet may have used instead of the comma.
const OTHER_DELIMITERS: [char; 3] = [';', '\t', '|'];

/// How many first bytes of a file are looked at to tell its kind.
pub const SNIFFED_BYTES: usize = 64 * 1024;

/// Refuses, from its first bytes, a file that is not UTF-8 text: UTF-16
/// (a byte-order mark, or NUL bytes in every other place) or binary (any
/// NUL byte: random bytes, an executable, an archive). A stray invalid byte
/// in UTF-8 text is not refused here: its row is reported by the checks.
pub fn sniff(head: &[u8]) -> Result<(), FileError> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Utf16);
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, _) in head.iter().enumerate().filter(|(_, b)| **b == 0) {
        if i % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let nuls = even + odd;
    if nuls == 0 {
        return Ok(());
    }
    // UTF-16 of mostly ASCII text: a NUL in every other byte, on one side.
    let halves = head.len() / 2;
    if halves > 0 && even.max(odd) * 10 >= halves * 3 && even.min(odd) * 10 <= nuls {
        return Err(FileError::Utf16);
    }
    Err(FileError::NotText)
}

impl FileError {
    /// The problem as the line of a validation report: where, and why.
    pub fn issue(&self) -> Issue {
        let (row, column, reason) = match self {
            Self::MissingColumns(columns) => (1, String::new(), Reason::missing_columns(columns)),
            Self::DuplicateColumn(column) => (1, column.clone(), Reason::duplicate_column()),
            Self::Delimiter(d) => (1, String::new(), Reason::delimiter(&delimiter_name(*d))),
            Self::Utf16 => (1, String::new(), Reason::utf16()),
            Self::NotText => (1, String::new(), Reason::not_text()),
            Self::HeaderNotUtf8 => (1, String::new(), Reason::header_not_utf8()),
            Self::Malformed { row, message } => (*row, String::new(), Reason::malformed(message)),
            Self::Io(message) => (1, String::new(), Reason::unreadable(message)),
        };
        Issue {
            row,
            // A column's name comes from the file: masked like a value.
            column: Masked::new(&column),
            value: Masked::default(),
            reason,
            severity: Severity::Error,
        }
    }
}

/// What a row turned into.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub row: u64,
    pub case: Result<CaseRecord, ()>,
    /// Errors (when the case was rejected) and dropped values (either way).
    pub issues: Vec<Issue>,
}

/// Facts from the store that rows are checked against.
#[derive(Debug, Default, Clone)]
pub struct Context {
    /// Acronyms of the societies that exist, by their upper-case spelling.
    pub societies: HashMap<String, String>,
    /// `(society acronym, member id)` of every membership.
    pub memberships: HashSet<(String, i64)>,
    /// When set, every row must name this society.
    pub only_society: Option<String>,
    /// When set, every row must name this member as the one who operated.
    pub only_member: Option<i64>,
    pub today: Option<NaiveDate>,
    /// Periods each society (acronym) has approved: their cases are locked.
    pub approved: HashMap<String, Vec<kallos_domain::statistics::Period>>,
}

type Columns = HashMap<&'static str, usize, foldhash::fast::RandomState>;

/// The first row of each case (society and case id) read so far in a file.
///
/// A file of a million rows must not hold a million ids: each pair is kept
/// as two 64-bit hashes under different seeds (16 bytes, so that two
/// different cases taking the same key is beyond any file's reach), beside
/// its row.
#[derive(Default)]
struct FirstRows(HashMap<u128, u64, foldhash::fast::RandomState>);

impl FirstRows {
    const SEEDS: [foldhash::quality::FixedState; 2] = [
        foldhash::quality::FixedState::with_seed(0x6b61_6c6c_6f73_0001),
        foldhash::quality::FixedState::with_seed(0x6b61_6c6c_6f73_0002),
    ];

    /// The row where this case was first read, or `None` (and `row` is
    /// kept) if this is its first.
    fn first(&mut self, society: &str, case_ref: &str, row: u64) -> Option<u64> {
        use std::hash::BuildHasher;
        let [a, b] = Self::SEEDS.map(|seed| seed.hash_one((society, case_ref)));
        let key = (u128::from(a) << 64) | u128::from(b);
        match self.0.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row);
                None
            }
        }
    }
}

pub struct CaseReader<R: Read> {
    reader: csv::Reader<R>,
    /// Index of each known column in the file (looked up for every field of
    /// every row, hence the faster hash).
    columns: Columns,
    header_issues: Vec<Issue>,
    record: csv::StringRecord,
    /// Data rows read so far. A row's number is counted, not taken from
    /// the reader's line: a quoted field may hold line breaks (one row in a
    /// spreadsheet, several lines), and after a CRLF header the reader's
    /// line count is one behind.
    rows_read: u64,
    /// Every case read so far, to refuse one repeated later in the file
    /// (also while rows committed before a resume are read again).
    first_rows: FirstRows,
    context: Context,
    today: NaiveDate,
}

impl<R: Read> CaseReader<R> {
    pub fn new(input: R, context: Context, today: NaiveDate) -> Result<Self, FileError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let header = reader
            .headers()
            .map_err(|e| match e.kind() {
                csv::ErrorKind::Utf8 { .. } => FileError::HeaderNotUtf8,
                _ => FileError::Malformed {
                    row: 1,
                    message: e.to_string(),
                },
            })?
            .clone();
        let mut columns = Columns::default();
        let mut header_issues = Vec::new();
        for (index, name) in header.iter().enumerate() {
            // Values of columns that are neither known nor kept are never read.
            let name = name.trim_start_matches('\u{feff}');
            let key = name.to_ascii_lowercase();
            if let Some(f) = dataset::field(&key) {
                if columns.insert(f.name, index).is_some() {
                    return Err(FileError::DuplicateColumn(f.name.to_owned()));
                }
            } else if let Some(what) = identifier_column(name) {
                header_issues.push(Issue {
                    row: 1,
                    column: Masked::identifier_column_name(name),
                    value: Masked::default(),
                    reason: Reason::identifier_column(what),
                    severity: Severity::Dropped,
                });
            } else if !name.is_empty() {
                header_issues.push(Issue {
                    row: 1,
                    column: Masked::new(name),
                    value: Masked::default(),
                    reason: Reason::unknown_column(),
                    severity: Severity::Dropped,
                });
            }
        }
        let missing: Vec<&str> = FIELDS
            .iter()
            .filter(|f| f.need == Need::Required && !columns.contains_key(f.name))
            .map(|f| f.name)
            .collect();
        if !missing.is_empty() {
            // One column whose name holds another delimiter: a CSV saved by a
            // spreadsheet set to use `;` (or TAB, or `|`) between columns.
            if let [only] = header.iter().collect::<Vec<_>>().as_slice()
                && let Some(d) = OTHER_DELIMITERS.into_iter().find(|d| only.contains(*d))
            {
                return Err(FileError::Delimiter(d));
            }
            return Err(FileError::MissingColumns(missing.join(", ")));
        }
        Ok(Self {
            reader,
            columns,
            header_issues,
            record: csv::StringRecord::new(),
            rows_read: 0,
            first_rows: FirstRows::default(),
            context,
            today,
        })
    }

    /// Issues found in the header (unknown or refused columns).
    pub fn header_issues(&self) -> &[Issue] {
        &self.header_issues
    }

    /// Bytes read so far, for progress.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row, `None` at the end.
    pub fn next_row(&mut self) -> Option<Result<Row, FileError>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                self.rows_read += 1;
                Some(Ok(self.check_row(self.rows_read + 1)))
            }
            Err(e) => {
                // The row the reader failed on: the header is row 1.
                self.rows_read += 1;
                let row = self.rows_read + 1;
                match e.kind() {
                    csv::ErrorKind::Io(io) => Some(Err(FileError::Io(io.to_string()))),
                    csv::ErrorKind::Utf8 { .. } => Some(Ok(Row {
                        row,
                        case: Err(()),
                        issues: vec![Issue {
                            row,
                            column: Masked::default(),
                            value: Masked::default(),
                            reason: Reason::not_utf8(),
                            severity: Severity::Error,
                        }],
                    })),
                    _ => Some(Err(FileError::Malformed {
                        row,
                        message: e.to_string(),
                    })),
                }
            }
        }
    }

    fn check_row(&mut self, row: u64) -> Row {
        let mut check = RowCheck {
            row,
            record: &self.record,
            columns: &self.columns,
            first_rows: &mut self.first_rows,
            issues: Vec::new(),
        };
        let case = check.case(&self.context, self.today);
        let rejected = check.issues.iter().any(|i| i.severity == Severity::Error);
        Row {
            row,
            case: if rejected { Err(()) } else { case.ok_or(()) },
            issues: check.issues,
        }
    }
}

struct RowCheck<'a> {
    row: u64,
    record: &'a csv::StringRecord,
    columns: &'a Columns,
    first_rows: &'a mut FirstRows,
    issues: Vec<Issue>,
}

impl RowCheck<'_> {
    fn raw(&self, column: &'static str) -> &str {
        self.columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
    }

    fn issue(&mut self, column: &str, value: &str, reason: Reason, severity: Severity) {
        // Every value a report line keeps passes the mask: what any
        // detector finds is masked, whatever the column and the reason.
        self.issues.push(Issue {
            row: self.row,
            column: Masked::new(column),
            value: Masked::new(value),
            reason,
            severity,
        });
    }

    fn error(&mut self, column: &str, value: &str, reason: Reason) {
        self.issue(column, value, reason, Severity::Error);
    }

    /// A non-empty value, or an error when required.
    fn present(&mut self, column: &'static str) -> Option<String> {
        let value = self.raw(column).to_owned();
        if value.is_empty() {
            if dataset::field(column).is_some_and(|f| f.need == Need::Required) {
                self.error(column, "", Reason::required());
            }
            None
        } else {
            Some(value)
        }
    }

    /// Refuses a value that looks like a direct identifier: an error for
    /// required keys, a dropped value otherwise.
    fn not_identifier(
        &mut self,
        column: &'static str,
        value: String,
        free_text: bool,
        required: bool,
    ) -> Option<String> {
        match identifier_value(&value, free_text) {
            Some(what) => {
                if required {
                    self.error(column, &value, Reason::identifier_refused(what));
                } else {
                    self.issue(
                        column,
                        &value,
                        Reason::identifier_dropped(what),
                        Severity::Dropped,
                    );
                }
                None
            }
            None => Some(value),
        }
    }

    fn integer(&mut self, column: &'static str, min: i64, max: i64) -> Option<i64> {
        let value = self.present(column)?;
        match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            Ok(_) => {
                self.error(column, &value, Reason::range(min, max));
                None
            }
            Err(_) => {
                self.error(column, &value, Reason::whole_number());
                None
            }
        }
    }

    fn date(&mut self, column: &'static str, today: NaiveDate) -> Option<NaiveDate> {
        let value = self.present(column)?;
        match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(d) if d > today => {
                self.error(column, &value, Reason::in_future(today));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                self.error(column, &value, Reason::date_format());
                None
            }
        }
    }

    fn yes_no(&mut self, column: &'static str) -> Option<bool> {
        let value = self.present(column)?;
        match value.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            _ => {
                self.error(column, &value, Reason::yes_no());
                None
            }
        }
    }

    fn choice<T>(
        &mut self,
        column: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        choices: &str,
    ) -> Option<T> {
        let value = self.present(column)?;
        let parsed = parse(&value);
        if parsed.is_none() {
            self.error(column, &value, Reason::one_of(choices));
        }
        parsed
    }

    fn country(&mut self, column: &'static str) -> Option<String> {
        let value = self.present(column)?.to_ascii_uppercase();
        if country::is_known(&value) {
            Some(value)
        } else {
            self.error(column, &value, Reason::country_code());
            None
        }
    }

    fn key(&mut self, column: &'static str) -> Option<String> {
        let value = self.present(column)?;
        let value = self.not_identifier(column, value, false, true)?;
        if value.len() <= 64
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._/-".contains(&b))
        {
            Some(value)
        } else {
            self.error(column, &value, Reason::case_id_format());
            None
        }
    }

    fn case(&mut self, context: &Context, today: NaiveDate) -> Option<CaseRecord> {
        let case_ref = self.key("case_id");
        let given = self.present("society");
        let society = given.as_ref().map(|s| {
            // Acronyms match whatever their case (InaPRAS, inapras).
            context
                .societies
                .get(&s.to_ascii_uppercase())
                .cloned()
                .unwrap_or_else(|| s.clone())
        });
        if let Some(s) = &society {
            if !context.societies.values().any(|known| known == s) {
                self.error("society", s, Reason::unknown_society());
            } else if context.only_society.as_ref().is_some_and(|only| only != s) {
                let only = context.only_society.clone().unwrap_or_default();
                self.error("society", s, Reason::restricted_to(&only));
            }
        }
        // A case appears once in a file: the first row is kept, a later one
        // is refused, whatever else is wrong with either.
        if let (Some(case_ref), Some(society)) = (&case_ref, &society)
            && let Some(first) = self.first_rows.first(society, case_ref, self.row)
        {
            let case_ref = case_ref.clone();
            self.error("case_id", &case_ref, Reason::repeated_in_file(first));
        }
        let member_id = self.integer("member_id", 1, i64::MAX);
        if let Some(only) = context.only_member
            && member_id != Some(only)
        {
            let given = member_id.map(|m| m.to_string()).unwrap_or_default();
            self.error("member_id", &given, Reason::own_cases_only(only));
        }
        if let (Some(m), Some(s)) = (member_id, &society)
            && !context.memberships.contains(&(s.clone(), m))
        {
            self.error("member_id", &m.to_string(), Reason::not_a_member(s));
        }
        let facility_id = self.integer("facility_id", 1, i64::MAX);
        let setting = self.choice(
            "setting",
            FacilitySetting::parse,
            &dataset_choices_setting(),
        );
        let procedure_country = self.country("procedure_country");
        let residence_country = self.country("residence_country");
        let procedure_date = self.date("procedure_date", today);
        if let Some(d) = procedure_date.filter(|d| d.year() < EARLIEST_YEAR) {
            self.error(
                "procedure_date",
                &d.to_string(),
                Reason::before_year(EARLIEST_YEAR),
            );
        }
        let procedures = self.procedures();
        let duration_min = self
            .integer("duration_min", 1, 1440)
            .and_then(|n| u16::try_from(n).ok());
        let anaesthesia = self.choice("anaesthesia", Anaesthesia::parse, &Anaesthesia::choices());
        let patient_key = self.patient_key();
        let age = self
            .integer("age", 12, 100)
            .and_then(|n| u8::try_from(n).ok());
        let sex = self.choice("sex", Sex::parse, &Sex::choices());
        let bmi_tenths = self.bmi();
        let smoker = self.yes_no("smoker");
        let diabetes = self.yes_no("diabetes");
        let asa = self.integer("asa", 1, 5).and_then(|n| u8::try_from(n).ok());
        let caprini = self
            .integer("caprini", 0, 40)
            .and_then(|n| u8::try_from(n).ok());
        let devices = self.devices();
        let followup_30 = self.date("followup_30_date", today);
        let followup_90 = self.date("followup_90_date", today);
        let complications = self.complications(today);
        let reoperation = self.yes_no("reoperation").unwrap_or(false);
        let readmission = self.yes_no("readmission").unwrap_or(false);
        let death = self.yes_no("death").unwrap_or(false);

        // A case of an approved period is locked until the approval is withdrawn.
        if let (Some(s), Some(date)) = (&society, procedure_date)
            && let Some(period) = context
                .approved
                .get(s)
                .and_then(|periods| periods.iter().find(|p| p.contains(date)))
        {
            self.error("procedure_date", &date.to_string(), Reason::locked(*period));
        }

        // Cross-field checks.
        if let Some(date) = procedure_date {
            for (column, d) in [
                ("followup_30_date", followup_30),
                ("followup_90_date", followup_90),
            ] {
                if let Some(d) = d.filter(|d| *d < date) {
                    self.error(column, &d.to_string(), Reason::before_procedure(date));
                }
            }
            for c in complications.iter().flatten() {
                if c.date < date {
                    self.error(
                        "complications",
                        &format!("{}:{}:{}", c.code, c.grade.as_str(), c.date),
                        Reason::dated_before_procedure(date),
                    );
                }
            }
        }
        if let (Some(a), Some(b)) = (followup_30, followup_90)
            && b < a
        {
            self.error(
                "followup_90_date",
                &b.to_string(),
                Reason::before_first_follow_up(a),
            );
        }
        if let (Some(p), Some(d)) = (&procedures, &devices)
            && p.iter().any(|c| c == "BR-AUG-IMP")
            && d.is_empty()
        {
            self.error("device1_manufacturer", "", Reason::implants_need_devices());
        }

        Some(CaseRecord {
            case_ref: case_ref?,
            society: society?,
            member_id,
            facility_id,
            setting: setting?,
            procedure_country: procedure_country?,
            residence_country: residence_country?,
            procedure_date: procedure_date?,
            procedures: procedures?,
            duration_min,
            anaesthesia: anaesthesia?,
            patient_key: patient_key?,
            age: age?,
            sex: sex?,
            bmi_tenths,
            smoker: smoker?,
            diabetes: diabetes?,
            asa: asa?,
            caprini,
            devices: devices?,
            followup_30,
            followup_90,
            complications: complications?,
            reoperation,
            readmission,
            death,
        })
    }

    fn procedures(&mut self) -> Option<Vec<String>> {
        let value = self.present("procedures")?;
        let mut codes: Vec<String> = Vec::new();
        for raw in value.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let code = raw.to_ascii_uppercase();
            if procedure_index(&code).is_none() {
                self.error("procedures", &value, Reason::unknown_procedure(raw));
                return None;
            }
            if codes.contains(&code) {
                self.error("procedures", &value, Reason::listed_twice(raw));
                return None;
            }
            codes.push(code);
        }
        if codes.is_empty() || codes.len() > MAX_PROCEDURES {
            self.error(
                "procedures",
                &value,
                Reason::procedure_count(MAX_PROCEDURES),
            );
            return None;
        }
        Some(codes)
    }

    fn patient_key(&mut self) -> Option<String> {
        let value = self.present("patient_key")?;
        let value = self.not_identifier("patient_key", value, false, true)?;
        if (6..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            Some(value)
        } else {
            self.error("patient_key", &value, Reason::patient_key_format());
            None
        }
    }

    fn bmi(&mut self) -> Option<u16> {
        let value = self.present("bmi")?;
        match value.replace(',', ".").parse::<f64>() {
            Ok(b) if (12.0..=80.0).contains(&b) => Some((b * 10.0).round() as u16),
            Ok(_) => {
                self.error("bmi", &value, Reason::range(12, 80));
                None
            }
            Err(_) => {
                self.error("bmi", &value, Reason::decimal_number());
                None
            }
        }
    }

    fn devices(&mut self) -> Option<Vec<Device>> {
        const GROUPS: [[&str; 6]; MAX_DEVICES] = [
            [
                "device1_manufacturer",
                "device1_model",
                "device1_lot",
                "device1_serial",
                "device1_udi",
                "device1_side",
            ],
            [
                "device2_manufacturer",
                "device2_model",
                "device2_lot",
                "device2_serial",
                "device2_udi",
                "device2_side",
            ],
        ];
        let mut devices = Vec::new();
        let mut ok = true;
        for [manufacturer, model, lot, serial, udi_column, side] in GROUPS {
            if [manufacturer, model, lot, serial, udi_column, side]
                .iter()
                .all(|c| self.raw(c).is_empty())
            {
                continue;
            }
            let text = |check: &mut Self,
                        column: &'static str,
                        required: bool,
                        free_text: bool|
             -> Option<String> {
                let value = check.raw(column).to_owned();
                if value.is_empty() {
                    if required {
                        check.error(column, "", Reason::required_for_device());
                    }
                    return None;
                }
                if value.chars().count() > 100 {
                    check.error(column, &value, Reason::too_long(100));
                    return None;
                }
                check.not_identifier(column, value, free_text, required)
            };
            let m = text(self, manufacturer, true, true);
            let mo = text(self, model, true, true);
            let l = text(self, lot, false, false);
            let s = text(self, serial, false, false);
            let side_value = self.raw(side).to_owned();
            let sd = if side_value.is_empty() {
                self.error(side, "", Reason::required_for_device());
                None
            } else {
                let parsed = Side::parse(&side_value);
                if parsed.is_none() {
                    self.error(side, &side_value, Reason::one_of(&Side::choices()));
                }
                parsed
            };
            let udi_text = self.raw(udi_column).to_owned();
            let udi_di = if udi_text.is_empty() {
                None
            } else {
                match udi::parse(&udi_text) {
                    Ok(parsed) => Some(parsed.di),
                    Err(reason) => {
                        self.error(udi_column, &udi_text, Reason::not_udi(&reason));
                        ok = false;
                        None
                    }
                }
            };
            match (m, mo, sd) {
                (Some(manufacturer), Some(model), Some(side)) => devices.push(Device {
                    manufacturer,
                    model,
                    lot: l,
                    serial: s,
                    udi: (!udi_text.is_empty()).then_some(udi_text),
                    udi_di,
                    side,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(devices)
    }

    fn complications(&mut self, today: NaiveDate) -> Option<Vec<Complication>> {
        let value = self.raw("complications").to_owned();
        let mut list = Vec::new();
        for item in value.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let parts: Vec<&str> = item.split(':').map(str::trim).collect();
            let [code, grade, date] = parts.as_slice() else {
                self.error("complications", item, Reason::complication_format());
                return None;
            };
            let raw = *code;
            let code = code.to_ascii_uppercase();
            if complication_index(&code).is_none() {
                self.error("complications", item, Reason::unknown_complication(raw));
                return None;
            }
            let Some(grade) = Grade::parse(grade) else {
                self.error("complications", item, Reason::grade());
                return None;
            };
            let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                self.error("complications", item, Reason::complication_date_format());
                return None;
            };
            if date > today {
                self.error("complications", item, Reason::dated_in_future(today));
                return None;
            }
            list.push(Complication { code, grade, date });
        }
        Some(list)
    }
}

fn dataset_choices_setting() -> String {
    FacilitySetting::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
