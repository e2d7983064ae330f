//! `kallos serve --demo` from nothing, and again on the same data.

use crate::{Server, kallos};

fn demo(data: &std::path::Path) -> Server {
    let mut command = kallos(data);
    command.env("KALLOS_LOG", "warn").args(["serve", "--demo"]);
    Server::start(command)
}

#[test]
fn demo_starts_from_nothing_prints_the_logins_and_a_restart_reuses_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = demo(&data);
    assert!(
        data.join("kallos.db").exists(),
        "the data folder is created"
    );
    let client = reqwest::blocking::Client::new();
    let societies: Vec<serde_json::Value> = client
        .get(format!("{}/api/v1/societies", first.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(societies.len(), 50);
    let members: i64 = societies
        .iter()
        .filter(|s| s["kind"] == "national")
        .map(|s| s["active_members"].as_i64().unwrap())
        .sum();
    assert!(
        (1_600..2_000).contains(&members),
        "about 2,000 members, most active: {members}"
    );
    let (status, out) = first.stop();
    assert!(status.success(), "SIGTERM is a graceful stop: {status:?}");
    assert!(
        out.contains("Kallos is ready on http://127.0.0.1:"),
        "{out}"
    );
    assert!(
        out.contains("alliance.admin@example.org") && out.contains("kallos-demo"),
        "{out}"
    );
    assert!(
        out.contains("Demo data written: 50 societies, 2000 members"),
        "{out}"
    );

    let second = demo(&data);
    let again: Vec<serde_json::Value> = client
        .get(format!("{}/api/v1/societies", second.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(again, societies, "nothing is duplicated");
    let (status, out) = second.stop();
    assert!(status.success());
    assert!(out.contains("Reusing the existing data."), "{out}");
}

#[test]
fn demo_logins_work_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!("{}/sign-in", server.base))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let csrf = &page[start..start + 64];
    for email in [
        "alliance.admin@example.org",
        "admin.sbcp@example.org",
        "admin.ukaaps-capsco@example.org",
        "member.demo@example.org",
    ] {
        let response = client
            .post(format!("{}/sign-in", server.base))
            .form(&[
                ("csrf_token", csrf),
                ("email", email),
                ("password", "kallos-demo"),
            ])
            .send()
            .unwrap();
        assert_eq!(response.status(), 303, "{email} signs in");
    }
    let (status, _) = server.stop();
    assert!(status.success());
}
