//! Signing in and out, sessions, rate limiting, CSRF and API tokens.

use crate::app::{PASSWORD, SBCP_ADMIN, TAS_TOKEN, TestApp};
use chrono::Duration;

#[tokio::test]
async fn sign_in_sets_a_protected_cookie_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let client = TestApp::browser();
    let csrf = app.csrf(&client, "/sign-in").await;
    let response = client
        .post(app.url("/sign-in"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "ADMIN.sbcp@example.org "),
            ("password", PASSWORD),
            ("next", "/societies/SBCP"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/societies/SBCP");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("kallos_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let session = cookie
        .trim_start_matches("kallos_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let members = client
        .get(app.url("/societies/SBCP/members"))
        .send()
        .await
        .unwrap();
    assert_eq!(members.status(), 200);

    let csrf = app.csrf(&client, "/").await;
    let out = client
        .post(app.url("/sign-out"))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    // Even a copy of the old cookie no longer opens anything.
    let stale = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("kallos_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 401);
}

#[tokio::test]
async fn sessions_expire_with_the_clock() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(SBCP_ADMIN).await;
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.clock.advance(Duration::hours(13));
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_rate_limited() {
    let app = TestApp::spawn().await;
    let client = TestApp::browser();
    let csrf = app.csrf(&client, "/sign-in").await;
    let attempt = |password: &'static str| {
        client
            .post(app.url("/sign-in"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("email", SBCP_ADMIN),
                ("password", password),
            ])
            .send()
    };
    for _ in 0..5 {
        let response = attempt("wrong").await.unwrap();
        assert_eq!(response.status(), 401);
        assert!(response.text().await.unwrap().contains("is not correct"));
    }
    let blocked = attempt(PASSWORD).await.unwrap();
    assert_eq!(blocked.status(), 429, "even the right password waits");
    assert_eq!(blocked.headers()["retry-after"], "900");
    app.clock.advance(Duration::minutes(16));
    assert_eq!(attempt(PASSWORD).await.unwrap().status(), 303);
    // An unknown account gets the same answer as a wrong password.
    let unknown = client
        .post(app.url("/sign-in"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "nobody@example.org"),
            ("password", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 401);
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(SBCP_ADMIN).await;
    let before = app.audit_count().await;
    let url = app.url(&format!("/societies/SBCP/members/{}", app.sbcp_member.0));
    let fields = [
        ("given_name", "X"),
        ("family_name", "Y"),
        ("country_iso2", "BR"),
        ("city", "Z"),
        ("languages", "pt"),
    ];
    let missing = client.post(&url).form(&fields).send().await.unwrap();
    assert_eq!(missing.status(), 403);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("This form has expired")
    );
    let mut wrong = fields.to_vec();
    wrong.push((
        "csrf_token",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ));
    assert_eq!(
        client
            .post(&url)
            .form(&wrong)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // JSON with the session cookie needs the header too.
    let json = client
        .put(app.url(&format!(
            "/api/v1/societies/SBCP/members/{}",
            app.sbcp_member.0
        )))
        .json(&serde_json::json!({"given_name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 403);
    assert_eq!(app.audit_count().await, before);
    assert_eq!(
        app.store
            .member(app.sbcp_member)
            .await
            .unwrap()
            .unwrap()
            .given_name,
        "Ana"
    );
}

#[tokio::test]
async fn api_tokens_authenticate_and_wrong_ones_are_refused() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let me: serde_json::Value = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(TAS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "admin.tas@example.org");
    assert_eq!(me["administers"], serde_json::json!(["TAS"]));
    let wrong = client
        .get(app.url("/api/v1/societies"))
        .bearer_auth("kallos_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(
        wrong.status(),
        401,
        "a wrong token is an error even on a public route"
    );
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "unauthenticated");
}
