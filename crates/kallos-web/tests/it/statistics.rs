//! Statistics over real HTTP: a society reviews and approves its data, the
//! approved period is locked, the alliance publishes, and the public sees
//! only approved data with small counts suppressed: pages, downloads, API.

use crate::app::{ALLIANCE_ADMIN, SBCP_ADMIN, TAS_ADMIN, TestApp, csrf_in};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::Clock;
use kallos_registry::import::{ImportOptions, import_file};

/// `lipo` liposuctions and `rhino` rhinoplasties in February 2025, SBCP.
fn cases(member: i64, lipo: usize, rhino: usize, prefix: &str) -> String {
    let header = kallos_registry::dataset::template_header();
    let fields = header.split(',').count();
    let member = member.to_string();
    let mut out = format!("{header}\n");
    for i in 0..lipo + rhino {
        let mut cells = vec![String::new(); fields];
        let id = format!("{prefix}-{i}");
        let key = format!("k-{prefix}-{i:05}");
        for (column, value) in [
            (0, id.as_str()),
            (1, "SBCP"),
            (2, member.as_str()),
            (4, "hospital"),
            (5, "BR"),
            (6, if i % 3 == 0 { "US" } else { "BR" }),
            (7, "2025-02-01"),
            (8, if i < lipo { "BE-LIPO" } else { "FH-RHINO" }),
            (10, "general"),
            (11, key.as_str()),
            (12, "40"),
            (13, "F"),
            (15, "no"),
            (16, "no"),
            (17, "2"),
        ] {
            cells[column] = value.to_owned();
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

async fn import(app: &TestApp, csv: &str, name: &str) -> kallos_registry::import::ImportSummary {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, csv).unwrap();
    let now = app.clock.now();
    let audit = || AuditContext::system("test", now);
    let options = ImportOptions {
        society: None,
        dry_run: false,
        strict: false,
        batch_size: 100,
        today: chrono::NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
        member: None,
    };
    let mut progress = |_: u64, _: i64| {};
    import_file(&*app.store, &audit, &path, &options, &mut progress)
        .await
        .unwrap()
}

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = client
        .get(app.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_in(&html);
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    client
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn approve_lock_publish_and_read_the_public_statistics() {
    let app = TestApp::spawn().await;
    let summary = import(&app, &cases(app.sbcp_member.0, 40, 3, "S"), "first.csv").await;
    assert_eq!(summary.accepted, 43);

    // Nothing is public before approval and publication.
    let public = reqwest::get(app.url("/statistics")).await.unwrap();
    assert_eq!(public.status(), 200);
    assert!(
        public
            .text()
            .await
            .unwrap()
            .contains("Nothing has been published yet.")
    );
    let api = reqwest::get(app.url("/api/v1/statistics/2025"))
        .await
        .unwrap();
    assert_eq!(api.status(), 404);

    // The society sees its own numbers, unsuppressed, and approves 2025.
    let sbcp = app.signed_in(SBCP_ADMIN).await;
    let own = sbcp
        .get(app.url("/societies/SBCP/statistics?year=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    let own = own.text().await.unwrap();
    assert!(
        own.contains("Rhinoplasty") && own.contains(">3</td>"),
        "unsuppressed 3"
    );
    assert!(own.contains("role=\"img\"") && own.contains("<desc id="));
    let before = app.audit_count().await;
    let approved = post_form(
        &app,
        &sbcp,
        "/societies/SBCP/statistics?year=2025",
        "/societies/SBCP/statistics/approvals",
        &[("period", "2025"), ("action", "approve")],
    )
    .await;
    assert_eq!(approved.status(), 303);
    assert_eq!(app.audit_count().await, before + 1);
    let bad = post_form(
        &app,
        &sbcp,
        "/societies/SBCP/statistics",
        "/societies/SBCP/statistics/approvals",
        &[("period", "2025-Q7"), ("action", "approve")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("period"));

    // Another society neither sees nor approves SBCP's statistics.
    let tas = app.signed_in(TAS_ADMIN).await;
    let denied = tas
        .get(app.url("/societies/SBCP/statistics"))
        .send()
        .await
        .unwrap();
    assert!(
        matches!(denied.status().as_u16(), 403 | 404),
        "{}",
        denied.status()
    );

    // The approved period is locked: a changed case is refused, with the reason.
    let mut changed = cases(app.sbcp_member.0, 40, 3, "S");
    changed = changed.replacen("2025-02-01", "2025-02-02", 1);
    let locked = import(&app, &changed, "second.csv").await;
    assert_eq!(
        (locked.accepted, locked.updated, locked.rejected),
        (0, 0, 1)
    );
    assert!(
        locked.issues.iter().any(|i| i.column == "procedure_date"
            && i.reason.english == "period 2025 is approved; withdraw the approval first"),
        "{:?}",
        locked.issues
    );

    // The alliance sees every society's approval state and publishes.
    let alliance = app.signed_in(ALLIANCE_ADMIN).await;
    let desk = alliance
        .get(app.url("/statistics/admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(desk.status(), 200);
    assert!(desk.text().await.unwrap().contains("class=\"approved\""));
    assert_eq!(
        sbcp.get(app.url("/statistics/admin"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let published = post_form(
        &app,
        &alliance,
        "/statistics/admin",
        "/statistics/admin/publish",
        &[("year", "2025")],
    )
    .await;
    assert_eq!(published.status(), 303);

    // The public page: the three rhinoplasties are suppressed, the total is
    // shown under the cell-key method (within 2 of the 43), which it names.
    let page = reqwest::get(app.url("/statistics/2025")).await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Version 1") && page.contains("SHA-256"));
    assert!(page.contains("suppressed"));
    assert!(page.contains("role=\"img\""));
    assert!(!page.contains(">3</td>"), "the small count is not shown");
    assert!(
        page.contains("cell-key method"),
        "the page says which protection applies"
    );
    let json: serde_json::Value = reqwest::get(app.url("/api/v1/statistics/2025"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let procedures = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "procedures")
        .unwrap();
    let row = |key: &str| {
        procedures["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap()["values"][0]
            .clone()
    };
    let total = row("total").as_i64().unwrap();
    assert!((41..=45).contains(&total), "{total}");
    assert!(row("procedure:FH-RHINO").is_null());
    assert_eq!(
        json["noise"],
        serde_json::json!({"method": "cell_key", "bound": 2})
    );
    let csv = reqwest::get(app.url("/statistics/2025/download/sex.csv"))
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "key,label,procedures");
    // The same count as the procedures table's total: the same value.
    assert_eq!(lines[1], format!("total,Total,{total}"));
    let female: i64 = lines[2]
        .strip_prefix("sex:F,Female,")
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!((41..=45).contains(&female), "{csv}");
    // Every sex has its row, the empty ones hidden like any small count.
    assert_eq!(&lines[3..], ["sex:M,Male,", "sex:X,Other,"]);
    let xlsx = reqwest::get(app.url("/statistics/2025/download/report.xlsx"))
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let openapi = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(openapi.contains("/statistics/{year}/tables/{table}"));

    // Withdrawing is audited and unlocks the period; a new publication
    // restates what changed.
    let before = app.audit_count().await;
    let withdrawn = post_form(
        &app,
        &sbcp,
        "/societies/SBCP/statistics?year=2025",
        "/societies/SBCP/statistics/approvals",
        &[("period", "2025"), ("action", "withdraw")],
    )
    .await;
    assert_eq!(withdrawn.status(), 303);
    assert_eq!(app.audit_count().await, before + 1);
    let more = import(&app, &cases(app.sbcp_member.0, 20, 0, "T"), "third.csv").await;
    assert_eq!(more.accepted, 20);
    let again = post_form(
        &app,
        &sbcp,
        "/societies/SBCP/statistics?year=2025",
        "/societies/SBCP/statistics/approvals",
        &[("period", "2025"), ("action", "approve")],
    )
    .await;
    assert_eq!(again.status(), 303);
    post_form(
        &app,
        &alliance,
        "/statistics/admin",
        "/statistics/admin/publish",
        &[("year", "2025")],
    )
    .await;
    let page = reqwest::get(app.url("/statistics/2025"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Version 2") && page.contains("Restated since version 1"));
    let versions: serde_json::Value = reqwest::get(app.url("/api/v1/statistics"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2);
    // In Arabic, the page is right to left.
    let arabic = reqwest::Client::new()
        .get(app.url("/statistics/2025"))
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(arabic.contains("dir=\"rtl\"") && arabic.contains("إحصاءات"));
}

#[tokio::test]
async fn follow_up_on_a_case_of_an_approved_quarter_is_refused_until_withdrawn() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let csrf = app.csrf(&admin, "/societies/SBCP/registry/cases/new").await;
    let member = app.sbcp_member.0.to_string();
    let case = [
        ("csrf_token", csrf.as_str()),
        ("case_id", "Q2-1"),
        ("member_id", member.as_str()),
        ("setting", "hospital"),
        ("procedure_country", "BR"),
        ("residence_country", "BR"),
        ("procedure_date", "2025-05-02"),
        ("procedures", "BR-LIFT"),
        ("anaesthesia", "general"),
        ("patient_key", "k-778899"),
        ("age", "44"),
        ("sex", "F"),
        ("smoker", "no"),
        ("diabetes", "no"),
        ("asa", "2"),
    ];
    let created = admin
        .post(app.url("/societies/SBCP/registry/cases"))
        .form(&case)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let approved = post_form(
        &app,
        &admin,
        "/societies/SBCP/statistics",
        "/societies/SBCP/statistics/approvals",
        &[("period", "2025-Q2"), ("action", "approve")],
    )
    .await;
    assert_eq!(approved.status(), 303);
    let follow_up = [
        ("csrf_token", csrf.as_str()),
        ("followup_30_date", "2025-06-01"),
        ("reoperation", "no"),
    ];
    let page = app.url("/societies/SBCP/registry/cases/Q2-1");
    let refused = admin.post(&page).form(&follow_up).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("period 2025-Q2 is approved; withdraw the approval first"),
        "{}",
        &text[text.find("<main").unwrap_or(0)..]
    );
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap().id;
    assert_eq!(
        app.store.case(sbcp, "Q2-1").await.unwrap().unwrap().version,
        1
    );
    post_form(
        &app,
        &admin,
        "/societies/SBCP/statistics",
        "/societies/SBCP/statistics/approvals",
        &[("period", "2025-Q2"), ("action", "withdraw")],
    )
    .await;
    let saved = admin.post(&page).form(&follow_up).send().await.unwrap();
    assert_eq!(saved.status(), 303);
    assert_eq!(
        app.store.case(sbcp, "Q2-1").await.unwrap().unwrap().version,
        2
    );
}
