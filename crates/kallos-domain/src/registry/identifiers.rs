//! Detection of direct patient identifiers, which Kallos refuses at the door.
//! The list of what is detected is written into the data dictionary.

/// The kinds of direct identifier Kallos refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    Name,
    Email,
    Phone,
    Address,
    BirthDate,
    /// A date in a key or code field: possibly a birth date.
    PossibleBirthDate,
    NationalId,
    RecordNumber,
}

impl Identifier {
    pub const ALL: [Self; 8] = [
        Self::Name,
        Self::Email,
        Self::Phone,
        Self::Address,
        Self::BirthDate,
        Self::PossibleBirthDate,
        Self::NationalId,
        Self::RecordNumber,
    ];

    /// What it is, in English, with its article ("an email address").
    pub fn phrase(self) -> &'static str {
        match self {
            Self::Name => "a name",
            Self::Email => "an email address",
            Self::Phone => "a phone number",
            Self::Address => "a street address",
            Self::BirthDate => "an exact birth date",
            Self::PossibleBirthDate => "a date (possibly a birth date)",
            Self::NationalId => "a national id",
            Self::RecordNumber => "a medical record number",
        }
    }

    /// A stable key, for messages in other languages.
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Address => "address",
            Self::BirthDate => "birth-date",
            Self::PossibleBirthDate => "possible-birth-date",
            Self::NationalId => "national-id",
            Self::RecordNumber => "record-number",
        }
    }
}

/// Column names that announce a direct identifier. Matched case-insensitively
/// after removing spaces, dashes and underscores.
const IDENTIFIER_COLUMNS: &[(&str, Identifier)] = &[
    ("name", Identifier::Name),
    ("firstname", Identifier::Name),
    ("lastname", Identifier::Name),
    ("surname", Identifier::Name),
    ("givenname", Identifier::Name),
    ("familyname", Identifier::Name),
    ("patientname", Identifier::Name),
    ("fullname", Identifier::Name),
    ("email", Identifier::Email),
    ("emailaddress", Identifier::Email),
    ("phone", Identifier::Phone),
    ("telephone", Identifier::Phone),
    ("mobile", Identifier::Phone),
    ("cellphone", Identifier::Phone),
    ("address", Identifier::Address),
    ("street", Identifier::Address),
    ("postcode", Identifier::Address),
    ("zipcode", Identifier::Address),
    ("zip", Identifier::Address),
    ("dob", Identifier::BirthDate),
    ("birthdate", Identifier::BirthDate),
    ("dateofbirth", Identifier::BirthDate),
    ("ssn", Identifier::NationalId),
    ("nationalid", Identifier::NationalId),
    ("nhsnumber", Identifier::NationalId),
    ("cpf", Identifier::NationalId),
    ("passport", Identifier::NationalId),
    ("passportnumber", Identifier::NationalId),
    ("mrn", Identifier::RecordNumber),
    ("medicalrecordnumber", Identifier::RecordNumber),
];

/// What a column's name says it holds, if it is a direct identifier.
pub fn identifier_column(header: &str) -> Option<Identifier> {
    let key: String = header
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    IDENTIFIER_COLUMNS
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, what)| *what)
}

fn digits(value: &str) -> usize {
    value.bytes().filter(u8::is_ascii_digit).count()
}

fn looks_like_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.contains(' ') && !local.contains(' ')
    })
}

fn looks_like_phone(value: &str) -> bool {
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let n = digits(value);
    allowed
        && !looks_like_date(value)
        && (8..=15).contains(&n)
        && (value.starts_with('+') || value.contains(['(', ' ']) || value.matches('-').count() >= 2)
}

fn matches_shape(value: &str, shape: &str) -> bool {
    // `9` a digit, `A` an ASCII letter, anything else itself.
    value.len() == shape.len()
        && value.bytes().zip(shape.bytes()).all(|(v, s)| match s {
            b'9' => v.is_ascii_digit(),
            b'A' => v.is_ascii_alphabetic(),
            other => v == other,
        })
}

fn looks_like_national_id(value: &str) -> bool {
    let v = value.trim().to_ascii_uppercase();
    matches_shape(&v, "999-99-9999")          // US social security number
        || matches_shape(&v, "999.999.999-99") // Brazilian CPF
        || matches_shape(&v, "AA999999A")      // UK National Insurance number
        || matches_shape(&v, "999 999 9999") // UK NHS number
}

fn looks_like_street_address(value: &str) -> bool {
    const STREET_WORDS: &[&str] = &[
        "street",
        "st.",
        "avenue",
        "ave",
        "road",
        "rd.",
        "boulevard",
        "blvd",
        "lane",
        "rua",
        "avenida",
        "calle",
        "carrera",
        "via",
        "strasse",
        "straße",
        "rue",
        "cadde",
        "sokak",
    ];
    let lower = value.to_lowercase();
    digits(value) > 0
        && lower
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|word| STREET_WORDS.contains(&word))
}

fn looks_like_person_name(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '-' || c == '\'')
                && w.chars().count() >= 2
        })
}

fn looks_like_date(value: &str) -> bool {
    ["9999-99-99", "99/99/9999", "99.99.9999", "99-99-9999"]
        .iter()
        .any(|shape| matches_shape(value.trim(), shape))
}

/// What kind of direct identifier a value looks like, if any. `free_text`
/// also checks for person names, which are only suspicious where free text
/// is not expected (keys, ids, lots).
pub fn identifier_value(value: &str, free_text: bool) -> Option<Identifier> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if looks_like_email(value) {
        Some(Identifier::Email)
    } else if looks_like_national_id(value) {
        Some(Identifier::NationalId)
    } else if looks_like_phone(value) {
        Some(Identifier::Phone)
    } else if looks_like_street_address(value) {
        Some(Identifier::Address)
    } else if !free_text && looks_like_date(value) {
        Some(Identifier::PossibleBirthDate)
    } else if !free_text && looks_like_person_name(value) {
        Some(Identifier::Name)
    } else {
        None
    }
}

/// The detection rules, for the data dictionary.
pub fn rules() -> Vec<String> {
    let mut columns: Vec<&str> = IDENTIFIER_COLUMNS.iter().map(|(c, _)| *c).collect();
    columns.sort_unstable();
    vec![
        format!(
            "Columns whose name (ignoring case, spaces, dashes and underscores) is one of: {}. The whole column is refused.",
            columns.join(", ")
        ),
        "Email addresses: text@domain.tld in any field.".to_owned(),
        "Phone numbers: 8 to 15 digits with a leading +, brackets, spaces or two dashes.".to_owned(),
        "National ids: US social security numbers (999-99-9999), Brazilian CPF (999.999.999-99), UK National Insurance numbers (AA999999A), UK NHS numbers (999 999 9999).".to_owned(),
        "Street addresses: a number together with a street word (street, avenue, road, rua, calle, via, rue, strasse, …).".to_owned(),
        "In key and code fields (case id, patient key, device lot and serial): dates (possible birth dates) and capitalised personal names such as \"Maria Silva\".".to_owned(),
        "A refused value is never stored, not even in the validation report, which shows it masked.".to_owned(),
        "Everything the report, the submission and the audit trail keep from a file (values refused for any reason, column names, the file's name) is checked by every rule above, names and dates included, in the whole text and its parts; what any rule finds is shown masked (its first character and length; a date keeps only its year).".to_owned(),
    ]
}

/// A value as the validation report may show it when it looks like an identifier.
pub fn mask(value: &str) -> String {
    let count = value.chars().count();
    let first: String = value.chars().take(1).collect();
    format!(
        "{first}{} ({count} characters, masked)",
        "*".repeat(count.saturating_sub(1).min(8))
    )
}

/// The fixed shapes any part of a text is compared with: dates (possible
/// birth dates) and national ids.
const SHAPES: &[(&str, Identifier)] = &[
    ("9999-99-99", Identifier::PossibleBirthDate),
    ("99/99/9999", Identifier::PossibleBirthDate),
    ("99.99.9999", Identifier::PossibleBirthDate),
    ("99-99-9999", Identifier::PossibleBirthDate),
    ("999-99-9999", Identifier::NationalId),
    ("999.999.999-99", Identifier::NationalId),
    ("AA999999A", Identifier::NationalId),
    ("999 999 9999", Identifier::NationalId),
];

/// Characters that end a word of a text for the scan of its parts; `.`
/// and `-` stay inside words (emails, dates, hyphenated names) and are
/// looked at separately.
fn separates(c: char) -> bool {
    c.is_whitespace() || "_,;:|()[]{}<>\"'`/\\=+*&!?#%$~^".contains(c)
}

/// What kind of direct identifier any detector finds anywhere in `text`:
/// the whole of it with every check (names and dates included, whatever
/// the field), a date or national id inside it, an email inside it, a run
/// of two to four words that reads as a person's name, a run of words that
/// reads as a phone number, a street address. This is the check for text
/// Kallos keeps or shows from a submitted file: values in a report, column
/// names, file names. It errs on the side of masking.
pub fn identifier_in_text(text: &str) -> Option<Identifier> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(what) = identifier_value(text, false) {
        return Some(what);
    }
    let bytes = text.as_bytes();
    let word_char = |b: u8| b.is_ascii_alphanumeric();
    for (shape, what) in SHAPES {
        let len = shape.len();
        for start in 0..bytes.len().saturating_sub(len - 1) {
            let end = start + len;
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            if before.is_some_and(word_char) || after.is_some_and(word_char) {
                continue;
            }
            if matches_shape(&text[start..end].to_ascii_uppercase(), shape) {
                return Some(*what);
            }
        }
    }
    // Emails: the run of word characters around each `@`.
    for (at, _) in text.match_indices('@') {
        let start = text[..at].rfind(|c: char| separates(c)).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = text[at..]
            .find(|c: char| separates(c))
            .map_or(text.len(), |i| at + i);
        if looks_like_email(&text[start..end]) {
            return Some(Identifier::Email);
        }
    }
    // Names: runs of words, split also at dots (`Dupont.csv`).
    let words: Vec<&str> = text
        .split(|c: char| separates(c) || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    for size in 2..=4 {
        for run in words.windows(size) {
            if looks_like_person_name(&run.join(" ")) {
                return Some(Identifier::Name);
            }
        }
    }
    // Phones: runs of up to eight words of digits and phone punctuation.
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "_,;:|/".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    for size in 1..=8 {
        for run in parts.windows(size) {
            if looks_like_phone(&run.join(" ")) {
                return Some(Identifier::Phone);
            }
        }
    }
    let spaced: String = text
        .chars()
        .map(|c| if separates(c) { ' ' } else { c })
        .collect();
    if looks_like_street_address(&spaced) {
        return Some(Identifier::Address);
    }
    None
}

/// A submitted value as Kallos may keep or show it: as it is (cut to 80
/// characters) unless some detector finds an identifier in it, then
/// masked. A date keeps its year only (`1985-**-**`); anything else keeps
/// its first character and its length.
pub fn mask_for_report(value: &str) -> String {
    if identifier_in_text(value).is_none() {
        return value.chars().take(80).collect();
    }
    let trimmed = value.trim();
    for (shape, keep) in [
        ("9999-99-99", 0..4),
        ("99/99/9999", 6..10),
        ("99.99.9999", 6..10),
        ("99-99-9999", 6..10),
    ] {
        if matches_shape(trimmed, shape) {
            return trimmed
                .char_indices()
                .map(|(i, c)| {
                    if keep.contains(&i) || !c.is_ascii_digit() {
                        c
                    } else {
                        '*'
                    }
                })
                .collect();
        }
    }
    mask(trimmed)
}

/// A file's name as Kallos may keep it: masked like a report value when an
/// identifier is found in it, keeping a short extension (`.csv`) so that
/// the kind of file stays visible.
pub fn mask_file_name(name: &str) -> String {
    if identifier_in_text(name).is_none() {
        return name.chars().take(200).collect();
    }
    let extension = name.rsplit_once('.').map(|(_, ext)| ext).filter(|ext| {
        (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    match extension {
        Some(ext) => format!("{}.{ext}", mask(name)),
        None => mask(name),
    }
}

/// Text from a submitted file (a value, a column name, a file name) in the
/// only form Kallos keeps, logs, audits or shows it: passed through
/// [`mask_for_report`] (or [`mask_file_name`]). Report lines, submissions
/// and their audit entries hold this type, so no path can store such text
/// without passing through the mask. Masking is idempotent: masked text is
/// found clean and kept as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Masked(String);

impl Masked {
    /// A value or column name from a file.
    pub fn new(value: &str) -> Self {
        Self(mask_for_report(value))
    }

    /// A file's name.
    pub fn file_name(name: &str) -> Self {
        Self(mask_file_name(name))
    }

    /// A column name that [`identifier_column`] recognised: one of the
    /// known labels spelt the submitter's way ("Patient Name"), shown as it
    /// is. Anything else is masked like a value.
    pub fn identifier_column_name(name: &str) -> Self {
        if identifier_column(name).is_some() {
            Self(name.to_owned())
        } else {
            Self::new(name)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Masks, as [`Masked::new`].
impl From<&str> for Masked {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl std::ops::Deref for Masked {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Masked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Masked {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Masked {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl serde::Serialize for Masked {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_columns_are_recognised_in_any_spelling() {
        assert_eq!(identifier_column("Patient Name"), Some(Identifier::Name));
        assert_eq!(
            identifier_column("date_of_birth"),
            Some(Identifier::BirthDate)
        );
        assert_eq!(identifier_column("E-mail"), Some(Identifier::Email));
        assert_eq!(identifier_column("procedure_date"), None);
        assert_eq!(identifier_column("patient_key"), None);
    }

    #[test]
    fn identifier_values_are_recognised() {
        assert_eq!(
            identifier_value("maria.silva@gmail.com", false),
            Some(Identifier::Email)
        );
        assert_eq!(
            identifier_value("+55 81 99999-1234", false),
            Some(Identifier::Phone)
        );
        assert_eq!(
            identifier_value("(305) 555-0199", false),
            Some(Identifier::Phone)
        );
        assert_eq!(
            identifier_value("123-45-6789", false),
            Some(Identifier::NationalId)
        );
        assert_eq!(
            identifier_value("123.456.789-09", false),
            Some(Identifier::NationalId)
        );
        assert_eq!(
            identifier_value("QQ123456C", false),
            Some(Identifier::NationalId)
        );
        assert_eq!(
            identifier_value("12 Rua das Flores", true),
            Some(Identifier::Address)
        );
        assert_eq!(
            identifier_value("1984-03-12", false),
            Some(Identifier::PossibleBirthDate)
        );
        assert_eq!(
            identifier_value("Maria Silva", false),
            Some(Identifier::Name)
        );
        // Ordinary registry values are not flagged.
        for fine in [
            "P-000123",
            "a9f3c2e1d0",
            "LOT-2024-17",
            "SN00042",
            "100234567",
            "Motiva",
            "BE-LIPO;BE-ABDO",
            "2025-01-04",
        ] {
            let free_text = fine == "2025-01-04";
            assert_eq!(identifier_value(fine, free_text), None, "{fine}");
        }
        assert!(!mask("maria@x.org").contains("maria"));
    }

    /// Every detector, anywhere in a text: the report's mask does not skip
    /// names and dates (as free-text checking does), and finds identifiers
    /// inside file names and column names.
    #[test]
    fn every_detector_applies_to_text_kept_from_a_file() {
        for (text, what) in [
            ("Marie Dupont", Identifier::Name),
            ("1985-03-14", Identifier::PossibleBirthDate),
            ("14/03/1985", Identifier::PossibleBirthDate),
            ("Marie Dupont jane.doe@example.com.csv", Identifier::Email),
            ("cases of Marie Dupont.csv", Identifier::Name),
            ("export_Marie_Dupont.csv", Identifier::Name),
            ("scan 1985-03-14.csv", Identifier::PossibleBirthDate),
            ("jane.roe@example.net", Identifier::Email),
            ("call +33 6 12 34 56 78", Identifier::Phone),
            ("lives at 12 Rue de la Paix", Identifier::Address),
            ("ssn 123-45-6789", Identifier::NationalId),
            ("cpf=123.456.789-09", Identifier::NationalId),
            ("ni QQ123456C", Identifier::NationalId),
            ("nhs 943 476 5919", Identifier::NationalId),
            ("Marie Dupont:II:2024-01-01", Identifier::PossibleBirthDate),
        ] {
            assert_eq!(identifier_in_text(text), Some(what), "{text}");
            let masked = mask_for_report(text);
            assert!(!masked.contains(text), "{masked}");
            assert_eq!(identifier_in_text(&masked), None, "{masked}");
            assert_eq!(mask_for_report(&masked), masked, "idempotent");
            let file = mask_file_name(text);
            assert_eq!(identifier_in_text(&file), None, "{file}");
            assert_eq!(mask_file_name(&file), file, "idempotent");
        }
        assert_eq!(mask_for_report("1985-03-14"), "1985-**-**");
        assert_eq!(mask_for_report("14/03/1985"), "**/**/1985");
        assert_eq!(
            mask_file_name("Marie Dupont jane.doe@example.com.csv"),
            "M******** (37 characters, masked).csv"
        );
        // What is no identifier is kept as it is.
        for fine in [
            "march.csv",
            "cases-2025-q1.csv",
            "400",
            "BE-LIPO;XX-1",
            "patient_key",
            "procedure_date",
            "LOT-2024-17",
            "a9f3c2e1d0",
            "",
        ] {
            assert_eq!(identifier_in_text(fine), None, "{fine}");
            assert_eq!(mask_for_report(fine), fine);
        }
        assert_eq!(
            Masked::identifier_column_name("Patient Name"),
            "Patient Name"
        );
        assert_ne!(Masked::new("Lucie Bernard"), "Lucie Bernard");
    }
}
