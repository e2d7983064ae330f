//! XLSX case files: the first sheet, in the same columns as the CSV, turned
//! into CSV so that it goes through exactly the same checks; and the XLSX
//! import template.

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

/// Rows of the template that offer each choice column's values as a list.
const TEMPLATE_ROWS: u32 = 100_000;

/// The import template as a workbook: the sheet `cases` with the header
/// (frozen) and the example row of the CSV template, every column kept as
/// text so that a spreadsheet leaves codes, GTINs and dates as typed, and
/// each choice column offering its values as a list; then the sheet
/// `dictionary`, which the import does not read.
pub fn template() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use crate::dataset::{FIELDS, Kind, kind_text, need_text};
    use rust_xlsxwriter::{DataValidation, Format, Workbook};
    let mut workbook = Workbook::new();
    let text = Format::new().set_num_format("@");
    let header = Format::new().set_bold().set_num_format("@");
    let cases = workbook.add_worksheet().set_name("cases")?;
    for (column, field) in (0u16..).zip(FIELDS) {
        let width = field.name.len().max(field.example.len()).clamp(8, 40) as f64 + 2.0;
        cases
            .set_column_format(column, &text)?
            .set_column_width(column, width)?;
        cases.write_string_with_format(0, column, field.name, &header)?;
        cases.write_string_with_format(1, column, field.example, &text)?;
        let choices = match field.kind {
            Kind::Choice(choices) => choices(),
            Kind::YesNo => "yes, no".to_owned(),
            _ => continue,
        };
        let list: Vec<&str> = choices.split(", ").collect();
        let validation = DataValidation::new()
            .allow_list_strings(&list)?
            .ignore_blank(true)
            .set_error_message(format!("{}: one of {choices}", field.name))?;
        cases.add_data_validation(1, column, TEMPLATE_ROWS, column, &validation)?;
    }
    cases.set_freeze_panes(1, 0)?;
    let dictionary = workbook.add_worksheet().set_name("dictionary")?;
    let bold = Format::new().set_bold();
    for (column, (title, width)) in (0u16..).zip([
        ("column", 24.0),
        ("type", 36.0),
        ("required", 16.0),
        ("meaning", 80.0),
        ("example", 30.0),
    ]) {
        dictionary
            .set_column_width(column, width)?
            .write_string_with_format(0, column, title, &bold)?;
    }
    for (row, field) in (1u32..).zip(FIELDS) {
        let cells = [
            field.name.to_owned(),
            kind_text(field.kind),
            need_text(field.need).to_owned(),
            field.description.to_owned(),
            field.example.to_owned(),
        ];
        for (column, cell) in (0u16..).zip(cells) {
            dictionary.write_string(row, column, cell)?;
        }
    }
    dictionary.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{FIELDS, template_csv};

    #[test]
    fn the_template_workbook_reads_back_as_the_csv_template() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let xlsx = dir.path().join("template.xlsx");
        let csv = dir.path().join("template.csv");
        std::fs::write(&xlsx, template().expect("workbook")).expect("write");
        assert!(is_xlsx(&xlsx));
        assert_eq!(to_csv(&xlsx, &csv).expect("read back"), 2);
        let records = |text: &str| -> Vec<csv::StringRecord> {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .collect::<Result<_, _>>()
                .expect("records")
        };
        let read_back = std::fs::read_to_string(&csv).expect("csv");
        assert_eq!(records(&read_back), records(&template_csv()));

        let mut workbook = open_workbook_auto(&xlsx).expect("open");
        assert_eq!(workbook.sheet_names(), ["cases", "dictionary"]);
        let dictionary = workbook
            .worksheet_range("dictionary")
            .expect("dictionary sheet");
        assert_eq!(dictionary.height(), FIELDS.len() + 1);
        assert_eq!(
            dictionary.get((1, 0)).map(text).as_deref(),
            Some(FIELDS[0].name)
        );
    }
}
