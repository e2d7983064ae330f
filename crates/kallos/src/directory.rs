//! Directory data for the demo and the load test: the procedures each
//! synthetic member offers, and a signed membership credential for the demo
//! member.

use anyhow::{Context, Result};
use chrono::Duration;
use kallos_domain::audit::AuditContext;
use kallos_domain::directory::synthetic_procedures;
use kallos_store::directory::{NewCredential, NewIssuerKey};
use kallos_store::{Change, Store};

/// Members whose procedures are written per batch.
const BATCH: usize = 5_000;

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("randomness: {e}"))?;
    Ok(bytes)
}

/// Gives every member without procedures a deterministic synthetic set;
/// returns how many members were given one.
pub async fn seed_procedures(
    store: &dyn Store,
    ctx: &AuditContext,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Result<usize> {
    let records = store.directory_records().await?;
    let changes: Vec<Change> = records
        .iter()
        .filter(|r| r.procedures.is_empty())
        .map(|r| Change::SetMemberProcedures {
            society: None,
            member: r.member_id,
            procedures: synthetic_procedures(r.member_id.0, seed),
        })
        .collect();
    let count = changes.len();
    let mut done = 0;
    let mut changes = changes.into_iter().peekable();
    while changes.peek().is_some() {
        let batch: Vec<Change> = changes.by_ref().take(BATCH).collect();
        done += batch.len();
        store
            .apply(ctx, batch)
            .await
            .context("writing the procedures offered")?;
        progress(done);
    }
    Ok(count)
}

/// The demo's directory: procedures for every member, and a membership
/// credential of SBCP (with SBCP's signing key) for the demo member login.
pub async fn seed_demo(store: &dyn Store, ctx: &AuditContext, demo_login: &str) -> Result<()> {
    seed_procedures(store, ctx, crate::demo::DEMO_SEED, |_| {}).await?;
    let member = store
        .user_by_email(demo_login)
        .await?
        .and_then(|u| u.member_id)
        .context("the demo member login has no member")?;
    let sbcp = store
        .society_by_slug("SBCP")
        .await?
        .context("SBCP is missing")?;
    let active = store.member(member).await?.is_some_and(|m| {
        m.memberships.iter().any(|ms| {
            ms.society_id == sbcp.id && ms.status == kallos_domain::member::MembershipStatus::Active
        })
    });
    let (kid, public_key, private_key) = kallos_credentials::key_material(random()?);
    let mut changes = vec![Change::CreateIssuerKey(NewIssuerKey {
        society_id: sbcp.id,
        kid,
        public_key,
        private_key,
    })];
    if active {
        changes.push(Change::IssueCredential(NewCredential {
            credential_id: kallos_credentials::urn_uuid(random()?),
            society_id: sbcp.id,
            member_id: member,
            valid_until_micros: (ctx.at + Duration::days(365)).timestamp_micros(),
        }));
    }
    store
        .apply(ctx, changes)
        .await
        .context("writing the demo credential")?;
    Ok(())
}
