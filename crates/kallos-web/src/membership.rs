//! Membership pages: a member applies or renews, attests and adds
//! credentials with evidence (`/me/membership`); a society's administrators
//! edit, import and export the criteria, review applications criterion by
//! criterion, enter CME credits and see members' evidence.

use crate::AppState;
use crate::auth::RequestMeta;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::input::FormInput;
use crate::pages::Frame;
use crate::tenancy::Tenant;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Months, NaiveDate};
use kallos_domain::member::{Member, MembershipStatus, MembershipType};
use kallos_domain::membership::criteria::presets;
use kallos_domain::membership::{
    ApplicationInput, ApplicationStatus, AttestationKind, CmeCredit, CmeInput, Credential,
    CredentialInput, CredentialKind, Evaluation, EvidenceFile, FileType, MAX_EVIDENCE_BYTES,
    SocietyCriteria, Verdict, evaluate,
};
use kallos_domain::policy::{Action, authorize};
use kallos_domain::society::Society;
use kallos_domain::validation::FieldError;
use kallos_domain::{MemberId, SocietyId};
use kallos_membership::Sponsor;
use kallos_membership::evidence::{gather, latest_sponsors};
use kallos_store::membership::{Application, Attestation, MembershipRecord, NewApplication};
use kallos_store::{Change, Store};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// How an evaluation line is shown: translated verdict and detail.
#[derive(Clone)]
pub struct Line {
    pub requirement: String,
    pub verdict: String,
    pub verdict_class: &'static str,
    pub detail: String,
    pub evidence: Vec<String>,
}

/// The lines of an evaluation, translated for display. The requirement and
/// the evidence are data (board names, dates) and stay as stored.
pub fn lines(evaluation: &Evaluation, tr: &Tr) -> Vec<Line> {
    evaluation
        .lines
        .iter()
        .map(|l| {
            let verdict = match (l.verdict, l.expires_on) {
                (Verdict::ExpiresSoon, Some(d)) => tr.t1("verdict-expires-on", "date", d),
                (v, _) => tr
                    .t(format!("verdict-{}", v.as_str().replace('_', "-")))
                    .into_owned(),
            };
            Line {
                requirement: l.requirement.clone(),
                verdict,
                verdict_class: match l.verdict {
                    Verdict::Met => "met",
                    Verdict::ExpiresSoon => "expires",
                    Verdict::NotMet => "not-met",
                    Verdict::EvidenceMissing => "missing",
                },
                detail: tr.args(&format!("detail-{}", l.detail_key), &l.detail_args),
                evidence: l.evidence.clone(),
            }
        })
        .collect()
}

fn field_errors(errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.clone(), format!("{}: {}", e.field, e.message)))
        .collect()
}

fn error_for(errors: &[(String, String)], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.clone())
}

// ---------------------------------------------------------------- member side

/// The signed-in member, or `Forbidden`.
async fn me(state: &AppState, frame: &Frame) -> AppResult<Member> {
    authorize(&frame.principal, Action::ApplyForMembership)?;
    let id = frame.principal.member_id().ok_or(AppError::Forbidden)?;
    state.store.member(id).await?.ok_or(AppError::NotFound)
}

/// The application form as last sent, with its errors.
#[derive(Debug, Clone, Default)]
pub struct ApplyForm {
    pub society: String,
    pub membership_type: String,
    pub sponsors: String,
    pub sponsors_unrelated: bool,
    pub practice_since: String,
    pub errors: Vec<(String, String)>,
}

impl ApplyForm {
    pub fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

/// The credential form as last sent, with its errors.
#[derive(Debug, Clone, Default)]
pub struct CredentialForm {
    pub values: CredentialInput,
    pub errors: Vec<(String, String)>,
}

impl CredentialForm {
    pub fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "my_membership.html")]
pub struct MyMembershipPage {
    frame: Frame,
    member: Member,
    memberships: Vec<MembershipRecord>,
    attestations: Vec<Attestation>,
    applications: Vec<Application>,
    credentials: Vec<Credential>,
    cme: Vec<CmeCredit>,
    societies: Vec<Society>,
    today: NaiveDate,
    apply: ApplyForm,
    credential: CredentialForm,
    max_mib: u64,
}

impl MyMembershipPage {
    fn expired(&self, c: &Credential) -> bool {
        c.is_expired(self.today)
    }

    fn attested(&self, society: impl std::borrow::Borrow<SocietyId>, kind: &str) -> String {
        let society = *society.borrow();
        self.attestations
            .iter()
            .find(|a| a.society_id == society && a.kind.as_str() == kind)
            .map_or_else(String::new, |a| a.on.to_string())
    }

    fn credits(&self, c: &CmeCredit) -> String {
        kallos_domain::membership::format_credits(c.credits_x100)
    }

    fn kinds(&self) -> &'static [CredentialKind] {
        CredentialKind::ALL
    }

    fn types(&self) -> &'static [MembershipType] {
        MembershipType::ALL
    }
}

async fn my_page(
    state: &AppState,
    frame: Frame,
    member: Member,
    apply: ApplyForm,
    credential: CredentialForm,
) -> AppResult<MyMembershipPage> {
    let store = &state.store;
    Ok(MyMembershipPage {
        memberships: store.member_memberships(member.id).await?,
        attestations: store.latest_attestations(Some(member.id)).await?,
        applications: store.member_applications(member.id).await?,
        credentials: store.credentials(member.id).await?,
        cme: store.cme_credits(member.id).await?,
        societies: store.list_societies().await?,
        today: state.clock.now().date_naive(),
        max_mib: MAX_EVIDENCE_BYTES / (1024 * 1024),
        frame,
        member,
        apply,
        credential,
    })
}

pub async fn my_membership(
    State(state): State<AppState>,
    frame: Frame,
) -> AppResult<MyMembershipPage> {
    let member = me(&state, &frame).await?;
    my_page(
        &state,
        frame,
        member,
        ApplyForm {
            membership_type: "active".to_owned(),
            ..ApplyForm::default()
        },
        CredentialForm::default(),
    )
    .await
}

/// Checks an application against the store: the society, its criteria, the
/// sponsors; returns the changes to apply in one batch.
async fn application_changes(
    state: &AppState,
    member: &Member,
    input: &ApplicationInput,
    today: NaiveDate,
) -> Result<(Society, Vec<Change>), Vec<FieldError>> {
    let fields = input.validate(today).map_err(|e| e.0)?;
    let store = &state.store;
    let internal = |e: kallos_store::StoreError| vec![FieldError::new("society", e.to_string())];
    let society = store
        .society_by_slug(&kallos_domain::society::url_slug(input.society.trim()))
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            vec![FieldError::with_code(
                "society",
                "choice",
                format!("'{}' is not a society on Kallos", input.society.trim()),
            )]
        })?;
    let criteria = store
        .society_criteria(society.id)
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            vec![FieldError::with_code(
                "society",
                "no-criteria",
                format!(
                    "{} has not published membership criteria yet",
                    society.acronym
                ),
            )]
        })?;
    let Some(type_criteria) = criteria.for_type(fields.membership_type) else {
        return Err(vec![FieldError::with_code(
            "membership_type",
            "not-offered",
            format!(
                "{} does not offer {} membership",
                society.acronym,
                fields.membership_type.as_str()
            ),
        )]);
    };
    let pending = store
        .member_applications(member.id)
        .await
        .map_err(internal)?
        .into_iter()
        .any(|a| a.society_id == society.id && a.status == ApplicationStatus::Pending);
    if pending {
        return Err(vec![FieldError::with_code(
            "society",
            "pending",
            format!(
                "you already have an application to {} waiting for a decision",
                society.acronym
            ),
        )]);
    }
    let found = store
        .members_by_email(society.id, &fields.sponsor_emails)
        .await
        .map_err(internal)?;
    let mut errors = Vec::new();
    for email in &fields.sponsor_emails {
        match found.iter().find(|f| &f.email == email) {
            None => errors.push(FieldError::with_code(
                "sponsors",
                "unknown-sponsor",
                format!("'{email}' is not a member on Kallos"),
            )),
            Some(f) if f.member_id == member.id => errors.push(FieldError::with_code(
                "sponsors",
                "self-sponsor",
                "you cannot sponsor yourself",
            )),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let sponsors: Vec<Sponsor> = found
        .iter()
        .map(|f| Sponsor {
            member_id: f.member_id,
            name: f.name.clone(),
            active_member: f.active_in_society,
        })
        .collect();
    let mut evidence = gather(
        &**store,
        member.id,
        society.id,
        type_criteria,
        &sponsors,
        fields.sponsors_unrelated,
        today,
    )
    .await
    .map_err(|e| vec![FieldError::new("society", e.to_string())])?;
    // What is attested and declared with this application counts at once.
    let mut changes = Vec::new();
    if input.attest_ethics {
        evidence.ethics_attested_on = Some(today);
    }
    for (ticked, kind) in [
        (input.attest_ethics, AttestationKind::Ethics),
        (input.attest_facility, AttestationKind::Facility),
    ] {
        if ticked {
            changes.push(Change::RecordAttestation {
                member: member.id,
                society: society.id,
                kind,
                on: today,
            });
        }
    }
    if let Some(since) = fields.practice_since {
        evidence.practice_since = Some(since);
        changes.push(Change::SetPracticeSince {
            member: member.id,
            since,
        });
    }
    let evaluation = evaluate(type_criteria, &evidence, today);
    let renewal = member
        .memberships
        .iter()
        .any(|m| m.society_id == society.id);
    changes.push(Change::SubmitApplication(Box::new(NewApplication {
        society_id: society.id,
        member_id: member.id,
        membership_type: fields.membership_type,
        renewal,
        sponsors: sponsors.iter().map(|s| s.member_id).collect(),
        sponsors_unrelated: fields.sponsors_unrelated,
        evaluation,
    })));
    Ok((society, changes))
}

pub async fn apply(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(input): FormInput<ApplicationInput>,
) -> AppResult<Response> {
    let member = me(&state, &frame).await?;
    let now = state.clock.now();
    match application_changes(&state, &member, &input, now.date_naive()).await {
        Ok((_, changes)) => {
            let outcomes = state
                .store
                .apply(&meta.audit(&frame.principal, now), changes)
                .await?;
            let id = outcomes
                .last()
                .and_then(|o| o.created_id())
                .ok_or_else(|| AppError::Internal("application not created".to_owned()))?;
            Ok(
                Redirect::to(&format!("/me/membership/applications/{id}?done=applied"))
                    .into_response(),
            )
        }
        Err(errors) => {
            let form = ApplyForm {
                society: input.society.clone(),
                membership_type: input.membership_type.clone(),
                sponsors: input.sponsors.clone(),
                sponsors_unrelated: input.sponsors_unrelated,
                practice_since: input.practice_since.clone(),
                errors: field_errors(&errors),
            };
            let page = my_page(&state, frame, member, form, CredentialForm::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "application.html")]
pub struct ApplicationPage {
    frame: Frame,
    application: Application,
    lines: Vec<Line>,
    /// For administrators: where the decision form posts.
    decide_action: Option<String>,
    sponsors: Vec<String>,
    back: String,
}

async fn sponsor_names(store: &dyn Store, ids: &[MemberId]) -> AppResult<Vec<String>> {
    let mut names = Vec::new();
    for id in ids {
        if let Some(m) = store.member(*id).await? {
            names.push(m.full_name());
        }
    }
    Ok(names)
}

pub async fn my_application(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<i64>,
) -> AppResult<ApplicationPage> {
    let member = me(&state, &frame).await?;
    // Someone else's application is as absent as a missing one.
    let application = state
        .store
        .application(id)
        .await?
        .filter(|a| a.member_id == member.id)
        .ok_or(AppError::NotFound)?;
    Ok(ApplicationPage {
        lines: lines(&application.evaluation, &frame.tr),
        sponsors: sponsor_names(&*state.store, &application.sponsors).await?,
        frame,
        application,
        decide_action: None,
        back: "/me/membership".to_owned(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AttestForm {
    society: String,
    kind: String,
}

pub async fn attest(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(form): FormInput<AttestForm>,
) -> AppResult<Response> {
    let member = me(&state, &frame).await?;
    let membership = member
        .memberships
        .iter()
        .find(|m| m.society_acronym == form.society.trim())
        .ok_or_else(|| {
            AppError::Validation(vec![FieldError::with_code(
                "society",
                "choice",
                "you are not a member of this society",
            )])
        })?;
    let kind = AttestationKind::parse(form.kind.trim()).ok_or_else(|| {
        AppError::Validation(vec![FieldError::new(
            "kind",
            "must be one of: ethics, facility",
        )])
    })?;
    let now = state.clock.now();
    state
        .store
        .apply(
            &meta.audit(&frame.principal, now),
            vec![Change::RecordAttestation {
                member: member.id,
                society: membership.society_id,
                kind,
                on: now.date_naive(),
            }],
        )
        .await?;
    Ok(Redirect::to("/me/membership?done=attested").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResignForm {
    society: String,
}

pub async fn resign(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(form): FormInput<ResignForm>,
) -> AppResult<Response> {
    let member = me(&state, &frame).await?;
    let membership = member
        .memberships
        .iter()
        .find(|m| m.society_acronym == form.society.trim())
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let mut changes = vec![Change::Resign {
        society: membership.society_id,
        member: member.id,
        on: now.date_naive(),
    }];
    if membership.status != MembershipStatus::Resigned {
        changes.push(Change::SetMembershipStatus {
            society: membership.society_id,
            member: member.id,
            from: membership.status,
            to: MembershipStatus::Resigned,
            reason: "resigned".to_owned(),
        });
    }
    state
        .store
        .apply(&meta.audit(&frame.principal, now), changes)
        .await?;
    Ok(Redirect::to("/me/membership?done=resigned").into_response())
}

/// Reads a multipart form: its text fields, and the evidence file checked
/// by content and size.
async fn read_credential_form(
    mut multipart: Multipart,
) -> AppResult<(
    CredentialInput,
    Option<(FileType, Vec<u8>)>,
    Vec<FieldError>,
)> {
    let bad = |message: String| AppError::BadRequest(message);
    let mut input = CredentialInput::default();
    let mut file = None;
    let mut errors = Vec::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(format!("the form could not be read: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let mut bytes = Vec::new();
            let mut too_big = false;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| bad(format!("the upload was interrupted: {e}")))?
            {
                if (bytes.len() + chunk.len()) as u64 > MAX_EVIDENCE_BYTES {
                    too_big = true;
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            if too_big {
                errors.push(FieldError::with_code(
                    "file",
                    "too-large",
                    format!(
                        "the file is larger than {} MiB",
                        MAX_EVIDENCE_BYTES / (1024 * 1024)
                    ),
                ));
            } else if !bytes.is_empty() {
                match FileType::sniff(&bytes) {
                    Some(kind) => file = Some((kind, bytes)),
                    None => errors.push(FieldError::with_code(
                        "file",
                        "file-type",
                        "the file is not a PDF, PNG or JPEG (checked by its content, not its name)",
                    )),
                }
            }
            continue;
        }
        let value = field
            .text()
            .await
            .map_err(|e| bad(format!("field '{name}' could not be read: {e}")))?;
        match name.as_str() {
            "kind" => input.kind = value,
            "issuer" => input.issuer = value,
            "number" => input.number = value,
            "subject" => input.subject = value,
            "issued_on" => input.issued_on = value,
            "expires_on" => input.expires_on = value,
            _ => {}
        }
    }
    Ok((input, file, errors))
}

/// Stores the evidence under a generated name in the evidence folder.
async fn save_evidence(state: &AppState, kind: FileType, bytes: &[u8]) -> AppResult<EvidenceFile> {
    let dir = &state.config.evidence_dir;
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| AppError::Internal(format!("creating {}: {e}", dir.display())))?;
    let stored_name = format!("{}.{}", crate::auth::random_token()?, kind.extension());
    let path = dir.join(&stored_name);
    tokio::fs::write(&path, bytes)
        .await
        .map_err(|e| AppError::Internal(format!("writing {}: {e}", path.display())))?;
    Ok(EvidenceFile {
        stored_name,
        file_type: kind,
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(bytes)),
    })
}

pub async fn add_credential(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    multipart: Multipart,
) -> AppResult<Response> {
    let member = me(&state, &frame).await?;
    let (input, file, mut errors) = read_credential_form(multipart).await?;
    let checked = input.validate(member.id);
    if let Err(e) = &checked {
        let mut all = e.0.clone();
        all.append(&mut errors);
        errors = all;
    }
    let credential = match checked {
        Ok(c) if errors.is_empty() => c,
        _ => {
            let form = CredentialForm {
                values: input,
                errors: field_errors(&errors),
            };
            let page = my_page(&state, frame, member, ApplyForm::default(), form).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let evidence = match &file {
        Some((kind, bytes)) => Some(save_evidence(&state, *kind, bytes).await?),
        None => None,
    };
    let now = state.clock.now();
    let result = state
        .store
        .apply(
            &meta.audit(&frame.principal, now),
            vec![Change::AddCredential(Box::new(
                kallos_domain::membership::NewCredential {
                    evidence: evidence.clone(),
                    ..credential
                },
            ))],
        )
        .await;
    if let Err(error) = result {
        // Nothing stored refers to the file: remove it.
        if let Some(e) = evidence {
            tokio::fs::remove_file(state.config.evidence_dir.join(e.stored_name))
                .await
                .ok();
        }
        return Err(error.into());
    }
    Ok(Redirect::to("/me/membership?done=uploaded#credentials").into_response())
}

/// Sends an evidence file back as a download that no browser renders inline.
async fn evidence_response(state: &AppState, credential: &Credential) -> AppResult<Response> {
    let evidence = credential.evidence.as_ref().ok_or(AppError::NotFound)?;
    // Generated names only: a name with a path in it is not ours.
    if evidence
        .stored_name
        .contains(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        || evidence.stored_name.starts_with('.')
    {
        return Err(AppError::NotFound);
    }
    let path = state.config.evidence_dir.join(&evidence.stored_name);
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::Internal(format!("reading evidence {}: {e}", path.display())))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(evidence.file_type.mime()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"credential-{}-evidence.{}\"",
        credential.id,
        evidence.file_type.extension()
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}

pub async fn my_evidence(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if !frame.principal.is_authenticated() {
        return Err(AppError::Unauthenticated);
    }
    let credential = state
        .store
        .credential(id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(
        &frame.principal,
        Action::ViewEvidence {
            member: credential.member_id,
            member_of: None,
        },
    )
    .map_err(|denied| match denied {
        kallos_domain::policy::Denied::Unauthenticated => AppError::Unauthenticated,
        // Someone else's evidence is as absent as a missing one.
        kallos_domain::policy::Denied::Forbidden => AppError::NotFound,
    })?;
    evidence_response(&state, &credential).await
}

// ------------------------------------------------------------- society side

#[derive(Template, WebTemplate)]
#[template(path = "applications.html")]
pub struct ApplicationsPage {
    frame: Frame,
    society: Society,
    pending: Vec<Application>,
    decided: Vec<Application>,
}

pub async fn applications(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
) -> AppResult<ApplicationsPage> {
    authorize(&frame.principal, Action::ReviewApplications(society.id))?;
    let all = state.store.applications(society.id, None, 200).await?;
    let (pending, decided) = all
        .into_iter()
        .partition(|a| a.status == ApplicationStatus::Pending);
    Ok(ApplicationsPage {
        frame,
        society,
        pending,
        decided,
    })
}

/// One membership in grace or suspended, as its society's administrators see it.
pub struct StandingRow {
    pub member_id: MemberId,
    pub name: String,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
    pub unmet_since: Option<NaiveDate>,
    /// In grace for a shortfall: the day it will be suspended if nothing changes.
    pub suspend_on: Option<NaiveDate>,
    pub checked_on: Option<NaiveDate>,
    /// The criteria not met at the last check, translated.
    pub why: Vec<Line>,
}

#[derive(Template, WebTemplate)]
#[template(path = "standing.html")]
pub struct StandingPage {
    frame: Frame,
    society: Society,
    suspension_days: u32,
    rows: Vec<StandingRow>,
}

/// `/societies/{slug}/standing`: who is in grace or suspended, since when,
/// until when, and which criteria the last daily check found unmet.
pub async fn standing(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
) -> AppResult<StandingPage> {
    authorize(&frame.principal, Action::ManageSocietyMembers(society.id))?;
    let suspension_days = state
        .store
        .society_criteria(society.id)
        .await?
        .map_or(90, |c| c.suspension_days);
    let rows = state
        .store
        .memberships_in(
            society.id,
            &[MembershipStatus::Grace, MembershipStatus::Suspended],
        )
        .await?
        .into_iter()
        .map(|m| {
            let why = m
                .last_check
                .as_ref()
                .map(|check| {
                    let unmet = Evaluation {
                        lines: check.unmet().cloned().collect(),
                        ..check.clone()
                    };
                    lines(&unmet, &frame.tr)
                })
                .unwrap_or_default();
            StandingRow {
                member_id: m.member_id,
                name: m.member_name,
                membership_type: m.membership_type,
                status: m.status,
                unmet_since: m.unmet_since,
                suspend_on: m
                    .unmet_since
                    .filter(|_| m.status == MembershipStatus::Grace)
                    .and_then(|d| {
                        d.checked_add_days(chrono::Days::new(u64::from(suspension_days)))
                    }),
                checked_on: m.checked_on,
                why,
            }
        })
        .collect();
    Ok(StandingPage {
        frame,
        society,
        suspension_days,
        rows,
    })
}

async fn society_application(
    state: &AppState,
    society: &Society,
    id: i64,
) -> AppResult<Application> {
    state
        .store
        .application(id)
        .await?
        .filter(|a| a.society_id == society.id)
        .ok_or(AppError::NotFound)
}

pub async fn application_review(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<ApplicationPage> {
    authorize(&frame.principal, Action::ReviewApplications(society.id))?;
    let application = society_application(&state, &society, id).await?;
    Ok(ApplicationPage {
        lines: lines(&application.evaluation, &frame.tr),
        sponsors: sponsor_names(&*state.store, &application.sponsors).await?,
        decide_action: (application.status == ApplicationStatus::Pending)
            .then(|| format!("/societies/{}/applications/{id}", society.slug)),
        back: format!("/societies/{}/applications", society.slug),
        frame,
        application,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    reason: String,
}

/// The day a membership approved on `today` is next due: a renewal extends
/// from the current due date when that is still ahead.
fn next_renewal(
    criteria: &SocietyCriteria,
    today: NaiveDate,
    current: Option<NaiveDate>,
) -> NaiveDate {
    let base = current.filter(|d| *d > today).unwrap_or(today);
    base.checked_add_months(Months::new(criteria.renewal_months))
        .unwrap_or(base)
}

pub async fn decide(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
    FormInput(form): FormInput<DecisionForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ReviewApplications(society.id))?;
    let application = society_application(&state, &society, id).await?;
    let mut errors = Vec::new();
    let approve = match form.decision.as_str() {
        "approve" => Some(true),
        "reject" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "decision",
                "must be one of: approve, reject",
            ));
            None
        }
    };
    let reason = form.reason.trim().to_owned();
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "is required"));
    } else if reason.chars().count() > 2000 {
        errors.push(FieldError::new("reason", "must be at most 2000 characters"));
    }
    let Some(approve) = approve.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    if application.status != ApplicationStatus::Pending {
        return Err(AppError::Conflict(format!(
            "application {id} was already {}",
            application.status.as_str()
        )));
    }
    let criteria = state
        .store
        .society_criteria(society.id)
        .await?
        .unwrap_or_else(|| SocietyCriteria {
            renewal_months: 12,
            grace_days: 90,
            suspension_days: 90,
            types: Vec::new(),
        });
    let current = state
        .store
        .member_memberships(application.member_id)
        .await?
        .into_iter()
        .find(|m| m.society_id == society.id)
        .and_then(|m| m.renewal_due);
    let now = state.clock.now();
    let today = now.date_naive();
    state
        .store
        .apply(
            &meta.audit(&frame.principal, now),
            vec![Change::DecideApplication {
                application: id,
                society: society.id,
                approve,
                reason,
                today,
                renewal_due: next_renewal(&criteria, today, current),
            }],
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/societies/{}/applications/{id}?done=decided",
        society.slug
    ))
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "criteria.html")]
pub struct CriteriaPage {
    frame: Frame,
    society: Society,
    text: String,
    saved: bool,
    errors: Vec<(String, String)>,
}

fn criteria_page(
    frame: Frame,
    society: Society,
    text: String,
    saved: bool,
    errors: Vec<(String, String)>,
) -> CriteriaPage {
    CriteriaPage {
        frame,
        society,
        text,
        saved,
        errors,
    }
}

pub async fn criteria(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
) -> AppResult<CriteriaPage> {
    authorize(&frame.principal, Action::ManageCriteria(society.id))?;
    let stored = state.store.society_criteria(society.id).await?;
    let (text, saved) = match stored {
        Some(c) => (c.to_toml().map_err(AppError::Internal)?, true),
        None => (presets::for_society(&society.acronym).to_owned(), false),
    };
    Ok(criteria_page(frame, society, text, saved, Vec::new()))
}

async fn save_criteria(
    state: &AppState,
    frame: Frame,
    meta: &RequestMeta,
    society: Society,
    text: String,
) -> AppResult<Response> {
    let now = state.clock.now();
    match kallos_membership::import_criteria(
        &*state.store,
        &meta.audit(&frame.principal, now),
        society.id,
        &text,
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/societies/{}/criteria?done=saved", society.slug))
                .into_response(),
        ),
        Err(kallos_membership::ImportError::Invalid(errors)) => {
            let saved = state.store.society_criteria(society.id).await?.is_some();
            let page = criteria_page(frame, society, text, saved, field_errors(&errors.0));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(kallos_membership::ImportError::Store(e)) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CriteriaForm {
    criteria: String,
}

pub async fn criteria_save(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    FormInput(form): FormInput<CriteriaForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ManageCriteria(society.id))?;
    save_criteria(&state, frame, &meta, society, form.criteria).await
}

/// Largest criteria file accepted.
const MAX_CRITERIA_BYTES: usize = 256 * 1024;

pub async fn criteria_import(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    mut multipart: Multipart,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ManageCriteria(society.id))?;
    let mut text = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("the upload could not be read: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(format!("the upload was interrupted: {e}")))?;
        if bytes.len() > MAX_CRITERIA_BYTES {
            return Err(AppError::BadRequest(format!(
                "the criteria file is larger than {} KiB",
                MAX_CRITERIA_BYTES / 1024
            )));
        }
        text = Some(String::from_utf8(bytes.to_vec()).map_err(|_| {
            AppError::BadRequest("the criteria file is not UTF-8 text (TOML or JSON)".to_owned())
        })?);
    }
    let text = text.ok_or_else(|| {
        AppError::BadRequest("choose a TOML or JSON criteria file (field 'file')".to_owned())
    })?;
    save_criteria(&state, frame, &meta, society, text).await
}

async fn export(
    state: &AppState,
    frame: &Frame,
    society: &Society,
    json: bool,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ManageCriteria(society.id))?;
    let criteria = state
        .store
        .society_criteria(society.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (body, mime, ext) = if json {
        (criteria.to_json(), "application/json", "json")
    } else {
        (criteria.to_toml(), "application/toml", "toml")
    };
    let body = body.map_err(AppError::Internal)?;
    let disposition = format!(
        "attachment; filename=\"{}-criteria.{ext}\"",
        society.slug.to_ascii_lowercase()
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

pub async fn criteria_toml(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
) -> AppResult<Response> {
    export(&state, &frame, &society, false).await
}

pub async fn criteria_json(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
) -> AppResult<Response> {
    export(&state, &frame, &society, true).await
}

/// One membership type's evaluation for the admin's view of a member.
pub struct TypeEvaluation {
    pub membership_type: MembershipType,
    pub eligible: bool,
    pub lines: Vec<Line>,
}

#[derive(Template, WebTemplate)]
#[template(path = "member_membership.html")]
pub struct MemberMembershipPage {
    frame: Frame,
    society: Society,
    member: Member,
    credentials: Vec<Credential>,
    cme: Vec<CmeCredit>,
    evaluations: Vec<TypeEvaluation>,
    today: NaiveDate,
    cme_form: CmeInput,
    errors: Vec<(String, String)>,
}

impl MemberMembershipPage {
    fn expired(&self, c: &Credential) -> bool {
        c.is_expired(self.today)
    }

    fn credits(&self, c: &CmeCredit) -> String {
        kallos_domain::membership::format_credits(c.credits_x100)
    }

    fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

async fn member_membership_page(
    state: &AppState,
    frame: Frame,
    society: Society,
    member: Member,
    cme_form: CmeInput,
    errors: Vec<(String, String)>,
) -> AppResult<MemberMembershipPage> {
    let today = state.clock.now().date_naive();
    let mut evaluations = Vec::new();
    if let Some(criteria) = state.store.society_criteria(society.id).await? {
        let (sponsors, unrelated) = latest_sponsors(&*state.store, member.id, society.id).await?;
        for t in &criteria.types {
            let evidence = gather(
                &*state.store,
                member.id,
                society.id,
                t,
                &sponsors,
                unrelated,
                today,
            )
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
            let evaluation = evaluate(t, &evidence, today);
            evaluations.push(TypeEvaluation {
                membership_type: t.membership_type,
                eligible: evaluation.eligible,
                lines: lines(&evaluation, &frame.tr),
            });
        }
    }
    Ok(MemberMembershipPage {
        credentials: state.store.credentials(member.id).await?,
        cme: state.store.cme_credits(member.id).await?,
        frame,
        society,
        member,
        evaluations,
        today,
        cme_form,
        errors,
    })
}

async fn society_member(state: &AppState, society: &Society, id: i64) -> AppResult<Member> {
    state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn member_membership(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<MemberMembershipPage> {
    let member = society_member(&state, &society, id).await?;
    member_membership_page(
        &state,
        frame,
        society,
        member,
        CmeInput::default(),
        Vec::new(),
    )
    .await
}

pub async fn add_cme(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
    FormInput(input): FormInput<CmeInput>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ManageSocietyMembers(society.id))?;
    let member = society_member(&state, &society, id).await?;
    let now = state.clock.now();
    match input.validate(now.date_naive()) {
        Ok(credit) => {
            state
                .store
                .apply(
                    &meta.audit(&frame.principal, now),
                    vec![Change::AddCmeCredit {
                        member: member.id,
                        society: Some(society.id),
                        credit,
                    }],
                )
                .await?;
            Ok(Redirect::to(&format!(
                "/societies/{}/members/{id}/membership?done=saved#cme",
                society.slug
            ))
            .into_response())
        }
        Err(errors) => {
            let page = member_membership_page(
                &state,
                frame,
                society,
                member,
                input,
                field_errors(&errors.0),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn member_evidence(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Path((_, member_id, credential_id)): Path<(String, i64, i64)>,
) -> AppResult<Response> {
    let member = society_member(&state, &society, member_id).await?;
    let credential = state
        .store
        .credential(credential_id)
        .await?
        .filter(|c| c.member_id == member.id)
        .ok_or(AppError::NotFound)?;
    authorize(
        &frame.principal,
        Action::ViewEvidence {
            member: member.id,
            member_of: Some(society.id),
        },
    )?;
    evidence_response(&state, &credential).await
}
