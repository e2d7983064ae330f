//! The verified public directory (`/directory`), the public verification
//! pages (`/verify/{public id}`), and their JSON in the API.
//!
//! Both read an in-memory [`DirectoryIndex`] rather than the database. The
//! index is rebuilt when the store's directory version (bumped by triggers on
//! every table it shows) has moved; the version is read at most once per
//! `WebConfig::directory_refresh` (every request when zero), so a status
//! change in the store reaches the public pages within that interval.
//!
//! What the public is answered (pages and JSON, for visitors without a
//! session) is kept by request beside the index it was made from and
//! dropped with it: the same search or verification is rendered once per
//! directory version, not once per visitor.

use crate::AppState;
use crate::csrf::CsrfToken;
use crate::directory_view::{HitCells, Rendered};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::i18n::Tr;
use crate::options::Options;
use crate::pages::{FieldErrors, Frame};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use kallos_domain::directory::{
    DirectoryHit, DirectoryIndex, DirectoryQueryInput, DirectoryResults, Verification,
};
use kallos_domain::registry::codes::procedures;
use kallos_store::Store;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
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
    answers: Mutex<Answers>,
    rendered: Mutex<Option<Arc<Rendered>>>,
}

/// Rendered public answers, all made from the index of `version` and `day`.
#[derive(Default)]
struct Answers {
    version: i64,
    day: Option<chrono::NaiveDate>,
    by_request: foldhash::HashMap<String, Answer>,
    /// Bytes of the kept bodies and keys.
    bytes: usize,
}

/// Most bytes of answers kept: beyond, they are all dropped and the cache
/// fills again (a bound, not an eviction policy: the searches people repeat
/// come back within seconds). Small enough that the memory is reused rather
/// than handed back and faulted in again.
const MAX_ANSWER_BYTES: usize = 16 << 20;

/// A rendered answer: its content type and body, shared between requests.
#[derive(Clone)]
pub struct Answer {
    content_type: &'static str,
    cache_control: &'static str,
    body: Bytes,
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type),
                (header::CACHE_CONTROL, self.cache_control),
            ],
            self.body,
        )
            .into_response()
    }
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
            answers: Mutex::default(),
            rendered: Mutex::default(),
        }
    }

    /// The fragments of `index`'s answers.
    fn rendered(&self, index: &DirectoryIndex) -> Arc<Rendered> {
        let mut rendered = self
            .rendered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*rendered {
            Some(kept) if kept.version() == index.version() && kept.day() == index.day() => {
                Arc::clone(kept)
            }
            _ => {
                let made = Arc::new(Rendered::new(index));
                *rendered = Some(Arc::clone(&made));
                made
            }
        }
    }

    fn answers(&self) -> std::sync::MutexGuard<'_, Answers> {
        self.answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The answer to `request` made from `index`, if one was kept.
    fn answer(&self, index: &DirectoryIndex, request: &str) -> Option<Answer> {
        let answers = self.answers();
        (answers.version == index.version() && answers.day == index.day())
            .then(|| answers.by_request.get(request).cloned())
            .flatten()
    }

    /// Keeps `answer` to `request`, made from `index`.
    fn keep(&self, index: &DirectoryIndex, request: String, answer: Answer) {
        let key_len = request.len();
        let size = key_len + answer.body.len();
        let mut answers = self.answers();
        if answers.version != index.version()
            || answers.day != index.day()
            || answers.bytes + size > MAX_ANSWER_BYTES
        {
            answers.by_request.clear();
            answers.bytes = 0;
            answers.version = index.version();
            answers.day = index.day();
        }
        answers.bytes += size;
        if let Some(replaced) = answers.by_request.insert(request, answer) {
            answers.bytes -= key_len + replaced.body.len();
        }
    }

    fn current(&self) -> Option<Arc<DirectoryIndex>> {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The index, if built for `today` and checked within the interval.
    fn fresh(&self, today: chrono::NaiveDate) -> Option<Arc<DirectoryIndex>> {
        let checked = self.checked.load(Ordering::Acquire);
        if checked == 0 || self.interval.is_zero() {
            return None;
        }
        let now = self.started.elapsed().as_nanos() as u64;
        if now.saturating_sub(checked) < self.interval.as_nanos() as u64 {
            self.current().filter(|index| index.day() == Some(today))
        } else {
            None
        }
    }

    /// The current index for `today`: rebuilt first if the store changed
    /// since it was built, or the day did (who is listed depends on it).
    pub async fn index(
        &self,
        store: &dyn Store,
        today: chrono::NaiveDate,
    ) -> AppResult<Arc<DirectoryIndex>> {
        if let Some(index) = self.fresh(today) {
            return Ok(index);
        }
        let _one_refresh_at_a_time = self.refresh.lock().await;
        if let Some(index) = self.fresh(today) {
            return Ok(index);
        }
        let version = store.directory_version().await?;
        let index = match self.current() {
            Some(index) if index.version() == version && index.day() == Some(today) => index,
            _ => {
                let records = store.directory_records().await?;
                let index = tokio::task::spawn_blocking(move || {
                    DirectoryIndex::build_on(version, today, records)
                })
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

/// A procedure choice for the search form and the profile's procedure list;
/// its name is the reader's language's (`Tr::procedure`).
pub struct ProcedureOption {
    pub code: &'static str,
    pub category: &'static str,
}

/// The taxonomy's procedures as choices, made once.
pub fn procedure_options() -> &'static [ProcedureOption] {
    static OPTIONS: std::sync::LazyLock<Vec<ProcedureOption>> = std::sync::LazyLock::new(|| {
        procedures()
            .iter()
            .map(|p| ProcedureOption {
                code: p.code,
                category: p.category,
            })
            .collect()
    });
    &OPTIONS
}

/// The taxonomy's procedures as the search form's choices, in the taxonomy's
/// order, named in `tr`'s language: rendered once per language.
fn procedure_choices(tr: &Tr) -> &'static Options {
    static CHOICES: std::sync::LazyLock<Vec<std::sync::OnceLock<Options>>> =
        std::sync::LazyLock::new(|| {
            (0..Tr::LOCALES)
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
    let slot = tr.locale().min(Tr::LOCALES - 1);
    CHOICES[slot].get_or_init(|| {
        Options::new(
            procedure_options()
                .iter()
                .map(|p| (p.code, tr.procedure(p.code), None)),
        )
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "directory.html")]
pub struct DirectoryPage {
    frame: Frame,
    input: DirectoryQueryInput,
    errors: FieldErrors,
    results: Option<DirectoryResults>,
    /// The choices and rows of the index searched.
    rendered: Arc<Rendered>,
    /// The results' positions among the listed members.
    positions: Vec<u32>,
    /// The follow-up column's words, translated once per page.
    yes: String,
    no: String,
    /// The query string without the page, for the paging links.
    query: String,
}

impl DirectoryPage {
    pub fn country_options(&self) -> crate::options::Selected<'_> {
        self.rendered
            .countries(&self.frame.tr)
            .with_selected(self.input.country.as_deref())
    }

    pub fn procedure_options(&self) -> crate::options::Selected<'_> {
        procedure_choices(&self.frame.tr).with_selected(self.input.procedure.as_deref())
    }

    pub fn language_options(&self) -> crate::options::Selected<'_> {
        self.rendered
            .languages
            .with_selected(self.input.language.as_deref())
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

    /// The cells but the last of the `nth` result, as rendered once, with
    /// the country named in the visitor's language.
    pub fn cells(&self, nth: &usize, hit: &DirectoryHit) -> HitCells<'_> {
        let position = self.positions.get(*nth).copied().unwrap_or(u32::MAX);
        HitCells::new(self.rendered.hit(position, hit), &self.frame.tr)
    }
}

/// The key of a page's answer: by language, for visitors without a session
/// (a signed-in visitor's page names them and holds their token).
fn html_request(frame: &Frame, uri: &Uri) -> Option<String> {
    frame
        .principal
        .user
        .is_none()
        .then(|| format!("html {} {uri}", frame.tr.lang()))
}

/// Renders `page`, keeping the answer under `request` when it is a success
/// made without a fresh form token.
fn html_answer(
    state: &AppState,
    index: &DirectoryIndex,
    request: Option<String>,
    status: StatusCode,
    page: &impl Template,
    csrf: &CsrfToken,
) -> AppResult<Response> {
    // Sized for a page of results: growing the string cost more than filling it.
    let mut html = String::with_capacity(16 << 10);
    page.render_into(&mut html)
        .map_err(|e| AppError::Internal(format!("rendering a page: {e}")))?;
    if html.capacity() > 2 * html.len() {
        html.shrink_to_fit();
    }
    let answer = Answer {
        content_type: "text/html; charset=utf-8",
        cache_control: "no-cache",
        body: Bytes::from(html),
    };
    if let Some(request) = request.filter(|_| status == StatusCode::OK && !csrf.is_made()) {
        state.directory.keep(index, request, answer.clone());
    }
    Ok((status, answer).into_response())
}

/// Serialises `value`, keeping the answer under `request`.
fn json_answer(
    state: &AppState,
    index: &DirectoryIndex,
    request: String,
    value: &impl Serialize,
) -> AppResult<Response> {
    let json = serde_json::to_vec(value).map_err(|e| AppError::Internal(format!("JSON: {e}")))?;
    Ok(keep_json(state, index, request, json).into_response())
}

/// Keeps `json` as the answer to `request`.
fn keep_json(state: &AppState, index: &DirectoryIndex, request: String, json: Vec<u8>) -> Answer {
    let answer = Answer {
        content_type: "application/json",
        cache_control: "no-cache",
        body: Bytes::from(json),
    };
    state.directory.keep(index, request, answer.clone());
    answer
}

/// `/directory`: the search form and, when anything is asked, the results.
pub async fn directory_page(
    State(state): State<AppState>,
    frame: Frame,
    uri: Uri,
    Query(input): Query<DirectoryQueryInput>,
) -> AppResult<Response> {
    let index = state
        .directory
        .index(&*state.store, state.clock.now().date_naive())
        .await?;
    let request = html_request(&frame, &uri);
    if let Some(answer) = request
        .as_deref()
        .and_then(|r| state.directory.answer(&index, r))
    {
        return Ok(answer.into_response());
    }
    let mut query_only = input.clone();
    query_only.page = None;
    let query = serde_urlencoded::to_string(&query_only).unwrap_or_default();
    let rendered = state.directory.rendered(&index);
    let (status, results, positions, errors) = match input.validate() {
        Ok(q) => {
            let (results, positions) = index.search_listed(&q);
            (StatusCode::OK, Some(results), positions, Vec::new())
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Vec::new(), e.0),
    };
    let errors = FieldErrors::new(errors, &frame.tr);
    let csrf = frame.csrf.clone();
    let yes = frame.tr.t("directory-yes").into_owned();
    let no = frame.tr.t("directory-no").into_owned();
    let page = DirectoryPage {
        frame,
        input,
        errors,
        results,
        rendered,
        positions,
        yes,
        no,
        query,
    };
    html_answer(&state, &index, request, status, &page, &csrf)
}

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    frame: Frame,
    v: Verification,
    url: String,
}

impl VerifyPage {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.v.given_name, self.v.family_name)
    }

    pub fn day(&self, date: &Option<chrono::NaiveDate>) -> String {
        date.map_or_else(
            || self.frame.tr.t("verify-not-recorded").into_owned(),
            |d| d.to_string(),
        )
    }
    /// A membership's status as shown: never "active" once the evidence of
    /// its last check has run out (a certification that expired since).
    pub fn status_text(&self, m: &kallos_domain::directory::VerifiedMembership) -> String {
        match m.not_current_since {
            Some(day) => self.frame.tr.t1("verify-not-current", "date", day),
            None => self
                .frame
                .tr
                .t(format!("status-{}", m.status.as_str()))
                .into_owned(),
        }
    }

    pub fn status_class(&self, m: &kallos_domain::directory::VerifiedMembership) -> &'static str {
        match (m.not_current_since, m.status.as_str()) {
            (Some(_), _) => "grace",
            (None, status) => status,
        }
    }

    /// "Checked on {date} against {society}'s criteria".
    pub fn checked_heading(&self, m: &kallos_domain::directory::VerifiedMembership) -> String {
        let args = [
            ("society".to_owned(), m.society_acronym.clone()),
            ("date".to_owned(), self.day(&m.checked_on)),
        ]
        .into_iter()
        .collect();
        self.frame.tr.args("verify-checked-against", &args)
    }

    /// One criterion of a membership's last check: what was checked, met or
    /// not, and until when its evidence holds.
    pub fn criterion_text(&self, c: &kallos_domain::directory::CheckedCriterion) -> String {
        let what = self.frame.tr.t(format!(
            "verify-criterion-{}",
            c.criterion.replace('_', "-")
        ));
        let verdict = match (c.met, c.holds_until) {
            (true, Some(day)) => self.frame.tr.t1("verify-met-until", "date", day),
            (true, None) => self.frame.tr.t("verify-met").into_owned(),
            (false, _) => self.frame.tr.t("verify-unmet").into_owned(),
        };
        format!("{what}: {verdict}")
    }
}

/// A QR code of `text` as an SVG document.
pub fn qr_svg(text: &str) -> Option<String> {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => Some(
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build(),
        ),
        Err(error) => {
            tracing::warn!(%error, "QR code");
            None
        }
    }
}

/// The verification page's address, as printed and as put in the QR code.
fn verify_url(state: &AppState, public_id: &str) -> String {
    format!("{}/verify/{public_id}", state.config.public_url)
}

/// `/verify/{public id}/qr.svg`: the QR code of the page's address. An image
/// apart from the page, so that it is rendered once per visitor's cache
/// rather than on every look-up: its content depends only on the address.
pub async fn verify_qr(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let index = state
        .directory
        .index(&*state.store, state.clock.now().date_naive())
        .await?;
    let v = index.verification(&id).ok_or(AppError::NotFound)?;
    let svg = qr_svg(&verify_url(&state, &v.public_id))
        .ok_or_else(|| AppError::Internal("the QR code could not be made".to_owned()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response())
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
    uri: Uri,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (id, json) = match id.strip_suffix(".json") {
        Some(id) => (id.to_owned(), true),
        None => (id, wants_json(&headers)),
    };
    let index = state
        .directory
        .index(&*state.store, state.clock.now().date_naive())
        .await?;
    let request = if json {
        Some(format!("json /verify/{id}"))
    } else {
        html_request(&frame, &uri)
    };
    if let Some(answer) = request
        .as_deref()
        .and_then(|r| state.directory.answer(&index, r))
    {
        return Ok(answer.into_response());
    }
    let v = index.verification(&id).ok_or(AppError::NotFound)?;
    if let (true, Some(request)) = (json, request.clone()) {
        return json_answer(&state, &index, request, &v);
    }
    let url = verify_url(&state, &v.public_id);
    let csrf = frame.csrf.clone();
    let page = VerifyPage { frame, v, url };
    html_answer(&state, &index, request, StatusCode::OK, &page, &csrf)
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
    uri: Uri,
    Query(input): Query<DirectoryQueryInput>,
) -> AppResult<Response> {
    let query = input.validate()?;
    let index = state
        .directory
        .index(&*state.store, state.clock.now().date_naive())
        .await?;
    let request = format!("json {uri}");
    if let Some(answer) = state.directory.answer(&index, &request) {
        return Ok(answer.into_response());
    }
    let (results, positions) = index.search_listed(&query);
    let body = state
        .directory
        .rendered(&index)
        .results_json(&results, &positions);
    Ok(keep_json(&state, &index, request, body).into_response())
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
) -> AppResult<Response> {
    let index = state
        .directory
        .index(&*state.store, state.clock.now().date_naive())
        .await?;
    // The same record as `/verify/{id}` in JSON: one kept answer for both.
    let request = format!("json /verify/{public_id}");
    if let Some(answer) = state.directory.answer(&index, &request) {
        return Ok(answer.into_response());
    }
    let v = index.verification(&public_id).ok_or(AppError::NotFound)?;
    json_answer(&state, &index, request, &v)
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
