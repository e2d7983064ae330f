//! The registry from the command line: synthetic files, imports that survive
//! `kill -9`, reports, dictionary and device look-ups.

use crate::{kallos, run, text};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn generate(dir: &std::path::Path, count: u64, out: &std::path::Path) {
    let members = run(kallos(dir).args(["generate", "members", "--count", "300", "--seed", "4"]));
    assert!(members.status.success(), "{}", text(&members.stderr));
    let cases = run(kallos(dir)
        .args([
            "generate",
            "cases",
            "--count",
            &count.to_string(),
            "--years",
            "2023-2025",
            "--seed",
            "7",
            "--out",
        ])
        .arg(out));
    assert!(cases.status.success(), "{}", text(&cases.stderr));
}

fn summary(output: &std::process::Output) -> serde_json::Value {
    let stdout = text(&output.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or(""))
        .unwrap_or_else(|_| panic!("a JSON summary: {stdout} {}", text(&output.stderr)))
}

#[test]
fn an_import_killed_half_way_resumes_and_is_never_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    generate(dir.path(), 120_000, &file);

    // Start an import in small batches and kill it, hard, once some are committed.
    let mut child = kallos(dir.path())
        .args(["import", "cases", "--batch-size", "500", "--json"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let db = dir.path().join("kallos.db");
    let started = Instant::now();
    let mut killed_while_running = false;
    while started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(100));
        if let Some(_status) = child.try_wait().unwrap() {
            break;
        }
        let wal = std::fs::metadata(dir.path().join("kallos.db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
        if wal > 4_000_000 {
            std::process::Command::new("kill")
                .args(["-9", &child.id().to_string()])
                .status()
                .unwrap();
            child.wait().unwrap();
            killed_while_running = true;
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(killed_while_running, "the import was killed while it ran");
    assert!(db.exists());

    let resumed = run(kallos(dir.path())
        .args(["import", "cases", "--json"])
        .arg(&file));
    assert!(resumed.status.success(), "{}", text(&resumed.stderr));
    assert!(
        text(&resumed.stderr).contains("resumed submission"),
        "{}",
        text(&resumed.stderr)
    );
    let s = summary(&resumed);
    assert_eq!(
        s["rows_read"], 120_000,
        "the resumed submission counts every row once: {s}"
    );
    assert_eq!(
        s["accepted"].as_i64().unwrap()
            + s["updated"].as_i64().unwrap()
            + s["unchanged"].as_i64().unwrap(),
        120_000
    );
    assert_eq!(s["rejected"], 0);

    // The same file again: nothing changes.
    let again = run(kallos(dir.path())
        .args(["import", "cases", "--json"])
        .arg(&file));
    let s = summary(&again);
    assert_eq!(
        (s["accepted"].as_i64(), s["unchanged"].as_i64()),
        (Some(0), Some(120_000)),
        "{s}"
    );

    let verify = run(kallos(dir.path()).args(["audit", "verify"]));
    assert!(verify.status.success(), "{}", text(&verify.stderr));
    // The incremental rollups survived the kill: a rebuild gives the same cube.
    let before = run(kallos(dir.path()).args(["rollups", "rebuild"]));
    assert!(
        text(&before.stdout).contains("from 120000 cases"),
        "{}",
        text(&before.stdout)
    );
}

#[test]
fn reports_dry_runs_and_strict_imports_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    generate(dir.path(), 50, &file);
    let mut csv = std::fs::read_to_string(&file).unwrap();
    let mut bad = vec![""; 37];
    for (index, value) in [
        (0, "BAD-1"),
        (1, "SBCP"),
        (4, "hospital"),
        (5, "BR"),
        (6, "BR"),
        (7, "2025-01-01"),
        (8, "BE-LIPO"),
        (10, "general"),
        (11, "jane@mail.example"),
        (12, "30"),
        (13, "F"),
        (15, "no"),
        (16, "no"),
        (17, "1"),
    ] {
        bad[index] = value;
    }
    csv.push_str(&bad.join(","));
    csv.push('\n');
    std::fs::write(&file, csv).unwrap();

    let dry = run(kallos(dir.path())
        .args(["import", "cases", "--dry-run", "--json"])
        .arg(&file));
    assert!(dry.status.success());
    let s = summary(&dry);
    assert_eq!(
        (
            s["accepted"].as_i64(),
            s["rejected"].as_i64(),
            s["submission"].is_null()
        ),
        (Some(50), Some(1), true)
    );
    assert!(
        text(&dry.stderr).contains("row 52, patient_key: looks like an email address"),
        "{}",
        text(&dry.stderr)
    );
    assert!(
        !text(&dry.stderr).contains("jane@mail.example"),
        "identifiers are masked in reports"
    );

    let report = dir.path().join("report.csv");
    let strict = run(kallos(dir.path())
        .args(["import", "cases", "--strict", "--json", "--report"])
        .arg(&report)
        .arg(&file));
    assert_eq!(strict.status.code(), Some(3), "a rejected file exits 3");
    assert_eq!(summary(&strict)["status"], "rejected");
    let report = std::fs::read_to_string(report).unwrap();
    assert!(
        report.starts_with("row,column,value,reason,severity\n52,\"patient_key\""),
        "{report}"
    );

    let ok = run(kallos(dir.path())
        .args(["import", "cases", "--json"])
        .arg(&file));
    assert_eq!(summary(&ok)["accepted"], 50);
    let found = run(kallos(dir.path()).args(["devices", "find", "--manufacturer", "Novabreast"]));
    assert!(found.status.success());
    let dictionary = run(kallos(dir.path()).args(["registry", "dictionary"]));
    assert_eq!(
        text(&dictionary.stdout),
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/data-dictionary.md"
        ))
        .unwrap()
    );
}
