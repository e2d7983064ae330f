//! Publications: the public report frozen as canonical JSON with its SHA-256,
//! and what a later version restated.

use crate::report::Report;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The canonical JSON of a report: fields in declaration order, rows and
/// columns in the report's order, no whitespace. The same report always
/// gives the same bytes.
pub fn canonical_json(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_default()
}

pub fn sha256_hex(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

/// A report back from a stored publication.
pub fn parse(body: &str) -> Result<Report, String> {
    serde_json::from_str(body).map_err(|e| format!("stored publication: {e}"))
}

/// A published number that a later version changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restatement {
    pub table: String,
    pub row: String,
    pub label: String,
    pub column: String,
    /// `None`: suppressed, or absent from that version.
    pub before: Option<i64>,
    pub after: Option<i64>,
}

/// Every cell whose published value differs between two versions, matched
/// by table id, row key and column name.
pub fn restatements(before: &Report, after: &Report) -> Vec<Restatement> {
    let mut out = Vec::new();
    for table in &after.tables {
        let old = before.table(&table.id);
        for row in &table.rows {
            let old_row = old.and_then(|t| t.row(&row.key));
            for (c, column) in table.columns.iter().enumerate() {
                let now = row.values.get(c).copied().flatten();
                let was = old.and_then(|t| {
                    let i = t.column(column)?;
                    old_row?.values.get(i).copied().flatten()
                });
                if now != was {
                    out.push(Restatement {
                        table: table.id.clone(),
                        row: row.key.clone(),
                        label: row.label.clone(),
                        column: column.clone(),
                        before: was,
                        after: now,
                    });
                }
            }
        }
    }
    // Rows the later version no longer has.
    for table in &before.tables {
        let new = after.table(&table.id);
        for row in &table.rows {
            if new.and_then(|t| t.row(&row.key)).is_some() {
                continue;
            }
            for (c, column) in table.columns.iter().enumerate() {
                let was = row.values.get(c).copied().flatten();
                if was.is_some() {
                    out.push(Restatement {
                        table: table.id.clone(),
                        row: row.key.clone(),
                        label: row.label.clone(),
                        column: column.clone(),
                        before: was,
                        after: None,
                    });
                }
            }
        }
    }
    out
}
