//! The backend-generic suite, each test in a fresh schema of the database at
//! `KALLOS_TEST_DATABASE_URL`, plus checks only this backend needs.
//!
//! Without that variable the tests skip (say so on stderr and pass), so that
//! `cargo test --workspace` passes on a machine without PostgreSQL; under CI
//! (`CI` set) a missing variable is a failure, so the suite cannot be skipped
//! silently where it is meant to run.
//!
//! The stories come from `kallos_store::with_stories!`, the same list the
//! SQLite suite is expanded from, wrapped here so that each test can skip and
//! drop its schema.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used)]

use kallos_domain::audit::{ChainBreak, ChainVerifier};
use kallos_domain::policy::Role;
use kallos_store::conformance::{ctx, member, seed_societies};
use kallos_store::{Change, NewUser, Store, StoreError};
use kallos_store_postgres::PostgresStore;
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A migrated, empty schema and the store on it.
struct TestDb {
    store: Arc<dyn Store>,
    pool: PgPool,
    url: String,
    schema: String,
}

impl TestDb {
    /// Drops the schema once the test has passed; a failing test leaves it
    /// behind for inspection.
    async fn drop_schema(self) {
        self.pool.close().await;
        drop(self.store);
        let mut conn = PgConnection::connect(&self.url)
            .await
            .expect("connect to drop the test schema");
        sqlx::query(AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {} CASCADE",
            self.schema
        )))
        .execute(&mut conn)
        .await
        .expect("drop the test schema");
        conn.close().await.expect("close");
    }
}

fn database_url() -> Option<String> {
    match std::env::var("KALLOS_TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!(
            "KALLOS_TEST_DATABASE_URL is not set but CI is: the PostgreSQL conformance suite \
             must run in CI (e.g. KALLOS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres)"
        ),
        _ => {
            eprintln!("KALLOS_TEST_DATABASE_URL not set: skipping PostgreSQL conformance");
            None
        }
    }
}

/// A schema name unique across tests, processes and runs.
fn unique_schema() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    #[expect(
        clippy::disallowed_methods,
        reason = "a unique name, not a time the domain sees"
    )]
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "kallos_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh store, or `None` when the suite is to be skipped.
async fn fresh_store() -> Option<TestDb> {
    let url = database_url()?;
    let schema = unique_schema();
    let store = PostgresStore::connect_in_schema(&url, &schema)
        .await
        .expect("connect and migrate a fresh schema");
    let pool = store.raw_pool().clone();
    Some(TestDb {
        store: Arc::new(store),
        pool,
        url,
        schema,
    })
}

macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let Some(db) = fresh_store().await else { return };
                kallos_store::conformance::$name(&*db.store).await;
                db.drop_schema().await;
            }
        )+
    };
}

kallos_store::with_stories!(conformance! {});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_keep_the_audit_chain_intact() {
    let Some(db) = fresh_store().await else {
        return;
    };
    kallos_store::conformance::concurrent_writers_keep_the_audit_chain_intact(Arc::clone(
        &db.store,
    ))
    .await;
    db.drop_schema().await;
}

#[tokio::test]
async fn a_tampered_audit_row_breaks_the_chain_at_its_seq() {
    let Some(db) = fresh_store().await else {
        return;
    };
    seed_societies(&*db.store).await;
    let tampered = sqlx::query("UPDATE audit_log SET actor = 'x' WHERE seq = 2")
        .execute(&db.pool)
        .await
        .expect("tamper");
    assert_eq!(tampered.rows_affected(), 1);

    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    let mut broken = None;
    'walk: loop {
        let page = db.store.audit_page(after, 100).await.expect("audit page");
        if page.is_empty() {
            break;
        }
        for record in &page {
            if let Err(b) = verifier.push(record) {
                broken = Some(b);
                break 'walk;
            }
            after = record.seq;
        }
    }
    let broken = broken.expect("the walk reports the altered entry");
    assert_eq!(broken.first_broken_seq(), 2);
    assert_eq!(broken, ChainBreak::Altered { seq: 2 });
    db.drop_schema().await;
}

#[tokio::test]
async fn unique_violations_name_the_constraint_like_sqlite() {
    let Some(db) = fresh_store().await else {
        return;
    };
    let store = &*db.store;
    let sbcp = seed_societies(store).await[8];
    let create_member = || Change::CreateMember(Box::new(member("dup@example.org", sbcp, vec![])));
    let user = |email: &str, roles: Vec<Role>| {
        Change::CreateUser(NewUser {
            email: email.to_owned(),
            display_name: "Ana".to_owned(),
            password_hash: "x".to_owned(),
            member: None,
            roles,
        })
    };
    store
        .apply(
            &ctx(2),
            vec![create_member(), user("u@example.org", vec![])],
        )
        .await
        .expect("first");

    let member = store.apply(&ctx(2), vec![create_member()]).await;
    assert!(
        matches!(&member, Err(StoreError::Conflict(c)) if c == "members.email"),
        "{member:?}"
    );
    // Emails of users are stored lowercased, so case does not dodge the constraint.
    let user_again = store
        .apply(&ctx(2), vec![user("U@Example.org", vec![])])
        .await;
    assert!(
        matches!(&user_again, Err(StoreError::Conflict(c)) if c == "users.email"),
        "{user_again:?}"
    );
    // A society-less role granted twice is a duplicate (NULLS NOT DISTINCT).
    let twice = store
        .apply(
            &ctx(2),
            vec![user(
                "r@example.org",
                vec![Role::Researcher, Role::Researcher],
            )],
        )
        .await;
    assert!(
        matches!(&twice, Err(StoreError::Conflict(c))
            if c == "role_grants.user_id, role_grants.role, role_grants.society_id"),
        "{twice:?}"
    );
    assert_eq!(store.count_users().await.expect("count"), 1);
    db.drop_schema().await;
}

#[tokio::test]
async fn every_column_is_classified() {
    let Some(db) = fresh_store().await else {
        return;
    };
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = $1 AND table_name NOT LIKE '\\_sqlx\\_%'",
    )
    .bind(&db.schema)
    .fetch_all(&db.pool)
    .await
    .expect("schema");
    assert!(columns.len() > 50, "{columns:?}");
    kallos_store::classification::check(&columns).expect("classified");
    db.drop_schema().await;
}

/// Registry writes serialise on the audit chain from their first statement,
/// like `apply` (and like SQLite's `BEGIN IMMEDIATE`): concurrent starts of
/// one file resume one submission, and concurrent batches updating the same
/// cases, with rebuilds in between, leave the cube equal to a rebuild.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registry_writers_are_serialised() {
    use kallos_store::conformance::{case, verify_chain};
    use kallos_store::registry::{CaseToStore, ImportBatch, NewSubmission};

    let Some(db) = fresh_store().await else {
        return;
    };
    let sbcp = seed_societies(&*db.store).await[8];
    let new = NewSubmission {
        file_name: "race.csv".into(),
        file_sha256: "race".to_owned(),
        source: "csv".to_owned(),
        society: Some(sbcp),
    };
    let starts: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&db.store);
            let new = new.clone();
            tokio::spawn(async move { store.start_submission(&ctx(6), &new).await })
        })
        .collect();
    let mut ids = Vec::new();
    for start in starts {
        ids.push(start.await.expect("join").expect("start").id);
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1, "one running submission per file: {ids:?}");
    let id = ids[0];

    const WRITERS: i64 = 6;
    let refs = ["C-1", "C-2", "C-3"];
    let tasks: Vec<_> = (0..WRITERS)
        .map(|w| {
            let store = Arc::clone(&db.store);
            tokio::spawn(async move {
                let cases = refs
                    .iter()
                    .map(|r| {
                        let mut c = case(
                            r,
                            "SBCP",
                            if w % 2 == 0 {
                                &["BE-LIPO", "BE-ABDO"]
                            } else {
                                &["NS-BOTOX"]
                            },
                        );
                        c.age = 20 + u8::try_from(w).expect("small") * 10;
                        CaseToStore::new(sbcp, c)
                    })
                    .collect();
                let batch = ImportBatch {
                    cases,
                    issues: vec![],
                    rejected: 0,
                    rows_read: 3,
                    approvals_seen: None,
                };
                store.import_batch(&ctx(7), id, &batch).await?;
                if w == 2 {
                    store.rebuild_rollups(&ctx(7)).await?;
                }
                Ok::<_, StoreError>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("join").expect("batch");
    }
    let incremental = db.store.rollups().await.expect("rollups");
    let margins = kallos_store::conformance::all_margins(&*db.store).await;
    db.store.rebuild_rollups(&ctx(8)).await.expect("rebuild");
    assert_eq!(incremental, db.store.rollups().await.expect("rollups"));
    assert_eq!(
        margins,
        kallos_store::conformance::all_margins(&*db.store).await
    );
    for r in refs {
        let stored = db.store.case(sbcp, r).await.expect("read").expect("case");
        assert_eq!(stored.version, WRITERS);
        let history = db.store.case_history(sbcp, r).await.expect("history");
        assert_eq!(history.len() as i64, WRITERS - 1);
    }
    let done = db
        .store
        .submission(id)
        .await
        .expect("read")
        .expect("submission");
    assert_eq!(
        (done.counts.accepted, done.counts.updated, done.rows_done),
        (3, 3 * (WRITERS - 1), 3 * WRITERS)
    );
    verify_chain(&*db.store).await;
    db.drop_schema().await;
}

#[tokio::test]
async fn the_margins_are_filled_from_the_cube_on_opening_a_database_without_them() {
    let Some(db) = fresh_store().await else {
        return;
    };
    kallos_store::conformance::import_sample_cases(&*db.store).await;
    let margins = kallos_store::conformance::all_margins(&*db.store).await;
    assert!(margins.len() > 10);
    // As a database migrated to 0007 is: a cube, and an empty margins table.
    sqlx::query("DELETE FROM case_margins")
        .execute(&db.pool)
        .await
        .expect("empty the margins");
    let reopened = PostgresStore::connect_in_schema(&db.url, &db.schema)
        .await
        .expect("reopen");
    assert_eq!(
        kallos_store::conformance::all_margins(&reopened).await,
        margins
    );
    reopened.raw_pool().close().await;
    db.drop_schema().await;
}

/// A store from before the identifier mask, opened after migration 0011:
/// nothing a detector finds is left in any table, nothing else changed, and
/// the chain verifies.
#[tokio::test]
async fn a_store_from_before_the_mask_keeps_no_identifier_and_its_chain_verifies() {
    use kallos_store::conformance::legacy;
    let Some(url) = database_url() else { return };
    let schema = unique_schema();
    let pool = PostgresStore::migrated_to_in_schema(&url, &schema, 10)
        .await
        .expect("0010");
    sqlx::query("INSERT INTO submissions (file_name, file_sha256, source, status, actor, started_at_micros) VALUES ($1, 'ab12', 'csv', 'completed', 'user:1', 1)")
        .bind(legacy::FILE_NAME)
        .execute(&pool)
        .await
        .expect("submission");
    for (row, column, value, reason, severity, message) in legacy::issues() {
        sqlx::query("INSERT INTO submission_issues (submission_id, row_number, column_name, value, reason, severity, reason_message) VALUES (1, $1, $2, $3, $4, $5, $6)")
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
        sqlx::query("INSERT INTO audit_log (seq, at_micros, actor, action, entity, entity_id, society_id, source, request_id, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
            .bind(r.seq).bind(r.at_micros).bind(&r.actor).bind(&r.action).bind(&r.entity)
            .bind(&r.entity_id).bind(r.society_id).bind(&r.source).bind(&r.request_id)
            .bind(&r.detail).bind(&r.prev_hash).bind(&r.hash)
            .execute(&pool)
            .await
            .expect("audit entry");
    }
    let head = audit.last().expect("head");
    sqlx::query("INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)")
        .bind(head.seq)
        .bind(&head.hash)
        .execute(&pool)
        .await
        .expect("head");
    pool.close().await;

    let store = PostgresStore::connect_in_schema(&url, &schema)
        .await
        .expect("open after 0011");
    legacy::check_masked_legacy_store(&store).await;
    // Every column of every table, as text.
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
    )
    .bind(&schema)
    .fetch_all(store.raw_pool())
    .await
    .expect("tables");
    for table in tables {
        let rows: Vec<String> =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT t::text FROM \"{table}\" t")))
                .fetch_all(store.raw_pool())
                .await
                .expect("rows");
        for row in rows {
            for id in legacy::IDENTIFIERS {
                assert!(
                    !row.to_lowercase().contains(&id.to_lowercase()),
                    "{id} in {table}: {row}"
                );
            }
        }
    }
    let db = TestDb {
        pool: store.raw_pool().clone(),
        store: Arc::new(store),
        url,
        schema,
    };
    db.drop_schema().await;
}
