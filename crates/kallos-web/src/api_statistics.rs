//! The open-data statistics API: published years, a year's report (the
//! frozen publication, or live for a country or society, always from
//! approved data under disclosure control) and one table of it.

use crate::AppState;
use crate::auth::RequestMeta;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::tenancy::{CurrentPrincipal, Tenant};
use axum::Json;
use axum::extract::{Path, Query, State};
use kallos_domain::policy::{Action, authorize};
use kallos_statistics::report::{Report, Scope, Table};
use kallos_statistics::service;
use kallos_store::Change;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationInfo {
    pub year: i32,
    pub version: i64,
    /// SHA-256 of the publication's canonical JSON.
    pub sha256: String,
    /// Microseconds since 1970.
    pub published_at_micros: i64,
    /// Where the report is.
    pub href: String,
}

/// Every publication, oldest first (public).
#[utoipa::path(get, path = "/statistics", tag = "statistics",
    responses((status = 200, description = "Every published version of every year", body = Vec<PublicationInfo>)))]
pub async fn statistics_publications(
    State(state): State<AppState>,
) -> AppResult<Json<Vec<PublicationInfo>>> {
    Ok(Json(
        state
            .store
            .publications(None)
            .await?
            .into_iter()
            .map(|p| PublicationInfo {
                href: format!("/api/v1/statistics/{}?version={}", p.year, p.version),
                year: p.year,
                version: p.version,
                sha256: p.sha256,
                published_at_micros: p.published_at_micros,
            })
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// A published version (default: the latest).
    pub version: Option<i64>,
    /// A country of procedure (ISO 3166-1 alpha-2): computed now from approved data.
    pub country: Option<String>,
    /// A society (acronym): computed now from approved data.
    pub society: Option<String>,
}

async fn report(state: &AppState, year: i32, query: &ReportQuery) -> AppResult<Report> {
    let country = query
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let society = query
        .society
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let publications = state.store.publications(Some(year)).await?;
    if country.is_none() && society.is_none() {
        let publication = publications
            .iter()
            .filter(|p| query.version.is_none_or(|v| p.version == v))
            .max_by_key(|p| p.version)
            .ok_or(AppError::NotFound)?;
        return Ok(service::report_of(publication)?);
    }
    if publications.is_empty() {
        return Err(AppError::NotFound);
    }
    let scope = match (country, society) {
        (Some(c), _) => {
            let c = c.to_ascii_uppercase();
            if !kallos_domain::country::is_known(&c) {
                return Err(AppError::BadRequest(format!(
                    "country: '{c}' is not an ISO 3166-1 alpha-2 code"
                )));
            }
            Scope::Country(c)
        }
        (None, Some(s)) => Scope::Society(s.to_owned()),
        (None, None) => Scope::Global,
    };
    let key = crate::statistics::cell_key(state).await?;
    Ok(service::public_report(&*state.store, &key, year, scope).await?)
}

/// A year's public report: every table, suppressed cells `null` (public).
#[utoipa::path(get, path = "/statistics/{year}", tag = "statistics",
    params(("year" = i32, Path, description = "The year, e.g. 2025"), ReportQuery),
    responses((status = 200, description = "The report: year, scope, disclosure rule and tables (id, columns, rows with key, label, level and values, sums)", body = serde_json::Value),
              (status = 404, description = "The year is not published", body = ErrorBody)))]
pub async fn statistics_report(
    State(state): State<AppState>,
    Path(year): Path<i32>,
    Query(query): Query<ReportQuery>,
) -> AppResult<Json<Report>> {
    Ok(Json(report(&state, year, &query).await?))
}

/// One table of a year's public report (public).
#[utoipa::path(get, path = "/statistics/{year}/tables/{table}", tag = "statistics",
    params(("year" = i32, Path, description = "The year"),
           ("table" = String, Path, description = "procedures, years, countries, tourism_destination, tourism_origin, sex, age, setting, grades, risk_factors"),
           ReportQuery),
    responses((status = 200, description = "The table", body = serde_json::Value),
              (status = 404, description = "No such year or table", body = ErrorBody)))]
pub async fn statistics_table(
    State(state): State<AppState>,
    Path((year, table)): Path<(i32, String)>,
    Query(query): Query<ReportQuery>,
) -> AppResult<Json<Table>> {
    let report = report(&state, year, &query).await?;
    Ok(Json(
        report
            .tables
            .into_iter()
            .find(|t| t.id == table)
            .ok_or(AppError::NotFound)?,
    ))
}

// ---- Approval and publication (society administrators, the alliance) ----

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalInfo {
    /// `2025` or `2025-Q2`.
    pub period: String,
    pub approved_by: String,
    /// Microseconds since 1970.
    pub approved_at_micros: i64,
}

async fn society_approvals(
    state: &AppState,
    society: kallos_domain::SocietyId,
) -> AppResult<Vec<ApprovalInfo>> {
    Ok(state
        .store
        .approvals(Some(society))
        .await?
        .into_iter()
        .map(|a| ApprovalInfo {
            period: a.period.to_string(),
            approved_by: a.approved_by,
            approved_at_micros: a.approved_at_micros,
        })
        .collect())
}

/// The society's approved periods (its administrators and the alliance's).
#[utoipa::path(get, path = "/societies/{slug}/statistics/approvals", tag = "statistics",
    params(("slug" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ApprovalInfo>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_approvals(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
) -> AppResult<Json<Vec<ApprovalInfo>>> {
    authorize(&principal, Action::ViewSocietyStatistics(society.id))?;
    Ok(Json(society_approvals(&state, society.id).await?))
}

/// Approves the society's data for a year (`2025`) or a quarter (`2025-Q2`):
/// its cases of that period are then locked, and may be published. Approving
/// an approved period changes nothing.
#[utoipa::path(put, path = "/societies/{slug}/statistics/approvals/{period}", tag = "statistics",
    params(("slug" = String, Path), ("period" = String, Path, description = "A year (2025) or a quarter (2025-Q2)")),
    security(("bearer" = [])),
    responses((status = 200, description = "Every approved period of the society", body = Vec<ApprovalInfo>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The period overlaps one already approved", body = ErrorBody),
        (status = 422, description = "Not a period", body = ErrorBody)))]
pub async fn approve_period(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, String)>,
) -> AppResult<Json<Vec<ApprovalInfo>>> {
    let period = path.1;
    change_approval(&state, &meta, &principal, &society, &period, true).await
}

/// Withdraws the society's approval of a period: its cases may change again.
#[utoipa::path(delete, path = "/societies/{slug}/statistics/approvals/{period}", tag = "statistics",
    params(("slug" = String, Path), ("period" = String, Path, description = "A year (2025) or a quarter (2025-Q2)")),
    security(("bearer" = [])),
    responses((status = 200, description = "Every period of the society still approved", body = Vec<ApprovalInfo>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "Not a period", body = ErrorBody)))]
pub async fn withdraw_approval(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, String)>,
) -> AppResult<Json<Vec<ApprovalInfo>>> {
    let period = path.1;
    change_approval(&state, &meta, &principal, &society, &period, false).await
}

async fn change_approval(
    state: &AppState,
    meta: &RequestMeta,
    principal: &kallos_domain::policy::Principal,
    society: &kallos_domain::society::Society,
    period: &str,
    approve: bool,
) -> AppResult<Json<Vec<ApprovalInfo>>> {
    authorize(principal, Action::ApproveSocietyData(society.id))?;
    let period = crate::statistics::parse_period(period.trim())?;
    let change = if approve {
        Change::ApprovePeriod {
            society: society.id,
            period,
        }
    } else {
        Change::WithdrawApproval {
            society: society.id,
            period,
        }
    };
    state
        .store
        .apply(&meta.audit(principal, state.clock.now()), vec![change])
        .await?;
    Ok(Json(society_approvals(state, society.id).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublishResult {
    /// False when the report is the same as the latest version (nothing published).
    pub published: bool,
    pub publication: PublicationInfo,
}

/// Publishes the year's public report from approved data, under disclosure
/// control, as its next version (the alliance's administrators). An unchanged
/// report is not published twice.
#[utoipa::path(post, path = "/statistics/{year}/publications", tag = "statistics",
    params(("year" = i32, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PublishResult), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "No society has approved data for that year", body = ErrorBody)))]
pub async fn publish_year(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
    Path(year): Path<i32>,
) -> AppResult<Json<PublishResult>> {
    authorize(&principal, Action::ManageStatistics)?;
    let ctx = meta.audit(&principal, state.clock.now());
    let (outcome, _) = service::publish(&*state.store, &ctx, year).await?;
    let latest = state
        .store
        .publications(Some(year))
        .await?
        .into_iter()
        .max_by_key(|p| p.version)
        .ok_or_else(|| AppError::Internal(format!("no publication of {year} after publishing")))?;
    Ok(Json(PublishResult {
        published: outcome != kallos_store::Outcome::Unchanged,
        publication: PublicationInfo {
            href: format!(
                "/api/v1/statistics/{}?version={}",
                latest.year, latest.version
            ),
            year: latest.year,
            version: latest.version,
            sha256: latest.sha256,
            published_at_micros: latest.published_at_micros,
        },
    }))
}
