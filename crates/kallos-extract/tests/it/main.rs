//! A research extract of a real SQLite store, read back by this crate's
//! Parquet reader and by an independent one (DuckDB from Python).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use arrow_array::{Array, StringArray};
use chrono::NaiveDate;
use kallos_domain::statistics::Period;
use kallos_store::conformance::{case, ctx, seed_societies};
use kallos_store::registry::{CaseToStore, ImportBatch, NewSubmission};
use kallos_store::{Change, Store};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

async fn store_with_cases(dir: &Path) -> std::sync::Arc<dyn Store> {
    let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(
        kallos_store_sqlite::SqliteStore::open(&dir.join("kallos.db"))
            .await
            .unwrap(),
    );
    let societies = seed_societies(&*store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let submission = store
        .start_submission(
            &ctx(2),
            &NewSubmission {
                file_name: "x.csv".into(),
                file_sha256: "x".into(),
                source: "csv".into(),
                society: None,
            },
        )
        .await
        .unwrap();
    let mut cases = Vec::new();
    for i in 0..300 {
        let mut c = case(&format!("E-{i}"), "SBCP", &["BE-LIPO"]);
        c.procedure_date = NaiveDate::from_ymd_opt(2024 + i % 2, 1 + (i % 12) as u32, 9).unwrap();
        c.procedure_country = ["BR", "US", "CO"][(i % 3) as usize].to_owned();
        c.patient_key = format!("p_{i:032}");
        cases.push(CaseToStore::new(sbcp, c));
    }
    for i in 0..40 {
        let c = case(&format!("T-{i}"), "TAS", &["FH-RHINO"]);
        cases.push(CaseToStore::new(tas, c));
    }
    store
        .import_batch(
            &ctx(2),
            submission.id,
            &ImportBatch {
                rows_read: cases.len() as i64,
                cases,
                issues: vec![],
                rejected: 0,
                approvals_seen: None,
            },
        )
        .await
        .unwrap();
    // SBCP approves both years; TAS approves nothing.
    store
        .apply(
            &ctx(3),
            vec![
                Change::ApprovePeriod {
                    society: sbcp,
                    period: Period::year(2024),
                },
                Change::ApprovePeriod {
                    society: sbcp,
                    period: Period::year(2025),
                },
            ],
        )
        .await
        .unwrap();
    store
}

fn column(path: &Path, name: &str) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let array = batch.column_by_name(name).unwrap();
        let strings = array.as_any().downcast_ref::<StringArray>().unwrap();
        out.extend((0..strings.len()).map(|i| strings.value(i).to_owned()));
    }
    out
}

#[tokio::test]
async fn the_extract_is_partitioned_coarsened_rekeyed_and_readable_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_cases(dir.path()).await;
    let out = dir.path().join("extract");
    let mut seen = 0;
    let summary = kallos_extract::export_cases(&*store, &out, &mut |n| seen = n)
        .await
        .unwrap();
    assert_eq!((summary.cases, summary.not_approved, seen), (300, 40, 340));
    assert_eq!(summary.partitions.len(), 6);
    assert_eq!(summary.partitions[&(2025, "BR".to_owned())], 50);
    let part = out.join("year=2025/country=BR/part-0.parquet");
    assert!(part.exists());

    // Months only; keys that are neither the stored pseudonyms nor stable.
    let months = column(&part, "procedure_month");
    assert_eq!(months.len(), 50);
    assert!(
        months
            .iter()
            .all(|m| m.len() == 7 && m.starts_with("2025-"))
    );
    let keys = column(&part, "patient_key");
    assert!(keys.iter().all(|k| k.len() == 24 && !k.starts_with("p_")));
    let second = dir.path().join("again");
    kallos_extract::export_cases(&*store, &second, &mut |_| {})
        .await
        .unwrap();
    let again = column(
        &second.join("year=2025/country=BR/part-0.parquet"),
        "patient_key",
    );
    assert!(
        keys.iter().all(|k| !again.contains(k)),
        "a fresh key per extract"
    );
    assert!(matches!(
        kallos_extract::export_cases(&*store, &out, &mut |_| {}).await,
        Err(kallos_extract::ExtractError::NotEmpty(_))
    ));

    // An independent reader: DuckDB, from Python.
    let python = std::env::var("KALLOS_EXTRACT_PYTHON").ok();
    let Some(python) = python else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set KALLOS_EXTRACT_PYTHON to a Python with duckdb"
        );
        eprintln!(
            "skipped the DuckDB read-back: set KALLOS_EXTRACT_PYTHON to a Python with duckdb"
        );
        return;
    };
    let script = format!(
        "import duckdb\n\
         rows = duckdb.sql(\"SELECT year, country, count(*), count(DISTINCT case_key), min(procedure_month) \
         FROM read_parquet('{}/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY ALL\").fetchall()\n\
         for r in rows: print(*r)\n",
        out.display()
    );
    let output = std::process::Command::new(python)
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "2024 BR 50 50 2024-01",
            "2024 CO 50 50 2024-03",
            "2024 US 50 50 2024-05",
            "2025 BR 50 50 2025-04",
            "2025 CO 50 50 2025-06",
            "2025 US 50 50 2025-02",
        ],
        "{text}"
    );
}
