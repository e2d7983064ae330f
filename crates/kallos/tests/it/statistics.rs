//! Statistics from the command line: approve, publish, and the report in
//! every format, on a store of synthetic cases.

use crate::{kallos, run, text};

#[test]
fn approve_publish_and_write_the_report_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    for args in [
        vec!["generate", "members", "--count", "200", "--seed", "3"],
        vec![
            "generate",
            "cases",
            "--count",
            "3000",
            "--years",
            "2024-2025",
            "--seed",
            "5",
            "--out",
        ],
    ] {
        let mut command = kallos(dir.path());
        command.args(&args);
        if args[1] == "cases" {
            command.arg(&file);
        }
        let out = run(&mut command);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let import = run(kallos(dir.path()).args(["import", "cases"]).arg(&file));
    assert!(import.status.success(), "{}", text(&import.stderr));

    // Nothing approved: nothing to publish, and the public report is empty.
    let refused = run(kallos(dir.path()).args(["statistics", "publish", "--year", "2025"]));
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("no society has approved data for 2025"));
    let bad = run(kallos(dir.path()).args([
        "statistics",
        "approve",
        "--society",
        "SBCP",
        "--period",
        "2025-Q9",
    ]));
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--period: '2025-Q9'"));

    // The society's own report is unsuppressed and counts every case.
    let own = dir.path().join("sbcp.json");
    let out = run(kallos(dir.path())
        .args([
            "report",
            "--year",
            "2025",
            "--society",
            "SBCP",
            "--format",
            "json",
            "--out",
        ])
        .arg(&own));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&own).unwrap()).unwrap();
    assert!(report["disclosure"].is_null());

    // Approve every society, then publish.
    let out = run(kallos(dir.path()).args([
        "statistics",
        "approve",
        "--society",
        "all",
        "--period",
        "2025",
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let published = run(kallos(dir.path()).args(["statistics", "publish", "--year", "2025"]));
    assert!(published.status.success(), "{}", text(&published.stderr));
    assert!(text(&published.stdout).contains("published version 1"));
    let again = run(kallos(dir.path()).args(["statistics", "publish", "--year", "2025"]));
    assert!(text(&again.stdout).contains("unchanged since version 1"));

    for (format, check) in [
        ("json", &b"{"[..]),
        ("csv", &b"# procedures\nkey,label,procedures"[..]),
        ("xlsx", &b"PK"[..]),
        ("html", &b"<!doctype html>"[..]),
    ] {
        let path = dir.path().join(format!("report.{format}"));
        let out = run(kallos(dir.path())
            .args(["report", "--year", "2025", "--format", format, "--out"])
            .arg(&path));
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("small counts suppressed"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(check), "{format}");
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("role=\"img\"") && html.contains("<caption>"));
    let public: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(public["disclosure"]["threshold"], 11);
    assert_eq!(public["noise"]["method"], "cell_key");

    // Withdrawing is refused for what was never approved, accepted otherwise.
    let missing = run(kallos(dir.path()).args([
        "statistics",
        "withdraw",
        "--society",
        "SBCP",
        "--period",
        "2024",
    ]));
    assert!(!missing.status.success());
    let withdrawn = run(kallos(dir.path()).args([
        "statistics",
        "withdraw",
        "--society",
        "SBCP",
        "--period",
        "2025",
    ]));
    assert!(withdrawn.status.success(), "{}", text(&withdrawn.stderr));
    let audit = run(kallos(dir.path()).args(["audit", "verify"]));
    assert!(audit.status.success(), "{}", text(&audit.stdout));
}
