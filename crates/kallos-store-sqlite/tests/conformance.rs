//! The backend-generic suite, on a fresh SQLite file per test.

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

kallos_store::conformance_tests!(fresh_store());
