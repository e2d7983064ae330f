//! CSRF protection for every form: a double-submit token. The token lives in
//! an HttpOnly, SameSite=Strict cookie and is echoed by each form as the
//! hidden field `csrf_token` (or by scripts as the `X-CSRF-Token` header).
//! Requests authenticated by an API token carry no ambient authority and are
//! exempt, as are API calls without a session cookie.

use crate::AppState;
use crate::auth::{SESSION_COOKIE, bearer_token, cookie, random_token};
use crate::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

pub const CSRF_COOKIE: &str = "kallos_csrf";
pub const CSRF_FIELD: &str = "csrf_token";
const FORM_LIMIT: usize = 1024 * 1024;

/// The token to put in this request's forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

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

/// Runs the request with its token, setting the cookie when it is new.
async fn finish(
    state: &AppState,
    mut req: Request,
    next: Next,
    existing: Option<String>,
) -> Result<Response, AppError> {
    let (token, is_new) = match existing {
        Some(token) => (token, false),
        None => (random_token()?, true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    if is_new {
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
