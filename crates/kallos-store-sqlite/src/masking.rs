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
use sqlx::{Connection, Row, SqlitePool};
use std::collections::HashMap;

const PAGE: i64 = 10_000;

/// Runs once on a store marked by migration 0011; does nothing after.
pub(crate) async fn mask_identifiers(pool: &SqlitePool, clock: &dyn Clock) -> StoreResult<()> {
    let mut conn = pool.acquire().await.map_err(backend)?;
    if !pending(&mut conn).await? {
        return Ok(());
    }
    // What is overwritten is zeroed in the file, not left in free space.
    sqlx::query("PRAGMA secure_delete = ON")
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
    if !pending(&mut tx).await? {
        return Ok(());
    }
    let mut masking = Masking::default();

    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, column_name, value, reason, reason_message FROM submission_issues WHERE id > ? ORDER BY id LIMIT ?",
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
                sqlx::query("UPDATE submission_issues SET column_name = ?, value = ?, reason = ?, reason_message = ? WHERE id = ?")
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
            sqlx::query("UPDATE submissions SET file_name = ? WHERE id = ?")
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
        let mut prev: String = sqlx::query_scalar("SELECT prev_hash FROM audit_log WHERE seq = ?")
            .bind(first)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let mut from = first - 1;
        let mut last = None;
        loop {
            let rows = sqlx::query("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?")
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
                    "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
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
            sqlx::query("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")
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
    sqlx::query("DELETE FROM pending_upgrades WHERE name = ?")
        .bind(MASK_IDENTIFIERS)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    tx.commit().await.map_err(backend)?;
    if !masking.is_empty() {
        // Pages freed before this step (a migration that rebuilt a table
        // holding the same text) were not zeroed: the file is rewritten
        // without free pages, once, on a store that held identifiers.
        sqlx::query("VACUUM")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        // The pages before the change leave the WAL too.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    sqlx::query("PRAGMA secure_delete = OFF")
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(())
}

async fn pending(conn: &mut sqlx::SqliteConnection) -> StoreResult<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pending_upgrades WHERE name = ?)")
        .bind(MASK_IDENTIFIERS)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)
}

pub(crate) fn record(r: &sqlx::sqlite::SqliteRow) -> StoreResult<AuditRecord> {
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
