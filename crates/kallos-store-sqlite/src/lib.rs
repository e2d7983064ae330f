//! The embedded default backend: one SQLite file in WAL mode.
//!
//! Writes go through a pool of one connection and `BEGIN IMMEDIATE`, so that
//! the audit chain is extended by one writer at a time, even when the CLI and
//! the server share the file; reads use a separate pool.

pub mod baseline;
mod chain;
mod direct;
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
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

const READ_CONNECTIONS: u32 = 8;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    checkpointer: Checkpointer,
}

/// Copies the WAL's pages into the database file on a connection of its
/// own, after each import batch, while the writer goes on with the next:
/// at the writer's own checkpoints an import spent about a fifth of its
/// time copying pages. A passive checkpoint takes no lock a writer waits
/// for; the writer's own checkpoint (every 64 MiB of WAL) stays, for when
/// this one falls behind.
#[derive(Debug, Clone)]
struct Checkpointer {
    connection: SqlitePool,
    running: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Checkpointer {
    /// Starts a checkpoint in the background unless one is running.
    fn start(&self) {
        use std::sync::atomic::Ordering;
        if self.running.swap(true, Ordering::AcqRel) {
            return;
        }
        let (connection, running) = (self.connection.clone(), self.running.clone());
        tokio::spawn(async move {
            match sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&connection)
                .await
            {
                // The store closed first: its next opening checkpoints.
                Ok(_) | Err(sqlx::Error::PoolClosed) => {}
                Err(error) => tracing::warn!(%error, "background WAL checkpoint"),
            }
            running.store(false, Ordering::Release);
        });
    }
}

impl SqliteStore {
    /// Opens (creating if absent) the database file and applies migrations.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        Self::open_with_clock(path, &kallos_domain::clock::SystemClock).await
    }

    /// As [`Self::open`]; `clock` dates what an upgrade audits.
    pub async fn open_with_clock(
        path: &Path,
        clock: &dyn kallos_domain::clock::Clock,
    ) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(backend)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-32000")
            .pragma("temp_store", "memory");
        // The writer checkpoints the WAL every 64 MiB rather than every 4 MiB:
        // pages a batch rewrites (the cube's, the indexes') are copied into
        // the database once per checkpoint. A commit is durable as before.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().pragma("wal_autocheckpoint", "16384"))
            .await
            .map_err(|e| StoreError::Backend(format!("opening {}: {e}", path.display())))?;
        MIGRATOR
            .run(&writer)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating {}: {e}", path.display())))?;
        registry::backfill_margins(&writer).await?;
        masking::mask_identifiers(&writer, clock).await?;
        let checkpointer = Checkpointer {
            connection: SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(0)
                .connect_lazy_with(options.clone()),
            running: Default::default(),
        };
        let reader = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .connect_with(options.read_only(true))
            .await
            .map_err(backend)?;
        Ok(Self {
            writer,
            reader,
            checkpointer,
        })
    }

    /// A database file migrated only up to `version`, as an earlier Kallos
    /// left it, for tests of the later migrations and their data steps.
    #[doc(hidden)]
    pub async fn migrated_to(path: &Path, version: i64) -> StoreResult<SqlitePool> {
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(backend)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(backend)?;
        MIGRATOR.run_to(version, &pool).await.map_err(backend)?;
        Ok(pool)
    }

    /// The write pool, for backend-specific tests that need raw SQL.
    pub fn raw_pool(&self) -> &SqlitePool {
        &self.writer
    }
}

pub(crate) fn backend(error: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(error.to_string())
}

/// Turns a unique violation into a `Conflict` naming `table.column`.
pub(crate) fn db_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        let message = db.message();
        let what = message
            .strip_prefix("UNIQUE constraint failed: ")
            .unwrap_or(message)
            .to_owned();
        return StoreError::Conflict(what);
    }
    backend(error)
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            connections: self.reader.size() + self.writer.size(),
            idle: (self.reader.num_idle() + self.writer.num_idle()) as u32,
            max: READ_CONNECTIONS + 1,
        }
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn close(&self) {
        self.checkpointer.connection.close().await;
        self.reader.close().await;
        self.writer.close().await;
    }

    async fn apply(&self, ctx: &AuditContext, changes: Vec<Change>) -> StoreResult<Vec<Outcome>> {
        writes::apply(&self.writer, ctx, changes).await
    }
}
