//! The `kallos` binary as a user runs it: real processes, real files, real HTTP.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod audit;
mod cli;
mod credential;
mod identifiers;
mod membership;
mod registry;
mod serve;
mod statistics;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn kallos(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kallos"));
    command.arg("--data-dir").arg(data_dir);
    // The environment of the developer's shell must not leak into the tests.
    for (key, _) in std::env::vars() {
        if key.starts_with("KALLOS_") {
            command.env_remove(key);
        }
    }
    command
}

pub fn run(command: &mut Command) -> Output {
    command.stdin(Stdio::null()).output().expect("run kallos")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `kallos serve`, stopped with SIGTERM when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub ready_after: Duration,
}

impl Server {
    /// Starts `command`, which ends with `serve [options]`, on a free port.
    pub fn start(mut command: Command) -> Self {
        let port = free_port();
        let started = Instant::now();
        let mut child = command
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kallos serve");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::blocking::Client::new();
        while started.elapsed() < Duration::from_secs(60) {
            if client
                .get(format!("{base}/healthz"))
                .send()
                .is_ok_and(|r| r.status() == 200)
            {
                return Self {
                    child,
                    base,
                    ready_after: started.elapsed(),
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("kallos serve did not become healthy within 60 s");
    }

    /// Sends SIGTERM and returns the exit status and standard output.
    pub fn stop(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        let status = self.child.wait().expect("wait");
        let mut out = String::new();
        if let Some(mut stdout) = self.child.stdout.take() {
            std::io::Read::read_to_string(&mut stdout, &mut out).expect("read stdout");
        }
        (status, out)
    }
}
