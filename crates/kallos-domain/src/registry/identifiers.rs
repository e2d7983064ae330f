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
}
