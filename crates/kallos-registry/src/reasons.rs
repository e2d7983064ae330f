//! Why a value was refused or dropped, as a message id with its arguments
//! and as English text. The web says it in the reader's language from the
//! id (`reason-*` in `kallos-web/locales/*/registry.ftl`); the command line,
//! the API and stored reports keep the English. Each constructor holds both
//! forms side by side, and a test in the web checks that the English
//! catalogue renders every example below to the same text.

use kallos_domain::registry::identifiers::{Identifier, identifier_in_text, mask_for_report};
use kallos_domain::registry::udi::UdiError;
use kallos_domain::statistics::Period;
use kallos_store::registry::IssueMessage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The Fluent message id.
    pub id: &'static str,
    /// The message's arguments, in order.
    pub args: Vec<(&'static str, String)>,
    pub english: String,
}

/// The English text, as the command line and the API say it.
impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.english)
    }
}

/// A code quoted from the file: in capitals, as codes are compared, or
/// masked (as submitted) when a detector finds an identifier in it.
fn submitted_code(raw: &str) -> String {
    if identifier_in_text(raw).is_some() {
        mask_for_report(raw)
    } else {
        raw.trim().to_ascii_uppercase()
    }
}

impl Reason {
    fn new(id: &'static str, english: impl Into<String>) -> Self {
        Self {
            id,
            args: Vec::new(),
            english: english.into(),
        }
    }

    /// The id and arguments, as a stored report keeps them.
    pub fn message(&self) -> IssueMessage {
        IssueMessage {
            id: self.id.to_owned(),
            args: self
                .args
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn identifier_column(what: Identifier) -> Self {
        Self::new(
            "reason-identifier-column",
            format!(
                "holds {}: direct identifiers are refused; the whole column is dropped",
                what.phrase()
            ),
        )
        .with("what", what.key())
    }

    pub fn unknown_column() -> Self {
        Self::new(
            "reason-unknown-column",
            "not a column of the data set; ignored",
        )
    }

    pub fn not_utf8() -> Self {
        Self::new("reason-not-utf8", "the row is not valid UTF-8")
    }

    pub fn required() -> Self {
        Self::new("reason-required", "is required")
    }

    pub fn identifier_refused(what: Identifier) -> Self {
        Self::new(
            "reason-identifier-refused",
            format!(
                "looks like {}: direct identifiers are refused",
                what.phrase()
            ),
        )
        .with("what", what.key())
    }

    pub fn identifier_dropped(what: Identifier) -> Self {
        Self::new(
            "reason-identifier-dropped",
            format!(
                "looks like {}: direct identifiers are refused; the value is dropped",
                what.phrase()
            ),
        )
        .with("what", what.key())
    }

    pub fn range(min: impl ToString, max: impl ToString) -> Self {
        let (min, max) = (min.to_string(), max.to_string());
        Self::new("reason-range", format!("must be between {min} and {max}"))
            .with("min", min)
            .with("max", max)
    }

    pub fn whole_number() -> Self {
        Self::new("reason-whole-number", "must be a whole number")
    }

    pub fn decimal_number() -> Self {
        Self::new("reason-decimal-number", "must be a number such as 24.5")
    }

    pub fn in_future(today: impl ToString) -> Self {
        let today = today.to_string();
        Self::new(
            "reason-in-future",
            format!("is in the future (today is {today})"),
        )
        .with("today", today)
    }

    pub fn dated_in_future(today: impl ToString) -> Self {
        let today = today.to_string();
        Self::new(
            "reason-dated-in-future",
            format!("is dated in the future (today is {today})"),
        )
        .with("today", today)
    }

    pub fn date_format() -> Self {
        Self::new("reason-date-format", "must be a date YYYY-MM-DD")
    }

    pub fn yes_no() -> Self {
        Self::new("reason-yes-no", "must be yes or no")
    }

    pub fn one_of(choices: &str) -> Self {
        Self::new("reason-one-of", format!("must be one of: {choices}")).with("choices", choices)
    }

    pub fn country_code() -> Self {
        Self::new(
            "reason-country-code",
            "must be an ISO 3166-1 alpha-2 country code, such as BR",
        )
    }

    pub fn case_id_format() -> Self {
        Self::new(
            "reason-case-id-format",
            "must be 1–64 letters, digits, '.', '_', '/' or '-'",
        )
    }

    /// A case (society and case id) already read from an earlier row of
    /// the same file.
    pub fn repeated_in_file(first_row: u64) -> Self {
        Self::new(
            "reason-repeated-in-file",
            format!("repeated in this file at row {first_row}"),
        )
        .with("row", first_row)
    }

    pub fn patient_key_format() -> Self {
        Self::new(
            "reason-patient-key-format",
            "must be 6–64 letters, digits, '-' or '_'",
        )
    }

    pub fn unknown_society() -> Self {
        Self::new("reason-unknown-society", "is not a society of the alliance")
    }

    pub fn restricted_to(society: &str) -> Self {
        Self::new(
            "reason-restricted-to",
            format!("this import is restricted to {society}"),
        )
        .with("society", society)
    }

    pub fn own_cases_only(member: i64) -> Self {
        Self::new(
            "reason-own-cases-only",
            format!("must be {member}: members submit only the cases they operated on"),
        )
        .with("member", member)
    }

    pub fn not_a_member(society: &str) -> Self {
        Self::new(
            "reason-not-a-member",
            format!("is not a member of {society}"),
        )
        .with("society", society)
    }

    pub fn before_year(year: i32) -> Self {
        Self::new("reason-before-year", format!("is before {year}")).with("year", year)
    }

    /// A new or changed case in a period its society has approved.
    pub fn locked(period: Period) -> Self {
        Self::new(
            "reason-locked",
            kallos_domain::statistics::locked_reason(period),
        )
        .with("period", period)
    }

    /// A row that would move a stored case out of an approved period.
    pub fn stored_case_locked(period: Period) -> Self {
        Self::new(
            "reason-stored-case-locked",
            format!(
                "the stored case is in an approved period: {}",
                kallos_domain::statistics::locked_reason(period)
            ),
        )
        .with("period", period)
    }

    pub fn before_procedure(date: impl ToString) -> Self {
        let date = date.to_string();
        Self::new(
            "reason-before-procedure",
            format!("is before the procedure ({date})"),
        )
        .with("date", date)
    }

    pub fn dated_before_procedure(date: impl ToString) -> Self {
        let date = date.to_string();
        Self::new(
            "reason-dated-before-procedure",
            format!("is dated before the procedure ({date})"),
        )
        .with("date", date)
    }

    pub fn before_first_follow_up(date: impl ToString) -> Self {
        let date = date.to_string();
        Self::new(
            "reason-before-first-follow-up",
            format!("is before the 30-day follow-up ({date})"),
        )
        .with("date", date)
    }

    pub fn implants_need_devices() -> Self {
        Self::new(
            "reason-implants-need-devices",
            "a breast augmentation with implants needs its device(s)",
        )
    }

    /// `code` as submitted: shown in capitals, or masked when a detector
    /// finds an identifier in it.
    pub fn unknown_procedure(code: &str) -> Self {
        let code = &submitted_code(code);
        Self::new(
            "reason-unknown-procedure",
            format!("'{code}' is not a procedure code"),
        )
        .with("code", code)
    }

    pub fn listed_twice(code: &str) -> Self {
        let code = &submitted_code(code);
        Self::new("reason-listed-twice", format!("'{code}' is listed twice")).with("code", code)
    }

    pub fn procedure_count(max: usize) -> Self {
        Self::new(
            "reason-procedure-count",
            format!("must list 1 to {max} procedure codes"),
        )
        .with("max", max)
    }

    pub fn required_for_device() -> Self {
        Self::new("reason-required-for-device", "is required for a device")
    }

    pub fn too_long(max: usize) -> Self {
        Self::new(
            "reason-too-long",
            format!("must be at most {max} characters"),
        )
        .with("max", max)
    }

    /// The text an error quotes from the file passes the mask.
    pub fn not_udi(error: &UdiError) -> Self {
        let masked = |text: &String| mask_for_report(text);
        let error = &match error {
            UdiError::UnexpectedText(t) => UdiError::UnexpectedText(masked(t)),
            UdiError::UnknownIdentifier(t) => UdiError::UnknownIdentifier(masked(t)),
            UdiError::TooShort(t) => UdiError::TooShort(masked(t)),
            UdiError::Empty(t) => UdiError::Empty(masked(t)),
            UdiError::CheckDigit(t) => UdiError::CheckDigit(masked(t)),
            UdiError::Date(t) => UdiError::Date(masked(t)),
            other => other.clone(),
        };
        let english = format!("is not a GS1 UDI: {error}");
        let reason = |id| Self::new(id, english.clone());
        match error {
            UdiError::UnclosedParenthesis => reason("reason-udi-unclosed"),
            UdiError::UnexpectedText(text) => reason("reason-udi-unexpected").with("text", text),
            UdiError::Truncated => reason("reason-udi-truncated"),
            UdiError::UnknownIdentifier(ai) => reason("reason-udi-unknown-ai").with("ai", ai),
            UdiError::TooShort(ai) => reason("reason-udi-too-short").with("ai", ai),
            UdiError::Empty(ai) => reason("reason-udi-empty").with("ai", ai),
            UdiError::NoDeviceIdentifier => reason("reason-udi-no-di"),
            UdiError::CheckDigit(di) => reason("reason-udi-check-digit").with("di", di),
            UdiError::Date(date) => reason("reason-udi-date").with("date", date),
        }
    }

    pub fn complication_format() -> Self {
        Self::new(
            "reason-complication-format",
            "each complication is CODE:GRADE:YYYY-MM-DD",
        )
    }

    pub fn unknown_complication(code: &str) -> Self {
        let code = &submitted_code(code);
        Self::new(
            "reason-unknown-complication",
            format!("'{code}' is not a complication code"),
        )
        .with("code", code)
    }

    pub fn grade() -> Self {
        Self::new(
            "reason-grade",
            "the grade must be a Clavien–Dindo grade: I, II, IIIa, IIIb, IVa, IVb or V",
        )
    }

    pub fn complication_date_format() -> Self {
        Self::new(
            "reason-complication-date-format",
            "the date must be YYYY-MM-DD",
        )
    }

    /// The header lacks required columns: nothing is imported.
    pub fn missing_columns(columns: &str) -> Self {
        Self::new(
            "reason-file-missing-columns",
            format!("the header lacks the required column(s) {columns}; nothing was imported"),
        )
        .with("columns", columns)
    }

    pub fn duplicate_column() -> Self {
        Self::new(
            "reason-file-duplicate-column",
            "the column appears twice in the header; nothing was imported",
        )
    }

    pub fn delimiter(delimiter: &str) -> Self {
        Self::new(
            "reason-file-delimiter",
            format!(
                "the columns are separated by '{delimiter}', not commas: save the file as CSV UTF-8 (comma-separated); nothing was imported"
            ),
        )
        .with("delimiter", delimiter)
    }

    pub fn utf16() -> Self {
        Self::new(
            "reason-file-utf16",
            "the file is UTF-16 text: save it as CSV UTF-8; nothing was imported",
        )
    }

    pub fn not_text() -> Self {
        Self::new(
            "reason-file-not-text",
            "the file is not text: save the cases as CSV UTF-8 or XLSX; nothing was imported",
        )
    }

    pub fn header_not_utf8() -> Self {
        Self::new(
            "reason-file-header-not-utf8",
            "the header is not UTF-8 text: save the file as CSV UTF-8; nothing was imported",
        )
    }

    /// The CSV reader's own words (in English) on a file it cannot read.
    pub fn malformed(detail: &str) -> Self {
        Self::new(
            "reason-file-malformed",
            format!("the file cannot be read as CSV ({detail}); nothing was imported"),
        )
        .with("detail", detail)
    }

    pub fn unreadable(detail: &str) -> Self {
        Self::new(
            "reason-file-unreadable",
            format!("the file could not be read ({detail}); nothing was imported"),
        )
        .with("detail", detail)
    }

    /// One of every reason (and of every kind of identifier and UDI error),
    /// for the tests that hold the catalogues to the English.
    pub fn examples() -> Vec<Self> {
        let mut all = vec![
            Self::unknown_column(),
            Self::not_utf8(),
            Self::required(),
            Self::range(1, 1440),
            Self::whole_number(),
            Self::decimal_number(),
            Self::in_future("2025-06-01"),
            Self::dated_in_future("2025-06-01"),
            Self::date_format(),
            Self::yes_no(),
            Self::one_of("F, M, X"),
            Self::country_code(),
            Self::case_id_format(),
            Self::repeated_in_file(2),
            Self::missing_columns("setting, procedure_country"),
            Self::duplicate_column(),
            Self::delimiter(";"),
            Self::utf16(),
            Self::not_text(),
            Self::header_not_utf8(),
            Self::malformed("invalid UTF-8"),
            Self::unreadable("permission denied"),
            Self::patient_key_format(),
            Self::unknown_society(),
            Self::restricted_to("SBCP"),
            Self::own_cases_only(42),
            Self::not_a_member("SBCP"),
            Self::before_year(2000),
            Self::locked(Period::year(2024)),
            Self::stored_case_locked(Period::year(2024)),
            Self::before_procedure("2024-05-02"),
            Self::dated_before_procedure("2024-05-02"),
            Self::before_first_follow_up("2024-06-01"),
            Self::implants_need_devices(),
            Self::unknown_procedure("BR-XYZ"),
            Self::listed_twice("BR-AUG"),
            Self::procedure_count(5),
            Self::required_for_device(),
            Self::too_long(100),
            Self::complication_format(),
            Self::unknown_complication("XX"),
            Self::grade(),
            Self::complication_date_format(),
        ];
        for what in Identifier::ALL {
            all.push(Self::identifier_column(what));
            all.push(Self::identifier_refused(what));
            all.push(Self::identifier_dropped(what));
        }
        for error in UdiError::examples() {
            all.push(Self::not_udi(&error));
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_an_example_under_its_own_id() {
        let examples = Reason::examples();
        let ids: std::collections::BTreeSet<&str> = examples.iter().map(|r| r.id).collect();
        // The source names each id once in a constructor; every one is exemplified.
        let source = include_str!("reasons.rs");
        let named: std::collections::BTreeSet<&str> = source
            .split('"')
            .filter(|s| s.starts_with("reason-") && !s.ends_with('-'))
            .collect();
        assert_eq!(ids, named);
        for reason in &examples {
            assert!(!reason.english.is_empty(), "{}", reason.id);
            for (name, value) in &reason.args {
                assert!(!value.is_empty(), "{}: {name}", reason.id);
            }
        }
    }
}
