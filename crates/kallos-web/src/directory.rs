//! The verified public directory (`/directory`), the public verification
//! pages (`/verify/{public id}`), and their JSON in the API.
//!
//! Both read an in-memory [`DirectoryIndex`] rather than the database. The
//! index is rebuilt when the store's directory version (bumped by triggers on
//! every table it shows) has moved; the version is read at most once per
//! `WebConfig::directory_refresh` (every request when zero), so a status
//! change in the store reaches the public pages within that interval.

use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::pages::{FieldErrors, Frame};
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kallos_domain::directory::{
    DirectoryHit, DirectoryIndex, DirectoryQueryInput, DirectoryResults, Verification,
};
use kallos_domain::registry::codes::procedures;
use kallos_store::Store;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The directory's read model: the last index built and when the store's
/// version was last compared with it.
pub struct DirectoryCache {
    current: RwLock<Option<Arc<DirectoryIndex>>>,
    /// Nanoseconds after `started` of the last version check (0: never).
    checked: AtomicU64,
    started: Instant,
    interval: Duration,
    refresh: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for DirectoryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryCache")
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

impl DirectoryCache {
    pub fn new(interval: Duration) -> Self {
        Self {
            current: RwLock::new(None),
            checked: AtomicU64::new(0),
            started: Instant::now(),
            interval,
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    fn current(&self) -> Option<Arc<DirectoryIndex>> {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The index, if built and checked within the interval.
    fn fresh(&self) -> Option<Arc<DirectoryIndex>> {
        let checked = self.checked.load(Ordering::Acquire);
        if checked == 0 || self.interval.is_zero() {
            return None;
        }
        let now = self.started.elapsed().as_nanos() as u64;
        if now.saturating_sub(checked) < self.interval.as_nanos() as u64 {
            self.current()
        } else {
            None
        }
    }

    /// The current index: rebuilt first if the store changed since it was built.
    pub async fn index(&self, store: &dyn Store) -> AppResult<Arc<DirectoryIndex>> {
        if let Some(index) = self.fresh() {
            return Ok(index);
        }
        let _one_refresh_at_a_time = self.refresh.lock().await;
        if let Some(index) = self.fresh() {
            return Ok(index);
        }
        let version = store.directory_version().await?;
        let index = match self.current() {
            Some(index) if index.version() == version => index,
            _ => {
                let records = store.directory_records().await?;
                let index =
                    tokio::task::spawn_blocking(move || DirectoryIndex::build(version, records))
                        .await
                        .map_err(|e| AppError::Internal(format!("building the directory: {e}")))?;
                let index = Arc::new(index);
                *self
                    .current
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Arc::clone(&index));
                index
            }
        };
        let now = (self.started.elapsed().as_nanos() as u64).max(1);
        self.checked.store(now, Ordering::Release);
        Ok(index)
    }
}

/// A procedure choice for the search form and the profile's procedure list.
pub struct ProcedureOption {
    pub code: &'static str,
    pub name: &'static str,
    pub category: &'static str,
}

pub fn procedure_options() -> Vec<ProcedureOption> {
    procedures()
        .iter()
        .map(|p| ProcedureOption {
            code: p.code,
            name: p.name,
            category: p.category,
        })
        .collect()
}

pub fn procedure_name(code: &str) -> String {
    procedures()
        .iter()
        .find(|p| p.code == code)
        .map_or_else(|| code.to_owned(), |p| p.name.to_owned())
}

#[derive(Template, WebTemplate)]
#[template(path = "directory.html")]
pub struct DirectoryPage {
    frame: Frame,
    input: DirectoryQueryInput,
    errors: FieldErrors,
    results: Option<DirectoryResults>,
    countries: Vec<(String, String)>,
    languages: Vec<String>,
    procedures: Vec<ProcedureOption>,
    /// The query string without the page, for the paging links.
    query: String,
}

impl DirectoryPage {
    fn selected(value: &Option<String>, option: &str) -> bool {
        value
            .as_deref()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case(option))
    }

    pub fn country_selected(&self, code: &str) -> bool {
        Self::selected(&self.input.country, code)
    }

    pub fn procedure_selected(&self, code: &str) -> bool {
        Self::selected(&self.input.procedure, code)
    }

    pub fn language_selected(&self, code: &str) -> bool {
        Self::selected(&self.input.language, code)
    }

    pub fn follow_up(&self) -> bool {
        matches!(
            self.input.follow_up.as_deref().map(str::trim),
            Some("on" | "true" | "1")
        )
    }

    pub fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }

    pub fn country_name(&self, code: &str) -> String {
        kallos_domain::country::name(code)
            .unwrap_or(code)
            .to_owned()
    }

    pub fn procedure_names(&self, hit: &DirectoryHit) -> String {
        hit.procedures
            .iter()
            .map(|p| procedure_name(p))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `/directory`: the search form and, when anything is asked, the results.
pub async fn directory_page(
    State(state): State<AppState>,
    frame: Frame,
    Query(input): Query<DirectoryQueryInput>,
) -> AppResult<Response> {
    let index = state.directory.index(&*state.store).await?;
    let mut query_only = input.clone();
    query_only.page = None;
    let query = serde_urlencoded::to_string(&query_only).unwrap_or_default();
    let countries = index
        .countries()
        .into_iter()
        .map(|c| {
            (
                c.to_owned(),
                kallos_domain::country::name(c).unwrap_or(c).to_owned(),
            )
        })
        .collect();
    let languages = index.languages().into_iter().map(str::to_owned).collect();
    let (status, results, errors) = match input.validate() {
        Ok(q) => (StatusCode::OK, Some(index.search(&q)), Vec::new()),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, e.0),
    };
    let errors = FieldErrors::new(errors, &frame.tr);
    Ok((
        status,
        DirectoryPage {
            frame,
            input,
            errors,
            results,
            countries,
            languages,
            procedures: procedure_options(),
            query,
        },
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    frame: Frame,
    v: Verification,
    url: String,
    qr_svg: String,
}

impl VerifyPage {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.v.given_name, self.v.family_name)
    }

    pub fn day(&self, date: &Option<chrono::NaiveDate>) -> String {
        date.map_or_else(|| self.frame.tr.t("verify-not-recorded"), |d| d.to_string())
    }
}

/// A QR code of `text` as an inline SVG element.
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build();
            // Inline in HTML: without the XML declaration.
            match svg.find("<svg") {
                Some(start) => svg[start..].to_owned(),
                None => svg,
            }
        }
        Err(error) => {
            tracing::warn!(%error, "QR code");
            String::new()
        }
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json") && !accept.contains("text/html"))
}

/// `/verify/{public id}` (HTML, or JSON when asked with `Accept` or `.json`).
pub async fn verify_page(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (id, json) = match id.strip_suffix(".json") {
        Some(id) => (id.to_owned(), true),
        None => (id, wants_json(&headers)),
    };
    let index = state.directory.index(&*state.store).await?;
    let v = index.verification(&id).ok_or(AppError::NotFound)?;
    if json {
        return Ok(([(header::CACHE_CONTROL, "no-cache")], Json(v)).into_response());
    }
    let url = format!("{}/verify/{}", state.config.public_url, v.public_id);
    Ok(VerifyPage {
        qr_svg: qr_svg(&url),
        frame,
        v,
        url,
    }
    .into_response())
}

/// The directory's routes in the JSON API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_directory))
        .routes(routes!(api_verify))
}

/// Search the verified public directory (public). Only members whose
/// membership is active and who opted in are listed, by family name, then
/// given name, then public id: nobody can pay to rank higher.
#[utoipa::path(get, path = "/directory", tag = "directory",
    params(DirectoryQueryInput),
    responses((status = 200, body = DirectoryResults), (status = 422, body = ErrorBody)))]
async fn api_directory(
    State(state): State<AppState>,
    Query(input): Query<DirectoryQueryInput>,
) -> AppResult<Json<DirectoryResults>> {
    let query = input.validate()?;
    let index = state.directory.index(&*state.store).await?;
    Ok(Json(index.search(&query)))
}

/// A member's public verification record: societies and status,
/// certifications (numbers masked) and accredited facilities, each with the
/// date it was last checked (public).
#[utoipa::path(get, path = "/verify/{public_id}", tag = "directory",
    params(("public_id" = String, Path, description = "The member's public id, as in /verify/{public_id}")),
    responses((status = 200, body = Verification), (status = 404, body = ErrorBody)))]
async fn api_verify(
    State(state): State<AppState>,
    Path(public_id): Path<String>,
) -> AppResult<Json<Verification>> {
    let index = state.directory.index(&*state.store).await?;
    Ok(Json(
        index.verification(&public_id).ok_or(AppError::NotFound)?,
    ))
}

/// Labels for the directory's form fields, for the error summary.
pub fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => "directory-name",
        "country" => "directory-country",
        "city" => "directory-city",
        "procedure" => "directory-procedure",
        "language" => "directory-language",
        "follow_up" => "directory-follow-up",
        "page" | "per_page" => "directory-page",
        "procedures" => "directory-procedures",
        "credential" => "attestation-credential",
        _ => return None,
    })
}
