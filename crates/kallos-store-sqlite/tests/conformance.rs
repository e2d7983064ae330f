//! The backend-generic suite, on a fresh SQLite file per test.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used)]

use kallos_store::Store;
use kallos_store_sqlite::SqliteStore;
use std::sync::Arc;

async fn fresh_store() -> Arc<dyn Store> {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("kallos.db"))
        .await
        .expect("open");
    // The directory must outlive the test; it is removed with the process's temp files.
    std::mem::forget(dir);
    Arc::new(store)
}

// Imported by name: the suite's expansion calls it back by name.
use kallos_store::conformance_tests;

conformance_tests!(fresh_store());

#[tokio::test]
async fn every_column_is_classified() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("kallos.db"))
        .await
        .expect("open");
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx_%'",
    )
    .fetch_all(store.raw_pool())
    .await
    .expect("schema");
    assert!(columns.len() > 50);
    kallos_store::classification::check(&columns).expect("classified");
}
