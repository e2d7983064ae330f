//! Demo data: the alliance's societies, about 2,000 fictitious members with
//! facilities and certifications, an alliance administrator, one administrator
//! per society and one member login. Written in one audited batch, so that a
//! start killed half-way leaves no half-seeded database.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use kallos_domain::SocietyId;
use kallos_domain::audit::AuditContext;
use kallos_domain::member::NewMembership;
use kallos_domain::policy::Role;
use kallos_domain::society::{SocietyKind, alliance_seed};
use kallos_domain::synthetic::{self, SyntheticData};
use kallos_store::{Change, FacilityRef, MemberRef, NewMemberRecord, NewUser, Store};

pub const DEMO_MEMBERS: usize = 2_000;
/// Registry cases in the demo, over three years.
pub const DEMO_CASES: u64 = 200_000;
pub const DEMO_CASE_YEARS: (i32, i32) = (2023, 2025);
pub const DEMO_SEED: u64 = 2026;
pub const DEMO_PASSWORD: &str = "kallos-demo";
pub const ALLIANCE_ADMIN: &str = "alliance.admin@example.org";
pub const DEMO_MEMBER_LOGIN: &str = "member.demo@example.org";

/// The sign-in email of a society's demo administrator.
pub fn society_admin_email(slug: &str) -> String {
    format!("admin.{}@example.org", slug.to_ascii_lowercase())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Seeded {
    Created {
        members: usize,
        users: usize,
    },
    /// The database already had accounts; nothing was written.
    AlreadyPresent,
}

/// Turns synthetic members into store changes: facilities first, then
/// members referring to them by position, all in one batch.
pub fn member_changes(
    data: &SyntheticData,
    societies: &[SocietyId],
    alliance: SocietyId,
) -> Vec<Change> {
    let mut changes: Vec<Change> = data
        .facilities
        .iter()
        .cloned()
        .map(Change::CreateFacility)
        .collect();
    for m in &data.members {
        let Some(&society) = societies.get(m.society_index) else {
            continue;
        };
        let mut memberships = vec![NewMembership {
            society_id: society,
            membership_type: m.membership_type,
            status: m.status,
            since: m.since,
        }];
        if m.alliance_member {
            memberships.push(NewMembership {
                society_id: alliance,
                ..memberships[0].clone()
            });
        }
        changes.push(Change::CreateMember(Box::new(NewMemberRecord {
            profile: m.profile.clone(),
            email: Some(m.email.clone()),
            memberships,
            certifications: m.certifications.clone(),
            facilities: m
                .facility_indexes
                .iter()
                .map(|&i| FacilityRef::Batch(i))
                .collect(),
        })));
    }
    changes
}

/// The stored ids of the seed societies, in seed order.
pub async fn society_ids(store: &dyn Store) -> Result<(Vec<SocietyId>, SocietyId)> {
    let stored = store.list_societies().await?;
    let seed = alliance_seed();
    let ids = seed
        .iter()
        .map(|s| {
            stored
                .iter()
                .find(|t| t.acronym == s.acronym)
                .map(|t| t.id)
                .context("a seed society is missing")
        })
        .collect::<Result<Vec<_>>>()?;
    let alliance = stored
        .iter()
        .find(|s| s.kind == SocietyKind::Alliance)
        .map(|s| s.id)
        .context("the alliance is missing")?;
    Ok((ids, alliance))
}

/// Hashes passwords on every core: argon2 is slow by design.
fn hash_all(count: usize, password: &str) -> Result<Vec<String>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = count.div_ceil(threads).max(1);
    let indexes: Vec<usize> = (0..count).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = indexes
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|_| kallos_web::hash_password(password))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut hashes = Vec::with_capacity(count);
        for handle in handles {
            let part = handle
                .join()
                .map_err(|_| anyhow::anyhow!("a hashing thread panicked"))?;
            for hash in part {
                hashes.push(hash.map_err(|e| anyhow::anyhow!("{e}"))?);
            }
        }
        Ok(hashes)
    })
}

pub async fn seed(store: &dyn Store, ctx: &AuditContext, today: NaiveDate) -> Result<Seeded> {
    if store.count_users().await? > 0 {
        return Ok(Seeded::AlreadyPresent);
    }
    crate::store::ensure_societies(store, ctx).await?;
    let (societies, alliance) = society_ids(store).await?;
    let seed_societies = alliance_seed();
    let data = synthetic::generate(&seed_societies, DEMO_MEMBERS, DEMO_SEED, 0, today);
    let mut changes = member_changes(&data, &societies, alliance);
    let first_member = data.facilities.len();
    // The demo member login: the first synthetic member of SBCP.
    let sbcp = seed_societies
        .iter()
        .position(|s| s.acronym == "SBCP")
        .unwrap_or(1);
    let demo_member = data
        .members
        .iter()
        .position(|m| m.society_index == sbcp)
        .unwrap_or(0);

    let admins = 1 + societies.len();
    let hashes = hash_all(admins + 1, DEMO_PASSWORD)?;
    let mut hashes = hashes.into_iter();
    let mut next_hash = || hashes.next().context("one password hash per account");
    changes.push(Change::CreateUser(NewUser {
        email: ALLIANCE_ADMIN.to_owned(),
        display_name: "Alliance Secretariat (demo)".to_owned(),
        password_hash: next_hash()?,
        member: None,
        roles: vec![Role::AllianceAdmin],
    }));
    for (society, id) in seed_societies.iter().zip(&societies) {
        changes.push(Change::CreateUser(NewUser {
            email: society_admin_email(&kallos_domain::society::url_slug(&society.acronym)),
            display_name: format!("{} administrator (demo)", society.acronym),
            password_hash: next_hash()?,
            member: None,
            roles: vec![Role::SocietyAdmin(*id)],
        }));
    }
    let member = &data.members[demo_member].profile;
    changes.push(Change::CreateUser(NewUser {
        email: DEMO_MEMBER_LOGIN.to_owned(),
        display_name: format!("{} {}", member.given_name, member.family_name),
        password_hash: next_hash()?,
        member: Some(MemberRef::Batch(first_member + demo_member)),
        roles: Vec::new(),
    }));
    let users = admins + 1;
    let outcomes = store
        .apply(ctx, changes)
        .await
        .context("writing the demo data")?;
    let demo_member_id = outcomes
        .get(first_member + demo_member)
        .and_then(|o| o.created_id())
        .map(kallos_domain::MemberId)
        .context("the demo member was created")?;
    let member_ids: Vec<kallos_domain::MemberId> = outcomes
        .iter()
        .skip(first_member)
        .take(data.members.len())
        .map(|o| o.created_id().map(kallos_domain::MemberId))
        .collect::<Option<_>>()
        .context("every demo member was created")?;
    seed_evidence(store, ctx, &data, &member_ids, &societies, alliance)
        .await
        .context("writing the demo's CME credits and attestations")?;
    seed_membership(store, ctx, today, demo_member_id)
        .await
        .context("writing the demo's membership data")?;
    crate::directory::seed_demo(store, ctx, DEMO_MEMBER_LOGIN).await?;
    // The day's check of every membership, as the job makes it: the demo's
    // statuses agree with its evidence, so this records the checks (and the
    // start of each shortfall of the members in grace) and changes no status.
    kallos_membership::jobs::recompute_statuses(store, ctx, today, &mut |_, _, _| {})
        .await
        .context("checking the demo's memberships")?;
    Ok(Seeded::Created {
        members: data.members.len(),
        users,
    })
}

/// The synthetic members' CME credits and yearly attestations (code of
/// ethics, accredited facilities) to each of their societies.
pub async fn seed_evidence(
    store: &dyn Store,
    ctx: &AuditContext,
    data: &SyntheticData,
    member_ids: &[kallos_domain::MemberId],
    societies: &[SocietyId],
    alliance: SocietyId,
) -> Result<()> {
    use kallos_domain::membership::AttestationKind;
    let mut changes = Vec::new();
    for (m, &id) in data.members.iter().zip(member_ids) {
        let Some(&national) = societies.get(m.society_index) else {
            continue;
        };
        for credit in &m.cme {
            changes.push(Change::AddCmeCredit {
                member: id,
                society: Some(national),
                credit: credit.clone(),
            });
        }
        let mut held = vec![national];
        if m.alliance_member {
            held.push(alliance);
        }
        for society in held {
            for kind in [AttestationKind::Ethics, AttestationKind::Facility] {
                changes.push(Change::RecordAttestation {
                    member: id,
                    society,
                    kind,
                    on: m.attested_on,
                });
            }
        }
    }
    let mut changes = changes.into_iter().peekable();
    while changes.peek().is_some() {
        let batch: Vec<Change> = changes.by_ref().take(5_000).collect();
        store.apply(ctx, batch).await?;
    }
    Ok(())
}

/// Whether the demo's cases are still to be imported (or to be resumed).
pub async fn cases_wanted(store: &dyn Store, data_dir: &std::path::Path) -> Result<bool> {
    Ok(data_dir.join("demo-cases.csv").exists() || store.count_cases(None).await? == 0)
}

/// Imports the demo's registry cases, unless the registry already has cases
/// and no demo import is left half-done (a killed start resumes it: the file
/// is only removed once its import completed).
pub async fn seed_cases(
    store: &dyn Store,
    data_dir: &std::path::Path,
    clock: &dyn kallos_domain::clock::Clock,
) -> Result<Option<i64>> {
    let path = data_dir.join("demo-cases.csv");
    let resuming = path.exists();
    if store.count_cases(None).await? > 0 && !resuming {
        return Ok(None);
    }
    let members = crate::registry::case_members(store, None).await?;
    if members.is_empty() {
        return Ok(None);
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    if !resuming {
        let options = kallos_registry::synthetic::Options {
            count: DEMO_CASES,
            first_year: DEMO_CASE_YEARS.0,
            last_year: DEMO_CASE_YEARS.1,
            seed: DEMO_SEED,
            today: clock.now().date_naive(),
        };
        let partial = data_dir.join("demo-cases.csv.partial");
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&partial)?);
        kallos_registry::synthetic::write_cases(&members, &options, &mut out, |_| {})?;
        std::io::Write::flush(&mut out)?;
        drop(out);
        // Only a complete file takes the final name.
        std::fs::rename(&partial, &path)?;
    }
    let options = kallos_registry::import::ImportOptions {
        society: None,
        dry_run: false,
        strict: false,
        // Small enough that sign-ins never wait long for the writer.
        batch_size: 5_000,
        today: clock.now().date_naive(),
        member: None,
    };
    let audit = || AuditContext::system("demo", clock.now());
    let mut progress = |_: u64, _: i64| {};
    let summary =
        kallos_registry::import::import_file(store, &audit, &path, &options, &mut progress).await?;
    std::fs::remove_file(&path).ok();
    seed_statistics(store, clock).await?;
    Ok(Some(summary.accepted + summary.updated + summary.unchanged))
}

/// Membership in the demo: every society's criteria (the presets for ASAPS,
/// ISAPS and national societies), and for the demo member CME credits,
/// credentials (one expiring soon, one expired), yearly attestations due in a
/// month, an approved renewal of their SBCP membership due in 50 days and a
/// pending application to ISAPS; three more members apply to ISAPS.
pub async fn seed_membership(
    store: &dyn Store,
    ctx: &AuditContext,
    today: NaiveDate,
    demo_member: kallos_domain::MemberId,
) -> Result<()> {
    use chrono::Days;
    use kallos_domain::member::MembershipType;
    use kallos_domain::membership::criteria::presets;
    use kallos_domain::membership::{
        AttestationKind, CmeCredit, CredentialKind, NewCredential, SocietyCriteria,
    };
    use kallos_store::membership::NewApplication;
    let societies = store.list_societies().await?;
    let mut changes = Vec::new();
    for society in &societies {
        let criteria = SocietyCriteria::parse(presets::for_society(&society.acronym))
            .map_err(|e| anyhow::anyhow!("the criteria preset of {}: {e}", society.acronym))?;
        changes.push(Change::SetSocietyCriteria {
            society: society.id,
            criteria: Box::new(criteria),
        });
    }
    let day = |days_ago: u64| today.checked_sub_days(Days::new(days_ago)).unwrap_or(today);
    let ahead = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
    let sbcp = societies
        .iter()
        .find(|s| s.acronym == "SBCP")
        .context("SBCP is seeded")?;
    let isaps = societies
        .iter()
        .find(|s| s.acronym == kallos_domain::society::ALLIANCE_ACRONYM)
        .context("ISAPS is seeded")?;
    for (activity, days_ago, x100) in [
        ("ISAPS World Congress (demo)", 40, 2_000),
        ("SBCP annual meeting (demo)", 200, 1_800),
        ("Webinar: BBL safety advisory (demo)", 320, 150),
        ("Cadaver course, rhinoplasty (demo)", 500, 1_600),
    ] {
        changes.push(Change::AddCmeCredit {
            member: demo_member,
            society: Some(sbcp.id),
            credit: CmeCredit {
                id: 0,
                activity: activity.to_owned(),
                completed_on: day(days_ago),
                credits_x100: x100,
                category: "AMA PRA Category 1".to_owned(),
            },
        });
    }
    for (kind, issuer, number, issued, expires) in [
        (
            CredentialKind::BoardCertification,
            "National Board of Plastic Surgery (Brazil)",
            "BR-DEMO-1",
            day(3650),
            ahead(45),
        ),
        (
            CredentialKind::Licence,
            "Conselho Regional de Medicina (demo)",
            "CRM-DEMO-7",
            day(1500),
            day(30),
        ),
    ] {
        changes.push(Change::AddCredential(Box::new(NewCredential {
            member_id: demo_member,
            kind,
            issuer: issuer.to_owned(),
            number: number.to_owned(),
            subject: None,
            issued_on: issued,
            expires_on: Some(expires),
            evidence: None,
        })));
    }
    for kind in [AttestationKind::Ethics, AttestationKind::Facility] {
        changes.push(Change::RecordAttestation {
            member: demo_member,
            society: sbcp.id,
            kind,
            on: day(335),
        });
    }
    changes.push(Change::SetPracticeSince {
        member: demo_member,
        since: day(12 * 365),
    });
    store.apply(ctx, changes).await?;

    // Applications, each evaluated on the evidence just written.
    let member = store
        .member(demo_member)
        .await?
        .context("the demo member")?;
    let demo_type = member
        .memberships
        .iter()
        .find(|m| m.society_id == sbcp.id)
        .map_or(MembershipType::Active, |m| m.membership_type);
    let sponsor = store
        .list_members(isaps.id, kallos_store::Page::new(0, 20))
        .await?
        .into_iter()
        .find(|m| {
            m.status == kallos_domain::member::MembershipStatus::Active && m.id != demo_member
        });
    let sponsors: Vec<kallos_membership::Sponsor> = sponsor
        .iter()
        .map(|s| kallos_membership::Sponsor {
            member_id: s.id,
            name: format!("{} {}", s.given_name, s.family_name),
            active_member: true,
        })
        .collect();
    let others = store
        .list_members(sbcp.id, kallos_store::Page::new(0, 4))
        .await?
        .into_iter()
        .filter(|m| m.id != demo_member)
        .take(3);
    let mut wanted = vec![
        (sbcp, demo_member, demo_type, true, Vec::new()),
        (isaps, demo_member, MembershipType::Active, false, sponsors),
    ];
    for other in others {
        wanted.push((
            isaps,
            other.id,
            MembershipType::Associate,
            false,
            Vec::new(),
        ));
    }
    let mut submitted = Vec::new();
    for (society, member, membership_type, renewal, sponsors) in wanted {
        let criteria = store
            .society_criteria(society.id)
            .await?
            .context("criteria were just written")?;
        let Some(type_criteria) = criteria.for_type(membership_type) else {
            continue;
        };
        let evidence = kallos_membership::evidence::gather(
            store,
            member,
            society.id,
            type_criteria,
            &sponsors,
            !sponsors.is_empty(),
            today,
        )
        .await?;
        let evaluation = kallos_domain::membership::evaluate(type_criteria, &evidence, today);
        let outcomes = store
            .apply(
                ctx,
                vec![Change::SubmitApplication(Box::new(NewApplication {
                    society_id: society.id,
                    member_id: member,
                    membership_type,
                    renewal,
                    sponsors: sponsors.iter().map(|s| s.member_id).collect(),
                    sponsors_unrelated: !sponsors.is_empty(),
                    evaluation,
                }))],
            )
            .await?;
        submitted.push((society.id, outcomes[0].created_id()));
    }
    // The SBCP renewal was approved: the membership is now due in 50 days.
    if let Some((society, Some(application))) = submitted.first().copied() {
        store
            .apply(
                ctx,
                vec![Change::DecideApplication {
                    application,
                    society,
                    approve: true,
                    reason: "Renewal approved by the national secretary (demo)".to_owned(),
                    today,
                    renewal_due: ahead(50),
                }],
            )
            .await?;
    }
    Ok(())
}

/// Approvals and publications over the demo's cases, so that `/statistics`
/// has something to show: every society with cases approves the first two
/// years, and the first half of them the first half of the last year; the
/// first year is published once, the second twice (a late approval restates
/// it, as the global survey has had).
pub async fn seed_statistics(
    store: &dyn Store,
    clock: &dyn kallos_domain::clock::Clock,
) -> Result<()> {
    use kallos_domain::statistics::Period;
    if !store.publications(None).await?.is_empty() {
        return Ok(());
    }
    let (first, last) = DEMO_CASE_YEARS;
    // The margins of one kind name every society with cases, in a few rows.
    let mut societies: Vec<SocietyId> = store
        .margins_in_years(first, last, Some(kallos_domain::registry::MarginKind::Sex))
        .await?
        .iter()
        .map(|(k, _)| SocietyId(k.society_id))
        .collect();
    societies.sort_by_key(|s| s.0);
    societies.dedup();
    let Some((late, on_time)) = societies.split_last() else {
        return Ok(());
    };
    let ctx = AuditContext::system("demo", clock.now());
    let approve = |society: &SocietyId, period| Change::ApprovePeriod {
        society: *society,
        period,
    };
    let mut changes: Vec<Change> = societies
        .iter()
        .map(|s| approve(s, Period::year(first)))
        .collect();
    changes.extend(on_time.iter().map(|s| approve(s, Period::year(first + 1))));
    for s in &societies[..societies.len() / 2] {
        changes.push(approve(s, Period::quarter(last, 1)));
        changes.push(approve(s, Period::quarter(last, 2)));
    }
    store.apply(&ctx, changes).await?;
    kallos_statistics::service::publish(store, &ctx, first).await?;
    kallos_statistics::service::publish(store, &ctx, first + 1).await?;
    store
        .apply(&ctx, vec![approve(late, Period::year(first + 1))])
        .await?;
    kallos_statistics::service::publish(store, &ctx, first + 1).await?;
    tracing::info!("demo statistics approved and published");
    Ok(())
}

#[cfg(test)]
mod tests {
    // Test code: a failed expectation is the assertion.
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use super::*;
    use chrono::TimeZone;
    use kallos_domain::directory::DirectoryIndex;
    use kallos_domain::member::MembershipStatus;
    use kallos_domain::membership::evaluate;
    use std::collections::BTreeMap;

    /// The demo's day in this test.
    fn demo_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    /// The demo is coherent with its own rules: every member the public
    /// directory lists meets, on the demo's day, every continuing criterion
    /// of each society in which they are shown active (evaluated member by
    /// member, apart from the job's bulk reading), no active membership
    /// fails them, each state has members, and the daily check finds
    /// nothing to change.
    #[tokio::test]
    async fn every_listed_demo_member_meets_their_societys_criteria_on_the_demos_day() {
        let dir = tempfile::tempdir().unwrap();
        let sqlite = kallos_store_sqlite::SqliteStore::open(&dir.path().join("kallos.db"))
            .await
            .unwrap();
        let store: &dyn Store = &sqlite;
        let today = demo_day();
        let at = chrono::Utc.from_utc_datetime(&today.and_hms_opt(9, 0, 0).unwrap());
        let ctx = AuditContext::system("demo", at);
        seed(store, &ctx, today).await.unwrap();

        let version = store.directory_version().await.unwrap();
        let records = store.directory_records().await.unwrap();
        let index = DirectoryIndex::build_on(version, today, records.clone());
        assert!(
            index.listed_count() > 1_000,
            "most demo members are listed: {}",
            index.listed_count()
        );
        let societies = store.list_societies().await.unwrap();
        let mut criteria = BTreeMap::new();
        for s in &societies {
            criteria.insert(s.id, store.society_criteria(s.id).await.unwrap().unwrap());
        }
        let mut mismatches = Vec::new();
        let mut checked = 0;
        for r in &records {
            for m in r
                .memberships
                .iter()
                .filter(|m| m.status == MembershipStatus::Active)
            {
                let listed = index.verification(&r.public_id).is_some_and(|v| v.listed);
                let t = criteria[&m.society_id]
                    .for_type(m.membership_type)
                    .unwrap()
                    .continuing();
                let evidence = kallos_membership::evidence::gather(
                    store,
                    r.member_id,
                    m.society_id,
                    &t,
                    &[],
                    false,
                    today,
                )
                .await
                .unwrap();
                let evaluation = evaluate(&t, &evidence, today);
                checked += 1;
                if !evaluation.eligible {
                    let unmet: Vec<String> = evaluation
                        .unmet()
                        .map(|l| format!("{}: {}", l.criterion, l.detail))
                        .collect();
                    mismatches.push(format!(
                        "{} {} (listed: {listed}), active in {}: {}",
                        r.given_name,
                        r.family_name,
                        m.society_acronym,
                        unmet.join("; ")
                    ));
                }
            }
        }
        assert!(checked > 1_500, "{checked} active memberships checked");
        assert!(
            mismatches.is_empty(),
            "{} of {checked} active memberships fail their society's criteria on {today}, e.g.\n{}",
            mismatches.len(),
            mismatches[..mismatches.len().min(10)].join("\n")
        );

        // Each state is visible.
        let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
        for m in records.iter().flat_map(|r| &r.memberships) {
            *by_status.entry(m.status.as_str()).or_default() += 1;
        }
        for status in ["active", "grace", "suspended", "lapsed"] {
            assert!(
                by_status.get(status).copied().unwrap_or(0) > 0,
                "{by_status:?}"
            );
        }

        // The day's check agrees with the demo's statuses: nothing to change.
        let (all, transitions) =
            kallos_membership::jobs::recompute_statuses(store, &ctx, today, &mut |_, _, _| {})
                .await
                .unwrap();
        assert!(all > 2_500, "every membership is checked: {all}");
        assert!(transitions.is_empty(), "{transitions:?}");
    }
}
