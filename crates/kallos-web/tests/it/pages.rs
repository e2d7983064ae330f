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

/// `text` as a page writes it (askama escapes these five).
fn html_escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// A message's argument: (name, value).
type Argument = (&'static str, &'static str);

async fn body(response: reqwest::Response) -> String {
    response.text().await.unwrap()
}

/// Every public page, in each of the six languages, chosen each of the
/// three ways: the browser's `Accept-Language` (with a region), the
/// switch's cookie (over the browser's), and the address's `?lang=` (over
/// both). Each answer says its language and direction and is written in it.
#[tokio::test]
async fn every_public_page_reads_in_every_language_each_way() {
    let app = TestApp::spawn().await;
    let i18n = kallos_web::I18n::load().unwrap();
    let id = app
        .store
        .member_public_id(app.sbcp_member)
        .await
        .unwrap()
        .unwrap();
    let verify = format!("/verify/{id}");
    // (page, a message it shows, its argument)
    let pages: Vec<(&str, &str, Option<Argument>)> = vec![
        ("/", "home-title", None),
        ("/", "home-lead", None),
        ("/societies", "societies-title", None),
        ("/societies/SBCP", "col-active-members", None),
        ("/directory", "directory-title", None),
        ("/directory?country=BR", "directory-lead", None),
        (&verify, "verify-checked", None),
        ("/statistics", "stat-title", None),
        (
            "/statistics/2025",
            "stat-year-title",
            Some(("year", "2025")),
        ),
        ("/sign-in", "sign-in-title", None),
        ("/safety/planner", "planner-title", None),
        (
            "/safety/planner?p=BE-ABDO&surgery=2026-06-01&minutes=300",
            "planner-warnings",
            None,
        ),
        ("/no-such-page", "error-not-found", None),
    ];
    let codes: Vec<&str> = kallos_web::i18n::codes().collect();
    assert_eq!(codes, ["en", "es", "pt", "fr", "ar", "tr"]);
    let regions = ["en-GB", "es-MX", "pt-BR", "fr-CA", "ar-EG", "tr-TR"];
    let english = i18n.english();
    for (n, code) in codes.iter().enumerate() {
        let tr = i18n.negotiate(Some(code), None);
        let dir = if *code == "ar" { "rtl" } else { "ltr" };
        let opening = format!("<html lang=\"{code}\" dir=\"{dir}\">");
        // Another language, which the way under test must win over.
        let other = codes[(n + 1) % codes.len()];
        let cookie_client = TestApp::browser();
        let switched = cookie_client
            .get(app.url(&format!("/language/{code}?next=/")))
            .send()
            .await
            .unwrap();
        assert_eq!(switched.status(), 303, "the switch offers {code}");
        let url_client = TestApp::browser();
        url_client
            .get(app.url(&format!("/language/{other}?next=/")))
            .send()
            .await
            .unwrap();
        for (path, key, arg) in &pages {
            let said = |tr: &kallos_web::i18n::Tr| match arg {
                Some((name, value)) => tr.t1(key, name, value),
                None => tr.t(key).into_owned(),
            };
            let expected = html_escaped(&said(&tr));
            if *code != "en" {
                assert_ne!(said(&tr), said(&english), "{code} {key} is translated");
            }
            let separator = if path.contains('?') { '&' } else { '?' };
            let ways = [
                (
                    "Accept-Language",
                    reqwest::Client::new()
                        .get(app.url(path))
                        .header("accept-language", format!("{}, en;q=0.5", regions[n])),
                ),
                (
                    "the switch's cookie",
                    cookie_client
                        .get(app.url(path))
                        .header("accept-language", other),
                ),
                (
                    "?lang=",
                    url_client
                        .get(app.url(&format!("{path}{separator}lang={code}")))
                        .header("accept-language", other),
                ),
            ];
            for (way, request) in ways {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let html = body(response).await;
                assert!(
                    html.starts_with(&format!("<!doctype html>\n{opening}")),
                    "{path} in {code} by {way} ({status}): {}",
                    &html[..html.len().min(120)]
                );
                // A year with nothing published is not found, in the reader's language.
                let expected = if status == 404 {
                    html_escaped(&tr.t("error-not-found"))
                } else {
                    expected.clone()
                };
                assert!(
                    html.contains(&expected),
                    "{path} in {code} by {way} ({status}) shows {expected:?}"
                );
                assert!(
                    html.contains(&html_escaped(&tr.t("skip-to-content"))),
                    "{path} in {code} by {way}: the frame is translated"
                );
                // The switch offers all six, each in its own name, this one current.
                for (lang, name, current) in tr.languages() {
                    if current {
                        assert!(html.contains(&format!(
                            "<span lang=\"{lang}\" aria-current=\"true\">{name}</span>"
                        )));
                    } else {
                        assert!(
                            html.contains(&format!("href=\"/language/{lang}?next=")),
                            "{path} in {code} by {way} offers {lang}"
                        );
                    }
                }
                if way == "?lang=" && status == 200 {
                    assert!(
                        html.contains(&format!("href=\"/societies?lang={code}\"")),
                        "{path}: links keep the address's language"
                    );
                }
            }
        }
    }
}

/// A page answered from the directory's cache in one language is not the
/// answer to another language, however it was chosen; the shareable form
/// is announced for each language and kept by the search form.
#[tokio::test]
async fn cached_directory_answers_stay_in_their_language() {
    let app = TestApp::spawn().await;
    let page = "/directory?country=BR";
    let get = |accept: &str, path: &str| {
        reqwest::Client::new()
            .get(app.url(path))
            .header("accept-language", accept.to_owned())
            .send()
    };
    for _ in 0..2 {
        let spanish = body(get("es-MX", page).await.unwrap()).await;
        assert!(spanish.contains("<html lang=\"es\" dir=\"ltr\">"));
        assert!(spanish.contains("Buscar un cirujano verificado"));
        let turkish = body(get("es-MX", &format!("{page}&lang=tr")).await.unwrap()).await;
        assert!(turkish.contains("<html lang=\"tr\" dir=\"ltr\">"));
        assert!(turkish.contains("Doğrulanmış bir cerrah bulun"));
        assert!(turkish.contains("<input type=\"hidden\" name=\"lang\" value=\"tr\">"));
        let portuguese = body(get("pt-BR", page).await.unwrap()).await;
        assert!(portuguese.contains("<html lang=\"pt\" dir=\"ltr\">"));
        assert!(portuguese.contains("Encontrar um cirurgião verificado"));
        assert!(
            !portuguese.contains("name=\"lang\""),
            "a page chosen by the browser does not pin its language"
        );
        for code in ["en", "es", "pt", "fr", "ar", "tr"] {
            assert!(
                portuguese.contains(&format!(
                    "<link rel=\"alternate\" hreflang=\"{code}\" href=\"/directory?country=BR&#38;lang={code}\">"
                )),
                "{code}"
            );
        }
    }
    let unknown = body(get("ar", "/societies?lang=xx").await.unwrap()).await;
    assert!(
        unknown.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "an unknown ?lang= is ignored"
    );
    let response = get("fr", "/societies").await.unwrap();
    let vary = response.headers()["vary"].to_str().unwrap().to_owned();
    assert!(
        vary.contains("accept-language") && vary.contains("cookie"),
        "{vary}"
    );
    assert_eq!(
        reqwest::get(app.url("/language/de?next=/"))
            .await
            .unwrap()
            .status(),
        404
    );
}
