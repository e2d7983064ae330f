//! The backend-generic conformance suite: the same stories run against every
//! backend, so that two implementations cannot drift apart.
//!
//! A backend's test crate expands [`conformance_tests!`](crate::conformance_tests)
//! with an async expression that yields a fresh, empty, migrated store.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used)]

use crate::{
    Change, FacilityRef, MemberRef, NewApiToken, NewMemberRecord, NewSession, NewUser, Outcome,
    Page, Store, StoreError,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kallos_domain::audit::{AuditContext, ChainVerifier};
use kallos_domain::member::{
    Certification, FacilitySetting, MemberProfile, MembershipStatus, MembershipType, NewFacility,
    NewMembership,
};
use kallos_domain::policy::Role;
use kallos_domain::society::{SocietyKind, alliance_seed};
use kallos_domain::{MemberId, SocietyId, UserId};
use std::sync::Arc;

/// Calls `$callback!` with the names of every story taking `&dyn Store`:
/// the one list that both backends' suites are expanded from.
#[macro_export]
macro_rules! with_stories {
    ($callback:ident! { $($extra:tt)* }) => {
        $callback! { $($extra)*
            societies_are_seeded_once,
            members_round_trip_with_memberships_certifications_and_facilities,
            the_store_enforces_the_society_boundary,
            a_failed_batch_changes_nothing,
            sessions_and_tokens_expire,
            every_write_is_audited_in_an_intact_chain,
            listing_pages_and_counts,
            registry_imports_are_idempotent_and_updates_keep_history,
            registry_rollups_always_equal_a_rebuild,
            registry_devices_are_found_by_lot_and_udi,
            registry_counts_a_members_cases_in_a_period,
            registry_submissions_resume_and_keep_their_report,
            registry_a_failed_submission_keeps_its_reason_and_is_not_resumed,
            registry_a_case_and_its_follow_up_in_one_batch,
            registry_a_batch_checked_against_old_approvals_is_refused,
            membership_applications_statuses_and_outbox,
            membership_checks_are_read_in_bulk_stored_and_delist,
            directory_lists_active_opted_in_members_and_credentials_follow_status,
            statistics_approvals_publications_and_disclosure_rules,
            safety_documents_keep_every_version,
        }
    };
}

/// Expands the whole suite for a backend, given an async expression that
/// yields a fresh, empty, migrated `Arc<dyn Store>`. Import it by name
/// (`use kallos_store::conformance_tests;`): it calls itself back through
/// [`with_stories!`].
#[macro_export]
macro_rules! conformance_tests {
    ($make_store:expr) => {
        $crate::with_stories!(conformance_tests! { @each $make_store; });
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn concurrent_writers_keep_the_audit_chain_intact() {
            let store = $make_store.await;
            $crate::conformance::concurrent_writers_keep_the_audit_chain_intact(store).await;
        }
    };
    (@each $make_store:expr; $($name:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let store = $make_store.await;
                $crate::conformance::$name(&*store).await;
            }
        )+
    };
}

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

pub fn ctx(day: u32) -> AuditContext {
    AuditContext {
        actor: "user:1".to_owned(),
        at: at(day),
        source: Some("127.0.0.1".to_owned()),
        request_id: Some(format!("req-{day}")),
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Seeds the alliance's societies; returns their ids in seed order
/// (0 = ISAPS, 8 = SBCP, 47 = TAS).
pub async fn seed_societies(store: &dyn Store) -> Vec<SocietyId> {
    let seed = alliance_seed();
    let changes = seed.iter().cloned().map(Change::EnsureSociety).collect();
    store
        .apply(&ctx(1), changes)
        .await
        .expect("seeding societies");
    let stored = store.list_societies().await.expect("listing societies");
    seed.iter()
        .map(|s| {
            stored
                .iter()
                .find(|t| t.acronym == s.acronym)
                .expect("seeded society")
                .id
        })
        .collect()
}

fn facility(name: &str) -> NewFacility {
    NewFacility {
        name: name.to_owned(),
        country_iso2: "BR".to_owned(),
        city: "Recife".to_owned(),
        setting: FacilitySetting::Asc,
        accreditation_body: "Ministry of Health accreditation (Brazil)".to_owned(),
        accreditation_number: "ACC-1".to_owned(),
        accredited_until: date(2027, 1, 31),
    }
}

pub fn member(email: &str, society: SocietyId, facilities: Vec<FacilityRef>) -> NewMemberRecord {
    NewMemberRecord {
        profile: MemberProfile {
            given_name: "Ana".to_owned(),
            family_name: format!("Souza {email}"),
            country_iso2: "BR".to_owned(),
            city: "Recife".to_owned(),
            languages: vec!["pt".to_owned(), "en".to_owned()],
            offers_follow_up: true,
            directory_opt_in: true,
        },
        email: Some(email.to_owned()),
        memberships: vec![NewMembership {
            society_id: society,
            membership_type: MembershipType::Active,
            status: MembershipStatus::Active,
            since: date(2020, 5, 1),
        }],
        certifications: vec![Certification {
            board: "National Board of Plastic Surgery (Brazil)".to_owned(),
            number: "BR-000001".to_owned(),
            issued_on: date(2015, 1, 1),
            expires_on: Some(date(2030, 1, 1)),
        }],
        facilities,
    }
}

async fn audit_count(store: &dyn Store) -> i64 {
    store
        .audit_head()
        .await
        .expect("audit head")
        .map_or(0, |(seq, _)| seq)
}

pub async fn verify_chain(store: &dyn Store) -> i64 {
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = store.audit_page(after, 100).await.expect("audit page");
        if page.is_empty() {
            break;
        }
        for record in &page {
            verifier.push(record).expect("chain link");
            after = record.seq;
        }
    }
    verifier
        .finish(store.audit_head().await.expect("head"))
        .expect("chain head")
}

pub async fn societies_are_seeded_once(store: &dyn Store) {
    let first = seed_societies(store).await;
    assert_eq!(first.len(), 50);
    let audited = audit_count(store).await;
    assert_eq!(audited, 50, "one audit entry per society");

    let outcomes = store
        .apply(
            &ctx(2),
            alliance_seed()
                .into_iter()
                .map(Change::EnsureSociety)
                .collect(),
        )
        .await
        .expect("second seeding");
    assert!(outcomes.iter().all(|o| *o == Outcome::Unchanged));
    assert_eq!(audit_count(store).await, 50, "no-op writes are not audited");

    let societies = store.list_societies().await.expect("list");
    assert_eq!(societies.len(), 50);
    let alliance = societies
        .iter()
        .filter(|s| s.kind == SocietyKind::Alliance)
        .count();
    assert_eq!(alliance, 1);
    let uk = store
        .society_by_slug("UKAAPS-CAPSCO")
        .await
        .expect("by slug");
    assert_eq!(uk.map(|s| s.acronym), Some("UKAAPS/CAPSCO".to_owned()));
    let aasma = store.society_by_slug("AASMA").await.expect("by slug");
    assert_eq!(aasma.and_then(|s| s.country_iso2), None);
    assert!(
        store
            .society_by_slug("NOPE")
            .await
            .expect("by slug")
            .is_none()
    );
}

pub async fn members_round_trip_with_memberships_certifications_and_facilities(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let (alliance, sbcp) = (societies[0], societies[8]);
    let mut record = member(
        "ana@example.org",
        sbcp,
        vec![FacilityRef::Batch(0), FacilityRef::Batch(1)],
    );
    record.memberships.push(NewMembership {
        society_id: alliance,
        membership_type: MembershipType::Associate,
        status: MembershipStatus::Grace,
        since: date(2022, 2, 2),
    });
    let outcomes = store
        .apply(
            &ctx(2),
            vec![
                Change::CreateFacility(facility("Recife Clinic (demo)")),
                Change::CreateFacility(facility("Olinda Hospital (demo)")),
                Change::CreateMember(Box::new(record)),
            ],
        )
        .await
        .expect("create");
    let id = MemberId(outcomes[2].created_id().expect("member id"));
    let member = store.member(id).await.expect("read").expect("exists");
    assert_eq!(member.given_name, "Ana");
    assert_eq!(member.email.as_deref(), Some("ana@example.org"));
    assert_eq!(member.languages, ["pt", "en"]);
    assert!(member.offers_follow_up && member.directory_opt_in);
    assert_eq!(member.memberships.len(), 2);
    let national = member
        .memberships
        .iter()
        .find(|m| m.society_id == sbcp)
        .expect("national");
    assert_eq!(national.society_acronym, "SBCP");
    assert_eq!(national.status, MembershipStatus::Active);
    let isaps = member
        .memberships
        .iter()
        .find(|m| m.society_id == alliance)
        .expect("alliance");
    assert_eq!(
        (isaps.membership_type, isaps.status),
        (MembershipType::Associate, MembershipStatus::Grace)
    );
    assert_eq!(isaps.since, date(2022, 2, 2));
    assert_eq!(member.certifications.len(), 1);
    assert_eq!(member.certifications[0].expires_on, Some(date(2030, 1, 1)));
    let mut names: Vec<_> = member.facilities.iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Olinda Hospital (demo)", "Recife Clinic (demo)"]);
    assert_eq!(member.facilities[0].setting, FacilitySetting::Asc);
    assert_eq!(member.facilities[0].accredited_until, date(2027, 1, 31));

    let counts = store.active_member_counts().await.expect("counts");
    assert!(counts.contains(&(sbcp, 1)));
    assert!(
        !counts.iter().any(|(s, _)| *s == alliance),
        "a grace membership is not active"
    );
}

pub async fn the_store_enforces_the_society_boundary(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let outcomes = store
        .apply(
            &ctx(2),
            vec![Change::CreateMember(Box::new(member(
                "b@example.org",
                sbcp,
                vec![],
            )))],
        )
        .await
        .expect("create");
    let id = MemberId(outcomes[0].created_id().expect("id"));
    assert!(
        store
            .member_in_society(sbcp, id)
            .await
            .expect("read")
            .is_some()
    );
    assert!(
        store
            .member_in_society(tas, id)
            .await
            .expect("read")
            .is_none()
    );

    let before = audit_count(store).await;
    let mut profile = store.member(id).await.expect("read").expect("exists");
    profile.city = "Olinda".to_owned();
    let update = |society| Change::UpdateMemberProfile {
        society: Some(society),
        member: id,
        profile: MemberProfile {
            given_name: profile.given_name.clone(),
            family_name: profile.family_name.clone(),
            country_iso2: profile.country_iso2.clone(),
            city: "Olinda".to_owned(),
            languages: profile.languages.clone(),
            offers_follow_up: false,
            directory_opt_in: false,
        },
    };
    let refused = store.apply(&ctx(3), vec![update(tas)]).await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
    assert_eq!(
        store.member(id).await.expect("read").map(|m| m.city),
        Some("Recife".to_owned())
    );
    assert_eq!(audit_count(store).await, before);

    let done = store
        .apply(&ctx(3), vec![update(sbcp)])
        .await
        .expect("update");
    assert_eq!(done, [Outcome::Updated]);
    let after = store.member(id).await.expect("read").expect("exists");
    assert_eq!(after.city, "Olinda");
    assert!(!after.offers_follow_up);
    assert_eq!(audit_count(store).await, before + 1);
}

pub async fn a_failed_batch_changes_nothing(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    store
        .apply(
            &ctx(2),
            vec![Change::CreateMember(Box::new(member(
                "dup@example.org",
                sbcp,
                vec![],
            )))],
        )
        .await
        .expect("first");
    let before_members = store.total_members().await.expect("count");
    let before_audit = audit_count(store).await;
    let result = store
        .apply(
            &ctx(3),
            vec![
                Change::CreateFacility(facility("Never (demo)")),
                Change::CreateMember(Box::new(member(
                    "fresh@example.org",
                    sbcp,
                    vec![FacilityRef::Batch(0)],
                ))),
                Change::CreateMember(Box::new(member("dup@example.org", sbcp, vec![]))),
            ],
        )
        .await;
    assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
    assert_eq!(store.total_members().await.expect("count"), before_members);
    assert_eq!(audit_count(store).await, before_audit);
    verify_chain(store).await;

    let missing = store
        .apply(
            &ctx(3),
            vec![Change::UpdateMemberProfile {
                society: None,
                member: MemberId(999_999),
                profile: member("x@example.org", sbcp, vec![]).profile,
            }],
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

pub async fn sessions_and_tokens_expire(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let tas = societies[47];
    let mut lapsed_elsewhere = member("m@example.org", sbcp, vec![]);
    lapsed_elsewhere.memberships.push(NewMembership {
        society_id: tas,
        membership_type: MembershipType::Active,
        status: MembershipStatus::Lapsed,
        since: date(2019, 1, 1),
    });
    let outcomes = store
        .apply(
            &ctx(2),
            vec![
                Change::CreateMember(Box::new(lapsed_elsewhere)),
                Change::CreateUser(NewUser {
                    email: "m@example.org".to_owned(),
                    display_name: "Ana Souza".to_owned(),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA".to_owned(),
                    member: Some(MemberRef::Batch(0)),
                    roles: vec![Role::SocietyAdmin(sbcp)],
                }),
            ],
        )
        .await
        .expect("create");
    let member_id = MemberId(outcomes[0].created_id().expect("member"));
    let user = UserId(outcomes[1].created_id().expect("user"));

    let record = store
        .user_by_email("m@example.org")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(record.id, user);
    assert_eq!(record.member_id, Some(member_id));
    assert!(record.password_hash.starts_with("$argon2id$"));
    let principal = store.principal(user).await.expect("read").expect("exists");
    assert!(principal.roles.contains(&Role::SocietyAdmin(sbcp)));
    assert!(principal.roles.contains(&Role::Member(member_id)));
    // Good standing in SBCP lets the member submit cases there; a lapsed
    // membership does not.
    assert!(principal.roles.contains(&Role::MemberOf(sbcp)));
    assert!(!principal.roles.contains(&Role::MemberOf(tas)));

    let duplicate = store
        .apply(
            &ctx(2),
            vec![Change::CreateUser(NewUser {
                email: "m@example.org".to_owned(),
                display_name: "Again".to_owned(),
                password_hash: "x".to_owned(),
                member: None,
                roles: vec![],
            })],
        )
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );

    store
        .apply(
            &ctx(2),
            vec![
                Change::CreateSession(NewSession {
                    token_hash: "s1".to_owned(),
                    user_id: user,
                    expires_at: at(2) + Duration::hours(12),
                }),
                Change::CreateApiToken(NewApiToken {
                    token_hash: "t1".to_owned(),
                    user_id: user,
                    name: "registry upload".to_owned(),
                    expires_at: Some(at(10)),
                }),
                Change::CreateApiToken(NewApiToken {
                    token_hash: "t2".to_owned(),
                    user_id: user,
                    name: "forever".to_owned(),
                    expires_at: None,
                }),
            ],
        )
        .await
        .expect("session");
    assert_eq!(
        store.session_user("s1", at(2)).await.expect("read"),
        Some(user)
    );
    assert_eq!(
        store.session_user("s1", at(3)).await.expect("read"),
        None,
        "expired"
    );
    assert_eq!(store.session_user("nope", at(2)).await.expect("read"), None);
    assert_eq!(
        store.api_token_user("t1", at(9)).await.expect("read"),
        Some(user)
    );
    assert_eq!(
        store.api_token_user("t1", at(11)).await.expect("read"),
        None,
        "expired"
    );
    assert_eq!(
        store.api_token_user("t2", at(28)).await.expect("read"),
        Some(user)
    );

    store
        .apply(
            &ctx(2),
            vec![Change::DeleteSession {
                token_hash: "s1".to_owned(),
            }],
        )
        .await
        .expect("sign out");
    assert_eq!(store.session_user("s1", at(2)).await.expect("read"), None);
    assert_eq!(store.count_users().await.expect("count"), 1);
}

pub async fn every_write_is_audited_in_an_intact_chain(store: &dyn Store) {
    let societies = seed_societies(store).await;
    store
        .apply(
            &ctx(4),
            vec![
                Change::CreateFacility(facility("A (demo)")),
                Change::CreateMember(Box::new(member(
                    "a@example.org",
                    societies[3],
                    vec![FacilityRef::Batch(0)],
                ))),
            ],
        )
        .await
        .expect("write");
    assert_eq!(verify_chain(store).await, 52);
    let last = store.audit_page(50, 10).await.expect("page");
    assert_eq!(last.len(), 2);
    assert_eq!(last[0].action, "facility.create");
    assert_eq!(last[1].action, "member.create");
    assert_eq!(last[1].actor, "user:1");
    assert_eq!(last[1].source.as_deref(), Some("127.0.0.1"));
    assert_eq!(last[1].request_id.as_deref(), Some("req-4"));
    assert_eq!(last[1].at(), Some(at(4)));
    assert_eq!(last[1].society_id, Some(societies[3].0));
    assert!(
        !last[1].detail.contains("a@example.org"),
        "the audit detail names no email of a member"
    );
}

pub async fn listing_pages_and_counts(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let s = societies[5];
    let changes = (0..7)
        .map(|i| Change::CreateMember(Box::new(member(&format!("p{i}@example.org"), s, vec![]))))
        .collect();
    store.apply(&ctx(2), changes).await.expect("create");
    assert_eq!(store.count_members(s).await.expect("count"), 7);
    assert_eq!(store.count_members(societies[6]).await.expect("count"), 0);
    let first = store.list_members(s, Page::new(0, 5)).await.expect("page");
    let rest = store.list_members(s, Page::new(5, 5)).await.expect("page");
    assert_eq!((first.len(), rest.len()), (5, 2));
    let mut names: Vec<_> = first
        .iter()
        .chain(&rest)
        .map(|m| m.family_name.clone())
        .collect();
    let listed = names.clone();
    names.sort();
    assert_eq!(listed, names, "ordered by family name");
    assert_eq!(store.total_members().await.expect("total"), 7);
}

pub async fn concurrent_writers_keep_the_audit_chain_intact(store: Arc<dyn Store>) {
    let societies = seed_societies(&*store).await;
    let mut tasks = Vec::new();
    for writer in 0..4 {
        let store = Arc::clone(&store);
        let society = societies[1 + writer];
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let email = format!("w{writer}-{i}@example.org");
                store
                    .apply(
                        &ctx(5),
                        vec![Change::CreateMember(Box::new(member(
                            &email,
                            society,
                            vec![],
                        )))],
                    )
                    .await
                    .expect("concurrent write");
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer task");
    }
    assert_eq!(store.total_members().await.expect("total"), 40);
    assert_eq!(verify_chain(&*store).await, 90);
}

// ---- The registry ----

use crate::registry::{
    CaseToStore, Counts, DeviceQuery, ImportBatch, IssueMessage, NewSubmission, StoredIssue,
    SubmissionStatus,
};
use kallos_domain::registry::codes::Grade;
use kallos_domain::registry::{
    Anaesthesia, CaseRecord, Complication, Device, MarginKey, MarginKind, Measures, RollupKey, Sex,
    Side, margins_of,
};

pub fn case(case_ref: &str, society: &str, procedures: &[&str]) -> CaseRecord {
    CaseRecord {
        case_ref: case_ref.to_owned(),
        society: society.to_owned(),
        member_id: None,
        facility_id: None,
        setting: FacilitySetting::Asc,
        procedure_country: "BR".to_owned(),
        residence_country: "BR".to_owned(),
        procedure_date: date(2025, 3, 9),
        procedures: procedures.iter().map(|p| (*p).to_owned()).collect(),
        duration_min: Some(120),
        anaesthesia: Anaesthesia::General,
        patient_key: format!("p_{case_ref}"),
        age: 41,
        sex: Sex::Female,
        bmi_tenths: Some(245),
        smoker: false,
        diabetes: false,
        asa: 1,
        caprini: None,
        devices: vec![],
        followup_30: None,
        followup_90: None,
        complications: vec![],
        reoperation: false,
        readmission: false,
        death: false,
    }
}

fn implant(lot: &str, side: Side) -> Device {
    Device {
        manufacturer: "Novabreast".to_owned(),
        model: "Textured Anatomical 300".to_owned(),
        lot: Some(lot.to_owned()),
        serial: Some(format!("S-{lot}-{}", side.as_str())),
        udi: Some("(01)08712345678906".to_owned()),
        udi_di: Some("08712345678906".to_owned()),
        side,
    }
}

async fn submission(store: &dyn Store, sha: &str) -> i64 {
    let new = NewSubmission {
        file_name: "cases.csv".into(),
        file_sha256: sha.to_owned(),
        source: "csv".to_owned(),
        society: None,
    };
    store
        .start_submission(&ctx(6), &new)
        .await
        .expect("submission")
        .id
}

fn batch(society: SocietyId, cases: Vec<CaseRecord>) -> ImportBatch {
    ImportBatch {
        rows_read: cases.len() as i64,
        cases: cases
            .into_iter()
            .map(|c| CaseToStore::new(society, c))
            .collect(),
        issues: vec![],
        rejected: 0,
        approvals_seen: None,
    }
}

/// An approval made while an import runs: a batch whose rows were checked
/// against the approvals before it is refused whole, and stored once checked
/// against the current ones.
pub async fn registry_a_batch_checked_against_old_approvals_is_refused(store: &dyn Store) {
    use crate::statistics::approval_keys;
    use kallos_domain::statistics::Period;
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let id = submission(store, "approved-meanwhile").await;
    let before = store.approvals(None).await.expect("approvals");
    assert!(before.is_empty());
    store
        .apply(
            &ctx(8),
            vec![Change::ApprovePeriod {
                society: sbcp,
                period: Period::year(2025),
            }],
        )
        .await
        .expect("approve");
    let mut stale = batch(sbcp, vec![case("M-1", "SBCP", &["BE-LIPO"])]);
    stale.approvals_seen = Some(approval_keys(&before));
    let refused = store.import_batch(&ctx(8), id, &stale).await;
    assert!(
        matches!(refused, Err(StoreError::ApprovalsChanged)),
        "{refused:?}"
    );
    assert_eq!(store.count_cases(Some(sbcp)).await.expect("count"), 0);
    let progress = store.submission(id).await.expect("read").expect("exists");
    assert_eq!(progress.counts.rows_read, 0, "nothing of the batch is kept");

    let now = store.approvals(None).await.expect("approvals");
    assert_eq!(approval_keys(&now), vec![(sbcp.0, 2025, 0)]);
    let mut checked = batch(sbcp, Vec::new());
    checked.rows_read = 1;
    checked.rejected = 1;
    checked.approvals_seen = Some(approval_keys(&now));
    store
        .import_batch(&ctx(8), id, &checked)
        .await
        .expect("a batch checked against the current approvals is stored");
    let progress = store.submission(id).await.expect("read").expect("exists");
    assert_eq!(
        (progress.counts.rows_read, progress.counts.rejected),
        (1, 1)
    );
    verify_chain(store).await;
}

pub async fn registry_imports_are_idempotent_and_updates_keep_history(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let cases = vec![
        case("A-1", "SBCP", &["BE-LIPO", "BE-ABDO"]),
        case("A-2", "SBCP", &["NS-BOTOX"]),
    ];
    let first = submission(store, "f1").await;
    let outcome = store
        .import_batch(&ctx(6), first, &batch(sbcp, cases.clone()))
        .await
        .expect("import");
    assert_eq!(
        (outcome.inserted, outcome.updated, outcome.unchanged),
        (2, 0, 0)
    );
    store
        .finish_submission(&ctx(6), first, SubmissionStatus::Completed)
        .await
        .expect("finish");

    let again = submission(store, "f1").await;
    assert_ne!(again, first, "a completed submission is not resumed");
    let outcome = store
        .import_batch(&ctx(7), again, &batch(sbcp, cases.clone()))
        .await
        .expect("import again");
    assert_eq!(
        (outcome.inserted, outcome.updated, outcome.unchanged),
        (0, 0, 2)
    );

    let mut follow_up = cases[0].clone();
    follow_up.followup_30 = Some(date(2025, 4, 8));
    follow_up.complications = vec![Complication {
        code: "HEMATOMA".to_owned(),
        grade: Grade::IIIb,
        date: date(2025, 3, 10),
    }];
    follow_up.reoperation = true;
    let outcome = store
        .import_batch(&ctx(7), again, &batch(sbcp, vec![follow_up.clone()]))
        .await
        .expect("update");
    assert_eq!(outcome.updated, 1);
    let stored = store
        .case(sbcp, "A-1")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.record, follow_up);
    let history = store.case_history(sbcp, "A-1").await.expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].version, &history[0].record), (1, &cases[0]));
    assert_eq!(store.count_cases(None).await.expect("count"), 2);
    assert_eq!(
        store.count_cases(Some(societies[47])).await.expect("count"),
        0
    );
    assert!(
        store
            .case(societies[47], "A-1")
            .await
            .expect("read")
            .is_none(),
        "case ids are per society"
    );

    let done = store
        .finish_submission(&ctx(7), again, SubmissionStatus::Completed)
        .await
        .expect("finish");
    assert_eq!(
        (
            done.counts.rows_read,
            done.counts.unchanged,
            done.counts.updated
        ),
        (3, 2, 1)
    );
    let late = store
        .import_batch(&ctx(8), again, &batch(sbcp, cases))
        .await;
    assert!(
        matches!(late, Err(StoreError::Conflict(_))),
        "a finished submission takes no more batches: {late:?}"
    );
    verify_chain(store).await;
}

/// Every row of the cube's margins.
pub async fn all_margins(store: &dyn Store) -> Vec<(MarginKey, Measures)> {
    store
        .margins_in_years(i32::MIN, i32::MAX, None)
        .await
        .expect("margins")
}

/// The stored margins are those of the stored cube, row for row.
pub async fn assert_margins_of_cube(store: &dyn Store) {
    let cube = store.rollups().await.expect("rollups");
    let mut expected: Vec<(MarginKey, Measures)> = margins_of(cube.iter().map(|(k, m)| (k, m)))
        .into_iter()
        .filter(|(_, m)| !m.is_zero())
        .collect();
    expected.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut stored = all_margins(store).await;
    stored.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(stored, expected, "the margins are the cube's");
}

/// Cases in several cells, quarters and countries, for a backend's own
/// tests of the margins (their backfill from the cube on opening).
pub async fn import_sample_cases(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let id = submission(store, "sample").await;
    let mut cases = Vec::new();
    for (i, procedures) in [&["BE-LIPO", "BE-ABDO"][..], &["NS-BOTOX"], &["FH-RHINO"]]
        .iter()
        .enumerate()
    {
        let mut c = case(&format!("S-{i}"), "SBCP", procedures);
        c.procedure_date = date(2025, 3 + 4 * i as u32, 9);
        if i == 2 {
            c.residence_country = "US".to_owned();
        }
        cases.push(c);
    }
    store
        .import_batch(&ctx(6), id, &batch(societies[8], cases))
        .await
        .expect("import");
    assert_margins_of_cube(store).await;
}

pub async fn registry_rollups_always_equal_a_rebuild(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let id = submission(store, "r1").await;
    let mut a = case("R-1", "SBCP", &["BE-LIPO", "BE-ABDO"]);
    let b = case("R-2", "SBCP", &["BE-LIPO"]);
    let mut c = case("R-3", "TAS", &["FH-RHINO"]);
    c.procedure_country = "US".to_owned();
    c.residence_country = "CA".to_owned();
    c.sex = Sex::Male;
    store
        .import_batch(&ctx(6), id, &batch(sbcp, vec![a.clone(), b]))
        .await
        .expect("import");
    store
        .import_batch(&ctx(6), id, &batch(tas, vec![c]))
        .await
        .expect("import");
    let incremental = store.rollups().await.expect("rollups");
    let lipo: i64 = incremental
        .iter()
        .filter(|(k, _)| k.procedure == "BE-LIPO")
        .map(|(_, m)| m.procedures)
        .sum();
    assert_eq!(lipo, 2);
    assert!(incremental.iter().any(|(k, m)| k.procedure == "FH-RHINO"
        && k.tourist()
        && k.residence == "CA"
        && k.sex == Sex::Male
        && m.procedures == 1));

    // An update moves the case to other cells: one procedure fewer, older, a complication.
    a.procedures = vec!["BE-ABDO".to_owned()];
    a.age = 60;
    a.complications = vec![Complication {
        code: "PE".to_owned(),
        grade: Grade::IVa,
        date: date(2025, 3, 20),
    }];
    store
        .import_batch(&ctx(7), id, &batch(sbcp, vec![a]))
        .await
        .expect("update");
    let incremental = store.rollups().await.expect("rollups");
    let incremental_margins = all_margins(store).await;
    let cells = store.rebuild_rollups(&ctx(8)).await.expect("rebuild");
    let rebuilt = store.rollups().await.expect("rollups");
    assert_eq!(incremental, rebuilt, "incremental rollups equal a rebuild");
    assert_eq!(cells, rebuilt.len() as i64);
    assert_margins_of_cube(store).await;
    assert_eq!(
        incremental_margins,
        all_margins(store).await,
        "incremental margins equal a rebuild"
    );
    let abdo_2025: Vec<(MarginKey, Measures)> = store
        .margins_in_years(2025, 2025, Some(MarginKind::Procedure))
        .await
        .expect("margins")
        .into_iter()
        .filter(|(k, _)| k.value == "BE-ABDO")
        .collect();
    assert_eq!(abdo_2025.len(), 1, "{abdo_2025:?}");
    assert_eq!(
        (
            abdo_2025[0].0.quarter,
            abdo_2025[0].1.procedures,
            abdo_2025[0].1.grade_iva
        ),
        (1, 1, 1)
    );
    let tourists: Vec<_> = all_margins(store)
        .await
        .into_iter()
        .filter(|(k, _)| k.kind == MarginKind::Residence)
        .map(|(k, m)| (k.country, k.value, m.procedures))
        .collect();
    assert_eq!(tourists, vec![("US".to_owned(), "CA".to_owned(), 1)]);

    // Loaded cells replace the cube and its margins; a rebuild puts back the cases'.
    let mut loaded: std::collections::HashMap<RollupKey, Measures> =
        rebuilt.iter().cloned().collect();
    for m in loaded.values_mut() {
        let copy = *m;
        m.add(&copy, 1);
    }
    assert_eq!(
        store.load_rollups(&ctx(8), &loaded).await.expect("load"),
        rebuilt.len() as i64
    );
    assert_margins_of_cube(store).await;
    let doubled: i64 = all_margins(store)
        .await
        .iter()
        .filter(|(k, _)| k.kind == MarginKind::Sex)
        .map(|(_, m)| m.procedures)
        .sum();
    assert_eq!(
        doubled,
        2 * rebuilt.iter().map(|(_, m)| m.procedures).sum::<i64>()
    );
    store.rebuild_rollups(&ctx(8)).await.expect("rebuild");
    assert_eq!(store.rollups().await.expect("rollups"), rebuilt);
    assert_eq!(all_margins(store).await, incremental_margins);
    let abdo = rebuilt
        .iter()
        .find(|(k, _)| k.procedure == "BE-ABDO")
        .expect("abdo cell");
    assert_eq!(
        (abdo.0.age_band, abdo.0.combined, abdo.1.vte, abdo.1.major),
        (3, false, 1, 1)
    );
    assert_eq!(
        (abdo.1.grade_iva, abdo.1.grades().iter().sum::<i64>()),
        (1, 1),
        "counted once, under its worst Clavien-Dindo grade"
    );
    let years = store.rollups_in_years(2025, 2025).await.expect("rollups");
    let expected: Vec<_> = rebuilt
        .iter()
        .filter(|(k, _)| k.year == 2025)
        .cloned()
        .collect();
    assert_eq!(years, expected);
    let records = store.case_records(0, 2).await.expect("records");
    assert_eq!(records.len(), 2);
    assert!(records[0].0 < records[1].0);
    let rest = store.case_records(records[1].0, 10).await.expect("records");
    assert_eq!(
        rest.iter()
            .map(|(_, s, r)| (*s, r.case_ref.as_str()))
            .collect::<Vec<_>>(),
        vec![(tas, "R-3")]
    );
    assert!(
        store
            .rollups_in_years(2019, 2020)
            .await
            .expect("rollups")
            .is_empty()
    );
    let lipo: i64 = rebuilt
        .iter()
        .filter(|(k, _)| k.procedure == "BE-LIPO")
        .map(|(_, m)| m.procedures)
        .sum();
    assert_eq!(lipo, 1);
}

pub async fn registry_devices_are_found_by_lot_and_udi(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let id = submission(store, "d1").await;
    let mut recalled = case("D-1", "SBCP", &["BR-AUG-IMP"]);
    recalled.devices = vec![
        implant("NB-TX-1907", Side::Left),
        implant("NB-TX-1907", Side::Right),
    ];
    let mut other = case("D-2", "TAS", &["BR-AUG-IMP"]);
    other.devices = vec![implant("NB-TX-2003", Side::Bilateral)];
    store
        .import_batch(&ctx(6), id, &batch(sbcp, vec![recalled]))
        .await
        .expect("import");
    store
        .import_batch(&ctx(6), id, &batch(tas, vec![other]))
        .await
        .expect("import");

    let by_lot = DeviceQuery {
        manufacturer: Some("Novabreast".to_owned()),
        lot: Some("NB-TX-1907".to_owned()),
        ..DeviceQuery::default()
    };
    let hits = store.cases_with_device(&by_lot, 100).await.expect("lot");
    assert_eq!(hits.len(), 2);
    assert!(
        hits.iter()
            .all(|h| h.case_ref == "D-1" && h.society_id == sbcp.0)
    );
    assert_eq!(hits[0].side, "left");
    let by_udi = DeviceQuery {
        udi_di: Some("08712345678906".to_owned()),
        ..DeviceQuery::default()
    };
    assert_eq!(
        store
            .cases_with_device(&by_udi, 100)
            .await
            .expect("udi")
            .len(),
        3
    );
    let scoped = DeviceQuery {
        society: Some(tas),
        ..by_udi
    };
    let hits = store.cases_with_device(&scoped, 100).await.expect("scoped");
    assert_eq!(
        hits.iter().map(|h| h.case_ref.as_str()).collect::<Vec<_>>(),
        ["D-2"]
    );
    assert!(
        store
            .cases_with_device(&DeviceQuery::default(), 10)
            .await
            .is_err(),
        "a query needs a criterion"
    );
}

pub async fn registry_counts_a_members_cases_in_a_period(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let id = submission(store, "m1").await;
    let operated = |case_ref: &str, member: Option<i64>, day: NaiveDate| {
        let mut c = case(case_ref, "SBCP", &["BR-AUG-IMP"]);
        c.member_id = member;
        c.procedure_date = day;
        c.devices = vec![implant("NB-1", Side::Bilateral)];
        c
    };
    let cases = vec![
        operated("M-1", Some(7), date(2024, 6, 30)),
        operated("M-2", Some(7), date(2024, 7, 1)),
        operated("M-3", Some(7), date(2025, 12, 31)),
        operated("M-4", Some(8), date(2025, 1, 1)),
        operated("M-5", None, date(2025, 1, 1)),
    ];
    store
        .import_batch(&ctx(6), id, &batch(sbcp, cases))
        .await
        .expect("import");
    let count = |member: i64, from: NaiveDate, to: NaiveDate| async move {
        store
            .count_member_cases(MemberId(member), from, to)
            .await
            .expect("count")
    };
    // Both ends of the period count.
    assert_eq!(count(7, date(2024, 7, 1), date(2025, 12, 31)).await, 2);
    assert_eq!(count(7, date(2024, 1, 1), date(2025, 12, 31)).await, 3);
    assert_eq!(count(8, date(2024, 1, 1), date(2025, 12, 31)).await, 1);
    assert_eq!(count(9, date(2024, 1, 1), date(2025, 12, 31)).await, 0);
    // A follow-up that moves a case to another member moves its count.
    let moved = operated("M-4", Some(7), date(2025, 1, 1));
    store
        .import_batch(&ctx(7), id, &batch(sbcp, vec![moved]))
        .await
        .expect("update");
    assert_eq!(count(7, date(2024, 1, 1), date(2025, 12, 31)).await, 4);
    assert_eq!(count(8, date(2024, 1, 1), date(2025, 12, 31)).await, 0);
}

/// A file that could not be read as cases: its submission ends `failed`
/// with the reason as its one report line, nothing else is counted, and the
/// same file started again is a new submission, not the failed one resumed.
pub async fn registry_a_failed_submission_keeps_its_reason_and_is_not_resumed(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let new = NewSubmission {
        file_name: "cases.csv".into(),
        file_sha256: "utf16".to_owned(),
        source: "csv".to_owned(),
        society: Some(sbcp),
    };
    let started = store.start_submission(&ctx(6), &new).await.expect("start");
    let reason = StoredIssue {
        row: 1,
        column: Default::default(),
        value: Default::default(),
        reason: "the file is UTF-16 text: save it as CSV UTF-8; nothing was imported".to_owned(),
        severity: "error".to_owned(),
        message: Some(IssueMessage {
            id: "reason-file-utf16".to_owned(),
            args: Vec::new(),
        }),
    };
    let report = ImportBatch {
        issues: vec![reason.clone()],
        ..ImportBatch::default()
    };
    store
        .import_batch(&ctx(6), started.id, &report)
        .await
        .expect("report");
    let failed = store
        .finish_submission(&ctx(7), started.id, SubmissionStatus::Failed)
        .await
        .expect("fail");
    assert_eq!(failed.status, SubmissionStatus::Failed);
    assert_eq!((failed.rows_done, failed.counts), (0, Counts::default()));
    assert!(failed.finished_at_micros.is_some());
    let read = store
        .submission(started.id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(read, failed);
    let listed = store.submissions(sbcp, None, 10).await.expect("list");
    assert_eq!(
        listed.first().map(|s| s.status),
        Some(SubmissionStatus::Failed)
    );
    assert_eq!(
        store
            .submission_issues(started.id, 0, i64::MAX)
            .await
            .expect("issues"),
        vec![reason]
    );
    assert_eq!(store.count_cases(None).await.expect("count"), 0);
    assert!(store.rollups().await.expect("cube").is_empty());
    // A failed submission is over: it is neither resumed nor finished again.
    let again = store.start_submission(&ctx(8), &new).await.expect("start");
    assert_ne!(again.id, started.id);
    assert_eq!(
        (again.status, again.rows_done),
        (SubmissionStatus::Running, 0)
    );
    assert!(
        store
            .finish_submission(&ctx(8), started.id, SubmissionStatus::Completed)
            .await
            .is_err()
    );
}

pub async fn registry_submissions_resume_and_keep_their_report(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let secret = store.pseudonym_secret(&ctx(6)).await.expect("secret");
    assert_eq!(secret.len(), 32);
    assert_eq!(
        store.pseudonym_secret(&ctx(6)).await.expect("secret"),
        secret,
        "made once"
    );
    let new = NewSubmission {
        file_name: "big.csv".into(),
        file_sha256: "s1".to_owned(),
        source: "csv".to_owned(),
        society: Some(sbcp),
    };
    let started = store.start_submission(&ctx(6), &new).await.expect("start");
    assert_eq!(
        (started.status, started.rows_done),
        (SubmissionStatus::Running, 0)
    );
    let mut first = batch(sbcp, vec![case("S-1", "SBCP", &["NS-HA"])]);
    first.rows_read = 2;
    first.rejected = 1;
    first.issues = vec![StoredIssue {
        row: 3,
        column: "age".into(),
        value: "7".into(),
        reason: "must be between 12 and 100".to_owned(),
        severity: "error".to_owned(),
        message: Some(IssueMessage {
            id: "reason-range".to_owned(),
            args: vec![
                ("min".to_owned(), "12".to_owned()),
                ("max".to_owned(), "100".to_owned()),
            ],
        }),
    }];
    store
        .import_batch(&ctx(6), started.id, &first)
        .await
        .expect("batch");
    // The process dies here; the next run finds the same submission.
    let resumed = store.start_submission(&ctx(7), &new).await.expect("resume");
    assert_eq!((resumed.id, resumed.rows_done), (started.id, 2));
    let other_society = NewSubmission {
        society: None,
        ..new.clone()
    };
    assert_ne!(
        store
            .start_submission(&ctx(7), &other_society)
            .await
            .expect("start")
            .id,
        started.id
    );
    let done = store
        .finish_submission(&ctx(7), started.id, SubmissionStatus::Completed)
        .await
        .expect("finish");
    assert_eq!(
        (
            done.counts.accepted,
            done.counts.rejected,
            done.counts.rows_read
        ),
        (1, 1, 2)
    );
    assert!(done.finished_at_micros.is_some());
    let issues = store
        .submission_issues(started.id, 0, 100)
        .await
        .expect("issues");
    assert_eq!(issues, first.issues);
    assert!(matches!(
        store
            .finish_submission(&ctx(7), started.id, SubmissionStatus::Completed)
            .await,
        Err(StoreError::NotFound(_))
    ));
    let listed = store.submissions(sbcp, None, 10).await.expect("list");
    assert_eq!(
        listed.iter().map(|s| s.id).collect::<Vec<_>>(),
        [started.id],
        "only SBCP's, newest first"
    );
    assert_eq!(listed[0].status, SubmissionStatus::Completed);
    // A member sees the submissions they made, nobody else's.
    let actor = ctx(7).actor;
    let own = store
        .submissions(sbcp, Some(&actor), 10)
        .await
        .expect("own");
    assert_eq!(own.iter().map(|s| s.id).collect::<Vec<_>>(), [started.id]);
    assert!(
        store
            .submissions(sbcp, Some("user:999"), 10)
            .await
            .expect("others")
            .is_empty()
    );
    assert!(
        store
            .submissions(societies[47], None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    let memberships = store.memberships().await.expect("memberships");
    assert!(memberships.is_empty());
}

pub async fn registry_a_case_and_its_follow_up_in_one_batch(store: &dyn Store) {
    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let id = submission(store, "b1").await;
    let first = case("B-1", "SBCP", &["BE-LIPO"]);
    let mut later = first.clone();
    later.followup_30 = Some(date(2025, 4, 8));
    later.complications = vec![Complication {
        code: "SEROMA".to_owned(),
        grade: Grade::I,
        date: date(2025, 3, 20),
    }];
    let outcome = store
        .import_batch(
            &ctx(6),
            id,
            &batch(sbcp, vec![first, later.clone(), later.clone()]),
        )
        .await
        .expect("batch");
    assert_eq!(
        (outcome.inserted, outcome.updated, outcome.unchanged),
        (1, 1, 1)
    );
    let stored = store
        .case(sbcp, "B-1")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!((stored.version, stored.record), (2, later));
    let seroma: i64 = store
        .rollups()
        .await
        .expect("rollups")
        .iter()
        .map(|(_, m)| m.seroma)
        .sum();
    assert_eq!(seroma, 1);
    assert_margins_of_cube(store).await;
}

/// Membership: criteria, credentials with evidence, CME, attestations,
/// applications decided into memberships, status transitions, resignation,
/// expiring items and the idempotent outbox — on every backend alike.
pub async fn membership_applications_statuses_and_outbox(store: &dyn Store) {
    use crate::membership::{NewApplication, NewMessage};
    use kallos_domain::membership::{
        ApplicationStatus, AttestationKind, CmeCredit, CredentialKind, EvidenceFile, FileType,
        NewCredential, SocietyCriteria, criteria::presets,
    };
    let societies = seed_societies(store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let mut sponsor = member("sponsor@example.org", tas, vec![]);
    sponsor.profile.given_name = "Sam".to_owned();
    let outcomes = store
        .apply(
            &ctx(2),
            vec![
                Change::CreateMember(Box::new(member("applicant@example.org", sbcp, vec![]))),
                Change::CreateMember(Box::new(sponsor)),
            ],
        )
        .await
        .expect("members");
    let applicant = MemberId(outcomes[0].created_id().expect("id"));
    let sponsor = MemberId(outcomes[1].created_id().expect("id"));

    // Criteria: stored, read back equal; the same again is a no-op, not audited.
    let criteria = SocietyCriteria::parse(presets::ASAPS).expect("preset");
    let set = || Change::SetSocietyCriteria {
        society: tas,
        criteria: Box::new(criteria.clone()),
    };
    assert_eq!(store.society_criteria(tas).await.expect("read"), None);
    store.apply(&ctx(3), vec![set()]).await.expect("criteria");
    assert_eq!(
        store.society_criteria(tas).await.expect("read"),
        Some(criteria.clone())
    );
    let before = audit_count(store).await;
    assert_eq!(
        store.apply(&ctx(3), vec![set()]).await.expect("again"),
        [Outcome::Unchanged]
    );
    assert_eq!(audit_count(store).await, before);

    // A credential with its evidence file; CME; attestations; practice start.
    let outcomes = store
        .apply(
            &ctx(4),
            vec![
                Change::AddCredential(Box::new(NewCredential {
                    member_id: applicant,
                    kind: CredentialKind::FacilityAccreditation,
                    issuer: "AAAHC".to_owned(),
                    number: "F-77".to_owned(),
                    subject: Some("Recife Surgery Centre (demo)".to_owned()),
                    issued_on: date(2024, 1, 1),
                    expires_on: Some(date(2026, 4, 30)),
                    evidence: Some(EvidenceFile {
                        stored_name: "abc123.pdf".to_owned(),
                        file_type: FileType::Pdf,
                        size: 1234,
                        sha256: "00ff".to_owned(),
                    }),
                })),
                Change::AddCmeCredit {
                    member: applicant,
                    society: Some(tas),
                    credit: CmeCredit {
                        id: 0,
                        activity: "Annual meeting".to_owned(),
                        completed_on: date(2025, 4, 20),
                        credits_x100: 2_250,
                        category: "AMA PRA Category 1".to_owned(),
                    },
                },
                Change::AddCmeCredit {
                    member: applicant,
                    society: None,
                    credit: CmeCredit {
                        id: 0,
                        activity: "Webinar".to_owned(),
                        completed_on: date(2026, 1, 10),
                        credits_x100: 125,
                        category: "AMA PRA Category 1".to_owned(),
                    },
                },
                Change::RecordAttestation {
                    member: applicant,
                    society: tas,
                    kind: AttestationKind::Ethics,
                    on: date(2025, 3, 1),
                },
                Change::RecordAttestation {
                    member: applicant,
                    society: tas,
                    kind: AttestationKind::Ethics,
                    on: date(2026, 3, 1),
                },
                Change::SetPracticeSince {
                    member: applicant,
                    since: date(2012, 9, 1),
                },
            ],
        )
        .await
        .expect("evidence");
    let credential_id = outcomes[0].created_id().expect("credential id");
    let credentials = store.credentials(applicant).await.expect("credentials");
    assert_eq!(credentials.len(), 1);
    assert_eq!(credentials[0].id, credential_id);
    assert_eq!(
        credentials[0]
            .evidence
            .as_ref()
            .map(|e| e.stored_name.as_str()),
        Some("abc123.pdf")
    );
    assert_eq!(
        store.credential(credential_id).await.expect("one"),
        Some(credentials[0].clone())
    );
    let cme = store.cme_credits(applicant).await.expect("cme");
    assert_eq!(
        cme.iter().map(|c| c.credits_x100).collect::<Vec<_>>(),
        [125, 2_250],
        "newest first"
    );
    let attested = store
        .latest_attestations(Some(applicant))
        .await
        .expect("attestations");
    assert_eq!(attested.len(), 1);
    assert_eq!(attested[0].on, date(2026, 3, 1));
    assert_eq!(store.latest_attestations(None).await.expect("all").len(), 1);
    assert_eq!(
        store.practice_since(applicant).await.expect("since"),
        Some(date(2012, 9, 1))
    );

    // Sponsors are found by email, with their standing in the society.
    let found = store
        .members_by_email(
            tas,
            &[
                "sponsor@example.org".to_owned(),
                "nobody@example.org".to_owned(),
                "applicant@example.org".to_owned(),
            ],
        )
        .await
        .expect("by email");
    assert_eq!(found.len(), 2);
    assert!(found[0].active_in_society && found[0].member_id == sponsor);
    assert!(!found[1].active_in_society);

    // An application with its evaluation, then its approval.
    let evaluation = kallos_domain::membership::evaluate(
        criteria.for_type(MembershipType::Active).expect("active"),
        &kallos_domain::membership::Evidence::default(),
        date(2026, 3, 5),
    );
    let outcomes = store
        .apply(
            &ctx(5),
            vec![Change::SubmitApplication(Box::new(NewApplication {
                society_id: tas,
                member_id: applicant,
                membership_type: MembershipType::Active,
                renewal: false,
                sponsors: vec![sponsor],
                sponsors_unrelated: true,
                evaluation: evaluation.clone(),
            }))],
        )
        .await
        .expect("submit");
    let application = outcomes[0].created_id().expect("application id");
    let pending = store
        .applications(tas, Some(ApplicationStatus::Pending), 50)
        .await
        .expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].evaluation, evaluation);
    assert_eq!(pending[0].society_acronym, "TAS");
    assert!(
        store
            .applications(sbcp, None, 50)
            .await
            .expect("other society")
            .is_empty()
    );
    let decide = |society, approve| Change::DecideApplication {
        application,
        society,
        approve,
        reason: "sponsors confirmed".to_owned(),
        today: date(2026, 3, 6),
        renewal_due: date(2027, 3, 6),
    };
    assert!(matches!(
        store.apply(&ctx(6), vec![decide(sbcp, true)]).await,
        Err(StoreError::NotFound(_))
    ));
    store
        .apply(&ctx(6), vec![decide(tas, true)])
        .await
        .expect("approve");
    assert!(matches!(
        store.apply(&ctx(6), vec![decide(tas, false)]).await,
        Err(StoreError::Conflict(_))
    ));
    let decided = store
        .application(application)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(decided.status, ApplicationStatus::Approved);
    assert_eq!(decided.reason.as_deref(), Some("sponsors confirmed"));
    assert_eq!(
        store
            .member_applications(applicant)
            .await
            .expect("own")
            .len(),
        1
    );
    let held = store
        .member_memberships(applicant)
        .await
        .expect("memberships");
    let in_tas = held.iter().find(|m| m.society_id == tas).expect("approved");
    assert_eq!(in_tas.status, MembershipStatus::Active);
    assert_eq!(in_tas.renewal_due, Some(date(2027, 3, 6)));
    assert_eq!(in_tas.since, date(2026, 3, 6));
    assert!(held.iter().any(|m| m.society_id == sbcp && m.national));

    // Status transitions only from the status read; resignation.
    let all = store.all_memberships().await.expect("all memberships");
    assert!(
        all.iter()
            .any(|m| m.society_id == tas && m.member_id == applicant),
        "every membership is read, with or without a renewal date"
    );
    assert!(all.iter().any(|m| m.renewal_due.is_none()));
    assert!(
        all.iter()
            .all(|m| m.last_check.is_none() && m.unmet_since.is_none())
    );
    let to_grace = || Change::SetMembershipStatus {
        society: tas,
        member: applicant,
        from: MembershipStatus::Active,
        to: MembershipStatus::Grace,
        reason: "renewal_due".to_owned(),
    };
    assert_eq!(
        store.apply(&ctx(7), vec![to_grace()]).await.expect("grace"),
        [Outcome::Updated]
    );
    assert_eq!(
        store.apply(&ctx(7), vec![to_grace()]).await.expect("again"),
        [Outcome::Unchanged]
    );
    store
        .apply(
            &ctx(8),
            vec![Change::Resign {
                society: tas,
                member: applicant,
                on: date(2026, 3, 8),
            }],
        )
        .await
        .expect("resign");
    let resigned = store.member_memberships(applicant).await.expect("read");
    assert_eq!(
        resigned
            .iter()
            .find(|m| m.society_id == tas)
            .and_then(|m| m.resigned_on),
        Some(date(2026, 3, 8))
    );

    // What expires in a window: the credential and the seeded certification.
    let expiring = store
        .expiring_between(date(2026, 4, 1), date(2026, 5, 1))
        .await
        .expect("expiring");
    assert_eq!(expiring.len(), 1);
    assert_eq!(expiring[0].key, format!("credential:{credential_id}"));
    assert_eq!(
        expiring[0].what,
        "facility accreditation of Recife Surgery Centre (demo) (AAAHC)"
    );
    let certs = store
        .expiring_between(date(2029, 12, 1), date(2030, 1, 1))
        .await
        .expect("certifications");
    assert_eq!(certs.len(), 2, "both members' certifications");
    assert!(certs[0].key.starts_with("certification:"));

    // The outbox: queued once per key, failed, then sent.
    let message = || {
        Change::QueueMessage(NewMessage {
            dedupe_key: "member:1:credential:1:2026-04-30:30d".to_owned(),
            member_id: Some(applicant),
            recipient: "applicant@example.org".to_owned(),
            subject: "Reminder".to_owned(),
            body: "Renew it.".to_owned(),
        })
    };
    let queued = store.apply(&ctx(9), vec![message()]).await.expect("queue");
    let id = queued[0].created_id().expect("queued id");
    assert_eq!(
        store.apply(&ctx(9), vec![message()]).await.expect("again"),
        [Outcome::Unchanged]
    );
    assert_eq!(store.count_pending_messages().await.expect("count"), 1);
    store
        .apply(
            &ctx(10),
            vec![Change::MarkMessageFailed {
                id,
                error: "connection refused".to_owned(),
            }],
        )
        .await
        .expect("failed");
    let pending = store.pending_messages(10).await.expect("pending");
    assert_eq!(pending[0].attempts, 1);
    assert_eq!(pending[0].last_error.as_deref(), Some("connection refused"));
    store
        .apply(&ctx(10), vec![Change::MarkMessageSent { id }])
        .await
        .expect("sent");
    assert_eq!(store.count_pending_messages().await.expect("count"), 0);
    assert_eq!(
        store
            .apply(&ctx(10), vec![Change::MarkMessageSent { id }])
            .await
            .expect("sent twice"),
        [Outcome::Unchanged]
    );
    verify_chain(store).await;
}

// ---- The daily membership check ----

/// What the daily check reads in bulk (a page of members' evidence in a
/// few queries) and writes (each membership's check, one audit entry per
/// society): the directory lists a member only through the day the checked
/// evidence holds, a grace membership sets the credential's suspension bit,
/// and the society's administrators can read who is in grace and why.
pub async fn membership_checks_are_read_in_bulk_stored_and_delist(store: &dyn Store) {
    use crate::directory::{NewCredential, NewIssuerKey};
    use crate::membership::MembershipCheck;
    use kallos_domain::directory::DirectoryIndex;
    use kallos_domain::membership::{
        AttestationKind, CmeCredit, Criterion, TypeCriteria, evaluate,
        evaluate::{CredentialEvidence, Evidence},
    };

    let societies = seed_societies(store).await;
    let sbcp = societies[8];
    let mut changes = vec![Change::CreateFacility(facility("Recife Clinic (demo)"))];
    for n in 0..5 {
        changes.push(Change::CreateMember(Box::new(member(
            &format!("m{n}@example.org"),
            sbcp,
            vec![FacilityRef::Batch(0)],
        ))));
    }
    let outcomes = store.apply(&ctx(2), changes).await.expect("create");
    let ids: Vec<MemberId> = outcomes[1..]
        .iter()
        .map(|o| MemberId(o.created_id().expect("id")))
        .collect();
    store
        .apply(
            &ctx(2),
            vec![
                Change::AddCmeCredit {
                    member: ids[1],
                    society: Some(sbcp),
                    credit: CmeCredit {
                        id: 0,
                        activity: "Congress".to_owned(),
                        completed_on: date(2026, 1, 10),
                        credits_x100: 5_000,
                        category: "Category 1".to_owned(),
                    },
                },
                Change::RecordAttestation {
                    member: ids[1],
                    society: sbcp,
                    kind: AttestationKind::Ethics,
                    on: date(2025, 4, 1),
                },
                Change::RecordAttestation {
                    member: ids[1],
                    society: sbcp,
                    kind: AttestationKind::Ethics,
                    on: date(2026, 2, 1),
                },
            ],
        )
        .await
        .expect("evidence");

    // Pages of two members after the first: members 2 and 3, then 4 and 5.
    let page = store.evidence_rows(ids[0], 2).await.expect("page");
    let members: Vec<MemberId> = page.memberships.iter().map(|m| m.member_id).collect();
    assert_eq!(members, [ids[1], ids[2]]);
    assert_eq!(page.certifications.len(), 2);
    assert_eq!(page.facilities.len(), 2);
    assert_eq!(page.facilities[0].1.name, "Recife Clinic (demo)");
    assert_eq!(page.cme.len(), 1);
    assert_eq!(page.cme[0].0, ids[1]);
    assert_eq!(page.attestations.len(), 1, "the latest of each kind only");
    assert_eq!(page.attestations[0].on, date(2026, 2, 1));
    let last = store.evidence_rows(ids[2], 10).await.expect("last page");
    assert_eq!(last.memberships.len(), 2);
    let none = store.evidence_rows(ids[4], 10).await.expect("past the end");
    assert!(none.memberships.is_empty());

    // The checks: member 1 meets the criteria through 2026-06-30, member 2 does not.
    let criteria = TypeCriteria {
        membership_type: MembershipType::Active,
        description: String::new(),
        criteria: vec![Criterion::BoardCertification { boards: vec![] }],
    };
    let evidence = |expires_on| Evidence {
        credentials: vec![CredentialEvidence {
            kind: kallos_domain::membership::CredentialKind::BoardCertification,
            issuer: "Board".to_owned(),
            number: "1".to_owned(),
            issued_on: date(2015, 1, 1),
            expires_on: Some(expires_on),
            subject: None,
        }],
        ..Evidence::default()
    };
    let today = date(2026, 3, 2);
    let met = evaluate(&criteria, &evidence(date(2026, 6, 30)), today).without_evidence();
    let unmet = evaluate(&criteria, &evidence(date(2026, 2, 28)), today).without_evidence();
    let check = Change::RecordMembershipChecks {
        society: sbcp,
        on: today,
        checks: vec![
            MembershipCheck {
                member: ids[0],
                unmet_since: None,
                criteria_met_until: met.holds_until(),
                check: Some(met.clone()),
            },
            MembershipCheck {
                member: ids[1],
                unmet_since: Some(today),
                criteria_met_until: today.pred_opt(),
                check: Some(unmet.clone()),
            },
        ],
    };
    let before = audit_count(store).await;
    assert_eq!(
        store.apply(&ctx(2), vec![check]).await.expect("checks"),
        [Outcome::Updated]
    );
    assert_eq!(
        audit_count(store).await,
        before + 1,
        "one audit entry for the lot"
    );
    store
        .apply(
            &ctx(2),
            vec![Change::CreateIssuerKey(NewIssuerKey {
                society_id: sbcp,
                kid: "sbcp-checks".to_owned(),
                public_key: "cHVibGlj".to_owned(),
                private_key: "cHJpdmF0ZQ".to_owned(),
            })],
        )
        .await
        .expect("key");
    store
        .apply(
            &ctx(2),
            vec![
                Change::IssueCredential(NewCredential {
                    credential_id: "urn:uuid:checks-1".to_owned(),
                    society_id: sbcp,
                    member_id: ids[1],
                    valid_until_micros: at(2).timestamp_micros() + 1,
                }),
                Change::SetMembershipStatus {
                    society: sbcp,
                    member: ids[1],
                    from: MembershipStatus::Active,
                    to: MembershipStatus::Grace,
                    reason: "criteria_unmet:board_certification".to_owned(),
                },
            ],
        )
        .await
        .expect("credential and grace");
    let stored = store.member_memberships(ids[1]).await.expect("read");
    assert_eq!(stored[0].unmet_since, Some(today));
    assert_eq!(stored[0].checked_on, Some(ctx(2).at.date_naive()));
    assert_eq!(stored[0].last_check.as_ref(), Some(&unmet));
    assert_eq!(
        store.member_memberships(ids[0]).await.expect("read")[0].criteria_met_until,
        Some(date(2026, 6, 30))
    );
    let in_grace = store
        .memberships_in(
            sbcp,
            &[MembershipStatus::Grace, MembershipStatus::Suspended],
        )
        .await
        .expect("in grace");
    assert_eq!(in_grace.len(), 1);
    assert_eq!(in_grace[0].member_id, ids[1]);
    assert_eq!(
        in_grace[0]
            .last_check
            .as_ref()
            .and_then(|c| c.unmet().next())
            .map(|l| l.detail.clone()),
        Some("expired on 2026-02-28".to_owned())
    );
    assert!(
        store.status_entries(sbcp).await.expect("bits")[0].suspended,
        "a membership in grace suspends its credential"
    );

    // The directory: listed through the checked day, not after; grace never.
    let version = store.directory_version().await.expect("version");
    let records = store.directory_records().await.expect("records");
    let public = |m: MemberId| {
        records
            .iter()
            .find(|r| r.member_id == m)
            .expect("record")
            .public_id
            .clone()
    };
    let (first, second) = (public(ids[0]), public(ids[1]));
    let on = |day| DirectoryIndex::build_on(version, day, records.clone());
    let index = on(date(2026, 6, 30));
    let shown = index.verification(&first).expect("first");
    assert!(shown.listed);
    assert_eq!(
        shown.memberships[0].checked[0].criterion,
        "board_certification"
    );
    assert!(shown.memberships[0].checked[0].met);
    assert!(!index.verification(&second).expect("second").listed);
    let later = on(date(2026, 7, 1)).verification(&first).expect("first");
    assert!(
        !later.listed,
        "the checked certification expired on 2026-06-30"
    );
    assert_eq!(
        later.memberships[0].not_current_since,
        Some(date(2026, 7, 1)),
        "not shown as active beside the expired certification"
    );
}

// ---- The directory, verification and credentials ----

pub async fn directory_lists_active_opted_in_members_and_credentials_follow_status(
    store: &dyn Store,
) {
    use crate::directory::{CredentialStatus, NewAttestation, NewCredential, NewIssuerKey};
    use kallos_domain::directory::{DirectoryIndex, DirectoryQueryInput};

    let societies = seed_societies(store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let listed = member("listed@example.org", sbcp, vec![FacilityRef::Batch(0)]);
    let mut hidden = member("hidden@example.org", sbcp, vec![]);
    hidden.profile.directory_opt_in = false;
    let mut grace = member("grace@example.org", sbcp, vec![]);
    grace.memberships[0].status = MembershipStatus::Grace;
    let outcomes = store
        .apply(
            &ctx(2),
            vec![
                Change::CreateFacility(facility("Recife Clinic (demo)")),
                Change::CreateMember(Box::new(listed)),
                Change::CreateMember(Box::new(hidden)),
                Change::CreateMember(Box::new(grace)),
            ],
        )
        .await
        .expect("create");
    let a = MemberId(outcomes[1].created_id().expect("id"));
    let b = MemberId(outcomes[2].created_id().expect("id"));
    let first_version = store.directory_version().await.expect("version");

    let records = store.directory_records().await.expect("records");
    assert_eq!(records.len(), 3);
    let record = records.iter().find(|r| r.member_id == a).expect("a");
    assert_eq!(record.public_id.len(), 32, "128 random bits in hex");
    assert!(record.public_id.chars().all(|c| c.is_ascii_hexdigit()));
    let mut ids: Vec<_> = records.iter().map(|r| r.public_id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "public ids differ");
    assert_eq!(
        store.member_public_id(a).await.expect("public id"),
        Some(record.public_id.clone())
    );
    assert_eq!(record.memberships[0].society_acronym, "SBCP");
    assert_eq!(
        record.memberships[0].checked_on,
        Some(ctx(2).at.date_naive())
    );
    assert_eq!(record.certifications[0].number_masked, "••-•••001");
    assert_eq!(record.facilities[0].name, "Recife Clinic (demo)");
    assert_eq!(
        record.facilities[0].checked_on,
        Some(ctx(2).at.date_naive())
    );
    let index = DirectoryIndex::build(first_version, records);
    let all = index.search(&DirectoryQueryInput::default().validate().expect("query"));
    assert_eq!(
        all.results
            .iter()
            .map(|h| h.public_id.as_str())
            .collect::<Vec<_>>(),
        [store
            .member_public_id(a)
            .await
            .expect("id")
            .expect("some")
            .as_str()],
        "only the active member who opted in is listed"
    );

    // Procedures offered: set, unchanged, refused outside the society.
    let set = |society, procedures: &[&str]| Change::SetMemberProcedures {
        society: Some(society),
        member: a,
        procedures: procedures.iter().map(|p| (*p).to_owned()).collect(),
    };
    let done = store
        .apply(
            &ctx(3),
            vec![set(sbcp, &["FH-RHINO", "BR-AUG-IMP", "BR-AUG-IMP"])],
        )
        .await
        .expect("procedures");
    assert_eq!(done, [Outcome::Updated]);
    let again = store
        .apply(&ctx(3), vec![set(sbcp, &["BR-AUG-IMP", "FH-RHINO"])])
        .await
        .expect("same procedures");
    assert_eq!(again, [Outcome::Unchanged]);
    let refused = store.apply(&ctx(3), vec![set(tas, &["BE-LIPO"])]).await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
    assert_eq!(
        store.member_procedures(a).await.expect("procedures"),
        ["BR-AUG-IMP", "FH-RHINO"]
    );
    let second_version = store.directory_version().await.expect("version");
    assert!(second_version > first_version, "a change bumps the version");

    // A lapsed membership leaves the directory with the next index.
    store
        .apply(
            &ctx(4),
            vec![Change::CheckMembership {
                society: sbcp,
                member: a,
                status: MembershipStatus::Lapsed,
            }],
        )
        .await
        .expect("lapse");
    let third_version = store.directory_version().await.expect("version");
    assert!(third_version > second_version);
    let records = store.directory_records().await.expect("records");
    let lapsed = records
        .iter()
        .find(|r| r.member_id == a)
        .expect("a")
        .clone();
    assert_eq!(lapsed.memberships[0].status, MembershipStatus::Lapsed);
    assert_eq!(
        lapsed.memberships[0].checked_on,
        Some(ctx(4).at.date_naive())
    );
    assert_eq!(lapsed.procedures, ["BR-AUG-IMP", "FH-RHINO"]);
    let index = DirectoryIndex::build(third_version, records);
    assert_eq!(index.listed_count(), 0);
    let missing = store
        .apply(
            &ctx(4),
            vec![Change::CheckMembership {
                society: tas,
                member: a,
                status: MembershipStatus::Active,
            }],
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    // One signing key per society; the private half never reaches the audit trail.
    let key = |kid: &str| {
        Change::CreateIssuerKey(NewIssuerKey {
            society_id: sbcp,
            kid: kid.to_owned(),
            public_key: format!("public-{kid}"),
            private_key: format!("private-{kid}"),
        })
    };
    assert_eq!(
        store.apply(&ctx(5), vec![key("k1")]).await.expect("key"),
        [Outcome::Created(sbcp.0)]
    );
    assert_eq!(
        store.apply(&ctx(5), vec![key("k2")]).await.expect("key"),
        [Outcome::Unchanged]
    );
    let stored = store.issuer_key(sbcp).await.expect("key").expect("some");
    assert_eq!(
        (stored.kid.as_str(), stored.private_key.as_str()),
        ("k1", "private-k1")
    );
    assert!(!format!("{stored:?}").contains("private-k1"));
    assert_eq!(store.issuer_keys().await.expect("keys").len(), 1);
    assert!(store.issuer_key(tas).await.expect("key").is_none());
    let trail = store.audit_page(0, 10_000).await.expect("audit");
    assert!(trail.iter().any(|r| r.action == "issuer_key.create"));
    assert!(trail.iter().all(|r| !r.detail.contains("private-k1")));

    // Credentials take the next status index; their bits follow the issuer and the membership.
    let issue = |member: MemberId, n: u32| {
        Change::IssueCredential(NewCredential {
            credential_id: format!("urn:uuid:00000000-0000-4000-8000-00000000000{n}"),
            society_id: sbcp,
            member_id: member,
            valid_until_micros: ctx(20).at.timestamp_micros(),
        })
    };
    let issued = store
        .apply(&ctx(6), vec![issue(a, 1), issue(b, 2)])
        .await
        .expect("issue");
    let (ca, cb) = (
        issued[0].created_id().expect("id"),
        issued[1].created_id().expect("id"),
    );
    let stored_a = store
        .signed_credential(ca)
        .await
        .expect("read")
        .expect("some");
    let stored_b = store
        .signed_credential(cb)
        .await
        .expect("read")
        .expect("some");
    assert_eq!((stored_a.status_index, stored_b.status_index), (0, 1));
    assert_eq!(stored_a.status, CredentialStatus::Valid);
    assert_eq!(stored_a.issued_at_micros, ctx(6).at.timestamp_micros());
    assert_eq!(store.member_credentials(a).await.expect("list").len(), 1);
    let entries = store.status_entries(sbcp).await.expect("entries");
    assert_eq!(entries.len(), 2);
    assert!(
        entries[0].suspended && !entries[0].revoked,
        "a lapsed membership suspends"
    );
    assert!(!entries[1].suspended && !entries[1].revoked);
    let set_status = |society, credential, status| Change::SetCredentialStatus {
        society,
        credential,
        status,
    };
    assert_eq!(
        store
            .apply(
                &ctx(7),
                vec![set_status(sbcp, cb, CredentialStatus::Revoked)]
            )
            .await
            .expect("revoke"),
        [Outcome::Updated]
    );
    let entries = store.status_entries(sbcp).await.expect("entries");
    assert!(entries[1].revoked);
    let undo = store
        .apply(&ctx(7), vec![set_status(sbcp, cb, CredentialStatus::Valid)])
        .await;
    assert!(matches!(undo, Err(StoreError::Conflict(_))), "{undo:?}");
    let elsewhere = store
        .apply(
            &ctx(7),
            vec![set_status(tas, ca, CredentialStatus::Revoked)],
        )
        .await;
    assert!(
        matches!(elsewhere, Err(StoreError::NotFound(_))),
        "{elsewhere:?}"
    );
    assert!(store.status_entries(tas).await.expect("entries").is_empty());

    // Attestations are recorded once per credential by the receiving society.
    let attestation = NewAttestation {
        society_id: tas,
        issuer_society_id: sbcp,
        credential_id: stored_a.credential_id.clone(),
        subject_name: "Ana Souza".to_owned(),
        subject_public_id: lapsed.public_id.clone(),
        membership_type: "active".to_owned(),
        valid_until_micros: stored_a.valid_until_micros,
        token: "header.payload.signature".to_owned(),
    };
    let recorded = store
        .apply(
            &ctx(8),
            vec![Change::RecordSocietyAttestation(attestation.clone())],
        )
        .await
        .expect("attest");
    assert!(recorded[0].created_id().is_some());
    assert_eq!(
        store
            .apply(&ctx(8), vec![Change::RecordSocietyAttestation(attestation)])
            .await
            .expect("again"),
        [Outcome::Unchanged]
    );
    let received = store.attestations(tas).await.expect("attestations");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].issuer_society_id, sbcp);
    assert_eq!(received[0].verified_at_micros, ctx(8).at.timestamp_micros());
    assert!(store.attestations(sbcp).await.expect("none").is_empty());
    verify_chain(store).await;
}

pub async fn statistics_approvals_publications_and_disclosure_rules(store: &dyn Store) {
    use crate::NewPublication;
    use kallos_domain::statistics::{Disclosure, DisclosureMode, DisclosureScope, Period};
    let societies = seed_societies(store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let before = audit_count(store).await;

    // Approvals: a year and a quarter; approving again changes nothing.
    let approve = |society, period| Change::ApprovePeriod { society, period };
    let outcomes = store
        .apply(
            &ctx(10),
            vec![
                approve(sbcp, Period::year(2025)),
                approve(tas, Period::quarter(2025, 2)),
            ],
        )
        .await
        .expect("approve");
    assert!(outcomes.iter().all(|o| o.created_id().is_some()));
    let again = store
        .apply(&ctx(10), vec![approve(sbcp, Period::year(2025))])
        .await
        .expect("approve again");
    assert_eq!(again, vec![Outcome::Unchanged]);
    let all = store.approvals(None).await.expect("approvals");
    assert_eq!(all.len(), 2);
    let mine = store.approvals(Some(tas)).await.expect("approvals");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].period, Period::quarter(2025, 2));
    assert_eq!(mine[0].approved_by, "user:1");
    assert_eq!(
        crate::statistics::approved_period(&all, tas, 2025, 5),
        Some(Period::quarter(2025, 2))
    );
    assert_eq!(crate::statistics::approved_period(&all, tas, 2025, 7), None);

    // Withdrawing is audited; withdrawing what is not approved is refused.
    store
        .apply(
            &ctx(11),
            vec![Change::WithdrawApproval {
                society: sbcp,
                period: Period::year(2025),
            }],
        )
        .await
        .expect("withdraw");
    let missing = store
        .apply(
            &ctx(11),
            vec![Change::WithdrawApproval {
                society: sbcp,
                period: Period::year(2024),
            }],
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    assert_eq!(
        store.approvals(Some(sbcp)).await.expect("approvals"),
        vec![]
    );

    // Publications: versions follow each other; the same content is not a new version.
    let publish = |body: &str| {
        Change::PublishStatistics(NewPublication {
            year: 2025,
            body: body.to_owned(),
            sha256: format!("sha-of-{body}"),
        })
    };
    store
        .apply(&ctx(12), vec![publish("{\"v\":1}")])
        .await
        .expect("publish");
    let same = store
        .apply(&ctx(12), vec![publish("{\"v\":1}")])
        .await
        .expect("publish");
    assert_eq!(same, vec![Outcome::Unchanged]);
    store
        .apply(&ctx(13), vec![publish("{\"v\":2}")])
        .await
        .expect("publish");
    let versions = store.publications(Some(2025)).await.expect("publications");
    assert_eq!(
        versions
            .iter()
            .map(|p| (p.version, p.body.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "{\"v\":1}"), (2, "{\"v\":2}")]
    );
    assert!(
        store
            .publications(Some(2024))
            .await
            .expect("none")
            .is_empty()
    );
    assert_eq!(store.publications(None).await.expect("all").len(), 2);

    // Disclosure rules by scope.
    let rule = Disclosure {
        threshold: 20,
        mode: DisclosureMode::RedactRound,
    };
    let set = Change::SetDisclosure {
        scope: DisclosureScope::Country("BR".to_owned()),
        rule,
    };
    store
        .apply(&ctx(14), vec![set.clone()])
        .await
        .expect("rule");
    assert_eq!(
        store.apply(&ctx(14), vec![set]).await.expect("rule"),
        vec![Outcome::Unchanged]
    );
    assert_eq!(
        store.disclosure_rules().await.expect("rules"),
        vec![(DisclosureScope::Country("BR".to_owned()), rule)]
    );

    // approve ×2, withdraw, publish ×2, rule: six entries, none for the no-ops.
    assert_eq!(audit_count(store).await, before + 6);
    verify_chain(store).await;
}

pub async fn safety_documents_keep_every_version(store: &dyn Store) {
    use crate::safety::PLANNER_RULES;
    assert_eq!(
        store.safety_document(PLANNER_RULES).await.expect("none"),
        None
    );
    let before = audit_count(store).await;
    let set = |body: &str| Change::SetSafetyDocument {
        kind: PLANNER_RULES.to_owned(),
        body: body.to_owned(),
    };
    assert_eq!(
        store
            .apply(&ctx(3), vec![set("a = 1")])
            .await
            .expect("first"),
        vec![Outcome::Created(1)]
    );
    assert_eq!(
        store
            .apply(&ctx(4), vec![set("a = 1")])
            .await
            .expect("same"),
        vec![Outcome::Unchanged]
    );
    assert_eq!(
        store
            .apply(&ctx(5), vec![set("a = 2")])
            .await
            .expect("second"),
        vec![Outcome::Created(2)]
    );
    let latest = store
        .safety_document(PLANNER_RULES)
        .await
        .expect("latest")
        .expect("saved");
    assert_eq!((latest.version, latest.body.as_str()), (2, "a = 2"));
    assert_eq!(latest.edited_by, "user:1");
    assert_eq!(latest.edited_at_micros, at(5).timestamp_micros());
    let versions = store
        .safety_document_versions(PLANNER_RULES)
        .await
        .expect("versions");
    let kept: Vec<(i64, &str)> = versions
        .iter()
        .map(|d| (d.version, d.body.as_str()))
        .collect();
    assert_eq!(kept, [(2, "a = 2"), (1, "a = 1")]);
    assert!(
        store
            .safety_document("other")
            .await
            .expect("other")
            .is_none()
    );
    // Two versions saved, the repeat not audited.
    assert_eq!(audit_count(store).await, before + 2);
    verify_chain(store).await;
}

/// A store from before the identifier mask (migration 0011): what an
/// earlier Kallos kept of a file laced with identifiers. Each backend
/// writes it into a store migrated to 0010 with its own SQL, opens it (the
/// upgrade runs) and hands it to [`check_masked_legacy_store`].
pub mod legacy {
    use super::*;
    use kallos_domain::audit::{AuditEvent, AuditRecord};
    use serde_json::json;

    /// What the earlier store held, which must be found nowhere after.
    pub const IDENTIFIERS: &[&str] = &[
        "Marie Dupont",
        "jane.doe@example.com",
        "jane.roe@example.net",
        "1985-03-14",
        "14/03/1985",
        "QQ123456C",
    ];

    pub const FILE_NAME: &str = "Marie Dupont jane.doe@example.com.csv";

    /// A report line: row, column, value, reason, severity, message.
    pub type Line = (
        i64,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    );

    pub fn issues() -> Vec<Line> {
        vec![
            (
                1,
                "jane.roe@example.net",
                "",
                "not a column of the data set; ignored",
                "dropped",
                Some(r#"{"id":"reason-unknown-column","args":[]}"#),
            ),
            (
                1,
                "Patient Name",
                "",
                "holds a name: direct identifiers are refused; the whole column is dropped",
                "dropped",
                Some(r#"{"id":"reason-identifier-column","args":[["what","name"]]}"#),
            ),
            (
                2,
                "patient_key",
                "Marie Dupont",
                "looks like a name: direct identifiers are refused",
                "error",
                Some(r#"{"id":"reason-identifier-refused","args":[["what","name"]]}"#),
            ),
            (
                3,
                "patient_key",
                "1985-03-14",
                "looks like a date (possibly a birth date): direct identifiers are refused",
                "error",
                Some(
                    r#"{"id":"reason-identifier-refused","args":[["what","possible-birth-date"]]}"#,
                ),
            ),
            (
                4,
                "case_id",
                "14/03/1985",
                "looks like a date (possibly a birth date): direct identifiers are refused",
                "error",
                None,
            ),
            (
                5,
                "procedures",
                "Marie Dupont",
                "'MARIE DUPONT' is not a procedure code",
                "error",
                Some(r#"{"id":"reason-unknown-procedure","args":[["code","MARIE DUPONT"]]}"#),
            ),
            (
                6,
                "device1_serial",
                "QQ123456C",
                "looks like a national id: direct identifiers are refused; the value is dropped",
                "dropped",
                Some(r#"{"id":"reason-identifier-dropped","args":[["what","national-id"]]}"#),
            ),
            (
                7,
                "age",
                "400",
                "must be between 12 and 100",
                "error",
                Some(r#"{"id":"reason-range","args":[["min","12"],["max","100"]]}"#),
            ),
        ]
    }

    /// The audit chain the earlier store kept: a society, the submission
    /// (its file name as submitted), a batch, its end, and a later write.
    pub fn audit() -> Vec<AuditRecord> {
        let events = [
            (
                "society.create",
                "society",
                "1",
                json!({ "acronym": "SBCP", "name": "Sociedade Brasileira de Cirurgia Plástica", "country": "BR" }),
            ),
            (
                "submission.start",
                "submission",
                "1",
                json!({ "file": FILE_NAME, "sha256": "ab12", "source": "csv" }),
            ),
            (
                "cases.import_batch",
                "submission",
                "1",
                json!({ "from_row": 1, "rows": 7, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 6 }),
            ),
            (
                "submission.finish",
                "submission",
                "1",
                json!({ "status": "completed", "counts": { "rows_read": 7 } }),
            ),
            (
                "user.create",
                "user",
                "1",
                json!({ "email": "admin.sbcp@example.org", "roles": ["society_admin"], "member": null }),
            ),
        ];
        let mut records: Vec<AuditRecord> = Vec::new();
        for (day, (action, entity, id, detail)) in (1..).zip(events) {
            let event = AuditEvent {
                action,
                entity,
                entity_id: id.to_owned(),
                society_id: None,
                detail,
            };
            let prev = records.last().map(|r| (r.seq, r.hash.as_str()));
            let record = AuditRecord::next(prev, &ctx(day), &event);
            records.push(record);
        }
        records
    }

    /// Opened after 0011: no identifier in any report line, file name or
    /// audit entry; the rest as it was; the chain verifies, with one entry
    /// saying what was masked and which head it replaced.
    pub async fn check_masked_legacy_store(store: &dyn Store) {
        let found = |text: &str| {
            IDENTIFIERS
                .iter()
                .find(|id| text.to_lowercase().contains(&id.to_lowercase()))
                .copied()
        };
        let submission = store.submission(1).await.expect("read").expect("kept");
        assert_eq!(
            found(&submission.file_name),
            None,
            "{}",
            submission.file_name
        );
        assert!(submission.file_name.ends_with(".csv"));
        let stored = store.submission_issues(1, 0, 100).await.expect("read");
        assert_eq!(stored.len(), issues().len(), "no line is lost");
        for (issue, (row, column, value, reason, severity, _)) in stored.iter().zip(issues()) {
            let text = format!("{issue:?}");
            assert_eq!(found(&text), None, "{text}");
            assert_eq!((issue.row, issue.severity.as_str()), (row, severity));
            if found(&format!("{column} {value} {reason}")).is_none() {
                assert_eq!(
                    (
                        issue.column.as_str(),
                        issue.value.as_str(),
                        issue.reason.as_str()
                    ),
                    (column, value, reason),
                    "what is no identifier is kept"
                );
            }
        }
        let procedures = &stored[5];
        assert!(
            procedures.reason.ends_with("' is not a procedure code"),
            "{}",
            procedures.reason
        );
        assert_eq!(stored[3].value, "1985-**-**");
        let entries = store.audit_page(0, 100).await.expect("audit");
        assert_eq!(entries.len(), audit().len() + 1);
        for (entry, before) in entries.iter().zip(audit()) {
            assert_eq!(found(&entry.detail), None, "{}", entry.detail);
            assert_eq!(
                (entry.seq, &entry.action, entry.at_micros),
                (before.seq, &before.action, before.at_micros)
            );
            if entry.action != "submission.start" {
                assert_eq!(entry.detail, before.detail, "only identifiers are masked");
            }
        }
        let last = entries.last().expect("entry");
        assert_eq!(last.action, "audit.mask_identifiers");
        let detail: serde_json::Value = serde_json::from_str(&last.detail).expect("json");
        let before = audit();
        let old_head = before.last().expect("head");
        assert_eq!(detail["entries"], json!([2]));
        assert_eq!(detail["previous_head"]["hash"], json!(old_head.hash));
        assert_eq!(detail["report_lines"], json!(6));
        assert_eq!(detail["file_names"], json!(1));
        assert_eq!(verify_chain(store).await, audit().len() as i64 + 1);
    }
}
