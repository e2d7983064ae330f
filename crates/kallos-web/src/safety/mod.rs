//! The public patient-safety pages for surgery abroad: the trip planner,
//! and the alliance's page for its rules.

pub mod admin;
pub mod planner;
