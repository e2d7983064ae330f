//! Every stored column, classified by the personal data it may hold. Exports,
//! logs and redaction follow this table, and each backend has a test that
//! fails when a column exists that is not classified here.

/// How sensitive a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Published anyway (society names, codes).
    Public,
    /// Operational data with no person in it (ids, timestamps, counts).
    Internal,
    /// About an identifiable professional (a member's name, email, city).
    /// Never a patient: patients are never stored by identity.
    Personal,
    /// Credentials and keys: shown to nobody.
    Secret,
    /// Health data about a patient known only by a pseudonym: a society's
    /// own raw data, published only as suppressed aggregates.
    Pseudonymous,
    /// Aggregates of health data: public after disclosure control.
    Aggregate,
}

use Class::{Aggregate, Internal, Personal, Pseudonymous, Public, Secret};

pub const COLUMNS: &[(&str, &str, Class)] = &[
    ("societies", "id", Public),
    ("societies", "acronym", Public),
    ("societies", "slug", Public),
    ("societies", "name", Public),
    ("societies", "country_iso2", Public),
    ("societies", "kind", Public),
    ("facilities", "id", Internal),
    ("facilities", "name", Public),
    ("facilities", "country_iso2", Public),
    ("facilities", "city", Public),
    ("facilities", "setting", Public),
    ("facilities", "accreditation_body", Public),
    ("facilities", "accreditation_number", Public),
    ("facilities", "accredited_until", Public),
    ("members", "id", Internal),
    ("members", "given_name", Personal),
    ("members", "family_name", Personal),
    ("members", "email", Personal),
    ("members", "country_iso2", Personal),
    ("members", "city", Personal),
    ("members", "languages", Personal),
    ("members", "offers_follow_up", Personal),
    ("members", "directory_opt_in", Personal),
    ("members", "created_at_micros", Internal),
    ("memberships", "society_id", Internal),
    ("memberships", "member_id", Internal),
    ("memberships", "membership_type", Personal),
    ("memberships", "status", Personal),
    ("memberships", "since", Personal),
    ("certifications", "id", Internal),
    ("certifications", "member_id", Internal),
    ("certifications", "board", Personal),
    ("certifications", "number", Personal),
    ("certifications", "issued_on", Personal),
    ("certifications", "expires_on", Personal),
    ("member_facilities", "member_id", Internal),
    ("member_facilities", "facility_id", Internal),
    ("users", "id", Internal),
    ("users", "email", Personal),
    ("users", "display_name", Personal),
    ("users", "password_hash", Secret),
    ("users", "member_id", Internal),
    ("users", "disabled", Internal),
    ("users", "created_at_micros", Internal),
    ("role_grants", "user_id", Internal),
    ("role_grants", "role", Internal),
    ("role_grants", "society_id", Internal),
    ("sessions", "token_hash", Secret),
    ("sessions", "user_id", Internal),
    ("sessions", "created_at_micros", Internal),
    ("sessions", "expires_at_micros", Internal),
    ("api_tokens", "id", Internal),
    ("api_tokens", "token_hash", Secret),
    ("api_tokens", "user_id", Internal),
    ("api_tokens", "name", Internal),
    ("api_tokens", "created_at_micros", Internal),
    ("api_tokens", "expires_at_micros", Internal),
    ("audit_log", "seq", Internal),
    ("audit_log", "at_micros", Internal),
    ("audit_log", "actor", Internal),
    ("audit_log", "action", Internal),
    ("audit_log", "entity", Internal),
    ("audit_log", "entity_id", Internal),
    ("audit_log", "society_id", Internal),
    ("audit_log", "source", Personal),
    ("audit_log", "request_id", Internal),
    ("audit_log", "detail", Personal),
    ("audit_log", "prev_hash", Internal),
    ("audit_log", "hash", Internal),
    ("audit_head", "id", Internal),
    ("audit_head", "seq", Internal),
    ("audit_head", "hash", Internal),
    ("registry_secret", "id", Internal),
    ("registry_secret", "secret", Secret),
    ("submissions", "id", Internal),
    ("submissions", "file_name", Internal),
    ("submissions", "file_sha256", Internal),
    ("submissions", "source", Internal),
    ("submissions", "society_id", Internal),
    ("submissions", "status", Internal),
    ("submissions", "rows_done", Internal),
    ("submissions", "rows_read", Internal),
    ("submissions", "accepted", Internal),
    ("submissions", "updated", Internal),
    ("submissions", "unchanged", Internal),
    ("submissions", "rejected", Internal),
    ("submissions", "actor", Internal),
    ("submissions", "started_at_micros", Internal),
    ("submissions", "finished_at_micros", Internal),
    ("submission_issues", "id", Internal),
    ("submission_issues", "submission_id", Internal),
    ("submission_issues", "row_number", Internal),
    ("submission_issues", "column_name", Internal),
    ("submission_issues", "value", Pseudonymous),
    ("submission_issues", "reason", Internal),
    ("submission_issues", "severity", Internal),
    ("cases", "id", Internal),
    ("cases", "society_id", Internal),
    ("cases", "case_ref", Pseudonymous),
    ("cases", "version", Internal),
    ("cases", "content_hash", Internal),
    ("cases", "record", Pseudonymous),
    ("cases", "submission_id", Internal),
    ("cases", "procedure_date", Pseudonymous),
    ("cases", "year", Pseudonymous),
    ("cases", "month", Pseudonymous),
    ("cases", "country", Pseudonymous),
    ("cases", "tourist", Pseudonymous),
    ("cases", "sex", Pseudonymous),
    ("cases", "age_band", Pseudonymous),
    ("cases", "setting", Pseudonymous),
    ("cases", "bmi_band", Pseudonymous),
    ("cases", "smoker", Pseudonymous),
    ("cases", "combined", Pseudonymous),
    ("cases", "complicated", Pseudonymous),
    ("cases", "major", Pseudonymous),
    ("cases", "reoperation", Pseudonymous),
    ("cases", "readmission", Pseudonymous),
    ("cases", "death", Pseudonymous),
    ("cases", "vte", Pseudonymous),
    ("cases", "hematoma", Pseudonymous),
    ("cases", "seroma", Pseudonymous),
    ("cases", "infection", Pseudonymous),
    ("case_versions", "case_id", Internal),
    ("case_versions", "version", Internal),
    ("case_versions", "content_hash", Internal),
    ("case_versions", "record", Pseudonymous),
    ("case_versions", "submission_id", Internal),
    ("case_versions", "replaced_at_micros", Internal),
    ("case_procedures", "case_id", Internal),
    ("case_procedures", "procedure", Pseudonymous),
    ("case_devices", "case_id", Internal),
    ("case_devices", "position", Internal),
    ("case_devices", "manufacturer", Pseudonymous),
    ("case_devices", "model", Pseudonymous),
    ("case_devices", "lot", Pseudonymous),
    ("case_devices", "serial", Pseudonymous),
    ("case_devices", "udi", Pseudonymous),
    ("case_devices", "udi_di", Pseudonymous),
    ("case_devices", "side", Pseudonymous),
    ("case_rollups", "society_id", Aggregate),
    ("case_rollups", "year", Aggregate),
    ("case_rollups", "month", Aggregate),
    ("case_rollups", "country", Aggregate),
    ("case_rollups", "tourist", Aggregate),
    ("case_rollups", "procedure", Aggregate),
    ("case_rollups", "sex", Aggregate),
    ("case_rollups", "age_band", Aggregate),
    ("case_rollups", "setting", Aggregate),
    ("case_rollups", "bmi_band", Aggregate),
    ("case_rollups", "smoker", Aggregate),
    ("case_rollups", "combined", Aggregate),
    ("case_rollups", "procedures", Aggregate),
    ("case_rollups", "complicated", Aggregate),
    ("case_rollups", "major", Aggregate),
    ("case_rollups", "reoperation", Aggregate),
    ("case_rollups", "readmission", Aggregate),
    ("case_rollups", "death", Aggregate),
    ("case_rollups", "vte", Aggregate),
    ("case_rollups", "hematoma", Aggregate),
    ("case_rollups", "seroma", Aggregate),
    ("case_rollups", "infection", Aggregate),
];

/// Compares the columns a database has with the table above; names what
/// is unclassified and what is classified but gone.
pub fn check(actual: &[(String, String)]) -> Result<(), String> {
    let unclassified: Vec<String> = actual
        .iter()
        .filter(|(t, c)| !COLUMNS.iter().any(|(ct, cc, _)| ct == t && cc == c))
        .map(|(t, c)| format!("{t}.{c}"))
        .collect();
    let stale: Vec<String> = COLUMNS
        .iter()
        .filter(|(t, c, _)| !actual.iter().any(|(at, ac)| at == t && ac == c))
        .map(|(t, c, _)| format!("{t}.{c}"))
        .collect();
    if unclassified.is_empty() && stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "classify these columns in kallos-store/src/classification.rs: {unclassified:?}; no longer in the schema: {stale:?}"
        ))
    }
}
