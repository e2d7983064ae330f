//! The baseline the registry import is measured against: PostgreSQL `COPY`
//! of the same CSV into a plain table with the same columns and the checks a
//! table can express (types, ranges, required values). No pseudonyms,
//! rollups, versions or audit.

use crate::backend;
use kallos_store::StoreResult;
use sqlx::{Connection, PgConnection};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

const TABLE: &str = "CREATE TEMPORARY TABLE copy_baseline (
    case_id TEXT NOT NULL CHECK (length(case_id) BETWEEN 1 AND 64),
    society TEXT NOT NULL,
    member_id BIGINT CHECK (member_id > 0),
    facility_id BIGINT CHECK (facility_id > 0),
    setting TEXT NOT NULL CHECK (setting IN ('office', 'ambulatory_surgery_centre', 'hospital')),
    procedure_country CHAR(2) NOT NULL,
    residence_country CHAR(2) NOT NULL,
    procedure_date DATE NOT NULL CHECK (procedure_date >= DATE '2000-01-01' AND procedure_date <= CURRENT_DATE),
    procedures TEXT NOT NULL,
    duration_min INTEGER CHECK (duration_min BETWEEN 1 AND 1440),
    anaesthesia TEXT NOT NULL CHECK (anaesthesia IN ('local', 'sedation', 'regional', 'general')),
    patient_key TEXT NOT NULL CHECK (length(patient_key) BETWEEN 6 AND 64),
    age INTEGER NOT NULL CHECK (age BETWEEN 12 AND 100),
    sex TEXT NOT NULL CHECK (sex IN ('F', 'M', 'X')),
    bmi NUMERIC(4, 1) CHECK (bmi BETWEEN 12 AND 80),
    smoker TEXT NOT NULL CHECK (smoker IN ('yes', 'no')),
    diabetes TEXT NOT NULL CHECK (diabetes IN ('yes', 'no')),
    asa INTEGER NOT NULL CHECK (asa BETWEEN 1 AND 5),
    caprini INTEGER CHECK (caprini BETWEEN 0 AND 40),
    device1_manufacturer TEXT, device1_model TEXT, device1_lot TEXT, device1_serial TEXT, device1_udi TEXT, device1_side TEXT,
    device2_manufacturer TEXT, device2_model TEXT, device2_lot TEXT, device2_serial TEXT, device2_udi TEXT, device2_side TEXT,
    followup_30_date DATE CHECK (followup_30_date >= procedure_date),
    followup_90_date DATE CHECK (followup_90_date >= procedure_date),
    complications TEXT,
    reoperation TEXT CHECK (reoperation IN ('yes', 'no')),
    readmission TEXT CHECK (readmission IN ('yes', 'no')),
    death TEXT CHECK (death IN ('yes', 'no'))
)";

/// Copies `path` (a case file with its header) into a fresh temporary table;
/// returns the rows copied and the time `COPY` took.
pub async fn copy_csv(url: &str, path: &Path) -> StoreResult<(u64, Duration)> {
    let mut conn = PgConnection::connect(url).await.map_err(backend)?;
    sqlx::query(TABLE)
        .execute(&mut conn)
        .await
        .map_err(backend)?;
    let mut file = tokio::fs::File::open(path).await.map_err(backend)?;
    let started = Instant::now();
    let mut copy = conn
        .copy_in_raw("COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)")
        .await
        .map_err(backend)?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).await.map_err(backend)?;
        if n == 0 {
            break;
        }
        copy.send(&buffer[..n]).await.map_err(backend)?;
    }
    let rows = copy.finish().await.map_err(backend)?;
    let elapsed = started.elapsed();
    conn.close().await.map_err(backend)?;
    Ok((rows, elapsed))
}
