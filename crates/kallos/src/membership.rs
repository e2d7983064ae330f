//! Membership subcommands: criteria files in and out, and the membership job.

use crate::commands::progress;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, FixedClock, SystemClock};
use kallos_domain::society::{Society, url_slug};
use kallos_membership::{ImportError, Mailer, Step, jobs};
use kallos_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Subcommand)]
pub enum Criteria {
    /// Print a society's membership criteria as TOML (or JSON), or write them to a file.
    Export {
        /// The society's acronym, e.g. TAS.
        #[arg(long)]
        society: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Make a TOML or JSON file a society's criteria. Nothing changes when any field is wrong.
    Import {
        #[arg(long)]
        society: String,
        file: PathBuf,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum Memberships {
    /// Recompute every membership's status, queue reminders of what expires
    /// soon, and deliver the outbox: once (the server runs this every hour).
    RunJobs {
        /// Run as of this day (YYYY-MM-DD) instead of today, e.g. to catch up.
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
}

/// Where reminders go: SMTP when a URL is configured, else `.eml` files in the data folder.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp_url: Option<String>,
    pub from: String,
    pub data_dir: PathBuf,
}

impl MailSettings {
    pub fn mailer(&self) -> Result<Mailer> {
        Mailer::new(
            self.smtp_url.as_deref(),
            self.data_dir.join("outbox"),
            &self.from,
        )
        .map_err(|e| anyhow::anyhow!(e))
    }
}

async fn society(store: &dyn Store, acronym: &str) -> Result<Society> {
    store
        .society_by_slug(&url_slug(acronym.trim()))
        .await?
        .with_context(|| format!("no society with the acronym '{acronym}' (see /societies)"))
}

pub async fn criteria(what: Criteria, store: &dyn Store) -> Result<ExitCode> {
    crate::store::ensure_societies(store, &AuditContext::system("criteria", SystemClock.now()))
        .await?;
    match what {
        Criteria::Export {
            society: s,
            json,
            out,
        } => {
            let society = society(store, &s).await?;
            let Some(criteria) = store.society_criteria(society.id).await? else {
                bail!(
                    "{} has no membership criteria yet; import a file with `kallos criteria import --society {} FILE`",
                    society.acronym,
                    society.acronym
                );
            };
            let text = if json {
                criteria.to_json()
            } else {
                criteria.to_toml()
            }
            .map_err(|e| anyhow::anyhow!(e))?;
            match out {
                Some(path) => {
                    std::fs::write(&path, &text)
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!(
                        "wrote the criteria of {} to {}",
                        society.acronym,
                        path.display()
                    );
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Criteria::Import { society: s, file } => {
            let society = society(store, &s).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let ctx = AuditContext::system("criteria", SystemClock.now());
            match kallos_membership::import_criteria(store, &ctx, society.id, &text).await {
                Ok((criteria, changed)) => {
                    let count: usize = criteria.types.iter().map(|t| t.criteria.len()).sum();
                    println!(
                        "{}: {} membership types, {count} criteria {}",
                        society.acronym,
                        criteria.types.len(),
                        if changed { "imported" } else { "(unchanged)" }
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(ImportError::Invalid(errors)) => {
                    for e in &errors.0 {
                        eprintln!("{}: {}: {}", file.display(), e.field, e.message);
                    }
                    eprintln!("nothing was imported");
                    Ok(ExitCode::from(2))
                }
                Err(ImportError::Store(e)) => Err(e.into()),
            }
        }
    }
}

/// Runs the job once, with a progress bar per step.
pub async fn run_jobs(
    store: &dyn Store,
    clock: &dyn Clock,
    mailer: &Mailer,
) -> Result<jobs::JobReport> {
    let mut bars: Vec<(Step, indicatif::ProgressBar)> = Vec::new();
    let mut on_progress = |step: Step, done: u64, total: u64| {
        if !bars.iter().any(|(s, _)| *s == step) {
            let what = match step {
                Step::Statuses => "statuses",
                Step::Reminders => "reminders",
                Step::Delivery => "delivery",
            };
            bars.push((step, progress(total, what)));
        }
        if let Some((_, bar)) = bars.iter().find(|(s, _)| *s == step) {
            bar.set_position(done);
            if done >= total {
                bar.finish_and_clear();
            }
        }
    };
    Ok(jobs::run_once(store, clock, mailer, &mut on_progress).await?)
}

pub async fn memberships(
    what: Memberships,
    store: &dyn Store,
    mail: &MailSettings,
) -> Result<ExitCode> {
    let Memberships::RunJobs { as_of } = what;
    let mailer = mail.mailer()?;
    let clock: Box<dyn Clock> = match as_of {
        Some(day) => Box::new(FixedClock::new(
            day.and_hms_opt(12, 0, 0).context("a valid day")?.and_utc(),
        )),
        None => Box::new(SystemClock),
    };
    let report = run_jobs(store, &*clock, &mailer).await?;
    println!(
        "{} memberships checked; {} status changes; {} reminders queued; {} messages sent ({}); {} failed",
        report.memberships_checked,
        report.transitions.len(),
        report.reminders_queued,
        report.sent,
        match &mailer {
            Mailer::Files { dir, .. } => format!("to {}", dir.display()),
            Mailer::Smtp { host, port, .. } => format!("through {host}:{port}"),
        },
        report.failed,
    );
    for t in &report.transitions {
        println!(
            "  member {} in society {}: {} -> {} ({})",
            t.member,
            t.society,
            t.from.as_str(),
            t.to.as_str(),
            t.reason
        );
    }
    Ok(if report.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// How often `kallos serve` runs the membership job.
pub const JOB_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// The background job of `kallos serve`: a first run shortly after start,
/// then every [`JOB_INTERVAL`].
pub fn spawn_job(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    mailer: Mailer,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        loop {
            match jobs::run_once(&*store, &*clock, &mailer, &mut |_, _, _| {}).await {
                Ok(report) => tracing::info!(
                    checked = report.memberships_checked,
                    transitions = report.transitions.len(),
                    reminders = report.reminders_queued,
                    sent = report.sent,
                    failed = report.failed,
                    "membership job"
                ),
                Err(error) => tracing::error!(%error, "membership job"),
            }
            tokio::time::sleep(JOB_INTERVAL).await;
        }
    })
}

/// The folder uploaded evidence files are kept in.
pub fn evidence_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("evidence")
}
