//! The public directory, verification pages, signed credentials, their
//! status lists and attestations, over real HTTP on a real SQLite store.

use crate::app::{MEMBER, SBCP_ADMIN, TAS_ADMIN, TestApp, csrf_in};
use chrono::Duration;
use kallos_credentials::{CredentialError, Jwks, check_status, verify_signature};
use kallos_domain::member::MembershipStatus;
use kallos_store::Change;
use serde_json::Value;

async fn json(url: String) -> (u16, Value) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn csrf_of(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    app.csrf(client, path).await
}

#[tokio::test]
async fn only_active_members_who_opted_in_are_listed_and_a_lapse_shows_at_once() {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/directory"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (brooks, souza) = (
        html.find("Brooks, Taylor").expect("Brooks listed"),
        html.find("Souza, Ana").expect("Souza listed"),
    );
    assert!(brooks < souza, "alphabetical by family name");
    assert!(html.contains("<label for=\"country\">"));
    assert!(html.contains("Nobody can pay"));

    let (status, found) = json(app.url("/api/v1/directory?name=tay")).await;
    assert_eq!(status, 200);
    assert_eq!(found["total"], 1);
    assert_eq!(found["results"][0]["family_name"], "Brooks");
    assert_eq!(found["results"][0]["societies"][0], "TAS");
    let (_, brazil) = json(app.url("/api/v1/directory?country=br&language=pt")).await;
    assert_eq!(
        brazil["total"], 2,
        "both test members are in Brazil and speak pt"
    );
    let (_, follow_up) = json(app.url("/api/v1/directory?follow_up=true")).await;
    assert_eq!(follow_up["total"], 0);

    let tas = app.store.society_by_slug("TAS").await.unwrap().unwrap().id;
    app.store
        .apply(
            &kallos_store::conformance::ctx(9),
            vec![Change::CheckMembership {
                society: tas,
                member: app.tas_member,
                status: MembershipStatus::Lapsed,
            }],
        )
        .await
        .unwrap();
    let (_, after) = json(app.url("/api/v1/directory?name=tay")).await;
    assert_eq!(
        after["total"], 0,
        "a lapsed member leaves the directory at once"
    );
    let page = reqwest::get(app.url("/directory"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Brooks, Taylor"));

    let bad = reqwest::get(app.url("/directory?country=XX&procedure=NOPE"))
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("href=\"#country\"") && bad.contains("href=\"#procedure\""));
    let (status, body) = json(app.url("/api/v1/directory?procedure=NOPE&page=0")).await;
    assert_eq!(status, 422);
    let fields: Vec<_> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["procedure", "page"]);
    let (_, openapi) = json(app.url("/api/v1/openapi.json")).await;
    assert!(openapi["paths"]["/directory"]["get"].is_object());
    assert!(openapi["paths"]["/verify/{public_id}"]["get"].is_object());
}

#[tokio::test]
async fn a_signed_in_visitor_is_not_served_the_public_copy_of_a_page() {
    let app = TestApp::spawn().await;
    let path = "/directory?country=BR";
    for _ in 0..2 {
        let public = reqwest::get(app.url(path)).await.unwrap();
        assert!(public.headers().get("set-cookie").is_none());
        let public = public.text().await.unwrap();
        assert!(public.contains("Brooks, Taylor") && !public.contains("/sign-out"));
    }
    let client = app.signed_in(SBCP_ADMIN).await;
    let own = client.get(app.url(path)).send().await.unwrap();
    let own = own.text().await.unwrap();
    assert!(own.contains("Brooks, Taylor"));
    assert!(
        own.contains("action=\"/sign-out\""),
        "their own page, with their form"
    );
    assert_eq!(csrf_in(&own).len(), 64, "and their own token in it");
}

#[tokio::test]
async fn procedures_are_edited_by_the_member_and_their_administrators_only() {
    let app = TestApp::spawn().await;
    let member = app.signed_in(MEMBER).await;
    let page = member.get(app.url("/me/directory")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<label for=\"procedure-BR-AUG-IMP\">"));
    let token = csrf_in(&html);
    let saved = member
        .post(app.url("/me/directory"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf_token={token}&procedures=BR-AUG-IMP&procedures=FH-RHINO"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    let (_, found) = json(app.url("/api/v1/directory?procedure=FH-RHINO")).await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["results"][0]["family_name"], "Souza");
    assert_eq!(found["results"][0]["procedures"][1], "FH-RHINO");
    // The public directory names procedures in its visitor's language.
    let french = reqwest::Client::new()
        .get(app.url("/directory?procedure=FH-RHINO"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        french.contains("<option value=\"FH-RHINO\" selected>Rhinoplastie</option>")
            && french.contains("<td>Augmentation mammaire (implants), Rhinoplastie</td>"),
        "{french}"
    );

    let refused = member
        .post(app.url("/me/directory"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&procedures=NOT-A-CODE"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Procedures offered: is not one of the choices")
    );

    let path = format!("/societies/SBCP/members/{}/directory", app.sbcp_member);
    let other = app.signed_in(TAS_ADMIN).await;
    let token = csrf_of(&app, &other, "/").await;
    let forbidden = other
        .post(app.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&procedures=BE-LIPO"))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
    let admin = app.signed_in(SBCP_ADMIN).await;
    let token = csrf_of(&app, &admin, &path).await;
    let done = admin
        .post(app.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&procedures=BE-LIPO"))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    assert_eq!(
        app.store.member_procedures(app.sbcp_member).await.unwrap(),
        ["BE-LIPO"]
    );
}

#[tokio::test]
async fn the_verification_page_has_status_masked_numbers_and_a_qr_code() {
    let app = TestApp::spawn().await;
    let id = app
        .store
        .member_public_id(app.sbcp_member)
        .await
        .unwrap()
        .unwrap();
    let page = reqwest::get(app.url(&format!("/verify/{id}")))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers().get("set-cookie").is_none(),
        "a page without a form sets no cookie"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("<img src=\"/verify/{id}/qr.svg\"")));
    let qr = reqwest::get(app.url(&format!("/verify/{id}/qr.svg")))
        .await
        .unwrap();
    assert_eq!(qr.status(), 200);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(
        qr.text().await.unwrap().contains("<svg"),
        "rendered on the server"
    );
    let unknown = reqwest::get(app.url("/verify/0123456789abcdef0123456789abcdef/qr.svg"))
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(html.contains(&format!("http://127.0.0.1:8080/verify/{id}")));
    assert!(html.contains("Last checked") && html.contains("2026-05-04"));
    let (status, record) = json(app.url(&format!("/verify/{id}.json"))).await;
    assert_eq!(status, 200);
    assert_eq!(record["memberships"][0]["society_acronym"], "SBCP");
    assert_eq!(record["memberships"][0]["status"], "active");
    assert_eq!(record["memberships"][0]["checked_on"], "2026-05-04");
    assert_eq!(record["listed"], true);
    let negotiated = reqwest::Client::new()
        .get(app.url(&format!("/verify/{id}")))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(negotiated, record);
    let (_, api) = json(app.url(&format!("/api/v1/verify/{id}"))).await;
    assert_eq!(api, record);
    for unknown in [
        "0123456789abcdef0123456789abcdef".to_owned(),
        app.sbcp_member.to_string(),
    ] {
        let missing = reqwest::get(app.url(&format!("/verify/{unknown}")))
            .await
            .unwrap();
        assert_eq!(
            missing.status(),
            404,
            "{unknown}: only the public id opens the page"
        );
    }
}

/// Issues a credential to the SBCP member as SBCP's administrator; returns
/// the administrator's client and the member's downloaded token.
async fn issued(app: &TestApp) -> (reqwest::Client, String, String) {
    let admin = app.signed_in(SBCP_ADMIN).await;
    let path = format!("/societies/SBCP/members/{}/directory", app.sbcp_member);
    let token = csrf_of(app, &admin, &path).await;
    let issue = admin
        .post(app.url(&format!(
            "/societies/SBCP/members/{}/credentials",
            app.sbcp_member
        )))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(issue.status(), 303);
    let member = app.signed_in(MEMBER).await;
    let html = member
        .get(app.url("/me/directory"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = html.find("/me/credentials/").expect("a download link");
    let link: String = html[start..].chars().take_while(|c| *c != '"').collect();
    let download = member.get(app.url(&link)).send().await.unwrap();
    assert_eq!(download.headers()["content-type"], "application/vc+jwt");
    let credential_id = link.rsplit('/').next().unwrap().to_owned();
    (admin, download.text().await.unwrap(), credential_id)
}

async fn status_lists(app: &TestApp, jwks: &Jwks) -> Vec<Value> {
    let mut lists = Vec::new();
    for purpose in ["revocation", "suspension"] {
        let response = reqwest::get(app.url(&format!("/credentials/status/SBCP/{purpose}")))
            .await
            .unwrap();
        assert_eq!(response.headers()["content-type"], "application/vc+jwt");
        let token = response.text().await.unwrap();
        lists.push(verify_signature(&token, jwks).unwrap().claims);
    }
    lists
}

async fn set_status(app: &TestApp, admin: &reqwest::Client, credential: &str, status: &str) -> u16 {
    let token = csrf_of(app, admin, "/").await;
    admin
        .post(app.url(&format!("/societies/SBCP/credentials/{credential}/status")))
        .form(&[("csrf_token", token.as_str()), ("status", status)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn credentials_are_signed_with_the_published_key_and_follow_their_status() {
    let app = TestApp::spawn().await;
    let (admin, token, credential) = issued(&app).await;
    let (_, keys) = json(app.url("/.well-known/jwks.json")).await;
    assert_eq!(keys["keys"][0]["kty"], "OKP");
    assert_eq!(keys["keys"][0]["crv"], "Ed25519");
    assert!(
        keys["keys"][0].get("d").is_none(),
        "no private part is published"
    );
    let jwks: Jwks = serde_json::from_value(keys).unwrap();
    let verified = verify_signature(&token, &jwks).unwrap();
    assert_eq!(verified.header["typ"], "vc+jwt");
    assert_eq!(verified.header["alg"], "EdDSA");
    let claims = &verified.claims;
    assert_eq!(
        claims["@context"][0],
        "https://www.w3.org/ns/credentials/v2"
    );
    assert_eq!(
        claims["credentialSubject"]["achievement"]["achievementType"],
        "Membership"
    );
    assert_eq!(claims["credentialSubject"]["name"], "Ana Souza");
    assert_eq!(
        claims["issuer"]["id"],
        "http://127.0.0.1:8080/societies/SBCP"
    );
    assert_eq!(claims["validFrom"], "2026-05-04T10:00:00Z");
    assert_eq!(
        check_status(claims, &status_lists(&app, &jwks).await),
        Ok(())
    );

    assert_eq!(
        set_status(&app, &admin, &credential, "suspended").await,
        303
    );
    assert!(matches!(
        check_status(claims, &status_lists(&app, &jwks).await),
        Err(CredentialError::Suspended(_))
    ));
    assert_eq!(set_status(&app, &admin, &credential, "valid").await, 303);
    assert_eq!(
        check_status(claims, &status_lists(&app, &jwks).await),
        Ok(())
    );
    assert_eq!(set_status(&app, &admin, &credential, "revoked").await, 303);
    assert!(matches!(
        check_status(claims, &status_lists(&app, &jwks).await),
        Err(CredentialError::Revoked(_))
    ));
    assert_eq!(
        set_status(&app, &admin, &credential, "valid").await,
        409,
        "revocation is final"
    );

    // The private key never reaches the audit trail; another society cannot issue here.
    let trail = app.store.audit_page(0, 10_000).await.unwrap();
    let key = app
        .store
        .issuer_key(app.store.society_by_slug("SBCP").await.unwrap().unwrap().id)
        .await
        .unwrap()
        .unwrap();
    assert!(trail.iter().all(|r| !r.detail.contains(&key.private_key)));
    let other = app.signed_in(TAS_ADMIN).await;
    let token = csrf_of(&app, &other, "/").await;
    let refused = other
        .post(app.url(&format!(
            "/societies/SBCP/members/{}/credentials",
            app.sbcp_member
        )))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_membership_is_suspended_in_the_status_list_when_it_lapses() {
    let app = TestApp::spawn().await;
    let (_, token, _) = issued(&app).await;
    let jwks: Jwks =
        serde_json::from_value(json(app.url("/.well-known/jwks.json")).await.1).unwrap();
    let claims = verify_signature(&token, &jwks).unwrap().claims;
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap().id;
    app.store
        .apply(
            &kallos_store::conformance::ctx(9),
            vec![Change::CheckMembership {
                society: sbcp,
                member: app.sbcp_member,
                status: MembershipStatus::Suspended,
            }],
        )
        .await
        .unwrap();
    assert!(matches!(
        check_status(&claims, &status_lists(&app, &jwks).await),
        Err(CredentialError::Suspended(_))
    ));
}

async fn attest(
    app: &TestApp,
    client: &reqwest::Client,
    society: &str,
    token: &str,
) -> (u16, String) {
    let csrf = csrf_of(app, client, "/").await;
    let response = client
        .post(app.url(&format!("/societies/{society}/attestations")))
        .form(&[("csrf_token", csrf.as_str()), ("credential", token)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn another_society_verifies_and_records_an_attestation() {
    let app = TestApp::spawn().await;
    let (sbcp_admin, token, credential) = issued(&app).await;
    let tas_admin = app.signed_in(TAS_ADMIN).await;

    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1].insert(5, 'x');
    let (status, page) = attest(&app, &tas_admin, "TAS", &parts.join(".")).await;
    assert_eq!(status, 422);
    assert!(page.contains("The credential was not accepted"), "{page}");
    let (status, page) = attest(&app, &sbcp_admin, "SBCP", &token).await;
    assert_eq!(status, 422);
    assert!(page.contains("itself"));

    let (status, _) = attest(&app, &tas_admin, "TAS", &token).await;
    assert_eq!(status, 303);
    let page = tas_admin
        .get(app.url("/societies/TAS/attestations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ana Souza") && page.contains("SBCP"));
    let tas = app.store.society_by_slug("TAS").await.unwrap().unwrap().id;
    assert_eq!(app.store.attestations(tas).await.unwrap().len(), 1);
    let (status, _) = attest(&app, &tas_admin, "TAS", &token).await;
    assert_eq!(status, 303, "the same credential again changes nothing");
    assert_eq!(app.store.attestations(tas).await.unwrap().len(), 1);
    let isaps = app.signed_in(SBCP_ADMIN).await;
    let denied = isaps
        .get(app.url("/societies/TAS/attestations"))
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);

    let (status, page) = attest(&app, &tas_admin, "ISAPS", &token).await;
    assert_eq!(status, 403, "{page}");
    app.clock.advance(Duration::days(400));
    let alliance = app.signed_in(crate::app::ALLIANCE_ADMIN).await;
    let (status, page) = attest(&app, &alliance, "ISAPS", &token).await;
    assert_eq!(status, 422);
    assert!(page.contains("expired"), "{page}");
    app.clock.advance(Duration::days(-400));
    assert_eq!(
        set_status(&app, &sbcp_admin, &credential, "revoked").await,
        303
    );
    let (status, page) = attest(&app, &alliance, "ISAPS", &token).await;
    assert_eq!(status, 422);
    assert!(page.contains("revoked"), "{page}");
}

/// PyJWT (with `cryptography`), an independent JWT library, verifies the
/// signature with the published key. It runs when installed (always in CI).
#[tokio::test]
async fn an_independent_jwt_library_verifies_the_signature() {
    let python = std::env::var("KALLOS_PYJWT_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let probe = std::process::Command::new(&python)
        .args(["-c", "import jwt, cryptography"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have PyJWT and cryptography (KALLOS_PYJWT_PYTHON) to check the signature independently"
        );
        eprintln!("PyJWT not installed: skipping the independent signature check");
        return;
    }
    let app = TestApp::spawn().await;
    let (_, token, _) = issued(&app).await;
    let jwks = reqwest::get(app.url("/.well-known/jwks.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Dates are checked by Kallos against its own clock; PyJWT checks the signature.
    let script = r#"
import json, sys, jwt
token, jwks = sys.argv[1], json.loads(sys.argv[2])
kid = jwt.get_unverified_header(token)["kid"]
key = jwt.PyJWK(next(k for k in jwks["keys"] if k["kid"] == kid))
claims = jwt.decode(token, key.key, algorithms=["EdDSA"],
                    options={"verify_exp": False, "verify_nbf": False, "verify_iat": False})
print(claims["credentialSubject"]["name"])
try:
    jwt.decode(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"), key.key, algorithms=["EdDSA"],
               options={"verify_exp": False, "verify_nbf": False, "verify_iat": False})
    print("forgery accepted")
except jwt.InvalidSignatureError:
    print("forgery refused")
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", script, &token, &jwks])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "PyJWT failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["Ana Souza", "forgery refused"]
    );
}

#[tokio::test]
async fn the_verification_page_says_what_was_checked_and_an_expired_certification_is_never_shown_active()
 {
    use chrono::{NaiveDate, TimeZone, Utc};
    use kallos_domain::audit::AuditContext;
    use kallos_domain::membership::criteria::presets;
    use kallos_domain::membership::{AttestationKind, CmeCredit, CredentialKind, NewCredential};
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let app = TestApp::spawn().await;
    let sbcp = app.store.society_by_slug("SBCP").await.unwrap().unwrap();
    let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap());
    kallos_membership::import_criteria(&*app.store, &ctx, sbcp.id, presets::NATIONAL)
        .await
        .unwrap();
    let ana = app.sbcp_member;
    let credential = |kind, issuer: &str, expires_on| {
        Change::AddCredential(Box::new(NewCredential {
            member_id: ana,
            kind,
            issuer: issuer.to_owned(),
            number: "BR-4512".to_owned(),
            subject: (kind == CredentialKind::FacilityAccreditation)
                .then(|| "Recife Clinic".to_owned()),
            issued_on: d(2016, 7, 1),
            expires_on: Some(expires_on),
            evidence: None,
        }))
    };
    let mut evidence = vec![
        credential(
            CredentialKind::BoardCertification,
            "National Board of Plastic Surgery (Brazil)",
            d(2026, 6, 30),
        ),
        credential(
            CredentialKind::FacilityAccreditation,
            "Ministry of Health accreditation (Brazil)",
            d(2028, 1, 1),
        ),
        Change::AddCmeCredit {
            member: ana,
            society: Some(sbcp.id),
            credit: CmeCredit {
                id: 0,
                activity: "Congress".to_owned(),
                completed_on: d(2026, 1, 10),
                credits_x100: 26_000,
                category: "Category 1".to_owned(),
            },
        },
    ];
    for kind in [AttestationKind::Ethics, AttestationKind::Facility] {
        evidence.push(Change::RecordAttestation {
            member: ana,
            society: sbcp.id,
            kind,
            on: d(2026, 1, 10),
        });
    }
    app.store.apply(&ctx, evidence).await.unwrap();
    kallos_membership::jobs::recompute_statuses(
        &*app.store,
        &ctx,
        d(2026, 5, 4),
        &mut |_, _, _| {},
    )
    .await
    .unwrap();
    let public_id = app.store.member_public_id(ana).await.unwrap().unwrap();
    let page = |app: &TestApp| {
        let url = app.url(&format!("/verify/{public_id}"));
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let html = page(&app).await;
    assert!(
        html.contains("Checked on 2026-05-04 against the criteria of SBCP"),
        "{html}"
    );
    assert!(
        html.contains("Board certification: met, valid until 2026-06-30"),
        "{html}"
    );
    assert!(html.contains("Continuing medical education (CME) credits: met"));
    assert!(html.contains("status-active"));
    assert!(html.contains("Listed in the public directory"));

    // 2026-07-01: the certification expired last night. Before any job
    // runs, the page no longer says active and the directory drops her.
    app.clock.advance(Duration::days(58));
    let html = page(&app).await;
    assert!(!html.contains("status-active"), "{html}");
    assert!(
        html.contains("Not current: a requirement is no longer met since 2026-07-01"),
        "{html}"
    );
    assert!(html.contains("Not listed in the public directory"));
    // Nor does the same record as JSON.
    let (_, record) = json(app.url(&format!("/api/v1/verify/{public_id}"))).await;
    assert_eq!(
        record["memberships"][0]["status"], "not_current",
        "{record}"
    );
    assert_eq!(record["memberships"][0]["not_current_since"], "2026-07-01");
    let (_, found) = json(app.url("/api/v1/directory?name=souza")).await;
    assert_eq!(found["total"], 0);

    // The day's check moves her to grace; her society's administrators see why.
    kallos_membership::jobs::recompute_statuses(
        &*app.store,
        &ctx,
        d(2026, 7, 1),
        &mut |_, _, _| {},
    )
    .await
    .unwrap();
    let admin = app.signed_in(SBCP_ADMIN).await;
    let standing = admin
        .get(app.url("/societies/SBCP/standing"))
        .send()
        .await
        .unwrap();
    assert_eq!(standing.status(), 200);
    let standing = standing.text().await.unwrap();
    assert!(standing.contains("Souza"), "{standing}");
    assert!(standing.contains("2026-07-01"), "not met since");
    assert!(
        standing.contains("2026-09-29"),
        "suspension on, 90 days later"
    );
    assert!(standing.contains("expired on 2026-06-30"), "{standing}");
    // Other societies' administrators do not.
    let other = app.signed_in(TAS_ADMIN).await;
    let refused = other
        .get(app.url("/societies/SBCP/standing"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let html = page(&app).await;
    assert!(html.contains("status-grace"), "{html}");
}
