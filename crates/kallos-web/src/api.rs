//! The JSON API under `/api/v1`, documented by the OpenAPI 3.1 document that
//! is generated from these same handlers (`/api/v1/openapi.json`).

use crate::AppState;
use crate::auth::RequestMeta;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::input::ApiJson;
use crate::tenancy::{CurrentPrincipal, Tenant, society_guard};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use kallos_domain::MemberId;
use kallos_domain::member::{Member, MemberProfileInput, MemberSummary, NewMemberInput};
use kallos_domain::policy::{Action, authorize};
use kallos_domain::society::Society;
use kallos_store::{Change, Page};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kallos API",
        description = "Registry, membership and patient-safety platform for aesthetic surgery societies.",
        license(name = "AGPL-3.0-or-later")
    ),
    // Paths below are relative to this server, which is where the API is
    // mounted (without it, a generic client resolves `/directory` against
    // the site's root, an HTML page).
    servers((url = "/api/v1", description = "This installation's API")),
    modifiers(&BearerAuth),
    tags((name = "meta", description = "This document"),
(name = "societies", description = "The alliance and its member societies"),
         (name = "members", description = "A society's members: its administrators only"),
         (name = "account", description = "The caller's own account"),
         (name = "registry", description = "Cases in and out as FHIR R4: the society's administrators only"),
         (name = "membership", description = "Membership criteria, evaluations and applications"),
         (name = "credentials", description = "Signed membership credentials (W3C VC 2.0, `vc+jwt`): issued by a society's administrators, downloaded by the member"),
         (name = "directory", description = "The verified public directory and verification records (public)"),
         (name = "statistics", description = "Open data: the published annual statistics, approved data only, small counts suppressed"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The API's routes and their OpenAPI document.
pub fn router(state: AppState) -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let society_private = OpenApiRouter::new()
        .routes(routes!(list_members, create_member))
        .routes(routes!(get_member, update_member))
        .routes(routes!(fhir_import))
        .routes(routes!(fhir_case))
        .routes(routes!(crate::membership_api::get_criteria))
        .routes(routes!(crate::membership_api::list_applications))
        .routes(routes!(crate::membership_api::member_evaluation))
        .routes(routes!(
            crate::credentials_api::member_credentials,
            crate::credentials_api::issue_credential
        ))
        .routes(routes!(crate::credentials_api::download_credential))
        .routes(routes!(crate::credentials_api::set_credential_status))
        .routes(routes!(crate::api_statistics::list_approvals))
        .routes(routes!(
            crate::api_statistics::approve_period,
            crate::api_statistics::withdraw_approval
        ))
        .route_layer(from_fn_with_state(state.clone(), society_guard))
        // FHIR bulk submissions are larger than the default body limit.
        .layer(axum::extract::DefaultBodyLimit::max(
            usize::try_from(state.config.max_upload_bytes).unwrap_or(usize::MAX),
        ));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list_societies))
        .routes(routes!(get_society))
        .routes(routes!(me))
        .routes(routes!(crate::membership_api::my_evaluation))
        .merge(crate::directory::api_routes())
        .routes(routes!(crate::api_statistics::statistics_publications))
        .routes(routes!(crate::api_statistics::statistics_report))
        .routes(routes!(crate::api_statistics::statistics_table))
        .routes(routes!(crate::api_statistics::publish_year))
        .routes(routes!(crate::credentials_api::my_credentials))
        .routes(routes!(crate::credentials_api::my_credential))
        .routes(routes!(openapi_document))
        .merge(society_private)
        .split_for_parts()
}

/// This document: the OpenAPI 3.1 description of every `/api/v1` route.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
async fn openapi_document(State(state): State<AppState>) -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        state.openapi.get().cloned().unwrap_or_default(),
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SocietyListing {
    #[serde(flatten)]
    pub society: Society,
    /// Members whose membership is active.
    pub active_members: i64,
}

/// The alliance and its member societies (public).
#[utoipa::path(get, path = "/societies", tag = "societies",
    responses((status = 200, description = "Every society", body = Vec<SocietyListing>)))]
async fn list_societies(State(state): State<AppState>) -> AppResult<Json<Vec<SocietyListing>>> {
    let counts = state.store.active_member_counts().await?;
    let listing = state
        .store
        .list_societies()
        .await?
        .into_iter()
        .map(|society| SocietyListing {
            active_members: counts
                .iter()
                .find(|(id, _)| *id == society.id)
                .map_or(0, |(_, n)| *n),
            society,
        })
        .collect();
    Ok(Json(listing))
}

/// One society (public).
#[utoipa::path(get, path = "/societies/{slug}", tag = "societies",
    params(("slug" = String, Path, description = "The society's acronym as used in URLs, e.g. SBCP")),
    responses((status = 200, body = Society), (status = 404, body = ErrorBody)))]
async fn get_society(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<Society>> {
    Ok(Json(
        state
            .store
            .society_by_slug(&slug)
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Rows to skip (default 0).
    offset: Option<i64>,
    /// Rows to return, 1 to 500 (default 100).
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub members: Vec<MemberSummary>,
}

/// A society's members (its administrators and the alliance's).
#[utoipa::path(get, path = "/societies/{slug}/members", tag = "members",
    params(("slug" = String, Path), Paging),
    security(("bearer" = [])),
    responses((status = 200, body = MemberList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_members(
    State(state): State<AppState>,
    Tenant(society): Tenant,
    Query(paging): Query<Paging>,
) -> AppResult<Json<MemberList>> {
    let page = Page::new(paging.offset.unwrap_or(0), paging.limit.unwrap_or(100));
    Ok(Json(MemberList {
        total: state.store.count_members(society.id).await?,
        offset: page.offset,
        limit: page.limit,
        members: state.store.list_members(society.id, page).await?,
    }))
}

/// Adds a member to the society.
#[utoipa::path(post, path = "/societies/{slug}/members", tag = "members",
    params(("slug" = String, Path)),
    request_body = NewMemberInput,
    security(("bearer" = [])),
    responses((status = 201, body = Member), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, description = "A field is invalid; `fields` names it", body = ErrorBody)))]
async fn create_member(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    ApiJson(input): ApiJson<NewMemberInput>,
) -> AppResult<(StatusCode, Json<Member>)> {
    let now = state.clock.now();
    let member = input.validate(society.id, now.date_naive())?;
    let outcomes = state
        .store
        .apply(
            &meta.audit(&principal, now),
            vec![Change::CreateMember(Box::new(member.into()))],
        )
        .await?;
    let id = outcomes
        .first()
        .and_then(|o| o.created_id())
        .ok_or_else(|| AppError::Internal("member not created".to_owned()))?;
    let member = state
        .store
        .member(MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(member)))
}

/// One member of the society.
#[utoipa::path(get, path = "/societies/{slug}/members/{id}", tag = "members",
    params(("slug" = String, Path), ("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_member(
    State(state): State<AppState>,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
) -> AppResult<Json<Member>> {
    let id = path.1;
    Ok(Json(
        state
            .store
            .member_in_society(society.id, MemberId(id))
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

/// Changes a member's profile.
#[utoipa::path(put, path = "/societies/{slug}/members/{id}", tag = "members",
    params(("slug" = String, Path), ("id" = i64, Path)),
    request_body = MemberProfileInput,
    security(("bearer" = [])),
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_member(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
    ApiJson(input): ApiJson<MemberProfileInput>,
) -> AppResult<Json<Member>> {
    let id = path.1;
    let profile = input.validate()?;
    let now = state.clock.now();
    state
        .store
        .apply(
            &meta.audit(&principal, now),
            vec![Change::UpdateMemberProfile {
                society: Some(society.id),
                member: MemberId(id),
                profile,
            }],
        )
        .await?;
    Ok(Json(
        state
            .store
            .member_in_society(society.id, MemberId(id))
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub email: String,
    pub display_name: String,
    /// `alliance_admin`, `society_admin`, `member`, `researcher`.
    pub roles: Vec<String>,
    /// Acronyms of the societies this account administers.
    pub administers: Vec<String>,
    pub member: Option<Member>,
}

/// The calling account.
#[utoipa::path(get, path = "/me", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
) -> AppResult<Json<Me>> {
    let user = principal.user.clone().ok_or(AppError::Unauthenticated)?;
    let member = match authorize(&principal, Action::EditOwnProfile) {
        Ok(()) => match principal.member_id() {
            Some(id) => state.store.member(id).await?,
            None => None,
        },
        Err(_) => None,
    };
    let societies = state.store.list_societies().await?;
    let administers = principal
        .administered_societies()
        .filter_map(|id| {
            societies
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.acronym.clone())
        })
        .collect();
    Ok(Json(Me {
        email: user.email,
        display_name: user.display_name,
        roles: principal
            .roles
            .iter()
            .map(|r| r.kind().to_owned())
            .collect(),
        administers,
        member,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FhirImportResult {
    /// The submission that recorded this import.
    pub submission: Option<i64>,
    pub status: String,
    pub rows_read: i64,
    pub accepted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    /// A FHIR OperationOutcome listing each problem (row = the Bundle's position + 1).
    #[schema(value_type = Object)]
    pub outcome: serde_json::Value,
}

/// Submits cases as FHIR R4: one `Bundle`, or NDJSON with one `Bundle` per
/// line (bulk). Each Bundle passes the same checks as a CSV row.
#[utoipa::path(post, path = "/societies/{slug}/fhir", tag = "registry",
    params(("slug" = String, Path)),
    request_body(content = String, description = "A FHIR R4 Bundle (application/fhir+json) or NDJSON of Bundles (application/fhir+ndjson)"),
    security(("bearer" = [])),
    responses((status = 200, body = FhirImportResult), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn fhir_import(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    body: axum::body::Bytes,
) -> AppResult<Json<FhirImportResult>> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::BadRequest(
            "send a FHIR Bundle as JSON, or NDJSON with one Bundle per line".to_owned(),
        ));
    }
    let path = crate::registry::scratch_path(&state, "fhir", "json").await?;
    tokio::fs::write(&path, &body)
        .await
        .map_err(|e| AppError::Internal(format!("writing {}: {e}", path.display())))?;
    let now = state.clock.now();
    let audit_context = meta.audit(&principal, now);
    let audit = || audit_context.clone();
    let options = kallos_registry::import::ImportOptions {
        society: Some(society.acronym.clone()),
        dry_run: false,
        strict: false,
        batch_size: 5_000,
        today: now.date_naive(),
        member: None,
    };
    let mut progress = |_: u64, _: i64| {};
    let result =
        kallos_registry::import::import_file(&*state.store, &audit, &path, &options, &mut progress)
            .await;
    tokio::fs::remove_file(&path).await.ok();
    let summary = result.map_err(|e| AppError::BadRequest(e.to_string()))?;
    let issues: Vec<serde_json::Value> = summary
        .issues
        .iter()
        .map(|i| {
            serde_json::json!({
                "severity": if i.severity == kallos_registry::Severity::Error { "error" } else { "warning" },
                "code": "invalid",
                "diagnostics": format!("bundle {}: {}: {} (value '{}')", i.row.saturating_sub(1), i.column, i.reason, i.value),
                "expression": [i.column],
            })
        })
        .collect();
    Ok(Json(FhirImportResult {
        submission: summary.submission,
        status: summary.status.to_owned(),
        rows_read: summary.rows_read,
        accepted: summary.accepted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        outcome: serde_json::json!({ "resourceType": "OperationOutcome", "issue": issues }),
    }))
}

/// A stored case as a FHIR R4 Bundle (pseudonymous).
#[utoipa::path(get, path = "/societies/{slug}/fhir/cases/{case_ref}", tag = "registry",
    params(("slug" = String, Path), ("case_ref" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "A FHIR R4 Bundle", body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn fhir_case(
    State(state): State<AppState>,
    Tenant(society): Tenant,
    Path(path): Path<(String, String)>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let stored = state
        .store
        .case(society.id, &path.1)
        .await?
        .ok_or(AppError::NotFound)?;
    let bundle = kallos_registry::fhir::case_bundle(&stored.record);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/fhir+json")],
        bundle.to_string(),
    )
        .into_response())
}
