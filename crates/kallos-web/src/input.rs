//! Extractors for request bodies whose errors name the field at fault.

use crate::error::AppError;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use bytes::Bytes;
use kallos_domain::validation::FieldError;
use serde::de::DeserializeOwned;

/// The largest form or JSON body accepted.
const BODY_LIMIT: usize = 256 * 1024;

async fn body_bytes(req: Request) -> Result<Bytes, AppError> {
    axum::body::to_bytes(req.into_body(), BODY_LIMIT)
        .await
        .map_err(|_| AppError::BadRequest(format!("the body is larger than {BODY_LIMIT} bytes")))
}

fn content_type(req: &Request) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn path_error<E: std::fmt::Display>(error: serde_path_to_error::Error<E>) -> AppError {
    let field = error.path().to_string();
    let message = error.inner().to_string();
    if field == "." || field.is_empty() {
        AppError::BadRequest(message)
    } else {
        AppError::Validation(vec![FieldError::with_code(field, "type", message)])
    }
}

/// A JSON body: `415` without `Content-Type: application/json`, `400` for
/// malformed JSON (with line and column), `422` naming the field of a wrong type.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        if content_type(&req) != "application/json" {
            return Err(AppError::UnsupportedMediaType(
                "send the body as JSON with 'Content-Type: application/json'".to_owned(),
            ));
        }
        let bytes = body_bytes(req).await?;
        // Every body of this API is an object; say so rather than report a
        // confusing field error deep inside an array or a string.
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => {}
            Some(_) => {
                return Err(AppError::BadRequest(
                    "the body must be a JSON object ({...})".to_owned(),
                ));
            }
            None => {
                return Err(AppError::BadRequest(
                    "the body is empty; send a JSON object".to_owned(),
                ));
            }
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            if error.inner().is_syntax() || error.inner().is_eof() {
                AppError::BadRequest(format!("malformed JSON: {}", error.inner()))
            } else {
                path_error(error)
            }
        })?;
        Ok(Self(value))
    }
}

/// An `application/x-www-form-urlencoded` body, as HTML forms send it.
#[derive(Debug)]
pub struct FormInput<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormInput<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        if content_type(&req) != "application/x-www-form-urlencoded" {
            return Err(AppError::UnsupportedMediaType(
                "send the form as application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let bytes = body_bytes(req).await?;
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(&bytes));
        serde_path_to_error::deserialize(deserializer)
            .map(Self)
            .map_err(path_error)
    }
}
