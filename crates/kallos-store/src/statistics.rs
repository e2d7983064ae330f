//! What statistics read: approvals, publications, disclosure rules and the
//! cube for a range of years. Writes are [`crate::Change`]s.

use async_trait::async_trait;
use kallos_domain::SocietyId;
use kallos_domain::registry::{MarginKey, MarginKind, Measures, RollupKey};
use kallos_domain::statistics::{Disclosure, DisclosureScope, Period};
use serde::Serialize;

use crate::StoreResult;

/// A society's approval of its data for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub society_id: SocietyId,
    pub period: Period,
    pub approved_by: String,
    pub approved_at_micros: i64,
}

/// A frozen publication of a year's public report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub id: i64,
    pub year: i32,
    pub version: i64,
    /// SHA-256 of `body`, hex.
    pub sha256: String,
    /// The public report's tables as canonical JSON.
    pub body: String,
    pub published_by: String,
    pub published_at_micros: i64,
}

#[async_trait]
pub trait StatisticsStore {
    /// Approvals, of one society or of all, by society then period.
    async fn approvals(&self, society: Option<SocietyId>) -> StoreResult<Vec<Approval>>;
    /// Publications of a year (or of every year), oldest version first.
    async fn publications(&self, year: Option<i32>) -> StoreResult<Vec<Publication>>;
    /// Disclosure rules set by an administrator; scopes not listed use the default.
    async fn disclosure_rules(&self) -> StoreResult<Vec<(DisclosureScope, Disclosure)>>;
    /// Stored cases in id order, `limit` at a time after `after_id`, for
    /// extracts: `(id, society, record)`.
    async fn case_records(
        &self,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<(i64, SocietyId, kallos_domain::registry::CaseRecord)>>;
    /// The cells of the cube for the years `from..=to`.
    async fn rollups_in_years(&self, from: i32, to: i32)
    -> StoreResult<Vec<(RollupKey, Measures)>>;
    /// The cube's margins for the years `from..=to`, of one kind or of all,
    /// in key order: what reports read.
    async fn margins_in_years(
        &self,
        from: i32,
        to: i32,
        kind: Option<MarginKind>,
    ) -> StoreResult<Vec<(MarginKey, Measures)>>;
}

/// The approved period, if any, a quarter (1–4) of a society falls in.
pub fn approved_quarter(
    approvals: &[Approval],
    society: SocietyId,
    year: i32,
    quarter: u8,
) -> Option<Period> {
    // The quarter's first month stands for it: a period is a year or a quarter.
    approved_period(
        approvals,
        society,
        year,
        u32::from(quarter.clamp(1, 4)) * 3 - 2,
    )
}

/// An approved period as stored: society, year, quarter (0 for the year).
pub type ApprovalKey = (i64, i64, i64);

/// The approvals as keys, in the order the stores list them.
pub fn approval_keys(approvals: &[Approval]) -> Vec<ApprovalKey> {
    let mut keys: Vec<ApprovalKey> = approvals
        .iter()
        .map(|a| {
            (
                a.society_id.0,
                i64::from(a.period.year),
                i64::from(a.period.quarter.unwrap_or(0)),
            )
        })
        .collect();
    keys.sort_unstable();
    keys
}

/// The approved period, if any, a procedure date of a society falls in.
pub fn approved_period(
    approvals: &[Approval],
    society: SocietyId,
    year: i32,
    month: u32,
) -> Option<Period> {
    approvals
        .iter()
        .find(|a| a.society_id == society && a.period.contains_month(year, month))
        .map(|a| a.period)
}
