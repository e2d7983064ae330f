//! The PostgreSQL backend, for deployments that outgrow one SQLite file.
//!
//! One pool serves reads and writes. Writers serialise on the audit chain by
//! locking the `audit_head` table at the start of every write transaction
//! (see [`writes`]), so the chain is extended by one writer at a time however
//! many processes share the database.

pub mod baseline;
mod chain;
mod directory;
mod masking;
mod membership;
mod reads;
mod registry;
mod safety;
mod statistics;
mod writes;

use async_trait::async_trait;
use kallos_domain::audit::AuditContext;
use kallos_store::{Change, Outcome, PoolStats, Store, StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

const MAX_CONNECTIONS: u32 = 10;

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database at `url` and applies migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        Self::open(options).await
    }

    /// Connects with every pooled connection's `search_path` set to `schema`,
    /// creating the schema if absent, then migrates it: an isolated database
    /// inside a shared one, for tests. The name must be a plain lowercase
    /// identifier (`[a-z_][a-z0-9_]*`), since it is spliced into SQL and into
    /// the connection's startup options.
    pub async fn connect_in_schema(url: &str, schema: &str) -> StoreResult<Self> {
        if !is_plain_identifier(schema) {
            return Err(StoreError::Backend(format!(
                "invalid schema name {schema:?}: use [a-z_][a-z0-9_]*"
            )));
        }
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        let mut conn = options.connect().await.map_err(backend)?;
        sqlx::query(AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&mut conn)
        .await
        .map_err(backend)?;
        conn.close().await.map_err(backend)?;
        Self::open(options.options([("search_path", schema)])).await
    }

    async fn open(options: PgConnectOptions) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Backend(format!("connecting to PostgreSQL: {e}")))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating PostgreSQL: {e}")))?;
        registry::backfill_margins(&pool).await?;
        masking::mask_identifiers(&pool, &kallos_domain::clock::SystemClock).await?;
        Ok(Self { pool })
    }

    /// A schema (created if absent) migrated only up to `version`, as an
    /// earlier Kallos left it, for tests of the later migrations and their
    /// data steps. The same rules for `schema` as `connect_in_schema`.
    #[doc(hidden)]
    pub async fn migrated_to_in_schema(
        url: &str,
        schema: &str,
        version: i64,
    ) -> StoreResult<PgPool> {
        if !is_plain_identifier(schema) {
            return Err(StoreError::Backend(format!(
                "invalid schema name {schema:?}"
            )));
        }
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        let mut conn = options.connect().await.map_err(backend)?;
        sqlx::query(AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&mut conn)
        .await
        .map_err(backend)?;
        conn.close().await.map_err(backend)?;
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(options.options([("search_path", schema)]))
            .await
            .map_err(backend)?;
        MIGRATOR.run_to(version, &pool).await.map_err(backend)?;
        Ok(pool)
    }

    /// The pool, for backend-specific tests that need raw SQL.
    pub fn raw_pool(&self) -> &PgPool {
        &self.pool
    }
}

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

pub(crate) fn backend(error: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(error.to_string())
}

/// Turns a unique violation into a `Conflict` naming `table.column`: the
/// migration names each unique constraint that way, matching SQLite's text.
pub(crate) fn db_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        let what = db.constraint().unwrap_or_else(|| db.message()).to_owned();
        return StoreError::Conflict(what);
    }
    backend(error)
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            connections: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: MAX_CONNECTIONS,
        }
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn apply(&self, ctx: &AuditContext, changes: Vec<Change>) -> StoreResult<Vec<Outcome>> {
        writes::apply(&self.pool, ctx, changes).await
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain_identifier;

    #[test]
    fn schema_names_are_plain_identifiers() {
        assert!(is_plain_identifier("kallos_test_1_2_3"));
        assert!(is_plain_identifier("_x"));
        assert!(!is_plain_identifier(""));
        assert!(!is_plain_identifier("1abc"));
        assert!(!is_plain_identifier("Kallos"));
        assert!(!is_plain_identifier("a; DROP TABLE x"));
        assert!(!is_plain_identifier("a\"b"));
    }
}
