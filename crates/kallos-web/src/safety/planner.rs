//! `/safety/planner`: the trip planner. A plain GET form whose address is
//! the whole plan, so a plan is a link to print or share and nothing the
//! patient enters is stored (the request log keeps the path, never the
//! query).

use crate::AppState;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::pages::Frame;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kallos_domain::registry::codes::procedures;
use kallos_domain::safety::planner::{TripInput, TripPlan, Warning, plan};
use kallos_domain::safety::rules::PlannerRules;
use kallos_domain::validation::FieldError;

/// A procedure as the form offers it, grouped by category.
pub struct Choice {
    pub code: &'static str,
    pub category: &'static str,
    pub chosen: bool,
}

/// One warning as the page says it: its text and the source behind it.
pub struct ShownWarning {
    pub text: String,
    pub source: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "safety_planner.html")]
pub struct PlannerPage {
    frame: Frame,
    input: TripInput,
    choices: Vec<Choice>,
    factors: Vec<(String, bool)>,
    errors: Vec<(String, String)>,
    plan: Option<TripPlan>,
    warnings: Vec<ShownWarning>,
    rules: PlannerRules,
    /// The saved version of the rules in use (`None`: those Kallos ships).
    rules_version: Option<i64>,
    /// The plan's own address, to share.
    link: String,
}

impl PlannerPage {
    fn tr(&self) -> &Tr {
        &self.frame.tr
    }

    pub fn categories(&self) -> Vec<&'static str> {
        let mut seen: Vec<&'static str> = Vec::new();
        for choice in &self.choices {
            if !seen.contains(&choice.category) {
                seen.push(choice.category);
            }
        }
        seen
    }

    pub fn in_category(&self, category: &str) -> Vec<&Choice> {
        self.choices
            .iter()
            .filter(|c| c.category == category)
            .collect()
    }

    pub fn category_label(&self, category: &str) -> String {
        self.tr()
            .t(format!("stat-category-{}", category.replace('_', "-")))
            .into_owned()
    }

    pub fn procedure(&self, code: &str) -> String {
        self.tr().procedure(code).to_owned()
    }

    pub fn value(value: &Option<impl std::fmt::Display>) -> String {
        value.as_ref().map(ToString::to_string).unwrap_or_default()
    }

    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        day.format("%Y-%m-%d").to_string()
    }

    /// Sources are clinical data kept in English; a page in another
    /// language says so beside them rather than hiding it.
    pub fn in_english(&self) -> bool {
        self.tr().lang() != "en"
    }
}

fn shown_warnings(tr: &Tr, rules: &PlannerRules, plan: &TripPlan) -> Vec<ShownWarning> {
    let w = &rules.warnings;
    plan.warnings
        .iter()
        .map(|warning| match warning {
            Warning::Combined { procedures } => ShownWarning {
                text: tr.t1("planner-warning-combined", "count", procedures),
                source: Some(w.combined_source.clone()),
            },
            Warning::LongOperation { minutes, threshold } => ShownWarning {
                text: {
                    let mut args = std::collections::BTreeMap::new();
                    args.insert("minutes".to_owned(), minutes.to_string());
                    args.insert("threshold".to_owned(), threshold.to_string());
                    tr.args("planner-warning-long", &args)
                },
                source: Some(w.long_operation_source.clone()),
            },
            Warning::GlutealFatGrafting => ShownWarning {
                text: tr.t("planner-warning-gluteal").into_owned(),
                source: Some(w.gluteal_fat_grafting_source.clone()),
            },
            Warning::FlightTooEarly { days_short } => ShownWarning {
                text: tr.t1("planner-warning-flight-early", "days", days_short),
                source: None,
            },
            Warning::CapriniReview {
                score,
                follow_up_days,
            } => ShownWarning {
                text: {
                    let mut args = std::collections::BTreeMap::new();
                    args.insert("score".to_owned(), score.to_string());
                    args.insert("days".to_owned(), follow_up_days.to_string());
                    tr.args("planner-warning-review", &args)
                },
                source: Some(rules.caprini.review_source.clone()),
            },
            Warning::RecentSurgery => ShownWarning {
                text: tr.t("planner-warning-recent-surgery").into_owned(),
                source: Some(w.recent_surgery_source.clone()),
            },
        })
        .collect()
}

fn field_label(field: &str) -> &'static str {
    match field {
        "p" => "planner-procedures",
        "surgery" => "planner-surgery",
        "flight" => "planner-flight",
        "age" => "planner-age",
        "bmi" => "planner-bmi",
        "minutes" => "planner-minutes",
        "f" => "planner-factors",
        _ => "planner-title",
    }
}

pub async fn planner_page(
    State(state): State<AppState>,
    frame: Frame,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (rules, rules_version) = super::admin::planner_rules(&state).await?;
    let rules = &rules;
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let parsed = TripInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), rules);
    let (input, field_errors): (TripInput, Vec<FieldError>) = match parsed {
        Ok(input) => (input, Vec::new()),
        Err(errors) => {
            // Keep what could be read, so the form shows the patient's answers.
            let readable = pairs
                .iter()
                .filter(|(k, v)| TripInput::from_pairs([(k.as_str(), v.as_str())], rules).is_ok());
            let input =
                TripInput::from_pairs(readable.map(|(k, v)| (k.as_str(), v.as_str())), rules)
                    .unwrap_or_default();
            (input, errors.0)
        }
    };
    let tr = &frame.tr;
    let errors = field_errors
        .iter()
        .map(|e| {
            (
                e.field.clone(),
                format!(
                    "{}: {}",
                    tr.t(field_label(&e.field)),
                    tr.t(format!("error-{}", e.code))
                ),
            )
        })
        .collect();
    let plan =
        (!input.procedures.is_empty() && field_errors.is_empty()).then(|| plan(&input, rules));
    let warnings = plan
        .as_ref()
        .map(|p| shown_warnings(tr, rules, p))
        .unwrap_or_default();
    let choices = procedures()
        .iter()
        .map(|p| Choice {
            code: p.code,
            category: p.category,
            chosen: input.procedures.iter().any(|c| c == p.code),
        })
        .collect();
    let factors = rules
        .caprini
        .factors
        .iter()
        .map(|f| (f.id.clone(), input.factors.contains(&f.id)))
        .collect();
    let link = {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in input.to_pairs() {
            out.append_pair(key, &value);
        }
        format!("/safety/planner?{}", out.finish())
    };
    let status = if field_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PlannerPage {
        frame,
        input,
        choices,
        factors,
        errors,
        plan,
        warnings,
        rules: rules.clone(),
        rules_version,
        link,
    };
    Ok((status, page).into_response())
}
