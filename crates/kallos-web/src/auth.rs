//! Who is asking: passwords, session cookies, API tokens, and the middleware
//! that turns a request into a [`Principal`].

use crate::AppState;
use crate::error::AppError;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use kallos_domain::audit::AuditContext;
use kallos_domain::policy::Principal;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Mutex;

pub const SESSION_COOKIE: &str = "kallos_session";
/// API tokens start with this, so that a leaked one is easy to recognise.
pub const API_TOKEN_PREFIX: &str = "kallos_";

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("random salt: {e}")))?;
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))
}

/// Checks a password against a stored hash; a malformed hash never verifies.
pub fn verify_password(stored: &str, password: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// A hash that no password matches, verified against when the email is
/// unknown so that response time does not reveal which emails exist.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password never used").unwrap_or_default())
}

/// 32 random bytes, hex: session cookies, CSRF tokens and API tokens.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random token: {e}")))?;
    Ok(hex::encode(bytes))
}

/// What is stored instead of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// Facts about the request that the audit trail records.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub source: Option<String>,
    pub request_id: Option<String>,
    /// The raw session token, if the request came with a valid one.
    pub session_token: Option<String>,
}

impl RequestMeta {
    pub fn audit(&self, principal: &Principal, at: DateTime<Utc>) -> AuditContext {
        AuditContext {
            actor: principal.audit_label(),
            at,
            source: self.source.clone(),
            request_id: self.request_id.clone(),
        }
    }
}

/// Resolves the principal from an API token or a session cookie and stores it,
/// with the request's [`RequestMeta`], in the request's extensions.
pub async fn resolve_principal(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let headers = req.headers();
    let mut session_token = None;
    let user = if let Some(token) = bearer_token(headers) {
        let user = state.store.api_token_user(&token_hash(token), now).await?;
        // A wrong token is an error, not silently the public.
        Some(user.ok_or(AppError::Unauthenticated)?)
    } else if let Some(token) = cookie(headers, SESSION_COOKIE) {
        let user = state.store.session_user(&token_hash(token), now).await?;
        if user.is_some() {
            session_token = Some(token.to_owned());
        }
        user
    } else {
        None
    };
    let principal = match user {
        Some(user) => state.store.principal(user).await?.unwrap_or_default(),
        None => Principal::anonymous(),
    };
    let source = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    req.extensions_mut().insert(RequestMeta {
        source,
        request_id,
        session_token,
    });
    req.extensions_mut().insert(principal);
    Ok(next.run(req).await)
}

/// Counts failed sign-ins per key (an email, an address) in a sliding window.
#[derive(Debug)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
    max_failures: usize,
    window: Duration,
}

impl LoginLimiter {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            failures: Mutex::new(HashMap::new()),
            max_failures,
            window,
        }
    }

    /// `Err(seconds to wait)` when any key has used up its attempts.
    pub fn check(&self, keys: &[&str], now: DateTime<Utc>) -> Result<(), u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = 0;
        for key in keys {
            if let Some(times) = failures.get_mut(*key) {
                while times.front().is_some_and(|t| *t + self.window <= now) {
                    times.pop_front();
                }
                if times.len() >= self.max_failures
                    && let Some(oldest) = times.front()
                {
                    let seconds = (*oldest + self.window - now).num_seconds().max(1);
                    wait = wait.max(seconds.unsigned_abs());
                }
            }
        }
        if wait > 0 { Err(wait) } else { Ok(()) }
    }

    pub fn record_failure(&self, keys: &[&str], now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of distinct keys: forget the oldest state.
        if failures.len() > 100_000 {
            failures.clear();
        }
        for key in keys {
            failures
                .entry((*key).to_owned())
                .or_default()
                .push_back(now);
        }
    }

    pub fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "wrong horse"));
        assert!(!verify_password("not a hash", "correct horse"));
        assert_ne!(
            hash,
            hash_password("correct horse").expect("hash"),
            "salted"
        );
    }

    #[test]
    fn limiter_blocks_after_max_failures_until_the_window_passes() {
        let limiter = LoginLimiter::new(3, Duration::minutes(15));
        let t0 = Utc
            .with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
            .single()
            .expect("time");
        for i in 0..3 {
            assert_eq!(
                limiter.check(&["email:a"], t0 + Duration::seconds(i)),
                Ok(())
            );
            limiter.record_failure(&["email:a"], t0 + Duration::seconds(i));
        }
        assert_eq!(
            limiter.check(&["email:a"], t0 + Duration::minutes(1)),
            Err(14 * 60)
        );
        assert_eq!(
            limiter.check(&["email:b"], t0 + Duration::minutes(1)),
            Ok(())
        );
        assert_eq!(
            limiter.check(
                &["email:a"],
                t0 + Duration::minutes(15) + Duration::seconds(1)
            ),
            Ok(())
        );
        limiter.clear("email:a");
        assert_eq!(
            limiter.check(&["email:a"], t0 + Duration::minutes(1)),
            Ok(())
        );
    }

    #[test]
    fn cookies_and_bearer_tokens_parse() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; kallos_session=abc; b=2".parse().expect("header"),
        );
        headers.insert(
            header::AUTHORIZATION,
            "Bearer kallos_xyz".parse().expect("header"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
        assert_eq!(bearer_token(&headers), Some("kallos_xyz"));
    }
}
