//! Registry pages: the import template, uploading a case file, and a
//! submission's progress and validation report. Uploads are streamed to disk
//! and imported in the background; the submission page follows the import.

use crate::AppState;
use crate::auth::RequestMeta;
use crate::error::{AppError, AppResult};
use crate::input::FormInput;
use crate::pages::Frame;
use crate::tenancy::{Submitter, Tenant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use kallos_domain::society::Society;
use kallos_domain::spreadsheet::{Cell, line};
use kallos_registry::import::{ImportError, ImportOptions, import_file};
use kallos_store::registry::{NewSubmission, StoredIssue, Submission};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use tokio::io::AsyncWriteExt;

/// A new, unique path in the upload folder (which is created if absent).
pub(crate) async fn scratch_path(
    state: &AppState,
    prefix: &str,
    extension: &str,
) -> AppResult<std::path::PathBuf> {
    let dir = &state.config.upload_dir;
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| AppError::Internal(format!("creating {}: {e}", dir.display())))?;
    Ok(dir.join(format!(
        "{prefix}-{}.{extension}",
        &crate::auth::random_token()?[..16]
    )))
}

/// Every date a case can have, for counting all of a member's cases (dates
/// are compared as ISO text on SQLite, so within four-digit years).
const ALL_TIME: (NaiveDate, NaiveDate) = (day(1, 1, 1), day(9999, 12, 31));

const fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(day) => day,
        None => NaiveDate::MIN,
    }
}

/// The import a submitter may make: restricted to the society, and to the
/// member's own cases when a member submits.
fn import_options(society: &Society, submitter: Submitter, today: NaiveDate) -> ImportOptions {
    ImportOptions {
        society: Some(society.acronym.clone()),
        dry_run: false,
        strict: false,
        batch_size: 5_000,
        today,
        member: match submitter {
            Submitter::Member(member) => Some(member.0),
            Submitter::Society => None,
        },
    }
}

/// The CSV import template (public).
pub async fn template() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"kallos-cases-template.csv\"",
            ),
        ],
        kallos_registry::dataset::template_csv(),
    )
}

/// The import template as a workbook, with lists of choices and the data
/// dictionary.
pub async fn template_xlsx() -> AppResult<Response> {
    let workbook = kallos_registry::xlsx::template()
        .map_err(|e| AppError::Internal(format!("the XLSX template: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"kallos-cases-template.xlsx\"",
            ),
        ],
        workbook,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "registry.html")]
pub struct RegistryPage {
    frame: Frame,
    society: Society,
    /// The member whose own cases and submissions the page shows, when a
    /// member (not an administrator) opens it.
    member_view: Option<i64>,
    cases: i64,
    max_mib: u64,
    submissions: Vec<Submission>,
}

impl RegistryPage {
    fn started(&self, submission: &Submission) -> String {
        chrono::DateTime::from_timestamp_micros(submission.started_at_micros)
            .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
    }
}

pub async fn registry_page(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    submitter: Submitter,
) -> AppResult<RegistryPage> {
    let (cases, actor) = match submitter {
        Submitter::Society => (state.store.count_cases(Some(society.id)).await?, None),
        Submitter::Member(member) => (
            state
                .store
                .count_member_cases(member, ALL_TIME.0, ALL_TIME.1)
                .await?,
            Some(frame.principal.audit_label()),
        ),
    };
    let submissions = state
        .store
        .submissions(society.id, actor.as_deref(), 20)
        .await?;
    Ok(RegistryPage {
        member_view: match submitter {
            Submitter::Member(member) => Some(member.0),
            Submitter::Society => None,
        },
        frame,
        society,
        cases,
        max_mib: state.config.max_upload_bytes / (1024 * 1024),
        submissions,
    })
}

/// Receives a CSV file, stores it in the upload folder, starts its
/// submission and imports it in the background.
pub async fn upload(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    submitter: Submitter,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let bad = |message: String| AppError::BadRequest(message);
    let mut saved = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(format!("the upload could not be read: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("upload.csv").to_owned();
        let path = scratch_path(&state, &society.slug, "upload").await?;
        let mut out = tokio::fs::File::create(&path)
            .await
            .map_err(|e| AppError::Internal(format!("saving the upload: {e}")))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| bad(format!("the upload was interrupted: {e}")))?
        {
            size += chunk.len() as u64;
            if size > state.config.max_upload_bytes {
                drop(out);
                tokio::fs::remove_file(&path).await.ok();
                return Err(bad(format!(
                    "the file is larger than {} MiB",
                    state.config.max_upload_bytes / (1024 * 1024)
                )));
            }
            hasher.update(&chunk);
            out.write_all(&chunk)
                .await
                .map_err(|e| AppError::Internal(format!("saving the upload: {e}")))?;
        }
        out.flush()
            .await
            .map_err(|e| AppError::Internal(format!("saving the upload: {e}")))?;
        if size == 0 {
            tokio::fs::remove_file(&path).await.ok();
            return Err(bad("the file is empty".to_owned()));
        }
        saved = Some((path, file_name, hex::encode(hasher.finalize())));
    }
    let (path, file_name, sha256) =
        saved.ok_or_else(|| bad("choose a CSV file to upload (field 'file')".to_owned()))?;
    let now = state.clock.now();
    let audit_context = meta.audit(&frame.principal, now);
    // The import resumes this running submission: same file, same society.
    let submission = state
        .store
        .start_submission(
            &audit_context,
            &NewSubmission {
                file_name: kallos_domain::registry::identifiers::Masked::file_name(&file_name),
                file_sha256: sha256,
                source: "csv".to_owned(),
                society: Some(society.id),
            },
        )
        .await?;
    let options = import_options(&society, submitter, now.date_naive());
    let store = std::sync::Arc::clone(&state.store);
    let clock = std::sync::Arc::clone(&state.clock);
    tokio::spawn(async move {
        let audit = || kallos_domain::audit::AuditContext {
            at: clock.now(),
            ..audit_context.clone()
        };
        let mut progress = |_: u64, _: i64| {};
        match import_file(&*store, &audit, &path, &options, &mut progress).await {
            Ok(_) => {}
            // The submission says why, on its page: a problem of the file,
            // not of the server.
            Err(ImportError::Failed { submission, error }) => {
                tracing::info!(submission, %error, "an uploaded file could not be read as cases");
            }
            Err(error) => {
                tracing::error!(%error, file = %path.display(), "background import failed");
            }
        }
        tokio::fs::remove_file(&path).await.ok();
    });
    Ok(Redirect::to(&format!(
        "/societies/{}/registry/submissions/{}",
        society.slug, submission.id
    ))
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "submission.html")]
pub struct SubmissionPage {
    frame: Frame,
    society: Society,
    submission: Submission,
    issues: Vec<ShownIssue>,
    issue_count: usize,
}

/// A line of a stored report, in the reader's language.
pub struct ShownIssue {
    row: i64,
    column: String,
    value: String,
    reason: String,
    severity: String,
}

impl ShownIssue {
    fn of(tr: &crate::i18n::Tr, issue: StoredIssue) -> Self {
        Self {
            reason: tr.reason(issue.message.as_ref(), &issue.reason),
            severity: tr.t(format!("severity-{}", issue.severity)).into_owned(),
            row: issue.row,
            column: issue.column.into_string(),
            value: issue.value.into_string(),
        }
    }
}

impl SubmissionPage {
    fn status_key(&self) -> String {
        format!("submission-{}", self.submission.status.as_str())
    }
}

const ISSUES_SHOWN: usize = 200;

async fn own_submission(
    state: &AppState,
    society: &Society,
    submitter: Submitter,
    frame: &Frame,
    id: i64,
) -> AppResult<Submission> {
    // Another society's submission, or for a member another person's, is as
    // absent as a missing one.
    let actor = frame.principal.audit_label();
    state
        .store
        .submission(id)
        .await?
        .filter(|s| s.society == Some(society.id))
        .filter(|s| submitter == Submitter::Society || s.actor == actor)
        .ok_or(AppError::NotFound)
}

pub async fn submission_page(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    submitter: Submitter,
    Path(path): Path<(String, i64)>,
) -> AppResult<SubmissionPage> {
    let submission = own_submission(&state, &society, submitter, &frame, path.1).await?;
    let issues = state
        .store
        .submission_issues(submission.id, 0, i64::MAX)
        .await?;
    let issue_count = issues.len();
    let issues = issues
        .into_iter()
        .take(ISSUES_SHOWN)
        .map(|i| ShownIssue::of(&frame.tr, i))
        .collect();
    Ok(SubmissionPage {
        frame,
        society,
        submission,
        issues,
        issue_count,
    })
}

/// The whole validation report as CSV.
pub async fn submission_report(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    submitter: Submitter,
    Path(path): Path<(String, i64)>,
) -> AppResult<Response> {
    let submission = own_submission(&state, &society, submitter, &frame, path.1).await?;
    let issues = state
        .store
        .submission_issues(submission.id, 0, i64::MAX)
        .await?;
    let mut body = String::from("row,column,value,reason,severity\n");
    for i in issues {
        let reason = frame.tr.reason(i.message.as_ref(), &i.reason);
        body.push_str(&line(&[
            Cell::Integer(i.row),
            Cell::Text(&i.column),
            Cell::Text(&i.value),
            Cell::Text(&reason),
            Cell::Word(&i.severity),
        ]));
    }
    let disposition = format!(
        "attachment; filename=\"submission-{}-report.csv\"",
        submission.id
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// One field of the single-case form.
pub struct CaseField {
    pub name: &'static str,
    pub label: String,
    /// `text`, `date`, `number` or `select`.
    pub kind: &'static str,
    pub options: Vec<(String, String)>,
    pub value: String,
    pub error: Option<String>,
}

pub struct CaseSection {
    pub title: String,
    pub fields: Vec<CaseField>,
}

const SECTIONS: [(&str, &str, &str); 4] = [
    ("case-section-case", "case_id", "anaesthesia"),
    ("case-section-patient", "patient_key", "caprini"),
    (
        "case-section-devices",
        "device1_manufacturer",
        "device2_side",
    ),
    ("case-section-outcome", "followup_30_date", "death"),
];

/// A reason checked just now, in the reader's language.
fn said(tr: &crate::i18n::Tr, reason: &kallos_registry::reasons::Reason) -> String {
    tr.reason(Some(&reason.message()), &reason.english)
}

fn case_sections(
    frame: &Frame,
    values: &HashMap<String, String>,
    issues: &[kallos_registry::Issue],
) -> Vec<CaseSection> {
    use kallos_registry::dataset::{FIELDS, Kind};
    let position = |name: &str| FIELDS.iter().position(|f| f.name == name).unwrap_or(0);
    SECTIONS
        .iter()
        .map(|(title, first, last)| CaseSection {
            title: frame.tr.t(title).into_owned(),
            fields: FIELDS[position(first)..=position(last)]
                .iter()
                .filter(|f| f.name != "society")
                .map(|f| {
                    let (kind, options) = match f.kind {
                        Kind::Choice(choices) => {
                            let mut options =
                                vec![(String::new(), frame.tr.t("choice-none").into_owned())];
                            options.extend(
                                choices().split(", ").map(|c| (c.to_owned(), c.to_owned())),
                            );
                            ("select", options)
                        }
                        Kind::YesNo => (
                            "select",
                            vec![
                                (String::new(), frame.tr.t("choice-none").into_owned()),
                                ("no".into(), "no".into()),
                                ("yes".into(), "yes".into()),
                            ],
                        ),
                        Kind::Date => ("date", Vec::new()),
                        Kind::Integer { .. } | Kind::Decimal { .. } => ("number", Vec::new()),
                        _ => ("text", Vec::new()),
                    };
                    let errors: Vec<String> = issues
                        .iter()
                        .filter(|i| i.column == f.name)
                        .map(|i| said(&frame.tr, &i.reason))
                        .collect();
                    CaseField {
                        name: f.name,
                        label: frame.tr.t(format!("case-field-{}", f.name)).into_owned(),
                        kind,
                        options,
                        // A value the report masks is not echoed back into the form.
                        value: values
                            .get(f.name)
                            .filter(|raw| {
                                !issues
                                    .iter()
                                    .any(|i| i.column == f.name && i.value.as_str() != raw.as_str())
                            })
                            .cloned()
                            .unwrap_or_default(),
                        error: (!errors.is_empty()).then(|| errors.join("; ")),
                    }
                })
                .collect(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "case_new.html")]
pub struct CaseFormPage {
    frame: Frame,
    society: Society,
    sections: Vec<CaseSection>,
    problems: usize,
}

pub async fn case_form(
    frame: Frame,
    Tenant(society): Tenant,
    submitter: Submitter,
) -> CaseFormPage {
    let mut values = HashMap::new();
    if let Submitter::Member(member) = submitter {
        values.insert("member_id".to_owned(), member.0.to_string());
    }
    if let Some(country) = &society.country_iso2 {
        values.insert("procedure_country".to_owned(), country.clone());
        values.insert("residence_country".to_owned(), country.clone());
    }
    let sections = case_sections(&frame, &values, &[]);
    CaseFormPage {
        frame,
        society,
        sections,
        problems: 0,
    }
}

/// Checks one case exactly as a file row is checked; stores it as a
/// submission of its own when it passes, or shows the form again.
pub async fn case_create(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    submitter: Submitter,
    FormInput(mut values): FormInput<HashMap<String, String>>,
) -> AppResult<Response> {
    values.remove(crate::csrf::CSRF_FIELD);
    values.insert("society".to_owned(), society.acronym.clone());
    let path = scratch_path(&state, "form", "csv").await?;
    tokio::fs::write(&path, kallos_registry::dataset::csv_of(&values))
        .await
        .map_err(|e| AppError::Internal(format!("writing {}: {e}", path.display())))?;
    let now = state.clock.now();
    let audit_context = meta.audit(&frame.principal, now);
    let audit = || audit_context.clone();
    let mut options = ImportOptions {
        dry_run: true,
        batch_size: 1,
        ..import_options(&society, submitter, now.date_naive())
    };
    let mut progress = |_: u64, _: i64| {};
    let checked = import_file(&*state.store, &audit, &path, &options, &mut progress).await;
    let result = match checked {
        Ok(summary) if summary.rejected > 0 => {
            tokio::fs::remove_file(&path).await.ok();
            let sections = case_sections(&frame, &values, &summary.issues);
            let problems = summary.issues.len();
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                CaseFormPage {
                    frame,
                    society,
                    sections,
                    problems,
                },
            )
                .into_response());
        }
        Ok(_) => {
            options.dry_run = false;
            import_file(&*state.store, &audit, &path, &options, &mut progress).await
        }
        Err(error) => Err(error),
    };
    tokio::fs::remove_file(&path).await.ok();
    let summary = result.map_err(|e| AppError::Internal(e.to_string()))?;
    let id = summary
        .submission
        .ok_or_else(|| AppError::Internal("no submission".to_owned()))?;
    Ok(Redirect::to(&format!(
        "/societies/{}/registry/submissions/{id}",
        society.slug
    ))
    .into_response())
}

/// The data dictionary, as plain text (Markdown), for anyone who fills a file or the form.
pub async fn dictionary() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        kallos_registry::dataset::dictionary_markdown(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    frame: Frame,
    society: Society,
    stored: kallos_store::registry::StoredCase,
    earlier_versions: usize,
    fields: Vec<CaseField>,
    action: String,
    /// Problems with the case that no field of the form shows (a locked period).
    other_issues: Vec<String>,
}

fn case_action(society: &Society, case_ref: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(case_ref.as_bytes()).collect();
    format!("/societies/{}/registry/cases/{encoded}", society.slug)
}

/// A stored case the submitter may see: any of the society's for its
/// administrators, only their own for a member (others' are as absent as
/// missing ones).
async fn visible_case(
    state: &AppState,
    society: &Society,
    submitter: Submitter,
    case_ref: &str,
) -> AppResult<kallos_store::registry::StoredCase> {
    state
        .store
        .case(society.id, case_ref)
        .await?
        .filter(|stored| match submitter {
            Submitter::Society => true,
            Submitter::Member(member) => stored.record.member_id == Some(member.0),
        })
        .ok_or(AppError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn case_page_for(
    state: &AppState,
    frame: Frame,
    society: Society,
    submitter: Submitter,
    case_ref: &str,
    entered: Option<&HashMap<String, String>>,
    issues: &[kallos_registry::Issue],
) -> AppResult<CasePage> {
    let stored = visible_case(state, &society, submitter, case_ref).await?;
    let earlier_versions = state.store.case_history(society.id, case_ref).await?.len();
    let current = kallos_registry::follow_up::fields_of(&stored.record);
    let values = entered.unwrap_or(&current);
    let fields = case_sections(&frame, values, issues)
        .into_iter()
        .flat_map(|s| s.fields)
        .filter(|f| kallos_registry::follow_up::FOLLOW_UP_FIELDS.contains(&f.name))
        .collect();
    let other_issues = issues
        .iter()
        .filter(|i| !kallos_registry::follow_up::FOLLOW_UP_FIELDS.contains(&i.column.as_str()))
        .map(|i| format!("{}: {}", i.column, said(&frame.tr, &i.reason)))
        .collect();
    Ok(CasePage {
        action: case_action(&society, case_ref),
        frame,
        society,
        stored,
        earlier_versions,
        fields,
        other_issues,
    })
}

/// A stored case (de-identified) and its follow-up form.
pub async fn case_page(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    submitter: Submitter,
    Path(path): Path<(String, String)>,
) -> AppResult<CasePage> {
    case_page_for(&state, frame, society, submitter, &path.1, None, &[]).await
}

pub async fn case_follow_up(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    submitter: Submitter,
    Path(path): Path<(String, String)>,
    FormInput(entered): FormInput<HashMap<String, String>>,
) -> AppResult<Response> {
    visible_case(&state, &society, submitter, &path.1).await?;
    let now = state.clock.now();
    let audit = meta.audit(&frame.principal, now);
    let outcome = kallos_registry::follow_up::record_follow_up(
        &*state.store,
        &audit,
        &society,
        &path.1,
        &entered,
        now.date_naive(),
    )
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .ok_or(AppError::NotFound)?;
    match outcome {
        kallos_registry::follow_up::FollowUpOutcome::Saved(_) => Ok(Redirect::to(&format!(
            "{}?done=saved",
            case_action(&society, &path.1)
        ))
        .into_response()),
        kallos_registry::follow_up::FollowUpOutcome::Refused(issues) => {
            let page = case_page_for(
                &state,
                frame,
                society,
                submitter,
                &path.1,
                Some(&entered),
                &issues,
            )
            .await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct FindCase {
    case_id: String,
}

/// The case-id search box on the registry page leads to the case's page.
pub async fn find_case(
    Tenant(society): Tenant,
    axum::extract::Query(query): axum::extract::Query<FindCase>,
) -> Redirect {
    Redirect::to(&case_action(&society, query.case_id.trim()))
}
