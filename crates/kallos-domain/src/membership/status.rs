//! A membership's status on a day, from its dates, the day's check of its
//! society's continuing criteria, and when the current shortfall began.
//!
//! - resigned on or before today → `resigned`;
//! - an applicant, a lapsed or a resigned membership stays so (only an
//!   application or a renewal brings it back), and so does one with nothing
//!   to go by (no criteria for its type, no renewal date);
//! - more than `grace_days` after the renewal date → `lapsed`;
//! - a continuing criterion not met (a credential expired, CME short, the
//!   code of ethics not attested this year) or a yearly attestation the
//!   criteria ask for missed → `grace` from the first day it is seen
//!   (`unmet_since`), `suspended` `suspension_days` later; a suspended
//!   membership stays suspended while anything is unmet;
//! - everything met but the renewal date passed → `grace`;
//! - otherwise `active` (a suspension for a shortfall ends when it is made good).

use super::criteria::AttestationKind;
use super::evaluate::{Evaluation, attestation_due};
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
    /// Each yearly attestation the membership type requires that its
    /// criteria do not check themselves (the facility attestation), with its
    /// latest date.
    pub attestations: Vec<(AttestationKind, Option<NaiveDate>)>,
    /// The first day of the current shortfall, as the last check stored it.
    pub unmet_since: Option<NaiveDate>,
    pub grace_days: u32,
    pub suspension_days: u32,
}

/// The status on a day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusDecision {
    pub status: MembershipStatus,
    /// A short reason for the audit trail: `current`, `renewal_due`,
    /// `grace_over`, `criteria_unmet:cme_credits,…`, …
    pub reason: String,
    /// The date the rule that decided it took effect, if any.
    pub effective: Option<NaiveDate>,
    /// The first day of the current shortfall; `None` when nothing is unmet.
    pub unmet_since: Option<NaiveDate>,
    /// What is not met: criterion kinds and `attestation_missed:{kind}`.
    pub unmet: Vec<String>,
    /// In grace for a shortfall: the day of suspension if nothing changes.
    pub suspend_on: Option<NaiveDate>,
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
        unmet_since: None,
        unmet: Vec::new(),
        suspend_on: None,
    }
}

fn plus(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(day)
}

/// The day an attestation is missed: a year after the last one (or after the membership began).
pub fn attestation_deadline(since: NaiveDate, last: Option<NaiveDate>) -> NaiveDate {
    attestation_due(last.unwrap_or(since))
}

/// What is unmet on `today`: the check's lines not met, then the yearly
/// attestations past their deadline.
pub fn shortfall(m: &MembershipDates, check: Option<&Evaluation>, today: NaiveDate) -> Vec<String> {
    let mut unmet: Vec<String> = check
        .map(|c| c.unmet().map(|l| l.criterion.clone()).collect())
        .unwrap_or_default();
    for (kind, last) in &m.attestations {
        if today > attestation_deadline(m.since, *last) {
            unmet.push(format!("attestation_missed:{}", kind.as_str()));
        }
    }
    unmet
}

/// The status of a membership on `today`, given the day's check of its
/// society's continuing criteria (`None` when the society has none for its type).
pub fn status_on(
    m: &MembershipDates,
    check: Option<&Evaluation>,
    today: NaiveDate,
) -> StatusDecision {
    if let Some(on) = m.resigned_on.filter(|on| *on <= today) {
        return decision(MembershipStatus::Resigned, "resigned", Some(on));
    }
    if matches!(
        m.stored,
        MembershipStatus::Applicant | MembershipStatus::Lapsed | MembershipStatus::Resigned
    ) {
        return decision(m.stored, "not_managed", None);
    }
    if check.is_none() && m.renewal_due.is_none() && m.attestations.is_empty() {
        // Nothing to go by: no criteria for its type and no renewal date.
        return decision(m.stored, "not_managed", None);
    }
    if let Some(due) = m.renewal_due {
        let grace_end = plus(due, m.grace_days);
        if today > grace_end {
            return decision(MembershipStatus::Lapsed, "grace_over", Some(grace_end));
        }
    }
    let unmet = shortfall(m, check, today);
    if !unmet.is_empty() {
        let start = m.unmet_since.filter(|d| *d <= today).unwrap_or(today);
        let suspend_on = plus(start, m.suspension_days);
        let reason = format!("criteria_unmet:{}", unmet.join(","));
        let mut d = if m.stored == MembershipStatus::Suspended || today >= suspend_on {
            decision(MembershipStatus::Suspended, &reason, Some(suspend_on))
        } else {
            decision(MembershipStatus::Grace, &reason, Some(start))
        };
        d.unmet_since = Some(start);
        d.suspend_on = (d.status == MembershipStatus::Grace).then_some(suspend_on);
        d.unmet = unmet;
        return d;
    }
    if let Some(due) = m.renewal_due.filter(|due| today > *due) {
        return decision(MembershipStatus::Grace, "renewal_due", Some(due));
    }
    decision(MembershipStatus::Active, "current", None)
}
