//! `kallos bench report`: the annual report from the cube beside DuckDB
//! computing the same tables from the same cases exported to Parquet, and
//! the cube's rebuild beside DuckDB's same aggregation, in one run.

use anyhow::{Context, Result, bail};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use kallos_domain::statistics::Period;
use kallos_registry::import::{ImportOptions, import_file};
use kallos_registry::synthetic::{Options, write_cases};
use kallos_statistics::report::Scope;
use kallos_store::Change;
use std::path::{Path, PathBuf};
use std::time::Instant;

const YEAR: i32 = 2025;

/// What DuckDB runs: the report's tables from the Parquet extract, then the
/// cube's aggregation; prints the two times in milliseconds.
const DUCKDB_SCRIPT: &str = r#"
import sys, time, duckdb
path, year = sys.argv[1], int(sys.argv[2])
con = duckdb.connect()
con.sql(f"CREATE VIEW cases AS SELECT * FROM read_parquet('{path}/**/*.parquet', hive_partitioning = true)")
con.sql("CREATE VIEW procs AS SELECT c.*, p AS procedure FROM cases c, unnest(string_split(c.procedures, ',')) AS u(p)")
outcomes = "count(*) AS procedures, sum(complicated::INT), sum(major::INT), sum(reoperation::INT), sum(vte::INT), sum(hematoma::INT), sum(seroma::INT), sum(infection::INT)"
report = [
    f"SELECT procedure, {outcomes} FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT country, count(*), sum(complicated::INT), sum(major::INT) FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT sex, count(*) FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT age_band, count(*) FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT setting, count(*) FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT country, count(*) FROM procs WHERE year = {year} AND tourist GROUP BY ALL",
    f"SELECT residence_country, count(*) FROM procs WHERE year = {year} AND tourist GROUP BY ALL",
    f"SELECT worst_grade, count(*) FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT bmi_band, {outcomes} FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT smoker, {outcomes} FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT procedure_count > 1, {outcomes} FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT setting, {outcomes} FROM procs WHERE year = {year} GROUP BY ALL",
    f"SELECT year, procedure LIKE 'NS-%', count(*) FROM procs WHERE year > {year} - 5 GROUP BY ALL",
]
started = time.perf_counter()
total = 0
for q in report:
    total += len(con.sql(q).fetchall())
report_ms = (time.perf_counter() - started) * 1000
cube = f"""SELECT society, year, procedure_month, country, residence_country, procedure, sex, age_band, setting,
       bmi_band, smoker, procedure_count > 1, {outcomes}, sum(major::INT),
       count(*) FILTER (WHERE worst_grade = 1), count(*) FILTER (WHERE worst_grade = 2),
       count(*) FILTER (WHERE worst_grade = 3), count(*) FILTER (WHERE worst_grade = 4),
       count(*) FILTER (WHERE worst_grade = 5), count(*) FILTER (WHERE worst_grade = 6),
       count(*) FILTER (WHERE worst_grade = 7), sum(readmission::INT), sum(death::INT)
FROM procs GROUP BY ALL"""
started = time.perf_counter()
cells = con.sql(f"SELECT count(*) FROM ({cube})").fetchall()[0][0]
cube_ms = (time.perf_counter() - started) * 1000
print(f"{report_ms:.1f} {cube_ms:.1f} {total} {cells}")
"#;

pub async fn run(
    count: u64,
    python: Option<PathBuf>,
    batch_size: usize,
    work_dir: &Path,
) -> Result<std::process::ExitCode> {
    let clock = SystemClock;
    std::fs::create_dir_all(work_dir)?;
    let store = crate::store::open(&crate::config::StoreConfig {
        data_dir: work_dir.join("store"),
        database_url: None,
    })
    .await?;
    let ctx = || AuditContext::system("bench", SystemClock.now());
    crate::store::ensure_societies(&*store, &ctx()).await?;
    if store.count_cases(None).await? == 0 {
        crate::commands::generate(
            crate::commands::Generate::Members {
                count: 2_000,
                seed: 1,
            },
            &*store,
        )
        .await?;
        let members = crate::registry::case_members(&*store, None).await?;
        let file = work_dir.join("bench-cases.csv");
        let options = Options {
            count,
            // Most cases in the report's year, some in the year before for the trend.
            first_year: YEAR - 1,
            last_year: YEAR,
            seed: 11,
            today: clock.now().date_naive(),
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&file)?);
        write_cases(&members, &options, &mut out, |_| {})?;
        std::io::Write::flush(&mut out)?;
        drop(out);
        let started = Instant::now();
        let import_options = ImportOptions {
            society: None,
            dry_run: false,
            strict: false,
            batch_size,
            today: clock.now().date_naive(),
            member: None,
        };
        let mut progress = |_: u64, _: i64| {};
        import_file(&*store, &ctx, &file, &import_options, &mut progress).await?;
        println!(
            "imported {count} cases over {}–{YEAR} in {:.1} s",
            YEAR - 1,
            started.elapsed().as_secs_f64()
        );
        std::fs::remove_file(&file).ok();
        let approvals = store
            .list_societies()
            .await?
            .iter()
            .flat_map(|s| {
                (YEAR - 4..=YEAR).map(|y| Change::ApprovePeriod {
                    society: s.id,
                    period: Period::year(y),
                })
            })
            .collect();
        store.apply(&ctx(), approvals).await?;
    }
    let cases = store.count_cases(None).await?;
    let cells = store.rollups().await?.len();

    // Kallos: the full public report of the year, from the cube, three times.
    let mut report_ms = Vec::new();
    let mut total = None;
    for _ in 0..3 {
        let started = Instant::now();
        let report =
            kallos_statistics::service::public_report(&*store, YEAR, Scope::Global).await?;
        report_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        total = report.total();
    }
    let started = Instant::now();
    store.rebuild_rollups(&ctx()).await?;
    let rebuild_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "kallos: {cases} cases, {cells} cube cells; report {YEAR} (all tables, approved data, suppression): best {:.1} ms of 3 ({:?} procedures); cube rebuild {:.0} ms",
        report_ms.iter().copied().fold(f64::INFINITY, f64::min),
        total,
        rebuild_ms
    );

    let Some(python) = python else {
        println!("DuckDB: skipped (give --python, a Python with duckdb)");
        return Ok(std::process::ExitCode::SUCCESS);
    };
    let extract = work_dir.join("extract");
    if extract.exists() {
        std::fs::remove_dir_all(&extract)?;
    }
    let started = Instant::now();
    kallos_extract::export_cases(&*store, &extract, &mut |_| {}).await?;
    println!(
        "the same cases exported to Parquet in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    let output = std::process::Command::new(&python)
        .args(["-c", DUCKDB_SCRIPT])
        .arg(&extract)
        .arg(YEAR.to_string())
        .output()
        .with_context(|| format!("running {}", python.display()))?;
    if !output.status.success() {
        bail!("DuckDB: {}", String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut figures = text.split_whitespace();
    let duck_report: f64 = figures.next().unwrap_or("nan").parse().unwrap_or(f64::NAN);
    let duck_cube: f64 = figures.next().unwrap_or("nan").parse().unwrap_or(f64::NAN);
    let best = report_ms.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "DuckDB (same tables from Parquet): report {duck_report:.1} ms; cube aggregation {duck_cube:.0} ms"
    );
    println!(
        "report: kallos {:.1}× faster than DuckDB; rebuild: {:.1}× DuckDB's time",
        duck_report / best,
        rebuild_ms / duck_cube
    );
    Ok(std::process::ExitCode::SUCCESS)
}
