//! SQLite's own floor for the registry import: the same CSV inserted into a
//! plain table with the same columns and the checks a table can express,
//! through one prepared statement in one transaction, on a database set up
//! as the store's (WAL, `synchronous = NORMAL`). No pseudonyms, rollups,
//! versions, audit or index. Beside PostgreSQL `COPY` of the same file it
//! shows what the embedded engine itself allows.

use kallos_store::{StoreError, StoreResult};
use std::path::Path;
use std::time::{Duration, Instant};

/// The columns of `kallos_store_postgres::baseline`, in SQLite's types; a
/// date is checked by `date()` reading it back unchanged, and against the
/// day given (a check may not read the clock).
const TABLE: &str = "CREATE TABLE insert_baseline (
    case_id TEXT NOT NULL CHECK (length(case_id) BETWEEN 1 AND 64),
    society TEXT NOT NULL,
    member_id INTEGER CHECK (member_id > 0),
    facility_id INTEGER CHECK (facility_id > 0),
    setting TEXT NOT NULL CHECK (setting IN ('office', 'ambulatory_surgery_centre', 'hospital')),
    procedure_country TEXT NOT NULL CHECK (length(procedure_country) = 2),
    residence_country TEXT NOT NULL CHECK (length(residence_country) = 2),
    procedure_date TEXT NOT NULL CHECK (date(procedure_date) IS procedure_date AND procedure_date BETWEEN '2000-01-01' AND '{today}'),
    procedures TEXT NOT NULL,
    duration_min INTEGER CHECK (duration_min BETWEEN 1 AND 1440),
    anaesthesia TEXT NOT NULL CHECK (anaesthesia IN ('local', 'sedation', 'regional', 'general')),
    patient_key TEXT NOT NULL CHECK (length(patient_key) BETWEEN 6 AND 64),
    age INTEGER NOT NULL CHECK (age BETWEEN 12 AND 100),
    sex TEXT NOT NULL CHECK (sex IN ('F', 'M', 'X')),
    bmi REAL CHECK (bmi BETWEEN 12 AND 80),
    smoker TEXT NOT NULL CHECK (smoker IN ('yes', 'no')),
    diabetes TEXT NOT NULL CHECK (diabetes IN ('yes', 'no')),
    asa INTEGER NOT NULL CHECK (asa BETWEEN 1 AND 5),
    caprini INTEGER CHECK (caprini BETWEEN 0 AND 40),
    device1_manufacturer TEXT, device1_model TEXT, device1_lot TEXT, device1_serial TEXT, device1_udi TEXT, device1_side TEXT,
    device2_manufacturer TEXT, device2_model TEXT, device2_lot TEXT, device2_serial TEXT, device2_udi TEXT, device2_side TEXT,
    followup_30_date TEXT CHECK (date(followup_30_date) IS followup_30_date AND followup_30_date >= procedure_date),
    followup_90_date TEXT CHECK (date(followup_90_date) IS followup_90_date AND followup_90_date >= procedure_date),
    complications TEXT,
    reoperation TEXT CHECK (reoperation IN ('yes', 'no')),
    readmission TEXT CHECK (readmission IN ('yes', 'no')),
    death TEXT CHECK (death IN ('yes', 'no'))
) STRICT";

const COLUMNS: usize = 37;

fn failed(what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError::Backend(format!("{what}: {e}"))
}

/// Inserts `csv` (a case file with its header) into a fresh database at
/// `database`; returns the rows inserted and the time from opening the file
/// to the commit. A row the table refuses stops it, naming the row.
pub fn insert_csv(
    database: &Path,
    csv_path: &Path,
    today: chrono::NaiveDate,
) -> StoreResult<(u64, Duration)> {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = database.as_os_str().to_owned();
        file.push(suffix);
        std::fs::remove_file(&file).ok();
    }
    let mut conn = rusqlite::Connection::open(database).map_err(failed("opening"))?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        .map_err(failed("set-up"))?;
    conn.execute_batch(&TABLE.replace("{today}", &today.to_string()))
        .map_err(failed("creating the table"))?;
    let started = Instant::now();
    let file = std::fs::File::open(csv_path).map_err(|e| StoreError::Backend(e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let header = reader
        .byte_headers()
        .map_err(|e| StoreError::Backend(format!("row 1: {e}")))?;
    if header.len() != COLUMNS {
        return Err(StoreError::Backend(format!(
            "row 1: {} columns, the table has {COLUMNS}",
            header.len()
        )));
    }
    let places = vec!["?"; COLUMNS].join(", ");
    let transaction = conn.transaction().map_err(failed("beginning"))?;
    let mut rows = 0u64;
    {
        let mut insert = transaction
            .prepare(&format!("INSERT INTO insert_baseline VALUES ({places})"))
            .map_err(failed("preparing"))?;
        let mut record = csv::ByteRecord::new();
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| StoreError::Backend(format!("row {}: {e}", rows + 2)))?
        {
            for (index, field) in record.iter().enumerate().take(COLUMNS) {
                let value = match std::str::from_utf8(field) {
                    Ok("") => None,
                    Ok(text) => Some(text),
                    Err(_) => {
                        return Err(StoreError::Backend(format!(
                            "row {}, column {}: not UTF-8",
                            rows + 2,
                            index + 1
                        )));
                    }
                };
                insert
                    .raw_bind_parameter(index + 1, value)
                    .map_err(failed("binding"))?;
            }
            insert
                .raw_execute()
                .map_err(|e| StoreError::Backend(format!("row {}: {e}", rows + 2)))?;
            rows += 1;
        }
    }
    transaction.commit().map_err(failed("committing"))?;
    Ok((rows, started.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "case_id,society,member_id,facility_id,setting,procedure_country,residence_country,procedure_date,procedures,duration_min,anaesthesia,patient_key,age,sex,bmi,smoker,diabetes,asa,caprini,device1_manufacturer,device1_model,device1_lot,device1_serial,device1_udi,device1_side,device2_manufacturer,device2_model,device2_lot,device2_serial,device2_udi,device2_side,followup_30_date,followup_90_date,complications,reoperation,readmission,death";
    const ROW: &str = "C-1,SBCP,7,3,hospital,BR,BR,2024-05-02,BR-AUG,95,general,pk-000123,34,F,23.5,no,no,1,,Novabreast,TX-350,NB-1,S-1,,left,,,,,,,2024-06-01,,,no,no,no";

    #[test]
    fn the_same_file_goes_in_and_a_refused_row_is_named() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let csv = dir.path().join("cases.csv");
        let database = dir.path().join("baseline.db");
        std::fs::write(
            &csv,
            format!("{HEADER}\n{ROW}\n{}\n", ROW.replace("C-1", "C-2")),
        )
        .expect("write");
        let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        let (rows, _) = insert_csv(&database, &csv, today).expect("inserted");
        assert_eq!(rows, 2);
        let conn = rusqlite::Connection::open(&database).expect("open");
        let (age, bmi): (i64, f64) = conn
            .query_row(
                "SELECT age, bmi FROM insert_baseline WHERE case_id = 'C-2'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("row");
        assert_eq!((age, bmi), (34, 23.5), "numbers are stored as numbers");

        let early_follow_up = ROW.replace("2024-06-01", "2024-04-01");
        std::fs::write(&csv, format!("{HEADER}\n{ROW}\n{early_follow_up}\n")).expect("write");
        let error = insert_csv(&database, &csv, today)
            .expect_err("refused")
            .to_string();
        assert!(error.contains("row 3"), "{error}");
        let impossible_date = ROW.replace("2024-05-02", "2024-02-30");
        std::fs::write(&csv, format!("{HEADER}\n{impossible_date}\n")).expect("write");
        let error = insert_csv(&database, &csv, today)
            .expect_err("refused")
            .to_string();
        assert!(error.contains("row 2"), "{error}");
        let later = ROW.replace("2024-05-02", "2025-01-02");
        std::fs::write(&csv, format!("{HEADER}\n{later}\n")).expect("write");
        let error = insert_csv(&database, &csv, today)
            .expect_err("after today")
            .to_string();
        assert!(error.contains("row 2"), "{error}");
    }
}
