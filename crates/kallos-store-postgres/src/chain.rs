//! Appending to the audit hash chain inside a write transaction.
//!
//! Opening the chain takes `LOCK TABLE audit_head IN EXCLUSIVE MODE` (see
//! `writes.rs` for why a table lock), so writers extend the chain one at a time.

use crate::backend;
use kallos_domain::audit::{AuditContext, AuditEvent, AuditRecord};
use kallos_store::StoreResult;
use sqlx::PgConnection;

pub(crate) struct Chain {
    head: Option<(i64, String)>,
    last: Option<(i64, String)>,
}

impl Chain {
    pub async fn open(conn: &mut PgConnection) -> StoreResult<Self> {
        sqlx::query("LOCK TABLE audit_head IN EXCLUSIVE MODE")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        let head: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend)?;
        Ok(Self {
            last: head.clone(),
            head,
        })
    }

    pub async fn append(
        &mut self,
        conn: &mut PgConnection,
        ctx: &AuditContext,
        event: &AuditEvent,
    ) -> StoreResult<()> {
        let r = AuditRecord::next(
            self.last.as_ref().map(|(s, h)| (*s, h.as_str())),
            ctx,
            event,
        );
        sqlx::query(
            "INSERT INTO audit_log (seq, at_micros, actor, action, entity, entity_id, society_id, source, request_id, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(r.seq)
        .bind(r.at_micros)
        .bind(&r.actor)
        .bind(&r.action)
        .bind(&r.entity)
        .bind(&r.entity_id)
        .bind(r.society_id)
        .bind(&r.source)
        .bind(&r.request_id)
        .bind(&r.detail)
        .bind(&r.prev_hash)
        .bind(&r.hash)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
        self.last = Some((r.seq, r.hash));
        Ok(())
    }

    pub async fn close(self, conn: &mut PgConnection) -> StoreResult<()> {
        if self.last == self.head {
            return Ok(());
        }
        if let Some((seq, hash)) = &self.last {
            sqlx::query(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            )
            .bind(seq)
            .bind(hash)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        }
        Ok(())
    }
}
