//! A de-identified research extract: every case of an approved period as a
//! row of Parquet, Hive-partitioned `year=YYYY/country=CC/part-0.parquet`
//! (readable by DuckDB, Spark and Polars). What leaves Kallos:
//!
//! - no date finer than the month (`procedure_month` is `YYYY-MM`);
//! - no member, facility, device serial or lot;
//! - keys re-pseudonymised per extract: the case and patient keys are HMACs
//!   under a random key made for this extract and never stored, so that two
//!   extracts cannot be joined on them, and neither can the registry.

use arrow_array::{ArrayRef, BooleanArray, Int32Array, RecordBatch, StringArray, UInt8Array};
use arrow_schema::{DataType, Field, Schema};
use chrono::Datelike;
use hmac::{Hmac, Mac};
use kallos_domain::SocietyId;
use kallos_domain::registry::{CaseRecord, age_band, bmi_band, grade_rank};
use kallos_store::statistics::approved_period;
use kallos_store::{Store, StoreError};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use sha2::Sha256;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("reading the registry: {0}")]
    Store(#[from] StoreError),
    #[error("writing {path}: {message}")]
    Write { path: String, message: String },
    #[error("{0} exists and is not empty: choose an empty or new folder")]
    NotEmpty(String),
    #[error("making the extract's key: {0}")]
    Random(String),
}

/// What an extract wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractSummary {
    pub cases: u64,
    /// Cases left out because their period is not approved.
    pub not_approved: u64,
    /// `(year, country) → cases`.
    pub partitions: BTreeMap<(i32, String), u64>,
}

/// The extract's columns, in order.
pub fn schema() -> Arc<Schema> {
    let text = |name: &str| Field::new(name, DataType::Utf8, false);
    let flag = |name: &str| Field::new(name, DataType::Boolean, false);
    let small = |name: &str| Field::new(name, DataType::UInt8, false);
    Arc::new(Schema::new(vec![
        text("case_key"),
        text("patient_key"),
        text("society"),
        text("procedure_month"),
        text("residence_country"),
        flag("tourist"),
        text("procedures"),
        small("procedure_count"),
        text("setting"),
        text("anaesthesia"),
        text("sex"),
        small("age_band"),
        small("bmi_band"),
        flag("smoker"),
        flag("diabetes"),
        small("asa"),
        Field::new("duration_min", DataType::Int32, true),
        small("devices"),
        flag("complicated"),
        flag("major"),
        small("worst_grade"),
        flag("vte"),
        flag("hematoma"),
        flag("seroma"),
        flag("infection"),
        flag("reoperation"),
        flag("readmission"),
        flag("death"),
    ]))
}

/// HMAC-SHA-256 under the extract's key, shortened.
fn rekey(key: &[u8], kind: &str, value: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(kind.as_bytes());
    mac.update(b":");
    mac.update(value.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..12])
}

/// One row of the extract, in the schema's order.
struct Row {
    text: [String; 9],
    small: [u8; 6],
    flags: [bool; 12],
    duration: Option<i32>,
}

fn row(key: &[u8], society: &str, case: &CaseRecord) -> Row {
    let m = case.measures();
    let date = case.procedure_date;
    Row {
        text: [
            rekey(key, "case", &format!("{society}:{}", case.case_ref)),
            rekey(key, "patient", &case.patient_key),
            society.to_owned(),
            format!("{:04}-{:02}", date.year(), date.month()),
            case.residence_country.clone(),
            case.procedures.join(","),
            case.setting.as_str().to_owned(),
            case.anaesthesia.as_str().to_owned(),
            case.sex.as_str().to_owned(),
        ],
        small: [
            u8::try_from(case.procedures.len()).unwrap_or(u8::MAX),
            age_band(case.age),
            bmi_band(case.bmi_tenths),
            case.asa,
            u8::try_from(case.devices.len()).unwrap_or(u8::MAX),
            grade_rank(case.worst_grade()),
        ],
        flags: [
            case.procedure_country != case.residence_country,
            case.smoker,
            case.diabetes,
            m.complicated > 0,
            m.major > 0,
            m.vte > 0,
            m.hematoma > 0,
            m.seroma > 0,
            m.infection > 0,
            m.reoperation > 0,
            m.readmission > 0,
            m.death > 0,
        ],
        duration: case.duration_min.map(i32::from),
    }
}

fn batch(rows: &[Row]) -> Result<RecordBatch, String> {
    let text = |i: usize| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(
            rows.iter().map(|r| r.text[i].as_str()),
        ))
    };
    let small = |i: usize| -> ArrayRef {
        Arc::new(UInt8Array::from_iter_values(
            rows.iter().map(|r| r.small[i]),
        ))
    };
    let flag = |i: usize| -> ArrayRef {
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| r.flags[i]).collect::<Vec<_>>(),
        ))
    };
    let columns: Vec<ArrayRef> = vec![
        text(0),
        text(1),
        text(2),
        text(3),
        text(4),
        flag(0),
        text(5),
        small(0),
        text(6),
        text(7),
        text(8),
        small(1),
        small(2),
        flag(1),
        flag(2),
        small(3),
        Arc::new(Int32Array::from(
            rows.iter().map(|r| r.duration).collect::<Vec<_>>(),
        )),
        small(4),
        flag(3),
        flag(4),
        small(5),
        flag(5),
        flag(6),
        flag(7),
        flag(8),
        flag(9),
        flag(10),
        flag(11),
    ];
    RecordBatch::try_new(schema(), columns).map_err(|e| e.to_string())
}

struct Partition {
    path: PathBuf,
    writer: ArrowWriter<std::fs::File>,
    rows: Vec<Row>,
}

const ROWS_PER_BATCH: usize = 16_384;
const CASES_PER_READ: i64 = 5_000;

fn write_error(path: &Path, message: impl std::fmt::Display) -> ExtractError {
    ExtractError::Write {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

fn flush(partition: &mut Partition) -> Result<(), ExtractError> {
    if partition.rows.is_empty() {
        return Ok(());
    }
    let batch = batch(&partition.rows).map_err(|e| write_error(&partition.path, e))?;
    partition
        .writer
        .write(&batch)
        .map_err(|e| write_error(&partition.path, e))?;
    partition.rows.clear();
    Ok(())
}

/// Writes cases into an extract folder, partition by partition: what
/// [`export_cases`] does with the approved cases it reads from the store,
/// and what a benchmark does with generated ones.
pub struct ExtractWriter {
    out: PathBuf,
    key: [u8; 32],
    properties: WriterProperties,
    partitions: BTreeMap<(i32, String), Partition>,
    summary: ExtractSummary,
}

impl ExtractWriter {
    /// Creates `out`, which must be absent or empty, and the extract's key.
    pub fn create(out: &Path) -> Result<Self, ExtractError> {
        if out.exists()
            && std::fs::read_dir(out)
                .map_err(|e| write_error(out, e))?
                .next()
                .is_some()
        {
            return Err(ExtractError::NotEmpty(out.display().to_string()));
        }
        std::fs::create_dir_all(out).map_err(|e| write_error(out, e))?;
        // A fresh key for this extract only; it is never stored or shown.
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| ExtractError::Random(e.to_string()))?;
        Ok(Self {
            out: out.to_owned(),
            key,
            properties: WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
            partitions: BTreeMap::new(),
            summary: ExtractSummary::default(),
        })
    }

    /// Adds a case of the society with this acronym.
    pub fn push(&mut self, society: &str, case: &CaseRecord) -> Result<(), ExtractError> {
        let part_key = (case.procedure_date.year(), case.procedure_country.clone());
        if !self.partitions.contains_key(&part_key) {
            let dir = self
                .out
                .join(format!("year={}", part_key.0))
                .join(format!("country={}", part_key.1));
            std::fs::create_dir_all(&dir).map_err(|e| write_error(&dir, e))?;
            let path = dir.join("part-0.parquet");
            let file = std::fs::File::create(&path).map_err(|e| write_error(&path, e))?;
            let writer = ArrowWriter::try_new(file, schema(), Some(self.properties.clone()))
                .map_err(|e| write_error(&path, e))?;
            self.partitions.insert(
                part_key.clone(),
                Partition {
                    path,
                    writer,
                    rows: Vec::new(),
                },
            );
        }
        if let Some(partition) = self.partitions.get_mut(&part_key) {
            partition.rows.push(row(&self.key, society, case));
            if partition.rows.len() >= ROWS_PER_BATCH {
                flush(partition)?;
            }
        }
        *self.summary.partitions.entry(part_key).or_default() += 1;
        self.summary.cases += 1;
        Ok(())
    }

    /// Cases written so far.
    pub fn cases(&self) -> u64 {
        self.summary.cases
    }

    /// Writes what is buffered and closes every file.
    pub fn finish(self) -> Result<ExtractSummary, ExtractError> {
        for (_, mut partition) in self.partitions {
            flush(&mut partition)?;
            let path = partition.path.clone();
            partition
                .writer
                .close()
                .map_err(|e| write_error(&path, e))?;
        }
        Ok(self.summary)
    }
}

/// Writes the extract of every case of an approved period into `out`
/// (created; it must be empty). `progress` gets the cases read so far.
pub async fn export_cases(
    store: &dyn Store,
    out: &Path,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ExtractSummary, ExtractError> {
    let mut writer = ExtractWriter::create(out)?;
    let approvals = store.approvals(None).await?;
    let acronyms: HashMap<SocietyId, String> = store
        .list_societies()
        .await?
        .into_iter()
        .map(|s| (s.id, s.acronym))
        .collect();
    let mut not_approved = 0;
    let mut after = 0;
    loop {
        let cases = store.case_records(after, CASES_PER_READ).await?;
        let Some(last) = cases.last() else { break };
        after = last.0;
        for (_, society, case) in &cases {
            let date = case.procedure_date;
            if approved_period(&approvals, *society, date.year(), date.month()).is_none() {
                not_approved += 1;
                continue;
            }
            let acronym = acronyms.get(society).map_or("", String::as_str);
            writer.push(acronym, case)?;
        }
        progress(writer.cases() + not_approved);
    }
    let mut summary = writer.finish()?;
    summary.not_approved = not_approved;
    Ok(summary)
}
