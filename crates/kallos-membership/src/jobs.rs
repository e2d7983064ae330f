//! The membership job: check every membership against its society's
//! continuing criteria on the clock's day and persist each check and each
//! status transition (audited: grace when a criterion stops being met,
//! suspension after the society's days, lapse after the renewal's grace),
//! queue a notice when a shortfall begins and reminders of what expires soon
//! (once each), and deliver the outbox. `kallos serve` runs it in the
//! background; `kallos memberships run-jobs` runs it once.

use crate::evidence::base_evidence;
use crate::mail::Mailer;
use chrono::{Days, NaiveDate};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::Clock;
use kallos_domain::member::{Certification, Facility, MembershipStatus, MembershipType};
use kallos_domain::membership::criteria::SocietyCriteria;
use kallos_domain::membership::status::attestation_deadline;
use kallos_domain::membership::{
    AttestationKind, CmeCredit, Credential, Deadline, Evaluation, Evidence, MembershipDates,
    REMINDER_DAYS, StatusDecision, TypeCriteria, evaluate, reminders, status_on,
};
use kallos_domain::{MemberId, SocietyId};
use kallos_store::membership::{EvidenceRows, MembershipCheck, MembershipRecord, NewMessage};
use kallos_store::{Change, Outcome, Store, StoreResult};
use std::collections::{BTreeMap, HashMap};

/// Changes written per transaction.
const BATCH: usize = 500;

/// Days used when a society has no criteria.
const DEFAULT_GRACE_DAYS: u32 = 90;
const DEFAULT_SUSPENSION_DAYS: u32 = 90;

/// One status change the job made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub society: SocietyId,
    pub member: MemberId,
    pub from: MembershipStatus,
    pub to: MembershipStatus,
    pub reason: String,
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobReport {
    pub memberships_checked: usize,
    pub transitions: Vec<Transition>,
    pub reminders_queued: usize,
    pub sent: usize,
    pub failed: usize,
}

/// Which step a progress callback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Statuses,
    Reminders,
    Delivery,
}

struct Context {
    criteria: HashMap<SocietyId, Option<SocietyCriteria>>,
    attested: HashMap<(MemberId, SocietyId, AttestationKind), NaiveDate>,
}

/// Every society's criteria, read once.
async fn all_criteria(
    store: &dyn Store,
) -> StoreResult<HashMap<SocietyId, Option<SocietyCriteria>>> {
    let mut criteria = HashMap::new();
    for society in store.list_societies().await? {
        criteria.insert(society.id, store.society_criteria(society.id).await?);
    }
    Ok(criteria)
}

/// The yearly attestations a membership type requires that its criteria do
/// not check themselves: the facility attestation (the code of ethics is a
/// criterion of its own).
fn dated_attestations(
    criteria: Option<&SocietyCriteria>,
    m: &MembershipRecord,
) -> Vec<AttestationKind> {
    criteria
        .map(|c| c.required_attestations(m.membership_type))
        .unwrap_or_default()
        .into_iter()
        .filter(|k| *k != AttestationKind::Ethics)
        .collect()
}

fn dates(
    criteria: Option<&SocietyCriteria>,
    m: &MembershipRecord,
    attested: impl Fn(AttestationKind) -> Option<NaiveDate>,
) -> MembershipDates {
    MembershipDates {
        stored: m.status,
        since: m.since,
        renewal_due: m.renewal_due,
        resigned_on: m.resigned_on,
        attestations: dated_attestations(criteria, m)
            .into_iter()
            .map(|kind| (kind, attested(kind)))
            .collect(),
        unmet_since: m.unmet_since,
        grace_days: criteria.map_or(DEFAULT_GRACE_DAYS, |c| c.grace_days),
        suspension_days: criteria.map_or(DEFAULT_SUSPENSION_DAYS, |c| c.suspension_days),
    }
}

impl Context {
    async fn load(store: &dyn Store) -> StoreResult<Self> {
        let criteria = all_criteria(store).await?;
        let attested = store
            .latest_attestations(None)
            .await?
            .into_iter()
            .map(|a| ((a.member_id, a.society_id, a.kind), a.on))
            .collect();
        Ok(Self { criteria, attested })
    }

    /// Every yearly attestation the membership's type requires, with its latest date.
    fn attestations(&self, m: &MembershipRecord) -> Vec<(AttestationKind, Option<NaiveDate>)> {
        self.criteria
            .get(&m.society_id)
            .and_then(Option::as_ref)
            .map(|c| c.required_attestations(m.membership_type))
            .unwrap_or_default()
            .into_iter()
            .map(|kind| {
                (
                    kind,
                    self.attested
                        .get(&(m.member_id, m.society_id, kind))
                        .copied(),
                )
            })
            .collect()
    }
}

async fn apply_in_batches(
    store: &dyn Store,
    ctx: &AuditContext,
    changes: Vec<Change>,
    progress: &mut (dyn FnMut(Step, u64, u64) + Send),
    step: Step,
) -> StoreResult<Vec<Outcome>> {
    let total = changes.len() as u64;
    let mut outcomes = Vec::with_capacity(changes.len());
    let mut done = 0u64;
    let mut rest = changes;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(BATCH));
        let batch = std::mem::replace(&mut rest, tail);
        done += batch.len() as u64;
        outcomes.extend(store.apply(ctx, batch).await?);
        progress(step, done, total);
    }
    Ok(outcomes)
}

/// One member's evidence from a page of rows: credentials, profile
/// certifications and facilities, memberships and CME credits.
struct MemberEvidence {
    evidence: Evidence,
    /// The latest attestation of each kind to each society.
    attested: HashMap<(SocietyId, AttestationKind), NaiveDate>,
}

fn group_by_member(
    rows: EvidenceRows,
) -> (Vec<MembershipRecord>, HashMap<MemberId, MemberEvidence>) {
    let mut credentials: HashMap<MemberId, Vec<Credential>> = HashMap::new();
    for c in rows.credentials {
        credentials.entry(c.member_id).or_default().push(c);
    }
    let mut certifications: HashMap<MemberId, Vec<Certification>> = HashMap::new();
    for (m, c) in rows.certifications {
        certifications.entry(m).or_default().push(c);
    }
    let mut facilities: HashMap<MemberId, Vec<Facility>> = HashMap::new();
    for (m, f) in rows.facilities {
        facilities.entry(m).or_default().push(f);
    }
    let mut cme: HashMap<MemberId, Vec<CmeCredit>> = HashMap::new();
    for (m, c) in rows.cme {
        cme.entry(m).or_default().push(c);
    }
    let mut memberships: HashMap<MemberId, Vec<MembershipRecord>> = HashMap::new();
    for m in &rows.memberships {
        memberships.entry(m.member_id).or_default().push(m.clone());
    }
    let mut attested: HashMap<MemberId, HashMap<(SocietyId, AttestationKind), NaiveDate>> =
        HashMap::new();
    for a in rows.attestations {
        attested
            .entry(a.member_id)
            .or_default()
            .insert((a.society_id, a.kind), a.on);
    }
    let members = memberships
        .into_iter()
        .map(|(member, held)| {
            let evidence = base_evidence(
                credentials.get(&member).map_or(&[][..], Vec::as_slice),
                certifications.get(&member).map_or(&[][..], Vec::as_slice),
                facilities.get(&member).map_or(&[][..], Vec::as_slice),
                &held,
                cme.remove(&member).unwrap_or_default(),
            );
            let attested = attested.remove(&member).unwrap_or_default();
            (member, MemberEvidence { evidence, attested })
        })
        .collect();
    (rows.memberships, members)
}

/// A notice that a membership entered its grace period (or was suspended)
/// because a criterion is no longer met, queued once per shortfall.
fn shortfall_notice(
    m: &MembershipRecord,
    decision: &StatusDecision,
    check: Option<&Evaluation>,
) -> Option<Change> {
    let email = m.email.clone()?;
    let since = decision.unmet_since?;
    let (key, subject, next) = match decision.status {
        MembershipStatus::Grace => (
            "grace",
            format!(
                "Kallos: your {} membership is in its grace period",
                m.society_acronym
            ),
            match decision.suspend_on {
                Some(day) => format!(
                    "Unless this is put right, the membership will be suspended on {day}, and you are no longer listed in the public directory meanwhile."
                ),
                None => "You are no longer listed in the public directory meanwhile.".to_owned(),
            },
        ),
        MembershipStatus::Suspended => (
            "suspended",
            format!("Kallos: your {} membership is suspended", m.society_acronym),
            "It will be active again as soon as every requirement is met.".to_owned(),
        ),
        _ => return None,
    };
    let mut unmet: Vec<String> = check
        .map(|c| {
            c.unmet()
                .map(|l| format!("- {}: {}", l.requirement, l.detail))
                .collect()
        })
        .unwrap_or_default();
    unmet.extend(
        decision
            .unmet
            .iter()
            .filter(|u| u.starts_with("attestation_missed:"))
            .map(|u| {
                format!(
                    "- yearly {} attestation missed",
                    u.trim_start_matches("attestation_missed:")
                )
            }),
    );
    Some(Change::QueueMessage(NewMessage {
        dedupe_key: format!("member:{}:{key}:{}:{since}", m.member_id, m.society_acronym),
        member_id: Some(m.member_id),
        recipient: email,
        subject,
        body: format!(
            "Dear {},\r\n\r\nOn {since} Kallos found that your {} membership no longer meets these requirements:\r\n{}\r\n\r\n{next}\r\nPlease update your credentials, CME credits or attestations in Kallos.\r\n",
            m.member_name,
            m.society_acronym,
            unmet.join("\r\n"),
        ),
    }))
}

/// Members read per page of evidence.
pub const PAGE_MEMBERS: i64 = 2_000;

/// Most membership checks per change (one audit entry each).
const CHECKS_PER_CHANGE: usize = 1_000;

/// Checks every membership on `today` against its society's continuing
/// criteria (the evidence read a page of members at a time, a few queries
/// per page), then writes, page by page: each membership's check (once a
/// day, or again when it changed), each status transition (audited
/// `membership.status` with its reason), and a notice to each member whose
/// membership enters grace or suspension, queued once per shortfall.
pub async fn recompute_statuses(
    store: &dyn Store,
    ctx: &AuditContext,
    today: NaiveDate,
    progress: &mut (dyn FnMut(Step, u64, u64) + Send),
) -> StoreResult<(usize, Vec<Transition>)> {
    let criteria = all_criteria(store).await?;
    let continuing: HashMap<(SocietyId, MembershipType), TypeCriteria> = criteria
        .iter()
        .filter_map(|(s, c)| c.as_ref().map(|c| (s, c)))
        .flat_map(|(s, c)| {
            c.types
                .iter()
                .map(move |t| ((*s, t.membership_type), t.continuing()))
        })
        .collect();
    let mut checked = 0usize;
    let mut applied = Vec::new();
    let mut after = MemberId(0);
    loop {
        let rows = store.evidence_rows(after, PAGE_MEMBERS).await?;
        let Some(last) = rows.memberships.last().map(|m| m.member_id) else {
            break;
        };
        after = last;
        let (memberships, mut members) = group_by_member(rows);
        let mut checks: BTreeMap<SocietyId, Vec<MembershipCheck>> = BTreeMap::new();
        let mut transitions = Vec::new();
        let mut notices = Vec::new();
        for m in &memberships {
            checked += 1;
            let Some(member) = members.get_mut(&m.member_id) else {
                continue;
            };
            let society_criteria = criteria.get(&m.society_id).and_then(Option::as_ref);
            member.evidence.ethics_attested_on = member
                .attested
                .get(&(m.society_id, AttestationKind::Ethics))
                .copied();
            let check = continuing
                .get(&(m.society_id, m.membership_type))
                .map(|t| evaluate(t, &member.evidence, today).without_evidence());
            let attested = &member.attested;
            let dates = dates(society_criteria, m, |kind| {
                attested.get(&(m.society_id, kind)).copied()
            });
            let decision = status_on(&dates, check.as_ref(), today);
            // The last day the checked evidence holds: its criteria's, and
            // the yearly attestations' deadlines.
            let met_until =
                if !decision.unmet.is_empty() || check.as_ref().is_some_and(|c| !c.eligible) {
                    today.pred_opt()
                } else {
                    check
                        .as_ref()
                        .and_then(Evaluation::holds_until)
                        .into_iter()
                        .chain(
                            dates
                                .attestations
                                .iter()
                                .map(|(_, last)| attestation_deadline(m.since, *last)),
                        )
                        .min()
                };
            let record = MembershipCheck {
                member: m.member_id,
                unmet_since: decision.unmet_since,
                criteria_met_until: met_until,
                check: check.clone(),
            };
            let same = m.checked_on == Some(today)
                && m.unmet_since == record.unmet_since
                && m.criteria_met_until == record.criteria_met_until
                && m.last_check == record.check;
            if !same {
                checks.entry(m.society_id).or_default().push(record);
            }
            let new_shortfall =
                decision.unmet_since.is_some() && decision.unmet_since != m.unmet_since;
            if decision.status != m.status || new_shortfall {
                notices.extend(shortfall_notice(m, &decision, check.as_ref()));
            }
            if decision.status != m.status {
                transitions.push(Transition {
                    society: m.society_id,
                    member: m.member_id,
                    from: m.status,
                    to: decision.status,
                    reason: decision.reason,
                });
            }
        }
        let mut changes: Vec<Change> = Vec::new();
        for (society, list) in checks {
            let mut list = list;
            while !list.is_empty() {
                let rest = list.split_off(list.len().min(CHECKS_PER_CHANGE));
                changes.push(Change::RecordMembershipChecks {
                    society,
                    on: today,
                    checks: std::mem::replace(&mut list, rest),
                });
            }
        }
        let first_transition = changes.len();
        changes.extend(transitions.iter().map(|t| Change::SetMembershipStatus {
            society: t.society,
            member: t.member,
            from: t.from,
            to: t.to,
            reason: t.reason.clone(),
        }));
        changes.extend(notices);
        let outcomes = apply_in_batches(store, ctx, changes, progress, Step::Statuses).await?;
        // A membership changed by someone else meanwhile is left for the next run.
        applied.extend(
            transitions
                .into_iter()
                .zip(outcomes.into_iter().skip(first_transition))
                .filter(|(_, o)| *o != Outcome::Unchanged)
                .map(|(t, _)| t),
        );
    }
    Ok((checked, applied))
}

/// Queues a reminder for everything of a member's that expires within the
/// reminder horizon (60, 30 and 7 days ahead): credentials, certifications,
/// facility accreditations, yearly attestations and renewals. A reminder
/// already queued is not queued again.
pub async fn queue_reminders(
    store: &dyn Store,
    ctx: &AuditContext,
    today: NaiveDate,
    progress: &mut (dyn FnMut(Step, u64, u64) + Send),
) -> StoreResult<usize> {
    let horizon = today
        .checked_add_days(Days::new(REMINDER_DAYS[0].unsigned_abs()))
        .unwrap_or(today);
    // member → (name, email, deadlines)
    let mut people: BTreeMap<MemberId, (String, Option<String>, Vec<Deadline>)> = BTreeMap::new();
    for item in store.expiring_between(today, horizon).await? {
        people
            .entry(item.member_id)
            .or_insert_with(|| (item.member_name.clone(), item.email.clone(), Vec::new()))
            .2
            .push(Deadline {
                key: item.key,
                what: item.what,
                due: item.due,
            });
    }
    let memberships = store.all_memberships().await?;
    let context = Context::load(store).await?;
    for m in &memberships {
        if !matches!(
            m.status,
            MembershipStatus::Active | MembershipStatus::Grace | MembershipStatus::Suspended
        ) || m.resigned_on.is_some()
        {
            continue;
        }
        let mut deadlines = Vec::new();
        if let Some(due) = m.renewal_due {
            deadlines.push(Deadline {
                key: format!("renewal:{}", m.society_acronym),
                what: format!("{} membership renewal", m.society_acronym),
                due,
            });
        }
        for (kind, last) in context.attestations(m) {
            deadlines.push(Deadline {
                key: format!("attestation:{}:{}", kind.as_str(), m.society_acronym),
                what: format!(
                    "yearly {} attestation to {}",
                    match kind {
                        AttestationKind::Ethics => "code-of-ethics",
                        AttestationKind::Facility => "accredited-facility",
                    },
                    m.society_acronym
                ),
                due: attestation_deadline(m.since, last),
            });
        }
        let entry = people
            .entry(m.member_id)
            .or_insert_with(|| (m.member_name.clone(), m.email.clone(), Vec::new()));
        entry.2.extend(
            deadlines
                .into_iter()
                .filter(|d| today <= d.due && d.due <= horizon),
        );
    }
    let mut changes = Vec::new();
    for (member, (name, email, deadlines)) in &people {
        let Some(email) = email else { continue };
        for r in reminders(*member, name, deadlines, today) {
            changes.push(Change::QueueMessage(NewMessage {
                dedupe_key: r.dedupe_key,
                member_id: Some(*member),
                recipient: email.clone(),
                subject: r.subject,
                body: r.body,
            }));
        }
    }
    let outcomes = apply_in_batches(store, ctx, changes, progress, Step::Reminders).await?;
    Ok(outcomes.iter().filter(|o| o.created_id().is_some()).count())
}

/// Delivers every queued message once; each is marked sent, or its failure
/// is recorded and it waits for the next run.
pub async fn deliver(
    store: &dyn Store,
    mailer: &Mailer,
    clock: &dyn Clock,
    progress: &mut (dyn FnMut(Step, u64, u64) + Send),
) -> StoreResult<(usize, usize)> {
    let pending = store.pending_messages(100_000).await?;
    let total = pending.len() as u64;
    let (mut sent, mut failed) = (0, 0);
    for (i, message) in pending.iter().enumerate() {
        let change = match mailer.deliver(message).await {
            Ok(()) => {
                sent += 1;
                Change::MarkMessageSent { id: message.id }
            }
            Err(error) => {
                failed += 1;
                tracing::warn!(message = message.id, %error, "delivering a message");
                Change::MarkMessageFailed {
                    id: message.id,
                    error,
                }
            }
        };
        store
            .apply(&AuditContext::system("outbox", clock.now()), vec![change])
            .await?;
        progress(Step::Delivery, i as u64 + 1, total);
    }
    Ok((sent, failed))
}

/// One full run on the clock's today: statuses, reminders, delivery.
pub async fn run_once(
    store: &dyn Store,
    clock: &dyn Clock,
    mailer: &Mailer,
    progress: &mut (dyn FnMut(Step, u64, u64) + Send),
) -> StoreResult<JobReport> {
    let now = clock.now();
    let today = now.date_naive();
    let ctx = AuditContext::system("memberships", now);
    let (checked, transitions) = recompute_statuses(store, &ctx, today, progress).await?;
    let reminders_queued = queue_reminders(store, &ctx, today, progress).await?;
    let (sent, failed) = deliver(store, mailer, clock, progress).await?;
    Ok(JobReport {
        memberships_checked: checked,
        transitions,
        reminders_queued,
        sent,
        failed,
    })
}
