//! The Kallos registry: the minimum data set, the streaming CSV reader that
//! checks every row at the door, and synthetic cases.

pub mod dataset;
pub mod fhir;
pub mod follow_up;
pub mod import;
pub mod reasons;
pub mod rows;
pub mod synthetic;
pub mod xlsx;

pub use rows::{CaseReader, Context, FileError, Issue, Row, Severity};
