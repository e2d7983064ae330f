//! The audit trail: every write records who, what, when and from where, in a
//! hash chain. Each entry's hash covers its own fields and the previous hash,
//! so altering or removing any entry breaks the chain from that entry on.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who is writing, when, and from where. Built once per request or command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContext {
    /// `user:<id>`, `system:<command>` or `anonymous`.
    pub actor: String,
    pub at: DateTime<Utc>,
    /// The client address for web requests; the host command for the CLI.
    pub source: Option<String>,
    pub request_id: Option<String>,
}

impl AuditContext {
    pub fn system(command: &str, at: DateTime<Utc>) -> Self {
        Self {
            actor: format!("system:{command}"),
            at,
            source: Some("cli".to_owned()),
            request_id: None,
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Dotted verb, e.g. `member.create`.
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub society_id: Option<i64>,
    /// A JSON object with what changed; never a password or token.
    pub detail: serde_json::Value,
}

/// One stored entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    /// Microseconds since the Unix epoch: exact on every backend.
    pub at_micros: i64,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub society_id: Option<i64>,
    pub source: Option<String>,
    pub request_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// Builds the next entry of the chain after `prev` (`None` for the first).
    pub fn next(prev: Option<(i64, &str)>, ctx: &AuditContext, event: &AuditEvent) -> Self {
        let (seq, prev_hash) = match prev {
            Some((seq, hash)) => (seq + 1, hash.to_owned()),
            None => (1, GENESIS_HASH.to_owned()),
        };
        let mut record = Self {
            seq,
            at_micros: ctx.at.timestamp_micros(),
            actor: ctx.actor.clone(),
            action: event.action.to_owned(),
            entity: event.entity.to_owned(),
            entity_id: event.entity_id.clone(),
            society_id: event.society_id,
            source: ctx.source.clone(),
            request_id: ctx.request_id.clone(),
            detail: event.detail.to_string(),
            prev_hash,
            hash: String::new(),
        };
        record.hash = record.compute_hash();
        record
    }

    /// SHA-256 over every field but the hash itself, each length-prefixed so
    /// that no two different entries encode to the same bytes.
    pub fn compute_hash(&self) -> String {
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        };
        field(&self.seq.to_be_bytes());
        field(&self.at_micros.to_be_bytes());
        field(self.actor.as_bytes());
        field(self.action.as_bytes());
        field(self.entity.as_bytes());
        field(self.entity_id.as_bytes());
        field(optional(&self.society_id.map(|id| id.to_string())));
        field(optional(&self.source));
        field(optional(&self.request_id));
        field(self.detail.as_bytes());
        field(self.prev_hash.as_bytes());
        hex::encode(hasher.finalize())
    }

    pub fn at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_micros(self.at_micros)
    }
}

fn optional(value: &Option<String>) -> &[u8] {
    // A distinct marker so that `None` and `Some("")` hash differently.
    value.as_deref().map_or(b"\x00none", str::as_bytes)
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entry {seq}: its content does not match its hash (altered)")]
    Altered { seq: i64 },
    #[error(
        "audit entry {seq}: does not link to the entry before it (an entry was removed or altered)"
    )]
    Unlinked { seq: i64 },
    #[error("audit entry {expected} is missing (found {found} next)")]
    Missing { expected: i64, found: i64 },
    #[error(
        "the chain ends at entry {last} but its head records entry {head} (entries removed from the end)"
    )]
    Truncated { last: i64, head: i64 },
    #[error("the chain's last hash does not match its head at entry {seq}")]
    HeadMismatch { seq: i64 },
}

impl ChainBreak {
    /// The first entry at which the chain is broken.
    pub fn first_broken_seq(&self) -> i64 {
        match self {
            Self::Altered { seq } | Self::Unlinked { seq } | Self::HeadMismatch { seq } => *seq,
            Self::Missing { expected, .. } => *expected,
            Self::Truncated { last, .. } => last + 1,
        }
    }
}

/// Checks a chain entry by entry, so that it can be streamed from storage.
#[derive(Debug)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, record: &AuditRecord) -> Result<(), ChainBreak> {
        let expected = self.last_seq + 1;
        if record.seq != expected {
            return Err(ChainBreak::Missing {
                expected,
                found: record.seq,
            });
        }
        if record.compute_hash() != record.hash {
            return Err(ChainBreak::Altered { seq: record.seq });
        }
        if record.prev_hash != self.last_hash {
            return Err(ChainBreak::Unlinked { seq: record.seq });
        }
        self.last_seq = record.seq;
        self.last_hash.clone_from(&record.hash);
        Ok(())
    }

    /// Compares the end of the chain with the separately kept head.
    pub fn finish(self, head: Option<(i64, String)>) -> Result<i64, ChainBreak> {
        let (head_seq, head_hash) = head.unwrap_or((0, GENESIS_HASH.to_owned()));
        if self.last_seq < head_seq {
            return Err(ChainBreak::Truncated {
                last: self.last_seq,
                head: head_seq,
            });
        }
        if self.last_seq != head_seq || self.last_hash != head_hash {
            return Err(ChainBreak::HeadMismatch { seq: self.last_seq });
        }
        Ok(self.last_seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<AuditRecord> {
        let ctx = AuditContext::system("test", DateTime::UNIX_EPOCH);
        let mut out: Vec<AuditRecord> = Vec::new();
        for i in 0..n {
            let event = AuditEvent {
                action: "member.create",
                entity: "member",
                entity_id: i.to_string(),
                society_id: Some(1),
                detail: serde_json::json!({ "i": i }),
            };
            let prev = out.last().map(|r| (r.seq, r.hash.as_str()));
            let record = AuditRecord::next(prev, &ctx, &event);
            out.push(record);
        }
        out
    }

    fn verify(records: &[AuditRecord], head: Option<(i64, String)>) -> Result<i64, ChainBreak> {
        let mut verifier = ChainVerifier::default();
        for r in records {
            verifier.push(r)?;
        }
        verifier.finish(head)
    }

    fn head(records: &[AuditRecord]) -> Option<(i64, String)> {
        records.last().map(|r| (r.seq, r.hash.clone()))
    }

    #[test]
    fn an_intact_chain_verifies() {
        let records = chain(5);
        assert_eq!(verify(&records, head(&records)), Ok(5));
        assert_eq!(verify(&[], None), Ok(0));
    }

    #[test]
    fn an_altered_entry_is_named() {
        let mut records = chain(5);
        let head = head(&records);
        records[2].actor = "user:666".into();
        assert_eq!(
            verify(&records, head).map_err(|e| e.first_broken_seq()),
            Err(3)
        );
    }

    #[test]
    fn a_rehashed_entry_breaks_the_next_link() {
        let mut records = chain(5);
        let head = head(&records);
        records[1].detail = "{}".into();
        records[1].hash = records[1].compute_hash();
        assert_eq!(verify(&records, head), Err(ChainBreak::Unlinked { seq: 3 }));
    }

    #[test]
    fn removed_entries_are_found_in_the_middle_and_at_the_end() {
        let mut records = chain(5);
        let head = head(&records);
        records.remove(1);
        assert_eq!(
            verify(&records, head.clone()),
            Err(ChainBreak::Missing {
                expected: 2,
                found: 3
            })
        );
        let mut records = chain(5);
        records.pop();
        assert_eq!(
            verify(&records, head).map_err(|e| e.first_broken_seq()),
            Err(5)
        );
    }

    #[test]
    fn none_and_empty_hash_differently() {
        let mut records = chain(1);
        records[0].source = None;
        let with_none = records[0].compute_hash();
        records[0].source = Some(String::new());
        assert_ne!(with_none, records[0].compute_hash());
    }
}
