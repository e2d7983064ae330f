//! `kallos serve`: open the store, seed what is missing, serve until SIGTERM.

use crate::config::{FileConfig, resolve_addr};
use crate::demo;
use anyhow::{Context, Result};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use kallos_store::Store;
use kallos_web::{AppState, WebConfig};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "KALLOS_ADDR")]
    addr: Option<String>,
    /// Fill an empty database with demo data (a second start reuses it).
    #[arg(long)]
    demo: bool,
    /// The address users reach Kallos at; an https:// URL makes cookies Secure.
    #[arg(long, env = "KALLOS_PUBLIC_URL")]
    public_url: Option<String>,
    /// How long a sign-in lasts.
    #[arg(long, env = "KALLOS_SESSION_HOURS")]
    session_hours: Option<i64>,
}

/// `started` is when the process began, so the reported start-up time
/// includes opening and migrating the store.
pub async fn run(
    args: ServeArgs,
    file: &FileConfig,
    store: Arc<dyn Store>,
    data_dir: &std::path::Path,
    mail: &crate::membership::MailSettings,
    started: Instant,
) -> Result<ExitCode> {
    let mailer = mail.mailer()?;
    let addr = resolve_addr(args.addr.as_deref(), file)?;
    let public_url = args
        .public_url
        .or(file.public_url.clone())
        .unwrap_or_else(|| format!("http://{addr}"));
    let session_hours = args.session_hours.or(file.session_hours).unwrap_or(12);
    if !(1..=24 * 30).contains(&session_hours) {
        anyhow::bail!("session hours must be between 1 and 720, not {session_hours}");
    }
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let ctx = AuditContext::system("serve", clock.now());
    crate::store::ensure_societies(&*store, &ctx).await?;
    let seeded = if args.demo {
        let audit = AuditContext::system("demo", clock.now());
        Some(demo::seed(&*store, &audit, clock.now().date_naive()).await?)
    } else {
        None
    };
    // The demo's registry cases stream in behind a server that is already
    // usable; a start stopped half-way resumes the import next time.
    let cases = if args.demo && demo::cases_wanted(&*store, data_dir).await? {
        let (store, clock, data_dir) = (
            Arc::clone(&store),
            Arc::clone(&clock),
            data_dir.to_path_buf(),
        );
        let import = tokio::spawn(async move {
            match demo::seed_cases(&*store, &data_dir, &*clock).await {
                Ok(Some(n)) => tracing::info!(cases = n, "demo registry ready"),
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "importing the demo cases")
                }
            }
        });
        Some((demo::DEMO_CASES, import))
    } else {
        None
    };
    let state = AppState::new(
        Arc::clone(&store),
        clock,
        WebConfig {
            secure_cookies: public_url.starts_with("https://"),
            session_hours,
            upload_dir: data_dir.join("uploads"),
            evidence_dir: crate::membership::evidence_dir(data_dir),
            public_url: public_url.trim_end_matches('/').to_owned(),
            directory_refresh: std::time::Duration::from_millis(250),
            ..WebConfig::default()
        },
    )
    .map_err(|e| anyhow::anyhow!("loading translations: {e}"))?;
    // Statuses, reminders and the outbox, kept current in the background.
    let membership_job =
        crate::membership::spawn_job(Arc::clone(&store), Arc::clone(&state.clock), mailer);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("listening on {addr} (is another server running there? use --addr)")
    })?;
    let bound = listener.local_addr().unwrap_or(addr);
    print_welcome(
        &public_url,
        bound,
        store.backend(),
        seeded.as_ref(),
        cases.as_ref().map(|(n, _)| *n),
        args.demo,
        started,
    );
    kallos_web::serve(listener, state, shutdown_signal())
        .await
        .context("serving")?;
    membership_job.abort();
    let _ = membership_job.await;
    if let Some((_, import)) = cases {
        // Stopped half-way, the demo import resumes at the next start.
        import.abort();
        // Wait until it has stopped, so that it never meets a closed pool.
        let _ = import.await;
    }
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

fn print_welcome(
    public_url: &str,
    bound: SocketAddr,
    backend: &str,
    seeded: Option<&demo::Seeded>,
    cases: Option<u64>,
    demo: bool,
    started: Instant,
) {
    let url =
        if public_url.ends_with(&bound.port().to_string()) || !public_url.starts_with("http://") {
            public_url.to_owned()
        } else {
            format!("http://{bound}")
        };
    println!(
        "Kallos is ready on {url}  ({backend} store, started in {} ms)",
        started.elapsed().as_millis()
    );
    match seeded {
        Some(demo::Seeded::Created { members, users }) => {
            println!("Demo data written: 50 societies, {members} members, {users} accounts.");
        }
        Some(demo::Seeded::AlreadyPresent) => println!("Reusing the existing data."),
        None => {}
    }
    if let Some(cases) = cases {
        println!(
            "Demo registry: importing {cases} synthetic cases in the background (the log says when they are in)."
        );
    }
    if demo {
        println!("Demo sign-ins (password for all: {}):", demo::DEMO_PASSWORD);
        println!("  alliance administrator   {}", demo::ALLIANCE_ADMIN);
        println!(
            "  society administrator    {}  (one per society: admin.<acronym, lower case>@example.org)",
            demo::society_admin_email("SBCP")
        );
        println!("  member                   {}", demo::DEMO_MEMBER_LOGIN);
    }
    println!("Stop with Ctrl-C.");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "listening for Ctrl-C");
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => tracing::error!(%error, "listening for SIGTERM"),
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
