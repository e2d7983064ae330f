//! The command-line subcommands other than `serve`.

use crate::demo;
use anyhow::{Context, Result, bail};
use chrono::Duration;
use indicatif::{ProgressBar, ProgressStyle};
use kallos_domain::audit::{AuditContext, ChainVerifier};
use kallos_domain::clock::{Clock, SystemClock};
use kallos_domain::policy::Role;
use kallos_domain::society::alliance_seed;
use kallos_domain::synthetic;
use kallos_domain::validation::is_plausible_email;
use kallos_store::{Change, NewApiToken, NewUser, Store};
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Generate {
    /// Add synthetic members (plausible, deterministic, clearly fictitious).
    Members {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a synthetic case file in the import format, for the store's members.
    Cases(crate::registry::GenerateCases),
}

#[derive(Debug, clap::Subcommand)]
pub enum Audit {
    /// Check every entry of the hash chain; exits 1 and names the first broken entry.
    Verify,
}

#[derive(Debug, clap::Subcommand)]
pub enum User {
    /// Create an account. The password is read from KALLOS_PASSWORD or standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// alliance_admin, society_admin or researcher.
        #[arg(long)]
        role: String,
        /// The society's acronym, for society_admin.
        #[arg(long)]
        society: Option<String>,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum Token {
    /// Create an API token for an account; it is printed once and never stored.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "api")]
        name: String,
        /// Days until it expires (0: never).
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
}

pub fn progress(total: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let style =
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_owned());
    bar
}

pub async fn migrate(store: &dyn Store) -> Result<ExitCode> {
    let created =
        crate::store::ensure_societies(store, &AuditContext::system("migrate", SystemClock.now()))
            .await?;
    println!(
        "database is up to date ({} store); {created} societies added",
        store.backend()
    );
    Ok(ExitCode::SUCCESS)
}

/// Members are written in batches: each batch is atomic, and progress shows.
const MEMBER_BATCH: usize = 2_000;

pub async fn generate(what: Generate, store: &dyn Store) -> Result<ExitCode> {
    let (count, seed) = match what {
        Generate::Members { count, seed } => (count, seed),
        Generate::Cases(args) => return crate::registry::generate_cases(args, store).await,
    };
    let clock = SystemClock;
    let ctx = AuditContext::system("generate", clock.now());
    crate::store::ensure_societies(store, &ctx).await?;
    let (societies, alliance) = demo::society_ids(store).await?;
    let seed_societies = alliance_seed();
    let bar = progress(count as u64, "members");
    let mut written = 0usize;
    let mut batch_index = 0u64;
    while written < count {
        let size = MEMBER_BATCH.min(count - written);
        let offset = u64::try_from(store.total_members().await?).unwrap_or(0);
        let batch_seed = seed.wrapping_mul(0x9E37_79B9).wrapping_add(batch_index);
        let data = synthetic::generate(
            &seed_societies,
            size,
            batch_seed,
            offset,
            clock.now().date_naive(),
        );
        let changes = demo::member_changes(&data, &societies, alliance);
        let ctx = AuditContext::system("generate", clock.now());
        let outcomes = store
            .apply(&ctx, changes)
            .await
            .context("writing synthetic members")?;
        // Their CME credits and attestations, so that they meet the criteria they are said to.
        let ids: Vec<kallos_domain::MemberId> = outcomes
            .iter()
            .skip(data.facilities.len())
            .filter_map(|o| o.created_id().map(kallos_domain::MemberId))
            .collect();
        demo::seed_evidence(store, &ctx, &data, &ids, &societies, alliance)
            .await
            .context("writing synthetic members' evidence")?;
        written += size;
        batch_index += 1;
        bar.inc(size as u64);
    }
    bar.finish_and_clear();
    // The directory's "procedure offered" for the new members.
    let ctx = AuditContext::system("generate", clock.now());
    let bar = progress(count as u64, "procedures offered");
    crate::directory::seed_procedures(store, &ctx, seed, |done| bar.set_position(done as u64))
        .await?;
    bar.finish_and_clear();
    println!(
        "added {written} synthetic members; {} in all",
        store.total_members().await?
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn audit(what: Audit, store: &dyn Store) -> Result<ExitCode> {
    let Audit::Verify = what;
    let head = store.audit_head().await?;
    let bar = progress(
        head.as_ref().map_or(0, |(seq, _)| *seq).unsigned_abs(),
        "verifying",
    );
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = store.audit_page(after, 10_000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for record in &page {
            if let Err(broken) = verifier.push(record) {
                bar.finish_and_clear();
                eprintln!(
                    "audit trail BROKEN at entry {}: {broken}",
                    broken.first_broken_seq()
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        bar.set_position(after.unsigned_abs());
    }
    bar.finish_and_clear();
    match verifier.finish(head) {
        Ok(entries) => {
            println!("audit trail intact: {entries} entries");
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            eprintln!(
                "audit trail BROKEN at entry {}: {broken}",
                broken.first_broken_seq()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

fn read_password() -> Result<String> {
    let password = match std::env::var("KALLOS_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            if std::io::stdin().is_terminal() {
                eprintln!("password (input is shown; prefer KALLOS_PASSWORD or a pipe):");
            }
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the password from standard input")?;
            text.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    if password.chars().count() < 12 {
        bail!("the password must have at least 12 characters");
    }
    Ok(password)
}

pub async fn user(what: User, store: &dyn Store) -> Result<ExitCode> {
    let User::Create {
        email,
        name,
        role,
        society,
    } = what;
    let email = email.trim().to_ascii_lowercase();
    if !is_plausible_email(&email) {
        bail!("--email: '{email}' is not an email address");
    }
    let ctx = AuditContext::system("user-create", SystemClock.now());
    crate::store::ensure_societies(store, &ctx).await?;
    let role = match (role.as_str(), society) {
        ("alliance_admin", None) => Role::AllianceAdmin,
        ("researcher", None) => Role::Researcher,
        ("society_admin", Some(acronym)) => {
            let slug = kallos_domain::society::url_slug(&acronym);
            let society = store
                .society_by_slug(&slug)
                .await?
                .with_context(|| format!("--society: no society '{acronym}'"))?;
            Role::SocietyAdmin(society.id)
        }
        ("society_admin", None) => bail!("--society is required for society_admin"),
        (_, Some(_)) => bail!("--society only goes with --role society_admin"),
        (other, None) => {
            bail!("--role: '{other}' is not alliance_admin, society_admin or researcher")
        }
    };
    let password = read_password()?;
    let password_hash = kallos_web::hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let outcomes = store
        .apply(
            &ctx,
            vec![Change::CreateUser(NewUser {
                email: email.clone(),
                display_name: name,
                password_hash,
                member: None,
                roles: vec![role],
            })],
        )
        .await
        .with_context(|| format!("creating {email}"))?;
    println!(
        "created account {email} (id {})",
        outcomes
            .first()
            .and_then(|o| o.created_id())
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn token(what: Token, store: &dyn Store) -> Result<ExitCode> {
    let Token::Create { email, name, days } = what;
    let now = SystemClock.now();
    let user = store
        .user_by_email(&email)
        .await?
        .with_context(|| format!("--email: no account '{email}'"))?;
    let secret = kallos_web::random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    let token = format!("{}{secret}", kallos_web::API_TOKEN_PREFIX);
    let expires_at = (days > 0).then(|| now + Duration::days(days));
    store
        .apply(
            &AuditContext::system("token-create", now),
            vec![Change::CreateApiToken(NewApiToken {
                token_hash: kallos_web::token_hash(&token),
                user_id: user.id,
                name,
                expires_at,
            })],
        )
        .await?;
    println!("{token}");
    eprintln!(
        "API token for {email}{}; it is shown only now. Send it as 'Authorization: Bearer <token>'.",
        expires_at
            .map(|e| format!(", valid until {}", e.format("%Y-%m-%d")))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}
