//! The OpenAPI document describes exactly the API the router serves, and a
//! generic client finds the API through its `servers` entry.

use crate::app::TestApp;
use serde_json::Value;
use std::collections::BTreeSet;

async fn document(app: &TestApp) -> Value {
    reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_api_route_the_router_serves_is_in_the_document_and_no_other() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let server = doc["servers"][0]["url"].as_str().expect("a server");
    assert_eq!(server, "/api/v1");
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(|path| format!("{server}{path}"))
        .collect();
    let served: BTreeSet<String> =
        kallos_web::routes::served_paths(&kallos_web::router(app.state.clone()))
            .into_iter()
            .filter(|path| path.starts_with("/api/"))
            .collect();
    assert!(served.len() >= 20, "the router's API routes: {served:?}");
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let not_served: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && not_served.is_empty(),
        "served but not documented: {undocumented:?}; documented but not served: {not_served:?}"
    );
    // Every page of the site is outside `/api/v1`: no route of the API is a page.
    assert!(served.iter().all(|p| p.starts_with("/api/v1/")));
}

#[tokio::test]
async fn a_generic_client_resolves_paths_against_the_server_entry() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let server = doc["servers"][0]["url"].as_str().unwrap();
    // As an OpenAPI client does: the document's URL, then the server, then the path.
    let base = reqwest::Url::parse(&app.url("/api/v1/openapi.json"))
        .unwrap()
        .join(server)
        .unwrap();
    let url = format!("{}{}", base.as_str().trim_end_matches('/'), "/directory");
    let response = reqwest::get(&url).await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{url}: {content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert!(body.is_object(), "{body}");
}

#[tokio::test]
async fn the_document_covers_credentials_approval_and_publication() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    for (method, path) in [
        ("get", "/societies/{slug}/members/{id}/credentials"),
        ("post", "/societies/{slug}/members/{id}/credentials"),
        ("get", "/societies/{slug}/credentials/{credential}"),
        ("put", "/societies/{slug}/credentials/{credential}/status"),
        ("get", "/me/credentials"),
        ("get", "/me/credentials/{credential}"),
        ("get", "/societies/{slug}/statistics/approvals"),
        ("put", "/societies/{slug}/statistics/approvals/{period}"),
        ("delete", "/societies/{slug}/statistics/approvals/{period}"),
        ("post", "/statistics/{year}/publications"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

async fn token_for(app: &TestApp, email: &str, token: &str) {
    use kallos_domain::audit::AuditContext;
    use kallos_domain::clock::Clock;
    use kallos_store::{Change, NewApiToken};
    let user = app
        .store
        .user_by_email(email)
        .await
        .unwrap()
        .expect("the user");
    app.store
        .apply(
            &AuditContext::system("test", app.clock.now()),
            vec![Change::CreateApiToken(NewApiToken {
                token_hash: kallos_web::token_hash(token),
                user_id: user.id,
                name: "test".to_owned(),
                expires_at: None,
            })],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn credentials_are_issued_downloaded_and_suspended_through_the_api() {
    use kallos_credentials::{Jwks, check_status, verify_signature};
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let api = |path: String| app.url(&format!("/api/v1{path}"));
    let member = app.tas_member.0;
    let issued = client
        .post(api(format!("/societies/TAS/members/{member}/credentials")))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(issued.status(), 201);
    let issued: Value = issued.json().await.unwrap();
    assert_eq!(issued["society"], "TAS");
    assert_eq!(issued["status"], "valid");
    let id = issued["id"].as_i64().unwrap();
    let listed: Value = client
        .get(api(format!("/societies/TAS/members/{member}/credentials")))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["credential_id"], issued["credential_id"]);

    let download = client
        .get(api(format!("/societies/TAS/credentials/{id}")))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(download.headers()["content-type"], "application/vc+jwt");
    let token = download.text().await.unwrap();
    let jwks: Jwks = reqwest::get(app.url("/.well-known/jwks.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let claims = verify_signature(&token, &jwks).unwrap().claims;
    assert_eq!(claims["id"], issued["credential_id"]);
    let lists = |app: &TestApp| {
        let url = app.url("/credentials/status/TAS/");
        let jwks = jwks.clone();
        async move {
            let mut lists = Vec::new();
            for purpose in ["revocation", "suspension"] {
                let list = reqwest::get(format!("{url}{purpose}"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                lists.push(verify_signature(&list, &jwks).unwrap().claims);
            }
            lists
        }
    };
    check_status(&claims, &lists(&app).await).expect("valid when issued");

    let set = |status: &'static str| {
        client
            .put(api(format!("/societies/TAS/credentials/{id}/status")))
            .bearer_auth(crate::app::TAS_TOKEN)
            .json(&serde_json::json!({ "status": status }))
            .send()
    };
    let suspended = set("suspended").await.unwrap();
    assert_eq!(suspended.status(), 200);
    assert_eq!(
        suspended.json::<Value>().await.unwrap()["status"],
        "suspended"
    );
    let refused = check_status(&claims, &lists(&app).await).unwrap_err();
    assert!(refused.to_string().contains("suspen"), "{refused}");
    let bad = set("paused").await.unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("status"));
    assert_eq!(set("valid").await.unwrap().status(), 200);
    check_status(&claims, &lists(&app).await).expect("valid again");
}

#[tokio::test]
async fn periods_are_approved_and_years_published_through_the_api() {
    let app = TestApp::spawn().await;
    token_for(&app, crate::app::ALLIANCE_ADMIN, "kallos_test_alliance").await;
    let client = reqwest::Client::new();
    let api = |path: &str| app.url(&format!("/api/v1{path}"));
    // Nothing approved: nothing to publish.
    let early = client
        .post(api("/statistics/2025/publications"))
        .bearer_auth("kallos_test_alliance")
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 409);
    // A society's administrator may not publish.
    let tas_publish = client
        .post(api("/statistics/2025/publications"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(tas_publish.status(), 403);

    let bad = client
        .put(api("/societies/TAS/statistics/approvals/2025-Q5"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let approved = client
        .put(api("/societies/TAS/statistics/approvals/2025"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 200);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved[0]["period"], "2025");

    let published = client
        .post(api("/statistics/2025/publications"))
        .bearer_auth("kallos_test_alliance")
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 200);
    let published: Value = published.json().await.unwrap();
    assert_eq!(published["published"], true);
    assert_eq!(published["publication"]["version"], 1);
    let again: Value = client
        .post(api("/statistics/2025/publications"))
        .bearer_auth("kallos_test_alliance")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["published"], false,
        "an unchanged report is not published twice"
    );
    assert_eq!(again["publication"]["version"], 1);
    let listed: Value = reqwest::get(api("/statistics"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let withdrawn = client
        .delete(api("/societies/TAS/statistics/approvals/2025"))
        .bearer_auth(crate::app::TAS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 200);
    assert_eq!(
        withdrawn.json::<Value>().await.unwrap(),
        serde_json::json!([])
    );
}
