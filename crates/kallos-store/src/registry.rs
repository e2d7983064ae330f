//! What the registry needs from a database: submissions that can be resumed,
//! batches of cases applied atomically with their rollups and audit entry,
//! device look-ups and the statistics cube.

use async_trait::async_trait;
use chrono::Datelike;
use chrono::NaiveDate;
use kallos_domain::audit::AuditContext;
use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::identifiers::Masked;
use kallos_domain::registry::{
    CaseRecord, Measures, RollupKey, Sex, age_band, bmi_band, grade_rank,
};
use kallos_domain::{MemberId, SocietyId};
use serde::Serialize;
use std::collections::HashMap;

use crate::{StoreError, StoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Batches are being applied; a crash leaves it here, to be resumed.
    Running,
    Completed,
    /// `--strict` and the file had errors: nothing was applied.
    Rejected,
    /// The file could not be read as cases (its report says why): nothing
    /// was applied, and the same file imported again is not resumed.
    Failed,
}

impl SubmissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "running" => Some(Self::Running),
            "completed" => Some(Self::Completed),
            "rejected" => Some(Self::Rejected),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubmission {
    /// The file's name as submitted, masked: `Masked::file_name`.
    pub file_name: Masked,
    /// SHA-256 of the file: the same file resumes a running submission.
    pub file_sha256: String,
    /// `csv`, `xlsx`, `fhir`, `form`.
    pub source: String,
    /// The society the import is restricted to, if any.
    pub society: Option<SocietyId>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub rows_read: i64,
    pub accepted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.rows_read += other.rows_read;
        self.accepted += other.accepted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    pub id: i64,
    /// Masked when written, and again when read (a store from before the
    /// mask shows nothing either).
    pub file_name: Masked,
    pub file_sha256: String,
    pub source: String,
    pub society: Option<SocietyId>,
    pub status: SubmissionStatus,
    /// Data rows whose outcome is committed: a resumed import skips them.
    pub rows_done: i64,
    pub counts: Counts,
    pub actor: String,
    pub started_at_micros: i64,
    pub finished_at_micros: Option<i64>,
}

/// A line of a stored validation report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredIssue {
    pub row: i64,
    /// Masked when written, and again when read.
    pub column: Masked,
    pub value: Masked,
    /// In English.
    pub reason: String,
    pub severity: String,
    /// The reason as a message, for pages in other languages; `None` for
    /// issues stored before messages were kept.
    pub message: Option<IssueMessage>,
}

/// A report line's columns as both backends select them: row, column,
/// value, reason, severity, message (JSON).
pub type IssueColumns = (i64, String, String, String, String, Option<String>);

impl From<IssueColumns> for StoredIssue {
    fn from((row, column, value, reason, severity, message): IssueColumns) -> Self {
        Self {
            row,
            column: Masked::identifier_column_name(&column),
            value: Masked::new(&value),
            reason,
            severity,
            message: IssueMessage::from_json(message.as_deref()),
        }
    }
}

/// A reason as a message id and its arguments, stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IssueMessage {
    pub id: String,
    pub args: Vec<(String, String)>,
}

impl IssueMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `None` for a column stored before messages were kept, or not read.
    pub fn from_json(stored: Option<&str>) -> Option<Self> {
        serde_json::from_str(stored?).ok()
    }
}

/// A case ready to be stored: society resolved, patient key pseudonymised.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseToStore {
    pub society_id: SocietyId,
    pub record: CaseRecord,
    /// The record as stored (JSON), encoded once, beside the hash of its bytes.
    pub json: String,
    pub content_hash: String,
}

impl CaseToStore {
    pub fn new(society_id: SocietyId, record: CaseRecord) -> Self {
        let (json, content_hash) = record.json_and_hash();
        Self {
            society_id,
            record,
            json,
            content_hash,
        }
    }
}

pub use crate::statistics::ApprovalKey;

/// A slice of a submission, applied in one transaction with its audit entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    pub cases: Vec<CaseToStore>,
    pub issues: Vec<StoredIssue>,
    /// Rows of this batch that were rejected at the door.
    pub rejected: i64,
    /// Data rows read in this batch, accepted or not.
    pub rows_read: i64,
    /// The approved periods the rows were checked against
    /// ([`approval_keys`](crate::statistics::approval_keys)). When given,
    /// the batch is stored only if they are still the approvals inside its
    /// transaction, and is otherwise refused with
    /// [`StoreError::ApprovalsChanged`](crate::StoreError::ApprovalsChanged):
    /// an approval made while an import runs locks its period from the next
    /// batch on.
    pub approvals_seen: Option<Vec<ApprovalKey>>,
}

/// What a batch did to the stored cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
}

/// A case that carries a device, for recalls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceHit {
    pub society_id: i64,
    pub case_ref: String,
    pub procedure_date: String,
    pub manufacturer: String,
    pub model: String,
    pub lot: Option<String>,
    pub serial: Option<String>,
    pub udi_di: Option<String>,
    pub side: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceQuery {
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub lot: Option<String>,
    /// The device identifier (GTIN) part of a UDI.
    pub udi_di: Option<String>,
    /// Restricts the search to one society (tenancy); `None` for the alliance.
    pub society: Option<SocietyId>,
}

/// A stored case and its version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub society_id: SocietyId,
    pub version: i64,
    pub content_hash: String,
    pub record: CaseRecord,
}

#[async_trait]
pub trait RegistryStore {
    /// The installation's secret for patient pseudonyms, made on first use.
    async fn pseudonym_secret(&self, ctx: &AuditContext) -> StoreResult<Vec<u8>>;
    /// Starts a submission, or returns the running one for the same file and
    /// society, so that a killed import resumes where it stopped.
    async fn start_submission(
        &self,
        ctx: &AuditContext,
        new: &NewSubmission,
    ) -> StoreResult<Submission>;
    async fn submission(&self, id: i64) -> StoreResult<Option<Submission>>;
    /// A society's submissions, newest first; only `actor`'s when given
    /// (a member sees the submissions they made).
    async fn submissions(
        &self,
        society: SocietyId,
        actor: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Submission>>;
    async fn submission_issues(
        &self,
        id: i64,
        after_row: i64,
        limit: i64,
    ) -> StoreResult<Vec<StoredIssue>>;
    /// Applies a batch: cases inserted, updated (old version kept) or left
    /// unchanged, rollups adjusted, issues and counters recorded, one audit
    /// entry; all in one transaction.
    async fn import_batch(
        &self,
        ctx: &AuditContext,
        submission: i64,
        batch: &ImportBatch,
    ) -> StoreResult<BatchOutcome>;
    async fn finish_submission(
        &self,
        ctx: &AuditContext,
        submission: i64,
        status: SubmissionStatus,
    ) -> StoreResult<Submission>;
    async fn case(&self, society: SocietyId, case_ref: &str) -> StoreResult<Option<StoredCase>>;
    /// Earlier versions of a case, oldest first.
    async fn case_history(
        &self,
        society: SocietyId,
        case_ref: &str,
    ) -> StoreResult<Vec<StoredCase>>;
    async fn count_cases(&self, society: Option<SocietyId>) -> StoreResult<i64>;
    /// Cases a member operated on with a procedure date in `from..=to`: the
    /// registry's evidence for a membership's minimum-volume criterion.
    async fn count_member_cases(
        &self,
        member: MemberId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<i64>;
    async fn cases_with_device(
        &self,
        query: &DeviceQuery,
        limit: i64,
    ) -> StoreResult<Vec<DeviceHit>>;
    /// Every non-empty cell of the statistics cube.
    async fn rollups(&self) -> StoreResult<Vec<(RollupKey, Measures)>>;
    /// Recomputes the cube and its margins from the cases; returns the
    /// number of cells.
    async fn rebuild_rollups(&self, ctx: &AuditContext) -> StoreResult<i64>;
    /// Replaces the cube with `cells` and the margins with theirs, audited
    /// `rollups.load`: for a benchmark (or a restore) whose cells were
    /// computed from cases outside this store with [`account`]. A rebuild
    /// puts back the cube of the stored cases.
    async fn load_rollups(
        &self,
        ctx: &AuditContext,
        cells: &HashMap<RollupKey, Measures>,
    ) -> StoreResult<i64>;
}

// ---- Helpers every backend's import path shares ----

/// A stored record back from its JSON.
pub fn parse_record(json: &str) -> StoreResult<CaseRecord> {
    serde_json::from_str(json).map_err(|e| StoreError::Backend(format!("stored case record: {e}")))
}

/// Adds (`sign` 1) or removes (`sign` -1) a case's cells from a batch's deltas.
pub fn account(
    deltas: &mut HashMap<RollupKey, Measures>,
    society: SocietyId,
    record: &CaseRecord,
    sign: i64,
) {
    let measures = record.measures();
    for key in record.rollup_keys(society.0) {
        deltas.entry(key).or_default().add(&measures, sign);
    }
}

/// The measures of one procedure of a stored case from the case's stored
/// outcome columns (`complicated` … `infection` in [`Measures`] order) and
/// worst grade rank: what a rebuild reads instead of the record. Equal to
/// `record.measures()` for the record they were derived from.
pub fn stored_measures(outcomes: [bool; 9], worst_grade: u8) -> Measures {
    let mut values = [0i64; Measures::COUNT];
    values[0] = 1;
    for (value, flag) in values[1..10].iter_mut().zip(outcomes) {
        *value = i64::from(flag);
    }
    // Grades I … V are the last seven measures, rank 1 … 7.
    if (1..=7).contains(&worst_grade) {
        values[9 + usize::from(worst_grade)] = 1;
    }
    Measures::from_values(values)
}

/// The columns statistics group by, derived from the record.
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    pub year: i32,
    pub month: u32,
    pub tourist: bool,
    pub age_band: u8,
    pub bmi_band: u8,
    pub combined: bool,
    /// The worst Clavien–Dindo grade's rank (0 none, 1 = I … 7 = V).
    pub worst_grade: u8,
    pub measures: Measures,
}

pub fn derive(record: &CaseRecord) -> Derived {
    Derived {
        year: record.procedure_date.year(),
        month: record.procedure_date.month(),
        tourist: record.procedure_country != record.residence_country,
        age_band: age_band(record.age),
        bmi_band: bmi_band(record.bmi_tenths),
        combined: record.procedures.len() > 1,
        worst_grade: grade_rank(record.worst_grade()),
        measures: record.measures(),
    }
}

/// Splits a batch so that no case appears twice in a round: a case and its
/// follow-up in the same file are applied one after the other.
pub fn rounds(cases: &[CaseToStore]) -> Vec<Vec<&CaseToStore>> {
    let mut rounds: Vec<Vec<&CaseToStore>> = Vec::new();
    let mut seen: HashMap<(i64, &str), usize> = HashMap::new();
    for case in cases {
        let round = seen
            .entry((case.society_id.0, case.record.case_ref.as_str()))
            .and_modify(|r| *r += 1)
            .or_insert(0);
        if rounds.len() <= *round {
            rounds.push(Vec::new());
        }
        rounds[*round].push(case);
    }
    rounds
}

/// A cell of the cube with its text borrowed from a row being read.
#[derive(Debug, Clone, Copy)]
pub struct CellRef<'a> {
    pub society_id: i64,
    pub year: i32,
    pub month: u8,
    pub country: &'a str,
    pub residence: &'a str,
    pub procedure: &'a str,
    pub sex: Sex,
    pub age_band: u8,
    pub setting: FacilitySetting,
    pub bmi_band: u8,
    pub smoker: bool,
    pub combined: bool,
}

type CompactKey = (
    i64,
    i32,
    u8,
    u32,
    u32,
    u32,
    Sex,
    u8,
    FacilitySetting,
    u8,
    bool,
    bool,
);

/// Sums a rebuild's procedures into cells, with the text dimensions
/// interned: millions of rows allocate only once per distinct value.
#[derive(Default)]
pub struct CubeBuilder {
    ids: HashMap<String, u32, foldhash::fast::RandomState>,
    texts: Vec<String>,
    cells: HashMap<CompactKey, Measures, foldhash::fast::RandomState>,
}

impl CubeBuilder {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.to_owned());
        self.ids.insert(text.to_owned(), id);
        id
    }

    pub fn add(&mut self, cell: CellRef<'_>, measures: &Measures) {
        self.add_signed(cell, measures, 1);
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) a case's procedures, as
    /// [`account`] does: what a batch of an import changes in the cube.
    pub fn account(&mut self, society: SocietyId, record: &CaseRecord, sign: i64) {
        let d = derive(record);
        for procedure in &record.procedures {
            let cell = CellRef {
                society_id: society.0,
                year: d.year,
                month: u8::try_from(d.month).unwrap_or(1),
                country: &record.procedure_country,
                residence: &record.residence_country,
                procedure,
                sex: record.sex,
                age_band: d.age_band,
                setting: record.setting,
                bmi_band: d.bmi_band,
                smoker: record.smoker,
                combined: d.combined,
            };
            self.add_signed(cell, &d.measures, sign);
        }
    }

    fn add_signed(&mut self, cell: CellRef<'_>, measures: &Measures, sign: i64) {
        let key = (
            cell.society_id,
            cell.year,
            cell.month,
            self.intern(cell.country),
            self.intern(cell.residence),
            self.intern(cell.procedure),
            cell.sex,
            cell.age_band,
            cell.setting,
            cell.bmi_band,
            cell.smoker,
            cell.combined,
        );
        self.cells.entry(key).or_default().add(measures, sign);
    }

    /// The cells, empty ones left out (as a rebuild never stores them).
    pub fn finish(self) -> HashMap<RollupKey, Measures> {
        self.cells().collect()
    }

    /// Hands the cells over one society at a time, in key order (the cube
    /// tables' own; the society leads the key), empty ones left out; returns
    /// how many there were. Only one society's cells are ever made into
    /// `RollupKey`s at once, so memory follows the interned cells, not the
    /// cube's text.
    pub fn for_each_society_sorted<E>(
        self,
        mut each: impl FnMut(&[(RollupKey, Measures)]) -> Result<(), E>,
    ) -> Result<usize, E> {
        let keys = self.sorted_keys();
        let mut society = Vec::new();
        for group in keys.chunk_by(|a, b| a.0.0 == b.0.0) {
            society.clear();
            self.owned_into(group, &mut society);
            each(&society)?;
        }
        Ok(keys.len())
    }

    /// The cells summed so far, in key order, empty ones left out; the
    /// builder is emptied for more, its texts and its table's room kept (a
    /// rebuild sums one part of the cube after another into one builder).
    pub fn take_sorted(&mut self) -> Vec<(RollupKey, Measures)> {
        let mut cells = Vec::new();
        self.owned_into(&self.sorted_keys(), &mut cells);
        self.cells.clear();
        cells
    }

    /// The non-empty cells' keys in key order, each beside itself with its
    /// texts replaced by their ranks among the texts, which orders the keys
    /// as the texts would without comparing strings.
    fn sorted_keys(&self) -> Vec<(CompactKey, &CompactKey)> {
        let mut by_text: Vec<u32> =
            (0..u32::try_from(self.texts.len()).unwrap_or(u32::MAX)).collect();
        by_text.sort_unstable_by(|a, b| self.texts[*a as usize].cmp(&self.texts[*b as usize]));
        let mut rank = vec![0u32; self.texts.len()];
        for (r, id) in by_text.iter().enumerate() {
            rank[*id as usize] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        let mut keys: Vec<(CompactKey, &CompactKey)> = self
            .cells
            .iter()
            .filter(|(_, m)| !m.is_zero())
            .map(|(k, _)| {
                let mut ranked = *k;
                (ranked.3, ranked.4, ranked.5) =
                    (rank[k.3 as usize], rank[k.4 as usize], rank[k.5 as usize]);
                (ranked, k)
            })
            .collect();
        keys.sort_unstable_by_key(|k| k.0);
        keys
    }

    /// Appends the cells of `keys`, as keys of their own, to `out`.
    fn owned_into(&self, keys: &[(CompactKey, &CompactKey)], out: &mut Vec<(RollupKey, Measures)>) {
        out.extend(
            keys.iter()
                .filter_map(|(_, k)| Some((self.key(k), *self.cells.get(*k)?))),
        );
    }

    fn key(&self, k: &CompactKey) -> RollupKey {
        let text = |id: u32| self.texts.get(id as usize).cloned().unwrap_or_default();
        RollupKey {
            society_id: k.0,
            year: k.1,
            month: k.2,
            country: text(k.3),
            residence: text(k.4),
            procedure: text(k.5),
            sex: k.6,
            age_band: k.7,
            setting: k.8,
            bmi_band: k.9,
            smoker: k.10,
            combined: k.11,
        }
    }

    fn cells(&self) -> impl Iterator<Item = (RollupKey, Measures)> + '_ {
        self.cells
            .iter()
            .filter(|(_, m)| !m.is_zero())
            .map(|(k, m)| (self.key(k), *m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_outcome_columns_give_the_records_measures() {
        let mut record = crate::conformance::case("C-1", "SBCP", &["BE-LIPO", "BE-ABDO"]);
        record.readmission = true;
        record.complications = vec![kallos_domain::registry::Complication {
            code: "PE".to_owned(),
            grade: kallos_domain::registry::codes::Grade::IVa,
            date: record.procedure_date,
        }];
        let flags = |m: &Measures| {
            [
                m.complicated,
                m.major,
                m.reoperation,
                m.readmission,
                m.death,
                m.vte,
                m.hematoma,
                m.seroma,
                m.infection,
            ]
            .map(|v| v == 1)
        };
        let mut variants = vec![record.clone()];
        record.death = true;
        variants.push(record.clone());
        record.complications.clear();
        record.death = false;
        variants.push(record.clone());
        record.readmission = false;
        variants.push(record);
        for record in &variants {
            let m = record.measures();
            assert_eq!(stored_measures(flags(&m), derive(record).worst_grade), m);
        }
        assert_eq!(variants[0].measures().grade_iva, 1);
        assert!(variants[3].measures().grades().iter().all(|g| *g == 0));
    }

    #[test]
    fn the_cube_builder_accounts_records_as_account_does() {
        let mut combined = crate::conformance::case("C-1", "SBCP", &["BE-LIPO", "BE-ABDO"]);
        combined.death = true;
        let mut abroad = crate::conformance::case("C-2", "SBCP", &["BE-LIPO"]);
        abroad.residence_country = "US".to_owned();
        let mut builder = CubeBuilder::default();
        let mut expected: HashMap<RollupKey, Measures> = HashMap::new();
        for (record, sign) in [(&combined, 1), (&abroad, 1), (&abroad, 1), (&combined, -1)] {
            builder.account(SocietyId(4), record, sign);
            account(&mut expected, SocietyId(4), record, sign);
        }
        expected.retain(|_, m| !m.is_zero());
        let built = builder.finish();
        assert_eq!(built, expected);
        // The combined case came and went; the case abroad counts twice.
        assert_eq!(built.len(), 1);
        assert_eq!(built.values().next().map(|m| m.procedures), Some(2));
    }

    #[test]
    fn the_cube_builder_sums_like_account() {
        let mut builder = CubeBuilder::default();
        let mut expected: HashMap<RollupKey, Measures> = HashMap::new();
        let one = Measures {
            procedures: 1,
            major: 1,
            ..Measures::default()
        };
        for (i, procedure) in ["BE-LIPO", "BE-ABDO", "BE-LIPO"].iter().enumerate() {
            let cell = CellRef {
                society_id: 9,
                year: 2025,
                month: 3,
                country: "BR",
                residence: if i == 2 { "US" } else { "BR" },
                procedure,
                sex: Sex::Female,
                age_band: 2,
                setting: FacilitySetting::Asc,
                bmi_band: 3,
                smoker: false,
                combined: true,
            };
            builder.add(cell, &one);
            let key = RollupKey {
                society_id: 9,
                year: 2025,
                month: 3,
                country: "BR".into(),
                residence: cell.residence.into(),
                procedure: (*procedure).into(),
                sex: Sex::Female,
                age_band: 2,
                setting: FacilitySetting::Asc,
                bmi_band: 3,
                smoker: false,
                combined: true,
            };
            expected.entry(key).or_default().add(&one, 1);
        }
        assert_eq!(builder.finish(), expected);
    }

    /// A cell of society `society_id` in `year` and `month`, the rest fixed.
    fn cell<'a>(
        society_id: i64,
        (country, residence, procedure): (&'a str, &'a str, &'a str),
        year: i32,
        month: u8,
    ) -> CellRef<'a> {
        CellRef {
            society_id,
            year,
            month,
            country,
            residence,
            procedure,
            sex: Sex::Male,
            age_band: 1,
            setting: FacilitySetting::Hospital,
            bmi_band: 2,
            smoker: true,
            combined: false,
        }
    }

    /// Every cell the builder hands over, society after society.
    fn handed_over(builder: CubeBuilder) -> (usize, Vec<Vec<(RollupKey, Measures)>>) {
        let mut societies = Vec::new();
        let count = builder
            .for_each_society_sorted(|cells| {
                societies.push(cells.to_vec());
                Ok::<(), ()>(())
            })
            .expect("handed over");
        (count, societies)
    }

    #[test]
    fn sorted_cells_are_in_key_order_whatever_order_their_texts_came_in() {
        let cells = [
            (("US", "US", "BE-LIPO"), 2025, 7),
            (("BR", "US", "BE-ABDO"), 2025, 7),
            (("BR", "BR", "BE-LIPO"), 2024, 1),
            (("AR", "BR", "FH-EYE"), 2025, 7),
            (("BR", "AR", "BE-ABDO"), 2025, 7),
            (("US", "US", "BE-LIPO"), 2025, 7),
        ];
        let one = Measures {
            procedures: 1,
            ..Measures::default()
        };
        let mut hashed = CubeBuilder::default();
        let mut sorted = CubeBuilder::default();
        for (texts, year, month) in cells {
            hashed.add(cell(4, texts, year, month), &one);
            sorted.add(cell(4, texts, year, month), &one);
        }
        let mut expected: Vec<(RollupKey, Measures)> = hashed.finish().into_iter().collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let (count, societies) = handed_over(sorted);
        assert_eq!((count, societies.len()), (5, 1));
        let sorted = &societies[0];
        assert_eq!(sorted, &expected);
        assert_eq!(sorted[0].0.country, "BR");
        assert_eq!(sorted[0].0.year, 2024);
        assert_eq!(sorted[4].1.procedures, 2);
    }

    #[test]
    fn cells_are_handed_over_one_society_at_a_time_in_order() {
        let one = Measures {
            procedures: 1,
            ..Measures::default()
        };
        let mut builder = CubeBuilder::default();
        for society_id in [7, 4, 7] {
            builder.add(cell(society_id, ("BR", "BR", "BE-LIPO"), 2025, 1), &one);
        }
        let (count, societies) = handed_over(builder);
        assert_eq!(count, 2);
        let handed: Vec<Vec<(i64, i64)>> = societies
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .map(|(k, m)| (k.society_id, m.procedures))
                    .collect()
            })
            .collect();
        assert_eq!(handed, vec![vec![(4, 1)], vec![(7, 2)]]);
    }

    #[test]
    fn taken_cells_are_sorted_and_the_builder_sums_afresh_with_its_texts() {
        let one = Measures {
            procedures: 1,
            ..Measures::default()
        };
        let mut builder = CubeBuilder::default();
        for texts in [("US", "US", "BE-LIPO"), ("BR", "US", "BE-ABDO")] {
            builder.add(cell(4, texts, 2024, 3), &one);
        }
        let taken = builder.take_sorted();
        let countries: Vec<&str> = taken.iter().map(|(k, _)| k.country.as_str()).collect();
        assert_eq!(countries, vec!["BR", "US"]);
        assert!(builder.take_sorted().is_empty(), "taken cells are gone");
        // Texts seen before and a new one that sorts before them.
        for texts in [("US", "US", "BE-LIPO"), ("AR", "BR", "FH-EYE")] {
            builder.add(cell(4, texts, 2025, 1), &one);
            builder.add(cell(4, texts, 2025, 1), &one);
        }
        let second = builder.take_sorted();
        let summary: Vec<(&str, &str, i32, i64)> = second
            .iter()
            .map(|(k, m)| {
                (
                    k.country.as_str(),
                    k.procedure.as_str(),
                    k.year,
                    m.procedures,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![("AR", "FH-EYE", 2025, 2), ("US", "BE-LIPO", 2025, 2)]
        );
    }
}
