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
    /// Credentials: shown to nobody, hashed at rest.
    Secret,
}

use Class::{Internal, Personal, Public, Secret};

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
