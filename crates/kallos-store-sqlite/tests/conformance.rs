//! The backend-generic suite, on a fresh SQLite file per test.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used)]

use kallos_store::{AuditStore, Store};
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

/// A store from before the identifier mask, opened after migration 0011:
/// nothing a detector finds is left in its tables, its file or its WAL,
/// nothing else changed, and `kallos audit verify` passes.
#[tokio::test]
async fn a_store_from_before_the_mask_keeps_no_identifier_and_its_chain_verifies() {
    use kallos_store::conformance::legacy;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kallos.db");
    let pool = SqliteStore::migrated_to(&path, 10).await.expect("0010");
    sqlx::query("INSERT INTO submissions (id, file_name, file_sha256, source, status, actor, started_at_micros) VALUES (1, ?, 'ab12', 'csv', 'completed', 'user:1', 1)")
        .bind(legacy::FILE_NAME)
        .execute(&pool)
        .await
        .expect("submission");
    for (row, column, value, reason, severity, message) in legacy::issues() {
        sqlx::query("INSERT INTO submission_issues (submission_id, row_number, column_name, value, reason, severity, reason_message) VALUES (1, ?, ?, ?, ?, ?, ?)")
            .bind(row)
            .bind(column)
            .bind(value)
            .bind(reason)
            .bind(severity)
            .bind(message)
            .execute(&pool)
            .await
            .expect("issue");
    }
    let audit = legacy::audit();
    for r in &audit {
        sqlx::query("INSERT INTO audit_log (seq, at_micros, actor, action, entity, entity_id, society_id, source, request_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(r.seq).bind(r.at_micros).bind(&r.actor).bind(&r.action).bind(&r.entity)
            .bind(&r.entity_id).bind(r.society_id).bind(&r.source).bind(&r.request_id)
            .bind(&r.detail).bind(&r.prev_hash).bind(&r.hash)
            .execute(&pool)
            .await
            .expect("audit entry");
    }
    let head = audit.last().expect("head");
    sqlx::query("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)")
        .bind(head.seq)
        .bind(&head.hash)
        .execute(&pool)
        .await
        .expect("head");
    pool.close().await;

    let clock = kallos_domain::clock::FixedClock::new(kallos_store::conformance::ctx(20).at);
    let store = SqliteStore::open_with_clock(&path, &clock)
        .await
        .expect("open after 0011");
    legacy::check_masked_legacy_store(&store).await;
    let last = store.audit_page(5, 10).await.expect("audit");
    assert_eq!(
        last[0].at_micros,
        clock_micros(&clock),
        "dated by the clock given"
    );
    store.close().await;

    // Nothing in the file or its WAL, in any case, even in freed space.
    for suffix in ["", "-wal"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let bytes = std::fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for id in legacy::IDENTIFIERS {
            assert!(
                !text.contains(&id.to_lowercase()),
                "{id} in kallos.db{suffix}"
            );
        }
    }
    // Opened again, nothing more is done.
    let store = SqliteStore::open(&path).await.expect("reopen");
    assert_eq!(
        store.audit_head().await.expect("head").map(|(seq, _)| seq),
        Some(audit.len() as i64 + 1)
    );
}

fn clock_micros(clock: &kallos_domain::clock::FixedClock) -> i64 {
    use kallos_domain::clock::Clock;
    clock.now().timestamp_micros()
}
