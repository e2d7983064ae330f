//! The trip planner as a patient uses it: a GET form whose address is the plan.

use crate::app::TestApp;

async fn page(app: &TestApp, query: &str, language: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .get(app.url(&format!("/safety/planner{query}")))
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

const PLAN: &str = "?p=BE-ABDO&p=BE-BUTT-AUG&surgery=2027-03-01&flight=2027-03-05&age=63&bmi=31&minutes=300&f=hormones&f=varicose-veins";

#[tokio::test]
async fn a_plan_says_the_stay_the_score_and_the_warnings_with_their_sources() {
    let app = TestApp::spawn().await;
    let (status, empty) = page(&app, "", "en").await;
    assert_eq!(status, 200);
    assert!(empty.contains("Make my plan"));
    assert!(
        !empty.contains("Your plan"),
        "no plan before a procedure is chosen"
    );

    let (status, html) = page(&app, PLAN, "en").await;
    assert_eq!(status, 200);
    for expected in [
        "Stay 7–10 days after the operation before you fly.",
        "Earliest flight home: 2027-03-08.",
        "Your flight home is 3 days too early",
        // Age 63 (2), BMI 31 (1), major surgery (2), hormones (1), varicose veins (1).
        "Score 7",
        "high risk: talk to your surgeon about prevention",
        "Plan follow-up care until 2027-04-30",
        "2 surgical procedures in one trip",
        "expected to last 300 minutes, more than 240",
        "Gluteal fat grafting (BBL) carries",
        // Each figure with its source.
        "UK patient guidance (safercosmeticsurgery.co.uk)",
        "Pannucci et al., J Am Coll Surg 2011",
        "CosmetAssure (129,007 patients",
        "Multi-society task force",
        "href=\"/directory\"",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    // The plan's link is its canonical address, in a stable order.
    assert!(html.contains("href=\"/safety/planner?p=BE-ABDO&#38;p=BE-BUTT-AUG&#38;surgery=2027-03-01&#38;flight=2027-03-05&#38;age=63&#38;bmi=31&#38;minutes=300&#38;f=hormones&#38;f=varicose-veins\""), "{html}");
    // The answers are kept in the form.
    assert!(
        html.contains("id=\"f-hormones\" name=\"f\" type=\"checkbox\" value=\"hormones\" checked")
    );
}

#[tokio::test]
async fn a_plan_reads_in_the_patients_language_and_says_its_sources_are_english() {
    let app = TestApp::spawn().await;
    let (_, french) = page(&app, PLAN, "fr").await;
    assert!(french.contains("lang=\"fr\""));
    assert!(
        french.contains("Restez 7–10 jours après l&#39;opération"),
        "{french}"
    );
    assert!(french.contains("Les sources sont citées en anglais."));
    assert!(french.contains("<td lang=\"en\">UK patient guidance"));
    let (_, arabic) = page(&app, PLAN, "ar").await;
    assert!(arabic.contains("dir=\"rtl\""));
    assert!(arabic.contains("خطتك"));
    let (_, english) = page(&app, PLAN, "en").await;
    assert!(!english.contains("Sources are shown in English."));
}

#[tokio::test]
async fn bad_answers_are_named_and_never_an_error_page() {
    let app = TestApp::spawn().await;
    let (status, html) = page(
        &app,
        "?p=XX-NOPE&p=FH-RHINO&age=7&surgery=2027-13-01&bmi=NaN&f=%3Cscript%3E",
        "en",
    )
    .await;
    assert_eq!(status, 422);
    for expected in [
        "Planned procedures: is not one of the choices",
        "Your age: is out of range",
        "Date of the operation: is not a date",
        "Your body-mass index (BMI): is out of range",
        "Your health: is not one of the choices",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert!(
        !html.contains("<script>"),
        "nothing submitted is echoed as markup"
    );
    // What could be read stays in the form.
    assert!(html.contains("value=\"FH-RHINO\" checked"));
    let (status, html) = page(
        &app,
        "?p=FH-RHINO&surgery=2027-03-10&flight=2027-03-01",
        "en",
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Date of your flight home: must not be before the operation"));
}

#[tokio::test]
async fn the_alliance_changes_a_rule_and_the_plan_follows_with_every_version_kept() {
    use crate::app::{ALLIANCE_ADMIN, TAS_ADMIN};
    let app = TestApp::spawn().await;
    let query = "?p=FH-FACELIFT&surgery=2027-03-01&minutes=150";
    let (_, before) = page(&app, query, "en").await;
    assert!(!before.contains("more than 120"));
    assert!(before.contains("The rules Kallos ships."));

    let admin = app.signed_in(ALLIANCE_ADMIN).await;
    let editor = admin
        .get(app.url("/safety/admin/planner"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(editor.contains("long_operation_minutes = 240"), "{editor}");
    let shipped = kallos_domain::safety::rules::DEFAULT_PLANNER_RULES;
    let csrf = app.csrf(&admin, "/safety/admin/planner").await;
    let save = |rules: String| {
        let admin = admin.clone();
        let csrf = csrf.clone();
        let url = app.url("/safety/admin/planner");
        async move {
            admin
                .post(url)
                .form(&[("csrf_token", csrf.as_str()), ("rules", rules.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    // A bad field is named, and nothing changes.
    let refused = save(shipped.replacen("min_days = 5", "min_days = 50", 1)).await;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("flying[4].min_days: must not exceed max_days (7)"),
        "{text}"
    );
    let (_, unchanged) = page(&app, query, "en").await;
    assert!(unchanged.contains("The rules Kallos ships."));

    let saved = save(shipped.replace(
        "long_operation_minutes = 240",
        "long_operation_minutes = 120",
    ))
    .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        saved.headers()["location"],
        "/safety/admin/planner?done=saved"
    );
    let (_, after) = page(&app, query, "en").await;
    assert!(
        after.contains("expected to last 150 minutes, more than 120"),
        "{after}"
    );
    assert!(after.contains("Rules version 1."));
    let editor = admin
        .get(app.url("/safety/admin/planner"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(editor.contains("long_operation_minutes = 120"));
    assert!(editor.contains("<td>1</td>"), "the version is listed");

    // Only the alliance edits them.
    let tas = app.signed_in(TAS_ADMIN).await;
    assert_eq!(
        tas.get(app.url("/safety/admin/planner"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let anonymous = reqwest::Client::new()
        .post(app.url("/safety/admin/planner"))
        .form(&[("rules", "x")])
        .send()
        .await
        .unwrap();
    assert!(anonymous.status().is_client_error());
}
