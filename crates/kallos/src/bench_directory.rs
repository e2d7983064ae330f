//! `kallos bench directory`: N synthetic members served by `kallos serve` on
//! loopback, loaded with `wrk` (directory searches, the directory's JSON API,
//! verification pages), each beside nginx serving a static file of the same
//! size, in the same run.

use anyhow::{Context, Result, bail};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::{Clock, SystemClock};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct DirectoryBench {
    /// Members in the store (made with `generate members` when fewer).
    #[arg(long, default_value_t = 100_000)]
    members: usize,
    /// Seconds of load per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// wrk connections.
    #[arg(long, default_value_t = 64)]
    connections: u32,
    /// wrk threads.
    #[arg(long, default_value_t = 2)]
    threads: u32,
    /// Folder for the store, scripts and nginx (default: a temporary folder;
    /// give one to reuse the generated members between runs).
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

/// A GET over a plain TCP connection: (status, body). Enough for loopback.
fn get(addr: &str, path: &str) -> Result<(u16, Vec<u8>)> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let head_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no end of headers")?;
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status")?;
    let mut body = response[head_end + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Ok((status, body))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        let end = (start + size).min(data.len());
        out.extend_from_slice(&data[start..end]);
        data = &data[(end + 2).min(data.len())..];
    }
    out
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn wait_ready(addr: &str, path: &str, child: &mut Child) -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if let Some(status) = child.try_wait()? {
            bail!("the server exited before it was ready: {status}");
        }
        if get(addr, path).is_ok_and(|(s, _)| s == 200) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("{addr}{path} did not answer 200 within 2 minutes")
}

/// What wrk measured.
#[derive(Debug, Clone, Copy, Default)]
struct Load {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn millis(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.trim().parse::<f64>().ok().map(|n| n * factor)
}

fn parse_wrk(output: &str) -> Load {
    let mut load = Load::default();
    for line in output.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(rate)) => {
                load.requests_per_sec = rate.parse().unwrap_or(0.0);
            }
            (Some("50%"), Some(value)) => load.p50_ms = millis(value).unwrap_or(0.0),
            (Some("99%"), Some(value)) => load.p99_ms = millis(value).unwrap_or(0.0),
            _ => {}
        }
        if let Some(n) = line.strip_prefix("Non-2xx or 3xx responses:") {
            load.errors += n.trim().parse::<u64>().unwrap_or(0);
        }
        if let Some(rest) = line.strip_prefix("Socket errors:") {
            load.errors += rest
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    load
}

/// Runs wrk against `base`, spreading requests over `paths` round robin.
fn wrk(
    args: &DirectoryBench,
    dir: &Path,
    name: &str,
    base: &str,
    paths: &[String],
    fresh: bool,
) -> Result<Load> {
    let script = dir.join(format!("{name}.lua"));
    let list = paths
        .iter()
        .map(|p| format!("  {:?},", p))
        .collect::<Vec<_>>()
        .join("\n");
    // A fresh request carries a parameter the search ignores but that makes
    // its address new (per wrk thread and request), so no kept answer serves it.
    let visit = if fresh {
        " .. \"&visit=\" .. thread_id .. \"-\" .. i"
    } else {
        ""
    };
    std::fs::write(
        &script,
        format!(
            "local paths = {{\n{list}\n}}\nlocal threads = 0\nfunction setup(thread)\n  threads = threads + 1\n  thread:set(\"thread_id\", threads)\nend\n\
             local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1]{visit})\nend\n"
        ),
    )?;
    let output = Command::new("wrk")
        .arg(format!("-t{}", args.threads))
        .arg(format!("-c{}", args.connections))
        .arg(format!("-d{}s", args.seconds))
        .arg("--latency")
        .arg("-s")
        .arg(&script)
        .arg(base)
        .output()
        .context("running wrk (Debian package `wrk`)")?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "wrk failed: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::write(dir.join(format!("{name}.wrk.txt")), &text)?;
    Ok(parse_wrk(&text))
}

struct Nginx {
    child: Child,
    base: String,
    /// `nginx -p … -c …`, to signal the master through its pid file.
    control: Vec<std::ffi::OsString>,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // A graceful quit: a killed master would leave its workers behind.
        let quit = Command::new(&self.control[0])
            .args(&self.control[1..])
            .args(["-s", "quit"])
            .stderr(Stdio::null())
            .status();
        if !quit.is_ok_and(|s| s.success()) {
            self.child.kill().ok();
        }
        self.child.wait().ok();
    }
}

/// nginx on a loopback port, serving `root`, with a temporary configuration.
fn start_nginx(dir: &Path, root: &Path, workers: u32) -> Result<Nginx> {
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(prefix.join("logs"))?;
    let port = free_port()?;
    let conf = prefix.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes {workers};\ndaemon off;\npid {pid};\nerror_log {log} warn;\n\
             events {{ worker_connections 4096; }}\n\
             http {{\n  access_log off;\n  sendfile on;\n  keepalive_requests 1000000;\n  \
             client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n  fastcgi_temp_path {tmp}/fastcgi;\n  \
             uwsgi_temp_path {tmp}/uwsgi;\n  scgi_temp_path {tmp}/scgi;\n  \
             types {{ text/html html; }}\n  server {{\n    listen 127.0.0.1:{port};\n    root {root};\n  }}\n}}\n",
            pid = prefix.join("nginx.pid").display(),
            log = prefix.join("logs/error.log").display(),
            tmp = prefix.display(),
            root = root.display(),
        ),
    )?;
    let nginx = ["/usr/sbin/nginx", "nginx"]
        .into_iter()
        .find(|n| Path::new(n).exists() || *n == "nginx")
        .unwrap_or("nginx");
    let mut child = Command::new(nginx)
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting nginx (Debian package `nginx`)")?;
    let addr = format!("127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                stderr.read_to_string(&mut err).ok();
            }
            bail!("nginx exited: {status} {err}");
        }
        if std::net::TcpStream::connect(&addr).is_ok() {
            break;
        }
        if started.elapsed() > Duration::from_secs(10) {
            bail!("nginx did not listen on {addr}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(Nginx {
        child,
        base: format!("http://{addr}"),
        control: vec![
            nginx.into(),
            "-p".into(),
            prefix.into_os_string(),
            "-c".into(),
            conf.into_os_string(),
        ],
    })
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}")
}

pub async fn run(args: DirectoryBench) -> Result<ExitCode> {
    let dir = match &args.work_dir {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("kallos-bench-directory-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir)?;
    let data_dir = dir.join("store");
    let store = crate::store::open(&crate::config::StoreConfig {
        data_dir: data_dir.clone(),
        database_url: None,
    })
    .await?;
    let have = usize::try_from(store.total_members().await?).unwrap_or(0);
    if have < args.members {
        eprintln!("generating {} members…", args.members - have);
        crate::commands::generate(
            crate::commands::Generate::Members {
                count: args.members - have,
                seed: 1,
            },
            &*store,
        )
        .await?;
    }
    let ctx = AuditContext::system("bench", SystemClock.now());
    crate::directory::seed_procedures(&*store, &ctx, 1, |_| {}).await?;
    let records = store.directory_records().await?;
    store.close().await;
    let listed: Vec<_> = records.iter().filter(|r| r.is_listed()).collect();
    if listed.is_empty() {
        bail!("no member is listed in the directory");
    }
    // Searches a visitor would make: country and procedure, a name, language and follow-up.
    let mut searches = Vec::new();
    for (i, r) in listed
        .iter()
        .step_by((listed.len() / 200).max(1))
        .enumerate()
    {
        let procedure = r.procedures.first().cloned().unwrap_or_default();
        searches.push(match i % 4 {
            0 => format!("country={}&procedure={procedure}", r.country_iso2),
            1 => format!(
                "name={}",
                r.family_name
                    .chars()
                    .take(4)
                    .collect::<String>()
                    .replace(' ', "+")
            ),
            2 => format!(
                "language={}&follow_up=on",
                r.languages.first().cloned().unwrap_or_default()
            ),
            _ => format!(
                "country={}&city={}",
                r.country_iso2,
                r.city.replace(' ', "+")
            ),
        });
    }
    let verifications: Vec<String> = listed
        .iter()
        .step_by((listed.len() / 1000).max(1))
        .map(|r| format!("/verify/{}", r.public_id))
        .collect();
    let html_searches: Vec<String> = searches.iter().map(|q| format!("/directory?{q}")).collect();
    let api_searches: Vec<String> = searches
        .iter()
        .map(|q| format!("/api/v1/directory?{q}"))
        .collect();
    // (name, paths, every request new): the last two measure the searches
    // themselves, with no kept answer to serve them.
    let scenarios: Vec<(&str, Vec<String>, bool)> = vec![
        ("directory search (HTML)", html_searches.clone(), false),
        ("directory search (JSON API)", api_searches.clone(), false),
        ("verification page (HTML)", verifications, false),
        ("new searches (HTML)", html_searches, true),
        ("new searches (JSON API)", api_searches, true),
    ];

    let port = free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let exe = std::env::current_exe().context("the kallos binary")?;
    let mut child = Command::new(exe)
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["serve", "--addr", &addr])
        .env("KALLOS_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting kallos serve")?;
    let ready = wait_ready(&addr, "/healthz", &mut child);
    let server = Server(child);
    ready?;
    let started = Instant::now();
    let (status, _) = get(&addr, "/directory")?;
    if status != 200 {
        bail!("/directory answered {status}");
    }
    let warm = started.elapsed();

    println!(
        "kallos bench directory: {} members ({} listed), {} s per scenario, wrk -t{} -c{}; {}",
        records.len(),
        listed.len(),
        args.seconds,
        args.threads,
        args.connections,
        machine()
    );
    println!(
        "directory index built in {} ms on first request",
        warm.as_millis()
    );
    println!(
        "{:<30} {:>10} {:>9} {:>9} {:>8} {:>7}",
        "scenario", "req/s", "p50 ms", "p99 ms", "bytes", "errors"
    );
    let mut failed = false;
    for (name, paths, fresh) in &scenarios {
        let mut total = 0usize;
        for path in paths.iter().take(50) {
            let (status, body) = get(&addr, path)?;
            if status != 200 {
                bail!("{path} answered {status}");
            }
            total += body.len();
        }
        let size = total / paths.len().clamp(1, 50);
        let slug: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let kallos = wrk(
            &args,
            &dir,
            &format!("kallos-{slug}"),
            &format!("http://{addr}"),
            paths,
            *fresh,
        )?;
        let root = dir.join(format!("static-{slug}"));
        std::fs::create_dir_all(&root)?;
        std::fs::write(root.join("page.html"), vec![b'x'; size])?;
        let nginx = start_nginx(&dir, &root, args.threads)?;
        let peer = wrk(
            &args,
            &dir,
            &format!("nginx-{slug}"),
            &nginx.base,
            &["/page.html".to_owned()],
            false,
        )?;
        drop(nginx);
        for (who, load) in [("kallos", kallos), ("nginx, same size static", peer)] {
            println!(
                "{:<30} {:>10.0} {:>9.2} {:>9.2} {:>8} {:>7}",
                format!("{who}: {}", if who == "kallos" { *name } else { "" }),
                load.requests_per_sec,
                load.p50_ms,
                load.p99_ms,
                size,
                load.errors
            );
        }
        let ratio = kallos.requests_per_sec / peer.requests_per_sec.max(1.0);
        let holds = kallos.requests_per_sec >= 10_000.0
            && kallos.p99_ms < 20.0
            && ratio >= 0.5
            && kallos.errors == 0;
        failed |= !holds;
        println!(
            "  ratio kallos / nginx: {ratio:.2}; targets (>= 10,000 req/s, p99 < 20 ms, >= 0.5 of nginx): {}",
            if holds { "met" } else { "NOT met" }
        );
    }
    drop(server);
    println!("wrk outputs and scripts are in {}", dir.display());
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_output_is_read() {
        let out = "Running 10s test @ http://127.0.0.1:1\n  Latency Distribution\n     50%  312.00us\n     75%    1.20ms\n     90%    2.00ms\n     99%   12.50ms\n  100 requests in 10.00s, 1.00MB read\n  Non-2xx or 3xx responses: 3\nRequests/sec:  12345.67\n";
        let load = parse_wrk(out);
        assert!((load.requests_per_sec - 12345.67).abs() < 0.01);
        assert!((load.p50_ms - 0.312).abs() < 1e-9);
        assert!((load.p99_ms - 12.5).abs() < 1e-9);
        assert_eq!(load.errors, 3);
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), b"abcde");
    }
}
