//! Malformed forms and JSON get a clear 4xx naming the field; nothing is
//! stored and nothing panics.

use crate::app::{SBCP_ADMIN, TAS_TOKEN, TestApp};
use serde_json::{Value, json};

async fn post_json(app: &TestApp, body: &str, content_type: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/societies/TAS/members"))
        .bearer_auth(TAS_TOKEN)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn json_errors_name_the_field_or_the_position() {
    let app = TestApp::spawn().await;
    let before = app.store.total_members().await.unwrap();

    let (status, body) = post_json(&app, "{\"given_name\": \"Eva\",", "application/json").await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("malformed JSON"),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("column"),
        "{body}"
    );

    let (status, body) = post_json(
        &app,
        r#"{"given_name": "Eva", "offers_follow_up": "maybe"}"#,
        "application/json",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "offers_follow_up", "{body}");

    let (status, body) = post_json(&app, r#"{"given_name": 7}"#, "application/json").await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "given_name", "{body}");

    let (status, body) = post_json(&app, r#"{"family_name": "Lima", "country_iso2": "XX", "languages": ["pt", "portuguese"], "email": "eva", "membership_type": "gold"}"#, "application/json").await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "given_name",
            "city",
            "country_iso2",
            "languages",
            "email",
            "membership_type"
        ],
        "{body}"
    );
    assert_eq!(body["error"], "validation");

    let (status, body) = post_json(&app, "[1, 2]", "application/json").await;
    assert_eq!(status, 400, "{body}");

    let (status, _) = post_json(&app, "given_name=Eva", "text/plain").await;
    assert_eq!(status, 415);

    let huge = format!("{{\"given_name\": \"{}\"}}", "x".repeat(300 * 1024));
    let (status, body) = post_json(&app, &huge, "application/json").await;
    assert_eq!(status, 400, "{body}");

    assert_eq!(app.store.total_members().await.unwrap(), before);
}

#[tokio::test]
async fn a_taken_email_is_reported_on_its_field() {
    let app = TestApp::spawn().await;
    let (status, body) = post_json(
        &app,
        &json!({"given_name": "T", "family_name": "B", "country_iso2": "US", "city": "Miami", "languages": "en", "membership_type": "active", "email": "taylor@example.org"}).to_string(),
        "application/json",
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["fields"][0],
        json!({"field": "email", "code": "taken", "message": "is already registered"})
    );
}

#[tokio::test]
async fn a_bad_form_is_shown_again_with_its_errors_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(SBCP_ADMIN).await;
    let csrf = app.csrf(&client, "/societies/SBCP/members/new").await;
    let before = app.store.total_members().await.unwrap();
    let audit = app.audit_count().await;
    let response = client
        .post(app.url("/societies/SBCP/members"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("given_name", "Eva"),
            ("family_name", ""),
            ("country_iso2", "Brazil"),
            ("city", "Natal"),
            ("languages", "pt"),
            ("membership_type", "active"),
            ("offers_follow_up", "perhaps"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("offers_follow_up"),
        "the type error names its field: {html}"
    );
    let response = client
        .post(app.url("/societies/SBCP/members"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("given_name", "Eva"),
            ("family_name", ""),
            ("country_iso2", "Brazil"),
            ("city", "Natal"),
            ("languages", "pt"),
            ("membership_type", "active"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("role=\"alert\""));
    assert!(
        html.contains("<a href=\"#family_name\">Family name: is required</a>"),
        "{html}"
    );
    assert!(html.contains("id=\"country_iso2\" name=\"country_iso2\" type=\"text\" value=\"Brazil\" aria-invalid=\"true\""), "{html}");
    assert!(html.contains("value=\"Eva\""), "what was typed is kept");
    assert_eq!(app.store.total_members().await.unwrap(), before);
    assert_eq!(app.audit_count().await, audit);

    // And the same form, corrected, creates the member.
    let response = client
        .post(app.url("/societies/SBCP/members"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("given_name", "Eva"),
            ("family_name", "Lima"),
            ("country_iso2", "br"),
            ("city", "Natal"),
            ("languages", "pt, en"),
            ("membership_type", "associate"),
            ("directory_opt_in", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/societies/SBCP/members/") && location.ends_with("?done=created")
    );
    let page = client
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Member created.") && page.contains("Eva Lima") && page.contains("Associate")
    );
    assert_eq!(app.store.total_members().await.unwrap(), before + 1);
}

#[tokio::test]
async fn garbage_never_panics() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(SBCP_ADMIN).await;
    let csrf = app.csrf(&client, "/").await;
    let bodies: [&[u8]; 5] = [
        b"",
        b"%%%",
        b"\xff\xfe\x00",
        b"csrf_token=&&&==",
        b"given_name[]=a&given_name=b",
    ];
    for body in bodies {
        for path in ["/societies/SBCP/members", "/me", "/sign-in"] {
            let response = client
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-csrf-token", csrf.as_str())
                .body(body.to_vec())
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_client_error() || response.status().is_redirection(),
                "{path} {body:?}: {}",
                response.status()
            );
        }
    }
    for path in [
        "/societies/SBCP/members/abc",
        "/societies/SBCP/members/99999999999999999999",
        "/societies/%00/members",
        "/api/v1/societies/SBCP/members?limit=abc",
    ] {
        let status = client.get(app.url(path)).send().await.unwrap().status();
        assert!(status.is_client_error(), "{path}: {status}");
    }
}
