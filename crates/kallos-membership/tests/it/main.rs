//! The membership job against a real SQLite store, driven by a fixed clock,
//! delivering to the file sink and to a real SMTP listener on 127.0.0.1.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, FixedClock};
use kallos_domain::member::{MembershipStatus, MembershipType};
use kallos_domain::membership::criteria::presets;
use kallos_domain::membership::{AttestationKind, Evaluation};
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

/// A member approved into TAS (ASAPS criteria: yearly ethics and facility
/// attestations) on 2025-06-01, due for renewal on 2026-06-01, both
/// attestations made on the day of approval.
async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.path().join("k.db")).await.unwrap());
    let societies = seed_societies(&*store).await;
    let (sbcp, tas) = (societies[8], societies[47]);
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap());
    let created = store
        .apply(
            &ctx,
            vec![Change::CreateMember(Box::new(member(
                "ana@example.org",
                sbcp,
                vec![],
            )))],
        )
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
                    renewal_due: d(2026, 6, 1),
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

impl World {
    async fn status(&self) -> MembershipStatus {
        self.store
            .member_memberships(self.member)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.society_id == self.tas)
            .unwrap()
            .status
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
}

#[tokio::test]
async fn statuses_follow_the_clock_and_each_transition_is_audited() {
    let w = world().await;
    let mailer = w.mailer();
    let clock = clock_at(d(2026, 5, 4));
    let report = w.run(&clock, &mailer).await;
    assert_eq!(report.memberships_checked, 1);
    assert!(report.transitions.is_empty());
    assert_eq!(w.status().await, MembershipStatus::Active);
    // Renewal and both attestations are due on 2026-06-01: 28 days ahead, the 30-day reminders.
    assert_eq!(report.reminders_queued, 3);
    assert_eq!(report.sent, 3);
    let files = w.eml_files();
    assert_eq!(files.len(), 3, "{files:?}");
    let text = std::fs::read_to_string(w.dir.path().join("outbox").join(&files[0])).unwrap();
    assert!(text.contains("To: <ana@example.org>\r\n"), "{text}");
    assert!(text.contains("Subject: Kallos reminder: "), "{text}");
    assert!(text.contains("2026-06-01"), "{text}");

    // The same day again: nothing new is queued or sent.
    let again = w.run(&clock, &mailer).await;
    assert_eq!((again.reminders_queued, again.sent), (0, 0));
    // Three weeks later the 7-day reminders go out, once.
    clock.advance(Duration::days(22));
    assert_eq!(w.run(&clock, &mailer).await.reminders_queued, 3);
    assert_eq!(w.eml_files().len(), 6);

    // The member renews the ethics attestation but not the facility one.
    w.store
        .apply(
            &AuditContext::system("test", clock.now()),
            vec![Change::RecordAttestation {
                member: w.member,
                society: w.tas,
                kind: AttestationKind::Ethics,
                on: d(2026, 5, 30),
            }],
        )
        .await
        .unwrap();

    // The day after the renewal date: grace.
    let clock = clock_at(d(2026, 6, 2));
    let report = w.run(&clock, &mailer).await;
    assert_eq!(report.transitions.len(), 1);
    assert_eq!(report.transitions[0].to, MembershipStatus::Grace);
    assert_eq!(w.status().await, MembershipStatus::Grace);

    // 2026-08-29: still grace (the facility attestation was missed on 2026-06-01).
    let clock = clock_at(d(2026, 8, 29));
    assert!(w.run(&clock, &mailer).await.transitions.is_empty());
    assert_eq!(w.status().await, MembershipStatus::Grace);
    // The 90th day after the missed attestation: suspended.
    let clock = clock_at(d(2026, 8, 30));
    let report = w.run(&clock, &mailer).await;
    assert_eq!(report.transitions[0].to, MembershipStatus::Suspended);
    assert_eq!(report.transitions[0].reason, "attestation_missed:facility");
    // Grace ends 90 days after the renewal date (2026-08-30): lapsed the day after.
    let clock = clock_at(d(2026, 8, 31));
    let report = w.run(&clock, &mailer).await;
    assert_eq!(report.transitions[0].to, MembershipStatus::Lapsed);
    assert_eq!(w.status().await, MembershipStatus::Lapsed);

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
        (3, 0, 3)
    );
    assert!(received.lock().unwrap().is_empty());
    let pending = w.store.pending_messages(10).await.unwrap();
    assert_eq!(pending.len(), 3);
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
        (0, 3, 0)
    );
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 3);
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
    assert_eq!(received.lock().unwrap().len(), 3);
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
    assert_eq!(report.failed, 3);
    // Then the default file sink delivers them.
    let report = w.run(&clock_at(d(2026, 5, 4)), &w.mailer()).await;
    assert_eq!(report.sent, 3);
    assert_eq!(w.eml_files().len(), 3);
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
