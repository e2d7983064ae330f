//! `kallos report` and `kallos statistics …`: the annual report to a file,
//! approvals and publications from the command line. Glue only: the report
//! is `kallos-statistics`', its HTML `kallos-web`'s.

use anyhow::{Context, Result, bail};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use kallos_domain::statistics::Period;
use kallos_statistics::report::Scope;
use kallos_statistics::service;
use kallos_store::{Change, Outcome, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    Html,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The year of the report.
    #[arg(long)]
    year: i32,
    /// A society's own report (acronym): all its data, unsuppressed. Without
    /// it, the public report: approved data only, under disclosure control.
    #[arg(long)]
    society: Option<String>,
    /// The public report of one country of procedure (ISO code).
    #[arg(long, conflicts_with = "society")]
    country: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, clap::Subcommand)]
pub enum StatisticsCommand {
    /// Approve a society's data for a year (2025) or a quarter (2025-Q2).
    Approve {
        /// An acronym, or `all` for every society.
        #[arg(long)]
        society: String,
        #[arg(long)]
        period: String,
    },
    /// Withdraw an approval (audited), unlocking the period's cases.
    Withdraw {
        #[arg(long)]
        society: String,
        #[arg(long)]
        period: String,
    },
    /// Freeze a year's public report as its next published version.
    Publish {
        #[arg(long)]
        year: i32,
    },
}

pub async fn report(args: ReportArgs, store: &dyn Store) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let key = || async {
        service::cell_key(store, &AuditContext::system("report", SystemClock.now())).await
    };
    let report = match (&args.society, &args.country) {
        (Some(society), _) => service::society_report(store, args.year, society).await,
        (None, Some(country)) => {
            service::public_report(
                store,
                &key().await?,
                args.year,
                Scope::Country(country.to_ascii_uppercase()),
            )
            .await
        }
        (None, None) => {
            service::public_report(store, &key().await?, args.year, Scope::Global).await
        }
    }
    .with_context(|| format!("computing the {} report", args.year))?;
    let bytes = match args.format {
        Format::Json => serde_json::to_vec_pretty(&report)?,
        Format::Csv => kallos_statistics::export::report_csv(&report).into_bytes(),
        Format::Xlsx => kallos_statistics::export::report_xlsx(&report)
            .map_err(|e| anyhow::anyhow!("writing the workbook: {e}"))?,
        Format::Html => kallos_web::report_html(&report).into_bytes(),
    };
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{} report for {} ({} procedures{}) written to {} in {} ms",
        report.scope.key(),
        report.year,
        report
            .total()
            .map_or_else(|| "total suppressed".to_owned(), |t| t.to_string()),
        if report.disclosure.is_some() {
            ", approved data, small counts suppressed, others with cell-key noise"
        } else {
            ", unsuppressed"
        },
        args.out.display(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

async fn society_id(store: &dyn Store, acronym: &str) -> Result<kallos_domain::SocietyId> {
    store
        .list_societies()
        .await?
        .into_iter()
        .find(|s| s.acronym.eq_ignore_ascii_case(acronym))
        .map(|s| s.id)
        .with_context(|| format!("--society: no society '{acronym}'"))
}

fn period(text: &str) -> Result<Period> {
    match Period::parse(text) {
        Some(p) => Ok(p),
        None => bail!("--period: '{text}' is not a year (2025) or a quarter (2025-Q2)"),
    }
}

pub async fn statistics(what: StatisticsCommand, store: &dyn Store) -> Result<ExitCode> {
    let ctx = AuditContext::system("statistics", SystemClock.now());
    match what {
        StatisticsCommand::Approve { society, period: p } => {
            let period = period(&p)?;
            let ids = if society == "all" {
                store.list_societies().await?.iter().map(|s| s.id).collect()
            } else {
                vec![society_id(store, &society).await?]
            };
            let changes = ids
                .into_iter()
                .map(|society| Change::ApprovePeriod { society, period })
                .collect();
            let outcomes = store.apply(&ctx, changes).await?;
            let fresh = outcomes
                .iter()
                .filter(|o| **o != Outcome::Unchanged)
                .count();
            println!(
                "{society} {p}: {fresh} approval(s) recorded, {} already there; the period's cases are locked",
                outcomes.len() - fresh
            );
        }
        StatisticsCommand::Withdraw { society, period: p } => {
            let change = Change::WithdrawApproval {
                society: society_id(store, &society).await?,
                period: period(&p)?,
            };
            store
                .apply(&ctx, vec![change])
                .await
                .with_context(|| format!("{society} has no approval of {p}"))?;
            println!("{society} {p}: approval withdrawn");
        }
        StatisticsCommand::Publish { year } => {
            let (outcome, report) = service::publish(store, &ctx, year).await?;
            let version = store
                .publications(Some(year))
                .await?
                .last()
                .map_or(0, |p| p.version);
            match outcome {
                Outcome::Unchanged => {
                    println!("{year}: unchanged since version {version}; nothing published")
                }
                _ => println!(
                    "{year}: published version {version} ({} procedures)",
                    report
                        .total()
                        .map_or_else(|| "total suppressed".to_owned(), |t| t.to_string())
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    Parquet,
}

#[derive(Debug, clap::Subcommand)]
pub enum Export {
    /// A de-identified research extract of the cases of approved periods:
    /// Hive-partitioned year=YYYY/country=CC/part-0.parquet, dates to the
    /// month, keys re-pseudonymised for this extract only.
    Cases {
        #[arg(long, value_enum, default_value = "parquet")]
        format: ExtractFormat,
        /// An empty or new folder.
        #[arg(long)]
        out: PathBuf,
    },
}

pub async fn export(what: Export, store: &dyn Store) -> Result<ExitCode> {
    let Export::Cases { format: _, out } = what;
    let total = store.count_cases(None).await?;
    let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(0));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "exporting [{bar:40}] {pos}/{len} cases ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let mut progress = |n: u64| bar.set_position(n);
    let summary = kallos_extract::export_cases(store, &out, &mut progress).await?;
    bar.finish_and_clear();
    println!(
        "{} cases in {} partitions written to {} in {:.1} s ({} cases of periods not approved left out)",
        summary.cases,
        summary.partitions.len(),
        out.display(),
        started.elapsed().as_secs_f64(),
        summary.not_approved
    );
    Ok(ExitCode::SUCCESS)
}
