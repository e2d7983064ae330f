//! Who may do what. Every route in Kallos asks [`authorize`]; no handler
//! decides access on its own.

use crate::ids::{MemberId, SocietyId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "scope", rename_all = "snake_case")]
pub enum Role {
    /// The alliance secretariat: every society, read and write.
    AllianceAdmin,
    /// One society's administrator: that society's people and data only.
    SocietyAdmin(SocietyId),
    /// A surgeon or physician: their own profile.
    Member(MemberId),
    /// Holds a membership of this society in good standing (active or in
    /// grace): submits the cases they operated on to its registry.
    MemberOf(SocietyId),
    /// Approved researcher: de-identified aggregates and extracts.
    Researcher,
}

impl Role {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AllianceAdmin => "alliance_admin",
            Self::SocietyAdmin(_) => "society_admin",
            Self::Member(_) => "member",
            Self::MemberOf(_) => "member_of",
            Self::Researcher => "researcher",
        }
    }
}

/// Whoever is making a request. The anonymous public has no user and no roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Principal {
    pub user: Option<AuthenticatedUser>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
}

impl Principal {
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn is_authenticated(&self) -> bool {
        self.user.is_some()
    }

    pub fn is_alliance_admin(&self) -> bool {
        self.roles.contains(&Role::AllianceAdmin)
    }

    pub fn member_id(&self) -> Option<MemberId> {
        self.roles.iter().find_map(|role| match role {
            Role::Member(id) => Some(*id),
            _ => None,
        })
    }

    /// The societies this principal administers (all of them for the alliance admin is
    /// expressed by [`Principal::is_alliance_admin`], not listed here).
    pub fn administered_societies(&self) -> impl Iterator<Item = SocietyId> + '_ {
        self.roles.iter().filter_map(|role| match role {
            Role::SocietyAdmin(id) => Some(*id),
            _ => None,
        })
    }

    /// A short label for the audit trail.
    pub fn audit_label(&self) -> String {
        match &self.user {
            Some(user) => format!("user:{}", user.id),
            None => "anonymous".to_owned(),
        }
    }
}

/// Something a principal wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a society's private data: its member list, member records.
    ViewSocietyPrivate(SocietyId),
    /// Add or change a society's members.
    ManageSocietyMembers(SocietyId),
    /// See and change one's own member profile.
    EditOwnProfile,
    /// Read the audit trail of everything.
    ViewAuditTrail,
    /// Submit cases to a society's registry: its administrators (any case of
    /// the society) and its members in good standing (their own cases).
    SubmitCases(SocietyId),
    /// Apply for or renew a membership, attest, add one's own credentials.
    ApplyForMembership,
    /// See a society's applications and approve or reject them.
    ReviewApplications(SocietyId),
    /// Edit, import and export a society's membership criteria.
    ManageCriteria(SocietyId),
    /// Download a member's evidence files: the member, or the administrators
    /// of `member_of`, a society the member was found to belong to.
    ViewEvidence {
        member: MemberId,
        member_of: Option<SocietyId>,
    },
    /// Issue, suspend, reinstate or revoke a society's membership credentials.
    IssueCredentials(SocietyId),
    /// Verify and record, for this society, attestations signed by another.
    AcceptAttestations(SocietyId),
    /// See a society's own statistics, unsuppressed and approved or not.
    ViewSocietyStatistics(SocietyId),
    /// Approve a society's data for a period, or withdraw the approval.
    ApproveSocietyData(SocietyId),
    /// The alliance's statistics desk: every society's approvals, disclosure
    /// rules, publishing a year.
    ManageStatistics,
    /// The alliance's patient-safety content: the trip planner's rules.
    ManageSafetyContent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("sign in first")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
}

pub fn authorize(principal: &Principal, action: Action) -> Result<(), Denied> {
    if !principal.is_authenticated() {
        return Err(Denied::Unauthenticated);
    }
    if principal.is_alliance_admin() {
        return Ok(());
    }
    let allowed = match action {
        Action::ViewSocietyPrivate(society)
        | Action::ManageSocietyMembers(society)
        | Action::IssueCredentials(society)
        | Action::AcceptAttestations(society) => {
            principal.administered_societies().any(|id| id == society)
        }
        Action::EditOwnProfile | Action::ApplyForMembership => principal.member_id().is_some(),
        Action::ViewAuditTrail => false,
        Action::SubmitCases(society) => {
            principal.administered_societies().any(|id| id == society)
                || principal.roles.contains(&Role::MemberOf(society))
        }
        Action::ReviewApplications(society) | Action::ManageCriteria(society) => {
            principal.administered_societies().any(|id| id == society)
        }
        Action::ViewEvidence { member, member_of } => {
            principal.member_id() == Some(member)
                || member_of.is_some_and(|s| principal.administered_societies().any(|id| id == s))
        }
        Action::ViewSocietyStatistics(society) | Action::ApproveSocietyData(society) => {
            principal.administered_societies().any(|id| id == society)
        }
        Action::ManageStatistics | Action::ManageSafetyContent => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: Vec<Role>) -> Principal {
        Principal {
            user: Some(AuthenticatedUser {
                id: UserId(1),
                email: "a@example.org".into(),
                display_name: "A".into(),
            }),
            roles,
        }
    }

    #[test]
    fn members_submit_cases_only_to_their_own_societies() {
        let member = user(vec![
            Role::Member(MemberId(3)),
            Role::MemberOf(SocietyId(7)),
        ]);
        assert_eq!(
            authorize(&member, Action::SubmitCases(SocietyId(7))),
            Ok(())
        );
        assert_eq!(
            authorize(&member, Action::SubmitCases(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        // Submitting is not administering: the member list stays closed.
        assert_eq!(
            authorize(&member, Action::ViewSocietyPrivate(SocietyId(7))),
            Err(Denied::Forbidden)
        );
        let admin = user(vec![Role::SocietyAdmin(SocietyId(7))]);
        assert_eq!(authorize(&admin, Action::SubmitCases(SocietyId(7))), Ok(()));
        assert_eq!(
            authorize(&admin, Action::SubmitCases(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&Principal::anonymous(), Action::SubmitCases(SocietyId(7))),
            Err(Denied::Unauthenticated)
        );
    }

    #[test]
    fn society_admin_is_confined_to_its_society() {
        let admin = user(vec![Role::SocietyAdmin(SocietyId(7))]);
        assert_eq!(
            authorize(&admin, Action::ViewSocietyPrivate(SocietyId(7))),
            Ok(())
        );
        assert_eq!(
            authorize(&admin, Action::ManageSocietyMembers(SocietyId(7))),
            Ok(())
        );
        assert_eq!(
            authorize(&admin, Action::ViewSocietyPrivate(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::IssueCredentials(SocietyId(7))),
            Ok(())
        );
        assert_eq!(
            authorize(&admin, Action::AcceptAttestations(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::IssueCredentials(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::ViewAuditTrail),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::EditOwnProfile),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::ApproveSocietyData(SocietyId(7))),
            Ok(())
        );
        assert_eq!(
            authorize(&admin, Action::ViewSocietyStatistics(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&admin, Action::ManageStatistics),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn evidence_is_for_its_member_and_the_admins_of_their_society() {
        let owner = user(vec![Role::Member(MemberId(4))]);
        let other = user(vec![Role::Member(MemberId(5))]);
        let admin = user(vec![Role::SocietyAdmin(SocietyId(7))]);
        let of = |member_of| Action::ViewEvidence {
            member: MemberId(4),
            member_of,
        };
        assert_eq!(authorize(&owner, of(None)), Ok(()));
        assert_eq!(authorize(&other, of(None)), Err(Denied::Forbidden));
        assert_eq!(authorize(&admin, of(Some(SocietyId(7)))), Ok(()));
        assert_eq!(
            authorize(&admin, of(Some(SocietyId(8)))),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(&admin, of(None)), Err(Denied::Forbidden));
        assert_eq!(
            authorize(&admin, Action::ReviewApplications(SocietyId(7))),
            Ok(())
        );
        assert_eq!(
            authorize(&admin, Action::ManageCriteria(SocietyId(8))),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(&owner, Action::ApplyForMembership), Ok(()));
        assert_eq!(
            authorize(&admin, Action::ApplyForMembership),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn public_gets_nothing_private() {
        let public = Principal::anonymous();
        for action in [
            Action::ViewSocietyPrivate(SocietyId(1)),
            Action::ManageSocietyMembers(SocietyId(1)),
            Action::EditOwnProfile,
            Action::ViewAuditTrail,
        ] {
            assert_eq!(authorize(&public, action), Err(Denied::Unauthenticated));
        }
    }

    #[test]
    fn alliance_admin_sees_everything_and_members_their_profile() {
        let alliance = user(vec![Role::AllianceAdmin]);
        assert_eq!(
            authorize(&alliance, Action::ViewSocietyPrivate(SocietyId(3))),
            Ok(())
        );
        assert_eq!(authorize(&alliance, Action::ViewAuditTrail), Ok(()));
        let member = user(vec![Role::Member(MemberId(4))]);
        assert_eq!(authorize(&member, Action::EditOwnProfile), Ok(()));
        assert_eq!(
            authorize(&member, Action::ViewSocietyPrivate(SocietyId(3))),
            Err(Denied::Forbidden)
        );
        let researcher = user(vec![Role::Researcher]);
        assert_eq!(
            authorize(&researcher, Action::ManageSocietyMembers(SocietyId(3))),
            Err(Denied::Forbidden)
        );
    }
}
