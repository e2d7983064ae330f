//! Patient safety for surgery abroad: the trip planner's rules as data
//! (`rules`, each figure with its source) and the plan made from a
//! patient's answers (`planner`), which keeps nothing about the patient.

pub mod planner;
pub mod rules;

#[cfg(test)]
mod tests;
