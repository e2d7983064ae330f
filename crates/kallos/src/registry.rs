//! Registry subcommands: import, synthetic cases, dictionary, rollups, devices.

use crate::commands::progress;
use anyhow::{Context, Result, bail};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use kallos_domain::society::SocietyKind;
use kallos_domain::spreadsheet::{Cell, line};
use kallos_registry::import::{ImportOptions, import_file};
use kallos_registry::synthetic::{Member, Options, write_cases};
use kallos_store::Store;
use kallos_store::registry::DeviceQuery;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Import {
    /// Import a CSV or XLSX file of cases (see `kallos registry dictionary`).
    Cases {
        file: PathBuf,
        /// Accept only rows of this society (acronym).
        #[arg(long)]
        society: Option<String>,
        /// Check every row and report; store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Reject the whole file if any row has an error.
        #[arg(long)]
        strict: bool,
        /// End with a one-line JSON summary on standard output.
        #[arg(long)]
        json: bool,
        /// Rows per transaction.
        #[arg(long, default_value_t = 5_000)]
        batch_size: usize,
        /// Write the full validation report (CSV) here.
        #[arg(long)]
        report: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct GenerateCases {
    #[arg(long)]
    count: u64,
    /// A year or a range of years, e.g. 2023-2025.
    #[arg(long, default_value = "2023-2025")]
    years: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only members of this society (acronym).
    #[arg(long)]
    society: Option<String>,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, clap::Subcommand)]
pub enum RegistryCommand {
    /// Print the data dictionary (Markdown).
    Dictionary,
    /// Print the CSV import template, or write the XLSX one (`--xlsx FILE`:
    /// lists of choices and the data dictionary in a second sheet).
    Template {
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum Rollups {
    /// Recompute the statistics cube from the stored cases.
    Rebuild,
}

#[derive(Debug, clap::Subcommand)]
pub enum Devices {
    /// List the cases with a device, by manufacturer/model/lot or UDI.
    Find {
        #[arg(long)]
        manufacturer: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        lot: Option<String>,
        /// A full GS1 UDI, or its device identifier (GTIN).
        #[arg(long)]
        udi: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
}

fn parse_years(text: &str) -> Result<(i32, i32)> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let first: i32 = a
        .trim()
        .parse()
        .with_context(|| format!("--years: '{text}' is not a year or a range such as 2023-2025"))?;
    let last: i32 = b
        .trim()
        .parse()
        .with_context(|| format!("--years: '{text}' is not a year or a range such as 2023-2025"))?;
    if first > last || first < 2000 {
        bail!("--years: '{text}' must run forwards from 2000 or later");
    }
    Ok((first, last))
}

/// The members cases are generated for: each with their national society.
pub async fn case_members(store: &dyn Store, only: Option<&str>) -> Result<Vec<Member>> {
    let societies = store.list_societies().await?;
    let mut members = Vec::new();
    for (society_id, member_id) in store.memberships().await? {
        let Some(society) = societies.iter().find(|s| s.id == society_id) else {
            continue;
        };
        if society.kind == SocietyKind::Alliance || only.is_some_and(|o| o != society.acronym) {
            continue;
        }
        members.push(Member {
            id: member_id.0,
            society: society.acronym.clone(),
            country: society
                .country_iso2
                .clone()
                .unwrap_or_else(|| "AE".to_owned()),
        });
    }
    members.sort_by_key(|m| m.id);
    Ok(members)
}

pub async fn generate_cases(args: GenerateCases, store: &dyn Store) -> Result<ExitCode> {
    let (first_year, last_year) = parse_years(&args.years)?;
    if let Some(only) = &args.society
        && store
            .society_by_slug(&kallos_domain::society::url_slug(only))
            .await?
            .is_none()
    {
        bail!("--society: no society '{only}'");
    }
    let members = case_members(store, args.society.as_deref()).await?;
    if members.is_empty() {
        bail!(
            "there are no members to generate cases for: run `kallos generate members` (or `serve --demo`) first"
        );
    }
    let options = Options {
        count: args.count,
        first_year,
        last_year,
        seed: args.seed,
        today: SystemClock.now().date_naive(),
    };
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let bar = progress(args.count, "cases");
    let started = std::time::Instant::now();
    write_cases(&members, &options, &mut out, |n| bar.set_position(n))
        .with_context(|| format!("writing {}", args.out.display()))?;
    bar.finish_and_clear();
    println!(
        "wrote {} cases for {} members to {} in {:.1} s",
        args.count,
        members.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn import(what: Import, store: &dyn Store) -> Result<ExitCode> {
    let Import::Cases {
        file,
        society,
        dry_run,
        strict,
        json,
        batch_size,
        report,
    } = what;
    let size = std::fs::metadata(&file)
        .with_context(|| format!("reading {}", file.display()))?
        .len();
    let options = ImportOptions {
        society: society.map(|s| s.to_ascii_uppercase()),
        dry_run,
        strict,
        batch_size,
        today: SystemClock.now().date_naive(),
        member: None,
    };
    let bar = progress(size, "importing");
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let audit = || AuditContext::system("import", SystemClock.now());
    let mut advance = |bytes: u64, _rows: i64| bar.set_position(bytes);
    let summary = import_file(store, &audit, &file, &options, &mut advance).await?;
    bar.finish_and_clear();
    if summary.resumed_after > 0 {
        eprintln!(
            "resumed submission {} after row {}",
            summary.submission.unwrap_or_default(),
            summary.resumed_after + 1
        );
    }
    for issue in summary.issues.iter().take(20) {
        eprintln!(
            "row {}, {}: {} (value '{}') [{}]",
            issue.row,
            issue.column,
            issue.reason,
            issue.value,
            issue.severity.as_str()
        );
    }
    if summary.issue_count > 20 {
        eprintln!(
            "… {} issues in all{}",
            summary.issue_count,
            if report.is_none() {
                "; --report FILE writes them all"
            } else {
                ""
            }
        );
    }
    if let Some(path) = report {
        write_report(store, &summary, &path).await?;
    }
    let verb = if dry_run { "checked" } else { summary.status };
    eprintln!(
        "{verb}: {} rows read, {} accepted, {} updated, {} unchanged, {} rejected{}",
        summary.rows_read,
        summary.accepted,
        summary.updated,
        summary.unchanged,
        summary.rejected,
        summary
            .submission
            .map(|id| format!(" (submission {id})"))
            .unwrap_or_default()
    );
    if json {
        println!("{}", serde_json::to_string(&summary)?);
    }
    Ok(if summary.status == "rejected" {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

async fn write_report(
    store: &dyn Store,
    summary: &kallos_registry::import::ImportSummary,
    path: &PathBuf,
) -> Result<()> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    writeln!(out, "row,column,value,reason,severity")?;
    match summary.submission {
        Some(id) => {
            let mut after = 0;
            loop {
                let page = store.submission_issues(id, after, 10_000).await?;
                let Some(last) = page.last() else { break };
                after = last.row;
                for i in &page {
                    out.write_all(
                        line(&[
                            Cell::Integer(i.row),
                            Cell::Text(&i.column),
                            Cell::Text(&i.value),
                            Cell::Text(&i.reason),
                            Cell::Word(&i.severity),
                        ])
                        .as_bytes(),
                    )?;
                }
                if page.len() < 10_000 {
                    break;
                }
            }
        }
        None => {
            for i in &summary.issues {
                out.write_all(
                    line(&[
                        Cell::Integer(i64::try_from(i.row).unwrap_or(i64::MAX)),
                        Cell::Text(&i.column),
                        Cell::Text(&i.value),
                        Cell::Text(&i.reason.english),
                        Cell::Word(i.severity.as_str()),
                    ])
                    .as_bytes(),
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

pub fn registry(what: RegistryCommand) -> Result<ExitCode> {
    match what {
        RegistryCommand::Dictionary => {
            print!("{}", kallos_registry::dataset::dictionary_markdown())
        }
        RegistryCommand::Template { xlsx: None } => {
            print!("{}", kallos_registry::dataset::template_csv())
        }
        RegistryCommand::Template { xlsx: Some(path) } => {
            let workbook = kallos_registry::xlsx::template()
                .map_err(|e| anyhow::anyhow!("the XLSX template: {e}"))?;
            std::fs::write(&path, workbook)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn rollups(what: Rollups, store: &dyn Store) -> Result<ExitCode> {
    let Rollups::Rebuild = what;
    let started = std::time::Instant::now();
    let cells = store
        .rebuild_rollups(&AuditContext::system("rollups-rebuild", SystemClock.now()))
        .await?;
    println!(
        "rebuilt {cells} cells from {} cases in {:.2} s",
        store.count_cases(None).await?,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn devices(what: Devices, store: &dyn Store) -> Result<ExitCode> {
    let Devices::Find {
        manufacturer,
        model,
        lot,
        udi,
        limit,
    } = what;
    let udi_di = match udi {
        Some(text) if text.starts_with('(') || text.len() > 14 => Some(
            kallos_domain::registry::udi::parse(&text)
                .map_err(|e| anyhow::anyhow!("--udi: {e}"))?
                .di,
        ),
        other => other,
    };
    let query = DeviceQuery {
        manufacturer,
        model,
        lot,
        udi_di,
        society: None,
    };
    let started = std::time::Instant::now();
    let hits = store.cases_with_device(&query, limit).await?;
    let elapsed = started.elapsed();
    println!("society,case_id,procedure_date,manufacturer,model,lot,serial,udi_di,side");
    let societies = store.list_societies().await?;
    for h in &hits {
        let acronym = societies
            .iter()
            .find(|s| s.id.0 == h.society_id)
            .map_or("?", |s| s.acronym.as_str());
        println!(
            "{acronym},{},{},{},{},{},{},{},{}",
            h.case_ref,
            h.procedure_date,
            h.manufacturer,
            h.model,
            h.lot.as_deref().unwrap_or(""),
            h.serial.as_deref().unwrap_or(""),
            h.udi_di.as_deref().unwrap_or(""),
            h.side
        );
    }
    eprintln!(
        "{} device(s) found in {:.1} ms{}",
        hits.len(),
        elapsed.as_secs_f64() * 1000.0,
        if hits.len() as i64 == limit {
            " (limit reached; --limit N)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}
