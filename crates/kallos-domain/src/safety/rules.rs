//! The trip planner's rules as data: time before flying per procedure, the
//! Caprini 2005 score and the thresholds of a plan's warnings, each with its
//! source. Parsed from TOML or JSON; errors name the field
//! (`flying[2].min_days`).

use crate::registry::codes::procedures;
use crate::validation::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

/// The rules shipped with Kallos (`data/safety/planner.toml`), from
/// `shared/domain/clinical_rules.md`.
pub const DEFAULT_PLANNER_RULES: &str = include_str!("../../data/safety/planner.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannerRules {
    pub flying: Vec<FlyingRule>,
    pub stay: StayRule,
    pub caprini: CapriniRules,
    pub warnings: WarningRules,
}

/// Days between an operation and the flight home, for the procedures it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyingRule {
    pub id: String,
    /// Procedure codes this rule names first.
    #[serde(default)]
    pub procedures: Vec<String>,
    /// Procedure categories (`face_head`, `breast`, …) it names otherwise.
    #[serde(default)]
    pub categories: Vec<String>,
    pub min_days: u32,
    pub max_days: u32,
    /// No society figure: the surgeon sets it, and the plan says so.
    #[serde(default)]
    pub high_risk: bool,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayRule {
    /// The least stay after any surgical procedure.
    pub surgical_min_days: u32,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgePoints {
    pub from: u32,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Also the question's message id (`safety-factor-<id>`).
    pub id: String,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    /// The least score in this band.
    pub from: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapriniRules {
    pub source: String,
    pub review_at: u32,
    pub follow_up_days: u32,
    pub review_source: String,
    pub age_points: Vec<AgePoints>,
    pub bmi_over: f64,
    pub bmi_points: u32,
    pub major_over_minutes: u32,
    pub major_points: u32,
    pub minor_points: u32,
    pub factors: Vec<Factor>,
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRules {
    pub long_operation_minutes: u32,
    pub long_operation_source: String,
    pub combined_source: String,
    pub gluteal_fat_grafting: Vec<String>,
    pub gluteal_fat_grafting_source: String,
    pub recent_surgery_source: String,
}

/// The longest any rule may ask a patient to stay: a year.
const MAX_DAYS: u32 = 365;

impl PlannerRules {
    /// The rules Kallos ships.
    pub fn shipped() -> Self {
        // The shipped file is tested to parse (`the_shipped_rules_parse`).
        Self::parse(DEFAULT_PLANNER_RULES).unwrap_or_else(|errors| {
            unreachable!("the shipped planner rules are invalid: {errors:?}")
        })
    }

    /// Parses a TOML or JSON document (JSON when it starts with `{`) and
    /// validates it.
    pub fn parse(text: &str) -> Result<Self, ValidationErrors> {
        let syntax = |message: String| {
            ValidationErrors(vec![FieldError::with_code("file", "syntax", message)])
        };
        let value: serde_json::Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| syntax(format!("not valid JSON: {e}")))?
        } else {
            let table: toml::Table = toml::from_str(text)
                .map_err(|e| syntax(format!("not valid TOML: {}", e.to_string().trim())))?;
            serde_json::to_value(table).map_err(|e| syntax(e.to_string()))?
        };
        let rules: Self = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." || path.is_empty() {
                "file".to_owned()
            } else {
                path
            };
            ValidationErrors(vec![FieldError::with_code(
                field,
                "invalid",
                e.inner().to_string(),
            )])
        })?;
        rules.validate()?;
        Ok(rules)
    }

    /// The rules as the TOML an administrator edits.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let mut error = |field: String, message: String| {
            errors.push(FieldError::with_code(field, "invalid", message));
        };
        let known_code = |code: &str| procedures().iter().any(|p| p.code == code);
        let known_category = |category: &str| procedures().iter().any(|p| p.category == category);
        if self.flying.is_empty() {
            error("flying".into(), "at least one rule is needed".into());
        }
        for (i, rule) in self.flying.iter().enumerate() {
            let at = |field: &str| format!("flying[{i}].{field}");
            if rule.id.trim().is_empty() {
                error(at("id"), "must not be empty".into());
            }
            if self.flying[..i].iter().any(|r| r.id == rule.id) {
                error(
                    at("id"),
                    format!("'{}' is used by an earlier rule", rule.id),
                );
            }
            if rule.procedures.is_empty() && rule.categories.is_empty() {
                error(at("procedures"), "name procedures or categories".into());
            }
            for (j, code) in rule.procedures.iter().enumerate() {
                if !known_code(code) {
                    error(
                        format!("flying[{i}].procedures[{j}]"),
                        format!("'{code}' is not a procedure code"),
                    );
                }
            }
            for (j, category) in rule.categories.iter().enumerate() {
                if !known_category(category) {
                    error(
                        format!("flying[{i}].categories[{j}]"),
                        format!("'{category}' is not a procedure category"),
                    );
                }
            }
            if rule.max_days > MAX_DAYS {
                error(at("max_days"), format!("must be at most {MAX_DAYS}"));
            }
            if rule.min_days > rule.max_days {
                error(
                    at("min_days"),
                    format!("must not exceed max_days ({})", rule.max_days),
                );
            }
            if rule.source.trim().is_empty() {
                error(at("source"), "every figure needs its source".into());
            }
        }
        if let Some(code) = procedures()
            .iter()
            .find(|p| self.flying_rule(p.code).is_none())
            .map(|p| p.code)
        {
            error(
                "flying".into(),
                format!("no rule names procedure {code} or its category"),
            );
        }
        if self.stay.surgical_min_days > MAX_DAYS {
            error(
                "stay.surgical_min_days".into(),
                format!("must be at most {MAX_DAYS}"),
            );
        }
        let c = &self.caprini;
        for (field, source) in [
            ("stay.source", &self.stay.source),
            ("caprini.source", &c.source),
            ("caprini.review_source", &c.review_source),
            (
                "warnings.long_operation_source",
                &self.warnings.long_operation_source,
            ),
            ("warnings.combined_source", &self.warnings.combined_source),
            (
                "warnings.gluteal_fat_grafting_source",
                &self.warnings.gluteal_fat_grafting_source,
            ),
            (
                "warnings.recent_surgery_source",
                &self.warnings.recent_surgery_source,
            ),
        ] {
            if source.trim().is_empty() {
                error(field.into(), "every figure needs its source".into());
            }
        }
        if !(1..=100).contains(&c.review_at) {
            error(
                "caprini.review_at".into(),
                "must be between 1 and 100".into(),
            );
        }
        if c.follow_up_days > MAX_DAYS {
            error(
                "caprini.follow_up_days".into(),
                format!("must be at most {MAX_DAYS}"),
            );
        }
        if !(c.bmi_over.is_finite() && (10.0..=80.0).contains(&c.bmi_over)) {
            error(
                "caprini.bmi_over".into(),
                "must be between 10 and 80".into(),
            );
        }
        for (i, age) in c.age_points.iter().enumerate() {
            if age.from > 120 || age.points > 10 {
                error(
                    format!("caprini.age_points[{i}]"),
                    "an age up to 120 and up to 10 points".into(),
                );
            }
        }
        for (i, factor) in c.factors.iter().enumerate() {
            if !(1..=10).contains(&factor.points) {
                error(
                    format!("caprini.factors[{i}].points"),
                    "must be between 1 and 10".into(),
                );
            }
            if factor.id.is_empty()
                || !factor
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-')
            {
                error(
                    format!("caprini.factors[{i}].id"),
                    "lower-case letters and hyphens only".into(),
                );
            }
            if c.factors[..i].iter().any(|f| f.id == factor.id) {
                error(
                    format!("caprini.factors[{i}].id"),
                    format!("'{}' is used by an earlier factor", factor.id),
                );
            }
        }
        if c.bands.first().map(|b| b.from) != Some(0) {
            error("caprini.bands".into(), "the first band starts at 0".into());
        }
        if c.bands.windows(2).any(|w| w[0].from >= w[1].from) {
            error(
                "caprini.bands".into(),
                "bands must start at increasing scores".into(),
            );
        }
        for (i, code) in self.warnings.gluteal_fat_grafting.iter().enumerate() {
            if !known_code(code) {
                error(
                    format!("warnings.gluteal_fat_grafting[{i}]"),
                    format!("'{code}' is not a procedure code"),
                );
            }
        }
        if self.warnings.long_operation_minutes == 0 {
            error(
                "warnings.long_operation_minutes".into(),
                "must be more than 0".into(),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// The rule that sets the stay after `code`: the first naming the code,
    /// else the first naming its category.
    pub fn flying_rule(&self, code: &str) -> Option<&FlyingRule> {
        let category = procedures().iter().find(|p| p.code == code)?.category;
        self.flying
            .iter()
            .find(|r| r.procedures.iter().any(|p| p == code))
            .or_else(|| {
                self.flying
                    .iter()
                    .find(|r| r.categories.iter().any(|c| c == category))
            })
    }
}
