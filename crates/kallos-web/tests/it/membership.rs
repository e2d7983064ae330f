//! Membership over real HTTP: criteria edited by a society's administrator,
//! an application evaluated and explained, approved into a membership;
//! credentials with evidence checked by content and served only to the
//! member and their society's administrators; CME entered by an admin.

use crate::app::{MEMBER, SBCP_ADMIN, TAS_ADMIN, TAS_TOKEN, TestApp, csrf_in};
use kallos_domain::member::MembershipStatus;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const TAS_CRITERIA: &str = r#"
renewal_months = 12

[[types]]
membership_type = "active"

[[types.criteria]]
kind = "board_certification"

[[types.criteria]]
kind = "ethics_attestation"

[[types.criteria]]
kind = "sponsors"
count = 1
"#;

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = app.csrf(client, page).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    client
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn text(client: &reqwest::Client, url: String) -> (u16, String) {
    let response = client.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_member_applies_is_evaluated_and_the_admin_approves_with_a_reason() {
    let app = TestApp::spawn().await;
    let tas_admin = app.signed_in(TAS_ADMIN).await;

    // Criteria: a bad file names its field and changes nothing; a good one is saved.
    let (status, page) = text(&tas_admin, app.url("/societies/TAS/criteria")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("American Board of Plastic Surgery"),
        "the ASAPS preset is offered"
    );
    let bad = TAS_CRITERIA.replace("count = 1", "count = \"two\"");
    let response = post_form(
        &app,
        &tas_admin,
        "/societies/TAS/criteria",
        "/societies/TAS/criteria",
        &[("criteria", &bad)],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("types[0].criteria[2].count"), "{body}");
    assert_eq!(
        app.store.society_criteria(tas(&app).await).await.unwrap(),
        None
    );
    let response = post_form(
        &app,
        &tas_admin,
        "/societies/TAS/criteria",
        "/societies/TAS/criteria",
        &[("criteria", TAS_CRITERIA)],
    )
    .await;
    assert_eq!(response.status(), 303);
    let exported = tas_admin
        .get(app.url("/societies/TAS/criteria.toml"))
        .send()
        .await
        .unwrap();
    assert!(
        exported.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        exported
            .text()
            .await
            .unwrap()
            .contains("kind = \"sponsors\"")
    );
    // Another society's administrator cannot read or change them.
    let sbcp_admin = app.signed_in(SBCP_ADMIN).await;
    let (status, _) = text(&sbcp_admin, app.url("/societies/TAS/criteria")).await;
    assert_eq!(status, 403);

    // The member applies; an unknown sponsor is named and nothing is stored.
    let member = app.signed_in(MEMBER).await;
    let response = post_form(
        &app,
        &member,
        "/me/membership",
        "/me/membership/applications",
        &[
            ("society", "TAS"),
            ("membership_type", "active"),
            ("sponsors", "nobody@example.org"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("nobody@example.org") && body.contains("is not a member on Kallos"),
        "{body}"
    );
    assert!(
        app.store
            .member_applications(app.sbcp_member)
            .await
            .unwrap()
            .is_empty()
    );

    let response = post_form(
        &app,
        &member,
        "/me/membership",
        "/me/membership/applications",
        &[
            ("society", "TAS"),
            ("membership_type", "active"),
            ("sponsors", "taylor@example.org"),
            ("sponsors_unrelated", "on"),
            ("attest_ethics", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/me/membership/applications/"),
        "{location}"
    );
    let id: i64 = location
        .trim_start_matches("/me/membership/applications/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, page) = text(&member, app.url(&location)).await;
    // Criterion by criterion: no board certification on file; ethics and sponsor met.
    assert!(page.contains("Evidence missing"), "{page}");
    assert!(page.contains("no board certification on file"));
    assert!(page.contains("code of ethics attested on 2026-05-04"));
    assert!(page.contains("Taylor Brooks"));
    assert!(page.contains("Waiting for a decision"));
    // In Arabic, right to left.
    let rtl = member
        .get(app.url(&format!("/me/membership/applications/{id}")))
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(rtl.contains("dir=\"rtl\"") && rtl.contains("الإثبات ناقص"));
    assert!(
        rtl.contains("لا توجد شهادة بورد في الملف"),
        "the detail is translated"
    );

    // The society's admin sees it pending; another society's admin does not.
    let (_, list) = text(&tas_admin, app.url("/societies/TAS/applications")).await;
    assert!(list.contains(&format!("/societies/TAS/applications/{id}")));
    let (status, _) = text(
        &sbcp_admin,
        app.url(&format!("/societies/TAS/applications/{id}")),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = text(
        &sbcp_admin,
        app.url(&format!("/societies/SBCP/applications/{id}")),
    )
    .await;
    assert_eq!(
        status, 404,
        "an application of another society is not found through one's own"
    );

    // A decision needs a reason.
    let page = format!("/societies/TAS/applications/{id}");
    let response = post_form(&app, &tas_admin, &page, &page, &[("decision", "approve")]).await;
    assert_eq!(response.status(), 422);
    let before = app.audit_count().await;
    let response = post_form(
        &app,
        &tas_admin,
        &page,
        &page,
        &[
            ("decision", "approve"),
            ("reason", "Board certification verified by letter"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.audit_count().await, before + 1);
    let last = app.store.audit_page(before, 1).await.unwrap();
    assert_eq!(last[0].action, "application.approve");
    assert!(
        last[0]
            .detail
            .contains("Board certification verified by letter")
    );
    let held = app.store.member_memberships(app.sbcp_member).await.unwrap();
    let in_tas = held.iter().find(|m| m.society_acronym == "TAS").unwrap();
    assert_eq!(in_tas.status, MembershipStatus::Active);
    assert_eq!(
        in_tas.renewal_due.map(|d| d.to_string()).as_deref(),
        Some("2027-05-04")
    );
    // Deciding twice is refused.
    let again = post_form(
        &app,
        &tas_admin,
        &page,
        &page,
        &[("decision", "reject"), ("reason", "x")],
    )
    .await;
    assert_eq!(again.status(), 409);

    // The applicant sees the decision and its reason.
    let (_, page) = text(&member, app.url(&location)).await;
    assert!(page.contains("Approved") && page.contains("Board certification verified by letter"));
    let (_, mine) = text(&member, app.url("/me/membership")).await;
    assert!(mine.contains("2027-05-04"), "renewal date shown");

    // The JSON API for machine clients.
    let api = reqwest::Client::new();
    let get = |path: &str| api.get(app.url(path)).bearer_auth(TAS_TOKEN).send();
    let listed: Value = get("/api/v1/societies/TAS/applications?status=approved")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(
        listed[0]["reason"],
        "Board certification verified by letter"
    );
    assert_eq!(
        listed[0]["evaluation"]["lines"][0]["verdict"],
        "evidence_missing"
    );
    let criteria: Value = get("/api/v1/societies/TAS/criteria")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        criteria["criteria"]["types"][0]["criteria"][2]["kind"],
        "sponsors"
    );
    let evaluation: Value = get(&format!(
        "/api/v1/societies/TAS/members/{}/evaluation?type=active",
        app.sbcp_member
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(evaluation.as_array().unwrap().len(), 1);
    let evaluation = &evaluation[0];
    assert_eq!(evaluation["membership_type"], "active");
    assert_eq!(evaluation["lines"].as_array().unwrap().len(), 3);
    assert_eq!(
        evaluation["lines"][2]["verdict"], "met",
        "the sponsor of the application"
    );
    let bad_type = get(&format!(
        "/api/v1/societies/TAS/members/{}/evaluation?type=gold",
        app.sbcp_member
    ))
    .await
    .unwrap();
    assert_eq!(bad_type.status(), 422);
    let mine: Value = member
        .get(app.url("/api/v1/me/evaluation?society=TAS&type=active"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine[0]["lines"][1]["verdict"], "met",
        "ethics attested today"
    );
    let other = get("/api/v1/societies/SBCP/applications").await.unwrap();
    assert_eq!(other.status(), 403);
    let openapi = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for path in [
        "/societies/{slug}/criteria",
        "/societies/{slug}/applications",
        "/societies/{slug}/members/{id}/evaluation",
        "/me/evaluation",
    ] {
        assert!(openapi.contains(path), "{path} documented");
    }
}

async fn tas(app: &TestApp) -> kallos_domain::SocietyId {
    app.store.society_by_slug("TAS").await.unwrap().unwrap().id
}

fn credential(file: Option<(&'static str, Vec<u8>)>, expires_on: &str) -> Form {
    let form = Form::new()
        .text("kind", "board_certification")
        .text("issuer", "National Board of Plastic Surgery (Brazil)")
        .text("number", "BR-42")
        .text("issued_on", "2018-03-01")
        .text("expires_on", expires_on.to_owned());
    match file {
        Some((name, bytes)) => form.part(
            "file",
            Part::bytes(bytes)
                .file_name(name)
                .mime_str("application/pdf")
                .unwrap(),
        ),
        None => form,
    }
}

#[tokio::test]
async fn evidence_is_checked_by_content_and_served_only_to_its_member_and_admins() {
    let app = TestApp::spawn().await;
    let member = app.signed_in(MEMBER).await;
    let page = member
        .get(app.url("/me/membership"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let upload = |form: Form| {
        member
            .post(app.url(&format!("/me/credentials?csrf_token={csrf}")))
            .multipart(form)
            .send()
    };
    // Called .pdf and sent as application/pdf, but HTML inside: refused.
    let response = upload(credential(
        Some(("cert.pdf", b"<html><script>alert(1)</script>".to_vec())),
        "2030-01-01",
    ))
    .await
    .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("not a PDF, PNG or JPEG")
    );
    // Over 5 MiB: refused with the limit named.
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b'x');
    let response = upload(credential(Some(("big.pdf", big)), "2030-01-01"))
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("larger than 5 MiB"));
    assert!(
        app.store
            .credentials(app.sbcp_member)
            .await
            .unwrap()
            .is_empty()
    );

    // A real PDF with a hostile name: stored under a generated name.
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let response = upload(credential(
        Some(("../../etc/passwd.pdf", pdf.clone())),
        "2030-01-01",
    ))
    .await
    .unwrap();
    assert_eq!(response.status(), 303);
    // And an expired one without evidence.
    let response = upload(credential(None, "2026-01-01")).await.unwrap();
    assert_eq!(response.status(), 303);
    let stored = app.store.credentials(app.sbcp_member).await.unwrap();
    assert_eq!(stored.len(), 2);
    let with_file = stored.iter().find(|c| c.evidence.is_some()).unwrap();
    let evidence = with_file.evidence.clone().unwrap();
    assert!(!evidence.stored_name.contains("passwd") && !evidence.stored_name.contains('/'));
    assert!(evidence.stored_name.ends_with(".pdf"));
    assert_eq!(evidence.size, pdf.len() as i64);

    let (_, page) = text(&member, app.url("/me/membership")).await;
    assert_eq!(
        page.matches("class=\"expired\"").count(),
        1,
        "the expired one is marked"
    );

    // The member downloads it, as an attachment that is never sniffed.
    let path = format!("/me/credentials/{}/evidence", with_file.id);
    let response = member.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"credential-")
    );
    assert_eq!(response.bytes().await.unwrap().to_vec(), pdf);

    // Their society's admin may; another society's admin may not, by either route.
    let admin_path = format!(
        "/societies/SBCP/members/{}/credentials/{}/evidence",
        app.sbcp_member, with_file.id
    );
    let sbcp_admin = app.signed_in(SBCP_ADMIN).await;
    assert_eq!(
        sbcp_admin
            .get(app.url(&admin_path))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let tas_admin = app.signed_in(TAS_ADMIN).await;
    assert_eq!(
        tas_admin
            .get(app.url(&admin_path))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let through_tas = format!(
        "/societies/TAS/members/{}/credentials/{}/evidence",
        app.sbcp_member, with_file.id
    );
    assert_eq!(
        tas_admin
            .get(app.url(&through_tas))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        tas_admin.get(app.url(&path)).send().await.unwrap().status(),
        404
    );
    let anonymous = TestApp::browser().get(app.url(&path)).send().await.unwrap();
    assert_eq!(anonymous.status(), 303, "sent to sign in");
}

#[tokio::test]
async fn an_admin_enters_cme_credits_and_sees_the_member_evaluated() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let page = format!("/societies/SBCP/members/{}/membership", app.sbcp_member);
    let action = format!("/societies/SBCP/members/{}/cme", app.sbcp_member);
    let response = post_form(
        &app,
        &admin,
        &page,
        &action,
        &[
            ("activity", "Annual meeting"),
            ("completed_on", "2026-04-20"),
            ("credits", "lots"),
            ("category", "AMA PRA Category 1"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("credits: must be a number of credits")
    );
    let response = post_form(
        &app,
        &admin,
        &page,
        &action,
        &[
            ("activity", "Annual meeting"),
            ("completed_on", "2026-04-20"),
            ("credits", "22.5"),
            ("category", "AMA PRA Category 1"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, html) = text(&admin, app.url(&page)).await;
    assert!(html.contains("22.5"));
    // With criteria set, the page evaluates the member for each type.
    kallos_membership::import_criteria(
        &*app.store,
        &kallos_domain::audit::AuditContext::system("test", kallos_domain::clock::Clock::now(&*app.clock)),
        app.store.society_by_slug("SBCP").await.unwrap().unwrap().id,
        "[[types]]\nmembership_type = \"active\"\n[[types.criteria]]\nkind = \"cme_credits\"\ncredits = 20\nyears = 1\n",
    )
    .await
    .unwrap();
    let (_, html) = text(&admin, app.url(&page)).await;
    assert!(
        html.contains("22.5 of 20 credits since 2025-05-04"),
        "{html}"
    );
    // Another society's admin cannot enter credits for this member.
    let tas_admin = app.signed_in(TAS_ADMIN).await;
    let response = post_form(
        &app,
        &tas_admin,
        "/societies/TAS/members",
        &format!("/societies/TAS/members/{}/cme", app.sbcp_member),
        &[
            ("activity", "x"),
            ("completed_on", "2026-04-20"),
            ("credits", "1"),
            ("category", "x"),
        ],
    )
    .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn criteria_files_are_imported_from_the_page_and_members_attest_and_resign() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(SBCP_ADMIN).await;
    let page = admin
        .get(app.url("/societies/SBCP/criteria"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let import = |bytes: Vec<u8>| {
        admin
            .post(app.url(&format!(
                "/societies/SBCP/criteria/import?csrf_token={csrf}"
            )))
            .multipart(Form::new().part("file", Part::bytes(bytes).file_name("sbcp.json")))
            .send()
    };
    // JSON with a kind that does not exist: named, nothing stored.
    let bad =
        br#"{"types": [{"membership_type": "active", "criteria": [{"kind": "golf_handicap"}]}]}"#;
    let response = import(bad.to_vec()).await.unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("types[0].criteria[0].kind"), "{body}");
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap();
    assert!(app.store.society_criteria(sbcp.id).await.unwrap().is_none());
    let good = br#"{"grace_days": 30, "types": [{"membership_type": "active", "criteria": [{"kind": "ethics_attestation"}, {"kind": "accredited_facility", "bodies": ["AAAHC"]}]}]}"#;
    let response = import(good.to_vec()).await.unwrap();
    assert_eq!(response.status(), 303);
    let stored = app.store.society_criteria(sbcp.id).await.unwrap().unwrap();
    assert_eq!(stored.grace_days, 30);
    let json: Value = admin
        .get(app.url("/societies/SBCP/criteria.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["types"][0]["criteria"][1]["bodies"][0], "AAAHC");

    // The member attests both yearly attestations to SBCP, then resigns.
    let member = app.signed_in(MEMBER).await;
    for kind in ["ethics", "facility"] {
        let response = post_form(
            &app,
            &member,
            "/me/membership",
            "/me/membership/attest",
            &[("society", "SBCP"), ("kind", kind)],
        )
        .await;
        assert_eq!(response.status(), 303);
    }
    let attested = app
        .store
        .latest_attestations(Some(app.sbcp_member))
        .await
        .unwrap();
    assert_eq!(attested.len(), 2);
    assert!(attested.iter().all(|a| a.on.to_string() == "2026-05-04"));
    // Not a member of TAS: refused, named.
    let response = post_form(
        &app,
        &member,
        "/me/membership",
        "/me/membership/attest",
        &[("society", "TAS"), ("kind", "ethics")],
    )
    .await;
    assert_eq!(response.status(), 422);
    let response = post_form(
        &app,
        &member,
        "/me/membership",
        "/me/membership/resign",
        &[("society", "SBCP")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let held = app.store.member_memberships(app.sbcp_member).await.unwrap();
    assert_eq!(held[0].status, MembershipStatus::Resigned);
    assert_eq!(
        held[0].resigned_on.map(|d| d.to_string()).as_deref(),
        Some("2026-05-04")
    );
}
