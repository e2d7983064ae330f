//! What the patient-safety pages read: versioned documents an administrator
//! edits (the trip planner's rules), each version kept and dated. Writes
//! are [`crate::Change::SetSafetyDocument`].

use async_trait::async_trait;
use serde::Serialize;

use crate::StoreResult;

/// The trip planner's rules (`kallos_domain::safety::rules::PlannerRules`, as TOML).
pub const PLANNER_RULES: &str = "planner_rules";

/// One version of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetyDocument {
    pub kind: String,
    /// 1, 2, …: each change is a new version; earlier ones are kept.
    pub version: i64,
    pub body: String,
    /// The audit actor who saved it (`user:<id>`, `system:<command>`).
    pub edited_by: String,
    pub edited_at_micros: i64,
}

#[async_trait]
pub trait SafetyStore {
    /// The latest version of a document, if it was ever saved.
    async fn safety_document(&self, kind: &str) -> StoreResult<Option<SafetyDocument>>;
    /// Every version of a document, newest first.
    async fn safety_document_versions(&self, kind: &str) -> StoreResult<Vec<SafetyDocument>>;
}
