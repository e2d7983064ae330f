//! Imports from real files into a real SQLite store.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use kallos_domain::audit::AuditContext;
use kallos_domain::member::{MemberProfile, MembershipStatus, MembershipType, NewMembership};
use kallos_domain::registry::identifiers::Identifier;
use kallos_domain::society::alliance_seed;
use kallos_registry::import::{ImportOptions, ImportSummary, import_file};
use kallos_registry::reasons::Reason;
use kallos_registry::synthetic::{Member, Options, write_cases};
use kallos_store::{Change, NewMemberRecord, Store};
use kallos_store_sqlite::SqliteStore;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod bad_files;

const TODAY: (i32, u32, u32) = (2026, 6, 1);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

struct Setup {
    store: Arc<dyn Store>,
    dir: tempfile::TempDir,
    member: i64,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(&dir.path().join("kallos.db"))
            .await
            .unwrap(),
    );
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap());
    store
        .apply(
            &ctx,
            alliance_seed()
                .into_iter()
                .map(Change::EnsureSociety)
                .collect(),
        )
        .await
        .unwrap();
    let sbcp = store.society_by_slug("SBCP").await.unwrap().unwrap().id;
    let outcomes = store
        .apply(
            &ctx,
            vec![Change::CreateMember(Box::new(NewMemberRecord {
                profile: MemberProfile {
                    given_name: "Ana".into(),
                    family_name: "Souza".into(),
                    country_iso2: "BR".into(),
                    city: "Recife".into(),
                    languages: vec!["pt".into()],
                    offers_follow_up: true,
                    directory_opt_in: true,
                },
                email: None,
                memberships: vec![NewMembership {
                    society_id: sbcp,
                    membership_type: MembershipType::Active,
                    status: MembershipStatus::Active,
                    since: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                }],
                certifications: vec![],
                facilities: vec![],
            }))],
        )
        .await
        .unwrap();
    Setup {
        store,
        dir,
        member: outcomes[0].created_id().unwrap(),
    }
}

fn options() -> ImportOptions {
    ImportOptions {
        society: None,
        dry_run: false,
        strict: false,
        batch_size: 1_000,
        today: today(),
        member: None,
    }
}

async fn import(setup: &Setup, path: &Path, options: &ImportOptions) -> ImportSummary {
    let audit =
        || AuditContext::system("import", Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap());
    let mut progress = |_: u64, _: i64| {};
    import_file(&*setup.store, &audit, path, options, &mut progress)
        .await
        .expect("import")
}

fn synthetic(setup: &Setup, count: u64, seed: u64) -> PathBuf {
    let path = setup.dir.path().join(format!("cases-{count}-{seed}.csv"));
    let members = vec![Member {
        id: setup.member,
        society: "SBCP".into(),
        country: "BR".into(),
    }];
    let options = Options {
        count,
        first_year: 2023,
        last_year: 2025,
        seed,
        today: today(),
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    write_cases(&members, &options, &mut file, |_| {}).unwrap();
    path
}

#[tokio::test]
async fn a_file_imported_twice_is_stored_once_and_rollups_match_a_rebuild() {
    let setup = setup().await;
    let path = synthetic(&setup, 5_000, 3);
    let first = import(&setup, &path, &options()).await;
    assert_eq!(
        (
            first.rows_read,
            first.accepted,
            first.rejected,
            first.issue_count
        ),
        (5_000, 5_000, 0, 0)
    );
    assert_eq!(setup.store.count_cases(None).await.unwrap(), 5_000);
    let second = import(&setup, &path, &options()).await;
    assert_eq!(
        (second.accepted, second.updated, second.unchanged),
        (0, 0, 5_000)
    );
    assert_ne!(first.submission, second.submission);
    let incremental = setup.store.rollups().await.unwrap();
    let procedures: i64 = incremental.iter().map(|(_, m)| m.procedures).sum();
    assert!(
        procedures > 5_000,
        "combined cases count each procedure: {procedures}"
    );
    setup
        .store
        .rebuild_rollups(&AuditContext::system(
            "test",
            Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(incremental, setup.store.rollups().await.unwrap());
}

fn write(setup: &Setup, name: &str, text: &str) -> PathBuf {
    let path = setup.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const HEADER: &str = "case_id,society,member_id,setting,procedure_country,residence_country,procedure_date,procedures,anaesthesia,patient_key,age,sex,smoker,diabetes,asa,complications,patient_name";

#[tokio::test]
async fn bad_rows_are_reported_by_row_and_column_and_identifiers_never_stored() {
    let setup = setup().await;
    let member = setup.member;
    let text = format!(
        "{HEADER}\n\
         C-1,SBCP,{member},hospital,BR,BR,2025-02-01,BE-LIPO,general,k-000001,35,F,no,no,1,,Maria Silva\n\
         C-2,SBCP,{member},hospital,BR,BR,2027-02-01,BE-LIPO,general,k-000002,35,F,no,no,1,,Joana Dark\n\
         C-3,SBCP,{member},spaceship,BR,XX,2025-02-01,BE-LIPO;XX-NOPE,general,k-000003,7,F,maybe,no,1,,\n\
         C-4,SBCP,{member},hospital,BR,BR,2025-02-01,BE-LIPO,general,maria.silva@mail.example,35,F,no,no,1,,\n\
         C-5,SBCP,{member},hospital,BR,BR,2025-02-01,BR-AUG-IMP,general,k-000005,35,F,no,no,1,,\n\
         C-6,SBCP,{member},hospital,BR,BR,2025-02-01,BE-ABDO,general,k-000006,35,F,no,no,1,HEMATOMA:IIIb:2025-01-01,\n\
         C-7,TAS,{member},hospital,BR,BR,2025-02-01,BE-LIPO,general,k-000007,35,F,no,no,1,,\n"
    );
    let path = write(&setup, "bad.csv", &text);
    let summary = import(&setup, &path, &options()).await;
    assert_eq!(
        (summary.rows_read, summary.accepted, summary.rejected),
        (7, 1, 6)
    );
    let errors: Vec<(u64, &str)> = summary
        .issues
        .iter()
        .filter(|i| i.severity == kallos_registry::Severity::Error)
        .map(|i| (i.row, i.column.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (3, "procedure_date"),
            (4, "setting"),
            (4, "residence_country"),
            (4, "procedures"),
            (4, "age"),
            (4, "smoker"),
            (5, "patient_key"),
            (6, "device1_manufacturer"),
            (7, "complications"),
            (8, "member_id"),
        ]
    );
    let header = &summary.issues[0];
    assert_eq!((header.row, header.column.as_str()), (1, "patient_name"));
    assert_eq!(header.reason, Reason::identifier_column(Identifier::Name));
    let email = summary
        .issues
        .iter()
        .find(|i| i.column == "patient_key")
        .unwrap();
    assert!(
        !email.value.contains("maria")
            && email.reason == Reason::identifier_refused(Identifier::Email),
        "{email:?}"
    );

    // A row is a record, as a spreadsheet shows it: saved on Windows (CRLF
    // line ends), or with a line break inside a quoted value, the file names
    // the same rows.
    let rows = |s: &ImportSummary| {
        s.issues
            .iter()
            .map(|i| (i.row, i.column.clone()))
            .collect::<Vec<_>>()
    };
    let c6 = format!(
        "C-6,SBCP,{member},hospital,BR,BR,2025-02-01,BE-ABDO,general,k-000006,35,F,no,no,1,HEMATOMA:IIIb:2025-01-01,"
    );
    for (name, variant) in [
        ("crlf.csv", text.replace('\n', "\r\n")),
        (
            "quoted.csv",
            text.replace(&c6, &format!("{c6}\"Ana\nLima\"")),
        ),
    ] {
        assert_ne!(variant, text);
        let path = write(&setup, name, &variant);
        let dry_run = ImportOptions {
            dry_run: true,
            ..options()
        };
        let checked = import(&setup, &path, &dry_run).await;
        assert_eq!(rows(&checked), rows(&summary), "{name}");
    }

    // The stored report matches, and no identifier reached the database files.
    let stored = setup
        .store
        .submission_issues(summary.submission.unwrap(), 0, 100)
        .await
        .unwrap();
    assert_eq!(stored.len(), summary.issues.len());
    setup.store.close().await;
    for entry in std::fs::read_dir(setup.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("kallos.db") {
            let bytes = std::fs::read(&path).unwrap();
            for secret in [
                "Maria Silva",
                "Joana Dark",
                "maria.silva@mail.example",
                "k-000001",
            ] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{secret} found in {}",
                    path.display()
                );
            }
        }
    }
}

#[tokio::test]
async fn strict_rejects_the_whole_file_dry_run_stores_nothing_and_society_restricts() {
    let setup = setup().await;
    let member = setup.member;
    let text = format!(
        "{HEADER}\n\
         S-1,SBCP,{member},hospital,BR,BR,2025-02-01,BE-LIPO,general,k-000001,35,F,no,no,1,,\n\
         S-2,SBCP,{member},hospital,BR,BR,2025-02-01,BE-LIPO,general,k-000002,300,F,no,no,1,,\n"
    );
    let path = write(&setup, "strict.csv", &text);
    let dry = import(
        &setup,
        &path,
        &ImportOptions {
            dry_run: true,
            ..options()
        },
    )
    .await;
    assert_eq!((dry.submission, dry.accepted, dry.rejected), (None, 1, 1));
    assert_eq!(setup.store.count_cases(None).await.unwrap(), 0);

    let strict = import(
        &setup,
        &path,
        &ImportOptions {
            strict: true,
            ..options()
        },
    )
    .await;
    assert_eq!(strict.status, "rejected");
    assert_eq!(
        setup.store.count_cases(None).await.unwrap(),
        0,
        "nothing of a rejected file is stored"
    );
    let submission = setup
        .store
        .submission(strict.submission.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        submission.status,
        kallos_store::registry::SubmissionStatus::Rejected
    );
    let report = setup
        .store
        .submission_issues(submission.id, 0, 10)
        .await
        .unwrap();
    assert_eq!(
        (
            report[0].column.as_str(),
            report[1].column.as_str(),
            report[1].row
        ),
        ("patient_name", "age", 3)
    );

    let only_tas = import(
        &setup,
        &path,
        &ImportOptions {
            society: Some("TAS".into()),
            ..options()
        },
    )
    .await;
    assert_eq!(only_tas.accepted, 0);
    assert!(
        only_tas
            .issues
            .iter()
            .any(|i| i.reason == Reason::restricted_to("TAS"))
    );

    let missing = write(&setup, "missing.csv", "case_id,society\nX,SBCP\n");
    let audit = || {
        AuditContext::system(
            "import",
            Utc.with_ymd_and_hms(2026, 6, 1, 10, 0, 0).unwrap(),
        )
    };
    let mut progress = |_: u64, _: i64| {};
    let error = import_file(&*setup.store, &audit, &missing, &options(), &mut progress)
        .await
        .unwrap_err();
    assert!(
        error.to_string().starts_with(
            "row 1: the header lacks the required column(s) setting, procedure_country"
        ),
        "{error}"
    );
}

#[tokio::test]
async fn an_updated_file_updates_cases_and_keeps_their_history() {
    let setup = setup().await;
    let member = setup.member;
    let before = format!(
        "{HEADER}\nU-1,SBCP,{member},hospital,BR,BR,2025-02-01,BE-ABDO,general,k-000001,35,F,no,no,1,,\n"
    );
    let after = format!(
        "{HEADER}\nU-1,SBCP,{member},hospital,BR,BR,2025-02-01,BE-ABDO,general,k-000001,35,F,no,no,1,SEROMA:I:2025-02-12,\n"
    );
    import(&setup, &write(&setup, "v1.csv", &before), &options()).await;
    let summary = import(&setup, &write(&setup, "v2.csv", &after), &options()).await;
    assert_eq!(summary.updated, 1);
    let sbcp = setup
        .store
        .society_by_slug("SBCP")
        .await
        .unwrap()
        .unwrap()
        .id;
    let case = setup.store.case(sbcp, "U-1").await.unwrap().unwrap();
    assert_eq!((case.version, case.record.complications.len()), (2, 1));
    assert!(
        case.record.patient_key.starts_with("p_"),
        "the key is pseudonymised: {}",
        case.record.patient_key
    );
    assert_eq!(
        setup.store.case_history(sbcp, "U-1").await.unwrap().len(),
        1
    );
    let seroma: i64 = setup
        .store
        .rollups()
        .await
        .unwrap()
        .iter()
        .map(|(_, m)| m.seroma)
        .sum();
    assert_eq!(seroma, 1);
}

#[tokio::test]
async fn an_xlsx_file_goes_through_the_same_checks_as_csv() {
    let setup = setup().await;
    let member = setup.member.to_string();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header: Vec<&str> = HEADER.split(',').collect();
    let good = [
        "X-1",
        "SBCP",
        member.as_str(),
        "hospital",
        "BR",
        "BR",
        "",
        "BE-LIPO",
        "general",
        "k-000001",
        "",
        "F",
        "no",
        "no",
        "",
        "",
        "",
    ];
    let bad = [
        "X-2",
        "SBCP",
        member.as_str(),
        "hospital",
        "BR",
        "BR",
        "2025-02-01",
        "BE-LIPO",
        "general",
        "k-000002",
        "",
        "F",
        "no",
        "no",
        "",
        "",
        "",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    for (row, values) in [(1u32, good), (2u32, bad)] {
        for (column, value) in values.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(row, column as u16, *value).unwrap();
            }
        }
    }
    // Numbers and dates as a spreadsheet stores them: numeric cells, a date serial.
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 2, 1).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 6, &date, &format)
        .unwrap();
    sheet.write_number(1, 10, 35.0).unwrap();
    sheet.write_number(1, 14, 1.0).unwrap();
    sheet.write_number(2, 10, 300.0).unwrap();
    sheet.write_number(2, 14, 1.0).unwrap();
    let path = setup.dir.path().join("cases.xlsx");
    workbook.save(&path).unwrap();

    let summary = import(&setup, &path, &options()).await;
    assert_eq!(
        (summary.rows_read, summary.accepted, summary.rejected),
        (2, 1, 1),
        "{:?}",
        summary.issues
    );
    let age = summary.issues.iter().find(|i| i.column == "age").unwrap();
    assert_eq!((age.row, age.value.as_str()), (3, "300"));
    let submission = setup
        .store
        .submission(summary.submission.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(submission.source, "xlsx");
    let sbcp = setup
        .store
        .society_by_slug("SBCP")
        .await
        .unwrap()
        .unwrap()
        .id;
    let case = setup.store.case(sbcp, "X-1").await.unwrap().unwrap();
    assert_eq!(case.record.procedure_date.to_string(), "2025-02-01");
    assert_eq!(case.record.age, 35);
    assert!(
        !setup.dir.path().join("cases.xlsx.csv").exists(),
        "the CSV copy is removed"
    );
}

/// Validates FHIR JSON with the independent `fhir.resources` (R4) models when
/// they are installed (always in CI); returns whether it ran.
fn validate_with_fhir_resources(bundles: &Path) -> bool {
    let script = "import json, sys\nfrom fhir.resources.bundle import Bundle\nn = 0\nfor line in open(sys.argv[1]):\n    Bundle.parse_obj(json.loads(line)); n += 1\nprint(n)\n";
    let python = std::env::var("KALLOS_FHIR_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let probe = std::process::Command::new(&python)
        .args(["-c", "import fhir.resources"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have fhir.resources (R4) to validate the FHIR export"
        );
        eprintln!("fhir.resources not installed: skipping the independent FHIR validation");
        return false;
    }
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(bundles)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the FHIR validator refused a bundle: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[tokio::test]
async fn cases_go_out_as_fhir_r4_bundles_and_come_back_the_same() {
    let setup = setup().await;
    let path = synthetic(&setup, 3_000, 21);
    let first = import(&setup, &path, &options()).await;
    assert_eq!(first.accepted, 3_000);
    let sbcp = setup
        .store
        .society_by_slug("SBCP")
        .await
        .unwrap()
        .unwrap()
        .id;
    // Export every case, with devices and complications among them.
    let csv = std::fs::read_to_string(&path).unwrap();
    let refs: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut ndjson = String::new();
    let mut originals = Vec::new();
    for case_ref in &refs {
        let stored = setup.store.case(sbcp, case_ref).await.unwrap().unwrap();
        ndjson.push_str(&kallos_registry::fhir::case_bundle(&stored.record).to_string());
        ndjson.push('\n');
        originals.push(stored.record);
    }
    assert!(
        originals.iter().any(|r| !r.devices.is_empty())
            && originals.iter().any(|r| !r.complications.is_empty())
    );
    let export = setup.dir.path().join("export.ndjson");
    std::fs::write(&export, &ndjson).unwrap();
    validate_with_fhir_resources(&export);

    // Into a second store, the Bundles pass the same checks and give the same cases.
    let other = setup_second(&setup).await;
    let summary = import(&other, &export, &options()).await;
    assert_eq!(
        (summary.accepted, summary.rejected),
        (3_000, 0),
        "{:?}",
        summary.issues.first()
    );
    let submission = other
        .store
        .submission(summary.submission.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(submission.source, "fhir");
    let other_sbcp = other
        .store
        .society_by_slug("SBCP")
        .await
        .unwrap()
        .unwrap()
        .id;
    for original in originals.iter().take(500) {
        let mut back = other
            .store
            .case(other_sbcp, &original.case_ref)
            .await
            .unwrap()
            .unwrap()
            .record;
        back.patient_key.clone_from(&original.patient_key);
        back.member_id = original.member_id;
        assert_eq!(&back, original);
    }
    // One pretty-printed Bundle (several lines) is one case.
    let pretty = setup.dir.path().join("one.json");
    let first: serde_json::Value = serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
    std::fs::write(&pretty, serde_json::to_string_pretty(&first).unwrap()).unwrap();
    let one = import(
        &other,
        &pretty,
        &ImportOptions {
            dry_run: true,
            ..options()
        },
    )
    .await;
    assert_eq!((one.rows_read, one.accepted), (1, 1));
    // A broken Bundle is reported on its row.
    let broken = setup.dir.path().join("broken.ndjson");
    std::fs::write(
        &broken,
        format!(
            "{}\n{{\"resourceType\": \"Patient\"}}\nnot json\n",
            ndjson.lines().next().unwrap()
        ),
    )
    .unwrap();
    let summary = import(
        &other,
        &broken,
        &ImportOptions {
            dry_run: true,
            ..options()
        },
    )
    .await;
    assert_eq!((summary.accepted, summary.rejected), (1, 2));
    assert!(
        summary
            .issues
            .iter()
            .any(|i| i.row == 3 && i.value.contains("unreadable-bundle-2")),
        "{:?}",
        summary.issues
    );
}

/// A second, independent store whose one member has the same id as in `first`.
async fn setup_second(first: &Setup) -> Setup {
    let second = setup().await;
    assert_eq!(second.member, first.member);
    second
}
