//! Where a visitor is sent after signing in or choosing a language comes
//! from the request (`next=`): only a path of this site is followed, however
//! it is disguised; anything else goes to `/`, and no value is a 5xx.

use crate::app::{PASSWORD, SBCP_ADMIN, TestApp};

/// Values a browser would follow off the site, or that a `Location` header
/// cannot carry. Each must send the visitor to `/`.
const NASTY: &[&str] = &[
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\n",
    "/\n",
    "/x\r\nSet-Cookie: kallos_session=stolen",
    "//evil.example",
    "///evil.example",
    "//evil.example/%2F..",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
    " /directory",
    "/ /evil.example",
    "/\u{0}",
    "/\u{7f}/evil.example",
    "/\u{85}/evil.example",
    "/\u{a0}/evil.example",
    "/\u{3000}/evil.example",
    "/\u{2028}/evil.example",
    "/répertoire",
    "/..//evil.example",
    "/./",
    "/%2e%2e//evil.example",
    "/%2E./evil.example",
    "/directory/..",
];

/// Paths of the site, followed as they are.
const GOOD: &[&str] = &[
    "/",
    "/societies/SBCP",
    "/directory?country=BR&page=2",
    "/statistics/2025#procedures",
    "/directory?q=Jos%C3%A9",
];

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("a Location header ({})", response.status()))
}

#[tokio::test]
async fn the_language_switch_follows_only_paths_of_this_site() {
    let app = TestApp::spawn().await;
    let client = TestApp::browser();
    for (value, expected) in NASTY
        .iter()
        .map(|v| (*v, "/"))
        .chain(GOOD.iter().map(|v| (*v, *v)))
    {
        let response = client
            .get(app.url(&format!("/language/fr?next={}", encoded(value))))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "next={value:?}");
        assert_eq!(location(&response), expected, "next={value:?}");
    }
    // A `next` percent-encoded as a bare line break, as sent by hand.
    let response = client
        .get(app.url("/language/ar?next=%0A"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (response.status().as_u16(), location(&response)),
        (303, "/".to_owned())
    );
}

#[tokio::test]
async fn signing_in_follows_only_paths_of_this_site() {
    let app = TestApp::spawn().await;
    let client = TestApp::browser();
    let token = app.csrf(&client, "/sign-in").await;
    for (value, expected) in NASTY
        .iter()
        .map(|v| (*v, "/"))
        .chain(GOOD.iter().map(|v| (*v, *v)))
    {
        // The form keeps only a path of this site in its hidden field...
        let form = client
            .get(app.url(&format!("/sign-in?next={}", encoded(value))))
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), 200, "next={value:?}");
        let html = form.text().await.unwrap();
        let kept = format!("name=\"next\" value=\"{}\"", expected.replace('&', "&#38;"));
        assert!(
            html.contains(&kept) || html.contains(&kept.replace("&#38;", "&amp;")),
            "next={value:?}: {kept} in the form"
        );
        // ...and signing in with any `next` posted goes only there.
        let response = client
            .post(app.url("/sign-in"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", SBCP_ADMIN),
                ("password", PASSWORD),
                ("next", value),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "next={value:?}");
        assert_eq!(location(&response), expected, "next={value:?}");
    }
}
