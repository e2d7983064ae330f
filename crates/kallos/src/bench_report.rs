//! `kallos bench report`: the annual report from the rollups beside DuckDB
//! computing the same tables from the same cases in Parquet, and the
//! rollups' rebuild beside DuckDB's same aggregation, in one run.
//!
//! Two ways to put the cases in place:
//! - imported (`--count N`): synthetic cases go through the import, so the
//!   rebuild is measured on cases really stored;
//! - generated (`--generated N`): N synthetic cases of the report's year
//!   (and `--trend-cases` in each of the four years before) are read with
//!   the import's row checker and summed into cells with the import's own
//!   `account`, the cells are loaded into the store (`load_rollups`, which
//!   writes the margins as every write does), and the same cases are written
//!   to Parquet with the extract's writer. Nothing is imported: this is how
//!   a year of tens of millions of cases fits in a benchmark.

use anyhow::{Context, Result, bail};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use kallos_domain::registry::{Measures, RollupKey};
use kallos_domain::statistics::Period;
use kallos_domain::{SocietyId, society::SocietyKind};
use kallos_extract::ExtractWriter;
use kallos_registry::import::{ImportOptions, import_file};
use kallos_registry::rows::{CaseReader, Context as RowContext};
use kallos_registry::synthetic::{Member, Options, write_cases};
use kallos_statistics::report::Scope;
use kallos_store::registry::account;
use kallos_store::{Change, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const YEAR: i32 = 2025;

/// How many times each side computes the cube (Kallos's rebuild and
/// DuckDB's three aggregations); the best run of each is compared. Both
/// take a few hundred milliseconds, where this machine's noise is tens of
/// per cent from one run to the next.
const CUBE_RUNS: u32 = 5;

/// What DuckDB runs: the report's tables from the Parquet extract (three
/// times: the first run and the best), then, when asked, the cube's
/// aggregation three ways, best of three each: the cells' keys only (what
/// `count(*)` over the `GROUP BY` makes DuckDB compute: it leaves out sums
/// nobody reads), the cells with all their measures, and the rebuild itself
/// (the cube and its margins stored as tables in a DuckDB database file, as
/// Kallos stores them in its own). Prints the times in milliseconds.
const DUCKDB_SCRIPT: &str = r#"
import os, sys, time, duckdb
path, year, cube_runs, database = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
VIEWS = [
    f"CREATE VIEW cases AS SELECT * FROM read_parquet('{path}/**/*.parquet', hive_partitioning = true)",
    "CREATE VIEW procs AS SELECT c.*, p AS procedure FROM cases c, unnest(string_split(c.procedures, ',')) AS u(p)",
]
con = duckdb.connect()
for view in VIEWS:
    con.sql(view)
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
runs = []
for _ in range(3):
    started = time.perf_counter()
    total = 0
    for q in report:
        total += len(con.sql(q).fetchall())
    runs.append((time.perf_counter() - started) * 1000)
# The cube's twelve dimensions and seventeen measures, as Kallos keeps them.
flags = ["complicated", "major", "reoperation", "readmission", "death", "vte", "hematoma", "seroma", "infection"]
measures = ["count(*) AS procedures"] + [f"sum({f}::INT) AS {f}" for f in flags] \
    + [f"count(*) FILTER (WHERE worst_grade = {g}) AS grade_{g}" for g in range(1, 8)]
names = [m.split(" AS ")[1] for m in measures]
cube = f"""SELECT society, year, procedure_month, country, residence_country, procedure, sex, age_band, setting,
       bmi_band, smoker::INT AS smoker, (procedure_count > 1)::INT AS combined, {', '.join(measures)}
FROM procs GROUP BY ALL"""
sums = ", ".join(f"sum({n}) AS {n}" for n in names)
kinds = [("procedure", "procedure"), ("sex", "sex"), ("age", "age_band"), ("setting", "setting"),
         ("residence", "residence_country"), ("bmi", "bmi_band"), ("smoker", "smoker"), ("combined", "combined")]
margins = " UNION ALL ".join(
    f"""SELECT society, year, (right(procedure_month, 2)::INT + 2) // 3 AS quarter, country, '{kind}' AS kind,
       CAST({column} AS VARCHAR) AS value, {sums} FROM cube
       {"WHERE residence_country <> country" if kind == "residence" else ""} GROUP BY ALL"""
    for kind, column in kinds)
def best_of(n, run):
    times, result = [], None
    for _ in range(n):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return (min(times) if times else float("nan")), result
groups_ms, cells = best_of(cube_runs, lambda: con.sql(f"SELECT count(*) FROM ({cube})").fetchall()[0][0])
measured_ms, _ = best_of(cube_runs, lambda: con.sql(
    f"SELECT count(*), {', '.join(f'sum({n})' for n in names)} FROM ({cube})").fetchall())
if cube_runs and os.path.exists(database):
    os.remove(database)
stored = duckdb.connect(database) if cube_runs else None
if stored:
    for view in VIEWS:
        stored.sql(view)
def rebuild():
    stored.sql(f"CREATE OR REPLACE TABLE cube AS {cube}")
    stored.sql(f"CREATE OR REPLACE TABLE margins AS {margins}")
    return stored.sql("SELECT count(*) FROM margins").fetchall()[0][0]
stored_ms, margin_rows = best_of(cube_runs, rebuild)
print(f"{runs[0]:.1f} {min(runs):.1f} {groups_ms:.1f} {measured_ms:.1f} {stored_ms:.1f} {total} {cells} {margin_rows}")
"#;

/// DuckDB's figures, in milliseconds.
struct Duck {
    report_first: f64,
    report_best: f64,
    /// The cube's cells, keys only (the `GROUP BY` counted).
    cube_groups: f64,
    /// The cube's cells with their seventeen measures.
    cube_cells: f64,
    /// The cube and its margins computed and stored in a database file.
    rebuild: f64,
    margin_rows: f64,
}

fn duckdb(python: &Path, extract: &Path, cube_runs: u32) -> Result<Duck> {
    let database = extract.with_extension("duckdb");
    let output = std::process::Command::new(python)
        .args(["-c", DUCKDB_SCRIPT])
        .arg(extract)
        .arg(YEAR.to_string())
        .arg(cube_runs.to_string())
        .arg(&database)
        .output()
        .with_context(|| format!("running {}", python.display()))?;
    if !output.status.success() {
        bail!("DuckDB: {}", String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let figures: Vec<f64> = text
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(f64::NAN))
        .collect();
    let figure = |i: usize| figures.get(i).copied().unwrap_or(f64::NAN);
    Ok(Duck {
        report_first: figure(0),
        report_best: figure(1),
        cube_groups: figure(2),
        cube_cells: figure(3),
        rebuild: figure(4),
        margin_rows: figure(7),
    })
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn best(times: &[f64]) -> f64 {
    times.iter().copied().fold(f64::INFINITY, f64::min)
}

fn ctx() -> AuditContext {
    AuditContext::system("bench", SystemClock.now())
}

async fn open(dir: &Path) -> Result<Arc<dyn Store>> {
    crate::store::open(&crate::config::StoreConfig {
        data_dir: dir.to_owned(),
        database_url: None,
    })
    .await
}

/// Societies, 2,000 synthetic members, and every society's last five years
/// approved (so that the public report counts every case).
async fn prepare(store: &dyn Store) -> Result<()> {
    crate::store::ensure_societies(store, &ctx()).await?;
    crate::commands::generate(
        crate::commands::Generate::Members {
            count: 2_000,
            seed: 1,
        },
        store,
    )
    .await?;
    Ok(())
}

async fn approve_all(store: &dyn Store) -> Result<()> {
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
    Ok(())
}

/// The public report of the year (every table, approved data, disclosure
/// control): the first run on a freshly opened store, then the best of five.
async fn time_report(dir: &Path) -> Result<(f64, f64, Option<i64>, usize)> {
    let store = open(dir).await?;
    let started = Instant::now();
    let key = kallos_statistics::service::cell_key(&*store, &ctx()).await?;
    let report =
        kallos_statistics::service::public_report(&*store, &key, YEAR, Scope::Global).await?;
    let cold = ms(started);
    let mut warm = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        kallos_statistics::service::public_report(&*store, &key, YEAR, Scope::Global).await?;
        warm.push(ms(started));
    }
    let rows = store.margins_in_years(YEAR - 4, YEAR, None).await?.len();
    store.close().await;
    Ok((cold, best(&warm), report.total(), rows))
}

pub async fn run(
    count: u64,
    generated: Option<u64>,
    trend_cases: u64,
    python: Option<PathBuf>,
    batch_size: usize,
    work_dir: &Path,
) -> Result<std::process::ExitCode> {
    std::fs::create_dir_all(work_dir)?;
    match generated {
        Some(n) => run_generated(n, trend_cases, python, work_dir).await,
        None => run_imported(count, python, batch_size, work_dir).await,
    }
}

async fn run_imported(
    count: u64,
    python: Option<PathBuf>,
    batch_size: usize,
    work_dir: &Path,
) -> Result<std::process::ExitCode> {
    let clock = SystemClock;
    let dir = work_dir.join("store");
    let store = open(&dir).await?;
    if store.count_cases(None).await? == 0 {
        prepare(&*store).await?;
        let members = crate::registry::case_members(&*store, None).await?;
        let file = work_dir.join("bench-cases.csv");
        let options = Options {
            count,
            // Cases dated uniformly over the report's year and the one before.
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
        approve_all(&*store).await?;
    }
    let cases = store.count_cases(None).await?;
    let mut rebuild = Vec::new();
    let mut cells = 0;
    for _ in 0..CUBE_RUNS {
        let started = Instant::now();
        cells = store.rebuild_rollups(&ctx()).await?;
        rebuild.push(ms(started));
    }
    let extract = work_dir.join("extract");
    if extract.exists() {
        std::fs::remove_dir_all(&extract)?;
    }
    let started = Instant::now();
    kallos_extract::export_cases(&*store, &extract, &mut |_| {}).await?;
    let export_s = started.elapsed().as_secs_f64();
    store.close().await;
    let (cold, warm, total, rows) = time_report(&dir).await?;
    println!(
        "kallos: {cases} cases, {cells} cube cells, {rows} margin rows over {}–{YEAR}",
        YEAR - 4
    );
    println!(
        "kallos: report {YEAR} (all tables, approved data, suppression; {total:?} procedures): first {cold:.1} ms on a fresh store, best of 5 {warm:.1} ms"
    );
    println!(
        "kallos: rebuild of the cube and margins: best of {CUBE_RUNS} {:.0} ms (runs {:?})",
        best(&rebuild),
        rebuild.iter().map(|t| t.round()).collect::<Vec<_>>()
    );
    let Some(python) = python else {
        println!("DuckDB: skipped (give --python, a Python with duckdb)");
        return Ok(std::process::ExitCode::SUCCESS);
    };
    println!("the same cases exported to Parquet in {export_s:.1} s");
    let duck = duckdb(&python, &extract, CUBE_RUNS)?;
    println!(
        "DuckDB (same tables from Parquet): report first {:.1} ms, best of 3 {:.1} ms",
        duck.report_first, duck.report_best
    );
    println!(
        "DuckDB, the cube's aggregation, best of {CUBE_RUNS}: keys only {:.0} ms; with the 17 measures {:.0} ms; cube and margins ({} rows) stored in a database file {:.0} ms",
        duck.cube_groups, duck.cube_cells, duck.margin_rows, duck.rebuild
    );
    let kallos = best(&rebuild);
    println!(
        "report: kallos {:.1}× faster than DuckDB (best vs best); rebuild: {:.1}× DuckDB's stored rebuild, {:.1}× its aggregation with the measures, {:.1}× keys only",
        duck.report_best / warm,
        kallos / duck.rebuild,
        kallos / duck.cube_cells,
        kallos / duck.cube_groups
    );
    Ok(std::process::ExitCode::SUCCESS)
}

/// The row checker's context: every society and membership of the store.
async fn row_context(store: &dyn Store) -> Result<(RowContext, HashMap<String, SocietyId>)> {
    let societies: HashMap<String, SocietyId> = store
        .list_societies()
        .await?
        .into_iter()
        .filter(|s| s.kind != SocietyKind::Alliance)
        .map(|s| (s.acronym, s.id))
        .collect();
    let by_id: HashMap<SocietyId, &String> = societies.iter().map(|(a, id)| (*id, a)).collect();
    let memberships = store
        .memberships()
        .await?
        .into_iter()
        .filter_map(|(s, m)| by_id.get(&s).map(|a| ((*a).clone(), m.0)))
        .collect();
    let context = RowContext {
        societies: societies
            .keys()
            .map(|a| (a.to_ascii_uppercase(), a.clone()))
            .collect(),
        memberships,
        today: Some(SystemClock.now().date_naive()),
        ..RowContext::default()
    };
    Ok((context, societies))
}

/// Generates `count` cases of `year` on a writing thread, reads them back
/// with the import's row checker, and hands each valid case to `each`.
fn generated_cases(
    members: Arc<Vec<Member>>,
    year: i32,
    count: u64,
    context: RowContext,
    mut each: impl FnMut(&kallos_domain::registry::CaseRecord) -> Result<()>,
) -> Result<u64> {
    let today = SystemClock.now().date_naive();
    let (reader, writer) = std::io::pipe()?;
    let options = Options {
        count,
        first_year: year,
        last_year: year,
        seed: 11 + u64::try_from(year).unwrap_or(0),
        today,
    };
    let generator = std::thread::spawn(move || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, writer);
        write_cases(&members, &options, &mut out, |_| {})
    });
    let mut rows = CaseReader::new(
        std::io::BufReader::with_capacity(1 << 20, reader),
        context,
        today,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut valid = 0;
    while let Some(row) = rows.next_row() {
        let row = row.map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Ok(case) = &row.case {
            each(case)?;
            valid += 1;
        }
    }
    generator
        .join()
        .map_err(|_| anyhow::anyhow!("the generating thread panicked"))??;
    Ok(valid)
}

async fn run_generated(
    count: u64,
    trend_cases: u64,
    python: Option<PathBuf>,
    work_dir: &Path,
) -> Result<std::process::ExitCode> {
    let dir = work_dir.join(format!("generated-{count}"));
    let extract = dir.join("extract");
    let done = dir.join("loaded");
    if !done.exists() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let store = open(&dir.join("store")).await?;
        prepare(&*store).await?;
        let members = Arc::new(crate::registry::case_members(&*store, None).await?);
        let (context, societies) = row_context(&*store).await?;
        let mut writer = ExtractWriter::create(&extract)?;
        let mut cells: HashMap<RollupKey, Measures> = HashMap::new();
        let started = Instant::now();
        for year in YEAR - 4..=YEAR {
            let n = if year == YEAR { count } else { trend_cases };
            let valid = generated_cases(members.clone(), year, n, context.clone(), |case| {
                let society = societies
                    .get(&case.society)
                    .copied()
                    .with_context(|| format!("society {}", case.society))?;
                account(&mut cells, society, case, 1);
                writer.push(&case.society, case)?;
                Ok(())
            })?;
            println!(
                "{year}: {valid} of {n} generated cases valid, summed and written to Parquet ({:.0} s so far)",
                started.elapsed().as_secs_f64()
            );
        }
        writer.finish()?;
        let started = Instant::now();
        let loaded = store.load_rollups(&ctx(), &cells).await?;
        println!(
            "{loaded} cube cells and their margins loaded in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        drop(cells);
        approve_all(&*store).await?;
        store.close().await;
        std::fs::write(&done, format!("{count} {trend_cases}\n"))?;
    }
    let (cold, warm, total, rows) = time_report(&dir.join("store")).await?;
    println!(
        "kallos: {count} generated cases in {YEAR} and {trend_cases} in each of the four years before; {rows} margin rows"
    );
    println!(
        "kallos: report {YEAR} (all tables, approved data, suppression; {total:?} procedures): first {cold:.1} ms on a fresh store, best of 5 {warm:.1} ms"
    );
    let Some(python) = python else {
        println!("DuckDB: skipped (give --python, a Python with duckdb)");
        return Ok(std::process::ExitCode::SUCCESS);
    };
    let duck = duckdb(&python, &extract, 0)?;
    println!(
        "DuckDB (same tables from the same cases in Parquet): report first {:.1} ms, best of 3 {:.1} ms",
        duck.report_first, duck.report_best
    );
    println!(
        "report: kallos {:.1}× faster than DuckDB (best vs best), {:.1}× (first vs first)",
        duck.report_best / warm,
        duck.report_first / cold
    );
    Ok(std::process::ExitCode::SUCCESS)
}
