//! One error type for the whole web layer. It renders as JSON; the pages'
//! layer turns it into a translated HTML page (see `pages::render_errors`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kallos_domain::policy::Denied;
use kallos_domain::validation::{FieldError, ValidationErrors};
use kallos_store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("sign in first")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("too many requests")]
    RateLimited { retry_after_secs: u64 },
    /// Detail goes to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: `validation`, `bad_request`, `unauthenticated`, `forbidden`,
    /// `not_found`, `conflict`, `csrf`, `rate_limited`, `internal`.
    pub error: &'static str,
    pub message: String,
    /// For `validation`: each offending field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::BadRequest(_) | Self::UnsupportedMediaType(_) => "bad_request",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict(_) => "conflict",
            Self::Csrf => "csrf",
            Self::RateLimited { .. } => "rate_limited",
            Self::Internal(_) => "internal",
        }
    }

    fn body(&self) -> ErrorBody {
        let message = match self {
            Self::Validation(fields) => fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
            Self::BadRequest(m) | Self::UnsupportedMediaType(m) | Self::Conflict(m) => m.clone(),
            Self::Unauthenticated => {
                "sign in, or send an API token as 'Authorization: Bearer <token>'".to_owned()
            }
            Self::Forbidden => "you do not have access to this resource".to_owned(),
            Self::NotFound => "no such resource".to_owned(),
            Self::Csrf => "missing or wrong CSRF token: reload the form and try again".to_owned(),
            Self::RateLimited { retry_after_secs } => {
                format!("too many attempts; retry after {retry_after_secs} s")
            }
            Self::Internal(_) => {
                "internal error; see the server log for this request id".to_owned()
            }
        };
        ErrorBody {
            error: self.code(),
            message,
            fields: match self {
                Self::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        if let Self::RateLimited { retry_after_secs } = &self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        // Lets the pages' layer render this error as HTML.
        response.extensions_mut().insert(self);
        response
    }
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Validation(errors.0)
    }
}

impl From<Denied> for AppError {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::Unauthenticated => Self::Unauthenticated,
            Denied::Forbidden => Self::Forbidden,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => Self::NotFound,
            StoreError::ApprovalsChanged => {
                Self::Conflict("the approved periods changed; try again".to_owned())
            }
            StoreError::Conflict(what) => match what.as_str() {
                "members.email" | "users.email" => Self::Validation(vec![FieldError::with_code(
                    "email",
                    "taken",
                    "is already registered",
                )]),
                _ => Self::Conflict(format!("{what} is already taken")),
            },
            StoreError::Backend(detail) => Self::Internal(detail),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
