//! CSRF protection for every form: a double-submit token. The token lives in
//! an HttpOnly, SameSite=Strict cookie and is echoed by each form as the
//! hidden field `csrf_token` (or by scripts as the `X-CSRF-Token` header).
//! Requests authenticated by an API token carry no ambient authority and are
//! exempt, as are API calls without a session cookie.
//!
//! A visitor without the cookie gets one only when the page rendered a form:
//! the token is made on first use, so public pages without forms (the
//! directory, verification pages) set no cookie and stay cheap and cacheable.

use crate::AppState;
use crate::auth::{SESSION_COOKIE, bearer_token, cookie, random_token};
use crate::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, OnceLock};
use subtle::ConstantTimeEq;

pub const CSRF_COOKIE: &str = "kallos_csrf";
pub const CSRF_FIELD: &str = "csrf_token";
const FORM_LIMIT: usize = 1024 * 1024;

/// The token to put in this request's forms: the visitor's, or one made
/// when a form first asks for it.
#[derive(Debug, Clone, Default)]
pub struct CsrfToken(Arc<OnceLock<String>>);

impl CsrfToken {
    pub(crate) fn existing(token: String) -> Self {
        Self(Arc::new(OnceLock::from(token)))
    }

    pub fn value(&self) -> &str {
        self.0.get_or_init(|| {
            random_token().unwrap_or_else(|error| {
                // The form will then fail its check with a clear CSRF error.
                tracing::error!(%error, "making a CSRF token");
                String::new()
            })
        })
    }

    /// Whether a token was made for this request's forms.
    pub fn is_made(&self) -> bool {
        self.made().is_some()
    }

    /// The token made for this request (so its cookie must be set).
    fn made(&self) -> Option<&str> {
        self.0.get().map(String::as_str).filter(|t| !t.is_empty())
    }
}

impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.value())
    }
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

pub async fn protect(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let existing = cookie(req.headers(), CSRF_COOKIE)
        .filter(|t| well_formed(t))
        .map(str::to_owned);
    let needs_check = !req.method().is_safe()
        && bearer_token(req.headers()).is_none()
        && !(req.uri().path().starts_with("/api/")
            && cookie(req.headers(), SESSION_COOKIE).is_none());
    let mut req = req;
    if needs_check {
        let expected = existing.as_deref().ok_or(AppError::Csrf)?;
        let sent_header = req
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let ok = match sent_header {
            Some(sent) => same(&sent, expected),
            None => {
                let is_form = req
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
                if !is_form {
                    // File uploads (multipart) carry the token in the form's action URL.
                    let in_query = req.uri().query().and_then(|q| {
                        form_urlencoded::parse(q.as_bytes())
                            .find(|(k, _)| k == CSRF_FIELD)
                            .map(|(_, v)| v.into_owned())
                    });
                    return match in_query {
                        Some(sent) if same(&sent, expected) => {
                            Ok(finish(&state, req, next, existing).await?)
                        }
                        _ => Err(AppError::Csrf),
                    };
                }
                let (parts, body) = req.into_parts();
                let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
                    AppError::BadRequest(format!("the form is larger than {FORM_LIMIT} bytes"))
                })?;
                let sent = form_urlencoded::parse(&bytes)
                    .find(|(key, _)| key == CSRF_FIELD)
                    .map(|(_, value)| value.into_owned());
                req = Request::from_parts(parts, Body::from(bytes));
                sent.is_some_and(|sent| same(&sent, expected))
            }
        };
        if !ok {
            return Err(AppError::Csrf);
        }
    }
    finish(&state, req, next, existing).await
}

/// Runs the request with its token, setting the cookie when a new one was
/// put in a form.
async fn finish(
    state: &AppState,
    mut req: Request,
    next: Next,
    existing: Option<String>,
) -> Result<Response, AppError> {
    let is_new = existing.is_none();
    let token = existing.map_or_else(CsrfToken::default, CsrfToken::existing);
    req.extensions_mut().insert(token.clone());
    let mut response = next.run(req).await;
    if let Some(token) = token.made().filter(|_| is_new) {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let value = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}
