//! Follow-up entered on a stored case: the case goes through the same checks
//! again with its new outcome, and is stored as a new version in a
//! submission of its own. The stored patient pseudonym is kept as it is.

use crate::dataset::csv_of;
use crate::import::ImportError;
use crate::rows::{CaseReader, Context, Issue};
use chrono::NaiveDate;
use kallos_domain::audit::AuditContext;
use kallos_domain::registry::CaseRecord;
use kallos_domain::society::Society;
use kallos_store::Store;
use kallos_store::registry::{
    CaseToStore, ImportBatch, NewSubmission, Submission, SubmissionStatus,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The follow-up fields a clinician enters; empty means "not (yet) known".
pub const FOLLOW_UP_FIELDS: [&str; 6] = [
    "followup_30_date",
    "followup_90_date",
    "complications",
    "reoperation",
    "readmission",
    "death",
];

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// A stored record as the data set's columns, so it can be checked again.
pub fn fields_of(record: &CaseRecord) -> HashMap<String, String> {
    let mut f: HashMap<String, String> = HashMap::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_owned(), v);
    };
    put("case_id", record.case_ref.clone());
    put("society", record.society.clone());
    put(
        "member_id",
        record.member_id.map(|m| m.to_string()).unwrap_or_default(),
    );
    put(
        "facility_id",
        record
            .facility_id
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    put("setting", record.setting.as_str().to_owned());
    put("procedure_country", record.procedure_country.clone());
    put("residence_country", record.residence_country.clone());
    put("procedure_date", record.procedure_date.to_string());
    put("procedures", record.procedures.join(";"));
    put(
        "duration_min",
        record
            .duration_min
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    put("anaesthesia", record.anaesthesia.as_str().to_owned());
    put("patient_key", record.patient_key.clone());
    put("age", record.age.to_string());
    put("sex", record.sex.as_str().to_owned());
    put(
        "bmi",
        record
            .bmi_tenths
            .map(|b| format!("{}.{}", b / 10, b % 10))
            .unwrap_or_default(),
    );
    put("smoker", yes_no(record.smoker));
    put("diabetes", yes_no(record.diabetes));
    put("asa", record.asa.to_string());
    put(
        "caprini",
        record.caprini.map(|c| c.to_string()).unwrap_or_default(),
    );
    for (i, d) in record.devices.iter().enumerate() {
        let n = i + 1;
        put(&format!("device{n}_manufacturer"), d.manufacturer.clone());
        put(&format!("device{n}_model"), d.model.clone());
        put(&format!("device{n}_lot"), d.lot.clone().unwrap_or_default());
        put(
            &format!("device{n}_serial"),
            d.serial.clone().unwrap_or_default(),
        );
        put(&format!("device{n}_udi"), d.udi.clone().unwrap_or_default());
        put(&format!("device{n}_side"), d.side.as_str().to_owned());
    }
    put(
        "followup_30_date",
        record
            .followup_30
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    put(
        "followup_90_date",
        record
            .followup_90
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    put(
        "complications",
        record
            .complications
            .iter()
            .map(|c| format!("{}:{}:{}", c.code, c.grade.as_str(), c.date))
            .collect::<Vec<_>>()
            .join(";"),
    );
    put("reoperation", yes_no(record.reoperation));
    put("readmission", yes_no(record.readmission));
    put("death", yes_no(record.death));
    f
}

#[derive(Debug)]
pub enum FollowUpOutcome {
    Saved(Submission),
    /// The case with this follow-up does not pass the checks.
    Refused(Vec<Issue>),
}

/// Records follow-up for `case_ref` of `society` from `entered` (the fields
/// of [`FOLLOW_UP_FIELDS`]).
pub async fn record_follow_up(
    store: &dyn Store,
    audit: &AuditContext,
    society: &Society,
    case_ref: &str,
    entered: &HashMap<String, String>,
    today: NaiveDate,
) -> Result<Option<FollowUpOutcome>, ImportError> {
    let Some(stored) = store.case(society.id, case_ref).await? else {
        return Ok(None);
    };
    let mut fields = fields_of(&stored.record);
    for name in FOLLOW_UP_FIELDS {
        fields.insert(
            name.to_owned(),
            entered
                .get(name)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default(),
        );
    }
    let text = csv_of(&fields);
    let memberships = store
        .memberships()
        .await?
        .into_iter()
        .filter(|(s, _)| *s == society.id)
        .map(|(_, m)| (society.acronym.clone(), m.0))
        .collect();
    let context = Context {
        societies: [(
            society.acronym.to_ascii_uppercase(),
            society.acronym.clone(),
        )]
        .into_iter()
        .collect(),
        memberships,
        only_society: Some(society.acronym.clone()),
        only_member: None,
        today: Some(today),
        approved: [(
            society.acronym.clone(),
            store
                .approvals(Some(society.id))
                .await?
                .into_iter()
                .map(|a| a.period)
                .collect(),
        )]
        .into_iter()
        .collect(),
    };
    let mut reader = CaseReader::new(text.as_bytes(), context, today)?;
    let Some(row) = reader.next_row() else {
        return Ok(Some(FollowUpOutcome::Refused(Vec::new())));
    };
    let row = row?;
    let Ok(record) = row.case else {
        return Ok(Some(FollowUpOutcome::Refused(row.issues)));
    };
    let submission = store
        .start_submission(
            audit,
            &NewSubmission {
                file_name: kallos_domain::registry::identifiers::Masked::file_name(&format!(
                    "follow-up of {case_ref}"
                )),
                file_sha256: hex::encode(Sha256::digest(text.as_bytes())),
                source: "form".to_owned(),
                society: Some(society.id),
            },
        )
        .await?;
    // The record already carries the stored pseudonym: it is not hashed again.
    let batch = ImportBatch {
        cases: vec![CaseToStore::new(society.id, record)],
        issues: Vec::new(),
        rejected: 0,
        rows_read: 1,
        // The form's check read this society's approvals a moment ago.
        approvals_seen: None,
    };
    store.import_batch(audit, submission.id, &batch).await?;
    let finished = store
        .finish_submission(audit, submission.id, SubmissionStatus::Completed)
        .await?;
    Ok(Some(FollowUpOutcome::Saved(finished)))
}
