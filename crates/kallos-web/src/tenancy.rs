//! The tenancy guard: the one place that decides whether a request may touch
//! a society's private data. Every route under `/societies/{slug}/members`
//! (pages and API) is wrapped in [`society_guard`]; handlers receive the
//! society only through [`Tenant`], which nothing but the guard creates.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use kallos_domain::MemberId;
use kallos_domain::policy::{Action, Principal, authorize};
use kallos_domain::society::Society;
use std::collections::HashMap;

/// The society a guarded request acts on, after the access check.
#[derive(Debug, Clone)]
pub struct Tenant(pub Society);

pub async fn society_guard(
    State(state): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let slug = params.get("slug").ok_or(AppError::NotFound)?;
    let principal = req
        .extensions()
        .get::<Principal>()
        .cloned()
        .unwrap_or_default();
    // Unknown societies and forbidden ones look the same to the public.
    if !principal.is_authenticated() {
        return Err(AppError::Unauthenticated);
    }
    let society = state
        .store
        .society_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = if req.method().is_safe() {
        Action::ViewSocietyPrivate(society.id)
    } else {
        Action::ManageSocietyMembers(society.id)
    };
    authorize(&principal, action)?;
    req.extensions_mut().insert(Tenant(society));
    Ok(next.run(req).await)
}

/// Who submits to a society's registry: its administrators (any case of the
/// society) or one of its members in good standing (only their own cases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitter {
    Society,
    Member(MemberId),
}

/// The guard of a society's registry pages: [`Action::SubmitCases`] for every
/// method, then [`Tenant`] and the [`Submitter`] the handlers scope by.
pub async fn registry_guard(
    State(state): State<AppState>,
    Path(params): Path<HashMap<String, String>>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let slug = params.get("slug").ok_or(AppError::NotFound)?;
    let principal = req
        .extensions()
        .get::<Principal>()
        .cloned()
        .unwrap_or_default();
    if !principal.is_authenticated() {
        return Err(AppError::Unauthenticated);
    }
    let society = state
        .store
        .society_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(&principal, Action::SubmitCases(society.id))?;
    let submitter = if authorize(&principal, Action::ManageSocietyMembers(society.id)).is_ok() {
        Submitter::Society
    } else {
        // `SubmitCases` without administering the society: a member of it.
        Submitter::Member(principal.member_id().ok_or(AppError::Forbidden)?)
    };
    req.extensions_mut().insert(Tenant(society));
    req.extensions_mut().insert(submitter);
    Ok(next.run(req).await)
}

impl<S: Send + Sync> FromRequestParts<S> for Submitter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Submitter>().copied().ok_or_else(|| {
            AppError::Internal(format!(
                "route {} reads a submitter but is not behind the registry guard",
                parts.uri.path()
            ))
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Tenant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Tenant>().cloned().ok_or_else(|| {
            AppError::Internal(format!(
                "route {} reads a society but is not behind the tenancy guard",
                parts.uri.path()
            ))
        })
    }
}

/// The principal of any request (the public when nobody signed in).
#[derive(Debug, Clone)]
pub struct CurrentPrincipal(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for CurrentPrincipal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<Principal>()
                .cloned()
                .unwrap_or_default(),
        ))
    }
}
