//! `kallos criteria` and `kallos memberships run-jobs` on a real store.

use crate::{kallos, run, text};

const CRITERIA: &str = r#"
renewal_months = 12

[[types]]
membership_type = "active"

[[types.criteria]]
kind = "board_certification"
boards = ["American Board of Plastic Surgery"]

[[types.criteria]]
kind = "procedure_volume"
minimum = 50
months = 18
"#;

#[test]
fn criteria_files_go_in_and_out_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("tas.toml");
    std::fs::write(&file, CRITERIA).unwrap();
    let out = run(kallos(&data).args(["criteria", "export", "--society", "TAS"]));
    assert!(!out.status.success(), "nothing to export yet");
    assert!(text(&out.stderr).contains("TAS has no membership criteria yet"));

    let out = run(kallos(&data)
        .args(["criteria", "import", "--society", "TAS"])
        .arg(&file));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "TAS: 1 membership types, 2 criteria imported"
    );
    let out = run(kallos(&data).args(["criteria", "export", "--society", "TAS"]));
    let exported = text(&out.stdout);
    assert!(
        exported.contains("kind = \"procedure_volume\""),
        "{exported}"
    );
    let json = run(kallos(&data).args(["criteria", "export", "--society", "TAS", "--json"]));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["types"][0]["criteria"][1]["minimum"], 50);

    // A wrong field: named with its place, exit code 2, nothing stored.
    std::fs::write(
        &file,
        CRITERIA.replace("months = 18", "months = \"eighteen\""),
    )
    .unwrap();
    let out = run(kallos(&data)
        .args(["criteria", "import", "--society", "TAS"])
        .arg(&file));
    assert_eq!(out.status.code(), Some(2));
    let errors = text(&out.stderr);
    assert!(errors.contains("types[0].criteria[1].months"), "{errors}");
    assert!(errors.contains("nothing was imported"));
    let again = run(kallos(&data).args(["criteria", "export", "--society", "TAS"]));
    assert_eq!(text(&again.stdout), exported);
    // An unknown society is named.
    let out = run(kallos(&data)
        .args(["criteria", "import", "--society", "NOPE"])
        .arg(&file));
    assert!(text(&out.stderr).contains("no society with the acronym 'NOPE'"));
}

#[test]
fn run_jobs_queues_reminders_once_and_delivers_them_to_the_outbox_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(kallos(&data).args(["generate", "members", "--count", "300", "--seed", "4"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(kallos(&data).args(["memberships", "run-jobs"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    // Synthetic facilities' accreditations run out over three years: some within 60 days.
    let queued: usize = summary
        .split("; ")
        .find_map(|part| part.strip_suffix(" reminders queued"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(queued > 0, "{summary}");
    assert!(
        summary.contains(&format!("{queued} messages sent (to ")),
        "{summary}"
    );
    let files = std::fs::read_dir(data.join("outbox")).unwrap().count();
    assert_eq!(files, queued);
    // Again the same day: nothing new.
    let out = run(kallos(&data).args(["memberships", "run-jobs"]));
    assert!(
        text(&out.stdout).contains("; 0 reminders queued; 0 messages sent"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        std::fs::read_dir(data.join("outbox")).unwrap().count(),
        files
    );
    let out = run(kallos(&data).args(["audit", "verify"]));
    assert!(out.status.success(), "{}", text(&out.stdout));
    // A relay that is not there: the failure is reported and the exit code says so.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    #[expect(
        clippy::disallowed_methods,
        reason = "the synthetic members are dated from the real today"
    )]
    let later = chrono::Utc::now().date_naive() + chrono::Days::new(40);
    let out = run(kallos(&data)
        .args(["memberships", "run-jobs", "--as-of", &later.to_string()])
        .args(["--smtp-url", &format!("smtp://127.0.0.1:{port}")]));
    let summary = text(&out.stdout);
    if !summary.contains("; 0 reminders queued;") {
        assert!(!out.status.success(), "{summary}");
        assert!(!summary.ends_with("; 0 failed\n"), "{summary}");
    }
}
