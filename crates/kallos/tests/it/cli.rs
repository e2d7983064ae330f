//! Subcommands share the store; configuration comes in layers.

use crate::{Server, kallos, run, text};

#[test]
fn generate_adds_members_to_the_same_store_the_server_reads() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        run(kallos(dir.path()).args(["generate", "members", "--count", "2500", "--seed", "9"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("added 2500 synthetic members; 2500 in all"),
        "{}",
        text(&out.stdout)
    );
    let out = run(kallos(dir.path()).args(["generate", "members", "--count", "10"]));
    assert!(
        text(&out.stdout).contains("2510 in all"),
        "{}",
        text(&out.stdout)
    );
    let out = run(kallos(dir.path()).args(["audit", "verify"]));
    assert!(out.status.success());
    // 50 societies + facilities + 2,510 members, each audited.
    let entries: i64 = text(&out.stdout)
        .trim()
        .trim_start_matches("audit trail intact: ")
        .trim_end_matches(" entries")
        .parse()
        .unwrap();
    assert!(entries > 2_560, "{entries}");
}

#[test]
fn configuration_layers_file_then_environment_then_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("from-file");
    let from_env = dir.path().join("from-env");
    let from_cli = dir.path().join("from-cli");
    let config = dir.path().join("kallos.toml");
    std::fs::write(
        &config,
        format!("data_dir = {:?}\n", from_file.display().to_string()),
    )
    .unwrap();

    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kallos"));
    command
        .current_dir(dir.path())
        .env_remove("KALLOS_DATA_DIR")
        .arg("migrate");
    assert!(run(&mut command).status.success());
    assert!(
        from_file.join("kallos.db").exists(),
        "./kallos.toml is read when present"
    );

    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kallos"));
    command
        .current_dir(dir.path())
        .env("KALLOS_DATA_DIR", &from_env)
        .arg("migrate");
    assert!(run(&mut command).status.success());
    assert!(
        from_env.join("kallos.db").exists(),
        "the environment beats the file"
    );

    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kallos"));
    command
        .current_dir(dir.path())
        .env("KALLOS_DATA_DIR", &from_env)
        .args(["--data-dir", from_cli.to_str().unwrap(), "migrate"]);
    assert!(run(&mut command).status.success());
    assert!(
        from_cli.join("kallos.db").exists(),
        "the command line beats the environment"
    );

    std::fs::write(&config, "data_dri = \"typo\"\n").unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kallos"));
    command.current_dir(dir.path()).arg("migrate");
    let out = run(&mut command);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown field `data_dri`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_arguments_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(kallos(dir.path()).args(["serve", "--addr", "nowhere"]));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the address 'nowhere'"),
        "{}",
        text(&out.stderr)
    );
    let out = run(kallos(dir.path()).args(["--database-url", "mysql://x:secret@h/db", "migrate"]));
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("neither postgres:// nor sqlite:") && !stderr.contains("secret"),
        "{stderr}"
    );
    let out = run(kallos(dir.path()).args([
        "user",
        "create",
        "--email",
        "x@example.org",
        "--name",
        "X",
        "--role",
        "society_admin",
    ]));
    assert!(
        text(&out.stderr).contains("--society is required"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn accounts_and_api_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut create = kallos(dir.path());
    create
        .env("KALLOS_PASSWORD", "a long enough password")
        .args([
            "user",
            "create",
            "--email",
            "Sec@Example.org",
            "--name",
            "Secretariat",
            "--role",
            "society_admin",
            "--society",
            "UKAAPS/CAPSCO",
        ]);
    let out = run(&mut create);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(kallos(dir.path()).args([
        "token",
        "create",
        "--email",
        "sec@example.org",
        "--days",
        "30",
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    assert!(token.starts_with("kallos_") && token.len() == 71, "{token}");

    let mut serve = kallos(dir.path());
    serve.env("KALLOS_LOG", "warn").arg("serve");
    let server = Server::start(serve);
    let client = reqwest::blocking::Client::new();
    let me: serde_json::Value = client
        .get(format!("{}/api/v1/me", server.base))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(me["administers"], serde_json::json!(["UKAAPS/CAPSCO"]));
    let members = client
        .get(format!(
            "{}/api/v1/societies/UKAAPS-CAPSCO/members",
            server.base
        ))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(members.status(), 200);
    let other = client
        .get(format!("{}/api/v1/societies/BAAPS/members", server.base))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(other.status(), 403);
    let (status, _) = server.stop();
    assert!(status.success());
}

/// The names of the subcommands a `--help` lists under "Commands:".
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_subcommand_is_in_the_readme_command_table() {
    let readme = include_str!("../../../../README.md");
    let table: String = readme
        .split("## Commands")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Commands section")
        .lines()
        .filter(|line| line.starts_with("| `kallos "))
        .collect::<Vec<_>>()
        .join("\n");
    let help = |args: &[&str]| {
        let out = run(std::process::Command::new(env!("CARGO_BIN_EXE_kallos"))
            .args(args)
            .arg("--help"));
        assert!(out.status.success(), "{args:?} --help");
        text(&out.stdout)
    };
    let top = subcommands(&help(&[]));
    assert!(top.len() >= 15, "{top:?}");
    let mut missing = Vec::new();
    for command in &top {
        let nested = subcommands(&help(&[command]));
        let names: Vec<String> = if nested.is_empty() {
            vec![format!("`kallos {command}")]
        } else {
            nested
                .iter()
                .map(|sub| format!("`kallos {command} {sub}"))
                .collect()
        };
        for name in names {
            let listed = table.lines().any(|row| {
                row.starts_with(&format!("| {name}")) && {
                    let rest = &row[2 + name.len()..];
                    rest.starts_with(' ') || rest.starts_with('`')
                }
            });
            if !listed {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "commands missing from README.md's table: {missing:?}"
    );
}
