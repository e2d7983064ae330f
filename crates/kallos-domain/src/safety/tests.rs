use super::planner::{TripInput, Warning, plan};
use super::rules::PlannerRules;
use chrono::NaiveDate;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn input(query: &str) -> TripInput {
    let rules = PlannerRules::shipped();
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .collect();
    TripInput::from_pairs(pairs, &rules).unwrap()
}

#[test]
fn the_shipped_rules_parse_and_name_a_rule_for_every_procedure() {
    let rules = PlannerRules::shipped();
    assert_eq!(rules.caprini.review_at, 7);
    assert_eq!(rules.caprini.follow_up_days, 60);
    assert_eq!(rules.warnings.long_operation_minutes, 240);
    for p in crate::registry::codes::procedures() {
        assert!(rules.flying_rule(p.code).is_some(), "{}", p.code);
    }
    // The rules an administrator edits read back the same.
    assert_eq!(PlannerRules::parse(&rules.to_toml()).unwrap(), rules);
}

#[test]
fn the_longest_stay_wins_and_surgery_stays_at_least_a_week() {
    let rules = PlannerRules::shipped();
    let trip = plan(&input("p=BR-AUG-IMP&p=FH-RHINO&surgery=2027-03-01"), &rules);
    assert_eq!(trip.stays.len(), 2);
    assert_eq!(trip.stays[0].rule.id, "breast");
    assert_eq!(trip.stays[1].rule.id, "face");
    assert_eq!((trip.stay_min_days, trip.stay_max_days), (7, 10));
    assert_eq!(trip.earliest_flight, Some(day("2027-03-08")));
    // Breast alone says 5–7 days; ISAPS' week after any surgery lifts it.
    let breast = plan(&input("p=BR-AUG-IMP&surgery=2027-03-01"), &rules);
    assert_eq!((breast.stay_min_days, breast.stay_max_days), (7, 7));
    assert!(breast.stay_from_surgical_minimum);
    // A filler needs no stay, and no surgery score.
    let filler = plan(&input("p=NS-HA&age=30"), &rules);
    assert_eq!((filler.stay_min_days, filler.score), (0, 0));
    assert!(filler.warnings.is_empty());
}

#[test]
fn caprini_scores_each_answer_and_asks_for_review_at_seven() {
    let rules = PlannerRules::shipped();
    // Age 63 (2), BMI 31 (1), major surgery (2), oral contraceptives (1),
    // varicose veins (1): 7.
    let trip = plan(
        &input(
            "p=BE-ABDO&surgery=2027-03-01&age=63&bmi=31&minutes=180&f=hormones&f=varicose-veins",
        ),
        &rules,
    );
    let points: Vec<(&str, u32)> = trip
        .score_lines
        .iter()
        .map(|l| (l.id.as_str(), l.points))
        .collect();
    assert_eq!(
        points,
        [
            ("age", 2),
            ("bmi", 1),
            ("major-surgery", 2),
            ("varicose-veins", 1),
            ("hormones", 1)
        ]
    );
    assert_eq!(trip.score, 7);
    assert_eq!(trip.band, "high");
    assert_eq!(trip.follow_up_until, Some(day("2027-04-30")));
    assert!(trip.warnings.contains(&Warning::CapriniReview {
        score: 7,
        follow_up_days: 60
    }));
    // A short operation is minor surgery (1 point): 6, no review.
    let short = plan(
        &input("p=FH-EYE&age=63&bmi=31&minutes=40&f=hormones&f=varicose-veins"),
        &rules,
    );
    assert_eq!(short.score, 6);
    assert_eq!(short.band, "moderate");
    assert_eq!(short.follow_up_until, None);
    assert!(
        !short
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::CapriniReview { .. }))
    );
}

#[test]
fn combined_long_and_gluteal_operations_and_early_flights_are_warned() {
    let rules = PlannerRules::shipped();
    let trip = plan(
        &input("p=BE-BUTT-AUG&p=BE-LIPO&surgery=2027-03-01&flight=2027-03-05&minutes=300"),
        &rules,
    );
    assert_eq!(
        trip.warnings,
        [
            Warning::Combined { procedures: 2 },
            Warning::LongOperation {
                minutes: 300,
                threshold: 240
            },
            Warning::GlutealFatGrafting,
            Warning::FlightTooEarly { days_short: 3 },
            Warning::RecentSurgery,
        ]
    );
    assert!(trip.stays[0].rule.high_risk);
}

#[test]
fn a_rule_an_administrator_changes_changes_the_plan() {
    let mut text = super::rules::DEFAULT_PLANNER_RULES.to_owned();
    text = text.replace(
        "long_operation_minutes = 240",
        "long_operation_minutes = 120",
    );
    text = text.replace("review_at = 7", "review_at = 5");
    let rules = PlannerRules::parse(&text).unwrap();
    let trip = plan(
        &input("p=FH-FACELIFT&surgery=2027-03-01&minutes=150&age=65&f=hormones"),
        &rules,
    );
    assert!(trip.warnings.contains(&Warning::LongOperation {
        minutes: 150,
        threshold: 120
    }));
    assert!(trip.warnings.contains(&Warning::CapriniReview {
        score: 5,
        follow_up_days: 60
    }));
}

#[test]
fn bad_rules_and_bad_addresses_name_the_field() {
    let text = super::rules::DEFAULT_PLANNER_RULES.replacen("min_days = 5", "min_days = 50", 1);
    let errors = PlannerRules::parse(&text).unwrap_err().0;
    assert_eq!(errors[0].field, "flying[4].min_days", "{errors:?}");
    let text = super::rules::DEFAULT_PLANNER_RULES.replacen(
        "surgical_min_days = 7",
        "surgical_min_days = \"a week\"",
        1,
    );
    let errors = PlannerRules::parse(&text).unwrap_err().0;
    assert_eq!(errors[0].field, "stay.surgical_min_days", "{errors:?}");
    let text = super::rules::DEFAULT_PLANNER_RULES.replacen(
        "procedures = [\"BE-ABDO\"]",
        "procedures = [\"BE-TUMMY\"]",
        1,
    );
    let errors = PlannerRules::parse(&text).unwrap_err().0;
    assert_eq!(errors[0].field, "flying[1].procedures[0]", "{errors:?}");

    let rules = PlannerRules::shipped();
    let errors = TripInput::from_pairs(
        [
            ("p", "XX-NOPE"),
            ("surgery", "1/3/2027"),
            ("age", "7"),
            ("f", "<script>"),
            ("bmi", "NaN"),
        ],
        &rules,
    )
    .unwrap_err()
    .0;
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["p", "surgery", "age", "f", "bmi"]);
    let errors = TripInput::from_pairs(
        [("surgery", "2027-03-10"), ("flight", "2027-03-01")],
        &rules,
    )
    .unwrap_err()
    .0;
    assert_eq!(errors[0].field, "flight");
}

#[test]
fn a_plan_is_the_same_link_every_time() {
    let rules = PlannerRules::shipped();
    let original = input(
        "f=hormones&p=FH-RHINO&age=44&p=BR-LIFT&surgery=2027-05-02&flight=2027-05-12&bmi=26.5&minutes=200&utm_source=x",
    );
    let pairs = original.to_pairs();
    let again = TripInput::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), &rules).unwrap();
    assert_eq!(again, original);
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        ["p", "p", "surgery", "flight", "age", "bmi", "minutes", "f"]
    );
}
