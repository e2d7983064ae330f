//! Patient-safety documents on SQLite: every version kept.

use crate::{SqliteStore, backend, db_error};
use async_trait::async_trait;
use kallos_store::safety::{SafetyDocument, SafetyStore};
use kallos_store::{Change, Outcome, StoreError, StoreResult};
use sqlx::SqliteConnection;

/// Applies a safety change inside `apply`'s transaction.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    change: &Change,
    now: i64,
    actor: &str,
) -> StoreResult<Outcome> {
    let Change::SetSafetyDocument { kind, body } = change else {
        return Err(StoreError::Backend(format!(
            "not a safety change: {change:?}"
        )));
    };
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, body FROM safety_documents WHERE kind = ? ORDER BY version DESC LIMIT 1",
    )
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?;
    if latest.as_ref().is_some_and(|(_, last)| last == body) {
        return Ok(Outcome::Unchanged);
    }
    let version = latest.map_or(1, |(v, _)| v + 1);
    sqlx::query(
        "INSERT INTO safety_documents (kind, version, body, edited_by, edited_at_micros) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(kind)
    .bind(version)
    .bind(body)
    .bind(actor)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(Outcome::Created(version))
}

type Row = (String, i64, String, String, i64);

fn document((kind, version, body, edited_by, edited_at_micros): Row) -> SafetyDocument {
    SafetyDocument {
        kind,
        version,
        body,
        edited_by,
        edited_at_micros,
    }
}

#[async_trait]
impl SafetyStore for SqliteStore {
    async fn safety_document(&self, kind: &str) -> StoreResult<Option<SafetyDocument>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT kind, version, body, edited_by, edited_at_micros FROM safety_documents
             WHERE kind = ? ORDER BY version DESC LIMIT 1",
        )
        .bind(kind)
        .fetch_optional(&self.reader)
        .await
        .map_err(backend)?;
        Ok(row.map(document))
    }

    async fn safety_document_versions(&self, kind: &str) -> StoreResult<Vec<SafetyDocument>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT kind, version, body, edited_by, edited_at_micros FROM safety_documents
             WHERE kind = ? ORDER BY version DESC",
        )
        .bind(kind)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(document).collect())
    }
}
