//! Delivering outbox messages: to one `.eml` file per message in a folder
//! (the default), or to an SMTP relay (`smtp://host:port`, plain SMTP as a
//! local relay speaks it: no authentication, no TLS).

use kallos_store::membership::OutboxMessage;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where messages go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mailer {
    /// One `.eml` file per message in `dir`.
    Files { dir: PathBuf, from: String },
    Smtp {
        host: String,
        port: u16,
        from: String,
    },
}

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl Mailer {
    /// An SMTP mailer when `smtp_url` is given, else the file sink in `dir`.
    pub fn new(smtp_url: Option<&str>, dir: PathBuf, from: &str) -> Result<Self, String> {
        let Some(url) = smtp_url.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(Self::Files {
                dir,
                from: from.to_owned(),
            });
        };
        let rest = url.strip_prefix("smtp://").ok_or_else(|| {
            format!("smtp_url '{url}' must start with smtp:// (plain SMTP to a relay)")
        })?;
        let rest = rest.trim_end_matches('/');
        if rest.contains('@') {
            return Err(format!(
                "smtp_url '{url}': user names and passwords are not supported; relay through a local MTA"
            ));
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("smtp_url '{url}': '{port}' is not a port number"))?,
            ),
            None => (rest, 25),
        };
        if host.is_empty() {
            return Err(format!("smtp_url '{url}' names no host"));
        }
        Ok(Self::Smtp {
            host: host.to_owned(),
            port,
            from: from.to_owned(),
        })
    }

    fn from(&self) -> &str {
        match self {
            Self::Files { from, .. } | Self::Smtp { from, .. } => from,
        }
    }

    /// Delivers one message; the error says what went wrong.
    pub async fn deliver(&self, message: &OutboxMessage) -> Result<(), String> {
        let text = render(message, self.from());
        match self {
            Self::Files { dir, .. } => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("creating {}: {e}", dir.display()))?;
                let path = dir.join(format!("message-{:08}.eml", message.id));
                let partial = dir.join(format!("message-{:08}.eml.partial", message.id));
                tokio::fs::write(&partial, text.as_bytes())
                    .await
                    .map_err(|e| format!("writing {}: {e}", partial.display()))?;
                tokio::fs::rename(&partial, &path)
                    .await
                    .map_err(|e| format!("writing {}: {e}", path.display()))?;
                Ok(())
            }
            Self::Smtp { host, port, from } => tokio::time::timeout(
                SMTP_TIMEOUT,
                smtp_send(host, *port, from, &message.recipient, &text),
            )
            .await
            .map_err(|_| format!("SMTP {host}:{port}: no answer within 30 s"))?,
        }
    }
}

/// The message as RFC 5322 text, CRLF line ends.
pub fn render(message: &OutboxMessage, from: &str) -> String {
    let date = chrono::DateTime::from_timestamp_micros(message.created_at_micros)
        .unwrap_or_default()
        .to_rfc2822();
    let body = message.body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "From: Kallos <{from}>\r\nTo: <{}>\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <outbox-{}@kallos>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}",
        message.recipient,
        encode_header(&message.subject),
        message.id,
    )
}

/// An RFC 2047 encoded word when the text is not plain ASCII.
fn encode_header(text: &str) -> String {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.to_owned()
    } else {
        format!("=?utf-8?B?{}?=", base64(text.as_bytes()))
    }
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

async fn reply(
    reader: &mut BufReader<TcpStream>,
    expect: &[u16],
    step: &str,
) -> Result<(), String> {
    loop {
        let mut line = String::new();
        let n = reader
            .read_line(&mut line)
            .await
            .map_err(|e| format!("SMTP {step}: {e}"))?;
        if n == 0 {
            return Err(format!("SMTP {step}: the server closed the connection"));
        }
        let code: Option<u16> = line.get(..3).and_then(|c| c.parse().ok());
        let last = line.as_bytes().get(3) != Some(&b'-');
        if last {
            return match code {
                Some(c) if expect.contains(&c) => Ok(()),
                _ => Err(format!("SMTP {step}: {}", line.trim_end())),
            };
        }
    }
}

async fn command(
    reader: &mut BufReader<TcpStream>,
    line: &str,
    expect: &[u16],
    step: &str,
) -> Result<(), String> {
    reader
        .get_mut()
        .write_all(format!("{line}\r\n").as_bytes())
        .await
        .map_err(|e| format!("SMTP {step}: {e}"))?;
    reply(reader, expect, step).await
}

async fn smtp_send(host: &str, port: u16, from: &str, to: &str, text: &str) -> Result<(), String> {
    if [from, to]
        .iter()
        .any(|a| a.contains(['\r', '\n', '<', '>']))
    {
        return Err("an address contains a line break or angle bracket".to_owned());
    }
    let stream = TcpStream::connect((host, port))
        .await
        .map_err(|e| format!("SMTP {host}:{port}: {e}"))?;
    let mut reader = BufReader::new(stream);
    reply(&mut reader, &[220], "greeting").await?;
    command(&mut reader, "EHLO kallos", &[250], "EHLO").await?;
    command(
        &mut reader,
        &format!("MAIL FROM:<{from}>"),
        &[250],
        "MAIL FROM",
    )
    .await?;
    command(
        &mut reader,
        &format!("RCPT TO:<{to}>"),
        &[250, 251],
        "RCPT TO",
    )
    .await?;
    command(&mut reader, "DATA", &[354], "DATA").await?;
    // Dot-stuffing: a line that starts with '.' gets another.
    let mut data = String::with_capacity(text.len() + 16);
    for line in text.split("\r\n") {
        if line.starts_with('.') {
            data.push('.');
        }
        data.push_str(line);
        data.push_str("\r\n");
    }
    data.push_str(".\r\n");
    reader
        .get_mut()
        .write_all(data.as_bytes())
        .await
        .map_err(|e| format!("SMTP message: {e}"))?;
    reply(&mut reader, &[250], "message").await?;
    command(&mut reader, "QUIT", &[221], "QUIT").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_headers() {
        assert!(matches!(
            Mailer::new(Some("smtp://127.0.0.1:2525"), PathBuf::new(), "a@b.org"),
            Ok(Mailer::Smtp { port: 2525, .. })
        ));
        assert!(matches!(
            Mailer::new(Some("smtp://mail.example.org"), PathBuf::new(), "a@b.org"),
            Ok(Mailer::Smtp { port: 25, .. })
        ));
        assert!(matches!(
            Mailer::new(None, PathBuf::new(), "a@b.org"),
            Ok(Mailer::Files { .. })
        ));
        for bad in ["http://x", "smtp://u:p@x", "smtp://x:notaport", "smtp://"] {
            assert!(
                Mailer::new(Some(bad), PathBuf::new(), "a@b.org").is_err(),
                "{bad}"
            );
        }
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(encode_header("plain"), "plain");
        assert_eq!(encode_header("é"), "=?utf-8?B?w6k=?=");
    }
}
