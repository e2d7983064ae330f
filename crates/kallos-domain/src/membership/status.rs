//! A membership's status over time, from its dates and events alone.
//!
//! - resigned on or before today → `resigned`;
//! - no renewal date (never approved through Kallos) → the stored status stands;
//! - more than `grace_days` after the renewal date → `lapsed`;
//! - a yearly attestation (ethics, facility) missed for `suspension_days` → `suspended`;
//! - after the renewal date, within grace → `grace`;
//! - otherwise `active`.

use super::criteria::AttestationKind;
use super::evaluate::attestation_due;
use crate::member::MembershipStatus;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// What the status of one membership is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipDates {
    pub stored: MembershipStatus,
    /// When the membership began (the first attestation year counts from it).
    pub since: NaiveDate,
    /// The membership is paid up and current through this date.
    pub renewal_due: Option<NaiveDate>,
    pub resigned_on: Option<NaiveDate>,
    /// Each attestation the membership type requires, with its latest date.
    pub attestations: Vec<(AttestationKind, Option<NaiveDate>)>,
    pub grace_days: u32,
    pub suspension_days: u32,
}

/// The status on a day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusDecision {
    pub status: MembershipStatus,
    /// A short reason for the audit trail: `renewal_due`, `grace_over`, `attestation_missed:ethics`, …
    pub reason: String,
    /// The date the rule that decided it took effect, if any.
    pub effective: Option<NaiveDate>,
}

fn decision(
    status: MembershipStatus,
    reason: &str,
    effective: Option<NaiveDate>,
) -> StatusDecision {
    StatusDecision {
        status,
        reason: reason.to_owned(),
        effective,
    }
}

/// The day an attestation is missed: a year after the last one (or after the membership began).
pub fn attestation_deadline(since: NaiveDate, last: Option<NaiveDate>) -> NaiveDate {
    attestation_due(last.unwrap_or(since))
}

/// The status of a membership on `today`.
pub fn status_on(m: &MembershipDates, today: NaiveDate) -> StatusDecision {
    if let Some(on) = m.resigned_on.filter(|on| *on <= today) {
        return decision(MembershipStatus::Resigned, "resigned", Some(on));
    }
    let Some(due) = m.renewal_due else {
        return decision(m.stored, "not_managed", None);
    };
    let grace_end = due
        .checked_add_days(Days::new(u64::from(m.grace_days)))
        .unwrap_or(due);
    if today > grace_end {
        return decision(MembershipStatus::Lapsed, "grace_over", Some(grace_end));
    }
    for (kind, last) in &m.attestations {
        let missed = attestation_deadline(m.since, *last);
        let suspend_on = missed
            .checked_add_days(Days::new(u64::from(m.suspension_days)))
            .unwrap_or(missed);
        if today >= suspend_on {
            return decision(
                MembershipStatus::Suspended,
                &format!("attestation_missed:{}", kind.as_str()),
                Some(suspend_on),
            );
        }
    }
    if today > due {
        return decision(MembershipStatus::Grace, "renewal_due", Some(due));
    }
    decision(MembershipStatus::Active, "current", None)
}
