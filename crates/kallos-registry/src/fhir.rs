//! FHIR R4 for the registry. A case is a `Bundle` (type `collection`) of a
//! pseudonymous `Patient`, one `Procedure` per procedure code (with
//! `focalDevice`), a `Device` per implant (`udiCarrier`, `lotNumber`) and a
//! `Condition` per complication. Fields FHIR has no element for travel as
//! extensions on the first `Procedure`. Reading a Bundle back gives the data
//! set's columns, which then pass the same checks as a CSV row.

use crate::dataset::{FIELDS, csv_of};
use crate::rows::FileError;
use kallos_domain::registry::CaseRecord;
use kallos_domain::registry::codes::{complications, procedures};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, Write};

pub const CASE_SYSTEM: &str = "https://kallos.example/fhir/case-id";
pub const PATIENT_SYSTEM: &str = "https://kallos.example/fhir/patient-pseudonym";
pub const PROCEDURE_SYSTEM: &str = "https://kallos.example/fhir/CodeSystem/procedure";
pub const COMPLICATION_SYSTEM: &str = "https://kallos.example/fhir/CodeSystem/complication";
pub const GRADE_SYSTEM: &str = "https://kallos.example/fhir/CodeSystem/clavien-dindo";
pub const FIELD_EXTENSION: &str = "https://kallos.example/fhir/StructureDefinition/registry-";

/// Columns carried by native FHIR elements rather than extensions.
const NATIVE: &[&str] = &[
    "case_id",
    "society",
    "patient_key",
    "sex",
    "procedure_date",
    "procedures",
    "complications",
];

fn is_device_column(name: &str) -> bool {
    name.starts_with("device")
}

/// A stored case as a FHIR R4 Bundle.
pub fn case_bundle(record: &CaseRecord) -> Value {
    let fields = crate::follow_up::fields_of(record);
    let gender = match record.sex.as_str() {
        "F" => "female",
        "M" => "male",
        _ => "other",
    };
    let mut entries = vec![json!({
        "fullUrl": "urn:uuid:patient",
        "resource": {
            "resourceType": "Patient",
            "id": "patient",
            "identifier": [{ "system": PATIENT_SYSTEM, "value": record.patient_key }],
            "gender": gender,
        }
    })];
    let devices: Vec<Value> = record
        .devices
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut device = json!({
                "resourceType": "Device",
                "id": format!("device{}", i + 1),
                "manufacturer": d.manufacturer,
                "deviceName": [{ "name": d.model, "type": "model-name" }],
                "extension": [{ "url": format!("{FIELD_EXTENSION}device-side"), "valueCode": d.side.as_str() }],
            });
            if let Some(lot) = &d.lot {
                device["lotNumber"] = json!(lot);
            }
            if let Some(serial) = &d.serial {
                device["serialNumber"] = json!(serial);
            }
            if let Some(udi) = &d.udi {
                device["udiCarrier"] = json!([{ "deviceIdentifier": d.udi_di.clone().unwrap_or_default(), "carrierHRF": udi }]);
            }
            device
        })
        .collect();
    let extensions: Vec<Value> = FIELDS
        .iter()
        .filter(|f| !NATIVE.contains(&f.name) && !is_device_column(f.name))
        .filter_map(|f| {
            let value = fields.get(f.name).filter(|v| !v.is_empty())?;
            Some(json!({ "url": format!("{FIELD_EXTENSION}{}", f.name.replace('_', "-")), "valueString": value }))
        })
        .collect();
    for (i, code) in record.procedures.iter().enumerate() {
        let display = procedures()
            .iter()
            .find(|p| p.code == code)
            .map_or("", |p| p.name);
        let mut procedure = json!({
            "resourceType": "Procedure",
            "id": format!("procedure{}", i + 1),
            "identifier": [{ "system": CASE_SYSTEM, "value": format!("{}|{}", record.society, record.case_ref) }],
            "status": "completed",
            "code": { "coding": [{ "system": PROCEDURE_SYSTEM, "code": code, "display": display }] },
            "subject": { "reference": "Patient/patient" },
            "performedDateTime": record.procedure_date.to_string(),
        });
        if i == 0 {
            procedure["extension"] = json!(extensions);
            if !devices.is_empty() {
                procedure["focalDevice"] = json!(devices
                    .iter()
                    .map(|d| json!({ "manipulated": { "reference": format!("Device/{}", d["id"].as_str().unwrap_or_default()) } }))
                    .collect::<Vec<_>>());
            }
        }
        entries.push(
            json!({ "fullUrl": format!("urn:uuid:procedure{}", i + 1), "resource": procedure }),
        );
    }
    for device in devices {
        let id = device["id"].as_str().unwrap_or_default().to_owned();
        entries.push(json!({ "fullUrl": format!("urn:uuid:{id}"), "resource": device }));
    }
    for (i, c) in record.complications.iter().enumerate() {
        let display = complications()
            .iter()
            .find(|k| k.code == c.code)
            .map_or("", |k| k.name);
        entries.push(json!({
            "fullUrl": format!("urn:uuid:condition{}", i + 1),
            "resource": {
                "resourceType": "Condition",
                "id": format!("condition{}", i + 1),
                "code": { "coding": [{ "system": COMPLICATION_SYSTEM, "code": c.code, "display": display }] },
                "severity": { "coding": [{ "system": GRADE_SYSTEM, "code": c.grade.as_str() }] },
                "subject": { "reference": "Patient/patient" },
                "onsetDateTime": c.date.to_string(),
            }
        }));
    }
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entries })
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
        _ => None,
    }
}

/// The data set's columns from a case Bundle. Whatever the Bundle lacks stays
/// empty, so that the checks name the missing column.
pub fn fields_of_bundle(bundle: &Value) -> Result<HashMap<String, String>, String> {
    if bundle["resourceType"] != "Bundle" {
        return Err("expected a FHIR Bundle (resourceType \"Bundle\")".to_owned());
    }
    let mut fields: HashMap<String, String> = HashMap::new();
    let resources: Vec<&Value> = bundle["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| &e["resource"])
        .collect();
    let mut procedure_codes = Vec::new();
    let mut devices: HashMap<String, &Value> = HashMap::new();
    let mut device_order: Vec<String> = Vec::new();
    let mut complication_list = Vec::new();
    for r in &resources {
        match r["resourceType"].as_str() {
            Some("Patient") => {
                if let Some(key) = r["identifier"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|i| i["system"] == PATIENT_SYSTEM)
                {
                    fields.insert(
                        "patient_key".into(),
                        text(&key["value"]).unwrap_or_default(),
                    );
                }
                let sex = match r["gender"].as_str() {
                    Some("female") => "F",
                    Some("male") => "M",
                    Some(_) => "X",
                    None => "",
                };
                fields.insert("sex".into(), sex.into());
            }
            Some("Procedure") => {
                if let Some(code) = r["code"]["coding"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["system"] == PROCEDURE_SYSTEM)
                {
                    procedure_codes.push(text(&code["code"]).unwrap_or_default());
                }
                if let Some(id) = r["identifier"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|i| i["system"] == CASE_SYSTEM)
                {
                    let value = text(&id["value"]).unwrap_or_default();
                    let (society, case_ref) = value.split_once('|').unwrap_or(("", value.as_str()));
                    fields
                        .entry("society".into())
                        .or_insert_with(|| society.to_owned());
                    fields
                        .entry("case_id".into())
                        .or_insert_with(|| case_ref.to_owned());
                }
                if let Some(date) = text(&r["performedDateTime"]) {
                    fields
                        .entry("procedure_date".into())
                        .or_insert_with(|| date.get(..10).unwrap_or(&date).to_owned());
                }
                for extension in r["extension"].as_array().into_iter().flatten() {
                    if let Some(name) = extension["url"]
                        .as_str()
                        .and_then(|u| u.strip_prefix(FIELD_EXTENSION))
                    {
                        let column = name.replace('-', "_");
                        if let Some(value) = text(&extension["valueString"])
                            .or_else(|| text(&extension["valueCode"]))
                        {
                            fields.insert(column, value);
                        }
                    }
                }
                for focal in r["focalDevice"].as_array().into_iter().flatten() {
                    if let Some(reference) = focal["manipulated"]["reference"].as_str() {
                        device_order.push(reference.trim_start_matches("Device/").to_owned());
                    }
                }
            }
            Some("Device") => {
                let id = r["id"].as_str().unwrap_or_default().to_owned();
                if !device_order.contains(&id) {
                    device_order.push(id.clone());
                }
                devices.insert(id, r);
            }
            Some("Condition") | Some("AdverseEvent") => {
                let code = r["code"]["coding"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["system"] == COMPLICATION_SYSTEM)
                    .and_then(|c| text(&c["code"]));
                let grade = r["severity"]["coding"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["system"] == GRADE_SYSTEM)
                    .and_then(|c| text(&c["code"]));
                let date = text(&r["onsetDateTime"]).or_else(|| text(&r["date"]));
                complication_list.push(format!(
                    "{}:{}:{}",
                    code.unwrap_or_default(),
                    grade.unwrap_or_default(),
                    date.map(|d| d.get(..10).unwrap_or(&d).to_owned())
                        .unwrap_or_default()
                ));
            }
            _ => {}
        }
    }
    fields.insert("procedures".into(), procedure_codes.join(";"));
    fields.insert("complications".into(), complication_list.join(";"));
    let mut position = 0;
    for id in device_order.iter() {
        let Some(device) = devices.get(id) else {
            continue;
        };
        position += 1;
        let n = position;
        let mut put = |column: &str, value: Option<String>| {
            fields.insert(format!("device{n}_{column}"), value.unwrap_or_default());
        };
        put("manufacturer", text(&device["manufacturer"]));
        put(
            "model",
            device["deviceName"]
                .as_array()
                .and_then(|names| names.first())
                .and_then(|n| text(&n["name"])),
        );
        put("lot", text(&device["lotNumber"]));
        put("serial", text(&device["serialNumber"]));
        put(
            "udi",
            device["udiCarrier"]
                .as_array()
                .and_then(|c| c.first())
                .and_then(|c| text(&c["carrierHRF"]).or_else(|| text(&c["deviceIdentifier"]))),
        );
        put(
            "side",
            device["extension"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|e| {
                    e["url"]
                        .as_str()
                        .is_some_and(|u| u.ends_with("device-side"))
                })
                .and_then(|e| text(&e["valueCode"])),
        );
    }
    Ok(fields)
}

/// Whether a file holds FHIR JSON (a Bundle, or NDJSON of Bundles).
pub fn is_fhir(path: &std::path::Path) -> bool {
    let mut head = [0u8; 64];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head))
    else {
        return false;
    };
    head[..n].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Writes the Bundles of a FHIR file (one Bundle, or NDJSON: one per line) as
/// CSV: row n + 1 is the n-th Bundle. A Bundle that cannot be read becomes a
/// row whose case id says so, and is reported by the checks like any bad row.
pub fn to_csv(input: &std::path::Path, output: &std::path::Path) -> Result<u64, FileError> {
    let io = |e: std::io::Error| FileError::Io(e.to_string());
    // NDJSON (one Bundle a line) streams; a first line that is not JSON on its
    // own means one pretty-printed Bundle, read whole.
    let mut first_line = String::new();
    std::io::BufReader::new(std::fs::File::open(input).map_err(io)?)
        .read_line(&mut first_line)
        .map_err(io)?;
    let bundles: Box<dyn Iterator<Item = String>> =
        if serde_json::from_str::<Value>(&first_line).is_ok() {
            let file = std::fs::File::open(input).map_err(io)?;
            Box::new(
                std::io::BufReader::new(file)
                    .lines()
                    .map_while(Result::ok)
                    .filter(|l| !l.trim().is_empty()),
            )
        } else {
            Box::new(std::iter::once(std::fs::read_to_string(input).map_err(io)?))
        };
    let mut out = std::io::BufWriter::new(std::fs::File::create(output).map_err(io)?);
    let mut rows = 0;
    for (i, line) in bundles.enumerate() {
        let fields = serde_json::from_str::<Value>(&line)
            .map_err(|e| e.to_string())
            .and_then(|bundle| fields_of_bundle(&bundle))
            .unwrap_or_else(|problem| {
                let mut fields = HashMap::new();
                fields.insert(
                    "case_id".to_owned(),
                    format!("unreadable-bundle-{}: {problem}", i + 1),
                );
                fields
            });
        let csv = csv_of(&fields);
        let (header, row) = csv.split_once('\n').unwrap_or(("", ""));
        if i == 0 {
            writeln!(out, "{header}").map_err(io)?;
        }
        out.write_all(row.as_bytes()).map_err(io)?;
        rows += 1;
    }
    out.flush().map_err(io)?;
    Ok(rows)
}
