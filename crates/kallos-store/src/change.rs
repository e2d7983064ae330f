//! The writes Kallos knows, and the audit entry each one leaves.

use chrono::{DateTime, Utc};
use kallos_domain::audit::AuditEvent;
use kallos_domain::member::{Certification, MemberProfile, NewFacility, NewMembership};
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
