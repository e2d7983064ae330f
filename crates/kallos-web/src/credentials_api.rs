//! The membership credentials API: a society's administrators list, issue,
//! download, suspend, reinstate and revoke the credentials of its members;
//! a member lists and downloads their own. A credential is a signed
//! `vc+jwt` (see `credentials`), the same bytes on every download.

use crate::AppState;
use crate::auth::RequestMeta;
use crate::credentials::{VC_JWT, credential_token, issue_to};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::input::ApiJson;
use crate::tenancy::{CurrentPrincipal, Tenant};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kallos_domain::MemberId;
use kallos_domain::policy::{Action, authorize};
use kallos_domain::validation::FieldError;
use kallos_store::Change;
use kallos_store::directory::{CredentialRecord, CredentialStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CredentialInfo {
    /// The stored credential's number, used in these URLs.
    pub id: i64,
    /// `urn:uuid:…`, the credential's `id` inside the signed document.
    pub credential_id: String,
    /// The issuing society's acronym.
    pub society: String,
    pub member_id: i64,
    /// `valid`, `suspended` or `revoked`, as set by the issuer. A credential
    /// also reads as suspended in the status list while the membership is
    /// not active.
    pub status: String,
    /// Its bit in the society's revocation and suspension lists.
    pub status_index: i64,
    /// Microseconds since 1970.
    pub issued_at_micros: i64,
    /// Microseconds since 1970.
    pub valid_until_micros: i64,
}

async fn info(state: &AppState, records: Vec<CredentialRecord>) -> AppResult<Vec<CredentialInfo>> {
    let societies = state.store.list_societies().await?;
    Ok(records
        .into_iter()
        .map(|c| CredentialInfo {
            society: societies
                .iter()
                .find(|s| s.id == c.society_id)
                .map(|s| s.acronym.clone())
                .unwrap_or_default(),
            id: c.id,
            credential_id: c.credential_id,
            member_id: c.member_id.0,
            status: c.status.as_str().to_owned(),
            status_index: c.status_index,
            issued_at_micros: c.issued_at_micros,
            valid_until_micros: c.valid_until_micros,
        })
        .collect())
}

fn token_response(token: String) -> Response {
    ([(header::CONTENT_TYPE, VC_JWT)], token).into_response()
}

/// The credentials the society issued to one of its members.
#[utoipa::path(get, path = "/societies/{slug}/members/{id}/credentials", tag = "credentials",
    params(("slug" = String, Path), ("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<CredentialInfo>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn member_credentials(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
) -> AppResult<Json<Vec<CredentialInfo>>> {
    let id = path.1;
    authorize(&principal, Action::IssueCredentials(society.id))?;
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let mut records = state.store.member_credentials(member.id).await?;
    records.retain(|c| c.society_id == society.id);
    Ok(Json(info(&state, records).await?))
}

/// Issues a membership credential of the society to one of its members,
/// whose membership must be active.
#[utoipa::path(post, path = "/societies/{slug}/members/{id}/credentials", tag = "credentials",
    params(("slug" = String, Path), ("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 201, body = CredentialInfo), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The membership is not active", body = ErrorBody)))]
pub async fn issue_credential(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
) -> AppResult<(StatusCode, Json<CredentialInfo>)> {
    let id = path.1;
    authorize(&principal, Action::IssueCredentials(society.id))?;
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = meta.audit(&principal, state.clock.now());
    let created = issue_to(&state, &ctx, &society, &member).await?;
    let record = state
        .store
        .signed_credential(created)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut listed = info(&state, vec![record]).await?;
    let issued = listed
        .pop()
        .ok_or_else(|| AppError::Internal("credential not listed".to_owned()))?;
    Ok((StatusCode::CREATED, Json(issued)))
}

async fn society_credential(
    state: &AppState,
    society: kallos_domain::SocietyId,
    credential: i64,
) -> AppResult<CredentialRecord> {
    state
        .store
        .signed_credential(credential)
        .await?
        .filter(|c| c.society_id == society)
        .ok_or(AppError::NotFound)
}

/// One credential the society issued, signed (`application/vc+jwt`).
#[utoipa::path(get, path = "/societies/{slug}/credentials/{credential}", tag = "credentials",
    params(("slug" = String, Path), ("credential" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "The signed credential, a compact JWS", content_type = "application/vc+jwt", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download_credential(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
) -> AppResult<Response> {
    let credential = path.1;
    authorize(&principal, Action::IssueCredentials(society.id))?;
    let record = society_credential(&state, society.id, credential).await?;
    Ok(token_response(credential_token(&state, &record).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CredentialStatusInput {
    /// `valid` (reinstate), `suspended` or `revoked` (final).
    pub status: String,
}

/// Suspends, reinstates or revokes a credential the society issued; the
/// status lists say so at once. Revocation is final.
#[utoipa::path(put, path = "/societies/{slug}/credentials/{credential}/status", tag = "credentials",
    params(("slug" = String, Path), ("credential" = i64, Path)),
    request_body = CredentialStatusInput,
    security(("bearer" = [])),
    responses((status = 200, body = CredentialInfo), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The credential is revoked", body = ErrorBody),
        (status = 422, description = "Not a status", body = ErrorBody)))]
pub async fn set_credential_status(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
    ApiJson(input): ApiJson<CredentialStatusInput>,
) -> AppResult<Json<CredentialInfo>> {
    let credential = path.1;
    authorize(&principal, Action::IssueCredentials(society.id))?;
    society_credential(&state, society.id, credential).await?;
    let status = CredentialStatus::parse(input.status.trim()).ok_or_else(|| {
        AppError::Validation(vec![FieldError::with_code(
            "status",
            "choice",
            "must be one of: valid, suspended, revoked",
        )])
    })?;
    state
        .store
        .apply(
            &meta.audit(&principal, state.clock.now()),
            vec![Change::SetCredentialStatus {
                society: society.id,
                credential,
                status,
            }],
        )
        .await?;
    let record = society_credential(&state, society.id, credential).await?;
    let mut listed = info(&state, vec![record]).await?;
    listed
        .pop()
        .map(Json)
        .ok_or_else(|| AppError::Internal("credential not listed".to_owned()))
}

async fn own_member_id(
    state: &AppState,
    principal: &kallos_domain::policy::Principal,
) -> AppResult<MemberId> {
    authorize(principal, Action::EditOwnProfile)?;
    let id = principal.member_id().ok_or(AppError::NotFound)?;
    state
        .store
        .member(id)
        .await?
        .map(|m| m.id)
        .ok_or(AppError::NotFound)
}

/// The caller's own membership credentials, from every society.
#[utoipa::path(get, path = "/me/credentials", tag = "credentials",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<CredentialInfo>), (status = 401, body = ErrorBody), (status = 404, description = "The account is not a member's", body = ErrorBody)))]
pub async fn my_credentials(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
) -> AppResult<Json<Vec<CredentialInfo>>> {
    let member = own_member_id(&state, &principal).await?;
    let records = state.store.member_credentials(member).await?;
    Ok(Json(info(&state, records).await?))
}

/// One of the caller's own credentials, signed (`application/vc+jwt`).
#[utoipa::path(get, path = "/me/credentials/{credential}", tag = "credentials",
    params(("credential" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "The signed credential, a compact JWS", content_type = "application/vc+jwt", body = String),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn my_credential(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Path(credential): Path<i64>,
) -> AppResult<Response> {
    let member = own_member_id(&state, &principal).await?;
    let record = state
        .store
        .signed_credential(credential)
        .await?
        .filter(|c| c.member_id == member)
        .ok_or(AppError::NotFound)?;
    Ok(token_response(credential_token(&state, &record).await?))
}
