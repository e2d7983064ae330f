//! `kallos audit verify` finds an altered or removed entry and names it.

use crate::{kallos, run, text};
use sqlx::Connection;

async fn execute(db: &std::path::Path, sql: &str) {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

fn verify(dir: &std::path::Path) -> (bool, String, String) {
    let out = run(kallos(dir).args(["audit", "verify"]));
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test]
async fn altering_or_removing_any_entry_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(kallos(dir.path()).args(["generate", "members", "--count", "30"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (ok, stdout, _) = verify(dir.path());
    assert!(ok, "{stdout}");
    let entries: i64 = stdout.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(entries > 80, "{stdout}");

    let db = dir.path().join("kallos.db");
    let copy = dir.path().join("pristine.db");
    std::fs::copy(&db, &copy).unwrap();

    execute(
        &db,
        "UPDATE audit_log SET actor = 'user:999' WHERE seq = 42",
    )
    .await;
    let (ok, _, stderr) = verify(dir.path());
    assert!(!ok);
    assert!(stderr.contains("BROKEN at entry 42"), "{stderr}");

    std::fs::copy(&copy, &db).unwrap();
    execute(&db, "DELETE FROM audit_log WHERE seq = 7").await;
    let (ok, _, stderr) = verify(dir.path());
    assert!(!ok);
    assert!(stderr.contains("BROKEN at entry 7"), "{stderr}");

    std::fs::copy(&copy, &db).unwrap();
    execute(&db, &format!("DELETE FROM audit_log WHERE seq = {entries}")).await;
    let (ok, _, stderr) = verify(dir.path());
    assert!(!ok, "removing the last entry is found too");
    assert!(
        stderr.contains(&format!("BROKEN at entry {entries}")),
        "{stderr}"
    );

    std::fs::copy(&copy, &db).unwrap();
    assert!(verify(dir.path()).0, "the pristine copy verifies");
}
