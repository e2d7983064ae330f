//! `/safety/admin/planner`: the alliance's administrators edit the trip
//! planner's rules as TOML. Each save is a new version, kept and dated; a
//! bad field is named and nothing changes.

use crate::AppState;
use crate::auth::RequestMeta;
use crate::error::AppResult;
use crate::input::FormInput;
use crate::pages::Frame;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::DateTime;
use kallos_domain::policy::{Action, authorize};
use kallos_domain::safety::rules::{DEFAULT_PLANNER_RULES, PlannerRules};
use kallos_store::Change;
use kallos_store::safety::{PLANNER_RULES, SafetyDocument};
use serde::Deserialize;

/// The rules plans are made with: the latest saved version, or the rules
/// Kallos ships when none was saved (or, should a stored version no longer
/// parse after an upgrade, those shipped, with the reason in the log).
pub async fn planner_rules(state: &AppState) -> AppResult<(PlannerRules, Option<i64>)> {
    match state.store.safety_document(PLANNER_RULES).await? {
        Some(doc) => match PlannerRules::parse(&doc.body) {
            Ok(rules) => Ok((rules, Some(doc.version))),
            Err(errors) => {
                tracing::error!(
                    version = doc.version,
                    ?errors,
                    "stored planner rules do not parse: using the shipped ones"
                );
                Ok((PlannerRules::shipped(), None))
            }
        },
        None => Ok((PlannerRules::shipped(), None)),
    }
}

pub struct VersionRow {
    pub version: i64,
    pub edited_by: String,
    pub edited_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "safety_admin.html")]
pub struct PlannerRulesPage {
    frame: Frame,
    text: String,
    versions: Vec<VersionRow>,
    errors: Vec<String>,
}

async fn page(
    state: &AppState,
    frame: Frame,
    text: Option<String>,
    errors: Vec<String>,
) -> AppResult<PlannerRulesPage> {
    let versions: Vec<SafetyDocument> = state.store.safety_document_versions(PLANNER_RULES).await?;
    let text = text.unwrap_or_else(|| {
        versions
            .first()
            .map_or_else(|| DEFAULT_PLANNER_RULES.to_owned(), |d| d.body.clone())
    });
    Ok(PlannerRulesPage {
        frame,
        text,
        versions: versions
            .into_iter()
            .map(|d| VersionRow {
                version: d.version,
                edited_by: d.edited_by,
                edited_at: DateTime::from_timestamp_micros(d.edited_at_micros)
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        errors,
    })
}

pub async fn rules_page(
    State(state): State<AppState>,
    frame: Frame,
) -> AppResult<PlannerRulesPage> {
    authorize(&frame.principal, Action::ManageSafetyContent)?;
    page(&state, frame, None, Vec::new()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RulesForm {
    rules: String,
}

/// Largest rules document accepted.
const MAX_RULES_BYTES: usize = 128 * 1024;

pub async fn rules_save(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(form): FormInput<RulesForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ManageSafetyContent)?;
    let parsed = if form.rules.len() > MAX_RULES_BYTES {
        Err(vec![format!(
            "file: larger than {} KiB",
            MAX_RULES_BYTES / 1024
        )])
    } else {
        PlannerRules::parse(&form.rules).map_err(|errors| {
            errors
                .0
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect()
        })
    };
    match parsed {
        Ok(_) => {
            state
                .store
                .apply(
                    &meta.audit(&frame.principal, state.clock.now()),
                    vec![Change::SetSafetyDocument {
                        kind: PLANNER_RULES.to_owned(),
                        body: form.rules,
                    }],
                )
                .await?;
            Ok(Redirect::to("/safety/admin/planner?done=saved").into_response())
        }
        Err(errors) => {
            let page = page(&state, frame, Some(form.rules), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
