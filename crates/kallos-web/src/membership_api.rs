//! Membership in the JSON API: a society's criteria and applications (its
//! administrators), and a member's evaluation for a membership type.

use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::tenancy::{CurrentPrincipal, Tenant};
use axum::Json;
use axum::extract::{Path, Query, State};
use kallos_domain::MemberId;
use kallos_domain::member::MembershipType;
use kallos_domain::membership::{ApplicationStatus, Evaluation};
use kallos_domain::policy::{Action, authorize};
use kallos_domain::society::Society;
use kallos_membership::EvaluationError;
use kallos_membership::evidence::latest_sponsors;
use kallos_store::membership::Application;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct CriteriaDocument {
    pub society: String,
    /// The criteria as in a criteria file: `renewal_months`, `grace_days`,
    /// `suspension_days`, and `types`, each with its `criteria` (each a `kind`
    /// and its fields); `null` until the society sets criteria.
    #[schema(value_type = Object, nullable)]
    pub criteria: serde_json::Value,
}

/// A society's membership criteria (its administrators).
#[utoipa::path(get, path = "/societies/{slug}/criteria", tag = "membership",
    params(("slug" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CriteriaDocument), (status = 403, body = ErrorBody)))]
pub async fn get_criteria(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
) -> AppResult<Json<CriteriaDocument>> {
    authorize(&principal, Action::ManageCriteria(society.id))?;
    let criteria = state.store.society_criteria(society.id).await?;
    Ok(Json(CriteriaDocument {
        society: society.acronym,
        criteria: serde_json::to_value(criteria).map_err(|e| AppError::Internal(e.to_string()))?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// `pending`, `approved` or `rejected` (default: all).
    status: Option<String>,
}

/// A society's applications, newest first (its administrators).
#[utoipa::path(get, path = "/societies/{slug}/applications", tag = "membership",
    params(("slug" = String, Path), ApplicationQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Application>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_applications(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Query(query): Query<ApplicationQuery>,
) -> AppResult<Json<Vec<Application>>> {
    authorize(&principal, Action::ReviewApplications(society.id))?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(ApplicationStatus::parse(s).ok_or_else(|| {
            AppError::Validation(vec![kallos_domain::validation::FieldError::new(
                "status",
                "must be one of: pending, approved, rejected",
            )])
        })?),
    };
    Ok(Json(
        state.store.applications(society.id, status, 500).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypeQuery {
    /// `active`, `associate` or `resident`; every type of the society's criteria when absent.
    #[serde(rename = "type")]
    membership_type: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyEvaluationQuery {
    /// The acronym of the society applied to, e.g. `TAS`.
    society: Option<String>,
    /// `active`, `associate` or `resident`; every type of the society's criteria when absent.
    #[serde(rename = "type")]
    membership_type: Option<String>,
}

fn membership_type(text: Option<&str>) -> AppResult<Option<MembershipType>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => MembershipType::parse(t).map(Some).ok_or_else(|| {
            AppError::Validation(vec![kallos_domain::validation::FieldError::new(
                "type",
                "must be one of: active, associate, resident",
            )])
        }),
    }
}

/// The member evaluated today for one type, or for every type the society's
/// criteria define (none when it has no criteria yet).
async fn evaluations(
    state: &AppState,
    member: MemberId,
    society: &Society,
    only: Option<MembershipType>,
) -> AppResult<Vec<Evaluation>> {
    let Some(criteria) = state.store.society_criteria(society.id).await? else {
        return Ok(Vec::new());
    };
    let types: Vec<MembershipType> = criteria
        .types
        .iter()
        .map(|t| t.membership_type)
        .filter(|t| only.is_none_or(|o| o == *t))
        .collect();
    if let Some(o) = only
        && types.is_empty()
    {
        return Err(AppError::Validation(vec![
            kallos_domain::validation::FieldError::with_code(
                "type",
                "not-offered",
                format!(
                    "{} does not offer {} membership",
                    society.acronym,
                    o.as_str()
                ),
            ),
        ]));
    }
    let (sponsors, unrelated) = latest_sponsors(&*state.store, member, society.id).await?;
    let today = state.clock.now().date_naive();
    let mut out = Vec::new();
    for t in types {
        out.push(
            kallos_membership::evaluate_member(
                &*state.store,
                member,
                society,
                t,
                &sponsors,
                unrelated,
                today,
            )
            .await
            .map_err(|e| match e {
                EvaluationError::NoCriteria { .. } | EvaluationError::NoSuchType { .. } => {
                    AppError::BadRequest(e.to_string())
                }
                EvaluationError::NoMember => AppError::NotFound,
                EvaluationError::Store(e) => e.into(),
            })?,
        );
    }
    Ok(out)
}

/// A member of the society evaluated today against the society's criteria,
/// criterion by criterion: for one membership type, or for each (its administrators).
#[utoipa::path(get, path = "/societies/{slug}/members/{id}/evaluation", tag = "membership",
    params(("slug" = String, Path), ("id" = i64, Path), TypeQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Evaluation>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn member_evaluation(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Tenant(society): Tenant,
    Path(path): Path<(String, i64)>,
    Query(query): Query<TypeQuery>,
) -> AppResult<Json<Vec<Evaluation>>> {
    authorize(&principal, Action::ReviewApplications(society.id))?;
    let only = membership_type(query.membership_type.as_deref())?;
    let member = state
        .store
        .member_in_society(society.id, MemberId(path.1))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(evaluations(&state, member.id, &society, only).await?))
}

/// The calling member evaluated today against a society's criteria, before
/// applying: for one membership type, or for each.
#[utoipa::path(get, path = "/me/evaluation", tag = "membership",
    params(MyEvaluationQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Evaluation>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn my_evaluation(
    State(state): State<AppState>,
    CurrentPrincipal(principal): CurrentPrincipal,
    Query(query): Query<MyEvaluationQuery>,
) -> AppResult<Json<Vec<Evaluation>>> {
    authorize(&principal, Action::ApplyForMembership)?;
    let member = principal.member_id().ok_or(AppError::Forbidden)?;
    let only = membership_type(query.membership_type.as_deref())?;
    let acronym = query.society.as_deref().map(str::trim).unwrap_or("");
    if acronym.is_empty() {
        return Err(AppError::Validation(vec![
            kallos_domain::validation::FieldError::new("society", "is required"),
        ]));
    }
    let society = state
        .store
        .society_by_slug(&kallos_domain::society::url_slug(acronym))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(evaluations(&state, member, &society, only).await?))
}
