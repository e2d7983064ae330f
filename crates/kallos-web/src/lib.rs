//! The Kallos HTTP layer: HTML pages, the JSON API, sessions, the tenancy
//! guard and operations endpoints. Only this crate knows HTTP, HTML and JSON.
//!
//! A request passes, outside in: request id → trace → metrics → principal
//! (session cookie or API token) → HTML error pages → CSRF → route, where
//! society-private routes also pass the tenancy guard.

mod api;
mod api_statistics;
pub mod auth;
mod charts;
pub mod credentials;
mod credentials_api;
mod csrf;
pub mod directory;
mod directory_view;
pub mod error;
pub mod i18n;
mod input;
mod membership;
mod membership_api;
pub mod metrics;
mod options;
mod pages;
mod registry;
pub mod routes;
mod safety;
mod statistics;
mod tenancy;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::Duration;
use kallos_domain::clock::Clock;
use kallos_store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

pub use auth::{API_TOKEN_PREFIX, hash_password, random_token, token_hash};
pub use i18n::I18n;
pub use statistics::report_html;

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    pub session_hours: i64,
    /// Failed sign-ins allowed per email or client address per 15 minutes.
    pub max_sign_in_failures: usize,
    /// Where uploaded case files wait for their import.
    pub upload_dir: std::path::PathBuf,
    pub max_upload_bytes: u64,
    /// Where credentials' evidence files are kept, under generated names.
    pub evidence_dir: std::path::PathBuf,
    /// The address the public reaches Kallos at, without a trailing slash:
    /// credentials, QR codes and status lists name it.
    pub public_url: String,
    /// How often the directory's read model compares its version with the
    /// store's (zero: on every request).
    pub directory_refresh: std::time::Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
            max_sign_in_failures: 5,
            upload_dir: std::env::temp_dir().join("kallos-uploads"),
            max_upload_bytes: 256 * 1024 * 1024,
            evidence_dir: std::env::temp_dir().join("kallos-evidence"),
            public_url: "http://127.0.0.1:8080".to_owned(),
            directory_refresh: std::time::Duration::ZERO,
        }
    }
}

/// What every handler shares, behind one pointer: each layer and handler
/// clones the state per request, so a clone is one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub i18n: Arc<I18n>,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<metrics::Metrics>,
    pub directory: Arc<directory::DirectoryCache>,
    limiter: Arc<auth::LoginLimiter>,
    /// The OpenAPI document, written when the router is assembled.
    openapi: std::sync::OnceLock<String>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        config: WebConfig,
    ) -> Result<Self, String> {
        Ok(Self(Arc::new(Shared {
            store,
            clock,
            i18n: I18n::load()?,
            limiter: Arc::new(auth::LoginLimiter::new(
                config.max_sign_in_failures,
                Duration::minutes(15),
            )),
            directory: Arc::new(directory::DirectoryCache::new(config.directory_refresh)),
            config: Arc::new(config),
            metrics: Arc::default(),
            openapi: std::sync::OnceLock::new(),
        })))
    }
}

/// Request ids: a per-process counter behind a random prefix, short and unique.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router(state.clone());
    // Assembled once per state: a second router has the same document.
    let _ = state
        .openapi
        .set(openapi.to_pretty_json().unwrap_or_default());
    let society_private = Router::new()
        .route(
            "/societies/{slug}/members",
            get(pages::members).post(pages::member_create),
        )
        .route("/societies/{slug}/members/new", get(pages::member_new_form))
        .route(
            "/societies/{slug}/members/{id}",
            get(pages::member_page).post(pages::member_update),
        )
        .route(
            "/societies/{slug}/applications",
            get(membership::applications),
        )
        .route("/societies/{slug}/standing", get(membership::standing))
        .route(
            "/societies/{slug}/applications/{id}",
            get(membership::application_review).post(membership::decide),
        )
        .route(
            "/societies/{slug}/criteria",
            get(membership::criteria).post(membership::criteria_save),
        )
        .route(
            "/societies/{slug}/criteria/import",
            axum::routing::post(membership::criteria_import),
        )
        .route(
            "/societies/{slug}/criteria.toml",
            get(membership::criteria_toml),
        )
        .route(
            "/societies/{slug}/criteria.json",
            get(membership::criteria_json),
        )
        .route(
            "/societies/{slug}/members/{id}/membership",
            get(membership::member_membership),
        )
        .route(
            "/societies/{slug}/members/{id}/cme",
            axum::routing::post(membership::add_cme),
        )
        .route(
            "/societies/{slug}/members/{id}/credentials/{credential}/evidence",
            get(membership::member_evidence),
        )
        .route(
            "/societies/{slug}/members/{id}/directory",
            get(credentials::admin_directory).post(credentials::admin_directory_update),
        )
        .route(
            "/societies/{slug}/members/{id}/credentials",
            axum::routing::post(credentials::issue),
        )
        .route(
            "/societies/{slug}/credentials/{id}",
            get(credentials::download_admin),
        )
        .route(
            "/societies/{slug}/credentials/{id}/status",
            axum::routing::post(credentials::set_status),
        )
        .route(
            "/societies/{slug}/attestations",
            get(credentials::attestations).post(credentials::attestation_submit),
        )
        .route(
            "/societies/{slug}/statistics",
            get(statistics::society_page),
        )
        .route(
            "/societies/{slug}/statistics/approvals",
            axum::routing::post(statistics::society_approval),
        )
        .route(
            "/societies/{slug}/statistics/{year}/{file}",
            get(statistics::society_download),
        )
        .route_layer(from_fn_with_state(state.clone(), tenancy::society_guard));
    // A society's registry: its administrators and its members in good standing.
    let society_registry = Router::new()
        .route("/societies/{slug}/registry", get(registry::registry_page))
        .route(
            "/societies/{slug}/registry/cases/new",
            get(registry::case_form),
        )
        .route(
            "/societies/{slug}/registry/cases",
            axum::routing::post(registry::case_create),
        )
        .route("/societies/{slug}/registry/find", get(registry::find_case))
        .route(
            "/societies/{slug}/registry/cases/{case_ref}",
            get(registry::case_page).post(registry::case_follow_up),
        )
        .route(
            "/societies/{slug}/registry/submissions",
            axum::routing::post(registry::upload).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(state.config.max_upload_bytes).unwrap_or(usize::MAX),
            )),
        )
        .route(
            "/societies/{slug}/registry/submissions/{id}",
            get(registry::submission_page),
        )
        .route(
            "/societies/{slug}/registry/submissions/{id}/report.csv",
            get(registry::submission_report),
        )
        .route_layer(from_fn_with_state(state.clone(), tenancy::registry_guard));
    let evidence_limit = usize::try_from(kallos_domain::membership::MAX_EVIDENCE_BYTES)
        .unwrap_or(usize::MAX)
        .saturating_add(256 * 1024);
    let my_membership = Router::new()
        .route("/me/membership", get(membership::my_membership))
        .route(
            "/me/membership/applications",
            axum::routing::post(membership::apply),
        )
        .route(
            "/me/membership/applications/{id}",
            get(membership::my_application),
        )
        .route(
            "/me/membership/attest",
            axum::routing::post(membership::attest),
        )
        .route(
            "/me/membership/resign",
            axum::routing::post(membership::resign),
        )
        .route(
            "/me/credentials",
            axum::routing::post(membership::add_credential)
                .layer(axum::extract::DefaultBodyLimit::max(evidence_limit)),
        )
        .route(
            "/me/credentials/{id}/evidence",
            get(membership::my_evidence),
        );
    let prefix = random_token()
        .map(|t| t[..8].to_owned())
        .unwrap_or_else(|_| "req".to_owned());
    Router::new()
        .route("/", get(pages::home))
        .route("/sign-in", get(pages::sign_in_form).post(pages::sign_in))
        .route("/sign-out", axum::routing::post(pages::sign_out))
        .route("/language/{code}", get(pages::choose_language))
        .route("/societies", get(pages::societies))
        .route("/societies/{slug}", get(pages::society))
        .route("/me", get(pages::profile).post(pages::profile_update))
        .route(
            "/me/directory",
            get(credentials::own_directory).post(credentials::own_directory_update),
        )
        .route("/me/credentials/{id}", get(credentials::download_own))
        .route("/safety/planner", get(safety::planner::planner_page))
        .route(
            "/safety/admin/planner",
            get(safety::admin::rules_page).post(safety::admin::rules_save),
        )
        .route("/directory", get(directory::directory_page))
        .route("/verify/{id}", get(directory::verify_page))
        .route("/verify/{id}/qr.svg", get(directory::verify_qr))
        .route("/.well-known/jwks.json", get(credentials::jwks))
        .route(
            "/credentials/status/{slug}/{purpose}",
            get(credentials::status_list_page),
        )
        .route("/registry/template.csv", get(registry::template))
        .route("/registry/template.xlsx", get(registry::template_xlsx))
        .route("/registry/dictionary", get(registry::dictionary))
        .route("/statistics", get(statistics::index))
        .route("/statistics/admin", get(statistics::admin_page))
        .route(
            "/statistics/admin/publish",
            axum::routing::post(statistics::admin_publish),
        )
        .route(
            "/statistics/admin/disclosure",
            axum::routing::post(statistics::admin_disclosure),
        )
        .route("/statistics/{year}", get(statistics::year))
        .route(
            "/statistics/{year}/download/{file}",
            get(statistics::download),
        )
        .merge(society_private)
        .merge(society_registry)
        .merge(my_membership)
        .nest("/api/v1", api)
        .route("/healthz", get(healthz))
        .route("/metrics", get(prometheus))
        .route("/static/kallos.css", get(pages::stylesheet))
        .route("/static/kallos.js", get(pages::script))
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), csrf::protect))
        .layer(from_fn_with_state(state.clone(), pages::render_errors))
        .layer(from_fn_with_state(state.clone(), auth::resolve_principal))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            usize::try_from(state.config.max_upload_bytes).unwrap_or(usize::MAX).saturating_add(1 << 20),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(RequestIds {
            prefix: prefix.into(),
            next: Arc::default(),
        }))
        .with_state(state)
}

async fn not_found() -> error::AppError {
    error::AppError::NotFound
}

/// Liveness and database reachability.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok", "database": state.store.backend() })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(
                    serde_json::json!({ "status": "unavailable", "database": state.store.backend() }),
                ),
            )
        }
    }
}

async fn prometheus(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state
            .metrics
            .render(state.store.pool_stats(), state.store.backend()),
    )
}

/// Serves the application on `listener` until `shutdown` completes, then
/// lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
