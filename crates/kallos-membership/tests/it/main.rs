//! The membership job against a real SQLite store, driven by a fixed clock,
//! delivering to the file sink and to a real SMTP listener on 127.0.0.1.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::FixedClock;
use kallos_domain::directory::DirectoryIndex;
use kallos_domain::member::{FacilitySetting, NewFacility};
use kallos_domain::member::{MembershipStatus, MembershipType};
use kallos_domain::membership::criteria::presets;
use kallos_domain::membership::{
    AttestationKind, CmeCredit, CredentialKind, Evaluation, NewCredential,
};
use kallos_domain::{MemberId, SocietyId};
use kallos_membership::{Mailer, jobs};
use kallos_store::conformance::{member, seed_societies};
use kallos_store::membership::NewApplication;
use kallos_store::{Change, Store};
use kallos_store_sqlite::SqliteStore;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn clock_at(day: NaiveDate) -> FixedClock {
    FixedClock::new(Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).unwrap()))
}

struct World {
    store: Arc<dyn Store>,
    tas: SocietyId,
    member: MemberId,
    dir: tempfile::TempDir,
}

/// The stores the job is tested on: SQLite, and PostgreSQL (a fresh schema)
/// when `KALLOS_TEST_DATABASE_URL` is set.
async fn stores(dir: &std::path::Path) -> Vec<(&'static str, Arc<dyn Store>)> {
    static SCHEMA: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut stores: Vec<(&'static str, Arc<dyn Store>)> = vec![(
        "sqlite",
        Arc::new(SqliteStore::open(&dir.join("k.db")).await.unwrap()),
    )];
    if let Ok(url) = std::env::var("KALLOS_TEST_DATABASE_URL")
        && !url.trim().is_empty()
    {
        let schema = format!(
            "membership_it_{}_{}",
            std::process::id(),
            SCHEMA.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        );
        let url = url.trim().to_owned();
        // A schema left by an earlier run of the same process id starts over.
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE"
        )))
        .execute(&mut conn)
        .await
        .unwrap();
        stores.push((
            "postgres",
            Arc::new(
                kallos_store_postgres::PostgresStore::connect_in_schema(&url, &schema)
                    .await
                    .unwrap(),
            ),
        ));
    }
    stores
}

/// A member renewed in TAS (ASAPS criteria) on 2025-06-01, due for renewal
/// on 2027-06-01, who meets TAS's continuing criteria: an ABPS
/// certification, 130 CME credits, an AAAHC-accredited facility, and both
/// yearly attestations made on the day of approval.
async fn world_on(store: Arc<dyn Store>, dir: tempfile::TempDir) -> World {
    let societies = seed_societies(&*store).await;
    let tas = societies[47];
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap());
    // A member of TAS alone, certified by the American board.
    let mut ana = member("ana@example.org", tas, vec![]);
    ana.certifications[0].board = "American Board of Plastic Surgery".to_owned();
    let created = store
        .apply(&ctx, vec![Change::CreateMember(Box::new(ana))])
        .await
        .unwrap();
    let id = MemberId(created[0].created_id().unwrap());
    kallos_membership::import_criteria(&*store, &ctx, tas, presets::ASAPS)
        .await
        .unwrap();
    let submitted = store
        .apply(
            &ctx,
            vec![Change::SubmitApplication(Box::new(NewApplication {
                society_id: tas,
                member_id: id,
                membership_type: MembershipType::Active,
                renewal: false,
                sponsors: vec![],
                sponsors_unrelated: false,
                evaluation: Evaluation {
                    membership_type: MembershipType::Active,
                    evaluated_on: d(2025, 6, 1),
                    eligible: true,
                    lines: vec![],
                },
            }))],
        )
        .await
        .unwrap();
    store
        .apply(
            &ctx,
            vec![
                Change::DecideApplication {
                    application: submitted[0].created_id().unwrap(),
                    society: tas,
                    approve: true,
                    reason: "meets the criteria".to_owned(),
                    today: d(2025, 6, 1),
                    renewal_due: d(2027, 6, 1),
                },
                Change::RecordAttestation {
                    member: id,
                    society: tas,
                    kind: AttestationKind::Ethics,
                    on: d(2025, 6, 1),
                },
                Change::RecordAttestation {
                    member: id,
                    society: tas,
                    kind: AttestationKind::Facility,
                    on: d(2025, 6, 1),
                },
                Change::AddCmeCredit {
                    member: id,
                    society: Some(tas),
                    credit: CmeCredit {
                        id: 0,
                        activity: "Annual meeting".to_owned(),
                        completed_on: d(2025, 5, 1),
                        credits_x100: 13_000,
                        category: "AMA PRA Category 1".to_owned(),
                    },
                },
                Change::AddCredential(Box::new(NewCredential {
                    member_id: id,
                    kind: CredentialKind::FacilityAccreditation,
                    issuer: "AAAHC".to_owned(),
                    number: "AAAHC-77".to_owned(),
                    subject: Some("Recife Surgery Centre".to_owned()),
                    issued_on: d(2024, 1, 1),
                    expires_on: Some(d(2027, 12, 31)),
                    evidence: None,
                })),
            ],
        )
        .await
        .unwrap();
    World {
        store,
        tas,
        member: id,
        dir,
    }
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.path().join("k.db")).await.unwrap());
    world_on(store, dir).await
}

impl World {
    async fn status(&self) -> MembershipStatus {
        self.membership().await.status
    }

    async fn membership(&self) -> kallos_store::membership::MembershipRecord {
        self.store
            .member_memberships(self.member)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.society_id == self.tas)
            .unwrap()
    }

    fn mailer(&self) -> Mailer {
        Mailer::new(None, self.dir.path().join("outbox"), "kallos@example.org").unwrap()
    }

    /// Runs the job as `kallos memberships run-jobs` does, and checks that
    /// nothing is left queued.
    async fn run(&self, clock: &FixedClock, mailer: &Mailer) -> jobs::JobReport {
        let report = jobs::run_once(&*self.store, clock, mailer, &mut |_, _, _| {})
            .await
            .unwrap();
        assert_eq!(
            self.store.count_pending_messages().await.unwrap(),
            i64::try_from(report.failed).unwrap(),
            "every message is delivered or recorded as failed"
        );
        report
    }

    fn eml_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path().join("outbox"))
            .map(|dir| {
                dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn eml_texts(&self) -> Vec<String> {
        self.eml_files()
            .iter()
            .map(|f| std::fs::read_to_string(self.dir.path().join("outbox").join(f)).unwrap())
            .collect()
    }

    /// Whether the public directory lists the member on `day`, and whether
    /// the suspension bit of their TAS credential is set.
    async fn listed_and_suspended(&self, day: NaiveDate) -> (bool, bool) {
        let version = self.store.directory_version().await.unwrap();
        let records = self.store.directory_records().await.unwrap();
        let public_id = records
            .iter()
            .find(|r| r.member_id == self.member)
            .unwrap()
            .public_id
            .clone();
        let index = DirectoryIndex::build_on(version, day, records);
        let listed = index.verification(&public_id).unwrap().listed;
        let entries = self.store.status_entries(self.tas).await.unwrap();
        (listed, entries[0].suspended)
    }
}

async fn attest(w: &World, kind: AttestationKind, on: NaiveDate) {
    w.store
        .apply(
            &AuditContext::system(
                "test",
                Utc.from_utc_datetime(&on.and_hms_opt(8, 0, 0).unwrap()),
            ),
            vec![Change::RecordAttestation {
                member: w.member,
                society: w.tas,
                kind,
                on,
            }],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_shortfall_starts_grace_with_one_notice_then_suspends_and_delists_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    for (backend, store) in stores(dir.path()).await {
        let w = world_on(store, tempfile::tempdir().unwrap()).await;
        lifecycle(&w).await;
        eprintln!("{backend}: the lifecycle holds");
    }
}

fn grace_notices(w: &World, marker: &str) -> usize {
    w.eml_texts().iter().filter(|t| t.contains(marker)).count()
}

async fn lifecycle(w: &World) {
    let mailer = w.mailer();
    // A signed TAS credential, whose suspension bit follows the membership.
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2025, 6, 2, 9, 0, 0).unwrap());
    w.store
        .apply(
            &ctx,
            vec![Change::IssueCredential(
                kallos_store::directory::NewCredential {
                    credential_id: "urn:uuid:00000000-0000-4000-8000-000000000001".to_owned(),
                    society_id: w.tas,
                    member_id: w.member,
                    valid_until_micros: Utc
                        .with_ymd_and_hms(2027, 6, 1, 0, 0, 0)
                        .unwrap()
                        .timestamp_micros(),
                },
            )],
        )
        .await
        .unwrap();

    let clock = clock_at(d(2026, 5, 4));
    let report = w.run(&clock, &mailer).await;
    assert_eq!(report.memberships_checked, 1);
    assert!(report.transitions.is_empty(), "{:?}", report.transitions);
    assert_eq!(w.status().await, MembershipStatus::Active);
    let checked = w.membership().await;
    assert_eq!(checked.checked_on, Some(d(2026, 5, 4)));
    assert_eq!(checked.unmet_since, None);
    // Both attestations run out first: due again on 2026-06-01.
    assert_eq!(checked.criteria_met_until, Some(d(2026, 6, 1)));
    let lines: Vec<&str> = checked
        .last_check
        .as_ref()
        .unwrap()
        .lines
        .iter()
        .map(|l| l.criterion.as_str())
        .collect();
    assert_eq!(
        lines,
        [
            "any_of",
            "cme_credits",
            "ethics_attestation",
            "accredited_facility"
        ],
        "the continuing criteria only: no sponsors, no procedure volume"
    );
    // Both attestations are due on 2026-06-01: 28 days ahead, the 30-day reminders.
    assert_eq!(report.reminders_queued, 2);
    assert_eq!(report.sent, 2);
    assert_eq!(w.listed_and_suspended(d(2026, 5, 4)).await, (true, false));

    // The same day again: nothing new is queued, sent or written.
    let audited = kallos_store::conformance::verify_chain(&*w.store).await;
    let again = w.run(&clock, &mailer).await;
    assert_eq!((again.reminders_queued, again.sent), (0, 0));
    assert_eq!(
        kallos_store::conformance::verify_chain(&*w.store).await,
        audited
    );
    // Three weeks later the 7-day reminders go out, once.
    clock.advance(Duration::days(22));
    assert_eq!(w.run(&clock, &mailer).await.reminders_queued, 2);
    assert_eq!(w.eml_files().len(), 4);

    // The member renews the ethics attestation but not the facility one.
    attest(w, AttestationKind::Ethics, d(2026, 5, 30)).await;

    // 2026-06-02, before the day's check: the last check's evidence ran out
    // on 2026-06-01, so the directory no longer lists the member.
    let (listed, _) = w.listed_and_suspended(d(2026, 6, 2)).await;
    assert!(!listed, "not listed once the checked evidence ran out");

    // The day's check: grace, with one notice saying why and until when.
    let clock = clock_at(d(2026, 6, 2));
    let report = w.run(&clock, &mailer).await;
    assert_eq!(report.transitions.len(), 1, "{:?}", report.transitions);
    assert_eq!(report.transitions[0].to, MembershipStatus::Grace);
    assert_eq!(
        report.transitions[0].reason,
        "criteria_unmet:attestation_missed:facility"
    );
    assert_eq!(w.membership().await.unmet_since, Some(d(2026, 6, 2)));
    let notices: Vec<String> = w
        .eml_texts()
        .into_iter()
        .filter(|t| t.contains("grace period"))
        .collect();
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0].contains("suspended on 2026-08-31"),
        "{}",
        notices[0]
    );
    assert!(
        notices[0].contains("facility attestation missed"),
        "{}",
        notices[0]
    );
    assert_eq!(w.listed_and_suspended(d(2026, 6, 2)).await, (false, true));
    // Again the same day and the next: no second notice.
    w.run(&clock, &mailer).await;
    let report = w.run(&clock_at(d(2026, 6, 3)), &mailer).await;
    assert!(report.transitions.is_empty());
    assert_eq!(grace_notices(w, "grace period"), 1);

    // The society's 90 days: grace through 2026-08-30, suspended on 2026-08-31.
    let report = w.run(&clock_at(d(2026, 8, 30)), &mailer).await;
    assert!(report.transitions.is_empty());
    assert_eq!(w.status().await, MembershipStatus::Grace);
    let report = w.run(&clock_at(d(2026, 8, 31)), &mailer).await;
    assert_eq!(report.transitions[0].to, MembershipStatus::Suspended);
    assert_eq!(w.status().await, MembershipStatus::Suspended);
    assert_eq!(w.listed_and_suspended(d(2026, 8, 31)).await, (false, true));
    assert_eq!(grace_notices(w, "membership is suspended"), 1);

    // Put right: active and listed again, the credential no longer suspended.
    attest(w, AttestationKind::Facility, d(2026, 9, 10)).await;
    let report = w.run(&clock_at(d(2026, 9, 10)), &mailer).await;
    assert_eq!(report.transitions[0].to, MembershipStatus::Active);
    assert_eq!(w.membership().await.unmet_since, None);
    assert_eq!(w.listed_and_suspended(d(2026, 9, 10)).await, (true, false));

    // Each transition is in the audit trail, with from, to and reason.
    let mut statuses = Vec::new();
    let mut after = 0;
    loop {
        let page = w.store.audit_page(after, 200).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        statuses.extend(
            page.into_iter()
                .filter(|r| r.action == "membership.status")
                .map(|r| r.detail),
        );
    }
    assert_eq!(statuses.len(), 3, "{statuses:?}");
    assert!(statuses[1].contains("\"to\":\"suspended\""), "{statuses:?}");
    assert!(statuses[1].contains("attestation_missed:facility"));
    kallos_store::conformance::verify_chain(&*w.store).await;
}

#[tokio::test]
async fn an_expired_certification_and_missing_cme_are_found_in_bulk() {
    // More members of a national society (default criteria) than one page
    // of evidence: the one whose certification expired and the one without
    // CME credits go to grace, each with its reason; the others stay active.
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.path().join("k.db")).await.unwrap());
    let societies = seed_societies(&*store).await;
    let sbcp = societies[8];
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap());
    kallos_membership::import_criteria(&*store, &ctx, sbcp, presets::NATIONAL)
        .await
        .unwrap();
    let mut changes = vec![Change::CreateFacility(NewFacility {
        name: "Recife Surgery Centre (demo)".to_owned(),
        country_iso2: "BR".to_owned(),
        city: "Recife".to_owned(),
        setting: FacilitySetting::Asc,
        accreditation_body: "Ministry of Health accreditation (Brazil)".to_owned(),
        accreditation_number: "ACC-1".to_owned(),
        accredited_until: d(2028, 1, 31),
    })];
    let count = usize::try_from(jobs::PAGE_MEMBERS).unwrap() + 5;
    for i in 0..count {
        let mut m = member(
            &format!("m{i}@example.org"),
            sbcp,
            vec![kallos_store::FacilityRef::Batch(0)],
        );
        if i == 3 {
            m.certifications[0].expires_on = Some(d(2026, 4, 30));
        }
        changes.push(Change::CreateMember(Box::new(m)));
    }
    let outcomes = store.apply(&ctx, changes).await.unwrap();
    let ids: Vec<MemberId> = outcomes[1..]
        .iter()
        .map(|o| MemberId(o.created_id().unwrap()))
        .collect();
    let mut evidence = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        for kind in [AttestationKind::Ethics, AttestationKind::Facility] {
            evidence.push(Change::RecordAttestation {
                member: *id,
                society: sbcp,
                kind,
                on: d(2026, 1, 1),
            });
        }
        if i != count - 1 {
            evidence.push(Change::AddCmeCredit {
                member: *id,
                society: Some(sbcp),
                credit: CmeCredit {
                    id: 0,
                    activity: "Congress".to_owned(),
                    completed_on: d(2025, 10, 1),
                    credits_x100: 25_000,
                    category: "Category 1".to_owned(),
                },
            });
        }
    }
    store.apply(&ctx, evidence).await.unwrap();
    let (checked, transitions) =
        jobs::recompute_statuses(&*store, &ctx, d(2026, 5, 4), &mut |_, _, _| {})
            .await
            .unwrap();
    assert_eq!(checked, count);
    let mut moved: Vec<(MemberId, MembershipStatus, String)> = transitions
        .into_iter()
        .map(|t| (t.member, t.to, t.reason))
        .collect();
    moved.sort();
    assert_eq!(
        moved,
        [
            (
                ids[3],
                MembershipStatus::Grace,
                "criteria_unmet:board_certification".to_owned()
            ),
            (
                ids[count - 1],
                MembershipStatus::Grace,
                "criteria_unmet:cme_credits".to_owned()
            ),
        ]
    );
    let in_grace = store
        .memberships_in(sbcp, &[MembershipStatus::Grace])
        .await
        .unwrap();
    assert_eq!(in_grace.len(), 2);
    let why = in_grace
        .iter()
        .find(|m| m.member_id == ids[3])
        .and_then(|m| m.last_check.clone())
        .unwrap();
    let unmet: Vec<String> = why.unmet().map(|l| l.detail.clone()).collect();
    assert_eq!(unmet, ["expired on 2026-04-30"]);
}

async fn send(stream: &mut BufReader<tokio::net::TcpStream>, line: String) {
    stream.get_mut().write_all(line.as_bytes()).await.unwrap();
}

/// A tiny SMTP server: accepts one session per connection, records each
/// message's envelope and data, and refuses recipients at `refuse`.
async fn smtp_server(refuse: Option<&'static str>) -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let log = Arc::clone(&received);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let mut stream = BufReader::new(stream);
                send(&mut stream, "220 test ESMTP\r\n".into()).await;
                let (mut rcpt, mut data, mut in_data) = (String::new(), String::new(), false);
                loop {
                    let mut line = String::new();
                    if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            log.lock().unwrap().push((rcpt.clone(), data.clone()));
                            send(&mut stream, "250 2.0.0 queued\r\n".into()).await;
                        } else {
                            data.push_str(&line);
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    if upper.starts_with("EHLO") {
                        send(&mut stream, "250-test\r\n250 8BITMIME\r\n".into()).await;
                    } else if upper.starts_with("MAIL FROM:") {
                        send(&mut stream, "250 ok\r\n".into()).await;
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt = line.trim_end().to_owned();
                        if refuse.is_some_and(|r| line.contains(r)) {
                            send(&mut stream, "550 5.1.1 no such user\r\n".into()).await;
                        } else {
                            send(&mut stream, "250 ok\r\n".into()).await;
                        }
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        send(&mut stream, "354 go ahead\r\n".into()).await;
                    } else if upper.starts_with("QUIT") {
                        send(&mut stream, "221 bye\r\n".into()).await;
                        return;
                    } else {
                        send(&mut stream, "500 what?\r\n".into()).await;
                    }
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn reminders_go_out_through_smtp_and_failures_wait_for_the_next_run() {
    let w = world().await;
    let clock = clock_at(d(2026, 5, 4));
    // A relay that refuses the member's address: recorded as failed, kept queued.
    let (port, received) = smtp_server(Some("ana@example.org")).await;
    let refusing = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        std::path::PathBuf::new(),
        "kallos@example.org",
    )
    .unwrap();
    let report = w.run(&clock, &refusing).await;
    assert_eq!(
        (report.reminders_queued, report.sent, report.failed),
        (2, 0, 2)
    );
    assert!(received.lock().unwrap().is_empty());
    let pending = w.store.pending_messages(10).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert!(
        pending[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("550"),
        "{pending:?}"
    );

    // A relay that accepts: the queued messages go out, once.
    let (port, received) = smtp_server(None).await;
    let relay = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        std::path::PathBuf::new(),
        "kallos@example.org",
    )
    .unwrap();
    let report = w.run(&clock, &relay).await;
    assert_eq!(
        (report.reminders_queued, report.sent, report.failed),
        (0, 2, 0)
    );
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, "RCPT TO:<ana@example.org>");
    assert!(
        got[0].1.contains("Subject: Kallos reminder:"),
        "{}",
        got[0].1
    );
    assert!(
        got[0].1.contains("Dear Ana Souza ana@example.org,"),
        "{}",
        got[0].1
    );
    assert_eq!(w.store.count_pending_messages().await.unwrap(), 0);
    let report = w.run(&clock, &relay).await;
    assert_eq!(report.sent, 0, "nothing is sent twice");
    assert_eq!(received.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_unreachable_relay_is_a_recorded_failure() {
    let w = world().await;
    // Bind then drop a listener: nothing answers on that port.
    let port = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let mailer = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        std::path::PathBuf::new(),
        "kallos@example.org",
    )
    .unwrap();
    let report = w.run(&clock_at(d(2026, 5, 4)), &mailer).await;
    assert_eq!(report.failed, 2);
    // Then the default file sink delivers them.
    let report = w.run(&clock_at(d(2026, 5, 4)), &w.mailer()).await;
    assert_eq!(report.sent, 2);
    assert_eq!(w.eml_files().len(), 2);
}

#[tokio::test]
async fn the_procedure_volume_criterion_counts_the_members_cases_in_the_registry() {
    use kallos_domain::membership::Verdict;
    use kallos_store::registry::{CaseToStore, ImportBatch, NewSubmission};
    let w = world().await;
    let tas = w.store.society_by_slug("TAS").await.unwrap().unwrap();
    let sbcp = w.store.society_by_slug("SBCP").await.unwrap().unwrap();
    let today = d(2026, 5, 4);
    let volume = |evaluation: &Evaluation| {
        evaluation
            .lines
            .iter()
            .find(|l| l.criterion == "procedure_volume")
            .cloned()
            .unwrap()
    };
    let evaluate = || async {
        kallos_membership::evaluate_member(
            &*w.store,
            w.member,
            &tas,
            MembershipType::Active,
            &[],
            false,
            today,
        )
        .await
        .unwrap()
    };
    let line = volume(&evaluate().await);
    assert_eq!(line.verdict, Verdict::NotMet);
    assert_eq!(
        line.detail,
        "0 procedures in the registry from 2024-11-04 to 2026-05-04 (need 50)"
    );

    // 50 cases in the 18 months, one the day before they start, one by someone else.
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap());
    let submission = w
        .store
        .start_submission(
            &ctx,
            &NewSubmission {
                file_name: "cases.csv".into(),
                file_sha256: "volume".to_owned(),
                source: "csv".to_owned(),
                society: Some(sbcp.id),
            },
        )
        .await
        .unwrap();
    let mut cases = Vec::new();
    for i in 0..52u32 {
        let mut c = kallos_store::conformance::case(&format!("V-{i}"), "SBCP", &["BR-AUG-IMP"]);
        c.member_id = Some(if i == 51 {
            w.member.0 + 1000
        } else {
            w.member.0
        });
        c.procedure_date = if i == 50 {
            d(2024, 11, 3)
        } else {
            d(2024, 11, 4) + chrono::Days::new(u64::from(i) * 10)
        };
        cases.push(CaseToStore::new(sbcp.id, c));
    }
    w.store
        .import_batch(
            &ctx,
            submission.id,
            &ImportBatch {
                rows_read: 52,
                cases,
                ..ImportBatch::default()
            },
        )
        .await
        .unwrap();
    let line = volume(&evaluate().await);
    assert_eq!(line.verdict, Verdict::Met, "{}", line.detail);
    assert_eq!(
        line.detail,
        "50 procedures in the registry from 2024-11-04 to 2026-05-04 (need 50)"
    );
}
