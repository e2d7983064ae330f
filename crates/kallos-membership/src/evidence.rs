//! Gathering what the store knows about a member into the domain's
//! [`Evidence`], then evaluating it against a society's criteria.

use chrono::NaiveDate;
use kallos_domain::member::{Certification, Facility, MembershipType};
use kallos_domain::membership::evaluate::{
    CredentialEvidence, MembershipEvidence, ProcedureCount, SponsorEvidence,
};
use kallos_domain::membership::{
    AttestationKind, CmeCredit, Credential, CredentialKind, Evaluation, Evidence, TypeCriteria,
    evaluate, procedure_windows,
};
use kallos_domain::society::Society;
use kallos_domain::{MemberId, SocietyId};
use kallos_store::membership::MembershipRecord;
use kallos_store::{Store, StoreError, StoreResult};

/// Why a member cannot be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvaluationError {
    #[error("{society} has no membership criteria yet")]
    NoCriteria { society: String },
    #[error("{society} has no criteria for the {membership_type} membership type")]
    NoSuchType {
        society: String,
        membership_type: String,
    },
    #[error("no such member")]
    NoMember,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A sponsor as the evaluation sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sponsor {
    pub member_id: MemberId,
    pub name: String,
    pub active_member: bool,
}

/// Procedures the registry holds for a member between two dates (inclusive).
pub async fn procedure_count(
    store: &dyn Store,
    member: MemberId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<i64> {
    store.count_member_cases(member, from, to).await
}

/// Everything the store knows about `member` that the criteria of `society` may use.
pub async fn gather(
    store: &dyn Store,
    member: MemberId,
    society: SocietyId,
    criteria: &TypeCriteria,
    sponsors: &[Sponsor],
    sponsors_unrelated: bool,
    today: NaiveDate,
) -> Result<Evidence, EvaluationError> {
    let record = store
        .member(member)
        .await?
        .ok_or(EvaluationError::NoMember)?;
    let credentials = store.credentials(member).await?;
    let memberships = store.member_memberships(member).await?;
    let base = base_evidence(
        &credentials,
        &record.certifications,
        &record.facilities,
        &memberships,
        store.cme_credits(member).await?,
    );
    let mut procedure_counts = Vec::new();
    for (from, to) in procedure_windows(criteria, today) {
        let count = procedure_count(store, member, from, to).await?;
        procedure_counts.push(ProcedureCount { from, to, count });
    }
    let ethics_attested_on = store
        .latest_attestations(Some(member))
        .await?
        .into_iter()
        .filter(|a| a.society_id == society && a.kind == AttestationKind::Ethics)
        .map(|a| a.on)
        .max();
    Ok(Evidence {
        procedure_counts,
        ethics_attested_on,
        sponsors: sponsors
            .iter()
            .map(|s| SponsorEvidence {
                name: s.name.clone(),
                active_member: s.active_member,
                declared_unrelated: sponsors_unrelated,
            })
            .collect(),
        practice_since: store.practice_since(member).await?,
        ..base
    })
}

/// A member's credentials (those entered with evidence, and the
/// certifications and facilities of the profile), memberships and CME
/// credits as evidence: the part the application and the daily check share.
pub fn base_evidence(
    credentials: &[Credential],
    certifications: &[Certification],
    facilities: &[Facility],
    memberships: &[MembershipRecord],
    cme: Vec<CmeCredit>,
) -> Evidence {
    let mut evidence: Vec<CredentialEvidence> = credentials
        .iter()
        .map(|c| CredentialEvidence {
            kind: c.kind,
            issuer: c.issuer.clone(),
            number: c.number.clone(),
            issued_on: c.issued_on,
            expires_on: c.expires_on,
            subject: c.subject.clone(),
        })
        .collect();
    // Certifications and facilities recorded on the member's profile count too.
    evidence.extend(certifications.iter().map(|c| CredentialEvidence {
        kind: CredentialKind::BoardCertification,
        issuer: c.board.clone(),
        number: c.number.clone(),
        issued_on: c.issued_on,
        expires_on: c.expires_on,
        subject: None,
    }));
    evidence.extend(facilities.iter().map(|f| CredentialEvidence {
        kind: CredentialKind::FacilityAccreditation,
        issuer: f.accreditation_body.clone(),
        number: f.accreditation_number.clone(),
        issued_on: NaiveDate::MIN,
        expires_on: Some(f.accredited_until),
        subject: Some(f.name.clone()),
    }));
    Evidence {
        credentials: evidence,
        memberships: memberships
            .iter()
            .map(|m| MembershipEvidence {
                society_acronym: m.society_acronym.clone(),
                national: m.national,
                membership_type: m.membership_type,
                status: m.status,
            })
            .collect(),
        cme,
        ..Evidence::default()
    }
}

/// The sponsors named in the member's latest application to `society`, for
/// an evaluation made outside an application.
pub async fn latest_sponsors(
    store: &dyn Store,
    member: MemberId,
    society: SocietyId,
) -> StoreResult<(Vec<Sponsor>, bool)> {
    let Some(latest) = store
        .member_applications(member)
        .await?
        .into_iter()
        .find(|a| a.society_id == society)
    else {
        return Ok((Vec::new(), false));
    };
    let mut sponsors = Vec::new();
    for id in &latest.sponsors {
        if let Some(m) = store.member(*id).await? {
            sponsors.push(Sponsor {
                member_id: m.id,
                name: m.full_name(),
                active_member: m.memberships.iter().any(|ms| {
                    ms.society_id == society
                        && ms.status == kallos_domain::member::MembershipStatus::Active
                }),
            });
        }
    }
    Ok((sponsors, latest.sponsors_unrelated))
}

/// Evaluates a member against a society's criteria for a membership type.
pub async fn evaluate_member(
    store: &dyn Store,
    member: MemberId,
    society: &Society,
    membership_type: MembershipType,
    sponsors: &[Sponsor],
    sponsors_unrelated: bool,
    today: NaiveDate,
) -> Result<Evaluation, EvaluationError> {
    let criteria =
        store
            .society_criteria(society.id)
            .await?
            .ok_or_else(|| EvaluationError::NoCriteria {
                society: society.acronym.clone(),
            })?;
    let type_criteria =
        criteria
            .for_type(membership_type)
            .ok_or_else(|| EvaluationError::NoSuchType {
                society: society.acronym.clone(),
                membership_type: membership_type.as_str().to_owned(),
            })?;
    let evidence = gather(
        store,
        member,
        society.id,
        type_criteria,
        sponsors,
        sponsors_unrelated,
        today,
    )
    .await?;
    Ok(evaluate(type_criteria, &evidence, today))
}
