//! The trip planner: from the procedures a patient plans, the dates of the
//! operation and of the flight home, and their answers to the Caprini
//! questions, how long to stay, the VTE score and its meaning, and the
//! warnings to discuss with the surgeon. The plan's whole state lives in
//! its address (`TripInput::to_pairs`), so nothing about the patient is
//! kept on the server.

use super::rules::{FlyingRule, PlannerRules};
use crate::registry::codes::procedures;
use crate::validation::{FieldError, ValidationErrors};
use chrono::{Days, NaiveDate};

/// The most procedures one plan holds.
pub const MAX_PROCEDURES: usize = 8;

/// What the patient entered. Every field is optional but the procedures:
/// the plan says what it can from what it has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TripInput {
    /// Procedure codes of the taxonomy, in the order chosen.
    pub procedures: Vec<String>,
    pub surgery: Option<NaiveDate>,
    /// The planned flight home.
    pub flight: Option<NaiveDate>,
    pub age: Option<u32>,
    pub bmi: Option<f64>,
    /// The expected length of the operation(s), as the clinic said.
    pub minutes: Option<u32>,
    /// Caprini factors answered yes (their ids).
    pub factors: Vec<String>,
}

impl TripInput {
    /// Reads the plan's address (`p=BR-AUG-IMP&p=BE-LIPO&surgery=2027-03-01&…`),
    /// already split into pairs. Unknown keys are ignored (a shared link
    /// outlives a version of the planner); a bad value names its field.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        rules: &PlannerRules,
    ) -> Result<Self, ValidationErrors> {
        let mut input = Self::default();
        let mut errors = Vec::new();
        let mut bad = |field: &str, code: &str, message: String| {
            errors.push(FieldError::with_code(field, code, message));
        };
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "p" if value.is_empty() => {}
                "p" => {
                    if !procedures().iter().any(|p| p.code == value) {
                        bad(
                            "p",
                            "choice",
                            format!("'{}' is not a procedure of the taxonomy", shown(value)),
                        );
                    } else if input.procedures.len() == MAX_PROCEDURES {
                        bad(
                            "p",
                            "too-many",
                            format!("at most {MAX_PROCEDURES} procedures"),
                        );
                    } else if !input.procedures.iter().any(|p| p == value) {
                        input.procedures.push(value.to_owned());
                    }
                }
                "surgery" | "flight" if value.is_empty() => {}
                "surgery" | "flight" => match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                    Ok(day) if key == "surgery" => input.surgery = Some(day),
                    Ok(day) => input.flight = Some(day),
                    Err(_) => bad(
                        key,
                        "date",
                        format!("'{}' is not a date (YYYY-MM-DD)", shown(value)),
                    ),
                },
                "age" if !value.is_empty() => match value.parse::<u32>() {
                    Ok(age) if (18..=100).contains(&age) => input.age = Some(age),
                    _ => bad(
                        "age",
                        "range",
                        "must be a whole number of years from 18 to 100".to_owned(),
                    ),
                },
                "bmi" if !value.is_empty() => match value.replace(',', ".").parse::<f64>() {
                    Ok(bmi) if bmi.is_finite() && (12.0..=80.0).contains(&bmi) => {
                        input.bmi = Some(bmi)
                    }
                    _ => bad("bmi", "range", "must be a number from 12 to 80".to_owned()),
                },
                "minutes" if !value.is_empty() => match value.parse::<u32>() {
                    Ok(minutes) if (1..=1440).contains(&minutes) => input.minutes = Some(minutes),
                    _ => bad(
                        "minutes",
                        "range",
                        "must be a whole number of minutes from 1 to 1440".to_owned(),
                    ),
                },
                "f" if value.is_empty() => {}
                "f" => {
                    if !rules.caprini.factors.iter().any(|f| f.id == value) {
                        bad(
                            "f",
                            "choice",
                            format!("'{}' is not one of the questions", shown(value)),
                        );
                    } else if !input.factors.iter().any(|f| f == value) {
                        input.factors.push(value.to_owned());
                    }
                }
                _ => {}
            }
        }
        if let (Some(surgery), Some(flight)) = (input.surgery, input.flight)
            && flight < surgery
        {
            bad(
                "flight",
                "after-surgery",
                "the flight home comes after the operation".to_owned(),
            );
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// The pairs of the plan's address, in a stable order: the same plan is
    /// always the same link.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> =
            self.procedures.iter().map(|p| ("p", p.clone())).collect();
        if let Some(day) = self.surgery {
            pairs.push(("surgery", day.to_string()));
        }
        if let Some(day) = self.flight {
            pairs.push(("flight", day.to_string()));
        }
        if let Some(age) = self.age {
            pairs.push(("age", age.to_string()));
        }
        if let Some(bmi) = self.bmi {
            pairs.push(("bmi", format!("{bmi}")));
        }
        if let Some(minutes) = self.minutes {
            pairs.push(("minutes", minutes.to_string()));
        }
        pairs.extend(self.factors.iter().map(|f| ("f", f.clone())));
        pairs
    }
}

/// A value as an error may repeat it: short, and only printable characters.
fn shown(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).take(40).collect()
}

/// The stay one procedure asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureStay {
    pub code: String,
    pub rule: FlyingRule,
}

/// One line of the Caprini score: what scored and how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreLine {
    /// `age`, `bmi`, `major-surgery`, `minor-surgery` or a factor's id.
    pub id: String,
    pub points: u32,
}

/// Why a plan asks the patient to talk to their surgeon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Several surgical procedures in one trip.
    Combined { procedures: usize },
    /// The operation is expected to last longer than the threshold.
    LongOperation { minutes: u32, threshold: u32 },
    /// Gluteal fat grafting (BBL).
    GlutealFatGrafting,
    /// The flight home is before the stay ends.
    FlightTooEarly { days_short: u32 },
    /// A Caprini score at or above the review threshold.
    CapriniReview { score: u32, follow_up_days: u32 },
    /// Any surgery: flying within three months of it is a clot risk factor.
    RecentSurgery,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TripPlan {
    pub stays: Vec<ProcedureStay>,
    /// The longest stay of the procedures, and the least after any surgery.
    pub stay_min_days: u32,
    pub stay_max_days: u32,
    /// The stay's length comes from the least stay after surgery, not a procedure's rule.
    pub stay_from_surgical_minimum: bool,
    /// `surgery + stay_min_days`, when the operation's date is known.
    pub earliest_flight: Option<NaiveDate>,
    pub score: u32,
    pub score_lines: Vec<ScoreLine>,
    /// The band's id (`lower`, `moderate`, `high`, `highest`).
    pub band: String,
    /// `surgery + follow_up_days` when the score calls for a review.
    pub follow_up_until: Option<NaiveDate>,
    pub warnings: Vec<Warning>,
}

impl TripPlan {
    pub fn is_surgical(&self) -> bool {
        self.stays.iter().any(|s| is_surgical(&s.code))
    }
}

fn is_surgical(code: &str) -> bool {
    procedures()
        .iter()
        .any(|p| p.code == code && p.kind == "surgical")
}

/// The plan for `input` under `rules`.
pub fn plan(input: &TripInput, rules: &PlannerRules) -> TripPlan {
    let stays: Vec<ProcedureStay> = input
        .procedures
        .iter()
        .filter_map(|code| {
            rules.flying_rule(code).map(|rule| ProcedureStay {
                code: code.clone(),
                rule: rule.clone(),
            })
        })
        .collect();
    let surgical = input.procedures.iter().filter(|c| is_surgical(c)).count();
    let longest_min = stays.iter().map(|s| s.rule.min_days).max().unwrap_or(0);
    let longest_max = stays.iter().map(|s| s.rule.max_days).max().unwrap_or(0);
    let floor = if surgical > 0 {
        rules.stay.surgical_min_days
    } else {
        0
    };
    let stay_min_days = longest_min.max(floor);
    let stay_max_days = longest_max.max(stay_min_days);
    let earliest_flight = input
        .surgery
        .and_then(|day| day.checked_add_days(Days::new(u64::from(stay_min_days))));

    let c = &rules.caprini;
    let mut score_lines = Vec::new();
    if let Some(points) = input
        .age
        .and_then(|age| {
            c.age_points
                .iter()
                .filter(|a| age >= a.from)
                .max_by_key(|a| a.from)
        })
        .map(|a| a.points)
        .filter(|p| *p > 0)
    {
        score_lines.push(ScoreLine {
            id: "age".into(),
            points,
        });
    }
    if input.bmi.is_some_and(|bmi| bmi > c.bmi_over) && c.bmi_points > 0 {
        score_lines.push(ScoreLine {
            id: "bmi".into(),
            points: c.bmi_points,
        });
    }
    if surgical > 0 {
        // Without a stated length, surgery under general anaesthesia is
        // counted as major: the safer side of the question.
        let major = input.minutes.is_none_or(|m| m > c.major_over_minutes);
        score_lines.push(if major {
            ScoreLine {
                id: "major-surgery".into(),
                points: c.major_points,
            }
        } else {
            ScoreLine {
                id: "minor-surgery".into(),
                points: c.minor_points,
            }
        });
    }
    for factor in &c.factors {
        if input.factors.contains(&factor.id) {
            score_lines.push(ScoreLine {
                id: factor.id.clone(),
                points: factor.points,
            });
        }
    }
    let score = score_lines.iter().map(|l| l.points).sum();
    let band = c
        .bands
        .iter()
        .rev()
        .find(|b| score >= b.from)
        .map_or_else(String::new, |b| b.id.clone());
    let review = score >= c.review_at;

    let mut warnings = Vec::new();
    if surgical > 1 {
        warnings.push(Warning::Combined {
            procedures: surgical,
        });
    }
    let threshold = rules.warnings.long_operation_minutes;
    if let Some(minutes) = input.minutes.filter(|m| *m > threshold) {
        warnings.push(Warning::LongOperation { minutes, threshold });
    }
    if input
        .procedures
        .iter()
        .any(|p| rules.warnings.gluteal_fat_grafting.contains(p))
    {
        warnings.push(Warning::GlutealFatGrafting);
    }
    if let (Some(earliest), Some(flight)) = (earliest_flight, input.flight)
        && flight < earliest
    {
        let days_short = u32::try_from((earliest - flight).num_days()).unwrap_or(u32::MAX);
        warnings.push(Warning::FlightTooEarly { days_short });
    }
    if review {
        warnings.push(Warning::CapriniReview {
            score,
            follow_up_days: c.follow_up_days,
        });
    }
    if surgical > 0 {
        warnings.push(Warning::RecentSurgery);
    }
    TripPlan {
        stays,
        stay_min_days,
        stay_max_days,
        stay_from_surgical_minimum: surgical > 0 && floor > longest_min,
        earliest_flight,
        score,
        score_lines,
        band,
        follow_up_until: input
            .surgery
            .filter(|_| review)
            .and_then(|day| day.checked_add_days(Days::new(u64::from(c.follow_up_days)))),
        warnings,
    }
}
