//! `kallos credential verify FILE`: checks a membership credential offline.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use kallos_credentials::{
    Jwk, Jwks, check_dates, check_status, membership_summary, verify_signature,
};
use kallos_domain::clock::{Clock, SystemClock};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum CredentialCommand {
    /// Verify a membership credential (vc+jwt): its signature against a JWK
    /// Set, its validity dates, and its status when status lists are given.
    /// Exits 1 with the reason when it does not hold.
    Verify {
        /// The credential file (a compact vc+jwt).
        file: PathBuf,
        /// The issuers' keys (a JWK Set, as served at /.well-known/jwks.json);
        /// default: the keys of this installation's store.
        #[arg(long)]
        jwks: Option<PathBuf>,
        /// A signed status list credential (as served at
        /// /credentials/status/{society}/{revocation|suspension}); repeat for both.
        #[arg(long = "status-list")]
        status_lists: Vec<PathBuf>,
        /// Check the dates at this time (RFC 3339) instead of now.
        #[arg(long)]
        at: Option<DateTime<Utc>>,
    },
}

impl CredentialCommand {
    /// Whether the store is needed (for its keys).
    pub fn needs_store(&self) -> bool {
        let Self::Verify { jwks, .. } = self;
        jwks.is_none()
    }
}

fn read(path: &PathBuf, what: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {what} {}", path.display()))
}

pub async fn run(
    command: CredentialCommand,
    store: Option<&dyn kallos_store::Store>,
) -> Result<ExitCode> {
    let CredentialCommand::Verify {
        file,
        jwks,
        status_lists,
        at,
    } = command;
    let token = read(&file, "the credential")?;
    let keys: Jwks = match (&jwks, store) {
        (Some(path), _) => serde_json::from_str(&read(path, "the JWK Set")?)
            .with_context(|| format!("{} is not a JWK Set", path.display()))?,
        (None, Some(store)) => Jwks {
            keys: store
                .issuer_keys()
                .await?
                .iter()
                .map(|k| Jwk::ed25519(&k.kid, &k.public_key))
                .collect(),
        },
        (None, None) => anyhow::bail!("give the issuers' keys with --jwks FILE"),
    };
    let now = at.unwrap_or_else(|| SystemClock.now());
    let outcome = (|| -> std::result::Result<String, String> {
        let verified = verify_signature(&token, &keys).map_err(|e| e.to_string())?;
        check_dates(&verified.claims, now).map_err(|e| e.to_string())?;
        let summary = membership_summary(&verified.claims).map_err(|e| e.to_string())?;
        let mut lists = Vec::new();
        for path in &status_lists {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("reading the status list {}: {e}", path.display()))?;
            let list = verify_signature(&text, &keys)
                .map_err(|e| format!("status list {}: {e}", path.display()))?;
            lists.push(list.claims);
        }
        let status = if lists.is_empty() {
            "status not checked (no --status-list given)".to_owned()
        } else {
            check_status(&verified.claims, &lists).map_err(|e| e.to_string())?;
            "neither revoked nor suspended".to_owned()
        };
        Ok(format!(
            "valid: {} ({}) of {}, signed with key {}, valid until {}; {status}",
            summary.subject_name,
            summary.membership_type,
            summary.issuer_id,
            verified.kid,
            summary.valid_until.format("%Y-%m-%d"),
        ))
    })();
    match outcome {
        Ok(message) => {
            println!("{message}");
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            eprintln!("invalid: {reason}");
            Ok(ExitCode::FAILURE)
        }
    }
}
