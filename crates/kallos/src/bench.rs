//! `kallos bench import`: the registry's import measured side by side with
//! what a user would otherwise do, PostgreSQL `COPY` of the same file, and
//! with SQLite's own floor, a plain `INSERT` of it.

use anyhow::{Context, Result};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use kallos_registry::import::{ImportOptions, import_file};
use kallos_registry::synthetic::{Options, write_cases};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Subcommand)]
pub enum Bench {
    /// Generate N synthetic cases, import them into a fresh embedded store,
    /// insert the same file into a plain SQLite table, and COPY it into
    /// PostgreSQL.
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        /// PostgreSQL to compare with (`COPY` into a plain table with the same
        /// columns and checks). The plain SQLite insert always runs.
        #[arg(long, env = "KALLOS_BENCH_POSTGRES")]
        postgres: Option<String>,
        /// Rows per transaction.
        #[arg(long, default_value_t = 20_000)]
        batch_size: usize,
        /// Folder for the scratch database and file (default: a temporary folder).
        #[arg(long)]
        work_dir: Option<std::path::PathBuf>,
    },
    /// Serve N synthetic members and load the directory and verification
    /// pages with wrk, beside nginx serving a static file of the same size.
    Directory(crate::bench_directory::DirectoryBench),
    /// The annual report from the rollups beside DuckDB on the same cases in
    /// Parquet, and the rollups' rebuild beside DuckDB's same aggregation.
    /// A work folder that already has the cases is reused.
    Report {
        /// Cases imported (over the report's year and the one before).
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        /// Instead of importing: this many generated cases in the report's
        /// year, summed into the rollups with the import's functions and
        /// loaded into the store, and written to Parquet for DuckDB.
        #[arg(long)]
        generated: Option<u64>,
        /// With `--generated`: cases in each of the four years before (the
        /// trend table).
        #[arg(long, default_value_t = 1_000_000)]
        trend_cases: u64,
        /// A Python with duckdb, for the side-by-side run.
        #[arg(long)]
        python: Option<std::path::PathBuf>,
        #[arg(long, default_value_t = 20_000)]
        batch_size: usize,
        #[arg(long)]
        work_dir: std::path::PathBuf,
    },
}

/// The process's peak resident memory, in MiB (Linux).
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub async fn run(what: Bench) -> Result<ExitCode> {
    let (count, postgres, batch_size, work_dir) = match what {
        Bench::Import {
            count,
            postgres,
            batch_size,
            work_dir,
        } => (count, postgres, batch_size, work_dir),
        Bench::Directory(args) => return crate::bench_directory::run(args).await,
        Bench::Report {
            count,
            generated,
            trend_cases,
            python,
            batch_size,
            work_dir,
        } => {
            return crate::bench_report::run(
                count,
                generated,
                trend_cases,
                python,
                batch_size,
                &work_dir,
            )
            .await;
        }
    };
    let scratch = match &work_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            None
        }
        None => Some(tempfile_dir()?),
    };
    let dir = work_dir
        .clone()
        .or_else(|| scratch.clone())
        .context("a work folder")?;
    let clock = SystemClock;
    let store = crate::store::open(&crate::config::StoreConfig {
        data_dir: dir.join("store"),
        database_url: None,
    })
    .await?;
    crate::store::ensure_societies(&*store, &AuditContext::system("bench", clock.now())).await?;
    crate::commands::generate(
        crate::commands::Generate::Members {
            count: 2_000,
            seed: 1,
        },
        &*store,
    )
    .await?;
    let members = crate::registry::case_members(&*store, None).await?;

    let file = dir.join("bench-cases.csv");
    let started = Instant::now();
    let options = Options {
        count,
        first_year: 2025,
        last_year: 2025,
        seed: 11,
        today: clock.now().date_naive(),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&file)?);
    write_cases(&members, &options, &mut out, |_| {})?;
    std::io::Write::flush(&mut out)?;
    drop(out);
    let generated = started.elapsed();
    let size = std::fs::metadata(&file)?.len();

    let import_options = ImportOptions {
        society: None,
        dry_run: false,
        strict: false,
        batch_size,
        today: clock.now().date_naive(),
        member: None,
    };
    let audit = || AuditContext::system("bench", SystemClock.now());
    let mut progress = |_: u64, _: i64| {};
    let started = Instant::now();
    let summary = import_file(&*store, &audit, &file, &import_options, &mut progress).await?;
    let imported = started.elapsed();
    let peak = peak_memory_mib();
    store.close().await;

    println!(
        "cases: {count} ({:.0} MB CSV), generated in {:.1} s ({:.0} cases/s)",
        size as f64 / 1e6,
        generated.as_secs_f64(),
        count as f64 / generated.as_secs_f64()
    );
    println!(
        "kallos import (SQLite; validation, pseudonyms, rollups, audit): {:.1} s, {:.0} cases/s; accepted {}, rejected {}; peak memory {:.0} MiB",
        imported.as_secs_f64(),
        count as f64 / imported.as_secs_f64(),
        summary.accepted,
        summary.rejected,
        peak.unwrap_or(f64::NAN)
    );
    let (rows, inserted) = kallos_store_sqlite::baseline::insert_csv(
        &dir.join("baseline.db"),
        &file,
        clock.now().date_naive(),
    )?;
    println!(
        "SQLite, one prepared INSERT into a plain table with the same columns and checks: {:.1} s, {:.0} rows/s ({rows} rows)",
        inserted.as_secs_f64(),
        rows as f64 / inserted.as_secs_f64()
    );
    println!(
        "ratio kallos / plain SQLite INSERT: {:.2}× the speed",
        inserted.as_secs_f64() / imported.as_secs_f64()
    );
    if let Some(url) = postgres {
        let (rows, copied) = kallos_store_postgres::baseline::copy_csv(&url, &file).await?;
        println!(
            "PostgreSQL COPY into a plain table with the same columns and checks: {:.1} s, {:.0} rows/s ({rows} rows)",
            copied.as_secs_f64(),
            rows as f64 / copied.as_secs_f64()
        );
        println!(
            "ratio kallos / COPY: {:.2}× the speed",
            copied.as_secs_f64() / imported.as_secs_f64()
        );
    }
    if let Some(scratch) = scratch {
        std::fs::remove_dir_all(scratch).ok();
    }
    Ok(ExitCode::SUCCESS)
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("kallos-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
