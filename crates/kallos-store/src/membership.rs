//! What membership needs from a database: each society's criteria,
//! credentials and their evidence files, CME credits, attestations,
//! applications with their stored evaluation, membership dates for the
//! status job, and the outbox of reminders.

use async_trait::async_trait;
use chrono::NaiveDate;
use kallos_domain::member::{Certification, Facility, MembershipStatus, MembershipType};
use kallos_domain::membership::{
    ApplicationStatus, AttestationKind, CmeCredit, Credential, Evaluation, SocietyCriteria,
};
use kallos_domain::{MemberId, SocietyId};
use serde::Serialize;

use crate::StoreResult;

/// One membership with the dates its status is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipRecord {
    pub society_id: SocietyId,
    pub society_acronym: String,
    /// A national society (not the alliance itself).
    pub national: bool,
    pub member_id: MemberId,
    pub member_name: String,
    pub email: Option<String>,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
    pub since: NaiveDate,
    pub renewal_due: Option<NaiveDate>,
    pub resigned_on: Option<NaiveDate>,
    /// The first day of the current shortfall, as the last daily check saw it.
    pub unmet_since: Option<NaiveDate>,
    /// The last day the last check's evidence keeps every criterion met.
    pub criteria_met_until: Option<NaiveDate>,
    /// The day of the last check (or of the last status set by an administrator).
    pub checked_on: Option<NaiveDate>,
    /// The last daily check, without its evidence lists.
    pub last_check: Option<Evaluation>,
}

/// The daily check of one membership, as the job writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipCheck {
    pub member: MemberId,
    pub unmet_since: Option<NaiveDate>,
    pub criteria_met_until: Option<NaiveDate>,
    /// `None` when the society has no criteria for the membership type.
    pub check: Option<Evaluation>,
}

/// What the daily check needs of a range of members, read in a few
/// queries rather than a few per member: their memberships, credentials,
/// profile certifications and facilities, CME credits and latest attestations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceRows {
    /// Ordered by member, then society.
    pub memberships: Vec<MembershipRecord>,
    pub credentials: Vec<Credential>,
    pub certifications: Vec<(MemberId, Certification)>,
    pub facilities: Vec<(MemberId, Facility)>,
    pub cme: Vec<(MemberId, CmeCredit)>,
    /// The latest of each kind to each society.
    pub attestations: Vec<Attestation>,
}

/// The latest attestation of a kind by a member to a society.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attestation {
    pub member_id: MemberId,
    pub society_id: SocietyId,
    pub kind: AttestationKind,
    pub on: NaiveDate,
}

/// Something of a member's that expires: a credential, a certification, a facility's accreditation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringItem {
    pub member_id: MemberId,
    pub member_name: String,
    pub email: Option<String>,
    /// Stable: `credential:12`, `certification:4`, `facility:9`.
    pub key: String,
    /// In plain English: "board certification (American Board of Plastic Surgery)".
    pub what: String,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    pub society_id: SocietyId,
    pub member_id: MemberId,
    pub membership_type: MembershipType,
    /// A renewal of a membership already held, rather than a first application.
    pub renewal: bool,
    pub sponsors: Vec<MemberId>,
    pub sponsors_unrelated: bool,
    pub evaluation: Evaluation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Application {
    pub id: i64,
    #[schema(value_type = i64)]
    pub society_id: SocietyId,
    pub society_acronym: String,
    #[schema(value_type = i64)]
    pub member_id: MemberId,
    pub member_name: String,
    pub membership_type: MembershipType,
    pub renewal: bool,
    #[schema(value_type = Vec<i64>)]
    pub sponsors: Vec<MemberId>,
    pub sponsors_unrelated: bool,
    pub status: ApplicationStatus,
    /// The evaluation made when the application was submitted.
    pub evaluation: Evaluation,
    pub submitted_at_micros: i64,
    pub decided_at_micros: Option<i64>,
    /// The administrator's reason for the decision.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberByEmail {
    pub email: String,
    pub member_id: MemberId,
    pub name: String,
    pub active_in_society: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Queuing a second message with the same key changes nothing.
    pub dedupe_key: String,
    pub member_id: Option<MemberId>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub dedupe_key: String,
    pub member_id: Option<MemberId>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at_micros: i64,
    pub sent_at_micros: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[async_trait]
pub trait MembershipStore {
    /// A society's criteria, if it has set any.
    async fn society_criteria(&self, society: SocietyId) -> StoreResult<Option<SocietyCriteria>>;
    /// A member's credentials, by issue date.
    async fn credentials(&self, member: MemberId) -> StoreResult<Vec<Credential>>;
    async fn credential(&self, id: i64) -> StoreResult<Option<Credential>>;
    /// A member's CME credits, newest first.
    async fn cme_credits(&self, member: MemberId) -> StoreResult<Vec<CmeCredit>>;
    /// The latest attestation of each kind to each society: of one member, or of everyone.
    async fn latest_attestations(&self, member: Option<MemberId>) -> StoreResult<Vec<Attestation>>;
    async fn practice_since(&self, member: MemberId) -> StoreResult<Option<NaiveDate>>;
    /// A member's memberships with their dates.
    async fn member_memberships(&self, member: MemberId) -> StoreResult<Vec<MembershipRecord>>;
    /// Every membership, by society and member.
    async fn all_memberships(&self) -> StoreResult<Vec<MembershipRecord>>;
    /// The memberships of a society in one of `statuses`, by member name.
    async fn memberships_in(
        &self,
        society: SocietyId,
        statuses: &[MembershipStatus],
    ) -> StoreResult<Vec<MembershipRecord>>;
    /// The evidence of the next `members` members (by id) after `after` who
    /// hold a membership; empty memberships when there are no more.
    async fn evidence_rows(&self, after: MemberId, members: i64) -> StoreResult<EvidenceRows>;
    /// Credentials, certifications and facility accreditations expiring between two dates (inclusive).
    async fn expiring_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ExpiringItem>>;
    /// A society's applications, newest first; only those of `status` when given.
    async fn applications(
        &self,
        society: SocietyId,
        status: Option<ApplicationStatus>,
        limit: i64,
    ) -> StoreResult<Vec<Application>>;
    async fn application(&self, id: i64) -> StoreResult<Option<Application>>;
    /// A member's own applications, newest first.
    async fn member_applications(&self, member: MemberId) -> StoreResult<Vec<Application>>;
    /// Messages not yet sent, oldest first.
    async fn pending_messages(&self, limit: i64) -> StoreResult<Vec<OutboxMessage>>;
    async fn count_pending_messages(&self) -> StoreResult<i64>;
    /// The members with these emails, and whether each is an active member of `society`.
    async fn members_by_email(
        &self,
        society: SocietyId,
        emails: &[String],
    ) -> StoreResult<Vec<MemberByEmail>>;
}
