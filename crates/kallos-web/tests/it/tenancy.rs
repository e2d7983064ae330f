//! A society administrator never reaches another society's data, and the
//! public reaches nothing private, on every route.

use crate::app::{MEMBER, SBCP_ADMIN, TAS_ADMIN, TAS_TOKEN, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

/// Routes anyone may call.
const PUBLIC_API: &[(&str, &str)] = &[
    ("get", "/societies"),
    ("get", "/societies/{slug}"),
    ("get", "/directory"),
    ("get", "/verify/{public_id}"),
    ("get", "/statistics"),
    ("get", "/statistics/{year}"),
    ("get", "/statistics/{year}/tables/{table}"),
];

fn valid_body(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("post", "/societies/{slug}/members") => Some(json!({
            "given_name": "Eva", "family_name": "Lima", "country_iso2": "BR", "city": "Natal",
            "languages": ["pt"], "membership_type": "active", "email": "eva@example.org"
        })),
        ("put", "/societies/{slug}/members/{id}") => Some(json!({
            "given_name": "Eva", "family_name": "Lima", "country_iso2": "BR", "city": "Natal", "languages": ["pt"]
        })),
        // A case of whichever society the request names; refused where that is not the caller's.
        ("put", "/societies/{slug}/credentials/{credential}/status") => {
            Some(json!({ "status": "suspended" }))
        }
        ("post", "/societies/{slug}/fhir") => Some(kallos_registry::fhir::case_bundle(
            &kallos_store::conformance::case("T-0001", "TAS", &["NS-BOTOX"]),
        )),
        _ => None,
    }
}

/// Every operation in the OpenAPI document, which is generated from the
/// router itself, so a new API route cannot escape this test.
async fn api_operations(app: &TestApp) -> Vec<(String, String)> {
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                operations.push((method.to_owned(), path.clone()));
            }
        }
    }
    assert!(operations.len() >= 7, "{operations:?}");
    operations
}

fn fill(path: &str, slug: &str, id: i64) -> String {
    path.replace("{slug}", slug)
        .replace("{id}", &id.to_string())
        .replace("{case_ref}", "T-0001")
        .replace("{year}", "2025")
        .replace("{period}", "2025")
}

#[tokio::test]
async fn api_routes_refuse_the_public_and_other_societies() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    // A credential TAS issued, for the routes that name one.
    let issued: Value = client
        .post(app.url(&format!(
            "/api/v1/societies/TAS/members/{}/credentials",
            app.tas_member.0
        )))
        .bearer_auth(TAS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let credential = issued["id"].as_i64().expect("a credential id").to_string();
    let fill =
        |path: &str, slug: &str, id: i64| fill(path, slug, id).replace("{credential}", &credential);
    for (method, path) in api_operations(&app).await {
        if PUBLIC_API.contains(&(method.as_str(), path.as_str())) || path == "/openapi.json" {
            continue;
        }
        let http_method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let body = valid_body(&method, &path);
        let send = |url: String, token: Option<&str>| {
            let mut request = client.request(http_method.clone(), url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &body {
                request = request.json(body);
            }
            request.send()
        };
        // The public.
        let url = app.url(&format!("/api/v1{}", fill(&path, "TAS", app.tas_member.0)));
        let response = send(url.clone(), None).await.unwrap();
        assert_eq!(response.status(), 401, "public {method} {url}");
        let text = response.text().await.unwrap();
        assert!(
            !text.contains("Brooks"),
            "no private data for the public: {text}"
        );

        if !path.contains("{slug}") {
            continue;
        }
        // TAS's administrator on SBCP's data: refused.
        let url = app.url(&format!(
            "/api/v1{}",
            fill(&path, "SBCP", app.sbcp_member.0)
        ));
        let response = send(url.clone(), Some(TAS_TOKEN)).await.unwrap();
        assert_eq!(response.status(), 403, "TAS admin {method} {url}");
        assert!(!response.text().await.unwrap().contains("Souza"));
        // …and on an SBCP member through TAS's own path: not found.
        if path.contains("{id}") {
            let url = app.url(&format!("/api/v1{}", fill(&path, "TAS", app.sbcp_member.0)));
            let response = send(url.clone(), Some(TAS_TOKEN)).await.unwrap();
            assert_eq!(response.status(), 404, "TAS admin {method} {url}");
        }
        // Its own society's data: allowed.
        let url = app.url(&format!("/api/v1{}", fill(&path, "TAS", app.tas_member.0)));
        let response = send(url.clone(), Some(TAS_TOKEN)).await.unwrap();
        assert!(
            response.status().is_success(),
            "TAS admin {method} {url}: {}",
            response.status()
        );
    }
    let sbcp = app.store.member(app.sbcp_member).await.unwrap().unwrap();
    assert_eq!(sbcp.city, "Recife", "SBCP's member was never changed");
}

/// (method, path) of every private page.
const PRIVATE_PAGES: &[(&str, &str)] = &[
    ("GET", "/societies/{slug}/members"),
    ("GET", "/societies/{slug}/members/new"),
    ("POST", "/societies/{slug}/members"),
    ("GET", "/societies/{slug}/members/{id}"),
    ("POST", "/societies/{slug}/members/{id}"),
    ("GET", "/societies/{slug}/registry"),
    ("GET", "/societies/{slug}/registry/cases/new"),
    ("POST", "/societies/{slug}/registry/cases"),
    ("GET", "/societies/{slug}/registry/cases/ANY-1"),
    ("POST", "/societies/{slug}/registry/cases/ANY-1"),
    ("GET", "/societies/{slug}/registry/find?case_id=ANY-1"),
    ("POST", "/societies/{slug}/registry/submissions"),
    ("GET", "/societies/{slug}/registry/submissions/{id}"),
    (
        "GET",
        "/societies/{slug}/registry/submissions/{id}/report.csv",
    ),
    ("GET", "/societies/{slug}/members/{id}/directory"),
    ("POST", "/societies/{slug}/members/{id}/directory"),
    ("POST", "/societies/{slug}/members/{id}/credentials"),
    ("GET", "/societies/{slug}/credentials/{id}"),
    ("POST", "/societies/{slug}/credentials/{id}/status"),
    ("GET", "/societies/{slug}/attestations"),
    ("POST", "/societies/{slug}/attestations"),
];

fn form(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", csrf.to_owned()),
        ("given_name", "Eva".to_owned()),
        ("family_name", "Lima".to_owned()),
        ("country_iso2", "BR".to_owned()),
        ("city", "Natal".to_owned()),
        ("languages", "pt".to_owned()),
        ("membership_type", "active".to_owned()),
    ]
}

#[tokio::test]
async fn private_pages_refuse_the_public_and_other_societies() {
    let app = TestApp::spawn().await;
    let public = TestApp::browser();
    let public_csrf = app.csrf(&public, "/sign-in").await;
    let tas = app.signed_in(TAS_ADMIN).await;
    let tas_csrf = app.csrf(&tas, "/").await;
    let audit_before = app.audit_count().await;
    for (method, path) in PRIVATE_PAGES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let is_post = method == Method::POST;
        let send = |client: &reqwest::Client, url: String, csrf: &str| {
            let mut request = client.request(method.clone(), url);
            if is_post {
                request = request.form(&form(csrf));
            }
            request.send()
        };
        let url = app.url(&fill(path, "SBCP", app.sbcp_member.0));
        let response = send(&public, url.clone(), &public_csrf).await.unwrap();
        if is_post {
            assert_eq!(response.status(), 401, "public {method} {url}");
        } else {
            assert_eq!(
                response.status(),
                303,
                "public {method} {url} is sent to sign in"
            );
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            assert!(
                location.starts_with("/sign-in?next=%2Fsocieties%2FSBCP"),
                "{location}"
            );
        }
        let response = send(&tas, url.clone(), &tas_csrf).await.unwrap();
        assert_eq!(response.status(), 403, "TAS admin {method} {url}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("You do not have access"),
            "a translated error page: {html}"
        );
        assert!(!html.contains("Souza"));
        if path.contains("{id}") {
            let url = app.url(&fill(path, "TAS", app.sbcp_member.0));
            let response = send(&tas, url.clone(), &tas_csrf).await.unwrap();
            assert_eq!(response.status(), 404, "TAS admin {method} {url}");
        }
    }
    assert_eq!(app.audit_count().await, audit_before, "nothing was written");
}

#[tokio::test]
async fn the_society_page_shows_the_member_link_only_to_its_admins() {
    let app = TestApp::spawn().await;
    let link = "href=\"/societies/SBCP/members\"";
    let public = TestApp::browser()
        .get(app.url("/societies/SBCP"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains("Sociedade Brasileira de Cirurgia Plástica"));
    assert!(!public.contains(link));
    let tas = app.signed_in(TAS_ADMIN).await;
    let page = tas
        .get(app.url("/societies/SBCP"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains(link));
    let sbcp = app.signed_in(SBCP_ADMIN).await;
    let page = sbcp
        .get(app.url("/societies/SBCP"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(link), "{page}");
    let members = sbcp
        .get(app.url("/societies/SBCP/members"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(members.contains("Souza, Ana") && !members.contains("Brooks"));
}

#[tokio::test]
async fn a_member_edits_only_their_own_profile() {
    let app = TestApp::spawn().await;
    let member = app.signed_in(MEMBER).await;
    let csrf = app.csrf(&member, "/me").await;
    let response = member
        .post(app.url("/me"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("given_name", "Ana"),
            ("family_name", "Souza"),
            ("country_iso2", "BR"),
            ("city", "Olinda"),
            ("languages", "pt, en"),
            ("offers_follow_up", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let stored = app.store.member(app.sbcp_member).await.unwrap().unwrap();
    assert_eq!(
        (
            stored.city.as_str(),
            stored.offers_follow_up,
            stored.directory_opt_in
        ),
        ("Olinda", true, false)
    );
    let last = app
        .store
        .audit_page(app.audit_count().await - 1, 1)
        .await
        .unwrap();
    assert_eq!(last[0].action, "member.update_profile");
    assert_eq!(last[0].source.as_deref(), Some("127.0.0.1"));
    assert!(last[0].actor.starts_with("user:"));
    assert!(last[0].request_id.is_some());
    // The member is not an administrator of their society.
    let response = member
        .get(app.url("/societies/SBCP/members"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // An administrator without a member record has no profile page to edit.
    let admin = app.signed_in(SBCP_ADMIN).await;
    let page = admin
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("not linked to a member record"));
}
