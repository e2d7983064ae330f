//! Unit tests of evaluation, status over time, reminders and evidence checks.

use super::criteria::{Criterion, TypeCriteria};
use super::evaluate::{
    CredentialEvidence, MembershipEvidence, ProcedureCount, SponsorEvidence, Verdict,
};
use super::*;
use crate::member::{MembershipStatus, MembershipType};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

const TODAY: (i32, u32, u32) = (2026, 5, 4);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn one(c: Criterion) -> TypeCriteria {
    TypeCriteria {
        membership_type: MembershipType::Active,
        description: String::new(),
        criteria: vec![c],
    }
}

fn verdict(c: Criterion, e: &Evidence, on: NaiveDate) -> (Verdict, Option<NaiveDate>, String) {
    let eval = evaluate(&one(c), e, on);
    let line = &eval.lines[0];
    (line.verdict, line.expires_on, line.detail.clone())
}

fn abps(expires_on: Option<NaiveDate>) -> CredentialEvidence {
    CredentialEvidence {
        kind: CredentialKind::BoardCertification,
        issuer: "American Board of Plastic Surgery".into(),
        number: "US-1".into(),
        issued_on: d(2015, 1, 1),
        expires_on,
        subject: None,
    }
}

fn board() -> Criterion {
    Criterion::BoardCertification {
        boards: vec!["american board of plastic surgery".into()],
    }
}

#[test]
fn board_certification_boundaries_and_expiry_on_the_day() {
    let none = Evidence::default();
    assert_eq!(verdict(board(), &none, today()).0, Verdict::EvidenceMissing);

    let far = Evidence {
        credentials: vec![abps(Some(d(2030, 1, 1)))],
        ..Evidence::default()
    };
    let (v, until, _) = verdict(board(), &far, today());
    assert_eq!((v, until), (Verdict::Met, None));

    // Valid through its expiry date: on the day it still counts, and shows when it ends.
    let on_the_day = Evidence {
        credentials: vec![abps(Some(today()))],
        ..Evidence::default()
    };
    assert_eq!(
        verdict(board(), &on_the_day, today()).0,
        Verdict::ExpiresSoon
    );
    assert_eq!(verdict(board(), &on_the_day, today()).1, Some(today()));
    // The day after, it no longer does.
    let next_day = today().succ_opt().unwrap_or_default();
    let (v, _, detail) = verdict(board(), &on_the_day, next_day);
    assert_eq!(v, Verdict::NotMet);
    assert_eq!(detail, format!("expired on {}", today()));

    // 90 days ahead is "expires soon"; 91 is plainly met.
    let in_90 = Evidence {
        credentials: vec![abps(today().checked_add_days(Days::new(90)))],
        ..Evidence::default()
    };
    assert_eq!(verdict(board(), &in_90, today()).0, Verdict::ExpiresSoon);
    let in_91 = Evidence {
        credentials: vec![abps(today().checked_add_days(Days::new(91)))],
        ..Evidence::default()
    };
    assert_eq!(verdict(board(), &in_91, today()).0, Verdict::Met);

    // A board that is not accepted.
    let other = Evidence {
        credentials: vec![CredentialEvidence {
            issuer: "Some Other Board".into(),
            ..abps(None)
        }],
        ..Evidence::default()
    };
    let (v, _, detail) = verdict(board(), &other, today());
    assert_eq!(v, Verdict::NotMet);
    assert!(detail.contains("Some Other Board"));
    // Any board when none are listed.
    let any = Criterion::BoardCertification { boards: vec![] };
    assert_eq!(verdict(any, &other, today()).0, Verdict::Met);
    // A licence is not a board certification.
    let licence = Evidence {
        credentials: vec![CredentialEvidence {
            kind: CredentialKind::Licence,
            ..abps(None)
        }],
        ..Evidence::default()
    };
    assert_eq!(
        verdict(board(), &licence, today()).0,
        Verdict::EvidenceMissing
    );
}

use chrono::Days;
use chrono::NaiveDate;

fn cme(on: NaiveDate, x100: i64, category: &str) -> CmeCredit {
    CmeCredit {
        id: 0,
        activity: "Annual meeting".into(),
        completed_on: on,
        credits_x100: x100,
        category: category.into(),
    }
}

#[test]
fn cme_credits_count_over_the_window_inclusive_of_its_first_day() {
    let rule = || Criterion::CmeCredits {
        credits: 125.0,
        years: 5,
        category: None,
    };
    assert_eq!(
        verdict(rule(), &Evidence::default(), today()).0,
        Verdict::EvidenceMissing
    );
    // 100 credits exactly five years ago (counts) + 25 recently = 125.
    let e = Evidence {
        cme: vec![
            cme(d(2021, 5, 4), 10_000, "AMA PRA Category 1"),
            cme(d(2025, 1, 10), 2_500, "AMA PRA Category 1"),
        ],
        ..Evidence::default()
    };
    let (v, until, detail) = verdict(rule(), &e, today());
    // Met, but the 100 credits of 2021-05-04 stop counting after today.
    assert_eq!(v, Verdict::ExpiresSoon);
    assert_eq!(until, Some(today()));
    assert_eq!(detail, "125 of 125 credits since 2021-05-04");
    // A day later the window has moved past them.
    let (v, _, detail) = verdict(rule(), &e, d(2026, 5, 5));
    assert_eq!(v, Verdict::NotMet);
    assert_eq!(detail, "25 of 125 credits since 2021-05-05");
    // 0.25 short.
    let short = Evidence {
        cme: vec![cme(d(2025, 1, 10), 12_475, "AMA PRA Category 1")],
        ..Evidence::default()
    };
    let (v, _, detail) = verdict(rule(), &short, today());
    assert_eq!(v, Verdict::NotMet);
    assert_eq!(detail, "124.75 of 125 credits since 2021-05-04");
    // Future-dated credits do not count.
    let future = Evidence {
        cme: vec![cme(d(2026, 6, 1), 20_000, "x")],
        ..Evidence::default()
    };
    assert_eq!(verdict(rule(), &future, today()).0, Verdict::NotMet);
    // A category filter.
    let by_category = Criterion::CmeCredits {
        credits: 10.0,
        years: 1,
        category: Some("ECMEC".into()),
    };
    let mixed = Evidence {
        cme: vec![
            cme(d(2026, 1, 1), 900, "ecmec"),
            cme(d(2026, 1, 1), 900, "other"),
        ],
        ..Evidence::default()
    };
    assert_eq!(verdict(by_category, &mixed, today()).0, Verdict::NotMet);
}

#[test]
fn procedure_volume_is_an_input_counted_for_the_window_asked() {
    let rule = Criterion::ProcedureVolume {
        minimum: 50,
        months: 18,
    };
    let criteria = one(rule.clone());
    let windows = procedure_windows(&criteria, today());
    assert_eq!(windows, [(d(2024, 11, 4), today())]);
    assert_eq!(
        verdict(rule.clone(), &Evidence::default(), today()).0,
        Verdict::EvidenceMissing
    );
    let with = |count| Evidence {
        procedure_counts: vec![ProcedureCount {
            from: d(2024, 11, 4),
            to: today(),
            count,
        }],
        ..Evidence::default()
    };
    assert_eq!(verdict(rule.clone(), &with(49), today()).0, Verdict::NotMet);
    let (v, _, detail) = verdict(rule.clone(), &with(50), today());
    assert_eq!(v, Verdict::Met);
    assert_eq!(
        detail,
        "50 procedures in the registry from 2024-11-04 to 2026-05-04 (need 50)"
    );
    // A count for another window is not evidence for this one.
    assert_eq!(
        verdict(rule, &with(500), d(2026, 5, 5)).0,
        Verdict::EvidenceMissing
    );
}

#[test]
fn ethics_attestation_lasts_a_year_to_the_day() {
    let rule = || Criterion::EthicsAttestation {};
    let at = |on| Evidence {
        ethics_attested_on: Some(on),
        ..Evidence::default()
    };
    assert_eq!(
        verdict(rule(), &Evidence::default(), today()).0,
        Verdict::EvidenceMissing
    );
    assert_eq!(verdict(rule(), &at(d(2026, 1, 1)), today()).0, Verdict::Met);
    let (v, until, _) = verdict(rule(), &at(d(2025, 5, 4)), today());
    assert_eq!((v, until), (Verdict::ExpiresSoon, Some(today())));
    let (v, _, detail) = verdict(rule(), &at(d(2025, 5, 3)), today());
    assert_eq!(v, Verdict::NotMet);
    assert_eq!(
        detail,
        "last attested on 2025-05-03; was due again by 2026-05-03"
    );
}

#[test]
fn sponsors_must_be_active_members_declared_unrelated() {
    let rule = || Criterion::Sponsors { count: 2 };
    let sponsor = |active, unrelated| SponsorEvidence {
        name: "S".into(),
        active_member: active,
        declared_unrelated: unrelated,
    };
    assert_eq!(
        verdict(rule(), &Evidence::default(), today()).0,
        Verdict::EvidenceMissing
    );
    let e = |list| Evidence {
        sponsors: list,
        ..Evidence::default()
    };
    assert_eq!(
        verdict(
            rule(),
            &e(vec![sponsor(true, true), sponsor(true, true)]),
            today()
        )
        .0,
        Verdict::Met
    );
    assert_eq!(
        verdict(
            rule(),
            &e(vec![sponsor(true, true), sponsor(false, true)]),
            today()
        )
        .0,
        Verdict::NotMet
    );
    assert_eq!(
        verdict(
            rule(),
            &e(vec![sponsor(true, false), sponsor(true, false)]),
            today()
        )
        .0,
        Verdict::NotMet
    );
}

#[test]
fn years_in_practice_for_isaps_associates_is_fewer_than_three() {
    let rule = || Criterion::YearsInPractice {
        at_least: None,
        fewer_than: Some(3),
    };
    let since = |on| Evidence {
        practice_since: Some(on),
        ..Evidence::default()
    };
    assert_eq!(
        verdict(rule(), &Evidence::default(), today()).0,
        Verdict::EvidenceMissing
    );
    // Two full years and 364 days: still qualifies, until the day before the third anniversary.
    let (v, until, _) = verdict(rule(), &since(d(2023, 5, 5)), today());
    assert_eq!((v, until), (Verdict::ExpiresSoon, Some(today())));
    // Three full years on the anniversary: no longer.
    let (v, _, detail) = verdict(rule(), &since(d(2023, 5, 4)), today());
    assert_eq!(v, Verdict::NotMet);
    assert_eq!(detail, "3 full years in practice since 2023-05-04");
    assert_eq!(
        verdict(
            Criterion::YearsInPractice {
                at_least: Some(5),
                fewer_than: None
            },
            &since(d(2021, 5, 4)),
            today()
        )
        .0,
        Verdict::Met
    );
    assert_eq!(evaluate::full_years(d(2024, 2, 29), d(2025, 2, 28)), 0);
    assert_eq!(evaluate::full_years(d(2024, 2, 29), d(2025, 3, 1)), 1);
}

#[test]
fn national_society_membership_on_this_installation_counts() {
    let rule = || Criterion::SocietyMembership {
        societies: vec![],
        types: vec![MembershipType::Active],
    };
    let m = |acronym: &str, national, t, s| MembershipEvidence {
        society_acronym: acronym.into(),
        national,
        membership_type: t,
        status: s,
    };
    let e = |list| Evidence {
        memberships: list,
        ..Evidence::default()
    };
    assert_eq!(verdict(rule(), &e(vec![]), today()).0, Verdict::NotMet);
    let (v, _, detail) = verdict(
        rule(),
        &e(vec![m(
            "SBCP",
            true,
            MembershipType::Active,
            MembershipStatus::Active,
        )]),
        today(),
    );
    assert_eq!(v, Verdict::Met);
    assert_eq!(detail, "SBCP: active member, active");
    // The alliance itself is not a national society; lapsed does not count.
    assert_eq!(
        verdict(
            rule(),
            &e(vec![
                m(
                    "ISAPS",
                    false,
                    MembershipType::Active,
                    MembershipStatus::Active
                ),
                m(
                    "SBCP",
                    true,
                    MembershipType::Active,
                    MembershipStatus::Lapsed
                )
            ]),
            today()
        )
        .0,
        Verdict::NotMet
    );
    // Named societies only.
    let named = Criterion::SocietyMembership {
        societies: vec!["SECPRE".into()],
        types: vec![MembershipType::Active],
    };
    assert_eq!(
        verdict(
            named,
            &e(vec![m(
                "SBCP",
                true,
                MembershipType::Active,
                MembershipStatus::Active
            )]),
            today()
        )
        .0,
        Verdict::NotMet
    );
}

#[test]
fn any_of_takes_the_best_option_and_facilities_expire() {
    let rule = Criterion::AnyOf {
        options: vec![
            board(),
            Criterion::SocietyMembership {
                societies: vec![],
                types: vec![MembershipType::Active],
            },
        ],
    };
    let (v, _, _) = verdict(rule.clone(), &Evidence::default(), today());
    assert_eq!(v, Verdict::NotMet, "membership is known to be absent");
    let e = Evidence {
        memberships: vec![MembershipEvidence {
            society_acronym: "SBCP".into(),
            national: true,
            membership_type: MembershipType::Active,
            status: MembershipStatus::Active,
        }],
        ..Evidence::default()
    };
    let eval = evaluate(&one(rule), &e, today());
    assert!(eval.eligible);
    assert_eq!(eval.lines[0].evidence, ["SBCP: active member, active"]);

    let facility = Criterion::AccreditedFacility {
        bodies: vec!["AAAASF".into(), "AAAHC".into()],
    };
    let f = |body: &str, until| Evidence {
        credentials: vec![CredentialEvidence {
            kind: CredentialKind::FacilityAccreditation,
            issuer: body.into(),
            number: "F-1".into(),
            issued_on: d(2020, 1, 1),
            expires_on: Some(until),
            subject: Some("Recife Surgery Centre".into()),
        }],
        ..Evidence::default()
    };
    assert_eq!(
        verdict(facility.clone(), &f("AAAHC", d(2027, 1, 1)), today()).0,
        Verdict::Met
    );
    assert_eq!(
        verdict(facility.clone(), &f("AAAHC", d(2026, 5, 3)), today()).0,
        Verdict::NotMet
    );
    assert_eq!(
        verdict(facility, &f("Somebody", d(2027, 1, 1)), today()).0,
        Verdict::NotMet
    );
}

#[test]
fn an_evaluation_is_eligible_only_when_every_line_is_met() {
    let criteria = TypeCriteria {
        membership_type: MembershipType::Active,
        description: String::new(),
        criteria: vec![board(), Criterion::EthicsAttestation {}],
    };
    let e = Evidence {
        credentials: vec![abps(None)],
        ..Evidence::default()
    };
    let eval = evaluate(&criteria, &e, today());
    assert!(!eval.eligible);
    assert_eq!(eval.lines.len(), 2);
    assert_eq!(eval.lines[1].verdict, Verdict::EvidenceMissing);
    assert_eq!(eval.lines[1].detail_key, "ethics-none");
    let e = Evidence {
        ethics_attested_on: Some(today()),
        ..e
    };
    assert!(evaluate(&criteria, &e, today()).eligible);
}

fn dates() -> MembershipDates {
    MembershipDates {
        stored: MembershipStatus::Active,
        since: d(2025, 1, 1),
        renewal_due: Some(d(2026, 1, 1)),
        resigned_on: None,
        attestations: vec![],
        unmet_since: None,
        grace_days: 90,
        suspension_days: 90,
    }
}

#[test]
fn status_moves_through_grace_to_lapsed_on_the_boundaries() {
    let m = dates();
    assert_eq!(
        status_on(&m, None, d(2026, 1, 1)).status,
        MembershipStatus::Active
    );
    assert_eq!(
        status_on(&m, None, d(2026, 1, 2)).status,
        MembershipStatus::Grace
    );
    // Grace ends 90 days after the renewal date, inclusive.
    assert_eq!(
        status_on(&m, None, d(2026, 4, 1)).status,
        MembershipStatus::Grace
    );
    let lapsed = status_on(&m, None, d(2026, 4, 2));
    assert_eq!(lapsed.status, MembershipStatus::Lapsed);
    assert_eq!(lapsed.reason, "grace_over");
    // Lapsed stays lapsed: only a renewal brings it back.
    let stored = MembershipDates {
        stored: MembershipStatus::Lapsed,
        renewal_due: None,
        ..dates()
    };
    assert_eq!(
        status_on(&stored, None, d(2026, 4, 2)).status,
        MembershipStatus::Lapsed
    );
}

#[test]
fn a_missed_facility_attestation_starts_grace_then_suspends() {
    let m = MembershipDates {
        renewal_due: Some(d(2027, 1, 1)),
        attestations: vec![(AttestationKind::Facility, Some(d(2025, 3, 1)))],
        ..dates()
    };
    // Due again on 2026-03-01: met that day, missed the next.
    assert_eq!(
        status_on(&m, None, d(2026, 3, 1)).status,
        MembershipStatus::Active
    );
    let first = status_on(&m, None, d(2026, 3, 2));
    assert_eq!(first.status, MembershipStatus::Grace);
    assert_eq!(first.reason, "criteria_unmet:attestation_missed:facility");
    assert_eq!(first.unmet_since, Some(d(2026, 3, 2)));
    assert_eq!(first.suspend_on, Some(d(2026, 5, 31)));
    // The next days keep the first day of the shortfall.
    let kept = MembershipDates {
        stored: MembershipStatus::Grace,
        unmet_since: first.unmet_since,
        ..m.clone()
    };
    assert_eq!(
        status_on(&kept, None, d(2026, 5, 30)).status,
        MembershipStatus::Grace
    );
    let suspended = status_on(&kept, None, d(2026, 5, 31));
    assert_eq!(suspended.status, MembershipStatus::Suspended);
    assert_eq!(suspended.effective, Some(d(2026, 5, 31)));
    // Attesting again restores it.
    let attested = MembershipDates {
        stored: MembershipStatus::Suspended,
        attestations: vec![(AttestationKind::Facility, Some(d(2026, 6, 1)))],
        ..kept
    };
    let back = status_on(&attested, None, d(2026, 6, 2));
    assert_eq!(back.status, MembershipStatus::Active);
    assert_eq!(back.unmet_since, None);
    // Never attested: the first year runs from the start of the membership.
    let never = MembershipDates {
        attestations: vec![(AttestationKind::Facility, None)],
        ..m
    };
    assert_eq!(
        status_on(&never, None, d(2026, 1, 1)).status,
        MembershipStatus::Active
    );
    assert_eq!(
        status_on(&never, None, d(2026, 1, 2)).status,
        MembershipStatus::Grace
    );
}

#[test]
fn an_expired_certification_starts_grace_and_suspends_after_the_societys_days() {
    let criteria = TypeCriteria {
        membership_type: MembershipType::Active,
        description: String::new(),
        criteria: vec![
            Criterion::BoardCertification { boards: vec![] },
            Criterion::Sponsors { count: 2 },
        ],
    };
    let continuing = criteria.continuing();
    assert_eq!(
        continuing.criteria.len(),
        1,
        "sponsors are asked only of applicants"
    );
    let e = Evidence {
        credentials: vec![abps(Some(d(2026, 2, 1)))],
        ..Evidence::default()
    };
    let m = MembershipDates {
        renewal_due: None,
        suspension_days: 30,
        ..dates()
    };
    let on = |day: NaiveDate, m: &MembershipDates| {
        let check = evaluate(&continuing, &e, day);
        status_on(m, Some(&check), day)
    };
    let valid = evaluate(&continuing, &e, d(2026, 1, 15));
    assert_eq!(valid.holds_until(), Some(d(2026, 2, 1)));
    assert_eq!(on(d(2026, 2, 1), &m).status, MembershipStatus::Active);
    let grace = on(d(2026, 2, 2), &m);
    assert_eq!(grace.status, MembershipStatus::Grace);
    assert_eq!(grace.unmet, ["board_certification"]);
    assert_eq!(grace.suspend_on, Some(d(2026, 3, 4)));
    let m = MembershipDates {
        stored: MembershipStatus::Grace,
        unmet_since: grace.unmet_since,
        ..m
    };
    assert_eq!(on(d(2026, 3, 3), &m).status, MembershipStatus::Grace);
    assert_eq!(on(d(2026, 3, 4), &m).status, MembershipStatus::Suspended);
    // A suspended membership stays so while the shortfall lasts, whatever the stored start.
    let legacy = MembershipDates {
        stored: MembershipStatus::Suspended,
        unmet_since: None,
        ..m
    };
    assert_eq!(
        on(d(2026, 3, 5), &legacy).status,
        MembershipStatus::Suspended
    );
}

#[test]
fn resignation_and_unmanaged_memberships() {
    let m = MembershipDates {
        resigned_on: Some(d(2026, 3, 1)),
        ..dates()
    };
    assert_eq!(
        status_on(&m, None, d(2026, 2, 28)).status,
        MembershipStatus::Grace
    );
    assert_eq!(
        status_on(&m, None, d(2026, 3, 1)).status,
        MembershipStatus::Resigned
    );
    let unmanaged = MembershipDates {
        stored: MembershipStatus::Applicant,
        renewal_due: None,
        ..dates()
    };
    assert_eq!(
        status_on(&unmanaged, None, d(2030, 1, 1)).status,
        MembershipStatus::Applicant
    );
}

#[test]
fn reminders_at_sixty_thirty_and_seven_days() {
    let due = d(2026, 7, 3);
    assert_eq!(reminder_due(due, d(2026, 5, 3)), None, "61 days before");
    assert_eq!(reminder_due(due, d(2026, 5, 4)), Some(60));
    assert_eq!(reminder_due(due, d(2026, 6, 2)), Some(60), "31 days before");
    assert_eq!(reminder_due(due, d(2026, 6, 3)), Some(30));
    assert_eq!(reminder_due(due, d(2026, 6, 26)), Some(7));
    assert_eq!(reminder_due(due, due), Some(7));
    assert_eq!(reminder_due(due, d(2026, 7, 4)), None, "passed");
    let list = reminders(
        crate::MemberId(3),
        "Ana Souza",
        &[Deadline {
            key: "credential:9".into(),
            what: "board certification".into(),
            due,
        }],
        d(2026, 6, 3),
    );
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].dedupe_key, "member:3:credential:9:2026-07-03:30d");
    assert!(list[0].body.contains("30 days from today"));
}

#[test]
fn evidence_files_are_recognised_by_content() {
    assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
    assert_eq!(
        FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Some(FileType::Png)
    );
    assert_eq!(
        FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
        Some(FileType::Jpeg)
    );
    assert_eq!(FileType::sniff(b"<html><script>"), None);
    assert_eq!(FileType::sniff(b"MZ\x90\0"), None);
    assert_eq!(FileType::sniff(b""), None);
    assert_eq!(FileType::sniff(b"%PD"), None);
}

#[test]
fn inputs_name_their_bad_fields() {
    let bad = CredentialInput {
        kind: "diploma".into(),
        issuer: String::new(),
        number: "1".into(),
        subject: String::new(),
        issued_on: "2026-13-01".into(),
        expires_on: String::new(),
    };
    let fields: Vec<String> = bad
        .validate(crate::MemberId(1))
        .err()
        .map(|e| e.0.into_iter().map(|f| f.field).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["issuer", "kind", "issued_on"]);
    let backwards = CredentialInput {
        kind: "licence".into(),
        issuer: "CRM".into(),
        number: "1".into(),
        subject: String::new(),
        issued_on: "2026-01-01".into(),
        expires_on: "2025-01-01".into(),
    };
    assert!(backwards.validate(crate::MemberId(1)).is_err());
    let credits = CmeInput {
        activity: "Webinar".into(),
        completed_on: "2026-05-05".into(),
        credits: "1.333".into(),
        category: "AMA PRA Category 1".into(),
    };
    let fields: Vec<String> = credits
        .validate(today())
        .err()
        .map(|e| e.0.into_iter().map(|f| f.field).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["completed_on", "credits"]);
    let ok = CmeInput {
        completed_on: "2026-05-04".into(),
        credits: "1.25".into(),
        ..credits
    };
    assert_eq!(ok.validate(today()).map(|c| c.credits_x100).ok(), Some(125));
    assert_eq!(format_credits(125), "1.25");
    assert_eq!(format_credits(150), "1.5");
    assert_eq!(format_credits(12_500), "125");
}
