//! Uploading a case file from the web: the import runs in the background and
//! its page shows the counts and the report; other societies see nothing.

use crate::app::{MEMBER, SBCP_ADMIN, TAS_ADMIN, TestApp};
use std::time::Duration;

/// A row of the case file: the template's columns, with these filled in.
fn row_of(values: &[(usize, &str)]) -> String {
    let fields = kallos_registry::dataset::template_header()
        .split(',')
        .count();
    let mut cells = vec![String::new(); fields];
    for (i, v) in values {
        cells[*i] = (*v).to_owned();
    }
    cells.join(",")
}

/// A valid case of SBCP operated on by `member` (empty: no member named).
fn good_row(id: &str, member: &str) -> String {
    row_of(&[
        (0, id),
        (1, "SBCP"),
        (2, member),
        (4, "hospital"),
        (5, "BR"),
        (6, "BR"),
        (7, "2025-02-01"),
        (8, "BE-LIPO"),
        (10, "general"),
        (11, "k-000123"),
        (12, "40"),
        (13, "F"),
        (15, "no"),
        (16, "no"),
        (17, "2"),
    ])
}

fn case_file(member: i64) -> String {
    let header = kallos_registry::dataset::template_header();
    let member = member.to_string();
    let bad = row_of(&[
        (0, "W-3"),
        (1, "SBCP"),
        (4, "hospital"),
        (5, "BR"),
        (6, "BR"),
        (7, "2025-02-01"),
        (8, "BE-LIPO"),
        (10, "general"),
        (11, "k-000125"),
        (12, "400"),
        (13, "F"),
        (15, "no"),
        (16, "no"),
        (17, "2"),
    ]);
    format!(
        "{header}\n{}\n{}\n{bad}\n",
        good_row("W-1", &member),
        good_row("W-2", &member)
    )
}

/// Uploads a case file and waits for its import to finish; returns the
/// submission page's path and its HTML.
async fn upload_and_wait(
    app: &TestApp,
    client: &reqwest::Client,
    society: &str,
    csv: String,
) -> (String, String) {
    let page = client
        .get(app.url(&format!("/societies/{society}/registry")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::app::csrf_in(&page);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("mine.csv"),
    );
    let response = client
        .post(app.url(&format!(
            "/societies/{society}/registry/submissions?csrf_token={csrf}"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let mut html = String::new();
    for _ in 0..100 {
        html = client
            .get(app.url(&location))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if !html.contains("http-equiv=\"refresh\"") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (location, html)
}

#[tokio::test]
async fn a_member_submits_only_the_cases_they_operated_on() {
    let app = TestApp::spawn().await;
    let header = kallos_registry::dataset::template_header();
    let own = app.sbcp_member.0.to_string();
    // The society's administrator stores a case with no operating member named.
    let admin = app.signed_in(SBCP_ADMIN).await;
    let (admins, _) = upload_and_wait(
        &app,
        &admin,
        "SBCP",
        format!("{header}\n{}\n", good_row("A-1", "")),
    )
    .await;

    let member = app.signed_in(MEMBER).await;
    let profile = member
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        profile.contains("href=\"/societies/SBCP/registry\""),
        "{profile}"
    );
    let registry = member
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap();
    assert_eq!(registry.status(), 200);
    let registry = registry.text().await.unwrap();
    assert!(registry.contains(&format!("member_id {own}")), "{registry}");
    assert!(registry.contains("No submissions yet."), "{registry}");
    // Not a member of TAS: its registry stays closed, and so do SBCP's members.
    for closed in ["/societies/TAS/registry", "/societies/SBCP/members"] {
        assert_eq!(
            member.get(app.url(closed)).send().await.unwrap().status(),
            403,
            "{closed}"
        );
    }

    let other = app.tas_member.0.to_string();
    let csv = format!(
        "{header}\n{}\n{}\n{}\n",
        good_row("M-1", &own),
        good_row("M-2", &other),
        good_row("M-3", "")
    );
    let (location, html) = upload_and_wait(&app, &member, "SBCP", csv).await;
    assert!(
        html.contains("<dt>New cases</dt><dd>1</dd>")
            && html.contains("<dt>Rejected rows</dt><dd>2</dd>"),
        "{html}"
    );
    assert!(html.contains("members submit only the cases they operated on"));
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap().id;
    assert!(app.store.case(sbcp, "M-1").await.unwrap().is_some());
    assert!(app.store.case(sbcp, "M-2").await.unwrap().is_none());

    // The member sees their own submission and case, not the administrator's.
    let registry = member
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(registry.contains(&format!("<a href=\"{location}\">")));
    assert!(!registry.contains(&format!("<a href=\"{admins}\">")));
    assert!(
        registry.contains("One of your cases is stored."),
        "{registry}"
    );
    for (path, status) in [
        (location.clone(), 200),
        (format!("{location}/report.csv"), 200),
        (admins.clone(), 404),
        (format!("{admins}/report.csv"), 404),
        ("/societies/SBCP/registry/cases/M-1".to_owned(), 200),
        ("/societies/SBCP/registry/cases/A-1".to_owned(), 404),
    ] {
        assert_eq!(
            member.get(app.url(&path)).send().await.unwrap().status(),
            status,
            "{path}"
        );
    }
    // The administrator sees every submission of the society.
    let all = admin
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(all.contains(&format!("<a href=\"{location}\">")));
    assert!(all.contains(&format!("<a href=\"{admins}\">")));
}

#[tokio::test]
async fn an_admin_uploads_a_case_file_and_reads_its_report() {
    let app = TestApp::spawn().await;
    let template = reqwest::get(app.url("/registry/template.csv"))
        .await
        .unwrap();
    assert_eq!(template.status(), 200);
    assert!(
        template
            .text()
            .await
            .unwrap()
            .starts_with("case_id,society,")
    );
    let workbook = reqwest::get(app.url("/registry/template.xlsx"))
        .await
        .unwrap();
    assert_eq!(workbook.status(), 200);
    assert_eq!(
        workbook.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let saved = tempfile::tempdir().unwrap();
    let (xlsx, csv) = (saved.path().join("t.xlsx"), saved.path().join("t.csv"));
    std::fs::write(&xlsx, workbook.bytes().await.unwrap()).unwrap();
    assert_eq!(kallos_registry::xlsx::to_csv(&xlsx, &csv).unwrap(), 2);
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("case_id,society,"),
        "the workbook's first sheet is the template"
    );

    let admin = app.signed_in(SBCP_ADMIN).await;
    let page = admin
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let csrf = crate::app::csrf_in(&page);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(case_file(app.sbcp_member.0).into_bytes())
            .file_name("march.csv"),
    );
    let response = admin
        .post(app.url(&format!(
            "/societies/SBCP/registry/submissions?csrf_token={csrf}"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/societies/SBCP/registry/submissions/"));

    let mut html = String::new();
    for _ in 0..100 {
        html = admin
            .get(app.url(&location))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if !html.contains("http-equiv=\"refresh\"") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(html.contains("Completed"), "{html}");
    assert!(
        html.contains("<dt>New cases</dt><dd>2</dd>")
            && html.contains("<dt>Rejected rows</dt><dd>1</dd>"),
        "{html}"
    );
    assert!(html.contains("must be between 12 and 100"));
    let report = admin
        .get(app.url(&format!("{location}/report.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(report, "row,column,value,reason,severity\n4,\"age\",\"400\",\"must be between 12 and 100\",\"error\"\n".replace(",\"error\"", ",error"));
    // A reader of French reads the same report in French.
    let in_french = |path: String| {
        admin
            .get(app.url(&path))
            .header("accept-language", "fr")
            .send()
    };
    let french = in_french(location.clone())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        french.contains("<td>doit être compris entre 12 et 100</td><td>erreur</td>"),
        "{french}"
    );
    let french_report = in_french(format!("{location}/report.csv"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        french_report,
        "row,column,value,reason,severity\n4,\"age\",\"400\",\"doit être compris entre 12 et 100\",error\n"
    );
    assert_eq!(app.store.count_cases(None).await.unwrap(), 2);
    let registry = admin
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        registry.contains(&format!("<a href=\"{location}\">"))
            && registry.contains("march.csv (csv)"),
        "{registry}"
    );

    // Another society's administrator sees neither the submission nor its report.
    let tas = app.signed_in(TAS_ADMIN).await;
    assert_eq!(
        tas.get(app.url(&location)).send().await.unwrap().status(),
        403
    );
    let id = location.rsplit('/').next().unwrap();
    let through_own = tas
        .get(app.url(&format!("/societies/TAS/registry/submissions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(through_own.status(), 404);
    // An upload without its CSRF token is refused.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv"),
    );
    let refused = admin
        .post(app.url("/societies/SBCP/registry/submissions"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_single_case_goes_through_the_same_checks_as_a_file() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let page = admin
        .get(app.url("/societies/SBCP/registry/cases/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<label for=\"procedure_date\">Date of the procedure</label>"),
        "{page}"
    );
    assert!(page.contains(
        "id=\"procedure_country\" name=\"procedure_country\" type=\"text\" value=\"BR\""
    ));
    let csrf = crate::app::csrf_in(&page);
    let member = app.sbcp_member.0.to_string();
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("case_id", "F-1"),
        ("member_id", member.as_str()),
        ("setting", "hospital"),
        ("procedure_country", "BR"),
        ("residence_country", "PT"),
        ("procedure_date", "2025-05-02"),
        ("procedures", "BE-ABDO;BE-LIPO"),
        ("anaesthesia", "general"),
        ("patient_key", "maria@mail.example"),
        ("age", "44"),
        ("sex", "F"),
        ("smoker", "no"),
        ("diabetes", "no"),
        ("asa", "2"),
    ];
    let refused = admin
        .post(app.url("/societies/SBCP/registry/cases"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"patient_key-error\">looks like an email address"),
        "{html}"
    );
    let french = admin
        .post(app.url("/societies/SBCP/registry/cases"))
        .header("accept-language", "fr")
        .form(&fields)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        french.contains(
            "id=\"patient_key-error\">ressemble à une adresse e-mail : les identifiants directs sont refusés<"
        ),
        "{french}"
    );
    assert_eq!(
        app.store.count_cases(None).await.unwrap(),
        0,
        "nothing stored"
    );

    fields.retain(|(k, _)| *k != "patient_key");
    fields.push(("patient_key", "k-778899"));
    let saved = admin
        .post(app.url("/societies/SBCP/registry/cases"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let html = admin
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<dt>New cases</dt><dd>1</dd>"), "{html}");
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap().id;
    let case = app.store.case(sbcp, "F-1").await.unwrap().unwrap();
    assert_eq!(case.record.procedures, ["BE-ABDO", "BE-LIPO"]);
    assert_ne!(case.record.patient_key, "k-778899", "pseudonymised");
    let dictionary = reqwest::get(app.url("/registry/dictionary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dictionary.starts_with("# Kallos registry: minimum data set"));
}

#[tokio::test]
async fn follow_up_entered_on_a_case_makes_a_new_version() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let csrf = app.csrf(&admin, "/societies/SBCP/registry/cases/new").await;
    let member = app.sbcp_member.0.to_string();
    let case = [
        ("csrf_token", csrf.as_str()),
        ("case_id", "FU/2025/1"),
        ("member_id", member.as_str()),
        ("setting", "ambulatory_surgery_centre"),
        ("procedure_country", "BR"),
        ("residence_country", "BR"),
        ("procedure_date", "2025-05-02"),
        ("procedures", "BR-LIFT"),
        ("anaesthesia", "general"),
        ("patient_key", "k-445566"),
        ("age", "51"),
        ("sex", "F"),
        ("bmi", "27.4"),
        ("smoker", "yes"),
        ("diabetes", "no"),
        ("asa", "2"),
    ];
    assert_eq!(
        admin
            .post(app.url("/societies/SBCP/registry/cases"))
            .form(&case)
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap().id;
    let pseudonym = app
        .store
        .case(sbcp, "FU/2025/1")
        .await
        .unwrap()
        .unwrap()
        .record
        .patient_key;

    let page_url = app.url("/societies/SBCP/registry/cases/FU%2F2025%2F1");
    let page = admin
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Case FU/2025/1") && page.contains("BR-LIFT"),
        "{page}"
    );
    assert!(!page.contains("k-445566"), "the patient key is never shown");

    let wrong = [
        ("csrf_token", csrf.as_str()),
        ("followup_30_date", "2025-04-01"),
        ("complications", "SEROMA:I:2025-05-10"),
    ];
    let refused = admin.post(&page_url).form(&wrong).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("is before the procedure (2025-05-02)")
    );

    let good = [
        ("csrf_token", csrf.as_str()),
        ("followup_30_date", "2025-06-01"),
        ("complications", "SEROMA:I:2025-05-10"),
        ("reoperation", "no"),
    ];
    let saved = admin.post(&page_url).form(&good).send().await.unwrap();
    assert_eq!(saved.status(), 303);
    let stored = app.store.case(sbcp, "FU/2025/1").await.unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.record.complications.len(), 1);
    assert_eq!(
        stored.record.patient_key, pseudonym,
        "the pseudonym is kept, not hashed again"
    );
    assert_eq!(stored.record.bmi_tenths, Some(274));
    assert_eq!(
        app.store
            .case_history(sbcp, "FU/2025/1")
            .await
            .unwrap()
            .len(),
        1
    );
    let seroma: i64 = app
        .store
        .rollups()
        .await
        .unwrap()
        .iter()
        .map(|(_, m)| m.seroma)
        .sum();
    assert_eq!(seroma, 1);
    let tas = app.signed_in(crate::app::TAS_ADMIN).await;
    assert_eq!(
        tas.get(app.url("/societies/TAS/registry/cases/FU%2F2025%2F1"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_registry_page_finds_a_case_by_its_id() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let found = admin
        .get(app.url("/societies/SBCP/registry/find?case_id=A%2F1"))
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 303);
    assert_eq!(
        found.headers()["location"],
        "/societies/SBCP/registry/cases/A%2F1"
    );
    let missing = admin
        .get(app.url("/societies/SBCP/registry/cases/A%2F1"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn fhir_bundles_in_and_out_through_the_api() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let good = kallos_registry::fhir::case_bundle(&kallos_store::conformance::case(
        "FH-0001",
        "TAS",
        &["BR-LIFT"],
    ));
    let mut bad = kallos_store::conformance::case("FH-0002", "TAS", &["NS-HA"]);
    bad.age = 9;
    let bad = kallos_registry::fhir::case_bundle(&bad);
    let ndjson = format!("{good}\n{bad}\n");
    let response = client
        .post(app.url("/api/v1/societies/TAS/fhir"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .header("content-type", "application/fhir+ndjson")
        .body(ndjson)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let result: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        (result["accepted"].as_i64(), result["rejected"].as_i64()),
        (Some(1), Some(1)),
        "{result}"
    );
    assert_eq!(result["outcome"]["resourceType"], "OperationOutcome");
    let issue = &result["outcome"]["issue"][0];
    assert_eq!(issue["expression"][0], "age");
    assert!(
        issue["diagnostics"]
            .as_str()
            .unwrap()
            .starts_with("bundle 2: age"),
        "{issue}"
    );

    let back = client
        .get(app.url("/api/v1/societies/TAS/fhir/cases/FH-0001"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()["content-type"], "application/fhir+json");
    let bundle: serde_json::Value = back.json().await.unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    let patient_key = bundle["entry"][0]["resource"]["identifier"][0]["value"]
        .as_str()
        .unwrap();
    assert!(
        patient_key.starts_with("p_") && patient_key != "p_FH-0001",
        "the stored pseudonym, not the submitted key"
    );
    let not_json = client
        .post(app.url("/api/v1/societies/TAS/fhir"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .body("case_id,society")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
}
