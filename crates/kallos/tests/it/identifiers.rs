//! A file laced with every kind of direct identifier the detectors know, in
//! cells, column names and its own name, imported from the command line
//! and uploaded on the web page, on SQLite and (when
//! `KALLOS_TEST_DATABASE_URL` is set) PostgreSQL: afterwards no identifier
//! is anywhere: not in any column of any table, the SQLite file and its
//! WAL, the data folder (uploads, outbox), the logs, the printed report, the
//! report files and the pages.

use crate::{free_port, kallos, run, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Each kind the detectors know, as the file carries it.
const IDENTIFIERS: &[&str] = &[
    "Marie Dupont",         // a name
    "jane.doe@example.com", // an email (the file's name, a cell)
    "jane.roe@example.net", // an email as a column name
    "Lucie Bernard",        // a name as a column name
    "+33 6 12 34 56 78",    // a phone number
    "12 Rue de la Paix",    // a street address
    "1985-03-14",           // a date of birth
    "14/03/1985",           // a date of birth, as written in France
    "14.03.1985",           // and in Germany
    "123-45-6789",          // a US social security number
    "123.456.789-09",       // a Brazilian CPF
    "QQ123456C",            // a UK National Insurance number
    "943 476 5919",         // a UK NHS number
    "Jean Martin",          // the value of an identifier column (never read)
];

const FILE_NAME: &str = "Marie Dupont jane.doe@example.com.csv";

/// The generated file, with identifier columns and laced rows added.
fn laced_file(backend: &Backend, dir: &Path, society: Option<&str>) -> PathBuf {
    let generated = dir.join("generated.csv");
    let members = run(backend
        .command(dir)
        .args(["generate", "members", "--count", "60", "--seed", "4"]));
    assert!(members.status.success(), "{}", text(&members.stderr));
    let cases = run(backend
        .command(dir)
        .args([
            "generate",
            "cases",
            "--count",
            "300",
            "--years",
            "2024-2025",
        ])
        .args(["--seed", "7", "--out"])
        .arg(&generated));
    assert!(cases.status.success(), "{}", text(&cases.stderr));
    let csv = std::fs::read_to_string(&generated).unwrap();
    std::fs::remove_file(&generated).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .filter(|r: &Vec<String>| society.is_none_or(|s| r[1] == s))
        .collect();
    assert!(!rows.is_empty(), "generated rows of {society:?}");
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let extra = ["patient_name", "jane.roe@example.net", "Lucie Bernard"];
    let mut out = format!("{},{}\n", header.join(","), extra.join(","));
    let laced: &[(&str, &str)] = &[
        ("patient_key", "Marie Dupont"),
        ("patient_key", "1985-03-14"),
        ("case_id", "14/03/1985"),
        ("patient_key", "jane.doe@example.com"),
        ("patient_key", "+33 6 12 34 56 78"),
        ("case_id", "12 Rue de la Paix"),
        ("patient_key", "123-45-6789"),
        ("patient_key", "123.456.789-09"),
        ("case_id", "QQ123456C"),
        ("patient_key", "943 476 5919"),
        ("age", "Marie Dupont"),
        ("procedures", "Marie Dupont"),
        ("procedure_date", "14/03/1985"),
        ("procedure_date", "14.03.1985"),
        ("complications", "Marie Dupont:II:1985-03-14"),
        ("facility_id", "jane.doe@example.com"),
        ("bmi", "+33 6 12 34 56 78"),
        ("residence_country", "12 Rue de la Paix"),
    ];
    for (i, row) in rows.iter().enumerate() {
        let mut cells = row.clone();
        if let Some((name, value)) = laced.get(i) {
            cells[column("case_id")] = format!("LACED-{i}");
            cells[column(name)] = (*value).to_owned();
        }
        out.push_str(&format!("{},Jean Martin,x,y\n", cells.join(",")));
    }
    // Rows beyond the generated ones, when a society has few.
    for (i, (name, value)) in laced.iter().enumerate().skip(rows.len()) {
        let mut cells = rows[0].clone();
        cells[column("case_id")] = format!("LACED-{i}");
        cells[column(name)] = (*value).to_owned();
        out.push_str(&format!("{},Jean Martin,x,y\n", cells.join(",")));
    }
    let path = dir.join("upload").join(FILE_NAME);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, out).unwrap();
    path
}

/// Where the store is: the data folder's SQLite file, or a PostgreSQL schema.
enum Backend {
    Sqlite,
    Postgres { url: String, schema: String },
}

impl Backend {
    fn all(name: &str) -> Vec<Backend> {
        let mut all = vec![Backend::Sqlite];
        if let Ok(base) = std::env::var("KALLOS_TEST_DATABASE_URL") {
            let schema = format!("ids_{name}_{}", std::process::id());
            runtime().block_on(async {
                let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&base)
                    .await
                    .unwrap();
                for statement in [
                    format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
                    format!("CREATE SCHEMA {schema}"),
                ] {
                    sqlx::query(sqlx::AssertSqlSafe(statement))
                        .execute(&mut conn)
                        .await
                        .unwrap();
                }
            });
            let separator = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
            all.push(Backend::Postgres { url, schema });
        }
        all
    }

    fn command(&self, dir: &Path) -> Command {
        let mut command = kallos(dir);
        if let Backend::Postgres { url, .. } = self {
            command.args(["--database-url", url]);
        }
        command
    }

    /// Every value of every column of every table, as text.
    fn tables(&self, dir: &Path) -> Vec<(String, String)> {
        runtime().block_on(async {
            let mut found = Vec::new();
            match self {
                Backend::Sqlite => {
                    let url = format!("sqlite://{}?mode=ro", dir.join("kallos.db").display());
                    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
                        .await
                        .unwrap();
                    let tables: Vec<String> = sqlx::query_scalar(
                        "SELECT name FROM sqlite_master WHERE type = 'table'",
                    )
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
                    for table in tables {
                        let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(
                            format!("SELECT name FROM pragma_table_info('{table}')"),
                        ))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                        let row = columns
                            .iter()
                            .map(|c| format!("coalesce(CAST(\"{c}\" AS TEXT), '')"))
                            .collect::<Vec<_>>()
                            .join(" || '|' || ");
                        // As bytes: a blob's text need not be UTF-8.
                        let rows: Vec<Vec<u8>> = sqlx::query_scalar(sqlx::AssertSqlSafe(
                            format!("SELECT CAST({row} AS BLOB) FROM \"{table}\""),
                        ))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                        found.extend(rows.into_iter().map(|r| {
                            (table.clone(), String::from_utf8_lossy(&r).into_owned())
                        }));
                    }
                }
                Backend::Postgres { url, schema } => {
                    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url)
                        .await
                        .unwrap();
                    let tables: Vec<String> = sqlx::query_scalar(
                        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
                    )
                    .bind(schema)
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
                    assert!(tables.len() > 20, "{tables:?}");
                    for table in tables {
                        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                            "SELECT t::text FROM {schema}.\"{table}\" t"
                        )))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                        found.extend(rows.into_iter().map(|r| (table.clone(), r)));
                    }
                }
            }
            found
        })
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// Fails naming each identifier found in `haystack` (in any case).
fn assert_clean(place: &str, haystack: &[u8]) {
    let lower = String::from_utf8_lossy(haystack).to_lowercase();
    for id in IDENTIFIERS {
        assert!(
            !lower.contains(&id.to_lowercase()),
            "{id:?} found in {place}: …{}…",
            lower
                .find(&id.to_lowercase())
                .map(|at| &lower[at.saturating_sub(80)..(at + 80).min(lower.len())])
                .unwrap_or_default()
        );
    }
}

/// Scans the store and the data folder; the upload folder (the file as
/// the user keeps it) is not Kallos's.
fn assert_store_clean(backend: &Backend, data: &Path) {
    let tables = backend.tables(data);
    // The scan sees what was stored: the submission, its masked lines.
    for kept in [
        "submission.start",
        "1985-**-**",
        "M******** (37 characters, masked).csv",
    ] {
        assert!(
            tables.iter().any(|(_, row)| row.contains(kept)),
            "{kept} is stored"
        );
    }
    for (table, row) in tables {
        assert_clean(&format!("table {table}"), row.as_bytes());
    }
    let files = files(data);
    if matches!(backend, Backend::Sqlite) {
        assert!(files.iter().any(|(p, _)| p.ends_with("kallos.db")));
    }
    for (path, bytes) in files {
        if !path.starts_with(data.join("upload")) {
            assert_clean(&path.display().to_string(), &bytes);
        }
    }
    let verify = run(backend.command(data).args(["audit", "verify"]));
    assert!(verify.status.success(), "{}", text(&verify.stderr));
}

#[test]
fn identifiers_imported_from_the_command_line_are_kept_nowhere() {
    for backend in Backend::all("cli") {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        let migrate = run(backend.command(data).arg("migrate"));
        assert!(migrate.status.success(), "{}", text(&migrate.stderr));
        let file = laced_file(&backend, data, None);
        let report = data.join("report.csv");
        let import = run(backend
            .command(data)
            .env("KALLOS_LOG", "debug")
            .args(["import", "cases", "--json", "--report"])
            .arg(&report)
            .arg(&file));
        assert!(import.status.success(), "{}", text(&import.stderr));
        let summary: serde_json::Value =
            serde_json::from_str(text(&import.stdout).lines().last().unwrap()).unwrap();
        assert!(summary["rejected"].as_i64().unwrap() >= 15, "{summary}");
        assert!(summary["accepted"].as_i64().unwrap() >= 5, "{summary}");
        assert_clean("the import's output", &import.stdout);
        assert_clean("the import's log", &import.stderr);
        let report = std::fs::read_to_string(&report).unwrap();
        assert_clean("the report file", report.as_bytes());
        // The report still says where and why.
        assert!(
            report.contains("patient_key") && report.contains("looks like a name"),
            "{report}"
        );
        assert_store_clean(&backend, data);
    }
}

/// `kallos serve`, its log kept in a file.
struct Served {
    child: std::process::Child,
    base: String,
    log: PathBuf,
}

impl Served {
    fn start(mut command: Command, log: PathBuf) -> Self {
        let port = free_port();
        let child = command
            .env("KALLOS_LOG", "debug")
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(log.with_extension("out")).unwrap())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = reqwest::blocking::Client::new();
        while started.elapsed() < Duration::from_secs(60) {
            if client
                .get(format!("{base}/healthz"))
                .send()
                .is_ok_and(|r| r.status() == 200)
            {
                return Self { child, base, log };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut child = child;
        child.kill().ok();
        child.wait().ok();
        panic!("the server did not start");
    }

    /// Stops it; returns everything it logged and printed.
    fn stop(mut self) -> Vec<u8> {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap();
        let mut out = std::fs::read(&self.log).unwrap();
        out.extend(std::fs::read(self.log.with_extension("out")).unwrap());
        out
    }
}

fn csrf_in(page: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    page[start..start + 64].to_owned()
}

#[test]
fn identifiers_uploaded_on_the_web_are_kept_nowhere() {
    for backend in Backend::all("web") {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let migrate = run(backend.command(&data).arg("migrate"));
        assert!(migrate.status.success(), "{}", text(&migrate.stderr));
        let admin = run(backend
            .command(&data)
            .env("KALLOS_PASSWORD", "a long enough password")
            .args(["user", "create", "--email", "admin.sbcp@example.org"])
            .args(["--name", "SBCP admin", "--role", "society_admin"])
            .args(["--society", "SBCP"]));
        assert!(admin.status.success(), "{}", text(&admin.stderr));
        // The file is made outside the data folder, as a user's would be.
        let file = laced_file(&backend, &data, Some("SBCP"));
        let moved = dir.path().join(FILE_NAME);
        std::fs::rename(&file, &moved).unwrap();
        std::fs::remove_dir_all(data.join("upload")).unwrap();

        let server = Served::start(backend.command(&data), dir.path().join("server.log"));
        let client = reqwest::blocking::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let url = |path: &str| format!("{}{path}", server.base);
        let page = client.get(url("/sign-in")).send().unwrap().text().unwrap();
        let signed_in = client
            .post(url("/sign-in"))
            .form(&[
                ("csrf_token", csrf_in(&page).as_str()),
                ("email", "admin.sbcp@example.org"),
                ("password", "a long enough password"),
            ])
            .send()
            .unwrap();
        assert_eq!(signed_in.status(), 303);
        let page = client
            .get(url("/societies/SBCP/registry"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        let form = reqwest::blocking::multipart::Form::new().part(
            "file",
            reqwest::blocking::multipart::Part::bytes(std::fs::read(&moved).unwrap())
                .file_name(FILE_NAME),
        );
        let uploaded = client
            .post(url(&format!(
                "/societies/SBCP/registry/submissions?csrf_token={}",
                csrf_in(&page)
            )))
            .multipart(form)
            .send()
            .unwrap();
        assert_eq!(uploaded.status(), 303);
        let location = uploaded.headers()["location"].to_str().unwrap().to_owned();
        let mut submission = String::new();
        for _ in 0..400 {
            submission = client.get(url(&location)).send().unwrap().text().unwrap();
            if !submission.contains("http-equiv=\"refresh\"") {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(!submission.contains("http-equiv=\"refresh\""), "finished");
        let report = client
            .get(url(&format!("{location}/report.csv")))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert!(
            report.contains("patient_key") && report.contains("looks like a name"),
            "{report}"
        );
        let registry = client
            .get(url("/societies/SBCP/registry"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        let logged = server.stop();
        assert_clean("the submission page", submission.as_bytes());
        assert_clean("the report download", report.as_bytes());
        assert_clean("the registry page", registry.as_bytes());
        assert_clean("the server's log", &logged);
        assert_store_clean(&backend, &data);
    }
}
