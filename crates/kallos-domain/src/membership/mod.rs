//! Membership: each society's criteria as data, the explained evaluation of
//! an applicant, the status of a membership over time, reminders before
//! things expire, and the checks on uploaded evidence. No I/O; dates are given.

pub mod criteria;
pub mod evaluate;
pub mod status;

#[cfg(test)]
mod tests;

use crate::ids::MemberId;
use crate::validation::{FieldError, ValidationErrors, Validator};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use criteria::{AttestationKind, Criterion, SocietyCriteria, TypeCriteria};
pub use evaluate::{Evaluation, Evidence, Verdict, evaluate, procedure_windows};
pub use status::{MembershipDates, StatusDecision, status_on};

/// What a credential attests.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    BoardCertification,
    Licence,
    FacilityAccreditation,
}

impl CredentialKind {
    pub const ALL: &'static [Self] = &[
        Self::BoardCertification,
        Self::Licence,
        Self::FacilityAccreditation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BoardCertification => "board_certification",
            Self::Licence => "licence",
            Self::FacilityAccreditation => "facility_accreditation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::BoardCertification => "board certification",
            Self::Licence => "medical licence",
            Self::FacilityAccreditation => "facility accreditation",
        }
    }
}

/// A credential with its optional evidence file, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Credential {
    pub id: i64,
    #[schema(value_type = i64)]
    pub member_id: MemberId,
    pub kind: CredentialKind,
    /// The board, licensing authority, or accreditation body (AAAASF, AAAHC, The Joint Commission, …).
    pub issuer: String,
    pub number: String,
    /// For a facility accreditation: the facility.
    pub subject: Option<String>,
    pub issued_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub evidence: Option<EvidenceFile>,
}

impl Credential {
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires_on.is_some_and(|end| end < today)
    }
}

/// An uploaded evidence file. `stored_name` is generated, never the client's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EvidenceFile {
    pub stored_name: String,
    pub file_type: FileType,
    pub size: i64,
    pub sha256: String,
}

/// A credential as a member or admin enters it, not yet checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CredentialInput {
    pub kind: String,
    pub issuer: String,
    pub number: String,
    pub subject: String,
    pub issued_on: String,
    pub expires_on: String,
}

/// A checked credential, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredential {
    pub member_id: MemberId,
    pub kind: CredentialKind,
    pub issuer: String,
    pub number: String,
    pub subject: Option<String>,
    pub issued_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub evidence: Option<EvidenceFile>,
}

fn parse_date(
    field: &str,
    value: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError::new(field, "is required"));
        }
        return None;
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::with_code(
                field,
                "date",
                format!("'{value}' is not a date such as 2026-05-04"),
            ));
            None
        }
    }
}

impl CredentialInput {
    pub fn validate(&self, member_id: MemberId) -> Result<NewCredential, ValidationErrors> {
        let mut v = Validator::default();
        let issuer = v.text("issuer", &self.issuer, 200);
        let number = v.text("number", &self.number, 100);
        let mut errors = v.finish().err().map(|e| e.0).unwrap_or_default();
        let kind = CredentialKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "must be one of: board_certification, licence, facility_accreditation",
            ));
        }
        let subject = self.subject.trim();
        if kind == Some(CredentialKind::FacilityAccreditation) && subject.is_empty() {
            errors.push(FieldError::new("subject", "is required"));
        }
        if subject.chars().count() > 200 {
            errors.push(FieldError::new("subject", "must be at most 200 characters"));
        }
        let issued_on = parse_date("issued_on", &self.issued_on, true, &mut errors);
        let expires_on = parse_date("expires_on", &self.expires_on, false, &mut errors);
        if let (Some(i), Some(e)) = (issued_on, expires_on)
            && e < i
        {
            errors.push(FieldError::with_code(
                "expires_on",
                "date-order",
                "must not be before the issue date",
            ));
        }
        match (kind, issued_on) {
            (Some(kind), Some(issued_on)) if errors.is_empty() => Ok(NewCredential {
                member_id,
                kind,
                issuer,
                number,
                subject: (!subject.is_empty()).then(|| subject.to_owned()),
                issued_on,
                expires_on,
                evidence: None,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// CME credits, stored in hundredths (AMA PRA credits come in 0.25 steps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CmeCredit {
    pub id: i64,
    pub activity: String,
    pub completed_on: NaiveDate,
    /// Credits × 100.
    pub credits_x100: i64,
    /// E.g. `AMA PRA Category 1`, `ECMEC`.
    pub category: String,
}

/// `12.5` from `1250`.
pub fn format_credits(x100: i64) -> String {
    if x100 % 100 == 0 {
        format!("{}", x100 / 100)
    } else {
        let text = format!("{}.{:02}", x100 / 100, (x100 % 100).abs());
        text.trim_end_matches('0').to_owned()
    }
}

/// A CME entry as an administrator types it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CmeInput {
    pub activity: String,
    pub completed_on: String,
    pub credits: String,
    pub category: String,
}

impl CmeInput {
    /// Checks the entry; a credit dated after `today` is refused.
    pub fn validate(&self, today: NaiveDate) -> Result<CmeCredit, ValidationErrors> {
        let mut v = Validator::default();
        let activity = v.text("activity", &self.activity, 200);
        let category = v.text("category", &self.category, 100);
        let mut errors = v.finish().err().map(|e| e.0).unwrap_or_default();
        let completed_on = parse_date("completed_on", &self.completed_on, true, &mut errors);
        if completed_on.is_some_and(|d| d > today) {
            errors.push(FieldError::with_code(
                "completed_on",
                "future",
                "must not be in the future",
            ));
        }
        let credits = self.credits.trim().parse::<f64>().ok().filter(|c| {
            c.is_finite()
                && *c > 0.0
                && *c <= 100.0
                && ((c * 100.0).round() - c * 100.0).abs() < 1e-6
        });
        if credits.is_none() {
            errors.push(FieldError::with_code(
                "credits",
                "credits",
                "must be a number of credits between 0.01 and 100, such as 1.5",
            ));
        }
        match (completed_on, credits) {
            (Some(completed_on), Some(credits)) if errors.is_empty() => Ok(CmeCredit {
                id: 0,
                activity,
                completed_on,
                credits_x100: (credits * 100.0).round() as i64,
                category,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// The kinds of evidence file accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

impl FileType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pdf" => Some(Self::Pdf),
            "png" => Some(Self::Png),
            "jpeg" => Some(Self::Jpeg),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The type a file's first bytes show (its magic number), whatever its
    /// name or declared type says.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }
}

/// Largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: u64 = 5 * 1024 * 1024;

/// Days before a deadline when a reminder is sent, most distant first.
pub const REMINDER_DAYS: [i64; 3] = [60, 30, 7];

/// Which reminder is due for a deadline `due` on `today`: the nearest of
/// [`REMINDER_DAYS`] not yet passed (45 days left → the 60-day reminder;
/// 7 days or fewer → the 7-day one); none once the deadline has passed or
/// while it is more than 60 days away.
pub fn reminder_due(due: NaiveDate, today: NaiveDate) -> Option<i64> {
    let left = (due - today).num_days();
    if left < 0 {
        return None;
    }
    REMINDER_DAYS.iter().rev().copied().find(|t| left <= *t)
}

/// A deadline a member should be reminded of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Stable across runs: `credential:12`, `renewal:ISAPS`, `attestation:ethics:TAS`.
    pub key: String,
    /// What expires, in plain English.
    pub what: String,
    pub due: NaiveDate,
}

/// A reminder to queue: the key makes queuing it twice a no-op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub dedupe_key: String,
    pub subject: String,
    pub body: String,
}

/// The reminders due on `today` for a member's deadlines.
pub fn reminders(
    member: MemberId,
    name: &str,
    deadlines: &[Deadline],
    today: NaiveDate,
) -> Vec<Reminder> {
    deadlines
        .iter()
        .filter_map(|d| {
            let threshold = reminder_due(d.due, today)?;
            let left = (d.due - today).num_days();
            Some(Reminder {
                dedupe_key: format!("member:{member}:{}:{}:{threshold}d", d.key, d.due),
                subject: format!("Kallos reminder: {} due on {}", d.what, d.due),
                body: format!(
                    "Dear {name},\r\n\r\nYour {} is due on {} ({left} days from today, {today}).\r\nPlease renew or update it in Kallos before then.\r\n\r\nThis is an automatic reminder ({threshold} days).\r\n",
                    d.what, d.due
                ),
            })
        })
        .collect()
}

/// An application or renewal as the member sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationInput {
    /// The society's acronym.
    pub society: String,
    pub membership_type: String,
    /// Sponsors' emails, comma separated.
    pub sponsors: String,
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub sponsors_unrelated: bool,
    /// When the applicant started practice (YYYY-MM-DD), for criteria on years in practice.
    pub practice_since: String,
    /// Attests the society's code of ethics today.
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub attest_ethics: bool,
    /// Attests operating only in accredited facilities today.
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub attest_facility: bool,
}

/// The checked parts of an application that do not need the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationFields {
    pub membership_type: crate::member::MembershipType,
    pub sponsor_emails: Vec<String>,
    pub sponsors_unrelated: bool,
    pub practice_since: Option<NaiveDate>,
}

impl ApplicationInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ApplicationFields, ValidationErrors> {
        let mut errors = Vec::new();
        let membership_type = crate::member::MembershipType::parse(self.membership_type.trim());
        if membership_type.is_none() {
            errors.push(FieldError::new(
                "membership_type",
                "must be one of: active, associate, resident",
            ));
        }
        let mut sponsor_emails = Vec::new();
        for email in self
            .sponsors
            .split([',', '\n', ';'])
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
        {
            if !crate::validation::is_plausible_email(&email) {
                errors.push(FieldError::new(
                    "sponsors",
                    format!("'{email}' is not an email address such as name@example.org"),
                ));
            } else if !sponsor_emails.contains(&email) {
                sponsor_emails.push(email);
            }
        }
        if sponsor_emails.len() > 10 {
            errors.push(FieldError::with_code(
                "sponsors",
                "too-many",
                "name at most 10 sponsors",
            ));
        }
        let practice_since = parse_date("practice_since", &self.practice_since, false, &mut errors);
        if practice_since.is_some_and(|d| d > today) {
            errors.push(FieldError::with_code(
                "practice_since",
                "future",
                "must not be in the future",
            ));
        }
        match membership_type {
            Some(membership_type) if errors.is_empty() => Ok(ApplicationFields {
                membership_type,
                sponsor_emails,
                sponsors_unrelated: self.sponsors_unrelated,
                practice_since,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}
