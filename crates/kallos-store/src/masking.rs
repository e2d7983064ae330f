//! Masking what a store kept before every report value, column name and
//! file name passed the identifier mask at the door. Migration 0011 marks
//! the store; on opening, each backend reads the marked store's report
//! lines, submissions and submission audit entries, masks with these
//! functions what a detector finds an identifier in (nothing else
//! changes), re-hashes the audit chain from the first entry it changed,
//! moves the head, appends one `audit.mask_identifiers` entry saying what
//! was masked and which head it replaced, and clears the mark, all in one
//! transaction.

use kallos_domain::audit::{AuditEvent, AuditRecord};
use kallos_domain::registry::identifiers::{
    identifier_column, identifier_in_text, mask, mask_file_name, mask_for_report,
};
use serde_json::{Value, json};

use crate::registry::IssueMessage;

/// The name of the upgrade in `pending_upgrades`.
pub const MASK_IDENTIFIERS: &str = "mask-identifiers";

/// A stored report line's text columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueText {
    pub column: String,
    pub value: String,
    pub reason: String,
    pub message: Option<String>,
}

/// Reason arguments that quote the file: a code, a UDI's text.
const QUOTING: &[(&str, &str)] = &[
    ("reason-unknown-procedure", "code"),
    ("reason-listed-twice", "code"),
    ("reason-unknown-complication", "code"),
    ("reason-udi-unexpected", "text"),
    ("reason-udi-unknown-ai", "ai"),
    ("reason-udi-too-short", "ai"),
    ("reason-udi-empty", "ai"),
    ("reason-udi-check-digit", "di"),
    ("reason-udi-date", "date"),
];

/// The line with its identifiers masked, or `None` when there is none.
/// A quoted part of the reason (and the matching argument) is masked when
/// a detector finds an identifier in it, or when it repeats, in capitals or
/// not, part of a value that was masked ("'MARIE DUPONT' is not a procedure
/// code").
pub fn mask_issue(line: &IssueText) -> Option<IssueText> {
    let column = if identifier_column(&line.column).is_none()
        && identifier_in_text(&line.column).is_some()
    {
        mask_for_report(&line.column)
    } else {
        line.column.clone()
    };
    let value_masked = identifier_in_text(&line.value).is_some();
    let value = if value_masked {
        mask_for_report(&line.value)
    } else {
        line.value.clone()
    };
    let raw_upper = line.value.to_uppercase();
    let quotes_identifier = |quoted: &str| {
        quoted.chars().count() >= 3
            && (identifier_in_text(quoted).is_some()
                || (value_masked && raw_upper.contains(&quoted.to_uppercase())))
    };
    let mut reason = line.reason.clone();
    let mut masked_quotes = Vec::new();
    for quoted in reason.split('\'').skip(1).step_by(2) {
        if quotes_identifier(quoted) {
            masked_quotes.push(quoted.to_owned());
        }
    }
    for quoted in &masked_quotes {
        reason = reason.replace(&format!("'{quoted}'"), &format!("'{}'", mask(quoted)));
    }
    let mut message = line.message.clone();
    if let Some(mut parsed) = IssueMessage::from_json(line.message.as_deref()) {
        let mut changed = false;
        for (name, arg) in &mut parsed.args {
            let quotes = QUOTING
                .iter()
                .any(|(id, quoting)| *id == parsed.id && quoting == name);
            if quotes && quotes_identifier(arg) {
                if !masked_quotes.contains(arg) {
                    reason = reason.replace(arg.as_str(), &mask(arg));
                }
                *arg = mask(arg);
                changed = true;
            }
        }
        if changed {
            message = Some(parsed.to_json());
        }
    }
    let masked = IssueText {
        column,
        value,
        reason,
        message,
    };
    (masked != *line).then_some(masked)
}

/// A submission's file name masked, or `None` when no identifier is in it.
pub fn mask_stored_file_name(name: &str) -> Option<String> {
    identifier_in_text(name)
        .is_some()
        .then(|| mask_file_name(name))
}

/// An audit entry's detail with the submitted text in it masked (the file
/// name of `submission.*` and `cases.*` entries), or `None` when unchanged.
/// Other entries carry no text from a submitted file and are left alone.
pub fn mask_audit_detail(action: &str, detail: &str) -> Option<String> {
    if !(action.starts_with("submission.") || action.starts_with("cases.")) {
        return None;
    }
    let mut value: Value = serde_json::from_str(detail).ok()?;
    fn walk(key: Option<&str>, value: &mut Value) -> bool {
        match value {
            Value::String(s) if key != Some("sha256") => match mask_stored_file_name(s) {
                Some(masked) => {
                    *s = masked;
                    true
                }
                None => false,
            },
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |changed, item| walk(None, item) | changed),
            Value::Object(map) => map
                .iter_mut()
                .fold(false, |changed, (k, v)| walk(Some(k), v) | changed),
            _ => false,
        }
    }
    walk(None, &mut value).then(|| value.to_string())
}

/// Recomputes each entry's link and hash in order after `prev_hash`, the
/// hash of the entry before the first one.
pub fn rehash(entries: &mut [AuditRecord], prev_hash: &str) {
    let mut prev = prev_hash.to_owned();
    for entry in entries {
        entry.prev_hash = prev;
        entry.hash = entry.compute_hash();
        prev = entry.hash.clone();
    }
}

/// What the upgrade did, for its audit entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Masking {
    pub issues: u64,
    pub file_names: u64,
    /// Audit entries whose detail was masked.
    pub entries: Vec<i64>,
    /// The head before re-hashing: an anchor kept elsewhere for it is
    /// superseded by this entry.
    pub previous_head: Option<(i64, String)>,
}

impl Masking {
    pub fn is_empty(&self) -> bool {
        self.issues == 0 && self.file_names == 0 && self.entries.is_empty()
    }

    pub fn event(&self) -> AuditEvent {
        AuditEvent {
            action: "audit.mask_identifiers",
            entity: "audit",
            entity_id: String::new(),
            society_id: None,
            detail: json!({
                "report_lines": self.issues,
                "file_names": self.file_names,
                "entries": self.entries,
                "rehashed_from": self.entries.first(),
                "previous_head": self.previous_head.as_ref().map(|(seq, hash)| json!({ "seq": seq, "hash": hash })),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(column: &str, value: &str, reason: &str, message: Option<&str>) -> IssueText {
        IssueText {
            column: column.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
            message: message.map(str::to_owned),
        }
    }

    #[test]
    fn identifiers_in_report_lines_are_masked_and_nothing_else() {
        let name = line(
            "patient_key",
            "Marie Dupont",
            "looks like a name: direct identifiers are refused",
            None,
        );
        let masked = mask_issue(&name).expect("masked");
        assert!(!masked.value.contains("Marie"));
        assert_eq!(masked.reason, name.reason);
        let code = line(
            "procedures",
            "Marie Dupont",
            "'MARIE DUPONT' is not a procedure code",
            Some(r#"{"id":"reason-unknown-procedure","args":[["code","MARIE DUPONT"]]}"#),
        );
        let masked = mask_issue(&code).expect("masked");
        let all = format!("{masked:?}").to_uppercase();
        assert!(!all.contains("MARIE DUPONT"), "{all}");
        assert!(masked.reason.ends_with("is not a procedure code"));
        let header = line(
            "jane.roe@example.net",
            "",
            "not a column of the data set; ignored",
            None,
        );
        assert!(!mask_issue(&header).expect("masked").column.contains("jane"));
        let dob = line("case_id", "14/03/1985", "looks like a date", None);
        assert_eq!(mask_issue(&dob).expect("masked").value, "**/**/1985");
        // Not identifiers: kept as they are.
        for fine in [
            line("age", "400", "must be between 12 and 100", None),
            line(
                "Patient Name",
                "",
                "holds a name: direct identifiers are refused; the whole column is dropped",
                None,
            ),
            line(
                "procedures",
                "BE-LIPO;XX-1",
                "'XX-1' is not a procedure code",
                Some(r#"{"id":"reason-unknown-procedure","args":[["code","XX-1"]]}"#),
            ),
        ] {
            assert_eq!(mask_issue(&fine), None, "{fine:?}");
        }
    }

    #[test]
    fn file_names_in_submission_entries_are_masked() {
        let detail =
            r#"{"file":"Marie Dupont jane.doe@example.com.csv","sha256":"ab","source":"csv"}"#;
        let masked = mask_audit_detail("submission.start", detail).expect("masked");
        assert!(
            !masked.contains("Dupont") && !masked.contains("jane.doe"),
            "{masked}"
        );
        assert!(masked.contains(r#""sha256":"ab""#));
        assert_eq!(
            mask_audit_detail("submission.start", r#"{"file":"march.csv"}"#),
            None
        );
        assert_eq!(
            mask_audit_detail("member.update_profile", r#"{"given_name":"Maria Silva"}"#),
            None
        );
    }
}
