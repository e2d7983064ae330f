//! Pages in several languages, the OpenAPI document, health and metrics.

use crate::app::{SBCP_ADMIN, TestApp};
use serde_json::Value;

#[tokio::test]
async fn pages_follow_the_browser_language_and_the_switch() {
    let app = TestApp::spawn().await;
    let client = TestApp::browser();
    let french = client
        .get(app.url("/societies"))
        .header("accept-language", "fr-CH, fr;q=0.9, en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(french.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(french.contains("Sociétés de l’alliance"));

    let switch = client
        .get(app.url("/language/ar?next=/societies"))
        .send()
        .await
        .unwrap();
    assert_eq!(switch.status(), 303);
    assert_eq!(switch.headers()["location"], "/societies");
    let arabic = client
        .get(app.url("/societies"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        arabic.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "the switch wins over the browser"
    );
    assert!(arabic.contains("جمعيات التحالف"));
    let open_redirect = client
        .get(app.url("/language/fr?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(open_redirect.headers()["location"], "/");
}

#[tokio::test]
async fn the_society_list_has_every_society_with_public_counts() {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/societies"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        html.matches("<tr>").count(),
        1 + 50,
        "a header row and 50 societies"
    );
    assert!(html.contains("href=\"/societies/UKAAPS-CAPSCO\""));
    let api: Vec<Value> = reqwest::get(app.url("/api/v1/societies"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api.len(), 50);
    let sbcp = api.iter().find(|s| s["acronym"] == "SBCP").unwrap();
    assert_eq!(sbcp["active_members"], 1);
    assert_eq!(sbcp["country_iso2"], "BR");
    let missing = reqwest::get(app.url("/api/v1/societies/NOPE"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let missing_page = reqwest::get(app.url("/societies/NOPE")).await.unwrap();
    assert_eq!(missing_page.status(), 404);
    assert!(
        missing_page
            .text()
            .await
            .unwrap()
            .contains("We could not find that page.")
    );
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_the_api() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/societies"]["get"].is_object());
    assert!(doc["paths"]["/societies/{slug}/members"]["post"]["requestBody"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn health_metrics_and_request_ids() {
    let app = TestApp::spawn().await;
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(health.headers().contains_key("x-request-id"));
    let body: Value = health.json().await.unwrap();
    assert_eq!(body["database"], "sqlite");
    let client = app.signed_in(SBCP_ADMIN).await;
    client.get(app.url("/societies/SBCP")).send().await.unwrap();
    client
        .get(app.url("/societies/TAS/members"))
        .send()
        .await
        .unwrap();
    let metrics = reqwest::get(app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("kallos_http_requests_total{method=\"GET\",route=\"/societies/{slug}\",status=\"200\"} 1"), "{metrics}");
    assert!(metrics.contains("kallos_http_requests_total{method=\"GET\",route=\"/societies/{slug}/members\",status=\"403\"} 1"), "{metrics}");
    assert!(
        metrics.contains(
            "kallos_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"
        )
    );
    assert!(metrics.contains("kallos_db_pool_max{backend=\"sqlite\"}"));
}
