//! A submission from a file: rows are read and checked on a thread of their
//! own, and applied in batches, each one transaction with its rollups and
//! audit entry. A killed import resumes from the last committed batch; the
//! same file imported again changes nothing.

use crate::reasons::Reason;
use crate::rows::{CaseReader, Context, FileError, Issue, Severity};
use chrono::{Datelike, NaiveDate};
use kallos_domain::SocietyId;
use kallos_domain::audit::AuditContext;
use kallos_domain::registry::identifiers::Masked;
use kallos_domain::registry::pseudonymise;
use kallos_store::registry::{
    CaseToStore, Counts, ImportBatch, NewSubmission, StoredIssue, SubmissionStatus,
};
use kallos_store::statistics::{approval_keys, approved_period};
use kallos_store::{Store, StoreError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Only rows of this society (acronym) are accepted.
    pub society: Option<String>,
    /// Check only; store nothing.
    pub dry_run: bool,
    /// Any error rejects the whole file.
    pub strict: bool,
    /// Only cases this member operated on are accepted: a member submitting
    /// their own cases, rather than their society's administrator.
    pub member: Option<i64>,
    pub batch_size: usize,
    pub today: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] FileError),
    /// The file could not be read as cases: its submission is recorded as
    /// failed, with the reason as its report, and nothing else changed.
    #[error("{error} (submission {submission} failed; nothing was imported)")]
    Failed { submission: i64, error: FileError },
    #[error("--society: no society '{0}'")]
    UnknownSociety(String),
    #[error("storing: {0}")]
    Store(#[from] StoreError),
    #[error("reading {path}: {message}")]
    Io { path: String, message: String },
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportSummary {
    /// `None` for a dry run.
    pub submission: Option<i64>,
    pub status: &'static str,
    pub rows_read: i64,
    pub accepted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    /// Data rows skipped because an earlier run had committed them.
    pub resumed_after: i64,
    /// The first issues, for display; all of them are stored with the submission.
    #[serde(skip)]
    pub issues: Vec<Issue>,
    pub issue_count: i64,
}

/// Progress callbacks: bytes read of the file, and rows done.
pub trait Progress: Send {
    fn advance(&mut self, bytes: u64, rows: i64);
}

impl<F: FnMut(u64, i64) + Send> Progress for F {
    fn advance(&mut self, bytes: u64, rows: i64) {
        self(bytes, rows);
    }
}

/// SHA-256 of a file, streamed.
pub fn file_sha256(path: &Path) -> Result<String, ImportError> {
    let io = |e: std::io::Error| ImportError::Io {
        path: Masked::file_name(&path.display().to_string()).into_string(),
        message: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Batches from the reading thread, and the issues of the header.
type Reading = (Batches, Vec<Issue>);

/// The batches the reading thread hands over. It reads the next batch while
/// this one is written, then waits until it is taken: two batches in memory
/// at most, however large the file.
struct Batches {
    ready: tokio::sync::mpsc::Receiver<Result<ReadBatch, FileError>>,
    taken: std::sync::mpsc::Sender<()>,
}

impl Batches {
    async fn recv(&mut self) -> Option<Result<ReadBatch, FileError>> {
        let batch = self.ready.recv().await?;
        // The reader may have stopped (end of file, an error): nobody waits.
        let _ = self.taken.send(());
        Some(batch)
    }
}

struct ReadBatch {
    rows: Vec<ReadRow>,
    bytes: u64,
}

/// A checked row: its issues, and the case ready to store when preparing.
struct ReadRow {
    row: u64,
    issues: Vec<Issue>,
    accepted: bool,
    prepared: Option<CaseToStore>,
}

/// What the reading thread needs to make cases ready to store, so that
/// pseudonyms and content hashes are computed beside the database writes.
struct Prepare {
    secret: Vec<u8>,
    societies: HashMap<String, SocietyId>,
}

impl Prepare {
    fn case(&self, mut case: kallos_domain::registry::CaseRecord) -> Option<CaseToStore> {
        let society = self.societies.get(&case.society).copied()?;
        case.patient_key = pseudonymise(&self.secret, &case.society, &case.patient_key);
        Some(CaseToStore::new(society, case))
    }
}

const MAX_KEPT_ISSUES: usize = 1_000;

async fn context(
    store: &dyn Store,
    options: &ImportOptions,
) -> Result<(Context, HashMap<String, SocietyId>), ImportError> {
    let societies: HashMap<String, SocietyId> = store
        .list_societies()
        .await?
        .into_iter()
        .map(|s| (s.acronym, s.id))
        .collect();
    let only_society = match &options.society {
        Some(only) => Some(
            societies
                .keys()
                .find(|a| a.eq_ignore_ascii_case(only))
                .cloned()
                .ok_or_else(|| ImportError::UnknownSociety(only.clone()))?,
        ),
        None => None,
    };
    let by_id: HashMap<SocietyId, &String> = societies.iter().map(|(a, id)| (*id, a)).collect();
    let memberships = store
        .memberships()
        .await?
        .into_iter()
        .filter_map(|(s, m)| by_id.get(&s).map(|a| ((*a).clone(), m.0)))
        .collect();
    let context = Context {
        societies: societies
            .keys()
            .map(|a| (a.to_ascii_uppercase(), a.clone()))
            .collect(),
        memberships,
        only_society,
        only_member: options.member,
        today: Some(options.today),
        // Approved periods are checked against the stored cases when the
        // batch is applied (an unchanged case is no change), not here.
        approved: HashMap::new(),
    };
    Ok((context, societies))
}

/// Reads `path` on a thread, skipping `skip` data rows, sending batches.
fn spawn_reader(
    path: &Path,
    context: Context,
    options: &ImportOptions,
    skip: i64,
    prepare: Option<Prepare>,
) -> Result<Reading, ImportError> {
    let io = |e: std::io::Error| ImportError::Io {
        path: Masked::file_name(&path.display().to_string()).into_string(),
        message: e.to_string(),
    };
    let mut head = Vec::with_capacity(crate::rows::SNIFFED_BYTES);
    std::fs::File::open(path)
        .map_err(io)?
        .take(crate::rows::SNIFFED_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    crate::rows::sniff(&head)?;
    let file = std::fs::File::open(path).map_err(io)?;
    let mut reader = CaseReader::new(
        std::io::BufReader::with_capacity(1 << 20, file),
        context,
        options.today,
    )?;
    let header_issues = reader.header_issues().to_vec();
    // The next batch is read while the last is written (see `Batches`).
    let (sender, receiver) = tokio::sync::mpsc::channel(1);
    let (taken, wait_taken) = std::sync::mpsc::channel::<()>();
    let batch_size = options.batch_size.max(1);
    std::thread::spawn(move || {
        let mut skipped = 0;
        let mut rows = Vec::with_capacity(batch_size);
        while let Some(next) = reader.next_row() {
            match next {
                Ok(_) if skipped < skip => skipped += 1,
                Ok(crate::rows::Row { row, case, issues }) => {
                    let accepted = case.is_ok();
                    // The checked case moves into the one to store: no copy.
                    let prepared = match (&prepare, case) {
                        (Some(p), Ok(case)) => p.case(case),
                        _ => None,
                    };
                    rows.push(ReadRow {
                        row,
                        issues,
                        accepted,
                        prepared,
                    });
                    if rows.len() == batch_size {
                        let batch = ReadBatch {
                            rows: std::mem::replace(&mut rows, Vec::with_capacity(batch_size)),
                            bytes: reader.position(),
                        };
                        if sender.blocking_send(Ok(batch)).is_err() || wait_taken.recv().is_err() {
                            return;
                        }
                    }
                }
                Err(error) => {
                    let _ = sender.blocking_send(Err(error));
                    return;
                }
            }
        }
        if !rows.is_empty() {
            let _ = sender.blocking_send(Ok(ReadBatch {
                rows,
                bytes: reader.position(),
            }));
        }
    });
    Ok((
        Batches {
            ready: receiver,
            taken,
        },
        header_issues,
    ))
}

fn stored(issue: &Issue) -> StoredIssue {
    StoredIssue {
        row: i64::try_from(issue.row).unwrap_or(i64::MAX),
        column: issue.column.clone(),
        value: issue.value.clone(),
        reason: issue.reason.english.clone(),
        severity: issue.severity.as_str().to_owned(),
        message: Some(issue.reason.message()),
    }
}

/// Checks every row without storing anything.
async fn check_only(
    path: &Path,
    context: Context,
    options: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<ImportSummary, ImportError> {
    let (mut batches, header_issues) = spawn_reader(path, context, options, 0, None)?;
    let mut summary = ImportSummary {
        submission: None,
        status: "checked",
        rows_read: 0,
        accepted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        resumed_after: 0,
        issue_count: header_issues.len() as i64,
        issues: header_issues,
    };
    while let Some(batch) = batches.recv().await {
        let batch = batch?;
        for row in batch.rows {
            summary.rows_read += 1;
            if row.accepted {
                summary.accepted += 1;
            } else {
                summary.rejected += 1;
            }
            summary.issue_count += row.issues.len() as i64;
            let room = MAX_KEPT_ISSUES.saturating_sub(summary.issues.len());
            summary.issues.extend(row.issues.into_iter().take(room));
        }
        progress.advance(batch.bytes, summary.rows_read);
    }
    Ok(summary)
}

/// Imports a case file. `audit` makes the audit context for each write.
/// A CSV, XLSX or FHIR (Bundle or NDJSON of Bundles) file; XLSX and FHIR are
/// read through a CSV copy beside it, removed afterwards, so that every form
/// goes through the same checks.
///
/// A file that cannot be read as cases (another encoding or delimiter, not
/// text, a header without the required columns) fails: its submission (the
/// running one for the same file, as an upload starts it, or a new one) ends
/// `failed` with the reason as its report, before any batch changed
/// anything, and [`ImportError::Failed`] says why. The same file imported
/// again starts a new submission and fails the same way.
pub async fn import_file(
    store: &dyn Store,
    audit: &(dyn Fn() -> AuditContext + Sync),
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<ImportSummary, ImportError> {
    match import_any(store, audit, path, options, progress).await {
        Err(ImportError::File(error)) if !options.dry_run => {
            Err(record_failure(store, audit, path, options, error).await)
        }
        outcome => outcome,
    }
}

/// The kind of file, as its submission records it.
fn kind_of(path: &Path) -> &'static str {
    if crate::xlsx::is_xlsx(path) {
        "xlsx"
    } else if crate::fhir::is_fhir(path) {
        "fhir"
    } else {
        "csv"
    }
}

/// Ends the file's submission as failed, with `error` as its report, and
/// returns the error to give. A submission that had already committed
/// batches (a read error half-way through a file) is left running, to be
/// resumed.
async fn record_failure(
    store: &dyn Store,
    audit: &(dyn Fn() -> AuditContext + Sync),
    path: &Path,
    options: &ImportOptions,
    error: FileError,
) -> ImportError {
    let record = async {
        let societies: HashMap<String, SocietyId> = store
            .list_societies()
            .await?
            .into_iter()
            .map(|s| (s.acronym, s.id))
            .collect();
        let submission = store
            .start_submission(
                &audit(),
                &NewSubmission {
                    file_name: file_name(path),
                    file_sha256: file_sha256(path)?,
                    source: kind_of(path).to_owned(),
                    society: restricted_to(options, &societies),
                },
            )
            .await?;
        if submission.rows_done > 0 {
            return Ok(None);
        }
        let report = ImportBatch {
            issues: vec![stored(&error.issue())],
            ..ImportBatch::default()
        };
        store.import_batch(&audit(), submission.id, &report).await?;
        store
            .finish_submission(&audit(), submission.id, SubmissionStatus::Failed)
            .await?;
        Ok::<_, ImportError>(Some(submission.id))
    };
    match record.await {
        Ok(Some(submission)) => ImportError::Failed { submission, error },
        Ok(None) => ImportError::File(error),
        Err(recording) => recording,
    }
}

async fn import_any(
    store: &dyn Store,
    audit: &(dyn Fn() -> AuditContext + Sync),
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<ImportSummary, ImportError> {
    let convert: fn(&Path, &Path) -> Result<u64, FileError> = if crate::xlsx::is_xlsx(path) {
        crate::xlsx::to_csv
    } else if crate::fhir::is_fhir(path) {
        crate::fhir::to_csv
    } else {
        return import_csv(store, audit, path, path, "csv", options, progress).await;
    };
    let kind = if crate::xlsx::is_xlsx(path) {
        "xlsx"
    } else {
        "fhir"
    };
    let mut copy = path.as_os_str().to_owned();
    copy.push(".csv");
    let copy = std::path::PathBuf::from(copy);
    let result = match convert(path, &copy) {
        Ok(_) => import_csv(store, audit, path, &copy, kind, options, progress).await,
        Err(error) => Err(error.into()),
    };
    std::fs::remove_file(&copy).ok();
    result
}

/// Imports `data` (CSV) on behalf of `path`, the file as submitted, whose
/// name and hash identify the submission.
#[allow(clippy::too_many_arguments)]
async fn import_csv(
    store: &dyn Store,
    audit: &(dyn Fn() -> AuditContext + Sync),
    path: &Path,
    data: &Path,
    kind: &str,
    options: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<ImportSummary, ImportError> {
    let (context, societies) = context(store, options).await?;
    if options.dry_run {
        return check_only(data, context, options, progress).await;
    }
    if options.strict {
        let checked = check_only(data, context.clone(), options, progress).await?;
        if checked.rejected > 0 || checked.issues.iter().any(|i| i.severity == Severity::Error) {
            return record_rejection(store, audit, path, kind, options, &societies, checked).await;
        }
    }
    let sha256 = file_sha256(path)?;
    let submission = store
        .start_submission(
            &audit(),
            &NewSubmission {
                file_name: file_name(path),
                file_sha256: sha256,
                source: kind.to_owned(),
                society: restricted_to(options, &societies),
            },
        )
        .await?;
    let secret = store.pseudonym_secret(&audit()).await?;
    let mut approvals = store.approvals(None).await?;
    let resumed_after = submission.rows_done;
    let (mut batches, header_issues) = spawn_reader(
        data,
        context,
        options,
        resumed_after,
        Some(Prepare {
            secret,
            societies: societies.clone(),
        }),
    )?;
    let mut kept: Vec<Issue> = Vec::new();
    // Header issues are stored once, with the first batch of a fresh submission.
    let mut pending_header = if resumed_after == 0 {
        header_issues.clone()
    } else {
        Vec::new()
    };
    kept.extend(header_issues);
    while let Some(batch) = batches.recv().await {
        let batch = batch?;
        let mut import = ImportBatch {
            rows_read: batch.rows.len() as i64,
            ..ImportBatch::default()
        };
        // The row each of `import.cases` came from.
        let mut case_rows = Vec::with_capacity(batch.rows.len());
        import
            .issues
            .extend(pending_header.drain(..).map(|i| stored(&i)));
        for mut row in batch.rows {
            let mut prepared = row.prepared.take();
            if let Some(case) = &prepared
                && let Some(issue) = stored_version_locked(store, &approvals, case, row.row).await?
            {
                row.issues.push(issue);
                prepared = None;
            }
            import.issues.extend(row.issues.iter().map(stored));
            let room = MAX_KEPT_ISSUES.saturating_sub(kept.len());
            kept.extend(row.issues.into_iter().take(room));
            match prepared {
                Some(case) => {
                    import.cases.push(case);
                    case_rows.push(row.row);
                }
                None => import.rejected += 1,
            }
        }
        store_checked(
            store,
            &audit(),
            submission.id,
            &mut import,
            &mut case_rows,
            &mut approvals,
            &mut kept,
        )
        .await?;
        let done = store
            .submission(submission.id)
            .await?
            .map_or(0, |s| s.rows_done);
        progress.advance(batch.bytes, done);
    }
    if !pending_header.is_empty() {
        // A file with a header and no rows still records its header issues.
        let import = ImportBatch {
            issues: pending_header.iter().map(stored).collect(),
            ..ImportBatch::default()
        };
        store.import_batch(&audit(), submission.id, &import).await?;
    }
    let finished = store
        .finish_submission(&audit(), submission.id, SubmissionStatus::Completed)
        .await?;
    summary_of(
        finished.id,
        "completed",
        finished.counts,
        resumed_after,
        kept,
        store,
    )
    .await
}

async fn summary_of(
    id: i64,
    status: &'static str,
    counts: Counts,
    resumed_after: i64,
    issues: Vec<Issue>,
    store: &dyn Store,
) -> Result<ImportSummary, ImportError> {
    let issue_count = store.submission_issues(id, 0, i64::MAX).await?.len() as i64;
    Ok(ImportSummary {
        submission: Some(id),
        status,
        rows_read: counts.rows_read,
        accepted: counts.accepted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        rejected: counts.rejected,
        resumed_after,
        issues,
        issue_count,
    })
}

/// `--strict` with errors: the submission is recorded, with its report, as rejected.
async fn record_rejection(
    store: &dyn Store,
    audit: &(dyn Fn() -> AuditContext + Sync),
    path: &Path,
    kind: &str,
    options: &ImportOptions,
    societies: &HashMap<String, SocietyId>,
    checked: ImportSummary,
) -> Result<ImportSummary, ImportError> {
    let submission = store
        .start_submission(
            &audit(),
            &NewSubmission {
                file_name: file_name(path),
                file_sha256: file_sha256(path)?,
                source: kind.to_owned(),
                society: restricted_to(options, societies),
            },
        )
        .await?;
    let batch = ImportBatch {
        cases: Vec::new(),
        issues: checked.issues.iter().map(stored).collect(),
        rejected: checked.rows_read,
        rows_read: checked.rows_read,
        approvals_seen: None,
    };
    store.import_batch(&audit(), submission.id, &batch).await?;
    let finished = store
        .finish_submission(&audit(), submission.id, SubmissionStatus::Rejected)
        .await?;
    summary_of(
        finished.id,
        "rejected",
        finished.counts,
        0,
        checked.issues,
        store,
    )
    .await
}

/// Stores a batch whose cases were checked against `approvals`. When a
/// society has approved a period since, the store refuses the batch; the
/// approvals are read again, the cases checked against them (those now
/// locked become issues of their rows) and the batch is offered again.
async fn store_checked(
    store: &dyn Store,
    ctx: &AuditContext,
    submission: i64,
    import: &mut ImportBatch,
    case_rows: &mut Vec<u64>,
    approvals: &mut Vec<kallos_store::statistics::Approval>,
    kept: &mut Vec<Issue>,
) -> Result<(), ImportError> {
    loop {
        import.approvals_seen = Some(approval_keys(approvals));
        match store.import_batch(ctx, submission, import).await {
            Err(StoreError::ApprovalsChanged) => {
                *approvals = store.approvals(None).await?;
                let cases = std::mem::take(&mut import.cases);
                let rows = std::mem::take(case_rows);
                for (case, row) in cases.into_iter().zip(rows) {
                    match stored_version_locked(store, approvals, &case, row).await? {
                        Some(issue) => {
                            import.issues.push(stored(&issue));
                            import.rejected += 1;
                            if kept.len() < MAX_KEPT_ISSUES {
                                kept.push(issue);
                            }
                        }
                        None => {
                            import.cases.push(case);
                            case_rows.push(row);
                        }
                    }
                }
            }
            outcome => return outcome.map(|_| ()).map_err(ImportError::from),
        }
    }
}

/// A row that would change a case of an approved period (a new case in
/// it, a changed one, or one moved out of it) is refused with the reason; a
/// case submitted again unchanged is no change and passes.
async fn stored_version_locked(
    store: &dyn Store,
    approvals: &[kallos_store::statistics::Approval],
    case: &CaseToStore,
    row: u64,
) -> Result<Option<Issue>, ImportError> {
    if !approvals.iter().any(|a| a.society_id == case.society_id) {
        return Ok(None);
    }
    let locked =
        |date: NaiveDate| approved_period(approvals, case.society_id, date.year(), date.month());
    let new_date = case.record.procedure_date;
    let stored = store.case(case.society_id, &case.record.case_ref).await?;
    if stored
        .as_ref()
        .is_some_and(|s| s.content_hash == case.content_hash)
    {
        return Ok(None);
    }
    let (date, reason) = match (
        locked(new_date),
        stored.and_then(|s| locked(s.record.procedure_date).map(|p| (s, p))),
    ) {
        (Some(period), _) => (new_date, Reason::locked(period)),
        (None, Some((old, period))) => (
            old.record.procedure_date,
            Reason::stored_case_locked(period),
        ),
        (None, None) => return Ok(None),
    };
    Ok(Some(Issue {
        row,
        column: Masked::new("procedure_date"),
        value: Masked::new(&date.to_string()),
        reason,
        severity: Severity::Error,
    }))
}

/// The file's name (not its folder), masked: kept, audited and shown only so.
fn file_name(path: &Path) -> Masked {
    Masked::file_name(&path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    ))
}

/// The society an import is restricted to, whatever the case of its acronym.
fn restricted_to(
    options: &ImportOptions,
    societies: &HashMap<String, SocietyId>,
) -> Option<SocietyId> {
    let only = options.society.as_ref()?;
    societies
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(only))
        .map(|(_, id)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kallos_domain::statistics::Period;
    use kallos_store::Change;
    use kallos_store::conformance::{case, ctx, seed_societies};
    use kallos_store::registry::CaseToStore;

    /// A society approves 2025 after the import read the approvals: the
    /// batch checked before is refused by the store, checked again, and its
    /// case of 2025 becomes an issue of its row while the case of 2024 is
    /// stored.
    #[tokio::test]
    async fn an_approval_made_during_an_import_locks_its_period_from_the_next_batch() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = kallos_store_sqlite::SqliteStore::open(&dir.path().join("k.db"))
            .await
            .expect("store");
        let store: &dyn Store = &store;
        let sbcp = seed_societies(store).await[8];
        let submission = store
            .start_submission(
                &ctx(1),
                &NewSubmission {
                    file_name: Masked::file_name("cases.csv"),
                    file_sha256: "meanwhile".to_owned(),
                    source: "csv".to_owned(),
                    society: None,
                },
            )
            .await
            .expect("submission")
            .id;
        let mut approvals = store.approvals(None).await.expect("approvals");
        store
            .apply(
                &ctx(2),
                vec![Change::ApprovePeriod {
                    society: sbcp,
                    period: Period::year(2025),
                }],
            )
            .await
            .expect("approve");
        let mut earlier = case("E-1", "SBCP", &["BE-LIPO"]);
        earlier.procedure_date = NaiveDate::from_ymd_opt(2024, 11, 3).expect("date");
        let mut import = ImportBatch {
            cases: vec![
                CaseToStore::new(sbcp, case("L-1", "SBCP", &["BE-LIPO"])),
                CaseToStore::new(sbcp, earlier),
            ],
            rows_read: 2,
            ..ImportBatch::default()
        };
        let mut case_rows = vec![2, 3];
        let mut kept = Vec::new();
        store_checked(
            store,
            &ctx(3),
            submission,
            &mut import,
            &mut case_rows,
            &mut approvals,
            &mut kept,
        )
        .await
        .expect("stored after checking again");
        assert_eq!(approvals.len(), 1, "the approvals were read again");
        assert_eq!(case_rows, vec![3]);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (kept[0].row, kept[0].column.as_str()),
            (2, "procedure_date")
        );
        assert_eq!(kept[0].reason, Reason::locked(Period::year(2025)));
        assert!(store.case(sbcp, "L-1").await.expect("read").is_none());
        assert!(store.case(sbcp, "E-1").await.expect("read").is_some());
        let progress = store
            .submission(submission)
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(
            (
                progress.counts.rows_read,
                progress.counts.accepted,
                progress.counts.rejected
            ),
            (2, 1, 1)
        );
    }
}
