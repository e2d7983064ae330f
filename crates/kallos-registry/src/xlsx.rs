//! XLSX case files: the first sheet, in the same columns as the CSV, turned
//! into CSV so that it goes through exactly the same checks.

use crate::rows::FileError;
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// Whether a file is a ZIP container (XLSX), by its first bytes.
pub fn is_xlsx(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok_and(|()| magic == *b"PK\x03\x04")
}

/// A cell as the CSV reader expects it: dates as YYYY-MM-DD, whole numbers
/// without a decimal point, booleans as yes/no.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Data::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.to_string(), |t| t.date().to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Writes the first sheet of `xlsx` as CSV to `csv`; returns the rows written.
pub fn to_csv(xlsx: &Path, csv: &Path) -> Result<u64, FileError> {
    let mut workbook = open_workbook_auto(xlsx).map_err(|e| FileError::Malformed {
        row: 0,
        message: format!("not a readable XLSX workbook: {e}"),
    })?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| FileError::Malformed {
            row: 0,
            message: "the workbook has no sheet".to_owned(),
        })?
        .map_err(|e| FileError::Malformed {
            row: 0,
            message: format!("reading the first sheet: {e}"),
        })?;
    let mut writer = csv::Writer::from_path(csv).map_err(|e| FileError::Io(e.to_string()))?;
    let mut rows = 0;
    for row in range.rows() {
        writer
            .write_record(row.iter().map(text))
            .map_err(|e| FileError::Io(e.to_string()))?;
        rows += 1;
    }
    writer.flush().map_err(|e| FileError::Io(e.to_string()))?;
    Ok(rows)
}
