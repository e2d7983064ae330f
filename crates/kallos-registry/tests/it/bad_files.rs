//! Files that are not readable as cases, and a case repeated within a file.

use super::{Setup, options, setup, synthetic};
use chrono::{TimeZone, Utc};
use kallos_domain::audit::AuditContext;
use kallos_registry::import::{ImportError, ImportOptions, import_file};
use kallos_store::registry::{Counts, NewSubmission, SubmissionStatus};

/// A valid file of `count` cases, as text.
pub fn good_text(setup: &Setup, count: u64) -> String {
    std::fs::read_to_string(synthetic(setup, count, 11)).unwrap()
}

/// The same text as UTF-16 (little-endian), with or without its byte-order mark.
pub fn utf16(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

/// Bytes from a fixed pseudo-random sequence.
pub fn random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[3]
        })
        .collect()
}

/// The start of a real program: this test's own executable.
pub fn executable() -> Vec<u8> {
    let mut bytes = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    bytes.truncate(256 * 1024);
    bytes
}

/// The four kinds of file the issue names (and UTF-16 without a mark), each
/// with the reason its submission must fail with.
pub fn unreadable_files(setup: &Setup) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = good_text(setup, 40);
    vec![
        ("utf16.csv", utf16(&good, true), "reason-file-utf16"),
        (
            "utf16-no-mark.csv",
            utf16(&good, false),
            "reason-file-utf16",
        ),
        (
            "semicolons.csv",
            good.replace(',', ";").into_bytes(),
            "reason-file-delimiter",
        ),
        (
            "random.csv",
            random_bytes(64 * 1024),
            "reason-file-not-text",
        ),
        ("program.csv", executable(), "reason-file-not-text"),
    ]
}

fn audit() -> AuditContext {
    AuditContext::system("import", Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap())
}

async fn fails(setup: &Setup, path: &std::path::Path, options: &ImportOptions) -> i64 {
    let mut progress = |_: u64, _: i64| {};
    match import_file(&*setup.store, &audit, path, options, &mut progress).await {
        Err(ImportError::Failed { submission, .. }) => submission,
        other => panic!(
            "{}: expected a failed submission, got {other:?}",
            path.display()
        ),
    }
}

#[tokio::test]
async fn a_file_not_readable_as_cases_fails_its_submission_and_changes_nothing() {
    let setup = setup().await;
    for (name, bytes, reason) in unreadable_files(&setup) {
        let path = setup.dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let mut submissions = Vec::new();
        // The same bytes twice: each time a submission of its own, failed
        // the same way (the first is not resumed).
        for _ in 0..2 {
            let id = fails(&setup, &path, &options()).await;
            let submission = setup.store.submission(id).await.unwrap().unwrap();
            assert_eq!(submission.status, SubmissionStatus::Failed, "{name}");
            assert_eq!(
                (submission.rows_done, submission.counts),
                (0, Counts::default()),
                "{name}"
            );
            let report = setup
                .store
                .submission_issues(id, 0, i64::MAX)
                .await
                .unwrap();
            assert_eq!(report.len(), 1, "{name}: {report:?}");
            assert_eq!(
                report[0].message.as_ref().map(|m| m.id.as_str()),
                Some(reason),
                "{name}: {report:?}"
            );
            assert_eq!((report[0].row, report[0].severity.as_str()), (1, "error"));
            assert!(report[0].reason.contains("nothing was imported"), "{name}");
            submissions.push(id);
        }
        assert_ne!(submissions[0], submissions[1], "{name}: resumed");
        // A dry run and a strict import say the same, the strict one with a
        // failed submission too.
        let mut progress = |_: u64, _: i64| {};
        let dry = ImportOptions {
            dry_run: true,
            ..options()
        };
        assert!(matches!(
            import_file(&*setup.store, &audit, &path, &dry, &mut progress).await,
            Err(ImportError::File(_))
        ));
        let strict = ImportOptions {
            strict: true,
            ..options()
        };
        fails(&setup, &path, &strict).await;
    }
    assert_eq!(setup.store.count_cases(None).await.unwrap(), 0);
    assert!(setup.store.rollups().await.unwrap().is_empty());
}

/// An upload starts its submission before the import reads the file, and
/// a submission left running by a release before this one is taken over:
/// both end failed rather than "Importing…" for ever.
#[tokio::test]
async fn a_submission_started_before_the_file_is_read_ends_failed() {
    let setup = setup().await;
    let sbcp = setup
        .store
        .society_by_slug("SBCP")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (name, bytes, _) = unreadable_files(&setup).swap_remove(2);
    let path = setup.dir.path().join(name);
    std::fs::write(&path, &bytes).unwrap();
    let started = setup
        .store
        .start_submission(
            &audit(),
            &NewSubmission {
                file_name: name.into(),
                file_sha256: kallos_registry::import::file_sha256(&path).unwrap(),
                source: "csv".to_owned(),
                society: Some(sbcp),
            },
        )
        .await
        .unwrap();
    let only_sbcp = ImportOptions {
        society: Some("SBCP".to_owned()),
        ..options()
    };
    assert_eq!(fails(&setup, &path, &only_sbcp).await, started.id);
    let again = fails(&setup, &path, &only_sbcp).await;
    assert_ne!(again, started.id);
}

/// A row per line: the case id, its age, and the rest of a valid SBCP case.
fn row(setup: &Setup, id: &str, age: u32) -> String {
    format!(
        "{id},SBCP,{},hospital,BR,BR,2025-02-01,BE-LIPO,general,k-{id}-key,{age},F,no,no,2,",
        setup.member
    )
}

const HEADER: &str = "case_id,society,member_id,setting,procedure_country,residence_country,procedure_date,procedures,anaesthesia,patient_key,age,sex,smoker,diabetes,asa,complications";

fn repeated_file(setup: &Setup) -> std::path::PathBuf {
    // Rows 2..=9, in batches of two ([2, 3], [4, 5], [6, 7], [8, 9]): A
    // (rows 2 and 6) and B (rows 3 and 9) repeat across batches, and after
    // a kill that committed the first batch only.
    let rows = [
        row(setup, "A-1", 30),
        row(setup, "B-1", 31),
        row(setup, "C-1", 32),
        row(setup, "D-1", 33),
        row(setup, "A-1", 50),
        row(setup, "E-1", 34),
        row(setup, "F-1", 35),
        row(setup, "B-1", 51),
    ];
    let path = setup.dir.path().join("repeated.csv");
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

async fn assert_first_rows_kept(setup: &Setup, summary_issues: &[(i64, String, String, String)]) {
    let sbcp = setup
        .store
        .society_by_slug("SBCP")
        .await
        .unwrap()
        .unwrap()
        .id;
    for (id, age) in [("A-1", 30), ("B-1", 31)] {
        let stored = setup.store.case(sbcp, id).await.unwrap().unwrap();
        assert_eq!((stored.version, stored.record.age), (1, age), "{id}");
        assert!(setup.store.case_history(sbcp, id).await.unwrap().is_empty());
    }
    assert_eq!(
        summary_issues,
        [
            (
                6,
                "case_id".to_owned(),
                "A-1".to_owned(),
                "repeated in this file at row 2".to_owned()
            ),
            (
                9,
                "case_id".to_owned(),
                "B-1".to_owned(),
                "repeated in this file at row 3".to_owned()
            ),
        ]
    );
}

async fn report_of(setup: &Setup, submission: i64) -> Vec<(i64, String, String, String)> {
    let issues = setup
        .store
        .submission_issues(submission, 0, i64::MAX)
        .await
        .unwrap();
    for i in &issues {
        let message = i.message.as_ref().unwrap();
        assert_eq!(message.id, "reason-repeated-in-file");
        assert_eq!(message.args[0].0, "row");
    }
    issues
        .into_iter()
        .map(|i| {
            (
                i.row,
                i.column.into_string(),
                i.value.into_string(),
                i.reason,
            )
        })
        .collect()
}

#[tokio::test]
async fn a_case_repeated_in_a_file_is_reported_and_the_first_row_kept() {
    let setup = setup().await;
    let path = repeated_file(&setup);
    let small_batches = ImportOptions {
        batch_size: 2,
        ..options()
    };
    let summary = super::import(&setup, &path, &small_batches).await;
    assert_eq!(
        (
            summary.rows_read,
            summary.accepted,
            summary.updated,
            summary.unchanged,
            summary.rejected
        ),
        (8, 6, 0, 0, 2)
    );
    let report = report_of(&setup, summary.submission.unwrap()).await;
    assert_first_rows_kept(&setup, &report).await;
    // A dry run reports the same.
    let dry = ImportOptions {
        dry_run: true,
        ..small_batches
    };
    let checked = super::import(&setup, &path, &dry).await;
    let lines: Vec<(u64, &str)> = checked
        .issues
        .iter()
        .map(|i| (i.row, i.reason.english.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (6, "repeated in this file at row 2"),
            (9, "repeated in this file at row 3")
        ]
    );
}

/// Killed after its first batch (rows 2 and 3), the import resumes at row 4
/// and still knows rows 2 and 3: their repeats are reported as in one run.
#[tokio::test]
async fn a_resumed_import_still_finds_cases_repeated_from_before_the_kill() {
    let setup = setup().await;
    let path = repeated_file(&setup);
    let small_batches = ImportOptions {
        batch_size: 2,
        ..options()
    };
    let store = std::sync::Arc::clone(&setup.store);
    let (killed_path, killed_options) = (path.clone(), small_batches.clone());
    // The process dies right after the first batch is committed.
    let killed = tokio::spawn(async move {
        let mut progress = |_: u64, rows: i64| {
            assert!(rows < 2, "killed after the first batch");
        };
        import_file(
            &*store,
            &audit,
            &killed_path,
            &killed_options,
            &mut progress,
        )
        .await
    })
    .await;
    assert!(killed.is_err(), "the first run died");
    assert_eq!(setup.store.count_cases(None).await.unwrap(), 2);
    let summary = super::import(&setup, &path, &small_batches).await;
    assert_eq!(summary.resumed_after, 2);
    assert_eq!(
        (summary.rows_read, summary.accepted, summary.rejected),
        (8, 6, 2)
    );
    let report = report_of(&setup, summary.submission.unwrap()).await;
    assert_first_rows_kept(&setup, &report).await;
}
