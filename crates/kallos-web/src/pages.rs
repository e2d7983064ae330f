//! Server-rendered pages: plain HTML forms that work without JavaScript.

use crate::AppState;
use crate::auth::{
    RequestMeta, SESSION_COOKIE, decoy_hash, random_token, token_hash, verify_password,
};
use crate::csrf::{CSRF_COOKIE, CsrfToken};
use crate::error::{AppError, AppResult};
use crate::i18n::{LANG_COOKIE, Tr};
use crate::input::FormInput;
use crate::tenancy::{CurrentPrincipal, Tenant};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use kallos_domain::MemberId;
use kallos_domain::member::{
    Member, MemberProfileInput, MemberSummary, MembershipType, NewMemberInput,
};
use kallos_domain::policy::{Action, Principal, authorize};
use kallos_domain::society::{Society, SocietyKind};
use kallos_domain::validation::FieldError;
use kallos_store::{Change, NewSession, Page};
use serde::Deserialize;

/// What every page needs: the translator, who is signed in, the CSRF token
/// for its forms, where it is, and a one-line notice after a redirect.
#[derive(Debug, Clone)]
pub struct Frame {
    pub tr: Tr,
    pub principal: Principal,
    pub csrf: CsrfToken,
    pub path: String,
    pub flash: Option<String>,
    /// The language the address itself asked for (`?lang=`), kept by the
    /// page's own links and search forms so that a shared page stays in it.
    pub url_lang: Option<&'static str>,
    /// The address's query without `lang`, for the page's form in each language.
    query: String,
}

impl Frame {
    pub fn user_name(&self) -> Option<&str> {
        self.principal
            .user
            .as_ref()
            .map(|u| u.display_name.as_str())
    }

    pub fn is_member(&self) -> bool {
        self.principal.member_id().is_some()
    }

    /// `?lang=xx` (or `&lang=xx` after `separator`) when the address chose
    /// the language, for a link of the page; else nothing.
    pub fn keep_lang(&self, separator: &str) -> String {
        self.url_lang
            .map(|code| format!("{separator}lang={code}"))
            .unwrap_or_default()
    }

    /// This page's address in the language `code`: the shareable form.
    pub fn in_language(&self, code: &str) -> String {
        let separator = if self.query.is_empty() { "" } else { "&" };
        format!("{}?{}{separator}lang={code}", self.path, self.query)
    }

    fn from_parts(parts: &Parts, state: &AppState) -> Self {
        let url_lang = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| crate::i18n::supported(&v))
        });
        let cookie = crate::auth::cookie(&parts.headers, LANG_COOKIE);
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        // The address first (a shared link), then the switch's cookie, then the browser.
        let tr = state.i18n.negotiate(url_lang.or(cookie), accept);
        let query = parts
            .uri
            .query()
            .map(|q| {
                form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(
                        form_urlencoded::parse(q.as_bytes())
                            .filter(|(k, _)| k != "lang" && k != "done"),
                    )
                    .finish()
            })
            .unwrap_or_default();
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or_else(|| {
                // Outside the CSRF layer (error pages): the visitor's own, if any.
                CsrfToken::existing(
                    crate::auth::cookie(&parts.headers, CSRF_COOKIE)
                        .unwrap_or_default()
                        .to_owned(),
                )
            });
        let flash = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "done")
                .and_then(|(_, v)| match v.as_ref() {
                    "saved" => Some(tr.t("saved").into_owned()),
                    "created" => Some(tr.t("created").into_owned()),
                    "signed-out" => Some(tr.t("signed-out").into_owned()),
                    "applied" => Some(tr.t("done-applied").into_owned()),
                    "decided" => Some(tr.t("done-decided").into_owned()),
                    "uploaded" => Some(tr.t("done-uploaded").into_owned()),
                    "attested" => Some(tr.t("done-attested").into_owned()),
                    "resigned" => Some(tr.t("done-resigned").into_owned()),
                    _ => None,
                })
        });
        Self {
            principal: parts
                .extensions
                .get::<Principal>()
                .cloned()
                .unwrap_or_default(),
            csrf,
            path: parts.uri.path().to_owned(),
            flash,
            url_lang,
            query,
            tr,
        }
    }
}

impl FromRequestParts<AppState> for Frame {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts, state))
    }
}

impl FromRequestParts<AppState> for RequestMeta {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestMeta>()
            .cloned()
            .ok_or_else(|| {
                AppError::Internal(
                    "request metadata missing: resolve_principal not installed".to_owned(),
                )
            })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
pub struct MessagePage {
    frame: Frame,
    heading: String,
    message: String,
}

/// Turns an [`AppError`] from any page route into a translated HTML page;
/// an anonymous visitor to a private page is sent to sign in instead.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let frame = Frame::from_parts(&parts, &state);
    let is_get = parts.method == axum::http::Method::GET;
    let mut response = next.run(Request::from_parts(parts, body)).await;
    // A page's words follow the browser's languages and the switch's cookie.
    if response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
    {
        response.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("accept-language, cookie"),
        );
    }
    let Some(error) = response.extensions().get::<AppError>().cloned() else {
        return response;
    };
    if matches!(error, AppError::Unauthenticated) && is_get {
        let next = form_urlencoded::byte_serialize(frame.path.as_bytes()).collect::<String>();
        return Redirect::to(&format!("/sign-in?next={next}")).into_response();
    }
    let tr = &frame.tr;
    let message = match &error {
        AppError::NotFound => tr.t("error-not-found").into_owned(),
        AppError::Unauthenticated => tr.t("error-unauthenticated").into_owned(),
        AppError::Forbidden => tr.t("error-forbidden").into_owned(),
        AppError::Csrf => tr.t("error-csrf").into_owned(),
        AppError::RateLimited { .. } => tr.t("error-rate-limited").into_owned(),
        AppError::Conflict(detail) => tr.t1("error-conflict", "detail", detail),
        AppError::Validation(fields) => tr.t1(
            "error-bad-request",
            "detail",
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        AppError::BadRequest(detail) | AppError::UnsupportedMediaType(detail) => {
            tr.t1("error-bad-request", "detail", detail)
        }
        AppError::Internal(_) => tr.t1(
            "error-internal",
            "id",
            response
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-"),
        ),
    };
    let heading = tr.t("error-title").into_owned();
    let mut page = (
        error.status(),
        MessagePage {
            frame,
            heading,
            message,
        },
    )
        .into_response();
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        page.headers_mut()
            .insert(header::RETRY_AFTER, retry.clone());
    }
    page
}

/// Where to go after sign-in or a language switch: `next` when it is a path
/// of this site, otherwise `/`.
fn local_path(next: Option<&str>) -> String {
    next.and_then(same_site_path)
        .unwrap_or_else(|| "/".to_owned())
}

/// `next` if a browser could only read it as a path of this site.
///
/// Browsers drop tabs and line breaks anywhere in a URL and read `\` as
/// `/`, so `/\t/evil.example` becomes `//evil.example`, another site: a
/// target with a control character, whitespace or a backslash anywhere is
/// refused rather than cleaned. It must then start with a single `/` (not
/// `//`, which is scheme-relative), have no `.` or `..` segment (plain or
/// percent-encoded), which a browser would resolve into another path, and be
/// visible ASCII, as a `Location` header must.
pub(crate) fn same_site_path(next: &str) -> Option<String> {
    if !next.starts_with('/') || next.starts_with("//") {
        return None;
    }
    if next
        .chars()
        .any(|c| c == '\\' || c.is_control() || c.is_whitespace() || !c.is_ascii())
    {
        return None;
    }
    let path = next.split(['?', '#']).next().unwrap_or("");
    let dot_segment = path.split('/').any(|segment| {
        let segment = segment.to_ascii_lowercase().replace("%2e", ".");
        segment == "." || segment == ".."
    });
    if dot_segment || HeaderValue::from_str(next).is_err() {
        return None;
    }
    Some(next.to_owned())
}

fn country_label(country: Option<&str>, tr: &Tr) -> String {
    match country {
        Some(code) => tr.country(code),
        None => tr.t("country-none").into_owned(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    frame: Frame,
    society_count: usize,
}

pub async fn home(State(state): State<AppState>, frame: Frame) -> AppResult<HomePage> {
    let society_count = state.store.list_societies().await?.len();
    Ok(HomePage {
        frame,
        society_count,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    frame: Frame,
    next: String,
    email: String,
    problem: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn sign_in_form(frame: Frame, Query(query): Query<NextQuery>) -> SignInPage {
    SignInPage {
        frame,
        next: local_path(query.next.as_deref()),
        email: String::new(),
        problem: None,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(form): FormInput<SignInForm>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let email = form.email.trim().to_ascii_lowercase();
    let email_key = format!("email:{email}");
    let source_key = format!("source:{}", meta.source.as_deref().unwrap_or("unknown"));
    let keys = [email_key.as_str(), source_key.as_str()];
    let page = |frame: Frame, problem: String| SignInPage {
        frame,
        next: local_path(Some(&form.next)),
        email: form.email.clone(),
        problem: Some(problem),
    };
    if let Err(wait) = state.limiter.check(&keys, now) {
        let minutes = wait.div_ceil(60);
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            page(
                frame.clone(),
                frame.tr.t1("sign-in-rate-limited", "minutes", minutes),
            ),
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    let user = state
        .store
        .user_by_email(&email)
        .await?
        .filter(|u| !u.disabled);
    let stored = user
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
    let password = form.password.clone();
    // Argon2 is deliberately slow: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || verify_password(&stored, &password))
        .await
        .map_err(|e| AppError::Internal(format!("password check: {e}")))?;
    let Some(user) = user.filter(|_| matches) else {
        state.limiter.record_failure(&keys, now);
        return Ok((
            StatusCode::UNAUTHORIZED,
            page(frame.clone(), frame.tr.t("sign-in-failed").into_owned()),
        )
            .into_response());
    };
    state.limiter.clear(&email_key);
    let token = random_token()?;
    let expires_at = now + Duration::hours(state.config.session_hours);
    let principal = state.store.principal(user.id).await?.unwrap_or_default();
    state
        .store
        .apply(
            &meta.audit(&principal, now),
            vec![Change::CreateSession(NewSession {
                token_hash: token_hash(&token),
                user_id: user.id,
                expires_at,
            })],
        )
        .await?;
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        state.config.session_hours * 3600
    );
    let mut response = Redirect::to(&local_path(Some(&form.next))).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

pub async fn sign_out(
    State(state): State<AppState>,
    meta: RequestMeta,
    CurrentPrincipal(principal): CurrentPrincipal,
) -> AppResult<Response> {
    if let Some(token) = &meta.session_token {
        state
            .store
            .apply(
                &meta.audit(&principal, state.clock.now()),
                vec![Change::DeleteSession {
                    token_hash: token_hash(token),
                }],
            )
            .await?;
    }
    let mut response = Redirect::to("/?done=signed-out").into_response();
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Remembers the chosen language in a cookie and goes back.
pub async fn choose_language(
    Path(code): Path<String>,
    Query(query): Query<NextQuery>,
) -> AppResult<Response> {
    let Some(code) = crate::i18n::supported(&code) else {
        return Err(AppError::NotFound);
    };
    let mut response = Redirect::to(&local_path(query.next.as_deref())).into_response();
    let cookie = format!("{LANG_COOKIE}={code}; Path=/; SameSite=Lax; Max-Age=31536000");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

pub struct SocietyRow {
    pub society: Society,
    pub country: String,
    pub active_members: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "societies.html")]
pub struct SocietiesPage {
    frame: Frame,
    rows: Vec<SocietyRow>,
}

pub async fn societies(State(state): State<AppState>, frame: Frame) -> AppResult<SocietiesPage> {
    let counts = state.store.active_member_counts().await?;
    let rows = state
        .store
        .list_societies()
        .await?
        .into_iter()
        .map(|society| SocietyRow {
            country: country_label(society.country_iso2.as_deref(), &frame.tr),
            active_members: counts
                .iter()
                .find(|(id, _)| *id == society.id)
                .map_or(0, |(_, n)| *n),
            society,
        })
        .collect();
    Ok(SocietiesPage { frame, rows })
}

#[derive(Template, WebTemplate)]
#[template(path = "society.html")]
pub struct SocietyPage {
    frame: Frame,
    society: Society,
    kind: String,
    country: String,
    active_members: i64,
    private_member_count: Option<i64>,
}

/// A society's public page; its administrators also see the way to its members.
pub async fn society(
    State(state): State<AppState>,
    frame: Frame,
    Path(slug): Path<String>,
) -> AppResult<SocietyPage> {
    let society = state
        .store
        .society_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let active_members = state
        .store
        .active_member_counts()
        .await?
        .into_iter()
        .find(|(id, _)| *id == society.id)
        .map_or(0, |(_, n)| n);
    let private_member_count =
        match authorize(&frame.principal, Action::ViewSocietyPrivate(society.id)) {
            Ok(()) => Some(state.store.count_members(society.id).await?),
            Err(_) => None,
        };
    Ok(SocietyPage {
        kind: frame
            .tr
            .t(match society.kind {
                SocietyKind::Alliance => "kind-alliance",
                SocietyKind::National => "kind-national",
            })
            .into_owned(),
        country: country_label(society.country_iso2.as_deref(), &frame.tr),
        frame,
        society,
        active_members,
        private_member_count,
    })
}

const MEMBERS_PER_PAGE: i64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "members.html")]
pub struct MembersPage {
    frame: Frame,
    society: Society,
    members: Vec<MemberSummary>,
    page: i64,
    pages: i64,
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

pub async fn members(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Query(query): Query<PageQuery>,
) -> AppResult<MembersPage> {
    let total = state.store.count_members(society.id).await?;
    let pages = ((total + MEMBERS_PER_PAGE - 1) / MEMBERS_PER_PAGE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let members = state
        .store
        .list_members(
            society.id,
            Page::new((page - 1) * MEMBERS_PER_PAGE, MEMBERS_PER_PAGE),
        )
        .await?;
    Ok(MembersPage {
        frame,
        society,
        members,
        page,
        pages,
    })
}

/// Field errors of a form, translated for display.
#[derive(Debug, Clone)]
pub struct FieldErrors {
    errors: Vec<FieldError>,
    tr: Tr,
}

impl FieldErrors {
    pub fn new(errors: Vec<FieldError>, tr: &Tr) -> Self {
        Self {
            errors,
            tr: tr.clone(),
        }
    }

    fn none(tr: &Tr) -> Self {
        Self {
            errors: Vec::new(),
            tr: tr.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The translated problem with one field.
    pub fn get(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.tr.t(format!("error-{}", e.code)).into_owned())
    }

    /// (field, "Label: problem") for the summary at the top of the form.
    pub fn list(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|e| {
                let label = field_label(&e.field)
                    .or_else(|| crate::directory::field_label(&e.field))
                    .map_or_else(|| e.field.clone(), |key| self.tr.t(key).into_owned());
                (
                    e.field.clone(),
                    format!("{label}: {}", self.tr.t(format!("error-{}", e.code))),
                )
            })
            .collect()
    }
}

fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "given_name" => "field-given-name",
        "family_name" => "field-family-name",
        "email" => "field-email",
        "country_iso2" => "field-country",
        "city" => "field-city",
        "languages" => "field-languages",
        "membership_type" => "field-membership-type",
        "offers_follow_up" => "field-offers-follow-up",
        "directory_opt_in" => "field-directory-opt-in",
        _ => return None,
    })
}

pub struct TextField {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
}

/// The profile form as last submitted (or as stored), with its errors.
pub struct ProfileForm {
    pub input: MemberProfileInput,
    pub email: Option<String>,
    pub membership_type: String,
    pub errors: FieldErrors,
}

impl ProfileForm {
    fn from_member(member: &Member, tr: &Tr) -> Self {
        Self {
            input: MemberProfileInput {
                given_name: member.given_name.clone(),
                family_name: member.family_name.clone(),
                country_iso2: member.country_iso2.clone(),
                city: member.city.clone(),
                languages: member.languages.join(", "),
                offers_follow_up: member.offers_follow_up,
                directory_opt_in: member.directory_opt_in,
            },
            email: None,
            membership_type: String::new(),
            errors: FieldErrors::none(tr),
        }
    }

    pub fn offers_follow_up(&self) -> bool {
        self.input.offers_follow_up
    }

    pub fn directory_opt_in(&self) -> bool {
        self.input.directory_opt_in
    }

    pub fn text_fields(&self) -> Vec<TextField> {
        let p = &self.input;
        let mut fields = vec![
            TextField {
                name: "given_name",
                label: "field-given-name",
                kind: "text",
                value: p.given_name.clone(),
            },
            TextField {
                name: "family_name",
                label: "field-family-name",
                kind: "text",
                value: p.family_name.clone(),
            },
        ];
        if let Some(email) = &self.email {
            fields.push(TextField {
                name: "email",
                label: "field-email",
                kind: "email",
                value: email.clone(),
            });
        }
        fields.extend([
            TextField {
                name: "country_iso2",
                label: "field-country",
                kind: "text",
                value: p.country_iso2.clone(),
            },
            TextField {
                name: "city",
                label: "field-city",
                kind: "text",
                value: p.city.clone(),
            },
            TextField {
                name: "languages",
                label: "field-languages",
                kind: "text",
                value: p.languages.clone(),
            },
        ]);
        fields
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "member_new.html")]
pub struct NewMemberPage {
    frame: Frame,
    society: Society,
    form: ProfileForm,
    membership_types: &'static [MembershipType],
}

pub async fn member_new_form(frame: Frame, Tenant(society): Tenant) -> NewMemberPage {
    let form = ProfileForm {
        input: MemberProfileInput {
            country_iso2: society.country_iso2.clone().unwrap_or_default(),
            directory_opt_in: true,
            ..MemberProfileInput::default()
        },
        email: Some(String::new()),
        membership_type: MembershipType::Active.as_str().to_owned(),
        errors: FieldErrors::none(&frame.tr),
    };
    NewMemberPage {
        frame,
        society,
        form,
        membership_types: MembershipType::ALL,
    }
}

pub async fn member_create(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    FormInput(input): FormInput<NewMemberInput>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let result = match input.validate(society.id, now.date_naive()) {
        Ok(member) => state
            .store
            .apply(
                &meta.audit(&frame.principal, now),
                vec![Change::CreateMember(Box::new(member.into()))],
            )
            .await
            .map_err(AppError::from),
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(outcomes) => {
            let id = outcomes
                .first()
                .and_then(|o| o.created_id())
                .unwrap_or_default();
            Ok(Redirect::to(&format!(
                "/societies/{}/members/{id}?done=created",
                society.slug
            ))
            .into_response())
        }
        Err(AppError::Validation(errors)) => {
            let form = ProfileForm {
                email: Some(input.email.clone().unwrap_or_default()),
                membership_type: input.membership_type.clone(),
                input: input.profile(),
                errors: FieldErrors {
                    errors,
                    tr: frame.tr.clone(),
                },
            };
            let page = NewMemberPage {
                frame,
                society,
                form,
                membership_types: MembershipType::ALL,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "member.html")]
pub struct MemberPage {
    frame: Frame,
    member: Member,
    form: ProfileForm,
    action: String,
}

impl MemberPage {
    /// The registries the member may submit to, as (society acronym, its
    /// registry page), on their own profile only: memberships in good standing.
    fn registries(&self) -> Vec<(String, String)> {
        if self.action != "/me" {
            return Vec::new();
        }
        self.member
            .memberships
            .iter()
            .filter(|m| {
                matches!(
                    m.status,
                    kallos_domain::member::MembershipStatus::Active
                        | kallos_domain::member::MembershipStatus::Grace
                )
            })
            .map(|m| {
                let slug = kallos_domain::society::url_slug(&m.society_acronym);
                (
                    m.society_acronym.clone(),
                    format!("/societies/{slug}/registry"),
                )
            })
            .collect()
    }
}

pub async fn member_page(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<MemberPage> {
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ProfileForm::from_member(&member, &frame.tr);
    Ok(MemberPage {
        action: format!("/societies/{}/members/{id}", society.slug),
        frame,
        member,
        form,
    })
}

/// Saves a profile, or shows the form again with its errors (422).
async fn save_profile(
    state: &AppState,
    frame: Frame,
    meta: &RequestMeta,
    society: Option<&Society>,
    member: Member,
    input: MemberProfileInput,
    action: String,
) -> AppResult<Response> {
    let now = state.clock.now();
    let result = match input.validate() {
        Ok(profile) => state
            .store
            .apply(
                &meta.audit(&frame.principal, now),
                vec![Change::UpdateMemberProfile {
                    society: society.map(|s| s.id),
                    member: member.id,
                    profile,
                }],
            )
            .await
            .map_err(AppError::from),
        Err(errors) => Err(errors.into()),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("{action}?done=saved")).into_response()),
        Err(AppError::Validation(errors)) => {
            let form = ProfileForm {
                input,
                email: None,
                membership_type: String::new(),
                errors: FieldErrors {
                    errors,
                    tr: frame.tr.clone(),
                },
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                MemberPage {
                    frame,
                    member,
                    form,
                    action,
                },
            )
                .into_response())
        }
        Err(other) => Err(other),
    }
}

pub async fn member_update(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    Path((_, id)): Path<(String, i64)>,
    FormInput(input): FormInput<MemberProfileInput>,
) -> AppResult<Response> {
    let member = state
        .store
        .member_in_society(society.id, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let action = format!("/societies/{}/members/{id}", society.slug);
    save_profile(&state, frame, &meta, Some(&society), member, input, action).await
}

/// The signed-in member's own record.
async fn own_member(state: &AppState, principal: &Principal) -> AppResult<Member> {
    authorize(principal, Action::EditOwnProfile)?;
    let id = principal.member_id().ok_or(AppError::Forbidden)?;
    state.store.member(id).await?.ok_or(AppError::NotFound)
}

pub async fn profile(State(state): State<AppState>, frame: Frame) -> AppResult<Response> {
    match own_member(&state, &frame.principal).await {
        Ok(member) => {
            let form = ProfileForm::from_member(&member, &frame.tr);
            Ok(MemberPage {
                frame,
                member,
                form,
                action: "/me".to_owned(),
            }
            .into_response())
        }
        Err(AppError::Forbidden) if frame.principal.is_authenticated() => {
            let heading = frame.tr.t("profile-title").into_owned();
            let message = frame.tr.t("profile-no-member").into_owned();
            Ok(MessagePage {
                frame,
                heading,
                message,
            }
            .into_response())
        }
        Err(other) => Err(other),
    }
}

pub async fn profile_update(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(input): FormInput<MemberProfileInput>,
) -> AppResult<Response> {
    let member = own_member(&state, &frame.principal).await?;
    save_profile(&state, frame, &meta, None, member, input, "/me".to_owned()).await
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/kallos.css"),
    )
}

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/kallos.js"),
    )
}
