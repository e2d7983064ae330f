//! The data step of migration 0011: masks identifiers a store kept before
//! the mask (see `kallos_store::masking`).

use crate::backend;
use crate::chain::Chain;
use kallos_domain::audit::{AuditContext, AuditRecord};
use kallos_domain::clock::Clock;
use kallos_store::StoreResult;
use kallos_store::masking::{
    IssueText, MASK_IDENTIFIERS, Masking, mask_audit_detail, mask_issue, mask_stored_file_name,
    rehash,
};
use sqlx::{Connection, PgPool, Row};
use std::collections::HashMap;

const PAGE: i64 = 10_000;

/// Runs once on a store marked by migration 0011; does nothing after.
pub(crate) async fn mask_identifiers(pool: &PgPool, clock: &dyn Clock) -> StoreResult<()> {
    let mut conn = pool.acquire().await.map_err(backend)?;
    if !pending(&mut conn).await? {
        return Ok(());
    }
    let mut tx = conn.begin().await.map_err(backend)?;
    // Writers wait for the chain: taken before anything is read.
    sqlx::query("LOCK TABLE audit_head IN EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    if !pending(&mut tx).await? {
        return Ok(());
    }
    let mut masking = Masking::default();

    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, column_name, value, reason, reason_message FROM submission_issues WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (id, column, value, reason, message) in rows {
            let line = IssueText {
                column,
                value,
                reason,
                message,
            };
            if let Some(masked) = mask_issue(&line) {
                sqlx::query("UPDATE submission_issues SET column_name = $1, value = $2, reason = $3, reason_message = $4 WHERE id = $5")
                    .bind(&masked.column)
                    .bind(&masked.value)
                    .bind(&masked.reason)
                    .bind(&masked.message)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                masking.issues += 1;
            }
        }
    }

    let names: Vec<(i64, String)> = sqlx::query_as("SELECT id, file_name FROM submissions")
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
    for (id, name) in names {
        if let Some(masked) = mask_stored_file_name(&name) {
            sqlx::query("UPDATE submissions SET file_name = $1 WHERE id = $2")
                .bind(masked)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            masking.file_names += 1;
        }
    }

    let details: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT seq, action, detail FROM audit_log WHERE action LIKE 'submission.%' OR action LIKE 'cases.%' ORDER BY seq",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(backend)?;
    let masked: HashMap<i64, String> = details
        .into_iter()
        .filter_map(|(seq, action, detail)| {
            mask_audit_detail(&action, &detail).map(|masked| (seq, masked))
        })
        .collect();
    masking.entries = masked.keys().copied().collect();
    masking.entries.sort_unstable();

    if let Some(&first) = masking.entries.first() {
        masking.previous_head = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let mut prev: String = sqlx::query_scalar("SELECT prev_hash FROM audit_log WHERE seq = $1")
            .bind(first)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let mut from = first - 1;
        let mut last = None;
        loop {
            let rows = sqlx::query("SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(from)
                .bind(PAGE)
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
            let mut entries = rows.iter().map(record).collect::<StoreResult<Vec<_>>>()?;
            let Some(end) = entries.last() else { break };
            from = end.seq;
            for entry in &mut entries {
                if let Some(detail) = masked.get(&entry.seq) {
                    entry.detail = detail.clone();
                }
            }
            rehash(&mut entries, &prev);
            for entry in &entries {
                sqlx::query(
                    "UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3 WHERE seq = $4",
                )
                .bind(&entry.detail)
                .bind(&entry.prev_hash)
                .bind(&entry.hash)
                .bind(entry.seq)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
            if let Some(end) = entries.last() {
                prev = end.hash.clone();
                last = Some((end.seq, end.hash.clone()));
            }
        }
        if let Some((seq, hash)) = last {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(seq)
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
    }

    if !masking.is_empty() {
        let ctx = AuditContext::system("migrate", clock.now());
        let mut chain = Chain::open(&mut tx).await?;
        chain.append(&mut tx, &ctx, &masking.event()).await?;
        chain.close(&mut tx).await?;
        tracing::info!(
            report_lines = masking.issues,
            file_names = masking.file_names,
            audit_entries = masking.entries.len(),
            "identifiers stored before the mask are masked"
        );
    }
    sqlx::query("DELETE FROM pending_upgrades WHERE name = $1")
        .bind(MASK_IDENTIFIERS)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    tx.commit().await.map_err(backend)
}

async fn pending(conn: &mut sqlx::PgConnection) -> StoreResult<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pending_upgrades WHERE name = $1)")
        .bind(MASK_IDENTIFIERS)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)
}

pub(crate) fn record(r: &sqlx::postgres::PgRow) -> StoreResult<AuditRecord> {
    Ok(AuditRecord {
        seq: r.try_get("seq").map_err(backend)?,
        at_micros: r.try_get("at_micros").map_err(backend)?,
        actor: r.try_get("actor").map_err(backend)?,
        action: r.try_get("action").map_err(backend)?,
        entity: r.try_get("entity").map_err(backend)?,
        entity_id: r.try_get("entity_id").map_err(backend)?,
        society_id: r.try_get("society_id").map_err(backend)?,
        source: r.try_get("source").map_err(backend)?,
        request_id: r.try_get("request_id").map_err(backend)?,
        detail: r.try_get("detail").map_err(backend)?,
        prev_hash: r.try_get("prev_hash").map_err(backend)?,
        hash: r.try_get("hash").map_err(backend)?,
    })
}
