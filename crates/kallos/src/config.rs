//! Configuration in layers: defaults → `kallos.toml` → `KALLOS_*` environment
//! → command line. The environment and command line are read by clap (see
//! `Cli`); this module adds the file beneath them and the defaults beneath that.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "kallos-data";
pub const DEFAULT_CONFIG_FILE: &str = "kallos.toml";
pub const DEFAULT_MAIL_FROM: &str = "kallos@localhost";

/// Every `KALLOS_*` variable Kallos reads; others earn a warning.
pub const KNOWN_VARIABLES: &[&str] = &[
    "KALLOS_CONFIG",
    "KALLOS_DATA_DIR",
    "KALLOS_DATABASE_URL",
    "KALLOS_ADDR",
    "KALLOS_PUBLIC_URL",
    "KALLOS_LOG",
    "KALLOS_LOG_FORMAT",
    "KALLOS_SESSION_HOURS",
    "KALLOS_PASSWORD",
    "KALLOS_SMTP_URL",
    "KALLOS_MAIL_FROM",
    "KALLOS_TEST_DATABASE_URL",
    "KALLOS_BENCH_POSTGRES",
    // Read by the test suites, not by the binary.
    "KALLOS_FHIR_PYTHON",
    "KALLOS_PYJWT_PYTHON",
    "KALLOS_EXTRACT_PYTHON",
    "KALLOS_BLESS",
];

/// The optional file layer. Unknown keys are an error, so typos are caught.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub addr: Option<String>,
    pub public_url: Option<String>,
    pub log_format: Option<String>,
    pub session_hours: Option<i64>,
    /// SMTP relay for reminders, `smtp://host:port`.
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
}

impl FileConfig {
    /// Reads `path` if given (it must exist), else `./kallos.toml` if present.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        let (path, required) = match path {
            Some(path) => (path.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Self::default());
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("reading configuration file {}", path.display()));
            }
        };
        toml::from_str(&text).with_context(|| format!("in configuration file {}", path.display()))
    }
}

/// Where the data lives, resolved from all layers.
#[derive(Clone)]
pub struct StoreConfig {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
}

impl std::fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreConfig")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .finish()
    }
}

/// Hides the password of a database URL: `postgres://u:secret@h/db` → `postgres://u:***@h/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

pub fn resolve_addr(cli: Option<&str>, file: &FileConfig) -> Result<SocketAddr> {
    let text = cli.or(file.addr.as_deref()).unwrap_or(DEFAULT_ADDR);
    text.parse()
        .with_context(|| format!("the address '{text}' is not of the form 127.0.0.1:8080"))
}

/// Warns about `KALLOS_*` variables that nothing reads (usually a typo).
pub fn warn_unknown_variables() {
    for (name, _) in std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v))) {
        if name.starts_with("KALLOS_") && !KNOWN_VARIABLES.contains(&name.as_str()) {
            tracing::warn!(variable = %name, "unknown KALLOS_ environment variable is ignored");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://kallos:s3cret@db:5432/kallos"),
            "postgres://kallos:***@db:5432/kallos"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(redact_url("sqlite:kallos.db"), "sqlite:kallos.db");
    }

    #[test]
    fn file_layer_rejects_unknown_keys_and_reads_known_ones() {
        let parsed: Result<FileConfig, _> = toml::from_str("adress = \"x\"");
        assert!(parsed.is_err());
        let parsed: FileConfig =
            toml::from_str("addr = \"0.0.0.0:9000\"\nsession_hours = 2").expect("valid file");
        assert_eq!(parsed.session_hours, Some(2));
        let addr = resolve_addr(None, &parsed).expect("addr");
        assert_eq!(addr.port(), 9000);
        let addr = resolve_addr(Some("127.0.0.1:7000"), &parsed).expect("addr");
        assert_eq!(addr.port(), 7000, "the command line wins over the file");
        assert!(resolve_addr(Some("nonsense"), &parsed).is_err());
    }
}
