//! `kallos`: the one binary. Subcommands share `--data-dir` and
//! `--database-url`, so the command line works on the same store as the server.

mod bench;
mod bench_directory;
mod bench_report;
mod commands;
mod config;
mod credential;
mod demo;
mod directory;
mod membership;
mod registry;
mod serve;
mod statistics;
mod store;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kallos",
    version,
    about = "Registry, membership and patient safety for aesthetic surgery societies"
)]
pub struct Cli {
    /// Configuration file (default: ./kallos.toml when present).
    #[arg(long, global = true, env = "KALLOS_CONFIG")]
    config: Option<PathBuf>,
    /// Folder of the embedded database (default: ./kallos-data).
    #[arg(long, global = true, env = "KALLOS_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…) to use instead of the embedded database.
    #[arg(
        long,
        global = true,
        env = "KALLOS_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Log format: text or json.
    #[arg(long, global = true, env = "KALLOS_LOG_FORMAT")]
    log_format: Option<String>,
    /// SMTP relay for reminders (smtp://host:port); without it they are
    /// written as .eml files to the data folder's outbox/.
    #[arg(long, global = true, env = "KALLOS_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender address of reminders.
    #[arg(long, global = true, env = "KALLOS_MAIL_FROM")]
    mail_from: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server.
    Serve(serve::ServeArgs),
    /// Apply database migrations and seed the alliance's societies, then exit.
    Migrate,
    /// Import registry data.
    #[command(subcommand)]
    Import(registry::Import),
    /// The registry's data dictionary and import template.
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
    /// The statistics cube kept from the registry.
    #[command(subcommand)]
    Rollups(registry::Rollups),
    /// The annual statistics report for a year, to a file.
    Report(statistics::ReportArgs),
    /// De-identified research extracts.
    #[command(subcommand)]
    Export(statistics::Export),
    /// Approvals and publications of statistics.
    #[command(subcommand)]
    Statistics(statistics::StatisticsCommand),
    /// Find the cases that carry a device (for recalls).
    #[command(subcommand)]
    Devices(registry::Devices),
    /// Measure performance side by side with the alternatives.
    #[command(subcommand)]
    Bench(bench::Bench),
    /// Make synthetic data for demos and load tests.
    #[command(subcommand)]
    Generate(commands::Generate),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(commands::Audit),
    /// Manage user accounts.
    #[command(subcommand)]
    User(commands::User),
    /// Manage API tokens for machine clients.
    #[command(subcommand)]
    Token(commands::Token),
    /// Societies' membership criteria as files (TOML or JSON).
    #[command(subcommand)]
    Criteria(membership::Criteria),
    /// Membership statuses, reminders and the outbox.
    #[command(subcommand)]
    Memberships(membership::Memberships),
    /// Signed membership credentials.
    #[command(subcommand)]
    Credential(credential::CredentialCommand),
}

fn init_logging(format: Option<&str>) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KALLOS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == Some("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> std::process::ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    let file = match config::FileConfig::load(cli.config.as_deref()) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("error: {error:#}");
            return std::process::ExitCode::from(2);
        }
    };
    init_logging(cli.log_format.as_deref().or(file.log_format.as_deref()));
    config::warn_unknown_variables();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: starting the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, file, started)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(
    cli: Cli,
    file: config::FileConfig,
    started: std::time::Instant,
) -> Result<std::process::ExitCode> {
    let store_config = config::StoreConfig {
        data_dir: cli
            .data_dir
            .clone()
            .or(file.data_dir.clone())
            .unwrap_or_else(|| PathBuf::from(config::DEFAULT_DATA_DIR)),
        database_url: cli.database_url.clone().or(file.database_url.clone()),
    };
    tracing::debug!(?store_config, "store");
    let mail = membership::MailSettings {
        smtp_url: cli.smtp_url.clone().or(file.smtp_url.clone()),
        from: cli
            .mail_from
            .clone()
            .or(file.mail_from.clone())
            .unwrap_or_else(|| config::DEFAULT_MAIL_FROM.to_owned()),
        data_dir: store_config.data_dir.clone(),
    };
    if let Command::Bench(what) = cli.command {
        return bench::run(what).await;
    }
    if let Command::Credential(what) = cli.command {
        if !what.needs_store() {
            return credential::run(what, None).await;
        }
        let store = store::open(&store_config).await?;
        let result = credential::run(what, Some(&*store)).await;
        store.close().await;
        return result;
    }
    let store = store::open(&store_config).await?;
    let result = match cli.command {
        Command::Serve(args) => {
            serve::run(
                args,
                &file,
                std::sync::Arc::clone(&store),
                &store_config.data_dir,
                &mail,
                started,
            )
            .await
        }
        Command::Migrate => commands::migrate(&*store).await,
        Command::Generate(what) => commands::generate(what, &*store).await,
        Command::Import(what) => registry::import(what, &*store).await,
        Command::Registry(what) => registry::registry(what),
        // Benchmarks run on scratch stores of their own (above).
        Command::Bench(_) | Command::Credential(_) => Ok(std::process::ExitCode::SUCCESS),
        Command::Rollups(what) => registry::rollups(what, &*store).await,
        Command::Devices(what) => registry::devices(what, &*store).await,
        Command::Report(args) => statistics::report(args, &*store).await,
        Command::Export(what) => statistics::export(what, &*store).await,
        Command::Statistics(what) => statistics::statistics(what, &*store).await,
        Command::Audit(what) => commands::audit(what, &*store).await,
        Command::User(what) => commands::user(what, &*store).await,
        Command::Token(what) => commands::token(what, &*store).await,
        Command::Criteria(what) => membership::criteria(what, &*store).await,
        Command::Memberships(what) => membership::memberships(what, &*store, &mail).await,
    };
    // Also on failure, so that SQLite folds its log back into the file.
    store.close().await;
    result
}
