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

#[tokio::test]
async fn the_margins_are_filled_from_the_cube_on_opening_a_database_without_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kallos.db");
    let store = SqliteStore::open(&path).await.expect("open");
    kallos_store::conformance::import_sample_cases(&store).await;
    let margins = kallos_store::conformance::all_margins(&store).await;
    assert!(margins.len() > 10);
    // As a database migrated to 0007 is: a cube, and an empty margins table.
    sqlx::query("DELETE FROM case_margins")
        .execute(store.raw_pool())
        .await
        .expect("empty the margins");
    store.close().await;
    let store = SqliteStore::open(&path).await.expect("reopen");
    assert_eq!(
        kallos_store::conformance::all_margins(&store).await,
        margins
    );
}
