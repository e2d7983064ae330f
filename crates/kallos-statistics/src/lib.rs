//! Statistics from the registry's cube: the annual report (global, per
//! society, per country), its maths (Wilson score intervals), disclosure
//! control of public numbers (the cell-key method over every view and
//! version, with its attacker; before it, primary and complementary
//! suppression or redact-and-round), frozen publications with their content hash and
//! restatements, and the downloads (CSV, XLSX). Everything but `service` is
//! pure; `service` reads the cube, approvals and rules through the `Store`
//! traits and writes publications as `Change`s.

pub mod attack;
pub mod cellkey;
pub mod disclosure;
pub mod export;
pub mod joint;
pub mod publish;
pub mod report;
pub mod service;
pub mod wilson;

pub use report::{Report, Scope, Table, TableRow};
