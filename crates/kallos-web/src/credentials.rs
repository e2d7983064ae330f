//! Signed membership credentials (`vc+jwt`, EdDSA): each society's key made
//! on first use, the JWK Set at `/.well-known/jwks.json`, the signed status
//! lists, a member's directory settings and credentials (`/me/directory`),
//! their administration by the society, and attestations received from other
//! societies, verified before they are recorded.

use crate::AppState;
use crate::auth::RequestMeta;
use crate::directory::{ProcedureOption, procedure_options};
use crate::error::{AppError, AppResult};
use crate::input::FormInput;
use crate::pages::{FieldErrors, Frame};
use crate::tenancy::Tenant;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use kallos_credentials::{
    CredentialError, Jwk, Jwks, MembershipClaims, Signer, check_dates, check_status,
    membership_credential, membership_summary, status_list_credential, verify_signature,
};
use kallos_domain::MemberId;
use kallos_domain::member::{Member, MembershipStatus};
use kallos_domain::policy::{Action, Principal, authorize};
use kallos_domain::society::Society;
use kallos_domain::validation::FieldError;
use kallos_store::directory::{
    CredentialRecord, CredentialStatus, NewAttestation, NewCredential, NewIssuerKey,
};
use kallos_store::{Change, Store};
use serde::Deserialize;
use serde_json::Value;

/// How long a membership credential is valid: one year, as memberships renew yearly.
pub const CREDENTIAL_DAYS: i64 = 365;
pub const VC_JWT: &str = "application/vc+jwt";

fn random<const N: usize>() -> AppResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
    Ok(bytes)
}

pub fn society_url(state: &AppState, society: &Society) -> String {
    format!("{}/societies/{}", state.config.public_url, society.slug)
}

fn status_list_url(state: &AppState, society: &Society) -> String {
    format!(
        "{}/credentials/status/{}",
        state.config.public_url, society.slug
    )
}

/// The society's signer, making and storing its key on first use.
pub async fn signer(
    state: &AppState,
    society: &Society,
    ctx: &kallos_domain::audit::AuditContext,
) -> AppResult<Signer> {
    let key =
        match state.store.issuer_key(society.id).await? {
            Some(key) => key,
            None => {
                let (kid, public_key, private_key) = kallos_credentials::key_material(random()?);
                state
                    .store
                    .apply(
                        ctx,
                        vec![Change::CreateIssuerKey(NewIssuerKey {
                            society_id: society.id,
                            kid,
                            public_key,
                            private_key,
                        })],
                    )
                    .await?;
                // Another request may have stored one first: use whichever is stored.
                state.store.issuer_key(society.id).await?.ok_or_else(|| {
                    AppError::Internal("the new signing key is missing".to_owned())
                })?
            }
        };
    Signer::from_stored(&key.kid, &key.private_key)
        .map_err(|e| AppError::Internal(format!("signing key of {}: {e}", society.acronym)))
}

/// Every society's public key (`/.well-known/jwks.json`).
pub async fn published_keys(store: &dyn Store) -> AppResult<Jwks> {
    Ok(Jwks {
        keys: store
            .issuer_keys()
            .await?
            .iter()
            .map(|k| Jwk::ed25519(&k.kid, &k.public_key))
            .collect(),
    })
}

pub async fn jwks(State(state): State<AppState>) -> AppResult<Response> {
    let keys = published_keys(&*state.store).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/jwk-set+json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        serde_json::to_string(&keys).unwrap_or_default(),
    )
        .into_response())
}

/// The society's status list for `purpose`, unsigned, as of `now`.
async fn status_list(
    state: &AppState,
    society: &Society,
    purpose: &str,
    now: DateTime<Utc>,
) -> AppResult<Value> {
    let entries = state.store.status_entries(society.id).await?;
    let set: Vec<usize> = entries
        .iter()
        .filter(|e| match purpose {
            "revocation" => e.revoked,
            _ => e.suspended,
        })
        .filter_map(|e| usize::try_from(e.status_index).ok())
        .collect();
    Ok(status_list_credential(
        &format!("{}/{purpose}", status_list_url(state, society)),
        &society_url(state, society),
        purpose,
        &set,
        now,
    ))
}

/// `/credentials/status/{slug}/{purpose}`: a signed Bitstring Status List (public).
pub async fn status_list_page(
    State(state): State<AppState>,
    Path((slug, purpose)): Path<(String, String)>,
) -> AppResult<Response> {
    if purpose != "revocation" && purpose != "suspension" {
        return Err(AppError::NotFound);
    }
    let society = state
        .store
        .society_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let key = state
        .store
        .issuer_key(society.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let signer = Signer::from_stored(&key.kid, &key.private_key)
        .map_err(|e| AppError::Internal(format!("signing key of {}: {e}", society.acronym)))?;
    let list = status_list(&state, &society, &purpose, state.clock.now()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, VC_JWT),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        signer.sign(&list),
    )
        .into_response())
}

/// The signed form of a stored credential (the same bytes every time).
pub async fn credential_token(state: &AppState, record: &CredentialRecord) -> AppResult<String> {
    let society = state
        .store
        .list_societies()
        .await?
        .into_iter()
        .find(|s| s.id == record.society_id)
        .ok_or(AppError::NotFound)?;
    let member = state
        .store
        .member(record.member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let public_id = state
        .store
        .member_public_id(record.member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let membership_type = member
        .memberships
        .iter()
        .find(|m| m.society_id == society.id)
        .map_or("active", |m| m.membership_type.as_str());
    let key = state
        .store
        .issuer_key(society.id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("{} has no signing key", society.acronym)))?;
    let signer = Signer::from_stored(&key.kid, &key.private_key)
        .map_err(|e| AppError::Internal(format!("signing key of {}: {e}", society.acronym)))?;
    let time = |micros| DateTime::from_timestamp_micros(micros).unwrap_or_default();
    let claims = MembershipClaims {
        credential_id: record.credential_id.clone(),
        issuer_id: society_url(state, &society),
        issuer_name: society.name.clone(),
        society_acronym: society.acronym.clone(),
        subject_id: format!("{}/verify/{public_id}", state.config.public_url),
        subject_name: member.full_name(),
        membership_type: membership_type.to_owned(),
        valid_from: time(record.issued_at_micros),
        valid_until: time(record.valid_until_micros),
        status_list: status_list_url(state, &society),
        status_index: record.status_index,
    };
    Ok(signer.sign(&membership_credential(&claims)))
}

/// One credential as listed on a member's directory page.
pub struct CredentialRow {
    pub id: i64,
    pub society: String,
    pub issued: String,
    pub valid_until: String,
    pub status: CredentialStatus,
}

#[derive(Template, WebTemplate)]
#[template(path = "member_directory.html")]
pub struct MemberDirectoryPage {
    frame: Frame,
    member: Member,
    /// Where the member's profile is: `/me` or the society's member page.
    base: String,
    /// The society administering (issue and revoke) or `None` for the member.
    society: Option<Society>,
    public_id: String,
    offered: Vec<String>,
    procedures: &'static [ProcedureOption],
    credentials: Vec<CredentialRow>,
    errors: FieldErrors,
}

impl MemberDirectoryPage {
    pub fn offers(&self, code: &str) -> bool {
        self.offered.iter().any(|p| p == code)
    }

    pub fn can_issue(&self) -> bool {
        self.society.as_ref().is_some_and(|s| {
            self.member
                .memberships
                .iter()
                .any(|m| m.society_id == s.id && m.status == MembershipStatus::Active)
        })
    }

    pub fn offered_names(&self) -> String {
        self.offered
            .iter()
            .map(|p| self.frame.tr.procedure(p))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn member_directory(
    state: &AppState,
    frame: Frame,
    member: Member,
    society: Option<Society>,
    offered: Option<Vec<String>>,
    errors: Vec<FieldError>,
) -> AppResult<MemberDirectoryPage> {
    let public_id = state
        .store
        .member_public_id(member.id)
        .await?
        .unwrap_or_default();
    let offered = match offered {
        Some(offered) => offered,
        None => state.store.member_procedures(member.id).await?,
    };
    let societies = state.store.list_societies().await?;
    let day = |micros| {
        DateTime::from_timestamp_micros(micros)
            .map(|t| t.date_naive().to_string())
            .unwrap_or_default()
    };
    let credentials = state
        .store
        .member_credentials(member.id)
        .await?
        .into_iter()
        .filter(|c| society.as_ref().is_none_or(|s| s.id == c.society_id))
        .map(|c| CredentialRow {
            id: c.id,
            society: societies
                .iter()
                .find(|s| s.id == c.society_id)
                .map(|s| s.acronym.clone())
                .unwrap_or_default(),
            issued: day(c.issued_at_micros),
            valid_until: day(c.valid_until_micros),
            status: c.status,
        })
        .collect();
    let base = match &society {
        Some(s) => format!("/societies/{}/members/{}", s.slug, member.id),
        None => "/me".to_owned(),
    };
    Ok(MemberDirectoryPage {
        errors: FieldErrors::new(errors, &frame.tr),
        frame,
        member,
        base,
        society,
        public_id,
        offered,
        procedures: procedure_options(),
        credentials,
    })
}

async fn own_member(state: &AppState, principal: &Principal) -> AppResult<Member> {
    authorize(principal, Action::EditOwnProfile)?;
    let id = principal.member_id().ok_or(AppError::Forbidden)?;
    state.store.member(id).await?.ok_or(AppError::NotFound)
}

/// `/me/directory`: the member's procedures, verification page and credentials.
pub async fn own_directory(
    State(state): State<AppState>,
    frame: Frame,
) -> AppResult<MemberDirectoryPage> {
    let member = own_member(&state, &frame.principal).await?;
    member_directory(&state, frame, member, None, None, Vec::new()).await
}

/// `/societies/{slug}/members/{id}/directory`, for the society's administrators.
pub async fn admin_directory(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<MemberDirectoryPage> {
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    member_directory(&state, frame, member, Some(society), None, Vec::new()).await
}

/// The procedures form: one checkbox per procedure, all named `procedures`.
fn offered_procedures(body: &[u8]) -> Result<Vec<String>, Vec<FieldError>> {
    let mut offered = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in form_urlencoded::parse(body) {
        if key != "procedures" {
            continue;
        }
        let code = value.trim().to_ascii_uppercase();
        if kallos_domain::registry::codes::procedure_index(&code).is_none() {
            errors.push(FieldError::with_code(
                "procedures",
                "choice",
                format!("'{code}' is not a procedure code of the taxonomy"),
            ));
        } else if !offered.contains(&code) {
            offered.push(code);
        }
    }
    if errors.is_empty() {
        Ok(offered)
    } else {
        Err(errors)
    }
}

async fn save_procedures(
    state: &AppState,
    frame: Frame,
    meta: &RequestMeta,
    member: Member,
    society: Option<Society>,
    body: &[u8],
) -> AppResult<Response> {
    let offered = match offered_procedures(body) {
        Ok(offered) => offered,
        Err(errors) => {
            let page = member_directory(state, frame, member, society, None, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let ctx = meta.audit(&frame.principal, state.clock.now());
    state
        .store
        .apply(
            &ctx,
            vec![Change::SetMemberProcedures {
                society: society.as_ref().map(|s| s.id),
                member: member.id,
                procedures: offered,
            }],
        )
        .await?;
    let to = match &society {
        Some(s) => format!("/societies/{}/members/{}/directory", s.slug, member.id),
        None => "/me/directory".to_owned(),
    };
    Ok(Redirect::to(&format!("{to}?done=saved")).into_response())
}

pub async fn own_directory_update(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let member = own_member(&state, &frame.principal).await?;
    save_procedures(&state, frame, &meta, member, None, &body).await
}

pub async fn admin_directory_update(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    save_procedures(&state, frame, &meta, member, Some(society), &body).await
}

/// Issues a membership credential of the society to one of its active members.
pub async fn issue(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::IssueCredentials(society.id))?;
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = meta.audit(&frame.principal, state.clock.now());
    issue_to(&state, &ctx, &society, &member).await?;
    Ok(Redirect::to(&format!(
        "/societies/{}/members/{id}/directory?done=created",
        society.slug
    ))
    .into_response())
}

/// Issues a credential of `society` to `member`, whose membership there must
/// be active; returns the stored credential's id.
pub async fn issue_to(
    state: &AppState,
    ctx: &kallos_domain::audit::AuditContext,
    society: &Society,
    member: &Member,
) -> AppResult<i64> {
    let active = member
        .memberships
        .iter()
        .any(|m| m.society_id == society.id && m.status == MembershipStatus::Active);
    if !active {
        return Err(AppError::Conflict(format!(
            "the membership of {} in {} is not active",
            member.full_name(),
            society.acronym
        )));
    }
    signer(state, society, ctx).await?;
    let outcomes = state
        .store
        .apply(
            ctx,
            vec![Change::IssueCredential(NewCredential {
                credential_id: kallos_credentials::urn_uuid(random()?),
                society_id: society.id,
                member_id: member.id,
                valid_until_micros: (ctx.at + Duration::days(CREDENTIAL_DAYS)).timestamp_micros(),
            })],
        )
        .await?;
    outcomes
        .first()
        .and_then(|o| o.created_id())
        .ok_or_else(|| AppError::Internal("credential not created".to_owned()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

/// Suspends, reinstates or revokes one of the society's credentials.
pub async fn set_status(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    Path((_, credential)): Path<(String, i64)>,
    FormInput(form): FormInput<StatusForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::IssueCredentials(society.id))?;
    let record = state
        .store
        .signed_credential(credential)
        .await?
        .filter(|c| c.society_id == society.id)
        .ok_or(AppError::NotFound)?;
    let status = CredentialStatus::parse(form.status.trim()).ok_or_else(|| {
        AppError::Validation(vec![FieldError::with_code(
            "status",
            "choice",
            "must be one of: valid, suspended, revoked",
        )])
    })?;
    state
        .store
        .apply(
            &meta.audit(&frame.principal, state.clock.now()),
            vec![Change::SetCredentialStatus {
                society: society.id,
                credential,
                status,
            }],
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/societies/{}/members/{}/directory?done=saved",
        society.slug, record.member_id
    ))
    .into_response())
}

fn token_response(token: String, society: &str) -> Response {
    let file = format!(
        "attachment; filename=\"membership-{}.jwt\"",
        kallos_domain::society::url_slug(society)
    );
    (
        [
            (header::CONTENT_TYPE, VC_JWT.to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        token,
    )
        .into_response()
}

/// `/me/credentials/{id}`: the member downloads one of their own credentials.
pub async fn download_own(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let member = own_member(&state, &frame.principal).await?;
    let record = state
        .store
        .signed_credential(id)
        .await?
        .filter(|c| c.member_id == member.id)
        .ok_or(AppError::NotFound)?;
    let token = credential_token(&state, &record).await?;
    let acronym = member
        .memberships
        .iter()
        .find(|m| m.society_id == record.society_id)
        .map(|m| m.society_acronym.clone())
        .unwrap_or_default();
    Ok(token_response(token, &acronym))
}

/// `/societies/{slug}/credentials/{id}`: the society's administrator downloads one it issued.
pub async fn download_admin(
    State(state): State<AppState>,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let record = state
        .store
        .signed_credential(id)
        .await?
        .filter(|c| c.society_id == society.id)
        .ok_or(AppError::NotFound)?;
    let token = credential_token(&state, &record).await?;
    Ok(token_response(token, &society.acronym))
}

// ---- Attestations from other societies ----

/// What checking a received credential found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAttestation {
    pub issuer: Society,
    pub record: NewAttestation,
}

/// Verifies a membership credential signed by another society of this
/// installation: signature against its published key, dates against the
/// clock, the issuer named in it, and its live status lists.
pub async fn check_attestation(
    state: &AppState,
    receiver: &Society,
    token: &str,
) -> Result<CheckedAttestation, String> {
    let fail = |e: CredentialError| e.to_string();
    let store_fail = |e: AppError| format!("could not check: {e}");
    let jwks = published_keys(&*state.store).await.map_err(store_fail)?;
    let verified = verify_signature(token, &jwks).map_err(fail)?;
    let keys = state
        .store
        .issuer_keys()
        .await
        .map_err(|e| store_fail(e.into()))?;
    let issuer_id = keys
        .iter()
        .find(|k| k.kid == verified.kid)
        .map(|k| k.society_id)
        .ok_or_else(|| format!("no society has the key {}", verified.kid))?;
    let issuer = state
        .store
        .list_societies()
        .await
        .map_err(|e| store_fail(e.into()))?
        .into_iter()
        .find(|s| s.id == issuer_id)
        .ok_or_else(|| "the issuing society is unknown".to_owned())?;
    if issuer.id == receiver.id {
        return Err(format!(
            "it was issued by {} itself; an attestation comes from another society",
            receiver.acronym
        ));
    }
    let now = state.clock.now();
    check_dates(&verified.claims, now).map_err(fail)?;
    let summary = membership_summary(&verified.claims).map_err(fail)?;
    if summary.issuer_id != society_url(state, &issuer) {
        return Err(format!(
            "it names {} as its issuer but is signed with the key of {}",
            summary.issuer_id, issuer.acronym
        ));
    }
    let mut lists = Vec::new();
    for purpose in ["revocation", "suspension"] {
        lists.push(
            status_list(state, &issuer, purpose, now)
                .await
                .map_err(store_fail)?,
        );
    }
    check_status(&verified.claims, &lists).map_err(fail)?;
    let subject_public_id = summary
        .subject_id
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    Ok(CheckedAttestation {
        record: NewAttestation {
            society_id: receiver.id,
            issuer_society_id: issuer.id,
            credential_id: summary.credential_id,
            subject_name: summary.subject_name,
            subject_public_id,
            membership_type: summary.membership_type,
            valid_until_micros: summary.valid_until.timestamp_micros(),
            token: token.trim().to_owned(),
        },
        issuer,
    })
}

pub struct AttestationRow {
    pub issuer: String,
    pub subject_name: String,
    pub subject_public_id: String,
    pub membership_type: String,
    pub valid_until: String,
    pub verified_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "attestations.html")]
pub struct AttestationsPage {
    frame: Frame,
    society: Society,
    rows: Vec<AttestationRow>,
    credential: String,
    problem: Option<String>,
}

async fn attestations_page(
    state: &AppState,
    frame: Frame,
    society: Society,
    credential: String,
    problem: Option<String>,
) -> AppResult<AttestationsPage> {
    let societies = state.store.list_societies().await?;
    let day = |micros| {
        DateTime::from_timestamp_micros(micros)
            .map(|t| t.date_naive().to_string())
            .unwrap_or_default()
    };
    let rows = state
        .store
        .attestations(society.id)
        .await?
        .into_iter()
        .map(|a| AttestationRow {
            issuer: societies
                .iter()
                .find(|s| s.id == a.issuer_society_id)
                .map(|s| s.acronym.clone())
                .unwrap_or_default(),
            subject_name: a.subject_name,
            subject_public_id: a.subject_public_id,
            membership_type: a.membership_type,
            valid_until: day(a.valid_until_micros),
            verified_on: day(a.verified_at_micros),
        })
        .collect();
    Ok(AttestationsPage {
        frame,
        society,
        rows,
        credential,
        problem,
    })
}

pub async fn attestations(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
) -> AppResult<AttestationsPage> {
    authorize(&frame.principal, Action::AcceptAttestations(society.id))?;
    attestations_page(&state, frame, society, String::new(), None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AttestationForm {
    credential: String,
}

/// Verifies a pasted credential and records it, or shows why it was refused (422).
pub async fn attestation_submit(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    FormInput(form): FormInput<AttestationForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::AcceptAttestations(society.id))?;
    let token = form.credential.trim().to_owned();
    let problem = if token.is_empty() {
        frame.tr.t("attestation-empty").into_owned()
    } else {
        match check_attestation(&state, &society, &token).await {
            Ok(checked) => {
                state
                    .store
                    .apply(
                        &meta.audit(&frame.principal, state.clock.now()),
                        vec![Change::RecordSocietyAttestation(checked.record)],
                    )
                    .await?;
                return Ok(Redirect::to(&format!(
                    "/societies/{}/attestations?done=saved",
                    society.slug
                ))
                .into_response());
            }
            Err(reason) => frame.tr.t1("attestation-refused", "reason", reason),
        }
    };
    let page = attestations_page(&state, frame, society, token, Some(problem)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
