//! Evaluating an applicant or member against a membership type's criteria:
//! one line per criterion, with the evidence used. Pure: the date is given,
//! and every count (procedures in the registry) is an input.

use super::criteria::{Criterion, TypeCriteria};
use super::{CmeCredit, CredentialKind};
use crate::member::{MembershipStatus, MembershipType};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Evidence whose expiry falls within this many days shows as "expires on".
pub const EXPIRY_WARNING_DAYS: u64 = 90;

/// A credential as evidence: a board certification, a licence, or a facility accreditation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialEvidence {
    pub kind: CredentialKind,
    /// The board, licensing authority or accreditation body.
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    /// Valid through this date (inclusive); `None` never expires.
    pub expires_on: Option<NaiveDate>,
    /// For a facility accreditation: the facility's name.
    pub subject: Option<String>,
}

/// A membership held on this installation, as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipEvidence {
    pub society_acronym: String,
    /// A national society (not the alliance itself).
    pub national: bool,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
}

/// A sponsor named by the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorEvidence {
    pub name: String,
    /// An active member of the society applied to.
    pub active_member: bool,
    /// Declared by the applicant not to be a relative or partner.
    pub declared_unrelated: bool,
}

/// Procedures counted in the registry between two dates (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureCount {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub count: i64,
}

/// Everything known about an applicant that criteria may look at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub credentials: Vec<CredentialEvidence>,
    pub memberships: Vec<MembershipEvidence>,
    pub cme: Vec<CmeCredit>,
    /// Counts for the windows [`procedure_windows`] asked for.
    pub procedure_counts: Vec<ProcedureCount>,
    /// The latest code-of-ethics attestation to the society.
    pub ethics_attested_on: Option<NaiveDate>,
    pub sponsors: Vec<SponsorEvidence>,
    pub practice_since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    /// Met, but the evidence used expires soon (see `expires_on`).
    ExpiresSoon,
    NotMet,
    EvidenceMissing,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::ExpiresSoon => "expires_soon",
            Self::NotMet => "not_met",
            Self::EvidenceMissing => "evidence_missing",
        }
    }

    pub fn is_met(self) -> bool {
        matches!(self, Self::Met | Self::ExpiresSoon)
    }

    fn rank(self) -> u8 {
        match self {
            Self::Met => 0,
            Self::ExpiresSoon => 1,
            Self::NotMet => 2,
            Self::EvidenceMissing => 3,
        }
    }
}

/// One line of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionResult {
    /// The criterion's kind, e.g. `cme_credits`.
    pub criterion: String,
    /// The requirement in plain English.
    pub requirement: String,
    pub verdict: Verdict,
    /// When `verdict` is `expires_soon`: the day the evidence stops counting.
    pub expires_on: Option<NaiveDate>,
    /// When met: the last day the evidence used keeps meeting the criterion
    /// (a credential's expiry, the day CME credits age out of the window, a
    /// yearly attestation's due date); `None` when it has no known end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds_until: Option<NaiveDate>,
    /// Why, in plain English.
    pub detail: String,
    /// The evidence used, one item per line.
    pub evidence: Vec<String>,
    /// For translation: a message key and its arguments.
    pub detail_key: String,
    pub detail_args: BTreeMap<String, String>,
}

/// An applicant evaluated against one membership type, on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evaluation {
    pub membership_type: MembershipType,
    pub evaluated_on: NaiveDate,
    /// Every criterion met (some perhaps expiring soon).
    pub eligible: bool,
    pub lines: Vec<CriterionResult>,
}

impl Evaluation {
    /// When eligible: the last day every criterion keeps holding on the
    /// evidence used (the earliest of the lines' ends); `None` when not
    /// eligible or when no line has a known end.
    pub fn holds_until(&self) -> Option<NaiveDate> {
        if !self.eligible {
            return None;
        }
        self.lines.iter().filter_map(|l| l.holds_until).min()
    }

    /// The lines not met.
    pub fn unmet(&self) -> impl Iterator<Item = &CriterionResult> {
        self.lines.iter().filter(|l| !l.verdict.is_met())
    }

    /// The same evaluation without the evidence lists (activity names,
    /// numbers): what is kept of a daily check.
    pub fn without_evidence(mut self) -> Self {
        for line in &mut self.lines {
            line.evidence.clear();
        }
        self
    }
}

/// The registry windows the criteria need counted, as of `today`.
pub fn procedure_windows(criteria: &TypeCriteria, today: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    fn walk(c: &Criterion, today: NaiveDate, out: &mut Vec<(NaiveDate, NaiveDate)>) {
        match c {
            Criterion::ProcedureVolume { months, .. } => {
                let w = (months_before(today, *months), today);
                if !out.contains(&w) {
                    out.push(w);
                }
            }
            Criterion::AnyOf { options } => options.iter().for_each(|o| walk(o, today, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    criteria
        .criteria
        .iter()
        .for_each(|c| walk(c, today, &mut out));
    out
}

/// Evaluates `evidence` against every criterion of a type, as of `today`.
pub fn evaluate(criteria: &TypeCriteria, evidence: &Evidence, today: NaiveDate) -> Evaluation {
    let lines: Vec<CriterionResult> = criteria
        .criteria
        .iter()
        .map(|c| evaluate_one(c, evidence, today))
        .collect();
    Evaluation {
        membership_type: criteria.membership_type,
        evaluated_on: today,
        eligible: lines.iter().all(|l| l.verdict.is_met()),
        lines,
    }
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

fn years_before(day: NaiveDate, years: u32) -> NaiveDate {
    months_before(day, years.saturating_mul(12))
}

/// Full years from `since` to `today`.
pub fn full_years(since: NaiveDate, today: NaiveDate) -> i64 {
    let mut years = i64::from(today.year() - since.year());
    if (today.month(), today.day()) < (since.month(), since.day()) {
        years -= 1;
    }
    years.max(0)
}

fn matches_any(name: &str, accepted: &[String]) -> bool {
    accepted.is_empty()
        || accepted
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case(name.trim()))
}

struct Line {
    verdict: Verdict,
    expires_on: Option<NaiveDate>,
    holds_until: Option<NaiveDate>,
    detail: String,
    evidence: Vec<String>,
    key: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Line {
    fn new(verdict: Verdict, key: &'static str, detail: String) -> Self {
        Self {
            verdict,
            expires_on: None,
            holds_until: None,
            detail,
            evidence: Vec::new(),
            key,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    fn evidence(mut self, items: Vec<String>) -> Self {
        self.evidence = items;
        self
    }

    /// Met, or "expires soon" when `expires_on` is near.
    fn valid_until(mut self, expires_on: Option<NaiveDate>, today: NaiveDate) -> Self {
        if self.verdict.is_met() {
            self.holds_until = expires_on;
        }
        if let Some(end) = expires_on
            && self.verdict == Verdict::Met
            && today
                .checked_add_days(Days::new(EXPIRY_WARNING_DAYS))
                .is_some_and(|horizon| end <= horizon)
        {
            self.verdict = Verdict::ExpiresSoon;
            self.expires_on = Some(end);
        }
        self
    }
}

fn credential_text(c: &CredentialEvidence) -> String {
    let mut text = format!("{} no. {}", c.issuer, c.number);
    if let Some(subject) = &c.subject {
        text = format!("{subject}: {text}");
    }
    match c.expires_on {
        Some(end) => format!("{text} (valid until {end})"),
        None => format!("{text} (no expiry)"),
    }
}

/// Is a credential valid on `day`? From its issue date through its expiry date.
pub fn valid_on(issued_on: NaiveDate, expires_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    issued_on <= day && expires_on.is_none_or(|end| day <= end)
}

fn credential_line(
    evidence: &Evidence,
    kind: CredentialKind,
    accepted: &[String],
    today: NaiveDate,
) -> Line {
    let of_kind: Vec<&CredentialEvidence> = evidence
        .credentials
        .iter()
        .filter(|c| c.kind == kind)
        .collect();
    if of_kind.is_empty() {
        return Line::new(
            Verdict::EvidenceMissing,
            "no-credential",
            format!("no {} on file", kind.label()),
        )
        .arg("kind", kind.as_str());
    }
    let accepted_ones: Vec<&&CredentialEvidence> = of_kind
        .iter()
        .filter(|c| matches_any(&c.issuer, accepted))
        .collect();
    // The current one that lasts longest.
    let best = accepted_ones
        .iter()
        .filter(|c| valid_on(c.issued_on, c.expires_on, today))
        .max_by_key(|c| c.expires_on.unwrap_or(NaiveDate::MAX));
    match best {
        Some(c) => Line::new(
            Verdict::Met,
            "credential-current",
            format!("current: {}", credential_text(c)),
        )
        .arg("credential", credential_text(c))
        .evidence(vec![credential_text(c)])
        .valid_until(c.expires_on, today),
        None if accepted_ones.is_empty() => Line::new(
            Verdict::NotMet,
            "credential-not-accepted",
            format!(
                "none of the issuers on file is accepted: {}",
                of_kind
                    .iter()
                    .map(|c| c.issuer.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .arg(
            "issuers",
            of_kind
                .iter()
                .map(|c| c.issuer.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
        .evidence(of_kind.iter().map(|c| credential_text(c)).collect()),
        None => {
            let last = accepted_ones
                .iter()
                .filter_map(|c| c.expires_on)
                .filter(|end| *end < today)
                .max();
            let mut line = match last {
                Some(end) => Line::new(
                    Verdict::NotMet,
                    "credential-expired",
                    format!("expired on {end}"),
                )
                .arg("date", end),
                None => Line::new(
                    Verdict::NotMet,
                    "credential-not-yet-valid",
                    "not yet valid".to_owned(),
                ),
            };
            line.evidence = accepted_ones.iter().map(|c| credential_text(c)).collect();
            line
        }
    }
}

fn evaluate_line(c: &Criterion, e: &Evidence, today: NaiveDate) -> Line {
    match c {
        Criterion::BoardCertification { boards } => {
            credential_line(e, CredentialKind::BoardCertification, boards, today)
        }
        Criterion::MedicalLicence { issuers } => {
            credential_line(e, CredentialKind::Licence, issuers, today)
        }
        Criterion::AccreditedFacility { bodies } => {
            credential_line(e, CredentialKind::FacilityAccreditation, bodies, today)
        }
        Criterion::SocietyMembership { societies, types } => {
            let candidates: Vec<&MembershipEvidence> = e
                .memberships
                .iter()
                .filter(|m| {
                    if societies.is_empty() {
                        m.national
                    } else {
                        societies
                            .iter()
                            .any(|s| s.trim().eq_ignore_ascii_case(&m.society_acronym))
                    }
                })
                .collect();
            let text = |m: &MembershipEvidence| {
                format!(
                    "{}: {} member, {}",
                    m.society_acronym,
                    m.membership_type.as_str(),
                    m.status.as_str()
                )
            };
            match candidates.iter().find(|m| {
                m.status == MembershipStatus::Active && types.contains(&m.membership_type)
            }) {
                Some(m) => Line::new(Verdict::Met, "membership-held", text(m))
                    .arg("membership", text(m))
                    .evidence(vec![text(m)]),
                None if candidates.is_empty() => Line::new(
                    Verdict::NotMet,
                    "membership-none",
                    "no membership of an accepted society on this installation".to_owned(),
                ),
                None => Line::new(
                    Verdict::NotMet,
                    "membership-not-qualifying",
                    "memberships held do not qualify (type or status)".to_owned(),
                )
                .evidence(candidates.iter().map(|m| text(m)).collect()),
            }
        }
        Criterion::CmeCredits {
            credits,
            years,
            category,
        } => {
            let from = years_before(today, *years);
            let counted: Vec<&CmeCredit> = e
                .cme
                .iter()
                .filter(|c| from <= c.completed_on && c.completed_on <= today)
                .filter(|c| {
                    category
                        .as_deref()
                        .is_none_or(|cat| c.category.trim().eq_ignore_ascii_case(cat.trim()))
                })
                .collect();
            let total: i64 = counted.iter().map(|c| c.credits_x100).sum();
            let needed = (credits * 100.0).round() as i64;
            let got = super::format_credits(total);
            let need = super::format_credits(needed);
            let evidence = counted
                .iter()
                .map(|c| {
                    format!(
                        "{} — {} credits ({}), {}",
                        c.activity,
                        super::format_credits(c.credits_x100),
                        c.category,
                        c.completed_on
                    )
                })
                .collect();
            let detail = format!("{got} of {need} credits since {from}");
            let verdict = if e.cme.is_empty() {
                Verdict::EvidenceMissing
            } else if total >= needed {
                Verdict::Met
            } else {
                Verdict::NotMet
            };
            let mut line = Line::new(verdict, "cme-total", detail)
                .arg("credits", got)
                .arg("needed", need)
                .arg("date", from)
                .evidence(evidence);
            if verdict == Verdict::Met {
                // The credits stop counting as the window moves on: the day
                // the total would fall below the need.
                let mut dated: Vec<&&CmeCredit> = counted.iter().collect();
                dated.sort_by_key(|c| c.completed_on);
                let mut remaining = total;
                for c in dated {
                    remaining -= c.credits_x100;
                    if remaining < needed {
                        let end = c
                            .completed_on
                            .checked_add_months(Months::new(years.saturating_mul(12)));
                        line = line.valid_until(end, today);
                        break;
                    }
                }
            }
            line
        }
        Criterion::ProcedureVolume { minimum, months } => {
            let from = months_before(today, *months);
            match e
                .procedure_counts
                .iter()
                .find(|p| p.from == from && p.to == today)
            {
                None => Line::new(
                    Verdict::EvidenceMissing,
                    "procedures-unknown",
                    "the registry count is not available".to_owned(),
                ),
                Some(p) => {
                    let verdict = if p.count >= *minimum {
                        Verdict::Met
                    } else {
                        Verdict::NotMet
                    };
                    let text = format!(
                        "{} procedures in the registry from {} to {}",
                        p.count, p.from, p.to
                    );
                    Line::new(
                        verdict,
                        "procedures-count",
                        format!("{text} (need {minimum})"),
                    )
                    .arg("count", p.count)
                    .arg("needed", minimum)
                    .arg("from", p.from)
                    .arg("to", p.to)
                    .evidence(vec![text])
                }
            }
        }
        Criterion::EthicsAttestation {} => match e.ethics_attested_on {
            None => Line::new(
                Verdict::EvidenceMissing,
                "ethics-none",
                "the code of ethics has not been attested".to_owned(),
            ),
            Some(on) if on > today => Line::new(
                Verdict::NotMet,
                "ethics-future",
                format!("attestation dated in the future ({on})"),
            )
            .arg("date", on),
            Some(on) => {
                let until = attestation_due(on);
                if today <= until {
                    Line::new(Verdict::Met, "ethics-attested", format!("attested on {on}"))
                        .arg("date", on)
                        .evidence(vec![format!("code of ethics attested on {on}")])
                        .valid_until(Some(until), today)
                } else {
                    Line::new(
                        Verdict::NotMet,
                        "ethics-overdue",
                        format!("last attested on {on}; was due again by {until}"),
                    )
                    .arg("date", on)
                    .arg("due", until)
                }
            }
        },
        Criterion::Sponsors { count } => {
            if e.sponsors.is_empty() {
                return Line::new(
                    Verdict::EvidenceMissing,
                    "sponsors-none",
                    "no sponsors named".to_owned(),
                );
            }
            let text = |s: &SponsorEvidence| {
                format!(
                    "{}{}{}",
                    s.name,
                    if s.active_member {
                        ""
                    } else {
                        " (not an active member)"
                    },
                    if s.declared_unrelated {
                        ""
                    } else {
                        " (not declared unrelated)"
                    }
                )
            };
            let good = e
                .sponsors
                .iter()
                .filter(|s| s.active_member && s.declared_unrelated)
                .count();
            let verdict = if good >= *count as usize {
                Verdict::Met
            } else {
                Verdict::NotMet
            };
            Line::new(
                verdict,
                "sponsors-count",
                format!("{good} of {count} qualifying sponsors"),
            )
            .arg("count", good)
            .arg("needed", count)
            .evidence(e.sponsors.iter().map(text).collect())
        }
        Criterion::YearsInPractice {
            at_least,
            fewer_than,
        } => match e.practice_since {
            None => Line::new(
                Verdict::EvidenceMissing,
                "practice-unknown",
                "the start of practice is not declared".to_owned(),
            ),
            Some(since) => {
                let years = full_years(since, today);
                let ok_min = at_least.is_none_or(|a| years >= i64::from(a));
                let ok_max = fewer_than.is_none_or(|f| years < i64::from(f));
                let verdict = if ok_min && ok_max {
                    Verdict::Met
                } else {
                    Verdict::NotMet
                };
                let mut line = Line::new(
                    verdict,
                    "practice-years",
                    format!("{years} full years in practice since {since}"),
                )
                .arg("years", years)
                .arg("date", since)
                .evidence(vec![format!("in practice since {since}")]);
                if verdict == Verdict::Met
                    && let Some(f) = fewer_than
                {
                    // The day the member reaches `fewer_than` years no longer qualifies.
                    let end = since
                        .checked_add_months(Months::new(f.saturating_mul(12)))
                        .and_then(|d| d.pred_opt());
                    line = line.valid_until(end, today);
                }
                line
            }
        },
        Criterion::AnyOf { options } => {
            let results: Vec<CriterionResult> =
                options.iter().map(|o| evaluate_one(o, e, today)).collect();
            let best = results
                .iter()
                .min_by_key(|r| r.verdict.rank())
                .map(|r| r.verdict)
                .unwrap_or(Verdict::EvidenceMissing);
            let verdict = if best.is_met() {
                best
            } else if results
                .iter()
                .all(|r| r.verdict == Verdict::EvidenceMissing)
            {
                Verdict::EvidenceMissing
            } else {
                Verdict::NotMet
            };
            let chosen = results.iter().find(|r| r.verdict == best);
            let options = results
                .iter()
                .map(|r| format!("{} — {}: {}", r.requirement, r.verdict.as_str(), r.detail))
                .collect::<Vec<_>>()
                .join("; ");
            let key = if verdict.is_met() {
                "any-of-met"
            } else {
                "any-of-none"
            };
            let mut line = Line::new(verdict, key, options.clone()).arg("options", options);
            if verdict.is_met() {
                // Holds while any met option holds: the latest end, none if one has none.
                let met = results.iter().filter(|r| r.verdict.is_met());
                line.holds_until = if met.clone().any(|r| r.holds_until.is_none()) {
                    None
                } else {
                    met.filter_map(|r| r.holds_until).max()
                };
            }
            if let Some(r) = chosen.filter(|r| r.verdict.is_met()) {
                line.expires_on = r.expires_on;
                line.evidence = r.evidence.clone();
                line = line.arg("option", &r.requirement);
            }
            line
        }
    }
}

/// The day a yearly attestation made on `on` is due again (one year later).
pub fn attestation_due(on: NaiveDate) -> NaiveDate {
    on.checked_add_months(Months::new(12)).unwrap_or(on)
}

fn evaluate_one(c: &Criterion, e: &Evidence, today: NaiveDate) -> CriterionResult {
    let line = evaluate_line(c, e, today);
    CriterionResult {
        criterion: c.kind().to_owned(),
        requirement: c.describe(),
        verdict: line.verdict,
        expires_on: line.expires_on,
        holds_until: line.holds_until,
        detail: line.detail,
        evidence: line.evidence,
        detail_key: line.key.to_owned(),
        detail_args: line
            .args
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    }
}
