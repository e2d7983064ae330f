//! Opens the store the configuration names: PostgreSQL for a `postgres://`
//! URL, otherwise the embedded SQLite file in the data folder.

use crate::config::{StoreConfig, redact_url};
use anyhow::{Context, Result};
use kallos_domain::audit::AuditContext;
use kallos_domain::society::alliance_seed;
use kallos_store::{Change, Store};
use std::sync::Arc;

pub async fn open(config: &StoreConfig) -> Result<Arc<dyn Store>> {
    match config.database_url.as_deref() {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let store = kallos_store_postgres::PostgresStore::connect(url)
                .await
                .with_context(|| format!("connecting to {}", redact_url(url)))?;
            Ok(Arc::new(store))
        }
        Some(url) => {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .with_context(|| {
                    format!(
                        "the database URL '{}' is neither postgres:// nor sqlite:",
                        redact_url(url)
                    )
                })?;
            open_sqlite(std::path::Path::new(path)).await
        }
        None => {
            std::fs::create_dir_all(&config.data_dir).with_context(|| {
                format!("creating the data folder {}", config.data_dir.display())
            })?;
            open_sqlite(&config.data_dir.join("kallos.db")).await
        }
    }
}

async fn open_sqlite(path: &std::path::Path) -> Result<Arc<dyn Store>> {
    let store = kallos_store_sqlite::SqliteStore::open(path)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    Ok(Arc::new(store))
}

/// Makes sure the alliance and its societies exist; a no-op when they do.
pub async fn ensure_societies(store: &dyn Store, ctx: &AuditContext) -> Result<usize> {
    let outcomes = store
        .apply(
            ctx,
            alliance_seed()
                .into_iter()
                .map(Change::EnsureSociety)
                .collect(),
        )
        .await
        .context("seeding the alliance's societies")?;
    Ok(outcomes.iter().filter(|o| o.created_id().is_some()).count())
}
