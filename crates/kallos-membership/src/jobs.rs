//! The membership job: recompute every managed membership's status and
//! persist each transition (audited), queue reminders of what expires soon
//! (once each), and deliver the outbox. `kallos serve` runs it in the
//! background; `kallos memberships run-jobs` runs it once.

use crate::mail::Mailer;
use chrono::{Days, NaiveDate};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::Clock;
use kallos_domain::member::MembershipStatus;
use kallos_domain::membership::criteria::SocietyCriteria;
use kallos_domain::membership::status::attestation_deadline;
use kallos_domain::membership::{
    AttestationKind, Deadline, MembershipDates, REMINDER_DAYS, reminders, status_on,
};
use kallos_domain::{MemberId, SocietyId};
use kallos_store::membership::{MembershipRecord, NewMessage};
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

impl Context {
    async fn load(store: &dyn Store, memberships: &[MembershipRecord]) -> StoreResult<Self> {
        let mut criteria = HashMap::new();
        for m in memberships {
            if let std::collections::hash_map::Entry::Vacant(slot) = criteria.entry(m.society_id) {
                slot.insert(store.society_criteria(m.society_id).await?);
            }
        }
        let attested = store
            .latest_attestations(None)
            .await?
            .into_iter()
            .map(|a| ((a.member_id, a.society_id, a.kind), a.on))
            .collect();
        Ok(Self { criteria, attested })
    }

    fn dates(&self, m: &MembershipRecord) -> MembershipDates {
        let criteria = self.criteria.get(&m.society_id).and_then(Option::as_ref);
        MembershipDates {
            stored: m.status,
            since: m.since,
            renewal_due: m.renewal_due,
            resigned_on: m.resigned_on,
            attestations: criteria
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
                .collect(),
            grace_days: criteria.map_or(DEFAULT_GRACE_DAYS, |c| c.grace_days),
            suspension_days: criteria.map_or(DEFAULT_SUSPENSION_DAYS, |c| c.suspension_days),
        }
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

/// Recomputes every managed membership's status on `today` and writes the
/// transitions through `Store::apply`, each audited as `membership.status`.
pub async fn recompute_statuses(
    store: &dyn Store,
    ctx: &AuditContext,
    today: NaiveDate,
    progress: &mut (dyn FnMut(Step, u64, u64) + Send),
) -> StoreResult<(usize, Vec<Transition>)> {
    let memberships = store.managed_memberships().await?;
    let context = Context::load(store, &memberships).await?;
    let mut transitions = Vec::new();
    for m in &memberships {
        let decision = status_on(&context.dates(m), today);
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
    let changes = transitions
        .iter()
        .map(|t| Change::SetMembershipStatus {
            society: t.society,
            member: t.member,
            from: t.from,
            to: t.to,
            reason: t.reason.clone(),
        })
        .collect();
    let outcomes = apply_in_batches(store, ctx, changes, progress, Step::Statuses).await?;
    // A membership changed by someone else meanwhile is left for the next run.
    let applied = transitions
        .into_iter()
        .zip(outcomes)
        .filter(|(_, o)| *o != Outcome::Unchanged)
        .map(|(t, _)| t)
        .collect();
    Ok((memberships.len(), applied))
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
    let memberships = store.managed_memberships().await?;
    let context = Context::load(store, &memberships).await?;
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
        for (kind, last) in context.dates(m).attestations {
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
