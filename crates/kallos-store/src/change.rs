//! The writes Kallos knows, and the audit entry each one leaves.

use crate::directory::{CredentialStatus, NewAttestation, NewIssuerKey};
use crate::membership::{NewApplication, NewMessage};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use kallos_domain::audit::AuditEvent;
use kallos_domain::member::{
    Certification, MemberProfile, MembershipStatus, NewFacility, NewMembership,
};
use kallos_domain::membership::{AttestationKind, CmeCredit, NewCredential, SocietyCriteria};
use kallos_domain::policy::Role;
use kallos_domain::society::NewSociety;
use kallos_domain::statistics::{Disclosure, DisclosureScope, Period};
use kallos_domain::{MemberId, SocietyId};
use serde_json::json;

/// A facility named by id, or created earlier in the same batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacilityRef {
    Existing(i64),
    /// The position of a [`Change::CreateFacility`] in the same batch.
    Batch(usize),
}

/// A member named by id, or created earlier in the same batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRef {
    Existing(MemberId),
    /// The position of a [`Change::CreateMember`] in the same batch.
    Batch(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMemberRecord {
    pub profile: MemberProfile,
    pub email: Option<String>,
    pub memberships: Vec<NewMembership>,
    pub certifications: Vec<Certification>,
    pub facilities: Vec<FacilityRef>,
}

impl From<kallos_domain::member::NewMember> for NewMemberRecord {
    fn from(m: kallos_domain::member::NewMember) -> Self {
        Self {
            profile: m.profile,
            email: m.email,
            memberships: m.memberships,
            certifications: m.certifications,
            facilities: m
                .facility_ids
                .into_iter()
                .map(FacilityRef::Existing)
                .collect(),
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    /// An argon2id PHC string; never the password.
    pub password_hash: String,
    pub member: Option<MemberRef>,
    /// Granted roles other than `Member` (which follows from `member`).
    pub roles: Vec<Role>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 of the cookie value; the value itself is never stored.
    pub token_hash: String,
    pub user_id: kallos_domain::UserId,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// SHA-256 of the token; the token itself is shown once and never stored.
    pub token_hash: String,
    pub user_id: kallos_domain::UserId,
    pub name: String,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Adds a society unless one with the same acronym exists.
    EnsureSociety(NewSociety),
    CreateFacility(NewFacility),
    CreateMember(Box<NewMemberRecord>),
    /// Changes a member's profile; with `society`, only if the member belongs to it.
    UpdateMemberProfile {
        society: Option<SocietyId>,
        member: MemberId,
        profile: MemberProfile,
    },
    CreateUser(NewUser),
    CreateSession(NewSession),
    DeleteSession {
        token_hash: String,
    },
    CreateApiToken(NewApiToken),
    /// Replaces a society's membership criteria.
    SetSocietyCriteria {
        society: SocietyId,
        criteria: Box<SocietyCriteria>,
    },
    AddCredential(Box<NewCredential>),
    /// CME credits entered for a member (by `society`'s administrator, when given).
    AddCmeCredit {
        member: MemberId,
        society: Option<SocietyId>,
        credit: CmeCredit,
    },
    RecordAttestation {
        member: MemberId,
        society: SocietyId,
        kind: AttestationKind,
        on: NaiveDate,
    },
    /// The date the member started practice, as they declare it.
    SetPracticeSince {
        member: MemberId,
        since: NaiveDate,
    },
    SubmitApplication(Box<NewApplication>),
    /// Approves or rejects a pending application of `society`. Approval
    /// creates or renews the membership: active, of the application's type,
    /// current through `renewal_due`, held since `today` when new.
    DecideApplication {
        application: i64,
        society: SocietyId,
        approve: bool,
        reason: String,
        today: NaiveDate,
        renewal_due: NaiveDate,
    },
    /// A status transition computed by the membership job.
    SetMembershipStatus {
        society: SocietyId,
        member: MemberId,
        from: MembershipStatus,
        to: MembershipStatus,
        reason: String,
    },
    /// The daily check of memberships of `society` on `on` (written once a
    /// day per membership, and again only when something changed). One
    /// audit entry for the lot; status transitions are their own changes.
    RecordMembershipChecks {
        society: SocietyId,
        on: NaiveDate,
        checks: Vec<crate::membership::MembershipCheck>,
    },
    /// The member resigns from a society on a date.
    Resign {
        society: SocietyId,
        member: MemberId,
        on: NaiveDate,
    },
    /// Queues a message; a second one with the same key changes nothing.
    QueueMessage(NewMessage),
    MarkMessageSent {
        id: i64,
    },
    MarkMessageFailed {
        id: i64,
        error: String,
    },
    /// Replaces the procedures a member offers (codes of the taxonomy); with
    /// `society`, only if the member belongs to it.
    SetMemberProcedures {
        society: Option<SocietyId>,
        member: MemberId,
        procedures: Vec<String>,
    },
    /// Records a membership's status as checked now (by an administrator).
    CheckMembership {
        society: SocietyId,
        member: MemberId,
        status: MembershipStatus,
    },
    /// Stores a society's signing key unless it has one (then `Unchanged`).
    CreateIssuerKey(NewIssuerKey),
    /// Issues a membership credential at the next index of the society's status lists.
    IssueCredential(crate::directory::NewCredential),
    /// Suspends, revokes or reinstates a credential of `society`.
    SetCredentialStatus {
        society: SocietyId,
        credential: i64,
        status: CredentialStatus,
    },
    /// Records a verified attestation signed by another society; the same
    /// credential again is `Unchanged`.
    RecordSocietyAttestation(NewAttestation),
    /// A society approves its data for a period: locked, and public once
    /// published. Unchanged if already approved.
    ApprovePeriod {
        society: SocietyId,
        period: Period,
    },
    /// Unlocks a period; not found if it was not approved.
    WithdrawApproval {
        society: SocietyId,
        period: Period,
    },
    /// Freezes a year's public report as the next version. Unchanged when
    /// the latest version has the same content hash.
    PublishStatistics(NewPublication),
    /// Sets the disclosure rule of a scope.
    SetDisclosure {
        scope: DisclosureScope,
        rule: Disclosure,
    },
    /// Saves a new version of a patient-safety document (`safety::PLANNER_RULES`);
    /// unchanged when the latest version has the same body. The caller has
    /// validated the body.
    SetSafetyDocument {
        kind: String,
        body: String,
    },
}

/// A publication to freeze: the canonical JSON of the public report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPublication {
    pub year: i32,
    pub body: String,
    /// SHA-256 of `body`, hex.
    pub sha256: String,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created(i64),
    Updated,
    /// Nothing to do: the state was already as asked. Not audited.
    Unchanged,
}

impl Outcome {
    pub fn created_id(self) -> Option<i64> {
        match self {
            Self::Created(id) => Some(id),
            _ => None,
        }
    }
}

impl Change {
    /// The audit entry for this change, given what it did. Shared by every
    /// backend so they audit identically. Secrets never enter the detail.
    pub fn audit_event(
        &self,
        outcome: Outcome,
        resolved_member: Option<i64>,
    ) -> Option<AuditEvent> {
        let id = match outcome {
            Outcome::Created(id) => id.to_string(),
            Outcome::Updated => String::new(),
            Outcome::Unchanged => return None,
        };
        let event = match self {
            Self::EnsureSociety(s) => AuditEvent {
                action: "society.create",
                entity: "society",
                entity_id: id,
                society_id: outcome.created_id(),
                detail: json!({ "acronym": s.acronym, "name": s.name, "country": s.country_iso2 }),
            },
            Self::CreateFacility(f) => AuditEvent {
                action: "facility.create",
                entity: "facility",
                entity_id: id,
                society_id: None,
                detail: json!({
                    "name": f.name, "country": f.country_iso2, "setting": f.setting.as_str(),
                    "accreditation_body": f.accreditation_body, "accredited_until": f.accredited_until,
                }),
            },
            Self::CreateMember(m) => AuditEvent {
                action: "member.create",
                entity: "member",
                entity_id: id,
                society_id: m.memberships.first().map(|ms| ms.society_id.0),
                detail: json!({
                    "societies": m.memberships.iter().map(|ms| ms.society_id.0).collect::<Vec<_>>(),
                    "country": m.profile.country_iso2,
                }),
            },
            Self::UpdateMemberProfile {
                society,
                member,
                profile,
            } => AuditEvent {
                action: "member.update_profile",
                entity: "member",
                entity_id: member.to_string(),
                society_id: society.map(|s| s.0),
                detail: json!({
                    "given_name": profile.given_name, "family_name": profile.family_name,
                    "country": profile.country_iso2, "city": profile.city,
                    "languages": profile.languages, "offers_follow_up": profile.offers_follow_up,
                    "directory_opt_in": profile.directory_opt_in,
                }),
            },
            Self::CreateUser(u) => AuditEvent {
                action: "user.create",
                entity: "user",
                entity_id: id,
                society_id: u.roles.iter().find_map(|r| match r {
                    Role::SocietyAdmin(s) => Some(s.0),
                    _ => None,
                }),
                detail: json!({
                    "email": u.email,
                    "roles": u.roles.iter().map(Role::kind).collect::<Vec<_>>(),
                    "member": resolved_member,
                }),
            },
            Self::CreateSession(s) => AuditEvent {
                action: "session.sign_in",
                entity: "user",
                entity_id: s.user_id.to_string(),
                society_id: None,
                detail: json!({ "expires_at": s.expires_at.to_rfc3339() }),
            },
            Self::DeleteSession { .. } => AuditEvent {
                action: "session.sign_out",
                entity: "session",
                entity_id: String::new(),
                society_id: None,
                detail: json!({}),
            },
            Self::CreateApiToken(t) => AuditEvent {
                action: "api_token.create",
                entity: "api_token",
                entity_id: id,
                society_id: None,
                detail: json!({ "user": t.user_id.0, "name": t.name, "expires_at": t.expires_at.map(|e| e.to_rfc3339()) }),
            },
            Self::SetSocietyCriteria { society, criteria } => AuditEvent {
                action: "membership.criteria_set",
                entity: "society",
                entity_id: society.to_string(),
                society_id: Some(society.0),
                detail: json!({
                    "types": criteria.types.iter().map(|t| t.membership_type.as_str()).collect::<Vec<_>>(),
                    "criteria": criteria.types.iter().map(|t| t.criteria.len()).sum::<usize>(),
                    "renewal_months": criteria.renewal_months, "grace_days": criteria.grace_days,
                    "suspension_days": criteria.suspension_days,
                }),
            },
            Self::AddCredential(c) => AuditEvent {
                action: "credential.create",
                entity: "credential",
                entity_id: id,
                society_id: None,
                detail: json!({
                    "member": c.member_id.0, "kind": c.kind.as_str(), "issuer": c.issuer,
                    "issued_on": c.issued_on, "expires_on": c.expires_on,
                    "evidence_sha256": c.evidence.as_ref().map(|e| e.sha256.clone()),
                }),
            },
            Self::AddCmeCredit {
                member,
                society,
                credit,
            } => AuditEvent {
                action: "cme.add",
                entity: "member",
                entity_id: member.to_string(),
                society_id: society.map(|s| s.0),
                detail: json!({
                    "credit": outcome.created_id(), "activity": credit.activity,
                    "completed_on": credit.completed_on, "credits_x100": credit.credits_x100,
                    "category": credit.category,
                }),
            },
            Self::RecordAttestation {
                member,
                society,
                kind,
                on,
            } => AuditEvent {
                action: "membership.attest",
                entity: "member",
                entity_id: member.to_string(),
                society_id: Some(society.0),
                detail: json!({ "kind": kind.as_str(), "on": on }),
            },
            Self::SetPracticeSince { member, since } => AuditEvent {
                action: "member.practice_since",
                entity: "member",
                entity_id: member.to_string(),
                society_id: None,
                detail: json!({ "since": since }),
            },
            Self::SubmitApplication(a) => AuditEvent {
                action: if a.renewal {
                    "application.renew"
                } else {
                    "application.submit"
                },
                entity: "application",
                entity_id: id,
                society_id: Some(a.society_id.0),
                detail: json!({
                    "member": a.member_id.0, "type": a.membership_type.as_str(),
                    "eligible": a.evaluation.eligible,
                    "sponsors": a.sponsors.iter().map(|s| s.0).collect::<Vec<_>>(),
                }),
            },
            Self::DecideApplication {
                application,
                society,
                approve,
                reason,
                renewal_due,
                ..
            } => AuditEvent {
                action: if *approve {
                    "application.approve"
                } else {
                    "application.reject"
                },
                entity: "application",
                entity_id: application.to_string(),
                society_id: Some(society.0),
                detail: json!({
                    "reason": reason,
                    "renewal_due": approve.then_some(renewal_due),
                    "member": resolved_member,
                }),
            },
            Self::SetMembershipStatus {
                society,
                member,
                from,
                to,
                reason,
            } => AuditEvent {
                action: "membership.status",
                entity: "member",
                entity_id: member.to_string(),
                society_id: Some(society.0),
                detail: json!({ "from": from.as_str(), "to": to.as_str(), "reason": reason }),
            },
            Self::RecordMembershipChecks {
                society,
                on,
                checks,
            } => AuditEvent {
                action: "membership.checks",
                entity: "society",
                entity_id: society.to_string(),
                society_id: Some(society.0),
                detail: json!({
                    "on": on,
                    "checked": checks.len(),
                    "unmet": checks.iter().filter(|c| c.unmet_since.is_some()).count(),
                }),
            },
            Self::Resign {
                society,
                member,
                on,
            } => AuditEvent {
                action: "membership.resign",
                entity: "member",
                entity_id: member.to_string(),
                society_id: Some(society.0),
                detail: json!({ "on": on }),
            },
            Self::QueueMessage(m) => AuditEvent {
                action: "outbox.queue",
                entity: "message",
                entity_id: id,
                society_id: None,
                detail: json!({ "key": m.dedupe_key, "member": m.member_id.map(|m| m.0), "subject": m.subject }),
            },
            Self::MarkMessageSent { id } => AuditEvent {
                action: "outbox.sent",
                entity: "message",
                entity_id: id.to_string(),
                society_id: None,
                detail: json!({}),
            },
            Self::MarkMessageFailed { id, error } => AuditEvent {
                action: "outbox.failed",
                entity: "message",
                entity_id: id.to_string(),
                society_id: None,
                detail: json!({ "error": error }),
            },
            Self::SetMemberProcedures {
                society,
                member,
                procedures,
            } => AuditEvent {
                action: "member.set_procedures",
                entity: "member",
                entity_id: member.to_string(),
                society_id: society.map(|s| s.0),
                detail: json!({ "procedures": procedures }),
            },
            Self::CheckMembership {
                society,
                member,
                status,
            } => AuditEvent {
                action: "membership.check",
                entity: "member",
                entity_id: member.to_string(),
                society_id: Some(society.0),
                detail: json!({ "status": status.as_str() }),
            },
            // The private key never enters the audit trail.
            Self::CreateIssuerKey(k) => AuditEvent {
                action: "issuer_key.create",
                entity: "society",
                entity_id: k.society_id.to_string(),
                society_id: Some(k.society_id.0),
                detail: json!({ "kid": k.kid, "public_key": k.public_key }),
            },
            Self::IssueCredential(c) => AuditEvent {
                action: "credential.issue",
                entity: "credential",
                entity_id: id,
                society_id: Some(c.society_id.0),
                detail: json!({
                    "credential_id": c.credential_id, "member": c.member_id.0,
                    "valid_until_micros": c.valid_until_micros,
                }),
            },
            Self::SetCredentialStatus {
                society,
                credential,
                status,
            } => AuditEvent {
                action: "credential.set_status",
                entity: "credential",
                entity_id: credential.to_string(),
                society_id: Some(society.0),
                detail: json!({ "status": status.as_str() }),
            },
            Self::RecordSocietyAttestation(a) => AuditEvent {
                action: "attestation.record",
                entity: "attestation",
                entity_id: id,
                society_id: Some(a.society_id.0),
                detail: json!({
                    "issuer_society": a.issuer_society_id.0, "credential_id": a.credential_id,
                    "subject_public_id": a.subject_public_id, "membership_type": a.membership_type,
                }),
            },
            Self::ApprovePeriod { society, period } => AuditEvent {
                action: "statistics.approve",
                entity: "society",
                entity_id: society.to_string(),
                society_id: Some(society.0),
                detail: json!({ "period": period.to_string() }),
            },
            Self::WithdrawApproval { society, period } => AuditEvent {
                action: "statistics.withdraw_approval",
                entity: "society",
                entity_id: society.to_string(),
                society_id: Some(society.0),
                detail: json!({ "period": period.to_string() }),
            },
            Self::PublishStatistics(p) => AuditEvent {
                action: "statistics.publish",
                entity: "publication",
                entity_id: id,
                society_id: None,
                detail: json!({ "year": p.year, "sha256": p.sha256 }),
            },
            Self::SetDisclosure { scope, rule } => AuditEvent {
                action: "statistics.set_disclosure",
                entity: "disclosure",
                entity_id: scope.key(),
                society_id: None,
                detail: json!({ "threshold": rule.threshold, "mode": rule.mode.as_str() }),
            },
            Self::SetSafetyDocument { kind, body } => AuditEvent {
                action: "safety.set_document",
                entity: "safety_document",
                entity_id: kind.clone(),
                society_id: None,
                // The version saved (the outcome's id); the body is kept with it.
                detail: json!({ "version": id, "bytes": body.len() }),
            },
        };
        Some(event)
    }
}

/// Resolves a facility reference against the ids created so far in a batch.
pub fn resolve_facility(reference: FacilityRef, created: &[Option<i64>]) -> Option<i64> {
    match reference {
        FacilityRef::Existing(id) => Some(id),
        FacilityRef::Batch(index) => created.get(index).copied().flatten(),
    }
}

/// Resolves a member reference against the ids created so far in a batch.
pub fn resolve_member(reference: MemberRef, created: &[Option<i64>]) -> Option<i64> {
    match reference {
        MemberRef::Existing(id) => Some(id.0),
        MemberRef::Batch(index) => created.get(index).copied().flatten(),
    }
}
