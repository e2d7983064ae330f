//! The public patient-safety pages for surgery abroad: the trip planner.

pub mod planner;
